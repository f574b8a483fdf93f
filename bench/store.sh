#!/bin/sh
# store.sh - the store's part of `make bench`: ingest throughput (articles/s
# into SQLite, extraction included) and fusion time, for 10,000 and 100,000
# articles: the FA-KES dev texts repeated, each copy with its own id and a
# line naming the copy (so that no copy is the same article as another).
#
# Times are CPU seconds (user + system, bench/runstat.c), since the machine
# may be shared; wall seconds are shown beside them. Cost must grow about
# linearly: each size's CPU times are divided by the first size's and set
# beside the ratio of the sizes (10x from 10,000 to 100,000). Then the web
# view's page times on each database (bench/serve_pages.sh).
#
#   bench/store.sh [N...]      (default: 10000 100000; $BUILD, $SITREP_SHARED,
#                               $SITREP_BENCH_BATCH: --batch of the ingest, 1000)
set -eu
HERE=$(dirname "$0")
BUILD=${BUILD:-build}
SITREP=${SITREP:-$BUILD/sitrep}
SHARED=${SITREP_SHARED:-../shared}
BATCH=${SITREP_BENCH_BATCH:-1000}
DEV=$SHARED/data/fakes/dev.csv
[ -f "$DEV" ] || { echo "bench/store.sh: no $DEV, skipped"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
sizes=${*:-10000 100000}
cc -O2 -o "$dir/runstat" "$HERE/runstat.c"

# run COMMAND...: sets wall and cpu (seconds)
run() {
    "$dir/runstat" "$dir/stat" "$@"
    read -r wall cpu _rss rc <"$dir/stat"
    [ "$rc" -eq 0 ] || { echo "bench/store.sh: $* exited $rc"; exit 1; }
}

printf '%-9s %10s %8s %11s %10s %8s %9s %9s %12s\n' articles "ingest CPU" wall "articles/s" "fuse CPU" wall reports incidents \
    "x first size"
first=""
pages=""
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
    run "$SITREP" ingest -q --no-progress --no-fuse --batch "$BATCH" --db "$db" "$dir/in.jsonl"
    icpu=$cpu iwall=$wall
    run "$SITREP" fuse -q --db "$db"
    fcpu=$cpu fwall=$wall
    reps=$(sqlite3 "$db" "SELECT count(*) FROM incidents")
    inc=$(sqlite3 "$db" "SELECT count(*) FROM fused")
    [ -n "$first" ] || first="$n $icpu $fcpu"
    # shellcheck disable=SC2086
    awk -v n="$n" -v ic="$icpu" -v iw="$iwall" -v fc="$fcpu" -v fw="$fwall" -v r="$reps" -v f="$inc" \
        -v first="$first" 'BEGIN {
            split(first, a, " ")
            ratio = n == a[1] ? "" : sprintf("size %gx: ingest %.1fx, fuse %.1fx", n / a[1], ic / a[2], fc / a[3])
            printf "%-9d %10.2f %8.2f %11.0f %10.2f %8.2f %9d %9d   %s\n", n, ic, iw, n / ic, fc, fw, r, f, ratio
        }'
    pages="$pages
$n articles:
$(SITREP=$SITREP "$HERE/serve_pages.sh" "$db")"
    rm -f "$db" "$db-wal" "$db-shm" "$dir/in.jsonl"
done
echo "(articles/s: per CPU second, extraction included; ratios of CPU times against the first size)"
echo
echo "web view pages (bench/serve_pages.sh: the middle of three, wall seconds):$pages"
