/* eval.c - `sitrep eval`: records scored against a gold CSV, as
 * ../shared/tools/score.py scores them (the rules are in eval.h). */
#include "eval.h"

#include "csv.h"
#include "explain.h"
#include "json.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* ---- fields ---- */

typedef enum field_id {
    F_LOCATION, F_ACTOR, F_CAUSE, F_CIVILIANS, F_NONCIVILIANS, F_CHILDREN, F_WOMEN, F_PUBLISHED,
    F_EXACT, F_KILLED_COUNT,
    F_COUNT
} field_id;

typedef enum cmp_kind {
    CMP_TEXT,        /* summary string, stripped and lower-cased, == gold cell */
    CMP_INT,         /* summary number (0 when absent) == int(gold cell) */
    CMP_PUBLISHED,   /* doc.published == gold cell */
    CMP_KILLED_COUNT /* some killed count's min == int(gold cell) */
} cmp_kind;

static const struct field_def {
    const char *name;
    const char *column;   /* gold column */
    cmp_kind cmp;
    bool majority;        /* a majority baseline is given */
    bool confusion;       /* categorical: a confusion table */
    const char *what;     /* what is compared, for the report */
} FIELDS[F_COUNT] = {
    [F_LOCATION] = {"location", "location", CMP_TEXT, true, true, "summary.location"},
    [F_ACTOR] = {"actor", "actor", CMP_TEXT, true, true, "summary.actor"},
    [F_CAUSE] = {"cause_of_death", "cause_of_death", CMP_TEXT, true, true, "summary.cause_of_death"},
    [F_CIVILIANS] = {"nb_civilians", "nb_civilians", CMP_INT, true, false, "summary.nb_civilians"},
    [F_NONCIVILIANS] = {"nb_noncivilians", "nb_noncivilians", CMP_INT, true, false, "summary.nb_noncivilians"},
    [F_CHILDREN] = {"nb_children", "nb_children", CMP_INT, true, false, "summary.nb_children"},
    [F_WOMEN] = {"nb_women", "nb_women", CMP_INT, true, false, "summary.nb_women"},
    [F_PUBLISHED] = {"published", "date", CMP_PUBLISHED, false, false, "doc.published == date"},
    [F_EXACT] = {"exact", "deaths", CMP_INT, true, false, "summary.nb_civilians == deaths"},
    [F_KILLED_COUNT] = {"killed_count", "deaths", CMP_KILLED_COUNT, false, false,
                        "some killed count == deaths"},
};

static const field_id FAKES_FIELDS[] = {F_LOCATION, F_ACTOR, F_CAUSE, F_CIVILIANS, F_NONCIVILIANS,
                                        F_CHILDREN, F_WOMEN, F_PUBLISHED};
static const field_id WAD_FIELDS[] = {F_EXACT, F_KILLED_COUNT};

static const char *const FAKES_NAMES[] = {"location", "actor", "cause_of_death", "nb_civilians",
                                          "nb_noncivilians", "nb_children", "nb_women", "published", NULL};
static const char *const WAD_NAMES[] = {"exact", "killed_count", NULL};

/* Columns each kind needs besides the scored ones. */
static const char *const FAKES_DOC_COLUMNS[] = {"unit_id", "content", "title", "source"}; /* DOC_* order */
static const char *const WAD_DOC_COLUMNS[] = {"event_id", "description"};
enum { DOC_ID, DOC_TEXT, DOC_TITLE, DOC_SOURCE, DOC_NCOLS };

const char *sitrep_gold_kind_name(sitrep_gold_kind kind)
{
    return kind == SITREP_GOLD_FAKES ? "fakes" : kind == SITREP_GOLD_WAD ? "wad" : "unknown";
}

const char *const *sitrep_eval_fields(sitrep_gold_kind kind)
{
    static const char *const none[] = {NULL};
    return kind == SITREP_GOLD_FAKES ? FAKES_NAMES : kind == SITREP_GOLD_WAD ? WAD_NAMES : none;
}

/* ---- Python's string rules ---- */

static bool py_space(utf8proc_int32_t c)
{
    /* str.isspace(): Unicode White_Space plus the ASCII separators 0x1C-0x1F */
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

sitrep_status sr_py_strip_lower(const char *s, size_t n, sr_buf *out)
{
    /* decode into code points, skipping bytes that are not UTF-8 */
    size_t keep = out->len; /* length of out up to the last non-space */
    bool any = false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (py_space(c)) {
            if (!any)
                continue; /* leading */
        }
        utf8proc_uint8_t enc[8];
        utf8proc_ssize_t m;
        if (c == 0x130) { /* İ lower-cases to i + combining dot in Python */
            m = utf8proc_encode_char('i', enc);
            m += utf8proc_encode_char(0x307, enc + m);
        } else {
            m = utf8proc_encode_char(utf8proc_tolower(c), enc);
        }
        if (sr_buf_put(out, enc, (size_t)m) != SITREP_OK)
            return SITREP_ENOMEM;
        if (!py_space(c)) {
            any = true;
            keep = out->len;
        }
    }
    out->len = keep; /* trailing spaces */
    if (out->data)
        out->data[out->len] = '\0';
    else if (sr_buf_reserve(out, 0) != SITREP_OK)
        return SITREP_ENOMEM;
    else
        out->data[0] = '\0';
    return SITREP_OK;
}

bool sr_py_int(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    while (i < n && sr_isspace((unsigned char)s[i]))
        i++;
    while (n > i && sr_isspace((unsigned char)s[n - 1]))
        n--;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i >= n || !sr_isdigit((unsigned char)s[i]))
        return false;
    int64_t v = 0;
    for (; i < n; i++) {
        if (s[i] == '_') {
            if (i + 1 >= n || !sr_isdigit((unsigned char)s[i + 1]))
                return false; /* an underscore only between digits */
            continue;
        }
        if (!sr_isdigit((unsigned char)s[i]))
            return false;
        if (v > (INT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

/* ---- a string table: string -> size_t, in insertion order ---- */

typedef struct strtab_item {
    const char *key; /* arena */
    size_t len;
    size_t value;
} strtab_item;

typedef struct strtab {
    SR_VEC(strtab_item) items;
    uint32_t *slots; /* item index + 1; 0 empty */
    size_t nslots;
} strtab;

static void strtab_free(strtab *t)
{
    free(t->items.items);
    free(t->slots);
}

static sitrep_status strtab_rehash(strtab *t, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof(*slots));
    if (!slots)
        return SITREP_ENOMEM;
    for (size_t i = 0; i < t->items.len; i++) {
        size_t h = (size_t)sr_hash(t->items.items[i].key, t->items.items[i].len) & (nslots - 1);
        while (slots[h])
            h = (h + 1) & (nslots - 1);
        slots[h] = (uint32_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return SITREP_OK;
}

/* The item for key, added (value 0) when new and insert is set; NULL when
 * absent (or out of memory: *st says which). */
static strtab_item *strtab_get(strtab *t, sr_arena *a, const char *key, size_t len, bool insert,
                               sitrep_status *st)
{
    *st = SITREP_OK;
    if (t->nslots == 0 || (t->items.len + 1) * 2 > t->nslots) {
        if (!insert && t->nslots == 0)
            return NULL;
        if ((*st = strtab_rehash(t, t->nslots ? t->nslots * 2 : 64)) != SITREP_OK)
            return NULL;
    }
    size_t h = (size_t)sr_hash(key, len) & (t->nslots - 1);
    while (t->slots[h]) {
        strtab_item *it = &t->items.items[t->slots[h] - 1];
        if (it->len == len && memcmp(it->key, key, len) == 0)
            return it;
        h = (h + 1) & (t->nslots - 1);
    }
    if (!insert)
        return NULL;
    strtab_item it = {sr_arena_strndup(a, key, len), len, 0};
    if (!it.key || (*st = sr_vec_push(&t->items, it)) != SITREP_OK) {
        *st = SITREP_ENOMEM;
        return NULL;
    }
    t->slots[h] = (uint32_t)t->items.len;
    return &t->items.items[t->items.len - 1];
}

/* ---- what a record predicts, kept per document ---- */

typedef struct eval_evidence {
    const char *what;    /* "place", "count", "perpetrator", "cause", "text start", "note" */
    const char *value;   /* the value as the record has it */
    const char *words;   /* the words of the span */
    const char *snippet; /* the words in context, marked with [brackets] */
    const char *rule;    /* or NULL */
    uint32_t start, end;
    unsigned fields;     /* bit set of field_id it bears on */
} eval_evidence;

#define ALL_FIELDS ((1u << F_COUNT) - 1)
#define NUMBER_FIELDS                                                                          \
    ((1u << F_CIVILIANS) | (1u << F_NONCIVILIANS) | (1u << F_CHILDREN) | (1u << F_WOMEN) | \
     (1u << F_EXACT) | (1u << F_KILLED_COUNT))

typedef struct eval_pred {
    bool have_record;
    const char *text[3];  /* location, actor, cause_of_death: as score.py compares them */
    int64_t number[4];    /* nb_civilians, nb_noncivilians, nb_children, nb_women */
    const char *published;
    const int64_t *killed; /* min of every killed count (>= 0), all incidents */
    size_t nkilled;
    const eval_evidence *evidence;
    size_t nevidence;
} eval_pred;

typedef struct eval_miss {
    size_t row, line;  /* 1-based data row; line of the gold file */
    const char *id;
    field_id field;
    const char *gold, *predicted;
    size_t pred;       /* index in preds */
} eval_miss;

/* Kinds of error, for the summary of misses. */
typedef enum miss_class {
    MISS_NO_RECORD,    /* no record for the id (extraction failed, or not in the records file) */
    MISS_NONE,         /* text: nothing predicted ("" or "unknown") where the gold names one */
    MISS_UNKNOWN,      /* text: a value predicted where the gold says "unknown" (or "") */
    MISS_OTHER,        /* text: another value; published: another date */
    MISS_NOT_FOUND,    /* published: no date */
    MISS_MISSED,       /* number: 0 predicted, the gold has one */
    MISS_SPURIOUS,     /* number: the gold is 0, a number predicted */
    MISS_HIGH,         /* number: too high */
    MISS_LOW,          /* number: too low */
    MISS_NO_KILLED,    /* killed_count: no killed count with a number */
    MISS_NO_EQUAL,     /* killed_count: killed counts, none equal to the gold */
    MISS_BAD_GOLD,     /* the gold cell is not a whole number */
    MISS_NCLASSES
} miss_class;

static const char *const miss_class_name[MISS_NCLASSES] = {
    [MISS_NO_RECORD] = "no record",          [MISS_NONE] = "nothing predicted",
    [MISS_UNKNOWN] = "gold says unknown",
    [MISS_OTHER] = "another value",          [MISS_NOT_FOUND] = "no date found",
    [MISS_MISSED] = "missed (predicted 0)",  [MISS_SPURIOUS] = "spurious (gold 0)",
    [MISS_HIGH] = "too high",                [MISS_LOW] = "too low",
    [MISS_NO_KILLED] = "no killed count",    [MISS_NO_EQUAL] = "killed counts, none equal",
    [MISS_BAD_GOLD] = "gold not a number",
};

typedef struct eval_field {
    field_id id;
    int column;             /* index of the gold column */
    strtab answers;         /* gold cell -> rows */
    strtab confusion;       /* gold \x1F predicted -> rows */
    sitrep_eval_score score;
    size_t misses;
    size_t miss_class[MISS_NCLASSES]; /* misses by kind of error (miss_class_name) */
} eval_field;

struct sitrep_eval {
    sr_arena arena;
    sitrep_gold_kind kind;
    const char *gold_path;
    size_t rows, records;
    eval_field fields[F_COUNT];
    size_t nfields;
    sitrep_eval_score scores[F_COUNT];
    strtab ids;             /* id -> index in preds */
    SR_VEC(eval_pred) preds;
    SR_VEC(eval_miss) misses;
    SR_VEC(const char *) warnings;
    bool keep_misses;
    int miss_field;         /* field_id or -1 */
};

#define MAX_WARNINGS 50

static sitrep_status warn(sitrep_eval *ev, const char *fmt, ...) SR_PRINTF(2, 3);
static sitrep_status warn(sitrep_eval *ev, const char *fmt, ...)
{
    if (ev->warnings.len > MAX_WARNINGS)
        return SITREP_OK;
    sr_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sitrep_status st = ev->warnings.len == MAX_WARNINGS ? sr_buf_puts(&b, "(more warnings not shown)")
                                                         : sr_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    const char *s = st == SITREP_OK ? sr_arena_strndup(&ev->arena, b.data, b.len) : NULL;
    sr_buf_free(&b);
    if (!s)
        return SITREP_ENOMEM;
    return sr_vec_push(&ev->warnings, s);
}

/* ---- the prediction of one record, read from its JSON ----
 *
 * score.py reads the records' JSON; so does eval, whether the record comes
 * from sitrep_extract (through sitrep_record_json) or from a file of records
 * (--records). The rules below are Python's, value for value. */

/* Python's truthiness of a JSON value (None, False, 0, "", [], {} are false). */
static bool py_truthy(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (json_is_real(v))
        return json_real_value(v) != 0.0;
    if (json_is_string(v))
        return json_string_length(v) != 0;
    if (json_is_array(v))
        return json_array_size(v) != 0;
    if (json_is_object(v))
        return json_object_size(v) != 0;
    return true;
}

/* str(v or '').strip().lower(), into out. */
static sitrep_status py_text(const json_t *v, sr_buf *out)
{
    sr_buf_clear(out);
    char tmp[64];
    const char *s = "";
    size_t n = 0;
    if (!py_truthy(v)) {
        s = "";
    } else if (json_is_string(v)) {
        s = json_string_value(v);
        n = json_string_length(v);
    } else if (json_is_integer(v)) {
        n = (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
        s = tmp;
    } else if (json_is_real(v)) {
        double d = json_real_value(v);
        if (d == (double)(long long)d && d > -1e16 && d < 1e16)
            n = (size_t)snprintf(tmp, sizeof tmp, "%.1f", d);
        else
            n = (size_t)snprintf(tmp, sizeof tmp, "%.17g", d);
        s = tmp;
    } else if (json_is_true(v)) {
        s = "True";
        n = 4;
    } else { /* a list or an object: not a value sitrep writes here */
        s = "?";
        n = 1;
    }
    return sr_py_strip_lower(s, n, out);
}

/* int(v or 0), and -1 when Python's int() raises, as score.py's num(). */
static int64_t py_num(const json_t *v)
{
    if (!py_truthy(v))
        return 0;
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (json_is_true(v))
        return 1;
    if (json_is_real(v)) {
        double d = json_real_value(v);
        return d > -9.2e18 && d < 9.2e18 ? (int64_t)d : -1;
    }
    if (json_is_string(v)) {
        int64_t x;
        return sr_py_int(json_string_value(v), json_string_length(v), &x) ? x : -1;
    }
    return -1;
}

static const json_t *jget(const json_t *o, const char *k)
{
    return json_is_object(o) ? json_object_get(o, k) : NULL;
}

/* o.get(k) or {}: the member when it is a non-empty object, else NULL */
static const json_t *jobj(const json_t *o, const char *k)
{
    const json_t *v = jget(o, k);
    return json_is_object(v) && json_object_size(v) ? v : NULL;
}

static const char *jstring(const json_t *o, const char *k)
{
    const json_t *v = jget(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* str(doc.get('id')), as score.py keys records. */
static const char *record_id(sitrep_eval *ev, const json_t *rec)
{
    const json_t *v = jget(jobj(rec, "doc"), "id");
    if (json_is_string(v))
        return sr_arena_strndup(&ev->arena, json_string_value(v), json_string_length(v));
    if (json_is_integer(v))
        return sr_arena_printf(&ev->arena, "%lld", (long long)json_integer_value(v));
    return sr_arena_strdup(&ev->arena, "None");
}

typedef struct pred_builder {
    sitrep_eval *ev;
    const char *text;  /* doc.text when the JSON has it, else NULL */
    size_t text_len;
    SR_VEC(eval_evidence) evidence;
    sr_buf tmp;
    sitrep_status st;
} pred_builder;

/* Adds the evidence of a value: what, the value, and the words of the
 * JSON evidence object ev_json (may be NULL: a note). */
static void add_evidence(pred_builder *b, const char *what, const char *value, const json_t *ev_json,
                         unsigned fields)
{
    if (b->st != SITREP_OK)
        return;
    sr_arena *a = &b->ev->arena;
    eval_evidence x = {what, sr_arena_strdup(a, value ? value : ""), NULL, NULL, NULL, 0, 0, fields};
    if (!x.value) {
        b->st = SITREP_ENOMEM;
        return;
    }
    if (json_is_object(ev_json)) {
        const json_t *js = jget(ev_json, "start"), *je = jget(ev_json, "end");
        const char *words = jstring(ev_json, "text");
        const char *rule = jstring(ev_json, "rule");
        x.start = json_is_integer(js) ? (uint32_t)json_integer_value(js) : 0;
        x.end = json_is_integer(je) ? (uint32_t)json_integer_value(je) : x.start;
        sr_buf_clear(&b->tmp);
        if (b->text) {
            bool mark = x.end > x.start;
            b->st = sr_snippet(b->text, b->text_len, x.start, x.end, 84, mark ? SR_MARK_OPEN : "",
                               mark ? SR_MARK_CLOSE : "", &b->tmp);
        } else if (words) { /* no text in the record: the words alone */
            size_t n = strlen(words);
            b->st = sr_snippet(words, n, 0, (uint32_t)n, 84, SR_MARK_OPEN, SR_MARK_CLOSE, &b->tmp);
        }
        if (b->st != SITREP_OK)
            return;
        x.words = words ? sr_arena_strndup(a, words, SR_MIN(strlen(words), (size_t)400)) : "";
        x.snippet = sr_arena_strndup(a, b->tmp.data ? b->tmp.data : "", b->tmp.len);
        x.rule = rule ? sr_arena_strdup(a, rule) : NULL;
        if (!x.words || !x.snippet || (rule && !x.rule)) {
            b->st = SITREP_ENOMEM;
            return;
        }
    }
    b->st = sr_vec_push(&b->evidence, x);
}

static const char *count_text(sr_arena *a, const json_t *c, int incident)
{
    const json_t *jmin = jget(c, "min"), *jmax = jget(c, "max");
    const char *q = jstring(c, "qualifier");
    char n[64];
    long long mn = json_is_integer(jmin) ? (long long)json_integer_value(jmin) : -1;
    long long mx = json_is_integer(jmax) ? (long long)json_integer_value(jmax) : -1;
    if (mn >= 0 && mx >= 0 && mx != mn)
        snprintf(n, sizeof n, "%lld to %lld", mn, mx);
    else if (mn >= 0)
        snprintf(n, sizeof n, "%s%lld",
                 !q                          ? ""
                 : !strcmp(q, "at_least")    ? "at least "
                 : !strcmp(q, "at_most")     ? "at most "
                 : !strcmp(q, "about")       ? "about "
                                             : "",
                 mn);
    else if (mx >= 0)
        snprintf(n, sizeof n, "up to %lld", mx);
    else
        snprintf(n, sizeof n, "no number");
    const char *outcome = jstring(c, "outcome"), *group = jstring(c, "group");
    if (incident >= 0)
        return sr_arena_printf(a, "%s %s %s (incident %d)", outcome ? outcome : "?", group ? group : "?", n,
                               incident);
    return sr_arena_printf(a, "%s %s %s", outcome ? outcome : "?", group ? group : "?", n);
}

/* The evidence a miss of each field is read with: the main incident's
 * values, the killed counts of the other incidents, the start of the text. */
static void gather_evidence(pred_builder *b, const json_t *rec)
{
    sr_arena *a = &b->ev->arena;
    const json_t *summary = jobj(rec, "summary");
    const json_t *incidents = jget(rec, "incidents");
    size_t ninc = json_is_array(incidents) ? json_array_size(incidents) : 0;
    const json_t *jm = jget(summary, "main_incident");
    int m = json_is_integer(jm) && json_integer_value(jm) >= 0 && (size_t)json_integer_value(jm) < ninc
                ? (int)json_integer_value(jm)
                : -1;
    if (m >= 0) {
        const json_t *in = json_array_get(incidents, (size_t)m);
        const json_t *place = jobj(in, "place"), *perp = jobj(in, "perpetrator"), *cause = jobj(in, "cause");
        if (place) {
            const char *name = jstring(place, "name"), *admin1 = jstring(place, "admin1");
            const char *country = jstring(place, "country");
            add_evidence(b, "place",
                         sr_arena_printf(a, "%s (%s%s%s)", name ? name : "?", admin1 ? admin1 : "",
                                         admin1 && country ? ", " : "", country ? country : ""),
                         jget(place, "evidence"), 1u << F_LOCATION);
        } else {
            add_evidence(b, "note", "the main incident has no place", NULL, 1u << F_LOCATION);
        }
        if (perp) {
            const char *actor = jstring(perp, "actor"), *name = jstring(perp, "name");
            add_evidence(b, "perpetrator",
                         sr_arena_printf(a, "%s (as \"%s\")", actor ? actor : "?", name ? name : ""),
                         jget(perp, "evidence"), 1u << F_ACTOR);
        } else {
            add_evidence(b, "note", "the main incident has no perpetrator", NULL, 1u << F_ACTOR);
        }
        if (cause) {
            const char *cat = jstring(cause, "category");
            add_evidence(b, "cause", cat ? cat : "?", jget(cause, "evidence"), 1u << F_CAUSE);
        } else {
            add_evidence(b, "note", "the main incident has no cause", NULL, 1u << F_CAUSE);
        }
        const json_t *counts = jget(in, "counts");
        size_t nc = json_is_array(counts) ? json_array_size(counts) : 0;
        for (size_t k = 0; k < nc; k++) {
            const json_t *c = json_array_get(counts, k);
            add_evidence(b, "count", count_text(a, c, -1), jget(c, "evidence"), NUMBER_FIELDS);
        }
        if (!nc)
            add_evidence(b, "note", "the main incident has no count", NULL, NUMBER_FIELDS);
    } else {
        add_evidence(b, "note",
                     !summary ? (ninc ? sr_arena_printf(a, "no summary (%zu incidents)", ninc)
                                      : "no summary: no incident found in the text")
                              : (ninc ? sr_arena_printf(a, "the summary names no main incident (%zu incidents)", ninc)
                                      : "the summary names no main incident: no incident found"),
                     NULL, ALL_FIELDS & ~(1u << F_PUBLISHED));
    }
    /* killed counts of the other incidents: where the gold's number may be */
    size_t shown = 0;
    for (size_t i = 0; i < ninc && shown < 6; i++) {
        if ((int)i == m)
            continue;
        const json_t *counts = jget(json_array_get(incidents, i), "counts");
        for (size_t k = 0; json_is_array(counts) && k < json_array_size(counts) && shown < 6; k++) {
            const json_t *c = json_array_get(counts, k);
            const char *outcome = jstring(c, "outcome");
            if (!outcome || strcmp(outcome, "killed"))
                continue;
            add_evidence(b, "count", count_text(a, c, (int)i), jget(c, "evidence"),
                         NUMBER_FIELDS);
            shown++;
        }
    }
    /* published: the start of the text, where articles state their date */
    const json_t *doc = jobj(rec, "doc");
    const char *published = jstring(doc, "published"), *from = jstring(doc, "published_from");
    const char *value = published ? sr_arena_printf(a, "published %s (from the %s)", published, from ? from : "?")
                                  : "no publication date found";
    if (b->text) {
        size_t cut = 0;
        while (cut < b->text_len && cut < 72)
            cut++;
        while (cut < b->text_len && ((unsigned char)b->text[cut] & 0xC0) == 0x80)
            cut++;
        /* the opening words, unmarked: a span of no words at offset 0 */
        json_t *head = json_pack("{s:i,s:i,s:s%}", "start", 0, "end", 0, "text", b->text, cut);
        add_evidence(b, "text start", value, head, 1u << F_PUBLISHED);
        json_decref(head);
    } else {
        add_evidence(b, "note", value, NULL, 1u << F_PUBLISHED);
    }
}

/* The prediction of one record as score.py reads it; rec NULL: no record
 * (why: `failure`). */
static sitrep_status pred_from_json(sitrep_eval *ev, const json_t *rec, const char *failure, eval_pred *p)
{
    memset(p, 0, sizeof(*p));
    pred_builder b = {ev, NULL, 0, {0}, {0}, SITREP_OK};
    static const char *const text_keys[3] = {"location", "actor", "cause_of_death"};
    static const char *const number_keys[4] = {"nb_civilians", "nb_noncivilians", "nb_children", "nb_women"};
    p->have_record = rec != NULL;
    const json_t *summary = jobj(rec, "summary");
    for (int i = 0; i < 3 && b.st == SITREP_OK; i++) {
        if ((b.st = py_text(jget(summary, text_keys[i]), &b.tmp)) == SITREP_OK &&
            !(p->text[i] = sr_arena_strndup(&ev->arena, b.tmp.data ? b.tmp.data : "", b.tmp.len)))
            b.st = SITREP_ENOMEM;
    }
    for (int i = 0; i < 4; i++)
        p->number[i] = py_num(jget(summary, number_keys[i]));
    const json_t *doc = jobj(rec, "doc");
    const char *published = jstring(doc, "published");
    if (published && b.st == SITREP_OK && !(p->published = sr_arena_strdup(&ev->arena, published)))
        b.st = SITREP_ENOMEM;

    /* the min of every killed count, for killed_count (kept as JSON values
     * would compare: integers, and reals that are whole numbers) */
    const json_t *incidents = jget(rec, "incidents");
    SR_VEC(int64_t) killed = {0};
    for (size_t i = 0; json_is_array(incidents) && i < json_array_size(incidents) && b.st == SITREP_OK; i++) {
        const json_t *counts = jget(json_array_get(incidents, i), "counts");
        for (size_t k = 0; json_is_array(counts) && k < json_array_size(counts); k++) {
            const json_t *c = json_array_get(counts, k);
            const char *outcome = jstring(c, "outcome");
            const json_t *min = jget(c, "min");
            if (!outcome || strcmp(outcome, "killed"))
                continue;
            int64_t v;
            if (json_is_integer(min))
                v = json_integer_value(min);
            else if (json_is_real(min) && json_real_value(min) == (double)(int64_t)json_real_value(min))
                v = (int64_t)json_real_value(min);
            else if (json_is_boolean(min))
                v = json_is_true(min);
            else
                continue;
            if ((b.st = sr_vec_push(&killed, v)) != SITREP_OK)
                break;
        }
    }
    if (b.st == SITREP_OK && killed.len) {
        int64_t *k = sr_arena_alloc(&ev->arena, killed.len * sizeof(int64_t));
        if (!k)
            b.st = SITREP_ENOMEM;
        else {
            memcpy(k, killed.items, killed.len * sizeof(int64_t));
            p->killed = k;
            p->nkilled = killed.len;
        }
    }
    free(killed.items);

    if (ev->keep_misses && b.st == SITREP_OK) {
        const json_t *text = jget(doc, "text");
        if (json_is_string(text)) {
            b.text = json_string_value(text);
            b.text_len = json_string_length(text);
        }
        if (rec)
            gather_evidence(&b, rec);
        else
            add_evidence(&b, "note", failure ? failure : "no record", NULL, ALL_FIELDS);
        if (b.st == SITREP_OK && b.evidence.len) {
            eval_evidence *e = sr_arena_alloc(&ev->arena, b.evidence.len * sizeof(*e));
            if (!e) {
                b.st = SITREP_ENOMEM;
            } else {
                memcpy(e, b.evidence.items, b.evidence.len * sizeof(*e));
                p->evidence = e;
                p->nevidence = b.evidence.len;
            }
        }
    }
    free(b.evidence.items);
    sr_buf_free(&b.tmp);
    return b.st;
}

/* ---- scoring one row ---- */

static sitrep_status count_in(sitrep_eval *ev, strtab *t, const char *key, size_t len)
{
    sitrep_status st;
    strtab_item *it = strtab_get(t, &ev->arena, key, len, true, &st);
    if (it)
        it->value++;
    return st;
}

static sitrep_status score_row(sitrep_eval *ev, size_t row, size_t line, const char *id, const char **cells,
                               const size_t *cell_lens, size_t pred_index)
{
    const eval_pred *p = &ev->preds.items[pred_index];
    sitrep_status st;
    for (size_t i = 0; i < ev->nfields; i++) {
        eval_field *f = &ev->fields[i];
        const struct field_def *def = &FIELDS[f->id];
        const char *gold = cells[f->column];
        size_t glen = cell_lens[f->column];
        bool ok = false;
        const char *predicted = NULL;
        char num[32];
        int64_t g = 0;
        miss_class why = MISS_OTHER;
        switch (def->cmp) {
        case CMP_TEXT:
            predicted = p->text[f->id - F_LOCATION];
            ok = strlen(predicted) == glen && memcmp(predicted, gold, glen) == 0;
            if (!*predicted || !strcmp(predicted, "unknown"))
                why = MISS_NONE;
            else if (glen == 0 || (glen == 7 && !memcmp(gold, "unknown", 7)))
                why = MISS_UNKNOWN;
            else
                why = MISS_OTHER;
            break;
        case CMP_INT: {
            int64_t v = f->id == F_EXACT ? p->number[0] : p->number[f->id - F_CIVILIANS];
            snprintf(num, sizeof num, "%lld", (long long)v);
            predicted = num;
            if (!sr_py_int(gold, glen, &g)) {
                why = MISS_BAD_GOLD;
                if ((st = warn(ev, "row %zu (line %zu): %s '%.*s' is not a whole number; scored as a miss", row,
                               line, def->column, (int)SR_MIN(glen, (size_t)40), gold)) != SITREP_OK)
                    return st;
            } else {
                ok = v == g;
                why = g == 0 ? MISS_SPURIOUS : v == 0 ? MISS_MISSED : v > g ? MISS_HIGH : MISS_LOW;
            }
            break;
        }
        case CMP_PUBLISHED:
            predicted = p->published;
            ok = p->published && strlen(p->published) == glen && memcmp(p->published, gold, glen) == 0;
            why = p->published ? MISS_OTHER : MISS_NOT_FOUND;
            break;
        case CMP_KILLED_COUNT: {
            bool is_int = sr_py_int(gold, glen, &g);
            size_t used = 0;
            num[0] = '\0';
            for (size_t k = 0; k < p->nkilled; k++) {
                ok = ok || (is_int && p->killed[k] == g);
                if (used < sizeof num - 12)
                    used += (size_t)snprintf(num + used, sizeof num - used, "%s%lld", k ? " " : "",
                                             (long long)p->killed[k]);
            }
            predicted = p->nkilled ? num : NULL;
            why = !is_int ? MISS_BAD_GOLD : p->nkilled ? MISS_NO_EQUAL : MISS_NO_KILLED;
            break;
        }
        }
        if (!p->have_record && why != MISS_BAD_GOLD)
            why = MISS_NO_RECORD;
        f->score.correct += ok;
        if (def->majority && (st = count_in(ev, &f->answers, gold, glen)) != SITREP_OK)
            return st;
        if (def->confusion) {
            sr_buf key = {0};
            if (sr_buf_put(&key, gold, glen) != SITREP_OK || sr_buf_putc(&key, '\x1F') != SITREP_OK ||
                sr_buf_puts(&key, predicted ? predicted : "") != SITREP_OK) {
                sr_buf_free(&key);
                return SITREP_ENOMEM;
            }
            st = count_in(ev, &f->confusion, key.data, key.len);
            sr_buf_free(&key);
            if (st != SITREP_OK)
                return st;
        }
        if (!ok) {
            f->misses++;
            f->miss_class[why]++;
            if (ev->keep_misses && (ev->miss_field < 0 || ev->miss_field == (int)f->id)) {
                eval_miss m = {row, line, id, f->id, sr_arena_strndup(&ev->arena, gold, glen),
                               predicted ? sr_arena_strdup(&ev->arena, predicted) : NULL, pred_index};
                if (!m.gold || (predicted && !m.predicted))
                    return SITREP_ENOMEM;
                if ((st = sr_vec_push(&ev->misses, m)) != SITREP_OK)
                    return st;
            }
        }
    }
    return SITREP_OK;
}

/* ---- the run ---- */

static int find_column(const sr_csv *c, const char *name)
{
    int found = -1; /* the last of equal names, as a Python dict keeps it */
    for (size_t i = 0; i < sr_csv_nfields(c); i++) {
        size_t n;
        const char *f = sr_csv_field(c, i, &n);
        if (strlen(name) == n && memcmp(f, name, n) == 0)
            found = (int)i;
    }
    return found;
}

static void errf(char *errbuf, size_t size, const char *fmt, ...) SR_PRINTF(3, 4);
static void errf(char *errbuf, size_t size, const char *fmt, ...)
{
    if (!errbuf || !size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, size, fmt, ap);
    va_end(ap);
}

/* Reads the header: the kind of gold and the columns. */
static sitrep_status read_header(sitrep_eval *ev, sr_csv *c, int doc_cols[DOC_NCOLS], char *errbuf,
                                 size_t errsize)
{
    sitrep_status st = sr_csv_next(c);
    if (st == SITREP_END) {
        errf(errbuf, errsize, "%s: empty file: no header row", ev->gold_path);
        return SITREP_EINPUT;
    }
    if (st != SITREP_OK) {
        errf(errbuf, errsize, "%s", sr_csv_errmsg(c));
        return st;
    }
    const field_id *ids;
    size_t nids;
    const char *const *doc_names;
    size_t ndoc;
    if (find_column(c, "unit_id") >= 0 && find_column(c, "content") >= 0) {
        ev->kind = SITREP_GOLD_FAKES;
        ids = FAKES_FIELDS, nids = SR_ARRAY_LEN(FAKES_FIELDS);
        doc_names = FAKES_DOC_COLUMNS, ndoc = SR_ARRAY_LEN(FAKES_DOC_COLUMNS);
    } else if (find_column(c, "event_id") >= 0 && find_column(c, "description") >= 0) {
        ev->kind = SITREP_GOLD_WAD;
        ids = WAD_FIELDS, nids = SR_ARRAY_LEN(WAD_FIELDS);
        doc_names = WAD_DOC_COLUMNS, ndoc = SR_ARRAY_LEN(WAD_DOC_COLUMNS);
    } else {
        errf(errbuf, errsize,
             "%s: not a gold file: a FA-KES-style gold has the columns unit_id and content, a WAD-style "
             "gold event_id and description",
             ev->gold_path);
        return SITREP_EINPUT;
    }
    char missing[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < DOC_NCOLS; i++)
        doc_cols[i] = -1;
    for (size_t i = 0; i < ndoc; i++)
        if ((doc_cols[i] = find_column(c, doc_names[i])) < 0 && used < sizeof missing - 40)
            used += (size_t)snprintf(missing + used, sizeof missing - used, " %s", doc_names[i]);
    ev->nfields = nids;
    for (size_t i = 0; i < nids; i++) {
        eval_field *f = &ev->fields[i];
        f->id = ids[i];
        f->column = find_column(c, FIELDS[ids[i]].column);
        if (f->column < 0 && used < sizeof missing - 40 && !strstr(missing, FIELDS[ids[i]].column))
            used += (size_t)snprintf(missing + used, sizeof missing - used, " %s", FIELDS[ids[i]].column);
    }
    if (used) {
        errf(errbuf, errsize, "%s: a %s gold file lacks the columns:%s", ev->gold_path,
             ev->kind == SITREP_GOLD_FAKES ? "FA-KES-style" : "WAD-style", missing);
        return SITREP_EINPUT;
    }
    return SITREP_OK;
}

/* Extracts the document of the row and appends its prediction. */
static sitrep_status predict(sitrep_eval *ev, sitrep_ctx *ctx, const char **cells, const size_t *lens,
                             const int doc_cols[DOC_NCOLS], size_t line, const char *id)
{
    sitrep_doc *doc = NULL;
    sitrep_record *rec = NULL;
    char failure[SR_ERRMSG_MAX] = "";
    sitrep_status st = sitrep_doc_new(cells[doc_cols[DOC_TEXT]], lens[doc_cols[DOC_TEXT]], &doc);
    if (st == SITREP_OK)
        st = sitrep_doc_set(doc, SITREP_DOC_ID, id);
    if (st == SITREP_OK && ev->kind == SITREP_GOLD_FAKES) {
        st = sitrep_doc_set(doc, SITREP_DOC_TITLE, cells[doc_cols[DOC_TITLE]]);
        if (st == SITREP_OK)
            st = sitrep_doc_set(doc, SITREP_DOC_SOURCE, cells[doc_cols[DOC_SOURCE]]);
    }
    if (st == SITREP_OK)
        st = sitrep_extract(ctx, doc, &rec);
    sitrep_doc_free(doc);
    /* the record as score.py reads it: its JSON */
    char *json = NULL;
    size_t len = 0;
    if (st == SITREP_OK)
        st = sitrep_record_json(rec, ev->keep_misses ? SITREP_JSON_TEXT | SITREP_JSON_RULES : 0, &json, &len);
    sitrep_record_free(rec);
    if (st == SITREP_ENOMEM) {
        sitrep_free(json);
        return st;
    }
    json_t *rj = NULL;
    if (st == SITREP_OK) {
        json_error_t jerr;
        rj = json_loadb(json, len, 0, &jerr);
        if (!rj)
            snprintf(failure, sizeof failure, "the record's JSON does not parse: %s", jerr.text);
    } else {
        snprintf(failure, sizeof failure, "extraction failed: %s", sitrep_status_str(st));
    }
    sitrep_free(json);
    if (rj) {
        const char *rid = record_id(ev, rj);
        if (!rid) {
            json_decref(rj);
            return SITREP_ENOMEM;
        }
        if (strcmp(rid, id) != 0) { /* score.py finds records by the id they carry */
            snprintf(failure, sizeof failure, "the record's id '%.100s' is not the gold's", rid);
            json_decref(rj);
            rj = NULL;
        }
    }
    if (!rj && (st = warn(ev, "line %zu: id %s: %s; scored as a missing record", line, id, failure)) != SITREP_OK)
        return st;
    eval_pred p;
    st = pred_from_json(ev, rj, failure, &p);
    json_decref(rj);
    if (st != SITREP_OK)
        return st;
    ev->records += p.have_record;
    return sr_vec_push(&ev->preds, p);
}

/* --records: the predictions of a file of records (JSON Lines, as sitrep
 * extract writes them), keyed by id; the first record of an id wins. */
static sitrep_status load_records(sitrep_eval *ev, const char *path, char *errbuf, size_t errsize)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        errf(errbuf, errsize, "%s: %s", path, strerror(errno));
        return SITREP_EIO;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    sitrep_status st = SITREP_OK;
    while (st == SITREP_OK && (n = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        size_t k = 0;
        while (k < (size_t)n && sr_isspace((unsigned char)line[k]))
            k++;
        if (k == (size_t)n)
            continue; /* blank */
        json_error_t jerr;
        json_t *rj = json_loadb(line, (size_t)n, 0, &jerr);
        if (!json_is_object(rj)) {
            st = warn(ev, "%s:%zu: not a JSON record (%s); skipped", path, lineno, rj ? "not an object" : jerr.text);
            json_decref(rj);
            continue;
        }
        const char *id = record_id(ev, rj);
        strtab_item *it = id ? strtab_get(&ev->ids, &ev->arena, id, strlen(id), true, &st) : NULL;
        if (!it) {
            json_decref(rj);
            st = SITREP_ENOMEM;
            break;
        }
        if (it->value == 0) {
            eval_pred p;
            if ((st = pred_from_json(ev, rj, NULL, &p)) == SITREP_OK && (st = sr_vec_push(&ev->preds, p)) == SITREP_OK) {
                it->value = ev->preds.len;
                ev->records++;
            }
        }
        json_decref(rj);
    }
    if (st == SITREP_OK && ferror(fp)) {
        errf(errbuf, errsize, "%s: %s", path, strerror(errno));
        st = SITREP_EIO;
    }
    free(line);
    fclose(fp);
    return st;
}

static void finish_scores(sitrep_eval *ev)
{
    for (size_t i = 0; i < ev->nfields; i++) {
        eval_field *f = &ev->fields[i];
        sitrep_eval_score *s = &f->score;
        s->field = FIELDS[f->id].name;
        s->rows = ev->rows;
        s->accuracy = ev->rows ? (double)s->correct / (double)ev->rows : 0.0;
        s->has_majority = FIELDS[f->id].majority;
        if (s->has_majority) {
            /* most common gold cell; ties go to the first seen, as Counter.most_common(1) */
            const strtab_item *best = NULL;
            for (size_t k = 0; k < f->answers.items.len; k++)
                if (!best || f->answers.items.items[k].value > best->value)
                    best = &f->answers.items.items[k];
            s->majority_answer = best ? best->key : NULL;
            s->majority = best && ev->rows ? (double)best->value / (double)ev->rows : 0.0;
        }
        ev->scores[i] = *s;
    }
}

sitrep_status sitrep_eval_run(sitrep_ctx *ctx, const char *gold_path, const sitrep_eval_options *opts,
                              sitrep_eval **out, char *errbuf, size_t errbuf_size)
{
    *out = NULL;
    if (errbuf && errbuf_size)
        errbuf[0] = '\0';
    sitrep_eval_options none = {0};
    if (!opts)
        opts = &none;
    sitrep_eval *ev = calloc(1, sizeof(*ev));
    if (!ev)
        return SITREP_ENOMEM;
    ev->gold_path = sr_arena_strdup(&ev->arena, gold_path);
    ev->keep_misses = opts->misses;
    ev->miss_field = -1;
    bool from_stdin = strcmp(gold_path, "-") == 0;
    FILE *fp = from_stdin ? stdin : fopen(gold_path, "rb");
    if (!fp) {
        errf(errbuf, errbuf_size, "%s: %s", gold_path, strerror(errno));
        sitrep_eval_free(ev);
        return SITREP_EIO;
    }
    uint64_t total = 0;
    struct stat sb;
    if (!from_stdin && fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode))
        total = (uint64_t)sb.st_size;

    sr_csv_options co = {0};
    co.universal_newlines = true; /* Python's text mode */
    sr_csv *c = NULL;
    sitrep_status st = sr_csv_open(fp, gold_path, &co, &c);
    int doc_cols[DOC_NCOLS];
    if (st == SITREP_OK)
        st = read_header(ev, c, doc_cols, errbuf, errbuf_size);
    if (st == SITREP_OK && opts->miss_field) {
        for (size_t i = 0; i < ev->nfields; i++)
            if (!strcmp(FIELDS[ev->fields[i].id].name, opts->miss_field))
                ev->miss_field = (int)ev->fields[i].id;
        if (ev->miss_field < 0) {
            char names[200] = "";
            size_t used = 0;
            for (const char *const *n = sitrep_eval_fields(ev->kind); *n && used < sizeof names - 20; n++)
                used += (size_t)snprintf(names + used, sizeof names - used, " %s", *n);
            errf(errbuf, errbuf_size, "'%s' is not a field of a %s gold; its fields are:%s", opts->miss_field,
                 sitrep_gold_kind_name(ev->kind), names);
            st = SITREP_EUSAGE;
        }
    }
    if (st == SITREP_OK && opts->records_path)
        st = load_records(ev, opts->records_path, errbuf, errbuf_size);
    else if (st == SITREP_OK && !ctx) {
        errf(errbuf, errbuf_size, "no context to extract with and no records to score");
        st = SITREP_EUSAGE;
    }
    size_t ncols = c && st == SITREP_OK ? sr_csv_nfields(c) : 0;
    size_t missing_pred = SIZE_MAX; /* --records: the prediction of an id with no record */
    const char **cells = NULL;
    size_t *lens = NULL;
    if (st == SITREP_OK) {
        cells = calloc(ncols, sizeof(*cells));
        lens = calloc(ncols, sizeof(*lens));
        if (!cells || !lens)
            st = SITREP_ENOMEM;
    }
    bool warned_short = false;
    while (st == SITREP_OK) {
        sitrep_status rs = sr_csv_next(c);
        if (rs == SITREP_END)
            break;
        if (rs == SITREP_ENOMEM) {
            st = rs;
            break;
        }
        if (rs != SITREP_OK) {
            st = warn(ev, "%s (row skipped)", sr_csv_errmsg(c));
            if (rs == SITREP_EIO)
                break;
            continue;
        }
        size_t line = sr_csv_line(c);
        size_t have = sr_csv_nfields(c);
        for (size_t i = 0; i < ncols; i++) {
            cells[i] = i < have ? sr_csv_field(c, i, &lens[i]) : "";
            if (i >= have)
                lens[i] = 0;
        }
        if (have < ncols && !warned_short) {
            warned_short = true;
            if ((st = warn(ev, "line %zu: %zu fields where the header has %zu; the missing ones read as empty",
                           line, have, ncols)) != SITREP_OK)
                break;
        }
        ev->rows++;
        const char *id = cells[doc_cols[DOC_ID]];
        size_t idlen = lens[doc_cols[DOC_ID]];
        const char *row_id;
        size_t pred;
        if (opts->records_path) {
            strtab_item *it = strtab_get(&ev->ids, &ev->arena, id, idlen, false, &st);
            if (st != SITREP_OK)
                break;
            if (it) {
                row_id = it->key;
                pred = it->value - 1;
            } else {
                if (missing_pred == SIZE_MAX) {
                    eval_pred p;
                    if ((st = pred_from_json(ev, NULL, "no record with this id", &p)) != SITREP_OK ||
                        (st = sr_vec_push(&ev->preds, p)) != SITREP_OK)
                        break;
                    missing_pred = ev->preds.len - 1;
                }
                if (!(row_id = sr_arena_strndup(&ev->arena, id, idlen))) {
                    st = SITREP_ENOMEM;
                    break;
                }
                pred = missing_pred;
            }
        } else {
            strtab_item *it = strtab_get(&ev->ids, &ev->arena, id, idlen, true, &st);
            if (!it)
                break;
            if (it->value == 0) { /* a new id: extract its document (the first row's) */
                if ((st = predict(ev, ctx, cells, lens, doc_cols, line, it->key)) != SITREP_OK)
                    break;
                it->value = ev->preds.len; /* index + 1 */
            }
            row_id = it->key;
            pred = it->value - 1;
        }
        if ((st = score_row(ev, ev->rows, line, row_id, cells, lens, pred)) != SITREP_OK)
            break;
        if (opts->progress)
            opts->progress(opts->progress_arg, ev->rows, sr_csv_offset(c), total);
    }
    if (st == SITREP_OK && ev->rows == 0) {
        errf(errbuf, errbuf_size, "%s: no rows under the header", gold_path);
        st = SITREP_EINPUT;
    }
    free(cells);
    free(lens);
    sr_csv_close(c);
    if (!from_stdin)
        fclose(fp);
    if (st != SITREP_OK) {
        if (st == SITREP_ENOMEM && errbuf && !errbuf[0])
            errf(errbuf, errbuf_size, "out of memory");
        sitrep_eval_free(ev);
        return st;
    }
    finish_scores(ev);
    *out = ev;
    return SITREP_OK;
}

void sitrep_eval_free(sitrep_eval *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; i < F_COUNT; i++) {
        strtab_free(&ev->fields[i].answers);
        strtab_free(&ev->fields[i].confusion);
    }
    strtab_free(&ev->ids);
    free(ev->preds.items);
    free(ev->misses.items);
    free(ev->warnings.items);
    sr_arena_free(&ev->arena);
    free(ev);
}

sitrep_gold_kind sitrep_eval_kind(const sitrep_eval *ev) { return ev->kind; }

void sitrep_eval_totals(const sitrep_eval *ev, size_t *rows, size_t *records)
{
    if (rows)
        *rows = ev->rows;
    if (records)
        *records = ev->records;
}

const sitrep_eval_score *sitrep_eval_scores(const sitrep_eval *ev, size_t *n)
{
    *n = ev->nfields;
    return ev->scores;
}

const sitrep_eval_score *sitrep_eval_score_of(const sitrep_eval *ev, const char *field)
{
    for (size_t i = 0; i < ev->nfields; i++)
        if (!strcmp(ev->scores[i].field, field))
            return &ev->scores[i];
    return NULL;
}

const char *const *sitrep_eval_warnings(const sitrep_eval *ev, size_t *n)
{
    *n = ev->warnings.len;
    return ev->warnings.items;
}

/* ---- the report ---- */

/* A confusion table's values: gold values by frequency, then values only
 * predicted, by frequency. */
typedef struct conf_value {
    const char *name;
    size_t len;
    size_t as_gold, as_predicted;
} conf_value;

static int conf_cmp(const void *a, const void *b)
{
    const conf_value *x = a, *y = b;
    if ((x->as_gold > 0) != (y->as_gold > 0))
        return x->as_gold > 0 ? -1 : 1;
    size_t kx = x->as_gold ? x->as_gold : x->as_predicted, ky = y->as_gold ? y->as_gold : y->as_predicted;
    if (kx != ky)
        return kx > ky ? -1 : 1;
    size_t n = SR_MIN(x->len, y->len);
    int c = memcmp(x->name, y->name, n);
    return c ? c : (x->len < y->len ? -1 : x->len > y->len);
}

typedef SR_VEC(conf_value) conf_vec;

static sitrep_status conf_values(const eval_field *f, conf_vec *out)
{
    for (size_t k = 0; k < f->confusion.items.len; k++) {
        const strtab_item *it = &f->confusion.items.items[k];
        const char *sep = memchr(it->key, '\x1F', it->len);
        const char *parts[2] = {it->key, sep + 1};
        size_t lens[2] = {(size_t)(sep - it->key), it->len - (size_t)(sep - it->key) - 1};
        for (int side = 0; side < 2; side++) {
            size_t j = 0;
            while (j < out->len && !(out->items[j].len == lens[side] && !memcmp(out->items[j].name, parts[side], lens[side])))
                j++;
            if (j == out->len) {
                conf_value v = {parts[side], lens[side], 0, 0};
                if (sr_vec_push(out, v) != SITREP_OK)
                    return SITREP_ENOMEM;
            }
            if (side == 0)
                out->items[j].as_gold += it->value;
            else
                out->items[j].as_predicted += it->value;
        }
    }
    qsort(out->items, out->len, sizeof(conf_value), conf_cmp);
    return SITREP_OK;
}

#define CONF_MAX 12 /* values shown one by one; the rest are "other" */

static size_t conf_slot(const conf_value *vals, size_t nvals, const char *s, size_t n)
{
    for (size_t j = 0; j < nvals && j < CONF_MAX; j++)
        if (vals[j].len == n && !memcmp(vals[j].name, s, n))
            return j;
    return CONF_MAX; /* other */
}

typedef struct out_style {
    const char *bold, *plain;
} out_style;

static void write_confusion_text(const sitrep_eval *ev, const eval_field *f, FILE *fp, out_style sty)
{
    conf_vec vals = {0};
    if (conf_values(f, &vals) != SITREP_OK) {
        free(vals.items);
        return;
    }
    size_t nshown = SR_MIN(vals.len, (size_t)CONF_MAX);
    bool other = vals.len > CONF_MAX;
    size_t ncol = nshown + other;
    size_t cells[CONF_MAX + 1][CONF_MAX + 1];
    memset(cells, 0, sizeof cells);
    for (size_t k = 0; k < f->confusion.items.len; k++) {
        const strtab_item *it = &f->confusion.items.items[k];
        const char *sep = memchr(it->key, '\x1F', it->len);
        size_t g = conf_slot(vals.items, vals.len, it->key, (size_t)(sep - it->key));
        size_t p = conf_slot(vals.items, vals.len, sep + 1, it->len - (size_t)(sep - it->key) - 1);
        cells[g][p] += it->value;
    }
    /* labels as wide as the table allows within 110 columns */
    int label_w = (int)(110 - 5 - 5 * ncol);
    if (label_w > 40)
        label_w = 40;
    if (label_w < 16)
        label_w = 16;
    fprintf(fp, "%sconfusion: %s%s (rows: gold, columns: predicted, numbered as the rows; %zu of %zu right)\n",
            sty.bold, FIELDS[f->id].name, sty.plain, f->score.correct, ev->rows);
    fprintf(fp, "     %-*s", label_w, "");
    for (size_t j = 0; j < ncol; j++)
        if (j < nshown)
            fprintf(fp, "%5zu", j + 1);
        else
            fprintf(fp, "%6s", "other");
    fputc('\n', fp);
    sr_buf label = {0};
    for (size_t i = 0; i < ncol; i++) {
        size_t row_total = 0;
        for (size_t j = 0; j < ncol; j++)
            row_total += cells[i][j];
        bool predicted_only = i < nshown && vals.items[i].as_gold == 0;
        if (row_total == 0 && !predicted_only)
            continue;
        sr_buf_clear(&label);
        if (i >= nshown)
            sr_buf_puts(&label, "(other values)");
        else if (vals.items[i].len == 0)
            sr_buf_puts(&label, "\"\" (none)");
        else
            sr_snippet(vals.items[i].name, vals.items[i].len, 0, (uint32_t)vals.items[i].len, (size_t)label_w, "",
                       "", &label);
        int pad = label_w - (int)sr_text_columns(label.data ? label.data : "");
        if (i < nshown)
            fprintf(fp, "  %2zu %s%*s", i + 1, label.data ? label.data : "", pad > 0 ? pad : 0, "");
        else
            fprintf(fp, "     %s%*s", label.data ? label.data : "", pad > 0 ? pad : 0, "");
        if (predicted_only) {
            fprintf(fp, "  (only predicted)\n");
            continue;
        }
        for (size_t j = 0; j < ncol; j++) {
            int w = j < nshown ? 5 : 6;
            if (cells[i][j] == 0)
                fprintf(fp, "%*s", w, ".");
            else if (i == j && i < nshown)
                fprintf(fp, "%s%*zu%s", sty.bold, w, cells[i][j], sty.plain);
            else
                fprintf(fp, "%*zu", w, cells[i][j]);
        }
        fputc('\n', fp);
    }
    sr_buf_free(&label);
    free(vals.items);
}

static void write_misses_text(const sitrep_eval *ev, FILE *fp, out_style sty, bool color)
{
    fprintf(fp, "%smisses%s (%zu", sty.bold, sty.plain, ev->misses.len);
    if (ev->miss_field >= 0)
        fprintf(fp, " of %s", FIELDS[ev->miss_field].name);
    fprintf(fp, "):");
    for (size_t i = 0; i < ev->nfields; i++)
        if (ev->miss_field < 0 || ev->miss_field == (int)ev->fields[i].id)
            fprintf(fp, " %s %zu", FIELDS[ev->fields[i].id].name, ev->fields[i].misses);
    fputc('\n', fp);
    for (size_t i = 0; i < ev->misses.len; i++) {
        const eval_miss *m = &ev->misses.items[i];
        const eval_pred *p = &ev->preds.items[m->pred];
        fprintf(fp, "\n%srow %zu%s (line %zu) id %s  %s: gold \"%s\", predicted %s%s%s\n", sty.bold, m->row,
                sty.plain, m->line, m->id, FIELDS[m->field].name, m->gold, m->predicted ? "\"" : "",
                m->predicted ? m->predicted : "nothing", m->predicted ? "\"" : "");
        for (size_t k = 0; k < p->nevidence; k++) {
            const eval_evidence *e = &p->evidence[k];
            if (!(e->fields & (1u << m->field)))
                continue;
            fprintf(fp, "    %-12s%s", e->what, e->value);
            if (e->rule)
                fprintf(fp, "%*srule %s", (int)(sr_text_columns(e->value) < 40 ? 40 - sr_text_columns(e->value) : 2),
                        "", e->rule);
            fputc('\n', fp);
            if (e->snippet) {
                if (color) { /* brackets to bold: the span is the first [ ... ] the snippet marks */
                    const char *o = strstr(e->snippet, SR_MARK_OPEN);
                    const char *c = o ? strstr(o, SR_MARK_CLOSE) : NULL;
                    if (o && c)
                        fprintf(fp, "                \"%.*s%s%.*s%s%s\"\n", (int)(o - e->snippet), e->snippet,
                                SR_BOLD_OPEN, (int)(c - o - 1), o + 1, SR_BOLD_CLOSE, c + 1);
                    else
                        fprintf(fp, "                \"%s\"\n", e->snippet);
                } else {
                    fprintf(fp, "                \"%s\"\n", e->snippet);
                }
            }
        }
    }
    fputc('\n', fp);
}

static void write_text(const sitrep_eval *ev, unsigned flags, FILE *fp)
{
    bool color = flags & SITREP_EVAL_COLOR;
    out_style sty = {color ? SR_BOLD_OPEN : "", color ? SR_BOLD_CLOSE : ""};
    if (ev->keep_misses)
        write_misses_text(ev, fp, sty, color);
    for (size_t i = 0; i < ev->nfields; i++)
        if (FIELDS[ev->fields[i].id].confusion) {
            write_confusion_text(ev, &ev->fields[i], fp, sty);
            fputc('\n', fp);
        }
    if (ev->warnings.len) {
        fprintf(fp, "%swarnings%s\n", sty.bold, sty.plain);
        for (size_t i = 0; i < ev->warnings.len; i++)
            fprintf(fp, "  - %s\n", ev->warnings.items[i]);
        fputc('\n', fp);
    }
    fprintf(fp, "%serrors by kind%s\n", sty.bold, sty.plain);
    for (size_t i = 0; i < ev->nfields; i++) {
        const eval_field *f = &ev->fields[i];
        fprintf(fp, "  %-16s %4zu wrong", FIELDS[f->id].name, f->misses);
        const char *sep = ": ";
        for (int k = 0; k < MISS_NCLASSES; k++)
            if (f->miss_class[k]) {
                fprintf(fp, "%s%s %zu", sep, miss_class_name[k], f->miss_class[k]);
                sep = ", ";
            }
        fputc('\n', fp);
    }
    fputc('\n', fp);
    fprintf(fp, "%s%s%s: %s gold, %zu rows, %zu records\n", sty.bold, ev->gold_path, sty.plain,
            ev->kind == SITREP_GOLD_FAKES ? "FA-KES-style" : "WAD-style", ev->rows, ev->records);
    fprintf(fp, "  %-16s %8s %11s %9s   %s\n", "field", "accuracy", "right", "majority", "majority answer");
    for (size_t i = 0; i < ev->nfields; i++) {
        const sitrep_eval_score *s = &ev->scores[i];
        char right[32];
        snprintf(right, sizeof right, "%zu/%zu", s->correct, s->rows);
        fprintf(fp, "  %-16s %s%8.3f%s %11s", s->field, sty.bold, s->accuracy, sty.plain, right);
        if (s->has_majority) {
            const char *a = s->majority_answer ? s->majority_answer : "";
            fprintf(fp, " %9.3f   %s%s%s", s->majority, *a ? "" : "\"", a, *a ? "" : "\"");
        } else {
            fprintf(fp, " %9s   ", "-");
        }
        if (ev->kind == SITREP_GOLD_WAD)
            fprintf(fp, "%s(%s)", s->has_majority ? "   " : "", FIELDS[ev->fields[i].id].what);
        fputc('\n', fp);
    }
}

/* ---- JSON ---- */

typedef struct jout {
    sr_buf b;
    sitrep_status st;
} jout;

static void jput(jout *j, const char *s)
{
    if (j->st == SITREP_OK)
        j->st = sr_buf_puts(&j->b, s);
}
static void jkey(jout *j, const char *k, bool first)
{
    if (j->st == SITREP_OK)
        j->st = sr_json_key(&j->b, k, first);
}
static void jstr(jout *j, const char *s)
{
    if (j->st == SITREP_OK)
        j->st = sr_json_cstr(&j->b, s);
}
static void jstrn(jout *j, const char *s, size_t n)
{
    if (j->st == SITREP_OK)
        j->st = sr_json_str(&j->b, s, n);
}
static void jnum(jout *j, double v, bool integer)
{
    if (j->st == SITREP_OK)
        j->st = integer ? sr_buf_printf(&j->b, "%.0f", v) : sr_buf_printf(&j->b, "%.6g", v);
}

static sitrep_status write_json(const sitrep_eval *ev, FILE *fp)
{
    jout j = {{0}, SITREP_OK};
    jput(&j, "{");
    jkey(&j, "gold", true);
    jstr(&j, ev->gold_path);
    jkey(&j, "kind", false);
    jstr(&j, sitrep_gold_kind_name(ev->kind));
    jkey(&j, "rows", false);
    jnum(&j, (double)ev->rows, true);
    jkey(&j, "records", false);
    jnum(&j, (double)ev->records, true);
    jkey(&j, "scores", false);
    jput(&j, "{");
    for (size_t i = 0; i < ev->nfields; i++) {
        const sitrep_eval_score *s = &ev->scores[i];
        jkey(&j, s->field, i == 0);
        jput(&j, "{");
        jkey(&j, "accuracy", true);
        jnum(&j, s->accuracy, false);
        jkey(&j, "correct", false);
        jnum(&j, (double)s->correct, true);
        jkey(&j, "rows", false);
        jnum(&j, (double)s->rows, true);
        jkey(&j, "majority", false);
        if (s->has_majority)
            jnum(&j, s->majority, false);
        else
            jput(&j, "null");
        jkey(&j, "majority_answer", false);
        jstr(&j, s->has_majority ? s->majority_answer : NULL);
        jkey(&j, "compares", false);
        jstr(&j, FIELDS[ev->fields[i].id].what);
        jkey(&j, "errors", false);
        jput(&j, "{");
        bool efirst = true;
        for (int k = 0; k < MISS_NCLASSES; k++)
            if (ev->fields[i].miss_class[k]) {
                jkey(&j, miss_class_name[k], efirst);
                jnum(&j, (double)ev->fields[i].miss_class[k], true);
                efirst = false;
            }
        jput(&j, "}");
        jput(&j, "}");
    }
    jput(&j, "}");

    jkey(&j, "confusion", false);
    jput(&j, "{");
    bool first = true;
    for (size_t i = 0; i < ev->nfields; i++) {
        const eval_field *f = &ev->fields[i];
        if (!FIELDS[f->id].confusion)
            continue;
        jkey(&j, FIELDS[f->id].name, first);
        first = false;
        jput(&j, "[");
        for (size_t k = 0; k < f->confusion.items.len; k++) {
            const strtab_item *it = &f->confusion.items.items[k];
            const char *sep = memchr(it->key, '\x1F', it->len);
            if (k)
                jput(&j, ",");
            jput(&j, "{");
            jkey(&j, "gold", true);
            jstrn(&j, it->key, (size_t)(sep - it->key));
            jkey(&j, "predicted", false);
            jstrn(&j, sep + 1, it->len - (size_t)(sep - it->key) - 1);
            jkey(&j, "rows", false);
            jnum(&j, (double)it->value, true);
            jput(&j, "}");
        }
        jput(&j, "]");
    }
    jput(&j, "}");

    if (ev->keep_misses) {
        jkey(&j, "misses", false);
        jput(&j, "[");
        for (size_t i = 0; i < ev->misses.len; i++) {
            const eval_miss *m = &ev->misses.items[i];
            const eval_pred *p = &ev->preds.items[m->pred];
            if (i)
                jput(&j, ",");
            jput(&j, "{");
            jkey(&j, "row", true);
            jnum(&j, (double)m->row, true);
            jkey(&j, "line", false);
            jnum(&j, (double)m->line, true);
            jkey(&j, "id", false);
            jstr(&j, m->id);
            jkey(&j, "field", false);
            jstr(&j, FIELDS[m->field].name);
            jkey(&j, "gold", false);
            jstr(&j, m->gold);
            jkey(&j, "predicted", false);
            jstr(&j, m->predicted);
            jkey(&j, "evidence", false);
            jput(&j, "[");
            bool efirst = true;
            for (size_t k = 0; k < p->nevidence; k++) {
                const eval_evidence *e = &p->evidence[k];
                if (!(e->fields & (1u << m->field)))
                    continue;
                if (!efirst)
                    jput(&j, ",");
                efirst = false;
                jput(&j, "{");
                jkey(&j, "kind", true);
                jstr(&j, e->what);
                jkey(&j, "value", false);
                jstr(&j, e->value);
                if (e->words) {
                    jkey(&j, "start", false);
                    jnum(&j, e->start, true);
                    jkey(&j, "end", false);
                    jnum(&j, e->end, true);
                    jkey(&j, "text", false);
                    jstr(&j, e->words);
                    jkey(&j, "context", false);
                    jstr(&j, e->snippet);
                    jkey(&j, "rule", false);
                    jstr(&j, e->rule);
                }
                jput(&j, "}");
            }
            jput(&j, "]");
            jput(&j, "}");
        }
        jput(&j, "]");
    }
    jkey(&j, "warnings", false);
    jput(&j, "[");
    for (size_t i = 0; i < ev->warnings.len; i++) {
        if (i)
            jput(&j, ",");
        jstr(&j, ev->warnings.items[i]);
    }
    jput(&j, "]}\n");
    if (j.st == SITREP_OK)
        fwrite(j.b.data, 1, j.b.len, fp);
    sr_buf_free(&j.b);
    return j.st;
}

sitrep_status sitrep_eval_write(const sitrep_eval *ev, sitrep_eval_format format, unsigned flags, FILE *fp)
{
    if (format == SITREP_EVAL_JSON) {
        sitrep_status st = write_json(ev, fp);
        if (st != SITREP_OK)
            return st;
    } else {
        write_text(ev, flags, fp);
    }
    return ferror(fp) ? SITREP_EIO : SITREP_OK;
}
