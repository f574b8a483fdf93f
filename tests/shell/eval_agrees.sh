#!/bin/sh
# eval_agrees.sh - `sitrep eval` and the project's judge (shared/tools/score.py)
# print the same figures on the dev gold files: rows, records, every field's
# accuracy and majority baseline (to the 3 decimals score.py prints).
# Skips (77) when ../shared or python3 is absent.
set -u
SITREP=${SITREP:-build/sitrep}
SHARED=${SITREP_SHARED:-../shared}
SCORE=$SHARED/tools/score.py
if [ ! -f "$SCORE" ] || [ ! -f "$SHARED/data/fakes/dev.csv" ] || [ ! -f "$SHARED/data/wad/dev.csv" ]; then
    echo "no $SCORE or dev gold files: shared material absent"
    exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "no python3 to run score.py"
    exit 77
fi
tmp=${TMPDIR:-/tmp}/sitrep-eval-agrees.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# compare.py KIND SCORE_OUTPUT EVAL_JSON: the figures of both, side by side
cat >"$tmp/compare.py" <<'PY'
import json, re, sys
kind, score_out, eval_out = sys.argv[1:4]
text = open(score_out).read()
ev = json.load(open(eval_out))
bad = []
def same(what, theirs, ours):
    print('%-34s score.py %-8s sitrep eval %-8s %s' % (what, theirs, ours, 'ok' if theirs == ours else 'DIFFERENT'))
    if theirs != ours:
        bad.append(what)
m = re.search(r'^rows (\d+), records (\d+)$', text, re.M)
same(kind + ' rows', m.group(1), str(ev['rows']))
same(kind + ' records', m.group(2), str(ev['records']))
s = ev['scores']
if kind == 'fakes':
    for f in ['location', 'actor', 'cause_of_death', 'nb_civilians', 'nb_noncivilians', 'nb_children', 'nb_women', 'published']:
        m = re.search(r'^%s\s+([\d.]+)\s+\(majority answer: ([\d.]+)\)$' % f, text, re.M)
        if not m:
            bad.append(f); print('score.py printed no line for', f); continue
        same(f, m.group(1), '%.3f' % s[f]['accuracy'])
        # score.py prints 0 as the baseline of a field it has none for (published)
        same(f + ' majority', m.group(2), '%.3f' % (s[f]['majority'] or 0))
else:
    m = re.search(r'^exact \(summary.nb_civilians == deaths\) ([\d.]+)$', text, re.M)
    same('exact', m.group(1), '%.3f' % s['exact']['accuracy'])
    m = re.search(r'^some killed count == deaths\s+([\d.]+)$', text, re.M)
    same('killed_count', m.group(1), '%.3f' % s['killed_count']['accuracy'])
if bad:
    print('DISAGREE on', ', '.join(bad))
    sys.exit(1)
PY

for kind in fakes wad; do
    gold=$SHARED/data/$kind/dev.csv
    # score.py exits 1 only when a minimum is missed, and none is given here
    if ! SITREP=$SITREP python3 "$SCORE" "$kind" "$gold" >"$tmp/score.$kind" 2>&1; then
        echo "score.py $kind failed:"; cat "$tmp/score.$kind"; fail=1; continue
    fi
    "$SITREP" eval --gold "$gold" --format json --no-progress >"$tmp/eval.$kind" 2>"$tmp/eval.$kind.err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
        echo "sitrep eval $kind exited $rc:"; cat "$tmp/eval.$kind.err"; fail=1; continue
    fi
    python3 - "$kind" "$tmp/score.$kind" "$tmp/eval.$kind" <"$tmp/compare.py" || fail=1
done

# The same with records that are not empty: a mock extractor (below) answers
# from the gold with noise (right, wrong, upper case, padded, null, strings
# for numbers, floats, integer ids, missing records and summaries). score.py
# runs it as SITREP; sitrep eval scores the same records with --records.
cat >"$tmp/mock" <<'PY'
#!/usr/bin/env python3
import csv, hashlib, json, os, random, sys
gold = {}
for g in csv.DictReader(open(os.environ['MOCK_GOLD'], encoding='utf-8')):
    gold.setdefault(g.get('unit_id') or g.get('event_id'), g)
VOCAB = {'location': ['aleppo', 'damascus', 'idlib', 'homs', 'raqqa', 'sinjar'],
         'actor': ['unknown', 'armed opposition groups', 'syrian government or russian troops'],
         'cause_of_death': ['shelling', 'explosion', 'unknown', 'shooting']}
def ev(r):
    s = r.randrange(0, 50)
    return {'start': s, 'end': s + r.randrange(1, 20), 'text': 'some words', 'rule': 'mock.rule'}
def pick_text(r, right):
    x = r.random()
    return (right if x < .5 else right.upper() + '  ' if x < .6 else ' ' + right.title() if x < .65
            else None if x < .75 else '' if x < .8 else r.choice(VOCAB['location'] + VOCAB['actor']))
def pick_num(r, right):
    x = r.random()
    return (right if x < .45 else str(right) if x < .55 else float(right) if x < .62 else None if x < .72
            else 'many' if x < .75 else right + 1 if x < .9 else 0)
for line in sys.stdin:
    d = json.loads(line)
    g = gold[d['id']]
    r = random.Random(int(hashlib.sha1(d['id'].encode()).hexdigest(), 16))
    if r.random() < .03:
        continue                                   # no record
    doc = {'id': int(d['id']) if d['id'].isdigit() and r.random() < .1 else d['id'], 'source': d.get('source'),
           'title': d.get('title'), 'text': d['text']}
    doc['published'] = (g.get('date') if r.random() < .5 else None if r.random() < .5 else '2016-01-01')
    doc['published_from'] = 'text' if doc['published'] else None
    truth = int(g['deaths']) if 'deaths' in g else int(g['nb_civilians'])
    counts = []
    for _ in range(r.randrange(0, 4)):
        x = r.random()
        counts.append({'outcome': 'killed' if x < .7 else 'injured', 'group': 'people',
                       'min': truth if x < .4 or .7 <= x < .85 else float(truth) if x < .5 else None if x < .55 else truth + 2,
                       'max': None, 'qualifier': 'exact', 'evidence': ev(r)})
    inc = {'counts': counts, 'date': None, 'place': {'name': 'Aleppo', 'admin1': 'Aleppo', 'country': 'SY',
           'lat': 36.2, 'lon': 37.1, 'geonames_id': 170063, 'precision': 'town', 'evidence': ev(r)},
           'perpetrator': None, 'cause': {'category': 'shelling', 'evidence': ev(r)}, 'claimed_by': None,
           'certainty': 'reported', 'scope': 'event', 'sentences': []}
    incidents = [inc] if counts or r.random() < .5 else []
    if r.random() < .06:
        summary = None
    elif 'deaths' in g:
        summary = {'location': '', 'actor': 'unknown', 'cause_of_death': 'unknown', 'nb_civilians': pick_num(r, truth),
                   'nb_noncivilians': 0, 'nb_children': 0, 'nb_women': 0, 'date': None,
                   'main_incident': 0 if incidents else None}
    else:
        summary = {f: pick_text(r, g[f]) for f in VOCAB}
        summary.update({f: pick_num(r, int(g[f])) for f in ['nb_civilians', 'nb_noncivilians', 'nb_children', 'nb_women']})
        summary['main_incident'] = 0 if incidents else None
    print(json.dumps({'doc': doc, 'incidents': incidents, 'summary': summary, 'warnings': []}))
PY
chmod +x "$tmp/mock"
for kind in fakes wad; do
    gold=$SHARED/data/$kind/dev.csv
    if ! MOCK_GOLD=$gold SITREP=$tmp/mock python3 "$SCORE" "$kind" "$gold" >"$tmp/mscore.$kind" 2>&1; then
        echo "score.py $kind with the mock failed:"; cat "$tmp/mscore.$kind"; fail=1; continue
    fi
    # the documents as score.py feeds them, through the mock, into a records file
    python3 - "$kind" "$gold" <<'PY' | MOCK_GOLD=$gold "$tmp/mock" >"$tmp/records.$kind"
import csv, json, sys
kind, path = sys.argv[1:3]
seen = set()
for g in csv.DictReader(open(path, encoding='utf-8')):
    if kind == 'wad':
        print(json.dumps({'id': g['event_id'], 'text': g['description']}))
    elif g['unit_id'] not in seen:
        seen.add(g['unit_id'])
        print(json.dumps({'id': g['unit_id'], 'title': g['title'], 'text': g['content'], 'source': g['source']}))
PY
    "$SITREP" eval --gold "$gold" --records "$tmp/records.$kind" --format json --no-progress \
        >"$tmp/meval.$kind" 2>"$tmp/meval.$kind.err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
        echo "sitrep eval --records $kind exited $rc:"; cat "$tmp/meval.$kind.err"; fail=1; continue
    fi
    echo "-- $kind, mock records:"
    python3 - "$kind" "$tmp/mscore.$kind" "$tmp/meval.$kind" <"$tmp/compare.py" || fail=1
    # --misses on the same records: runs, and is valid JSON with one miss per wrong cell
    "$SITREP" eval --gold "$gold" --records "$tmp/records.$kind" --format json --misses --no-progress \
        >"$tmp/misses.$kind" 2>/dev/null
    python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
wrong = sum(s["rows"] - s["correct"] for s in e["scores"].values())
assert len(e["misses"]) == wrong, (len(e["misses"]), wrong)
print("misses listed: %d (= wrong cells)" % wrong)' "$tmp/misses.$kind" || fail=1
done

[ $fail -eq 0 ] && echo "sitrep eval agrees with score.py on fakes and wad dev"
exit $fail
