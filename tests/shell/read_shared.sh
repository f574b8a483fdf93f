#!/bin/sh
# read_shared.sh - the real data files read as they are: every row of
# ../shared/data/fakes/dev.csv (396) and wad/dev.csv (1,496) becomes a
# document, with no message and exit status 0; `sitrep extract` reads all
# of FA-KES dev too. Skipped (77) when ../shared is absent.
set -u
SITREP=${SITREP:-${BUILD:-build}/sitrep}
SHARED=${SITREP_SHARED:-../shared}
if [ ! -f "$SHARED/data/fakes/dev.csv" ] || [ ! -f "$SHARED/data/wad/dev.csv" ]; then
    echo "no $SHARED/data (the shared data beside the repo): skipped"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/read_shared.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

check() { # name command want_records
    name=$1 want=$3
    sh -c "$2" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    n=$(wc -l <"$tmp/out" | tr -d ' ')
    # No message but warnings about the set-up (a missing gazetteer index).
    if [ "$rc" -ne 0 ] || [ "$n" -ne "$want" ] || grep -qv 'warning:' "$tmp/err"; then
        failures=$((failures + 1))
        echo "FAIL  $name: exit status $rc, $n records (want 0 and $want)"
        head -n 5 "$tmp/err"
    else
        echo "ok    $name: $n records"
    fi
}

check "read fakes/dev.csv" "\"$SITREP\" read \"$SHARED/data/fakes/dev.csv\"" 396
check "read wad/dev.csv" "\"$SITREP\" read \"$SHARED/data/wad/dev.csv\"" 1496
check "read both, as a directory would" "\"$SITREP\" read \"$SHARED/data/fakes/dev.csv\" \"$SHARED/data/wad/dev.csv\"" 1892
check "extract fakes/dev.csv" "\"$SITREP\" extract --no-progress \"$SHARED/data/fakes/dev.csv\"" 396

# The CSV reader agrees with Python's csv module on every text and id.
if command -v python3 >/dev/null 2>&1; then
    "$SITREP" read "$SHARED/data/fakes/dev.csv" "$SHARED/data/wad/dev.csv" >"$tmp/docs.jsonl"
    if python3 - "$SHARED" "$tmp/docs.jsonl" <<'PY'
import csv, json, sys
shared, docs = sys.argv[1], [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
rows = []
for f, text, ident in (('fakes/dev.csv', 'content', 'unit_id'), ('wad/dev.csv', 'description', 'event_id')):
    for r in csv.DictReader(open(shared + '/data/' + f, encoding='utf-8', newline='')):
        rows.append((r[text], r[ident], r.get('title'), r['date'] or None))
bad = [i for i, (r, d) in enumerate(zip(rows, docs))
       if (r[0], r[1], r[3]) != (d['text'], d['id'], d['published']) or (r[2] is not None and r[2] != d['title'])]
print('%d rows, %d documents, %d differ' % (len(rows), len(docs), len(bad)))
sys.exit(1 if bad or len(rows) != len(docs) else 0)
PY
    then echo "ok    texts, ids, titles and dates as Python's csv reads them"
    else failures=$((failures + 1)); echo "FAIL  the CSV reader disagrees with Python's csv module"
    fi
fi
[ "$failures" -eq 0 ]
