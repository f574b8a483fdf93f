/* words.c - the closed word classes of the extraction stages (data/words.txt),
 * and the table that gives a word's classes in one probe (built once from the
 * embedded file). */
#include "words.h"

#include <pthread.h>
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
    "motion_verbs", "town_nouns", "site_nouns"};

static const char WORDS_FILE[] = "data/words.txt";

/* open addressing over the words of every class, by the hash the lexicon gives a token's
 * folded form (lexicon.h sr_lex_token_hash; the segment stage computes it once per token):
 * word -> bits; at most half full */
enum { TABLE = 2048 };
static struct {
    uint64_t h; /* 0: free */
    const char *w;
    uint64_t bits;
} table[TABLE];
static size_t nwords;
static char *pool; /* the file's copy the table's words point into; kept for the process */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The file is embedded at build time, so a malformed line is a build that must not run. */
static void fail(unsigned line, const char *why)
{
    fprintf(stderr, "sitrep: %s:%u: %s\n", WORDS_FILE, line, why);
    abort();
}

static void add(const char *w, int cls, unsigned line)
{
    uint64_t h = sr_lex_token_hash(w, strlen(w), strlen(w));
    uint32_t i = (uint32_t)h & (TABLE - 1);
    while (table[i].h && (table[i].h != h || strcmp(table[i].w, w)))
        i = (i + 1) & (TABLE - 1);
    if (!table[i].h) {
        if (++nwords > TABLE / 2)
            fail(line, "too many words for the table (words.c TABLE)");
        table[i].h = h;
        table[i].w = w;
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
}

static uint64_t lookup(uint64_t h, const char *w)
{
    pthread_once(&once, build);
    if (!h)
        return SR_WC_DONE; /* empty, or several words: in no class */
    for (uint32_t i = (uint32_t)h & (TABLE - 1);; i = (i + 1) & (TABLE - 1)) {
        if (!table[i].h)
            return SR_WC_DONE;
        if (table[i].h == h && !strcmp(table[i].w, w))
            return table[i].bits | SR_WC_DONE;
    }
}

uint64_t sr_word_classes(const char *w) { return lookup(sr_lex_token_hash(w, strlen(w), strlen(w)), w); }

uint64_t sr_tok_word_classes(const sr_annot *a, size_t i)
{
    const char *w = sr_tok_norm(a, i);
    return lookup(a->tokhash ? a->tokhash[i] : sr_lex_token_hash(w, a->toks.items[i].norm_len, a->toks.items[i].norm_len), w);
}
