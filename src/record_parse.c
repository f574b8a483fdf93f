/* record_parse.c - a record from its JSON form (jansson): the inverse of
 * sitrep_record_json, for `sitrep ingest --format records` (records written by
 * `sitrep extract --text`) and for tests that build records by hand.
 *
 * The JSON must carry doc.text: evidence offsets refer to it. Evidence
 * "text" members are not read (they are derived from the offsets); "rule"
 * members are kept. Offsets outside the text are an error. */
#include "record.h"
#include "record_parse.h"
#include "store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct rp {
    sitrep_record *rec;
    char *err;
    const char *path; /* where we are, for messages */
} rp;

static sitrep_status fail(rp *p, const char *what)
{
    sr_errf(p->err, "%s%s%s", p->path ? p->path : "", p->path ? ": " : "", what);
    return SITREP_EINPUT;
}

/* A string member owned by the record, or NULL when absent or null. */
static sitrep_status opt_str(rp *p, json_t *obj, const char *key, const char **out)
{
    *out = NULL;
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return SITREP_OK;
    if (!json_is_string(v)) {
        p->path = key;
        return fail(p, "not a string");
    }
    *out = sr_arena_strndup(&p->rec->arena, json_string_value(v), json_string_length(v));
    return *out ? SITREP_OK : SITREP_ENOMEM;
}

#define ENUM_ADAPTER(fn, type) \
    static const char *fn##_i(int v) { return fn((type)v); }
ENUM_ADAPTER(sitrep_outcome_name, sitrep_outcome)
ENUM_ADAPTER(sitrep_group_name, sitrep_group)
ENUM_ADAPTER(sitrep_qualifier_name, sitrep_qualifier)
ENUM_ADAPTER(sitrep_precision_name, sitrep_precision)
ENUM_ADAPTER(sitrep_place_precision_name, sitrep_place_precision)
ENUM_ADAPTER(sitrep_cause_name, sitrep_cause_category)
ENUM_ADAPTER(sitrep_certainty_name, sitrep_certainty)

/* Enum value by its record name: names(i) for i = 0.. n-1; -1 when unknown. */
static int enum_parse(const char *(*names)(int), int n, const char *s)
{
    if (s)
        for (int i = 0; i < n; i++)
            if (strcmp(s, names(i)) == 0)
                return i;
    return -1;
}


static sitrep_status opt_enum(rp *p, json_t *obj, const char *key, const char *(*names)(int), int nvals,
                              int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return SITREP_OK; /* keep the default */
    int e = enum_parse(names, nvals, json_string_value(v));
    if (e < 0) {
        p->path = key;
        return fail(p, "unknown value");
    }
    *out = e;
    return SITREP_OK;
}

/* The evidence object obj[key] into *e (left as it is when absent or null). */
static sitrep_status evidence_at(rp *p, json_t *obj, const char *key, sitrep_evidence *e)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return SITREP_OK;
    json_t *s = json_object_get(v, "start"), *t = json_object_get(v, "end");
    if (!json_is_object(v) || !json_is_integer(s) || !json_is_integer(t)) {
        p->path = "evidence";
        return fail(p, "wants an object with integer start and end");
    }
    json_int_t a = json_integer_value(s), b = json_integer_value(t);
    if (a < 0 || b < a || (size_t)b > p->rec->doc.text_len) {
        p->path = "evidence";
        return fail(p, "offsets outside doc.text");
    }
    e->start = (uint32_t)a;
    e->end = (uint32_t)b;
    return opt_str(p, v, "rule", &e->rule);
}

static sitrep_status evidence(rp *p, json_t *obj, sitrep_evidence *e) { return evidence_at(p, obj, "evidence", e); }

static int64_t opt_int(json_t *obj, const char *key, int64_t dflt)
{
    json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

static sitrep_status date_part(rp *p, json_t *obj, const char *key, char out[11])
{
    out[0] = '\0';
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return SITREP_OK;
    int y, m, d;
    if (!json_is_string(v) || !sr_parse_iso_date(json_string_value(v), &y, &m, &d)) {
        p->path = key;
        return fail(p, "not a date (YYYY-MM-DD)");
    }
    sr_format_date(out, y, m, d);
    return SITREP_OK;
}

static sitrep_status incident(rp *p, json_t *o, sitrep_incident *in)
{
    sitrep_status st;
    int e;
    if (!json_is_object(o))
        return fail(p, "an incident is not an object");

    json_t *counts = json_object_get(o, "counts");
    if (counts && !json_is_null(counts)) {
        if (!json_is_array(counts))
            return fail(p, "counts is not an array");
        size_t n = json_array_size(counts);
        sitrep_count *cs = n ? sr_arena_alloc(&p->rec->arena, n * sizeof *cs) : NULL;
        if (n && !cs)
            return SITREP_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            json_t *c = json_array_get(counts, i);
            if (!json_is_object(c))
                return fail(p, "a count is not an object");
            e = 0;
            if ((st = opt_enum(p, c, "outcome", sitrep_outcome_name_i, 6, &e)) != SITREP_OK)
                return st;
            cs[i].outcome = (sitrep_outcome)e;
            e = 0;
            if ((st = opt_enum(p, c, "group", sitrep_group_name_i, 6, &e)) != SITREP_OK)
                return st;
            cs[i].group = (sitrep_group)e;
            e = 0;
            if ((st = opt_enum(p, c, "qualifier", sitrep_qualifier_name_i, 6, &e)) != SITREP_OK)
                return st;
            cs[i].qualifier = (sitrep_qualifier)e;
            cs[i].min = opt_int(c, "min", -1);
            cs[i].max = opt_int(c, "max", -1);
            if ((st = evidence(p, c, &cs[i].evidence)) != SITREP_OK)
                return st;
        }
        in->counts = cs;
        in->ncounts = n;
    }

    json_t *v = json_object_get(o, "date");
    if (json_is_object(v)) {
        in->date.present = 1;
        if ((st = date_part(p, v, "from", in->date.from)) != SITREP_OK ||
            (st = date_part(p, v, "to", in->date.to)) != SITREP_OK)
            return st;
        e = 0;
        if ((st = opt_enum(p, v, "precision", sitrep_precision_name_i, 5, &e)) != SITREP_OK)
            return st;
        in->date.precision = (sitrep_precision)e;
        if ((st = evidence(p, v, &in->date.evidence)) != SITREP_OK)
            return st;
    }

    v = json_object_get(o, "place");
    if (json_is_object(v)) {
        sitrep_place *pl = &in->place;
        pl->present = 1;
        const char *country = NULL;
        if ((st = opt_str(p, v, "name", &pl->name)) != SITREP_OK ||
            (st = opt_str(p, v, "admin1", &pl->admin1)) != SITREP_OK ||
            (st = opt_str(p, v, "country", &country)) != SITREP_OK)
            return st;
        if (country)
            snprintf(pl->country, sizeof pl->country, "%s", country);
        json_t *lat = json_object_get(v, "lat"), *lon = json_object_get(v, "lon");
        pl->lat = json_is_number(lat) ? json_number_value(lat) : 0;
        pl->lon = json_is_number(lon) ? json_number_value(lon) : 0;
        pl->geonames_id = opt_int(v, "geonames_id", 0);
        e = SITREP_PLACE_TOWN;
        if ((st = opt_enum(p, v, "precision", sitrep_place_precision_name_i, 5, &e)) != SITREP_OK)
            return st;
        pl->precision = (sitrep_place_precision)e;
        if ((st = evidence(p, v, &pl->evidence)) != SITREP_OK)
            return st;
    }

    v = json_object_get(o, "perpetrator");
    if (json_is_object(v)) {
        in->perpetrator.present = 1;
        if ((st = opt_str(p, v, "name", &in->perpetrator.name)) != SITREP_OK ||
            (st = opt_str(p, v, "actor", &in->perpetrator.actor)) != SITREP_OK ||
            (st = evidence(p, v, &in->perpetrator.evidence)) != SITREP_OK)
            return st;
    }

    v = json_object_get(o, "cause");
    if (json_is_object(v)) {
        in->cause.present = 1;
        e = 0;
        if ((st = opt_enum(p, v, "category", sitrep_cause_name_i, 9, &e)) != SITREP_OK)
            return st;
        in->cause.category = (sitrep_cause_category)e;
        if ((st = evidence(p, v, &in->cause.evidence)) != SITREP_OK)
            return st;
    }

    v = json_object_get(o, "claimed_by");
    if (json_is_object(v)) {
        in->claimed_by.present = 1;
        if ((st = opt_str(p, v, "name", &in->claimed_by.name)) != SITREP_OK ||
            (st = evidence(p, v, &in->claimed_by.evidence)) != SITREP_OK)
            return st;
    }

    e = 0;
    if ((st = opt_enum(p, o, "certainty", sitrep_certainty_name_i, 5, &e)) != SITREP_OK)
        return st;
    in->certainty = (sitrep_certainty)e;
    v = json_object_get(o, "scope");
    in->scope = (json_is_string(v) && strcmp(json_string_value(v), "war") == 0) ? SITREP_SCOPE_WAR
                                                                                 : SITREP_SCOPE_EVENT;

    json_t *sents = json_object_get(o, "sentences");
    if (json_is_array(sents) && json_array_size(sents) > 0) {
        size_t n = json_array_size(sents);
        sitrep_span *sp = sr_arena_alloc(&p->rec->arena, n * sizeof *sp);
        if (!sp)
            return SITREP_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            json_t *pair = json_array_get(sents, i);
            json_int_t a = json_integer_value(json_array_get(pair, 0));
            json_int_t b = json_integer_value(json_array_get(pair, 1));
            if (json_array_size(pair) != 2 || a < 0 || b < a || (size_t)b > p->rec->doc.text_len)
                return fail(p, "a sentence is not [start, end] inside doc.text");
            sp[i].start = (uint32_t)a;
            sp[i].end = (uint32_t)b;
        }
        in->sentences = sp;
        in->nsentences = n;
    }
    return SITREP_OK;
}

static sitrep_status summary(rp *p, json_t *o, sitrep_summary *s)
{
    sitrep_status st;
    if (!json_is_object(o))
        return SITREP_OK;
    s->present = 1;
    if ((st = opt_str(p, o, "location", &s->location)) != SITREP_OK ||
        (st = opt_str(p, o, "actor", &s->actor)) != SITREP_OK ||
        (st = opt_str(p, o, "cause_of_death", &s->cause_of_death)) != SITREP_OK ||
        (st = date_part(p, o, "date", s->date)) != SITREP_OK)
        return st;
    s->nb_civilians = opt_int(o, "nb_civilians", 0);
    s->nb_noncivilians = opt_int(o, "nb_noncivilians", 0);
    s->nb_children = opt_int(o, "nb_children", 0);
    s->nb_women = opt_int(o, "nb_women", 0);
    s->main_incident = (int)opt_int(o, "main_incident", -1);
    /* the words of location, actor and cause_of_death (records written before they were kept
     * have none) */
    json_t *ev = json_object_get(o, "evidence");
    const char *keys[] = {"location", "actor", "cause_of_death"};
    sitrep_evidence *es[] = {&s->evidence.location, &s->evidence.actor, &s->evidence.cause_of_death};
    for (size_t k = 0; k < SR_ARRAY_LEN(keys); k++) {
        if ((st = evidence_at(p, ev, keys[k], es[k])) != SITREP_OK)
            return st;
        /* words given without their rule (a record written without --rules): a rule of "" keeps
         * them, as a NULL rule means the value came from nothing */
        if (json_is_object(json_object_get(ev, keys[k])) && !es[k]->rule)
            es[k]->rule = "";
    }
    return SITREP_OK;
}

static sitrep_status parse(rp *p, json_t *root)
{
    sitrep_status st;
    sitrep_record *rec = p->rec;
    json_t *doc = json_object_get(root, "doc");
    if (!json_is_object(root) || !json_is_object(doc))
        return fail(p, "not a record (no doc object)");
    json_t *text = json_object_get(doc, "text");
    if (!json_is_string(text))
        return fail(p, "the record has no doc.text (write records with `sitrep extract --text`)");
    rec->doc.text_len = json_string_length(text);
    rec->doc.text = sr_arena_strndup(&rec->arena, json_string_value(text), rec->doc.text_len);
    if (!rec->doc.text)
        return SITREP_ENOMEM;
    const char *pf = NULL, *published = NULL;
    if ((st = opt_str(p, doc, "id", &rec->doc.id)) != SITREP_OK ||
        (st = opt_str(p, doc, "source", &rec->doc.source)) != SITREP_OK ||
        (st = opt_str(p, doc, "title", &rec->doc.title)) != SITREP_OK ||
        (st = opt_str(p, doc, "published", &published)) != SITREP_OK ||
        (st = opt_str(p, doc, "published_from", &pf)) != SITREP_OK ||
        (st = opt_str(p, doc, "url", &rec->doc.url)) != SITREP_OK)
        return st;
    int y, m, d;
    if (published && !sr_parse_iso_date(published, &y, &m, &d)) {
        p->path = "doc.published";
        return fail(p, "not a date (YYYY-MM-DD)");
    }
    rec->doc.published = published;
    /* published_from points at static strings in records made by extraction */
    rec->doc.published_from = !pf ? NULL : strcmp(pf, "input") == 0 ? "input" : strcmp(pf, "text") == 0 ? "text" : NULL;
    if (!rec->doc.id) {
        rec->doc.id = sr_arena_printf(&rec->arena, "%016llx",
                                      (unsigned long long)sr_hash(rec->doc.text, rec->doc.text_len));
        if (!rec->doc.id)
            return SITREP_ENOMEM;
    }

    json_t *incs = json_object_get(root, "incidents");
    if (incs && !json_is_null(incs)) {
        if (!json_is_array(incs))
            return fail(p, "incidents is not an array");
        size_t n = json_array_size(incs);
        if ((st = sr_vec_reserve(&rec->incidents, n)) != SITREP_OK)
            return st;
        for (size_t i = 0; i < n; i++) {
            sitrep_incident in = {0};
            if ((st = incident(p, json_array_get(incs, i), &in)) != SITREP_OK)
                return st;
            rec->incidents.items[rec->incidents.len++] = in;
        }
    }
    if ((st = summary(p, json_object_get(root, "summary"), &rec->summary)) != SITREP_OK)
        return st;
    if (rec->summary.main_incident >= (int)rec->incidents.len)
        rec->summary.main_incident = -1;
    json_t *warns = json_object_get(root, "warnings");
    for (size_t i = 0; json_is_array(warns) && i < json_array_size(warns); i++) {
        const char *w = json_string_value(json_array_get(warns, i));
        if (w && (st = sr_record_warn(rec, "%s", w)) != SITREP_OK)
            return st;
    }
    return SITREP_OK;
}

sitrep_status sr_record_from_json(const char *json, size_t len, sitrep_record **out, char *errbuf)
{
    *out = NULL;
    errbuf[0] = '\0';
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        sr_errf(errbuf, "not JSON: %s (column %d)", jerr.text, jerr.column);
        return SITREP_EINPUT;
    }
    sitrep_record *rec = sr_record_new();
    if (!rec) {
        json_decref(root);
        return SITREP_ENOMEM;
    }
    rp p = {rec, errbuf, NULL};
    sitrep_status st = parse(&p, root);
    json_decref(root);
    if (st != SITREP_OK) {
        if (st == SITREP_ENOMEM)
            sr_errf(errbuf, "out of memory");
        sitrep_record_free(rec);
        return st;
    }
    *out = rec;
    return SITREP_OK;
}

sitrep_status sitrep_record_parse(const char *json, size_t len, sitrep_record **out, char *errbuf,
                                  size_t errbuf_size)
{
    char err[SR_ERRMSG_MAX];
    sitrep_status st = sr_record_from_json(json, len, out, err);
    if (st != SITREP_OK && errbuf && errbuf_size)
        snprintf(errbuf, errbuf_size, "%s", err);
    return st;
}

int sr_outcome_parse(const char *s) { return enum_parse(sitrep_outcome_name_i, 6, s); }
int sr_group_parse(const char *s) { return enum_parse(sitrep_group_name_i, 6, s); }
int sr_qualifier_parse(const char *s) { return enum_parse(sitrep_qualifier_name_i, 6, s); }
int sr_certainty_parse(const char *s) { return enum_parse(sitrep_certainty_name_i, 5, s); }
int sr_precision_parse(const char *s) { return enum_parse(sitrep_precision_name_i, 5, s); }
int sr_place_precision_parse(const char *s) { return enum_parse(sitrep_place_precision_name_i, 5, s); }
int sr_cause_parse(const char *s) { return enum_parse(sitrep_cause_name_i, 9, s); }
