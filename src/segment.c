/* segment.c - tokens, sentences and numbers with byte offsets.
 *
 * Four passes, each moving forward only, so the work is linear in the text
 * whatever it holds:
 *   1. tokens: one pass over the bytes; ASCII through a class table, other
 *      characters through utf8proc. Folded forms go straight into a->norm.
 *   2. sentences: one pass over the tokens (sentence_ends and friends).
 *   3. quotes: one pass over the tokens, per paragraph (mark_quotes).
 *   4. numbers: one pass over the tokens, digits and number words
 *      (data/numbers.txt).
 * No pass allocates per token; the vectors grow geometrically.
 *
 * The rules, one sentence each, are written where they are applied. */
#include "segment.h"

#include "dates.h"

#include "fold.h"
#include "words.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#ifdef SR_SEGMENT_COUNT_WORK
/* Test builds count the steps of every loop over tokens, to show that the
 * work stays linear (tests/unit/test_segment.c). */
unsigned long long sr_segment_work;
#define WORK() (sr_segment_work++)
#else
#define WORK() ((void)0)
#endif

/* ---- characters ---- */

enum {
    C_OTHER = 0, /* ASCII symbol: a SYMBOL token */
    C_SPACE,
    C_NL,
    C_DIGIT,
    C_UPPER,
    C_LOWER,
    C_PUNCT,     /* . , ; : ! ? ( ) [ ] { } " */
    C_HYPHEN,    /* - */
    C_APOS       /* ' ` */
};

/* (C_OTHER for the bytes of other characters) */
static const uint8_t cclass[256] = {
    ['\t'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE, [' '] = C_SPACE,
    ['\n'] = C_NL,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['A'] = C_UPPER, ['B'] = C_UPPER, ['C'] = C_UPPER, ['D'] = C_UPPER, ['E'] = C_UPPER,
    ['F'] = C_UPPER, ['G'] = C_UPPER, ['H'] = C_UPPER, ['I'] = C_UPPER, ['J'] = C_UPPER,
    ['K'] = C_UPPER, ['L'] = C_UPPER, ['M'] = C_UPPER, ['N'] = C_UPPER, ['O'] = C_UPPER,
    ['P'] = C_UPPER, ['Q'] = C_UPPER, ['R'] = C_UPPER, ['S'] = C_UPPER, ['T'] = C_UPPER,
    ['U'] = C_UPPER, ['V'] = C_UPPER, ['W'] = C_UPPER, ['X'] = C_UPPER, ['Y'] = C_UPPER,
    ['Z'] = C_UPPER,
    ['a'] = C_LOWER, ['b'] = C_LOWER, ['c'] = C_LOWER, ['d'] = C_LOWER, ['e'] = C_LOWER,
    ['f'] = C_LOWER, ['g'] = C_LOWER, ['h'] = C_LOWER, ['i'] = C_LOWER, ['j'] = C_LOWER,
    ['k'] = C_LOWER, ['l'] = C_LOWER, ['m'] = C_LOWER, ['n'] = C_LOWER, ['o'] = C_LOWER,
    ['p'] = C_LOWER, ['q'] = C_LOWER, ['r'] = C_LOWER, ['s'] = C_LOWER, ['t'] = C_LOWER,
    ['u'] = C_LOWER, ['v'] = C_LOWER, ['w'] = C_LOWER, ['x'] = C_LOWER, ['y'] = C_LOWER,
    ['z'] = C_LOWER,
    ['.'] = C_PUNCT, [','] = C_PUNCT, [';'] = C_PUNCT, [':'] = C_PUNCT, ['!'] = C_PUNCT,
    ['?'] = C_PUNCT, ['('] = C_PUNCT, [')'] = C_PUNCT, ['['] = C_PUNCT, [']'] = C_PUNCT,
    ['{'] = C_PUNCT, ['}'] = C_PUNCT, ['"'] = C_PUNCT,
    ['-'] = C_HYPHEN,
    ['\''] = C_APOS, ['`'] = C_APOS,
};

/* Decodes the code point at s[i] (valid UTF-8 is guaranteed by the reader;
 * a stray byte is read as itself). Returns its length. */
static size_t decode(const char *s, size_t n, size_t i, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &u);
    if (k <= 0) {
        *cp = c;
        return 1;
    }
    *cp = u;
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
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static bool is_space_cp(int32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x2028 || c == 0x2029 ||
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
    case 0x201E: case 0x201F: case 0x2039: case 0x203A: case 0x02BC:
        return true;
    default:
        return false;
    }
}

/* What tokenize leaves per token for the passes after it (arrays in the
 * arena, as long as a->toks): bits that say which pass has something to do
 * at the token, so that the passes skip the others eight at a time, and the
 * hash of the folded form that the lexicon looks up (a->tokhash). */
enum {
    TB_SENT = 1, /* a sentence may end here: . ! ? or "...", a dotted
                  * abbreviation, or a line break comes next */
    TB_NUM = 2,  /* digits, or a word that passes the number words' first test */
    TB_QUOTE = 4, /* a quotation mark: " or ' (any shape) */
    TB_DATE = SR_TM_DATE, /* for the dates stage (a->tokmarks, which these bits are) */
    TB_WORDS = SR_TM_WORDS, /* for sr_tok_word_classes (words.c): a word by its
                             * hash (numfilter), every other token (punctuation
                             * marks are words of data/words.txt too) */
    TB_NWORD = 32, /* a word that passes the first test of a number word of any
                    * role (numfilter; never another kind of token) */
    TB_CAP = SR_TM_CAP /* SR_TF_CAP, for the stages after this one */
};
_Static_assert((TB_NWORD & (TB_SENT | TB_NUM | TB_QUOTE | TB_DATE | TB_WORDS)) == 0, "TB_NWORD is a bit of its own");
_Static_assert((TB_CAP & (TB_SENT | TB_NUM | TB_QUOTE | TB_DATE | TB_WORDS | TB_NWORD)) == 0, "TB_CAP is a bit of its own");

/* TB_CAP for a word whose first `upper` letters are capitals (0 to 16), with no branch: the
 * word is capitalised (SR_TF_CAP) when upper is not 0 */
static inline unsigned cap_bit(unsigned upper) { return (upper + TB_CAP - 1) & TB_CAP; }

/* The bits of a one-byte punctuation token (C_PUNCT or C_HYPHEN), by its byte. */
static const uint8_t punct_bits[256] = {
    ['.'] = TB_SENT | TB_WORDS, ['!'] = TB_SENT | TB_WORDS, ['?'] = TB_SENT | TB_WORDS, ['"'] = TB_QUOTE | TB_WORDS,
    [','] = TB_WORDS, [';'] = TB_WORDS, [':'] = TB_WORDS, ['('] = TB_WORDS, [')'] = TB_WORDS,
    ['['] = TB_WORDS, [']'] = TB_WORDS, ['{'] = TB_WORDS, ['}'] = TB_WORDS, ['-'] = TB_WORDS,
};

/* ---- number words ---- */

/* The words of data/numbers.txt by the hash that the lexicon gives a word
 * (sr_lex_token_hash, which tokenize keeps per token), with their roles, so
 * that most tokens are turned away without a lexicon lookup (another word
 * of the same hash only costs that lookup, which is exact), and the parsed
 * attributes of each entry, so that none is parsed twice. Built once per
 * lexicon and thread (the lexicon is read-only and holds the same data in
 * every context). */
#define NF_SLOTS 512 /* power of two, well above the number of words */

enum { NW_SINGLE = 1, NW_MULTI = 2, NW_SECOND = 4 };

typedef struct numword {
    size_t len;          /* tokens */
    double value, mult;
    bool has_value, has_mult, tens, ordinal, vague;
} numword;

typedef struct numfilter {
    const sr_lexicon *lx;
    size_t count;
    /* by 12 bits of the hash: TB_NUM when a number word has them, TB_DATE
     * when a word that may start a date has them (sr_dates_start_word),
     * TB_WORDS when a word of data/words.txt has them (sr_words_mark); a
     * word token's bits are these (no false negative) */
    uint8_t numbits[4096];
    /* the same for the first words of data/abbreviations.txt, 1: a word
     * before a period whose bits are not set starts no entry, and needs no
     * walk (period_ends) */
    uint8_t abbrbits[4096];
    struct {
        uint64_t h;   /* the word's hash; 0: empty slot */
        uint8_t role; /* NW_* */
    } words[NF_SLOTS];
    struct {
        const sr_lex_entry *e;
        numword w;
    } parsed[NF_SLOTS];
} numfilter;

/* The roles (NW_*) of the word of hash h, 0 when it is no word of the
 * lexicon (or h is 0: a form of several words, or none). */
static inline unsigned nf_role(const numfilter *nf, uint64_t h)
{
    if (!h)
        return 0;
    for (size_t k = (size_t)h & (NF_SLOTS - 1);; k = (k + 1) & (NF_SLOTS - 1)) {
        if (nf->words[k].h == h)
            return nf->words[k].role;
        if (!nf->words[k].h)
            return 0;
    }
}

static void nf_add(numfilter *nf, const char *w, size_t n, unsigned role)
{
    uint64_t h = sr_lex_token_hash(w, n, n);
    if (!h)
        return;
    /* a word that only ever comes second ("of" of "tens of thousands")
     * starts no number: numbers() passes it by at no cost */
    if (role != NW_SECOND)
        nf->numbits[h >> 52] |= TB_NUM;
    nf->numbits[h >> 52] |= TB_NWORD;
    for (size_t k = (size_t)h & (NF_SLOTS - 1), probes = 0; probes < NF_SLOTS / 2;
         k = (k + 1) & (NF_SLOTS - 1), probes++) {
        if (!nf->words[k].h || nf->words[k].h == h) {
            nf->words[k].h = h;
            nf->words[k].role |= (uint8_t)role;
            return;
        }
    }
}

static const numfilter *number_filter(const sr_lexicon *lx)
{
    static _Thread_local numfilter nf;
    size_t count = sr_lex_count(lx, SR_LEX_NUMBERS);
    if (nf.lx == lx && nf.count == count)
        return &nf;
    memset(&nf, 0, sizeof nf);
    for (size_t i = 0; i < count; i++) {
        const char *w = sr_lex_get(lx, SR_LEX_NUMBERS, i)->norm;
        size_t n1 = strcspn(w, " ");
        if (!w[n1]) {
            nf_add(&nf, w, n1, NW_SINGLE);
        } else {
            nf_add(&nf, w, n1, NW_MULTI);
            const char *w2 = w + n1 + 1;
            nf_add(&nf, w2, strcspn(w2, " "), NW_SECOND);
        }
    }
    const char *dw;
    for (size_t i = 0; (dw = sr_dates_start_word(i)) != NULL; i++) {
        size_t n = strlen(dw);
        uint64_t h = sr_lex_token_hash(dw, n, n);
        if (h)
            nf.numbits[h >> 52] |= TB_DATE;
    }
    sr_words_mark(nf.numbits, TB_WORDS);
    for (size_t i = 0, na = sr_lex_count(lx, SR_LEX_ABBREVIATIONS); i < na; i++) {
        const char *w = sr_lex_get(lx, SR_LEX_ABBREVIATIONS, i)->norm;
        size_t n1 = strcspn(w, " ");
        uint64_t h = sr_lex_token_hash(w, n1, n1);
        if (h)
            nf.abbrbits[h >> 52] = 1;
    }
    nf.lx = lx;
    nf.count = count;
    return &nf;
}

/* ---- tokens ---- */

typedef struct seg {
    sr_annot *a;
    const numfilter *nf;
    /* the text and 16 zeros after it, for the fast path's windows (which
     * never take a zero for part of a token: the text's end ends a word,
     * a number or a hyphen's join as the other path's tests do) */
    const char *padded;
    uint8_t *bits;  /* cap + 64 bytes, zero past the tokens */
    uint64_t *hash; /* cap */
    size_t cap;
} seg;

/* Room for `want` tokens in a->toks and the arrays of g. */
static sitrep_status seg_grow(seg *g, size_t want)
{
    sr_annot *a = g->a;
    if (want < 2 * g->cap)
        want = 2 * g->cap;
    if (want > a->toks.cap && sr_vec_reserve(&a->toks, want - a->toks.len) != SITREP_OK)
        return SITREP_ENOMEM;
    uint8_t *bits = sr_arena_alloc(&a->arena, want + 64);
    uint64_t *hash = sr_arena_alloc_raw(&a->arena, want * sizeof *hash); /* written per token */
    if (!bits || !hash)
        return SITREP_ENOMEM;
    if (a->toks.len) {
        memcpy(bits, g->bits, a->toks.len);
        memcpy(hash, g->hash, a->toks.len * sizeof *hash);
    }
    g->bits = bits;
    g->hash = hash;
    g->cap = want;
    return SITREP_OK;
}

static inline uint64_t load_le64(const void *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline void store_le64(void *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    memcpy(p, &w, 8);
}

#define HIGHS 0x8080808080808080ULL

/* The high bit of each byte of w (eight bytes of text, little-endian) that
 * is an ASCII letter. */
static inline uint64_t ascii_letters(uint64_t w)
{
    uint64_t x = (w | 0x2020202020202020ULL) & 0x7f7f7f7f7f7f7f7fULL; /* A-Z as a-z */
    uint64_t ge_a = x + 0x1f1f1f1f1f1f1f1fULL;                        /* high bit: x >= 'a' */
    uint64_t gt_z = x + 0x0505050505050505ULL;                        /* high bit: x > 'z' */
    return ge_a & ~gt_z & ~w & HIGHS;                                 /* ~w: not the byte of another character */
}

static inline sr_mark_scan tok_scan_of(const seg *g, unsigned bit) { return sr_mark_scan_of(g->bits, bit); }

/* The first token k in [i, end) with the scan's bit, or end (sr_mark_next). */
static inline size_t next_tok(sr_mark_scan *sc, size_t i, size_t end)
{
    WORK();
    return sr_mark_next(sc, i, end);
}

/* The bits and hash of token idx, just pushed (every token but the words
 * of the fast path, which do it inline). */
static inline void note_tok(seg *g, size_t idx)
{
    sr_annot *a = g->a;
    const sr_token *t = &a->toks.items[idx];
    const char *w = a->norm.data + t->norm;
    size_t n = t->norm_len;
    unsigned b = TB_WORDS;
    uint64_t h = sr_lex_token_hash(w, n, a->norm.cap - t->norm);
    if (t->kind == SR_TOK_PUNCT) {
        if (w[0] == '.' || w[0] == '!' || w[0] == '?')
            b |= TB_SENT;
        else if (w[0] == '"' || w[0] == '\'')
            b |= TB_QUOTE;
    } else if (t->kind == SR_TOK_WORD) {
        b = t->end - t->start >= 4 && a->text[t->end - 1] == '.' ? TB_SENT : 0;
        if (h)
            b |= g->nf->numbits[h >> 52];
    } else if (t->kind == SR_TOK_NUMBER) {
        b |= TB_NUM | TB_DATE;
    }
    if (t->flags & SR_TF_CAP)
        b |= TB_CAP;
    g->bits[idx] = (uint8_t)b;
    if ((t->flags & SR_TF_NEWLINE) && idx > 0)
        g->bits[idx - 1] |= TB_SENT;
    g->hash[idx] = h;
}

/* Room for n more bytes (and a NUL) in a->norm; NULL when out of memory.
 * The capacity test is inline: the hot path makes no call. */
static inline char *norm_room(sr_annot *a, size_t n)
{
    if (SR_UNLIKELY(a->norm.len + n + 2 > a->norm.cap) && sr_buf_reserve(&a->norm, n + 2) != SITREP_OK)
        return NULL;
    return a->norm.data + a->norm.len;
}

static inline sitrep_status tok_push(seg *g, const sr_token *t)
{
    sr_annot *a = g->a;
    if (SR_UNLIKELY(a->toks.len == g->cap) && seg_grow(g, a->toks.len + 1) != SITREP_OK)
        return SITREP_ENOMEM;
    a->toks.items[a->toks.len] = *t;
    note_tok(g, a->toks.len++);
    return SITREP_OK;
}

/* Pushes a token whose folded form is its bytes, lower-cased when `lower`
 * (plain ASCII letters: c | 0x20 lower-cases them all). */
static inline sitrep_status push_plain(seg *g, size_t start, size_t end, sr_tok_kind kind, unsigned flags,
                                       bool lower)
{
    sr_annot *a = g->a;
    size_t n = end - start;
    char *o = norm_room(a, n);
    if (!o)
        return SITREP_ENOMEM;
    const char *s = a->text + start;
    if (lower)
        for (size_t k = 0; k < n; k++)
            o[k] = (char)(s[k] | 0x20);
    else
        for (size_t k = 0; k < n; k++)
            o[k] = s[k];
    o[n] = '\0';
    sr_token t;
    t.start = (uint32_t)start;
    t.end = (uint32_t)end;
    t.norm = (uint32_t)a->norm.len;
    t.norm_len = (uint16_t)n;
    t.kind = (uint8_t)kind;
    t.flags = (uint8_t)flags;
    t.sent = 0;
    a->norm.len += n + 1;
    return tok_push(g, &t);
}

/* Appends the folded form of s[0,n) to a->norm and fills t->norm. ASCII
 * words are lower-cased in place (apostrophes dropped, as fold.h does);
 * anything else goes through sr_fold, which appends to the same buffer. */
static sitrep_status put_norm(sr_annot *a, sr_token *t, const char *s, size_t n, bool ascii)
{
    sr_buf *b = &a->norm;
    size_t at = b->len;
    if (sr_buf_reserve(b, n + 2) != SITREP_OK)
        return SITREP_ENOMEM;
    if (!ascii) {
        /* ASCII letters with curly apostrophes ("Aleppo’s", "don’t") fold
         * without utf8proc: the apostrophes go, as in sr_fold */
        ascii = true;
        for (size_t i = 0; i < n && ascii; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x80)
                ascii = c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                        ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99) && (i += 2, true);
        }
    }
    if (ascii) {
        char *o = b->data + at;
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == '\'' || c == '`')
                continue;
            if (c == 0xE2) { /* ‘ or ’ */
                i += 2;
                continue;
            }
            o[k++] = (char)(c | ((c >= 'A' && c <= 'Z') ? 0x20 : 0));
        }
        b->len = at + k;
    } else if (sr_fold(s, n, b) != SITREP_OK) {
        return SITREP_ENOMEM;
    }
    size_t nl = b->len - at;
    if (nl > UINT16_MAX) { /* an absurd token: keep it, with no folded form */
        b->len = at;
        nl = 0;
    }
    if (sr_buf_putc(b, '\0') != SITREP_OK)
        return SITREP_ENOMEM;
    t->norm = (uint32_t)at;
    t->norm_len = (uint16_t)nl;
    return SITREP_OK;
}

static sitrep_status push_token(seg *g, size_t start, size_t end, sr_tok_kind kind, unsigned flags, bool ascii)
{
    sr_annot *a = g->a;
    sr_token t = {0};
    t.start = (uint32_t)start;
    t.end = (uint32_t)end;
    t.kind = (uint8_t)kind;
    t.flags = (uint8_t)flags;
    const char *s = a->text + start;
    size_t n = end - start;
    if (kind == SR_TOK_PUNCT && !ascii) {
        /* quotes and dashes of every shape fold to one form */
        int32_t c;
        decode(a->text, a->len, start, &c);
        const char *f = NULL;
        if (c == 0x201C || c == 0x201D || c == 0x00AB || c == 0x00BB || c == 0x201E || c == 0x201F)
            f = "\"";
        else if (c == 0x2018 || c == 0x2019 || c == 0x2039 || c == 0x203A || c == 0x02BC)
            f = "'";
        else if (c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x2010 || c == 0x2011)
            f = "-";
        else if (c == 0x2026)
            f = "...";
        if (f) {
            s = f;
            n = strlen(f);
            ascii = true;
        }
    }
    if (kind == SR_TOK_PUNCT || kind == SR_TOK_SYMBOL) {
        /* punctuation is kept as written (folding would erase it) */
        sr_buf *b = &a->norm;
        size_t at = b->len;
        if (n > UINT16_MAX)
            n = 0;
        if (sr_buf_put(b, s, n) != SITREP_OK || sr_buf_putc(b, '\0') != SITREP_OK)
            return SITREP_ENOMEM;
        t.norm = (uint32_t)at;
        t.norm_len = (uint16_t)n;
    } else if (put_norm(a, &t, s, n, ascii) != SITREP_OK) {
        return SITREP_ENOMEM;
    }
    return tok_push(g, &t);
}

/* Length of an abbreviation with inner periods at s[i] ("U.S.", "a.m.",
 * "U.N.", "e.g."): letter groups of one or two letters, each followed by a
 * period, at least two groups, and not followed by a letter or digit. 0 when
 * there is none. */
static size_t dotted_abbrev(const char *s, size_t n, size_t i)
{
    size_t j = i, groups = 0;
    while (j < n) {
        size_t k = j;
        while (k < n && k - j < 3 && sr_isalpha((unsigned char)s[k]))
            k++;
        if (k == j || k - j > 2 || k >= n || s[k] != '.')
            break;
        j = k + 1;
        groups++;
    }
    if (groups < 2)
        return 0;
    if (j < n && sr_isalnum((unsigned char)s[j]))
        return 0;
    return j - i;
}

/* Reads a word from s[i] (a letter). Inner apostrophes followed by a letter
 * stay inside ("don't", "O'Brien", "Ja’afari"), except the possessive 's,
 * which the caller makes a token of its own. Sets *ascii when the word is
 * plain ASCII letters, *cap and *allcaps from its letters. */
static size_t scan_word(const char *s, size_t n, size_t i, bool *ascii, bool *cap, bool *allcaps)
{
    size_t j = i;
    bool as = true, upper_all = true;
    size_t nletters = 0;
    int32_t first;
    decode(s, n, i, &first);
    *cap = is_upper_letter(first);
    while (j < n) {
        unsigned char c = (unsigned char)s[j];
        if (c < 0x80) {
            uint8_t cl = cclass[c];
            if (cl == C_UPPER || cl == C_LOWER) {
                if (cl == C_LOWER)
                    upper_all = false;
                nletters++;
                j++;
                continue;
            }
            if (c == '\'' && j > i && j + 1 < n) {
                int32_t e;
                size_t m2 = decode(s, n, j + 1, &e);
                bool possessive = (e == 's' || e == 'S') &&
                                  (j + 1 + m2 >= n || !sr_isalnum((unsigned char)s[j + 1 + m2]));
                if (is_letter(e) && !possessive) {
                    j++; /* put_norm drops the apostrophe */
                    continue;
                }
            }
            break;
        }
        int32_t d;
        size_t m = decode(s, n, j, &d);
        if (is_letter(d)) {
            utf8proc_category_t cat = utf8proc_category(d);
            if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_LM)
                upper_all = false;
            if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC && cat != UTF8PROC_CATEGORY_ME)
                nletters++;
            as = false;
            j += m;
            continue;
        }
        if (is_apostrophe_cp(d) && j > i && j + m < n) {
            int32_t e;
            size_t m2 = decode(s, n, j + m, &e);
            bool possessive = (e == 's' || e == 'S') &&
                              (j + m + m2 >= n || !sr_isalnum((unsigned char)s[j + m + m2]));
            if (is_letter(e) && !possessive) {
                as = false;
                j += m;
                continue;
            }
        }
        break;
    }
    *ascii = as;
    *allcaps = upper_all && nletters >= 2;
    return j;
}

/* The word fast path writes folded bytes without a capacity test: a->norm
 * always has room for twice the bytes not yet read (an ASCII token of L
 * bytes adds at most L + 1). Other tokens may fold longer ("ß" is "ss"),
 * so the room is restored after each of them. */
static inline sitrep_status keep_room(sr_annot *a, size_t left)
{
    if (SR_UNLIKELY(a->norm.len + 2 * left + 64 > a->norm.cap))
        return sr_buf_reserve(&a->norm, 2 * left + 64);
    return SITREP_OK;
}

/* The bytes that may follow a word of the fast path: 1 for ASCII other
 * than an apostrophe, 2 for a period (not after one or two letters: a
 * dotted abbreviation), 0 for the rest. */
static const uint8_t word_end[256] = {
    [0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [' '] = 1, 1, 1, 1, 1, 1, 1, 0 /* ' */, 1, 1, 1, 1, 1, 1, 2 /* . */, 1,
    ['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['@'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['`'] = 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* ---- the fast path's word reader ----
 * One call reads the window of 16 bytes at p (all readable) and returns
 * the length of the run of ASCII letters it starts with: 0 when p is no
 * letter, 16 when the window holds letters only. It stores the run's
 * folded form at o, 16 bytes of which may be written (the form, a NUL,
 * then anything); *f is the same 16 bytes, zero past the run (the hash's
 * input, form_lo and form_hi), and *upper the length of the run of
 * capitals it starts with (the word's case flags without a branch: one
 * word in five or so is capitalised, too many to predict). With SSE2
 * (every x86-64) the 16 bytes are tested at once; elsewhere byte by byte. */
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>

/* prefix[k]: k bytes 0xff, then zeros (one aligned load by k). */
#define P(k) (k > 0 ? 0xff : 0), (k > 1 ? 0xff : 0), (k > 2 ? 0xff : 0), (k > 3 ? 0xff : 0), (k > 4 ? 0xff : 0), \
             (k > 5 ? 0xff : 0), (k > 6 ? 0xff : 0), (k > 7 ? 0xff : 0), (k > 8 ? 0xff : 0), (k > 9 ? 0xff : 0), \
             (k > 10 ? 0xff : 0), (k > 11 ? 0xff : 0), (k > 12 ? 0xff : 0), (k > 13 ? 0xff : 0),                \
             (k > 14 ? 0xff : 0), (k > 15 ? 0xff : 0)
static _Alignas(16) const uint8_t prefix[17][16] = {{P(0)},  {P(1)},  {P(2)},  {P(3)},  {P(4)},  {P(5)},
                                                     {P(6)},  {P(7)},  {P(8)},  {P(9)},  {P(10)}, {P(11)},
                                                     {P(12)}, {P(13)}, {P(14)}, {P(15)}, {P(16)}};
#undef P

/* A folded form of up to 16 bytes, zero past it, in a register. The high
 * half is taken out only for forms longer than 8 bytes (form_hash). */
typedef __m128i form16;
static inline uint64_t form_lo(form16 f) { return (uint64_t)_mm_cvtsi128_si64(f); }
static inline uint64_t form_hi(form16 f) { return (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(f, f)); }

static inline unsigned ascii_word(const char *p, char *o, form16 *f, unsigned *upper)
{
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i x = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* A-Z as a-z */
    /* x - 'a' is below 26 for a to z only (the bytes of other characters
     * are 0x80 and up); 0x66 more, saturated, sets the high bit of the
     * others: no compare, no constant to copy first */
    __m128i not_letter =
        _mm_adds_epu8(_mm_sub_epi8(x, _mm_set1_epi8('a')), _mm_set1_epi8((char)(0x80 - 26)));
    /* bit 16 set: the counts stop at 16 */
    unsigned not_letters = (unsigned)_mm_movemask_epi8(not_letter) | 0x10000u;
    unsigned len = (unsigned)__builtin_ctz(not_letters);
    /* a letter is a capital when its bit 0x20 is clear: the capitals
     * that start the run end at the first byte with that bit, or no letter */
    unsigned bit20 = (unsigned)_mm_movemask_epi8(_mm_slli_epi16(v, 2));
    *upper = (unsigned)__builtin_ctz(bit20 | not_letters);
    *f = _mm_and_si128(x, _mm_load_si128((const __m128i *)prefix[len]));
    _mm_storeu_si128((__m128i *)o, *f);
    return len;
}

/* Copies the len bytes at p (1 to 15; 16 readable) to o (16 writable),
 * NUL after them; *f as ascii_word's. */
static inline void ascii_copy(const char *p, char *o, unsigned len, form16 *f)
{
    *f = _mm_and_si128(_mm_loadu_si128((const __m128i *)p),
                       _mm_load_si128((const __m128i *)prefix[len]));
    _mm_storeu_si128((__m128i *)o, *f);
}

/* The bytes from p (a digit; 16 readable) that tokenize's rule for digits
 * takes at once, at most 15 (the rest are read byte by byte): digits, and
 * a comma or period before a digit. One test of the 16 bytes, not a branch
 * a byte that ends at a length not to predict. */
static inline unsigned digit_run(const char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i x = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    unsigned digits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(9)), x));
    unsigned seps = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
    unsigned run = digits | (seps & (digits >> 1));
    unsigned len = (unsigned)__builtin_ctz(~run);
    return len < 15 ? len : 15;
}
#else
typedef struct form16 {
    uint64_t lo, hi;
} form16;
static inline uint64_t form_lo(form16 f) { return f.lo; }
static inline uint64_t form_hi(form16 f) { return f.hi; }

static inline unsigned ascii_word(const char *p, char *o, form16 *f, unsigned *upper)
{
    unsigned len = 0, up = 0;
    while (len < 16 && sr_isalpha((unsigned char)p[len]))
        len++;
    while (up < len && sr_isupper((unsigned char)p[up]))
        up++;
    uint64_t w[2] = {0, 0};
    for (unsigned k = 0; k < len; k++)
        w[k / 8] |= (uint64_t)((unsigned char)p[k] | 0x20) << (8 * (k % 8));
    store_le64(o, w[0]);
    store_le64(o + 8, w[1]);
    f->lo = w[0];
    f->hi = w[1];
    *upper = up;
    return len;
}

static inline void ascii_copy(const char *p, char *o, unsigned len, form16 *f)
{
    uint64_t w[2] = {0, 0};
    for (unsigned k = 0; k < len; k++)
        w[k / 8] |= (uint64_t)(unsigned char)p[k] << (8 * (k % 8));
    store_le64(o, w[0]);
    store_le64(o + 8, w[1]);
    f->lo = w[0];
    f->hi = w[1];
}

static inline unsigned digit_run(const char *p)
{
    (void)p;
    return 1; /* the digit: the rest byte by byte */
}
#endif

/* sr_lex_token_hash of a form of len bytes (1 to 16, no space) given as
 * ascii_word's f (lx_piece_hash: 8 bytes a step; sr_lex_hash8 for 8 bytes
 * or fewer). Both steps are taken and the second kept by a mask, with no
 * branch: one word in six or so is longer than 8 bytes, too many to
 * predict, and nothing waits on the hash but its own stores. */
static inline uint64_t form_hash(form16 f, unsigned len)
{
    uint64_t first = sr_lex_mix(SR_LEX_SEED ^ len, form_lo(f));
    uint64_t second = sr_lex_mix(first, form_hi(f));
#if defined(__GNUC__) && defined(__x86_64__)
    /* a cmov: the compilers turn a choice between the two back into the branch */
    __asm__("cmpl $8, %[len]\n\tcmova %[second], %[first]" : [first] "+r"(first) : [second] "r"(second), [len] "r"(len) : "cc");
#else
    first ^= (first ^ second) & -(uint64_t)(len > 8);
#endif
    uint64_t h = first * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    return h ? h : 1;
}

/* Stores the fields of a token at t; its sentence is 0 until the sentence
 * pass sets it (the lexicon's walks in that pass run on through the
 * tokens of sentence 0: those not yet placed). */
static inline void put_tok(sr_token *t, size_t start, size_t end, uint32_t norm, unsigned len, unsigned kind,
                           unsigned flags)
{
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->norm = norm;
    t->norm_len = (uint16_t)len;
    t->kind = (uint8_t)kind;
    t->flags = (uint8_t)flags;
    t->sent = 0;
}

/* The case flags of a word of len ASCII letters (1 to 15) whose first
 * `upper` are capitals: an upper case first letter; all capitals, two or
 * more. A table: one word in five or so is capitalised, too many to
 * predict. */
#define CF(l, u) ((u) ? SR_TF_CAP | ((u) == (l) && (l) >= 2 ? SR_TF_ALLCAPS : 0) : 0)
/* a table by length l and capitals u, 16 by 16, of the values M(l, u) */
#define LU_ROW(M, l)                                                                                              \
    {M(l, 0), M(l, 1), M(l, 2),  M(l, 3),  M(l, 4),  M(l, 5),  M(l, 6),  M(l, 7),                              \
     M(l, 8), M(l, 9), M(l, 10), M(l, 11), M(l, 12), M(l, 13), M(l, 14), M(l, 15)}
#define LU_TABLE(M)                                                                                               \
    {LU_ROW(M, 0),  LU_ROW(M, 1),  LU_ROW(M, 2),  LU_ROW(M, 3),  LU_ROW(M, 4),  LU_ROW(M, 5),                   \
     LU_ROW(M, 6),  LU_ROW(M, 7),  LU_ROW(M, 8),  LU_ROW(M, 9),  LU_ROW(M, 10), LU_ROW(M, 11),                  \
     LU_ROW(M, 12), LU_ROW(M, 13), LU_ROW(M, 14), LU_ROW(M, 15)}
static const uint8_t case_flags[16][16] = LU_TABLE(CF);

/* The last three fields of the token of a word of len letters (1 to 15),
 * `upper` of them leading capitals, after a space (most words): norm_len,
 * kind and flags in one copy of four bytes from a table. */
typedef struct tok_tail {
    uint16_t norm_len;
    uint8_t kind, flags;
} tok_tail;
_Static_assert(offsetof(sr_token, kind) == offsetof(sr_token, norm_len) + 2 &&
                   offsetof(sr_token, flags) == offsetof(sr_token, norm_len) + 3 && sizeof(tok_tail) == 4,
               "sr_token's norm_len, kind and flags as tok_tail");
#define TT(l, u) {l, SR_TOK_WORD, SR_TF_SPACE | CF(l, u)}
static const tok_tail spaced_word[16][16] = LU_TABLE(TT);
#undef TT
#undef LU_TABLE
#undef LU_ROW
#undef CF

/* A line break before the token whose bits are at bp: the token before
 * may end a sentence. */
static inline void newline_before(const seg *g, uint8_t *bp, unsigned pending)
{
    if (SR_UNLIKELY(pending & SR_TF_NEWLINE) && bp > g->bits)
        bp[-1] |= TB_SENT;
}

/* The fast path of tokenize: words of 1 to 15 ASCII letters that end in
 * ASCII other than an apostrophe and are not a short word before a period
 * (a dotted abbreviation), the ASCII punctuation of C_PUNCT, hyphens (a
 * token, or the SR_TF_HYPHEN flag of the next), digits, and the spaces and
 * line breaks between them, from s[i] to the text's end (the windows are
 * read from g->padded). A word takes one
 * 16-byte read and one 16-byte write of its folded form (ascii_word); its
 * hash, case and bits are taken from the same registers with no branch
 * but on the word's length. Words after one space and before another, most
 * of the text, go round an inner loop of their own, which keeps few values
 * live: their flags are known but for the case, and their folded forms
 * keep the distance they have in the text. There is no capacity test:
 * tokenize keeps room in a->norm for twice the bytes left and 64 more,
 * which an ASCII token never exceeds. The state lives in locals (the byte
 * stores could alias any field) and goes back to a at the first byte of
 * anything else (or of a longer word),
 * where the other path takes over; returns where that is. */
static size_t fast_words(seg *g, size_t i, unsigned *pendingp)
{
    sr_annot *a = g->a;
    const char *s = g->padded;
    const size_t n = a->len;
    const uint8_t *const numbits = g->nf->numbits;
    unsigned pending = *pendingp;
    char *const norm = a->norm.data;
    char *o = norm + a->norm.len; /* the next folded form */
    /* the next token's fields, hash and bits */
    sr_token *tp = a->toks.items + a->toks.len;
    uint64_t *hp = g->hash + a->toks.len;
    uint8_t *bp = g->bits + a->toks.len;
    /* a window is read at any byte of the text (16 bytes readable in the
     * padded copy), and every token takes a byte at least: below `end`
     * there is room for it (moved on when reached, as the tokens so far
     * took less room) */
    const size_t last = n;
    size_t end = i;
    for (;;) {
        if (SR_UNLIKELY(i >= end)) {
            end = i + (g->cap - (size_t)(tp - a->toks.items));
            if (end > last)
                end = last;
            if (i >= end)
                break;
        }
        WORK();
        form16 f;
        unsigned upper;
        unsigned len = ascii_word(s + i, o, &f, &upper);
        unsigned c0;
        if (SR_UNLIKELY(len == 0)) {
            c0 = (unsigned char)s[i];
        nonletter:; /* (the byte after a word comes here straight) */
            unsigned cl = cclass[c0];
            if (cl == C_SPACE) {
                pending |= SR_TF_SPACE;
                i++;
                continue;
            }
            if (cl == C_NL) {
                pending |= SR_TF_SPACE | SR_TF_NEWLINE;
                i++;
                continue;
            }
            if (cl == C_DIGIT) {
                /* digits with their separators: the token and bits of
                 * push_plain and note_tok (tokenize's rule for digits) */
                size_t j = i + digit_run(s + i);
                while (j < n && (sr_isdigit((unsigned char)s[j]) ||
                                 ((s[j] == ',' || s[j] == '.') && j + 1 < n && sr_isdigit((unsigned char)s[j + 1]))))
                    j++;
                size_t dlen = j - i;
                newline_before(g, bp, pending);
                if (dlen < 16) { /* most: one 16-byte copy, hashed from its registers */
                    ascii_copy(s + i, o, (unsigned)dlen, &f);
                    *hp++ = form_hash(f, (unsigned)dlen);
                } else {
                    memcpy(o, s + i, dlen);
                    o[dlen] = '\0';
                    *hp++ = sr_lex_token_hash(o, (uint16_t)dlen, a->norm.cap - (size_t)(o - norm));
                }
                put_tok(tp++, i, j, (uint32_t)(o - norm), (unsigned)dlen, SR_TOK_NUMBER, pending); /* (push_plain's length, however long) */
                *bp++ = TB_NUM | TB_DATE | TB_WORDS;
                o += dlen + 1;
                i = j;
                pending = 0;
                if (i < n && s[i] == ' ') {
                    pending = SR_TF_SPACE;
                    i++;
                }
                continue;
            }
            if (cl == C_HYPHEN) {
                /* tokenize's rule: a hyphen that joins a word or number to
                 * the letter or digit after it is not a token but the
                 * SR_TF_HYPHEN flag of the next ("al-Bab", "eighty-two") */
                if (!(pending & SR_TF_SPACE) && tp > a->toks.items && tp[-1].end == i &&
                    (tp[-1].kind == SR_TOK_WORD || tp[-1].kind == SR_TOK_NUMBER)) {
                    unsigned next = (unsigned char)s[i + 1];
                    if (sr_isalnum(next)) {
                        pending = SR_TF_HYPHEN;
                        i++;
                        continue;
                    }
                    if (next >= 0x80)
                        break; /* a letter of another script or not: the other path reads it */
                }
            } else if (cl != C_PUNCT) {
                break;
            }
            newline_before(g, bp, pending);
            /* one byte of punctuation or a hyphen, kept as written: the
             * token and bits of push_plain, push_token and note_tok */
            o[0] = (char)c0;
            o[1] = '\0';
            put_tok(tp++, i, i + 1, (uint32_t)(o - norm), 1, SR_TOK_PUNCT, pending);
            *hp++ = sr_lex_hash8(c0, 1);
            *bp++ = punct_bits[c0];
            o += 2;
            i++;
            pending = 0;
            if (s[i] == ' ') { /* most periods: the space after, here */
                pending = SR_TF_SPACE;
                i++;
            }
            continue;
        }
        newline_before(g, bp, pending);
    word:; /* a word of len letters at s[i], read by ascii_word, with the flags pending */
        if (SR_UNLIKELY(len == 16))
            break; /* 16 letters or more: the other path */
        unsigned d = (unsigned char)s[i + len];
        if (SR_UNLIKELY(d != ' ')) {
            unsigned e = word_end[d];
            if (!e || (e == 2 && len <= 2))
                break; /* the other path reads it */
        }
        uint64_t h = form_hash(f, len);
        put_tok(tp++, i, i + len, (uint32_t)(o - norm), len, SR_TOK_WORD, pending | case_flags[len][upper]);
        *hp++ = h;
        /* the bits that note_tok would give it, stored without a branch:
         * one word in ten passes the number words' test, too many to
         * predict (h is not 0), TB_DATE and TB_WORDS; TB_CAP by its case */
        *bp++ = numbits[h >> 52] | cap_bit(upper);
        o += len + 1;
        i += len;
        pending = 0;
        if (SR_UNLIKELY(d != ' ')) {
            if (i >= end)
                continue;
            c0 = d; /* punctuation, most often: no window to read */
            goto nonletter;
        }
        /* the words after it, each after one space: the flags are
         * SR_TF_SPACE and the case, and o stays at ob + i */
        i++;
        char *const ob = o - i;
        const uint32_t delta = (uint32_t)(o - norm) - (uint32_t)i;
        for (;;) {
            if (SR_UNLIKELY(i >= end))
                break;
            WORK();
            len = ascii_word(s + i, ob + i, &f, &upper);
            if (SR_UNLIKELY(len == 0 || len == 16))
                break;
            d = (unsigned char)s[i + len];
            if (SR_UNLIKELY(d != ' '))
                break;
            h = form_hash(f, len);
            sr_token *t = tp++;
            t->start = (uint32_t)i;
            t->end = (uint32_t)(i + len);
            t->norm = (uint32_t)i + delta;
            memcpy(&t->norm_len, &spaced_word[len][upper], sizeof(tok_tail));
            t->sent = 0;
            *hp++ = h;
            *bp++ = numbits[h >> 52] | cap_bit(upper);
            i += len + 1;
        }
        o = ob + i;
        pending = SR_TF_SPACE;
        if (i < end && len != 0 && len != 16) {
            WORK(); /* (counted twice: the bound of the loop stays) */
            goto word; /* a word before anything but a space, read */
        }
        /* the outer loop reads it again (the bound reached, no letter, a
         * longer word) */
    }
    a->norm.len = (size_t)(o - norm);
    a->toks.len = (size_t)(tp - a->toks.items);
    *pendingp = pending;
    return i;
}

static sitrep_status tokenize(seg *g)
{
    sr_annot *a = g->a;
    const char *s = a->text;
    size_t n = a->len, i = 0;
    char *padded = sr_arena_alloc_raw(&a->arena, n + 16);
    if (!padded || seg_grow(g, n / 5 + 16) != SITREP_OK || sr_buf_reserve(&a->norm, 2 * n + 64) != SITREP_OK)
        return SITREP_ENOMEM;
    if (n)
        memcpy(padded, s, n);
    memset(padded + n, 0, 16);
    g->padded = padded;
    unsigned pending = SR_TF_SPACE; /* text start counts as a space */
    while (i < n) {
        i = fast_words(g, i, &pending);
        if (i >= n)
            break;
        /* one token of any other kind */
        unsigned char c0 = (unsigned char)s[i];
        uint8_t cl;
        int32_t c;
        size_t k;
        if (c0 < 0x80) {
            cl = cclass[c0];
            c = c0;
            k = 1;
            if (cl == C_PUNCT) {
                unsigned f = pending;
                pending = 0;
                if (push_plain(g, i, i + 1, SR_TOK_PUNCT, f, false) != SITREP_OK)
                    return SITREP_ENOMEM;
                i++;
                continue;
            }
        } else {
            k = decode(s, n, i, &c);
            cl = is_space_cp(c) ? (c == 0x2028 || c == 0x2029 || c == 0x85 ? C_NL : C_SPACE)
                 : is_letter(c) ? C_LOWER
                 : is_hyphen_cp(c) ? C_HYPHEN
                 : is_punct_cp(c) ? C_PUNCT
                                   : C_OTHER;
        }
        if (cl == C_SPACE) {
            pending |= SR_TF_SPACE;
            i += k;
            continue;
        }
        if (cl == C_NL) {
            pending |= SR_TF_SPACE | SR_TF_NEWLINE;
            i += k;
            continue;
        }
        size_t start = i;
        unsigned flags = pending;
        pending = 0;
        /* A hyphen joining two words or numbers is not a token: it becomes
         * the SR_TF_HYPHEN flag of the next one ("al-Bab", "eighty-two",
         * "5,000-13,000"). */
        if (cl == C_HYPHEN && !(flags & SR_TF_SPACE) && a->toks.len > 0 && i + k < n) {
            const sr_token *prev = &a->toks.items[a->toks.len - 1];
            int32_t next;
            decode(s, n, i + k, &next);
            if ((prev->kind == SR_TOK_WORD || prev->kind == SR_TOK_NUMBER) && prev->end == i &&
                (is_letter(next) || sr_isdigit(next))) {
                pending = SR_TF_HYPHEN;
                i += k;
                continue;
            }
        }
        if (cl == C_DIGIT) {
            /* digits, with thousands separators and decimal or date dots */
            size_t j = i + 1;
            while (j < n) {
                if (sr_isdigit((unsigned char)s[j]))
                    j++;
                else if ((s[j] == ',' || s[j] == '.') && j + 1 < n && sr_isdigit((unsigned char)s[j + 1]))
                    j++;
                else
                    break;
            }
            if (push_plain(g, start, j, SR_TOK_NUMBER, flags, false) != SITREP_OK)
                return SITREP_ENOMEM;
            i = j;
            continue;
        }
        if (cl == C_UPPER || cl == C_LOWER) {
            size_t ab = 0;
            /* a dotted abbreviation is one token, final period included */
            if (c0 < 0x80 && i + 1 < n && (s[i + 1] == '.' || (i + 2 < n && s[i + 2] == '.')))
                ab = dotted_abbrev(s, n, i);
            bool ascii = true, cap, allcaps;
            size_t j;
            if (ab) {
                j = i + ab;
                cap = cl == C_UPPER;
                allcaps = cap;
                for (size_t q = i; q < j; q++)
                    if (sr_isalpha((unsigned char)s[q]) && !sr_isupper((unsigned char)s[q]))
                        allcaps = false;
            } else {
                j = scan_word(s, n, i, &ascii, &cap, &allcaps);
            }
            unsigned f = flags | (cap ? SR_TF_CAP : 0) | (allcaps ? SR_TF_ALLCAPS : 0);
            if (push_token(g, start, j, SR_TOK_WORD, f, ascii) != SITREP_OK || keep_room(a, n - j) != SITREP_OK)
                return SITREP_ENOMEM;
            i = j;
            /* possessive: "Syria's" gives "Syria" and "'s" */
            if (i < n) {
                int32_t d;
                size_t m = decode(s, n, i, &d);
                if (is_apostrophe_cp(d) && i + m < n && (s[i + m] == 's' || s[i + m] == 'S') &&
                    (i + m + 1 >= n || !sr_isalnum((unsigned char)s[i + m + 1]))) {
                    if (push_token(g, i, i + m + 1, SR_TOK_WORD, 0, m == 1) != SITREP_OK ||
                        keep_room(a, n - i - m - 1) != SITREP_OK)
                        return SITREP_ENOMEM;
                    i += m + 1;
                }
            }
            continue;
        }
        sr_tok_kind kind = (cl == C_PUNCT || cl == C_HYPHEN || cl == C_APOS) ? SR_TOK_PUNCT : SR_TOK_SYMBOL;
        if (push_token(g, start, i + k, kind, flags, c0 < 0x80) != SITREP_OK || keep_room(a, n - i - k) != SITREP_OK)
            return SITREP_ENOMEM;
        i += k;
    }
    return SITREP_OK;
}



/* ---- token tests ---- */

static inline const sr_token *tok(const sr_annot *a, size_t i) { return &a->toks.items[i]; }

/* The first byte of a punctuation token's folded form ('.', '"', '-', ...),
 * or 0 for other tokens. "..." gives '.'. */
static inline char punct(const sr_annot *a, size_t i)
{
    const sr_token *t = tok(a, i);
    return t->kind == SR_TOK_PUNCT && t->norm_len ? a->norm.data[t->norm] : 0;
}

static inline bool norm_is(const sr_annot *a, size_t i, const char *w)
{
    const sr_token *t = tok(a, i);
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(a->norm.data + t->norm, w, n) == 0;
}

static inline bool is_terminal(const sr_annot *a, size_t i)
{
    char c = punct(a, i);
    return c == '.' || c == '!' || c == '?';
}

/* Quotes and closing brackets that may follow a sentence's final mark. */
static inline bool is_closer(const sr_annot *a, size_t i)
{
    char c = punct(a, i);
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}';
}

static inline bool is_lower_word(const sr_token *t)
{
    return t->kind == SR_TOK_WORD && !(t->flags & (SR_TF_CAP | SR_TF_ALLCAPS));
}

/* The lexicon entry of `id` that is exactly token i, or NULL. */
static const sr_lex_entry *entry1(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_lex_id id)
{
    const sr_lex_entry *e = NULL;
    size_t len = sr_lex_longest(lx, a, i, id, &e);
    return len == 1 ? e : NULL;
}

static bool attr_is(const sr_lex_entry *e, const char *key, const char *val)
{
    const char *v = e ? sr_lex_attr(e, key) : NULL;
    return v && strcmp(v, val) == 0;
}

/* ---- sentences ---- */

/* Does a sentence start at token k (the token after a final mark)? Yes at
 * the end of the text, on a new line, or after a space before a capitalised
 * word, a number or an opening quote or bracket that is not followed by a
 * lower-case word; no before a lower-case word ("U.S. officials", "...? he
 * asked") or without a space. */
static bool starts_sentence(const sr_annot *a, size_t k)
{
    size_t ntok = a->toks.len;
    if (k >= ntok)
        return true;
    const sr_token *t = tok(a, k);
    if (t->flags & SR_TF_NEWLINE)
        return true;
    if (!(t->flags & SR_TF_SPACE))
        return false;
    switch (t->kind) {
    case SR_TOK_WORD:
        return (t->flags & (SR_TF_CAP | SR_TF_ALLCAPS)) != 0;
    case SR_TOK_NUMBER:
        return true;
    case SR_TOK_PUNCT: {
        char c = punct(a, k);
        if (c == '"' || c == '\'' || c == '(' || c == '[') {
            /* an opening quote or bracket: look at what it opens */
            for (size_t j = k + 1; j < ntok && j < k + 4; j++) {
                const sr_token *u = tok(a, j);
                if (u->kind == SR_TOK_PUNCT)
                    continue;
                return !is_lower_word(u);
            }
            return true;
        }
        return !(c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '-' || c == '.');
    }
    default:
        return true;
    }
}

/* A number of at most three digits that opens a line, followed by "." or
 * ")": a list marker ("1. Skip to content"), not the end of a sentence. */
static bool is_list_marker(const sr_annot *a, size_t num)
{
    const sr_token *t = tok(a, num);
    return t->kind == SR_TOK_NUMBER && t->end - t->start <= 3 && (num == 0 || (t->flags & SR_TF_NEWLINE));
}

/* Does the period at token dot end a sentence? Not after an initial ("A.
 * Ismail", "George W. Bush"), a title ("Gen.", "Dr.", "Lt. Col."), "No."
 * or a month abbreviation before a number, an abbreviation that is never
 * final ("vs."), or a list marker; unless the line ends there. Then it ends
 * the sentence when the next sentence can start after it. */
static bool period_ends(const sr_lexicon *lx, const numfilter *nf, const sr_annot *a, size_t dot, size_t after)
{
    if (dot == 0)
        return starts_sentence(a, after);
    const sr_token *prev = tok(a, dot - 1);
    const sr_token *p = tok(a, dot);
    bool next_newline = after >= a->toks.len || (tok(a, after)->flags & SR_TF_NEWLINE);
    bool next_number = after < a->toks.len && tok(a, after)->kind == SR_TOK_NUMBER;
    if (prev->end == p->start && a->norm.data[p->norm + 1] == '\0') { /* "." glued to the word before */
        if (prev->kind == SR_TOK_WORD) {
            size_t len = prev->end - prev->start;
            if (len == 1 && (prev->flags & SR_TF_CAP))
                return next_newline; /* an initial */
            if (len <= 8) {
                uint64_t h = a->tokhash[dot - 1]; /* (0: a form of several words, which the walk reads) */
                const sr_lex_entry *e =
                    h && !nf->abbrbits[h >> 52] ? NULL : entry1(lx, a, dot - 1, SR_LEX_ABBREVIATIONS);
                if (e) {
                    const char *type = sr_lex_attr(e, "type");
                    if (type && (strcmp(type, "title") == 0 || strcmp(type, "other") == 0))
                        return next_newline;
                    if (type && strcmp(type, "number") == 0 && next_number)
                        return false;
                }
                if (next_number && (prev->flags & SR_TF_CAP)) {
                    const sr_lex_entry *m = entry1(lx, a, dot - 1, SR_LEX_DATES);
                    if (attr_is(m, "type", "month") && sr_lex_attr(m, "abbr"))
                        return false; /* "Sept. 5" */
                }
            }
        } else if (prev->kind == SR_TOK_NUMBER && is_list_marker(a, dot - 1) && after < a->toks.len &&
                   (tok(a, after)->flags & SR_TF_SPACE) && !(tok(a, after)->flags & SR_TF_NEWLINE)) {
            return false;
        }
    }
    return starts_sentence(a, after);
}

/* After a dotted abbreviation ("U.S.", "p.m."), the sentence ends only at a
 * line break or before a word that starts sentences and is never part of a
 * name (data/abbreviations.txt, type=starter): "... in the U.S. The ...". */
static bool dotted_ends(const sr_lexicon *lx, const sr_annot *a, size_t i)
{
    size_t k = i + 1;
    if (k >= a->toks.len)
        return true;
    const sr_token *t = tok(a, k);
    if (t->flags & SR_TF_NEWLINE)
        return true;
    if (!(t->flags & SR_TF_SPACE) || t->kind != SR_TOK_WORD || !(t->flags & SR_TF_CAP))
        return false;
    return attr_is(entry1(lx, a, k, SR_LEX_ABBREVIATIONS), "type", "starter");
}


/* Two line breaks in the whitespace before token i. */
static bool blank_line_before(const sr_annot *a, size_t i)
{
    if (i == 0 || !(tok(a, i)->flags & SR_TF_NEWLINE))
        return false;
    uint32_t from = tok(a, i - 1)->end, to = tok(a, i)->start;
    int nl = 0;
    for (uint32_t p = from; p < to; p++)
        if (a->text[p] == '\n' && ++nl >= 2)
            return true;
    return false;
}

/* A line break ends the sentence unless the text plainly runs on: the next
 * line starts with a lower-case word, or this line ends with a comma, a
 * hyphen or a lower-case word of three letters or fewer ("of", "the",
 * "and"), with no blank line between (hard-wrapped text). */
static bool line_runs_on(const sr_annot *a, size_t i)
{
    size_t k = i + 1;
    if (blank_line_before(a, k))
        return false;
    const sr_token *next = tok(a, k), *last = tok(a, i);
    if (is_lower_word(next))
        return true;
    char c = punct(a, i);
    if (c == ',')
        return true;
    if (is_lower_word(last) && last->norm_len <= 3 && next->kind == SR_TOK_WORD)
        return true;
    return false;
}

static size_t date_chain(const sr_annot *a, size_t i, size_t *next);

/* The dateline at the start of a text: an optional dateline word
 * ("Published", "Posted on", "Date of publication"), an optional weekday,
 * then day month year or month day year (data/dates.txt), followed on the
 * same line by more text. Returns the index of the year token, or -1. */
static long dateline_end(const sr_lexicon *lx, const sr_annot *a, size_t p)
{
    size_t ntok = a->toks.len, k = p;
    const sr_lex_entry *e = NULL;
    size_t len = sr_lex_longest(lx, a, k, SR_LEX_ABBREVIATIONS, &e);
    bool lead = len && attr_is(e, "type", "dateline");
    if (lead)
        k += len;
    if (k < ntok && punct(a, k) == ':')
        k++;
    if (k >= ntok)
        return -1;
    if (tok(a, k)->flags & SR_TF_CAP) {
        len = sr_lex_longest(lx, a, k, SR_LEX_DATES, &e);
        if (len == 1 && attr_is(e, "type", "weekday")) {
            k++;
            if (k < ntok && punct(a, k) == ',')
                k++;
        }
    }
    /* "17-08-2013": day, month and year joined by hyphens or slashes */
    if (tok(a, k)->kind == SR_TOK_NUMBER && tok(a, k)->end - tok(a, k)->start <= 2) {
        size_t after;
        if (date_chain(a, k, &after) == 3 && after - k == 3 && tok(a, after - 1)->end - tok(a, after - 1)->start == 4 &&
            after < ntok && !(tok(a, after)->flags & SR_TF_NEWLINE) && (tok(a, after)->flags & SR_TF_SPACE) &&
            (lead || tok(a, after)->kind == SR_TOK_NUMBER || (tok(a, after)->flags & SR_TF_CAP)))
            return (long)after - 1;
    }
    size_t day = 0, month = 0;
    for (int part = 0; part < 2 && k < ntok; part++) {
        const sr_token *t = tok(a, k);
        if (t->kind == SR_TOK_NUMBER && t->end - t->start <= 2 && !day) {
            day = k + 1;
            k++;
        } else if (t->kind == SR_TOK_WORD && (t->flags & SR_TF_CAP) && !month &&
                   sr_lex_longest(lx, a, k, SR_LEX_DATES, &e) == 1 && attr_is(e, "type", "month")) {
            month = k + 1;
            k++;
            if (k < ntok && punct(a, k) == '.' && !(tok(a, k)->flags & SR_TF_SPACE))
                k++;
        } else {
            return -1;
        }
    }
    if (!day || !month)
        return -1;
    if (k < ntok && punct(a, k) == ',')
        k++;
    if (k >= ntok)
        return -1;
    const sr_token *y = tok(a, k);
    if (y->kind != SR_TOK_NUMBER || y->end - y->start != 4 || (y->flags & SR_TF_NEWLINE))
        return -1;
    int year = atoi(a->text + y->start);
    if (year < 1900 || year > 2099)
        return -1;
    if (k + 1 >= ntok)
        return -1;
    const sr_token *nx = tok(a, k + 1);
    if ((nx->flags & SR_TF_NEWLINE) || !(nx->flags & SR_TF_SPACE))
        return -1; /* the line ends there anyway, or runs on with no space */
    /* with no dateline word, the text must go on like a new sentence
     * ("12 February 2015 Casualties mount ...", not "5 May 2016 the army") */
    if (!lead && !(nx->kind == SR_TOK_NUMBER || (nx->kind == SR_TOK_WORD && (nx->flags & SR_TF_CAP)) ||
                   punct(a, k + 1) == '"'))
        return -1;
    return (long)k;
}

/* A title that runs into the lead of a one-line text ("Six Killed in Aleppo
 * Bombing as Evacuation of 4 Syrian Towns Resumes Six people were
 * killed..."): when the first sentence opens with at least four title-case
 * words (every word of four letters or more capitalised) and then turns to
 * lower case, the lead starts at the capitalised word before the first
 * lower-case word of four letters or more (skipping short lower-case words:
 * "A day after"), provided the lead goes on in the same line to a sentence
 * end. Returns the index of the last title token, or -1. */
static long title_run_end(const sr_annot *a, size_t p)
{
    size_t ntok = a->toks.len;
    size_t j = p;
    for (; j < ntok && j < p + 60; j++) {
        const sr_token *t = tok(a, j);
        if (j > p && (t->flags & SR_TF_NEWLINE))
            return -1;
        if (is_terminal(a, j))
            return -1;
        if (t->kind == SR_TOK_WORD && is_lower_word(t) && t->norm_len >= 4)
            break;
    }
    if (j >= ntok || j >= p + 60 || j == p)
        return -1;
    size_t b = j - 1;
    while (b > p && is_lower_word(tok(a, b)) && tok(a, b)->norm_len <= 3)
        b--;
    if (b <= p || tok(a, b)->kind != SR_TOK_WORD || !(tok(a, b)->flags & SR_TF_CAP))
        return -1;
    size_t titled = 0;
    for (size_t q = p; q < b; q++) {
        const sr_token *t = tok(a, q);
        if (t->kind == SR_TOK_WORD && t->norm_len >= 4 && (t->flags & (SR_TF_CAP | SR_TF_ALLCAPS)))
            titled++;
    }
    if (titled < 4)
        return -1;
    /* the lead runs on in the same line to a sentence end (a title line of
     * its own is left to the line-break rule) */
    for (size_t q = b; q < ntok && q < b + 200; q++) {
        if (tok(a, q)->flags & SR_TF_NEWLINE)
            return -1;
        if (is_terminal(a, q))
            return q >= b + 6 ? (long)b - 1 : -1;
    }
    return -1;
}

static sitrep_status push_sentence(sr_annot *a, size_t start, size_t last, uint32_t paragraph, uint32_t flags)
{
    sr_sentence se = {0};
    se.tok_start = (uint32_t)start;
    se.tok_end = (uint32_t)(last + 1);
    se.start = tok(a, start)->start;
    se.end = tok(a, last)->end;
    se.paragraph = paragraph;
    se.flags = flags;
    uint32_t idx = (uint32_t)a->sents.len;
    /* eight tokens a step: the loop's own count and test cost more than
     * the store (counted in tokens: a difference of token pointers is a
     * division) */
    sr_token *t = a->toks.items + start;
    size_t left = last + 1 - start;
#define SENT8(t)                                                                                                  \
    do {                                                                                                          \
        WORK();                                                                                                   \
        (t)[0].sent = idx, (t)[1].sent = idx, (t)[2].sent = idx, (t)[3].sent = idx;                               \
        (t)[4].sent = idx, (t)[5].sent = idx, (t)[6].sent = idx, (t)[7].sent = idx;                               \
    } while (0)
    if (SR_LIKELY(left >= 8)) {
        /* the last eight tokens in one step, over those of the loop: a
         * loop for the rest would end at a count not to predict, once more
         * a sentence */
        sr_token *last8 = t + left - 8;
        for (; t < last8; t += 8)
            SENT8(t);
        SENT8(last8);
    } else {
        for (; left; left--, t++) {
            WORK();
            t->sent = idx;
        }
    }
#undef SENT8
    /* (no pass of this stage reads the flag: the lexicon's walks in this
     * one do not) */
    a->toks.items[start].flags |= SR_TF_SENT_START;
    return sr_vec_push(&a->sents, se);
}

/* A sentence that is a whole line with no final mark (closing quotes and
 * brackets aside) is a heading: "Merkel: Aleppo crimes cannot go
 * unpunished", “Regime Atrocities”. A line ending in ":" or "," is not. */
static bool is_heading(const sr_annot *a, size_t start, size_t last)
{
    if (start > 0 && !(tok(a, start)->flags & SR_TF_NEWLINE))
        return false;
    if (last + 1 < a->toks.len && !(tok(a, last + 1)->flags & SR_TF_NEWLINE))
        return false;
    size_t k = last;
    while (k > start && is_closer(a, k))
        k--;
    char c = punct(a, k);
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ',' || c == ';')
        return false;
    for (size_t q = start; q <= last; q++)
        if (tok(a, q)->kind == SR_TOK_WORD || tok(a, q)->kind == SR_TOK_NUMBER)
            return true;
    return false;
}

static sitrep_status sentences(const sr_lexicon *lx, seg *g)
{
    sr_annot *a = g->a;
    size_t ntok = a->toks.len;
    if (!ntok)
        return SITREP_OK;
    if (sr_vec_reserve(&a->sents, ntok / 16 + 4) != SITREP_OK)
        return SITREP_ENOMEM;
    /* forced breaks at the start of the text: a dateline, a title that runs
     * into the lead */
    long forced[2] = {-1, -1};
    uint32_t forced_flags[2] = {0, 0};
    {
        size_t p = 0;
        long d = dateline_end(lx, a, 0);
        int nf = 0;
        if (d >= 0) {
            forced[nf] = d;
            forced_flags[nf++] = SR_SF_DATELINE;
            p = (size_t)d + 1;
        }
        long t = title_run_end(a, p);
        if (t >= (long)p) {
            forced[nf] = t;
            forced_flags[nf++] = SR_SF_HEADING;
        }
    }
    int fi = 0;
    long next_forced = forced[0];
    size_t start = 0;
    uint32_t paragraph = 0;
    const sr_token *toks = a->toks.items;
    const char *norm = a->norm.data;
    sr_mark_scan scan = tok_scan_of(g, TB_SENT);
    for (size_t i = 0; i < ntok; i++) {
        /* the next token where a sentence may end: one that tokenize marked
         * TB_SENT, a forced break or the last token (the others end none) */
        size_t lim = next_forced >= (long)i && (size_t)next_forced < ntok - 1 ? (size_t)next_forced : ntok - 1;
        i = next_tok(&scan, i, lim);
        WORK();
        const sr_token *t = &toks[i];
        bool end_here = false;
        size_t last = i;
        uint32_t flags = 0;
        if (SR_UNLIKELY((long)i == next_forced)) {
            end_here = true;
            flags = forced_flags[fi++];
            next_forced = fi < 2 ? forced[fi] : -1;
        } else if (t->kind == SR_TOK_PUNCT) {
            char c = norm[t->norm];
            if (c == '.' || c == '!' || c == '?') {
                /* closing quotes and brackets belong to the sentence they close */
                while (last + 1 < ntok && (is_closer(a, last + 1) || is_terminal(a, last + 1)) &&
                       !(toks[last + 1].flags & SR_TF_SPACE)) {
                    WORK();
                    last++;
                }
                if (c == '.' && t->norm_len == 1 && last == i)
                    end_here = period_ends(lx, g->nf, a, i, last + 1);
                else
                    end_here = starts_sentence(a, last + 1);
                if (!end_here)
                    i = last; /* no mark of this run can end the sentence: skip it */
            }
        } else if (t->kind == SR_TOK_WORD && t->end - t->start >= 4 && a->text[t->end - 1] == '.') {
            end_here = dotted_ends(lx, a, i); /* "U.S.", "p.m." */
        }
        if (!end_here) {
            if (i + 1 >= ntok)
                end_here = true;
            else if (toks[i + 1].flags & SR_TF_NEWLINE)
                end_here = !line_runs_on(a, i);
            if (!end_here)
                continue;
            last = i;
        }
        if (!flags && is_heading(a, start, last))
            flags = SR_SF_HEADING;
        if (push_sentence(a, start, last, paragraph, flags) != SITREP_OK)
            return SITREP_ENOMEM;
        i = last;
        start = last + 1;
        if (start < ntok && blank_line_before(a, start))
            paragraph++;
    }
    return SITREP_OK;
}

/* ---- quotes ---- */

/* Which way a quotation mark faces: +1 opens, -1 closes, 0 cannot tell.
 * Curly and angle quotes say it themselves; a straight quote opens after a
 * space or an opening bracket and before a non-space, and closes after a
 * non-space. */
static int quote_dir(const sr_annot *a, size_t i)
{
    const sr_token *t = tok(a, i);
    const unsigned char *s = (const unsigned char *)a->text + t->start;
    size_t len = t->end - t->start;
    if (len == 3 && s[0] == 0xE2 && s[1] == 0x80) {
        if (s[2] == 0x9C || s[2] == 0x98 || s[2] == 0x9E || s[2] == 0x9F)
            return +1; /* “ ‘ „ ‟ */
        if (s[2] == 0x9D || s[2] == 0x99)
            return -1; /* ” ’ */
        if (s[2] == 0xB9)
            return +1; /* ‹ */
        if (s[2] == 0xBA)
            return -1; /* › */
    }
    if (len == 2 && s[0] == 0xC2 && s[1] == 0xAB)
        return +1; /* « */
    if (len == 2 && s[0] == 0xC2 && s[1] == 0xBB)
        return -1; /* » */
    bool space_before = (t->flags & SR_TF_SPACE) || (i > 0 && (punct(a, i - 1) == '(' || punct(a, i - 1) == '['));
    bool space_after = i + 1 >= a->toks.len || (tok(a, i + 1)->flags & SR_TF_SPACE);
    if (space_before && !space_after)
        return +1;
    if (!space_before)
        return -1;
    return 0;
}

/* Marks tokens [from, to) quoted, and their sentences in quoted (a byte
 * per sentence, or NULL). */
static void mark_range(sr_annot *a, size_t from, size_t to, uint8_t *quoted)
{
    for (size_t k = from; k < to; k++) {
        WORK();
        a->toks.items[k].flags |= SR_TF_QUOTED;
    }
    /* each of these sentences has a token in the range: no more steps */
    if (quoted && from < to)
        for (uint32_t s = a->toks.items[from].sent; s <= a->toks.items[to - 1].sent; s++)
            quoted[s] = 1;
}

/* Does a unit of mark_quotes start at sentence s (0 < s < a->sents.len)?
 * A unit is a paragraph, or a line that ends a sentence (pages whose
 * paragraphs are single lines). */
static inline bool unit_starts(const sr_annot *a, size_t s)
{
    const sr_sentence *se = a->sents.items;
    return se[s].paragraph != se[s - 1].paragraph || (a->toks.items[se[s].tok_start].flags & SR_TF_NEWLINE);
}

/* The first token of the unit after the one of sentence s: of the first
 * sentence after s that starts a unit, or the end of the text. */
static size_t unit_end(const sr_annot *a, size_t s)
{
    for (s++; s < a->sents.len; s++) {
        WORK();
        if (unit_starts(a, s))
            return a->sents.items[s].tok_start;
    }
    return a->toks.len;
}

/* Tokens between matching quotation marks are SR_TF_QUOTED. Quotes pair up
 * within a unit: a paragraph, or a line that ends a sentence (unit_starts),
 * so a stray quote cannot flip the rest of an article: an opening quote
 * with no closing one in its unit quotes nothing, unless it opens the unit
 * (a quotation that runs on into the next paragraph, news style). A second
 * opening double quote while one is open means the first was stray. Single
 * quotes pair the same way but only within 40 tokens, since ’ is also an
 * apostrophe ("rebels’ positions"). The pass goes from quotation mark to
 * quotation mark (TB_QUOTE); the units matter only where the marks are: the
 * start of a mark's unit is found back from its sentence, no further than
 * the last mark's. */
static void mark_quotes(seg *g)
{
    sr_annot *a = g->a;
    size_t ntok = a->toks.len;
    long dq = -1, sq = -1;
    size_t cur = 0;        /* the sentence of the last mark (its unit is the open one) */
    size_t unit_start = 0; /* the first token of that unit */
    bool any = false;
    const char *norm = a->norm.data;
    /* the sentences with a quoted token, for the count at the end (NULL when
     * out of memory: then every sentence is counted) */
    uint8_t *quoted = sr_arena_alloc(&a->arena, a->sents.len + 1);
    sr_mark_scan scan = tok_scan_of(g, TB_QUOTE);
    for (size_t i = 0; i < ntok; i++) {
        /* the quotation marks only (TB_QUOTE) */
        if ((i = next_tok(&scan, i, ntok)) >= ntok)
            break;
        WORK();
        const sr_token *t = &a->toks.items[i];
        if (t->kind != SR_TOK_PUNCT)
            continue;
        size_t s = t->sent;
        if (s != cur) {
            size_t u = s;
            while (u > cur && !unit_starts(a, u)) {
                WORK();
                u--;
            }
            if (u > cur) { /* a unit of its own: the open one ends */
                if (dq >= 0 && (size_t)dq == unit_start) {
                    mark_range(a, (size_t)dq + 1, unit_end(a, cur), quoted);
                    any = true;
                }
                dq = sq = -1;
                unit_start = a->sents.items[u].tok_start;
            }
            cur = s;
        }
        char c = norm[t->norm];
        if (c == '"') {
            int d = quote_dir(a, i);
            if (d == 0)
                d = dq >= 0 ? -1 : +1;
            if (d > 0) {
                dq = (long)i;
            } else if (dq >= 0) {
                mark_range(a, (size_t)dq + 1, i, quoted);
                any = true;
                dq = -1;
            }
        } else if (c == '\'') {
            int d = quote_dir(a, i);
            if (d > 0) {
                if (i + 1 < ntok && a->toks.items[i + 1].kind != SR_TOK_PUNCT)
                    sq = (long)i;
            } else if (d < 0 && sq >= 0) {
                if (i - (size_t)sq <= 40) {
                    mark_range(a, (size_t)sq + 1, i, quoted);
                    any = true;
                }
                sq = -1;
            }
        }
    }
    if (dq >= 0 && (size_t)dq == unit_start) {
        mark_range(a, (size_t)dq + 1, unit_end(a, cur), quoted);
        any = true;
    }
    if (!any)
        return;
    /* a sentence whose words are mostly quoted is a quote */
    for (size_t s = 0; s < a->sents.len; s++) {
        if (quoted && !quoted[s])
            continue;
        sr_sentence *se = &a->sents.items[s];
        size_t words = 0, nquoted = 0;
        for (uint32_t k = se->tok_start; k < se->tok_end; k++) {
            WORK();
            const sr_token *t = tok(a, k);
            if (t->kind == SR_TOK_WORD || t->kind == SR_TOK_NUMBER) {
                words++;
                if (t->flags & SR_TF_QUOTED)
                    nquoted++;
            }
        }
        if (words && nquoted * 2 > words)
            se->flags |= SR_SF_QUOTE;
    }
}

/* ---- boilerplate ---- */

/* Tokens that start inside a boilerplate span are SR_TF_BOILER, and so is
 * a sentence all of whose tokens are. Tokens are in text order, so each
 * span's first token is found by a search that gallops from the last
 * span's end (steps 1, 2, 4 ...) and then halves: the work follows the
 * spans and their tokens (a logarithm of the tokens between), not the whole
 * text. */
static void mark_boiler(sr_annot *a)
{
    if (!a->boiler.len)
        return;
    size_t lo = 0, ntok = a->toks.len;
    for (size_t b = 0; b < a->boiler.len; b++) {
        const sitrep_span *span = &a->boiler.items[b];
        size_t hi = lo;
        for (size_t step = 1; hi < ntok && a->toks.items[hi].start < span->start; step *= 2) {
            WORK();
            lo = hi + 1;
            hi += step;
        }
        if (hi > ntok)
            hi = ntok;
        while (lo < hi) {
            WORK();
            size_t mid = lo + (hi - lo) / 2;
            if (a->toks.items[mid].start < span->start)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < ntok && a->toks.items[lo].start < span->end; lo++) {
            WORK();
            a->toks.items[lo].flags |= SR_TF_BOILER;
        }
    }
    for (size_t s = 0; s < a->sents.len; s++) {
        sr_sentence *se = &a->sents.items[s];
        bool all = true;
        for (uint32_t i = se->tok_start; i < se->tok_end && all; i++)
            all = (tok(a, i)->flags & SR_TF_BOILER) != 0;
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
    bool in_frac = false, seen_comma = false;
    size_t group = 0;
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
            if (seen_comma && group != 3)
                return false;
            in_frac = true;
            *decimal = true;
        } else {
            return false;
        }
    }
    if (seen_comma && !in_frac && group != 3)
        return false;
    *out = v + frac;
    return true;
}

/* The attributes of entry e, parsed once and kept in the filter. */
static numword parse_numword(const numfilter *cnf, const sr_lex_entry *e)
{
    numfilter *nf = (numfilter *)cnf; /* the thread's own cache */
    size_t k = ((uintptr_t)e >> 4) & (NF_SLOTS - 1);
    for (size_t probes = 0; probes < NF_SLOTS; probes++, k = (k + 1) & (NF_SLOTS - 1)) {
        if (nf->parsed[k].e == e)
            return nf->parsed[k].w;
        if (!nf->parsed[k].e)
            break;
    }
    numword w;
    memset(&w, 0, sizeof w);
    w.len = e->ntok;
    const char *v = sr_lex_attr(e, "value"), *m = sr_lex_attr(e, "multiplier");
    if (v) {
        w.value = strtod(v, NULL);
        w.has_value = true;
    }
    if (m) {
        w.mult = strtod(m, NULL);
        w.has_mult = w.mult > 0;
    }
    w.tens = sr_lex_attr(e, "tens") != NULL;
    w.ordinal = sr_lex_attr(e, "ordinal") != NULL;
    w.vague = sr_lex_attr(e, "vague") != NULL;
    if (!nf->parsed[k].e) {
        nf->parsed[k].e = e;
        nf->parsed[k].w = w;
    }
    return w;
}

/* The data/numbers.txt entry at token i, if any. */
static bool numword_at(const sr_lexicon *lx, const numfilter *nf, const sr_annot *a, size_t i, numword *w)
{
    /* most tokens asked (the one after a number) are no number word: their
     * bits say so, with no test of their kind and no probe of the table */
    if (i >= a->toks.len || !(a->tokmarks[i] & TB_NWORD))
        return false;
    unsigned role = nf_role(nf, a->tokhash[i]);
    if (!role)
        return false;
    if (!(role & NW_SINGLE)) {
        /* only the start of longer entries ("a" of "a dozen"): look at the
         * next word before asking the lexicon */
        if (i + 1 >= a->toks.len || !(nf_role(nf, a->tokhash[i + 1]) & NW_SECOND))
            return false;
    }
    const sr_lex_entry *e = NULL;
    if (!sr_lex_longest(lx, a, i, SR_LEX_NUMBERS, &e) || !e)
        return false;
    *w = parse_numword(nf, e);
    return w->has_value || w->has_mult;
}

enum { S_START, S_UNIT, S_TEEN, S_TENS, S_TENS_UNIT, S_HUNDRED, S_BIG, S_AND, S_VAGUE, S_DONE };

/* Reads a number told in words from token i ("eighty-two", "two hundred and
 * fifty", "a dozen", "several hundred", "tens of thousands", "twenty-first").
 * Returns the token after it (i when there is none). */
static size_t words_number(const sr_lexicon *lx, const numfilter *nf, const sr_annot *a, size_t i,
                           double *value, uint32_t *flags)
{
    double total = 0, cur = 0, last_big = INFINITY;
    int state = S_START;
    size_t k = i, end = i;
    uint32_t f = SR_NF_WORDS;
    numword w;
    while (k < a->toks.len && state != S_DONE) {
        WORK();
        if (k > i && state != S_START && norm_is(a, k, "and") && (state == S_HUNDRED || state == S_BIG)) {
            /* "two hundred and fifty": "and" only before a smaller number */
            numword nx;
            if (numword_at(lx, nf, a, k + 1, &nx) && nx.has_value && !nx.has_mult && !nx.vague && nx.value < 100) {
                state = S_AND;
                k++;
                continue;
            }
            break;
        }
        if (!numword_at(lx, nf, a, k, &w))
            break;
        bool ok = true;
        if (w.ordinal) {
            /* "first", "twenty-first", "one hundred and first" */
            if (state == S_START || state == S_HUNDRED || state == S_BIG || state == S_AND ||
                (state == S_TENS && w.value < 10)) {
                cur += w.value;
                f |= SR_NF_ORDINAL;
                state = S_DONE;
            } else {
                ok = false;
            }
        } else if (w.vague && w.has_value) {
            if (state == S_START) {
                cur = w.value;
                f |= SR_NF_VAGUE;
                state = S_VAGUE;
            } else if (state == S_VAGUE && w.has_mult) { /* "several hundreds" */
                cur *= w.mult;
                state = S_DONE;
            } else {
                ok = false;
            }
        } else if (w.has_mult) {
            bool complete = w.has_value; /* "a hundred", "a dozen" */
            if (state == S_START) {
                if (!complete) {
                    ok = false;
                } else {
                    cur = 1;
                }
            } else if (complete) {
                ok = false;
            }
            if (ok && state == S_VAGUE) {
                cur *= w.mult; /* "several hundred", "a few thousand", "several dozen" */
                if (w.mult >= 1000) {
                    total += cur;
                    cur = 0;
                    last_big = w.mult;
                    state = S_BIG;
                } else {
                    state = w.mult == 100 ? S_HUNDRED : S_DONE;
                }
            } else if (ok) {
                if (state != S_START && state != S_UNIT && state != S_TEEN && state != S_TENS &&
                    state != S_TENS_UNIT && !(state == S_HUNDRED && w.mult >= 1000))
                    ok = false;
                else if (w.mult == 100) {
                    if (cur >= 100 || state == S_HUNDRED)
                        ok = false;
                    else {
                        cur *= 100;
                        state = S_HUNDRED;
                    }
                } else if (w.mult < 100) { /* dozen, score */
                    if (state != S_START && state != S_UNIT && state != S_TEEN)
                        ok = false;
                    else {
                        cur *= w.mult;
                        state = S_DONE;
                    }
                } else if (w.mult >= last_big) {
                    ok = false;
                } else {
                    total += cur * w.mult;
                    cur = 0;
                    last_big = w.mult;
                    state = S_BIG;
                }
            }
        } else if (w.has_value && w.tens) {
            if (state == S_START || state == S_HUNDRED || state == S_BIG || state == S_AND) {
                cur += w.value;
                state = S_TENS;
            } else {
                ok = false;
            }
        } else if (w.has_value && w.value < 10 && w.value >= 1) {
            if (state == S_START || state == S_HUNDRED || state == S_BIG || state == S_AND) {
                cur += w.value;
                state = S_UNIT;
            } else if (state == S_TENS) {
                cur += w.value;
                state = S_TENS_UNIT;
            } else {
                ok = false;
            }
        } else if (w.has_value) { /* teens, zero, "half a dozen" */
            if (state == S_START || state == S_HUNDRED || state == S_BIG || state == S_AND) {
                cur += w.value;
                state = S_TEEN;
            } else {
                ok = false;
            }
        }
        if (!ok)
            break;
        k += w.len;
        end = k;
    }
    *value = total + cur;
    *flags = f;
    return end;
}

/* "one" as a pronoun: after "no", "any", "every", "each", "the", "this",
 * "that", "which", or before "another" or "'s". */
static bool one_pronoun(const sr_annot *a, size_t i)
{
    if (!norm_is(a, i, "one"))
        return false;
    if (i > 0) {
        static const char *const before[] = {"no", "any", "every", "each", "the", "this", "that", "which"};
        for (size_t k = 0; k < SR_ARRAY_LEN(before); k++)
            if (norm_is(a, i - 1, before[k]))
                return true;
    }
    if (i + 1 < a->toks.len) {
        if (norm_is(a, i + 1, "another"))
            return true;
        if (norm_is(a, i + 1, "s") && tok(a, i + 1)->start == tok(a, i)->end)
            return true; /* "one's" */
    }
    return false;
}

/* Number tokens joined by hyphens or slashes with no space, three or more
 * of them ("10-07-2016", "10/07/2016"), are a date: not numbers. Returns the
 * number of tokens in the chain that starts at i. */
static size_t date_chain(const sr_annot *a, size_t i, size_t *next)
{
    size_t k = i, parts = 1;
    while (k + 1 < a->toks.len) {
        const sr_token *t = tok(a, k + 1);
        if (t->kind == SR_TOK_NUMBER && (t->flags & SR_TF_HYPHEN)) {
            k++;
            parts++;
        } else if (t->kind == SR_TOK_SYMBOL && t->start == tok(a, k)->end && a->text[t->start] == '/' &&
                   k + 2 < a->toks.len && tok(a, k + 2)->kind == SR_TOK_NUMBER && tok(a, k + 2)->start == t->end) {
            k += 2;
            parts++;
        } else {
            break;
        }
    }
    *next = k + 1;
    return parts;
}

static sitrep_status push_number(sr_annot *a, size_t from, size_t to, double v, uint32_t flags)
{
    sr_number num = {0};
    num.tok_start = (uint32_t)from;
    num.tok_end = (uint32_t)to;
    num.start = tok(a, from)->start;
    num.end = tok(a, to - 1)->end;
    num.value = v;
    num.flags = flags;
    return sr_vec_push(&a->nums, num);
}

static sitrep_status numbers(const sr_lexicon *lx, seg *g)
{
    sr_annot *a = g->a;
    const numfilter *nf = g->nf;
    size_t ntok = a->toks.len;
    sr_mark_scan scan = tok_scan_of(g, TB_NUM);
    for (size_t i = 0; i < ntok;) {
        /* digits and the words that pass the first test (TB_NUM) */
        if ((i = next_tok(&scan, i, ntok)) >= ntok)
            break;
        WORK();
        const sr_token *t = tok(a, i);
        if (t->kind == SR_TOK_NUMBER) {
            size_t after;
            if (date_chain(a, i, &after) >= 3) {
                i = after;
                continue;
            }
            /* a time of day, "10:30" (digits, a colon and two digits, no
             * space), is not a quantity */
            if (t->end - t->start <= 2 && i + 2 < ntok && punct(a, i + 1) == ':' && tok(a, i + 1)->start == t->end &&
                tok(a, i + 2)->kind == SR_TOK_NUMBER && tok(a, i + 2)->start == tok(a, i + 1)->end &&
                tok(a, i + 2)->end - tok(a, i + 2)->start == 2) {
                i += 3;
                continue;
            }
            double v;
            bool dec;
            if (!digits_value(a->text + t->start, t->end - t->start, &v, &dec)) {
                i++;
                continue;
            }
            bool plain = t->end - t->start == 4 && !dec && v >= 1900 && v <= 2099 &&
                         sr_isdigit((unsigned char)a->text[t->start + 1]);
            /* a number glued to a word is part of a name ("F-16", "Su-24",
             * "A320", "COVID-19"), unless it is a year ("mid-2015") */
            if (i > 0 && tok(a, i - 1)->kind == SR_TOK_WORD &&
                ((t->flags & SR_TF_HYPHEN) || tok(a, i - 1)->end == t->start) && !plain) {
                i++;
                continue;
            }
            /* a list marker ("1. Skip to content") is not a quantity */
            if (is_list_marker(a, i) && i + 1 < ntok && (punct(a, i + 1) == '.' || punct(a, i + 1) == ')') &&
                tok(a, i + 1)->start == t->end && i + 2 < ntok && (tok(a, i + 2)->flags & SR_TF_SPACE) &&
                !(tok(a, i + 2)->flags & SR_TF_NEWLINE) && tok(a, i + 2)->kind == SR_TOK_WORD) {
                i++;
                continue;
            }
            size_t end = i + 1;
            uint32_t flags = 0;
            numword w;
            if (end < ntok && numword_at(lx, nf, a, end, &w) && w.has_mult && !w.has_value) {
                /* "1.5 million", "3 million", "2.5bn", "two dozen" */
                v *= w.mult;
                end += w.len;
                plain = false;
                if (w.mult == 100 && end < ntok && numword_at(lx, nf, a, end, &w) && w.has_mult && !w.has_value &&
                    w.mult >= 1000) {
                    v *= w.mult;
                    end += w.len;
                }
            } else if (end < ntok && tok(a, end)->kind == SR_TOK_WORD && tok(a, end)->start == t->end &&
                       (norm_is(a, end, "st") || norm_is(a, end, "nd") || norm_is(a, end, "rd") ||
                        norm_is(a, end, "th"))) {
                flags |= SR_NF_ORDINAL; /* "3rd", "21st" */
                end++;
            }
            if (v != floor(v))
                flags |= SR_NF_DECIMAL;
            if (plain)
                flags |= SR_NF_YEARLIKE;
            if (push_number(a, i, end, v, flags) != SITREP_OK)
                return SITREP_ENOMEM;
            i = end;
            continue;
        }
        unsigned role;
        if (t->kind == SR_TOK_WORD && (role = nf_role(nf, g->hash[i])) != 0) {
            if (!(role & NW_SINGLE) && (i + 1 >= ntok || !(nf_role(nf, g->hash[i + 1]) & NW_SECOND))) {
                i++; /* "a" of "a dozen": the next word decides */
                continue;
            }
            double v;
            uint32_t flags;
            size_t end = words_number(lx, nf, a, i, &v, &flags);
            if (end > i) {
                if (end == i + 1 && one_pronoun(a, i))
                    flags |= SR_NF_PRONOUN;
                if (v != floor(v))
                    flags |= SR_NF_DECIMAL;
                if (push_number(a, i, end, v, flags) != SITREP_OK)
                    return SITREP_ENOMEM;
                i = end;
                continue;
            }
        }
        i++;
    }
    return SITREP_OK;
}

sitrep_status sr_segment(const sr_lexicon *lx, sr_annot *a)
{
    sitrep_status st;
    seg g = {a, number_filter(lx), NULL, NULL, NULL, 0};
    a->tokhash = NULL;
    a->tokmarks = NULL;
    if ((st = tokenize(&g)) != SITREP_OK)
        return st;
    a->tokhash = g.hash;
    a->tokmarks = g.bits;
    if ((st = sentences(lx, &g)) != SITREP_OK)
        return st;
    mark_quotes(&g);
    mark_boiler(a);
    if ((st = numbers(lx, &g)) != SITREP_OK)
        return st;
    return SITREP_OK;
}

long sr_number_at(const sr_annot *a, size_t tok_index)
{
    size_t lo = 0, hi = a->nums.len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a->nums.items[mid].tok_start < tok_index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->nums.len && a->nums.items[lo].tok_start == tok_index ? (long)lo : -1;
}
