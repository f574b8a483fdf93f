#!/bin/sh
# extract_linear.sh - pathological text finishes, and its cost grows linearly:
# 100,000 numbers in a row, one sentence of 1 MB (and of 4 MB) made of count
# words, 100,000 quotation marks. The bound is on growth (4x the text may cost
# at most 8x the time), not on seconds.
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "no $SITREP"; exit 1; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
awk 'BEGIN { srand(1); for (i = 0; i < 100000; i++) printf "%d ", int(rand() * 99999) + 1; print "" }' > "$T/nums.txt"
gen() { # words -> one sentence
    awk -v n="$1" 'BEGIN { srand(2); split("killed at least people were including children the death toll rose to 5 12 and wounded civilians by regime forces in Aleppo a man was others another among those dead between 10 and 20 groups of up to 50 a day", w, " ");
        for (i = 0; i < n; i++) printf "%s ", w[int(rand() * length(w)) + 1]; print "." }'
}
gen 200000 > "$T/s1.txt"
gen 800000 > "$T/s4.txt"
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "\""; printf " 12 people were killed "; for (i = 0; i < 50000; i++) printf "\""; print "" }' > "$T/quotes.txt"
for f in nums quotes; do
    "$SITREP" extract "$T/$f.txt" > "$T/$f.out" || { echo "extract failed on $f"; exit 1; }
done
t() { # file -> milliseconds
    s=$(date +%s%N); "$SITREP" extract "$1" > /dev/null || exit 1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
}
a=$(t "$T/s1.txt") || { echo "extract failed on the 1 MB sentence"; exit 1; }
b=$(t "$T/s4.txt") || { echo "extract failed on the 4 MB sentence"; exit 1; }
echo "1 MB sentence: ${a} ms, 4 MB sentence: ${b} ms"
[ "$b" -le $(( 8 * a + 200 )) ] || { echo "not linear: 4x the text took $b ms against $a ms"; exit 1; }
echo ok
