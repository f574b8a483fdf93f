#!/bin/sh
# stages.sh - where extraction spends its time, stage by stage: runs
# `sitrep extract` over a corpus under callgrind (instruction counts: the same
# figures run after run, whatever else the machine does) and prints each
# stage's share, the stages being whatever sr_run_stages calls (src/extract.c),
# with the big ones split one level further. With the CPU seconds per MB
# measured outside valgrind, the shares become seconds and MB/s per stage.
#
#   bench/stages.sh CORPUS.jsonl [CPU_S_PER_MB]     ($BUILD, $SITREP)
set -eu
BUILD=${BUILD:-build}
SITREP=${SITREP:-$BUILD/sitrep}
corpus=$1
cpu_per_mb=${2:-}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "stages: no valgrind; per-stage profile skipped"
    exit 0
fi
out=$(mktemp "${TMPDIR:-/tmp}/sitrep-callgrind-XXXXXX")
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" "$SITREP" extract --format jsonl --no-progress "$corpus" \
    >/dev/null 2>"$out.log" || { echo "stages: callgrind run failed:"; tail -5 "$out.log"; rm -f "$out.log"; exit 0; }
rm -f "$out.log"
python3 - "$out" "$corpus" "$cpu_per_mb" <<'PY'
import collections, os, re, sys
path, corpus, cpu_per_mb = sys.argv[1], sys.argv[2], sys.argv[3]
names = {}
def name(tok):                       # "(12) sr_clean" or "(12)" (compressed)
    m = re.match(r'\((\d+)\)(?: (.*))?$', tok.strip())
    if not m:
        return tok.strip()
    if m.group(2):
        names[m.group(1)] = m.group(2)
    return names.get(m.group(1), tok)
self_cost = collections.Counter()
incl = collections.Counter()         # inclusive cost by callee, summed over call sites
edge = collections.Counter()         # (caller, callee) -> inclusive cost of those calls
fn = callee = None
pending_call = False
for line in open(path, errors='replace'):
    if line.startswith('fn='):
        fn = name(line[3:])
    elif line.startswith('cfn='):
        callee = name(line[4:])
    elif line.startswith('calls='):
        pending_call = True
    elif line[:1].isdigit() or line[:1] in '+-*':
        parts = line.split()
        cost = int(parts[1]) if len(parts) > 1 else 0
        if pending_call:
            incl[callee] += cost
            edge[(fn, callee)] += cost
            pending_call = False
        else:
            self_cost[fn] += cost
total = sum(self_cost.values())
mb = os.path.getsize(corpus) / 1048576
def row(label, cost, depth=0, once=False):
    share = cost / total if total else 0
    line = '  %-34s %8.1f M %6.1f%%' % ('  ' * depth + label, cost / 1e6, 100 * share)
    if cpu_per_mb and once:          # a fixed cost, paid once a run
        line += '   %8.3f s once' % (float(cpu_per_mb) * mb * share)
    elif cpu_per_mb:
        s_per_mb = float(cpu_per_mb) * share
        line += '   %8.3f s/40MB %9s' % (s_per_mb * 40, ('%.0f MB/s' % (1 / s_per_mb)) if s_per_mb > 0 else '-')
    print(line)
print('per-stage profile (callgrind instructions over %.1f MB%s)' % (
    mb, '; seconds scaled to the measured CPU time' if cpu_per_mb else ''))
print('  %-34s %10s %7s%s' % ('part', 'instr', 'share', '   time, speed alone' if cpu_per_mb else ''))
row('whole run', total)
for f, label in [('sitrep_open', 'open (lexicons, gazetteer index)'), ('sitrep_reader_next', 'read (JSON Lines reader)'),
                 ('sitrep_extract', 'extract'), ('sitrep_record_json', 'record JSON'),
                 ('sitrep_record_json_append', 'record JSON (appended)')]:
    if incl[f]:
        row(label, incl[f], once=(f == 'sitrep_open'))
    if f == 'sitrep_extract':
        # gcc may split it (sr_run_stages.part.0): the name up to the first dot
        stages = sorted(((c, cal) for (caller, cal), c in edge.items()
                         if caller.split('.')[0] == 'sr_run_stages' and cal.split('.')[0] != 'sr_run_stages'),
                        reverse=True)
        for c, cal in stages:
            if c / total < 0.002:
                continue
            row(cal, c, 1)
            if c / total > 0.10:     # a big stage: its own parts
                for c2, cal2 in sorted(((c2, k[1]) for k, c2 in edge.items() if k[0] == cal), reverse=True)[:6]:
                    if c2 / total >= 0.01:
                        row(cal2, c2, 2)
        own = sum(c for f, c in self_cost.items() if f.split('.')[0] == 'sr_run_stages')
        if own / total >= 0.002:
            row('(sr_run_stages itself)', own, 1)
PY
