#!/bin/sh
# run.sh - runs every test and ends with one summary line for CI:
#   N passed, N failed, N skipped
# Unit tests: $BUILD/tests/test_* (cmocka; one result per program here, the
# cases are listed in its own output). Shell tests: tests/shell/*.sh (exit 0
# pass, 77 skip, anything else fail). Golden tests: tests/golden.sh.
set -u
BUILD=${BUILD:-build}
export BUILD
export SITREP=${SITREP:-$BUILD/sitrep}
export SITREP_TEST_CASES=${SITREP_TEST_CASES:-tests/cases}
export SITREP_SHARED=${SITREP_SHARED:-../shared}
# the gazetteer index the build made (tests that need it skip without it)
[ -n "${SITREP_GAZETTEER:-}" ] || [ ! -r "$BUILD/gazetteer.idx" ] || export SITREP_GAZETTEER="$BUILD/gazetteer.idx"
pass=0 fail=0 skip=0
failed=""
log=$BUILD/test-logs
mkdir -p "$log"

run_one() { # name command...
    name=$1; shift
    "$@" >"$log/$name.log" 2>&1
    rc=$?
    case $rc in
        0) pass=$((pass + 1)); printf 'ok    %s\n' "$name" ;;
        77) skip=$((skip + 1)); printf 'skip  %s (%s)\n' "$name" "$(tail -n 1 "$log/$name.log")" ;;
        *) fail=$((fail + 1)); failed="$failed $name"; printf 'FAIL  %s (exit %d, log %s)\n' "$name" "$rc" "$log/$name.log"
           tail -n 20 "$log/$name.log" | sed 's/^/      /' ;;
    esac
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "$(basename "$t")" "$t"
done
for t in tests/shell/*.sh; do
    [ -f "$t" ] || continue
    run_one "$(basename "$t" .sh)" sh "$t"
done
if [ -x tests/golden.sh ]; then
    run_one golden tests/golden.sh
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
