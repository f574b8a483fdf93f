#!/bin/sh
# Two ingests into one database at once both finish, with nothing lost: two
# files of 3,000 articles that share 1,000.
set -u
SITREP=${SITREP:-build/sitrep}
dir=$(mktemp -d /tmp/sitrep-conc-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/c.db
gen() { # first last
    awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++)
      printf "{\"id\":\"c%d\",\"published\":\"2017-01-%02d\",\"text\":\"Report %d: %d people were killed by shelling in Homs on Sunday.\"}\n", i, 1 + i % 28, i, 1 + i % 30 }'
}
gen 1 3000 > "$dir/one.jsonl"
gen 2001 5000 > "$dir/two.jsonl"
"$SITREP" ingest -q --no-progress --batch 20 --db "$db" "$dir/one.jsonl" & p1=$!
"$SITREP" ingest -q --no-progress --batch 20 --db "$db" "$dir/two.jsonl" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] || { echo "exit statuses $r1 $r2"; exit 1; }
q() { sqlite3 "$db" "$1"; }
[ "$(q 'PRAGMA integrity_check')" = ok ] || exit 1
[ "$(q 'SELECT count(*) FROM documents')" = 5000 ] || { echo "documents: $(q 'SELECT count(*) FROM documents')"; exit 1; }
[ "$(q 'SELECT count(*) FROM documents_fts')" = 5000 ] || exit 1
[ "$(q 'SELECT count(*) FROM incidents WHERE fused_id IS NULL')" = 0 ] || exit 1
echo "5000 documents from two concurrent ingests"
