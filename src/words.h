/* words.h - the small closed word classes of the extraction stages (counts.c,
 * actors.c, incidents.c), kept in data/words.txt, one bit each: a token's
 * classes are looked up once (one hash probe) and then tested by a bit, not by
 * comparing strings. */
#ifndef SR_WORDS_H
#define SR_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* The classes (data/words.txt says what each holds; words.c CLASS_NAMES names them). */
enum {
    SR_WC_MONTHS,
    SR_WC_FILLER,
    SR_WC_AUX,
    SR_WC_NP_STOP,
    SR_WC_NOT_PERSONS,
    SR_WC_LIVES_VERBS,
    SR_WC_SG_ADVERBS,
    SR_WC_NOT_SUBJECTS,
    SR_WC_TIME_UNITS,
    SR_WC_WAR_NOUNS,
    SR_WC_SINCE_WORDS,
    SR_WC_WAR_GENERAL,
    SR_WC_TOTALS,
    SR_WC_ATTACK_VERBS,
    SR_WC_HELD,
    SR_WC_PASSIVE_AUX,
    SR_WC_ACTIVE_FILL,
    SR_WC_TERRITORY_VERBS,
    SR_WC_AGAINST_NOUNS,
    SR_WC_TARGET_WORDS,
    SR_WC_AGENT_NOUNS,
    SR_WC_OBJECT_STARTS,
    SR_WC_CLAUSE_PUNCT,
    SR_WC_CLAIM_NOUNS,
    SR_WC_PRONOUNS,
    SR_WC_CLAUSE_STOP,
    SR_WC_LEAD_JUNK,
    SR_WC_PREPS,
    SR_WC_STATEMENT_VERBS,
    SR_WC_REPORT_NOUNS,
    SR_WC_REPORT_PREPS,
    SR_WC_MOTION_VERBS,
    SR_WC_TOWN_NOUNS,
    SR_WC_SITE_NOUNS,
    SR_WC_HELD_NOUNS,
    SR_WC_COUNT
};

/* Set in every value of sr_word_classes: the lookup was made. */
#define SR_WC_DONE (1ull << 63)
/* No value of sr_word_classes: a cache's mark for a lookup not made yet. */
#define SR_WC_UNKNOWN (~0ull)

/* The classes of the folded word w: a bit (1ull << SR_WC_...) per class that holds it. */
uint64_t sr_word_classes(const char *w);
/* Sets `bit` in marks[h >> 52] for the hash h (lexicon.h sr_lex_token_hash) of every word of
 * every class: a token whose hash has unmarked bits is in no class. The segment stage marks
 * its tokens so (SR_TM_WORDS); once it has, sr_tok_word_classes reads the mark first. */
void sr_words_mark(uint8_t marks[4096], uint8_t bit);
/* The same for token i of a, by the hash the segment stage gave its folded form. */
struct sr_annot;
uint64_t sr_tok_word_classes(const struct sr_annot *a, size_t i);

#endif
