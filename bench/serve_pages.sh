#!/bin/sh
# serve_pages.sh - how long the web view's pages take on a database: starts
# `sitrep serve` on it (loopback, any free port), asks each page three
# times and prints the middle time (wall seconds, the whole answer read)
# and the answer's size. bench/store.sh runs it on its databases of 10,000
# and 100,000 articles.
#
#   bench/serve_pages.sh DB        ($BUILD, $SITREP)
set -eu
BUILD=${BUILD:-build}
SITREP=${SITREP:-$BUILD/sitrep}
. "$(dirname "$0")/../tests/shell/lib/serve.sh"
DB=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-pages-XXXXXX")
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
serve_start "$tmp/url" "$tmp/err" 300 --db "$DB" --port 0
python3 - "$url" "$DB" <<'PY'
import sqlite3, sys, time, urllib.request, statistics
base, db = sys.argv[1].rstrip("/"), sys.argv[2]
c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
one = c.execute("SELECT id FROM fused WHERE nreports = 2 LIMIT 1").fetchone()
big, nbig = c.execute("SELECT id, nreports FROM fused ORDER BY nreports DESC LIMIT 1").fetchone()
doc = c.execute("SELECT ext_id FROM documents ORDER BY id DESC LIMIT 1").fetchone()[0]
nfused = c.execute("SELECT count(*) FROM fused").fetchone()[0]
c.close()
pages = [("/incidents", "list, events"), ("/incidents?war=1", "list, war-wide too"),
         ("/incidents?place=Aleppo", "list, a place"), ("/incidents?conflicting=1&war=1", "list, conflicting"),
         ("/api/incidents?claims=0", "list as JSON, no claims"), ("/api/incidents", "list as JSON with claims")]
if one:
    pages.append(("/incidents/%d" % one[0], "an incident of 2 sources"))
pages += [("/incidents/%d" % big, "the incident of most sources (%d)" % nbig),
          ("/docs/" + urllib.request.quote(doc, safe=""), "an article"), ("/map", "map and timeline"),
          ("/map?war=1", "map, war-wide too")]
print("  %d fused incidents" % nfused)
for path, what in pages:
    times, size = [], 0
    for _ in range(3):
        t = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=120) as r:
            size = len(r.read())
        times.append(time.perf_counter() - t)
    print("  %-34s %7.3f s %10d bytes  %s" % (path[:34], statistics.median(times), size, what))
PY
