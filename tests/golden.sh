#!/bin/sh
# golden.sh - runs the golden cases: expected output kept in files.
#
#   tests/golden.sh [AREA | AREA/CASE]...     (default: every case)
#   GOLDEN_UPDATE=1 tests/golden.sh ...       rewrite the expected files
#
# A case is tests/golden/<area>/<case>.args: one line, the arguments after
# the sitrep command, as a shell would read them (quotes work; so does a
# redirection such as "< @DIR@/page.html"). In it, @DIR@ stands for the
# case's directory and @SHARED@ for $SITREP_SHARED (default ../shared).
# The case passes when standard output equals <case>.out and, when those
# files exist, the exit status equals <case>.rc and standard error equals
# <case>.err. The directories are written back as @DIR@ and @SHARED@ in
# what is compared, so the files hold no machine's paths. Cases that
# mention @SHARED@ are skipped when that directory is absent.
#
# Environment: SITREP (default $BUILD/sitrep, BUILD default build),
# SITREP_SHARED. Prints ok / FAIL / skip per case, a diff for each failure
# and a summary; exits 1 when a case failed.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$(pwd)" "$1" ;; esac; }
SITREP=$(abspath "${SITREP:-${BUILD:-build}/sitrep}")
shared=$(abspath "${SITREP_SHARED:-../shared}")
[ -d "$shared" ] && shared=$(cd "$shared" && pwd)
update=${GOLDEN_UPDATE:-}
cd "$here" || exit 2

if [ ! -x "$SITREP" ]; then
    echo "golden: no $SITREP (build it first)" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# Writes the case directory (absolute or relative) and the shared
# directory back as their placeholders.
normalise() { # file
    sed -e "s|$here/tests/golden/$area/|@DIR@/|g" -e "s|tests/golden/$area/|@DIR@/|g" \
        -e "s|$shared|@SHARED@|g" "$1"
}

if [ $# -eq 0 ]; then
    set -- $(cd tests/golden && ls -d */ 2>/dev/null | tr -d /)
fi
cases=""
for sel in "$@"; do
    sel=${sel#tests/golden/}
    sel=${sel%.args}
    if [ -d "tests/golden/$sel" ]; then
        for f in tests/golden/"$sel"/*.args; do [ -f "$f" ] && cases="$cases $f"; done
    elif [ -f "tests/golden/$sel.args" ]; then
        cases="$cases tests/golden/$sel.args"
    else
        echo "golden: no case or area '$sel'" >&2
        exit 2
    fi
done

pass=0 fail=0 skip=0
for args_file in $cases; do
    base=${args_file%.args}
    dir=${base%/*}
    area=${dir#tests/golden/}
    name=$area/${base##*/}
    args=$(head -n 1 "$args_file")
    case $args in
        *@SHARED@*)
            if [ ! -d "$shared" ]; then
                skip=$((skip + 1))
                printf 'skip  %s (no %s)\n' "$name" "$shared"
                continue
            fi ;;
    esac
    # The placeholders become shell variables that eval expands, so that
    # directories with spaces in their names stay one word.
    # shellcheck disable=SC2016
    cmdline=$(printf '%s\n' "$args" | sed -e 's|@DIR@|"$case_dir"|g' -e 's|@SHARED@|"$shared"|g')
    case_dir=$dir
    (eval "\"\$SITREP\" $cmdline" >"$tmp/out" 2>"$tmp/err" </dev/null)
    rc=$?
    normalise "$tmp/out" >"$tmp/out.n"
    normalise "$tmp/err" >"$tmp/err.n"
    echo "$rc" >"$tmp/rc"

    if [ -n "$update" ]; then
        cp "$tmp/out.n" "$base.out"
        [ -f "$base.err" ] && cp "$tmp/err.n" "$base.err"
        [ -f "$base.rc" ] && cp "$tmp/rc" "$base.rc"
        printf 'wrote %s\n' "$name"
        pass=$((pass + 1))
        continue
    fi

    ok=1
    : >"$tmp/diff"
    if [ ! -f "$base.out" ]; then
        echo "no $base.out (GOLDEN_UPDATE=1 writes it)" >>"$tmp/diff"
        ok=0
    elif ! diff -u "$base.out" "$tmp/out.n" >>"$tmp/diff" 2>&1; then
        ok=0
    fi
    if [ -f "$base.rc" ] && [ "$(cat "$base.rc")" != "$rc" ]; then
        echo "exit status $rc, expected $(cat "$base.rc")" >>"$tmp/diff"
        ok=0
    fi
    if [ -f "$base.err" ] && ! diff -u "$base.err" "$tmp/err.n" >>"$tmp/diff" 2>&1; then
        ok=0
    fi
    if [ $ok -eq 1 ]; then
        pass=$((pass + 1))
        printf 'ok    %s\n' "$name"
    else
        fail=$((fail + 1))
        printf 'FAIL  %s\n' "$name"
        sed 's/^/      /' "$tmp/diff" | head -n 60
    fi
done

echo "golden: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
