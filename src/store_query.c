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

struct sitrep_incident_iter {
    sitrep_store *s;
    sqlite3_stmt *q; /* owned: one iteration may run beside another */
    sr_arena arena;
    SR_VEC(sitrep_fused_count) counts;
    SR_VEC(sitrep_source_claim) claims;
    sitrep_fused_incident inc;
};

static const char SQL_INCIDENTS[] =
    "SELECT f.id, f.scope, f.date_from, f.date_to, p.name, p.admin1, p.country, p.lat, p.lon, f.cause,"
    " a.name, f.killed_low, f.killed_high, f.nreports, f.conflicting, f.day_lo"
    " FROM fused f LEFT JOIN places p ON p.id = f.place_id LEFT JOIN actors a ON a.id = f.actor_id"
    " WHERE (?1 IS NULL OR f.day_hi >= ?1) AND (?2 IS NULL OR f.day_lo <= ?2)"
    " AND (?3 IS NULL OR instr(sr_fold(p.name), sr_fold(?3)) > 0 OR instr(sr_fold(p.admin1), sr_fold(?3)) > 0"
    "      OR p.admin1_key = sr_admin1_key(?3, p.country))"
    " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM incidents i LEFT JOIN actors ia ON ia.id = i.actor_id"
    "      WHERE i.fused_id = f.id AND (instr(sr_fold(ia.name), sr_fold(?4)) > 0"
    "      OR instr(sr_fold(i.actor_text), sr_fold(?4)) > 0)))"
    " AND (?5 IS NULL OR f.cause = ?5 OR EXISTS (SELECT 1 FROM incidents i WHERE i.fused_id = f.id AND i.cause = ?5))"
    " AND (?6 = 0 OR f.conflicting)"
    " AND (?7 = 1 OR f.scope = 'event')"
    " ORDER BY f.day_lo IS NULL, f.day_lo, f.id LIMIT ?8";

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

static const char SQL_CLAIM_COUNTS[] =
    "SELECT c.outcome, c.grp, c.min, c.max, c.qualifier, s.start, s.end, s.rule,"
    " substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start)"
    " FROM counts c LEFT JOIN spans s ON s.id = c.span_id JOIN incidents i ON i.id = c.incident_id"
    " JOIN documents d ON d.id = i.document_id WHERE c.incident_id = ?1 ORDER BY c.id";

sitrep_status sitrep_store_incidents(sitrep_store *s, const sitrep_incident_filter *f, sitrep_incident_iter **out)
{
    *out = NULL;
    int64_t from = 0, to = 0;
    if (f && f->from && !sr_iso_days(f->from, &from)) {
        snprintf(s->errmsg, sizeof s->errmsg, "'%s' is not a date (YYYY-MM-DD)", f->from);
        return SITREP_EUSAGE;
    }
    if (f && f->to && !sr_iso_days(f->to, &to)) {
        snprintf(s->errmsg, sizeof s->errmsg, "'%s' is not a date (YYYY-MM-DD)", f->to);
        return SITREP_EUSAGE;
    }
    sitrep_incident_iter *it = calloc(1, sizeof *it);
    if (!it)
        return SITREP_ENOMEM;
    it->s = s;
    if (sqlite3_prepare_v2(s->db, SQL_INCIDENTS, -1, &it->q, NULL) != SQLITE_OK) {
        sitrep_status st = sr_store_dberr(s, "preparing the incidents query");
        free(it);
        return st;
    }
    sqlite3_stmt *q = it->q;
    sr_bind_opt_int(q, 1, f && f->from, from);
    sr_bind_opt_int(q, 2, f && f->to, to);
    if (f) {
        sqlite3_bind_text(q, 3, f->place, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 4, f->actor, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, f->cause, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int(q, 6, f && f->conflicting);
    sqlite3_bind_int(q, 7, f && f->with_war);
    sqlite3_bind_int64(q, 8, f && f->limit ? (int64_t)f->limit : -1);
    *out = it;
    return SITREP_OK;
}

static sitrep_status load_counts(sitrep_incident_iter *it, int64_t fid)
{
    sqlite3_stmt *q = sr_stmt(it->s, SQL_FUSED_COUNTS);
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
    return rc == SQLITE_DONE ? SITREP_OK : sr_store_dberr(it->s, "reading fused counts");
}

static sitrep_status load_claim_counts(sitrep_incident_iter *it, sitrep_source_claim *cl)
{
    sr_arena *a = &it->arena;
    sqlite3_stmt *q = sr_stmt(it->s, SQL_CLAIM_COUNTS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, cl->report_id);
    SR_VEC(sitrep_count) cs = {0};
    SR_VEC(const char *) words = {0};
    int rc;
    sitrep_status st = SITREP_OK;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sitrep_count c = {0};
        int o = sr_outcome_parse((const char *)sqlite3_column_text(q, 0));
        int g = sr_group_parse((const char *)sqlite3_column_text(q, 1));
        int ql = sr_qualifier_parse((const char *)sqlite3_column_text(q, 4));
        c.outcome = o < 0 ? SITREP_OUTCOME_KILLED : (sitrep_outcome)o;
        c.group = g < 0 ? SITREP_GROUP_PEOPLE : (sitrep_group)g;
        c.qualifier = ql < 0 ? SITREP_QUAL_EXACT : (sitrep_qualifier)ql;
        c.min = sqlite3_column_type(q, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 2);
        c.max = sqlite3_column_type(q, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 3);
        c.evidence.start = (uint32_t)sqlite3_column_int64(q, 5);
        c.evidence.end = (uint32_t)sqlite3_column_int64(q, 6);
        c.evidence.rule = sr_col_str(q, 7, a);
        const void *w = sqlite3_column_blob(q, 8);
        const char *wc = sr_arena_strndup(a, w ? w : "", (size_t)sqlite3_column_bytes(q, 8));
        if (!wc || sr_vec_push(&cs, c) != SITREP_OK || sr_vec_push(&words, wc) != SITREP_OK) {
            st = SITREP_ENOMEM;
            break;
        }
    }
    sqlite3_reset(q);
    if (st == SITREP_OK && rc != SQLITE_DONE)
        st = sr_store_dberr(it->s, "reading counts");
    if (st == SITREP_OK && cs.len) {
        /* copy into the arena: the item owns its arrays until the next call */
        sitrep_count *c2 = sr_arena_alloc(a, cs.len * sizeof *c2);
        const char **w2 = sr_arena_alloc(a, cs.len * sizeof *w2);
        if (!c2 || !w2) {
            st = SITREP_ENOMEM;
        } else {
            memcpy(c2, cs.items, cs.len * sizeof *c2);
            memcpy(w2, words.items, cs.len * sizeof *w2);
            cl->counts = c2;
            cl->count_words = w2;
            cl->ncounts = cs.len;
        }
    }
    free(cs.items);
    free(words.items);
    return st;
}

static sitrep_status load_claims(sitrep_incident_iter *it, int64_t fid)
{
    sr_arena *a = &it->arena;
    sqlite3_stmt *q = sr_stmt(it->s, SQL_CLAIMS);
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
        return sr_store_dberr(it->s, "reading claims");
    /* counts after the claims statement is done (the cached statements are
     * distinct, but keeping one active at a time is simpler to reason on) */
    for (size_t i = 0; i < it->claims.len; i++) {
        sitrep_status st = load_claim_counts(it, &it->claims.items[i]);
        if (st != SITREP_OK)
            return st;
    }
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
    sqlite3_stmt *q = it->q;
    sr_arena *a = &it->arena;
    sr_arena_reset(a);
    it->counts.len = 0;
    it->claims.len = 0;
    sitrep_fused_incident *f = &it->inc;
    memset(f, 0, sizeof *f);
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
    f->killed_low = sqlite3_column_type(q, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 11);
    f->killed_high = sqlite3_column_type(q, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 12);
    f->nsources = sqlite3_column_int(q, 13);
    f->nreports = f->nsources;
    f->conflicting = sqlite3_column_int(q, 14);
    sitrep_status st;
    if ((st = load_counts(it, f->id)) != SITREP_OK || (st = load_claims(it, f->id)) != SITREP_OK)
        return st;
    f->counts = it->counts.items;
    f->ncounts = it->counts.len;
    f->claims = it->claims.items;
    f->nclaims = it->claims.len;
    *out = f;
    return SITREP_OK;
}

void sitrep_incident_iter_free(sitrep_incident_iter *it)
{
    if (!it)
        return;
    sqlite3_finalize(it->q);
    sr_arena_free(&it->arena);
    free(it->counts.items);
    free(it->claims.items);
    free(it);
}
