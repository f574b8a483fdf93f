#!/bin/sh
# serve_load.sh - 200 concurrent clients on loopback for SITREP_LOAD_SECONDS
# (default 30) against sitrep serve: every answer must be complete and
# correct (pages, assets, JSON, extraction of a posted text), with no
# connection errors. Prints requests/s and latency percentiles.
set -eu
SITREP=${SITREP:-build/sitrep}
. "$(dirname "$0")/lib/serve.sh"
SECONDS_=${SITREP_LOAD_SECONDS:-30}
CLIENTS=${SITREP_LOAD_CLIENTS:-200}
serve_tmp

cat > "$tmp/a.txt" <<'X'
Airstrikes kill 14 civilians in Douma

At least 14 civilians were killed on Monday in airstrikes on Douma, the Syrian
Observatory for Human Rights said.
X
cat > "$tmp/b.txt" <<'X'
Shelling in Aleppo

Shelling killed 9 people, including 3 children, in eastern Aleppo on Tuesday,
rescue workers said.
X
"$SITREP" ingest --db "$tmp/db" --published 2018-02-20 "$tmp/a.txt" "$tmp/b.txt" >/dev/null 2>&1

serve_start "$tmp/out" "$tmp/err" 100 --db "$tmp/db" --port 0

python3 - "$url" "$SECONDS_" "$CLIENTS" <<'PY'
import http.client, json, sys, threading, time, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
HOST, PORT = url.hostname, url.port
DURATION, CLIENTS = float(sys.argv[2]), int(sys.argv[3])

def fetch(c, method, path, body=None, headers=None):
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    return r.status, r.read()

# what the answers must be, taken once before the load
c = http.client.HTTPConnection(HOST, PORT, timeout=30)
_, css = fetch(c, "GET", "/assets/app.css")
_, inc = fetch(c, "GET", "/api/incidents")
total = json.loads(inc)["total"]["incidents"]
docs = sorted({cl["doc_id"] for fi in json.loads(inc)["incidents"] for cl in fi["claims"]})
_, page = fetch(c, "GET", "/incidents")
c.close()
marker = ('id="total-incidents">%d<' % total).encode()
text = "At least %d civilians were killed in Idlib on Monday, the Syrian Observatory said.\n"

def ok_doc(status, body):
    return status == 200 and body.endswith(b"</html>\n") and b'id="text"' in body

checks = [
    ("GET", "/healthz", None, lambda s, b: s == 200 and b == b"ok\n"),
    ("GET", "/assets/app.css", None, lambda s, b: s == 200 and b == css),
    ("GET", "/incidents", None, lambda s, b: s == 200 and marker in b and b.endswith(b"</html>\n")),
    ("GET", "/api/incidents", None, lambda s, b: s == 200 and json.loads(b)["total"]["incidents"] == total),
    ("GET", "/map", None, lambda s, b: s == 200 and b"<svg class=\"map\"" in b and b.endswith(b"</html>\n")),
    ("GET", "/nothing", None, lambda s, b: s == 404),
]
for d in docs:
    checks.append(("GET", "/docs/" + urllib.parse.quote(d, safe=""), None, ok_doc))

lock = threading.Lock()
stats = {"n": 0, "bad": 0, "err": 0, "lat": [], "first_bad": None}
stop_at = time.time() + DURATION

def client(k):
    c = http.client.HTTPConnection(HOST, PORT, timeout=30)
    i = k
    n = bad = err = 0
    lat = []
    first_bad = None
    while time.time() < stop_at:
        i += 1
        t0 = time.perf_counter()
        try:
            if i % 7 == 0:
                # extraction of a posted text: the answer is that text's record
                body = (text % (i % 1000)).encode()
                s, b = fetch(c, "POST", "/api/extract", body, {"Content-Type": "text/plain"})
                good = s == 200 and json.loads(b)["record"]["doc"]["text"] == body.decode()
            else:
                m, p, body, ok = checks[i % len(checks)]
                s, b = fetch(c, m, p)
                good = ok(s, b)
        except Exception as e:  # a refused or broken connection is a failure
            err += 1
            first_bad = first_bad or repr(e)
            c.close()
            c = http.client.HTTPConnection(HOST, PORT, timeout=30)
            continue
        lat.append(time.perf_counter() - t0)
        n += 1
        if not good:
            bad += 1
            first_bad = first_bad or "%s -> %d" % (p if i % 7 else "/api/extract", s)
    c.close()
    with lock:
        stats["n"] += n; stats["bad"] += bad; stats["err"] += err
        stats["lat"] += lat
        stats["first_bad"] = stats["first_bad"] or first_bad

threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
t0 = time.time()
for t in threads: t.start()
for t in threads: t.join()
el = time.time() - t0
lat = sorted(stats["lat"])
pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0
print("%d clients, %.1f s: %d answers (%.0f/s), %d wrong, %d connection errors; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms"
      % (CLIENTS, el, stats["n"], stats["n"] / el, stats["bad"], stats["err"], pct(0.5), pct(0.99), pct(1.0)))
if stats["first_bad"]:
    print("first failure:", stats["first_bad"])
sys.exit(0 if stats["n"] > 0 and stats["bad"] == 0 and stats["err"] == 0 else 1)
PY
kill -0 "$pid" || { echo "the server died under load"; exit 1; }
