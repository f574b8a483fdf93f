/* segment.h - sentences, tokens and numbers, with byte offsets.
 *
 * Tokens are words, numbers, punctuation and symbols (annot.h). A hyphen
 * between two words or numbers is not a token but the SR_TF_HYPHEN flag of
 * the second ("al-Bab", "eighty-two", "5,000-13,000"); the possessive 's is a
 * token of its own; dotted abbreviations ("U.S.", "a.m.") are one token,
 * final period included. Tokens between matching quotation marks are
 * SR_TF_QUOTED (quotes pair within a paragraph).
 *
 * Sentences end at . ! ? (closing quotes and brackets after them belong to
 * the sentence) when the next word can start a sentence, unless the period
 * ends an initial, a title or another abbreviation of
 * data/abbreviations.txt, a month abbreviation before a number, or a list
 * marker ("1. Skip to content"). A line break ends a sentence unless the
 * text plainly runs on; a line with no final mark is a heading
 * (SR_SF_HEADING). At the start of a text, a date line ("Wed 05 Apr 2017",
 * "Published July 27 2016") is a sentence of its own (SR_SF_DATELINE), and
 * a title in title case that runs into the lead is split from it (FA-KES).
 * Sentences mostly in quotes are SR_SF_QUOTE; paragraphs are blank-line
 * separated.
 *
 * Numbers are values read from digits and number words (data/numbers.txt):
 * "5,000", "1.5 million", "2.5bn", "eighty-two", "two hundred and fifty",
 * "a dozen", and vague quantities with their least value ("dozens" = 24,
 * SR_NF_VAGUE). Ordinals ("first", "3rd"), years (SR_NF_YEARLIKE) and "one"
 * as a pronoun are flagged; dates written with hyphens or slashes, times
 * ("10:30"), numbers in names ("F-16") and list markers are not numbers. A
 * range gives two numbers. */
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

/* The marks of 64 tokens from p (a->tokmarks + i: 64 bytes readable, zero past the last
 * token) that have `bit` (one bit, SR_TM_*), as bit k for token i + k. A loop that looks for
 * the next marked token takes them from this word until it runs out, so that the test that
 * ends its search (taken once a marked token, not predictable) is taken once a word. */
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
static inline uint64_t sr_marks64(const uint8_t *p, unsigned bit)
{
    /* the bit shifted to the top of its byte, in 16-bit lanes: the low byte's top is its
     * own bit, and the high byte's (the lane's bit 15) is the high byte's own */
    const __m128i up = _mm_cvtsi32_si128(7 - __builtin_ctz(bit));
#define SR_MARKS16(q) \
    ((uint64_t)(unsigned)_mm_movemask_epi8(_mm_sll_epi16(_mm_loadu_si128((const __m128i *)(p + 16 * (q))), up)) \
     << (16 * (q)))
    return SR_MARKS16(0) | SR_MARKS16(1) | SR_MARKS16(2) | SR_MARKS16(3);
#undef SR_MARKS16
}
#else
static inline uint64_t sr_marks64(const uint8_t *p, unsigned bit)
{
    uint64_t m = 0;
    for (int k = 0; k < 64; k++)
        m |= (uint64_t)((p[k] & bit) != 0) << k;
    return m;
}
#endif

/* A pass's search for the tokens whose marks (a->tokmarks) have one bit: the marks of 64
 * tokens from `base` at a time (sr_marks64). */
typedef struct sr_mark_scan {
    const uint8_t *marks;
    size_t base;
    uint64_t set; /* bit k: token base + k has the bit */
    unsigned bit;
} sr_mark_scan;

static inline sr_mark_scan sr_mark_scan_of(const uint8_t *marks, unsigned bit)
{
    /* a base no token is 64 from: the first search reads its word */
    sr_mark_scan sc = {marks, SIZE_MAX / 2, 0, bit};
    return sc;
}

/* The first token k in [i, end) whose mark has the scan's bit, or end; i is not below the i
 * of the search before (the passes move forward; a search back reads its word again). */
static inline size_t sr_mark_next(sr_mark_scan *sc, size_t i, size_t end)
{
    size_t off = i - sc->base;
    uint64_t m;
    if (__builtin_expect(off < 64, 1) && __builtin_expect((m = sc->set >> off) != 0, 1)) {
        i += (size_t)__builtin_ctzll(m);
        return i < end ? i : end;
    }
    if (off < 64)
        i = sc->base + 64;
    for (; i < end; i += 64) {
        sc->base = i;
        sc->set = m = sr_marks64(sc->marks + i, sc->bit);
        if (m) {
            i += (size_t)__builtin_ctzll(m);
            return i < end ? i : end;
        }
    }
    return end;
}
#endif
