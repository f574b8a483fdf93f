/* actors.h - who did it (perpetrators), who says so (claimants) and how
 * certain the report is (hedges, denials), read per sentence from the
 * lexicon mentions of data/actors.txt, data/claims.txt and data/hedges.txt.
 * The rules are stated in actors.c. */
#ifndef SR_ACTORS_H
#define SR_ACTORS_H

#include "counts.h"

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

/* Reads every claimant and hedge of a, in text order. Names are written to
 * names (the record's arena); the arrays live in a->arena. */
sitrep_status sr_claims_find(sr_annot *a, const sr_tokix *ix, sr_arena *names, sr_claimants *out);

#endif
