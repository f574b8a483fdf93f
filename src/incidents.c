/* incidents.c - joining counts, places, dates, perpetrators, causes and
 * claims of neighbouring sentences that tell one event into incidents.
 *
 * Rules:
 *  join      a count joins the incident open before it when its sentence is at most three
 *            sentences after the incident's last one and tells no other place (not the same,
 *            not inside and not containing) and no other date; else it opens a new incident.
 *            A toll ("put the death toll at 72") whose sentence names no place or date is the
 *            toll of the event told last: it joins up to six sentences after.
 *  headline  the lead's first figure joins the headline's incident across date lines, bylines
 *            and captions when it tells the same outcome, the headline's figure is vague or no
 *            larger, and their places lie in one first-level division; the lead's place wins
 *            unless it holds the headline's, and a vague headline figure goes.
 *  subset    a subset count ("including five children") goes with the count it is part of.
 *  war       a war-wide total is an incident of its own, scope "war", which nothing joins; its
 *            place is the one its own clause names, else a country the sentence names, else none
 *            (never a town the sentence names for something else, nor the lead's).
 *  period    a running total since a recent day ("since Saturday at least 68 civilians have
 *            been killed") tells several events: an incident of its own that nothing joins.
 *  lead      in the title and the lead (the first three sentences) a sentence that tells harm
 *            without a figure ("Kerry condemns Aleppo 'massacre'") is an incident of its own
 *            when no neighbour takes it; elsewhere such a sentence joins an incident within two
 *            sentences of it, as does a sentence that hedges or denies right after one.
 *  counts    within an incident one figure per outcome, group and part: a later figure for the
 *            same replaces the earlier ("the death toll rose to 30": the latest wins) unless it
 *            says it adds ("another 10", "two more people").
 *  place     the place of the incident's first sentence that names one, preferring a town to a
 *            country; else "the city"/"the town"/"the village" takes the last town named in the
 *            six sentences before; else the nearest place before it in its paragraph; else the
 *            lead's place.
 *  date      the date of the incident's first sentence that tells one (not the date of a
 *            statement: "said on Tuesday"); else the lead's. A relative date that could not be
 *            resolved leaves the date null with the warning "relative date with no publication
 *            date".
 *  cause     the cause its outcome word tells ("hanged": execution); else the cause word of the
 *            incident's sentences nearest to the outcome word, a strong word before a weak one.
 *  perpetrator, claimed_by, certainty: actors.c, over the incident's sentences, leaving out the
 *            side whose fighters are the victims ("18 IS jihadists were killed") unless civilians
 *            were killed too (then the fighters' side may have done it); a claimant
 *            in the sentence after or before counts when its own sentences name none. */
#include "incidents.h"

#include "actors.h"
#include "counts.h"

#include <string.h>

#define JOIN_GAP 3
#define LEAD_SENTS 3

typedef struct inc {
    uint32_t first, last;    /* sentences */
    int32_t place;           /* place mention, -1 */
    int32_t date;            /* date mention, -1 */
    bool war;
    bool period;             /* a running total since a recent day (SR_CM_PERIOD) */
    uint32_t ncms;
    int32_t slot[72];        /* per outcome x group x subset: index into cms, -1 */
    int32_t last_val[72];    /* per slot: the figure told last (for "six others"), at most INT32_MAX */
    uint32_t nsent;
    uint8_t cause;           /* the cause category told so far (cause_class), 0 none */
    int32_t opener;          /* the count that opened it */
} inc;



/* Is token i's word in the list cls (words.h)? */
#define in_list(i, cls) sr_tok_in(a, ix, (i), SR_WC_##cls)

static sr_gaz_kind place_kind(const sr_gazetteer *g, const sr_annot *a, int32_t pm)
{
    sr_gaz_place p;
    if (pm < 0)
        return SR_GAZ_COUNTRY;
    if (a->tokix && a->tokix->pkind)
        return (sr_gaz_kind)a->tokix->pkind[pm];
    if (!sr_gaz_place_get(g, a->places.items[pm].u.place.place, &p))
        return SR_GAZ_COUNTRY;
    return (sr_gaz_kind)p.kind;
}

/* Is place mention pm told as a landmark that locates another place: after a bearing and "of"
 * ("a village south of Mosul", "north-east of Aleppo") or after a distance and "from" ("a few
 * kilometres from Maiduguri")? The place the sentence locates by it is where harm came. */
static bool landmark_place(const sr_annot *a, int32_t pm)
{
    uint32_t ts = a->places.items[pm].tok_start;
    if (ts < 2 || ts >= a->toks.len || a->toks.items[ts - 2].sent != a->toks.items[ts].sent)
        return false;
    const char *prep = sr_tok_norm(a, ts - 1), *w = sr_tok_norm(a, ts - 2);
    if (sr_word_eq(prep, "of")) {
        static const char *const bearings[] = {"north", "south", "east", "west", "northeast",
                                               "northwest", "southeast", "southwest"};
        for (size_t k = 0; k < SR_ARRAY_LEN(bearings); k++)
            if (sr_streq(w, bearings[k]))
                return true;
        return false;
    }
    return sr_word_eq(prep, "from") && (sr_word_eq(w, "kilometres") || sr_word_eq(w, "kilometers") || sr_word_eq(w, "km") ||
                                      sr_word_eq(w, "miles"));
}

/* The kind and country of every place mention (a->tokix->pkind, pcc: the gazetteer stage wrote
 * them into the mentions), and whether it is told as a landmark (pmark). */
static sitrep_status place_cache(sr_annot *a)
{
    size_t n = a->places.len;
    uint8_t *kind = sr_arena_alloc(&a->arena, n + 1);
    char(*cc)[2] = sr_arena_alloc(&a->arena, (n + 1) * 2);
    uint8_t *mark = sr_arena_alloc_raw(&a->arena, n + 1);
    if (!kind || !cc || !mark)
        return SITREP_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        const sr_place_ref *r = &a->places.items[k].u.place;
        a->work++;
        mark[k] = landmark_place(a, (int32_t)k);
        kind[k] = r->kind; /* the gazetteer stage wrote them */
        cc[k][0] = r->country[0];
        cc[k][1] = r->country[1];
    }
    a->tokix->pkind = kind;
    a->tokix->pcc = cc;
    a->tokix->pmark = mark;
    return SITREP_OK;
}

/* Does place mention pm only qualify a word, naming whose side or base rather than where:
 * a country joined by a hyphen to a word ("US-led", "UK-based", "Syria-Turkey border"), a
 * country's name right before a noun of people or of attacks that it qualifies ("85 Syria
 * troops", "US airstrikes", "Syria air raids"), or a place after "pro-" or "anti-"
 * ("pro-Damascus media")? The second only when nouns is set (an event's place; the article's
 * country still counts "Syrian troops" as Syria's). */
static bool qualifier_place(const sr_gazetteer *g, const sr_annot *a, int32_t pm, bool nouns)
{
    const sr_mention *m = &a->places.items[pm];
    uint32_t ts = m->tok_start, te = m->tok_end;
    if (ts >= a->toks.len)
        return false;
    uint32_t s = a->toks.items[ts].sent;
    if (ts > 0 && (a->toks.items[ts].flags & SR_TF_HYPHEN) && a->toks.items[ts - 1].sent == s) {
        const char *w = sr_tok_norm(a, ts - 1);
        if (sr_word_eq(w, "pro") || sr_word_eq(w, "anti"))
            return true;
    }
    bool joined_after = te < a->toks.len && (a->toks.items[te].flags & SR_TF_HYPHEN) &&
                        a->toks.items[te].sent == s && a->toks.items[te].kind == SR_TOK_WORD;
    bool joined_before = (a->toks.items[ts].flags & SR_TF_HYPHEN) && ts > 0 && a->toks.items[ts - 1].sent == s &&
                         a->toks.items[ts - 1].kind == SR_TOK_WORD;
    const sr_tokix *ix = a->tokix;
    bool before_noun = nouns && ix && te < a->toks.len && a->toks.items[te].sent == s &&
                       ((sr_tokix_entry(a, ix, te, SR_LEX_GROUPS) &&
                         !(sr_lex_codes_of(sr_tokix_entry(a, ix, te, SR_LEX_GROUPS)).flags & SR_LC_UNIT)) ||
                        sr_tokix_entry(a, ix, te, SR_LEX_CAUSES));
    if (joined_after && ix && sr_tok_in(a, ix, te, SR_WC_HELD))
        return true; /* "Raqqa-based", "Aleppo-bound": any place */
    if (joined_after || joined_before || before_noun)
        return place_kind(g, a, pm) == SR_GAZ_COUNTRY; /* "Aleppo-Damascus highway" stays */
    return false;
}

/* How place mention pm is told when it is not where harm came to the victims: 1 where they came
 * from, after "from" ("a convoy carrying residents from the towns of Fuaa and Kafraya", "51
 * martyrs from Kefraya"): a place of the event only when the sentence names no other; 2 where
 * someone heads, after "towards" ("their push towards the Daesh terror groups Raqqa
 * stronghold") or after "to" that follows a verb of moving people ("evacuated to Idlib"): never
 * the event's. 0 otherwise. Looked for over the six words before it, up to another preposition
 * than "of" or a stop. */
static int moved_place(const sr_annot *a, const sr_tokix *ix, int32_t pm)
{
    uint32_t ts = a->places.items[pm].tok_start;
    if (ts >= a->toks.len)
        return 0;
    const sr_sentence *se = &a->sents.items[a->toks.items[ts].sent];
    for (uint32_t k = ts, n = 0; k-- > se->tok_start && n < 6; n++) {
        if (a->toks.items[k].kind == SR_TOK_PUNCT || sr_tokix_entry(a, ix, k, SR_LEX_OUTCOMES))
            return 0;
        const char *w = sr_tok_norm(a, k);
        if (!sr_tok_in(a, ix, k, SR_WC_PREPS)) {
            if (w[0] == 't' && w[1] == 'o' && w[2] == 'w' && (sr_word_eq(w, "towards") || sr_word_eq(w, "toward")))
                return 2;
            continue;
        }
        if (w[0] == 'f' && sr_word_eq(w, "from"))
            return 1;
        if (w[0] == 't' && w[1] == 'o' && !w[2])
            return k > se->tok_start && sr_tok_in(a, ix, k - 1, SR_WC_MOTION_VERBS) ? 2 : 0;
        if (w[0] != 'o' || w[1] != 'f' || w[2])
            return 0; /* another preposition than "of" */
    }
    return 0;
}

void sr_article_country(const sr_gazetteer *g, const sr_lexicon *lx, const sr_annot *a, char out[3])
{
    /* the gazetteer's context rule (what the text says of each place: harm, venue, government);
     * when it names none, the country whose places the article names most, a country's own name
     * counting as one of its towns, and a country's name that only qualifies the word after it
     * ("US-led", "UK-based") not at all; the first named of equals */
    enum { N = 16 };
    char cc[N][3];
    size_t cnt[N] = {0}, n = 0;
    out[0] = '\0';
    if (a->tokix && a->tokix->pcc) {
        /* every place that tells where names one country: that country, without weighing */
        char one[2] = {0, 0};
        bool mixed = false;
        for (size_t k = 0; k < a->places.len && !mixed; k++) {
            const sr_mention *pm = &a->places.items[k];
            if ((pm->u.place.flags & (SR_PF_DATELINE | SR_PF_ACTOR)) || !a->tokix->pcc[k][0] ||
                (a->tokix->tag && pm->tok_start < a->tokix->ntok && a->tokix->tag[pm->tok_start]))
                continue;
            if (!one[0])
                memcpy(one, a->tokix->pcc[k], 2);
            else
                mixed = memcmp(one, a->tokix->pcc[k], 2) != 0;
        }
        if (one[0] && !mixed) {
            memcpy(out, one, 2);
            out[2] = '\0';
            return;
        }
    }
    sr_gaz_context_country(g, lx, a, out);
    if (out[0])
        return;
    for (size_t k = 0; k < a->places.len; k++) {
        sr_gaz_place p;
        const sr_mention *pm = &a->places.items[k];
        if (!sr_gaz_place_get(g, pm->u.place.place, &p) || !p.country[0])
            continue;
        size_t w = qualifier_place(g, a, (int32_t)k, false) ? 0 : 1; /* "the US-led coalition" */
        size_t j = 0;
        while (j < n && memcmp(cc[j], p.country, 2))
            j++;
        if (j == n) {
            if (n == N)
                continue;
            memcpy(cc[n], p.country, 2);
            cc[n][2] = '\0';
            n++;
        }
        cnt[j] += w;
    }
    size_t best = 0;
    for (size_t j = 0; j < n; j++)
        if (cnt[j] > best) {
            best = cnt[j];
            memcpy(out, cc[j], 3);
        }
}

static bool in_country(const sr_gazetteer *g, const sr_annot *a, int32_t pm, const char *cc)
{
    sr_gaz_place p;
    if (!cc || !*cc)
        return true;
    if (a->tokix && a->tokix->pcc)
        return a->tokix->pcc[pm][0] == cc[0] && a->tokix->pcc[pm][1] == cc[1];
    return sr_gaz_place_get(g, a->places.items[pm].u.place.place, &p) && !strcmp(p.country, cc);
}

/* The place of sentence s: the best by, in order, being in the article's country, not being a
 * country, not being where the victims came from (moved_place; where they went or someone
 * heads is never the place), following a place cue
 * ("in", "near", "village of"), not being a landmark that locates another ("south of Mosul");
 * the first of equals. A
 * dateline ("BEIRUT (AFP) -") tells where the reporter is, not the event: never. A town
 * abroad in an article about one country is kept only when nothing else is named. */
static int32_t sentence_place(const sr_gazetteer *g, const sr_annot *a, const sr_tokix *ix, size_t s,
                              const char *cc)
{
    int32_t best = -1;
    int best_score = -1;
    const uint32_t *it, *end;
    sr_sent_starts(ix, SR_ST_PLACES, s, &it, &end);
    for (; it < end; it++) {
        int32_t pm = sr_tokix_place(ix, *it);
        uint16_t fl = a->places.items[pm].u.place.flags;
        if (fl & (SR_PF_DATELINE | SR_PF_ACTOR))
            continue; /* where the reporter is; a government ("accused Damascus") */
        bool country = place_kind(g, a, pm) == SR_GAZ_COUNTRY;
        if (qualifier_place(g, a, pm, true))
            continue; /* "US-led", "pro-Damascus": whose, not where */
        bool home = in_country(g, a, pm, cc);
        if (!home && !country)
            continue; /* a town abroad */
        int moved = moved_place(a, ix, pm);
        if (moved == 2)
            continue; /* "evacuated to Idlib", "towards Raqqa" */
        int score = (home ? 8 : 0) + (country ? 0 : 4) + (moved ? 0 : 2) + ((fl & SR_PF_CUE) ? 1 : 0) -
                    (a->tokix->pmark[pm] ? 3 : 0);
        if (score > best_score) {
            best_score = score;
            best = pm;
        }
    }
    return best;
}

/* Is date mention m of sentence se the date of a statement or a report ("said on Tuesday",
 * "a report from February"): when it was told, not when it happened? */
static bool statement_date(const sr_annot *a, const sr_tokix *ix, const sr_sentence *se, const sr_mention *m)
{
    uint32_t b = m->tok_start;
    if (b > se->tok_start && sr_word_eq(sr_tok_norm(a, b - 1), "on"))
        b--;
    if (b > se->tok_start && in_list(b - 1, STATEMENT_VERBS))
        return true;
    if (m->tok_start > se->tok_start + 1 && in_list(m->tok_start - 1, REPORT_PREPS) &&
        in_list(m->tok_start - 2, REPORT_NOUNS))
        return true;
    if (m->tok_start > se->tok_start && in_list(m->tok_start - 1, REPORT_NOUNS))
        return true;
    if (m->tok_end < se->tok_end && in_list(m->tok_end, STATEMENT_VERBS))
        return true;
    return false;
}

/* The dates of each sentence that may be an event's (not a statement's), in text order, read on
 * the first question (most sentences are never asked): the date mentions that start in sentence
 * s are a->dates[beg[s] .. end[s]); of them the eligible, elig[beg[s] .. beg[s] + nelig[s]).
 * Each lookup is then a binary search. */
#define SDATES_UNREAD UINT32_MAX
typedef struct sdates {
    sr_annot *a;
    const sr_tokix *ix;
    int32_t *elig;
    uint32_t *beg, *end;
    uint32_t *nelig; /* SDATES_UNREAD before the sentence is read */
} sdates;

static sitrep_status sdates_build(sr_annot *a, const sr_tokix *ix, sdates *sd)
{
    size_t ns = a->sents.len;
    sd->a = a;
    sd->ix = ix;
    sd->elig = sr_arena_alloc_raw(&a->arena, (a->dates.len + 1) * sizeof(int32_t));
    sd->beg = sr_arena_alloc_raw(&a->arena, (ns + 1) * sizeof(uint32_t));
    sd->end = sr_arena_alloc_raw(&a->arena, (ns + 1) * sizeof(uint32_t));
    sd->nelig = sr_arena_alloc_raw(&a->arena, (ns + 1) * sizeof(uint32_t));
    if (!sd->elig || !sd->beg || !sd->end || !sd->nelig)
        return SITREP_ENOMEM;
    size_t d = 0;
    for (size_t s = 0; s < ns; s++) {
        const sr_sentence *se = &a->sents.items[s];
        /* the date mentions that start in the sentence (a->dates is in text order) */
        while (d < a->dates.len && a->dates.items[d].tok_start < se->tok_start)
            d++;
        sd->beg[s] = (uint32_t)d;
        while (d < a->dates.len && a->dates.items[d].tok_start < se->tok_end)
            d++;
        sd->end[s] = (uint32_t)d;
        sd->nelig[s] = sd->beg[s] == d ? 0 : SDATES_UNREAD;
    }
    return SITREP_OK;
}

/* Reads the eligible dates of sentence s when not read yet. */
static void sdates_read(sdates *sd, size_t s)
{
    if (sd->nelig[s] != SDATES_UNREAD)
        return;
    sr_annot *a = sd->a;
    const sr_sentence *se = &a->sents.items[s];
    uint32_t n = 0;
    for (uint32_t d = sd->beg[s]; d < sd->end[s]; d++) {
        a->work++;
        const sr_mention *m = &a->dates.items[d];
        if ((se->flags & SR_SF_BOILER) || sr_tokix_date(sd->ix, m->tok_start) != (int32_t)d ||
            statement_date(a, sd->ix, se, m))
            continue;
        sd->elig[sd->beg[s] + n++] = (int32_t)d;
    }
    sd->nelig[s] = n;
}

/* The date of sentence s nearest to token near (UINT32_MAX: the first), or -1. */
static int32_t sentence_date(sdates *sd, size_t s, uint32_t near)
{
    sdates_read(sd, s);
    const sr_annot *a = sd->a;
    uint32_t lo = sd->beg[s], hi = lo + sd->nelig[s];
    if (lo == hi)
        return -1;
    if (near == UINT32_MAX)
        return sd->elig[lo];
    /* the first date at or after near, and the one before it; the earlier of equals */
    uint32_t b = lo, e = hi;
    while (b < e) {
        uint32_t mid = b + (e - b) / 2;
        if (a->dates.items[sd->elig[mid]].tok_start < near)
            b = mid + 1;
        else
            e = mid;
    }
    if (b == hi)
        return sd->elig[hi - 1];
    if (b == lo)
        return sd->elig[lo];
    uint32_t after = a->dates.items[sd->elig[b]].tok_start - near;
    uint32_t before = near - a->dates.items[sd->elig[b - 1]].tok_start;
    return before <= after ? sd->elig[b - 1] : sd->elig[b];
}

/* Is gazetteer place inner inside outer: a country holds its places, a division its towns, a
 * city its neighbourhoods (sr_gaz_contains)? */
static bool place_contains(const sr_gazetteer *g, uint32_t outer, uint32_t inner)
{
    sr_gaz_place o, i;
    if (outer == inner || sr_gaz_contains(g, outer, inner))
        return true;
    if (!sr_gaz_place_get(g, outer, &o) || !sr_gaz_place_get(g, inner, &i))
        return false;
    if (o.kind == SR_GAZ_ADMIN1 || o.kind == SR_GAZ_ADMIN2)
        return o.admin1_code && i.admin1_code && *o.admin1_code && !strcmp(o.admin1_code, i.admin1_code) &&
               i.kind != SR_GAZ_ADMIN1;
    if (o.kind == SR_GAZ_POINT && i.kind == SR_GAZ_POINT && o.has_coords && i.has_coords && o.admin1_code &&
        i.admin1_code && *o.admin1_code && !strcmp(o.admin1_code, i.admin1_code)) {
        /* two neighbourhoods of one city (points of one division within 15 km): one place */
        double dlat = (o.lat - i.lat) * 111.0, dlon = (o.lon - i.lon) * 111.0 * 0.8;
        return dlat * dlat + dlon * dlon <= 15.0 * 15.0;
    }
    return false;
}

/* The kind of harm a count's sentence tells: 1 from the air or by artillery, 2 a bomb on the
 * ground, 3 gas, 4 gunfire, 5 execution; 0 when it tells none. Taken from the count's own
 * outcome word ("executed") or the first strong cause word of its sentence. Two counts of
 * different kinds are different events ("a suicide bomber killed four; troops had executed
 * 48 people earlier this week"). */
static uint8_t cause_class(uint8_t cat)
{
    switch (cat) {
    case SITREP_CAUSE_AIRSTRIKE:
    case SITREP_CAUSE_SHELLING: return 1;
    case SITREP_CAUSE_EXPLOSION: return 2;
    case SITREP_CAUSE_CHEMICAL: return 3;
    case SITREP_CAUSE_SHOOTING: return 4;
    case SITREP_CAUSE_EXECUTION: return 5;
    default: return 0;
    }
}

/* Do the cause mention ce (cause code c) and the outcome word oe (its cause code oc, not 0) tell
 * the same cause= value? The codes decide unless one names no category. */
static bool same_cause(const sr_lex_entry *ce, uint8_t c, const sr_lex_entry *oe, uint8_t oc)
{
    if (c != SR_CAUSE_OTHER && oc != SR_CAUSE_OTHER)
        return c == oc;
    const char *v = sr_lex_attr(ce, "cause");
    return !strcmp(v ? v : "", sr_lex_attr(oe, "cause"));
}

/* Is the cause mention ce at token t only a modifier of a thing ("machine gun-equipped
 * vehicles", "rocket-mounted trucks"): no harm's cause? */
static bool cause_modifier(const sr_annot *a, uint32_t t, const sr_lex_entry *ce)
{
    uint32_t e = t + ce->ntok;
    if (e >= a->toks.len || !(a->toks.items[e].flags & SR_TF_HYPHEN) || a->toks.items[e].sent != a->toks.items[t].sent)
        return false;
    const char *w = sr_tok_norm(a, e);
    return sr_word_eq(w, "equipped") || sr_word_eq(w, "mounted") || sr_word_eq(w, "armed") || sr_word_eq(w, "proof") ||
           sr_word_eq(w, "resistant");
}

static uint8_t sentence_cause(const sr_annot *a, const sr_tokix *ix, size_t s)
{
    const uint32_t *t, *end;
    for (sr_sent_starts(ix, SR_ST_CAUSES, s, &t, &end); t < end; t++) {
        sr_lex_codes c = sr_lex_codes_of(sr_tokix_entry(a, ix, *t, SR_LEX_CAUSES));
        if (!(c.flags & SR_LC_WEAK))
            return cause_class(c.cause);
    }
    return 0;
}

/* The cause class of sentence s (sentence_cause), read on the first question: scause[s] is
 * SCAUSE_UNREAD before. */
#define SCAUSE_UNREAD 0xff
static uint8_t scause_at(sr_annot *a, const sr_tokix *ix, uint8_t *scause, size_t s)
{
    if (scause[s] == SCAUSE_UNREAD) {
        scause[s] = (a->sents.items[s].flags & SR_SF_BOILER) ? 0 : sentence_cause(a, ix, s);
        a->work += a->sents.items[s].tok_end - a->sents.items[s].tok_start;
    }
    return scause[s];
}

static uint8_t count_cause(sr_annot *a, const sr_tokix *ix, const sr_cm *m, uint8_t *scause)
{
    uint8_t oc = m->outcome_e ? sr_lex_codes_of(m->outcome_e).cause : 0;
    if (oc)
        return cause_class(oc);
    return scause_at(a, ix, scause, m->sent);
}

static bool places_compatible(const sr_gazetteer *g, const sr_annot *a, int32_t p, int32_t q)
{
    if (p < 0 || q < 0)
        return true;
    uint32_t x = a->places.items[p].u.place.place, y = a->places.items[q].u.place.place;
    if (x == y)
        return true;
    return place_contains(g, x, y) || place_contains(g, y, x);
}

static bool dates_compatible(const sr_annot *a, int32_t p, int32_t q)
{
    if (p < 0 || q < 0)
        return true;
    const sr_date_ref *x = &a->dates.items[p].u.date, *y = &a->dates.items[q].u.date;
    if (!x->resolved || !y->resolved)
        return true;
    return x->from <= y->to && y->from <= x->to;
}

/* Do two places of one event, as a headline and its lead tell them, agree: one holds the
 * other, or both lie in one first-level division ("kill dozens in village near Maiduguri",
 * then "attacked the village of Dalori, a few kilometres from Maiduguri")? A headline names
 * the better-known place near the event. */
static bool headline_places_agree(const sr_gazetteer *g, const sr_annot *a, int32_t p, int32_t q)
{
    if (places_compatible(g, a, p, q))
        return true;
    sr_gaz_place x, y;
    if (!sr_gaz_place_get(g, a->places.items[p].u.place.place, &x) ||
        !sr_gaz_place_get(g, a->places.items[q].u.place.place, &y))
        return false;
    return x.kind != SR_GAZ_COUNTRY && y.kind != SR_GAZ_COUNTRY && !strcmp(x.country, y.country) &&
           x.admin1_code && y.admin1_code && *x.admin1_code && !strcmp(x.admin1_code, y.admin1_code);
}

/* Does count m, the first figure of the article's lead, tell again the event that the headline's
 * incident h opened with count hm: the same outcome, the headline's figure vague or at most the
 * lead's (the lead is the precise telling: "Dozens killed in ..." then "At least 70 people were
 * killed"), and no place, date or means of harm that disagrees? */
static bool restates_headline(const sr_gazetteer *g, const sr_annot *a, const inc *h, const sr_cm *hm,
                              const sr_cm *m, int32_t mplace, int32_t mdate, uint8_t mcause)
{
    if (hm->outcome != m->outcome || (m->flags & (SR_CM_SUBSET | SR_CM_WAR | SR_CM_PERIOD)))
        return false;
    if (hm->qual != SITREP_QUAL_VAGUE && sr_cm_value(hm) > sr_cm_value(m))
        return false;
    if (h->place >= 0 && mplace >= 0 && !headline_places_agree(g, a, h->place, mplace))
        return false;
    return dates_compatible(a, h->date, mdate) && (!mcause || !h->cause || mcause == h->cause);
}

/* Does sentence s tell harm without a figure: an outcome word of killing or wounding? */
static bool tells_harm(const sr_annot *a, const sr_tokix *ix, size_t s)
{
    const uint32_t *i, *end;
    for (sr_sent_starts(ix, SR_ST_OUTCOMES, s, &i, &end); i < end; i++) {
        sr_lex_codes c = sr_lex_codes_of(sr_tokix_entry(a, ix, *i, SR_LEX_OUTCOMES));
        if ((c.outcome == SR_OUT_KILLED || c.outcome == SR_OUT_INJURED) && c.pos != SR_POS_NONE && c.pos != SR_POS_TOLL)
            return true;
    }
    return false;
}

static int slot_of(const sr_cm *m)
{
    return (m->outcome % 6) * 6 + (m->group % 6) + ((m->flags & SR_CM_SUBSET) ? 36 : 0);
}

/* "Saydnaya prison", "Saydnaya military prison" written in lower case: the prison, when the
 * gazetteer knows it by that name (rule place.prison); else the place of the mention. */
static uint32_t refine_place(const sr_gazetteer *g, const sr_annot *a, const sr_mention *m, const char **rule)
{
    uint32_t gi = m->u.place.place;
    uint32_t t = m->tok_end;
    if (t >= a->toks.len || a->toks.items[t].sent != a->toks.items[m->tok_start].sent)
        return gi;
    uint32_t last = t;
    if (sr_word_eq(sr_tok_norm(a, t), "military") && t + 1 < a->toks.len && a->toks.items[t + 1].sent == a->toks.items[t].sent)
        last = t + 1;
    const char *w = sr_tok_norm(a, last);
    if (!sr_word_eq(w, "prison") && !sr_word_eq(w, "jail") && !sr_word_eq(w, "camp"))
        return gi;
    char name[160];
    size_t n1 = m->end - m->start, n2 = a->toks.items[last].end - a->toks.items[t].start;
    if (n1 + 1 + n2 >= sizeof name)
        return gi;
    uint32_t out[4];
    for (int with_mil = last > t; with_mil >= 0; with_mil--) {
        size_t k = 0;
        memcpy(name, a->text + m->start, n1);
        k = n1;
        name[k++] = ' ';
        if (with_mil) {
            memcpy(name + k, a->text + a->toks.items[t].start, n2);
            k += n2;
        } else {
            size_t n3 = a->toks.items[last].end - a->toks.items[last].start;
            memcpy(name + k, a->text + a->toks.items[last].start, n3);
            k += n3;
        }
        if (sr_gaz_lookup(g, name, k, out, 4) > 0) {
            *rule = "place.prison";
            return out[0];
        }
    }
    return gi;
}

static sitrep_status fill_place(const sr_gazetteer *g, const sr_annot *a, sitrep_record *rec, int32_t pm,
                                sitrep_place *out, const char *rule)
{
    memset(out, 0, sizeof *out);
    if (pm < 0)
        return SITREP_OK;
    const sr_mention *m = &a->places.items[pm];
    sr_gaz_place p;
    uint32_t gi = refine_place(g, a, m, &rule);
    if (!sr_gaz_place_get(g, gi, &p))
        return SITREP_OK;
    out->present = 1;
    out->name = p.name ? sr_arena_strdup(&rec->arena, p.name) : NULL;
    out->admin1 = p.admin1_name ? sr_arena_strdup(&rec->arena, p.admin1_name) : NULL;
    memcpy(out->country, p.country, 3);
    out->country[2] = '\0';
    out->lat = p.lat;
    out->lon = p.lon;
    out->geonames_id = p.geonames_id;
    switch (p.kind) {
    case SR_GAZ_CITY: out->precision = SITREP_PLACE_TOWN; break;
    case SR_GAZ_ADMIN2: out->precision = SITREP_PLACE_DISTRICT; break;
    case SR_GAZ_ADMIN1: out->precision = SITREP_PLACE_ADMIN1; break;
    case SR_GAZ_COUNTRY: out->precision = SITREP_PLACE_COUNTRY; break;
    default: out->precision = SITREP_PLACE_POINT; break;
    }
    out->evidence.start = m->start;
    out->evidence.end = m->end;
    out->evidence.rule = rule;
    if ((p.name && !out->name) || (p.admin1_name && !out->admin1))
        return SITREP_ENOMEM;
    return SITREP_OK;
}

/* Per sentence, read on the first question (most sentences are never asked): does it say "the
 * city" (and the like), and the last town it names. */
enum { ANA_TOWN = 1, ANA_ANY = 2, /* "the city/town/village"; also "the prison/camp/district..." */
       ANA_UNREAD = 0x80,        /* the words not read yet (sinfo_anaphor) */
       ANA_PLACES_UNREAD = 0x40 }; /* last_any, last_town not read yet (sinfo_places) */
typedef struct sinfo {
    const sr_gazetteer *g;
    uint8_t *anaphor;   /* ANA_* */
    int32_t *last_any;  /* the last place that is no country or division, -1 */
    int32_t *last_town; /* the last town, -1 */
} sinfo;

static sitrep_status sinfo_build(const sr_gazetteer *g, sr_annot *a, sinfo *si)
{
    size_t ns = a->sents.len;
    si->g = g;
    si->anaphor = sr_arena_alloc_raw(&a->arena, ns + 1);
    si->last_any = sr_arena_alloc_raw(&a->arena, (ns + 1) * sizeof(int32_t));
    si->last_town = sr_arena_alloc_raw(&a->arena, (ns + 1) * sizeof(int32_t));
    if (!si->anaphor || !si->last_any || !si->last_town)
        return SITREP_ENOMEM;
    memset(si->anaphor, ANA_UNREAD | ANA_PLACES_UNREAD, ns + 1);
    return SITREP_OK;
}

/* Reads last_any[s] and last_town[s] when not read yet. */
static void sinfo_places(sr_annot *a, const sr_tokix *ix, sinfo *si, size_t s)
{
    if (!(si->anaphor[s] & ANA_PLACES_UNREAD))
        return;
    int32_t any = -1, town = -1;
    const uint32_t *it, *end;
    for (sr_sent_starts(ix, SR_ST_PLACES, s, &it, &end); it < end; it++) {
        a->work++;
        int32_t pm = sr_tokix_place(ix, *it);
        /* a landmark ("the prison, north of Damascus") is not what "the prison" names */
        bool mark = a->tokix->pmark[pm];
        sr_gaz_kind kd = place_kind(si->g, a, pm);
        if (kd != SR_GAZ_COUNTRY && kd != SR_GAZ_ADMIN1 && kd != SR_GAZ_ADMIN2 && (!mark || any < 0))
            any = pm;
        if (kd == SR_GAZ_CITY && (!mark || town < 0))
            town = pm;
    }
    si->last_any[s] = any;
    si->last_town[s] = town;
    si->anaphor[s] &= (uint8_t)~ANA_PLACES_UNREAD;
}

/* Does sentence s say "the city" (ANA_TOWN | ANA_ANY) or "the prison" (ANA_ANY)? Read on the
 * first question. */
static uint8_t sinfo_anaphor(sr_annot *a, const sr_tokix *ix, sinfo *si, size_t s)
{
    if (!(si->anaphor[s] & ANA_UNREAD))
        return si->anaphor[s] & (ANA_TOWN | ANA_ANY);
    const sr_sentence *se = &a->sents.items[s];
    uint8_t an = 0;
    a->work += se->tok_end - se->tok_start;
    /* "the" told by the hash of its folded form that the segment stage wrote (one load per
     * token), the word itself compared on a match */
    const uint64_t the_hash = sr_lex_hash8('t' | 'h' << 8 | 'e' << 16, 3);
    const uint64_t *th = a->tokhash;
    /* "the" before the sentence's last word */
    const uint32_t last = se->tok_end > se->tok_start ? se->tok_end - 1 : se->tok_start;
    for (uint32_t i = se->tok_start; i < last; i++) {
        if (th) {
            while (i < last && th[i] != the_hash)
                i++;
            if (i == last)
                break;
        }
        if (!sr_word_eq(sr_tok_norm(a, i), "the"))
            continue;
        if (in_list(i + 1, TOWN_NOUNS))
            an |= ANA_TOWN | ANA_ANY; /* "the city", "the town", "the village" */
        else if (in_list(i + 1, SITE_NOUNS))
            an |= ANA_ANY; /* "the prison", "the camp", "the district" */
    }
    si->anaphor[s] = (uint8_t)((si->anaphor[s] & ANA_PLACES_UNREAD) | an);
    return an;
}

/* "the city", "the town", "the village": the last town named in the six sentences before. */
static int32_t anaphor_place(sr_annot *a, const sr_tokix *ix, sinfo *si, size_t s)
{
    /* the place first, the words of the sentence only when there is one */
    for (size_t k = s; k-- > 0 && k + 6 >= s;) {
        if (a->sents.items[k].flags & SR_SF_BOILER)
            continue;
        sinfo_places(a, ix, si, k);
        if (si->last_any[k] >= 0)
            return sinfo_anaphor(a, ix, si, s) & ANA_ANY ? si->last_any[k] : -1;
    }
    return -1;
}

/* The place of each sentence: sentence_place, else (none, or only a country) "the city" after a
 * town (anaphor_place). Read on the first question: most sentences are never asked. */
#define SPLACE_UNREAD INT32_MIN
typedef struct splaces {
    const sr_gazetteer *g;
    sr_annot *a;
    const sr_tokix *ix;
    sinfo *si;
    const char *cc; /* the article's country */
    int32_t *v;     /* per sentence: the place mention, -1, or SPLACE_UNREAD */
} splaces;

static int32_t splace_of(splaces *sp, size_t s)
{
    if (sp->v[s] != SPLACE_UNREAD)
        return sp->v[s];
    sr_annot *a = sp->a;
    int32_t pm = -1;
    a->work += a->sents.items[s].tok_end - a->sents.items[s].tok_start;
    if (!(a->sents.items[s].flags & SR_SF_BOILER)) {
        pm = sentence_place(sp->g, a, sp->ix, s, sp->cc);
        if (pm < 0 || place_kind(sp->g, a, pm) == SR_GAZ_COUNTRY) {
            int32_t q = anaphor_place(a, sp->ix, sp->si, s);
            if (q >= 0)
                pm = q;
        }
    }
    return sp->v[s] = pm;
}

/* The lead's place: of its sentences (the first lead_end), the first that names a place in the
 * article's country, a later one's town replacing a country. Read on the first question
 * (*lead_place is LEAD_UNREAD before): most incidents name their own. */
#define LEAD_UNREAD INT32_MIN
static int32_t lead_place_of(splaces *sp, int32_t *lead_place, uint32_t lead_end)
{
    if (*lead_place != LEAD_UNREAD)
        return *lead_place;
    const sr_gazetteer *g = sp->g;
    const sr_annot *a = sp->a;
    int32_t lp = -1;
    for (size_t s = 0; s < lead_end; s++) {
        int32_t ps = splace_of(sp, s);
        if (lp < 0 || (ps >= 0 && place_kind(g, a, lp) == SR_GAZ_COUNTRY && place_kind(g, a, ps) != SR_GAZ_COUNTRY))
            if (ps >= 0 && in_country(g, a, ps, sp->cc))
                lp = ps;
    }
    return *lead_place = lp;
}

/* The place of an incident whose sentences name none: "the city" after a town, the nearest
 * place before in the paragraph, the lead's place. */
static int32_t place_before(sr_annot *a, const sr_tokix *ix, sinfo *si, splaces *sp, size_t s,
                            int32_t *lead_place, uint32_t lead_end, const char **rule)
{
    const sr_sentence *se = &a->sents.items[s];
    for (size_t k = s; k-- > 0 && k + 6 >= s;) {
        if (a->sents.items[k].flags & SR_SF_BOILER)
            continue;
        sinfo_places(a, ix, si, k);
        if (si->last_town[k] >= 0) {
            if (sinfo_anaphor(a, ix, si, s) & ANA_TOWN) {
                *rule = "place.anaphor";
                return si->last_town[k];
            }
            break;
        }
    }
    for (size_t k = s; k-- > 0 && k + 8 >= s;) {
        const sr_sentence *sk = &a->sents.items[k];
        if (sk->paragraph != se->paragraph)
            break;
        int32_t pk = splace_of(sp, k);
        if (pk >= 0) {
            *rule = "place.before";
            return pk;
        }
    }
    *rule = "place.lead";
    return lead_place_of(sp, lead_place, lead_end);
}

/* The place named in the clause of count m: the first place after its words, after a place cue
 * ("in Nigeria"), with no clause punctuation between (a dateline, a government or a qualifier
 * never); -1 when its clause names none. */
static int32_t clause_place(const sr_gazetteer *g, const sr_annot *a, const sr_tokix *ix, const sr_cm *m)
{
    const sr_sentence *se = &a->sents.items[m->sent];
    for (uint32_t t = m->tok_end, n = 0; t < se->tok_end && n < 12; t++, n++) {
        int32_t pm = sr_tokix_place(ix, t);
        if (pm >= 0 && (a->places.items[pm].u.place.flags & SR_PF_CUE) &&
            !(a->places.items[pm].u.place.flags & (SR_PF_DATELINE | SR_PF_ACTOR)) && !qualifier_place(g, a, pm, true))
            return pm;
        if (sr_tok_in(a, ix, t, SR_WC_CLAUSE_PUNCT))
            break;
    }
    return -1;
}

/* Does sentence s open with a word that turns to another event: "Meanwhile", "Elsewhere",
 * "Separately", "In another attack", "In a separate incident"? */
static bool turns(const sr_annot *a, size_t s)
{
    const sr_sentence *se = &a->sents.items[s];
    uint32_t t = se->tok_start;
    while (t < se->tok_end && a->toks.items[t].kind == SR_TOK_PUNCT)
        t++;
    if (t + 1 >= se->tok_end)
        return false;
    const char *w = sr_tok_norm(a, t);
    switch (w[0]) {
    case 'm': return sr_word_eq(w, "meanwhile");
    case 'e': return sr_word_eq(w, "elsewhere");
    case 's': return sr_word_eq(w, "separately");
    case 'i': break;
    default: return false;
    }
    if (w[1] != 'n' || w[2])
        return false;
    const char *w2 = sr_tok_norm(a, t + 1);
    return sr_word_eq(w2, "another") ||
           (sr_word_eq(w2, "a") && t + 2 < se->tok_end && sr_word_eq(sr_tok_norm(a, t + 2), "separate"));
}

/* Does sentence s turn to another event (turns)? Read on the first question: turn[s] is
 * TURN_UNREAD before. */
#define TURN_UNREAD 0xff
static bool turn_at(const sr_annot *a, uint8_t *turn, size_t s)
{
    if (turn[s] == TURN_UNREAD)
        turn[s] = turns(a, s);
    return turn[s];
}

/* Doubles the incidents' array (in the arena), up to cap. */
static sitrep_status grow_incs(sr_annot *a, inc **incs, size_t *n, size_t cap)
{
    size_t m = *n * 2 < cap ? *n * 2 : cap;
    inc *b = sr_arena_alloc_raw(&a->arena, m * sizeof(inc)); /* each is cleared when opened */
    if (!b)
        return SITREP_ENOMEM;
    memcpy(b, *incs, *n * sizeof(inc));
    *incs = b;
    *n = m;
    return SITREP_OK;
}

sitrep_status sr_incidents_build(const sr_lexicon *lx, const sr_gazetteer *g, sr_annot *a, sitrep_record *rec)
{
    sitrep_status st;
    a->work = 0;
    a->tokix = sr_arena_alloc_raw(&a->arena, sizeof(sr_tokix));
    if (!a->tokix)
        return SITREP_ENOMEM;
    if ((st = sr_tokix_build(a, a->tokix)) != SITREP_OK) {
        a->tokix = NULL;
        return st;
    }
    if ((st = place_cache(a)) != SITREP_OK)
        return st;
    const sr_tokix ix = *a->tokix;
    sr_cm_list cl;
    if ((st = sr_counts_find(lx, a, &ix, &cl)) != SITREP_OK)
        return st;
    sr_claimants claims;
    if ((st = sr_certainty_find(a, &ix, &claims)) != SITREP_OK)
        return st;
    size_t ns = a->sents.len;
    if (!ns)
        return SITREP_OK;
    sdates sd;
    sinfo si;
    if ((st = sdates_build(a, &ix, &sd)) != SITREP_OK || (st = sinfo_build(g, a, &si)) != SITREP_OK)
        return st;
    /* the victims' words of every count ("29 rebels were killed"): never the perpetrator */
    uint8_t *victim = sr_arena_alloc_raw(&a->arena, a->toks.len + 1);
    int32_t *cnext = sr_arena_alloc_raw(&a->arena, (cl.len + 1) * sizeof(int32_t));
    if (!victim || !cnext)
        return SITREP_ENOMEM;
    memset(victim, 0, a->toks.len + 1);
    for (size_t k = 0; k < cl.len; k++)
        for (uint32_t t = cl.items[k].grp_start; t < cl.items[k].grp_end && t < a->toks.len; t++) {
            a->work++;
            victim[t] = 1;
        }
    /* not cleared: each is written in full below (cnext in the loop over the counts, the others
     * in the first loop over the sentences) */
    int32_t *splace = sr_arena_alloc_raw(&a->arena, ns * sizeof(int32_t));
    int32_t *sinc = sr_arena_alloc_raw(&a->arena, ns * sizeof(int32_t));
    int32_t *cinc = sr_arena_alloc(&a->arena, (cl.len + 1) * sizeof(int32_t));
    uint8_t *scause = sr_arena_alloc_raw(&a->arena, ns + 1);
    /* at most one incident per count plus one per lead sentence */
    size_t icap = cl.len + LEAD_SENTS + 2;
    /* the incidents grow as needed (most documents have a few; each is some 600 bytes) */
    size_t ialloc = icap < 4 ? icap : 4;
    /* not cleared: an incident is cleared when opened, and prev_event set with it */
    inc *incs = sr_arena_alloc_raw(&a->arena, ialloc * sizeof(inc));
    int32_t *prev_event = sr_arena_alloc_raw(&a->arena, icap * sizeof(int32_t));
    if (!splace || !sinc || !cinc || !incs || !scause || !prev_event)
        return SITREP_ENOMEM;
    uint8_t *turn = sr_arena_alloc_raw(&a->arena, ns + 1);
    if (!turn)
        return SITREP_ENOMEM;
    memset(turn, TURN_UNREAD, ns + 1);
    memset(scause, SCAUSE_UNREAD, ns + 1);
    char cc[3];
    sr_article_country(g, lx, a, cc);
    memcpy(a->tokix->cc, cc, 3);
    /* the lead: the first sentences that are not boilerplate */
    uint32_t lead_end = 0;
    int32_t lead_place = LEAD_UNREAD, lead_date = -1;
    {
        int k = 0;
        for (size_t s = 0; s < ns && k < LEAD_SENTS; s++) {
            if (a->sents.items[s].flags & SR_SF_BOILER)
                continue;
            k++;
            lead_end = (uint32_t)s + 1;
        }
    }
    splaces spl = {g, a, &ix, &si, cc, splace};
    for (size_t s = 0; s < ns; s++) {
        sinc[s] = -1;
        splace[s] = SPLACE_UNREAD;
        if (s < lead_end && lead_date < 0 && !(a->sents.items[s].flags & (SR_SF_HEADING | SR_SF_TITLE)))
            lead_date = sentence_date(&sd, s, UINT32_MAX);
    }
    /* the body's lead: the first sentences that are no boilerplate, heading or date line */
    uint32_t body_first = (uint32_t)ns, body_lead_end = 0;
    for (size_t s = 0, k = 0; s < ns && k < LEAD_SENTS; s++) {
        if (a->sents.items[s].flags & (SR_SF_BOILER | SR_SF_HEADING | SR_SF_TITLE | SR_SF_DATELINE))
            continue;
        if (!k++)
            body_first = (uint32_t)s;
        body_lead_end = (uint32_t)s + 1;
    }
    bool body_counted = false; /* a count of the body was met */
    size_t ninc = 0;
    int32_t cur = -1;
    for (size_t k = 0; k < cl.len; k++) {
        sr_cm *m = &cl.items[k];
        uint32_t s = m->sent;
        const int32_t ps = splace_of(&spl, s);
        int32_t target = -1;
        a->work++;
        int32_t mdate = sentence_date(&sd, s, m->out_tok);
        if ((m->flags & SR_CM_SUBSET) && m->parent >= 0 && m->parent < (int32_t)k)
            target = cinc[m->parent];
        else if (m->flags & SR_CM_WAR) {
            if (cur >= 0 && incs[cur].war && incs[cur].last == s)
                target = cur;
        } else if (m->flags & SR_CM_PERIOD) {
            if (cur >= 0 && incs[cur].period && incs[cur].last == s)
                target = cur;
        } else {
            /* the latest event incident that this sentence may continue */
            int32_t c = cur >= 0 ? prev_event[cur] : -1;
            uint8_t mc = count_cause(a, &ix, m, scause);
            /* "the death toll": the toll of the event told last, further on too when its sentence
             * names no place or date of its own */
            uint32_t gap = (m->flags & SR_CM_TOLL) && ps < 0 && mdate < 0 ? 2 * JOIN_GAP : JOIN_GAP;
            if (c >= 0 && s <= incs[c].last + gap && !(incs[c].last < s && turn_at(a, turn, s)) &&
                (((m->flags & SR_CM_ADDITIVE) && s <= incs[c].last + 1) ||
                 (places_compatible(g, a, incs[c].place, ps) && dates_compatible(a, incs[c].date, mdate) &&
                  (!mc || !incs[c].cause || mc == incs[c].cause))))
                target = c;
            /* headline: the lead's first figure tells the headline's event again, however many
             * date lines, bylines and captions stand between them */
            bool first_body = !body_counted && s >= body_first && s < body_lead_end;
            if (target < 0 && first_body && c >= 0 && incs[c].last < body_first &&
                (a->sents.items[incs[c].first].flags & (SR_SF_HEADING | SR_SF_TITLE)) &&
                restates_headline(g, a, &incs[c], &cl.items[incs[c].opener], m, ps, mdate, mc)) {
                target = c;
                /* the lead's figure is the precise one: a vague headline's figure goes */
                if (cl.items[incs[c].opener].qual == SITREP_QUAL_VAGUE)
                    cinc[incs[c].opener] = -1;
                /* the lead's place is the precise one, unless it holds the headline's */
                if (ps >= 0 && (incs[c].place < 0 || !place_contains(g, a->places.items[ps].u.place.place,
                                                                             a->places.items[incs[c].place].u.place.place)))
                    incs[c].place = ps;
            }
        }
        if (s >= body_first)
            body_counted = true;
        if (target < 0) {
            if (ninc >= icap)
                continue;
            if (ninc == ialloc && (st = grow_incs(a, &incs, &ialloc, icap)) != SITREP_OK)
                return st;
            inc *in = &incs[ninc];
            memset(in, 0, sizeof *in);
            memset(in->slot, 0xff, sizeof in->slot);
            in->first = in->last = s;
            in->place = ps;
            in->date = mdate;
            in->war = (m->flags & SR_CM_WAR) != 0;
            in->period = (m->flags & SR_CM_PERIOD) != 0;
            in->opener = (int32_t)k;
            prev_event[ninc] = !in->war && !in->period ? (int32_t)ninc : ninc > 0 ? prev_event[ninc - 1] : -1;
            target = (int32_t)ninc++;
        }
        inc *in = &incs[target];
        cinc[k] = target;
        if (!in->cause && !in->war)
            in->cause = count_cause(a, &ix, m, scause);
        if (s > in->last)
            in->last = s;
        if (in->place < 0)
            in->place = ps;
        if (in->date < 0)
            in->date = sentence_date(&sd, s, UINT32_MAX);
        sinc[s] = target;
        if ((!in->war && !in->period) || target == (int32_t)ninc - 1)
            cur = target;
    }
    /* sentences that tell harm without a figure, and hedges right after an incident */
    int32_t lead_inc = -1;
    for (size_t s = 0; s < ns; s++) {
        if (sinc[s] >= 0 || (a->sents.items[s].flags & SR_SF_BOILER))
            continue;
        bool harm = tells_harm(a, &ix, s);
        a->work += a->sents.items[s].tok_end - a->sents.items[s].tok_start;
        bool hedge = claims.cert[s] >= 0 && claims.cert[s] != SITREP_CERT_CONFIRMED;
        if (!harm && !hedge)
            continue;
        const int32_t ps = splace_of(&spl, s);
        int32_t best = -1;
        bool turned_back = false, turned_fwd = false; /* "Meanwhile" between */
        for (size_t d = 1; d <= 2 && best < 0; d++) {
            turned_back = turned_back || (s + 1 >= d && turn_at(a, turn, s + 1 - d));
            turned_fwd = turned_fwd || (s + d < ns && turn_at(a, turn, s + d));
            if (s >= d && !turned_back && sinc[s - d] >= 0 && !incs[sinc[s - d]].war &&
                places_compatible(g, a, incs[sinc[s - d]].place, ps))
                best = sinc[s - d];
            else if (harm && s + d < ns && !turned_fwd && sinc[s + d] >= 0 && !incs[sinc[s + d]].war &&
                     places_compatible(g, a, incs[sinc[s + d]].place, ps))
                best = sinc[s + d];
        }
        if (best < 0 && harm && lead_inc >= 0 && s < lead_end + 6 && ps >= 0 && incs[lead_inc].place >= 0 &&
            a->places.items[ps].u.place.place == a->places.items[incs[lead_inc].place].u.place.place)
            best = lead_inc; /* the headline's harm told again, of the same place */
        if (best < 0 && harm && s < lead_end && ninc < icap) {
            if (ninc == ialloc && (st = grow_incs(a, &incs, &ialloc, icap)) != SITREP_OK)
                return st;
            inc *in = &incs[ninc];
            memset(in, 0, sizeof *in);
            memset(in->slot, 0xff, sizeof in->slot);
            in->first = in->last = (uint32_t)s;
            in->place = ps;
            in->date = sentence_date(&sd, s, UINT32_MAX);
            best = (int32_t)ninc++;
            if (lead_inc < 0)
                lead_inc = best;
        }
        if (best < 0)
            continue;
        sinc[s] = best;
        inc *in = &incs[best];
        if (s < in->first)
            in->first = (uint32_t)s;
        if (s > in->last)
            in->last = (uint32_t)s;
        if (in->place < 0)
            in->place = ps;
        if (in->date < 0)
            in->date = sentence_date(&sd, s, UINT32_MAX);
    }
    /* counts per incident: one per outcome x group x part, the latest wins */
    for (size_t k = 0; k < cl.len; k++) {
        if (cinc[k] < 0)
            continue;
        inc *in = &incs[cinc[k]];
        sr_cm *m = &cl.items[k];
        int sl = slot_of(m);
        int32_t prev = in->slot[sl];
        bool adds = (m->flags & (SR_CM_ADDITIVE | SR_CM_AND)) != 0;
        if (prev < 0 && adds && m->outcome == SITREP_OUTCOME_KILLED &&
            !(m->flags & SR_CM_SUBSET) && m->group != SITREP_GROUP_COMBATANTS) {
            /* "another four people" after "a rickshaw driver": added to the noncombatants
             * killed just before it in the incident */
            int base_sl = (SITREP_OUTCOME_KILLED % 6) * 6;
            int32_t cand = in->slot[base_sl + SITREP_GROUP_PEOPLE];
            for (int g2 = 0; g2 < 6 && cand < 0; g2++)
                if (g2 != SITREP_GROUP_COMBATANTS && in->slot[base_sl + g2] >= 0)
                    cand = in->slot[base_sl + g2];
            if (cand >= 0 && cl.items[cand].sent + 2 >= m->sent) {
                prev = cand;
                sl = slot_of(&cl.items[cand]);
            }
        }
        if (prev >= 0 && adds) {
            /* added to the figure told last for the same ("15 killed in Manbij while six others
             * were killed nearby": 21), which stands when it is the larger */
            sr_cm *p = &cl.items[prev];
            int64_t last = in->last_val[sl] > 0 ? in->last_val[sl] : sr_cm_value(p);
            int64_t total = last + (sr_cm_value(m) > 0 ? sr_cm_value(m) : 0);
            in->last_val[sl] = total < INT32_MAX ? (int32_t)total : INT32_MAX;
            if (total > sr_cm_value(p)) {
                p->min = total;
                if (p->max >= 0)
                    p->max = total;
                if (p->qual == SITREP_QUAL_RANGE)
                    p->qual = SITREP_QUAL_EXACT;
                p->tok_end = m->tok_end > p->tok_end && m->sent == p->sent ? m->tok_end : p->tok_end;
            }
            cinc[k] = -1;
            continue;
        }
        in->last_val[sl] = sr_cm_value(m) < INT32_MAX ? (int32_t)sr_cm_value(m) : INT32_MAX;
        if (prev >= 0 && cl.items[prev].sent == m->sent && sr_cm_value(&cl.items[prev]) != sr_cm_value(m)) {
            /* two figures for the same in one sentence are two counts ("1,300 left the town
             * on Monday, completing the removal of more than 3,000") */
            in->slot[sl] = (int32_t)k;
            continue;
        }
        if (prev >= 0)
            in->last_val[sl] = sr_cm_value(m) < INT32_MAX ? (int32_t)sr_cm_value(m) : INT32_MAX;
        if (prev >= 0) {
            /* one figure per outcome and group: a toll replaces what came before it, a number
             * replaces a vague figure, else the larger stands (a later, smaller figure is
             * mostly a part told again: "six died at the scene") */
            const sr_cm *p = &cl.items[prev];
            bool replace;
            if (m->qual == SITREP_QUAL_VAGUE && p->qual != SITREP_QUAL_VAGUE)
                replace = false;
            else if (p->qual == SITREP_QUAL_VAGUE && m->qual != SITREP_QUAL_VAGUE)
                replace = true;
            else if ((m->flags & SR_CM_TOLL) && !(p->flags & SR_CM_HEADING) && sr_cm_value(m) >= sr_cm_value(p))
                replace = true;
            else if ((p->flags & SR_CM_TOLL) && !(m->flags & SR_CM_TOLL))
                replace = false;
            else if (sr_cm_value(m) == sr_cm_value(p))
                replace = (p->flags & SR_CM_HEADING) && !(m->flags & SR_CM_HEADING); /* the text's telling */
            else
                replace = sr_cm_value(m) > sr_cm_value(p);
            if (!replace) {
                cinc[k] = -1;
                continue;
            }
            cinc[prev] = -1;
        }
        in->slot[sl] = (int32_t)k;
    }
    for (size_t k = 0; k < cl.len; k++)
        if (cinc[k] >= 0)
            incs[cinc[k]].ncms++;
    for (size_t s = 0; s < ns; s++)
        if (sinc[s] >= 0)
            incs[sinc[s]].nsent++;

    /* the record's incidents */
    if ((st = sr_vec_reserve(&rec->incidents, ninc)) != SITREP_OK)
        return st;
    sitrep_count **cfill = sr_arena_alloc_raw(&a->arena, (ninc + 1) * sizeof(*cfill));
    sitrep_span **sfill = sr_arena_alloc_raw(&a->arena, (ninc + 1) * sizeof(*sfill));
    if (!cfill || !sfill)
        return SITREP_ENOMEM;
    size_t base = rec->incidents.len;
    bool warned = false;
    for (size_t i = 0; i < ninc; i++) {
        inc *in = &incs[i];
        sitrep_incident out;
        memset(&out, 0, sizeof out);
        sitrep_count *cs = sr_arena_alloc(&rec->arena, (in->ncms + 1) * sizeof(sitrep_count));
        sitrep_span *ss = sr_arena_alloc(&rec->arena, (in->nsent + 1) * sizeof(sitrep_span));
        if (!cs || !ss)
            return SITREP_ENOMEM;
        out.counts = cs;
        out.sentences = ss;
        cfill[i] = cs;
        sfill[i] = ss;
        out.scope = in->war ? SITREP_SCOPE_WAR : SITREP_SCOPE_EVENT;
        out.certainty = SITREP_CERT_REPORTED;
        rec->incidents.items[base + i] = out;
    }
    rec->incidents.len = base + ninc;
    for (size_t k = 0; k < cl.len; k++) {
        if (cinc[k] < 0)
            continue;
        const sr_cm *m = &cl.items[k];
        sitrep_incident *out = &rec->incidents.items[base + cinc[k]];
        sitrep_count *c = cfill[cinc[k]]++;
        c->outcome = (sitrep_outcome)m->outcome;
        c->group = (sitrep_group)m->group;
        c->min = m->min;
        c->max = m->max;
        c->qualifier = (sitrep_qualifier)m->qual;
        c->evidence.start = a->toks.items[m->tok_start].start;
        c->evidence.end = a->toks.items[m->tok_end - 1].end;
        c->evidence.rule = m->rule;
        out->ncounts++;
    }
    for (size_t s = 0; s < ns; s++) {
        if (sinc[s] < 0)
            continue;
        sitrep_incident *out = &rec->incidents.items[base + sinc[s]];
        sitrep_span *sp = sfill[sinc[s]]++;
        sp->start = a->sents.items[s].start;
        sp->end = a->sents.items[s].end;
        out->nsentences++;
    }
    /* the claimants of the incidents' sentences and of the sentence before and after each */
    uint8_t *asked = sr_arena_alloc(&a->arena, ns + 1);
    if (!asked)
        return SITREP_ENOMEM;
    for (size_t i = 0; i < ninc; i++) {
        for (uint32_t s = incs[i].first; s <= incs[i].last; s++)
            asked[s] |= sinc[s] == (int32_t)i;
        if (incs[i].last + 1 < ns)
            asked[incs[i].last + 1] = 1;
        if (incs[i].first > 0)
            asked[incs[i].first - 1] = 1;
    }
    if ((st = sr_claims_find(a, &ix, &rec->arena, asked, &claims)) != SITREP_OK)
        return st;
    /* the first count of each incident; the first claimant of each sentence */
    int32_t *first_cm = sr_arena_alloc_raw(&a->arena, (ninc + 1) * sizeof(int32_t));
    uint32_t *cfirst = sr_arena_alloc_raw(&a->arena, (ns + 2) * sizeof(uint32_t));
    if (!first_cm || !cfirst)
        return SITREP_ENOMEM;
    /* each incident's counts: first_cm[i], then cnext[k] (-1 ends) */
    int32_t *last_cm = sr_arena_alloc_raw(&a->arena, (ninc + 1) * sizeof(int32_t));
    if (!last_cm)
        return SITREP_ENOMEM;
    for (size_t i = 0; i < ninc; i++)
        first_cm[i] = last_cm[i] = -1;
    for (size_t k = 0; k < cl.len; k++) {
        cnext[k] = -1;
        if (cinc[k] < 0)
            continue;
        if (first_cm[cinc[k]] < 0)
            first_cm[cinc[k]] = (int32_t)k;
        else
            cnext[last_cm[cinc[k]]] = (int32_t)k;
        last_cm[cinc[k]] = (int32_t)k;
    }
    {
        size_t k = 0;
        for (size_t s = 0; s <= ns; s++) {
            while (k < claims.len && claims.items[k].sent < s)
                k++;
            cfirst[s] = (uint32_t)k;
        }
    }
    /* place, date, cause, perpetrator, claimant, certainty */
    for (size_t i = 0; i < ninc; i++) {
        inc *in = &incs[i];
        sitrep_incident *out = &rec->incidents.items[base + i];
        /* the first outcome word of the incident: counts first, else a harm sentence's */
        uint32_t near = UINT32_MAX;
        const sr_lex_entry *oe = NULL;
        if (first_cm[i] >= 0) {
            near = cl.items[first_cm[i]].out_tok;
            oe = cl.items[first_cm[i]].outcome_e;
        }
        /* place */
        const char *prule = "place.sentence";
        int32_t pm = in->place;
        if (pm >= 0 && place_kind(g, a, pm) == SR_GAZ_COUNTRY) {
            for (uint32_t s = in->first; s <= in->last; s++) {
                int32_t ps = sinc[s] == (int32_t)i ? splace_of(&spl, s) : -1;
                if (ps >= 0 && place_kind(g, a, ps) != SR_GAZ_COUNTRY) {
                    pm = ps;
                    break;
                }
            }
        }
        if (pm < 0 || (place_kind(g, a, pm) == SR_GAZ_COUNTRY && !in->war)) {
            int32_t q = place_before(a, &ix, &si, &spl, in->first, &lead_place, lead_end, &prule);
            if (q >= 0 && (pm < 0 || place_kind(g, a, q) != SR_GAZ_COUNTRY))
                pm = q;
            else
                prule = "place.sentence";
        }
        if (in->war && first_cm[i] >= 0) {
            /* a war-wide total is of the place its own clause names ("have killed thousands in
             * Nigeria since 2009, ... around Maiduguri"), else of a country, never of a town the
             * sentence names for something else */
            int32_t q = clause_place(g, a, &ix, &cl.items[first_cm[i]]);
            if (q >= 0)
                pm = q, prule = "place.clause";
            else if (pm >= 0 && place_kind(g, a, pm) != SR_GAZ_COUNTRY)
                pm = -1;
        }
        if ((st = fill_place(g, a, rec, pm, &out->place, prule)) != SITREP_OK)
            return st;
        /* date */
        int32_t dm = in->date;
        if (dm < 0 && !in->war) {
            /* the nearest date told in the three sentences before, else the lead's */
            for (size_t k = in->first, n = 0; k-- > 0 && n < 3 && dm < 0;) {
                if (a->sents.items[k].flags & (SR_SF_BOILER | SR_SF_HEADING | SR_SF_TITLE))
                    continue;
                n++;
                dm = sentence_date(&sd, k, UINT32_MAX);
            }
            if (dm < 0)
                dm = lead_date;
        }
        if (dm >= 0) {
            const sr_mention *m = &a->dates.items[dm];
            const sr_date_ref *d = &m->u.date;
            if (d->resolved) {
                out->date.present = 1;
                sr_format_days(out->date.from, d->from);
                if (d->to == d->from)
                    memcpy(out->date.to, out->date.from, sizeof out->date.to);
                else
                    sr_format_days(out->date.to, d->to);
                out->date.precision = (sitrep_precision)d->precision;
                out->date.evidence.start = m->start;
                out->date.evidence.end = m->end;
                out->date.evidence.rule = d->rule ? d->rule : (in->date >= 0 ? "date.sentence" : "date.lead");
            } else if (!warned) {
                if ((st = sr_record_warn(rec, "relative date with no publication date")) != SITREP_OK)
                    return st;
                warned = true;
            }
        }
        /* cause: the outcome word's own, else the nearest cause word, strong before weak */
        const uint8_t oc = oe ? sr_lex_codes_of(oe).cause : 0;
        int best_rank = -1;
        uint32_t best_dist = UINT32_MAX;
        for (uint32_t s = in->first; s <= in->last; s++) {
            if (sinc[s] != (int32_t)i)
                continue;
            const uint32_t *ct, *cend;
            for (sr_sent_starts(&ix, SR_ST_CAUSES, s, &ct, &cend); ct < cend; ct++) {
                a->work++;
                uint32_t t = *ct;
                const sr_lex_entry *ce = sr_tokix_entry(a, &ix, t, SR_LEX_CAUSES);
                if (cause_modifier(a, t, ce))
                    continue;
                const sr_lex_codes cd = sr_lex_codes_of(ce);
                int rank = (cd.flags & SR_LC_WEAK) ? 0 : 1;
                uint32_t dist = near == UINT32_MAX ? t : (t > near ? t - near : near - t);
                if (oc && same_cause(ce, cd.cause, oe, oc))
                    rank = 2;
                if (rank > best_rank || (rank == best_rank && dist < best_dist)) {
                    best_rank = rank;
                    best_dist = dist;
                    out->cause.present = 0;
                    if (cd.cause && cd.cause != SR_CAUSE_OTHER) {
                        out->cause.present = 1;
                        out->cause.category = (sitrep_cause_category)cd.cause;
                        out->cause.evidence.start = a->toks.items[t].start;
                        out->cause.evidence.end = a->toks.items[t + ce->ntok - 1].end;
                        out->cause.evidence.rule = sr_lex_rule(ce);
                    }
                }
            }
        }
        if (oc && oc != SR_CAUSE_OTHER && best_rank < 2) {
            out->cause.present = 1;
            out->cause.category = (sitrep_cause_category)oc;
            out->cause.evidence.start = a->toks.items[near].start;
            out->cause.evidence.end = a->toks.items[near + oe->ntok - 1].end;
            out->cause.evidence.rule = sr_lex_rule(oe);
        }
        /* no cause word: the cause of an earlier incident of the same place (a town or a
         * point within 15 km of it) */
        if (!out->cause.present && out->place.present && out->place.precision != SITREP_PLACE_COUNTRY &&
            out->place.precision != SITREP_PLACE_ADMIN1) {
            for (size_t j = i; j-- > 0 && j + 8 > i;) {
                const sitrep_incident *o2 = &rec->incidents.items[base + j];
                if (!o2->cause.present || !o2->place.present || incs[j].war ||
                    o2->place.precision == SITREP_PLACE_COUNTRY || o2->place.precision == SITREP_PLACE_ADMIN1)
                    continue;
                double dlat = (o2->place.lat - out->place.lat) * 111.0;
                double dlon = (o2->place.lon - out->place.lon) * 111.0 * 0.8;
                if (dlat * dlat + dlon * dlon > 15.0 * 15.0)
                    continue;
                out->cause = o2->cause;
                out->cause.evidence.rule = "cause.same_place";
                break;
            }
        }
        /* perpetrator; not of the victims' side (actors named in the victims' words of a
         * count of combatants: "18 IS jihadists were killed") */
        unsigned victims = 0;
        bool civilians_too = false; /* noncombatants killed too: the fighters' side may have done it */
        for (int32_t k = first_cm[i]; k >= 0; k = cnext[k]) {
            const sr_cm *m = &cl.items[k];
            a->work++;
            if (m->outcome == SITREP_OUTCOME_KILLED && m->group != SITREP_GROUP_COMBATANTS &&
                m->group != SITREP_GROUP_PEOPLE)
                civilians_too = true;
            if (m->group != SITREP_GROUP_COMBATANTS)
                continue;
            uint32_t from = m->grp_start >= 3 ? m->grp_start - 3 : 0;
            for (uint32_t t = from; t < m->grp_end && t < a->toks.len; t++) {
                a->work++;
                victims |= sr_actor_class_bit(sr_tokix_entry(a, &ix, t, SR_LEX_ACTORS));
            }
        }
        if (civilians_too)
            victims = 0;
        sr_perp best = {0};
        bool have = false;
        for (uint32_t s = in->first; s <= in->last; s++) {
            if (sinc[s] != (int32_t)i)
                continue;
            sr_perp p;
            uint32_t nr = near != UINT32_MAX && a->toks.items[near].sent == s ? near : UINT32_MAX;
            if (nr == UINT32_MAX) {
                /* the sentence's own outcome word */
                const uint32_t *ot, *oend;
                sr_sent_starts(&ix, SR_ST_OUTCOMES, s, &ot, &oend);
                if (ot < oend)
                    nr = *ot;
            }
            if (sr_perp_in_sentence(a, &ix, s, victim, nr, victims, &p) && (!have || p.score > best.score)) {
                best = p;
                have = true;
            }
        }
        if (have) {
            out->perpetrator.present = 1;
            out->perpetrator.name = sr_arena_strndup(&rec->arena, a->text + a->toks.items[best.tok_start].start,
                                                     a->toks.items[best.tok_end - 1].end -
                                                         a->toks.items[best.tok_start].start);
            const char *canon = sr_lex_attr(best.e, "canonical");
            char *cn = sr_arena_strdup(&rec->arena, canon ? canon : best.e->phrase);
            if (!cn || !out->perpetrator.name)
                return SITREP_ENOMEM;
            for (char *p = cn; *p; p++)
                if (*p == '_')
                    *p = ' ';
            out->perpetrator.actor = cn;
            out->perpetrator.evidence.start = a->toks.items[best.tok_start].start;
            out->perpetrator.evidence.end = a->toks.items[best.tok_end - 1].end;
            out->perpetrator.evidence.rule = best.rule;
        }
        /* claimant: in the incident's sentences nearest the outcome word; else the sentence
         * after, else the one before */
        const sr_claimant *cb = NULL;
        uint32_t cdist = UINT32_MAX;
        for (uint32_t s = in->first; s <= in->last; s++) {
            a->work++;
            if (sinc[s] != (int32_t)i)
                continue;
          for (size_t k = cfirst[s]; k < cfirst[s + 1]; k++) {
            a->work++;
            const sr_claimant *c = &claims.items[k];
            uint32_t d = near == UINT32_MAX ? 0 : (c->tok > near ? c->tok - near : near - c->tok);
            if (d < cdist) {
                cdist = d;
                cb = c;
            }
          }
        }
        /* a neighbour's claimant tells of the same event: not of a war-wide total */
        if (!cb && !in->war && in->last + 1 < ns && sinc[in->last + 1] < 0 && cfirst[in->last + 1] < cfirst[in->last + 2])
            cb = &claims.items[cfirst[in->last + 1]];
        if (!cb && !in->war && in->first > 0 && sinc[in->first - 1] < 0 && cfirst[in->first - 1] < cfirst[in->first])
            cb = &claims.items[cfirst[in->first] - 1];
        if (cb) {
            out->claimed_by.present = 1;
            out->claimed_by.name = cb->name;
            out->claimed_by.evidence.start = cb->start;
            out->claimed_by.evidence.end = cb->end;
            out->claimed_by.evidence.rule = cb->rule;
        }
        /* certainty: the strongest hedge of its sentences */
        int rank = 0;
        for (uint32_t s = in->first; s <= in->last; s++) {
            if (sinc[s] != (int32_t)i || claims.cert[s] < 0)
                continue;
            int c = claims.cert[s];
            int r = c == SITREP_CERT_DENIED ? 4 : c == SITREP_CERT_DISPUTED ? 3 : c == SITREP_CERT_UNVERIFIED ? 2 : 1;
            if (r > rank) {
                rank = r;
                out->certainty = (sitrep_certainty)c;
            }
        }
    }
    return SITREP_OK;
}
