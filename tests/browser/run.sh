#!/bin/sh
# run.sh - the web view in a real headless Chromium (Debian's chromium,
# driven by playwright-core from npm). Ingests ../shared/seeds into a fresh
# database (with --published from seeds/expected.json where it is given),
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
