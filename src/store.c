/* store.c - the SQLite store: opening and migrating the database,
 * transactions, and ingesting records (documents, reports, counts, places,
 * actors, evidence spans). Queries are in store_query.c, fusion in fuse.c,
 * reference records and checks in check.c.
 *
 * Durability: WAL journal with synchronous=NORMAL, so a killed process
 * (kill -9) loses at most the transaction it had open and never leaves a
 * half-written one. Concurrency: a writer takes the write lock at once
 * (BEGIN IMMEDIATE) and waits for other writers (busy timeout, then retry),
 * so two ingests into one database both finish. */
#include "store.h"

#include "check.h"
#include "fold.h"
#include "fuse.h"
#include "json.h"
#include "lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000
#define BUSY_RETRY_SECONDS 600 /* give up waiting for the write lock after this */

/* ---- statements and errors ---- */

sitrep_status sr_store_dberr(sitrep_store *s, const char *what)
{
    int code = sqlite3_errcode(s->db);
    snprintf(s->errmsg, sizeof s->errmsg, "%s: %s", what, sqlite3_errmsg(s->db));
    return code == SQLITE_NOMEM ? SITREP_ENOMEM : SITREP_EDB;
}

sqlite3_stmt *sr_stmt(sitrep_store *s, const char *sql)
{
    for (size_t i = 0; i < s->nstmts; i++) {
        if (s->stmts[i].sql == sql) {
            sqlite3_stmt *st = s->stmts[i].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    if (s->nstmts == SR_STORE_MAX_STMTS) {
        snprintf(s->errmsg, sizeof s->errmsg, "internal: too many prepared statements");
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        sr_store_dberr(s, "preparing a statement");
        return NULL;
    }
    s->stmts[s->nstmts].sql = sql;
    s->stmts[s->nstmts].st = st;
    s->nstmts++;
    return st;
}

sitrep_status sr_step_end(sitrep_store *s, sqlite3_stmt *st, int rc, const char *what)
{
    sitrep_status e = rc == SQLITE_DONE ? SITREP_OK : sr_store_dberr(s, what);
    sqlite3_reset(st);
    return e;
}

sitrep_status sr_step_done(sitrep_store *s, sqlite3_stmt *st, const char *what)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    return sr_step_end(s, st, rc, what);
}

int sr_bind_str(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int sr_bind_opt_int(sqlite3_stmt *st, int i, bool has, int64_t v)
{
    return has ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

const char *sr_col_str(sqlite3_stmt *st, int i, sr_arena *a)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? sr_arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

sitrep_status sr_step_row(sitrep_store *s, sqlite3_stmt *st, const char *what)
{
    if (sqlite3_step(st) == SQLITE_ROW)
        return SITREP_OK;
    sitrep_status e = sr_store_dberr(s, what);
    sqlite3_reset(st);
    return e;
}

sitrep_status sr_lookup_id(sitrep_store *s, const char *sql, const char *key, const char *what, int64_t *id)
{
    *id = 0;
    sqlite3_stmt *q = sr_stmt(s, sql);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        rc = SQLITE_DONE; /* the first row is the one */
    }
    return sr_step_end(s, q, rc, what);
}

int64_t sr_col_opt_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

sitrep_count sr_col_count(sqlite3_stmt *st, int i)
{
    sitrep_count c = {0};
    int o = sr_outcome_parse((const char *)sqlite3_column_text(st, i));
    int g = sr_group_parse((const char *)sqlite3_column_text(st, i + 1));
    int ql = sr_qualifier_parse((const char *)sqlite3_column_text(st, i + 4));
    c.outcome = o < 0 ? SITREP_OUTCOME_KILLED : (sitrep_outcome)o;
    c.group = g < 0 ? SITREP_GROUP_PEOPLE : (sitrep_group)g;
    c.qualifier = ql < 0 ? SITREP_QUAL_EXACT : (sitrep_qualifier)ql;
    c.min = sr_col_opt_int(st, i + 2);
    c.max = sr_col_opt_int(st, i + 3);
    return c;
}

bool sr_iso_days(const char *iso, int64_t *days)
{
    int y, m, d;
    if (!iso || !sr_parse_iso_date(iso, &y, &m, &d))
        return false;
    *days = sr_days_from_civil(y, m, d);
    return true;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Runs one SQL statement with no result, retrying while another connection
 * holds the lock (SQLITE_BUSY survives the busy timeout only under heavy
 * contention; we then wait again, up to BUSY_RETRY_SECONDS). */
static sitrep_status exec_retry(sitrep_store *s, const char *sql, const char *what)
{
    time_t t0 = time(NULL);
    for (int attempt = 0;; attempt++) {
        int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return SITREP_OK;
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            return sr_store_dberr(s, what);
        if (time(NULL) - t0 > BUSY_RETRY_SECONDS)
            return sr_store_dberr(s, what);
        sleep_ms(10 + (attempt % 10) * 10);
    }
}

/* ---- SQL functions registered on the connection ---- */

/* sr_admin1_key(admin1, country) */
static void fn_admin1_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    const char *a = (const char *)sqlite3_value_text(argv[0]);
    const char *c = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : NULL;
    char key[128];
    sr_admin1_key(a ? a : "", c ? c : "", key, sizeof key);
    sqlite3_result_text(cx, key, -1, SQLITE_TRANSIENT);
}

/* sr_fold(text): case, accents and apostrophes folded as fold.h does. */
static void fn_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(cx);
        return;
    }
    sr_buf b = {0};
    if (sr_fold(t, (size_t)sqlite3_value_bytes(argv[0]), &b) != SITREP_OK) {
        sr_buf_free(&b);
        sqlite3_result_error_nomem(cx);
        return;
    }
    sqlite3_result_text(cx, b.data ? b.data : "", (int)b.len, SQLITE_TRANSIENT);
    sr_buf_free(&b);
}

/* sr_text_hash(text): the content hash of a document (sr_text_hash). */
static void fn_text_hash(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    char hash[17];
    if (sr_text_hash(t ? t : "", t ? (size_t)sqlite3_value_bytes(argv[0]) : 0, hash) != SITREP_OK) {
        sqlite3_result_error_nomem(cx);
        return;
    }
    sqlite3_result_text(cx, hash, 16, SQLITE_TRANSIENT);
}

/* ---- schema and migrations ---- */

/* The schema files, in version order: schema_vN.sql brings version N-1 to N. */
static const char *const schema_files[] = {"src/schema_v1.sql", "src/schema_v2.sql", "src/schema_v3.sql",
                                           "src/schema_v4.sql"};

static int user_version(sitrep_store *s)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int sitrep_store_schema_version(sitrep_store *s) { return user_version(s); }

/* The first column of a one-row query as an integer; -1 on failure. */
static int64_t count_rows(sitrep_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Applies the migrations from the database's version up to `target`, in one
 * transaction (another process may be doing the same: the version is read
 * again under the write lock). */
static sitrep_status migrate_to(sitrep_store *s, const char *path, int target)
{
    int v = user_version(s);
    if (v < 0)
        return sr_store_dberr(s, "reading the schema version");
    if (v > SITREP_STORE_SCHEMA_VERSION) {
        snprintf(s->errmsg, sizeof s->errmsg,
                 "the database has schema version %d, newer than this sitrep's %d", v,
                 SITREP_STORE_SCHEMA_VERSION);
        return SITREP_EDB;
    }
    if (v >= target)
        return SITREP_OK;
    if (s->readonly) {
        if (v == 0)
            snprintf(s->errmsg, sizeof s->errmsg, "%s holds no sitrep database yet: run `sitrep ingest --db %s`",
                     path, path);
        else
            snprintf(s->errmsg, sizeof s->errmsg,
                     "database schema v%d is older than this sitrep (v%d): run `sitrep ingest --db %s` or "
                     "`sitrep migrate --db %s`",
                     v, SITREP_STORE_SCHEMA_VERSION, path, path);
        return SITREP_EDB;
    }
    sitrep_status st = exec_retry(s, "BEGIN IMMEDIATE", "starting the migration");
    if (st != SITREP_OK)
        return st;
    v = user_version(s);
    int64_t fused_before = -1, fused_after = -1;
    for (int n = v + 1; n <= target; n++) {
        if (n == 3)
            fused_before = count_rows(s, "SELECT count(*) FROM fused");
        const sr_embedded_file *f = sr_embedded_find(schema_files[n - 1]);
        if (!f) {
            snprintf(s->errmsg, sizeof s->errmsg, "internal: %s is not embedded", schema_files[n - 1]);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return SITREP_EDATA;
        }
        char *err = NULL;
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", n);
        if (sqlite3_exec(s->db, (const char *)f->data, NULL, NULL, &err) != SQLITE_OK ||
            sqlite3_exec(s->db, pragma, NULL, NULL, &err) != SQLITE_OK) {
            snprintf(s->errmsg, sizeof s->errmsg, "migrating the schema to version %d: %s", n,
                     err ? err : "failed");
            sqlite3_free(err);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return SITREP_EDB;
        }
        if (n == 3)
            fused_after = count_rows(s, "SELECT count(*) FROM fused");
    }
    if ((st = exec_retry(s, "COMMIT", "committing the migration")) != SITREP_OK)
        return st;
    /* version 3 merged documents that differ only in whitespace and forgot
     * the fused incidents of their reports: fuse those reports again */
    if (fused_after < fused_before)
        return sitrep_store_fuse(s, 0, NULL);
    return SITREP_OK;
}

sitrep_status sr_store_open_version(const char *path, unsigned flags, int target, sitrep_store **out,
                                    char *errbuf, size_t errbuf_size)
{
    *out = NULL;
    struct stat sb;
    if ((flags & SITREP_STORE_NOCREATE) && stat(path, &sb) != 0) {
        if (errbuf && errbuf_size)
            snprintf(errbuf, errbuf_size, "%s: no such database", path);
        return SITREP_ENOTFOUND;
    }
    sitrep_store *s = calloc(1, sizeof *s);
    if (!s)
        return SITREP_ENOMEM;
    s->readonly = (flags & SITREP_STORE_READONLY) != 0;
    int oflags = s->readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sitrep_status st = SITREP_OK;
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        st = sr_store_dberr(s, path);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 0);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (sqlite3_create_function(s->db, "sr_admin1_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                fn_admin1_key, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(s->db, "sr_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_fold,
                                NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(s->db, "sr_text_hash", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                fn_text_hash, NULL, NULL) != SQLITE_OK) {
        st = sr_store_dberr(s, "registering SQL functions");
        goto fail;
    }
    if (!s->readonly && (st = exec_retry(s, "PRAGMA journal_mode = WAL", "setting the WAL journal")) != SITREP_OK)
        goto fail;
    if ((st = exec_retry(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", "setting pragmas")) !=
        SITREP_OK)
        goto fail;
    if ((st = migrate_to(s, path, target)) != SITREP_OK)
        goto fail;
    *out = s;
    return SITREP_OK;
fail:
    if (errbuf && errbuf_size)
        snprintf(errbuf, errbuf_size, "%s", s->errmsg[0] ? s->errmsg : sitrep_status_str(st));
    sitrep_store_close(s);
    return st;
}

sitrep_status sitrep_store_file_version(const char *path, int *version, char *errbuf, size_t errbuf_size)
{
    *version = -1;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errbuf && errbuf_size)
            snprintf(errbuf, errbuf_size, "%s: no such database", path);
        return SITREP_ENOTFOUND;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    sitrep_status st = SITREP_EDB;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
        if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW) {
            *version = sqlite3_column_int(q, 0);
            st = SITREP_OK;
        }
    }
    if (st != SITREP_OK && errbuf && errbuf_size)
        snprintf(errbuf, errbuf_size, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot be opened");
    sqlite3_finalize(q);
    sqlite3_close(db);
    return st;
}

/* Whether a writing connection could migrate the file: the file and its
 * directory (journal, WAL index) are writable. */
static bool can_write(const char *path)
{
    if (access(path, W_OK) != 0)
        return false;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    return access(dir, W_OK) == 0;
}

sitrep_status sitrep_store_open(const char *path, unsigned flags, sitrep_store **out, char *errbuf,
                                size_t errbuf_size)
{
    if ((flags & SITREP_STORE_READONLY) && (flags & SITREP_STORE_MIGRATE)) {
        /* an older schema is brought up to date by a short writing
         * connection first, when the file can be written; the read-only
         * open below then says why not, when it cannot */
        int v = -1;
        if (sitrep_store_file_version(path, &v, NULL, 0) == SITREP_OK && v > 0 && v < SITREP_STORE_SCHEMA_VERSION &&
            can_write(path)) {
            sitrep_store *w = NULL;
            unsigned wf = (flags & ~(unsigned)(SITREP_STORE_READONLY | SITREP_STORE_MIGRATE)) | SITREP_STORE_NOCREATE;
            sitrep_status st = sr_store_open_version(path, wf, SITREP_STORE_SCHEMA_VERSION, &w, errbuf, errbuf_size);
            sitrep_store_close(w);
            if (st != SITREP_OK) {
                *out = NULL;
                return st;
            }
        }
    }
    return sr_store_open_version(path, flags, SITREP_STORE_SCHEMA_VERSION, out, errbuf, errbuf_size);
}

void sitrep_store_close(sitrep_store *s)
{
    if (!s)
        return;
    if (s->txn)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    for (size_t i = 0; i < s->nstmts; i++)
        sqlite3_finalize(s->stmts[i].st);
    sqlite3_close(s->db);
    free(s);
}

const char *sitrep_store_errmsg(const sitrep_store *s) { return s->errmsg; }

/* ---- transactions ---- */

/* Opens the batch (open) or commits it with sql, when it is not already so. */
static sitrep_status batch_turn(sitrep_store *s, bool open, const char *sql, const char *what)
{
    if (s->txn == open) {
        snprintf(s->errmsg, sizeof s->errmsg, open ? "a batch is already open" : "no batch is open");
        return SITREP_EUSAGE;
    }
    sitrep_status st = exec_retry(s, sql, what);
    if (st == SITREP_OK)
        s->txn = open;
    return st;
}

sitrep_status sitrep_store_begin(sitrep_store *s) { return batch_turn(s, true, "BEGIN IMMEDIATE", "starting a batch"); }

sitrep_status sitrep_store_commit(sitrep_store *s) { return batch_turn(s, false, "COMMIT", "committing a batch"); }

sitrep_status sitrep_store_rollback(sitrep_store *s)
{
    if (!s->txn)
        return SITREP_OK;
    s->txn = false;
    if (sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
        return sr_store_dberr(s, "rolling back a batch");
    return SITREP_OK;
}

sitrep_status sr_store_atomic(sitrep_store *s, sitrep_status (*f)(sitrep_store *, void *), void *arg)
{
    sitrep_status st;
    if (s->txn) {
        if ((st = exec_retry(s, "SAVEPOINT sr_atomic", "opening a savepoint")) != SITREP_OK)
            return st;
        st = f(s, arg);
        if (st == SITREP_OK)
            return exec_retry(s, "RELEASE sr_atomic", "releasing a savepoint");
        sqlite3_exec(s->db, "ROLLBACK TO sr_atomic; RELEASE sr_atomic", NULL, NULL, NULL);
        return st;
    }
    if ((st = exec_retry(s, "BEGIN IMMEDIATE", "starting a transaction")) != SITREP_OK)
        return st;
    st = f(s, arg);
    if (st == SITREP_OK)
        return exec_retry(s, "COMMIT", "committing");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* ---- ingest ---- */

/* The byte length of the whitespace character at t[i], 0 when t[i] starts
 * none: ASCII space, tab and line breaks, and the other characters of
 * Unicode's White_Space property (no-break spaces, U+2000-U+200A, line and
 * paragraph separators, ideographic space). */
static inline size_t ws_len(const unsigned char *t, size_t n, size_t i)
{
    unsigned char c = t[i];
    if (c > ' ' && c < 0x80)
        return 0;
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xc2 && i + 1 < n && (t[i + 1] == 0x85 || t[i + 1] == 0xa0))
        return 2;
    if (i + 2 >= n)
        return 0;
    if (c == 0xe1 && t[i + 1] == 0x9a && t[i + 2] == 0x80)
        return 3;
    if (c == 0xe2 && t[i + 1] == 0x80 &&
        ((t[i + 2] >= 0x80 && t[i + 2] <= 0x8a) || t[i + 2] == 0xa8 || t[i + 2] == 0xa9 || t[i + 2] == 0xaf))
        return 3;
    if (c == 0xe2 && t[i + 1] == 0x81 && t[i + 2] == 0x9f)
        return 3;
    if (c == 0xe3 && t[i + 1] == 0x80 && t[i + 2] == 0x80)
        return 3;
    return 0;
}

/* The text with whitespace normalised: every run of whitespace read as one
 * space, none at either end. Written to b (cleared first). */
static sitrep_status normalise_ws(const char *text, size_t len, sr_buf *b)
{
    const unsigned char *t = (const unsigned char *)text;
    sr_buf_clear(b);
    bool gap = false;
    size_t i = 0, run = 0; /* run: start of the pending non-space bytes */
    while (i < len) {
        size_t w = ws_len(t, len, i);
        if (!w) {
            if (gap && b->len && sr_buf_putc(b, ' ') != SITREP_OK)
                return SITREP_ENOMEM;
            gap = false;
            run = i;
            while (i < len && !ws_len(t, len, i))
                i++;
            if (sr_buf_put(b, text + run, i - run) != SITREP_OK)
                return SITREP_ENOMEM;
            continue;
        }
        gap = true;
        i += w;
    }
    return SITREP_OK;
}

sitrep_status sr_text_hash(const char *text, size_t len, char out[17])
{
    sr_buf b = {0};
    sitrep_status st = normalise_ws(text, len, &b);
    if (st == SITREP_OK)
        snprintf(out, 17, "%016llx", (unsigned long long)sr_hash(b.data ? b.data : "", b.len));
    sr_buf_free(&b);
    return st;
}

static const char SQL_DOC_BY_HASH[] = "SELECT id FROM documents WHERE content_hash = ?1";
static const char SQL_ALIAS[] = "INSERT OR IGNORE INTO document_ids(ext_id, document_id) VALUES (?1, ?2)";

/* The id of the stored document with this hash, or 0. */
static sitrep_status doc_by_hash(sitrep_store *s, const char *hash, int64_t *id)
{
    return sr_lookup_id(s, SQL_DOC_BY_HASH, hash, "looking up a document", id);
}

static sitrep_status add_alias(sitrep_store *s, const char *ext_id, int64_t doc)
{
    if (!ext_id)
        return SITREP_OK;
    sqlite3_stmt *st = sr_stmt(s, SQL_ALIAS);
    if (!st)
        return SITREP_EDB;
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, doc);
    return sr_step_done(s, st, "storing a document id");
}

typedef struct seen_arg {
    const char *hash, *ext_id;
    int seen;
} seen_arg;

static sitrep_status seen_tx(sitrep_store *s, void *p)
{
    seen_arg *a = p;
    int64_t id;
    sitrep_status st = doc_by_hash(s, a->hash, &id);
    if (st != SITREP_OK || !id)
        return st;
    a->seen = 1;
    return add_alias(s, a->ext_id, id);
}

sitrep_status sitrep_store_seen(sitrep_store *s, const sitrep_doc *doc, int *seen)
{
    *seen = 0;
    size_t len;
    const char *text = sitrep_doc_text(doc, &len);
    char hash[17];
    sitrep_status st = sr_text_hash(text ? text : "", text ? len : 0, hash);
    if (st != SITREP_OK)
        return st;
    int64_t id;
    st = doc_by_hash(s, hash, &id); /* a read first: no write lock when new */
    if (st != SITREP_OK || !id)
        return st;
    seen_arg a = {hash, sitrep_doc_get(doc, SITREP_DOC_ID), 0};
    if (s->readonly) {
        *seen = 1;
        return SITREP_OK;
    }
    st = sr_store_atomic(s, seen_tx, &a);
    *seen = a.seen;
    return st;
}

static const char SQL_DOC_INSERT[] =
    "INSERT INTO documents(ext_id, content_hash, source, title, published, published_from, url, text,"
    " sum_location, sum_actor, sum_cause, sum_civilians, sum_noncivilians, sum_children, sum_women,"
    " sum_date, main_incident, warnings)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
    " ON CONFLICT(content_hash) DO NOTHING RETURNING id";
static const char SQL_FTS_INSERT[] = "INSERT INTO documents_fts(rowid, title, text) VALUES (?1, ?2, ?3)";
static const char SQL_PLACE_UPSERT[] =
    "INSERT INTO places(geonames_id, name, admin1, country, lat, lon, precision, admin1_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, sr_admin1_key(?3, ?4))"
    " ON CONFLICT(geonames_id, name, admin1, country, precision) DO UPDATE SET name = excluded.name"
    " RETURNING id";
static const char SQL_ACTOR_UPSERT[] =
    "INSERT INTO actors(name) VALUES (?1) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id";
static const char SQL_SPAN_INSERT[] =
    "INSERT INTO spans(document_id, incident_id, kind, start, end, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_INCIDENT_INSERT[] =
    "INSERT INTO incidents(document_id, idx, scope, certainty, date_from, date_to, date_precision,"
    " day_from, day_to, place_id, cell, actor_id, actor_text, cause, claimant)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
static const char SQL_COUNT_INSERT[] =
    "INSERT INTO counts(incident_id, outcome, grp, min, max, qualifier, span_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Runs an INSERT ... RETURNING id (or a plain INSERT: the new rowid). */
static sitrep_status insert_id(sitrep_store *s, sqlite3_stmt *st, const char *what, int64_t *id)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    } else {
        *id = rc == SQLITE_DONE ? (sqlite3_changes(s->db) ? sqlite3_last_insert_rowid(s->db) : 0) : 0;
    }
    return sr_step_end(s, st, rc, what);
}

static sitrep_status add_span(sitrep_store *s, int64_t doc, int64_t inc, const char *kind, uint32_t start,
                              uint32_t end, const char *rule, int64_t *id)
{
    sqlite3_stmt *st = sr_stmt(s, SQL_SPAN_INSERT);
    if (!st)
        return SITREP_EDB;
    sqlite3_bind_int64(st, 1, doc);
    sr_bind_opt_int(st, 2, inc > 0, inc);
    sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, start);
    sqlite3_bind_int64(st, 5, end);
    sr_bind_str(st, 6, rule);
    int64_t dummy;
    return insert_id(s, st, "storing evidence", id ? id : &dummy);
}

static sitrep_status add_place(sitrep_store *s, const sitrep_place *p, int64_t *id)
{
    sqlite3_stmt *st = sr_stmt(s, SQL_PLACE_UPSERT);
    if (!st)
        return SITREP_EDB;
    sqlite3_bind_int64(st, 1, p->geonames_id > 0 ? p->geonames_id : 0);
    sqlite3_bind_text(st, 2, p->name ? p->name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->admin1 ? p->admin1 : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, p->country, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 5, p->lat);
    sqlite3_bind_double(st, 6, p->lon);
    sqlite3_bind_text(st, 7, sitrep_place_precision_name(p->precision), -1, SQLITE_STATIC);
    return insert_id(s, st, "storing a place", id);
}

static sitrep_status add_actor(sitrep_store *s, const char *name, int64_t *id)
{
    sqlite3_stmt *st = sr_stmt(s, SQL_ACTOR_UPSERT);
    if (!st)
        return SITREP_EDB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    return insert_id(s, st, "storing an actor", id);
}

/* A place is placed on the grid when it has coordinates. */
static bool has_coords(const sitrep_place *p) { return p->present && (p->lat != 0 || p->lon != 0); }

static sitrep_status add_incident(sitrep_store *s, int64_t doc, size_t idx, const sitrep_incident *in)
{
    sitrep_status st;
    int64_t place_id = 0, actor_id = 0, inc_id = 0;
    if (in->place.present && (st = add_place(s, &in->place, &place_id)) != SITREP_OK)
        return st;
    const char *actor = in->perpetrator.present ? (in->perpetrator.actor ? in->perpetrator.actor
                                                                          : in->perpetrator.name)
                                                : NULL;
    if (actor && (st = add_actor(s, actor, &actor_id)) != SITREP_OK)
        return st;

    sqlite3_stmt *q = sr_stmt(s, SQL_INCIDENT_INSERT);
    if (!q)
        return SITREP_EDB;
    int64_t dfrom = 0, dto = 0;
    bool has_from = in->date.present && sr_iso_days(in->date.from, &dfrom);
    bool has_to = in->date.present && sr_iso_days(in->date.to, &dto);
    if (has_from && !has_to) {
        dto = dfrom;
        has_to = true;
    }
    if (!has_from && has_to) {
        dfrom = dto;
        has_from = true;
    }
    if (has_from && dto < dfrom)
        dto = dfrom;
    sqlite3_bind_int64(q, 1, doc);
    sqlite3_bind_int64(q, 2, (int64_t)idx);
    sqlite3_bind_text(q, 3, in->scope == SITREP_SCOPE_WAR ? "war" : "event", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, sitrep_certainty_name(in->certainty), -1, SQLITE_STATIC);
    sr_bind_str(q, 5, in->date.present && in->date.from[0] ? in->date.from : NULL);
    sr_bind_str(q, 6, in->date.present && in->date.to[0] ? in->date.to : NULL);
    sr_bind_str(q, 7, in->date.present ? sitrep_precision_name(in->date.precision) : NULL);
    sr_bind_opt_int(q, 8, has_from, dfrom);
    sr_bind_opt_int(q, 9, has_from, dto);
    sr_bind_opt_int(q, 10, place_id > 0, place_id);
    sr_bind_opt_int(q, 11, has_coords(&in->place), sr_fuse_cell(in->place.lat, in->place.lon));
    sr_bind_opt_int(q, 12, actor_id > 0, actor_id);
    sr_bind_str(q, 13, in->perpetrator.present ? in->perpetrator.name : NULL);
    sr_bind_str(q, 14, in->cause.present ? sitrep_cause_name(in->cause.category) : NULL);
    sr_bind_str(q, 15, in->claimed_by.present ? in->claimed_by.name : NULL);
    if ((st = insert_id(s, q, "storing an incident", &inc_id)) != SITREP_OK)
        return st;

    for (size_t k = 0; k < in->ncounts; k++) {
        const sitrep_count *c = &in->counts[k];
        int64_t span = 0;
        if ((st = add_span(s, doc, inc_id, "count", c->evidence.start, c->evidence.end, c->evidence.rule,
                           &span)) != SITREP_OK)
            return st;
        sqlite3_stmt *cq = sr_stmt(s, SQL_COUNT_INSERT);
        if (!cq)
            return SITREP_EDB;
        sqlite3_bind_int64(cq, 1, inc_id);
        sqlite3_bind_text(cq, 2, sitrep_outcome_name(c->outcome), -1, SQLITE_STATIC);
        sqlite3_bind_text(cq, 3, sitrep_group_name(c->group), -1, SQLITE_STATIC);
        sr_bind_opt_int(cq, 4, c->min >= 0, c->min);
        sr_bind_opt_int(cq, 5, c->max >= 0, c->max);
        sqlite3_bind_text(cq, 6, sitrep_qualifier_name(c->qualifier), -1, SQLITE_STATIC);
        sqlite3_bind_int64(cq, 7, span);
        if ((st = sr_step_done(s, cq, "storing a count")) != SITREP_OK)
            return st;
    }
    struct {
        int present;
        const char *kind;
        const sitrep_evidence *e;
    } ev[] = {
        {in->date.present, "date", &in->date.evidence},
        {in->place.present, "place", &in->place.evidence},
        {in->perpetrator.present, "perpetrator", &in->perpetrator.evidence},
        {in->cause.present, "cause", &in->cause.evidence},
        {in->claimed_by.present, "claimant", &in->claimed_by.evidence},
    };
    for (size_t k = 0; k < SR_ARRAY_LEN(ev); k++)
        if (ev[k].present && ev[k].e->end > ev[k].e->start &&
            (st = add_span(s, doc, inc_id, ev[k].kind, ev[k].e->start, ev[k].e->end, ev[k].e->rule, NULL)) !=
                SITREP_OK)
            return st;
    for (size_t k = 0; k < in->nsentences; k++)
        if ((st = add_span(s, doc, inc_id, "sentence", in->sentences[k].start, in->sentences[k].end, NULL,
                           NULL)) != SITREP_OK)
            return st;
    return SITREP_OK;
}

/* warnings as a JSON array */
static sitrep_status warnings_json(const sitrep_record *rec, sr_buf *b)
{
    size_t n;
    const char *const *w = sitrep_record_warnings(rec, &n);
    sitrep_status st = sr_buf_putc(b, '[');
    for (size_t i = 0; i < n && st == SITREP_OK; i++) {
        if (i)
            st = sr_buf_putc(b, ',');
        if (st == SITREP_OK)
            st = sr_json_cstr(b, w[i]);
    }
    if (st == SITREP_OK)
        st = sr_buf_putc(b, ']');
    return st;
}

typedef struct ingest_arg {
    const sitrep_record *rec;
    const char *hash;
    int added;
} ingest_arg;

static sitrep_status ingest_tx(sitrep_store *s, void *p)
{
    ingest_arg *a = p;
    const sitrep_record *rec = a->rec;
    const sitrep_docinfo *d = sitrep_record_doc(rec);
    const sitrep_summary *sum = sitrep_record_summary(rec);
    sitrep_status st;
    sr_buf warn = {0};
    if ((st = warnings_json(rec, &warn)) != SITREP_OK) {
        sr_buf_free(&warn);
        return st;
    }
    sqlite3_stmt *q = sr_stmt(s, SQL_DOC_INSERT);
    if (!q) {
        sr_buf_free(&warn);
        return SITREP_EDB;
    }
    sr_bind_str(q, 1, d->id ? d->id : a->hash);
    sqlite3_bind_text(q, 2, a->hash, -1, SQLITE_STATIC);
    sr_bind_str(q, 3, d->source);
    sr_bind_str(q, 4, d->title);
    sr_bind_str(q, 5, d->published);
    sr_bind_str(q, 6, d->published_from);
    sr_bind_str(q, 7, d->url);
    sqlite3_bind_text(q, 8, d->text ? d->text : "", (int)d->text_len, SQLITE_STATIC);
    if (sum->present) {
        sr_bind_str(q, 9, sum->location);
        sr_bind_str(q, 10, sum->actor);
        sr_bind_str(q, 11, sum->cause_of_death);
        sqlite3_bind_int64(q, 12, sum->nb_civilians);
        sqlite3_bind_int64(q, 13, sum->nb_noncivilians);
        sqlite3_bind_int64(q, 14, sum->nb_children);
        sqlite3_bind_int64(q, 15, sum->nb_women);
        sr_bind_str(q, 16, sum->date[0] ? sum->date : NULL);
        sr_bind_opt_int(q, 17, sum->main_incident >= 0, sum->main_incident);
    }
    sqlite3_bind_text(q, 18, warn.data ? warn.data : "[]", -1, SQLITE_STATIC);
    int64_t doc = 0;
    st = insert_id(s, q, "storing a document", &doc);
    sr_buf_free(&warn);
    if (st != SITREP_OK)
        return st;
    if (!doc) { /* the same text is stored already */
        if ((st = doc_by_hash(s, a->hash, &doc)) != SITREP_OK)
            return st;
        a->added = 0;
        return add_alias(s, d->id, doc);
    }
    a->added = 1;
    if ((st = add_alias(s, d->id ? d->id : a->hash, doc)) != SITREP_OK)
        return st;
    sqlite3_stmt *f = sr_stmt(s, SQL_FTS_INSERT);
    if (!f)
        return SITREP_EDB;
    sqlite3_bind_int64(f, 1, doc);
    sr_bind_str(f, 2, d->title);
    sqlite3_bind_text(f, 3, d->text ? d->text : "", (int)d->text_len, SQLITE_STATIC);
    if ((st = sr_step_done(s, f, "indexing the text")) != SITREP_OK)
        return st;
    size_t n;
    const sitrep_incident *inc = sitrep_record_incidents(rec, &n);
    for (size_t i = 0; i < n; i++)
        if ((st = add_incident(s, doc, i, &inc[i])) != SITREP_OK)
            return st;
    const sitrep_span *bp = sitrep_record_boilerplate(rec, &n);
    for (size_t i = 0; i < n; i++)
        if ((st = add_span(s, doc, 0, "boilerplate", bp[i].start, bp[i].end, NULL, NULL)) != SITREP_OK)
            return st;
    /* the words of the summary's values (schema_v4.sql) */
    const struct {
        const char *kind;
        const sitrep_evidence *e;
    } sev[] = {{"summary_location", &sum->evidence.location},
               {"summary_actor", &sum->evidence.actor},
               {"summary_cause", &sum->evidence.cause_of_death}};
    for (size_t k = 0; sum->present && k < SR_ARRAY_LEN(sev); k++)
        if (sev[k].e->rule &&
            (st = add_span(s, doc, 0, sev[k].kind, sev[k].e->start, sev[k].e->end, sev[k].e->rule, NULL)) != SITREP_OK)
            return st;
    return SITREP_OK;
}

sitrep_status sitrep_store_ingest(sitrep_store *s, const sitrep_record *rec, int *added)
{
    if (added)
        *added = 0;
    const sitrep_docinfo *d = sitrep_record_doc(rec);
    if (d->text_len > INT32_MAX) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s: document too big to store", d->id ? d->id : "?");
        return SITREP_ETOOBIG;
    }
    char hash[17];
    sitrep_status st = sr_text_hash(d->text ? d->text : "", d->text_len, hash);
    if (st != SITREP_OK)
        return st;
    ingest_arg a = {rec, hash, 0};
    st = sr_store_atomic(s, ingest_tx, &a);
    if (st == SITREP_OK && added)
        *added = a.added;
    return st;
}

/* ---- figures ---- */

static const char SQL_STATS[] =
    "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM incidents),"
    " (SELECT count(*) FROM fused), (SELECT count(*) FROM incidents WHERE fused_id IS NULL),"
    " (SELECT count(*) FROM reference_records)";

sitrep_status sitrep_store_stats(sitrep_store *s, sitrep_store_counts *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sr_stmt(s, SQL_STATS);
    if (!st)
        return SITREP_EDB;
    sitrep_status e = sr_step_row(s, st, "counting");
    if (e != SITREP_OK)
        return e;
    out->documents = sqlite3_column_int64(st, 0);
    out->reports = sqlite3_column_int64(st, 1);
    out->fused = sqlite3_column_int64(st, 2);
    out->pending = sqlite3_column_int64(st, 3);
    out->references = sqlite3_column_int64(st, 4);
    sqlite3_reset(st);
    return SITREP_OK;
}
