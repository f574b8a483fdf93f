/* serve_query.c - the web view's store connections: a pool (one thread
 * uses a connection at a time), opened read-only unless --allow-ingest, and
 * the ingest of a pasted article. Every read goes through the store's
 * public API (sitrep.h): the pages hold no SQL. */
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
    /* read-only, but a database of an older schema is brought up to date
     * first when the file can be written (as `sitrep search` does) */
    unsigned flags = SITREP_STORE_NOCREATE | (q->writable ? 0 : SITREP_STORE_READONLY | SITREP_STORE_MIGRATE);
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
