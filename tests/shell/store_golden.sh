#!/bin/sh
# The seed records (tests/golden/store/seeds.jsonl, written by hand from the
# seed facts) ingested and listed: `incidents --format csv` and `--format
# geojson` equal their golden files; the GeoJSON is valid (lon, lat); the
# table fits 80 columns; search finds matched sentences; every store
# command answers --help.
set -u
SITREP=${SITREP:-build/sitrep}
G=tests/golden/store
dir=$(mktemp -d /tmp/sitrep-gold-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/g.db
fail() { echo "FAIL: $*"; exit 1; }
"$SITREP" ingest -q --db "$db" --format records $G/seeds.jsonl || fail "ingest"
"$SITREP" incidents --db "$db" --format csv > "$dir/incidents.csv" || fail "csv"
diff -u $G/incidents.csv "$dir/incidents.csv" || fail "csv differs from $G/incidents.csv"
"$SITREP" incidents --db "$db" --format geojson > "$dir/incidents.geojson" || fail "geojson"
diff -u $G/incidents.geojson "$dir/incidents.geojson" || fail "geojson differs from $G/incidents.geojson"
python3 - "$dir/incidents.geojson" <<'PY' || fail "geojson is not a valid FeatureCollection"
import json, sys
g = json.load(open(sys.argv[1]))
assert g["type"] == "FeatureCollection"
for f in g["features"]:
    assert f["type"] == "Feature" and "properties" in f
    if f["geometry"] is not None:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert lon > lat  # Syria: longitude 35-42 east, latitude 32-37 north
PY
COLUMNS=80 "$SITREP" incidents --db "$db" > "$dir/table.txt" || fail "table"
awk '{ if (length($0) > 80) { print "too wide: " $0; exit 1 } }' "$dir/table.txt" || fail "table wider than 80"
grep -q "Saydnaya" "$dir/table.txt" || fail "table lacks Saydnaya"
"$SITREP" incidents --db "$db" --format json --conflicting > "$dir/conf.jsonl" || fail "json"
[ "$(wc -l < "$dir/conf.jsonl")" -eq 1 ] || fail "one conflicting incident expected"
grep -q '"agreement":"conflict"' "$dir/conf.jsonl" || fail "conflict not shown"
"$SITREP" search --db "$db" 'Sednaya' > "$dir/search.txt" || fail "search"
grep -q "> \[" "$dir/search.txt" || fail "no matched sentence"
"$SITREP" search --db "$db" 'AND OR' >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad query should exit 2"
"$SITREP" incidents --db "$dir/none.db" >/dev/null 2>&1; [ $? -eq 3 ] || fail "missing database should exit 3"
"$SITREP" incidents --db "$db" --from 2016-13-45 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad date should exit 2"
for c in ingest search incidents fuse reference check; do
    "$SITREP" $c --help | grep -q "usage: sitrep $c" || fail "$c --help"
    "$SITREP" $c --no-such-option >/dev/null 2>&1; [ $? -eq 2 ] || fail "$c: a bad option should exit 2"
done
"$SITREP" fuse -q --db "$db" --rebuild || fail "fuse --rebuild"
"$SITREP" incidents --db "$db" --format csv | diff -u $G/incidents.csv - || fail "rebuild changed the incidents"
echo "golden csv and geojson match"
