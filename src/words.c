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
 * word -> bits. The hashes apart from the rest, and the table at most a quarter full: a word
 * in no class (most tokens) is told by one or two probes of 8 bytes. */
enum { TABLE = 4096 };
static uint64_t table_h[TABLE]; /* 0: free */
static struct {
    const char *w;
    size_t len;
    uint64_t bits;
} table[TABLE];
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

static void add(const char *w, int cls, unsigned line)
{
    size_t n = strlen(w);
    uint64_t h = sr_lex_token_hash(w, n, n);
    uint32_t i = (uint32_t)h & (TABLE - 1);
    while (table_h[i] && (table_h[i] != h || strcmp(table[i].w, w)))
        i = (i + 1) & (TABLE - 1);
    if (!table_h[i]) {
        if (++nwords > TABLE / 4)
            fail(line, "too many words for the table (words.c TABLE)");
        table_h[i] = h;
        table[i].w = w;
        table[i].len = n;
    }
    table[i].bits |= 1ull << cls;
}

static int class_of(const char *name)
{
    for (int c = 0; c < SR_WC_COUNT; c++)
        if (!strcmp(CLASS_NAMES[c], name))
            return c;
    return -1;
}

static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        *--end = '\0';
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
        int cls = class_of(attr + 6);
        if (cls < 0)
            fail(lineno, "unknown class (words.c CLASS_NAMES)");
        add(word, cls, lineno);
    }
    atomic_store_explicit(&built, true, memory_order_release);
}

/* The classes of the word w[0,n) whose hash is h. */
static uint64_t lookup(uint64_t h, const char *w, size_t n)
{
    if (!atomic_load_explicit(&built, memory_order_acquire))
        pthread_once(&once, build);
    if (!h)
        return SR_WC_DONE; /* empty, or several words: in no class */
    for (uint32_t i = (uint32_t)h & (TABLE - 1);; i = (i + 1) & (TABLE - 1)) {
        if (!table_h[i])
            return SR_WC_DONE;
        if (table_h[i] == h && table[i].len == n) {
            size_t k = 0;
            while (k < n && table[i].w[k] == w[k])
                k++;
            if (k == n)
                return table[i].bits | SR_WC_DONE;
        }
    }
}

uint64_t sr_word_classes(const char *w)
{
    size_t n = strlen(w);
    return lookup(sr_lex_token_hash(w, n, n), w, n);
}

uint64_t sr_tok_word_classes(const sr_annot *a, size_t i)
{
    const char *w = sr_tok_norm(a, i);
    size_t n = a->toks.items[i].norm_len;
    return lookup(a->tokhash ? a->tokhash[i] : sr_lex_token_hash(w, n, n), w, n);
}
