#!/bin/sh
# run.sh - runs libFuzzer targets, FUZZ_SECONDS (default 60) each.
#
#   fuzz/run.sh build/fuzz/fuzz_csv ...     (make fuzz builds and runs them all)
#
# Each target keeps its corpus in build/fuzz/corpus-<name> (fuzz_csv:
# corpus-csv), seeded from the readers' golden inputs (tests/golden/read)
# and the fuzz/regress/<name> cases, and writes crashes to
# build/fuzz/crashes-<name>. A dictionary fuzz/<name>.dict is used when
# present. Prints each target's runs and result; exits 1 when a target
# crashed, leaked, ran out of time or memory.
set -u
cd "$(dirname "$0")/.." || exit 2
secs=${FUZZ_SECONDS:-60}
if [ $# -eq 0 ]; then
    set -- build/fuzz/fuzz_*
fi
failed=0
for bin in "$@"; do
    [ -x "$bin" ] || { echo "fuzz: no $bin (make fuzz builds it)"; failed=1; continue; }
    target=$(basename "$bin")
    name=${target#fuzz_}
    corpus=build/fuzz/corpus-$name
    crashes=build/fuzz/crashes-$name
    mkdir -p "$corpus" "$crashes"
    # Seeds: golden inputs of this format (text takes them all, since it
    # also sniffs), and the regression cases.
    case $name in
        text) seeds="tests/golden/read/in/* tests/golden/read/dir/*" ;;
        jsonl|jsonl_diff) seeds="tests/golden/read/in/*.jsonl tests/golden/read/in/*.dat" ;;
        csv|csv_diff) seeds="tests/golden/read/in/*.csv" ;;
        html) seeds="tests/golden/read/in/*.html tests/golden/read/in/*.stdin" ;;
        *) seeds="" ;;
    esac
    for f in $seeds fuzz/regress/"$name"/*; do
        [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"
    done
    dict=""
    [ -f "fuzz/${name%_diff}.dict" ] && dict="-dict=fuzz/${name%_diff}.dict"
    log=build/fuzz/$name.log
    echo "fuzz: $target for $secs s (corpus $corpus)"
    # shellcheck disable=SC2086
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$crashes/" $dict "$corpus" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    if [ $rc -eq 0 ]; then
        echo "fuzz: $target ok: ${runs:-?} runs, $cov, $(ls "$corpus" | wc -l) inputs in the corpus"
    else
        failed=1
        echo "fuzz: $target FAILED (exit $rc): see $log and $crashes"
        grep -E 'ERROR|SUMMARY|runtime error|contract' "$log" | head -n 5
    fi
done
exit $failed
