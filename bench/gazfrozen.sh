#!/bin/sh
# gazfrozen.sh REF NEW OUT: OUT gets REF's library with NEW's gazetteer.o
# swapped in (and NEW's index), so that the place stage can be compared with
# REF while others change the stages before it in the same tree.
set -e
REF=${1:?usage: gazfrozen.sh REF NEW OUT}; NEW=${2:?}; OUT=${3:?}
mkdir -p "$OUT/tmp"
cp "$REF/libsitrep.a" "$OUT/libsitrep.a"
cp "$NEW/obj/src/gazetteer.o" "$OUT/tmp/gazetteer.o"
ar r "$OUT/libsitrep.a" "$OUT/tmp/gazetteer.o"
ln -sfn "$(cd "$REF" && pwd)/gen" "$OUT/gen"
if [ -f "$NEW/gazetteer.idx" ]; then ln -sfn "$(cd "$NEW" && pwd)/gazetteer.idx" "$OUT/gazetteer.idx";
else ln -sfn "$(cd "$REF" && pwd)/gazetteer.idx" "$OUT/gazetteer.idx"; fi
LIBS=$(pkg-config --libs sqlite3 libutf8proc gumbo libpcre2-8 jansson libmicrohttpd)
# the CLI of REF on that library
if [ -d "$REF/obj/cli" ]; then
    ${CC:-cc} -o "$OUT/sitrep" "$REF"/obj/cli/*.o "$OUT/libsitrep.a" $LIBS -lm -lpthread
fi
