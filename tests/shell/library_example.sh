#!/bin/sh
# library_example.sh - docs/example.c (the README's library example) builds
# against the installed header and the library alone, and finds the killed
# counts of the examples with their words.
set -u
BUILD=${BUILD:-build}
[ -r "$BUILD/libsitrep.a" ] || { echo "no $BUILD/libsitrep.a"; exit 1; }
out=$BUILD/test-logs/library_example
mkdir -p "$out"
PKGS="sqlite3 libutf8proc gumbo libpcre2-8 jansson libmicrohttpd"
# a library built by `make asan` needs the same sanitizers at the link
cc=${CC:-cc} san=""
if nm "$BUILD/libsitrep.a" 2>/dev/null | grep -q __asan_; then
    cc=clang san="-fsanitize=address,undefined"
fi
$cc -std=c11 -Wall -Wextra -Werror $san -Iinclude -o "$out/example" docs/example.c "$BUILD/libsitrep.a" \
    $(pkg-config --libs $PKGS) -lm -lpthread || { echo "docs/example.c does not build"; exit 1; }
[ -z "${SITREP_GAZETTEER:-}" ] && [ -r "$BUILD/gazetteer.idx" ] && export SITREP_GAZETTEER="$BUILD/gazetteer.idx"
"$out/example" examples/aleppo-saydnaya.jsonl >"$out/stdout" || { echo "example exited $?"; exit 1; }
cat "$out/stdout"
grep -q "$(printf 'example-aleppo-2016-12-13\tcivilians\t82\t-1\tkilling at least 82 civilians')" "$out/stdout" ||
    { echo "the 82 civilians of the Aleppo example are missing"; exit 1; }
# a missing file is reported and the status says something was skipped
"$out/example" examples/aleppo-saydnaya.jsonl /nonexistent/file.txt >/dev/null 2>"$out/stderr"
rc=$?
[ $rc -eq 1 ] && grep -q "/nonexistent/file.txt" "$out/stderr" || { echo "a missing file: exit $rc, stderr: $(cat "$out/stderr")"; exit 1; }
echo "library example: ok"
