#!/bin/sh
# eval_explain.sh - `sitrep extract --explain` over every FA-KES dev article:
# runs clean, every line fits 120 columns, no terminal codes when piped, and
# every value row is followed by its words in context, marked with [ ].
# Skips (77) when ../shared or python3 is absent.
set -u
SITREP=${SITREP:-build/sitrep}
SHARED=${SITREP_SHARED:-../shared}
DEV=$SHARED/data/fakes/dev.csv
[ -f "$DEV" ] || { echo "no $DEV: shared material absent"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "no python3"; exit 77; }
tmp=${TMPDIR:-/tmp}/sitrep-eval-explain.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 - "$DEV" >"$tmp/docs.jsonl" <<'PY'
import csv, json, sys
seen = set()
for g in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
    if g['unit_id'] not in seen:
        seen.add(g['unit_id'])
        print(json.dumps({'id': g['unit_id'], 'title': g['title'], 'text': g['content'], 'source': g['source']}))
PY
"$SITREP" extract --explain --format jsonl "$tmp/docs.jsonl" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { echo "extract --explain exited $rc:"; tail -5 "$tmp/err"; exit 1; }
python3 - "$tmp/out" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
bad = 0
def fail(i, why):
    global bad
    bad += 1
    if bad <= 10:
        print('line %d: %s: %s' % (i + 1, why, lines[i][:140]))
articles = sum(1 for l in lines if l.startswith('== '))
values = 0
in_incident = False
for i, l in enumerate(lines):
    if l.startswith('incident '):
        in_incident = True
    elif not l.strip():
        in_incident = False
    if len(l) > 120:
        fail(i, 'wider than 120 columns (%d)' % len(l))
    if '\033' in l:
        fail(i, 'terminal codes in piped output')
    # a value row of an incident block: "  label  value ... rule R" or the rule on the next line
    m = re.match(r'  (count|date|place|perpetrator|cause|claimed by) {2,}\S', l)
    if m and in_incident:
        values += 1
        nxt = lines[i + 1] if i + 1 < len(lines) else ''
        if re.match(r' +rule ', nxt):
            nxt = lines[i + 2]
        if not (re.match(r' {18}"', nxt) and '[' in nxt and ']' in nxt):
            fail(i, 'no marked words after the value')
print('%d articles, %d values explained, %d problems' % (articles, values, bad))
sys.exit(1 if bad or articles == 0 else 0)
PY
