#!/bin/sh
# run.sh - the web view in a real headless Chromium (Debian's chromium,
# driven by playwright-core from npm). Ingests ../shared/seeds into a fresh
# database (with --published from seeds/expected.json where it is given),
# twelve reports of one incident, and an example article whose stored rows
# are then changed (the article page must show what was stored),
# starts `sitrep serve` on a free port, opens every page, checks the DOM
# against the records and the JSON API, and saves screenshots under
# $BUILD/browser/shots. Ends with "N passed, N failed".
# Exit 77 (skip) when ../shared or Chromium is absent.
set -eu
BUILD=${BUILD:-build}
SITREP=${SITREP:-$BUILD/sitrep}
SHARED=${SITREP_SHARED:-../shared}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -d "$SHARED/seeds" ]; then
    echo "browser tests: skipped: $SHARED/seeds is absent (the tests read the seed articles in place)"
    exit 77
fi
if [ ! -x "$CHROMIUM" ]; then
    echo "browser tests: skipped: no Chromium at $CHROMIUM (scripts/setup.sh scripts/debian-packages-browser.txt installs it)"
    exit 77
fi
command -v node >/dev/null || { echo "browser tests: skipped: node is not installed"; exit 77; }

# playwright-core, into the build directory (never committed)
PW_VERSION=1.64.1
mods="$BUILD/browser/node_modules"
if ! grep -q "\"version\": \"$PW_VERSION\"" "$mods/playwright-core/package.json" 2>/dev/null; then
    mkdir -p "$BUILD/browser"
    npm install --prefix "$BUILD/browser" --no-audit --no-fund --silent "playwright-core@$PW_VERSION" >&2
fi

tmp=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

db=$tmp/seeds.db
for f in "$SHARED"/seeds/*.txt; do
    b=$(basename "$f")
    pub=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1])).get(sys.argv[2]) or {}; print(e.get("published") or "")' \
        "$SHARED/seeds/expected.json" "$b")
    if [ -n "$pub" ]; then
        "$SITREP" ingest --db "$db" --published "$pub" "$f" >/dev/null 2>&1
        "$SITREP" extract --rules --published "$pub" "$f" > "$tmp/$b.json"
    else
        "$SITREP" ingest --db "$db" "$f" >/dev/null 2>&1
        "$SITREP" extract --rules "$f" > "$tmp/$b.json"
    fi
done

# one incident told by twelve outlets, each with its own figure (the print
# layout of the claims must keep every one)
python3 - > "$tmp/many.jsonl" <<'PY'
import json
outlets = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]
for i, o in enumerate(outlets):
    n = 10 + i
    t = (f"Airstrikes hit Douma ({o} report {i + 1})\n\nAt least {n} civilians were killed in airstrikes on Douma "
         f"in Eastern Ghouta on Monday, the Syrian Observatory for Human Rights told {o.title()} News. Rescue "
         "workers searched the rubble for survivors.")
    print(json.dumps({"id": f"many-{i + 1:02d}", "source": f"{o.title()} News", "title": f"Airstrikes kill {n} in Douma",
                      "published": "2018-02-20", "text": t}))
PY
"$SITREP" ingest --db "$db" "$tmp/many.jsonl" >/dev/null 2>&1

# an article whose stored rows then change, as if the extractor had changed
# after ingest: the article page must show the rows, not a new extraction.
# stored-check.rec is what the extractor finds now.
python3 -c 'import json,sys; print(json.dumps({"id": "stored-check", "published": "2017-04-05", "text": open(sys.argv[1]).read()}))' \
    "$here/../../examples/khan-shaykhun-2017.txt" > "$tmp/stored.jsonl"
"$SITREP" ingest --db "$db" "$tmp/stored.jsonl" >/dev/null 2>&1
"$SITREP" extract --rules "$tmp/stored.jsonl" > "$tmp/stored-check.rec"
python3 - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
doc = db.execute("SELECT document_id FROM document_ids WHERE ext_id = 'stored-check'").fetchone()[0]
# the last count of the document: another rule and another figure
span, count = db.execute("SELECT s.id, c.id FROM counts c JOIN spans s ON s.id = c.span_id"
                         " WHERE s.document_id = ? ORDER BY c.id DESC LIMIT 1", (doc,)).fetchone()
db.execute("UPDATE spans SET rule = 'rule.stored-in-db' WHERE id = ?", (span,))
db.execute("UPDATE counts SET min = 4242, max = 4242 WHERE id = ?", (count,))
# and no cause words any more
db.execute("DELETE FROM spans WHERE document_id = ? AND kind = 'cause'", (doc,))
db.commit()
PY

"$SITREP" serve --db "$db" --port 0 > "$tmp/url" 2> "$tmp/serve.err" &
pid=$!
i=0
while ! grep -q http "$tmp/url" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "browser tests: the server did not start:"; cat "$tmp/serve.err"; exit 1
    fi
    sleep 0.1
done
url=$(sed -n 's/^sitrep serve: \(http[^ ]*\).*/\1/p' "$tmp/url")

shots="$BUILD/browser/shots"
mkdir -p "$shots"
NODE_PATH="$(cd "$mods" && pwd)" SITREP_URL="$url" SITREP_RECORDS="$tmp" SHOTS="$shots" CHROMIUM="$CHROMIUM" \
    node "$here/pages.test.js"
