#!/bin/sh
# extract_linear.sh - pathological text goes through the whole pipeline and
# gives a record: 100,000 numbers in a row, one sentence of 1 MB (and of 4 MB)
# made of count words, 100,000 quotation marks. The bound on work (steps per
# token, and 4x the text costing at most 4.5x the steps) is tested without
# clocks by tests/unit/test_extract_work.c, from the stages' own step counter.
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
for f in nums s1 s4 quotes; do
    "$SITREP" extract "$T/$f.txt" > "$T/$f.out" || { echo "extract failed on $f"; exit 1; }
    [ "$(wc -l < "$T/$f.out")" -eq 1 ] || { echo "$f: not one record"; exit 1; }
    grep -q '"incidents":\[' "$T/$f.out" || { echo "$f: no incidents list"; exit 1; }
done
echo ok
