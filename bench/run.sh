#!/bin/sh
# run.sh - `make bench`: speed and memory figures. Each part is its own
# script; the extraction part (MB/s, peak memory, wc -w ratio) is added by
# the extraction work beside the store's.
set -eu
cd "$(dirname "$0")/.."
echo "== store: ingest throughput and fusion time (bench/store.sh)"
bench/store.sh
