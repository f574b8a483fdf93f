/* dates.c - date expressions, absolute and relative to the publication day.
 *
 * One pass over the tokens. At each token the readers below try, in a fixed
 * order, the shapes of dates.h; each reader moves forward a bounded number of
 * tokens, so the work is linear in the text. Date words come from the
 * lexicon stage's mentions of data/dates.txt (looked up by binary search),
 * the one-word function words around them from a switch on the folded token.
 */
#include "dates.h"

#include "segment.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- the words of a date ---- */

typedef enum wtype {
    W_NONE, W_MONTH, W_WEEKDAY, W_REL, W_PART, W_UNIT, W_AGO, W_COUNT, W_DAYWORD,
    W_PREP, W_MOD, W_ARTICLE, W_PUBCUE, W_NOTDATE
} wtype;

enum { U_HOUR, U_DAY, U_WEEK, U_MONTH, U_YEAR };
enum { P_IN, P_ON, P_SINCE, P_BETWEEN, P_AND, P_FROM, P_TO, P_OF, P_BY, P_BEFORE, P_AFTER };
enum { M_LAST = -1, M_THIS = 0, M_NEXT = 1, M_PAST = 2 };
enum { PART_EARLY, PART_MID, PART_LATE };

typedef struct dword {
    const sr_lex_entry *e;
    uint8_t type;    /* wtype */
    int8_t value;    /* month 1-12, weekday 0-6, part, prep, mod, count */
    uint8_t ntok;
    uint8_t unit;    /* W_UNIT, W_REL */
    int8_t offset;   /* W_REL */
    int8_t from_off;
    bool has_from : 1, upto : 1, weekend : 1, abbr : 1, ambiguous : 1;
} dword;

static int unit_of(const char *v)
{
    if (!v)
        return U_DAY;
    if (!strcmp(v, "hour"))
        return U_HOUR;
    if (!strcmp(v, "week"))
        return U_WEEK;
    if (!strcmp(v, "month"))
        return U_MONTH;
    if (!strcmp(v, "year"))
        return U_YEAR;
    return U_DAY;
}

/* The attributes from_entry reads, in one pass over an entry's (the first
 * value of a key counts, as sr_lex_attr finds it): a lookup per key would
 * walk the entry's attributes again for each. */
enum { A_TYPE, A_ABBR, A_AMBIGUOUS, A_VALUE, A_UNIT, A_OFFSET, A_FROM, A_UPTO, A_WEEKEND, A_N };
static const char *const attr_keys[A_N] = {"type", "abbr", "ambiguous", "value", "unit",
                                           "offset", "from", "upto", "weekend"};

static int attr_int(const char *v, int def) { return v ? atoi(v) : def; }

/* Reads the attributes of a data/dates.txt entry. */
static bool from_entry(const sr_lex_entry *e, dword *w)
{
    const char *at[A_N] = {NULL};
    for (uint16_t i = 0; i < e->nattrs; i++)
        for (int k = 0; k < A_N; k++)
            if (e->keys[i][0] == attr_keys[k][0] && !strcmp(e->keys[i], attr_keys[k])) {
                if (!at[k])
                    at[k] = e->values[i];
                break;
            }
    const char *t = at[A_TYPE];
    if (!t)
        return false;
    w->e = e;
    w->ntok = e->ntok;
    w->abbr = attr_int(at[A_ABBR], 0) != 0;
    w->ambiguous = attr_int(at[A_AMBIGUOUS], 0) != 0;
    if (!strcmp(t, "month")) {
        w->type = W_MONTH;
        w->value = attr_int(at[A_VALUE], 0);
        return w->value >= 1 && w->value <= 12;
    }
    if (!strcmp(t, "weekday")) {
        w->type = W_WEEKDAY;
        w->value = attr_int(at[A_VALUE], -1);
        return w->value >= 0 && w->value <= 6;
    }
    if (!strcmp(t, "rel")) {
        w->type = W_REL;
        w->unit = unit_of(at[A_UNIT]);
        w->offset = attr_int(at[A_OFFSET], 0);
        const char *f = at[A_FROM];
        w->has_from = f != NULL;
        w->from_off = f ? atoi(f) : 0;
        const char *u = at[A_UPTO];
        w->upto = u && !strcmp(u, "pub");
        w->weekend = attr_int(at[A_WEEKEND], 0) != 0;
        return true;
    }
    if (!strcmp(t, "part")) {
        const char *v = at[A_VALUE];
        w->type = W_PART;
        w->value = !v ? PART_EARLY : !strcmp(v, "mid") ? PART_MID : !strcmp(v, "late") ? PART_LATE : PART_EARLY;
        return true;
    }
    if (!strcmp(t, "unit")) {
        w->type = W_UNIT;
        w->unit = unit_of(at[A_UNIT]);
        return true;
    }
    if (!strcmp(t, "ago")) {
        w->type = W_AGO;
        return true;
    }
    if (!strcmp(t, "count")) {
        w->type = W_COUNT;
        w->value = attr_int(at[A_VALUE], 1);
        return true;
    }
    if (!strcmp(t, "dayword")) {
        w->type = W_DAYWORD;
        return true;
    }
    if (!strcmp(t, "prep")) {
        const char *v = at[A_VALUE];
        w->type = W_PREP;
        w->value = v && !strcmp(v, "since") ? P_SINCE : P_OF;
        return true;
    }
    if (!strcmp(t, "pubcue")) {
        w->type = W_PUBCUE;
        return true;
    }
    if (!strcmp(t, "notdate")) {
        w->type = W_NOTDATE;
        return true;
    }
    return false;
}

/* The one-word function words around dates: prepositions, modifiers,
 * articles and small counts. A switch on the folded token keeps them out
 * of the lexicon, so that the lexicon stage does not report every "the". */
typedef struct code_entry {
    const char *word;
    uint8_t len;
    uint8_t type;
    int8_t value;
} code_entry;

#define CW(w, t, v) {w, sizeof(w) - 1, t, v}

static const code_entry code_list[] = {
    CW("a", W_COUNT, 1),       CW("an", W_COUNT, 1),       CW("and", W_PREP, P_AND),
    CW("after", W_PREP, P_AFTER), CW("by", W_PREP, P_BY),  CW("between", W_PREP, P_BETWEEN),
    CW("before", W_PREP, P_BEFORE), CW("coming", W_MOD, M_NEXT), CW("during", W_PREP, P_IN),
    CW("eight", W_COUNT, 8),   CW("eleven", W_COUNT, 11),  CW("from", W_PREP, P_FROM),
    CW("for", W_PREP, P_IN),   CW("four", W_COUNT, 4),     CW("five", W_COUNT, 5),
    CW("in", W_PREP, P_IN),    CW("last", W_MOD, M_LAST),  CW("next", W_MOD, M_NEXT),
    CW("nine", W_COUNT, 9),    CW("on", W_PREP, P_ON),     CW("of", W_PREP, P_OF),
    CW("one", W_COUNT, 1),     CW("past", W_MOD, M_PAST),  CW("since", W_PREP, P_SINCE),
    CW("six", W_COUNT, 6),     CW("seven", W_COUNT, 7),    CW("the", W_ARTICLE, 0),
    CW("to", W_PREP, P_TO),    CW("this", W_MOD, M_THIS),  CW("two", W_COUNT, 2),
    CW("three", W_COUNT, 3),   CW("ten", W_COUNT, 10),     CW("till", W_PREP, P_TO),
    CW("through", W_PREP, P_TO), CW("twelve", W_COUNT, 12), CW("until", W_PREP, P_TO),
    {NULL, 0, 0, 0},
};

/* The code words by the hash the lexicon gives a folded form
 * (sr_lex_token_hash, which the segment stage keeps per token in
 * a->tokhash): every word token is looked up, and one probe of a sparse
 * table turns most away without reading their bytes. Built once. */
#define CODE_SLOTS 256 /* a power of two, several times the number of words */
static const code_entry *code_slot[CODE_SLOTS];
static uint64_t code_hash[CODE_SLOTS];
/* By the same hash, slot h % CODE_CLASS_SLOTS: CC_PREP for the prepositions,
 * CC_MOD for the modifiers, the code words that may start reading with no
 * date word next to them (the stage's loop passes every other word far from
 * a date word at once, and a preposition that no number or modifier
 * follows). Another word may share a slot: the loop then looks closer. */
#define CODE_CLASS_SLOTS 1024
enum { CC_PREP = 1, CC_MOD = 2 };
static uint8_t code_class[CODE_CLASS_SLOTS];
static pthread_once_t code_once = PTHREAD_ONCE_INIT;

static void code_build(void)
{
    for (const code_entry *e = code_list; e->word; e++) {
        uint64_t h = sr_lex_token_hash(e->word, e->len, e->len);
        if (e->type == W_PREP || e->type == W_MOD)
            code_class[h % CODE_CLASS_SLOTS] |= e->type == W_PREP ? CC_PREP : CC_MOD;
        size_t k = h & (CODE_SLOTS - 1);
        while (code_slot[k])
            k = (k + 1) & (CODE_SLOTS - 1);
        code_slot[k] = e;
        code_hash[k] = h;
    }
}

const char *sr_dates_start_word(size_t k)
{
    for (const code_entry *e = code_list; e->word; e++)
        if ((e->type == W_PREP || e->type == W_MOD) && k-- == 0)
            return e->word;
    return NULL;
}

static inline uint64_t tok_hash(const sr_annot *a, size_t i)
{
    size_t len = a->toks.items[i].norm_len;
    return a->tokhash ? a->tokhash[i] : sr_lex_token_hash(sr_tok_norm(a, i), len, len);
}

/* Token i of a as a code word (a word token, whose folded form is then
 * compared whole). */
static inline bool code_word(const sr_annot *a, size_t i, dword *w)
{
    size_t len = a->toks.items[i].norm_len;
    if (len == 0 || len > 7)
        return false;
    const char *s = sr_tok_norm(a, i);
    uint64_t h = tok_hash(a, i);
    for (size_t k = h & (CODE_SLOTS - 1);; k = (k + 1) & (CODE_SLOTS - 1)) {
        const code_entry *e = code_slot[k];
        if (!e)
            return false;
        if (code_hash[k] == h && e->len == len && !memcmp(e->word, s, len)) {
            w->type = (wtype)e->type;
            w->value = e->value;
            w->ntok = 1;
            return true;
        }
    }
}

/* ---- context ---- */

/* A date word of the lexicon stage; its attributes are read at the first
 * look (the readers look at a token several times). */
typedef struct dm_item {
    uint32_t tok;
    uint8_t state; /* DM_UNREAD, DM_WORD (w is its date word), DM_NONE */
    const sr_lex_entry *e;
    dword w;
} dm_item;
enum { DM_UNREAD, DM_WORD, DM_NONE };

/* The attributes of the date words met, read once per thread. An entry's
 * attributes are those of its line of data/dates.txt (the lexicon's one
 * file, embedded), whichever loaded lexicon holds it: the line (and the
 * entry's length) is the key, valid across documents and lexicons. */
#define WCACHE_SIZE 256
typedef struct wslot {
    uint32_t line; /* 0: empty */
    uint16_t ntok;
    bool ok;
    dword val;
} wslot;
static _Thread_local wslot word_cache[WCACHE_SIZE];

/* With no lexicon stage (direct): the last token looked up and its date
 * word, for the readers that test one token for a weekday, then for a
 * month. */
typedef struct lookup_memo {
    size_t tok;
    const sr_lex_entry *e;
} lookup_memo;

typedef struct dctx {
    const sr_lexicon *lx;
    const sr_annot *a;
    int64_t pub; /* INT64_MIN: unknown */
    int py, pm, pd, pwd;
    sr_dmy_order order;
    dm_item *dm;       /* date-lexicon mentions of the lexicon stage, by token */
    size_t ndm;
    size_t dm_lo;      /* dm items before it lie before the token being read */
    bool direct;       /* no lexicon stage yet: look words up here */
    lookup_memo *memo; /* direct: may be NULL */
} dctx;

static inline bool has(const dctx *c, size_t i) { return i < c->a->toks.len; }
static inline const sr_token *tok(const dctx *c, size_t i) { return &c->a->toks.items[i]; }
static inline const char *norm(const dctx *c, size_t i) { return sr_tok_norm(c->a, i); }

/* Token i touches the token before it (no space). */
static inline bool joined(const dctx *c, size_t i) { return i > 0 && tok(c, i)->start == tok(c, i - 1)->end; }

static bool is_punct(const dctx *c, size_t i, const char *p)
{
    return has(c, i) && (tok(c, i)->kind == SR_TOK_PUNCT || tok(c, i)->kind == SR_TOK_SYMBOL) &&
           !strcmp(norm(c, i), p);
}

/* The date word at token i with no lexicon stage: looked up here. */
static const sr_lex_entry *direct_find(const dctx *c, size_t i)
{
    lookup_memo *m = c->memo;
    if (m && m->tok == i)
        return m->e;
    const sr_lex_entry *e = NULL;
    sr_lex_longest(c->lx, c->a, i, SR_LEX_DATES, &e);
    if (m) {
        m->tok = i;
        m->e = e;
    }
    return e;
}

/* The attributes of entry e (word_cache). */
static bool entry_word(const sr_lex_entry *e, dword *w)
{
    if (!e->line)
        return from_entry(e, w);
    wslot *s = &word_cache[e->line % WCACHE_SIZE];
    if (s->line != e->line || s->ntok != e->ntok) {
        dword v = {0};
        s->ok = from_entry(e, &v);
        s->val = v;
        s->line = e->line;
        s->ntok = e->ntok;
    }
    if (!s->ok)
        return false;
    *w = s->val;
    w->e = e;
    return true;
}

/* The date word the lexicon stage found at token i. The readers look only
 * forward from the token being read, a few tokens at most, so a short walk
 * from dm_lo finds it. */
static dm_item *dm_at(const dctx *c, size_t i)
{
    for (size_t k = c->dm_lo; k < c->ndm && c->dm[k].tok <= i; k++)
        if (c->dm[k].tok == i)
            return &c->dm[k];
    return NULL;
}

static const sr_lex_entry *dm_find(const dctx *c, size_t i)
{
    const dm_item *d = dm_at(c, i);
    return d ? d->e : NULL;
}

/* The date word of d (entry_word, read once): 1, or 0 when d's entry is
 * none; -1 when there is no d. */
static inline int dm_word(dm_item *d, dword *w)
{
    if (!d)
        return -1;
    if (d->state == DM_UNREAD)
        d->state = entry_word(d->e, &d->w) ? DM_WORD : DM_NONE;
    if (d->state != DM_WORD)
        return 0;
    *w = d->w;
    return 1;
}

/* The same for the date word looked up at token i (direct). */
static inline int direct_word(const dctx *c, size_t i, dword *w)
{
    const sr_lex_entry *e = direct_find(c, i);
    return e ? entry_word(e, w) : -1;
}

/* The date word at token i. Months must be capitalised; weekday
 * abbreviations too. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline bool word(const dctx *c, size_t i, dword *w)
{
    *w = (dword){0};
    if (!has(c, i))
        return false;
    const sr_token *t = tok(c, i);
    if (t->kind != SR_TOK_WORD && t->kind != SR_TOK_SYMBOL)
        return false;
    int found = c->direct ? direct_word(c, i, w) : dm_word(dm_at(c, i), w);
    if (found >= 0) {
        if (!found)
            return false;
        bool cap = (t->flags & SR_TF_CAP) != 0;
        if (w->type == W_MONTH && !cap)
            return false; /* "may be", "a march" */
        if (w->type == W_WEEKDAY && w->abbr && !cap)
            return false; /* "sun", "sat" */
        return true;
    }
    return t->kind == SR_TOK_WORD && code_word(c->a, i, w);
}

/* May the modifier at token i ("this", "last") read on (read_mod)? Only
 * into a date word right after it, or through a count ("the past three
 * days": a number, a count word, a number the segmenter read from words).
 * Most modifiers are followed by none ("this attack"). */
static bool mod_may_read(const dctx *c, size_t i)
{
    size_t j = i + 1;
    if (!has(c, j))
        return false;
    if (c->direct || dm_find(c, j) || tok(c, j)->kind == SR_TOK_NUMBER)
        return true;
    dword w;
    if (tok(c, j)->kind == SR_TOK_WORD && code_word(c->a, j, &w) && w.type == W_COUNT)
        return true;
    return sr_number_at(c->a, j) >= 0;
}

/* Can read_point(c, j, ...) read nothing at j, known from tokens j and
 * j + 1 alone? So when j is no number, carries no date word of the lexicon
 * stage, is no modifier that reads on ("last week", mod_may_read), and no
 * date word follows it ("three weeks"; a count word reads on into nothing
 * else: "a week ago"). */
static bool no_point_at(const dctx *c, size_t j)
{
    if (c->direct || !has(c, j))
        return !has(c, j);
    const sr_token *t = tok(c, j);
    if (t->kind == SR_TOK_NUMBER || dm_find(c, j) || dm_find(c, j + 1))
        return false;
    dword w;
    if (t->kind == SR_TOK_WORD && code_word(c->a, j, &w))
        return w.type != W_MOD || !mod_may_read(c, j);
    return true;
}

/* Is token i a unit word ("days") of data/dates.txt? (No function-word
 * lookup: a quick test for the tokens after an unknown word.) */
static bool lex_unit_at(const dctx *c, size_t i)
{
    if (!has(c, i) || tok(c, i)->kind != SR_TOK_WORD)
        return false;
    if (!c->direct) {
        /* the date word's type, as from_entry read it */
        dword w;
        return dm_word(dm_at(c, i), &w) > 0 && w.type == W_UNIT;
    }
    const sr_lex_entry *e = direct_find(c, i);
    const char *t = e ? sr_lex_attr(e, "type") : NULL;
    return t && !strcmp(t, "unit");
}

static bool word_is(const dctx *c, size_t i, wtype type, dword *w)
{
    return word(c, i, w) && w->type == type;
}

/* ---- numbers ---- */

/* A token of plain digits (no separator): its value, and its number of
 * digits in *nd; -1 when the token is not one. */
static long plain_digits(const dctx *c, size_t i, int *nd)
{
    *nd = 0;
    if (!has(c, i) || tok(c, i)->kind != SR_TOK_NUMBER)
        return -1;
    const char *s = c->a->text + tok(c, i)->start;
    size_t n = tok(c, i)->end - tok(c, i)->start;
    if (n == 0 || n > 9)
        return -1;
    long v = 0;
    for (size_t k = 0; k < n; k++) {
        if (!sr_isdigit((unsigned char)s[k]))
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    *nd = (int)n;
    return v;
}

/* A victim-group word ("people", "civilians") right after a number makes
 * it a count, not a day or a year. */
static bool count_follows(const dctx *c, size_t i)
{
    if (!has(c, i) || tok(c, i)->kind != SR_TOK_WORD)
        return false;
    const sr_lex_entry *e;
    return sr_lex_longest(c->lx, c->a, i, SR_LEX_GROUPS, &e) > 0;
}

/* A day of the month at token i: "16", "16th", "1st". Returns the token
 * after it (0: none); *ordinal says whether a suffix was read. */
static size_t read_day(const dctx *c, size_t i, int *d, bool *ordinal)
{
    int nd;
    long v = plain_digits(c, i, &nd);
    if (v < 1 || v > 31 || nd > 2)
        return 0;
    size_t j = i + 1;
    *ordinal = false;
    if (has(c, j) && tok(c, j)->kind == SR_TOK_WORD && joined(c, j)) {
        const char *s = norm(c, j);
        if (!strcmp(s, "st") || !strcmp(s, "nd") || !strcmp(s, "rd") || !strcmp(s, "th")) {
            j++;
            *ordinal = true;
        } else {
            return 0; /* "16km" */
        }
    }
    /* a time ("10:30") is not a day */
    if (has(c, j) && joined(c, j) && is_punct(c, j, ":"))
        return 0;
    *d = (int)v;
    return j;
}

static size_t read_year(const dctx *c, size_t i, int *y)
{
    int nd;
    long v = plain_digits(c, i, &nd);
    if (nd != 4 || v < 1900 || v > 2099)
        return 0;
    if (has(c, i + 1) && joined(c, i + 1) && tok(c, i + 1)->kind == SR_TOK_WORD)
        return 0; /* "2016s", "2016th" */
    *y = (int)v;
    return i + 1;
}

/* "232017" after a month: a day and a year that lost their space. */
static size_t read_glued(const dctx *c, size_t i, int *d, int *y)
{
    int nd;
    long v = plain_digits(c, i, &nd);
    if (nd != 5 && nd != 6)
        return 0;
    int yy = (int)(v % 10000), dd = (int)(v / 10000);
    if (yy < 1900 || yy > 2099 || dd < 1 || dd > 31)
        return 0;
    *d = dd;
    *y = yy;
    return i + 1;
}

/* A dash between two numbers: token i+1 is the second number, joined by a
 * hyphen (the SR_TF_HYPHEN flag), or tokens i+1, i+2 are a "-" (or sep) and
 * the number, with no spaces. Returns the second number's index, or 0. */
static size_t num_after_sep(const dctx *c, size_t i, char *sep)
{
    size_t j = i + 1;
    if (!has(c, j))
        return 0;
    const sr_token *t = tok(c, j);
    if (t->kind == SR_TOK_NUMBER && (t->flags & SR_TF_HYPHEN) && !(t->flags & SR_TF_SPACE) &&
        t->start == tok(c, i)->end + 1) {
        if (*sep && *sep != '-')
            return 0;
        *sep = '-';
        return j;
    }
    if ((t->kind == SR_TOK_PUNCT || t->kind == SR_TOK_SYMBOL) && joined(c, j) && has(c, j + 1) &&
        tok(c, j + 1)->kind == SR_TOK_NUMBER && joined(c, j + 1)) {
        const char *s = norm(c, j);
        char ch = !strcmp(s, "-") ? '-' : !strcmp(s, "/") ? '/' : 0;
        if (!ch || (*sep && *sep != ch))
            return 0;
        *sep = ch;
        return j + 1;
    }
    return 0;
}

/* ---- calendar ---- */

static int64_t days_of(int y, int m, int d) { return sr_days_from_civil(y, m, d); }

static void month_range(int y, int m, int64_t *from, int64_t *to)
{
    *from = days_of(y, m, 1);
    *to = days_of(y, m, sr_days_in_month(y, m));
}

static void add_months(int *y, int *m, int k)
{
    int t = *y * 12 + (*m - 1) + k;
    *y = t / 12;
    *m = t % 12 + 1;
}

static int64_t monday_of(int64_t day) { return day - (sr_weekday(day) + 6) % 7; }

/* The latest year that puts month m, day d no later than 3 days after
 * publication ("November 27" in a December 2016 article is 2016-11-27). */
static int latest_year(const dctx *c, int m, int d)
{
    for (int y = c->py + 1; y > c->py - 8; y--)
        if (sr_date_valid(y, m, d) && days_of(y, m, d) <= c->pub + 3)
            return y;
    return c->py;
}

/* ---- results ---- */

typedef struct dres {
    size_t end;                  /* token after the expression */
    int64_t from, to;
    uint8_t prec, relative, resolved;
    const char *rule;
    /* a month name with no year ("March" in "between March and May 2016"):
     * the month and days, so that the other end of a range can lend its year */
    bool yearless;
    int m, d, d2, year; /* year: the year that was given, 0 if none */
    int wd1;            /* a weekday told alone ("Sunday"): 1 + its number (0 = Sunday), else 0 */
} dres;

static void set_day(dres *r, int64_t day)
{
    r->from = r->to = day;
    r->prec = SITREP_PREC_DAY;
    r->resolved = 1;
}

static void unresolved(dres *r, uint8_t prec)
{
    r->from = r->to = 0;
    r->prec = prec;
    r->relative = 1;
    r->resolved = 0;
}

/* Fills r's dates for month m (day d..d2, or the whole month when d = 0) of
 * year y. False when the date does not exist. */
static bool calendar(dres *r, int y, int m, int d, int d2)
{
    if (d) {
        if (!sr_date_valid(y, m, d) || (d2 && !sr_date_valid(y, m, d2)))
            return false;
        r->from = days_of(y, m, d);
        r->to = d2 ? days_of(y, m, d2) : r->from;
        r->prec = SITREP_PREC_DAY;
    } else {
        month_range(y, m, &r->from, &r->to);
        r->prec = SITREP_PREC_MONTH;
    }
    r->resolved = 1;
    return true;
}

/* A month name with no year, resolved against publication (or the year
 * lent by the other end of a range). */
static bool resolve_yearless(const dctx *c, dres *r, int year_hint)
{
    r->yearless = true;
    if (year_hint) {
        r->relative = 0;
        return calendar(r, year_hint, r->m, r->d, r->d2);
    }
    r->relative = 1;
    if (c->pub == INT64_MIN) {
        if (r->d && r->d > 29 && r->d > sr_days_in_month(2000, r->m))
            return false;
        unresolved(r, r->d ? SITREP_PREC_DAY : SITREP_PREC_MONTH);
        return true;
    }
    /* a range of days must end no later than 3 days after publication */
    return calendar(r, latest_year(c, r->m, r->d2 ? r->d2 : r->d ? r->d : 1), r->m, r->d, r->d2);
}

/* ---- absolute dates ---- */

/* All-digit dates: "2016-12-16", "10-07-2016", "21.02.2015", "10/07/2016". */
static bool read_numeric(const dctx *c, size_t i, dres *r)
{
    if (!has(c, i) || tok(c, i)->kind != SR_TOK_NUMBER)
        return false;
    /* not in the middle of a longer run of numbers */
    if (i > 0 && (tok(c, i)->flags & SR_TF_HYPHEN) && !(tok(c, i)->flags & SR_TF_SPACE) &&
        tok(c, i - 1)->kind == SR_TOK_NUMBER)
        return false;
    long p[3] = {0};
    int nd[3] = {0};
    char sep = 0;
    size_t end;
    const char *s = c->a->text + tok(c, i)->start;
    size_t n = tok(c, i)->end - tok(c, i)->start;
    if (memchr(s, '.', n)) {
        /* one token "21.02.2015" */
        int part = 0;
        for (size_t k = 0; k < n; k++) {
            if (s[k] == '.') {
                if (++part > 2)
                    return false;
            } else if (sr_isdigit((unsigned char)s[k])) {
                p[part] = p[part] * 10 + (s[k] - '0');
                if (++nd[part] > 4)
                    return false;
            } else {
                return false;
            }
        }
        if (part != 2)
            return false;
        sep = '.';
        end = i + 1;
    } else {
        p[0] = plain_digits(c, i, &nd[0]);
        size_t j1 = num_after_sep(c, i, &sep);
        if (p[0] < 0 || !j1)
            return false;
        p[1] = plain_digits(c, j1, &nd[1]);
        size_t j2 = num_after_sep(c, j1, &sep);
        if (p[1] < 0 || !j2)
            return false;
        p[2] = plain_digits(c, j2, &nd[2]);
        if (p[2] < 0)
            return false;
        end = j2 + 1;
        /* a fourth part: a phone number or a code, not a date */
        char sep2 = sep;
        if (num_after_sep(c, j2, &sep2))
            return false;
    }
    int y, m, d;
    if (nd[0] == 4 && nd[1] <= 2 && nd[2] <= 2) {
        y = (int)p[0], m = (int)p[1], d = (int)p[2];
        r->rule = "date.iso";
    } else if (nd[2] == 4 && nd[0] <= 2 && nd[1] <= 2) {
        y = (int)p[2];
        bool dmy_ok = p[1] >= 1 && p[1] <= 12 && p[0] >= 1 && p[0] <= 31;
        bool mdy_ok = p[0] >= 1 && p[0] <= 12 && p[1] >= 1 && p[1] <= 31;
        bool dmy;
        if (dmy_ok && !mdy_ok)
            dmy = true;
        else if (mdy_ok && !dmy_ok)
            dmy = false;
        else if (!dmy_ok)
            return false;
        else
            dmy = c->order != SR_ORDER_MDY; /* day first unless the outlet writes month first */
        if (dmy)
            d = (int)p[0], m = (int)p[1];
        else
            m = (int)p[0], d = (int)p[1];
        r->rule = dmy ? "date.numeric_dmy" : "date.numeric_mdy";
    } else {
        return false;
    }
    if (y < 1900 || y > 2099 || !sr_date_valid(y, m, d))
        return false;
    r->end = end;
    r->relative = 0;
    r->year = y;
    set_day(r, days_of(y, m, d));
    return true;
}

/* A month name at token i. Returns the token after it and after the period
 * of an abbreviation ("Dec."), where the next part of the date starts;
 * *wend is the token after the name alone, where a date that ends with the
 * month ends (the period may end the sentence). */
static size_t read_month(const dctx *c, size_t i, int *m, bool *abbr, bool *ambig, size_t *wend)
{
    dword w;
    if (!word_is(c, i, W_MONTH, &w))
        return 0;
    size_t j = i + (size_t)w.ntok;
    *wend = j;
    if (w.abbr && is_punct(c, j, ".") && joined(c, j))
        j++;
    *m = w.value;
    *abbr = w.abbr;
    *ambig = w.ambiguous;
    return j;
}

/* A second day that ends a range after the day before token j: "12-13",
 * "12 to 13", "12 and 13". Returns the token after it, or 0. */
static size_t read_day_range_end(const dctx *c, size_t j, int d1, int *d2)
{
    if (!has(c, j))
        return 0;
    size_t k = 0;
    const sr_token *t = tok(c, j);
    dword w;
    if (t->kind == SR_TOK_NUMBER && (t->flags & SR_TF_HYPHEN) && !(t->flags & SR_TF_SPACE))
        k = j;
    else if (is_punct(c, j, "-"))
        k = j + 1;
    else if (word_is(c, j, W_PREP, &w) && (w.value == P_TO || w.value == P_AND))
        k = j + 1;
    if (!k)
        return 0;
    bool ord;
    size_t e = read_day(c, k, d2, &ord);
    if (!e || *d2 <= d1)
        return 0;
    return e;
}

/* Dates with a month name: [weekday[,]] Month D[, YYYY] | [weekday[,]] D
 * Month [YYYY] | Month YYYY | Month (after a date word: ctx). Sets r's
 * dates (resolving a missing year against publication). */
/* The token after weekday w at token i, its period and a comma: "Wed.,". */
static size_t after_weekday(const dctx *c, size_t i, const dword *w)
{
    size_t j = i + (size_t)w->ntok;
    if (w->abbr && is_punct(c, j, ".") && joined(c, j))
        j++;
    if (is_punct(c, j, ","))
        j++;
    return j;
}

static bool read_named(const dctx *c, size_t i, bool ctx, dres *r)
{
    size_t j = i;
    bool weekday = false;
    dword w;
    if (word_is(c, j, W_WEEKDAY, &w)) {
        weekday = true;
        j = after_weekday(c, i, &w);
    }
    int m = 0, d = 0, d2 = 0, y = 0;
    bool abbr, ambig, ord;
    size_t k, k2, k3, wend;
    memset(r, 0, sizeof *r);
    if ((k = read_month(c, j, &m, &abbr, &ambig, &wend))) {
        if ((k2 = read_day(c, k, &d, &ord))) {
            size_t kr = read_day_range_end(c, k2, d, &d2);
            if (kr)
                k2 = kr;
            k3 = k2;
            if (is_punct(c, k3, ","))
                k3++;
            size_t ky = read_year(c, k3, &y);
            if (ky) {
                r->end = ky;
                r->rule = "date.month_day_year";
            } else if (count_follows(c, k2)) {
                d = 0; /* "In September 12 people were killed": a count */
            } else {
                r->end = k2;
                r->rule = "date.month_day";
            }
        } else if ((k2 = read_glued(c, k, &d, &y))) {
            r->end = k2;
            r->rule = "date.glued_day_year";
        }
        if (!d) {
            k3 = k;
            if (is_punct(c, k3, ","))
                k3++;
            if ((k2 = read_year(c, k3, &y)) && !count_follows(c, k2)) {
                r->end = k2;
                r->rule = "date.month_year";
            } else {
                /* a month alone: never an abbreviation, never after a
                 * weekday, and only after a date word */
                if (weekday || abbr || !ctx)
                    return false;
                y = 0;
                r->end = wend;
                r->rule = "date.month";
            }
        }
    } else if ((k = read_day(c, j, &d, &ord))) {
        size_t kr = read_day_range_end(c, k, d, &d2);
        if (kr)
            k = kr;
        dword wo;
        if (ord && word_is(c, k, W_PREP, &wo) && wo.value == P_OF)
            k++;
        if (!(k2 = read_month(c, k, &m, &abbr, &ambig, &wend)))
            return false;
        k3 = k2;
        if (is_punct(c, k3, ","))
            k3++;
        size_t ky = read_year(c, k3, &y);
        if (ky) {
            r->end = ky;
            r->rule = "date.day_month_year";
        } else {
            r->end = wend;
            r->rule = "date.day_month";
        }
    } else {
        return false;
    }
    r->m = m;
    r->d = d;
    r->d2 = d2;
    r->year = y;
    if (y) {
        r->relative = 0;
        return calendar(r, y, m, d, d2);
    }
    return resolve_yearless(c, r, 0);
}

/* "in 2012"; "2011-2015", "2014-15" (no context needed for a range). */
static bool read_years(const dctx *c, size_t i, bool ctx, dres *r)
{
    int y;
    size_t k = read_year(c, i, &y);
    if (!k)
        return false;
    memset(r, 0, sizeof *r);
    char sep = 0;
    size_t j = num_after_sep(c, i, &sep);
    if (j && sep == '-') {
        int nd;
        long v = plain_digits(c, j, &nd);
        int y2 = nd == 4 ? (int)v : nd == 2 ? y / 100 * 100 + (int)v : 0;
        if (y2 > y && y2 <= 2099) {
            r->from = days_of(y, 1, 1);
            r->to = days_of(y2, 12, 31);
            r->prec = SITREP_PREC_YEAR;
            r->resolved = 1;
            r->end = j + 1;
            r->rule = "date.year_range";
            return true;
        }
    }
    if (!ctx || count_follows(c, k))
        return false;
    r->from = days_of(y, 1, 1);
    r->to = days_of(y, 12, 31);
    r->prec = SITREP_PREC_YEAR;
    r->resolved = 1;
    r->year = y;
    r->end = k;
    r->rule = "date.year";
    return true;
}

/* ---- relative dates ---- */

static bool pub_known(const dctx *c) { return c->pub != INT64_MIN; }

/* A type=rel entry of data/dates.txt: "yesterday", "last week". */
static void rel_resolve(const dctx *c, const dword *w, dres *r)
{
    static const uint8_t prec_of[] = {SITREP_PREC_DAY, SITREP_PREC_DAY, SITREP_PREC_WEEK, SITREP_PREC_MONTH,
                                      SITREP_PREC_YEAR};
    r->rule = sr_lex_rule(w->e);
    r->relative = 1;
    if (!pub_known(c)) {
        unresolved(r, prec_of[w->unit]);
        return;
    }
    r->resolved = 1;
    r->prec = prec_of[w->unit];
    switch (w->unit) {
    case U_HOUR:
    case U_DAY:
        r->to = c->pub + w->offset;
        r->from = w->has_from ? c->pub + w->from_off : r->to;
        break;
    case U_WEEK:
        if (w->weekend) {
            /* the most recent Saturday on or before publication */
            int64_t sat = c->pub - (c->pwd + 1) % 7;
            if (w->offset < 0 && (c->pwd == 6 || c->pwd == 0))
                sat -= 7;
            r->from = sat;
            r->to = sat + 1;
        } else {
            r->from = monday_of(c->pub + 7 * w->offset);
            r->to = r->from + 6;
        }
        break;
    case U_MONTH: {
        int y = c->py, m = c->pm;
        add_months(&y, &m, w->offset);
        month_range(y, m, &r->from, &r->to);
        break;
    }
    case U_YEAR:
        r->from = days_of(c->py + w->offset, 1, 1);
        r->to = days_of(c->py + w->offset, 12, 31);
        break;
    }
    if (w->upto && c->pub >= r->from)
        r->to = c->pub;
}

/* [last|this|next] Weekday [night|morning...]: the most recent such day on
 * or before publication (news tells the past); "last": strictly before;
 * "next": strictly after. */
static bool weekday_at(const dctx *c, size_t i, const dword *wd, int mod, dres *r);

static bool read_weekday(const dctx *c, size_t i, int mod, dres *r)
{
    dword w;
    if (!word_is(c, i, W_WEEKDAY, &w))
        return false;
    return weekday_at(c, i, &w, mod, r);
}

/* read_weekday past its look at token i, whose date word wd is a weekday. */
static bool weekday_at(const dctx *c, size_t i, const dword *wd, int mod, dres *r)
{
    dword w = *wd;
    if (w.abbr)
        return false;
    size_t j = i + (size_t)w.ntok;
    dword dw;
    if (word_is(c, j, W_DAYWORD, &dw))
        j += (size_t)dw.ntok;
    memset(r, 0, sizeof *r);
    r->end = j;
    r->relative = 1;
    r->wd1 = mod == M_THIS ? w.value + 1 : 0;
    r->rule = mod == M_LAST ? "date.weekday_last" : mod == M_NEXT ? "date.weekday_next" : "date.weekday_past";
    if (!pub_known(c)) {
        unresolved(r, SITREP_PREC_DAY);
        return true;
    }
    int back = (c->pwd - w.value + 7) % 7;
    if (mod == M_NEXT) {
        int fwd = (w.value - c->pwd + 7) % 7;
        set_day(r, c->pub + (fwd ? fwd : 7));
    } else if (mod == M_LAST) {
        set_day(r, c->pub - (back ? back : 7));
    } else {
        set_day(r, c->pub - back);
    }
    return true;
}

/* A small count at token i: "two", "a", "3", a number the segmenter read
 * from words. Returns the token after it, 0 when none. */
static size_t read_count(const dctx *c, size_t i, long *n)
{
    if (!has(c, i))
        return 0;
    dword w;
    if (word_is(c, i, W_COUNT, &w)) {
        *n = w.value;
        return i + (size_t)w.ntok;
    }
    int nd;
    long v = plain_digits(c, i, &nd);
    if (v > 0 && nd <= 3) {
        *n = v;
        return i + 1;
    }
    long k = sr_number_at(c->a, i);
    if (k >= 0) {
        const sr_number *num = &c->a->nums.items[k];
        if (!(num->flags & (SR_NF_VAGUE | SR_NF_DECIMAL | SR_NF_ORDINAL)) && num->value >= 1 && num->value <= 999) {
            *n = (long)num->value;
            return num->tok_end;
        }
    }
    return 0;
}

/* COUNT UNIT ago: "two days ago", "a week ago" - the day, or the calendar
 * week, month or year, that lies that far before publication. */
static bool read_ago(const dctx *c, size_t i, dres *r)
{
    long n;
    size_t j = read_count(c, i, &n);
    dword wu, wa;
    if (!j || !lex_unit_at(c, j) || !word_is(c, j, W_UNIT, &wu) || !word_is(c, j + (size_t)wu.ntok, W_AGO, &wa))
        return false;
    memset(r, 0, sizeof *r);
    r->end = j + (size_t)wu.ntok + (size_t)wa.ntok;
    r->relative = 1;
    r->rule = "date.ago";
    static const uint8_t prec_of[] = {SITREP_PREC_DAY, SITREP_PREC_DAY, SITREP_PREC_WEEK, SITREP_PREC_MONTH,
                                      SITREP_PREC_YEAR};
    if (!pub_known(c)) {
        unresolved(r, prec_of[wu.unit]);
        return true;
    }
    r->resolved = 1;
    r->prec = prec_of[wu.unit];
    switch (wu.unit) {
    case U_HOUR:
        r->from = r->to = c->pub - n / 24;
        break;
    case U_DAY:
        r->from = r->to = c->pub - n;
        break;
    case U_WEEK:
        r->from = monday_of(c->pub - 7 * n);
        r->to = r->from + 6;
        break;
    case U_MONTH: {
        int y = c->py, m = c->pm;
        add_months(&y, &m, (int)-n);
        month_range(y, m, &r->from, &r->to);
        break;
    }
    case U_YEAR:
        r->from = days_of(c->py - (int)n, 1, 1);
        r->to = days_of(c->py - (int)n, 12, 31);
        break;
    }
    return true;
}

/* After "last", "past", "this", "next": a weekday, a month name, or a span
 * ("the past three days", "the last 24 hours", "the past week"). */
static bool read_mod(const dctx *c, size_t i, dres *r)
{
    dword wm;
    if (!word_is(c, i, W_MOD, &wm))
        return false;
    size_t j = i + 1;
    int mod = wm.value;
    if (read_weekday(c, j, mod == M_PAST ? M_LAST : mod, r))
        return true;
    int m;
    bool abbr, ambig;
    size_t wend;
    size_t k = read_month(c, j, &m, &abbr, &ambig, &wend);
    if (k && !abbr) {
        memset(r, 0, sizeof *r);
        r->end = wend;
        r->relative = 1;
        r->m = m;
        r->rule = mod == M_NEXT ? "date.next_month_name" : mod == M_THIS ? "date.this_month_name"
                                                                         : "date.last_month_name";
        if (!pub_known(c)) {
            unresolved(r, SITREP_PREC_MONTH);
            return true;
        }
        int y = c->py;
        if (mod == M_LAST || mod == M_PAST)
            y = m < c->pm ? c->py : c->py - 1;
        else if (mod == M_NEXT)
            y = m > c->pm ? c->py : c->py + 1;
        month_range(y, m, &r->from, &r->to);
        r->prec = SITREP_PREC_MONTH;
        r->resolved = 1;
        return true;
    }
    if (mod != M_LAST && mod != M_PAST)
        return false;
    /* a span that ends on the publication day */
    long n = 1;
    size_t ju = read_count(c, j, &n);
    if (!ju) {
        if (mod != M_PAST)
            return false; /* "the last day of ..." is not a span */
        ju = j;
        n = 1;
    }
    dword wu;
    if (!word_is(c, ju, W_UNIT, &wu))
        return false;
    memset(r, 0, sizeof *r);
    r->end = ju + (size_t)wu.ntok;
    r->relative = 1;
    r->rule = "date.past_span";
    static const uint8_t prec_of[] = {SITREP_PREC_DAY, SITREP_PREC_DAY, SITREP_PREC_WEEK, SITREP_PREC_MONTH,
                                      SITREP_PREC_YEAR};
    if (!pub_known(c)) {
        unresolved(r, prec_of[wu.unit]);
        return true;
    }
    r->to = c->pub;
    r->prec = prec_of[wu.unit];
    r->resolved = 1;
    switch (wu.unit) {
    case U_HOUR:
        r->from = c->pub - (n + 23) / 24;
        break;
    case U_DAY:
        r->from = c->pub - n;
        break;
    case U_WEEK:
        r->from = c->pub - 7 * n;
        break;
    case U_MONTH: {
        int y = c->py, mm = c->pm, d = c->pd;
        add_months(&y, &mm, (int)-n);
        if (d > sr_days_in_month(y, mm))
            d = sr_days_in_month(y, mm);
        r->from = days_of(y, mm, d);
        break;
    }
    case U_YEAR:
        r->from = sr_date_valid(c->py - (int)n, c->pm, c->pd) ? days_of(c->py - (int)n, c->pm, c->pd)
                                                               : days_of(c->py - (int)n, c->pm, 28);
        break;
    }
    return true;
}

/* early|mid|late + a month, a year, "last year"/"this month", a weekday:
 * "early January", "mid-2015", "late last year", "late Monday". */
static bool read_part(const dctx *c, size_t i, dres *r)
{
    dword wp;
    if (!word_is(c, i, W_PART, &wp))
        return false;
    size_t j = i + (size_t)wp.ntok;
    int part = wp.value;
    dres x;
    int y;
    bool year_range = false;
    int ym = 0, mm = 0; /* the year and month narrowed, when known */
    dword w;
    if (read_year(c, j, &y)) {
        if (read_years(c, j, true, &x) && x.rule && !strcmp(x.rule, "date.year_range"))
            return false; /* "early 2011-2015": leave it to the range reader */
        x.end = j + 1;
        ym = y;
        year_range = true;
        x.relative = 0;
    } else if (word_is(c, j, W_REL, &w) && (w.unit == U_MONTH || w.unit == U_YEAR) && !w.upto) {
        memset(&x, 0, sizeof x);
        rel_resolve(c, &w, &x);
        x.end = j + (size_t)w.ntok;
        if (x.resolved) {
            int yy, m1, dd;
            sr_civil_from_days(x.from, &yy, &m1, &dd);
            ym = yy;
            if (w.unit == U_MONTH)
                mm = m1;
            else
                year_range = true;
        } else {
            *r = x;
            r->rule = "date.part";
            return true;
        }
    } else if (word_is(c, j, W_WEEKDAY, &w)) {
        if (!read_weekday(c, j, M_THIS, r))
            return false;
        return true; /* "late Monday": the day */
    } else if (read_named(c, j, true, &x) && x.d == 0) {
        if (!x.resolved) {
            *r = x;
            r->rule = "date.part";
            return true;
        }
        int yy, dd;
        sr_civil_from_days(x.from, &yy, &mm, &dd);
        ym = yy;
    } else {
        return false;
    }
    memset(r, 0, sizeof *r);
    r->end = x.end;
    r->relative = x.relative;
    r->resolved = 1;
    r->rule = "date.part";
    if (year_range) {
        static const int first[] = {1, 5, 9}, last[] = {4, 8, 12};
        r->from = days_of(ym, first[part], 1);
        r->to = days_of(ym, last[part], sr_days_in_month(ym, last[part]));
        r->prec = SITREP_PREC_YEAR;
    } else {
        static const int first[] = {1, 11, 21};
        int lastd = part == PART_EARLY ? 10 : part == PART_MID ? 20 : sr_days_in_month(ym, mm);
        r->from = days_of(ym, mm, first[part]);
        r->to = days_of(ym, mm, lastd);
        r->prec = SITREP_PREC_MONTH;
    }
    return true;
}

/* May a date start at the number at token i, as far as the readers of
 * read_point can tell? Each of them needs one of: a separator that joins
 * the number to another ("2016-12-16", "2011-2015"), a token that is not
 * plain digits ("21.02.2015"), four digits after a date word ("in 2012"),
 * a date word of the lexicon stage right after a small count (the unit of
 * "3 days ago"), or within DAY_MONTH_REACH tokens after a day (the month of
 * "16th - 18th of December": ordinal, range of days, "of"). Most numbers
 * in the news are counts with none of these: they are refused here, before
 * the readers each look again. */
#define DAY_MONTH_REACH 6
static bool number_may_start(const dctx *c, size_t i, bool ctx)
{
    if (c->direct)
        return true; /* no date words found ahead: the readers look them up */
    int nd;
    long v = plain_digits(c, i, &nd);
    if (v < 0)
        return true;
    char sep = 0;
    if (num_after_sep(c, i, &sep))
        return true;
    if (ctx && nd == 4)
        return true;
    size_t reach = 0;
    if (v > 0 && nd <= 3) {
        reach = v <= 31 && nd <= 2 ? DAY_MONTH_REACH : 1;
    } else {
        /* read_count then reads the number the segmenter read on from it */
        long k = sr_number_at(c->a, i);
        if (k < 0)
            return false;
        const sr_number *num = &c->a->nums.items[k];
        if ((num->flags & (SR_NF_VAGUE | SR_NF_DECIMAL | SR_NF_ORDINAL)) || num->value < 1 || num->value > 999)
            return false;
        reach = num->tok_end > i ? num->tok_end - i : 0;
    }
    size_t k = c->dm_lo;
    while (k < c->ndm && c->dm[k].tok <= i)
        k++;
    return k < c->ndm && c->dm[k].tok <= i + reach;
}

/* One date expression that starts at token i (no leading preposition).
 * ctx: a date word came before it, so that a month or a year alone is a
 * date ("in August", "since 2011"). */
static bool read_point_word(const dctx *c, size_t i, bool ctx, dres *r, const dword *wd);

static bool read_point(const dctx *c, size_t i, bool ctx, dres *r)
{
    if (!has(c, i))
        return false;
    memset(r, 0, sizeof *r);
    const sr_token *t = tok(c, i);
    if (t->kind == SR_TOK_NUMBER)
        return number_may_start(c, i, ctx) &&
               (read_numeric(c, i, r) || read_named(c, i, ctx, r) || read_years(c, i, ctx, r) ||
                read_ago(c, i, r));
    dword w;
    if (!word(c, i, &w)) {
        /* a number in words: "three weeks ago" */
        if (t->kind == SR_TOK_WORD && lex_unit_at(c, i + 1))
            return read_ago(c, i, r);
        return false;
    }
    return read_point_word(c, i, ctx, r, &w);
}

/* read_point at a token i (not a number) whose date word is wd, as word() reads it: the
 * stage's loop has read it already. */
static bool read_point_word(const dctx *c, size_t i, bool ctx, dres *r, const dword *wd)
{
    dword w = *wd;
    memset(r, 0, sizeof *r);
    switch (w.type) {
    case W_WEEKDAY: {
        /* a date with a month name goes on after the weekday with a number
         * or a month, a date word of the lexicon stage ("Monday, 5 June");
         * most weekdays stand alone ("on Monday") */
        size_t j = after_weekday(c, i, &w);
        if (!c->direct && !(has(c, j) && (tok(c, j)->kind == SR_TOK_NUMBER || dm_find(c, j))))
            return weekday_at(c, i, &w, M_THIS, r);
        return read_named(c, i, ctx, r) || weekday_at(c, i, &w, M_THIS, r);
    }
    case W_MONTH:
        if (w.ambiguous && !ctx) {
            /* "May", "March": only next to a number */
            int d, y;
            bool ord;
            size_t k = i + (size_t)w.ntok;
            if (!read_day(c, k, &d, &ord) && !read_year(c, k, &y))
                return false;
        }
        return read_named(c, i, ctx, r);
    case W_PART:
        return read_part(c, i, r);
    case W_REL: {
        memset(r, 0, sizeof *r);
        rel_resolve(c, &w, r);
        size_t j = i + (size_t)w.ntok;
        dword dw;
        if (w.unit == U_DAY && word_is(c, j, W_DAYWORD, &dw)) /* "yesterday morning" */
            j += (size_t)dw.ntok;
        r->end = j;
        return true;
    }
    case W_MOD:
        return read_mod(c, i, r);
    case W_COUNT:
        return read_ago(c, i, r);
    default:
        return false;
    }
}

/* between X and Y; from X to Y. X may be a complete range itself ("between
 * 12 and 15 December"). */
static bool read_range(const dctx *c, size_t i, int kind, dres *r)
{
    dres x, y;
    if (!read_point(c, i + 1, true, &x))
        return false;
    dword w;
    size_t k = x.end;
    bool joiner = word_is(c, k, W_PREP, &w) &&
                  ((kind == P_BETWEEN && w.value == P_AND) || (kind == P_FROM && w.value == P_TO));
    if (!joiner || !read_point(c, k + 1, true, &y)) {
        if (x.d2 || (x.rule && !strcmp(x.rule, "date.year_range"))) {
            /* "between 12 and 15 December", "from 2011-2015": a range already */
            *r = x;
            return true;
        }
        return false;
    }
    if (x.wd1 && y.resolved && !y.relative && y.prec == SITREP_PREC_DAY) {
        /* "between Sunday and Tuesday 4 February": the weekday before the end */
        int back = (sr_weekday(y.from) - (x.wd1 - 1) + 7) % 7;
        x.from = x.to = y.from - back;
        x.resolved = 1;
        x.relative = 0;
    }
    if (x.yearless && y.year && !x.year) {
        /* "between March and May 2016": the year of the end */
        dres x2 = x;
        if (!resolve_yearless(c, &x2, y.year))
            return false;
        if (y.resolved && x2.from > y.from && !resolve_yearless(c, &x2, y.year - 1))
            return false;
        x = x2;
    }
    memset(r, 0, sizeof *r);
    r->end = y.end;
    r->relative = x.relative || y.relative;
    r->prec = SR_MAX(x.prec, y.prec);
    r->rule = kind == P_BETWEEN ? "date.between" : "date.from_to";
    if (!x.resolved || !y.resolved) {
        unresolved(r, r->prec);
        return true;
    }
    if (y.to < x.from)
        return false;
    r->from = x.from;
    r->to = y.to;
    r->resolved = 1;
    return true;
}

/* since X: from X to the publication day. */
static bool read_since(const dctx *c, size_t j, dres *r)
{
    dres x;
    if (!read_point(c, j, true, &x))
        return false;
    *r = x;
    r->rule = "date.since";
    r->relative = 1;
    if (!x.resolved || !pub_known(c)) {
        unresolved(r, x.prec);
        return true;
    }
    if (c->pub >= x.from)
        r->to = c->pub;
    return true;
}

/* ---- the stage ---- */

static bool span_clean(const dctx *c, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (tok(c, k)->flags & SR_TF_BOILER)
            return false;
    return true;
}

/* Is token i, two tokens or more before the next date word, a preposition that reads on into
 * nothing? A preposition reads on only into a number or a modifier (no_point_at, when no date
 * word is near). */
static inline bool prep_reads_nothing(const sr_token *toks, const uint64_t *hashes, size_t i, size_t ntok)
{
    return toks[i].kind == SR_TOK_WORD && code_class[hashes[i] % CODE_CLASS_SLOTS] == CC_PREP &&
           !(i + 1 < ntok &&
             (toks[i + 1].kind == SR_TOK_NUMBER || (code_class[hashes[i + 1] % CODE_CLASS_SLOTS] & CC_MOD)));
}

static void ctx_init(dctx *c, const sr_lexicon *lx, const sr_annot *a, int64_t pub, sr_dmy_order order)
{
    pthread_once(&code_once, code_build);
    memset(c, 0, sizeof *c);
    c->lx = lx;
    c->a = a;
    c->pub = pub;
    c->order = order;
    if (pub != INT64_MIN) {
        sr_civil_from_days(pub, &c->py, &c->pm, &c->pd);
        c->pwd = sr_weekday(pub);
    }
}

sitrep_status sr_dates_annotate(const sr_lexicon *lx, sr_annot *a)
{
    dctx c;
    ctx_init(&c, lx, a, a->published, SR_ORDER_UNKNOWN);
    /* the date words the lexicon stage found, by token (one pass: room for
     * every mention, the date words written) */
    size_t n = 0;
    dm_item *dm = a->lex.len ? sr_arena_alloc_raw(&a->arena, a->lex.len * sizeof *dm) : NULL;
    if (a->lex.len && !dm)
        return SITREP_ENOMEM;
    for (size_t k = 0; k < a->lex.len; k++) {
        const sr_mention *m = &a->lex.items[k];
        if (m->u.entry->lexicon == SR_LEX_DATES) {
            dm[n].tok = m->tok_start;
            dm[n].state = DM_UNREAD;
            dm[n].e = m->u.entry;
            n++;
        }
    }
    c.dm = dm;
    c.ndm = n;

    size_t ntok = a->toks.len;
    const sr_token *toks = a->toks.items;
    const uint64_t *hashes = a->tokhash;
    /* made with the hashes: a token unmarked is no number, preposition or
     * modifier */
    const uint8_t *marks = hashes ? a->tokmarks : NULL;
    if (!hashes && ntok) {
        /* tokens not made by the segment stage: their hashes here */
        uint64_t *h = sr_arena_alloc_raw(&a->arena, ntok * sizeof *h);
        if (!h)
            return SITREP_ENOMEM;
        for (size_t k = 0; k < ntok; k++)
            h[k] = tok_hash(a, k);
        hashes = h;
    }
    /* the token of the next date word (dm[dm_lo]), kept in a local: the
     * readers take c by address */
    size_t dm_lo = 0, dm_next = n ? dm[0].tok : SIZE_MAX;
    sr_mark_scan scan = sr_mark_scan_of(marks, SR_TM_DATE);
    for (size_t i = 0; i < ntok;) {
        if (dm_next < i) {
            while (dm_lo < c.ndm && c.dm[dm_lo].tok < i)
                dm_lo++;
            dm_next = dm_lo < c.ndm ? c.dm[dm_lo].tok : SIZE_MAX;
        }
        /* Two tokens or more before the next date word, a date starts only
         * at a number, a preposition or a modifier ("in 2012", "last
         * week"): a count, an article or another word reads on only into a
         * date word next to it, and punctuation and symbols never start
         * one (those whose hash shares a slot with a code word are passed
         * below). Most tokens are passed here, by the segment stage's
         * marks eight at a time (a word that shares a mark or a slot is
         * passed below: none of them starts a date here). */
        size_t far = dm_next < 2 ? 0 : dm_next - 2 < ntok ? dm_next - 2 : ntok; /* i < far: dm_next > i + 2 */
        if (marks && i < far) {
            /* most marked words are prepositions that read on into nothing (the test
             * below): passed here, with the marks, 64 tokens a word */
            while ((i = sr_mark_next(&scan, i, far)) < far && prep_reads_nothing(toks, hashes, i, ntok))
                i++;
        } else if (!marks) {
            while (i < far && toks[i].kind != SR_TOK_NUMBER && !code_class[hashes[i] % CODE_CLASS_SLOTS])
                i++;
        }
        if (i >= ntok)
            break;
        const sr_token *t = &toks[i];
        if (i < far && prep_reads_nothing(toks, hashes, i, ntok)) {
            i++;
            continue;
        }
        c.dm_lo = dm_lo;
        if ((t->flags & SR_TF_BOILER) || t->kind == SR_TOK_PUNCT) {
            i++;
            continue;
        }
        dres r;
        size_t start = i;
        bool ok = false;
        dword w = {0};
        if (t->kind == SR_TOK_NUMBER) {
            ok = read_point(&c, i, false, &r);
        } else if (t->kind != SR_TOK_WORD) {
            i++;
            continue;
        } else if (!(dm_next == i ? word(&c, i, &w) : code_word(a, i, &w))) {
            /* an unknown word starts a date only as a count: "three weeks ago"
             * (the fast path: most words are neither date words nor these) */
            if (!(dm_next == i + 1 && lex_unit_at(&c, i + 1))) {
                i++;
                continue;
            }
            ok = read_ago(&c, i, &r);
        } else if (w.type == W_COUNT && dm_next != i && dm_next != i + 1) {
            /* "a", "one", "two" count a unit word right after them, or nothing */
            i++;
            continue;
        } else if (w.type == W_NOTDATE || w.type == W_PUBCUE) {
            i += (size_t)w.ntok;
            continue;
        } else if (w.type == W_PREP) {
            /* the preposition is part of the mention only when it makes a range */
            size_t j = i + (size_t)w.ntok;
            if (w.value == P_BETWEEN || w.value == P_FROM)
                ok = read_range(&c, j - 1, w.value, &r);
            else if (w.value == P_SINCE)
                ok = read_since(&c, j, &r);
            if (!ok && w.value != P_SINCE && !no_point_at(&c, j)) {
                ok = read_point(&c, j, true, &r);
                start = j;
            }
        } else if (w.type == W_MOD && dm_next != i && !mod_may_read(&c, i)) {
            i++;
            continue;
        } else if (w.type != W_ARTICLE) {
            /* w is word(&c, i) (a token with no date word reads none) */
            ok = read_point_word(&c, i, false, &r, &w);
        }
        if (!ok || r.end <= start || !span_clean(&c, start, r.end)) {
            i++;
            continue;
        }
        sr_mention m = {0};
        m.tok_start = (uint32_t)start;
        m.tok_end = (uint32_t)r.end;
        m.start = a->toks.items[start].start;
        m.end = a->toks.items[r.end - 1].end;
        m.kind = SR_M_DATE;
        m.u.date.from = r.from;
        m.u.date.to = r.to < r.from ? r.from : r.to;
        m.u.date.precision = r.prec;
        m.u.date.resolved = r.resolved;
        m.u.date.relative = r.relative;
        m.u.date.rule = r.rule;
        if (sr_vec_push(&a->dates, m) != SITREP_OK)
            return SITREP_ENOMEM;
        i = r.end;
    }
    return SITREP_OK;
}

size_t sr_date_read_absolute_rule(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_dmy_order order,
                                  int64_t *days, const char **rule)
{
    dctx c;
    ctx_init(&c, lx, a, INT64_MIN, order);
    c.direct = true;
    lookup_memo memo = {SIZE_MAX, NULL};
    c.memo = &memo;
    dres r;
    if (i >= a->toks.len)
        return 0;
    if (!read_numeric(&c, i, &r) && !read_named(&c, i, false, &r))
        return 0;
    if (!r.resolved || r.relative || r.prec != SITREP_PREC_DAY || r.from != r.to)
        return 0;
    *days = r.from;
    if (rule)
        *rule = r.rule;
    return r.end - i;
}

size_t sr_date_read_absolute(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_dmy_order order,
                             int64_t *days)
{
    return sr_date_read_absolute_rule(lx, a, i, order, days, NULL);
}

bool sr_date_is_prep(const sr_annot *a, size_t i)
{
    if (i >= a->toks.len || a->toks.items[i].kind != SR_TOK_WORD)
        return false;
    dword w;
    memset(&w, 0, sizeof w);
    pthread_once(&code_once, code_build);
    if (!code_word(a, i, &w))
        return false;
    if (w.type == W_PREP || w.type == W_ARTICLE)
        return true;
    return w.type == W_COUNT && w.value == 1 && (!strcmp(sr_tok_norm(a, i), "a") || !strcmp(sr_tok_norm(a, i), "an"));
}
