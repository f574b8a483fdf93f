#!/usr/bin/env python3
"""check.py - runs `sitrep extract` on each tests/extract/NAME.txt and checks the facts of
NAME.expect, one JSON object a line (# comments allowed):

  {"published": "2016-12-13"}                      passed as --published (first line)
  {"outcome": "killed", "group": "civilians", "min": 82, "max": null, "qualifier": "at_least",
   "place": ["Aleppo"], "cause": "shooting", "claimed_by": ["Observatory"], "date_from": "...",
   "perpetrator": ["regime"], "certainty": "unverified", "scope": "war", "rule": "count.passive"}
                                                   some incident meets every key given
  {"absent": {...}}                                no incident meets it
  {"summary": {"nb_civilians": 82, ...}}           the summary's fields equal these
  {"summary_evidence": {"actor": {"text": "barrel bomb", "rule": "summary.weapon"},
                        "location": null}}         the evidence of summary fields has these
                                                   members (null: the field has none)
  {"incidents": 2}                                 the record has that many incidents

Count keys (outcome, group, min, max, qualifier, rule) must hold for one count of the
incident. usage: check.py SITREP DIR [NAME...]; exit 1 when a fact fails."""
import json, os, subprocess, sys

COUNT_KEYS = ('outcome', 'group', 'min', 'max', 'qualifier', 'rule')

def has(name, words):
    return any(w.lower() in (name or '').lower() for w in words)

def meets(inc, want):
    place = inc.get('place') or {}
    if 'place' in want and not (has(place.get('name'), want['place']) or has(place.get('admin1'), want['place'])):
        return False
    if 'cause' in want and (inc.get('cause') or {}).get('category') != want['cause']:
        return False
    if 'claimed_by' in want and not has((inc.get('claimed_by') or {}).get('name'), want['claimed_by']):
        return False
    if 'perpetrator' in want:
        p = inc.get('perpetrator') or {}
        if not (has(p.get('actor'), want['perpetrator']) or has(p.get('name'), want['perpetrator'])):
            return False
    if 'date_from' in want and (inc.get('date') or {}).get('from') != want['date_from']:
        return False
    for k in ('certainty', 'scope'):
        if k in want and inc.get(k) != want[k]:
            return False
    keys = [k for k in COUNT_KEYS if k in want]
    if not keys:
        return True
    def count_ok(c):
        for k in keys:
            v = c.get(k) if k != 'rule' else (c.get('evidence') or {}).get('rule')
            if v != want[k]:
                return False
        return True
    return any(count_ok(c) for c in inc.get('counts') or [])

def main():
    sitrep, d = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or sorted(f[:-4] for f in os.listdir(d) if f.endswith('.txt'))
    failed = total = 0
    for name in names:
        facts = []
        for line in open(os.path.join(d, name + '.expect'), encoding='utf-8'):
            line = line.strip()
            if line and not line.startswith('#'):
                facts.append(json.loads(line))
        args = [sitrep, 'extract', '--rules']
        if facts and 'published' in facts[0]:
            args += ['--published', facts.pop(0)['published']]
        p = subprocess.run(args + [os.path.join(d, name + '.txt')], stdout=subprocess.PIPE, timeout=60)
        if p.returncode != 0:
            print('FAIL %s: sitrep exited %d' % (name, p.returncode))
            failed += 1
            continue
        rec = json.loads(p.stdout.decode().splitlines()[0])
        incs = rec.get('incidents') or []
        for want in facts:
            total += 1
            if 'absent' in want:
                ok = not any(meets(i, want['absent']) for i in incs)
            elif 'summary' in want:
                s = rec.get('summary') or {}
                ok = all(s.get(k) == v for k, v in want['summary'].items())
            elif 'summary_evidence' in want:
                ev = (rec.get('summary') or {}).get('evidence') or {}
                ok = all(ev.get(f) is None if w is None else
                         all((ev.get(f) or {}).get(k) == v for k, v in w.items())
                         for f, w in want['summary_evidence'].items())
            elif 'incidents' in want:
                ok = len(incs) == want['incidents']
            else:
                ok = any(meets(i, want) for i in incs)
            if not ok:
                failed += 1
                print('FAIL %s: %s' % (name, json.dumps(want)))
                if '-v' in os.environ.get('CHECK_FLAGS', ''):
                    print(json.dumps(incs, indent=1)[:3000])
    print('%d facts, %d failed' % (total, failed))
    sys.exit(1 if failed else 0)

main()
