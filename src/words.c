/* words.c - the closed word classes of the extraction stages (data/words.txt),
 * and the table that gives a word's classes in one probe (built once from the
 * embedded file). */
#include "words.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "lexicon.h"
#include "util.h"

_Static_assert(SR_WC_COUNT <= 63, "one bit per class, and SR_WC_DONE");

/* The class names of data/words.txt, in the order of the SR_WC_ constants. */
static const char *const CLASS_NAMES[SR_WC_COUNT] = {
    "months", "filler", "aux", "np_stop", "not_persons", "lives_verbs", "sg_adverbs",
    "not_subjects", "time_units", "war_nouns", "since_words", "war_general", "totals",
    "attack_verbs", "held", "passive_aux", "active_fill", "territory_verbs", "against_nouns",
    "target_words", "agent_nouns", "object_starts", "clause_punct", "claim_nouns", "pronouns",
    "clause_stop", "lead_junk", "preps", "statement_verbs", "report_nouns", "report_preps",
    "motion_verbs", "town_nouns", "site_nouns", "held_nouns"};

static const char WORDS_FILE[] = "data/words.txt";

/* open addressing over the words of every class, by the hash the lexicon gives a token's
 * folded form (lexicon.h sr_lex_token_hash; the segment stage computes it once per token):
 * word -> bits. Every stage asks, token after token, and most tokens are in no class, so the
 * part a lookup reads first is small enough to stay in the L1 cache: a slot of 4 bytes holds
 * 16 bits of the hash and the word's index, and only a slot whose bits match sends the
 * lookup to the word itself (compared whole, by 8-byte words). At most half full. */
enum { SLOTS = 2048, MAX_WORDS = SLOTS / 2 };
static uint32_t slot[SLOTS]; /* (hash >> 48) << 16 | (index + 1); 0: free */
static struct {
    uint64_t w8; /* the word's first (up to) 8 bytes, zero past them */
    uint64_t bits; /* the classes, and SR_WC_DONE */
    const char *w;
    size_t len;
} table[MAX_WORDS];
static size_t nwords;
static char *pool; /* the file's copy the table's words point into; kept for the process */
static atomic_bool built;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The file is embedded at build time, so a malformed line is a build that must not run. */
static void fail(unsigned line, const char *why)
{
    fprintf(stderr, "sitrep: %s:%u: %s\n", WORDS_FILE, line, why);
    abort();
}

/* The first (up to) 8 bytes of w[0,n), zero past them; `avail` bytes may be read. */
static inline uint64_t word8(const char *w, size_t n, size_t avail)
{
    if (n > 8)
        n = 8;
    uint64_t x = 0;
    if (avail >= 8 && n) {
        memcpy(&x, w, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        x = __builtin_bswap64(x);
#endif
        return x & (~0ULL >> (64 - 8 * n));
    }
    for (size_t k = 0; k < n; k++)
        x |= (uint64_t)(unsigned char)w[k] << (8 * k);
    return x;
}

static inline uint32_t tag_of(uint64_t h) { return (uint32_t)(h >> 48) << 16; }

static void add(const char *w, int cls, unsigned line)
{
    size_t n = strlen(w);
    uint64_t h = sr_lex_token_hash(w, n, n);
    uint32_t i = (uint32_t)h & (SLOTS - 1);
    for (; slot[i]; i = (i + 1) & (SLOTS - 1)) {
        size_t k = (slot[i] & 0xffff) - 1;
        if ((slot[i] & 0xffff0000u) == tag_of(h) && !strcmp(table[k].w, w)) {
            table[k].bits |= 1ull << cls;
            return;
        }
    }
    if (nwords == MAX_WORDS)
        fail(line, "too many words for the table (words.c SLOTS)");
    table[nwords].w8 = word8(w, n, 0);
    table[nwords].bits = SR_WC_DONE | 1ull << cls; /* (the value a lookup returns) */
    table[nwords].w = w;
    table[nwords].len = n;
    slot[i] = tag_of(h) | (uint32_t)(++nwords);
}

/* The class named name, or -1; `last` is the line before's (the file lists a class's words
 * together: most lines cost one comparison). */
static int class_of(const char *name, int last)
{
    if (last >= 0 && !strcmp(CLASS_NAMES[last], name))
        return last;
    for (int c = 0; c < SR_WC_COUNT; c++)
        if (!strcmp(CLASS_NAMES[c], name))
            return c;
    return -1;
}

static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    /* the spaces that align the file's columns, eight at a time */
    while (end - s >= 8 && !memcmp(end - 8, "        ", 8))
        end -= 8;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    *end = '\0';
    return s;
}

/* Lines "word | class=NAME"; '#' starts a comment (a word is never '#'). */
static void build(void)
{
    const sr_embedded_file *f = sr_embedded_find(WORDS_FILE);
    if (!f)
        fail(0, "not embedded");
    pool = malloc(f->len + 1);
    if (!pool)
        fail(0, "out of memory");
    memcpy(pool, f->data, f->len);
    pool[f->len] = '\0';
    unsigned lineno = 0;
    int last_cls = -1;
    for (char *line = pool, *next; line; line = next) {
        lineno++;
        char *nl = strchr(line, '\n');
        next = nl ? nl + 1 : NULL;
        char *end = nl ? nl : line + strlen(line);
        char *hash_mark = memchr(line, '#', (size_t)(end - line));
        if (hash_mark)
            end = hash_mark;
        char *bar = memchr(line, '|', (size_t)(end - line));
        if (!bar) {
            if (*trim(line, end))
                fail(lineno, "no '| class=NAME'");
            continue;
        }
        char *word = trim(line, bar);
        char *attr = trim(bar + 1, end);
        if (!*word || strchr(word, ' '))
            fail(lineno, "not one word");
        if (strncmp(attr, "class=", 6))
            fail(lineno, "no class=NAME");
        int cls = class_of(attr + 6, last_cls);
        if (cls < 0)
            fail(lineno, "unknown class (words.c CLASS_NAMES)");
        add(word, cls, lineno);
        last_cls = cls;
    }
    atomic_store_explicit(&built, true, memory_order_release);
}

/* The classes of the word w[0,n) whose hash is h (not 0), from the slot i on; `avail`
 * bytes may be read from w. The general case (long words, a word at the end of its buffer),
 * out of line: lookup, a leaf without it, saves no register. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uint64_t lookup_any(uint64_t h, uint32_t i, const char *w, size_t n, size_t avail)
{
    const uint32_t tag = tag_of(h);
    const uint64_t w8 = word8(w, n, avail);
    for (;; i = (i + 1) & (SLOTS - 1)) {
        uint32_t s = slot[i];
        if (!s)
            return SR_WC_DONE;
        size_t k = (s & 0xffff) - 1;
        if ((s & 0xffff0000u) == tag && table[k].len == n && table[k].w8 == w8 &&
            (n <= 8 || !memcmp(table[k].w + 8, w + 8, n - 8)))
            return table[k].bits;
    }
}

/* The classes of the word w[0,n) whose hash is h; `avail` bytes may be read from w. The
 * table is built (callers see to it). Most words are turned away at their first slot (empty,
 * or another word's bits); a word of up to 8 bytes inside its buffer, most of the rest, is
 * compared as one number. */
static inline uint64_t lookup(uint64_t h, const char *w, size_t n, size_t avail)
{
    if (!h)
        return SR_WC_DONE; /* empty, or several words: in no class */
    const uint32_t tag = tag_of(h);
    uint32_t i = (uint32_t)h & (SLOTS - 1);
    for (;; i = (i + 1) & (SLOTS - 1)) {
        uint32_t s = slot[i];
        if (!s)
            return SR_WC_DONE;
        if ((s & 0xffff0000u) == tag)
            break;
    }
    if (SR_UNLIKELY(n > 8 || avail < 8))
        return lookup_any(h, i, w, n, avail);
    uint64_t w8;
    memcpy(&w8, w, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w8 = __builtin_bswap64(w8);
#endif
    /* the bytes of w, n of 1 to 8 (an empty word has hash 0) */
    static const uint64_t first_bytes[9] = {0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff,
                                            0xffffffffffffff, ~0ULL};
    w8 &= first_bytes[n];
    size_t k = (slot[i] & 0xffff) - 1;
    if (SR_LIKELY(table[k].w8 == w8 && table[k].len == n))
        return table[k].bits;
    return lookup_any(h, (i + 1) & (SLOTS - 1), w, n, avail);
}

/* The first call builds the table, out of line: the lookups that follow, a leaf each,
 * save no register for it. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static void build_once(void)
{
    pthread_once(&once, build);
}

uint64_t sr_word_classes(const char *w)
{
    if (!atomic_load_explicit(&built, memory_order_acquire))
        build_once();
    size_t n = strlen(w);
    return lookup(sr_lex_token_hash(w, n, n), w, n, n + 1);
}

void sr_words_mark(uint8_t marks[4096], uint8_t bit)
{
    build_once();
    for (size_t k = 0; k < nwords; k++) {
        uint64_t h = sr_lex_token_hash(table[k].w, table[k].len, table[k].len);
        if (h)
            marks[h >> 52] |= bit;
    }
}

/* sr_tok_word_classes without the segment stage's hashes and marks: out of line, so that
 * the usual lookup is a leaf. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static uint64_t tok_classes_slow(const sr_annot *a, size_t i)
{
    build_once();
    const sr_token *t = &a->toks.items[i];
    const char *w = a->norm.data + t->norm;
    size_t n = t->norm_len, avail = a->norm.cap - t->norm;
    return lookup(a->tokhash ? a->tokhash[i] : sr_lex_token_hash(w, n, avail), w, n, avail);
}

/* The marks are set with the hashes, by a stage that built the table first (sr_words_mark):
 * with them, most tokens (in no class) are turned away by their mark, and the table needs no
 * test of its own. */
uint64_t sr_tok_word_classes(const sr_annot *a, size_t i)
{
    const uint8_t *marks = a->tokmarks;
    if (SR_UNLIKELY(!marks))
        return tok_classes_slow(a, i);
    if (!(marks[i] & SR_TM_WORDS))
        return SR_WC_DONE;
    const sr_token *t = &a->toks.items[i];
    return lookup(a->tokhash[i], a->norm.data + t->norm, t->norm_len, a->norm.cap - t->norm);
}
