/* segment.h - sentences, tokens and numbers, with byte offsets.
 *
 * Sentences end at . ! ? (and closing quotes or brackets after them) unless
 * the period ends an abbreviation (U.S., Gen., Maj., Dr., a.m., initials) or
 * a number; a line that is a heading (no final punctuation, followed by a
 * blank line or a longer line) is a sentence of its own, as is each
 * paragraph's last line. Tokens are words, numbers, punctuation and symbols;
 * a hyphen between two words is not a token but the SR_TF_HYPHEN flag of the
 * second ("al-Bab", "eighty-two"). Numbers are values read from digits and
 * number words (data/numbers.txt): "5,000", "1.5 million", "eighty-two",
 * "a dozen", "hundreds". */
#ifndef SR_SEGMENT_H
#define SR_SEGMENT_H

#include "annot.h"
#include "lexicon.h"

/* Stage: fills a->toks, a->sents and a->nums. Boilerplate spans (a->boiler,
 * from clean) mark their tokens SR_TF_BOILER and their sentences
 * SR_SF_BOILER. Linear in the text length, whatever the text. */
sitrep_status sr_segment(const sr_lexicon *lx, sr_annot *a);

/* The index of the number that starts at token i, or -1 (binary search). */
long sr_number_at(const sr_annot *a, size_t tok);

#endif
