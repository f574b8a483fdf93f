/* clean.c - marking the lines of a scraped page that are not the article.
 *
 * The text is read line by line; a line is boilerplate when it matches a
 * phrase of data/boilerplate.txt (whole line, prefix, suffix or a glued
 * image credit: see the header of that file) or one of these rules:
 *
 *  - menu:      a short line (three words at most, no final punctuation)
 *               right below a navigation line, with no blank line between,
 *               is a menu entry too ("3. Skip to more DW sites" / "Conflicts");
 *  - duplicate: two identical short lines one right after the other are a
 *               caption shown twice (image alt text and caption): both go;
 *  - sign-off:  a line of editors' initials joined by slashes, optionally
 *               followed by agencies in brackets, is a sign-off
 *               ("dm/rc (Reuters, AP, AFP)");
 *  - caption:   the line right above an image-credit line (no blank line
 *               between) is that image's caption;
 *  - section:   a line that repeats the section name announced by a
 *               "Skip next section ..." line is that section's heading.
 *
 * Besides whole lines, a trailing prompt or sign-off after the last
 * sentence of a line of any length is marked from its start to the end of
 * the line (match=tail: "... since 2011. Read Also"); this is the one mark
 * that one-paragraph texts (FA-KES) get.
 *
 * Captions duplicate the article's facts in other words and would be
 * counted twice, so a caption line that ends in an image credit is
 * boilerplate as a whole, not only its credit.
 *
 * Only short lines (at most SHORT_LINE bytes) are ever marked whole: a
 * paragraph of reporting is never boilerplate. Work is linear: of each line
 * only the bytes that a phrase can reach are folded (the whole line when it
 * is short, else its first and last few dozen bytes) and compared with the
 * phrases that share their first (or last) byte; tails are looked for in
 * the last TAIL_MAX bytes only.
 */
#include "clean.h"

#include "fold.h"

#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#define SHORT_LINE 300  /* longest line that can be boilerplate */
#define CREDIT_TAIL 100 /* an image credit starts within the last 100 bytes */
#define CREDIT_MAX 80   /* and is at most 80 bytes long */
#define MENU_WORDS 3
#define FOLD_CAP 1024

enum {
    M_LINE = 1 << 0,
    M_PREFIX = 1 << 1,
    M_SUFFIX = 1 << 2,
    M_CREDIT = 1 << 3,
    M_TAIL = 1 << 7,
    F_MENU = 1 << 4,
    F_ANNOUNCE = 1 << 5,
    F_CREDITLINE = 1 << 6
};

#define MAX_PATTERNS 512
#define POOL_BYTES 16384

typedef struct pattern {
    uint16_t off, len;   /* folded phrase in pool */
    uint16_t raw, rawlen; /* phrase as written in pool (credit matching) */
    uint16_t flags;
    int16_t next_first, next_last; /* chains by first / last folded byte */
} pattern;

/* The phrases of data/boilerplate.txt, indexed by first and last byte.
 * Built once per lexicon and thread; owns copies of the strings. */
typedef struct patterns {
    const sr_lexicon *lx;
    size_t count;
    size_t n;
    pattern p[MAX_PATTERNS];
    int16_t by_first[256], by_last[256];
    int16_t credits[32];
    size_t ncredits;
    int16_t tails[32];
    size_t ntails;
    uint8_t tail_first[256];   /* first bytes of tail phrases */
    uint8_t credit_first[256]; /* first bytes of credit phrases */
    size_t head_raw, tail_raw;   /* bytes of a line to fold for line/prefix and suffix phrases */
    uint8_t suffix_last[256];    /* last bytes of suffix phrases (lower case) */
    char pool[POOL_BYTES];
    size_t used;
} patterns;

static uint16_t pool_add(patterns *ps, const char *s, size_t n)
{
    if (ps->used + n + 1 > POOL_BYTES)
        return UINT16_MAX;
    uint16_t off = (uint16_t)ps->used;
    memcpy(ps->pool + ps->used, s, n);
    ps->pool[ps->used + n] = '\0';
    ps->used += n + 1;
    return off;
}

static unsigned parse_flags(const sr_lex_entry *e)
{
    unsigned f = 0;
    const char *m = sr_lex_attr(e, "match");
    if (!m)
        m = "line";
    while (*m) {
        size_t n = strcspn(m, ",");
        if (n == 4 && !memcmp(m, "line", 4))
            f |= M_LINE;
        else if (n == 6 && !memcmp(m, "prefix", 6))
            f |= M_PREFIX;
        else if (n == 6 && !memcmp(m, "suffix", 6))
            f |= M_SUFFIX;
        else if (n == 6 && !memcmp(m, "credit", 6))
            f |= M_CREDIT;
        else if (n == 4 && !memcmp(m, "tail", 4))
            f |= M_TAIL;
        m += n;
        if (*m == ',')
            m++;
    }
    const char *v;
    if ((v = sr_lex_attr(e, "menu")) && *v == '1')
        f |= F_MENU;
    if ((v = sr_lex_attr(e, "announce")) && *v == '1')
        f |= F_ANNOUNCE;
    if ((v = sr_lex_attr(e, "credit")) && *v == '1')
        f |= F_CREDITLINE;
    return f;
}

/* Strips a final . : ! and spaces (whole-line phrases ignore them). */
static size_t trim_final(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == '!' || s[n - 1] == ' '))
        n--;
    return n;
}

static const patterns *get_patterns(const sr_lexicon *lx)
{
    static _Thread_local patterns ps;
    size_t count = sr_lex_count(lx, SR_LEX_BOILERPLATE);
    if (ps.lx == lx && ps.count == count)
        return &ps;
    ps.n = ps.used = ps.ncredits = ps.ntails = 0;
    memset(ps.tail_first, 0, sizeof ps.tail_first);
    memset(ps.credit_first, 0, sizeof ps.credit_first);
    memset(ps.by_first, -1, sizeof ps.by_first);
    memset(ps.by_last, -1, sizeof ps.by_last);
    for (size_t i = 0; i < count && ps.n < MAX_PATTERNS; i++) {
        const sr_lex_entry *e = sr_lex_get(lx, SR_LEX_BOILERPLATE, i);
        unsigned f = parse_flags(e);
        size_t len = strlen(e->norm);
        if (f & M_LINE)
            len = trim_final(e->norm, len);
        if (!len)
            continue;
        pattern *p = &ps.p[ps.n];
        p->flags = (uint16_t)f;
        p->off = pool_add(&ps, e->norm, len);
        p->len = (uint16_t)len;
        p->raw = pool_add(&ps, e->phrase, strlen(e->phrase));
        p->rawlen = (uint16_t)strlen(e->phrase);
        if (p->off == UINT16_MAX || p->raw == UINT16_MAX)
            break;
        unsigned char first = (unsigned char)e->norm[0], last = (unsigned char)e->norm[strlen(e->norm) - 1];
        p->next_first = ps.by_first[first];
        ps.by_first[first] = (int16_t)ps.n;
        p->next_last = ps.by_last[last];
        ps.by_last[last] = (int16_t)ps.n;
        if ((f & M_CREDIT) && ps.ncredits < SR_ARRAY_LEN(ps.credits)) {
            ps.credits[ps.ncredits++] = (int16_t)ps.n;
            ps.credit_first[(unsigned char)e->phrase[0]] = 1;
        }
        if ((f & M_TAIL) && ps.ntails < SR_ARRAY_LEN(ps.tails)) {
            ps.tails[ps.ntails++] = (int16_t)ps.n;
            ps.tail_first[(unsigned char)e->phrase[0]] = 1;
        }
        ps.n++;
    }
    /* a folded phrase of L bytes matches within the first (last) 2L + 16
     * bytes of a line: folding never shortens text by half but for runs of
     * spaces and apostrophes, and those are bounded here generously */
    size_t maxhead = 0, maxtail = 0;
    for (size_t k = 0; k < ps.n; k++) {
        if (ps.p[k].flags & (M_LINE | M_PREFIX))
            maxhead = SR_MAX(maxhead, ps.p[k].len);
        if (ps.p[k].flags & M_SUFFIX)
            maxtail = SR_MAX(maxtail, ps.p[k].len);
    }
    memset(ps.suffix_last, 0, sizeof ps.suffix_last);
    for (size_t k = 0; k < ps.n; k++)
        if (ps.p[k].flags & M_SUFFIX)
            ps.suffix_last[(unsigned char)ps.pool[ps.p[k].off + ps.p[k].len - 1]] = 1;
    ps.head_raw = 2 * maxhead + 16;
    ps.tail_raw = 2 * maxtail + 16;
    ps.lx = lx;
    ps.count = count;
    return &ps;
}

/* ---- folding a line ---- */

static bool fold_separator(int32_t c)
{
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xA0)
        return true;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

/* Folds s[0,n) as fold.h does (the lexicon's phrases are folded by
 * sr_fold): ASCII here, other characters one by one through sr_fold.
 * Returns the folded length (at most FOLD_CAP - 1). */
static size_t fold_line(const char *s, size_t n, char *out, sr_buf *tmp)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n && o < FOLD_CAP - 8;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (c == '\'' || c == '`')
                continue;
            if (c == '-' || c == '_' || sr_isspace(c)) {
                space = o > 0;
                continue;
            }
            if (space) {
                out[o++] = ' ';
                space = false;
            }
            out[o++] = (char)sr_tolower(c);
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        if (fold_separator(cp)) {
            space = o > 0;
            i += (size_t)k;
            continue;
        }
        sr_buf_clear(tmp);
        if (sr_fold(s + i, (size_t)k, tmp) == SITREP_OK && tmp->len) {
            if (space) {
                out[o++] = ' ';
                space = false;
            }
            for (size_t j = 0; j < tmp->len && o < FOLD_CAP - 1; j++)
                out[o++] = tmp->data[j];
        }
        i += (size_t)k;
    }
    out[o] = '\0';
    return o;
}

#define PROBE 24 /* bytes of a line folded first */

/* Could a line/prefix phrase start the line whose first folded bytes are
 * f[0,n)? */
static bool head_may_match(const patterns *ps, const char *f, size_t n)
{
    if (!n)
        return false;
    for (int16_t k = ps->by_first[(unsigned char)f[0]]; k >= 0; k = ps->p[k].next_first) {
        const pattern *p = &ps->p[k];
        if (!(p->flags & (M_LINE | M_PREFIX | F_ANNOUNCE)))
            continue;
        size_t m = p->len < n ? p->len : n;
        if (memcmp(f, ps->pool + p->off, m) == 0)
            return true;
    }
    return false;
}

/* The length of s cut to at most n bytes at a character boundary. */
static size_t utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* ---- rules ---- */

static bool is_word_char(char c) { return sr_isalnum((unsigned char)c) || (unsigned char)c >= 0x80; }

/* Which phrases of data/boilerplate.txt match the folded line f[0,n)?
 * Returns the flags of the matching patterns (0 when none). */
static unsigned match_line(const patterns *ps, const char *f, size_t n, bool whole)
{
    if (!n)
        return 0;
    unsigned hit = 0;
    size_t nt = trim_final(f, n);
    for (int16_t k = ps->by_first[(unsigned char)f[0]]; k >= 0; k = ps->p[k].next_first) {
        const pattern *p = &ps->p[k];
        const char *ph = ps->pool + p->off;
        if (whole && (p->flags & M_LINE) && p->len == nt && memcmp(f, ph, nt) == 0)
            hit |= p->flags;
        /* a prefix ends at a word boundary, unless it ends in punctuation */
        if ((p->flags & M_PREFIX) && p->len <= n && memcmp(f, ph, p->len) == 0 &&
            ((whole && p->len == n) || (p->len < n && (!is_word_char(ph[p->len - 1]) || !is_word_char(f[p->len])))))
            hit |= p->flags;
    }
    return hit;
}

/* The suffix phrases that end the folded text f[0,n) (the line, or its
 * last bytes: `whole` tells whether f starts the line). */
static unsigned match_suffix(const patterns *ps, const char *f, size_t n, bool whole)
{
    if (!n)
        return 0;
    unsigned hit = 0;
    for (int16_t k = ps->by_last[(unsigned char)f[n - 1]]; k >= 0; k = ps->p[k].next_last) {
        const pattern *p = &ps->p[k];
        const char *ph = ps->pool + p->off;
        if ((p->flags & M_SUFFIX) && p->len <= n && memcmp(f + n - p->len, ph, p->len) == 0 &&
            ((whole && p->len == n) || (p->len < n && (!is_word_char(ph[0]) || !is_word_char(f[n - p->len - 1])))))
            hit |= p->flags;
    }
    return hit;
}

/* An image credit glued to the end of a caption ("...in BrusselsImage:
 * picture-alliance/dpa/Photoshot"): a credit phrase, as written, in the last
 * CREDIT_TAIL bytes, followed by 1 to CREDIT_MAX bytes of credit. */
static unsigned match_credit(const patterns *ps, const char *s, size_t n)
{
    size_t from = n > CREDIT_TAIL ? n - CREDIT_TAIL : 0;
    /* one pass: only bytes that start a credit phrase are tried */
    for (size_t i = from; i < n; i++) {
        if (!ps->credit_first[(unsigned char)s[i]])
            continue;
        for (size_t c = 0; c < ps->ncredits; c++) {
            const pattern *p = &ps->p[ps->credits[c]];
            const char *ph = ps->pool + p->raw;
            size_t pl = p->rawlen;
            if (i + pl > n || s[i] != ph[0] || memcmp(s + i, ph, pl) != 0)
                continue;
            size_t rest = n - (i + pl);
            const char *r = s + i + pl;
            while (rest && *r == ' ') {
                r++;
                rest--;
            }
            if (rest >= 1 && rest <= CREDIT_MAX)
                return p->flags | M_CREDIT;
        }
    }
    return 0;
}

/* A trailing prompt or sign-off after the last sentence of a line of any
 * length ("... since 2011. Read Also", "... 470000 people. Source TRTWorld
 * and agencies"): a tail phrase, as written, that starts a sentence (after
 * . ! ? or a closing quote and a space, or after a tab) within the last
 * TAIL_MAX bytes and runs to the end of the line. Returns the offset of the
 * phrase in s, or n when there is none. */
#define TAIL_MAX 160

/* match_tail at s[i], a byte after a space or a tab that starts a tail
 * phrase: i when a phrase matches there, else n. */
static size_t tail_at(const patterns *ps, const char *s, size_t n, size_t from, size_t i)
{
    for (size_t c = 0; c < ps->ntails; c++) {
        const pattern *p = &ps->p[ps->tails[c]];
        const char *ph = ps->pool + p->raw;
        size_t pl = p->rawlen;
        /* (the first two bytes before the call: most words after a space
         * that start like a phrase go on otherwise) */
        if (i + pl > n || s[i] != ph[0] || (pl > 1 && s[i + 1] != ph[1]) || memcmp(s + i, ph, pl) != 0)
            continue;
        if (i + pl < n && is_word_char(s[i + pl]) && is_word_char(ph[pl - 1]))
            continue;
        size_t b = i;
        bool tab = false;
        while (b > from && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            tab |= s[--b] == '\t';
        char e = b > 0 ? s[b - 1] : 0;
        if (tab || e == '.' || e == '!' || e == '?' || e == '"')
            return i;
    }
    return n;
}

static size_t match_tail(const patterns *ps, const char *s, size_t n)
{
    size_t from = n > TAIL_MAX ? n - TAIL_MAX : 0;
    /* one pass over the tail: only bytes after a space or a tab that start
     * a tail phrase are tried */
    size_t i = from + 1;
#if defined(__SSE2__) && defined(__x86_64__)
    /* the bytes after a space or a tab, sixteen at a time (one in six or
     * so is one) */
    for (; i + 15 < n; i += 16) {
        __m128i before = _mm_loadu_si128((const __m128i *)(s + i - 1));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(before, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(before, _mm_set1_epi8('\t'))));
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (ps->tail_first[(unsigned char)s[j]] && tail_at(ps, s, n, from, j) < n)
                return j;
        }
    }
#endif
    for (; i < n; i++) {
        if (!ps->tail_first[(unsigned char)s[i]])
            continue;
        char before = s[i - 1];
        if ((before == ' ' || before == '\t') && tail_at(ps, s, n, from, i) < n)
            return i;
    }
    return n;
}

/* "dm/rc (Reuters, AP, AFP)", "ls/msh", "jbh/rt (AP, dpa)": lower-case
 * initials (one to four letters) joined by slashes, then nothing or one
 * bracketed list. */
static bool is_signoff(const char *s, size_t n)
{
    size_t i = 0, groups = 0;
    for (;;) {
        size_t j = i;
        while (j < n && s[j] >= 'a' && s[j] <= 'z' && j - i < 5)
            j++;
        if (j == i || j - i > 4)
            return false;
        groups++;
        i = j;
        if (i < n && s[i] == '/') {
            i++;
            continue;
        }
        break;
    }
    if (groups < 2)
        return false;
    for (;;) { /* spaces, no-break spaces too */
        if (i < n && s[i] == ' ')
            i++;
        else if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
            i += 2;
        else
            break;
    }
    if (i == n)
        return true;
    if (s[i] != '(' || s[n - 1] != ')' || n > 80)
        return false;
    return memchr(s + i + 1, '(', n - i - 2) == NULL;
}

/* A list marker at the start of a line: "1.", "12)", "-", "*", "•", "·".
 * Returns the bytes to skip (marker and spaces after it), or 0. */
static size_t list_marker(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
        i = 1;
    else if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xA2)
        i = 3; /* • */
    else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xB7)
        i = 2; /* · */
    else {
        while (i < n && i < 3 && sr_isdigit((unsigned char)s[i]))
            i++;
        if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
            return 0;
        i++;
    }
    if (i >= n || s[i] != ' ')
        return 0;
    while (i < n && s[i] == ' ')
        i++;
    return i < n ? i : 0;
}

static bool menu_entry_shape(const char *s, size_t n)
{
    if (n == 0 || n > 40)
        return false;
    char last = s[n - 1];
    if (last == '.' || last == '!' || last == '?' || last == ':' || last == ',' || last == ';' || last == '"')
        return false;
    size_t words = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' && i + 1 < n && s[i + 1] != ' ')
            words++;
    return words <= MENU_WORDS;
}

static sitrep_status add_span(sr_annot *a, uint32_t start, uint32_t end)
{
    if (a->boiler.len && a->boiler.items[a->boiler.len - 1].end >= start)
        return SITREP_OK; /* already marked (a line is marked once) */
    sitrep_span sp = {start, end};
    return sr_vec_push(&a->boiler, sp);
}

typedef struct line_state {
    uint32_t start, end;  /* trimmed bytes of the previous non-blank line */
    bool present;
    bool blank_after;     /* a blank line between it and the current line */
    bool boiler;
    bool menu;            /* navigation, or a menu entry below one */
} line_state;

sitrep_status sr_clean(const sr_lexicon *lx, sr_annot *a)
{
    const patterns *ps = get_patterns(lx);
    const char *text = a->text;
    size_t n = a->len;
    char folded[FOLD_CAP];
    char announced[128];
    size_t announced_len = 0;
    sr_buf tmp = {0};
    line_state prev = {0};
    sitrep_status st = SITREP_OK;
    size_t pos = 0;
    while (pos < n && st == SITREP_OK) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        size_t eol = nl ? (size_t)(nl - text) : n;
        size_t ls = pos, le = eol;
        pos = eol + 1;
        while (ls < le && sr_isspace((unsigned char)text[ls]))
            ls++;
        while (le > ls && sr_isspace((unsigned char)text[le - 1]))
            le--;
        if (ls == le) { /* a blank line */
            prev.blank_after = true;
            continue;
        }
        size_t len = le - ls;
        bool adjacent = prev.present && !prev.blank_after;
        bool boiler = false, menu = false;
        if (len <= SHORT_LINE) {
            const char *s = text + ls;
            size_t mk = list_marker(s, len);
            /* fold the whole line when it is short, else its first and
             * last bytes only (all that phrases can reach) */
            size_t body = len - mk;
            bool whole = body <= ps->head_raw;
            size_t fl = 0;
            unsigned hit = 0;
            bool have_whole = false; /* folded holds the whole line */
            /* a probe of the first bytes first: most lines start like no
             * phrase, and are not folded further */
            size_t pn = body <= PROBE ? body : utf8_cut(s + mk, PROBE);
            size_t pl = fold_line(s + mk, pn, folded, &tmp);
            if (pn == body || head_may_match(ps, folded, pl) || announced_len) {
                size_t hn = whole ? body : utf8_cut(s + mk, ps->head_raw);
                fl = hn == pn ? pl : fold_line(s + mk, hn, folded, &tmp);
                hit = match_line(ps, folded, fl, whole);
                have_whole = whole;
            }
            if (have_whole) {
                hit |= match_suffix(ps, folded, fl, true);
            } else {
                char tailbuf[FOLD_CAP];
                size_t from = body > ps->tail_raw ? body - ps->tail_raw : 0;
                while (from < body && ((unsigned char)s[mk + from] & 0xC0) == 0x80)
                    from++; /* start at a character */
                if (ps->suffix_last[(unsigned char)s[len - 1] | 0x20] || (unsigned char)s[len - 1] >= 0x80) {
                    size_t tl = fold_line(s + mk + from, body - from, tailbuf, &tmp);
                    hit |= match_suffix(ps, tailbuf, tl, from == 0);
                }
            }
            bool glued = false;
            if (!hit) {
                hit = match_credit(ps, s, len);
                glued = hit != 0;
            }
            if (hit) {
                boiler = true;
                menu = (hit & F_MENU) != 0;
                if ((hit & F_ANNOUNCE) && whole && fl < sizeof announced) {
                    /* remember the section name after the announcing phrase */
                    size_t best = 0;
                    for (int16_t k = ps->by_first[(unsigned char)folded[0]]; k >= 0; k = ps->p[k].next_first)
                        if ((ps->p[k].flags & F_ANNOUNCE) && ps->p[k].len <= fl &&
                            !memcmp(folded, ps->pool + ps->p[k].off, ps->p[k].len))
                            best = ps->p[k].len;
                    while (best < fl && folded[best] == ' ')
                        best++;
                    announced_len = fl - best;
                    memcpy(announced, folded + best, announced_len);
                }
                /* caption: the line right above a credit line */
                if ((hit & F_CREDITLINE) && !glued && adjacent && !prev.boiler && prev.end - prev.start <= SHORT_LINE)
                    st = add_span(a, prev.start, prev.end);
            } else if (is_signoff(s, len)) {
                boiler = true;
            } else if (announced_len && whole && fl == announced_len && !memcmp(folded, announced, fl)) {
                boiler = true;
                announced_len = 0;
            } else if (adjacent && prev.menu && menu_entry_shape(s, len)) {
                boiler = true;
                menu = true;
            } else if (adjacent && prev.end - prev.start == len && !memcmp(text + prev.start, s, len)) {
                boiler = true; /* a caption shown twice */
                if (!prev.boiler && st == SITREP_OK)
                    st = add_span(a, prev.start, prev.end);
            }
            if (mk && boiler && (hit & (M_LINE | M_PREFIX)))
                menu = true; /* a numbered navigation list */
        }
        if (boiler && st == SITREP_OK)
            st = add_span(a, (uint32_t)ls, (uint32_t)le);
        else if (!boiler && len > 2 && ps->ntails && st == SITREP_OK) {
            size_t t = match_tail(ps, text + ls, len);
            if (t < len)
                st = add_span(a, (uint32_t)(ls + t), (uint32_t)le);
        }
        prev.start = (uint32_t)ls;
        prev.end = (uint32_t)le;
        prev.present = true;
        prev.blank_after = false;
        prev.boiler = boiler;
        prev.menu = boiler && menu;
    }
    sr_buf_free(&tmp);
    return st;
}
