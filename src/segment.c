/* segment.c - tokens, sentences and numbers with byte offsets.
 *
 * One pass over the bytes makes the tokens; a second over the tokens makes
 * the sentences; a third reads numbers. Every loop moves forward, so the work
 * is linear in the text whatever it holds. */
#include "segment.h"

#include "fold.h"

#include <string.h>
#include <utf8proc.h>

/* ---- characters ---- */

/* Decodes the code point at s[i] (valid UTF-8 is guaranteed by the reader;
 * a stray byte is read as itself). Returns its length. */
static size_t decode(const char *s, size_t n, size_t i, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
    if (k <= 0) {
        *cp = (unsigned char)s[i];
        return 1;
    }
    *cp = c;
    return (size_t)k;
}

static bool is_letter(int32_t c)
{
    if (c < 0x80)
        return sr_isalpha(c);
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
}

static bool is_upper_letter(int32_t c)
{
    if (c < 0x80)
        return sr_isupper(c);
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LU || utf8proc_category(c) == UTF8PROC_CATEGORY_LT;
}

static bool is_space_cp(int32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x2028 || c == 0x2029 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static bool is_apostrophe_cp(int32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC; }

static bool is_hyphen_cp(int32_t c) { return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013; }

static bool is_punct_cp(int32_t c)
{
    switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?': case '(': case ')':
    case '[': case ']': case '{': case '}': case '"': case '\'': case '-':
    case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0x00AB: case 0x00BB:
    case 0x2026: case 0x2013: case 0x2014: case 0x2015: case 0x2010: case 0x2011:
    case 0x201E: case 0x2039: case 0x203A:
        return true;
    default:
        return false;
    }
}

/* ---- tokens ---- */

typedef struct tokenizer {
    sr_annot *a;
    const char *s;
    size_t n;
} tokenizer;

static sitrep_status add_token(tokenizer *tz, size_t start, size_t end, sr_tok_kind kind, unsigned flags)
{
    sr_annot *a = tz->a;
    sr_token t = {0};
    t.start = (uint32_t)start;
    t.end = (uint32_t)end;
    t.kind = (uint8_t)kind;
    t.flags = (uint8_t)flags;
    char tmp[256];
    size_t nl = 0;
    if (kind == SR_TOK_PUNCT) {
        int32_t c;
        decode(tz->s, tz->n, start, &c);
        /* quotes of every shape fold to one form */
        if (c == 0x201C || c == 0x201D || c == 0x00AB || c == 0x00BB || c == 0x201E)
            tmp[nl++] = '"';
        else if (c == 0x2018 || c == 0x2019 || c == 0x2039 || c == 0x203A)
            tmp[nl++] = '\'';
        else if (c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x2010 || c == 0x2011)
            tmp[nl++] = '-';
        else if (c == 0x2026)
            nl = (size_t)(memcpy(tmp, "...", 3), 3);
        else if (end - start < sizeof tmp)
            nl = (size_t)(memcpy(tmp, tz->s + start, end - start), end - start);
    } else if (end - start < sizeof tmp) {
        nl = sr_fold_token(tz->s + start, end - start, tmp, sizeof tmp);
    }
    if (nl > UINT16_MAX)
        nl = 0;
    t.norm = (uint32_t)a->norm.len;
    t.norm_len = (uint16_t)nl;
    if (sr_buf_put(&a->norm, tmp, nl) != SITREP_OK || sr_buf_putc(&a->norm, '\0') != SITREP_OK)
        return SITREP_ENOMEM;
    return sr_vec_push(&a->toks, t);
}

/* Length of an abbreviation with inner periods at s[i] ("U.S.", "a.m.",
 * "U.N."): letter groups of one or two letters, each followed by a period,
 * at least two groups. 0 when there is none. */
static size_t dotted_abbrev(const char *s, size_t n, size_t i)
{
    size_t j = i, groups = 0;
    while (j < n) {
        size_t k = j;
        while (k < n && sr_isalpha((unsigned char)s[k]) && k - j < 3)
            k++;
        if (k == j || k - j > 2 || k >= n || s[k] != '.')
            break;
        j = k + 1;
        groups++;
    }
    if (groups < 2)
        return 0;
    /* the next character must not continue a word */
    if (j < n && sr_isalnum((unsigned char)s[j]))
        return 0;
    return j - i;
}

static sitrep_status tokenize(sr_annot *a)
{
    tokenizer tz = {a, a->text, a->len};
    const char *s = a->text;
    size_t n = a->len, i = 0;
    unsigned pending = SR_TF_SPACE; /* text start counts as a space */
    while (i < n) {
        int32_t c;
        size_t k = decode(s, n, i, &c);
        if (is_space_cp(c)) {
            pending |= SR_TF_SPACE;
            if (c == '\n' || c == 0x2028 || c == 0x2029)
                pending |= SR_TF_NEWLINE;
            i += k;
            continue;
        }
        size_t start = i;
        unsigned flags = pending;
        pending = 0;
        /* A hyphen joining two words or numbers is not a token: it becomes
         * the SR_TF_HYPHEN flag of the next one. */
        if (is_hyphen_cp(c) && !(flags & SR_TF_SPACE) && a->toks.len > 0) {
            sr_token *prev = &a->toks.items[a->toks.len - 1];
            int32_t next = 0;
            if (i + k < n)
                decode(s, n, i + k, &next);
            if ((prev->kind == SR_TOK_WORD || prev->kind == SR_TOK_NUMBER) && prev->end == i &&
                (is_letter(next) || sr_isdigit(next))) {
                pending = SR_TF_HYPHEN;
                i += k;
                continue;
            }
        }
        if (sr_isdigit(c)) {
            /* digits, with thousands separators and decimal or date dots */
            size_t j = i;
            while (j < n) {
                if (sr_isdigit((unsigned char)s[j])) {
                    j++;
                } else if ((s[j] == ',' || s[j] == '.') && j + 1 < n && sr_isdigit((unsigned char)s[j + 1]) &&
                           j > i) {
                    j++;
                } else {
                    break;
                }
            }
            if (add_token(&tz, start, j, SR_TOK_NUMBER, flags) != SITREP_OK)
                return SITREP_ENOMEM;
            i = j;
            continue;
        }
        if (is_letter(c)) {
            size_t ab = c < 0x80 ? dotted_abbrev(s, n, i) : 0;
            size_t j = i + (ab ? ab : k);
            bool upper = is_upper_letter(c), allcaps = upper;
            size_t nletters = 1;
            while (!ab && j < n) {
                int32_t d;
                size_t m = decode(s, n, j, &d);
                if (is_letter(d)) {
                    nletters++;
                    if (!is_upper_letter(d) && utf8proc_category(d) != UTF8PROC_CATEGORY_MN)
                        allcaps = false;
                    j += m;
                    continue;
                }
                /* an inner apostrophe followed by letters stays inside the
                 * word ("don't", "O'Brien"), except the possessive 's */
                if (is_apostrophe_cp(d) && j + m < n) {
                    int32_t e;
                    size_t m2 = decode(s, n, j + m, &e);
                    bool possessive = (e == 's' || e == 'S') &&
                                      (j + m + m2 >= n || !sr_isalnum((unsigned char)s[j + m + m2]));
                    if (is_letter(e) && !possessive) {
                        j += m;
                        continue;
                    }
                }
                break;
            }
            unsigned f = flags;
            if (upper)
                f |= SR_TF_CAP;
            if (allcaps && nletters >= 2)
                f |= SR_TF_ALLCAPS;
            if (ab && upper)
                f |= SR_TF_ALLCAPS;
            if (add_token(&tz, start, j, SR_TOK_WORD, f) != SITREP_OK)
                return SITREP_ENOMEM;
            i = j;
            /* possessive: "Syria's" gives "Syria" and "'s" */
            if (i < n) {
                int32_t d;
                size_t m = decode(s, n, i, &d);
                if (is_apostrophe_cp(d) && i + m < n && (s[i + m] == 's' || s[i + m] == 'S') &&
                    (i + m + 1 >= n || !sr_isalnum((unsigned char)s[i + m + 1]))) {
                    if (add_token(&tz, i, i + m + 1, SR_TOK_WORD, 0) != SITREP_OK)
                        return SITREP_ENOMEM;
                    i += m + 1;
                }
            }
            continue;
        }
        if (is_punct_cp(c)) {
            if (add_token(&tz, start, i + k, SR_TOK_PUNCT, flags) != SITREP_OK)
                return SITREP_ENOMEM;
        } else {
            if (add_token(&tz, start, i + k, SR_TOK_SYMBOL, flags) != SITREP_OK)
                return SITREP_ENOMEM;
        }
        i += k;
    }
    return SITREP_OK;
}

/* ---- sentences ---- */

static bool tok_is(const sr_annot *a, size_t i, const char *norm)
{
    return strcmp(sr_tok_norm(a, i), norm) == 0;
}

static bool is_terminal(const sr_annot *a, size_t i)
{
    const sr_token *t = &a->toks.items[i];
    if (t->kind != SR_TOK_PUNCT)
        return false;
    return tok_is(a, i, ".") || tok_is(a, i, "!") || tok_is(a, i, "?") || tok_is(a, i, "...");
}

static bool is_closer(const sr_annot *a, size_t i)
{
    const sr_token *t = &a->toks.items[i];
    return t->kind == SR_TOK_PUNCT && (tok_is(a, i, "\"") || tok_is(a, i, "'") || tok_is(a, i, ")") ||
                                       tok_is(a, i, "]"));
}

/* Does a period after token i end a sentence? Not after a one-letter
 * initial or an abbreviation of data/abbreviations (the numbers lexicon
 * holds none; the check uses the shape: a capitalised word of at most three
 * letters followed by a capitalised name is taken as a title). */
static bool period_ends(const sr_annot *a, size_t dot)
{
    if (dot == 0)
        return true;
    const sr_token *prev = &a->toks.items[dot - 1];
    if (prev->end != a->toks.items[dot].start)
        return true;
    if (prev->kind == SR_TOK_WORD && prev->end - prev->start == 1 && (prev->flags & SR_TF_CAP))
        return false; /* an initial: "A. Ismail" */
    return true;
}

static bool blank_line_between(const sr_annot *a, size_t i)
{
    /* two line breaks in the whitespace before token i */
    if (i == 0)
        return false;
    uint32_t from = a->toks.items[i - 1].end, to = a->toks.items[i].start;
    int nl = 0;
    for (uint32_t p = from; p < to; p++)
        if (a->text[p] == '\n' && ++nl >= 2)
            return true;
    return false;
}

static sitrep_status sentences(sr_annot *a)
{
    size_t ntok = a->toks.len;
    size_t start = 0;
    uint32_t paragraph = 0;
    for (size_t i = 0; i < ntok; i++) {
        bool end_here = false;
        size_t last = i;
        if (is_terminal(a, i) && (!tok_is(a, i, ".") || period_ends(a, i))) {
            /* closing quotes and brackets belong to the sentence they close */
            while (last + 1 < ntok && is_closer(a, last + 1) && !(a->toks.items[last + 1].flags & SR_TF_SPACE))
                last++;
            if (last + 1 >= ntok) {
                end_here = true;
            } else {
                const sr_token *next = &a->toks.items[last + 1];
                end_here = (next->flags & SR_TF_SPACE) &&
                           ((next->flags & SR_TF_CAP) || next->kind != SR_TOK_WORD || (next->flags & SR_TF_NEWLINE));
            }
        }
        if (!end_here && i + 1 < ntok && (a->toks.items[i + 1].flags & SR_TF_NEWLINE)) {
            /* a line break ends the sentence unless the text plainly runs on:
             * the next line starts in lower case after a line with no final
             * punctuation */
            const sr_token *next = &a->toks.items[i + 1];
            bool runs_on = next->kind == SR_TOK_WORD && !(next->flags & SR_TF_CAP) && !blank_line_between(a, i + 1);
            end_here = !runs_on;
        }
        if (i + 1 == ntok)
            end_here = true;
        if (!end_here)
            continue;
        sr_sentence se = {0};
        se.tok_start = (uint32_t)start;
        se.tok_end = (uint32_t)(last + 1);
        se.start = a->toks.items[start].start;
        se.end = a->toks.items[last].end;
        se.paragraph = paragraph;
        /* a line with no final punctuation, alone on its line, is a heading */
        if (!is_terminal(a, last) && !is_closer(a, last) &&
            (a->toks.items[start].flags & SR_TF_NEWLINE || start == 0))
            se.flags |= SR_SF_HEADING;
        uint32_t idx = (uint32_t)a->sents.len;
        for (size_t k = start; k <= last; k++)
            a->toks.items[k].sent = idx;
        if (sr_vec_push(&a->sents, se) != SITREP_OK)
            return SITREP_ENOMEM;
        i = last;
        start = last + 1;
        if (start < ntok && blank_line_between(a, start))
            paragraph++;
    }
    return SITREP_OK;
}

/* ---- boilerplate ---- */

static void mark_boiler(sr_annot *a)
{
    if (!a->boiler.len)
        return;
    for (size_t i = 0; i < a->toks.len; i++)
        if (sr_annot_in_boiler(a, a->toks.items[i].start))
            a->toks.items[i].flags |= SR_TF_BOILER;
    for (size_t s = 0; s < a->sents.len; s++) {
        sr_sentence *se = &a->sents.items[s];
        bool all = true;
        for (uint32_t i = se->tok_start; i < se->tok_end && all; i++)
            all = (a->toks.items[i].flags & SR_TF_BOILER) != 0;
        if (all)
            se->flags |= SR_SF_BOILER;
    }
}

/* ---- numbers ---- */

/* Reads a token of digits with thousands commas and one decimal point.
 * False for shapes that are not one number ("21.02.2015", "1,00"). */
static bool digits_value(const char *s, size_t n, double *out, bool *decimal)
{
    double v = 0, frac = 0, scale = 1;
    bool in_frac = false;
    size_t group = 0;
    bool seen_comma = false;
    *decimal = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (sr_isdigit(c)) {
            if (in_frac) {
                scale /= 10;
                frac += (c - '0') * scale;
            } else {
                v = v * 10 + (c - '0');
                group++;
            }
        } else if (c == ',' && !in_frac) {
            if ((seen_comma && group != 3) || (!seen_comma && (group == 0 || group > 3)))
                return false;
            seen_comma = true;
            group = 0;
        } else if (c == '.' && !in_frac) {
            in_frac = true;
            *decimal = true;
        } else {
            return false;
        }
    }
    if (seen_comma && group != 3)
        return false;
    *out = v + frac;
    return true;
}

static sitrep_status numbers(const sr_lexicon *lx, sr_annot *a)
{
    for (size_t i = 0; i < a->toks.len; i++) {
        const sr_token *t = &a->toks.items[i];
        if (t->kind != SR_TOK_NUMBER)
            continue;
        double v;
        bool dec;
        if (!digits_value(a->text + t->start, t->end - t->start, &v, &dec))
            continue;
        sr_number num = {0};
        num.tok_start = (uint32_t)i;
        num.tok_end = (uint32_t)i + 1;
        num.start = t->start;
        num.end = t->end;
        num.value = v;
        if (dec)
            num.flags |= SR_NF_DECIMAL;
        if (!dec && t->end - t->start == 4 && v >= 1900 && v <= 2099)
            num.flags |= SR_NF_YEARLIKE;
        if (sr_vec_push(&a->nums, num) != SITREP_OK)
            return SITREP_ENOMEM;
    }
    (void)lx;
    return SITREP_OK;
}

sitrep_status sr_segment(const sr_lexicon *lx, sr_annot *a)
{
    sitrep_status st;
    if ((st = tokenize(a)) != SITREP_OK)
        return st;
    if ((st = sentences(a)) != SITREP_OK)
        return st;
    mark_boiler(a);
    if ((st = numbers(lx, a)) != SITREP_OK)
        return st;
    if (a->toks.len)
        a->toks.items[0].flags |= SR_TF_SENT_START;
    for (size_t s = 0; s < a->sents.len; s++)
        a->toks.items[a->sents.items[s].tok_start].flags |= SR_TF_SENT_START;
    return SITREP_OK;
}

long sr_number_at(const sr_annot *a, size_t tok)
{
    size_t lo = 0, hi = a->nums.len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a->nums.items[mid].tok_start < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->nums.len && a->nums.items[lo].tok_start == tok ? (long)lo : -1;
}
