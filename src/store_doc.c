/* store_doc.c - one stored document as its record (sitrep_store_document):
 * the document row, its reports (table incidents) with their counts, places
 * and actors, and the evidence spans of each value with the rule that gave
 * it, the reports' sentences and the boilerplate spans, put together as the
 * record that was ingested. Nothing is extracted again, so the article view
 * shows what was stored even after the extractor has changed.
 *
 * How each part of a record is kept (store.c, ingest_tx and add_incident):
 *   doc.*               documents (ext_id: the first id; any id finds it
 *                       through document_ids)
 *   summary, warnings   documents.sum_*, main_incident, warnings (JSON);
 *                       a summary is present when sum_civilians is not NULL
 *   incident i          incidents row with idx = i: scope, certainty, date
 *                       (present when date_precision is not NULL), place
 *                       (places row), perpetrator (actors.name: canonical;
 *                       actor_text: as named), cause, claimant
 *   counts              counts rows in id order, evidence in spans (span_id)
 *   other evidence      spans of kind date | place | perpetrator | cause |
 *                       claimant of the report (a value whose words were
 *                       empty has none: its evidence is {0, 0})
 *   sentences           spans of kind sentence of the report, in id order
 *   boilerplate         spans of kind boilerplate of the document
 *   summary evidence    spans of kind summary_location | summary_actor |
 *                       summary_cause of the document (since v4; documents
 *                       stored before have none)
 * Every schema version since v1 keeps all of the others, so the view needed
 * no migration of its own: test_store reads records back and finds them
 * equal to the records ingested (JSON with text and rules, boilerplate,
 * warnings, summary evidence), for hand-made records and for the examples
 * as extraction makes them.
 * Read-only: SELECTs of fixed statements with bound values. */
#include "record.h"
#include "store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_DOC_ID[] =
    "SELECT document_id FROM document_ids WHERE ext_id = ?1 ORDER BY document_id LIMIT 1";

static const char SQL_DOC_ROW[] =
    "SELECT ext_id, source, title, published, published_from, url, text, sum_location, sum_actor, sum_cause,"
    " sum_civilians, sum_noncivilians, sum_children, sum_women, sum_date, main_incident, warnings"
    " FROM documents WHERE id = ?1";

static const char SQL_DOC_REPORTS[] =
    "SELECT i.id, i.idx, i.scope, i.certainty, i.date_from, i.date_to, i.date_precision, i.place_id,"
    " p.name, p.admin1, p.country, p.lat, p.lon, p.geonames_id, p.precision, i.actor_id, a.name, i.actor_text,"
    " i.cause, i.claimant"
    " FROM incidents i LEFT JOIN places p ON p.id = i.place_id LEFT JOIN actors a ON a.id = i.actor_id"
    " WHERE i.document_id = ?1 ORDER BY i.idx";

static const char SQL_DOC_COUNTS[] =
    "SELECT c.incident_id, c.outcome, c.grp, c.min, c.max, c.qualifier, s.start, s.end, s.rule"
    " FROM incidents i JOIN counts c ON c.incident_id = i.id LEFT JOIN spans s ON s.id = c.span_id"
    " WHERE i.document_id = ?1 ORDER BY i.idx, c.id";

static const char SQL_DOC_SPANS[] =
    "SELECT incident_id, kind, start, end, rule FROM spans"
    " WHERE document_id = ?1 AND kind <> 'count' ORDER BY id";

static const char SQL_DOC_FUSED[] = "SELECT idx, fused_id FROM incidents WHERE document_id = ?1";

/* The store's number of the document with external id ext_id, or
 * SITREP_ENOTFOUND with a message. */
static sitrep_status doc_number(sitrep_store *s, const char *ext_id, int64_t *id)
{
    *id = 0;
    if (!ext_id) {
        snprintf(s->errmsg, sizeof s->errmsg, "no document id given");
        return SITREP_EUSAGE;
    }
    sitrep_status st = sr_lookup_id(s, SQL_DOC_ID, ext_id, "looking up a document", id);
    if (st == SITREP_OK && !*id) {
        snprintf(s->errmsg, sizeof s->errmsg, "no stored document has the id '%.200s'", ext_id);
        st = SITREP_ENOTFOUND;
    }
    return st;
}

/* Copies a text column into the record's arena; NULL stays NULL, and so
 * does "" when empty_is_null. ok turns false when memory runs out. */
static const char *col(sqlite3_stmt *q, int i, sitrep_record *rec, bool empty_is_null, bool *ok)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return NULL;
    const char *t = (const char *)sqlite3_column_text(q, i);
    size_t n = (size_t)sqlite3_column_bytes(q, i);
    if (!t || (empty_is_null && n == 0))
        return NULL;
    char *c = sr_arena_strndup(&rec->arena, t, n);
    if (!c)
        *ok = false;
    return c;
}

/* A date column into a char[11] ("" when NULL or not a date). */
static void col_date(sqlite3_stmt *q, int i, char out[11])
{
    out[0] = '\0';
    const char *t = (const char *)sqlite3_column_text(q, i);
    int y, m, d;
    if (t && sr_parse_iso_date(t, &y, &m, &d))
        sr_format_date(out, y, m, d);
}

static sitrep_status load_doc(sitrep_store *s, int64_t doc, sitrep_record *rec)
{
    sqlite3_stmt *q = sr_stmt(s, SQL_DOC_ROW);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, doc);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sitrep_status st = sr_step_end(s, q, rc, "reading a document");
        if (st == SITREP_OK) {
            snprintf(s->errmsg, sizeof s->errmsg, "no stored document %lld", (long long)doc);
            st = SITREP_ENOTFOUND;
        }
        return st;
    }
    bool ok = true;
    sitrep_docinfo *d = &rec->doc;
    d->id = col(q, 0, rec, false, &ok);
    d->source = col(q, 1, rec, false, &ok);
    d->title = col(q, 2, rec, false, &ok);
    d->published = col(q, 3, rec, false, &ok);
    const char *pf = (const char *)sqlite3_column_text(q, 4);
    d->published_from = !pf ? NULL : !strcmp(pf, "input") ? "input" : !strcmp(pf, "text") ? "text" : NULL;
    d->url = col(q, 5, rec, false, &ok);
    const char *text = (const char *)sqlite3_column_text(q, 6);
    d->text_len = text ? (size_t)sqlite3_column_bytes(q, 6) : 0;
    d->text = sr_arena_strndup(&rec->arena, text ? text : "", d->text_len);
    if (!d->text)
        ok = false;
    sitrep_summary *sm = &rec->summary;
    if (sqlite3_column_type(q, 10) != SQLITE_NULL) {
        sm->present = 1;
        sm->location = col(q, 7, rec, false, &ok);
        sm->actor = col(q, 8, rec, false, &ok);
        sm->cause_of_death = col(q, 9, rec, false, &ok);
        sm->nb_civilians = sqlite3_column_int64(q, 10);
        sm->nb_noncivilians = sqlite3_column_int64(q, 11);
        sm->nb_children = sqlite3_column_int64(q, 12);
        sm->nb_women = sqlite3_column_int64(q, 13);
        col_date(q, 14, sm->date);
        sm->main_incident = (int)sr_col_opt_int(q, 15);
    }
    /* warnings: a JSON array of strings, kept as stored */
    const char *wj = (const char *)sqlite3_column_text(q, 16);
    sitrep_status st = ok ? SITREP_OK : SITREP_ENOMEM;
    if (wj && st == SITREP_OK) {
        json_t *arr = json_loadb(wj, (size_t)sqlite3_column_bytes(q, 16), 0, NULL);
        for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr) && st == SITREP_OK; i++) {
            json_t *w = json_array_get(arr, i);
            if (!json_is_string(w))
                continue;
            char *c = sr_arena_strndup(&rec->arena, json_string_value(w), json_string_length(w));
            st = c ? sr_vec_push(&rec->warnings, (const char *)c) : SITREP_ENOMEM;
        }
        json_decref(arr);
    }
    sqlite3_reset(q);
    return st;
}

/* The report ids of the record's incidents, by position. */
typedef SR_VEC(int64_t) id_vec;

static size_t incident_index(const id_vec *ids, int64_t report)
{
    for (size_t i = 0; i < ids->len; i++) /* reports of one article are few */
        if (ids->items[i] == report)
            return i;
    return SIZE_MAX;
}

static sitrep_status load_reports(sitrep_store *s, int64_t doc, sitrep_record *rec, id_vec *ids)
{
    sqlite3_stmt *q = sr_stmt(s, SQL_DOC_REPORTS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, doc);
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        sitrep_incident in = {0};
        const char *scope = (const char *)sqlite3_column_text(q, 2);
        in.scope = scope && !strcmp(scope, "war") ? SITREP_SCOPE_WAR : SITREP_SCOPE_EVENT;
        int v = sr_certainty_parse((const char *)sqlite3_column_text(q, 3));
        in.certainty = v < 0 ? SITREP_CERT_REPORTED : (sitrep_certainty)v;
        if (sqlite3_column_type(q, 6) != SQLITE_NULL) {
            in.date.present = 1;
            col_date(q, 4, in.date.from);
            col_date(q, 5, in.date.to);
            v = sr_precision_parse((const char *)sqlite3_column_text(q, 6));
            in.date.precision = v < 0 ? SITREP_PREC_UNKNOWN : (sitrep_precision)v;
        }
        if (sqlite3_column_type(q, 7) != SQLITE_NULL) {
            sitrep_place *p = &in.place;
            p->present = 1;
            p->name = col(q, 8, rec, false, &ok);
            p->admin1 = col(q, 9, rec, true, &ok);
            const char *c = (const char *)sqlite3_column_text(q, 10);
            snprintf(p->country, sizeof p->country, "%s", c ? c : "");
            p->lat = sqlite3_column_double(q, 11);
            p->lon = sqlite3_column_double(q, 12);
            p->geonames_id = sqlite3_column_int64(q, 13);
            v = sr_place_precision_parse((const char *)sqlite3_column_text(q, 14));
            p->precision = v < 0 ? SITREP_PLACE_TOWN : (sitrep_place_precision)v;
        }
        if (sqlite3_column_type(q, 15) != SQLITE_NULL || sqlite3_column_type(q, 17) != SQLITE_NULL) {
            in.perpetrator.present = 1;
            in.perpetrator.actor = col(q, 16, rec, false, &ok);
            in.perpetrator.name = col(q, 17, rec, false, &ok);
        }
        if (sqlite3_column_type(q, 18) != SQLITE_NULL) {
            in.cause.present = 1;
            v = sr_cause_parse((const char *)sqlite3_column_text(q, 18));
            in.cause.category = v < 0 ? SITREP_CAUSE_UNKNOWN : (sitrep_cause_category)v;
        }
        if (sqlite3_column_type(q, 19) != SQLITE_NULL) {
            in.claimed_by.present = 1;
            in.claimed_by.name = col(q, 19, rec, false, &ok);
        }
        /* idx is the position: the rows come in idx order from 0 */
        if (sqlite3_column_int64(q, 1) != (int64_t)rec->incidents.len) {
            snprintf(s->errmsg, sizeof s->errmsg, "document %lld: its incidents are not numbered 0, 1, ...",
                     (long long)doc);
            sqlite3_reset(q);
            return SITREP_EDB;
        }
        if (sr_vec_push(&rec->incidents, in) != SITREP_OK || sr_vec_push(ids, sqlite3_column_int64(q, 0)) != SITREP_OK)
            ok = false;
    }
    if (!ok) {
        sqlite3_reset(q);
        return SITREP_ENOMEM;
    }
    return sr_step_end(s, q, rc, "reading incidents");
}

/* Evidence from a span row's start, end and rule (columns i, i+1, i+2),
 * kept inside the text. */
static sitrep_evidence col_evidence(sqlite3_stmt *q, int i, sitrep_record *rec, bool *ok)
{
    sitrep_evidence e = {0, 0, NULL};
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return e;
    int64_t a = sqlite3_column_int64(q, i), z = sqlite3_column_int64(q, i + 1);
    int64_t n = (int64_t)rec->doc.text_len;
    if (a < 0 || z < a || z > n) { /* never out of the text, whatever the file holds */
        a = a < 0 ? 0 : a > n ? n : a;
        z = z < a ? a : z > n ? n : z;
    }
    e.start = (uint32_t)a;
    e.end = (uint32_t)z;
    e.rule = col(q, i + 2, rec, false, ok);
    return e;
}

static sitrep_status load_counts(sitrep_store *s, int64_t doc, sitrep_record *rec, const id_vec *ids)
{
    size_t ninc = rec->incidents.len;
    if (!ninc)
        return SITREP_OK;
    sqlite3_stmt *q = sr_stmt(s, SQL_DOC_COUNTS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, doc);
    SR_VEC(sitrep_count) cs = {0};
    SR_VEC(size_t) owner = {0};
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        size_t k = incident_index(ids, sqlite3_column_int64(q, 0));
        if (k == SIZE_MAX)
            continue;
        sitrep_count c = sr_col_count(q, 1);
        c.evidence = col_evidence(q, 6, rec, &ok);
        if (sr_vec_push(&cs, c) != SITREP_OK || sr_vec_push(&owner, k) != SITREP_OK)
            ok = false;
    }
    sitrep_status st = !ok ? SITREP_ENOMEM : sr_step_end(s, q, rc, "reading counts");
    if (!ok)
        sqlite3_reset(q);
    /* the rows come by incident: each incident's counts are one run */
    for (size_t i = 0; st == SITREP_OK && i < cs.len;) {
        size_t j = i;
        while (j < cs.len && owner.items[j] == owner.items[i])
            j++;
        sitrep_incident *in = &rec->incidents.items[owner.items[i]];
        sitrep_count *arr = sr_arena_alloc(&rec->arena, (j - i) * sizeof *arr);
        if (!arr) {
            st = SITREP_ENOMEM;
            break;
        }
        memcpy(arr, cs.items + i, (j - i) * sizeof *arr);
        in->counts = arr;
        in->ncounts = j - i;
        i = j;
    }
    free(cs.items);
    free(owner.items);
    return st;
}

static sitrep_status load_spans(sitrep_store *s, int64_t doc, sitrep_record *rec, const id_vec *ids)
{
    sqlite3_stmt *q = sr_stmt(s, SQL_DOC_SPANS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, doc);
    size_t ninc = rec->incidents.len;
    /* sentences per incident, gathered then copied into the arena */
    SR_VEC(sitrep_span) sents = {0};
    SR_VEC(size_t) sowner = {0};
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(q, 1);
        if (!kind)
            continue;
        sitrep_evidence e = col_evidence(q, 2, rec, &ok);
        if (!strcmp(kind, "boilerplate")) {
            if (sr_vec_push(&rec->boiler, ((sitrep_span){e.start, e.end})) != SITREP_OK)
                ok = false;
            continue;
        }
        sitrep_summary *sm = &rec->summary;
        sitrep_evidence *se = !sm->present                        ? NULL
                              : !strcmp(kind, "summary_location") ? &sm->evidence.location
                              : !strcmp(kind, "summary_actor")    ? &sm->evidence.actor
                              : !strcmp(kind, "summary_cause")    ? &sm->evidence.cause_of_death
                                                                  : NULL;
        if (se) {
            *se = e;
            if (!se->rule) /* the words were kept: a value with words came from some rule */
                se->rule = "";
            continue;
        }
        if (sqlite3_column_type(q, 0) == SQLITE_NULL)
            continue;
        size_t k = incident_index(ids, sqlite3_column_int64(q, 0));
        if (k == SIZE_MAX || k >= ninc)
            continue;
        sitrep_incident *in = &rec->incidents.items[k];
        if (!strcmp(kind, "sentence")) {
            if (sr_vec_push(&sents, ((sitrep_span){e.start, e.end})) != SITREP_OK || sr_vec_push(&sowner, k) != SITREP_OK)
                ok = false;
            continue;
        }
        /* the evidence of a value the incident has */
        const struct {
            const char *kind;
            bool present;
            sitrep_evidence *evidence;
        } values[] = {
            {"date", in->date.present, &in->date.evidence},
            {"place", in->place.present, &in->place.evidence},
            {"perpetrator", in->perpetrator.present, &in->perpetrator.evidence},
            {"cause", in->cause.present, &in->cause.evidence},
            {"claimant", in->claimed_by.present, &in->claimed_by.evidence},
        };
        for (size_t v = 0; v < SR_ARRAY_LEN(values); v++)
            if (values[v].present && !strcmp(kind, values[v].kind))
                *values[v].evidence = e;
    }
    sitrep_status st = !ok ? SITREP_ENOMEM : sr_step_end(s, q, rc, "reading evidence");
    if (!ok)
        sqlite3_reset(q);
    /* the sentences of each incident, in the order stored */
    for (size_t k = 0; st == SITREP_OK && k < ninc; k++) {
        size_t n = 0;
        for (size_t i = 0; i < sents.len; i++)
            n += sowner.items[i] == k;
        if (!n)
            continue;
        sitrep_span *arr = sr_arena_alloc(&rec->arena, n * sizeof *arr);
        if (!arr) {
            st = SITREP_ENOMEM;
            break;
        }
        size_t j = 0;
        for (size_t i = 0; i < sents.len; i++)
            if (sowner.items[i] == k)
                arr[j++] = sents.items[i];
        rec->incidents.items[k].sentences = arr;
        rec->incidents.items[k].nsentences = n;
    }
    free(sents.items);
    free(sowner.items);
    return st;
}

sitrep_status sitrep_store_document(sitrep_store *s, const char *id, sitrep_record **out)
{
    *out = NULL;
    int64_t doc;
    sitrep_status st = doc_number(s, id, &doc);
    if (st != SITREP_OK)
        return st;
    sitrep_record *rec = sr_record_new();
    if (!rec)
        return SITREP_ENOMEM;
    id_vec ids = {0};
    /* one read transaction: the parts come from one state of the database */
    bool txn = sqlite3_get_autocommit(s->db) != 0;
    if (txn && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        txn = false;
    if ((st = load_doc(s, doc, rec)) == SITREP_OK && (st = load_reports(s, doc, rec, &ids)) == SITREP_OK &&
        (st = load_counts(s, doc, rec, &ids)) == SITREP_OK)
        st = load_spans(s, doc, rec, &ids);
    if (txn)
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    free(ids.items);
    if (st != SITREP_OK) {
        if (st == SITREP_ENOMEM)
            snprintf(s->errmsg, sizeof s->errmsg, "out of memory");
        sitrep_record_free(rec);
        return st;
    }
    if (rec->summary.main_incident >= (int)rec->incidents.len)
        rec->summary.main_incident = -1;
    *out = rec;
    return SITREP_OK;
}

sitrep_status sitrep_store_document_fused(sitrep_store *s, const char *id, int64_t *document_id, int64_t *fused,
                                          size_t n)
{
    for (size_t i = 0; i < n; i++)
        fused[i] = 0;
    if (document_id)
        *document_id = 0;
    int64_t doc;
    sitrep_status st = doc_number(s, id, &doc);
    if (st != SITREP_OK)
        return st;
    if (document_id)
        *document_id = doc;
    sqlite3_stmt *q = sr_stmt(s, SQL_DOC_FUSED);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, doc);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t idx = sqlite3_column_int64(q, 0);
        if (idx >= 0 && (size_t)idx < n && sqlite3_column_type(q, 1) != SQLITE_NULL)
            fused[idx] = sqlite3_column_int64(q, 1);
    }
    return sr_step_end(s, q, rc, "reading where the incidents went");
}
