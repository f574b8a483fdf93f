/* store.h - the SQLite store behind sitrep_store (store.c), shared with
 * fusion (fuse.c) and checks (check.c). Schema: src/schema_v*.sql, embedded
 * at build time; PRAGMA user_version is the schema version. */
#ifndef SR_STORE_H
#define SR_STORE_H

#include "util.h"

#include <sqlite3.h>

#define SR_STORE_MAX_STMTS 96

struct sitrep_store {
    sqlite3 *db;
    char errmsg[SR_ERRMSG_MAX];
    bool txn;      /* a batch (sitrep_store_begin) is open */
    bool readonly;
    /* Prepared statements, each prepared once and reused: keyed by the
     * address of the static SQL text that made it. */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } stmts[SR_STORE_MAX_STMTS];
    size_t nstmts;
};

/* The prepared statement for sql (a static string: its address is the key),
 * reset and with no bindings; NULL on failure (message on s). The statement
 * stays owned by s. */
sqlite3_stmt *sr_stmt(sitrep_store *s, const char *sql);

/* Sets the message on s from the connection's error ("what: sqlite says")
 * and returns SITREP_EDB (SITREP_ENOMEM for SQLITE_NOMEM). */
sitrep_status sr_store_dberr(sitrep_store *s, const char *what);

/* Steps a statement that returns no row (or whose rows are not wanted);
 * resets it. */
sitrep_status sr_step_done(sitrep_store *s, sqlite3_stmt *st, const char *what);

/* Binds text, or NULL when s is NULL. */
int sr_bind_str(sqlite3_stmt *st, int i, const char *s);
/* Binds an integer, or NULL when has is false. */
int sr_bind_opt_int(sqlite3_stmt *st, int i, bool has, int64_t v);
/* A column as text (NULL when the value is NULL), copied into arena a. */
const char *sr_col_str(sqlite3_stmt *st, int i, sr_arena *a);
/* The status of a statement whose last step returned rc (SITREP_OK for
 * SQLITE_DONE, else the error, its message on s); resets it. */
sitrep_status sr_step_end(sitrep_store *s, sqlite3_stmt *st, int rc, const char *what);
/* Steps a statement that returns one row: SITREP_OK with the row to read
 * (the caller resets st after), or the error (st reset). */
sitrep_status sr_step_row(sitrep_store *s, sqlite3_stmt *st, const char *what);
/* Runs sql, which takes text ?1 = key and gives an integer: *id is it, or 0
 * when there is no row. */
sitrep_status sr_lookup_id(sitrep_store *s, const char *sql, const char *key, const char *what, int64_t *id);
/* A column as an integer, -1 when the value is NULL. */
int64_t sr_col_opt_int(sqlite3_stmt *st, int i);
/* A count from columns i to i + 4: outcome, group, min, max, qualifier (a
 * name not known reads as killed, people, exact); no evidence. */
sitrep_count sr_col_count(sqlite3_stmt *st, int i);

/* Runs f inside a transaction: the open batch (with a savepoint, so that a
 * failing f undoes only its own work) or a new BEGIN IMMEDIATE ... COMMIT. */
sitrep_status sr_store_atomic(sitrep_store *s, sitrep_status (*f)(sitrep_store *, void *), void *arg);

/* sitrep_store_open with the schema brought to version `target` only (tests
 * make databases of an older version with it). */
sitrep_status sr_store_open_version(const char *path, unsigned flags, int target, sitrep_store **out,
                                    char *errbuf, size_t errbuf_size);

/* The content hash of a document's text, as 16 hex digits: sr_hash of the
 * text with whitespace normalised (every run of whitespace, Unicode's
 * included, read as one space; none at either end), so that two texts that
 * differ only in whitespace are the same article. The stored text is the
 * one first given: evidence offsets refer to it. SITREP_ENOMEM or OK. */
sitrep_status sr_text_hash(const char *text, size_t len, char out[17]);

/* Days since 1970-01-01 of "YYYY-MM-DD", or false. */
bool sr_iso_days(const char *iso, int64_t *days);

/* record_parse.c: enum values from their record names; -1 when unknown. */
int sr_outcome_parse(const char *s);
int sr_group_parse(const char *s);
int sr_qualifier_parse(const char *s);
int sr_certainty_parse(const char *s);
int sr_precision_parse(const char *s);
int sr_place_precision_parse(const char *s);
int sr_cause_parse(const char *s);

#endif
