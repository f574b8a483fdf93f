/* record.c - records: accessors, JSON output (the --explain table is in explain.c). */
#include "record.h"

#include "json.h"

#include <stdlib.h>
#include <string.h>

sitrep_record *sr_record_new(void)
{
    sitrep_record *rec = calloc(1, sizeof(*rec));
    if (rec) {
        rec->summary.main_incident = -1;
    }
    return rec;
}

sitrep_status sr_record_warn(sitrep_record *rec, const char *fmt, ...)
{
    sr_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sitrep_status st = sr_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (st != SITREP_OK) {
        sr_buf_free(&b);
        return st;
    }
    char *s = sr_arena_strndup(&rec->arena, b.data, b.len);
    sr_buf_free(&b);
    if (!s)
        return SITREP_ENOMEM;
    for (size_t i = 0; i < rec->warnings.len; i++) /* each warning once */
        if (strcmp(rec->warnings.items[i], s) == 0)
            return SITREP_OK;
    return sr_vec_push(&rec->warnings, s);
}

void sitrep_record_free(sitrep_record *rec)
{
    if (!rec)
        return;
    free(rec->incidents.items);
    free(rec->warnings.items);
    free(rec->boiler.items);
    sr_arena_free(&rec->arena);
    free(rec);
}

const sitrep_docinfo *sitrep_record_doc(const sitrep_record *rec) { return &rec->doc; }

const sitrep_incident *sitrep_record_incidents(const sitrep_record *rec, size_t *n)
{
    *n = rec->incidents.len;
    return rec->incidents.items;
}

const sitrep_summary *sitrep_record_summary(const sitrep_record *rec) { return &rec->summary; }

const char *const *sitrep_record_warnings(const sitrep_record *rec, size_t *n)
{
    *n = rec->warnings.len;
    return rec->warnings.items;
}

const sitrep_span *sitrep_record_boilerplate(const sitrep_record *rec, size_t *n)
{
    *n = rec->boiler.len;
    return rec->boiler.items;
}

/* ---- enum names ---- */

#define NAME_FN(fn, type, ...)                                          \
    const char *fn(type v)                                              \
    {                                                                   \
        static const char *const names[] = {__VA_ARGS__};               \
        return (unsigned)v < SR_ARRAY_LEN(names) ? names[v] : "unknown"; \
    }

NAME_FN(sitrep_outcome_name, sitrep_outcome, "killed", "injured", "missing", "detained", "displaced", "trapped")
NAME_FN(sitrep_group_name, sitrep_group, "people", "civilians", "combatants", "children", "women", "men")
NAME_FN(sitrep_qualifier_name, sitrep_qualifier, "exact", "at_least", "at_most", "about", "range", "vague")
NAME_FN(sitrep_precision_name, sitrep_precision, "unknown", "day", "week", "month", "year")
NAME_FN(sitrep_place_precision_name, sitrep_place_precision, "point", "town", "district", "admin1", "country")
NAME_FN(sitrep_cause_name, sitrep_cause_category, "unknown", "airstrike", "shelling", "explosion", "chemical",
        "shooting", "execution", "torture", "siege")
NAME_FN(sitrep_certainty_name, sitrep_certainty, "reported", "confirmed", "unverified", "disputed", "denied")

/* ---- JSON ---- */

typedef struct jw {
    sr_buf *b;
    const sitrep_record *rec;
    unsigned flags;
    sitrep_status st;
} jw;

static void put(jw *w, const char *s)
{
    if (w->st == SITREP_OK)
        w->st = sr_buf_puts(w->b, s);
}

static void key(jw *w, const char *k, bool first)
{
    if (w->st == SITREP_OK)
        w->st = sr_json_key(w->b, k, first);
}

static void str(jw *w, const char *s)
{
    if (w->st == SITREP_OK)
        w->st = sr_json_cstr(w->b, s);
}

static void num(jw *w, int64_t v)
{
    if (w->st == SITREP_OK)
        w->st = sr_buf_printf(w->b, "%lld", (long long)v);
}

static void numf(jw *w, double v)
{
    if (w->st == SITREP_OK)
        w->st = sr_buf_printf(w->b, "%.5g", v);
}

static void evidence(jw *w, const sitrep_evidence *e)
{
    const sitrep_docinfo *d = &w->rec->doc;
    uint32_t s = e->start, t = e->end;
    if (t > d->text_len)
        t = (uint32_t)d->text_len;
    if (s > t)
        s = t;
    put(w, "{");
    key(w, "start", true);
    num(w, s);
    key(w, "end", false);
    num(w, t);
    key(w, "text", false);
    if (w->st == SITREP_OK)
        w->st = sr_json_str(w->b, d->text + s, t - s);
    if ((w->flags & SITREP_JSON_RULES) && e->rule) {
        key(w, "rule", false);
        str(w, e->rule);
    }
    put(w, "}");
}

static void count_json(jw *w, const sitrep_count *c)
{
    put(w, "{");
    key(w, "outcome", true);
    str(w, sitrep_outcome_name(c->outcome));
    key(w, "group", false);
    str(w, sitrep_group_name(c->group));
    key(w, "min", false);
    if (c->min < 0)
        put(w, "null");
    else
        num(w, c->min);
    key(w, "max", false);
    if (c->max < 0)
        put(w, "null");
    else
        num(w, c->max);
    key(w, "qualifier", false);
    str(w, sitrep_qualifier_name(c->qualifier));
    key(w, "evidence", false);
    evidence(w, &c->evidence);
    put(w, "}");
}

static void incident_json(jw *w, const sitrep_incident *in)
{
    put(w, "{");
    key(w, "counts", true);
    put(w, "[");
    for (size_t i = 0; i < in->ncounts; i++) {
        if (i)
            put(w, ",");
        count_json(w, &in->counts[i]);
    }
    put(w, "]");

    key(w, "date", false);
    if (in->date.present) {
        put(w, "{");
        key(w, "from", true);
        str(w, in->date.from[0] ? in->date.from : NULL);
        key(w, "to", false);
        str(w, in->date.to[0] ? in->date.to : NULL);
        key(w, "precision", false);
        str(w, sitrep_precision_name(in->date.precision));
        key(w, "evidence", false);
        evidence(w, &in->date.evidence);
        put(w, "}");
    } else {
        put(w, "null");
    }

    key(w, "place", false);
    if (in->place.present) {
        const sitrep_place *p = &in->place;
        put(w, "{");
        key(w, "name", true);
        str(w, p->name);
        key(w, "admin1", false);
        str(w, p->admin1);
        key(w, "country", false);
        str(w, p->country[0] ? p->country : NULL);
        key(w, "lat", false);
        numf(w, p->lat);
        key(w, "lon", false);
        numf(w, p->lon);
        key(w, "geonames_id", false);
        if (p->geonames_id > 0)
            num(w, p->geonames_id);
        else
            put(w, "null");
        key(w, "precision", false);
        str(w, sitrep_place_precision_name(p->precision));
        key(w, "evidence", false);
        evidence(w, &p->evidence);
        put(w, "}");
    } else {
        put(w, "null");
    }

    key(w, "perpetrator", false);
    if (in->perpetrator.present) {
        put(w, "{");
        key(w, "name", true);
        str(w, in->perpetrator.name);
        key(w, "actor", false);
        str(w, in->perpetrator.actor);
        key(w, "evidence", false);
        evidence(w, &in->perpetrator.evidence);
        put(w, "}");
    } else {
        put(w, "null");
    }

    key(w, "cause", false);
    if (in->cause.present) {
        put(w, "{");
        key(w, "category", true);
        str(w, sitrep_cause_name(in->cause.category));
        key(w, "evidence", false);
        evidence(w, &in->cause.evidence);
        put(w, "}");
    } else {
        put(w, "null");
    }

    key(w, "claimed_by", false);
    if (in->claimed_by.present) {
        put(w, "{");
        key(w, "name", true);
        str(w, in->claimed_by.name);
        key(w, "evidence", false);
        evidence(w, &in->claimed_by.evidence);
        put(w, "}");
    } else {
        put(w, "null");
    }

    key(w, "certainty", false);
    str(w, sitrep_certainty_name(in->certainty));
    key(w, "scope", false);
    str(w, in->scope == SITREP_SCOPE_WAR ? "war" : "event");
    key(w, "sentences", false);
    put(w, "[");
    for (size_t i = 0; i < in->nsentences; i++) {
        if (i)
            put(w, ",");
        put(w, "[");
        num(w, in->sentences[i].start);
        put(w, ",");
        num(w, in->sentences[i].end);
        put(w, "]");
    }
    put(w, "]");
    put(w, "}");
}

static void summary_json(jw *w, const sitrep_summary *s)
{
    if (!s->present) {
        put(w, "null");
        return;
    }
    put(w, "{");
    key(w, "location", true);
    str(w, s->location ? s->location : "");
    key(w, "actor", false);
    str(w, s->actor ? s->actor : "unknown");
    key(w, "cause_of_death", false);
    str(w, s->cause_of_death ? s->cause_of_death : "unknown");
    key(w, "nb_civilians", false);
    num(w, s->nb_civilians);
    key(w, "nb_noncivilians", false);
    num(w, s->nb_noncivilians);
    key(w, "nb_children", false);
    num(w, s->nb_children);
    key(w, "nb_women", false);
    num(w, s->nb_women);
    key(w, "date", false);
    str(w, s->date[0] ? s->date : NULL);
    key(w, "main_incident", false);
    if (s->main_incident >= 0)
        num(w, s->main_incident);
    else
        put(w, "null");
    put(w, "}");
}

/* Re-indents compact JSON (two spaces a level); strings are copied as is. */
static sitrep_status pretty(const char *s, size_t n, sr_buf *out)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            sr_buf_putc(out, c);
            if (c == '\\' && i + 1 < n)
                sr_buf_putc(out, s[++i]);
            else if (c == '"')
                in_str = false;
            continue;
        }
        switch (c) {
        case '"':
            in_str = true;
            sr_buf_putc(out, c);
            break;
        case '{':
        case '[':
            if (i + 1 < n && (s[i + 1] == '}' || s[i + 1] == ']')) {
                sr_buf_putc(out, c);
                sr_buf_putc(out, s[++i]);
                break;
            }
            depth++;
            sr_buf_putc(out, c);
            sr_buf_putc(out, '\n');
            for (int k = 0; k < depth; k++)
                sr_buf_puts(out, "  ");
            break;
        case '}':
        case ']':
            depth--;
            sr_buf_putc(out, '\n');
            for (int k = 0; k < depth; k++)
                sr_buf_puts(out, "  ");
            sr_buf_putc(out, c);
            break;
        case ',':
            sr_buf_putc(out, c);
            sr_buf_putc(out, '\n');
            for (int k = 0; k < depth; k++)
                sr_buf_puts(out, "  ");
            break;
        case ':':
            sr_buf_puts(out, ": ");
            break;
        default:
            sr_buf_putc(out, c);
        }
    }
    return out->data ? SITREP_OK : SITREP_ENOMEM;
}

sitrep_status sitrep_record_json(const sitrep_record *rec, unsigned flags, char **out, size_t *len)
{
    *out = NULL;
    sr_buf b = {0};
    jw w = {&b, rec, flags, SITREP_OK};
    const sitrep_docinfo *d = &rec->doc;
    put(&w, "{");
    key(&w, "doc", true);
    put(&w, "{");
    key(&w, "id", true);
    str(&w, d->id);
    key(&w, "source", false);
    str(&w, d->source);
    key(&w, "title", false);
    str(&w, d->title);
    key(&w, "published", false);
    str(&w, d->published);
    key(&w, "published_from", false);
    str(&w, d->published_from);
    if (d->url) {
        key(&w, "url", false);
        str(&w, d->url);
    }
    if (flags & SITREP_JSON_TEXT) {
        key(&w, "text", false);
        if (w.st == SITREP_OK)
            w.st = sr_json_str(&b, d->text, d->text_len);
    }
    put(&w, "}");
    key(&w, "incidents", false);
    put(&w, "[");
    for (size_t i = 0; i < rec->incidents.len; i++) {
        if (i)
            put(&w, ",");
        incident_json(&w, &rec->incidents.items[i]);
    }
    put(&w, "]");
    key(&w, "summary", false);
    summary_json(&w, &rec->summary);
    key(&w, "warnings", false);
    put(&w, "[");
    for (size_t i = 0; i < rec->warnings.len; i++) {
        if (i)
            put(&w, ",");
        str(&w, rec->warnings.items[i]);
    }
    put(&w, "]");
    put(&w, "}");
    if (w.st != SITREP_OK) {
        sr_buf_free(&b);
        return w.st;
    }
    if (flags & SITREP_JSON_PRETTY) {
        sr_buf p = {0};
        sitrep_status st = pretty(b.data, b.len, &p);
        sr_buf_free(&b);
        if (st != SITREP_OK) {
            sr_buf_free(&p);
            return st;
        }
        b = p;
    }
    *out = sr_buf_detach(&b, len);
    return *out ? SITREP_OK : SITREP_ENOMEM;
}

/* The --explain table is written by explain.c. */
