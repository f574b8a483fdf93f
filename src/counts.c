/* counts.c - victim counts.
 *
 * A count is a figure (a number, a vague quantity, or "a"/"an" before a
 * singular victim noun), its qualifier, the victim noun phrase after it and
 * the outcome word that says what happened. The rules, one sentence each:
 *
 *  count.passive      figure + victims + auxiliary + outcome verb: "82 civilians were killed".
 *  count.participle   figure + victims + outcome participle: "12 people killed in a raid".
 *  count.adjective    figure (+ victims) + outcome adjective: "40 dead", "six inmates dead".
 *  count.intransitive figure + victims + intransitive outcome: "30 people died".
 *  count.prenominal   figure + outcome adjective + victims: "40 wounded people".
 *  count.noun         figure + outcome noun: "up to 60 fatalities", "20 bodies".
 *  count.active       outcome verb + figure (+ victims): "killed 10 people", "kill at least 30".
 *  count.gerund       outcome gerund + figure: "killing 82 civilians".
 *  count.noun_of      outcome noun + "of" + figure: "the deaths of at least 6,786 detainees".
 *  count.toll         toll noun + verb + figure, the last figure of the run: "the death toll
 *                     rose from 20 to 30" gives 30.
 *  count.carry        transport verb + figure in a sentence that tells an evacuation:
 *                     "evacuation convoys carried some 3,000 civilians" (displaced).
 *  count.among        figures + "among those killed" / "among the dead": subsets of the total.
 *  count.subset       "including" / "among them" / an apposition after a count + figure +
 *                     victims: a part of the count before it, with its outcome.
 *  count.singular     "a"/"an"/"his"/"her" + singular victim noun, as any of the forms above: one;
 *                     joined subjects each count ("a man and a woman were killed": two).
 *  count.and_object   a further object of one verb: "killed a judge ... and seven members of his
 *                     family" (added to the first).
 *  count.along_with   "along with" / "as well as" + figure after a count: more victims of the same.
 *
 * The victims' words take the organisation they belong to, named after them by "of" or "from"
 * ("25 members of the Nusra Front"); the members or leaders of an armed organisation are
 * combatants (groups.txt of=org). An organisation's name is no one person ("Ahrar al-Sham was
 * killed"); the office before it is ("the leader of Ahrar al-Sham").
 *
 * What is not a count: a figure inside a date, a year, a time ("10:30"), money ("$5"), a
 * percentage, a figure before a noun of things (data/groups.txt unit=: "13 ambulances",
 * "five years", "4 km"), a rate ("50 a day", "50 people per day"), a group size ("groups of
 * up to 50"), an age ("aged 25", "a 25-year-old"), an ordinal, and any figure that no outcome
 * word governs ("70 prisoners in cells designed for five").
 *
 * A count is war-wide (SR_CM_WAR) when a war noun is the subject of its verb ("the conflict,
 * which has killed more than 320,000", "the crisis has claimed 250,000 lives") or the agent of
 * its passive verb ("people displaced by the insurgency"; "the fighting
 * has killed 5,000" for thousands in the present perfect), or its sentence dates it from the
 * war's start or over a long period ("since 2011", "since it broke out", "this year", "over six
 * years of war", "in the war"), or sums a period ("overall", "in total", "the total death toll").
 *
 * Windows: at most 4 tokens of qualifier before a figure, 4 of modifiers and 10 of
 * predicate after it, 12 for a parenthetical: the work per number is bounded. */
#include "counts.h"

#include "fold.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

/* ---- the token index ---- */

/* The first token that ends after byte off. */
static size_t token_at(const sr_annot *a, uint32_t off)
{
    size_t lo = 0, hi = a->toks.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->toks.items[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Takes tokens [from, to) out of the index: a keyword list or a caption tells nothing of the
 * events (actors and causes only before keep, when keep < to). */
static void hide(sr_annot *a, sr_tokix *ix, size_t from, size_t to, size_t keep)
{
    if (!ix->tag && !(ix->tag = sr_arena_alloc(&a->arena, ix->ntok + 1)))
        return; /* out of memory: the words stay (the next stage reports it) */
    for (size_t j = from; j < to; j++) {
        ix->tag[j] = 1;
        ix->has[j] &= (uint16_t) ~(SR_TK_PLACE | SR_TK_LEX(SR_LEX_GROUPS) | SR_TK_LEX(SR_LEX_OUTCOMES));
        if (j < keep)
            ix->has[j] &= (uint16_t) ~(SR_TK_LEX(SR_LEX_ACTORS) | SR_TK_LEX(SR_LEX_CAUSES));
    }
}

/* A photo's caption glued into the text, told by a credit in brackets ("... destroyed buildings
 * in Hasakeh on Monday (AFP photo) BEIRUT Thirteen civilians were killed", "(Reuters Photo)",
 * "(Photo AFP)", "(Photo Smoke is seen following a US airstrike ... by AFP)"): the words of its
 * sentence before the credit, or the whole sentence before when the credit opens its own, and
 * the words inside the brackets, describe a picture, not the events (at most CAPTION_MAX words
 * before the credit). */
#define CAPTION_MAX 80 /* words of a caption before its credit, at most */

static void mark_captions(sr_annot *a, sr_tokix *ix)
{
    size_t n = ix->ntok;
    /* a bracket (rare, found by memchr), then "photo" as one of the two words after it */
    for (const char *p = a->text, *end = a->text + a->len; p && p < end;) {
        const char *h = memchr(p, '(', (size_t)(end - p));
        if (!h)
            break;
        p = h + 1;
        size_t i = token_at(a, (uint32_t)(h - a->text));
        if (i + 2 >= n || a->toks.items[i].start != (uint32_t)(h - a->text) || a->toks.items[i].kind != SR_TOK_PUNCT)
            continue;
        size_t w = i + 1;
        if (!sr_word_eq(sr_tok_norm(a, w), "photo") && !sr_word_eq(sr_tok_norm(a, w), "photos")) {
            w++;
            if (!sr_word_eq(sr_tok_norm(a, w), "photo") && !sr_word_eq(sr_tok_norm(a, w), "photos"))
                continue;
        }
        size_t close = w;
        while (close < n && close < i + 40 && !sr_word_eq(sr_tok_norm(a, close), ")"))
            close++;
        if (close >= n || close >= i + 40)
            continue;
        uint32_t s = a->toks.items[i].sent;
        const sr_sentence *se = &a->sents.items[s];
        size_t from = se->tok_start;
        if (from == i && s > 0 && !(a->sents.items[s - 1].flags & SR_SF_BOILER))
            from = a->sents.items[s - 1].tok_start; /* "... on July 1 2016. (AFP Photo)" */
        if (from + CAPTION_MAX < i)
            continue; /* too long for a caption */
        a->work += close + 1 - from;
        hide(a, ix, from, close + 1, close + 1);
        p = a->text + a->toks.items[close].end;
    }
}

/* A keyword list that some outlets' pages glue into the text ("... a monitor said. Tags Syria
 * Aleppo regime forces At least 16 people were killed"): the word "Tags" (so written) and the
 * words after it up to the first function word in lower case ("on", "the", "At"), figure,
 * qualifier, outcome word or stop. Its places, actors and causes tell nothing of the events:
 * they are taken out of the index; but when the list ends on a word that does not open a noun
 * phrase ("Intense Syrian regime bombardment on ..."), the four words before that word may be
 * the subject of the text's first clause, and keep their actors and causes. */
static void mark_tags(sr_annot *a, sr_tokix *ix)
{
    size_t n = ix->ntok;
    for (const char *p = a->text, *end = a->text + a->len; p && p + 4 <= end;) {
        const char *h = memchr(p, 'T', (size_t)(end - p));
        if (!h || h + 4 > end)
            break;
        p = h + 1;
        if (h[1] != 'a' || h[2] != 'g' || h[3] != 's')
            continue;
        size_t i = token_at(a, (uint32_t)(h - a->text));
        if (i + 1 >= n)
            break;
        const sr_token *t = &a->toks.items[i];
        if (t->start != (uint32_t)(h - a->text) || t->kind != SR_TOK_WORD || t->end - t->start != 4 ||
            a->toks.items[i + 1].kind != SR_TOK_WORD || a->toks.items[i + 1].sent != t->sent ||
            sr_tok_in(a, ix, i + 1, SR_WC_NP_STOP))
            continue;
        size_t k = i;
        bool np_opens = true; /* the list ends where a noun phrase begins ("At least", "A", "Four") */
        for (; k < n && a->toks.items[k].sent == t->sent; k++) {
            const sr_token *u = &a->toks.items[k];
            if (k == i)
                continue;
            if (sr_tokix_num(ix, k) >= 0 || sr_tokix_entry(a, ix, k, SR_LEX_QUALIFIERS) || u->kind == SR_TOK_NUMBER)
                break;
            if (sr_tokix_entry(a, ix, k, SR_LEX_OUTCOMES) ||
                (u->kind == SR_TOK_PUNCT && sr_tok_in(a, ix, k, SR_WC_CLAUSE_PUNCT) &&
                 !sr_word_eq(sr_tok_norm(a, k), "(") && !sr_word_eq(sr_tok_norm(a, k), ")"))) {
                np_opens = u->kind == SR_TOK_PUNCT;
                break;
            }
            if (u->kind == SR_TOK_WORD && !(u->flags & SR_TF_ALLCAPS) && sr_tok_in(a, ix, k, SR_WC_NP_STOP)) {
                const char *w = sr_tok_norm(a, k);
                np_opens = sr_word_eq(w, "a") || sr_word_eq(w, "an") || sr_word_eq(w, "the");
                break;
            }
        }
        hide(a, ix, i, k, np_opens || k < i + 5 ? k : k - 4);
        a->work += k - i;
        if (k < n)
            p = a->text + a->toks.items[k].start;
    }
}

/* The tokens i of each sentence whose index bits (sr_tokix.has) hold bit (sr_tokix.starts): one
 * pass over the tokens, sentences by counting. */
static sitrep_status sent_starts(sr_annot *a, const sr_tokix *ix, uint16_t bit, sr_sent_toks *out)
{
    size_t ns = a->sents.len, n = a->toks.len;
    uint32_t *first = sr_arena_alloc(&a->arena, (ns + 2) * sizeof(uint32_t));
    uint32_t *at = sr_arena_alloc_raw(&a->arena, (ns + 1) * sizeof(uint32_t));
    if (!first || !at)
        return SITREP_ENOMEM;
    size_t total = 0;
    for (size_t t = 0; t < n; t++)
        if ((ix->has[t] & bit) && a->toks.items[t].sent < ns) {
            first[a->toks.items[t].sent + 1]++;
            total++;
        }
    for (size_t s = 0; s < ns; s++) {
        first[s + 1] += first[s];
        at[s] = first[s];
    }
    uint32_t *tok = sr_arena_alloc_raw(&a->arena, (total + 1) * sizeof(uint32_t));
    if (!tok)
        return SITREP_ENOMEM;
    for (size_t t = 0; t < n; t++)
        if ((ix->has[t] & bit) && a->toks.items[t].sent < ns)
            tok[at[a->toks.items[t].sent]++] = (uint32_t)t;
    out->tok = tok;
    out->first = first;
    return SITREP_OK;
}

/* The lists of sr_tokix.starts filled in text order: each token appended to its list, and
 * counted in its sentence's slot (first[s + 1]), the counts summed into the offsets at the end. */
typedef struct starts_fill {
    uint32_t *tok[SR_ST_COUNT];
    uint32_t *cnt[SR_ST_COUNT]; /* sr_sent_toks.first, cleared: counts until starts_close */
    uint32_t len[SR_ST_COUNT];
    uint32_t after[SR_ST_COUNT]; /* the token after the one appended last (0: none yet) */
    unsigned unordered;          /* bit w: a token of list w came before the one before it */
} starts_fill;

static inline void starts_push(starts_fill *f, int w, uint32_t t, uint32_t s)
{
    f->unordered |= (unsigned)(t < f->after[w]) << w;
    f->after[w] = t + 1;
    f->tok[w][f->len[w]++] = t;
    f->cnt[w][s + 1]++;
}

/* The list of each lexicon's mentions (0: none; SR_ST_PLACES is no lexicon's). */
_Static_assert(SR_ST_PLACES == 0, "0 is no lexicon's list");
static const int8_t list_of[SR_LEX_COUNT] = {[SR_LEX_OUTCOMES] = SR_ST_OUTCOMES, [SR_LEX_CAUSES] = SR_ST_CAUSES,
                                             [SR_LEX_ACTORS] = SR_ST_ACTORS, [SR_LEX_CLAIMS] = SR_ST_CLAIMS,
                                             [SR_LEX_HEDGES] = SR_ST_HEDGES};
static const int8_t lex_of[SR_ST_COUNT] = {[SR_ST_OUTCOMES] = SR_LEX_OUTCOMES, [SR_ST_CAUSES] = SR_LEX_CAUSES,
                                           [SR_ST_ACTORS] = SR_LEX_ACTORS, [SR_ST_CLAIMS] = SR_LEX_CLAIMS,
                                           [SR_ST_HEDGES] = SR_LEX_HEDGES};

/* The index bit of list w's tokens. */
static uint16_t list_bit(int w) { return w == SR_ST_PLACES ? SR_TK_PLACE : SR_TK_LEX(lex_of[w]); }

static sitrep_status starts_open(sr_annot *a, sr_tokix *ix, starts_fill *f)
{
    size_t ns = a->sents.len;
    f->unordered = 0;
    for (int w = 0; w < SR_ST_COUNT; w++) {
        size_t cap = w == SR_ST_PLACES ? a->places.len : a->lex.len;
        ix->starts[w].first = sr_arena_alloc(&a->arena, (ns + 2) * sizeof(uint32_t));
        ix->starts[w].tok = sr_arena_alloc_raw(&a->arena, (cap + 1) * sizeof(uint32_t));
        if (!ix->starts[w].first || !ix->starts[w].tok)
            return SITREP_ENOMEM;
        f->tok[w] = ix->starts[w].tok;
        f->cnt[w] = ix->starts[w].first;
        f->len[w] = 0;
        f->after[w] = 0;
    }
    return SITREP_OK;
}

/* Ends the lists of sr_tokix.starts, filled while the index was built (sr_tokix_build) in text
 * order: a list whose mentions were not is made again by sent_starts; the tokens of a keyword
 * list or a caption (hidden: their bits cleared) are taken out of the others. */
static sitrep_status starts_close(sr_annot *a, sr_tokix *ix, starts_fill *f, bool hidden)
{
    size_t ns = a->sents.len;
    for (int w = 0; w < SR_ST_COUNT; w++) {
        uint16_t bit = list_bit(w);
        if (f->unordered & (1u << w)) {
            sitrep_status st = sent_starts(a, ix, bit, &ix->starts[w]);
            if (st != SITREP_OK)
                return st;
            continue;
        }
        if (!f->len[w])
            continue; /* no token: the offsets are the zeros they were cleared to */
        uint32_t *first = ix->starts[w].first, *tok = ix->starts[w].tok;
        for (size_t s = 0; s < ns; s++)
            first[s + 1] += first[s];
        if (!hidden)
            continue;
        uint32_t kept = 0;
        for (size_t s = 0; s < ns; s++) {
            uint32_t b = first[s], e = first[s + 1];
            first[s] = kept;
            for (uint32_t k = b; k < e; k++)
                if (ix->has[tok[k]] & bit)
                    tok[kept++] = tok[k];
        }
        first[ns] = kept;
    }
    return SITREP_OK;
}

/* wc[0 .. ntok] before any lookup: SR_WC_UNKNOWN for a token its mark says may be in a class
 * (looked up on first use), SR_WC_DONE (in no class) for the others and at ntok. Made from the
 * marks eight at a time, with no branch; the zero marks past the last token (annot.h) make
 * wc[ntok] and the rest of the last eight SR_WC_DONE: wc has room for ntok + 8. */
static void word_classes_open(const sr_annot *a, uint64_t *wc)
{
    size_t n = a->toks.len;
    const uint8_t *marks = a->tokmarks;
    if (!marks) { /* (a stage run without segment's: any token may be in a class) */
        for (size_t i = 0; i < n; i++)
            wc[i] = SR_WC_UNKNOWN;
        wc[n] = SR_WC_DONE;
        return;
    }
    for (size_t i = 0; i <= n; i += 8) {
        uint64_t m;
        memcpy(&m, marks + i, sizeof m);
        m = m / SR_TM_WORDS & 0x0101010101010101ull; /* byte k: 1 when token i + k is marked */
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
        for (unsigned k = 0; k < 8; k++)
            wc[i + k] = SR_WC_DONE | (0 - (m >> (8 * k) & 1));
    }
}

sitrep_status sr_tokix_build(sr_annot *a, sr_tokix *ix)
{
    memset(ix, 0, sizeof *ix);
    size_t n = a->toks.len, ns = a->sents.len;
    ix->ntok = n;
    size_t rows = n ? n : 1;
    /* the lexicons these stages read get an array each; the others none (their bit is never
     * set: sr_tokix_entry gives NULL) */
    static const int kinds[] = {SR_LEX_OUTCOMES, SR_LEX_GROUPS, SR_LEX_CAUSES, SR_LEX_ACTORS,
                                SR_LEX_CLAIMS,   SR_LEX_HEDGES, SR_LEX_QUALIFIERS};
    /* one block, not cleared but for the bits (has): an entry is written before its bit is set */
    unsigned char *block = sr_arena_alloc_raw(&a->arena, (rows + 8) * sizeof(uint64_t) +
                                                             rows * (SR_ARRAY_LEN(kinds) * sizeof(const sr_lex_entry *) +
                                                                     3 * sizeof(int32_t)));
    ix->has = sr_arena_alloc(&a->arena, (rows + 1) * sizeof(uint16_t));
    ix->outcomes = sr_arena_alloc_raw(&a->arena, (a->lex.len + 1) * sizeof(uint32_t));
    if (!block || !ix->has || !ix->outcomes)
        return SITREP_ENOMEM;
    starts_fill f;
    sitrep_status st = starts_open(a, ix, &f);
    if (st != SITREP_OK)
        return st;
    ix->wc = (uint64_t *)block;
    const sr_lex_entry **entries = (const sr_lex_entry **)(block + (rows + 8) * sizeof(uint64_t));
    uint16_t lexbit[SR_LEX_COUNT] = {0}; /* the index bit of each lexicon that has an array, else 0 */
    for (size_t k = 0; k < SR_ARRAY_LEN(kinds); k++, entries += rows) {
        ix->lex[kinds[k]] = entries;
        lexbit[kinds[k]] = SR_TK_LEX(kinds[k]);
    }
    int32_t *next = (int32_t *)entries;
    ix->num = next;
    ix->date = next + rows;
    ix->place = next + 2 * rows;
    word_classes_open(a, ix->wc);
    uint16_t *has = ix->has;
    const sr_token *toks = a->toks.items;
    /* the first mention of each lexicon at a token, and the lists of sr_tokix.starts (mentions
     * come in text order); the mentions of each lexicon counted, and the outcome words listed
     * (sr_counts_find), all of them */
    /* in locals: the stores of entries into ix->lex[id] could otherwise be the index's own
     * fields for the compiler, read again at every mention */
    const sr_lex_entry **lexrows[SR_LEX_COUNT];
    size_t nlex[SR_LEX_COUNT] = {0}, noutcomes = 0;
    uint32_t *outcomes = ix->outcomes;
    memcpy(lexrows, ix->lex, sizeof lexrows);
    for (size_t i = 0; i < a->lex.len; i++) {
        const sr_mention *m = &a->lex.items[i];
        if (m->kind != SR_M_LEXICON)
            continue;
        const sr_lex_entry *e = m->u.entry;
        int id = e->lexicon;
        nlex[id]++;
        if (id == SR_LEX_OUTCOMES)
            outcomes[noutcomes++] = (uint32_t)i;
        uint32_t t = m->tok_start;
        uint16_t bit = lexbit[id];
        if (!bit || t >= n || (has[t] & bit))
            continue;
        lexrows[id][t] = e;
        has[t] |= bit;
        if (list_of[id] && toks[t].sent < ns)
            starts_push(&f, list_of[id], t, toks[t].sent);
    }
    memcpy(ix->nlex, nlex, sizeof nlex);
    ix->noutcomes = noutcomes;
    for (size_t i = 0; i < a->nums.len; i++) {
        uint32_t t = a->nums.items[i].tok_start;
        if (t < n && !(has[t] & SR_TK_NUM)) {
            ix->num[t] = (int32_t)i;
            has[t] |= SR_TK_NUM;
        }
    }
    /* a token in two date mentions: the later one's */
    for (size_t i = 0; i < a->dates.len; i++) {
        const sr_mention *m = &a->dates.items[i];
        for (uint32_t t = m->tok_start; t < m->tok_end && t < n; t++) {
            ix->date[t] = (int32_t)i;
            has[t] |= SR_TK_DATE;
        }
    }
    for (size_t i = 0; i < a->places.len; i++) {
        uint32_t t = a->places.items[i].tok_start;
        if (t < n && !(has[t] & SR_TK_PLACE)) {
            ix->place[t] = (int32_t)i;
            has[t] |= SR_TK_PLACE;
            if (toks[t].sent < ns)
                starts_push(&f, SR_ST_PLACES, t, toks[t].sent);
        }
    }
    mark_tags(a, ix);
    mark_captions(a, ix);
    return starts_close(a, ix, &f, ix->tag != NULL);
}


int sr_cm_outcome_parse(const char *s)
{
    static const char *const names[] = {"killed", "injured", "missing", "detained", "displaced", "trapped"};
    for (size_t i = 0; s && i < SR_ARRAY_LEN(names); i++)
        if (s[0] == names[i][0] && sr_streq(s, names[i])) /* the first letter first: no call */
            return (int)i;
    return -1;
}

int sr_cm_group_parse(const char *s)
{
    static const char *const names[] = {"people", "civilians", "combatants", "children", "women", "men"};
    for (size_t i = 0; s && i < SR_ARRAY_LEN(names); i++)
        if (s[0] == names[i][0] && sr_streq(s, names[i]))
            return (int)i;
    return -1;
}

/* ---- small word tests ---- */

typedef struct cx {
    const sr_lexicon *lx;
    const sr_annot *a;
    const sr_tokix *ix;
    uint32_t ts, te; /* the sentence's tokens */
    const uint32_t *cue, *cue_end; /* the sentence's words that can tell its period (sent_words) */
    size_t *work;    /* a->work: steps of the stage's loops */
    bool recent;     /* the sentence tells a recent date (a day or a week: "on Monday", "this week") */
    bool sums;       /* a sum tells a long period (long_period): no recent date and no weapon */
} cx;

/* One step of a loop (a->work counts them: the tests bound it by the text's length). */
#define WORK(c) (++*(c)->work)

static inline const char *W(const cx *c, size_t i) { return i < c->te ? sr_tok_norm(c->a, i) : ""; }
static inline bool is(const cx *c, size_t i, const char *w)
{
    if (i < c->ts || i >= c->te)
        return false;
    const char *t = W(c, i);
    return sr_word_eq(t, w);
}

/* Is token i of the sentence in word list cls (words.h)? */
static inline bool is_any(const cx *c, size_t i, int cls)
{
    return i >= c->ts && i < c->te && sr_tok_in(c->a, c->ix, i, cls);
}


/* The outcome entry starting at i. */
static inline const sr_lex_entry *outcome_at(const cx *c, size_t i)
{
    if (i < c->ts || i >= c->te)
        return NULL;
    return sr_tokix_entry(c->a, c->ix, i, SR_LEX_OUTCOMES);
}

/* Which of the four tokens before end that are in the sentence have the index bit `bit`: bit
 * k - 1 for token end - k. Read at once, with no branch a token: most have none, and the test
 * of each was a guess (a token out of the sentence reads its first one, masked out; has has
 * room for ntok + 1, for an empty sentence at the end). */
static inline unsigned has_before(const cx *c, size_t end, uint16_t bit)
{
    const uint16_t *has = c->ix->has;
    size_t d = end - c->ts, span = c->te - c->ts; /* token end - k is in the sentence: d - k < span */
    unsigned m = 0;
#if defined(__GNUC__)
#pragma GCC unroll 4
#endif
    for (size_t k = 1; k <= 4; k++) {
        unsigned in = d - k < span;
        m |= (unsigned)(((has[in ? end - k : c->ts] & bit) != 0) & in) << (k - 1);
    }
    return m;
}

/* The outcome entry whose last token is end-1 (a phrase ending right before end); *start set. */
static const sr_lex_entry *outcome_ending(const cx *c, size_t end, size_t *start)
{
    for (unsigned m = has_before(c, end, SR_TK_LEX(SR_LEX_OUTCOMES)); m; m &= m - 1) {
        size_t k = (size_t)__builtin_ctz(m) + 1;
        const sr_lex_entry *e = c->ix->lex[SR_LEX_OUTCOMES][end - k];
        if (e->ntok == k) {
            *start = end - k;
            return e;
        }
    }
    return NULL;
}

static inline const sr_lex_entry *group_at(const cx *c, size_t i)
{
    if (i < c->ts || i >= c->te)
        return NULL;
    return sr_tokix_entry(c->a, c->ix, i, SR_LEX_GROUPS);
}

/* ---- what the rules read of a lexicon entry ---- */

/* The attributes are strings: the rules ask them of the same few hundred entries at every
 * figure, so each entry's are parsed once into codes, kept on the entry (sr_lex_memo). */
enum { POS_NONE, POS_V, POS_ADJ, POS_IV, POS_N, POS_GER, POS_PRES, POS_CARRY, POS_TOLL, POS_OTHER };
enum { QUAL_NONE, QUAL_AT_LEAST, QUAL_AT_MOST, QUAL_ABOUT, QUAL_RANGE_FROM, QUAL_OTHER };
enum {
    EF_GROUP = 1 << 0,    /* group= */
    EF_UNIT = 1 << 1,     /* unit=: a noun of things */
    EF_NUM = 1 << 2,      /* num= */
    EF_SG = 1 << 3,       /* num=sg */
    EF_MEMBER = 1 << 4,   /* of=org: a member of something (member_noun) */
    EF_NEED = 1 << 5,     /* need= */
    EF_ROLE = 1 << 6,     /* role= */
    EF_NOT_SIDE = 1 << 7  /* role=outlet or role=weapon: names no victims' side */
};
typedef struct efeat {
    uint8_t pos, qual, flags;
    int8_t outcome, group; /* sr_cm_outcome_parse, sr_cm_group_parse of the values */
} efeat;

static efeat efeat_parse(const sr_lex_entry *e)
{
    static const char *const poses[] = {"v", "adj", "iv", "n", "ger", "pres", "carry", "toll"};
    static const char *const quals[] = {"at_least", "at_most", "about", "range_from"};
    efeat f = {POS_NONE, QUAL_NONE, 0, -1, -1};
    const char *v;
    if ((v = sr_lex_attr(e, "pos")) != NULL) {
        f.pos = POS_OTHER;
        for (size_t k = 0; k < SR_ARRAY_LEN(poses); k++)
            if (sr_streq(v, poses[k]))
                f.pos = (uint8_t)(POS_V + k);
    }
    if ((v = sr_lex_attr(e, "qual")) != NULL) {
        f.qual = QUAL_OTHER;
        for (size_t k = 0; k < SR_ARRAY_LEN(quals); k++)
            if (sr_streq(v, quals[k]))
                f.qual = (uint8_t)(QUAL_AT_LEAST + k);
    }
    f.outcome = (int8_t)sr_cm_outcome_parse(sr_lex_attr(e, "outcome"));
    if ((v = sr_lex_attr(e, "group")) != NULL) {
        f.flags |= EF_GROUP;
        f.group = (int8_t)sr_cm_group_parse(v);
    }
    if (sr_lex_attr(e, "unit"))
        f.flags |= EF_UNIT;
    if ((v = sr_lex_attr(e, "num")) != NULL)
        f.flags |= EF_NUM | (sr_word_eq(v, "sg") ? EF_SG : 0);
    if ((v = sr_lex_attr(e, "of")) != NULL && sr_word_eq(v, "org"))
        f.flags |= EF_MEMBER;
    if (sr_lex_attr(e, "need"))
        f.flags |= EF_NEED;
    if ((v = sr_lex_attr(e, "role")) != NULL)
        f.flags |= EF_ROLE | (sr_word_eq(v, "outlet") || sr_word_eq(v, "weapon") ? EF_NOT_SIDE : 0);
    return f;
}

/* The features as one word for sr_lex_memo, never 0 (its last byte is 1). */
static uint64_t efeat_word(const sr_lex_entry *e)
{
    union {
        efeat f;
        unsigned char b[8];
        uint64_t v;
    } u = {.v = 0};
    u.f = efeat_parse(e);
    u.b[7] = 1;
    return u.v;
}

static inline efeat feat(const sr_lex_entry *e)
{
    union {
        efeat f;
        uint64_t v;
    } u = {.v = sr_lex_memo(e, SR_LEX_MEMO_COUNTS, efeat_word)};
    return u.f;
}
_Static_assert(sizeof(efeat) < 8, "the features and their mark are kept in one word");

static inline int pos_of(const sr_lex_entry *e) { return feat(e).pos; }
static inline int outcome_of(const sr_lex_entry *e) { return feat(e).outcome; }
static inline bool has_flag(const sr_lex_entry *e, unsigned fl) { return (feat(e).flags & fl) != 0; }

/* ---- figures ---- */

typedef struct figure {
    uint32_t start;    /* first token (qualifier included) */
    uint32_t num;      /* first token of the number */
    uint32_t end;      /* token after the figure (range included) */
    int64_t min, max;
    uint8_t qual;
    bool vague, singular;
    uint32_t sg_end;   /* singular: token after the head noun */
    bool the_sg;       /* "the mayor": counts only as the object of an active verb */
    int sg_group;      /* singular: the head's group, -1 for a noun the groups do not list */
} figure;

/* Is the number at token i something other than a victim figure by its own shape or its
 * neighbours (date, year, time, money, percentage, ordinal, age)? */
static bool not_a_figure(const cx *c, const sr_number *n, size_t i)
{
    const sr_annot *a = c->a;
    if (n->flags & SR_NF_ORDINAL)
        return true;
    if (sr_tokix_date(c->ix, i) >= 0)
        return true;
    if ((n->flags & SR_NF_DECIMAL) && n->value < 1000)
        return true;
    if (n->value < 1 || n->value > 1e9)
        return true;
    size_t e = n->tok_end;
    /* a month name next to it: a day or a year */
    if ((i > c->ts && is_any(c, i - 1, SR_WC_MONTHS)) || is_any(c, e, SR_WC_MONTHS))
        return true;
    /* money and other symbols before, a percentage after */
    if (i > c->ts) {
        const sr_token *p = &a->toks.items[i - 1];
        if (p->kind == SR_TOK_SYMBOL)
            return true;
        const char *w = W(c, i - 1); /* i - 1 >= c->ts: is() of the word before */
        if (sr_word_eq(w, ":") && p->end == a->toks.items[i].start)
            return true;
        /* a label's number ("aged 25", "no 5", "resolution 2254", "route 5"); the word before
         * told by its first letter: this runs for every number */
        const size_t wl = p->norm_len; /* most words before a number start with 'a' ("at least",
                                          "about", "and"): their length first */
        switch (w[0]) {
        case 'a':
            if ((wl == 4 && (sr_word_eq(w, "aged") || sr_word_eq(w, "ages"))) || (wl == 3 && sr_word_eq(w, "age")) ||
                (wl == 7 && sr_word_eq(w, "article")))
                return true;
            break;
        case 'n':
            if ((wl == 2 && sr_word_eq(w, "no")) || (wl == 6 && sr_word_eq(w, "number")))
                return true;
            break;
        case 'r':
            if (sr_word_eq(w, "resolution") || sr_word_eq(w, "route") || sr_word_eq(w, "road"))
                return true;
            break;
        case 'p':
            if (sr_word_eq(w, "page"))
                return true;
            break;
        case 'h':
            if (sr_word_eq(w, "highway"))
                return true;
            break;
        default:
            break;
        }
    }
    if (e < c->te) {
        const sr_token *t = &a->toks.items[e];
        if (t->kind == SR_TOK_SYMBOL && !(t->flags & SR_TF_SPACE))
            return true; /* 50% 5$ */
        const char *w = W(c, e); /* e > i >= c->ts: is() of the word after */
        if (sr_word_eq(w, ":") && e + 1 < c->te && a->toks.items[e + 1].kind == SR_TOK_NUMBER &&
            !(a->toks.items[e + 1].flags & SR_TF_SPACE))
            return true; /* 10:30 */
        if (sr_word_eq(w, "percent") || sr_word_eq(w, "%"))
            return true;
    }
    if (n->flags & SR_NF_YEARLIKE) {
        /* a year unless victims follow at once */
        const sr_lex_entry *g = group_at(c, e);
        if (!g || !has_flag(g, EF_GROUP))
            return true;
    }
    return false;
}

static inline const sr_number *num_at(const cx *c, size_t i)
{
    int32_t k = i >= c->ts && i < c->te ? sr_tokix_num(c->ix, i) : -1;
    return k < 0 ? NULL : &c->a->nums.items[k];
}

/* Does a group word start within the `words` tokens after token i? (one_person reads one there) */
static inline bool group_after(const cx *c, size_t i, size_t words)
{
    for (size_t p = i + 1; p <= i + words && p < c->te; p++)
        if (c->ix->has[p] & SR_TK_LEX(SR_LEX_GROUPS))
            return true;
    return false;
}

/* Can token i of the sentence, whose index bits are has (sr_tokix.has), open a figure? Only a
 * number, "a", "an", "another", "the", "their", "his" or "her" can (read_figure says so again),
 * and the last four only before a group word (one_person): most tokens are told apart here,
 * without the call. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* called on every word of a sentence that tells harm */
#endif
static inline bool opens_figure(const cx *c, size_t i, uint16_t has)
{
    if (has & SR_TK_NUM)
        return true;
    const char *w = sr_tok_norm(c->a, i);
    switch (w[0]) {
    case 'a': return !w[1] || (w[1] == 'n' && (!w[2] || sr_word_eq(w, "another")));
    case 't':
        if (w[1] != 'h' || w[2] != 'e')
            return false;
        if (w[3])
            return w[3] == 'i' && w[4] == 'r' && !w[5] && group_after(c, i, 3);
        /* "the" opens a figure only right after an outcome word ("killed the mayor"): one of
         * the four tokens before starts an outcome word (outcome_ending asks the rest), and a
         * group word follows */
        return has_before(c, i, SR_TK_LEX(SR_LEX_OUTCOMES)) && group_after(c, i, 4);
    case 'h': return ((w[1] == 'i' && w[2] == 's') || (w[1] == 'e' && w[2] == 'r')) && !w[3] && group_after(c, i, 3);
    default: return false;
    }
}

/* The first letters of the words that can open a figure (opens_figure: "a", "an", "another",
 * "the", "their", "his", "her") or be a sum's word (long_period: SR_WC_TOTALS, read only when a
 * sum counts, cx.sums). */
enum { FL_FIGURE = 1, FL_SUM = 2 };
static const uint8_t first_letter[256] = {['a'] = FL_FIGURE | FL_SUM, ['t'] = FL_FIGURE, ['h'] = FL_FIGURE,
                                          ['o'] = FL_SUM, ['c'] = FL_SUM};
/* The period's other cues by first letter and length (bit n: n letters; a longer word is taken
 * by its length modulo 16, one more word for long_period to read): "in" (also "in total,"),
 * "total", "throughout", "during", "since", "year", "years". A cue added to long_period is
 * added here. */
static const uint16_t period_len[256] = {['i'] = 1u << 2, ['t'] = 1u << 5 | 1u << 10, ['d'] = 1u << 6,
                                         ['s'] = 1u << 5, ['y'] = 1u << 4 | 1u << 5};

/* Words told by their lexicon hashes (sr_annot.tokhash) modulo WORD_HASHES, a byte of bits
 * each: HW_FIGURE, a word that can open a figure besides a number (opens_figure: "a", "an",
 * "another", "the", "their", "his", "her"); HW_CUE, a word that can tell a sentence's period
 * (long_period: "in", "total", "throughout", "during", "since", "year", "years"; a cue added
 * to long_period is added here); HW_PART, a word that tells a part (tells_part). A word whose
 * bit is clear is none of them; one whose bit is set is asked by the rule. Set once. */
enum { WORD_HASHES = 1024, HW_FIGURE = 1, HW_CUE = 2, HW_PART = 4 };
static _Atomic uint8_t word_bytes[WORD_HASHES];
static atomic_bool word_bytes_set;

static const uint8_t *word_hashes(void)
{
    if (!atomic_load_explicit(&word_bytes_set, memory_order_acquire)) {
        static const struct {
            const char *w;
            uint8_t bits;
        } words[] = {{"a", HW_FIGURE},     {"an", HW_FIGURE},      {"another", HW_FIGURE}, {"the", HW_FIGURE},
                     {"their", HW_FIGURE}, {"his", HW_FIGURE},     {"her", HW_FIGURE},     {"in", HW_CUE},
                     {"total", HW_CUE},    {"throughout", HW_CUE}, {"during", HW_CUE},     {"since", HW_CUE},
                     {"year", HW_CUE},     {"years", HW_CUE},      {"among", HW_PART},     {"include", HW_PART},
                     {"included", HW_PART}, {"includes", HW_PART}, {"including", HW_PART}, {"whom", HW_PART}};
        for (size_t k = 0; k < SR_ARRAY_LEN(words); k++) {
            size_t n = strlen(words[k].w);
            uint64_t h = sr_lex_token_hash(words[k].w, n, n + 1);
            atomic_fetch_or_explicit(&word_bytes[h % WORD_HASHES], words[k].bits, memory_order_relaxed);
        }
        atomic_store_explicit(&word_bytes_set, true, memory_order_release);
    }
    /* bytes written once, before the flag was set: plain loads from here */
    return (const uint8_t *)word_bytes;
}

/* One pass over the sentence of c: the tokens that can open a figure or a toll (a number, an
 * outcome word, a word that opens_figure may take) into figw, and those that can tell the
 * sentence's period into cuew (cx.cue: a cue word of long_period, not a sum's word); returns how
 * many are in figw. The rules visit only those: most words are neither, told apart without a
 * branch by the hash the segment stage gave the word (word_hashes), else by its first letter and
 * length. */
static size_t sent_words(cx *c, uint32_t *restrict figw, uint32_t *restrict cuew)
{
    const uint16_t *restrict has = c->ix->has;
    const uint64_t *restrict th = c->a->tokhash;
    size_t nfig = 0, ncue = 0;
    if (th) {
        const uint8_t *restrict words = word_hashes();
        for (uint32_t i = c->ts, te = c->te; i < te; i++) {
            unsigned b = words[th[i] % WORD_HASHES];
            figw[nfig] = i;
            nfig += ((has[i] & (SR_TK_NUM | SR_TK_LEX(SR_LEX_OUTCOMES))) != 0) | (b & HW_FIGURE);
            cuew[ncue] = i;
            ncue += (b & HW_CUE) != 0;
        }
    } else {
        const sr_token *restrict toks = c->a->toks.items;
        const unsigned char *restrict norm = (const unsigned char *)c->a->norm.data;
        for (uint32_t i = c->ts, te = c->te; i < te; i++) {
            unsigned c0 = norm[toks[i].norm];
            figw[nfig] = i;
            nfig += ((has[i] & (SR_TK_NUM | SR_TK_LEX(SR_LEX_OUTCOMES))) != 0) | (first_letter[c0] & FL_FIGURE);
            cuew[ncue] = i;
            ncue += (period_len[c0] >> (toks[i].norm_len & 15)) & 1;
        }
    }
    c->cue = cuew;
    c->cue_end = cuew + ncue;
    return nfig;
}

/* One person named by a relation or an office after the word at token i ("the mayor", "his
 * wife"): a singular victim group within `words` words, with no function word, outcome or
 * number before it. Fills f as a count of one; false when there is none. */
static bool one_person(const cx *c, size_t i, int words, figure *f)
{
    size_t p = i + 1;
    const sr_lex_entry *g = NULL;
    for (int k = 0; k < words && p < c->te; k++) {
        WORK(c);
        g = group_at(c, p);
        if (g)
            break;
        if (c->a->toks.items[p].kind != SR_TOK_WORD || is_any(c, p, SR_WC_NP_STOP) || outcome_at(c, p) ||
            num_at(c, p))
            break;
        p++;
    }
    if (!g || has_flag(g, EF_UNIT) || !has_flag(g, EF_SG))
        return false;
    f->num = (uint32_t)i;
    f->end = (uint32_t)i + 1;
    f->min = f->max = 1;
    f->qual = SITREP_QUAL_EXACT;
    f->singular = true;
    f->sg_group = feat(g).group;
    f->sg_end = (uint32_t)(p + g->ntok);
    return true;
}

/* llround(v), the common case inline: for 0.5 <= v < 2^52 the sum v + 0.5 is exact (v and
 * 0.5 are multiples of v's last place, and the sum stays in v's binade or reaches the next
 * power of two exactly), so truncating it rounds half away from zero as llround does. */
static inline int64_t round_value(double v)
{
    if (v >= 0.5 && v < 4503599627370496.0)
        return (int64_t)(v + 0.5);
    return (int64_t)llround(v);
}

/* Reads the figure whose number starts at token i. */
static bool read_figure(const cx *c, size_t i, figure *f)
{
    WORK(c);
    const sr_number *n = num_at(c, i);
    enum { OPEN_A = 1, OPEN_AN, OPEN_ANOTHER, OPEN_THE, OPEN_THEIR, OPEN_HIS_HER };
    int opener = 0; /* the word that opens a figure with no number */
    if (!n) {
        /* only a number, "a", "an", "another", "the", "their", "his" or "her" can open a
         * figure: which of them, told once */
        if (i < c->ts || i >= c->te)
            return false;
        const char *w = W(c, i);
        switch (w[0]) {
        case 'a': opener = !w[1] ? OPEN_A : w[1] == 'n' && !w[2] ? OPEN_AN : sr_word_eq(w, "another") ? OPEN_ANOTHER : 0; break;
        case 't': opener = sr_word_eq(w, "the") ? OPEN_THE : sr_word_eq(w, "their") ? OPEN_THEIR : 0; break;
        case 'h': opener = sr_word_eq(w, "his") || sr_word_eq(w, "her") ? OPEN_HIS_HER : 0; break;
        default: break;
        }
        if (!opener)
            return false;
    }
    memset(f, 0, sizeof *f);
    if (n) {
        if (not_a_figure(c, n, i))
            return false;
        f->num = (uint32_t)i;
        f->end = n->tok_end;
        f->min = round_value(n->value);
        f->max = f->min;
        f->vague = (n->flags & SR_NF_VAGUE) != 0;
        f->qual = f->vague ? SITREP_QUAL_VAGUE : SITREP_QUAL_EXACT;
        if (f->vague)
            f->max = -1;
    } else if (opener == OPEN_A && is(c, i + 1, "family") && is(c, i + 2, "of") && num_at(c, i + 3) &&
               !(num_at(c, i + 3)->flags & SR_NF_VAGUE)) {
        /* "a family of seven": seven people */
        const sr_number *fn = num_at(c, i + 3);
        f->num = (uint32_t)i;
        f->end = fn->tok_end;
        f->min = f->max = round_value(fn->value);
        f->qual = SITREP_QUAL_EXACT;
        f->start = f->num;
        f->singular = true;
        f->sg_group = SITREP_GROUP_CIVILIANS;
        f->sg_end = fn->tok_end;
        return true;
    } else if (opener == OPEN_THE && i + 1 < c->te) {
        /* "killed the mayor", "killed the chief cleric": one person named by an office (only
         * as the object of an outcome verb right before it) */
        size_t o0;
        if (!outcome_ending(c, i, &o0))
            return false;
        if (!one_person(c, i, 4, f))
            return false;
        f->the_sg = true;
    } else if ((opener == OPEN_HIS_HER || opener == OPEN_THEIR) && i + 1 < c->te) {
        /* "and his wife", "along with her driver": one person named by a relation or an office */
        if (!one_person(c, i, 3, f))
            return false;
    } else if ((opener == OPEN_A || opener == OPEN_AN || opener == OPEN_ANOTHER) && i + 1 < c->te) {
        /* "a man", "an elderly woman", "a prominent attorney": one person. The head is the
         * last word before a function word; a listed singular victim noun, or a noun that the
         * groups do not list and that is no thing, event or cause word. */
        size_t p = i + 1;
        const sr_lex_entry *g = NULL;
        for (int k = 0; k < 5 && p < c->te; k++) {
            WORK(c);
            g = group_at(c, p);
            if (g)
                break;
            const sr_token *t = &c->a->toks.items[p];
            if (t->kind != SR_TOK_WORD || is_any(c, p, SR_WC_NP_STOP) || outcome_at(c, p) ||
                sr_tokix_entry(c->a, c->ix, p, SR_LEX_CAUSES) || sr_tokix_place(c->ix, p) >= 0 || sr_tokix_date(c->ix, p) >= 0)
                break;
            const sr_lex_entry *ae = sr_tokix_entry(c->a, c->ix, p, SR_LEX_ACTORS);
            if (ae && !has_flag(ae, EF_ROLE))
                return false; /* "a Taliban attack" */
            p++;
        }
        if (g) {
            if (has_flag(g, EF_UNIT) || !has_flag(g, EF_GROUP) || !has_flag(g, EF_SG))
                return false;
            f->sg_group = feat(g).group;
            f->sg_end = (uint32_t)(p + g->ntok);
        } else {
            if (p == i + 1 || is(c, p, "of") || (c->a->toks.items[p - 1].flags & SR_TF_HYPHEN) ||
                is_any(c, p - 1, SR_WC_NOT_PERSONS) || is_any(c, p - 1, SR_WC_WAR_NOUNS) ||
                is_any(c, p - 1, SR_WC_WAR_GENERAL))
                return false; /* "a total of", "a number of", "a 25-year-old", "a car", "a civil war" */
            f->sg_group = -1;
            f->sg_end = (uint32_t)p;
        }
        f->num = (uint32_t)i;
        f->end = (uint32_t)i + 1;
        f->min = f->max = 1;
        f->qual = SITREP_QUAL_EXACT;
        f->singular = true;
    } else {
        return false;
    }
    f->start = f->num;
    /* qualifier before: the longest that ends right at the number */
    const sr_lex_entry *qe = NULL;
    for (unsigned m = has_before(c, i, SR_TK_LEX(SR_LEX_QUALIFIERS)); m; m &= ~(1u << (31 - __builtin_clz(m)))) {
        size_t k = (size_t)(32 - __builtin_clz(m));
        const sr_lex_entry *e = c->ix->lex[SR_LEX_QUALIFIERS][i - k];
        if (e->ntok == k) {
            qe = e;
            f->start = (uint32_t)(i - k);
            break;
        }
    }
    const int q = qe ? feat(qe).qual : QUAL_NONE;
    bool range_from = q == QUAL_RANGE_FROM;
    if (!f->singular) {
        if (q == QUAL_AT_LEAST) {
            f->qual = SITREP_QUAL_AT_LEAST;
            f->max = -1;
        } else if (q == QUAL_AT_MOST) {
            f->qual = SITREP_QUAL_AT_MOST;
            f->min = -1;
        } else if (q == QUAL_ABOUT && !f->vague) {
            f->qual = SITREP_QUAL_ABOUT;
        }
    }
    /* a range: "between 5,000 and 13,000", "5,000 to 13,000", "5,000-13,000" */
    size_t e = f->end;
    if (!f->singular && e + 1 < c->te) {
        size_t j = 0;
        if ((range_from && is(c, e, "and") && is(c, f->start, "between")) || is(c, e, "to"))
            j = e + 1;
        else if (num_at(c, e) && (c->a->toks.items[e].flags & SR_TF_HYPHEN))
            j = e;
        const sr_number *m = j ? num_at(c, j) : NULL;
        if (m && !(m->flags & (SR_NF_YEARLIKE | SR_NF_VAGUE | SR_NF_ORDINAL)) && n &&
            m->value > n->value && !not_a_figure(c, m, j)) {
            f->min = round_value(n->value);
            f->max = round_value(m->value);
            f->qual = SITREP_QUAL_RANGE;
            f->end = m->tok_end;
        } else if (range_from && sr_word_eq(W(c, f->start), "from")) {
            /* "from 20" with no second figure: not a qualifier */
            f->start = f->num;
        }
    }
    return true;
}

/* ---- the victim noun phrase after a figure ---- */

typedef struct np {
    uint32_t end;        /* token after the phrase */
    uint32_t gs, ge;     /* tokens of the group words, ge == gs when none */
    int group;           /* sitrep_group, -1 when none */
    bool unit;           /* a noun of things: not a victim count */
    const sr_lex_entry *pre; /* outcome word read inside ("40 wounded people", "40 dead") */
    uint32_t pre_tok;
    bool pre_before_group;
    uint32_t mod_end;    /* after the modifiers when no group word was found: an unknown head */
} np;

static int merge_groups(int a, int b)
{
    if (a == b)
        return a;
    if ((a == SITREP_GROUP_CIVILIANS || a == SITREP_GROUP_CHILDREN || a == SITREP_GROUP_WOMEN ||
         a == SITREP_GROUP_MEN) &&
        (b == SITREP_GROUP_CIVILIANS || b == SITREP_GROUP_CHILDREN || b == SITREP_GROUP_WOMEN ||
         b == SITREP_GROUP_MEN))
        return SITREP_GROUP_CIVILIANS;
    return SITREP_GROUP_PEOPLE;
}

/* An organisation whose members are under arms: an actors.txt entry with no role (not a word
 * that names victims as often as agents, like "opposition", nor a nationality, a state, an
 * outlet or a weapon). */
static bool armed_org(const sr_lex_entry *e)
{
    return e && !has_flag(e, EF_ROLE);
}

/* Is the group word g a member of something (groups.txt of=org: "members", "leader")? */
static bool member_noun(const sr_lex_entry *g)
{
    return g && has_flag(g, EF_MEMBER);
}

/* The organisation the victims belong to. An actor named right after the victims' words by "of"
 * or "from" (+ "the"/"a"/"its"/"their" and three modifiers at most: "fighters from the Nusra Front",
 * "three men from the pro-regime popular committees") is the victims' side: its name joins the
 * victims' words, never the perpetrator. A group word marked of=org (a member of something: "25
 * members of the Nusra Front", "six Ahrar al-Sham members", with the organisation named right
 * before it, after lo) counts combatants when the organisation is armed. g: the group word at
 * [gp, out->ge). */
static void victims_side(const cx *c, const sr_lex_entry *g, uint32_t gp, uint32_t lo, np *out)
{
    bool member = member_noun(g) && out->group == SITREP_GROUP_PEOPLE &&
                  !(gp > 0 && (is(c, gp - 1, "former") || is(c, gp - 1, "ex"))); /* "40 former members":
                                                                                   no longer under arms */
    for (uint32_t k = 1; member && k <= 5 && gp >= lo + k; k++) {
        WORK(c);
        const sr_lex_entry *e = sr_tokix_entry(c->a, c->ix, gp - k, SR_LEX_ACTORS);
        if (e && e->ntok == k) {
            if (armed_org(e)) {
                out->group = SITREP_GROUP_COMBATANTS;
                out->gs = gp - k;
            }
            return;
        }
    }
    size_t q = out->ge;
    if (!is(c, q, "of") && !is(c, q, "from"))
        return;
    q++;
    if (is(c, q, "the") || is(c, q, "a") || is(c, q, "an") || is(c, q, "its") || is(c, q, "their"))
        q++;
    for (int k = 0; k <= 3 && q < c->te; k++, q++) {
        WORK(c);
        const sr_lex_entry *e = sr_tokix_entry(c->a, c->ix, q, SR_LEX_ACTORS);
        if (e) {
            if (has_flag(e, EF_NOT_SIDE))
                return;
            if (member && armed_org(e))
                out->group = SITREP_GROUP_COMBATANTS;
            /* "the Al Qaeda-linked Nusra Front": names that follow each other are one */
            size_t r = q + e->ntok;
            while (r < c->te && (e = sr_tokix_entry(c->a, c->ix, r, SR_LEX_ACTORS)) != NULL)
                r += e->ntok;
            out->ge = (uint32_t)r;
            if (out->end < out->ge)
                out->end = out->ge;
            return;
        }
        const sr_token *t = &c->a->toks.items[q];
        if (t->kind != SR_TOK_WORD || is_any(c, q, SR_WC_NP_STOP) || num_at(c, q) || outcome_at(c, q))
            return;
    }
}

static void read_np(const cx *c, const figure *f, np *out)
{
    memset(out, 0, sizeof *out);
    out->group = -1;
    size_t p = f->end;
    out->end = (uint32_t)p;
    out->gs = out->ge = (uint32_t)p;
    if (f->singular) {
        out->group = f->sg_group;
        out->gs = f->num + 1;
        out->ge = out->end = f->sg_end;
        if (f->sg_group < 0)
            out->mod_end = f->sg_end;
        for (uint32_t q = out->gs; q < out->ge; q++) {
            const sr_lex_entry *g = group_at(c, q);
            if (g && q + g->ntok == out->ge) {
                victims_side(c, g, q, out->gs, out);
                break;
            }
        }
        return;
    } else if ((sr_word_eq(W(c, p), "more") || sr_word_eq(W(c, p), "other")) && !group_at(c, p)) {
        p++; /* "two more people": added to a count before (see read_back); p > c->ts: is() */
    } else if ((f->vague || f->min >= 100) && is(c, p, "of")) {
        p++; /* "dozens of", "thousands of" */
        if (is(c, p, "the"))
            p++;
    }
    for (int k = 0; k <= 4 && p < c->te; k++) {
        WORK(c);
        const sr_lex_entry *g = group_at(c, p);
        if (g && has_flag(g, EF_UNIT)) {
            out->unit = true;
            out->end = (uint32_t)(p + g->ntok);
            return;
        }
        if (g) {
            int gr = feat(g).group;
            out->group = gr < 0 ? SITREP_GROUP_PEOPLE : gr;
            if (out->group == SITREP_GROUP_COMBATANTS && p > f->end &&
                (is(c, p - 1, "former") || is(c, p - 1, "ex") || is(c, p - 1, "retired") ||
                 is(c, p - 1, "demobilised") || is(c, p - 1, "demobilized")))
                out->group = SITREP_GROUP_CIVILIANS; /* "six former fighters": no longer under arms */
            out->gs = (uint32_t)p;
            p += g->ntok;
            /* a compound whose head is a group word too: "rebel fighters", "civilian victims":
             * the head's group */
            for (int k2 = 0; k2 < 3 && p < c->te; k2++) {
                const sr_lex_entry *gh = group_at(c, p);
                if (!gh || has_flag(gh, EF_UNIT) || !has_flag(gh, EF_GROUP))
                    break;
                int grh = feat(gh).group;
                out->group = grh < 0 ? SITREP_GROUP_PEOPLE : grh;
                p += gh->ntok;
            }
            /* "soldiers and militiamen", "rebels and civilians" */
            for (int chain = 0; chain < 8 && p + 1 < c->te && (is(c, p, "and") || is(c, p, "or")) &&
                                !num_at(c, p + 1);
                 chain++) {
                WORK(c);
                const sr_lex_entry *g2 = group_at(c, p + 1);
                if (!g2 || has_flag(g2, EF_UNIT))
                    break;
                int gr2 = feat(g2).group;
                out->group = merge_groups(out->group, gr2 < 0 ? SITREP_GROUP_PEOPLE : gr2);
                p += 1 + g2->ntok;
            }
            out->ge = (uint32_t)p;
            out->end = (uint32_t)p;
            victims_side(c, g, out->gs, f->end, out);
            return;
        }
        const sr_lex_entry *o = outcome_at(c, p);
        if (o) {
            const int pos = pos_of(o);
            if (pos == POS_ADJ || pos == POS_V) {
                const sr_lex_entry *g2 = group_at(c, p + o->ntok);
                if (g2 && !has_flag(g2, EF_UNIT) && (f->end == p)) {
                    /* "40 wounded people" */
                    out->pre = o;
                    out->pre_tok = (uint32_t)p;
                    out->pre_before_group = true;
                    p += o->ntok;
                    continue;
                }
            }
            if (p == f->end ||
                (p == f->end + 1 && pos == POS_ADJ &&
                 (is(c, f->end, "reported") || is(c, f->end, "confirmed") || is(c, f->end, "feared") ||
                  is(c, f->end, "believed"))) ||
                (p == f->end + 1 && pos == POS_N && !f->singular &&
                 (c->a->toks.items[f->end].flags & SR_TF_CAP) && sr_tokix_place(c->ix, f->end) < 0)) {
                /* "40 dead", "3 killed", "60 fatalities": the outcome right after the figure;
                 * "12 reported dead", "30 feared dead"; an outcome noun after a nationality: "6
                 * Lebanese martyrs" */
                out->pre = o;
                out->pre_tok = (uint32_t)p;
            }
            return;
        }
        const sr_token *t = &c->a->toks.items[p];
        if (k > 0 && (is(c, p, "and") || is(c, p, "or")) && p + 1 < c->te &&
            c->a->toks.items[p + 1].kind == SR_TOK_WORD && !num_at(c, p + 1) && !outcome_at(c, p + 1)) {
            p++; /* "70 regime and rebel fighters" */
            continue;
        }
        /* "IS" in capitals between a figure and its noun is the group, not the verb ("kill 8 IS
         * militants"), unless the words around are in capitals too (a headline in capitals) */
        bool caps_name = (t->flags & SR_TF_ALLCAPS) && t->end - t->start >= 2 &&
                         !(c->a->toks.items[p - 1].flags & SR_TF_ALLCAPS) && p + 1 < c->te &&
                         !(c->a->toks.items[p + 1].flags & SR_TF_ALLCAPS);
        if (t->kind != SR_TOK_WORD || (is_any(c, p, SR_WC_NP_STOP) && !caps_name) || num_at(c, p) ||
            sr_tokix_entry(c->a, c->ix, p, SR_LEX_CAUSES))
            return;
        p++; /* a modifier: "Syrian", "pro-government", "other" */
        out->mod_end = (uint32_t)p;
    }
}

/* ---- predicates ---- */

typedef struct pred {
    const sr_lex_entry *out;
    uint32_t tok, end;
    const char *rule;
    bool among;
    bool rate;
    bool aux;
    bool paren;
    bool also;
    bool rel;      /* reached through a relative pronoun ("people who were detained") */
    bool comma;    /* over a stray comma ("14 civilians, have been killed") */
    int chains;
} pred;

static bool rate_at(const cx *c, size_t p)
{
    if (p < c->ts || p >= c->te)
        return false;
    const char *w = W(c, p);
    bool per; /* "a", "per", "every", "each", told by the first letter: this runs at every step */
    switch (w[0]) {
    case 'a': per = !w[1]; break;
    case 'p': per = sr_word_eq(w, "per"); break;
    case 'e': per = sr_word_eq(w, "every") || sr_word_eq(w, "each"); break;
    default: return false;
    }
    return per && is_any(c, p + 1, SR_WC_TIME_UNITS);
}

/* Looks for the outcome after the noun phrase, starting at token p. */
static bool read_pred(const cx *c, size_t p, bool have_group, pred *out)
{
    memset(out, 0, sizeof *out);
    bool aux = false, paren = false;
    bool perfect = false; /* the last auxiliary is a form of "have": "has killed" is active */
    int chains = 0;
    for (int k = 0; k < 10 && p < c->te; k++) {
        WORK(c);
        if (rate_at(c, p)) {
            out->rate = true;
            return false;
        }
        const sr_lex_entry *o = outcome_at(c, p);
        if (o) {
            const int pos = pos_of(o);
            if (perfect && pos == POS_V)
                return false; /* "a gunman has killed the mayor": the figure is the killer */
            if (pos == POS_V && !aux && p + o->ntok < c->te &&
                (num_at(c, p + o->ntok) || is(c, p + o->ntok, "a") || is(c, p + o->ntok, "an") ||
                 is(c, p + o->ntok, "at") || is(c, p + o->ntok, "another"))) {
                /* "80 armed men killed six people": the figure is the subject; but a headline
                 * list "7 Civilians Killed 25 Injured" tells two counts */
                size_t q = p + o->ntok;
                const sr_number *nn = num_at(c, q);
                bool list = false;
                if (nn) {
                    q = nn->tok_end;
                    if (is(c, q, "others") || is(c, q, "other") || (group_at(c, q) && !has_flag(group_at(c, q), EF_UNIT)))
                        q += group_at(c, q) ? group_at(c, q)->ntok : 1;
                    list = outcome_at(c, q) != NULL;
                }
                if (!list)
                    return false;
            }
            if (pos == POS_V || pos == POS_ADJ || pos == POS_IV) {
                out->out = o;
                out->tok = (uint32_t)p;
                out->end = (uint32_t)(p + o->ntok);
                out->rule = pos == POS_ADJ  ? "count.adjective"
                            : pos == POS_IV ? "count.intransitive"
                            : aux                ? "count.passive"
                                                 : "count.participle";
                out->aux = aux;
                out->chains = chains;
                out->paren = paren;
                if (rate_at(c, out->end) || rate_at(c, out->end + 1))
                    out->rate = true;
                /* "were hanged at the prison every day": a rate told at the clause's end (not "a
                 * day", which also dates: "killed a day after the truce") */
                /* up to clause punctuation: asked only of the words up to an "every", "each" or
                 * "per" (most windows have none), each word once */
                for (size_t q = out->end + 2, asked = q; q < out->end + 6 && q + 1 < c->te && !out->rate; q++) {
                    const char *wq = W(c, q); /* q < te: "every", "each", "per" by the first letter first */
                    if (!((wq[0] == 'e' || wq[0] == 'p') &&
                          (sr_word_eq(wq, "every") || sr_word_eq(wq, "each") || sr_word_eq(wq, "per"))))
                        continue;
                    bool stop = false;
                    for (; asked <= q && !stop; asked++)
                        stop = is_any(c, asked, SR_WC_CLAUSE_PUNCT);
                    if (stop)
                        break;
                    if (is_any(c, q + 1, SR_WC_TIME_UNITS))
                        out->rate = true;
                }
                return !out->rate;
            }
            return false;
        }
        const char *w = W(c, p);
        if (sr_word_eq(w, "among") && (is(c, p + 1, "those") || is(c, p + 1, "the"))) {
            const sr_lex_entry *o2 = outcome_at(c, p + 2);
            if (o2) {
                out->out = o2;
                out->tok = (uint32_t)(p + 2);
                out->end = (uint32_t)(p + 2 + o2->ntok);
                out->rule = "count.among";
                out->among = true;
                return true;
            }
            if (is(c, p + 2, "victims") || is(c, p + 2, "casualties")) {
                out->out = NULL;
                out->tok = (uint32_t)(p + 2);
                out->end = (uint32_t)(p + 3);
                out->rule = "count.among";
                out->among = true;
                return true;
            }
            return false;
        }
        size_t wlen = c->a->toks.items[p].norm_len, wl = wlen;
        if (is_any(c, p, SR_WC_FILLER) || sr_tokix_date(c->ix, p) >= 0 ||
            (wlen > 4 && sr_word_eq(w + wlen - 2, "ly") && c->a->toks.items[p].kind == SR_TOK_WORD &&
             !(c->a->toks.items[p].flags & SR_TF_CAP) && !sr_word_eq(w, "mostly") && !sr_word_eq(w, "mainly"))) {
            /* auxiliaries, adverbs ("secretly", "reportedly") and dates between the victims and
             * the verb */
            if (is_any(c, p, SR_WC_AUX)) {
                aux = true;
                perfect = sr_word_eq(w, "has") || sr_word_eq(w, "have") || sr_word_eq(w, "had");
            }
            if (sr_word_eq(w, "also"))
                out->also = true;
            if (sr_word_eq(w, "who") || sr_word_eq(w, "that"))
                out->rel = true;
            p++;
            continue;
        }
        if (aux && (sr_word_eq(w, "on") || sr_word_eq(w, "in") || sr_word_eq(w, "at")) && p + 1 < c->te &&
            sr_tokix_date(c->ix, p + 1) >= 0) {
            p++; /* "were on Friday night killed" */
            continue;
        }
        if (!aux && sr_word_eq(w, ",") && have_group && is_any(c, p + 1, SR_WC_AUX) &&
            (p + 2 >= c->te || !is(c, p + 2, ","))) {
            out->comma = true;
            p++; /* "14 civilians, have been killed": a stray comma before the verb */
            continue;
        }
        if (aux && wl > 3 && sr_word_eq(w + wl - 2, "ed") && is(c, p + 1, "and") && outcome_at(c, p + 2)) {
            p += 2; /* "waylaid and killed", "abducted and killed" */
            continue;
        }
        if (!aux && !paren && have_group &&
            (sr_word_eq(w, "from") || sr_word_eq(w, "in") || sr_word_eq(w, "of") || sr_word_eq(w, "at") ||
             sr_word_eq(w, "on") || sr_word_eq(w, "near") || sr_word_eq(w, "inside"))) {
            /* "16 civilians from one family were killed": a short phrase, then the verb */
            size_t q = p + 1;
            while (q < c->te && q < p + 5 && (c->a->toks.items[q].kind == SR_TOK_WORD || c->a->toks.items[q].kind == SR_TOK_NUMBER) && !is_any(c, q, SR_WC_FILLER) &&
                   !outcome_at(c, q))
                q++;
            if (q < c->te && q > p + 1 && is_any(c, q, SR_WC_FILLER)) {
                paren = true;
                p = q;
                continue;
            }
            return false;
        }
        if (!paren && have_group &&
            (sr_word_eq(w, "including") || sr_word_eq(w, "mostly") || sr_word_eq(w, "mainly") ||
             (sr_word_eq(w, "among") && is(c, p + 1, "them")) || (sr_word_eq(w, "most") && is(c, p + 1, "of")))) {
            /* "58 people including women and children were killed": the part is read on its own */
            size_t q = p + 1;
            while (q < c->te && q < p + 15 && !is_any(c, q, SR_WC_FILLER) && !outcome_at(c, q) && !is(c, q, ".") &&
                   !is(c, q, ";"))
                q++;
            if (q < c->te && q < p + 15 && (is_any(c, q, SR_WC_FILLER) || outcome_at(c, q))) {
                paren = true;
                p = is(c, q - 1, ",") ? q : q;
                continue;
            }
            return false;
        }
        if (sr_word_eq(w, "(") && !paren && have_group) {
            /* "At least 15 people (10 civilians and five policemen) were killed": the parts in
             * the brackets are read on their own */
            size_t q = p + 1;
            while (q < c->te && q < p + 14 && !is(c, q, ")") && !is(c, q, "."))
                q++;
            if (q < c->te && q < p + 14 && is(c, q, ")") && (outcome_at(c, q + 1) || is_any(c, q + 1, SR_WC_FILLER))) {
                paren = true;
                p = q + 1;
                continue;
            }
            return false;
        }
        if (sr_word_eq(w, ",") && !paren && have_group) {
            /* a parenthetical: ", including 40,000 civilians," */
            size_t q = p + 1;
            while (q < c->te && q < p + 13 && !is(c, q, ",") && !is(c, q, ".") && !is(c, q, ";"))
                q++;
            if (q < c->te && q < p + 13 && is(c, q, ",") &&
                (outcome_at(c, q + 1) || is_any(c, q + 1, SR_WC_FILLER))) {
                paren = true;
                p = q + 1;
                continue;
            }
            /* else perhaps a list: "Four civilians, two policemen and a customs officer" */
        }
        if ((sr_word_eq(w, "and") || sr_word_eq(w, ",")) && chains < 3 && p + 1 < c->te) {
            /* "11 women and 13 children were among those killed" */
            figure f2;
            if (read_figure(c, p + 1, &f2)) {
                np n2;
                read_np(c, &f2, &n2);
                if ((n2.group >= 0 && !n2.pre) || n2.unit) {
                    /* "20 herdsmen and 83 cows were killed": things joined to the victims
                     * share the verb but are no count */
                    chains++;
                    p = n2.end;
                    continue;
                }
                if (n2.group < 0 && n2.mod_end > f2.end) {
                    chains++;
                    p = n2.mod_end;
                    continue;
                }
            }
            return false;
        }
        return false;
    }
    return false;
}

/* The predicate of victims told with a long modifier: the first auxiliary after them, plural
 * ("were", "are", "have", "had"), then the outcome ("At least 40 villagers in Gwadale border
 * community under Gwoza local government area of Borno state were feared killed", "Seven
 * people, including a trafficker wanted for a rape that shocked Brazil, were killed"). The
 * subject's verb is the first auxiliary after it; the words between hold no outcome word, no
 * word that opens a clause ("who", "when", "said"), and no verb with an object of its own
 * ("attacked a school"), at most FAR_MAX words. */
#define FAR_MAX 30

static bool read_far_pred(const cx *c, size_t p, pred *out, size_t *aux_tok)
{
    size_t end = p + FAR_MAX;
    bool part = false;   /* after "including", "(", a dash: a figure there is a part of the victims */
    int brackets = 0;
    for (; p < c->te && p < end && !is_any(c, p, SR_WC_AUX); p++) {
        WORK(c);
        const char *w = W(c, p);
        size_t wl = c->a->toks.items[p].norm_len;
        if (sr_word_eq(w, "(") || sr_word_eq(w, "including") || sr_word_eq(w, "among") || sr_word_eq(w, "mostly") ||
            sr_word_eq(w, "mainly") || (c->a->toks.items[p].kind == SR_TOK_PUNCT && !sr_word_eq(w, ",") && !sr_word_eq(w, ")")))
            part = true;
        brackets += sr_word_eq(w, "(") - sr_word_eq(w, ")");
        const sr_number *n = num_at(c, p);
        if (brackets < 0 || (n && !part && !(n->flags & SR_NF_YEARLIKE)))
            return false; /* "15 died (13 civilians) and 53 were injured", "two soldiers and six
                             members were killed" (the joined subjects are read by read_pred) */
        if (outcome_at(c, p) || (is_any(c, p, SR_WC_CLAUSE_STOP) && !sr_word_eq(w, "and")) ||
            ((is_any(c, p, SR_WC_STATEMENT_VERBS) || is_any(c, p, SR_WC_ATTACK_VERBS)) &&
             !(c->a->toks.items[p].flags & SR_TF_CAP)) || rate_at(c, p) ||
            sr_word_eq(w, ";") || sr_word_eq(w, ":") || sr_word_eq(w, ".") ||
            (wl > 3 && sr_word_eq(w + wl - 2, "ed") && is_any(c, p + 1, SR_WC_OBJECT_STARTS) && !is(c, p + 1, "at") &&
             !is(c, p + 1, "up")))
            return false;
    }
    if (p >= c->te || p >= end || !(is(c, p, "were") || is(c, p, "are") || is(c, p, "have") || is(c, p, "had")))
        return false;
    if (!read_pred(c, p, true, out) || (!out->aux && !sr_word_eq(out->rule, "count.intransitive")) || out->among)
        return false;
    out->paren = true; /* the words between are read on their own ("including 10 women") */
    *aux_tok = p;
    return true;
}

/* The first token of the actors.txt name that holds token t, or SIZE_MAX. */
static size_t actor_name_start(const cx *c, size_t t)
{
    for (size_t k = 0; k <= 4 && t >= c->ts + k; k++) {
        const sr_lex_entry *e = sr_tokix_entry(c->a, c->ix, t - k, SR_LEX_ACTORS);
        if (e && e->ntok > k)
            return t - k;
    }
    return SIZE_MAX;
}

/* "the leader of the rebel group Ahrar al-Sham was killed": an organisation's name is no one
 * person, but a singular victim noun before "of", "from" or "in" it (four words at most
 * between) is. Returns that noun's token, or SIZE_MAX; *group: its group, combatants for a member (of=org) of an
 * armed organisation. */
static size_t office_of(const cx *c, size_t name, int *group)
{
    for (size_t q = name; q-- > c->ts && name - q <= 5;) {
        if (!is(c, q, "of") && !is(c, q, "from") && !is(c, q, "in"))
            continue;
        const sr_lex_entry *g = q > c->ts ? group_at(c, q - 1) : NULL;
        if (!g || g->ntok != 1 || !has_flag(g, EF_SG))
            return SIZE_MAX;
        *group = feat(g).group;
        if (member_noun(g) && armed_org(sr_tokix_entry(c->a, c->ix, name, SR_LEX_ACTORS)))
            *group = SITREP_GROUP_COMBATANTS;
        return q - 1;
    }
    return SIZE_MAX;
}

/* Does a verb group of its own follow the victims' words ending at p, within six words and
 * before a punctuation mark ("and twenty civilians including children were treated")? Then
 * the figure opens a clause of its own and is no apposition of the count before it. */
static bool own_verb(const cx *c, size_t p)
{
    for (size_t q = p; q < c->te && q < p + 6; q++) {
        WORK(c);
        if (c->a->toks.items[q].kind == SR_TOK_PUNCT)
            return false;
        if (is_any(c, q, SR_WC_AUX))
            return true;
    }
    return false;
}

/* The outcome word governing the figure from before it: "killed 10", "killing at least 82",
 * "the deaths of 6,786", "carried some 3,000". *rule set; *subset set for "including". */
typedef struct back {
    const sr_lex_entry *out;
    uint32_t tok;
    const char *rule;
    bool subset;
    bool reject;    /* a group size ("groups of up to 50") */
    bool additive;  /* "another 10" */
} back;


static void read_back(const cx *c, const figure *f, bool sentence_evacuation, back *out)
{
    memset(out, 0, sizeof *out);
    size_t j = f->start; /* token after the words before the figure */
    /* "another", "a further", "a total of" */
    for (int k = 0; k < 3 && j > c->ts; k++) {
        /* the words told apart by their first letter: this runs for every figure */
        const char *w = W(c, j - 1);
        bool more = false, skip = false;
        switch (w[0]) {
        case 'a':
            more = sr_word_eq(w, "another") || sr_word_eq(w, "additional");
            skip = !w[1] && (out->additive || is(c, j, "total"));
            break;
        case 'f':
            more = sr_word_eq(w, "further");
            break;
        case 'o':
            more = sr_word_eq(w, "other");
            skip = w[1] == 'f' && !w[2] && is(c, j - 2, "total");
            break;
        case 't':
            skip = sr_word_eq(w, "total") && is(c, j, "of");
            break;
        default:
            break;
        }
        if (!more && !skip)
            break;
        out->additive |= more;
        j--;
    }
    if (j <= c->ts)
        return;
    const char *w = W(c, j - 1);
    bool part = false; /* "including", "among them", "of whom" */
    switch (w[0]) {
    case 'i':
        part = sr_word_eq(w, "including") || sr_word_eq(w, "include") || sr_word_eq(w, "included") ||
               sr_word_eq(w, "includes");
        break;
    case 't':
        part = sr_word_eq(w, "them") && is(c, j - 2, "among");
        break;
    case 'w':
        part = sr_word_eq(w, "whom") && (is(c, j - 2, "among") || is(c, j - 2, "of"));
        break;
    default:
        break;
    }
    if (part) {
        out->subset = true;
        out->rule = "count.subset";
        /* "the dead included four soldiers": the outcome word before */
        size_t s0;
        const sr_lex_entry *o = j >= c->ts + 2 ? outcome_ending(c, j - 1, &s0) : NULL;
        if (o && (pos_of(o) == POS_ADJ || pos_of(o) == POS_V || pos_of(o) == POS_N)) {
            out->out = o;
            out->tok = (uint32_t)s0;
        }
        return;
    }
    if ((sr_word_eq(w, "were") || sr_word_eq(w, "was")) && j >= c->ts + 3 &&
        (is(c, j - 3, "among") || (j >= c->ts + 4 && is(c, j - 4, "among") && is(c, j - 3, "the")))) {
        /* "among the dead were 5 children" */
        const sr_lex_entry *o = outcome_at(c, j - 2);
        if (o || is(c, j - 2, "victims")) {
            out->subset = true;
            out->out = o;
            out->tok = (uint32_t)(j - 2);
            out->rule = "count.among";
            return;
        }
    }
    size_t s;
    const sr_lex_entry *o = outcome_ending(c, j, &s);
    if (sr_word_eq(w, "of") && !o) {
        if (j >= c->ts + 2 && (is(c, j - 2, "groups") || is(c, j - 2, "group") || is(c, j - 2, "batches") ||
                               is(c, j - 2, "rate") || is(c, j - 2, "average") || is(c, j - 2, "capacity") ||
                               is(c, j - 2, "families") || is(c, j - 2, "family") || is(c, j - 2, "age") ||
                               is(c, j - 2, "out"))) {
            out->reject = true;
            return;
        }
        o = outcome_ending(c, j - 1, &s);
        if (o && (pos_of(o) == POS_N || pos_of(o) == POS_GER)) {
            out->out = o;
            out->tok = (uint32_t)s;
            out->rule = "count.noun_of";
        }
        return;
    }
    if (!o)
        return;
    const int pos = pos_of(o);
    if (pos == POS_V || pos == POS_PRES) {
        out->rule = "count.active";
    } else if (pos == POS_GER) {
        out->rule = "count.gerund";
    } else if (pos == POS_CARRY && sentence_evacuation) {
        out->rule = "count.carry";
    } else {
        return;
    }
    out->out = o;
    out->tok = (uint32_t)s;
    if (s > c->ts && is(c, s - 1, "also"))
        out->additive = true;
}

/* ---- war-wide totals ---- */

/* A superlative in the three words before token i ("the deadliest attack in the war"). */
static bool superlative_before(const cx *c, size_t i)
{
    for (size_t k = 1; k <= 3 && i >= c->ts + k; k++) {
        const char *w = W(c, i - k);
        size_t n = strlen(w);
        if ((n > 5 && sr_word_eq(w + n - 3, "est")) || sr_word_eq(w, "worst") || sr_word_eq(w, "first"))
            return true;
    }
    return false;
}

/* "in the war", "during the civil war", "throughout the conflict" at token i (the word "in",
 * "during" or "throughout"): the war as the frame of the figures; not "the deadliest attack in
 * the war", "in the war-torn city" */
static bool war_frame(const cx *c, size_t i)
{
    if (!is(c, i + 1, "the"))
        return false;
    for (size_t k = 2; k <= 4 && i + k < c->te; k++) {
        if (is_any(c, i + k, SR_WC_WAR_NOUNS)) {
            size_t e = i + k + 1;
            return (e >= c->te || (!(c->a->toks.items[e].flags & SR_TF_HYPHEN) &&
                                   (c->a->toks.items[e].kind == SR_TOK_PUNCT || is_any(c, e, SR_WC_NP_STOP)))) &&
                   !superlative_before(c, i); /* read last: war nouns are rare */
        }
        if (c->a->toks.items[i + k].kind != SR_TOK_WORD || is_any(c, i + k, SR_WC_NP_STOP))
            break;
    }
    return false;
}

/* Does the sentence date its figures from the war's start or over a long period, or sum a
 * whole period? Once per sentence:
 *   "since 2011", "since the war began", "since March"      (not "since Monday")
 *   "this year", "over six years (of war)", "in five years"  (not "five years ago")
 *   "in the war", "during the conflict", "throughout the war" (not "the war-torn city")
 *   "overall", "in total", "the total death toll"            (with no recent date and no
 *                                                             weapon: not one attack's total) */
static bool long_period(const cx *c, bool recent, bool *since_recent)
{
    /* A sum ("overall", "in total,", "the total death toll"; not "a total of ten") counts only
     * with no recent date and no weapon in the sentence (one attack's total, cx.sums): looked for
     * only then, and until one is found. */
    bool total = false, sums = c->sums && !recent;
    *since_recent = false;
    *c->work += c->te - c->ts; /* a step per word, counted at once */
    /* the words that may be cues (cx.cue): each is tested only for the cues that open with its
     * letter */
    for (const uint32_t *cw = c->cue; cw < c->cue_end; cw++) {
        size_t i = *cw;
        const char *w = sr_tok_norm(c->a, i);
        switch (w[0]) {
        case 'i':
            if (w[1] != 'n' || w[2])
                break;
            if (sums && !total && (is(c, i + 1, "total") || is(c, i + 1, "all")) && is(c, i + 2, ","))
                total = true;
            if (war_frame(c, i))
                return true;
            break;
        case 't':
            if (sums && !total && sr_word_eq(w, "total") &&
                (is(c, i + 1, "toll") || (is(c, i + 1, "death") && is(c, i + 2, "toll"))))
                total = true;
            else if (sr_word_eq(w, "throughout") && war_frame(c, i))
                return true;
            break;
        case 'd':
            if (sr_word_eq(w, "during") && war_frame(c, i))
                return true;
            break;
        case 's': {
            if (!sr_word_eq(w, "since"))
                break;
            bool rec = false;
            for (size_t k = 1; k <= 6 && i + k < c->te && !rec; k++) {
                int32_t dm = sr_tokix_date(c->ix, i + k);
                if (dm >= 0) {
                    uint8_t pr = c->a->dates.items[dm].u.date.precision;
                    rec = pr == SITREP_PREC_DAY || pr == SITREP_PREC_WEEK;
                }
            }
            if (rec) {
                /* "since Saturday at least 68 have been killed": a running total of some days
                 * (SR_CM_PERIOD); "since Monday", "since it began this week": not the war's
                 * start; not "a ceasefire, since it began this week" */
                if (i + 1 < c->te && sr_tokix_date(c->ix, i + 1) >= 0)
                    *since_recent = true;
                break;
            }
            for (size_t k = 1; k <= 5 && i + k < c->te; k++) {
                const sr_number *n = num_at(c, i + k);
                if ((n && (n->flags & SR_NF_YEARLIKE)) || is_any(c, i + k, SR_WC_SINCE_WORDS) ||
                    is_any(c, i + k, SR_WC_WAR_NOUNS) || (k == 1 && is_any(c, i + k, SR_WC_MONTHS)) ||
                    (k == 2 && is(c, i + 1, "last") && is_any(c, i + k, SR_WC_MONTHS)))
                    return true;
            }
            break;
        }
        case 'y':
            if (sr_word_eq(w, "year") && i > c->ts && is(c, i - 1, "this"))
                return true;
            if (sr_word_eq(w, "years") && i > c->ts && !is(c, i + 1, "ago") &&
                !(c->a->toks.items[i].flags & SR_TF_HYPHEN)) {
                /* "over six years", "in five years of war", "the past three years" */
                const sr_number *n = NULL;
                for (size_t k = 1; k <= 3 && i >= c->ts + k && !n; k++)
                    n = num_at(c, i - k);
                if ((n && n->value >= 2 && !(n->flags & SR_NF_YEARLIKE)) || is(c, i - 1, "several") ||
                    is(c, i - 1, "many"))
                    return true;
            }
            break;
        default:
            break;
        }
    }
    /* no cue of a long period: a sum's word ("overall"; its first letter first) makes the figures
     * a total when nothing before did */
    for (size_t i = c->ts; sums && !total && i < c->te; i++)
        if ((first_letter[(unsigned char)sr_tok_norm(c->a, i)[0]] & FL_SUM) && is_any(c, i, SR_WC_TOTALS))
            total = true;
    return total;
}

/* What a sentence tells of its period (cx.recent, long_period), read once. */
typedef struct period {
    bool read, recent, since_recent, long_;
} period;

static bool sent_long(const cx *c, period *p)
{
    if (!p->read) {
        p->read = true;
        p->recent = c->recent;
        p->long_ = long_period(c, p->recent, &p->since_recent);
    }
    return p->long_;
}

/* Is the outcome verb at out_tok in the present perfect ("has killed", "have been killed",
 * "has left")? */
static bool present_perfect(const cx *c, size_t v)
{
    for (size_t k = 1; k <= 3 && v >= c->ts + k; k++) {
        if (is(c, v - k, "has") || is(c, v - k, "have"))
            return true;
        if (!is(c, v - k, "been") && !is(c, v - k, "also") && !is(c, v - k, "now") && !is(c, v - k, "so") &&
            !is(c, v - k, "far") && !is(c, v - k, "already"))
            return false;
    }
    return false;
}

/* A war noun as the subject of the count's verb: "the conflict, which has killed", "the war
 * has killed more than 320,000", "the crisis has claimed more than 250,000 lives", "the
 * uprising has left 100,000 dead"; "the fighting has killed 5,000" only in the present perfect
 * with no recent date. */
static bool war_subject(const cx *c, const sr_cm *m, bool recent)
{
    /* a war noun as the agent of a passive outcome: "displaced by the insurgency", "killed by
     * the war" */
    if (m->out_tok > m->num_tok && m->out_tok + 2 < c->te && is(c, m->out_tok + 1, "by")) {
        for (size_t k = 2; k <= 4 && m->out_tok + k < c->te; k++) {
            size_t i = m->out_tok + k;
            if (is_any(c, i, SR_WC_WAR_NOUNS))
                return !(i + 1 < c->te && (c->a->toks.items[i + 1].flags & SR_TF_HYPHEN));
            if (c->a->toks.items[i].kind != SR_TOK_WORD ||
                (is_any(c, i, SR_WC_NP_STOP) && !is(c, i, "the") && !is(c, i, "this")))
                break;
        }
    }
    /* the verb before the figure: "killed 10", "claimed 37 lives", "left 100,000 dead" */
    size_t v = m->out_tok;
    if (m->out_tok < m->num_tok && m->rule && !sr_word_eq(m->rule, "count.active") && !sr_word_eq(m->rule, "count.gerund"))
        return false; /* "the crisis includes the murder of 14": no verb of the war */
    if (m->out_tok > m->num_tok) {
        size_t b = m->tok_start;
        if (b > c->ts && (is_any(c, b - 1, SR_WC_LIVES_VERBS) || is(c, b - 1, "left") || is(c, b - 1, "leaving")))
            v = b - 1;
        else
            return false;
    }
    /* the words before v are of the sentence (v < te): each word's lists and index bits are read
     * once */
    for (size_t k = 1; k <= 14 && v >= c->ts + k; k++) {
        WORK(c);
        size_t i = v - k;
        const char *w = sr_tok_norm(c->a, i);
        if ((w[0] == '.' || w[0] == ';') && !w[1])
            break;
        uint64_t wc = sr_tok_classes(c->a, c->ix, i);
        if (((wc >> SR_WC_WAR_NOUNS) & 1u) && !(i + 1 < c->te && (c->a->toks.items[i + 1].flags & SR_TF_HYPHEN)))
            return true;
        if ((wc >> SR_WC_WAR_GENERAL) & 1u)
            return !recent && present_perfect(c, v) && sr_cm_value(m) >= 1000;
        if (c->ix->has[i] & (SR_TK_LEX(SR_LEX_ACTORS) | SR_TK_LEX(SR_LEX_CAUSES)))
            break; /* another subject: "the war ... rebels killed" */
    }
    return false;
}

/* Is figure f a further object of the verb of count prev (before it in the sentence): "and"
 * right before f, prev's outcome verb before prev's figure ("killed a judge ... and seven
 * members of his family", "killed a mayor and his secretary"), at most eight words between
 * the two with no outcome word, no
 * auxiliary, no figure, no punctuation and no word that opens a part ("including")? */
static bool second_object(const cx *c, const sr_cm *prev, const figure *f)
{
    if (!prev || (prev->flags & SR_CM_SUBSET) || prev->out_tok >= prev->num_tok || f->start <= c->ts + 1 ||
        !is(c, f->start - 1, "and") || prev->tok_end >= f->start || prev->tok_end + 9 < f->start)
        return false;
    for (size_t t = prev->tok_end; t + 1 < f->start; t++) {
        WORK(c);
        if (outcome_at(c, t) || is_any(c, t, SR_WC_AUX) || num_at(c, t) || c->a->toks.items[t].kind == SR_TOK_PUNCT ||
            is(c, t, "and") || is(c, t, "including") || is(c, t, "among") || is(c, t, "mostly") ||
            is(c, t, "mainly") || is(c, t, "such"))
            return false; /* another clause, or a part of the count before ("including a baby") */
    }
    return true;
}

/* "along with", "together with", "as well as" right before figure f. */
static bool along_with(const cx *c, const figure *f)
{
    return f->start > c->ts + 1 &&
           ((is(c, f->start - 1, "with") && (is(c, f->start - 2, "along") || is(c, f->start - 2, "together"))) ||
            (is(c, f->start - 1, "as") && is(c, f->start - 2, "well")));
}

/* ---- the stage ---- */

/* Can a sentence with no outcome word tell a count? Only a part of one told before it can
 * ("Among them were five children", "including three women", "of whom 20 were women"; "among
 * the victims"): every other rule reads an outcome word of the sentence, or a count before in
 * it. So it needs "among", "include" (and its forms) or "whom"; most such sentences have none,
 * and are not read. */
static bool tells_part(const sr_annot *a, const sr_sentence *se)
{
    const uint8_t *words = word_hashes();
    const uint64_t *th = a->tokhash;
    const uint32_t te = se->tok_end;
    for (uint32_t i = se->tok_start; i < te; i++) {
        if (th) {
            /* none of the words below (word_hashes): passed in a loop of their own */
            while (i < te && !(words[th[i] % WORD_HASHES] & HW_PART))
                i++;
            if (i == te)
                break;
        }
        const char *w = sr_tok_norm(a, i);
        switch (w[0]) {
        case 'a':
            if (sr_word_eq(w, "among"))
                return true;
            break;
        case 'i':
            if (!strncmp(w, "includ", 6) && (sr_word_eq(w + 6, "e") || sr_word_eq(w + 6, "ed") ||
                                             sr_word_eq(w + 6, "es") || sr_word_eq(w + 6, "ing")))
                return true;
            break;
        case 'w':
            if (sr_word_eq(w, "whom"))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

static void fill(sr_cm *m, const cx *c, uint32_t sent, const figure *f, const np *n, int outcome,
                 const sr_lex_entry *oe, uint32_t out_tok, uint32_t ev_start, uint32_t ev_end, const char *rule)
{
    memset(m, 0, sizeof *m);
    m->sent = sent;
    m->num_tok = f->num;
    m->tok_start = ev_start;
    m->tok_end = ev_end;
    m->grp_start = n->gs;
    m->grp_end = n->ge;
    m->out_tok = out_tok;
    m->min = f->min;
    m->max = f->max;
    m->qual = f->qual;
    m->outcome = (uint8_t)outcome;
    m->group = (uint8_t)(n->group >= 0 ? n->group : SITREP_GROUP_PEOPLE);
    m->rule = rule;
    m->outcome_e = oe;
    m->parent = -1;
    (void)c;
}

sitrep_status sr_counts_find(const sr_lexicon *lx, sr_annot *a, const sr_tokix *ix, sr_cm_list *out)
{
    out->items = NULL;
    out->len = 0;
    /* at most one count per token that can start a figure */
    size_t cap = a->nums.len + 1 + ix->nlex[SR_LEX_OUTCOMES] + ix->nlex[SR_LEX_GROUPS];
    /* per sentence: SC_OUTCOME, an outcome word (only such a sentence, and the two after a
     * count, can tell a count: a part told later, "Among them were five children"); SC_EVAC, a
     * noun of displacement (count.carry); SC_RECENT, a recent date (cx.recent) */
    enum { SC_OUTCOME = 1, SC_EVAC = 2, SC_RECENT = 4 };
    uint8_t *cues = sr_arena_alloc(&a->arena, a->sents.len + 1);
    if (!cues)
        return SITREP_ENOMEM;
    for (size_t k = 0; k < ix->noutcomes; k++) {
        const sr_mention *m = &a->lex.items[ix->outcomes[k]];
        if (m->tok_start < a->toks.len)
            cues[a->toks.items[m->tok_start].sent] |=
                SC_OUTCOME |
                (pos_of(m->u.entry) == POS_N && outcome_of(m->u.entry) == SITREP_OUTCOME_DISPLACED ? SC_EVAC : 0);
    }
    /* a token's date is the last date mention that covers it (sr_tokix_date) */
    for (size_t k = 0; k < a->dates.len; k++) {
        const sr_mention *m = &a->dates.items[k];
        if (m->u.date.precision != SITREP_PREC_DAY && m->u.date.precision != SITREP_PREC_WEEK)
            continue;
        for (uint32_t t = m->tok_start; t < m->tok_end && t < a->toks.len; t++) {
            a->work++;
            if (sr_tokix_date(ix, t) == (int32_t)k)
                cues[a->toks.items[t].sent] |= SC_RECENT;
        }
    }
    /* not cleared: a count is filled whole (fill) before it is read */
    sr_cm *cms = sr_arena_alloc_raw(&a->arena, cap * sizeof(sr_cm));
    if (!cms)
        return SITREP_ENOMEM;
    size_t ncm = 0;
    /* per token: an outcome word already read as a count's; only a sentence's own outcome words
     * are marked and read, so each sentence read clears its own tokens */
    uint8_t *outused = sr_arena_alloc_raw(&a->arena, a->toks.len + 1);
    /* the tokens of the sentence read that can open a figure or tell its period (sent_words) */
    uint32_t *figw = sr_arena_alloc_raw(&a->arena, (a->toks.len + 1) * sizeof(uint32_t));
    uint32_t *cuew = sr_arena_alloc_raw(&a->arena, (a->toks.len + 1) * sizeof(uint32_t));
    if (!outused || !figw || !cuew)
        return SITREP_ENOMEM;

    for (size_t s = 0; s < a->sents.len; s++) {
        const sr_sentence *se = &a->sents.items[s];
        if (se->flags & SR_SF_BOILER)
            continue;
        if (!(cues[s] & SC_OUTCOME) && (ncm == 0 || cms[ncm - 1].sent + 2 < s || !tells_part(a, se)))
            continue;
        const uint32_t *cb, *ce;
        sr_sent_starts(ix, SR_ST_CAUSES, s, &cb, &ce);
        cx c = {lx, a, ix, se->tok_start, se->tok_end, cuew, cuew, &a->work, (cues[s] & SC_RECENT) != 0, false};
        c.sums = !c.recent && cb == ce;
        size_t nfig = sent_words(&c, figw, cuew);
        size_t first_in_sent = ncm;
        memset(outused + c.ts, 0, c.te - c.ts);
        /* does the sentence tell an evacuation? (for count.carry) */
        bool evac = (cues[s] & SC_EVAC) != 0;
        period per = {0}; /* read when the sentence's first count is made: most tell none */
        /* the array holds cap counts: tested before a count is made (toll, figure) */
        a->work += c.te - c.ts; /* a step per token, counted at once */
        size_t next = c.ts; /* the first token not read: the words of a count are not read again */
        for (size_t q = 0; q < nfig; q++) {
            size_t i = figw[q];
            if (i < next)
                continue;
            next = i + 1;
            uint16_t has = ix->has[i];
            const sr_lex_entry *to = has & SR_TK_LEX(SR_LEX_OUTCOMES) ? outcome_at(&c, i) : NULL;
            if (to && pos_of(to) == POS_TOLL) {
                /* "the death toll rose from 20 to 30": the last figure of the run */
                size_t p = i + to->ntok;
                figure best = {0};
                bool have = false;
                for (int k = 0; k < 16 && p < c.te; k++) {
                    WORK(&c);
                    figure tf;
                    if (read_figure(&c, p, &tf) && !tf.singular) {
                        if (tf.qual == SITREP_QUAL_RANGE && is(&c, tf.start, "from") == false &&
                            p > c.ts && is(&c, p - 1, "from")) {
                            /* "rose from 20 to 34": the second figure */
                            tf.min = tf.max;
                            tf.qual = SITREP_QUAL_EXACT;
                        } else if (tf.qual == SITREP_QUAL_RANGE && is(&c, tf.start, "from")) {
                            tf.min = tf.max;
                            tf.qual = SITREP_QUAL_EXACT;
                        }
                        best = tf;
                        have = true;
                        p = tf.end;
                        if (!is(&c, p, "to") && !is(&c, p, "from"))
                            break;
                        continue;
                    }
                    const char *w = W(&c, p);
                    if (a->toks.items[p].kind != SR_TOK_WORD || is_any(&c, p, SR_WC_MONTHS) || sr_word_eq(w, "and") ||
                        sr_word_eq(w, "but"))
                        break;
                    p++;
                }
                if (!have)
                    continue;
                np tn;
                read_np(&c, &best, &tn);
                if (tn.unit)
                    continue;
                if (tn.pre && !tn.pre_before_group && outcome_of(tn.pre) != outcome_of(to))
                    continue; /* "the toll also included 55 injured": the figure's own outcome */
                if (ncm >= cap)
                    break;
                fill(&cms[ncm], &c, (uint32_t)s, &best, &tn, outcome_of(to), to, (uint32_t)i, (uint32_t)i,
                     tn.group >= 0 ? tn.end : best.end, "count.toll");
                cms[ncm].flags |= SR_CM_TOLL;
                if (sent_long(&c, &per))
                    cms[ncm].flags |= SR_CM_WAR;
                if (se->flags & (SR_SF_HEADING | SR_SF_TITLE))
                    cms[ncm].flags |= SR_CM_HEADING;
                ncm++;
                next = tn.group >= 0 ? tn.end : best.end;
                continue;
            }
            figure f;
            if (!opens_figure(&c, i, has) || !read_figure(&c, i, &f))
                continue;
            if (ncm >= cap)
                break;
            np n;
            read_np(&c, &f, &n);
            if (n.unit)
                continue;
            back b;
            read_back(&c, &f, evac, &b);
            if (b.reject)
                continue;
            pred pr = {0};
            bool have_pred = false;
            bool unknown_head = false;
            if (n.pre && !n.pre_before_group) {
                const int pos = pos_of(n.pre);
                /* the outcome word right after the figure */
                if (pos == POS_N || pos == POS_ADJ || pos == POS_V || pos == POS_IV) {
                    if (rate_at(&c, n.pre_tok + n.pre->ntok))
                        continue;
                    if (has_flag(n.pre, EF_NEED) && !(f.start > c.ts && is_any(&c, f.start - 1, SR_WC_LIVES_VERBS)))
                        continue; /* "saved 30 lives" is no count of the killed */
                    pr.out = n.pre;
                    pr.tok = n.pre_tok;
                    pr.end = n.pre_tok + n.pre->ntok;
                    pr.rule = pos == POS_N     ? "count.noun"
                              : pos == POS_IV  ? "count.intransitive"
                              : pos == POS_ADJ ? "count.adjective"
                                                    : "count.participle";
                    have_pred = true;
                }
            } else if (n.pre && n.pre_before_group) {
                pr.out = n.pre;
                pr.tok = n.pre_tok;
                pr.end = n.ge;
                pr.rule = "count.prenominal";
                have_pred = true;
            } else if (n.group >= 0) {
                have_pred = read_pred(&c, n.end, true, &pr);
                if (pr.rate)
                    continue;
                if (have_pred && pr.comma && (b.subset || b.out))
                    have_pred = false; /* "14 civilians, among them four children, were killed" */
            } else if (n.mod_end > f.end && !b.out) {
                /* a head noun the groups do not list ("29 ethnic Oromos", "a prominent journalist"):
                 * only with an auxiliary ("were killed", "was shot dead") or an intransitive
                 * outcome ("died") */
                have_pred = read_pred(&c, n.mod_end, true, &pr);
                if (pr.rate)
                    continue;
                if (have_pred && !pr.aux && !sr_word_eq(pr.rule, "count.intransitive"))
                    have_pred = false;
                if (have_pred && !f.singular && pr.aux && pr.tok > 0 && is(&c, pr.tok - 1, "was"))
                    have_pred = false;
                unknown_head = have_pred;
                n.end = n.mod_end;
                n.ge = n.mod_end;
            } else if (n.group < 0 && !n.pre && ncm > first_in_sent && is(&c, f.end, "of") &&
                       (is(&c, f.end + 1, "them") || is(&c, f.end + 1, "whom")) && group_at(&c, f.end + 2) &&
                       has_flag(group_at(&c, f.end + 2), EF_GROUP)) {
                /* "killed at least 15 people, eight of them civilians" */
                const sr_lex_entry *g2 = group_at(&c, f.end + 2);
                int gr2 = feat(g2).group;
                n.group = gr2 < 0 ? SITREP_GROUP_PEOPLE : gr2;
                n.gs = f.end + 2;
                n.ge = n.end = f.end + 2 + g2->ntok;
                b.subset = true;
                b.rule = "count.subset";
            } else if (n.mod_end == 0 && (!b.out || (ncm > first_in_sent && cms[ncm - 1].out_tok == b.tok)) &&
                       !f.singular && is_any(&c, f.end, SR_WC_AUX)) {
                /* "Five were killed"; "14 people were killed 25 were wounded": the verb before
                 * is the figure before's */
                have_pred = read_pred(&c, n.end, true, &pr) && pr.aux;
            } else if (n.mod_end > f.end && f.start > c.ts &&
                       (is(&c, f.start - 1, "left") || is(&c, f.start - 1, "leaving") ||
                        is(&c, f.start - 1, "leaves")) &&
                       outcome_at(&c, n.mod_end) && pos_of(outcome_at(&c, n.mod_end)) == POS_ADJ) {
                /* "left 32 alleged drug offenders dead" */
                pr.out = outcome_at(&c, n.mod_end);
                pr.tok = n.mod_end;
                pr.end = n.mod_end + pr.out->ntok;
                pr.rule = "count.adjective";
                have_pred = true;
                n.end = n.ge = n.mod_end;
            } else if (n.mod_end > f.end && b.out && f.singular) {
                n.end = n.mod_end;
                n.ge = n.mod_end;
            }
            size_t subj_end;
            if (!have_pred && !b.out && !b.subset && !f.singular && (n.group >= 0 || n.mod_end > f.end) &&
                read_far_pred(&c, n.group >= 0 ? n.end : n.mod_end, &pr, &subj_end)) {
                /* the whole subject names the victims: "13 militants of the Islamic State were
                 * killed" tells no perpetrator */
                have_pred = true;
                n.end = n.ge = (uint32_t)subj_end;
            }
            const sr_cm *prev0 = ncm > first_in_sent ? &cms[ncm - 1] : NULL;
            bool second = !b.out && !have_pred && n.group >= 0 && second_object(&c, prev0, &f);
            /* "killed 66 civilians including 13 children ... as well as three rescue workers": more
             * victims of the last count that is no part of another (a part has no outcome yet) */
            const sr_cm *lead = NULL;
            for (size_t k = ncm; k-- > first_in_sent && !lead;)
                if (!(cms[k].flags & SR_CM_SUBSET))
                    lead = &cms[k];
            bool along = !b.out && !have_pred && (n.group >= 0 || f.singular) && lead && along_with(&c, &f);
            if (f.singular && f.sg_group < 0 && !have_pred && !b.out && !second && !along)
                continue;
            if (f.the_sg && (!b.out || b.subset || !sr_word_eq(b.rule, "count.active")))
                continue;
            if (f.singular && !have_pred && !b.out && !second && !along)
                continue;
            /* "a man and a woman were killed": each of the joined subjects is a count of the verb
             * after them (the first reads it through the chain, pr.chains); a lone singular
             * before a plural verb is something else */
            bool conjunct = have_pred && prev0 && prev0->out_tok == pr.tok && f.start > c.ts && is(&c, f.start - 1, "and");
            for (uint32_t t = prev0 && conjunct ? prev0->num_tok : 0; conjunct && t < f.start; t++)
                if (is(&c, t, ","))
                    conjunct = false; /* "Five people, four nationals and a foreigner": parts told again */
            if (have_pred && f.singular && pr.aux && pr.tok > 0 && !pr.chains && !conjunct &&
                (is(&c, pr.tok - 1, "were") || is(&c, pr.tok - 1, "are") || is(&c, pr.tok - 1, "have") ||
                 (is(&c, pr.tok - 1, "been") && is(&c, pr.tok - 2, "have"))))
                continue;
            sr_cm *m = &cms[ncm];
            const sr_cm *prev = ncm > first_in_sent ? &cms[ncm - 1] : NULL;
            if (b.out && !b.subset && have_pred && pr.rel && b.tok + b.out->ntok == f.start) {
                /* "killing five people who were being detained": the verb before governs its
                 * object; the relative clause tells more of the victims */
                have_pred = false;
            } else if (b.out && !b.subset && have_pred && b.tok > c.ts && sr_word_eq(pr.rule, "count.participle") &&
                       group_at(&c, b.tok - 1) && (pr.tok == f.end || (pr.tok == f.end + 1 && is(&c, f.end, "others")))) {
                /* "Civilian killed 3 injured", "Girl killed two others injured" (headlines): a
                 * participle after its own victim noun governs no figure that has a participle of
                 * its own right after it */
                b.out = NULL;
            } else if (b.out && !b.subset && have_pred && prev && prev->out_tok == b.tok) {
                /* "57 civilians killed 150 injured": the verb before is the predicate of the
                 * figure before it; this figure has its own */
                b.out = NULL;
            } else if (b.out && !b.subset && have_pred && !sr_word_eq(pr.rule, "count.passive")) {
                /* "killed 10 people, 50 injured" needs a comma; without a figure of its own
                 * before the verb the verb governs this figure */
                have_pred = false;
            }
            if (b.out && !b.subset && (!have_pred || !sr_word_eq(pr.rule, "count.passive"))) {
                uint32_t ev_end = n.group >= 0 || f.singular ? n.end : f.end;
                fill(m, &c, (uint32_t)s, &f, &n, outcome_of(b.out), b.out, b.tok, b.tok, ev_end, b.rule);
            } else if (have_pred) {
                fill(m, &c, (uint32_t)s, &f, &n, pr.out ? outcome_of(pr.out) : 0xfe, pr.out, pr.tok, f.start,
                     pr.end, pr.rule);
                if (pr.among)
                    m->flags |= SR_CM_SUBSET;
                if (!pr.out)
                    m->outcome = 0xfe; /* "among the victims": the parent's outcome */
            } else if (b.subset && (n.group >= 0 || f.singular)) {
                fill(m, &c, (uint32_t)s, &f, &n, b.out ? outcome_of(b.out) : 0xfe, b.out,
                     b.out ? b.tok : f.num, b.out ? b.tok : f.start, n.end, b.rule);
                m->flags |= SR_CM_SUBSET;
            } else if (prev && n.group >= 0 && prev->tok_end + 1 == f.start &&
                       (is(&c, f.start - 1, "and") || is(&c, f.start - 1, ",")) && prev->rule &&
                       (sr_word_eq(prev->rule, "count.active") || sr_word_eq(prev->rule, "count.gerund") ||
                        sr_word_eq(prev->rule, "count.noun_of")) && !(prev->flags & SR_CM_SUBSET)) {
                /* "killed five civilians and five soldiers": a second object of the verb */
                fill(m, &c, (uint32_t)s, &f, &n, prev->outcome, prev->outcome_e, prev->out_tok, f.start, n.end,
                     prev->rule);
            } else if (second) {
                /* "killed a Yemeni judge allied with the Houthis and seven members of his family",
                 * "killed a mayor and his secretary": more objects of the same verb */
                fill(m, &c, (uint32_t)s, &f, &n, prev->outcome, prev->outcome_e, prev->out_tok, f.start, n.end,
                     "count.and_object");
                if (m->group != SITREP_GROUP_COMBATANTS)
                    m->flags |= SR_CM_AND;
            } else if (along) {
                /* "the mayor was killed along with 10 other people": more victims of the same */
                fill(m, &c, (uint32_t)s, &f, &n, lead->outcome, lead->outcome_e, lead->out_tok, f.start, n.end,
                     "count.along_with");
                m->flags |= SR_CM_ADDITIVE;
            } else if (n.group >= 0 && n.group != SITREP_GROUP_PEOPLE && prev && f.start > c.ts &&
                       (is(&c, f.start - 1, ",") || is(&c, f.start - 1, ":") || is(&c, f.start - 1, "(") ||
                        is(&c, f.start - 1, "and") || is(&c, f.start - 1, "mostly") ||
                        is(&c, f.start - 1, "mainly") || is(&c, f.start - 1, "-")) &&
                       prev->tok_end + 15 > f.start && !own_verb(&c, n.end)) {
                /* an apposition after a count: "ten killed, five civilians and five soldiers" */
                fill(m, &c, (uint32_t)s, &f, &n, 0xfe, NULL, f.num, f.start, n.end, "count.subset");
                m->flags |= SR_CM_SUBSET;
            } else {
                continue;
            }
            if (m->outcome == 0xff)
                continue; /* an outcome that is no count ("killed or wounded", "casualties") */
            if (conjunct && prev0->group == m->group && !(prev0->flags & SR_CM_SUBSET) && !(m->flags & SR_CM_SUBSET))
                m->flags |= SR_CM_AND; /* "a traditional ruler and nine other persons": ten */
            if (unknown_head && f.singular)
                m->rule = "count.singular";
            else if (f.singular && f.min == 1 && m->rule && !sr_word_eq(m->rule, "count.subset"))
                m->rule = "count.singular";
            const char *after = W(&c, f.end); /* f.end > c.ts: is() of the word after the figure */
            if (b.additive || sr_word_eq(after, "more") || (f.singular && is(&c, f.num, "another")) ||
                (have_pred && pr.also))
                m->flags |= SR_CM_ADDITIVE; /* "another 10", "two more" */
            else if ((sr_word_eq(after, "others") || sr_word_eq(after, "other")) && (!prev || prev->outcome == m->outcome) &&
                     !(f.start > c.ts && is(&c, f.start - 1, "the")))
                m->flags |= SR_CM_ADDITIVE; /* "four others" killed; but "7 killed and 25 others
                                                injured": others than the killed; "the three
                                                others": the rest of a number told before */
            if (se->flags & (SR_SF_HEADING | SR_SF_TITLE))
                m->flags |= SR_CM_HEADING;
            if (sent_long(&c, &per) || war_subject(&c, m, per.recent))
                m->flags |= SR_CM_WAR;
            else if (per.since_recent && !(m->flags & SR_CM_SUBSET))
                m->flags |= SR_CM_PERIOD;
            ncm++;
            if (f.end > next)
                next = f.end;
            /* the words of a passive are read: do not read a figure inside them again */
            if (have_pred && !pr.chains && !pr.among && !pr.paren && pr.end > next && m->tok_end == pr.end)
                next = pr.end;
        }
        /* one person with no figure: "the mayor was shot dead", "gunmen killed him",
         * "assailants killed Sheikh Ali Othman", "he died" */
        for (size_t k = first_in_sent; k < ncm; k++)
            if (cms[k].out_tok >= c.ts && cms[k].out_tok < c.te)
                outused[cms[k].out_tok] = 1;
        const uint32_t *ot, *oend;
        sr_sent_starts(ix, SR_ST_OUTCOMES, s, &ot, &oend);
        for (; ot < oend && ncm < cap; ot++) {
            WORK(&c);
            size_t i = *ot;
            const sr_lex_entry *o = outcome_at(&c, i);
            if (outused[i])
                continue;
            int oc = outcome_of(o);
            const int pos = pos_of(o);
            if (oc != SITREP_OUTCOME_KILLED && oc != SITREP_OUTCOME_INJURED && oc != SITREP_OUTCOME_DETAINED)
                continue;
            bool verb = pos == POS_V || pos == POS_PRES || pos == POS_GER;
            uint32_t ev_s = 0, ev_e = 0;
            const char *rule = NULL;
            size_t j = i;
            for (int steps = 0; steps < 8 && j > c.ts; steps++) {
                WORK(&c);
                if (is_any(&c, j - 1, SR_WC_SG_ADVERBS)) {
                    j--;
                } else if (j > c.ts + 1 && is(&c, j - 1, "and") && a->toks.items[j - 2].kind == SR_TOK_WORD &&
                           strlen(W(&c, j - 2)) > 3 && sr_streq(W(&c, j - 2) + strlen(W(&c, j - 2)) - 2, "ed")) {
                    j -= 2; /* "was ambushed and shot dead", "found tortured and hacked to death" */
                } else {
                    break;
                }
            }
            size_t subj = SIZE_MAX;
            if (pos == POS_V && j > c.ts && is(&c, j - 1, "was"))
                subj = j - 2;
            else if (pos == POS_V && j > c.ts + 1 && is(&c, j - 1, "been") && is(&c, j - 2, "has"))
                subj = j - 3;
            else if (pos == POS_IV && j > c.ts && (is(&c, j - 1, "he") || is(&c, j - 1, "she")))
                subj = j - 1, rule = "count.pronoun";
            else if (pos == POS_IV && j > c.ts + 1 && is(&c, j - 1, "has") &&
                     a->toks.items[j - 2].kind == SR_TOK_WORD)
                subj = j - 2; /* "an 80-year-old sheikh has died" */
            int subj_group = -1;
            if (subj != SIZE_MAX && subj >= c.ts && subj < c.te) {
                size_t name = actor_name_start(&c, subj);
                if (name != SIZE_MAX)
                    subj = office_of(&c, name, &subj_group);
            }
            if (subj != SIZE_MAX && subj >= c.ts && subj < c.te && a->toks.items[subj].kind != SR_TOK_NUMBER &&
                !is_any(&c, subj, SR_WC_NOT_SUBJECTS) && !num_at(&c, subj)) {
                if (!rule)
                    rule = "count.singular";
                ev_s = (uint32_t)subj;
                ev_e = (uint32_t)(i + o->ntok);
            } else if (verb && i + o->ntok < c.te) {
                size_t q = i + o->ntok;
                if (is(&c, q, "him") || is(&c, q, "her")) {
                    rule = "count.pronoun";
                    ev_s = (uint32_t)i;
                    ev_e = (uint32_t)(q + 1);
                } else {
                    size_t r = q;
                    while (r < c.te && r < q + 6 && a->toks.items[r].kind == SR_TOK_WORD &&
                           (a->toks.items[r].flags & SR_TF_CAP) && sr_tokix_place(ix, r) < 0 && sr_tokix_date(ix, r) < 0 &&
                           !sr_tokix_entry(a, ix, r, SR_LEX_ACTORS) && !sr_tokix_entry(a, ix, r, SR_LEX_GROUPS) &&
                           !sr_tokix_entry(a, ix, r, SR_LEX_CAUSES))
                        r++;
                    if (r >= q + 2 && (r >= c.te || a->toks.items[r].kind != SR_TOK_WORD || !(a->toks.items[r].flags & SR_TF_CAP))) {
                        rule = "count.name";
                        ev_s = (uint32_t)i;
                        ev_e = (uint32_t)r;
                    }
                }
            }
            if (!rule)
                continue;
            sr_cm *m = &cms[ncm];
            figure f1 = {0};
            f1.num = ev_s;
            f1.min = f1.max = 1;
            f1.qual = SITREP_QUAL_EXACT;
            np n1 = {0};
            n1.group = subj_group;
            fill(m, &c, (uint32_t)s, &f1, &n1, oc, o, (uint32_t)i, ev_s, ev_e, rule);
            if (sent_long(&c, &per))
                m->flags |= SR_CM_WAR;
            if (se->flags & (SR_SF_HEADING | SR_SF_TITLE))
                m->flags |= SR_CM_HEADING;
            for (size_t q = j; q < i; q++)
                if (is(&c, q, "also"))
                    m->flags |= SR_CM_ADDITIVE; /* "his cell-mate was also killed" */
            outused[i] = 1;
            ncm++;
        }
        /* subsets take the outcome of their parent: the count before them in the sentence,
         * else the first after, else the last of the sentence before */
        for (size_t k = first_in_sent; k < ncm; k++) {
            sr_cm *m = &cms[k];
            if (!(m->flags & SR_CM_SUBSET))
                continue;
            int32_t parent = -1;
            for (size_t j = k; j-- > first_in_sent && j + 20 > k;)
                if (WORK(&c) && !(cms[j].flags & SR_CM_SUBSET)) {
                    parent = (int32_t)j;
                    break;
                }
            if (parent < 0)
                for (size_t j = k + 1; j < ncm && j < k + 20; j++)
                    if (!(cms[j].flags & SR_CM_SUBSET)) {
                        parent = (int32_t)j;
                        break;
                    }
            if (parent < 0 && first_in_sent > 0) {
                for (size_t j = first_in_sent; j-- > 0 && j + 20 > first_in_sent;) {
                    if (cms[j].sent + 2 < s)
                        break;
                    if (!(cms[j].flags & SR_CM_SUBSET)) {
                        parent = (int32_t)j;
                        break;
                    }
                }
            }
            m->parent = parent;
            if (m->outcome == 0xfe)
                m->outcome = parent >= 0 ? cms[parent].outcome : SITREP_OUTCOME_KILLED;
            if (parent >= 0 && (cms[parent].flags & SR_CM_WAR))
                m->flags |= SR_CM_WAR;
        }
    }
    /* evidence bytes */
    for (size_t k = 0; k < ncm; k++) {
        sr_cm *m = &cms[k];
        if (m->tok_end <= m->tok_start)
            m->tok_end = m->tok_start + 1;
    }
    out->items = cms;
    out->len = ncm;
    return SITREP_OK;
}
