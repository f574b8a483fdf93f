# serve.sh - sourced by the scripts that run `sitrep serve` (tests/shell,
# bench/serve_pages.sh); $SITREP is the program.
#
# serve_tmp: a new temporary directory in tmp, removed when the script
# exits, when the server it started (pid) is stopped too.
serve_tmp() {
    tmp=$(mktemp -d)
    pid=""
    trap serve_cleanup EXIT
}
serve_cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    chmod -R u+w "$tmp" 2>/dev/null || true
    rm -rf "$tmp"
}

# serve_start OUT ERR TRIES ARGS...: starts `$SITREP serve ARGS...` in the
# background, its output in OUT and ERR, and waits up to TRIES tenths of a
# second for it to say where it listens. Sets pid and url; returns 1, with
# what the server said, when it did not start.
serve_start() {
    serve_out=$1 serve_err=$2 serve_tries=$3
    shift 3
    "$SITREP" serve "$@" > "$serve_out" 2> "$serve_err" &
    pid=$!
    serve_i=0
    until grep -q '^sitrep serve: http' "$serve_out" 2>/dev/null; do
        serve_i=$((serve_i + 1))
        if [ "$serve_i" -gt "$serve_tries" ] || ! kill -0 "$pid" 2>/dev/null; then
            echo "the server did not start:"
            cat "$serve_err"
            return 1
        fi
        sleep 0.1
    done
    url=$(sed -n 's/^sitrep serve: \(http[^ ]*\).*/\1/p' "$serve_out")
}
