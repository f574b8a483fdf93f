/* store_query.c - reading the store: full-text search (FTS5) with the
 * matched sentences, and fused incidents with every source's claim.
 * Filters are bound parameters of fixed statements: no SQL is ever built
 * from user input. */
#include "store.h"

#include "annot.h"
#include "clean.h"
#include "lexicon.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

/* ---- search ---- */

struct sitrep_search_iter {
    sitrep_store *s;
    sqlite3_stmt *q; /* owned: FTS5 queries are not cached */
    sr_arena arena;
    SR_VEC(sitrep_span) sents;
    SR_VEC(size_t) matches; /* where each match begins in the hit's text */
    sr_lexicon *lx;         /* owned: the segmenter's lexicons, loaded at the first hit */
    sr_annot annot;         /* the hit's text cleaned and segmented as extraction does */
    sitrep_search_hit hit;
};

static const char SQL_SEARCH[] =
    "SELECT d.id, d.ext_id, d.source, d.title, d.published,"
    " snippet(documents_fts, -1, '[', ']', '...', 16),"
    " highlight(documents_fts, 1, char(1), char(2))"
    " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
    " WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT ?2";

sitrep_status sitrep_store_search(sitrep_store *s, const char *query, size_t limit, sitrep_search_iter **out)
{
    *out = NULL;
    sitrep_search_iter *it = calloc(1, sizeof *it);
    if (!it)
        return SITREP_ENOMEM;
    it->s = s;
    if (sqlite3_prepare_v2(s->db, SQL_SEARCH, -1, &it->q, NULL) != SQLITE_OK) {
        sitrep_status st = sr_store_dberr(s, "preparing the search");
        free(it);
        return st;
    }
    sqlite3_bind_text(it->q, 1, query, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(it->q, 2, limit ? (int64_t)limit : 20);
    *out = it;
    return SITREP_OK;
}

/* The sentence of the segmenter (segment.h) that holds byte pos: the
 * sentences that evidence refers to. Between two sentences (a match is
 * never there, but the text may hold what the segmenter skips), the line. */
static sitrep_span sentence_at(const sr_annot *a, size_t pos)
{
    size_t lo = 0, hi = a->sents.len;
    while (lo < hi) { /* the first sentence that ends after pos */
        size_t mid = lo + (hi - lo) / 2;
        if (a->sents.items[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < a->sents.len && a->sents.items[lo].start <= pos)
        return (sitrep_span){a->sents.items[lo].start, a->sents.items[lo].end};
    size_t st = pos, en = pos;
    while (st > 0 && a->text[st - 1] != '\n')
        st--;
    while (en < a->len && a->text[en] != '\n')
        en++;
    return (sitrep_span){(uint32_t)st, (uint32_t)en};
}

sitrep_status sitrep_search_next(sitrep_search_iter *it, const sitrep_search_hit **hit)
{
    *hit = NULL;
    int rc = sqlite3_step(it->q);
    if (rc == SQLITE_DONE)
        return SITREP_END;
    if (rc != SQLITE_ROW) {
        int code = sqlite3_errcode(it->s->db);
        sr_store_dberr(it->s, "searching");
        return code == SQLITE_ERROR ? SITREP_EUSAGE : SITREP_EDB; /* a malformed query */
    }
    sr_arena_reset(&it->arena);
    it->sents.len = 0;
    sitrep_search_hit *h = &it->hit;
    memset(h, 0, sizeof *h);
    sr_arena *a = &it->arena;
    h->document_id = sqlite3_column_int64(it->q, 0);
    h->id = sr_col_str(it->q, 1, a);
    h->source = sr_col_str(it->q, 2, a);
    h->title = sr_col_str(it->q, 3, a);
    h->published = sr_col_str(it->q, 4, a);
    h->snippet = sr_col_str(it->q, 5, a);
    /* the text with every match between \1 and \2: take the markers out and
     * keep where each match begins */
    const char *hl = (const char *)sqlite3_column_text(it->q, 6);
    size_t hn = (size_t)sqlite3_column_bytes(it->q, 6);
    char *text = sr_arena_alloc(a, hn + 1);
    if (!text)
        return SITREP_ENOMEM;
    size_t n = 0;
    bool any = false;
    for (size_t i = 0; hl && i < hn; i++) {
        if (hl[i] == '\1') {
            any = true;
            continue;
        }
        if (hl[i] == '\2')
            continue;
        text[n++] = hl[i];
    }
    text[n] = '\0';
    h->text = text;
    h->text_len = n;
    if (any) {
        it->matches.len = 0;
        size_t pos = 0;
        for (size_t i = 0; i < hn; i++) {
            if (hl[i] == '\1') {
                if (sr_vec_push(&it->matches, pos) != SITREP_OK)
                    return SITREP_ENOMEM;
            } else if (hl[i] != '\2') {
                pos++;
            }
        }
        /* the sentences as extraction cut them: cleaning, then segmentation */
        sitrep_status st;
        if (!it->lx) {
            char err[SR_ERRMSG_MAX];
            if ((st = sr_lexicon_load(&it->lx, err)) != SITREP_OK) {
                snprintf(it->s->errmsg, sizeof it->s->errmsg, "loading the lexicons: %.400s", err);
                return st;
            }
        }
        sr_annot *an = &it->annot;
        sr_annot_reset(an, text, n);
        if ((st = sr_clean(it->lx, an)) != SITREP_OK || (st = sr_segment(it->lx, an)) != SITREP_OK)
            return st;
        for (size_t i = 0; i < it->matches.len; i++) {
            sitrep_span sp = sentence_at(an, it->matches.items[i]);
            if (it->sents.len && it->sents.items[it->sents.len - 1].start == sp.start)
                continue; /* matches come in text order */
            if (sr_vec_push(&it->sents, sp) != SITREP_OK)
                return SITREP_ENOMEM;
        }
    }
    h->sentences = it->sents.items;
    h->nsentences = it->sents.len;
    *hit = h;
    return SITREP_OK;
}

void sitrep_search_iter_free(sitrep_search_iter *it)
{
    if (!it)
        return;
    sqlite3_finalize(it->q);
    sr_arena_free(&it->arena);
    free(it->sents.items);
    free(it->matches.items);
    sr_annot_free(&it->annot);
    sr_lexicon_free(it->lx);
    free(it);
}

/* ---- fused incidents ---- */

/* One fused incident with its counts and claims, in memory of its own: the
 * item of an iterator, or the caller's (sitrep_store_incident), freed with
 * sitrep_fused_incident_free. inc comes first: its address is the item's. */
typedef struct fused_item {
    sitrep_fused_incident inc;
    sr_arena arena;
    SR_VEC(sitrep_fused_count) counts;
    SR_VEC(sitrep_source_claim) claims;
} fused_item;

static void fused_item_clear(fused_item *fi)
{
    sr_arena_reset(&fi->arena);
    fi->counts.len = 0;
    fi->claims.len = 0;
    memset(&fi->inc, 0, sizeof fi->inc);
}

static void fused_item_fini(fused_item *fi)
{
    sr_arena_free(&fi->arena);
    free(fi->counts.items);
    free(fi->claims.items);
}

struct sitrep_incident_iter {
    sitrep_store *s;
    sqlite3_stmt *q; /* owned: one iteration may run beside another */
    bool no_claims;
    fused_item item;
};

/* The columns of a fused incident (read by read_fused) and the filter of
 * sitrep_incident_filter (?1 from, ?2 to as days; ?3 place, ?4 actor, ?5
 * cause, ?6 conflicting only, ?7 with war-wide totals): the list, one
 * incident and the totals share them, so that the totals count exactly the
 * incidents the list gives. */
#define FUSED_COLS                                                                                            \
    "SELECT f.id, f.scope, f.date_from, f.date_to, p.name, p.admin1, p.country, p.lat, p.lon, f.cause,"       \
    " a.name, f.killed_low, f.killed_high, f.nreports, f.conflicting, f.day_lo"                                \
    " FROM fused f LEFT JOIN places p ON p.id = f.place_id LEFT JOIN actors a ON a.id = f.actor_id"
#define FUSED_FILTER                                                                                          \
    " WHERE (?1 IS NULL OR f.day_hi >= ?1) AND (?2 IS NULL OR f.day_lo <= ?2)"                                \
    " AND (?3 IS NULL OR instr(sr_fold(p.name), sr_fold(?3)) > 0 OR instr(sr_fold(p.admin1), sr_fold(?3)) > 0" \
    "      OR p.admin1_key = sr_admin1_key(?3, p.country))"                                                   \
    " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM incidents i LEFT JOIN actors ia ON ia.id = i.actor_id"         \
    "      WHERE i.fused_id = f.id AND (instr(sr_fold(ia.name), sr_fold(?4)) > 0"                             \
    "      OR instr(sr_fold(i.actor_text), sr_fold(?4)) > 0)))"                                               \
    " AND (?5 IS NULL OR f.cause = ?5 OR EXISTS (SELECT 1 FROM incidents i WHERE i.fused_id = f.id AND i.cause = ?5))" \
    " AND (?6 = 0 OR f.conflicting)"                                                                          \
    " AND (?7 = 1 OR f.scope = 'event')"

static const char SQL_INCIDENTS[] = FUSED_COLS FUSED_FILTER " ORDER BY f.day_lo IS NULL, f.day_lo, f.id LIMIT ?8";

static const char SQL_FUSED_ONE[] = FUSED_COLS " WHERE f.id = ?1";

/* Deaths as the incidents page adds them: the lowest claims, and the
 * highest (the lowest where no higher is given), of event incidents only. */
static const char SQL_TOTALS[] =
    "SELECT count(*), coalesce(sum(f.conflicting <> 0), 0), coalesce(sum(f.nreports), 0),"
    " coalesce(sum(f.scope = 'war'), 0),"
    " coalesce(sum(CASE WHEN f.scope = 'event' AND f.killed_low > 0 THEN f.killed_low ELSE 0 END), 0),"
    " coalesce(sum(CASE WHEN f.scope <> 'event' THEN 0 WHEN f.killed_high > 0 THEN f.killed_high"
    "   WHEN f.killed_low > 0 THEN f.killed_low ELSE 0 END), 0)"
    " FROM fused f LEFT JOIN places p ON p.id = f.place_id" FUSED_FILTER;

static const char SQL_FUSED_COUNTS[] =
    "SELECT outcome, grp, low, high, open_high, nclaims, conflict FROM fused_counts WHERE fused_id = ?1"
    " ORDER BY CASE outcome WHEN 'killed' THEN 0 WHEN 'injured' THEN 1 WHEN 'missing' THEN 2"
    " WHEN 'detained' THEN 3 WHEN 'displaced' THEN 4 ELSE 5 END,"
    " CASE grp WHEN 'people' THEN 0 WHEN 'civilians' THEN 1 WHEN 'combatants' THEN 2 WHEN 'children' THEN 3"
    " WHEN 'women' THEN 4 ELSE 5 END";

static const char SQL_CLAIMS[] =
    "SELECT i.id, d.id, d.ext_id, d.source, d.title, d.published, i.claimant, i.certainty, i.date_from,"
    " i.date_to, p.name, i.cause, coalesce(a.name, i.actor_text)"
    " FROM incidents i JOIN documents d ON d.id = i.document_id LEFT JOIN places p ON p.id = i.place_id"
    " LEFT JOIN actors a ON a.id = i.actor_id WHERE i.fused_id = ?1 ORDER BY i.id";

/* The counts of every claim of a fused incident (by report, then as
 * stored), each with its words and its report's own sentence that holds
 * them (the last that begins at or before the words and reaches into them),
 * widened to hold all of the words. */
static const char SQL_CLAIM_COUNTS[] =
    "SELECT c.incident_id, c.outcome, c.grp, c.min, c.max, c.qualifier, s.start, s.end, s.rule,"
    " substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start),"
    " min(t.start, s.start), max(t.end, s.end),"
    " substr(CAST(d.text AS BLOB), min(t.start, s.start) + 1, max(t.end, s.end) - min(t.start, s.start))"
    " FROM incidents i JOIN counts c ON c.incident_id = i.id LEFT JOIN spans s ON s.id = c.span_id"
    " JOIN documents d ON d.id = i.document_id"
    " LEFT JOIN spans t ON t.id = (SELECT t2.id FROM spans t2 WHERE t2.incident_id = c.incident_id"
    "   AND t2.kind = 'sentence' AND t2.start <= s.start AND (t2.end > s.start OR t2.end >= s.end)"
    "   ORDER BY t2.start DESC LIMIT 1)"
    " WHERE i.fused_id = ?1 ORDER BY c.incident_id, c.id";

/* The sentences of every claim of a fused incident, by report. */
static const char SQL_CLAIM_SENTENCES[] =
    "SELECT s.incident_id, s.start, s.end FROM incidents i JOIN spans s ON s.incident_id = i.id"
    " WHERE i.fused_id = ?1 AND s.kind = 'sentence' ORDER BY s.incident_id, s.start, s.id";

/* Days of a filter's dates; SITREP_EUSAGE with a message for a bad one. */
static sitrep_status filter_days(sitrep_store *s, const sitrep_incident_filter *f, int64_t *from, int64_t *to)
{
    *from = *to = 0;
    if (f && f->from && !sr_iso_days(f->from, from)) {
        snprintf(s->errmsg, sizeof s->errmsg, "'%s' is not a date (YYYY-MM-DD)", f->from);
        return SITREP_EUSAGE;
    }
    if (f && f->to && !sr_iso_days(f->to, to)) {
        snprintf(s->errmsg, sizeof s->errmsg, "'%s' is not a date (YYYY-MM-DD)", f->to);
        return SITREP_EUSAGE;
    }
    return SITREP_OK;
}

/* Binds ?1 to ?7 of FUSED_FILTER. */
static void bind_filter(sqlite3_stmt *q, const sitrep_incident_filter *f, int64_t from, int64_t to)
{
    sr_bind_opt_int(q, 1, f && f->from, from);
    sr_bind_opt_int(q, 2, f && f->to, to);
    if (f) {
        sqlite3_bind_text(q, 3, f->place, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 4, f->actor, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, f->cause, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int(q, 6, f && f->conflicting);
    sqlite3_bind_int(q, 7, f && f->with_war);
}

sitrep_status sitrep_store_incidents(sitrep_store *s, const sitrep_incident_filter *f, sitrep_incident_iter **out)
{
    *out = NULL;
    int64_t from, to;
    sitrep_status st = filter_days(s, f, &from, &to);
    if (st != SITREP_OK)
        return st;
    sitrep_incident_iter *it = calloc(1, sizeof *it);
    if (!it)
        return SITREP_ENOMEM;
    it->s = s;
    if (sqlite3_prepare_v2(s->db, SQL_INCIDENTS, -1, &it->q, NULL) != SQLITE_OK) {
        st = sr_store_dberr(s, "preparing the incidents query");
        free(it);
        return st;
    }
    bind_filter(it->q, f, from, to);
    sqlite3_bind_int64(it->q, 8, f && f->limit ? (int64_t)f->limit : -1);
    it->no_claims = f && f->no_claims;
    *out = it;
    return SITREP_OK;
}

sitrep_status sitrep_store_incident_totals(sitrep_store *s, const sitrep_incident_filter *f,
                                           sitrep_incident_totals *out)
{
    memset(out, 0, sizeof *out);
    int64_t from, to;
    sitrep_status st = filter_days(s, f, &from, &to);
    if (st != SITREP_OK)
        return st;
    sqlite3_stmt *q = sr_stmt(s, SQL_TOTALS);
    if (!q)
        return SITREP_EDB;
    bind_filter(q, f, from, to);
    if ((st = sr_step_row(s, q, "adding up incidents")) != SITREP_OK)
        return st;
    out->incidents = sqlite3_column_int64(q, 0);
    out->conflicting = sqlite3_column_int64(q, 1);
    out->claims = sqlite3_column_int64(q, 2);
    out->war_wide = sqlite3_column_int64(q, 3);
    out->killed_low = sqlite3_column_int64(q, 4);
    out->killed_high = sqlite3_column_int64(q, 5);
    sqlite3_reset(q);
    return SITREP_OK;
}

static sitrep_status load_counts(sitrep_store *s, fused_item *it, int64_t fid)
{
    sqlite3_stmt *q = sr_stmt(s, SQL_FUSED_COUNTS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, fid);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sitrep_fused_count c = {0};
        int o = sr_outcome_parse((const char *)sqlite3_column_text(q, 0));
        int g = sr_group_parse((const char *)sqlite3_column_text(q, 1));
        c.outcome = o < 0 ? SITREP_OUTCOME_KILLED : (sitrep_outcome)o;
        c.group = g < 0 ? SITREP_GROUP_PEOPLE : (sitrep_group)g;
        c.low = sqlite3_column_int64(q, 2);
        c.high = sqlite3_column_int64(q, 3);
        c.open_high = sqlite3_column_int(q, 4);
        c.nclaims = sqlite3_column_int(q, 5);
        c.conflict = sqlite3_column_int(q, 6);
        if (sr_vec_push(&it->counts, c) != SITREP_OK) {
            sqlite3_reset(q);
            return SITREP_ENOMEM;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? SITREP_OK : sr_store_dberr(s, "reading fused counts");
}

/* A blob column copied into the arena as a NUL-terminated string. */
static const char *col_blob_str(sqlite3_stmt *q, int i, sr_arena *a)
{
    const void *w = sqlite3_column_blob(q, i);
    return sr_arena_strndup(a, w ? w : "", (size_t)sqlite3_column_bytes(q, i));
}

/* Copies n elements of size sz into the arena (NULL when n is 0). */
static void *arena_copy(sr_arena *a, const void *src, size_t n, size_t sz)
{
    if (!n)
        return NULL;
    void *d = sr_arena_alloc(a, n * sz);
    if (d)
        memcpy(d, src, n * sz);
    return d;
}

/* The claim of report id: claims come by report id, and so do the rows
 * that are merged into them; *k walks forward. NULL when none. */
static sitrep_source_claim *claim_of(fused_item *it, size_t *k, int64_t report)
{
    while (*k < it->claims.len && it->claims.items[*k].report_id < report)
        (*k)++;
    return *k < it->claims.len && it->claims.items[*k].report_id == report ? &it->claims.items[*k] : NULL;
}

static sitrep_status load_claim_sentences(sitrep_store *s, fused_item *it, int64_t fid)
{
    sqlite3_stmt *q = sr_stmt(s, SQL_CLAIM_SENTENCES);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, fid);
    SR_VEC(sitrep_span) v = {0};
    sitrep_source_claim *cur = NULL;
    size_t k = 0;
    int rc;
    sitrep_status st = SITREP_OK;
    for (;;) {
        rc = sqlite3_step(q);
        sitrep_source_claim *cl = NULL;
        if (rc == SQLITE_ROW)
            cl = claim_of(it, &k, sqlite3_column_int64(q, 0));
        if (cur && (rc != SQLITE_ROW || cl != cur)) { /* the run of cur ends */
            cur->sentences = arena_copy(&it->arena, v.items, v.len, sizeof *v.items);
            cur->nsentences = v.len;
            if (!cur->sentences) {
                st = SITREP_ENOMEM;
                break;
            }
            v.len = 0;
        }
        if (rc != SQLITE_ROW)
            break;
        cur = cl;
        sitrep_span sp = {(uint32_t)sqlite3_column_int64(q, 1), (uint32_t)sqlite3_column_int64(q, 2)};
        if (cl && sr_vec_push(&v, sp) != SITREP_OK) {
            st = SITREP_ENOMEM;
            break;
        }
    }
    sqlite3_reset(q);
    if (st == SITREP_OK && rc != SQLITE_DONE)
        st = sr_store_dberr(s, "reading sentences");
    free(v.items);
    return st;
}

/* The counts of each claim, with their words and sentences, copied into
 * the arena: the item owns its arrays. */
typedef struct count_run {
    SR_VEC(sitrep_count) cs;
    SR_VEC(const char *) words;
    SR_VEC(sitrep_span) sspan;
    SR_VEC(const char *) stext;
} count_run;

static sitrep_status end_run(fused_item *it, count_run *r, sitrep_source_claim *cl)
{
    sr_arena *a = &it->arena;
    size_t n = r->cs.len;
    cl->counts = arena_copy(a, r->cs.items, n, sizeof *r->cs.items);
    cl->count_words = arena_copy(a, r->words.items, n, sizeof *r->words.items);
    cl->count_sentence = arena_copy(a, r->sspan.items, n, sizeof *r->sspan.items);
    cl->count_sentence_text = arena_copy(a, r->stext.items, n, sizeof *r->stext.items);
    cl->ncounts = n;
    r->cs.len = r->words.len = r->sspan.len = r->stext.len = 0;
    return !cl->counts || !cl->count_words || !cl->count_sentence || !cl->count_sentence_text ? SITREP_ENOMEM
                                                                                                : SITREP_OK;
}

static sitrep_status load_claim_counts(sitrep_store *s, fused_item *it, int64_t fid)
{
    sr_arena *a = &it->arena;
    sqlite3_stmt *q = sr_stmt(s, SQL_CLAIM_COUNTS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, fid);
    count_run r = {0};
    sitrep_source_claim *cur = NULL;
    size_t k = 0;
    int rc;
    sitrep_status st = SITREP_OK;
    for (;;) {
        rc = sqlite3_step(q);
        sitrep_source_claim *cl = NULL;
        if (rc == SQLITE_ROW)
            cl = claim_of(it, &k, sqlite3_column_int64(q, 0));
        if (cur && (rc != SQLITE_ROW || cl != cur) && (st = end_run(it, &r, cur)) != SITREP_OK)
            break;
        if (rc != SQLITE_ROW)
            break;
        cur = cl;
        if (!cl)
            continue;
        sitrep_count c = sr_col_count(q, 1);
        c.evidence.start = (uint32_t)sqlite3_column_int64(q, 6);
        c.evidence.end = (uint32_t)sqlite3_column_int64(q, 7);
        c.evidence.rule = sr_col_str(q, 8, a);
        const char *wc = col_blob_str(q, 9, a);
        sitrep_span sp = {0, 0};
        const char *sc = NULL;
        if (sqlite3_column_type(q, 10) != SQLITE_NULL && sqlite3_column_type(q, 12) != SQLITE_NULL) {
            sp.start = (uint32_t)sqlite3_column_int64(q, 10);
            sp.end = (uint32_t)sqlite3_column_int64(q, 11);
            if (!(sc = col_blob_str(q, 12, a))) {
                st = SITREP_ENOMEM;
                break;
            }
        }
        if (!wc || sr_vec_push(&r.cs, c) != SITREP_OK || sr_vec_push(&r.words, wc) != SITREP_OK ||
            sr_vec_push(&r.sspan, sp) != SITREP_OK || sr_vec_push(&r.stext, sc) != SITREP_OK) {
            st = SITREP_ENOMEM;
            break;
        }
    }
    sqlite3_reset(q);
    if (st == SITREP_OK && rc != SQLITE_DONE)
        st = sr_store_dberr(s, "reading counts");
    free(r.cs.items);
    free(r.words.items);
    free(r.sspan.items);
    free(r.stext.items);
    return st;
}

static sitrep_status load_claims(sitrep_store *s, fused_item *it, int64_t fid)
{
    sr_arena *a = &it->arena;
    sqlite3_stmt *q = sr_stmt(s, SQL_CLAIMS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, fid);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sitrep_source_claim c = {0};
        c.report_id = sqlite3_column_int64(q, 0);
        c.document_id = sqlite3_column_int64(q, 1);
        c.doc_id = sr_col_str(q, 2, a);
        c.source = sr_col_str(q, 3, a);
        c.title = sr_col_str(q, 4, a);
        c.published = sr_col_str(q, 5, a);
        c.claimant = sr_col_str(q, 6, a);
        int ce = sr_certainty_parse((const char *)sqlite3_column_text(q, 7));
        c.certainty = ce < 0 ? SITREP_CERT_REPORTED : (sitrep_certainty)ce;
        c.date_from = sr_col_str(q, 8, a);
        c.date_to = sr_col_str(q, 9, a);
        c.place = sr_col_str(q, 10, a);
        c.cause = sr_col_str(q, 11, a);
        c.actor = sr_col_str(q, 12, a);
        if (sr_vec_push(&it->claims, c) != SITREP_OK) {
            sqlite3_reset(q);
            return SITREP_ENOMEM;
        }
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sr_store_dberr(s, "reading claims");
    /* the counts and sentences of all the claims: one query each, merged
     * into the claims by report id (all three come in report id order) */
    sitrep_status st = load_claim_counts(s, it, fid);
    if (st == SITREP_OK)
        st = load_claim_sentences(s, it, fid);
    return st;
}

/* Fills it from the current row of q (FUSED_COLS), with counts and claims. */
static sitrep_status read_fused(sitrep_store *s, sqlite3_stmt *q, fused_item *it, bool claims)
{
    fused_item_clear(it);
    sr_arena *a = &it->arena;
    sitrep_fused_incident *f = &it->inc;
    f->id = sqlite3_column_int64(q, 0);
    const char *scope = (const char *)sqlite3_column_text(q, 1);
    f->scope = scope && !strcmp(scope, "war") ? SITREP_SCOPE_WAR : SITREP_SCOPE_EVENT;
    f->date_from = sr_col_str(q, 2, a);
    f->date_to = sr_col_str(q, 3, a);
    f->place = sr_col_str(q, 4, a);
    f->admin1 = sr_col_str(q, 5, a);
    f->country = sr_col_str(q, 6, a);
    if (f->admin1 && !*f->admin1)
        f->admin1 = NULL;
    if (f->country && !*f->country)
        f->country = NULL;
    f->has_coords = sqlite3_column_type(q, 7) != SQLITE_NULL &&
                    (sqlite3_column_double(q, 7) != 0 || sqlite3_column_double(q, 8) != 0);
    f->lat = sqlite3_column_double(q, 7);
    f->lon = sqlite3_column_double(q, 8);
    f->cause = sr_col_str(q, 9, a);
    f->actor = sr_col_str(q, 10, a);
    f->killed_low = sr_col_opt_int(q, 11);
    f->killed_high = sr_col_opt_int(q, 12);
    f->nsources = sqlite3_column_int(q, 13);
    f->nreports = f->nsources;
    f->conflicting = sqlite3_column_int(q, 14);
    sitrep_status st;
    if ((st = load_counts(s, it, f->id)) != SITREP_OK || (claims && (st = load_claims(s, it, f->id)) != SITREP_OK))
        return st;
    f->counts = it->counts.items;
    f->ncounts = it->counts.len;
    f->claims = it->claims.items;
    f->nclaims = it->claims.len;
    return SITREP_OK;
}

sitrep_status sitrep_incident_next(sitrep_incident_iter *it, const sitrep_fused_incident **out)
{
    *out = NULL;
    int rc = sqlite3_step(it->q);
    if (rc == SQLITE_DONE)
        return SITREP_END;
    if (rc != SQLITE_ROW)
        return sr_store_dberr(it->s, "listing incidents");
    sitrep_status st = read_fused(it->s, it->q, &it->item, !it->no_claims);
    if (st != SITREP_OK)
        return st;
    *out = &it->item.inc;
    return SITREP_OK;
}

void sitrep_incident_iter_free(sitrep_incident_iter *it)
{
    if (!it)
        return;
    sqlite3_finalize(it->q);
    fused_item_fini(&it->item);
    free(it);
}

sitrep_status sitrep_store_incident(sitrep_store *s, int64_t id, sitrep_fused_incident **out)
{
    *out = NULL;
    sqlite3_stmt *q = sr_stmt(s, SQL_FUSED_ONE);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(q);
        snprintf(s->errmsg, sizeof s->errmsg, "no fused incident %lld", (long long)id);
        return SITREP_ENOTFOUND;
    }
    if (rc != SQLITE_ROW) {
        sitrep_status e = sr_store_dberr(s, "reading an incident");
        sqlite3_reset(q);
        return e;
    }
    fused_item *it = calloc(1, sizeof *it);
    if (!it) {
        sqlite3_reset(q);
        return SITREP_ENOMEM;
    }
    /* the row's columns are copied before the counts and claims are read */
    sitrep_status st = read_fused(s, q, it, true);
    sqlite3_reset(q);
    if (st != SITREP_OK) {
        fused_item_fini(it);
        free(it);
        return st;
    }
    *out = &it->inc;
    return SITREP_OK;
}

void sitrep_fused_incident_free(sitrep_fused_incident *inc)
{
    if (!inc)
        return;
    fused_item *it = (fused_item *)inc; /* inc is the first member */
    fused_item_fini(it);
    free(it);
}
