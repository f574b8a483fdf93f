/* annot.h - the annotated document that flows through the extraction
 * stages, one way:
 *
 *   clean    -> boilerplate spans            (clean.c)
 *   meta     -> title, outlet, published      (meta.c)
 *   segment  -> sentences, tokens, numbers    (segment.c)
 *   lexicon  -> lexicon mentions              (lexicon.c)
 *   gazetteer-> place mentions                (gazetteer.c)
 *   dates    -> date mentions                 (dates.c)
 *   counts   -> victim counts                 (counts.c)
 *   actors   -> perpetrators, claimants       (actors.c)
 *   incidents-> incidents                     (incidents.c)
 *   summary  -> the FA-KES summary            (summary.c)
 *
 * Each stage reads what earlier stages wrote and appends its own part; no
 * stage edits another's output. Everything lives in the annot's arena and
 * vectors, which are reset (not freed) between documents.
 */
#ifndef SR_ANNOT_H
#define SR_ANNOT_H

#include "util.h"

typedef struct sr_lexicon sr_lexicon;
typedef struct sr_lex_entry sr_lex_entry;
typedef struct sr_gazetteer sr_gazetteer;

/* ---- tokens ---- */

typedef enum sr_tok_kind {
    SR_TOK_WORD,   /* letters (with inner apostrophes/dots: "U.S.", "don't") */
    SR_TOK_NUMBER, /* digits with separators: "5,000", "1.5", "2016", "10-07-2016" is 5 tokens */
    SR_TOK_PUNCT,  /* . , ; : ! ? ( ) [ ] " ' and dashes that stand alone */
    SR_TOK_SYMBOL  /* anything else: % $ & / ... */
} sr_tok_kind;

enum {
    SR_TF_CAP = 1 << 0,        /* first letter upper case */
    SR_TF_ALLCAPS = 1 << 1,    /* every letter upper case, at least two letters */
    SR_TF_HYPHEN = 1 << 2,     /* joined to the previous token by a hyphen ("al-Bab": "Bab") */
    SR_TF_SPACE = 1 << 3,      /* preceded by whitespace (or at text start) */
    SR_TF_NEWLINE = 1 << 4,    /* preceded by a line break */
    SR_TF_BOILER = 1 << 5,     /* inside a boilerplate span */
    SR_TF_SENT_START = 1 << 6, /* first token of its sentence */
    SR_TF_QUOTED = 1 << 7      /* inside quotation marks */
};

typedef struct sr_token {
    uint32_t start, end;  /* bytes of the body */
    uint32_t norm;        /* offset of the folded form in sr_annot.norm (NUL-terminated) */
    uint16_t norm_len;
    uint8_t kind;         /* sr_tok_kind */
    uint8_t flags;        /* SR_TF_* */
    uint32_t sent;        /* index of its sentence */
} sr_token;

/* Bits of sr_annot.tokmarks. */
enum {
    /* The token may start a date with no date word beside it: a number, or a word whose hash
     * may be that of a preposition or modifier of dates.c (sr_dates_start_word; another word
     * may share the bit, never one of them lacks it) */
    SR_TM_DATE = 1 << 3,
    /* The token may be a word of data/words.txt (words.c, sr_tok_word_classes): 12 bits of
     * its hash are those of one (another token may share the bit, never one of them lacks it) */
    SR_TM_WORDS = 1 << 4,
    /* The token's first letter is a capital (its flags have SR_TF_CAP): a pass that looks at
     * capitalised tokens only takes them 64 at a time (segment.h sr_marks64), not from the
     * flags of each token */
    SR_TM_CAP = 1 << 6
};

/* ---- sentences ---- */

enum {
    SR_SF_BOILER = 1 << 0,   /* wholly boilerplate: extraction skips it */
    SR_SF_HEADING = 1 << 1,  /* a heading or title line (no final punctuation, own line) */
    SR_SF_TITLE = 1 << 2,    /* the document's title line */
    SR_SF_QUOTE = 1 << 3,    /* mostly inside quotation marks */
    SR_SF_DATELINE = 1 << 4  /* a date line that opens the text ("Wed 05 Apr 2017", "Published July 27 2016") */
};

typedef struct sr_sentence {
    uint32_t start, end;         /* bytes */
    uint32_t tok_start, tok_end; /* tokens [tok_start, tok_end) */
    uint32_t flags;              /* SR_SF_* */
    uint32_t paragraph;          /* index of the paragraph (blank-line separated block) */
} sr_sentence;

/* ---- numbers: a value told in digits, words or both ---- */

enum {
    SR_NF_WORDS = 1 << 0,    /* written in words ("eighty-two", "a dozen") */
    SR_NF_VAGUE = 1 << 1,    /* a vague quantity ("dozens", "hundreds", "scores", "several") */
    SR_NF_YEARLIKE = 1 << 2, /* four digits 1900-2099 with no separator */
    SR_NF_DECIMAL = 1 << 3,  /* has a fractional part */
    SR_NF_ORDINAL = 1 << 4,  /* "first", "3rd" */
    SR_NF_PRONOUN = 1 << 5   /* "one" used as a pronoun ("no one", "one another", "the one who") */
};

typedef struct sr_number {
    uint32_t tok_start, tok_end; /* tokens [tok_start, tok_end) */
    uint32_t start, end;         /* bytes */
    double value;                /* "1.5 million" = 1500000; "dozens" = 24 (the vague minimum, see data/numbers.txt) */
    uint32_t flags;              /* SR_NF_* */
} sr_number;

/* ---- mentions: typed spans found by the lexicon, gazetteer and dates ---- */

typedef enum sr_mention_kind {
    SR_M_LEXICON, /* a lexicon entry: entry says which lexicon and what it means */
    SR_M_PLACE,   /* a gazetteer place */
    SR_M_DATE     /* a date expression, resolved or not */
} sr_mention_kind;

typedef struct sr_place_ref {
    uint32_t place;       /* index in the gazetteer (sr_gaz_place) */
    uint32_t ncandidates; /* how many places share the name (before disambiguation) */
    uint16_t rule;        /* sr_gaz_rule that settled it (gazetteer.h) */
    uint16_t flags;       /* SR_PF_* (gazetteer.h) */
    uint8_t kind;         /* the place's sr_gaz_kind, as sr_gaz_place_get gives it (SR_GAZ_COUNTRY
                             when place is no index of the gazetteer) */
    char country[2];      /* the place's ISO alpha-2 (zeros for none), as sr_gaz_place_get gives it */
} sr_place_ref;

typedef struct sr_date_ref {
    int64_t from, to;    /* days since 1970-01-01; to >= from */
    uint8_t precision;   /* sitrep_precision */
    uint8_t resolved;    /* 0: relative with no publication date to resolve it */
    uint8_t relative;    /* told relative to publication ("on Monday", "yesterday") */
    const char *rule;    /* the rule that read it (static) */
} sr_date_ref;

typedef struct sr_mention {
    uint32_t tok_start, tok_end; /* tokens [tok_start, tok_end) */
    uint32_t start, end;         /* bytes */
    uint8_t kind;                /* sr_mention_kind */
    union {
        const sr_lex_entry *entry;
        sr_place_ref place;
        sr_date_ref date;
    } u;
} sr_mention;

/* ---- the annotated document ---- */

typedef struct sr_annot {
    const char *text; /* body; not owned */
    size_t len;

    sr_arena arena;   /* per-document scratch; reset between documents */
    sr_buf norm;      /* folded token forms, NUL-separated */

    SR_VEC(sitrep_span) boiler;    /* boilerplate spans, sorted, non-overlapping */
    SR_VEC(sr_token) toks;
    SR_VEC(sr_sentence) sents;
    SR_VEC(sr_number) nums;
    SR_VEC(sr_mention) lex;        /* lexicon mentions, in text order */
    SR_VEC(sr_mention) places;     /* place mentions, in text order */
    SR_VEC(sr_mention) dates;      /* date mentions, in text order */

    /* publication date known before extraction (input or text), days since
     * 1970-01-01, or INT64_MIN when unknown */
    int64_t published;

    /* Set by the segment stage for the stages after it: per token, the hash
     * of its folded form that the lexicon looks up (lexicon.h
     * sr_lex_token_hash; 0 for an empty form), in the arena; NULL before. */
    uint64_t *tokhash;
    /* Set by the segment stage with tokhash: per token, bits for the stages after it; of
     * them SR_TM_DATE and SR_TM_WORDS (the others are the segment stage's own). In the arena, zero for 64
     * bytes past the last token (read up to 64 at a time); NULL before. */
    const uint8_t *tokmarks;

    /* Set by the incidents stage for the stages after it (counts.h): the token index of
     * counts, actors, incidents and summary, in the arena; NULL before. */
    struct sr_tokix *tokix;
    /* Steps taken by the loops of those stages (counts, actors, incidents, summary) for
     * this document, reset by the incidents stage: tests bound it by the text's length. */
    size_t work;

    /* Set by the gazetteer stage for sr_gaz_context_country (gazetteer.c): what the stage
     * met that the article's country weighs (the demonyms of the text), in the arena; NULL
     * before. It tells which document it is of: another is weighed from the tokens. */
    struct sr_gaz_memo *gazmemo;
} sr_annot;

/* Resets a (keeps memory) and points it at text. */
void sr_annot_reset(sr_annot *a, const char *text, size_t len);
void sr_annot_free(sr_annot *a);

/* The folded form of token i. */
static inline const char *sr_tok_norm(const sr_annot *a, size_t i)
{
    return a->norm.data + a->toks.items[i].norm;
}

/* True when the byte offset lies in a boilerplate span. */
bool sr_annot_in_boiler(const sr_annot *a, uint32_t off);

#endif
