#!/usr/bin/env python3
"""corpus.py - the extraction benchmark's corpus: the FA-KES dev texts repeated.

usage: corpus.py DEV.csv OUTDIR MB...

For each size N (MB = 2**20 bytes, as shared/bench/peers.js counts), writes
OUTDIR/corpus-N.jsonl: one document a line ({"id", "title", "source",
"text"}), the dev articles over and over (each copy with its own id) until
the file holds at least N MB; and OUTDIR/corpus-N.txt: the same articles'
texts, one a line (line breaks as spaces), for wc -w and the peer tools.
Files already there and newer than DEV.csv are kept.
"""
import csv
import json
import os
import sys


def main():
    dev, outdir, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
    os.makedirs(outdir, exist_ok=True)
    rows = list(csv.DictReader(open(dev, encoding='utf-8', errors='replace')))
    docs = [({'id': r['unit_id'], 'title': r['title'], 'source': r['source'], 'text': r['content']},
             ' '.join(r['content'].split('\n'))) for r in rows]
    for mb in sizes:
        jpath = os.path.join(outdir, 'corpus-%d.jsonl' % mb)
        tpath = os.path.join(outdir, 'corpus-%d.txt' % mb)
        if all(os.path.exists(p) and os.path.getmtime(p) > os.path.getmtime(dev) for p in (jpath, tpath)):
            continue
        want = mb * 1048576
        size = copy = 0
        with open(jpath + '.tmp', 'w', encoding='utf-8') as jf, open(tpath + '.tmp', 'w', encoding='utf-8') as tf:
            while size < want:
                for doc, line in docs:
                    d = dict(doc, id='%s-%d' % (doc['id'], copy))
                    s = json.dumps(d) + '\n'
                    jf.write(s)
                    tf.write(line + '\n')
                    size += len(s.encode('utf-8'))
                    if size >= want:
                        break
                copy += 1
        os.replace(jpath + '.tmp', jpath)
        os.replace(tpath + '.tmp', tpath)


if __name__ == '__main__':
    main()
