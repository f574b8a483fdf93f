#!/bin/sh
# read_extract.sh - `sitrep extract` reads every format as `sitrep read`
# does: for the examples (text, JSON Lines, CSV, HTML) and the readers'
# good golden inputs, one record per document, in the same order and with
# the same ids and published dates where the input gives them.
set -u
SITREP=${SITREP:-${BUILD:-build}/sitrep}
case $SITREP in /*) ;; *) SITREP=$(pwd)/$SITREP ;; esac
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/read_extract.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
in=tests/golden/read/in
for inputs in "examples" "$in/scraped.txt $in/articles.jsonl $in/quoted.csv $in/article.html $in/latin1.txt" \
    "--format html $in/density.html" "--format jsonl $in/sniff.dat"; do
    # shellcheck disable=SC2086
    "$SITREP" read $inputs >"$tmp/read" 2>/dev/null
    # shellcheck disable=SC2086
    "$SITREP" extract --no-progress $inputs >"$tmp/extract" 2>"$tmp/err"
    rc=$?
    want_rc=0
    grep -qv 'warning:' "$tmp/err" && want_rc=1 # the bad lines of articles.jsonl
    python3 - "$tmp/read" "$tmp/extract" <<'PY' >"$tmp/diff"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
recs = [json.loads(l)['doc'] for l in open(sys.argv[2], encoding='utf-8')]
if len(docs) != len(recs):
    print('%d documents read, %d records' % (len(docs), len(recs))); sys.exit(1)
for d, r in zip(docs, recs):
    if d['id'] is not None and d['id'] != r.get('id'):
        print('id %r became %r' % (d['id'], r.get('id'))); sys.exit(1)
    if d['published'] is not None and d['published'] != r.get('published'):
        print('published %r became %r' % (d['published'], r.get('published'))); sys.exit(1)
print('%d records' % len(recs))
PY
    if [ $? -eq 0 ] && [ "$rc" -eq "$want_rc" ]; then
        echo "ok    extract $inputs: $(cat "$tmp/diff")"
    else
        failures=$((failures + 1))
        echo "FAIL  extract $inputs: exit status $rc (want $want_rc); $(cat "$tmp/diff")"
        head -n 3 "$tmp/err"
    fi
done
[ "$failures" -eq 0 ]
