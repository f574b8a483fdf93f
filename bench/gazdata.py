#!/usr/bin/env python3
"""gazdata.py OUTDIR [MB]: the documents of ../shared as JSON Lines, read the way
../shared/tools/score.py feeds them to `sitrep extract`: OUTDIR/fakes.jsonl,
OUTDIR/wad.jsonl, OUTDIR/seeds.jsonl, and OUTDIR/corpus.jsonl (FA-KES dev
repeated to about MB megabytes of text, default 40, ids made unique)."""
import csv, json, os, sys

shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared')
out = sys.argv[1]
mb = float(sys.argv[2]) if len(sys.argv) > 2 else 40
os.makedirs(out, exist_ok=True)

fakes, seen = [], set()
for g in csv.DictReader(open(os.path.join(shared, 'data/fakes/dev.csv'), encoding='utf-8')):
    if g['unit_id'] not in seen:
        seen.add(g['unit_id'])
        fakes.append({'id': g['unit_id'], 'title': g['title'], 'text': g['content'], 'source': g['source']})
wad = [{'id': g['event_id'], 'text': g['description']}
       for g in csv.DictReader(open(os.path.join(shared, 'data/wad/dev.csv'), encoding='utf-8'))]
exp = json.load(open(os.path.join(shared, 'seeds/expected.json')))
seeds = []
for name in sorted(os.listdir(os.path.join(shared, 'seeds'))):
    if name.endswith('.txt'):
        d = {'id': name, 'text': open(os.path.join(shared, 'seeds', name), encoding='utf-8').read()}
        if (exp.get(name) or {}).get('published'):
            d['published'] = exp[name]['published']
        seeds.append(d)

def write(name, docs):
    with open(os.path.join(out, name), 'w', encoding='utf-8') as f:
        for d in docs:
            f.write(json.dumps(d) + '\n')

write('fakes.jsonl', fakes)
write('wad.jsonl', wad)
write('seeds.jsonl', seeds)
size = sum(len(d['text'].encode()) for d in fakes)
corpus, r = [], 0
while r * size < mb * 1e6:
    for d in fakes:
        corpus.append(dict(d, id='%s-%d' % (d['id'], r)))
    r += 1
write('corpus.jsonl', corpus)
print('fakes %d docs %.2f MB text; wad %d; seeds %d; corpus %d docs (%d rounds), %.1f MB file' % (
    len(fakes), size / 1e6, len(wad), len(seeds), len(corpus), r,
    os.path.getsize(os.path.join(out, 'corpus.jsonl')) / 1e6))
