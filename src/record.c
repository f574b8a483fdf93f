/* record.c - records: accessors, JSON output (the --explain table is in explain.c). */
#include "record.h"

#include "json.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* One record kept back per thread by sitrep_record_free, for the next
 * sr_record_new: a document's record then costs no calloc and no free, and
 * its arrays and its arena's first chunk keep their room. A thread that ends
 * frees it (the key's destructor). */
static _Thread_local sitrep_record *spare_record;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static bool spare_key_ok;

static void record_destroy(sitrep_record *rec)
{
    free(rec->incidents.items);
    free(rec->warnings.items);
    free(rec->boiler.items);
    sr_arena_free(&rec->arena);
    free(rec);
}

static void spare_drop(void *p)
{
    spare_record = NULL;
    record_destroy(p);
}

static void spare_key_make(void) { spare_key_ok = pthread_key_create(&spare_key, spare_drop) == 0; }

sitrep_record *sr_record_new(void)
{
    sitrep_record *rec = spare_record;
    if (rec) {
        spare_record = NULL;
        pthread_setspecific(spare_key, NULL);
        /* empty, with the room it had */
        sitrep_record kept = *rec;
        memset(rec, 0, sizeof *rec);
        rec->arena = kept.arena;
        rec->incidents.items = kept.incidents.items;
        rec->incidents.cap = kept.incidents.cap;
        rec->warnings.items = kept.warnings.items;
        rec->warnings.cap = kept.warnings.cap;
        rec->boiler.items = kept.boiler.items;
        rec->boiler.cap = kept.boiler.cap;
    } else if (!(rec = calloc(1, sizeof(*rec)))) {
        return NULL;
    }
    rec->summary.main_incident = -1;
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
    if (!spare_record) {
        pthread_once(&spare_once, spare_key_make);
        if (spare_key_ok && pthread_setspecific(spare_key, rec) == 0) {
            sr_arena_reset(&rec->arena);
            spare_record = rec;
            return;
        }
    }
    record_destroy(rec);
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

/* ---- enum names ----
 *
 * Each list once: the public name functions and the JSON writer's quoted
 * copies (a row of 16 bytes a name, copied whole, and its length) come from
 * it. */

#define NAME_ROW(x) #x,
#define NAME_LEN(x) sizeof(#x) - 1,
#define NAME_FN(fn, type, LIST)                                                          \
    static const char fn##_rows[][16] = {LIST(NAME_ROW)};                                \
    static const uint8_t fn##_lens[] = {LIST(NAME_LEN)};                                 \
    const char *fn(type v) { return (unsigned)v < SR_ARRAY_LEN(fn##_rows) ? fn##_rows[v] : "unknown"; }

#define OUTCOMES(X) X(killed) X(injured) X(missing) X(detained) X(displaced) X(trapped)
#define GROUPS(X) X(people) X(civilians) X(combatants) X(children) X(women) X(men)
#define QUALIFIERS(X) X(exact) X(at_least) X(at_most) X(about) X(range) X(vague)
#define PRECISIONS(X) X(unknown) X(day) X(week) X(month) X(year)
#define PLACE_PRECISIONS(X) X(point) X(town) X(district) X(admin1) X(country)
#define CAUSES(X) X(unknown) X(airstrike) X(shelling) X(explosion) X(chemical) X(shooting) X(execution) X(torture) X(siege)
#define CERTAINTIES(X) X(reported) X(confirmed) X(unverified) X(disputed) X(denied)

NAME_FN(sitrep_outcome_name, sitrep_outcome, OUTCOMES)
NAME_FN(sitrep_group_name, sitrep_group, GROUPS)
NAME_FN(sitrep_qualifier_name, sitrep_qualifier, QUALIFIERS)
NAME_FN(sitrep_precision_name, sitrep_precision, PRECISIONS)
NAME_FN(sitrep_place_precision_name, sitrep_place_precision, PLACE_PRECISIONS)
NAME_FN(sitrep_cause_name, sitrep_cause_category, CAUSES)
NAME_FN(sitrep_certainty_name, sitrep_certainty, CERTAINTIES)

/* ---- JSON ----
 *
 * Written straight into one growing buffer through a cursor: room is made
 * once for each run of fixed-size pieces (member names and punctuation as
 * literals, numbers without printf, enum names), which are then written with
 * no test; strings go through sr_json_str, which makes its own room. After a
 * failure the cursor is NULL and nothing more is written. */

typedef struct jw {
    sr_buf *b;
    const sitrep_record *rec;
    unsigned flags;
    sitrep_status st;
} jw;

static char *grow_at(jw *w, char *o, size_t n)
{
    w->b->len = (size_t)(o - w->b->data);
    if (sr_buf_reserve(w->b, n) != SITREP_OK) {
        w->st = SITREP_ENOMEM;
        return NULL;
    }
    return w->b->data + w->b->len;
}

#if defined(__GNUC__)
#define JW_INLINE static inline __attribute__((always_inline))
#else
#define JW_INLINE static inline
#endif

/* The cursor with room for n more bytes and a NUL, or NULL. */
JW_INLINE char *need(jw *w, char *o, size_t n)
{
    if (SR_UNLIKELY(!o))
        return NULL;
    if (SR_LIKELY((size_t)(w->b->data + w->b->cap - o) > n))
        return o;
    return grow_at(w, o, n);
}

/* A literal of the code at the cursor, in room made before: PUT(o, ",\"end\":") */
#define PUT(o, s) (memcpy((o), (s), sizeof(s) - 1), (o) += sizeof(s) - 1)
/* A literal with its own room: its length is counted by the compiler, not by hand. */
#define PUT_ROOM(w, o, s)                                                                          \
    do {                                                                                           \
        if (((o) = need((w), (o), sizeof(s) - 1)))                                                 \
            PUT(o, s);                                                                             \
    } while (0)

/* Room for a number (sr_json_fmt_int writes up to 20 bytes). */
#define NUM_ROOM 20
#define NUM(o, v) ((o) += sr_json_fmt_int((o), (v)))
/* Room for a quoted enum name: its row and the quotes. */
#define NAME_ROOM 18
#define NAME(o, fn, v) ((o) = put_name((o), fn##_rows, fn##_lens, SR_ARRAY_LEN(fn##_rows), (unsigned)(v)))

static inline char *put_name(char *o, const char (*rows)[16], const uint8_t *lens, size_t n, unsigned v)
{
    if (SR_UNLIKELY(v >= n)) {
        PUT(o, "\"unknown\"");
        return o;
    }
    o[0] = '"';
    memcpy(o + 1, rows[v], 16);
    o[1 + lens[v]] = '"';
    return o + 2 + lens[v];
}

/* Strings up to this long are written in room made for them at once
 * (SR_JSON_STR_ROOM); longer ones (a document's text) by sr_json_str, which
 * makes room as it goes. */
#define STR_AT_ONCE 4096

static char *str_long(jw *w, char *o, const char *s, size_t n)
{
    if (!o)
        return NULL;
    w->b->len = (size_t)(o - w->b->data);
    if (sr_json_str(w->b, s, n) != SITREP_OK) {
        w->st = SITREP_ENOMEM;
        return NULL;
    }
    return w->b->data + w->b->len;
}

JW_INLINE char *str_n(jw *w, char *o, const char *s, size_t n)
{
    if (SR_UNLIKELY(n > STR_AT_ONCE))
        return str_long(w, o, s, n);
    if ((o = need(w, o, SR_JSON_STR_ROOM(n))))
        o = sr_json_put(o, s, n);
    return o;
}

/* A literal (a member's name, with what goes before it) then a string, or
 * null for NULL, in room made once for both. */
JW_INLINE char *key_str(jw *w, char *o, const char *lit, size_t lit_len, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (SR_UNLIKELY(n > STR_AT_ONCE)) {
        if ((o = need(w, o, lit_len))) {
            memcpy(o, lit, lit_len);
            o += lit_len;
        }
        return str_long(w, o, s, n);
    }
    if (!(o = need(w, o, lit_len + SR_JSON_STR_ROOM(n))))
        return NULL;
    memcpy(o, lit, lit_len);
    o += lit_len;
    if (!s) {
        memcpy(o, "null", 4);
        return o + 4;
    }
    return sr_json_put(o, s, n);
}
#define KEY_STR(w, o, lit, s) ((o) = key_str((w), (o), (lit), sizeof(lit) - 1, (s)))

/* A string, or null for NULL. */
static char *str(jw *w, char *o, const char *s) { return key_str(w, o, "", 0, s); }

/* {"start":...,"end":...,"text":...[,"rule":...]} */
static char *evidence_obj(jw *w, char *o, const sitrep_evidence *e)
{
    const sitrep_docinfo *d = &w->rec->doc;
    uint32_t s = e->start, t = e->end;
    if (t > d->text_len)
        t = (uint32_t)d->text_len;
    if (s > t)
        s = t;
    size_t n = t - s;
    bool at_once = SR_LIKELY(n <= STR_AT_ONCE);
    /* the text's room too when it is written at once, and the closing braces
     * of the object and of evidence_end's */
    if (!(o = need(w, o, 24 + 2 * NUM_ROOM + (at_once ? SR_JSON_STR_ROOM(n) + 2 : 0))))
        return NULL;
    PUT(o, "{\"start\":");
    NUM(o, s);
    PUT(o, ",\"end\":");
    NUM(o, t);
    PUT(o, ",\"text\":");
    o = at_once ? sr_json_put(o, d->text + s, n) : str_long(w, o, d->text + s, n);
    if (SR_UNLIKELY((w->flags & SITREP_JSON_RULES) && e->rule && *e->rule))
        KEY_STR(w, o, ",\"rule\":", e->rule);
    if ((o = need(w, o, 2)))
        *o++ = '}';
    return o;
}

/* ,"evidence":{...} then the object's closing brace */
static char *evidence_end(jw *w, char *o, const sitrep_evidence *e)
{
    if (!(o = need(w, o, 12)))
        return NULL;
    PUT(o, ",\"evidence\":");
    /* evidence_obj left room for this brace */
    if ((o = evidence_obj(w, o, e)))
        *o++ = '}';
    return o;
}

static char *count_json(jw *w, char *o, const sitrep_count *c)
{
    if (!(o = need(w, o, 64 + 3 * NAME_ROOM + 2 * NUM_ROOM)))
        return NULL;
    PUT(o, "{\"outcome\":");
    NAME(o, sitrep_outcome_name, c->outcome);
    PUT(o, ",\"group\":");
    NAME(o, sitrep_group_name, c->group);
    PUT(o, ",\"min\":");
    if (c->min < 0)
        PUT(o, "null");
    else
        NUM(o, c->min);
    PUT(o, ",\"max\":");
    if (c->max < 0)
        PUT(o, "null");
    else
        NUM(o, c->max);
    PUT(o, ",\"qualifier\":");
    NAME(o, sitrep_qualifier_name, c->qualifier);
    return evidence_end(w, o, &c->evidence);
}

/* room for a number written as "%.5g" (sr_json_fmt_g5) */
#define G5_ROOM 32

static char *place_json(jw *w, char *o, const sitrep_place *p)
{
    KEY_STR(w, o, "{\"name\":", p->name);
    KEY_STR(w, o, ",\"admin1\":", p->admin1);
    KEY_STR(w, o, ",\"country\":", p->country[0] ? p->country : NULL);
    if (!(o = need(w, o, 48 + 2 * G5_ROOM + NUM_ROOM + NAME_ROOM)))
        return NULL;
    PUT(o, ",\"lat\":");
    o += sr_json_fmt_g5(o, p->lat);
    PUT(o, ",\"lon\":");
    o += sr_json_fmt_g5(o, p->lon);
    PUT(o, ",\"geonames_id\":");
    if (p->geonames_id > 0)
        NUM(o, p->geonames_id);
    else
        PUT(o, "null");
    PUT(o, ",\"precision\":");
    NAME(o, sitrep_place_precision_name, p->precision);
    return evidence_end(w, o, &p->evidence);
}

static char *incident_json(jw *w, char *o, const sitrep_incident *in)
{
    if (!(o = need(w, o, 11)))
        return NULL;
    PUT(o, "{\"counts\":[");
    for (size_t i = 0; i < in->ncounts; i++) {
        if (i && (o = need(w, o, 1)))
            *o++ = ',';
        o = count_json(w, o, &in->counts[i]);
    }
    if (!(o = need(w, o, 17)))
        return NULL;
    PUT(o, "],\"date\":");
    if (in->date.present) {
        KEY_STR(w, o, "{\"from\":", in->date.from[0] ? in->date.from : NULL);
        KEY_STR(w, o, ",\"to\":", in->date.to[0] ? in->date.to : NULL);
        if (!(o = need(w, o, 13 + NAME_ROOM)))
            return NULL;
        PUT(o, ",\"precision\":");
        NAME(o, sitrep_precision_name, in->date.precision);
        o = evidence_end(w, o, &in->date.evidence);
    } else {
        PUT(o, "null");
    }

    if (!(o = need(w, o, 13)))
        return NULL;
    PUT(o, ",\"place\":");
    if (in->place.present)
        o = place_json(w, o, &in->place);
    else
        PUT(o, "null");

    if (!(o = need(w, o, 23)))
        return NULL;
    PUT(o, ",\"perpetrator\":");
    if (in->perpetrator.present) {
        KEY_STR(w, o, "{\"name\":", in->perpetrator.name);
        KEY_STR(w, o, ",\"actor\":", in->perpetrator.actor);
        o = evidence_end(w, o, &in->perpetrator.evidence);
    } else {
        PUT(o, "null");
    }

    if (!(o = need(w, o, 22 + NAME_ROOM)))
        return NULL;
    PUT(o, ",\"cause\":");
    if (in->cause.present) {
        PUT(o, "{\"category\":");
        NAME(o, sitrep_cause_name, in->cause.category);
        o = evidence_end(w, o, &in->cause.evidence);
    } else {
        PUT(o, "null");
    }

    if (!(o = need(w, o, 22)))
        return NULL;
    PUT(o, ",\"claimed_by\":");
    if (in->claimed_by.present) {
        KEY_STR(w, o, "{\"name\":", in->claimed_by.name);
        o = evidence_end(w, o, &in->claimed_by.evidence);
    } else {
        PUT(o, "null");
    }

    if (!(o = need(w, o, 56 + NAME_ROOM)))
        return NULL;
    PUT(o, ",\"certainty\":");
    NAME(o, sitrep_certainty_name, in->certainty);
    if (in->scope == SITREP_SCOPE_WAR)
        PUT(o, ",\"scope\":\"war\"");
    else
        PUT(o, ",\"scope\":\"event\"");
    PUT(o, ",\"sentences\":[");
    for (size_t i = 0; i < in->nsentences; i++) {
        if (!(o = need(w, o, 4 + 2 * NUM_ROOM)))
            return NULL;
        if (i)
            *o++ = ',';
        *o++ = '[';
        NUM(o, in->sentences[i].start);
        *o++ = ',';
        NUM(o, in->sentences[i].end);
        *o++ = ']';
    }
    PUT_ROOM(w, o, "]}");
    return o;
}

static char *summary_json(jw *w, char *o, const sitrep_summary *s)
{
    if (!(o = need(w, o, 13)))
        return NULL;
    if (!s->present) {
        PUT(o, "null");
        return o;
    }
    KEY_STR(w, o, "{\"location\":", s->location ? s->location : "");
    KEY_STR(w, o, ",\"actor\":", s->actor ? s->actor : "unknown");
    KEY_STR(w, o, ",\"cause_of_death\":", s->cause_of_death ? s->cause_of_death : "unknown");
    if (!(o = need(w, o, 80 + 4 * NUM_ROOM)))
        return NULL;
    PUT(o, ",\"nb_civilians\":");
    NUM(o, s->nb_civilians);
    PUT(o, ",\"nb_noncivilians\":");
    NUM(o, s->nb_noncivilians);
    PUT(o, ",\"nb_children\":");
    NUM(o, s->nb_children);
    PUT(o, ",\"nb_women\":");
    NUM(o, s->nb_women);
    KEY_STR(w, o, ",\"date\":", s->date[0] ? s->date : NULL);
    if (!(o = need(w, o, 32 + NUM_ROOM)))
        return NULL;
    PUT(o, ",\"main_incident\":");
    if (s->main_incident >= 0)
        NUM(o, s->main_incident);
    else
        PUT(o, "null");
    /* the words of the values that have some (a value with no rule came from nothing) */
    /* each key as written, a comma before it for all but the first */
#define EV_KEY(k) {"\"" k "\":", sizeof("\"" k "\":") - 1}, {",\"" k "\":", sizeof(",\"" k "\":") - 1}
    static const struct {
        char text[18];
        uint8_t len;
    } keys[] = {EV_KEY("location"), EV_KEY("actor"), EV_KEY("cause_of_death")};
#undef EV_KEY
    const sitrep_evidence *ev[] = {&s->evidence.location, &s->evidence.actor, &s->evidence.cause_of_death};
    PUT(o, ",\"evidence\":{");
    bool first = true;
    for (size_t k = 0; k < SR_ARRAY_LEN(ev); k++) {
        if (!ev[k]->rule)
            continue;
        size_t key = 2 * k + !first;
        first = false;
        if ((o = need(w, o, 18))) {
            memcpy(o, keys[key].text, sizeof keys[key].text);
            o += keys[key].len;
        }
        o = evidence_obj(w, o, ev[k]);
    }
    PUT_ROOM(w, o, "}}");
    return o;
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
    if (sr_buf_reserve(b, guess) != SITREP_OK)
        return SITREP_ENOMEM;
    char *o = b->data + b->len;
    KEY_STR(&w, o, "{\"doc\":{\"id\":", d->id);
    KEY_STR(&w, o, ",\"source\":", d->source);
    KEY_STR(&w, o, ",\"title\":", d->title);
    KEY_STR(&w, o, ",\"published\":", d->published);
    KEY_STR(&w, o, ",\"published_from\":", d->published_from);
    if (d->url)
        KEY_STR(&w, o, ",\"url\":", d->url);
    if (flags & SITREP_JSON_TEXT) {
        PUT_ROOM(&w, o, ",\"text\":");
        o = str_n(&w, o, d->text, d->text_len);
    }
    PUT_ROOM(&w, o, "},\"incidents\":[");
    for (size_t i = 0; i < rec->incidents.len; i++) {
        if (i && (o = need(&w, o, 1)))
            *o++ = ',';
        o = incident_json(&w, o, &rec->incidents.items[i]);
    }
    PUT_ROOM(&w, o, "],\"summary\":");
    o = summary_json(&w, o, &rec->summary);
    PUT_ROOM(&w, o, ",\"warnings\":[");
    for (size_t i = 0; i < rec->warnings.len; i++) {
        if (i && (o = need(&w, o, 1)))
            *o++ = ',';
        o = str(&w, o, rec->warnings.items[i]);
    }
    PUT_ROOM(&w, o, "]}");
    if (!o)
        return w.st;
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return SITREP_OK;
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
