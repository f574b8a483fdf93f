/* meta.c - title, outlet and publication date told by the text itself
 * (rules in meta.h). Reads a bounded part of the text (its first lines, and
 * the last 1500 bytes for site footers), so the cost per document is fixed. */
#include "meta.h"

#include "dates.h"
#include "segment.h"

#include <string.h>

#define META_DATE_BYTES 400     /* the publication date: first non-boilerplate bytes */
#define META_HEAD_BYTES 1500    /* "(CNN) -" datelines, bylines */
#define META_NEAR_BYTES 600     /* every pattern: the page's head */
#define META_TAIL_BYTES 800     /* site navigation and copyright at the page's foot */
#define META_DASH_BYTES 400     /* "Aleppo SANA-..." */
#define META_TITLE_LINES 20
#define META_TITLE_BYTES 3000
#define META_TITLE_MAX_TOKENS 40

static inline const sr_token *tk(const sr_annot *a, size_t i) { return &a->toks.items[i]; }

static bool tok_is(const sr_annot *a, size_t i, const char *s)
{
    return i < a->toks.len && !strcmp(sr_tok_norm(a, i), s);
}

static bool is_dash(const sr_annot *a, size_t i)
{
    if (i >= a->toks.len)
        return false;
    const sr_token *t = tk(a, i);
    return t->kind == SR_TOK_PUNCT && !strcmp(sr_tok_norm(a, i), "-");
}

/* ---- outlets ---- */

static const char *entry_slug(const sr_lex_entry *e) { return e ? sr_lex_attr(e, "slug") : NULL; }

static const char *entry_frame(const sr_lex_entry *e) { return e ? sr_lex_attr(e, "frame") : NULL; }

/* The outlet of data/outlets.txt that the input names (slug or name). */
static const sr_lex_entry *outlet_by_hint(const sr_lexicon *lx, const char *hint)
{
    if (!hint || !*hint)
        return NULL;
    const sr_lex_entry *by_slug = sr_lex_find_attr(lx, SR_LEX_OUTLETS, "slug", hint);
    if (by_slug)
        return by_slug;
    const sr_lex_entry *e = sr_lex_lookup(lx, hint, strlen(hint), 1u << SR_LEX_OUTLETS);
    return entry_slug(e) ? e : NULL;
}

static sr_dmy_order order_of(const sr_lex_entry *e)
{
    const char *o = e ? sr_lex_attr(e, "order") : NULL;
    if (o && !strcmp(o, "dmy"))
        return SR_ORDER_DMY;
    if (o && !strcmp(o, "mdy"))
        return SR_ORDER_MDY;
    return SR_ORDER_UNKNOWN;
}

enum { R_NONE, R_COPYRIGHT, R_SITE, R_BYLINE, R_CREDIT, R_DATELINE };
static const char *const rule_names[] = {
    NULL, "meta.outlet.copyright", "meta.outlet.site", "meta.outlet.byline", "meta.outlet.credit",
    "meta.outlet.dateline",
};

typedef struct outlet_find {
    int rank;
    const sr_lex_entry *e;
    uint32_t start, end;
} outlet_find;

static void consider(outlet_find *f, int rank, const sr_lex_entry *e, const sr_annot *a, size_t i, size_t n)
{
    if (rank > f->rank) {
        f->rank = rank;
        f->e = e;
        f->start = tk(a, i)->start;
        f->end = tk(a, i + n - 1)->end;
    }
}

/* The kind of the longest frame entry that ends right before token j, or
 * NULL; *fstart receives its first token. */
static const char *frame_ending_before(const sr_lexicon *lx, const sr_annot *a, size_t j, size_t *fstart)
{
    for (size_t back = 4; back >= 1; back--) {
        if (back > j)
            continue;
        const sr_lex_entry *e;
        size_t n = sr_lex_longest(lx, a, j - back, SR_LEX_OUTLETS, &e);
        const char *fr = entry_frame(e);
        if (n == back && fr) {
            *fstart = j - back;
            return fr;
        }
    }
    return NULL;
}

/* The kind of the frame entry that ends right before token i (over a year
 * or a colon), or NULL; *fs receives its first token. */
static const char *frame_kind_before(const sr_lexicon *lx, const sr_annot *a, size_t i, size_t *fs)
{
    size_t j = i;
    for (int skip = 0; skip < 3 && j > 0; skip++) {
        const sr_token *t = tk(a, j - 1);
        if (t->kind == SR_TOK_NUMBER || tok_is(a, j - 1, ":"))
            j--;
        else
            break;
    }
    return frame_ending_before(lx, a, j, fs);
}

/* Is fr, the frame_kind_before a token (from token fs), a frame of `kind`? A
 * copyright frame after a caption word is a photo credit ("Image copyright
 * AFP"). */
static bool frame_is(const sr_lexicon *lx, const sr_annot *a, const char *fr, size_t fs, const char *kind)
{
    if (!fr || strcmp(fr, kind))
        return false;
    if (!strcmp(kind, "copyright")) {
        size_t cs;
        const char *before = frame_ending_before(lx, a, fs, &cs);
        if (before && !strcmp(before, "caption"))
            return false;
    }
    return true;
}

/* Is there a frame entry of `kind` that ends right before token i? */
static bool frame_before(const sr_lexicon *lx, const sr_annot *a, size_t i, const char *kind)
{
    size_t fs;
    const char *fr = frame_kind_before(lx, a, i, &fs);
    return frame_is(lx, a, fr, fs, kind);
}

static bool frame_after(const sr_lexicon *lx, const sr_annot *a, size_t j, const char *kind)
{
    const sr_lex_entry *e;
    if (j >= a->toks.len || !sr_lex_longest(lx, a, j, SR_LEX_OUTLETS, &e))
        return false;
    const char *fr = entry_frame(e);
    return fr && !strcmp(fr, kind);
}

/* Looks at the outlet named at token i (n tokens) and ranks the pattern it
 * stands in. */
static void outlet_patterns(const sr_lexicon *lx, const sr_annot *a, size_t i, size_t n, const sr_lex_entry *e,
                            outlet_find *f)
{
    size_t ntok = a->toks.len, after = i + n;
    uint32_t off = tk(a, i)->start;
    if (off < META_HEAD_BYTES) {
        /* (NAME) as a dateline */
        if (i > 0 && tok_is(a, i - 1, "(") && tok_is(a, after, ")")) {
            bool dash = is_dash(a, after + 1) || tok_is(a, after + 1, ":");
            bool place = i >= 2 && (tk(a, i - 2)->flags & SR_TF_ALLCAPS);
            /* at a line's start, with the article going on after it (not a
             * sign-off alone on its line) */
            bool line = ((tk(a, i - 1)->flags & SR_TF_NEWLINE) || i - 1 == 0) && after + 1 < ntok &&
                        !(tk(a, after + 1)->flags & SR_TF_NEWLINE);
            if (dash || place || line) {
                consider(f, R_DATELINE, e, a, i, n);
                return;
            }
        }
        /* By NAME; NAME Staff */
        if (i > 0 && tok_is(a, i - 1, "by")) {
            bool capital = (tk(a, i - 1)->flags & SR_TF_CAP) != 0;
            bool after_date = false;
            int64_t d;
            for (size_t back = 2; back <= 4 && back <= i && !after_date; back++) {
                size_t m = sr_date_read_absolute(lx, a, i - back, SR_ORDER_UNKNOWN, &d);
                after_date = m && i - back + m == i - 1;
            }
            if ((capital && !frame_before(lx, a, i - 1, "caption")) || after_date)
                consider(f, R_BYLINE, e, a, i, n);
        }
        if (frame_after(lx, a, after, "site_after") && tok_is(a, after, "staff"))
            consider(f, R_BYLINE, e, a, i, n);
    }
    if (off < META_DASH_BYTES && after < ntok) {
        /* NAME- or NAME - : a dateline without brackets */
        const sr_token *nt = tk(a, after);
        bool hyph = nt->kind == SR_TOK_WORD && (nt->flags & SR_TF_HYPHEN) && !(nt->flags & SR_TF_SPACE);
        if ((hyph || is_dash(a, after)) && !(i > 0 && tok_is(a, i - 1, "(")))
            consider(f, R_DATELINE, e, a, i, n);
    }
    /* the site's own navigation and copyright line (the frame before the name looked up once) */
    size_t fs;
    const char *fr = frame_kind_before(lx, a, i, &fs);
    if (frame_is(lx, a, fr, fs, "site") || (frame_after(lx, a, after, "site_after") && !tok_is(a, after, "staff")))
        consider(f, R_SITE, e, a, i, n);
    if (frame_is(lx, a, fr, fs, "copyright"))
        consider(f, R_COPYRIGHT, e, a, i, n);
}

/* Looks for outlet names in tokens [from, to); with paren_only, only
 * after "(" or "By" (the datelines and bylines further down the head).
 * The scan covers most of a short article's tokens, and few of them may
 * start a name: those with a capital whose word starts some outlet key
 * (the lexicon's bit, sr_lex_starts_made). Which tokens those are is as
 * good as random: a mask over 64 tokens at a time says, made without a
 * branch on any token, and the loop goes from one of its bits to the next. */
static void scan_outlets(const sr_lexicon *lx, const sr_annot *a, size_t from, size_t to, bool paren_only,
                         outlet_find *f)
{
    const uint64_t *hashes = a->tokhash;
    const uint64_t *starts = hashes ? sr_lex_starts_made(lx, SR_LEX_OUTLETS) : NULL;
    size_t next = from; /* the first token past the names found */
    for (size_t base = from; base < to; base += 64) {
        /* outlet names are written with a capital ("Reuters", "AFP", "The Guardian"): the
         * capitals first, 64 tokens at once (the segment stage's marks), then the bit of each */
        uint64_t cap = sr_marks64(a->tokmarks + base, SR_TM_CAP) & (~0ull >> (64 - (to - base < 64 ? to - base : 64)));
        uint64_t may = starts ? 0 : cap;
        if (starts)
            for (; cap; cap &= cap - 1) {
                size_t k = (size_t)__builtin_ctzll(cap);
                may |= (uint64_t)sr_lex_first_bit(starts, hashes[base + k]) << k;
            }
        for (; may; may &= may - 1) {
            size_t i = base + (size_t)__builtin_ctzll(may);
            if (i < next)
                continue; /* inside a name found */
            if (paren_only && !(i > 0 && (tok_is(a, i - 1, "(") || tok_is(a, i - 1, "by"))))
                continue;
            const sr_lex_entry *e;
            size_t len = sr_lex_longest(lx, a, i, SR_LEX_OUTLETS, &e);
            if (len && entry_slug(e)) {
                outlet_patterns(lx, a, i, len, e, f);
                next = i + len;
            } else {
                next = i + (len ? len : 1);
            }
        }
    }
}

/* ---- publication date ---- */

/* A publication cue of data/dates.txt ("Posted on", "Last updated at")
 * that ends at token i (inclusive). */
static bool pubcue_ends_at(const sr_lexicon *lx, const sr_annot *a, size_t i)
{
    for (size_t back = 0; back <= 3 && back <= i; back++) {
        const sr_lex_entry *e;
        size_t n = sr_lex_longest(lx, a, i - back, SR_LEX_DATES, &e);
        const char *t = e ? sr_lex_attr(e, "type") : NULL;
        if (n == back + 1 && t && !strcmp(t, "pubcue"))
            return true;
    }
    return false;
}

static void find_published(const sr_lexicon *lx, const sr_annot *a, sr_dmy_order order, sr_meta *out,
                           size_t *date_tok, size_t *date_end)
{
    size_t seen = 0;
    for (size_t i = 0; i < a->toks.len; i++) {
        const sr_token *t = tk(a, i);
        if (t->flags & SR_TF_BOILER)
            continue;
        if (seen > META_DATE_BYTES)
            break;
        seen += t->end - t->start + 1;
        /* a date starts with a number or a capitalised month or weekday name
         * (a word of data/dates.txt: one lookup turns the other words away
         * before the date readers look) */
        if (t->kind != SR_TOK_NUMBER && !(t->kind == SR_TOK_WORD && (t->flags & SR_TF_CAP)))
            continue;
        const sr_lex_entry *de;
        if (t->kind == SR_TOK_WORD && !sr_lex_longest(lx, a, i, SR_LEX_DATES, &de))
            continue;
        int64_t d;
        size_t n = sr_date_read_absolute(lx, a, i, order, &d);
        if (!n)
            continue;
        if (i > 0 && sr_date_is_prep(a, i - 1) && !pubcue_ends_at(lx, a, i - 1)) {
            i += n - 1; /* an event's date ("on July 1 2016") */
            continue;
        }
        out->published = d;
        out->published_ev.start = t->start;
        out->published_ev.end = tk(a, i + n - 1)->end;
        out->published_ev.rule = "meta.published";
        *date_tok = i;
        *date_end = i + n;
        return;
    }
}

/* ---- title ---- */

/* Is there a line break (what segment.c sets SR_TF_NEWLINE for: a line
 * feed, U+0085, U+2028, U+2029) in the text from byte `from` on? A search
 * of the bytes, not of the tokens. */
static bool line_break_after(const sr_annot *a, size_t from)
{
    const char *s = a->text + from, *end = a->text + a->len;
    if (memchr(s, '\n', (size_t)(end - s)))
        return true;
    for (const char *p = s; (p = memchr(p, 0xc2, (size_t)(end - p))) != NULL; p++)
        if (p + 1 < end && (unsigned char)p[1] == 0x85)
            return true;
    for (const char *p = s; (p = memchr(p, 0xe2, (size_t)(end - p))) != NULL; p++)
        if (p + 2 < end && (unsigned char)p[1] == 0x80 && ((unsigned char)p[2] | 1) == 0xa9)
            return true;
    return false;
}

static void find_title(const sr_lexicon *lx, const sr_annot *a, sr_meta *out)
{
    size_t ntok = a->toks.len;
    size_t i = 0;
    for (int line = 0; line < META_TITLE_LINES && i < ntok; line++) {
        if (tk(a, i)->start > META_TITLE_BYTES)
            break;
        size_t j = i + 1;
        while (j < ntok && j - i <= META_TITLE_MAX_TOKENS && !(tk(a, j)->flags & SR_TF_NEWLINE))
            j++;
        if (j - i > META_TITLE_MAX_TOKENS && !line_break_after(a, tk(a, j - 1)->end))
            return; /* the line runs to the end of the text (FA-KES bodies
                     * are one line): too long to be a title, and the last */
        while (j < ntok && !(tk(a, j)->flags & SR_TF_NEWLINE))
            j++;
        /* the line is tokens [i, j) */
        size_t words = 0;
        bool boiler = false, menu = false;
        for (size_t k = i; k < j; k++) {
            const sr_token *t = tk(a, k);
            if (t->flags & SR_TF_BOILER)
                boiler = true;
            if (t->kind == SR_TOK_WORD && t->norm_len > 0 && strcmp(sr_tok_norm(a, k), "s"))
                words++;
            const char *s = sr_tok_norm(a, k);
            if (t->kind == SR_TOK_SYMBOL && (!strcmp(s, "|") || !strcmp(s, ">") || !strcmp(s, "\xc2\xbb") ||
                                             !strcmp(s, "\xe2\x80\xba")))
                menu = true;
        }
        size_t last = j - 1;
        while (last > i && tk(a, last)->kind == SR_TOK_PUNCT &&
               (tok_is(a, last, "\"") || tok_is(a, last, "'") || tok_is(a, last, ")")))
            last--;
        bool period = tok_is(a, last, ".") || tok_is(a, last, ":") || tok_is(a, last, ",") || tok_is(a, last, ";");
        bool question = tok_is(a, last, "?") || tok_is(a, last, "!");
        size_t i0 = i;
        i = j;
        if (boiler || menu)
            continue;
        if (period && words > 12)
            break; /* the body has begun */
        if (period || (question && words > 20) || words < 3 || j - i0 > META_TITLE_MAX_TOKENS)
            continue;
        /* a numbered menu item ("1. Skip to content"), a byline, a date */
        if (tk(a, i0)->kind == SR_TOK_NUMBER && tok_is(a, i0 + 1, "."))
            continue;
        if (tok_is(a, i0, "by"))
            continue;
        const sr_lex_entry *fe;
        if (sr_lex_longest(lx, a, i0, SR_LEX_OUTLETS, &fe) && entry_frame(fe) &&
            !strcmp(entry_frame(fe), "caption"))
            continue; /* "Image copyright AFP", "Photo: ..." */
        int64_t d;
        size_t dn = sr_date_read_absolute(lx, a, i0, SR_ORDER_UNKNOWN, &d);
        if (dn && words <= 5)
            continue;
        out->has_title = true;
        out->title.start = tk(a, i0)->start;
        out->title.end = tk(a, j - 1)->end;
        return;
    }
}

/* ---- the stage ---- */

/* The first token from lo on that starts at byte `at` or later (ntok when
 * none): a binary search, the tokens being in text order, whose halving
 * is a selection, not a branch (which half was as good as random). */
static size_t first_tok_at(const sr_annot *a, size_t lo, size_t at)
{
    const sr_token *toks = a->toks.items, *b = toks + lo;
    size_t n = a->toks.len - lo;
    if (!n)
        return lo;
    /* the answer is in [b, b + n] */
    while (n > 1) {
        size_t half = n / 2;
        b = b[half - 1].start < at ? b + half : b;
        n -= half;
    }
    return (size_t)(b - toks) + (b->start < at);
}

sitrep_status sr_meta_detect(const sr_lexicon *lx, const sr_annot *a, const char *source_hint, sr_meta *out)
{
    *out = (sr_meta){0};
    out->published = INT64_MIN;
    size_t ntok = a->toks.len;
    if (!ntok)
        return SITREP_OK;

    find_title(lx, a, out);

    /* outlets: the head of the text, and its footer */
    outlet_find f = {0};
    size_t near_end = first_tok_at(a, 0, META_NEAR_BYTES);
    size_t head_end = first_tok_at(a, near_end, META_HEAD_BYTES);
    size_t tail_start = first_tok_at(a, head_end, a->len > META_TAIL_BYTES ? a->len - META_TAIL_BYTES : 0);
    scan_outlets(lx, a, 0, near_end, false, &f);
    scan_outlets(lx, a, near_end, head_end, true, &f);
    scan_outlets(lx, a, tail_start, ntok, false, &f);

    /* the publication date, read in the order of the outlet's dates */
    const sr_lex_entry *hint = outlet_by_hint(lx, source_hint);
    sr_dmy_order order = order_of(hint ? hint : f.e);
    size_t date_tok = 0, date_end = 0;
    find_published(lx, a, order, out, &date_tok, &date_end);

    /* an agency credit beside that date: "Monitor AFP Sunday 30 Mar 2014" */
    if (date_end && f.rank < R_CREDIT) {
        for (size_t back = 1; back <= 4 && back <= date_tok; back++) {
            const sr_lex_entry *e;
            size_t n = sr_lex_longest(lx, a, date_tok - back, SR_LEX_OUTLETS, &e);
            if (n == back && entry_slug(e)) {
                consider(&f, R_CREDIT, e, a, date_tok - back, n);
                break;
            }
        }
        const sr_lex_entry *e;
        size_t n = date_end < ntok ? sr_lex_longest(lx, a, date_end, SR_LEX_OUTLETS, &e) : 0;
        if (n && entry_slug(e))
            consider(&f, R_CREDIT, e, a, date_end, n);
    }
    if (f.rank) {
        out->source = entry_slug(f.e);
        out->source_ev.start = f.start;
        out->source_ev.end = f.end;
        out->source_ev.rule = rule_names[f.rank];
    }
    return SITREP_OK;
}
