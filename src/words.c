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

/* open addressing over the words of every class: word -> bits; at most half full */
enum { TABLE = 2048 };
static struct {
    const char *w;
    uint64_t bits;
} table[TABLE];
static size_t nwords;
static char *pool; /* the file's copy the table's words point into; kept for the process */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *w)
{
    uint32_t h = 2166136261u;
    for (; *w; w++)
        h = (h ^ (unsigned char)*w) * 16777619u;
    return h;
}

/* The file is embedded at build time, so a malformed line is a build that must not run. */
static void fail(unsigned line, const char *why)
{
    fprintf(stderr, "sitrep: %s:%u: %s\n", WORDS_FILE, line, why);
    abort();
}

static void add(const char *w, int cls, unsigned line)
{
    uint32_t i = hash(w) & (TABLE - 1);
    while (table[i].w && strcmp(table[i].w, w))
        i = (i + 1) & (TABLE - 1);
    if (!table[i].w) {
        if (++nwords > TABLE / 2)
            fail(line, "too many words for the table (words.c TABLE)");
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

uint64_t sr_word_classes(const char *w)
{
    pthread_once(&once, build);
    for (uint32_t i = hash(w) & (TABLE - 1);; i = (i + 1) & (TABLE - 1)) {
        if (!table[i].w)
            return SR_WC_DONE;
        if (table[i].w[0] == w[0] && !strcmp(table[i].w, w))
            return table[i].bits | SR_WC_DONE;
    }
}
