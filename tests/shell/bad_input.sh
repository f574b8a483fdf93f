#!/bin/sh
# bad_input.sh - every kind of bad input gets a message naming the file and
# the line or byte, is skipped while the other documents are still read,
# and makes the exit status 1; huge inputs are read in bounded memory.
#
# Each check runs `sitrep read` (and some `sitrep extract`) on a bad input
# next to a good document, then looks at stdout, stderr and the status.
set -u
SITREP=${SITREP:-${BUILD:-build}/sitrep}
case $SITREP in /*) ;; *) SITREP=$(pwd)/$SITREP ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bad_input.XXXXXX") || exit 2
chmod 755 "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
failures=0
checks=0

fail() {
    failures=$((failures + 1))
    echo "FAIL: $*"
    echo "  stderr:"; sed 's/^/    /' "$tmp/err" | head -n 5
    echo "  stdout:"; cut -c1-200 "$tmp/out" | sed 's/^/    /' | head -n 5
}

# expect NAME RC OUT_PATTERN ERR_PATTERN: the last run's status is RC, its
# stdout matches OUT_PATTERN and its stderr ERR_PATTERN (grep -E; "" for
# no check).
expect() {
    checks=$((checks + 1))
    if [ "$rc" != "$2" ]; then fail "$1: exit status $rc, expected $2"; return; fi
    if [ -n "$3" ] && ! grep -Eq "$3" "$tmp/out"; then fail "$1: stdout lacks /$3/"; return; fi
    if [ -n "$4" ] && ! grep -Eq "$4" "$tmp/err"; then fail "$1: stderr lacks /$4/"; return; fi
    echo "ok    $1"
}

run() { "$SITREP" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

# Peak resident memory of a command in kB (GNU time), or empty. It runs in
# a command substitution, so its status goes through a file: use
# `kb=$(peak_kb ...); rc=$(cat "$tmp/rc")`.
peak_kb() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"
        echo $? >"$tmp/rc"
        tail -n 1 "$tmp/rss"
    else
        "$@" >"$tmp/out" 2>"$tmp/err"
        echo $? >"$tmp/rc"
    fi
}

# expect_rss NAME KB LIMIT_MB: KB (from peak_kb) stays under LIMIT_MB.
expect_rss() {
    checks=$((checks + 1))
    if [ -z "$2" ]; then echo "note  $1: no /usr/bin/time, memory not measured"; return; fi
    if [ "$2" -gt $(($3 * 1024)) ]; then fail "$1: peak memory $2 kB, more than $3 MB"; return; fi
    echo "ok    $1 (peak $(($2 / 1024)) MB)"
}

good=$tmp/good.txt
printf 'Two people were killed in a good document.\n' >"$good"
GOOD='"origin":"[^"]*good.txt"'

# ---- files and directories ----

run read "$tmp/missing.txt" "$good"
expect "missing file" 1 "$GOOD" 'missing\.txt: No such file or directory \(skipped\)'

run extract --no-progress "$tmp/missing.txt" "$good"
expect "missing file (extract)" 1 '"incidents"' 'missing\.txt: No such file or directory'

mkdir "$tmp/locked"
printf 'hidden behind a mode of 000\n' >"$tmp/locked/a.txt"
chmod 000 "$tmp/locked"
if [ "$(id -u)" -ne 0 ]; then
    run read "$tmp/locked" "$good"
    expect "unreadable directory" 1 "$GOOD" 'locked: cannot read the directory: Permission denied'
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$SITREP"; then
    # root reads any directory: run as nobody instead
    setpriv --reuid=65534 --regid=65534 --clear-groups "$SITREP" read "$tmp/locked" "$good" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    expect "unreadable directory (as nobody)" 1 "$GOOD" 'locked: cannot read the directory: Permission denied'
else
    echo "note  unreadable directory: running as root without setpriv, not checked"
fi
chmod 755 "$tmp/locked"

: >"$tmp/empty.txt"
run read "$tmp/empty.txt" "$good"
expect "empty file" 1 "$GOOD" 'empty\.txt: empty file'

printf 'header\000\001\002binary\377\376' >"$tmp/blob.txt"
run read "$tmp/blob.txt" "$good"
expect "binary data" 1 "$GOOD" 'blob\.txt: binary data, not text \(a NUL byte at byte 6\)'

head -c 3000 /dev/urandom >"$tmp/random.html"
printf '\000' >>"$tmp/random.html"
run read "$tmp/random.html" "$good"
expect "binary data as HTML" 1 "$GOOD" 'random\.html: binary data'

printf 'Caf\351 bombing: \223ten\224 killed\n' >"$tmp/latin1.txt"
run read "$tmp/latin1.txt" "$good"
expect "invalid UTF-8 is read as Windows-1252" 0 'Café bombing: “ten” killed.*first bad byte at offset 3' ''

# ---- records ----

printf 'id,text\n1,"fine"\n2,"a stray quote\n3,read again after it\n' >"$tmp/quote.csv"
run read "$tmp/quote.csv"
expect "CSV unbalanced quote" 1 '"id":"3"' 'quote\.csv:3: unbalanced quote: the quoted field that begins here \(column 3\) is not closed'

printf 'id,text\n1,"fine"\n2,"a stray quote\n' | "$SITREP" read --format csv >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "CSV unbalanced quote on a pipe" 1 '"id":"1"' '<stdin>:3: unbalanced quote.*the rest of the file is skipped'

printf '{"id":"ok1","text":"fine"}\n{"id": "broken", "text": \n{"id":"nope"}\n{"id":"ok2","text":"fine"}\n' >"$tmp/bad.jsonl"
run read "$tmp/bad.jsonl"
expect "JSONL not JSON" 1 '"id":"ok2"' 'bad\.jsonl:2: not JSON: .*\(column [0-9]+\)'
expect "JSONL without text" 1 '"id":"ok1"' 'bad\.jsonl:3: no "text" string'

printf '<html><head><title>t</title></head><body><script>x()</script></body></html>' >"$tmp/nobody.html"
printf '<html><head><title>t</title></head></html>' >"$tmp/nobody2.html"
run read "$tmp/nobody.html" "$tmp/nobody2.html" "$good"
expect "HTML with no text in its body" 1 "$GOOD" "nobody\\.html: no text in the page's body"
expect "HTML with no body" 1 "$GOOD" "nobody2\\.html: no text in the page's body"

# Deep nesting: gumbo's tree building is quadratic in it (see read_html.c).
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "<div>"; print "text" }' >"$tmp/deep.html"
run read "$tmp/deep.html" "$good"
expect "HTML nested 200,000 deep" 1 "$GOOD" 'deep\.html: elements nested more than 512 deep at byte [0-9]+'

# ---- huge inputs, in bounded memory ----
#
# With the default limit (16 MB) the messages are checked; with --max-doc 1M
# the memory is: a reader that streams stays at a few MB whatever the size
# of the input, one that slurped would need 50 or 100 MB. AddressSanitizer
# builds need more for themselves.
small_mb=16 default_mb=64
if grep -aq __asan_init "$SITREP"; then small_mb=64 default_mb=160; fi

gen() { head -c "$1" /dev/zero | tr '\0' "$2"; }

# 100 MB of text: a file (its size says it all: not read) and a pipe (read
# up to the limit, then left).
truncate -s 100000000 "$tmp/huge.txt"
kb=$(peak_kb "$SITREP" read "$tmp/huge.txt" "$good"); rc=$(cat "$tmp/rc")
expect "100 MB document (file)" 1 "$GOOD" 'huge\.txt: 100000000 bytes, more than the limit of 16777216 bytes'
expect_rss "100 MB document (file): memory" "$kb" "$small_mb"

kb=$(gen 100000000 a | peak_kb "$SITREP" read --format text); rc=$(cat "$tmp/rc")
expect "100 MB document (stdin)" 1 '' '<stdin>: more than the limit of 16777216 bytes'
expect_rss "100 MB document (stdin): memory, 16 MB limit" "$kb" "$default_mb"
kb=$(gen 100000000 a | peak_kb "$SITREP" read --format text --max-doc 1M); rc=$(cat "$tmp/rc")
expect_rss "100 MB document (stdin): memory, 1 MB limit" "$kb" "$small_mb"

# One 50 MB line in JSON Lines and in CSV, with a good record after.
long_jsonl() {
    printf '{"id":"big","text":"'; gen 50000000 b
    printf '"}\n{"id":"after","text":"The record after the long line."}\n'
}
long_csv() {
    printf 'id,text\nbig,'; gen 50000000 c
    printf '\nafter,"The record after the long line."\n'
}
kb=$(long_jsonl | peak_kb "$SITREP" read --format jsonl); rc=$(cat "$tmp/rc")
expect "50 MB line (JSON Lines)" 1 '"id":"after"' '<stdin>:1: line longer than the limit of 16777216 bytes'
expect_rss "50 MB line (JSON Lines): memory, 16 MB limit" "$kb" "$default_mb"
kb=$(long_jsonl | peak_kb "$SITREP" read --format jsonl --max-doc 1M); rc=$(cat "$tmp/rc")
expect "50 MB line (JSON Lines), 1 MB limit" 1 '"id":"after"' '<stdin>:1: line longer than the limit of 1048576 bytes'
expect_rss "50 MB line (JSON Lines): memory, 1 MB limit" "$kb" "$small_mb"

kb=$(long_csv | peak_kb "$SITREP" read --format csv); rc=$(cat "$tmp/rc")
expect "50 MB line (CSV)" 1 '"id":"after"' '<stdin>:2: record longer than the limit of 16777216 bytes'
expect_rss "50 MB line (CSV): memory, 16 MB limit" "$kb" "$default_mb"
kb=$(long_csv | peak_kb "$SITREP" read --format csv --max-doc 1M); rc=$(cat "$tmp/rc")
expect "50 MB line (CSV), 1 MB limit" 1 '"id":"after"' '<stdin>:2: record longer than the limit of 1048576 bytes'
expect_rss "50 MB line (CSV): memory, 1 MB limit" "$kb" "$small_mb"

rm -f "$tmp/huge.txt"

echo "bad_input: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
