#!/usr/bin/env python3
"""gazeval.py BUILD [--list N] [--wad-missing]: what the place stage finds in
the texts of ../shared, against their gold (figures of the place stage only,
not of the extraction): runs BUILD/gazcheck --detail (bench/gazcheck.sh builds
it) over FA-KES dev and WAD dev (documents from bench/gazdata.py).

  FA-KES  rows where some place mention's governorate (data/governorates.txt)
          is the gold location; rows where the first Syrian mention that is no
          dateline has it; rows whose context country (sr_gaz_context_country)
          is Syria
  WAD     rows whose context country is the gold country; rows with a gold
          locality where some mention's name or text folds to it (or one of its
          parts: "Dalori, Walori and Kofa"); rows with a gold region where some
          mention lies in a division of that name
  both    place mentions outside the article's (gold) country, all and those
          that are no country's name (towns and divisions: mostly false places)
--list N       the N most frequent mention texts outside the gold country
--wad-missing  the gold localities of WAD that no mention meets (for the supplement)"""
import collections, csv, json, os, re, subprocess, sys, unicodedata

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, '..')
shared = os.path.join(root, '..', 'shared')
B = sys.argv[1]
args = sys.argv[2:]
nlist = int(args[args.index('--list') + 1]) if '--list' in args else 0
D = os.environ.get('GAZDATA', os.path.join(B, 'data'))
if not os.path.exists(os.path.join(D, 'fakes.jsonl')):
    subprocess.run([sys.executable, os.path.join(here, 'gazdata.py'), D], check=True, stdout=subprocess.DEVNULL)

def fold(s):
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[`'’‘ʿʾ.]", '', s)
    return re.sub(r'[^a-z0-9]+', ' ', s).strip()

iso3 = {}
for line in open(os.path.join(root, 'data/countries.tsv'), encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    f = line.rstrip('\n').split('\t')
    iso3[f[1]] = f[0]
iso3['ELS'] = 'SV'  # WAD writes El Salvador so
gov = {}
for line in open(os.path.join(root, 'data/governorates.txt'), encoding='utf-8'):
    m = re.match(r'(SY\.\d+) \| location=(\S+)', line)
    if m:
        gov[m.group(1)] = m.group(2).replace('_', ' ')

def run(name):
    p = subprocess.run([os.path.join(B, 'gazcheck'), os.path.join(B, 'gazetteer.idx'), '--detail',
                        os.path.join(D, name + '.jsonl')], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    ments, ctx = collections.defaultdict(list), {}
    for line in p.stdout.decode('utf-8', 'replace').splitlines():
        if line.startswith('detail '):
            head, text, pname = line.split('\t')
            _, did, s, e, cc, a1, kind, pop, flags, rule, ncand = head.split(' ')
            ments[did].append(dict(start=int(s), cc=cc, a1=a1, kind=int(kind), flags=int(flags), rule=rule,
                                   text=text, name=pname))
        elif line.startswith('context '):
            _, did, cc, share = line.split(' ')
            ctx[did] = cc
    return ments, ctx

DATELINE, COUNTRY = 32, 3
out_all, out_towns = collections.Counter(), collections.Counter()
listing = collections.Counter()

fk = list(csv.DictReader(open(os.path.join(shared, 'data/fakes/dev.csv'), encoding='utf-8')))
ments, ctx = run('fakes')
some = first = sy = 0
for g in fk:
    ms = ments.get(g['unit_id'], [])
    govs = [gov.get(m['a1']) for m in ms]
    some += g['location'] in govs
    f = next((gov.get(m['a1']) for m in ms if m['cc'] == 'SY' and m['a1'] in gov and not m['flags'] & DATELINE), None)
    first += f == g['location']
    sy += ctx.get(g['unit_id']) == 'SY'
for did, ms in ments.items():
    for m in ms:
        if m['cc'] != 'SY':
            out_all['fakes'] += 1
            if m['kind'] != COUNTRY:
                out_towns['fakes'] += 1
                listing['fakes  %-24s -> %s %s' % (m['text'], m['cc'], m['name'])] += 1
n = len(fk)
print('FA-KES %d rows: some mention in the gold governorate %.3f; first Syrian non-dateline mention %.3f; context SY %.3f'
      % (n, some / n, first / n, sy / n))

wad = list(csv.DictReader(open(os.path.join(shared, 'data/wad/dev.csv'), encoding='utf-8')))
ments, ctx = run('wad')
cm = loc_n = loc_ok = reg_n = reg_ok = 0
missing = collections.Counter()
for g in wad:
    cc = iso3.get(g['country'], '?')
    ms = ments.get(g['event_id'], [])
    cm += ctx.get(g['event_id']) == cc
    for m in ms:
        if m['cc'] != cc:
            out_all['wad'] += 1
            if m['kind'] != COUNTRY:
                out_towns['wad'] += 1
                listing['wad    %-24s -> %s %s' % (m['text'], m['cc'], m['name'])] += 1
    loc = g['locality'].strip()
    if loc:
        loc_n += 1
        parts = [fold(x) for x in re.split(r',| and |/|;', re.sub(r'\(.*?\)|\?', '', loc)) if fold(x)]
        parts = [re.sub(r' (villages?|towns?|district|city|lga|area|camp|market)$', '', p) for p in parts]
        seen = {fold(m['text']) for m in ms if m['cc'] == cc} | {fold(m['name']) for m in ms if m['cc'] == cc}
        if any(p in seen for p in parts):
            loc_ok += 1
        else:
            for p in parts:
                if p and p not in seen:
                    missing['%s %s' % (g['country'], p)] += 1
    reg = g['region'].strip()
    if reg:
        reg_n += 1
        r = re.sub(r' (state|province|region|governorate|department)$', '', fold(reg))
        a1names = set()
        for m in ms:
            if m['cc'] == cc and m['kind'] == 2:
                a1names.add(re.sub(r' (state|province|region|governorate|department)$', '', fold(m['name'])))
        reg_ok += r in a1names or any(r == re.sub(r' (state|province|region|governorate|department)$', '', fold(m['text'])) for m in ms if m['cc'] == cc)
n = len(wad)
print('WAD %d rows: context country = gold %.3f; gold locality met %d/%d = %.3f; gold region named %d/%d = %.3f'
      % (n, cm / n, loc_ok, loc_n, loc_ok / loc_n, reg_ok, reg_n, reg_ok / reg_n))
print('mentions outside the gold country: FA-KES %d (%d not a country), WAD %d (%d not a country)'
      % (out_all['fakes'], out_towns['fakes'], out_all['wad'], out_towns['wad']))
for k, c in listing.most_common(nlist):
    print('%4d  %s' % (c, k))
if '--wad-missing' in args:
    for k, c in sorted(missing.items()):
        print('missing %s' % k)
