#!/bin/sh
# gazinstr.sh BUILD [FILE]: the place stage's instructions per byte of text
# (callgrind, counting only inside sr_gaz_annotate) over FA-KES dev, or FILE
# (JSON Lines from bench/gazdata.py). Instruction counts repeat run after run,
# whatever else the machine does. Builds BUILD/gazcheck first (gazcheck.sh).
set -e
B=${1:?usage: gazinstr.sh BUILD [FILE]}
D=${GAZDATA:-$B/data}
F=${2:-$D/fakes.jsonl}
[ -x "$B/gazcheck" ] || { echo "run bench/gazcheck.sh $B first"; exit 1; }
out=$(mktemp "${TMPDIR:-/tmp}/gazinstr-XXXXXX")
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --toggle-collect=sr_gaz_annotate --callgrind-out-file="$out" \
    "$B/gazcheck" "$B/gazetteer.idx" "$F" >/dev/null 2>"$out.log" || { tail -5 "$out.log"; exit 1; }
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$F")
ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out")
rm -f "$out.log"
awk -v ir="$ir" -v b="$bytes" 'BEGIN { printf "place stage: %.1f M instructions over %.2f MB: %.1f instructions/byte\n", ir / 1e6, b / 1e6, ir / b }'
