/* actors.h - who did it (perpetrators), who says so (claimants) and how
 * certain the report is (hedges, denials), read per sentence from the
 * lexicon mentions of data/actors.txt, data/claims.txt and data/hedges.txt.
 * The rules are stated in actors.c. */
#ifndef SR_ACTORS_H
#define SR_ACTORS_H

#include "counts.h"

#include <string.h>

/* The attributes of a lexicon entry that the incident stages (actors, incidents, summary) test at
 * every mention, decoded once per entry into small codes: a test is then a byte compare, not a
 * walk over the entry's keys and string compares of its values. */
enum { SR_POS_NONE, SR_POS_V, SR_POS_PRES, SR_POS_GER, SR_POS_TOLL, SR_POS_OTHER };        /* pos= */
enum { SR_ROLE_NONE, SR_ROLE_VICTIMISH, SR_ROLE_STATE, SR_ROLE_OUTLET, SR_ROLE_NATIONAL_ARMY,
       SR_ROLE_OTHER };                                                                   /* role= */
enum { SR_KIND_NONE, SR_KIND_PREP, SR_KIND_CITE, SR_KIND_OTHER };                           /* kind= */
enum { SR_OUT_NONE, SR_OUT_KILLED, SR_OUT_INJURED, SR_OUT_OTHER };                          /* outcome= */
#define SR_CAUSE_OTHER 0xf /* cause= names no sitrep_cause_category */
typedef struct sr_lex_codes {
    uint8_t cls;       /* fakes=: sr_actor_class_bit */
    uint8_t role;      /* SR_ROLE_* */
    uint8_t pos;       /* SR_POS_* */
    uint8_t outcome;   /* SR_OUT_* */
    uint8_t cause;     /* cause=: its sitrep_cause_category (1..8), 0 for none, SR_CAUSE_OTHER */
    uint8_t flags;     /* SR_LC_* */
    uint8_t kind;      /* SR_KIND_* */
    int8_t cert;       /* cert=: the sitrep_certainty it names, or -1 */
} sr_lex_codes;
_Static_assert(sizeof(sr_lex_codes) == sizeof(uint64_t), "the codes are kept in one word");
enum {
    SR_LC_WEAK = 1 << 0, /* weak= (causes.txt) */
    SR_LC_UNIT = 1 << 1, /* unit= (groups.txt) */
    SR_LC_SET = 1 << 7   /* in the word kept on the entry only: it is never 0 (sr_lex_memo) */
};
/* The codes of entry e as one word for sr_lex_memo (SR_LC_SET in the flags). */
uint64_t sr_lex_codes_word(const sr_lex_entry *e);
/* The codes of entry e, decoded on first use and kept on the entry (sr_lex_memo). Inline: the
 * incident stages ask them at every mention. */
static inline sr_lex_codes sr_lex_codes_of(const sr_lex_entry *e)
{
    uint64_t v = sr_lex_memo(e, SR_LEX_MEMO_CODES, sr_lex_codes_word);
    sr_lex_codes c;
    memcpy(&c, &v, sizeof c);
    c.flags &= (uint8_t)~SR_LC_SET;
    return c;
}

/* A perpetrator read in one sentence. */
typedef struct sr_perp {
    const sr_lex_entry *e; /* the actors.txt entry */
    uint32_t tok_start, tok_end;
    int score;             /* how plainly the sentence makes it the agent (0: not at all) */
    const char *rule;      /* "actor.by", "actor.subject", ... (static) */
} sr_perp;

/* The best perpetrator of sentence s for an event whose outcome word is at token
 * near (or UINT32_MAX), leaving out the tokens marked in victim (per token of a:
 * the victims' words of a count, "29 rebels were killed"; NULL for none) and
 * actors of the FA-KES classes in the bit set exclude (the victims' side,
 * sr_actor_class_bit). Returns false when the sentence names none. Work: the
 * sentence's tokens, a bounded window each. */
bool sr_perp_in_sentence(sr_annot *a, const sr_tokix *ix, size_t s, const uint8_t *victim, uint32_t near,
                         unsigned exclude, sr_perp *out);

/* The bit of an actors.txt entry's FA-KES class (fakes=), 0 for none/unknown. */
unsigned sr_actor_class_bit(const sr_lex_entry *e);

/* A claimant: who a sentence says told it. */
typedef struct sr_claimant {
    uint32_t sent;
    uint32_t tok;          /* the attribution word */
    uint32_t start, end;   /* bytes of the claimant's words */
    const char *name;      /* resolved name (the full name of a short one); in the arena given */
    const char *rule;      /* "claim.subject", "claim.according_to", ... */
} sr_claimant;

typedef struct sr_claimants {
    sr_claimant *items;
    size_t len;
    int8_t *cert;          /* per sentence: sitrep_certainty told there, or -1 */
    uint32_t *cert_tok;    /* per sentence: the hedge's first token */
} sr_claimants;

/* Reads the certainty each sentence of a tells (out->cert, cert_tok; no claimant yet). The arrays
 * live in a->arena. */
sitrep_status sr_certainty_find(sr_annot *a, const sr_tokix *ix, sr_claimants *out);

/* Reads the claimants of a, in text order, into out->items (in a->arena), up to the last sentence
 * s with needed[s] set (NULL: every sentence). The names of those in the sentences with needed[s]
 * set are read (into names, the record's arena); the others' name is NULL (and their rule may
 * not be final: a short name's is set when its name is read). */
sitrep_status sr_claims_find(sr_annot *a, const sr_tokix *ix, sr_arena *names, const uint8_t *needed,
                             sr_claimants *out);

#endif
