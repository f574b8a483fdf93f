#!/bin/sh
# store_migrate.sh - a database of an older schema with the read-only
# commands and `sitrep migrate`: `search`, `incidents` and `serve` bring a
# writable file up to date by themselves (and say so on stderr), with the
# data kept; `migrate --check` tells the version without changing it;
# `migrate` migrates and says from which version; a database that cannot be
# written gets the message that names `sitrep migrate` (as root, checked by
# running the command as nobody).
#
# The older database is made by taking a current one back to schema v2: the
# objects that migration 3 adds are removed and the version set to 2 (the
# tables of v2 and v3 are the same; migration 3 recomputes the content
# hashes, which changes nothing here).
set -eu
SITREP=${SITREP:-build/sitrep}
. "$(dirname "$0")/lib/serve.sh"
serve_tmp
fail() { echo "FAIL: $*"; exit 1; }

cat > "$tmp/a.txt" <<'EOF'
Airstrikes kill 14 civilians in Douma

At least 14 civilians were killed on Monday in airstrikes on Douma, the Syrian
Observatory for Human Rights said.
EOF
"$SITREP" ingest -q --db "$tmp/cur.db" --published 2018-02-20 "$tmp/a.txt" >/dev/null 2>&1

sql() { # DB SQL: prints the first column of the first row
    python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[3]) if sys.argv[2]=="x" else print(c.execute(sys.argv[3]).fetchone()[0]); c.commit()' "$@"
}
older() { # DB: a copy of cur.db at schema v2
    rm -f "$1" "$1-wal" "$1-shm"
    python3 -c 'import sqlite3,shutil,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' "$tmp/cur.db" "$1"
    sql "$1" x "DROP INDEX incidents_pending; DROP INDEX fused_cell_lo; DROP INDEX fused_cell_long;
                CREATE INDEX fused_cell_day ON fused(cell, day_hi); PRAGMA user_version = 2;"
    [ "$(sql "$1" q 'PRAGMA user_version')" = 2 ] || fail "the copy is not at v2"
}
want=$(sql "$tmp/cur.db" q 'PRAGMA user_version')

# search on an older, writable database: migrated, found, said on stderr
older "$tmp/s.db"
"$SITREP" search --db "$tmp/s.db" Douma > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err"; fail "search on a v2 database"; }
grep -q "Douma" "$tmp/out" || fail "search found nothing after migrating"
grep -q "schema v2 brought up to date (v$want)" "$tmp/err" || { cat "$tmp/err"; fail "the migration is not told"; }
[ "$(sql "$tmp/s.db" q 'PRAGMA user_version')" = "$want" ] || fail "search did not migrate"
[ "$(sql "$tmp/s.db" q "SELECT count(*) FROM sqlite_master WHERE name = 'incidents_pending'")" = 1 ] || fail "index of v3 missing"
# again: nothing to tell
"$SITREP" search --db "$tmp/s.db" Douma > /dev/null 2> "$tmp/err"
[ ! -s "$tmp/err" ] || { cat "$tmp/err"; fail "a second search still migrates"; }

# incidents: the same, the data kept
older "$tmp/i.db"
"$SITREP" incidents --db "$tmp/i.db" --format csv > "$tmp/i.csv" 2> "$tmp/err" || { cat "$tmp/err"; fail "incidents on a v2 database"; }
"$SITREP" incidents --db "$tmp/cur.db" --format csv > "$tmp/cur.csv"
cmp -s "$tmp/i.csv" "$tmp/cur.csv" || fail "incidents differ after migrating"

# migrate --check changes nothing and exits 1; migrate says from which version
older "$tmp/m.db"
rc=0; "$SITREP" migrate --check --db "$tmp/m.db" > "$tmp/out" || rc=$?
[ "$rc" = 1 ] || fail "migrate --check on v2 exited $rc"
grep -q "schema v2, older" "$tmp/out" || fail "migrate --check: $(cat "$tmp/out")"
[ "$(sql "$tmp/m.db" q 'PRAGMA user_version')" = 2 ] || fail "migrate --check changed the file"
"$SITREP" migrate --db "$tmp/m.db" > "$tmp/out"
grep -q "schema v2 -> v$want" "$tmp/out" || fail "migrate: $(cat "$tmp/out")"
"$SITREP" migrate --db "$tmp/m.db" > "$tmp/out"
grep -q "schema v$want, up to date" "$tmp/out" || fail "migrate again: $(cat "$tmp/out")"
"$SITREP" migrate --check --db "$tmp/m.db" > /dev/null || fail "migrate --check on a current database"
rc=0; "$SITREP" migrate --db "$tmp/none.db" 2> "$tmp/err" || rc=$?
[ "$rc" = 3 ] || fail "migrate of a missing file exited $rc"

# serve: an older database is brought up to date at start
older "$tmp/w.db"
serve_start "$tmp/url" "$tmp/serr" 100 --db "$tmp/w.db" --port 0 || fail "serve did not start on a v2 database"
python3 - "$url" <<'PY' || fail "serve answers"
import json, sys, urllib.request
j = json.load(urllib.request.urlopen(sys.argv[1] + "api/incidents"))
assert j["total"]["incidents"] >= 1, j["total"]
PY
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
[ "$(sql "$tmp/w.db" q 'PRAGMA user_version')" = "$want" ] || fail "serve did not migrate"
grep -q "schema v2 brought up to date (v$want)" "$tmp/serr" || { cat "$tmp/serr"; fail "serve does not tell the migration"; }

# a database that cannot be written: the message names `sitrep migrate`
# (root may write any file: then the command runs as nobody, when setpriv can)
as=""
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        as="setpriv --reuid=65534 --regid=65534 --clear-groups"
    else
        echo "(root without setpriv: the read-only case is left to test_store)"
        as=skip
    fi
fi
if [ "$as" != skip ]; then
    mkdir "$tmp/ro"
    older "$tmp/ro/r.db"
    # the file cannot be written; its directory can (a reader of a WAL
    # database makes its shared-memory file there)
    chmod 755 "$tmp"
    chmod 1777 "$tmp/ro"
    chmod 444 "$tmp/ro/r.db"
    rc=0; $as "$SITREP" search --db "$tmp/ro/r.db" Douma > /dev/null 2> "$tmp/err" || rc=$?
    [ "$rc" = 3 ] || { cat "$tmp/err"; fail "search on a read-only v2 database exited $rc"; }
    grep -q "database schema v2 is older than this sitrep (v$want): run \`sitrep ingest --db $tmp/ro/r.db\` or \`sitrep migrate --db $tmp/ro/r.db\`" "$tmp/err" ||
        { cat "$tmp/err"; fail "the message for a read-only database"; }
    [ "$(sql "$tmp/ro/r.db" q 'PRAGMA user_version')" = 2 ] || fail "a read-only file was changed"
    rc=0; $as "$SITREP" incidents --db "$tmp/ro/r.db" > /dev/null 2> "$tmp/err" || rc=$?
    [ "$rc" = 3 ] && grep -q "sitrep migrate --db" "$tmp/err" || fail "incidents on a read-only v2 database"
fi
echo "store_migrate: ok"
