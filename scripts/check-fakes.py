#!/usr/bin/env python3
"""check-fakes.py - what `sitrep check` does on the FA-KES labels.

Ingests the FA-KES dev texts (../shared/data/fakes/dev.csv) into a fresh
database, imports the VDC daily totals (../shared/data/vdc/daily-2016-2020.csv),
runs `sitrep check`, and sets each article's verdict beside its label (1
credible, 0 fake): a confusion table and accuracies. The check is meant to be
transparent, not to beat the labels (they came from VDC records that are not
public).

usage: scripts/check-fakes.py [--build build] [--shared ../shared]
"""
import argparse, collections, csv, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
ap.add_argument("--shared", default=os.environ.get("SITREP_SHARED", "../shared"))
args = ap.parse_args()
sitrep = os.path.join(args.build, "sitrep")
dev = os.path.join(args.shared, "data/fakes/dev.csv")
vdc = os.path.join(args.shared, "data/vdc/daily-2016-2020.csv")
labels = {}
with tempfile.TemporaryDirectory() as d:
    jl = os.path.join(d, "dev.jsonl")
    with open(jl, "w") as out:
        for r in csv.DictReader(open(dev, encoding="utf-8", errors="replace")):
            labels.setdefault(r["unit_id"], r["label"])
            out.write(json.dumps({"id": r["unit_id"], "source": r["source"], "text": r["content"]}) + "\n")
    db = os.path.join(d, "fk.db")
    subprocess.run([sitrep, "ingest", "-q", "--db", db, jl], check=True)
    subprocess.run([sitrep, "reference", "import", "--db", db, vdc, "--format", "vdc-daily"], check=True)
    res = subprocess.run([sitrep, "check", "-q", "--db", db, "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
conf = collections.Counter()
for line in res.splitlines():
    a = json.loads(line)
    if a["id"] in labels:
        conf[(a["verdict"], labels[a["id"]])] += 1
tot = sum(conf.values())
print("verdict      label=1 label=0")
for v in ("credible", "doubtful", "unverified"):
    print("%-12s %7d %7d" % (v, conf[(v, "1")], conf[(v, "0")]))
checked = sum(n for (v, _), n in conf.items() if v != "unverified")
ok = conf[("credible", "1")] + conf[("doubtful", "0")]
maj = conf[("credible", "1")] + conf[("doubtful", "1")]
print("articles %d, checked %d (%.0f%%): accuracy on the checked %.3f (all-credible %.3f)"
      % (tot, checked, 100.0 * checked / max(tot, 1), ok / max(checked, 1), maj / max(checked, 1)))
