#!/bin/sh
# gazcheck.sh BUILD [REF_BUILD]: builds BUILD/gazcheck (bench/gazcheck.c) and
# writes BUILD/gazcheck.out, the place mentions of FA-KES dev, WAD dev and the
# seeds (documents from bench/gazdata.py in BUILD/data). With REF_BUILD, diffs
# them against REF_BUILD/gazcheck.out: the place stage must not change output.
set -e
B=${1:?usage: gazcheck.sh BUILD [REF_BUILD]}
LIBS=$(pkg-config --libs sqlite3 libutf8proc gumbo libpcre2-8 jansson libmicrohttpd)
${CC:-cc} -O2 -g -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc -I"$B/gen" bench/gazcheck.c \
    "$B/libsitrep.a" $LIBS -lm -lpthread -o "$B/gazcheck"
D=${GAZDATA:-$B/data}
[ -f "$D/fakes.jsonl" ] || python3 bench/gazdata.py "$D"
: > "$B/gazcheck.out"
for f in fakes wad seeds; do
    "$B/gazcheck" "$B/gazetteer.idx" --print "$D/$f.jsonl" >> "$B/gazcheck.out" 2>/dev/null
done
echo "$B/gazcheck.out: $(grep -c '^place' "$B/gazcheck.out") place mentions"
if [ -n "$2" ]; then
    if cmp -s "$2/gazcheck.out" "$B/gazcheck.out"; then echo "identical to $2"; else
        diff "$2/gazcheck.out" "$B/gazcheck.out" | head -40; echo "DIFFERENT from $2"; exit 1; fi
fi
