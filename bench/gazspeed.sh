#!/bin/sh
# gazspeed.sh BUILD [MB] [RUNS]: the place stage's cost in the pipeline: the
# CPU time of clean+segment+meta+lexicon+gazetteer over FA-KES dev repeated
# to MB (default 40) minus the same without the gazetteer, best of RUNS (3).
B=${1:?usage: gazspeed.sh BUILD [MB] [RUNS]}; MB=${2:-40}; RUNS=${3:-3}
D=${GAZDATA:-$B/data}
best() { sort -n | head -1; }
cpu() { "$B/gazcheck" "$B/gazetteer.idx" --mb "$MB" "$@" "$D/fakes.jsonl" 2>&1 | sed -n 's/.*CPU \([0-9.]*\) s.*/\1/p'; }
with=$(for r in $(seq "$RUNS"); do cpu; done | best)
without=$(for r in $(seq "$RUNS"); do cpu --no-gaz; done | best)
awk -v w="$with" -v wo="$without" -v mb="$MB" 'BEGIN { g = w - wo; printf "pipeline to gazetteer %.3f s, without it %.3f s: place stage %.3f s = %.0f MB/s\n", w, wo, g, (g > 0 ? mb / g : 0) }'
