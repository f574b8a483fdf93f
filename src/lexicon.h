/* lexicon.h - the word lists of data/NAME.txt, loaded from the copies embedded
 * in the binary at build time (tools/embed.c), and matched against tokens.
 *
 * File format (one entry a line):
 *
 *     # comment
 *     phrase                 | key=value key=value   # trailing comment
 *
 * The phrase is folded (fold.h) and split at spaces; it matches the same
 * sequence of folded tokens in a sentence (a hyphen counts as a space, so
 * "pro-government" also matches "pro government"). Attributes are free
 * key=value pairs that the stage reading the lexicon interprets; the key
 * `case=exact` makes the entry match only text written with the phrase's
 * capitalisation ("IS", "US"). Values may not contain spaces; use '_'.
 * Within one lexicon the longest phrase wins at each position.
 */
#ifndef SR_LEXICON_H
#define SR_LEXICON_H

#include "annot.h"

#include <stdatomic.h>
#include <string.h>

/* The lexicons, one per data file (data/<name>.txt). Keep sr_lex_names in
 * lexicon.c in the same order. */
typedef enum sr_lex_id {
    SR_LEX_NUMBERS,    /* number words and vague quantities */
    SR_LEX_OUTCOMES,   /* killed, wounded, abducted, displaced ... */
    SR_LEX_GROUPS,     /* civilians, children, fighters ... */
    SR_LEX_CAUSES,     /* airstrike, barrel bomb, sniper ... */
    SR_LEX_ACTORS,     /* perpetrators: Syria pack and general actors */
    SR_LEX_CLAIMS,     /* attribution verbs and phrases: said, according to ... */
    SR_LEX_HEDGES,     /* reportedly, could not be independently verified, denied ... */
    SR_LEX_DATES,      /* month and weekday names, relative date words */
    SR_LEX_OUTLETS,    /* news outlets and agencies */
    SR_LEX_BOILERPLATE,/* lines that are not the article (menus, prompts) */
    SR_LEX_NOTPLACES,  /* capitalised words that are never places in news text */
    SR_LEX_QUALIFIERS, /* at least, up to, some, between ... before a count */
    SR_LEX_ABBREVIATIONS, /* abbreviations and words that steer sentence splitting */
    SR_LEX_COUNT
} sr_lex_id;

enum { SR_LEX_MEMO_COUNTS, /* counts.c: the figure rules' features */
       SR_LEX_MEMO_CODES,  /* actors.h sr_lex_codes: the incident stages' codes */
       SR_LEX_MEMOS };

struct sr_lex_entry {
    const char *phrase;   /* as written in the file */
    const char *norm;     /* folded */
    const char *file;     /* "data/outcomes.txt" */
    const char *rule;     /* "data/outcomes.txt:12 killed" */
    uint32_t line;
    uint16_t ntok;
    uint8_t lexicon;      /* sr_lex_id */
    uint8_t exact_case;
    uint16_t nattrs;
    const uint64_t *key8; /* the first (up to) 8 bytes of each key (sr_lex_key8) */
    const char *const *keys;
    const char *const *values;
    /* what a later stage derives from the attributes, kept on first use (sr_lex_memo) */
    _Atomic uint64_t memo[SR_LEX_MEMOS];
};

/* Data a later stage derives from entry e's attributes, in e's memo slot `which`: decode (a
 * function of the attributes alone, never 0) runs on the first use only. Entries are shared
 * by threads: a race decodes twice and stores the same word. */
static inline uint64_t sr_lex_memo(const sr_lex_entry *e, int which, uint64_t (*decode)(const sr_lex_entry *))
{
    _Atomic uint64_t *slot = (_Atomic uint64_t *)&e->memo[which];
    uint64_t v = atomic_load_explicit(slot, memory_order_relaxed);
    if (SR_UNLIKELY(!v)) {
        v = decode(e);
        atomic_store_explicit(slot, v, memory_order_relaxed);
    }
    return v;
}

/* Loads every embedded lexicon. Caller frees *out with sr_lexicon_free.
 * Errors (a malformed line) name file and line in errbuf. */
sitrep_status sr_lexicon_load(sr_lexicon **out, char *errbuf);
void sr_lexicon_free(sr_lexicon *lx);

/* The first (up to) 8 bytes of the string key, zero past them, as a
 * little-endian number: for a string literal, a constant the compiler
 * computes. */
static inline uint64_t sr_lex_key8(const char *key)
{
    /* written without a loop, so that nothing is left to compute for a literal */
    size_t n = strlen(key);
    uint64_t w = 0;
#define SR_LEX_KB(k) ((uint64_t)(unsigned char)key[k] << (8 * (k)))
    switch (n < 8 ? n : 8) {
    case 8: w |= SR_LEX_KB(7); /* fall through */
    case 7: w |= SR_LEX_KB(6); /* fall through */
    case 6: w |= SR_LEX_KB(5); /* fall through */
    case 5: w |= SR_LEX_KB(4); /* fall through */
    case 4: w |= SR_LEX_KB(3); /* fall through */
    case 3: w |= SR_LEX_KB(2); /* fall through */
    case 2: w |= SR_LEX_KB(1); /* fall through */
    case 1: w |= SR_LEX_KB(0); /* fall through */
    default: break;
    }
#undef SR_LEX_KB
    return w;
}

/* sr_lex_attr with the key's sr_lex_key8. */
const char *sr_lex_attr_key8(const sr_lex_entry *e, const char *key, uint64_t key8);

/* Entry attribute value, or NULL. The stages ask for attributes by literal
 * keys, a few hundred thousand times per MB of text: the key's first bytes
 * become a constant where it is inlined, and most keys are compared as one
 * number, not as a string. */
static inline const char *sr_lex_attr(const sr_lex_entry *e, const char *key)
{
    return sr_lex_attr_key8(e, key, sr_lex_key8(key));
}
/* The first entry of lexicon id (in file order) whose attribute key has
 * the value `value`, compared without ASCII case ("slug=aljazeera" for
 * "AlJazeera"), or NULL; one hash probe. */
const sr_lex_entry *sr_lex_find_attr(const sr_lexicon *lx, sr_lex_id id, const char *key, const char *value);
/* "data/outcomes.txt:12 killed": for evidence.rule. Owned by the lexicon. */
const char *sr_lex_rule(const sr_lex_entry *e);

/* sr_lex_longest past its inline test. */
size_t sr_lex_longest_at(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_lex_id id,
                         const sr_lex_entry **entry);

/* A filter of first words: 2^SR_LEX_FIRST_BITS bits, by the top bits of a
 * word's hash; the bit of hash h. */
#define SR_LEX_FIRST_BITS 15
static inline unsigned sr_lex_first_bit(const uint64_t *bits, uint64_t h)
{
    return (unsigned)(bits[h >> (64 - SR_LEX_FIRST_BITS + 6)] >> ((h >> (64 - SR_LEX_FIRST_BITS)) & 63)) & 1;
}

/* The head of every sr_lexicon, which sr_lex_longest reads inline: for each
 * lexicon, once its filter of first words is made (lexicon.c lx_filter),
 * the filter's bitmap of the words some key of it may start with, by the
 * top 15 bits of the word's hash (sr_annot.tokhash); bit 0 is set for hash
 * 0 (a form of several words). */
typedef struct sr_lex_head {
    const uint64_t *_Atomic starts[SR_LEX_COUNT];
} sr_lex_head;

/* The bitmap of sr_lex_head for lexicon id (sr_lex_first_bit by a token's sr_annot.tokhash:
 * clear for a word that starts no key of it), or NULL while no lookup has made it. A caller
 * that asks sr_lex_longest at many tokens tests the bit in its own loop. */
static inline const uint64_t *sr_lex_starts(const sr_lexicon *lx, sr_lex_id id)
{
    return atomic_load_explicit(&((const sr_lex_head *)(const void *)lx)->starts[id], memory_order_acquire);
}

/* sr_lex_starts, made first when no lookup has made it yet: for a caller that tests the bit
 * of many tokens before it asks sr_lex_longest at any. */
const uint64_t *sr_lex_starts_made(const sr_lexicon *lx, sr_lex_id id);

/* The longest entry of lexicon `id` that starts at token i and ends inside
 * i's sentence. Returns its length in tokens and sets *entry, or returns 0.
 * Most callers ask at tokens that start no key of the lexicon (meta's
 * outlet search asks at every capitalised word of a page's head and foot):
 * one bit turns those away here, without a call. */
static inline size_t sr_lex_longest(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_lex_id id,
                                    const sr_lex_entry **entry)
{
    const uint64_t *starts = sr_lex_starts(lx, id);
    const uint64_t *h = a->tokhash;
    if (starts && h && i < a->toks.len) {
        if (!sr_lex_first_bit(starts, h[i])) {
            *entry = NULL;
            return 0;
        }
    }
    return sr_lex_longest_at(lx, a, i, id, entry);
}

/* The entry whose phrase equals the folded text s (any lexicon in mask),
 * or NULL. mask is a bit set of 1u << sr_lex_id. */
const sr_lex_entry *sr_lex_lookup(const sr_lexicon *lx, const char *s, size_t n, unsigned mask);

/* Stage: appends to a->lex every match of the lexicons in mask, in text
 * order; within one lexicon matches do not overlap (longest first, left to
 * right); boilerplate tokens are skipped. */
sitrep_status sr_lex_annotate(const sr_lexicon *lx, sr_annot *a, unsigned mask);

/* Iterates the entries of one lexicon, for tools and tests. */
size_t sr_lex_count(const sr_lexicon *lx, sr_lex_id id);
const sr_lex_entry *sr_lex_get(const sr_lexicon *lx, sr_lex_id id, size_t i);
const char *sr_lex_name(sr_lex_id id);

/* Do tokens [i, i + ntok) of a have the capitalisation of phrase as written
 * (word by word, hyphens counting as spaces)? For entries that match only
 * in their own case (case=exact): "IS" the group, not the verb "is". */
bool sr_lex_case_matches(const sr_annot *a, size_t i, const char *phrase, size_t ntok);

/* ---- the hash of a word, as the walks look tokens up ----
 * Keys are hashed word by word; the hash of one token's folded form is
 * computed once per token by the segment stage (sr_annot.tokhash) and read
 * by sr_lex_annotate and sr_lex_longest. */
#define SR_LEX_SEED 0x6a09e667f3bcc909ULL

static inline uint64_t sr_lex_mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* The hash of a folded form of 1 to 8 bytes with no space in it, given as
 * its bytes read as a little-endian number (the bytes past n zero). */
static inline uint64_t sr_lex_hash8(uint64_t w, size_t n)
{
    uint64_t h = sr_lex_mix(SR_LEX_SEED ^ n, w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    return h ? h : 1;
}

/* The hash of a token's folded form w[0,n) for the walks: 0 when n is 0 or
 * when the form holds a space (several words). `avail` bytes from w may be
 * read (avail >= n); 8 or more beyond n spare the byte-by-byte tail. */
uint64_t sr_lex_token_hash(const char *w, size_t n, size_t avail);

/* The data files embedded at build time (generated by tools/embed.c). */
typedef struct sr_embedded_file {
    const char *name; /* "data/outcomes.txt" */
    const unsigned char *data;
    size_t len;
} sr_embedded_file;
extern const sr_embedded_file sr_embedded_files[];
extern const size_t sr_embedded_nfiles;
/* The embedded file with that name, or NULL. */
const sr_embedded_file *sr_embedded_find(const char *name);

#endif
