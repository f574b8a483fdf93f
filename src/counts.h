/* counts.h - victim counts: "at least 82 civilians were killed", "killing
 * 82 civilians", "the death toll rose to 30", "including five children".
 *
 * The counts stage reads tokens, numbers and lexicon mentions (outcomes,
 * groups, qualifiers) and writes count mentions, one per figure, each with
 * the rule that read it (the rules are stated one sentence each in
 * counts.c). Work per number is bounded by fixed windows, so the stage is
 * linear in the text whatever it holds.
 *
 * It also builds the token index (sr_tokix) that the later stages (actors,
 * incidents, summary) share: which mention starts at which token. */
#ifndef SR_COUNTS_H
#define SR_COUNTS_H

#include "annot.h"
#include "lexicon.h"
#include "words.h"

/* The lists of sr_tokix.starts: per sentence, the tokens where an indexed place or mention of
 * one lexicon starts, so that a walk over a sentence's places or causes visits only them. */
enum { SR_ST_PLACES, SR_ST_OUTCOMES, SR_ST_CAUSES, SR_ST_ACTORS, SR_ST_CLAIMS, SR_ST_HEDGES, SR_ST_COUNT };
typedef struct sr_sent_toks {
    uint32_t *tok;   /* the tokens, sentence by sentence, each sentence's in text order */
    uint32_t *first; /* sentence s: tok[first[s] .. first[s + 1]) */
} sr_sent_toks;

/* Bits of sr_tokix.has: which of the index's per-token arrays hold an entry for the token. The
 * arrays themselves are not cleared (some 75 bytes per token, most never written): an entry is
 * read only when its bit says it was written. */
enum {
    SR_TK_NUM = 1 << 0,   /* num[i] */
    SR_TK_DATE = 1 << 1,  /* date[i] */
    SR_TK_PLACE = 1 << 2  /* place[i] */
};
/* lex[id][i] (the lexicons the pipeline annotates, all below SR_LEX_COUNT) */
#define SR_TK_LEX(id) ((uint16_t)(1u << (4 + (id))))

/* Per-token index of the annotations, in the annot's arena. Read it through the functions
 * below (sr_tokix_entry, _num, _date, _place, sr_tok_in). */
typedef struct sr_tokix {
    size_t ntok;
    uint16_t *has;              /* per token: SR_TK_* bits of the entries below that are set */
    const sr_lex_entry **lex[SR_LEX_COUNT]; /* the entry of the first mention of that lexicon
                                               starting at the token (only the lexicons the
                                               pipeline annotates; NULL for the others) */
    int32_t *num;               /* a->nums index of the number starting at the token */
    int32_t *date;              /* a->dates index of the date mention covering the token */
    int32_t *place;             /* a->places index of the place mention starting at the token */
    uint64_t *wc;               /* the token's word classes (words.h), or SR_WC_UNKNOWN until
                                   looked up; wc[ntok] is SR_WC_DONE (in no class) */
    uint8_t *tag;               /* 1: a word of a keyword list or a photo caption glued into the
                                   text ("Tags Syria Aleppo regime forces", "... (AFP photo)"); its
                                   places, outcomes, groups, actors and causes are not in the index
                                   above (counts.c); NULL when the text has none */
    char cc[3];                 /* the article's country (incidents.h sr_article_country), set by
                                   the incidents stage for the summary */
    sr_sent_toks starts[SR_ST_COUNT]; /* per sentence, the tokens i where place[i] or
                                         lex[OUTCOMES, CAUSES, ACTORS, CLAIMS, HEDGES][i] is set */
    size_t nlex[SR_LEX_COUNT];  /* the mentions of each lexicon */
    uint32_t *outcomes;         /* every outcome mention (a->lex index), in text order */
    size_t noutcomes;
    uint8_t *pkind;             /* per place mention: its gazetteer kind (sr_gaz_kind), and */
    char (*pcc)[2];             /* its country (ISO alpha-2), and */
    uint8_t *pmark;             /* 1 when it is told as a landmark ("south of Mosul"), read once
                                   by the incidents stage; NULL before */
} sr_tokix;
_Static_assert(4 + SR_LEX_QUALIFIERS < 16, "the bits of the indexed lexicons fit sr_tokix.has");

/* Builds ix for a (allocated in a->arena). */
sitrep_status sr_tokix_build(sr_annot *a, sr_tokix *ix);

/* The a->nums index of the number starting at token i, or -1. */
static inline int32_t sr_tokix_num(const sr_tokix *ix, size_t i)
{
    return i < ix->ntok && (ix->has[i] & SR_TK_NUM) ? ix->num[i] : -1;
}

/* The a->dates index of the date mention covering token i, or -1. */
static inline int32_t sr_tokix_date(const sr_tokix *ix, size_t i)
{
    return i < ix->ntok && (ix->has[i] & SR_TK_DATE) ? ix->date[i] : -1;
}

/* The a->places index of the place mention starting at token i, or -1. */
static inline int32_t sr_tokix_place(const sr_tokix *ix, size_t i)
{
    return i < ix->ntok && (ix->has[i] & SR_TK_PLACE) ? ix->place[i] : -1;
}

/* The lexicon entry of lexicon id starting at token i, or NULL. */
static inline const sr_lex_entry *sr_tokix_entry(const sr_annot *a, const sr_tokix *ix, size_t i, sr_lex_id id)
{
    (void)a;
    if (i >= ix->ntok || !(ix->has[i] & SR_TK_LEX(id)))
        return NULL;
    return ix->lex[id][i];
}

/* The tokens of sentence s in list `which` (SR_ST_...): [*b, *e). */
static inline void sr_sent_starts(const sr_tokix *ix, int which, size_t s, const uint32_t **b, const uint32_t **e)
{
    const sr_sent_toks *l = &ix->starts[which];
    *b = l->tok + l->first[s];
    *e = l->tok + l->first[s + 1];
}

/* The word lists (bit SR_WC_... set) that token i's word is in; i < ix->ntok. Looked up once
 * per token, on first use: a rule that asks several lists of one word reads them at once. A
 * token its mark turned away reads SR_WC_DONE: one test, not one of the mark and one of the
 * cache (they were unpredictable, one in two mispredicted). */
static inline uint64_t sr_tok_classes(const sr_annot *a, const sr_tokix *ix, size_t i)
{
    uint64_t v = ix->wc[i];
    if (v == SR_WC_UNKNOWN)
        v = ix->wc[i] = sr_tok_word_classes(a, i);
    return v;
}

/* Is token i's word in the list cls (SR_WC_...)? A token past the last reads wc[ntok], in
 * no list: a selection, not a branch. */
static inline bool sr_tok_in(const sr_annot *a, const sr_tokix *ix, size_t i, int cls)
{
    return (sr_tok_classes(a, ix, i < ix->ntok ? i : ix->ntok) >> cls) & 1u;
}

/* Is the word t the word w (a token's folded form and a word the rules name)? The first letters
 * first: most words differ there. */
static inline bool sr_word_eq(const char *t, const char *w) { return t[0] == w[0] && sr_streq(t, w); }

/* Count mention flags. */
enum {
    SR_CM_SUBSET = 1 << 0,   /* part of another count ("including five children") */
    SR_CM_WAR = 1 << 1,      /* a war-wide or long-period total */
    SR_CM_TOLL = 1 << 2,     /* a toll ("the death toll rose to 30"): the latest wins */
    SR_CM_ADDITIVE = 1 << 3, /* "another 10", "10 more": adds to earlier counts */
    SR_CM_HEADING = 1 << 4,  /* in the title or a heading */
    SR_CM_AND = 1 << 5,      /* joined to the count before it in its sentence ("a ruler and nine
                                others were killed", "killed a judge and seven of his family"):
                                adds to it, as SR_CM_ADDITIVE does, but opens no join of its own */
    SR_CM_PERIOD = 1 << 6    /* a running total since a recent day ("since Saturday at least 68
                                have been killed"): several events, an incident of its own */
};

typedef struct sr_cm {
    uint32_t sent;                 /* sentence index */
    uint32_t tok_start, tok_end;   /* the words of the evidence */
    uint32_t num_tok;              /* first token of the figure */
    uint32_t grp_start, grp_end;   /* tokens of the victim noun phrase (for actors to skip) */
    uint32_t out_tok;              /* token of the outcome word */
    int64_t min, max;              /* -1: not given / open */
    uint8_t outcome;               /* sitrep_outcome */
    uint8_t group;                 /* sitrep_group */
    uint8_t qual;                  /* sitrep_qualifier */
    uint8_t flags;                 /* SR_CM_* */
    int32_t parent;                /* index of the count this is a subset of, or -1 */
    const char *rule;              /* "count.passive", ... (static) */
    const sr_lex_entry *outcome_e; /* the outcome word's entry (its cause=), or NULL */
} sr_cm;

typedef struct sr_cm_list {
    sr_cm *items;
    size_t len;
} sr_cm_list;

/* Stage: every victim count of a, in text order (in a->arena). */
sitrep_status sr_counts_find(const sr_lexicon *lx, sr_annot *a, const sr_tokix *ix, sr_cm_list *out);

/* The value a count stands for in sums: min when given, else max. */
static inline int64_t sr_cm_value(const sr_cm *c) { return c->min >= 0 ? c->min : c->max; }

/* Parses an outcome/group/qualifier attribute value; -1 when unknown. */
int sr_cm_outcome_parse(const char *s);
int sr_cm_group_parse(const char *s);

#endif
