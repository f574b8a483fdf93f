#!/bin/sh
# run.sh - `make bench`: speed and memory figures, as tables.
#
#  1. extraction (this script): `sitrep extract` over the FA-KES dev texts
#     repeated to 10, 20 and 40 MB, on one core (taskset -c 0): MB/s, CPU
#     time and peak memory at each size (memory must stay flat as the input
#     grows); `wc -w` on the same file in the same run as the reference
#     ratio; the peer tools of ../shared/bench/peers.js (chrono-node, winkNLP)
#     on the same articles, as words/s ratios; and a per-stage profile
#     (bench/stages.sh, callgrind). Targets: >= 50 MB/s, < 64 MB peak.
#  2. store (bench/store.sh, the store's own script): ingest throughput and
#     fusion time.
#
# Environment: BUILD (default build), SITREP_SHARED (default ../shared),
# SITREP_BENCH_PEERS=0 to skip the peers (they need npm install from the npm
# registry the first time), SITREP_BENCH_PROFILE=0 to skip the profile,
# SITREP_BENCH_STORE=0 to skip the store's part.
# MB here is 2^20 bytes, as peers.js counts.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SITREP=${SITREP:-$BUILD/sitrep}
SHARED=${SITREP_SHARED:-../shared}
DEV=$SHARED/data/fakes/dev.csv
B=$BUILD/bench
mkdir -p "$B"

# ---------------------------------------------------------------------------
# 1. extraction
# ---------------------------------------------------------------------------

extraction() {
    if [ ! -f "$DEV" ]; then
        echo "extraction: no $DEV (the shared material is absent): skipped"
        return 0
    fi
    for tool in python3 cc; do
        command -v $tool >/dev/null 2>&1 || { echo "extraction: no $tool: skipped"; return 0; }
    done
    [ -x "$SITREP" ] || { echo "extraction: no $SITREP: build it first (make)"; return 1; }
    python3 bench/corpus.py "$DEV" "$B" 1 10 20 40 || { echo "extraction: building the corpus failed"; return 1; }
    cc -O2 -o "$B/runstat" bench/runstat.c || return 1
    pin=""
    if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
        pin="taskset -c 0"
    fi

    # run NAME COMMAND...: sets wall cpu rss (KiB) rc
    run() {
        $pin "$B/runstat" "$B/stat" "$@" >/dev/null 2>"$B/stderr"
        read -r wall cpu rss rc <"$B/stat"
        if [ "$rc" -ne 0 ]; then
            echo "  ($* exited $rc: $(tail -n 1 "$B/stderr"))"
        fi
    }
    mib() { python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 1048576))" "$1"; }
    calc() { python3 -c "print($1)"; }

    echo "extraction: sitrep extract --format jsonl, FA-KES dev texts repeated (${pin:-no taskset: any core})"
    echo "  MB/s is of CPU time (user + system: the one-core figure whatever else runs); wall beside it"
    printf '  %-16s %6s %8s %8s %8s %8s %10s\n' input MB "CPU s" "MB/s" "wall s" "MB/s" "peak RSS"
    run "$SITREP" extract --format jsonl --no-progress "$B/corpus-10.jsonl" # warm-up: page cache
    for n in 10 20 40; do
        f=$B/corpus-$n.jsonl
        best=""
        tries=1
        [ $n -eq 40 ] && tries=3
        i=0
        while [ $i -lt $tries ]; do
            run "$SITREP" extract --format jsonl --no-progress "$f"
            if [ -z "$best" ] || [ "$(calc "int($cpu < $best)")" -eq 1 ]; then
                best=$cpu bestwall=$wall
            fi
            i=$((i + 1))
            eval "rss_$n=$rss"
        done
        size=$(mib "$f")
        eval "cpu_$n=$best wall_$n=$bestwall"
        printf '  %-16s %6s %8.3f %8.1f %8.3f %8.1f %7.1f MB%s\n' "corpus-$n.jsonl" "$size" "$best" \
            "$(calc "$size / $best")" "$bestwall" "$(calc "$size / $bestwall")" "$(calc "$rss / 1024")" \
            "$([ $tries -gt 1 ] && echo "  (best of $tries)")"
    done
    size40=$(mib "$B/corpus-40.jsonl")
    # eval'd above
    # shellcheck disable=SC2154
    mbs=$(calc "$size40 / $cpu_40")

    run env LC_ALL=C wc -w "$B/corpus-40.jsonl"
    wc_mbs=$(calc "$size40 / max($cpu, 0.001)")
    printf '  %-16s %6s %8.3f %8.1f %8.3f %8.1f %7.1f MB\n' "wc -w (LC_ALL=C)" "$size40" "$cpu" "$wc_mbs" "$wall" \
        "$(calc "$size40 / $wall")" "$(calc "$rss / 1024")"
    echo
    # shellcheck disable=SC2154
    python3 - "$mbs" "$wc_mbs" "$rss_10" "$rss_20" "$rss_40" "$cpu_40" "$wall_40" <<'PY'
import sys
mbs, wc, r10, r20, r40, cpu, wall = map(float, sys.argv[1:])
def verdict(ok):
    return 'met' if ok else 'NOT MET'
print('  speed      %6.1f MB/s on one core                      target >= 50 MB/s: %s' % (mbs, verdict(mbs >= 50)))
print('  wc ratio   %6.3f  (sitrep MB/s / wc -w MB/s, same file, same run)' % (mbs / wc))
print('  peak RSS   %6.1f / %.1f / %.1f MB at 10 / 20 / 40 MB    target < 64 MB: %s' % (
    r10 / 1024, r20 / 1024, r40 / 1024, verdict(max(r10, r20, r40) < 64 * 1024)))
flat = r40 <= r10 * 1.25 + 2048
print('  memory     %s: 4x the input, %+.1f MB peak' % ('flat' if flat else 'GROWS with the input', (r40 - r10) / 1024))
if wall > 1.3 * cpu:
    print('  (the machine was busy: wall time %.1fx the CPU time; the CPU figures hold)' % (wall / cpu))
PY

    peers
    profile
}

# The peer tools of ../shared/bench/peers.js on the same articles (one a
# line), beside sitrep's words/s on them.
peers() {
    [ "${SITREP_BENCH_PEERS:-1}" = 0 ] && return 0
    echo
    if ! command -v node >/dev/null 2>&1 || [ ! -f "$SHARED/bench/peers.js" ]; then
        echo "peers: no node or no $SHARED/bench/peers.js: skipped"
        return 0
    fi
    if [ ! -d "$B/peers/node_modules/wink-eng-lite-web-model" ]; then
        echo "peers: npm install --prefix $B/peers chrono-node wink-nlp wink-eng-lite-web-model"
        if ! npm install --prefix "$B/peers" chrono-node wink-nlp wink-eng-lite-web-model >"$B/npm.log" 2>&1; then
            echo "peers: npm install failed (see $B/npm.log): skipped"
            return 0
        fi
    fi
    txt=$B/corpus-10.txt
    words=$(LC_ALL=C wc -w <"$txt")
    NODE_PATH=$B/peers/node_modules $pin node "$SHARED/bench/peers.js" "$txt" >"$B/peers.out" 2>&1
    # shellcheck disable=SC2154
    python3 - "$B/peers.out" "$words" "$wall_10" "$cpu_10" <<'PY'
import re, sys
out, words, sitrep_wall, sitrep_cpu = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
wps_wall, wps_cpu = words / sitrep_wall, words / sitrep_cpu
print('peers on corpus-10.txt (the same %d words, one article a line; timed by peers.js, wall clock)' % words)
print('  %-42s %10s %16s' % ('tool', 'words/s', 'sitrep (wall) /'))
print('  %-42s %10.0f %16s' % ('sitrep extract, wall clock (every stage)', wps_wall, '1.00'))
print('  %-42s %10.0f' % ('sitrep extract, CPU time', wps_cpu))
for line in open(out):
    m = re.match(r'(.+?)\t([\d.]+) MB/s\t(\d+) words/s', line)
    if m:
        print('  %-42s %10d %16.2f' % (m.group(1), int(m.group(3)), wps_wall / int(m.group(3))))
    elif line.strip():
        print('  ' + line.strip())
PY
}

# Where the time goes, stage by stage (callgrind on 1 MB), scaled to the
# CPU time measured on 40 MB.
profile() {
    [ "${SITREP_BENCH_PROFILE:-1}" = 0 ] && return 0
    echo
    # shellcheck disable=SC2154
    BUILD=$BUILD SITREP=$SITREP sh bench/stages.sh "$B/corpus-1.jsonl" "$(calc "$cpu_40 / $size40")"
}

extraction || status=1

# ---------------------------------------------------------------------------
# 2. store: ingest throughput and fusion time (issue 4; the store's own
#    script, bench/store.sh, which prints its own table)
# ---------------------------------------------------------------------------

if [ "${SITREP_BENCH_STORE:-1}" != 0 ] && [ -x bench/store.sh ]; then
    echo
    echo "store: ingest throughput and fusion time (bench/store.sh)"
    BUILD=$BUILD bench/store.sh || status=1
fi
exit ${status:-0}
