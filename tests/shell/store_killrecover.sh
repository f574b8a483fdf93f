#!/bin/sh
# kill -9 in the middle of a 10,000-article ingest leaves a consistent
# database; running the same command again completes it: no duplicates,
# nothing missing.
set -u
SITREP=${SITREP:-build/sitrep}
dir=$(mktemp -d /tmp/sitrep-kill-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/k.db
awk 'BEGIN { for (i = 1; i <= 10000; i++)
  printf "{\"id\":\"a%d\",\"published\":\"2016-12-%02d\",\"text\":\"Article %d. At least %d civilians were killed in an air strike on Aleppo on Monday, activists said.\"}\n", i, 1 + i % 28, i, 2 + i % 40 }' > "$dir/articles.jsonl"
count() { sqlite3 "$db" "$1"; }

"$SITREP" ingest -q --no-progress --batch 50 --db "$db" "$dir/articles.jsonl" &
pid=$!
# wait until some batches are in, then kill it mid-way
n=0
for i in $(seq 1 400); do
    n=$(count "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 200 ] && break
    sleep 0.02
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
n=$(count "SELECT count(*) FROM documents")
echo "killed after $n documents"
if [ "$n" -ge 10000 ]; then
    echo "the ingest finished before it could be killed"; exit 1
fi
[ "$(count 'PRAGMA integrity_check')" = ok ] || { echo "integrity_check failed"; exit 1; }
# whole batches only, and everything of each stored document is there
[ $((n % 50)) -eq 0 ] || { echo "a partial batch: $n documents"; exit 1; }
[ "$(count 'SELECT count(*) FROM documents_fts')" = "$n" ] || { echo "full-text index out of step"; exit 1; }
[ "$(count 'SELECT count(*) FROM document_ids')" = "$n" ] || { echo "ids out of step"; exit 1; }
[ "$(count 'SELECT count(*) FROM incidents WHERE document_id NOT IN (SELECT id FROM documents)')" = 0 ] || exit 1
[ "$(count 'SELECT count(*) FROM incidents WHERE fused_id IS NULL')" = 0 ] || { echo "a batch committed unfused"; exit 1; }

# the same command again completes it
"$SITREP" ingest -q --no-progress --batch 50 --db "$db" "$dir/articles.jsonl" || exit 1
[ "$(count 'PRAGMA integrity_check')" = ok ] || exit 1
[ "$(count 'SELECT count(*) FROM documents')" = 10000 ] || { echo "documents: $(count 'SELECT count(*) FROM documents')"; exit 1; }
[ "$(count 'SELECT count(DISTINCT ext_id) FROM documents')" = 10000 ] || exit 1
[ "$(count 'SELECT count(*) FROM documents_fts')" = 10000 ] || exit 1
[ "$(count 'SELECT count(*) FROM incidents WHERE fused_id IS NULL')" = 0 ] || exit 1
nrep=$(count 'SELECT count(*) FROM incidents')
[ "$(count 'SELECT sum(nreports) FROM fused')" = "$nrep" ] || { echo "fused reports out of step"; exit 1; }
echo "recovered: 10000 documents, $nrep reports"
