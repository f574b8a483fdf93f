/* serve_query.c - what the web view reads from the store: the pool of store
 * connections (one thread uses a connection at a time), and the few
 * read-only look-ups that the store's public API does not offer: one
 * document by its id, the fused incident of each of its reports, and the
 * date window of one fused incident. These are plain SELECTs against the
 * schema of src/schema_v1.sql; nothing here writes except sr_sq_ingest,
 * which goes through the public API. */
#include "serve.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sr_sq {
    sitrep_store *st;
    int writable;
};

sitrep_store *sr_sq_store(sr_sq *q) { return q->st; }

void sr_sq_close(sr_sq *q)
{
    if (!q)
        return;
    sitrep_store_close(q->st);
    free(q);
}

static sr_sq *sq_open(sr_srv *s, char *errbuf)
{
    sr_sq *q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(errbuf, SR_ERRMSG_MAX, "out of memory");
        return NULL;
    }
    q->writable = s->allow_ingest;
    unsigned flags = SITREP_STORE_NOCREATE | (q->writable ? 0 : SITREP_STORE_READONLY);
    char err[SR_ERRMSG_MAX] = "";
    sitrep_status st = sitrep_store_open(s->db_path, flags, &q->st, err, sizeof err);
    if (st != SITREP_OK) {
        if (st == SITREP_ENOTFOUND)
            snprintf(errbuf, SR_ERRMSG_MAX, "%s: no such database (run `sitrep ingest --db %s` first)",
                     s->db_path, s->db_path);
        else
            snprintf(errbuf, SR_ERRMSG_MAX, "%s", err[0] ? err : sitrep_status_str(st));
        free(q);
        return NULL;
    }
    return q;
}

sr_sq *sr_srv_acquire(sr_srv *s, char *errbuf)
{
    if (!s->db_path) {
        snprintf(errbuf, SR_ERRMSG_MAX, "this server has no database (start it with --db PATH)");
        return NULL;
    }
    pthread_mutex_lock(&s->mu);
    for (;;) {
        if (s->npool) {
            sr_sq *q = s->pool[--s->npool];
            pthread_mutex_unlock(&s->mu);
            return q;
        }
        if (s->pool_open < s->pool_max)
            break;
        pthread_cond_wait(&s->cv, &s->mu);
    }
    s->pool_open++;
    pthread_mutex_unlock(&s->mu);
    sr_sq *q = sq_open(s, errbuf);
    if (!q) {
        pthread_mutex_lock(&s->mu);
        s->pool_open--;
        pthread_cond_signal(&s->cv);
        pthread_mutex_unlock(&s->mu);
    }
    return q;
}

void sr_srv_release(sr_srv *s, sr_sq *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&s->mu);
    if (s->npool == s->pool_cap) {
        size_t nc = s->pool_cap ? s->pool_cap * 2 : 8;
        sr_sq **p = realloc(s->pool, nc * sizeof *p);
        if (!p) {
            s->pool_open--;
            pthread_cond_signal(&s->cv);
            pthread_mutex_unlock(&s->mu);
            sr_sq_close(q);
            return;
        }
        s->pool = p;
        s->pool_cap = nc;
    }
    s->pool[s->npool++] = q;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* ---- look-ups ---- */

static void set_doc_field(sitrep_doc *doc, sitrep_doc_field f, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    if (v && *v)
        sitrep_doc_set(doc, f, (const char *)v);
}

sitrep_status sr_sq_doc(sr_sq *q, const char *ext_id, sitrep_doc **out, int64_t *document_id, char *errbuf)
{
    static const char sql[] =
        "SELECT d.id, d.ext_id, d.source, d.title, d.published, d.published_from, d.url, d.text "
        "FROM documents d WHERE d.ext_id = ?1 "
        "UNION ALL SELECT d.id, d.ext_id, d.source, d.title, d.published, d.published_from, d.url, d.text "
        "FROM document_ids i JOIN documents d ON d.id = i.document_id WHERE i.ext_id = ?1 "
        "LIMIT 1";
    *out = NULL;
    sqlite3_stmt *st = sr_stmt(q->st, sql);
    if (!st) {
        snprintf(errbuf, SR_ERRMSG_MAX, "%s", sitrep_store_errmsg(q->st));
        return SITREP_EDB;
    }
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return SITREP_ENOTFOUND;
    }
    if (rc != SQLITE_ROW) {
        snprintf(errbuf, SR_ERRMSG_MAX, "%s", sqlite3_errmsg(sqlite3_db_handle(st)));
        sqlite3_reset(st);
        return SITREP_EDB;
    }
    *document_id = sqlite3_column_int64(st, 0);
    const char *text = (const char *)sqlite3_column_text(st, 7);
    int len = sqlite3_column_bytes(st, 7);
    sitrep_doc *doc = NULL;
    sitrep_status s = sitrep_doc_new(text ? text : "", text ? (size_t)len : 0, &doc);
    if (s == SITREP_OK) {
        /* the metadata given at ingest; what the text told is found again */
        set_doc_field(doc, SITREP_DOC_ID, st, 1);
        set_doc_field(doc, SITREP_DOC_URL, st, 6);
        const unsigned char *from = sqlite3_column_text(st, 5);
        if (from && !strcmp((const char *)from, "input"))
            set_doc_field(doc, SITREP_DOC_PUBLISHED, st, 4);
        set_doc_field(doc, SITREP_DOC_SOURCE, st, 2);
        set_doc_field(doc, SITREP_DOC_TITLE, st, 3);
    }
    sqlite3_reset(st);
    *out = doc;
    return s;
}

sitrep_status sr_sq_doc_fused(sr_sq *q, int64_t document_id, int64_t *fused, size_t n)
{
    static const char sql[] = "SELECT idx, fused_id FROM incidents WHERE document_id = ?1";
    for (size_t i = 0; i < n; i++)
        fused[i] = 0;
    sqlite3_stmt *st = sr_stmt(q->st, sql);
    if (!st)
        return SITREP_EDB;
    sqlite3_bind_int64(st, 1, document_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t idx = sqlite3_column_int64(st, 0);
        if (idx >= 0 && (size_t)idx < n && sqlite3_column_type(st, 1) != SQLITE_NULL)
            fused[idx] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SITREP_OK : SITREP_EDB;
}

sitrep_status sr_sq_fused_window(sr_sq *q, int64_t fused_id, char from[11], char to[11], int *found)
{
    static const char sql[] = "SELECT date_from, date_to FROM fused WHERE id = ?1";
    *found = 0;
    from[0] = to[0] = '\0';
    sqlite3_stmt *st = sr_stmt(q->st, sql);
    if (!st)
        return SITREP_EDB;
    sqlite3_bind_int64(st, 1, fused_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = 1;
        const unsigned char *a = sqlite3_column_text(st, 0), *z = sqlite3_column_text(st, 1);
        if (a && strlen((const char *)a) == 10)
            memcpy(from, a, 11);
        if (z && strlen((const char *)z) == 10)
            memcpy(to, z, 11);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SITREP_OK : SITREP_EDB;
}

sitrep_status sr_sq_doc_text(sr_sq *q, int64_t document_id, sr_arena *a, const char **text, size_t *len)
{
    static const char sql[] = "SELECT text FROM documents WHERE id = ?1";
    *text = NULL;
    *len = 0;
    sqlite3_stmt *st = sr_stmt(q->st, sql);
    if (!st)
        return SITREP_EDB;
    sqlite3_bind_int64(st, 1, document_id);
    int rc = sqlite3_step(st);
    sitrep_status s = SITREP_ENOTFOUND;
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        int n = sqlite3_column_bytes(st, 0);
        *text = sr_arena_strndup(a, t ? t : "", t ? (size_t)n : 0);
        *len = t ? (size_t)n : 0;
        s = *text ? SITREP_OK : SITREP_ENOMEM;
    } else if (rc != SQLITE_DONE) {
        s = SITREP_EDB;
    }
    sqlite3_reset(st);
    return s;
}

sitrep_status sr_sq_ingest(sr_sq *q, sitrep_ctx *ctx, const sitrep_doc *doc, char *doc_id, size_t cap,
                           char *errbuf)
{
    if (!q->writable) {
        snprintf(errbuf, SR_ERRMSG_MAX, "the database is open read-only");
        return SITREP_EUSAGE;
    }
    sitrep_record *rec = NULL;
    sitrep_status st = sitrep_extract(ctx, doc, &rec);
    if (st != SITREP_OK) {
        snprintf(errbuf, SR_ERRMSG_MAX, "%s", sitrep_status_str(st));
        return st;
    }
    int added = 0;
    st = sitrep_store_ingest(q->st, rec, &added);
    if (st == SITREP_OK)
        st = sitrep_store_fuse(q->st, 0, NULL);
    if (st != SITREP_OK)
        snprintf(errbuf, SR_ERRMSG_MAX, "%s", sitrep_store_errmsg(q->st));
    else
        snprintf(doc_id, cap, "%s", sitrep_record_doc(rec)->id);
    sitrep_record_free(rec);
    return st;
}
