#!/bin/sh
# serve_http.sh - sitrep serve over real sockets: security headers, paths
# outside the app (.., encoded, absolute), bodies over the limit (413, also
# chunked), slow clients (dropped after --timeout), malformed requests and
# bad query values (4xx), hostile article text shown as text, and a clean
# stop on SIGINT. The server must answer normally after each abuse.
set -eu
SITREP=${SITREP:-build/sitrep}
. "$(dirname "$0")/lib/serve.sh"
serve_tmp

cat > "$tmp/a.txt" <<'EOF'
Airstrikes kill 14 civilians in Douma

At least 14 civilians were killed on Monday in airstrikes on Douma, the Syrian
Observatory for Human Rights said. <script>alert('x')</script>
EOF
"$SITREP" ingest --db "$tmp/db" --published 2018-02-20 "$tmp/a.txt" >/dev/null 2>&1

serve_start "$tmp/out" "$tmp/err" 100 --db "$tmp/db" --port 0 --timeout 2
echo "server at $url"
case "$url" in http://127.0.0.1:*) ;; *) echo "not bound to 127.0.0.1 by default: $url"; exit 1 ;; esac

python3 - "$url" <<'PY'
import http.client, socket, sys, time, json, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
HOST, PORT = url.hostname, url.port
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)
    else:
        print("ok  ", what)

def raw(data, timeout=5.0):
    """Sends raw bytes, returns (status, headers+body bytes)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    s.sendall(data)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out:
                head, _, body = out.partition(b"\r\n\r\n")
                cl = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if cl and len(body) >= int(cl[0].split(b":")[1]):
                    break
    except socket.timeout:
        pass
    s.close()
    status = int(out.split(b" ", 2)[1]) if out.startswith(b"HTTP/") else 0
    return status, out

def get(path, method="GET", body=None, headers=None):
    c = http.client.HTTPConnection(HOST, PORT, timeout=10)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

def healthy(after):
    st, _, body = get("/healthz")
    check(st == 200 and body == b"ok\n", "still answers after " + after)

# security headers on every kind of answer
for path in ["/incidents", "/assets/app.css", "/api/incidents", "/nothing"]:
    st, h, _ = get(path)
    csp = h.get("content-security-policy", "")
    check("script-src 'self'" in csp and "default-src 'none'" in csp and "'unsafe-inline'" not in csp,
          "CSP forbids inline script on %s (%d)" % (path, st))
    check(h.get("x-content-type-options") == "nosniff", "nosniff on " + path)
    check(h.get("x-frame-options") == "DENY", "no framing on " + path)

# nothing outside the app's own assets
for p in ["/../../etc/passwd", "/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
          "/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
          "//etc/passwd", "/assets//etc/passwd", "/assets/..%5c..%5cetc%5cpasswd", "/assets/%00app.css",
          "/assets/app.css%00.txt", "/assets/../src/serve.c", "/assets/..", "/docs/..%2f..%2fetc%2fpasswd",
          "/assets/%252e%252e/etc/passwd", "/assets/Makefile", "/assets/app.css/..", "/./assets/app.css",
          "/assets/%2fetc%2fpasswd", "/api/docs/%2e%2e"]:
    st, out = raw(b"GET " + p.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(400 <= st < 500 and b"root:" not in out and b"#include" not in out, "refused %s (%d)" % (p, st))
st, out = raw(b"GET http://127.0.0.1/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check(st in (400, 404) and b"root:" not in out, "absolute-form URL refused (%d)" % st)
st, _, body = get("/assets/app.css")
check(st == 200 and b"sitrep web view" in body, "the app's own stylesheet is served")
healthy("path probes")

# request bodies over the limit
st, _ = raw(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 3145728\r\n\r\n")
check(st == 413, "3 MiB body refused with 413 before it is sent (%d)" % st)
s = socket.create_connection((HOST, PORT), timeout=10)
s.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 3145728\r\n\r\n")
answer = b""
try:
    for _ in range(48):
        s.sendall(b"x" * 65536)
except (BrokenPipeError, ConnectionResetError):
    pass
try:
    answer = s.recv(100)
except (ConnectionResetError, socket.timeout):
    pass
s.close()
check(answer == b"" or answer.startswith(b"HTTP/1.1 413"), "3 MiB body sent anyway: 413 or cut (%r)" % answer[:20])
def chunks():
    for _ in range(48):
        yield b"y" * 65536
c = http.client.HTTPConnection(HOST, PORT, timeout=10)
try:
    c.request("POST", "/api/extract", body=chunks(), headers={"Content-Type": "text/plain"}, encode_chunked=True)
    r = c.getresponse(); r.read()
    check(r.status == 413, "3 MiB chunked body refused with 413 (%d)" % r.status)
except (BrokenPipeError, ConnectionResetError):
    check(True, "3 MiB chunked body cut off")
c.close()
st, out = raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300000 + b"\r\n\r\n")
check(st in (0, 413, 431) or 400 <= st < 500, "300 KB header refused (%d)" % st)
healthy("big bodies")

# malformed requests and bad values
for req in [b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            b"GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n"]:
    st, _ = raw(req)
    check(st == 0 or (400 <= st < 600 and st != 500), "malformed %r answered %d" % (req[:30], st))
for q in ["/incidents?from=2016-02-30", "/incidents?from=%zz", "/incidents?cause=%3Cscript%3E",
          "/incidents?conflicting=2", "/incidents?limit=-1", "/api/incidents?to=tomorrow",
          "/incidents/abc", "/api/incidents/99999999999999999999", "/map?place=%01", "/map?actor=%C3%28",
          "/incidents?from=2017-01-01&to=2016-01-01"]:
    st, _, body = get(q)
    check(st == 400 and b"<script" not in body.replace(b'<script src="/assets/app.js"', b""), "bad query %s -> %d" % (q, st))
st, _, _ = get("/paste", "PUT", b"x")
check(st == 405, "PUT is not allowed (%d)" % st)
st, _, _ = get("/api/extract", "POST", b'{"text": 5}', {"Content-Type": "application/json"})
check(st == 400, "JSON without text refused (%d)" % st)
st, _, _ = get("/api/extract", "POST", b"hello", {"Content-Type": "multipart/form-data; boundary=x"})
check(st == 415, "multipart refused (%d)" % st)
st, _, _ = get("/api/extract?published=16/12/2016", "POST", b"hello", {"Content-Type": "text/plain"})
check(st == 400, "bad published date refused (%d)" % st)
st, _, _ = get("/api/extract", "POST", b"   ", {"Content-Type": "text/plain"})
check(st == 400, "empty text refused (%d)" % st)
healthy("malformed requests")

# slow clients: one that never finishes its request is dropped after the
# timeout, and others are answered meanwhile
slow = socket.create_connection((HOST, PORT), timeout=10)
slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
st, _, body = get("/healthz")
check(st == 200 and time.time() - t0 < 1.0, "answers others while a client is slow")
try:
    got = slow.recv(100)
except (socket.timeout, ConnectionResetError):
    got = b""
waited = time.time() - t0
check(1.0 < waited < 8.0, "the slow client was dropped after %.1f s" % waited)
slow.close()
# a client that trickles its body slower than the timeout
trickle = socket.create_connection((HOST, PORT), timeout=10)
trickle.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nab")
time.sleep(3.5)
try:
    trickle.sendall(b"cd")
    left = trickle.recv(100)
except (BrokenPipeError, ConnectionResetError, socket.timeout):
    left = b""
check(not left.startswith(b"HTTP/1.1 200"), "a body slower than the timeout is dropped")
trickle.close()
healthy("slow clients")

# hostile article text is shown as text
hostile = ("Breaking <script>alert('x')</script> <img src=x onerror=alert(1)> "
           "<a href=\"javascript:alert(2)\">more</a> <b onmouseover=\"alert(3)\">b</b>\n"
           "At least 5 civilians were killed in Idlib on Monday.\n")
form = urllib.parse.urlencode({"text": hostile, "published": "2017-04-04"})
st, h, body = get("/paste", "POST", form, {"Content-Type": "application/x-www-form-urlencoded"})
html = body.decode()
check(st == 200, "pasted article extracted (%d)" % st)
check(html.count("<script") == 1 and '<script src="/assets/app.js" defer></script>' in html, "only the app's script")
for bad in ["<img src=x", "<a href=\"javascript:", "<b onmouseover"]:
    check(bad not in html, "no live markup: " + bad)
check("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html, "the script tag is shown as text")
check("&lt;a href=&quot;javascript:alert(2)&quot;&gt;" in html, "the javascript: link is shown as text")
st, _, body = get("/api/extract?published=2017-04-04", "POST", hostile.encode(), {"Content-Type": "text/plain"})
j = json.loads(body)
check(st == 200 and j["record"]["doc"]["text"] == hostile and j["stored"] is None, "API extract keeps the text, stores nothing")
check(b"<script>" not in body, "API JSON escapes < and >")
st, _, body = get("/api/extract", "POST", json.dumps({"text": hostile, "store": True}).encode(), {"Content-Type": "application/json"})
check(st == 403, "storing refused without --allow-ingest (%d)" % st)
# the stored article's page escapes it too
st, _, body = get("/api/incidents")
ids = [c["doc_id"] for fi in json.loads(body)["incidents"] for c in fi["claims"]]
if ids:
    st, _, body = get("/docs/" + urllib.parse.quote(ids[0], safe=""))
    check(st == 200 and b"&lt;script&gt;alert(&#39;x&#39;)" in body and b"<script>alert" not in body, "stored article escaped")
healthy("hostile text")

print("%d checks failed" % len(failures))
sys.exit(1 if failures else 0)
PY

# a clean stop on Ctrl-C
kill -INT "$pid"
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -gt 50 ] && { echo "the server did not stop on SIGINT"; exit 1; }
    sleep 0.1
done
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" -eq 0 ] || { echo "the server exited $rc on SIGINT"; exit 1; }
echo "stopped cleanly on SIGINT"
