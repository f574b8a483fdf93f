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

/* ---- JSON ----
 *
 * Written straight into one growing buffer: member names and punctuation as
 * literals ("," and the quotes included), numbers without printf, strings
 * through sr_json_str. */

typedef struct jw {
    sr_buf *b;
    const sitrep_record *rec;
    unsigned flags;
    sitrep_status st;
} jw;

static bool grow(jw *w, size_t n)
{
    if (w->st == SITREP_OK)
        w->st = sr_buf_reserve(w->b, n);
    return w->st == SITREP_OK;
}

/* Room for n more bytes (and a NUL), or NULL after a failure. */
static inline char *room(jw *w, size_t n)
{
    if (SR_UNLIKELY(w->b->len + n + 1 > w->b->cap) && !grow(w, n))
        return NULL;
    return w->b->data + w->b->len;
}

static inline void put_n(jw *w, const char *s, size_t n)
{
    char *o = room(w, n);
    if (o) {
        memcpy(o, s, n);
        w->b->len += n;
    }
}

/* A string literal of the code: LIT(w, ",\"end\":") */
#define LIT(w, s) put_n((w), (s), sizeof(s) - 1)

static void str_n(jw *w, const char *s, size_t n)
{
    if (w->st == SITREP_OK)
        w->st = sr_json_str(w->b, s, n);
}

static void str(jw *w, const char *s)
{
    if (s)
        str_n(w, s, strlen(s));
    else
        LIT(w, "null");
}

/* A name of the code's own tables ("killed", "at_least"): plain ASCII
 * with nothing to escape, copied between quotes as it is. */
static void name(jw *w, const char *s)
{
    size_t n = strlen(s);
    char *o = room(w, n + 2);
    if (o) {
        o[0] = '"';
        memcpy(o + 1, s, n);
        o[n + 1] = '"';
        w->b->len += n + 2;
    }
}

static void num(jw *w, int64_t v)
{
    char *o = room(w, 24);
    if (o)
        w->b->len += sr_json_fmt_int(o, v);
}

static void numf(jw *w, double v)
{
    char *o = room(w, 32);
    if (o)
        w->b->len += sr_json_fmt_g5(o, v);
}

/* {"start":...,"end":...,"text":...[,"rule":...]} */
static void evidence_obj(jw *w, const sitrep_evidence *e)
{
    const sitrep_docinfo *d = &w->rec->doc;
    uint32_t s = e->start, t = e->end;
    if (t > d->text_len)
        t = (uint32_t)d->text_len;
    if (s > t)
        s = t;
    LIT(w, "{\"start\":");
    num(w, s);
    LIT(w, ",\"end\":");
    num(w, t);
    LIT(w, ",\"text\":");
    str_n(w, d->text + s, t - s);
    if ((w->flags & SITREP_JSON_RULES) && e->rule && *e->rule) {
        LIT(w, ",\"rule\":");
        str(w, e->rule);
    }
    LIT(w, "}");
}

/* ,"evidence":{...} */
static void evidence(jw *w, const sitrep_evidence *e)
{
    LIT(w, ",\"evidence\":");
    evidence_obj(w, e);
}

static void count_json(jw *w, const sitrep_count *c)
{
    LIT(w, "{\"outcome\":");
    name(w, sitrep_outcome_name(c->outcome));
    LIT(w, ",\"group\":");
    name(w, sitrep_group_name(c->group));
    LIT(w, ",\"min\":");
    if (c->min < 0)
        LIT(w, "null");
    else
        num(w, c->min);
    LIT(w, ",\"max\":");
    if (c->max < 0)
        LIT(w, "null");
    else
        num(w, c->max);
    LIT(w, ",\"qualifier\":");
    name(w, sitrep_qualifier_name(c->qualifier));
    evidence(w, &c->evidence);
    LIT(w, "}");
}

static void incident_json(jw *w, const sitrep_incident *in)
{
    LIT(w, "{\"counts\":[");
    for (size_t i = 0; i < in->ncounts; i++) {
        if (i)
            LIT(w, ",");
        count_json(w, &in->counts[i]);
    }
    LIT(w, "],\"date\":");
    if (in->date.present) {
        LIT(w, "{\"from\":");
        str(w, in->date.from[0] ? in->date.from : NULL);
        LIT(w, ",\"to\":");
        str(w, in->date.to[0] ? in->date.to : NULL);
        LIT(w, ",\"precision\":");
        name(w, sitrep_precision_name(in->date.precision));
        evidence(w, &in->date.evidence);
        LIT(w, "}");
    } else {
        LIT(w, "null");
    }

    LIT(w, ",\"place\":");
    if (in->place.present) {
        const sitrep_place *p = &in->place;
        LIT(w, "{\"name\":");
        str(w, p->name);
        LIT(w, ",\"admin1\":");
        str(w, p->admin1);
        LIT(w, ",\"country\":");
        str(w, p->country[0] ? p->country : NULL);
        LIT(w, ",\"lat\":");
        numf(w, p->lat);
        LIT(w, ",\"lon\":");
        numf(w, p->lon);
        LIT(w, ",\"geonames_id\":");
        if (p->geonames_id > 0)
            num(w, p->geonames_id);
        else
            LIT(w, "null");
        LIT(w, ",\"precision\":");
        name(w, sitrep_place_precision_name(p->precision));
        evidence(w, &p->evidence);
        LIT(w, "}");
    } else {
        LIT(w, "null");
    }

    LIT(w, ",\"perpetrator\":");
    if (in->perpetrator.present) {
        LIT(w, "{\"name\":");
        str(w, in->perpetrator.name);
        LIT(w, ",\"actor\":");
        str(w, in->perpetrator.actor);
        evidence(w, &in->perpetrator.evidence);
        LIT(w, "}");
    } else {
        LIT(w, "null");
    }

    LIT(w, ",\"cause\":");
    if (in->cause.present) {
        LIT(w, "{\"category\":");
        name(w, sitrep_cause_name(in->cause.category));
        evidence(w, &in->cause.evidence);
        LIT(w, "}");
    } else {
        LIT(w, "null");
    }

    LIT(w, ",\"claimed_by\":");
    if (in->claimed_by.present) {
        LIT(w, "{\"name\":");
        str(w, in->claimed_by.name);
        evidence(w, &in->claimed_by.evidence);
        LIT(w, "}");
    } else {
        LIT(w, "null");
    }

    LIT(w, ",\"certainty\":");
    name(w, sitrep_certainty_name(in->certainty));
    if (in->scope == SITREP_SCOPE_WAR)
        LIT(w, ",\"scope\":\"war\"");
    else
        LIT(w, ",\"scope\":\"event\"");
    LIT(w, ",\"sentences\":[");
    for (size_t i = 0; i < in->nsentences; i++) {
        if (i)
            LIT(w, ",");
        LIT(w, "[");
        num(w, in->sentences[i].start);
        LIT(w, ",");
        num(w, in->sentences[i].end);
        LIT(w, "]");
    }
    LIT(w, "]}");
}

static void summary_json(jw *w, const sitrep_summary *s)
{
    if (!s->present) {
        LIT(w, "null");
        return;
    }
    LIT(w, "{\"location\":");
    str(w, s->location ? s->location : "");
    LIT(w, ",\"actor\":");
    str(w, s->actor ? s->actor : "unknown");
    LIT(w, ",\"cause_of_death\":");
    str(w, s->cause_of_death ? s->cause_of_death : "unknown");
    LIT(w, ",\"nb_civilians\":");
    num(w, s->nb_civilians);
    LIT(w, ",\"nb_noncivilians\":");
    num(w, s->nb_noncivilians);
    LIT(w, ",\"nb_children\":");
    num(w, s->nb_children);
    LIT(w, ",\"nb_women\":");
    num(w, s->nb_women);
    LIT(w, ",\"date\":");
    str(w, s->date[0] ? s->date : NULL);
    LIT(w, ",\"main_incident\":");
    if (s->main_incident >= 0)
        num(w, s->main_incident);
    else
        LIT(w, "null");
    /* the words of the values that have some (a value with no rule came from nothing) */
    const struct {
        const char *key;
        const sitrep_evidence *e;
    } ev[] = {{"location", &s->evidence.location},
              {"actor", &s->evidence.actor},
              {"cause_of_death", &s->evidence.cause_of_death}};
    LIT(w, ",\"evidence\":{");
    bool first = true;
    for (size_t k = 0; k < SR_ARRAY_LEN(ev); k++) {
        if (!ev[k].e->rule)
            continue;
        if (!first)
            LIT(w, ",");
        first = false;
        str(w, ev[k].key);
        LIT(w, ":");
        evidence_obj(w, ev[k].e);
    }
    LIT(w, "}}");
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

/* The compact JSON of rec appended to b (which may hold earlier records). */
static sitrep_status record_json_to(const sitrep_record *rec, unsigned flags, sr_buf *b)
{
    jw w = {b, rec, flags, SITREP_OK};
    const sitrep_docinfo *d = &rec->doc;
    /* one allocation for most records: the text (when asked for) and about
     * 800 bytes an incident */
    size_t guess = 1024 + rec->incidents.len * 800 + ((flags & SITREP_JSON_TEXT) ? d->text_len + d->text_len / 16 : 0);
    grow(&w, guess);
    LIT(&w, "{\"doc\":{\"id\":");
    str(&w, d->id);
    LIT(&w, ",\"source\":");
    str(&w, d->source);
    LIT(&w, ",\"title\":");
    str(&w, d->title);
    LIT(&w, ",\"published\":");
    str(&w, d->published);
    LIT(&w, ",\"published_from\":");
    str(&w, d->published_from);
    if (d->url) {
        LIT(&w, ",\"url\":");
        str(&w, d->url);
    }
    if (flags & SITREP_JSON_TEXT) {
        LIT(&w, ",\"text\":");
        str_n(&w, d->text, d->text_len);
    }
    LIT(&w, "},\"incidents\":[");
    for (size_t i = 0; i < rec->incidents.len; i++) {
        if (i)
            LIT(&w, ",");
        incident_json(&w, &rec->incidents.items[i]);
    }
    LIT(&w, "],\"summary\":");
    summary_json(&w, &rec->summary);
    LIT(&w, ",\"warnings\":[");
    for (size_t i = 0; i < rec->warnings.len; i++) {
        if (i)
            LIT(&w, ",");
        str(&w, rec->warnings.items[i]);
    }
    LIT(&w, "]}");
    if (w.st == SITREP_OK)
        b->data[b->len] = '\0';
    return w.st;
}

sitrep_status sitrep_record_json(const sitrep_record *rec, unsigned flags, char **out, size_t *len)
{
    *out = NULL;
    sr_buf b = {0};
    sitrep_status st = record_json_to(rec, flags, &b);
    if (st != SITREP_OK) {
        sr_buf_free(&b);
        return st;
    }
    if (flags & SITREP_JSON_PRETTY) {
        sr_buf p = {0};
        st = pretty(b.data, b.len, &p);
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

sitrep_status sitrep_record_json_append(const sitrep_record *rec, unsigned flags, char **buf, size_t *len,
                                        size_t *cap)
{
    sr_buf b = {*buf, *len, *cap};
    size_t was = b.len;
    sitrep_status st;
    if (flags & SITREP_JSON_PRETTY) {
        /* indented: written apart, then re-indented into the buffer */
        char *json = NULL;
        size_t n = 0;
        st = sitrep_record_json(rec, flags, &json, &n);
        if (st == SITREP_OK)
            st = sr_buf_put(&b, json, n);
        free(json);
    } else {
        st = record_json_to(rec, flags, &b);
    }
    if (st == SITREP_OK)
        st = sr_buf_putc(&b, '\n');
    if (st != SITREP_OK) {
        b.len = was;
        if (b.data)
            b.data[was] = '\0';
    }
    *buf = b.data;
    *len = b.len;
    *cap = b.cap;
    return st;
}

/* The --explain table is written by explain.c. */
