#!/bin/sh
# store.sh - the store's part of `make bench`: ingest throughput (articles/s
# into SQLite, extraction included) and fusion time, for 10,000 and 100,000
# articles: the FA-KES dev texts repeated, each copy with its own id and a
# line naming the copy (so that no copy is the same article as another).
# Cost must grow about linearly: the 100,000 figures are printed beside ten
# times the 10,000 ones.
#
#   bench/store.sh [N...]      (default: 10000 100000; $BUILD, $SITREP_SHARED)
set -eu
BUILD=${BUILD:-build}
SITREP=${SITREP:-$BUILD/sitrep}
SHARED=${SITREP_SHARED:-../shared}
DEV=$SHARED/data/fakes/dev.csv
[ -f "$DEV" ] || { echo "bench/store.sh: no $DEV, skipped"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
sizes=${*:-10000 100000}

now() { date +%s.%N; }
printf '%-9s %12s %12s %10s %12s %10s\n' articles "ingest s" "articles/s" "fuse s" "reports" "incidents"
for n in $sizes; do
    python3 - "$DEV" "$n" > "$dir/in.jsonl" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="replace")))
n = int(sys.argv[2])
for i in range(n):
    r = rows[i % len(rows)]
    copy = i // len(rows)
    print(json.dumps({"id": "%s-%d" % (r["unit_id"], copy), "source": r["source"],
                      "text": r["content"] + "\n(copy %d)" % copy}))
PY
    db=$dir/b.db
    rm -f "$db" "$db-wal" "$db-shm"
    t0=$(now)
    "$SITREP" ingest -q --no-progress --no-fuse --batch 1000 --db "$db" "$dir/in.jsonl"
    t1=$(now)
    "$SITREP" fuse -q --db "$db"
    t2=$(now)
    reps=$(sqlite3 "$db" "SELECT count(*) FROM incidents")
    inc=$(sqlite3 "$db" "SELECT count(*) FROM fused")
    awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v r="$reps" -v f="$inc" \
        'BEGIN { printf "%-9d %12.2f %12.0f %10.2f %12d %10d\n", n, b - a, n / (b - a), c - b, r, f }'
    rm -f "$db" "$db-wal" "$db-shm" "$dir/in.jsonl"
done
