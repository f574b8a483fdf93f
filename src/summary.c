/* summary.c - the FA-KES / VDC view of the article's main incident.
 *
 * Rules:
 *  main      the main incident is the first event incident (not a war-wide total) told in the
 *            title or the lead (the first three sentences); else the event incident with the
 *            most killed; else the first event incident.
 *  location  the main incident's place mapped to the vocabulary: in Syria its governorate by
 *            data/governorates.txt (Damascus countryside counts as damascus), elsewhere its
 *            first-level division's name in lower case; when the place is only a country or
 *            missing, the first place of the title and lead that maps, else the governorate the
 *            article names most often.
 *  actor     the main incident's perpetrator's FA-KES class (data/actors.txt fakes=); when it
 *            has none, the perpetrator that the title and lead make the agent (actors.c score
 *            6 or more), else "unknown".
 *  cause     the main incident's cause: airstrike, shelling -> "shelling"; explosion;
 *            chemical -> "chemical and toxic gases"; shooting; execution; torture, siege ->
 *            "unknown". When it has none: the cause of the next event incident in the same
 *            governorate, else the first cause word of the title and lead, else the cause of
 *            the first event incident that has one, else "unknown".
 *  numbers   killed counts of the main incident: nb_civilians = civilians, children, women,
 *            men, and people unless the text splits them into civilians and combatants (then
 *            the civilian part); nb_noncivilians = combatants; nb_children, nb_women = those
 *            groups (also inside nb_civilians).
 *  date      the main incident's date (from).
 *
 * Evidence: location, actor and cause each carry the words that gave the value and the rule
 * that chose them (sitrep_summary.evidence); "" and "unknown" carry none.
 *  summary.main_incident      the main incident's own place, perpetrator or cause (its words).
 *  location:
 *   summary.incident_sentence another place named in the main incident's sentences.
 *   summary.same_event        the place of the nearest event incident of the same day and means.
 *   summary.lead              the first place of the title and lead that maps.
 *   summary.most_named        the governorate the article names most often (its first mention).
 *  actor:
 *   summary.lead_agent        the perpetrator the title and lead make the agent.
 *   summary.alternatives      context: "Syrian regime or Russian warplanes" (both words).
 *   summary.weapon            context: a weapon only one side uses ("barrel bombs").
 *   summary.air_on_rebels     context: an air or gas attack on ground the opposition holds
 *                             ("rebel-held").
 *  cause:
 *   summary.next_incident     the cause of the next event incident in the same governorate.
 *   summary.lead_word         the first cause word of the title and lead.
 *   summary.first_incident    the cause of the first event incident that has one. */
#include "summary.h"

#include "actors.h"
#include "counts.h"
#include "incidents.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define LEAD_SENTS 3

static const char *const FAKES_ACTORS[][2] = {
    {"gov", "syrian government or russian troops"},
    {"isis", "the organization of the islamic state in iraq and the levant - isis"},
    {"opposition", "armed opposition groups"},
    {"coalition", "international coalition forces"},
    {"sdf", "self administration forces"},
    {"nusra", "al-nusra front"},
};

static const char *fakes_actor(const char *cls)
{
    for (size_t i = 0; cls && i < SR_ARRAY_LEN(FAKES_ACTORS); i++)
        if (!strcmp(cls, FAKES_ACTORS[i][0]))
            return FAKES_ACTORS[i][1];
    return NULL;
}

static const char *fakes_cause(sitrep_cause_category c)
{
    switch (c) {
    case SITREP_CAUSE_AIRSTRIKE:
    case SITREP_CAUSE_SHELLING: return "shelling";
    case SITREP_CAUSE_EXPLOSION: return "explosion";
    case SITREP_CAUSE_CHEMICAL: return "chemical and toxic gases";
    case SITREP_CAUSE_SHOOTING: return "shooting";
    case SITREP_CAUSE_EXECUTION: return "execution";
    default: return NULL;
    }
}

/* The FA-KES class of an actor entry; "the army", "the military" name the Syrian army only in an
 * article about Syria. */
static const char *actor_class(const sr_lex_entry *e, const char *cc)
{
    sr_lex_codes c = sr_lex_codes_of(e);
    if (c.role == SR_ROLE_NATIONAL_ARMY && cc && *cc && !sr_word_eq(cc, "SY"))
        return NULL;
    /* the class bits (sr_actor_class_bit) follow the order of FAKES_ACTORS */
    for (size_t i = 0; i < SR_ARRAY_LEN(FAKES_ACTORS); i++)
        if (c.cls == 1u << i)
            return FAKES_ACTORS[i][1];
    return NULL;
}

/* data/governorates.txt: "SY.09 | location=aleppo" */
typedef struct gov_map {
    char code[16];
    char name[32];
} gov_map;

static gov_map gov_table[32];
static size_t gov_n;
static pthread_once_t gov_once = PTHREAD_ONCE_INIT;

static size_t load_governorates(gov_map *m, size_t cap);
static void gov_init(void) { gov_n = load_governorates(gov_table, SR_ARRAY_LEN(gov_table)); }

/* The place mention that starts at byte off, or -1 (a->places is in text order). */
static int32_t place_at_byte(const sr_annot *a, uint32_t off)
{
    size_t lo = 0, hi = a->places.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->places.items[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->places.len && a->places.items[lo].start == off ? (int32_t)lo : -1;
}

/* Is place mention k a word of a keyword list ("Tags Syria Aleppo": counts.h)? */
static bool tagged(const sr_annot *a, const sr_tokix *ix, size_t k)
{
    uint32_t t = a->places.items[k].tok_start;
    return ix->tag && t < ix->ntok && ix->tag[t];
}

/* The first token that starts at or after byte off. */
static size_t token_at_byte(const sr_annot *a, uint32_t off)
{
    size_t lo = 0, hi = a->toks.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->toks.items[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t load_governorates(gov_map *m, size_t cap)
{
    const sr_embedded_file *f = sr_embedded_find("data/governorates.txt");
    if (!f)
        return 0;
    size_t n = 0;
    const char *p = (const char *)f->data, *end = p + f->len;
    while (p < end && n < cap) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        char line[128];
        size_t len = (size_t)(le - p) < sizeof line - 1 ? (size_t)(le - p) : sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : end;
        char code[16], name[32];
        if (line[0] == '#' || sscanf(line, "%15s | location=%31s", code, name) != 2)
            continue;
        for (char *q = name; *q; q++)
            if (*q == '_')
                *q = ' ';
        strcpy(m[n].code, code);
        strcpy(m[n].name, name);
        n++;
    }
    return n;
}

/* The vocabulary's location for gazetteer place i, or NULL (countries, no admin1). */
static const char *place_location(const sr_gazetteer *g, uint32_t i, const gov_map *gm, size_t ngm,
                                  const char *cc, sitrep_record *rec)
{
    sr_gaz_place p;
    if (!sr_gaz_place_get(g, i, &p) || p.kind == SR_GAZ_COUNTRY)
        return NULL;
    if (cc && *cc && !sr_streq(p.country, cc))
        return NULL; /* outside the article's country */
    if (p.admin1_code && *p.admin1_code) {
        for (size_t k = 0; k < ngm; k++)
            if (sr_streq(gm[k].code, p.admin1_code))
                return sr_arena_strdup(&rec->arena, gm[k].name);
    }
    if (sr_word_eq(p.country, "SY"))
        return NULL;
    const char *n = p.admin1_name;
    if (!n || !*n)
        return NULL;
    char *s = sr_arena_strdup(&rec->arena, n);
    for (char *q = s; q && *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q + 32);
    return s;
}


/* The evidence of a summary value: the bytes of tokens [t0, t1) of a, or of an incident's value. */
static sitrep_evidence tok_evidence(const sr_annot *a, size_t t0, size_t t1, const char *rule)
{
    return (sitrep_evidence){a->toks.items[t0].start, a->toks.items[t1 - 1].end, rule};
}

static sitrep_evidence value_evidence(const sitrep_evidence *e, const char *rule)
{
    return (sitrep_evidence){e->start, e->end, rule};
}

/* Adds the killed counts of incident in to the summary numbers. */
static void numbers(const sitrep_incident *in, sitrep_summary *s)
{
    /* per group: the sum of its parts (subsets) and the largest of its figures (two figures
     * for one group in one incident are two tellings); a rounded or vague figure ("almost a
     * dozen", "dozens") only when no figure of the group is precise ("at least 11") */
    int64_t whole[6] = {0}, part[6] = {0};
    bool has_part[6] = {0}, precise[6] = {0};
    for (size_t k = 0; k < in->ncounts; k++) {
        const sitrep_count *c = &in->counts[k];
        if (c->outcome != SITREP_OUTCOME_KILLED || (unsigned)c->group >= 6)
            continue;
        int64_t v = c->min >= 0 ? c->min : c->max;
        if (v < 0)
            continue;
        bool subset = c->evidence.rule && (sr_word_eq(c->evidence.rule, "count.subset") ||
                                           sr_word_eq(c->evidence.rule, "count.among"));
        if (subset) {
            part[c->group] += v;
            has_part[c->group] = true;
        } else {
            bool exact = c->qualifier != SITREP_QUAL_ABOUT && c->qualifier != SITREP_QUAL_VAGUE;
            if ((exact && !precise[c->group]) || (exact == precise[c->group] && v > whole[c->group]))
                whole[c->group] = v;
            precise[c->group] |= exact;
        }
    }
    int64_t people = whole[SITREP_GROUP_PEOPLE], comb = whole[SITREP_GROUP_COMBATANTS];
    /* children, women and men told beside a count of civilians are mostly part of it */
    int64_t named = whole[SITREP_GROUP_CHILDREN] + whole[SITREP_GROUP_WOMEN] + whole[SITREP_GROUP_MEN];
    int64_t civ = whole[SITREP_GROUP_CIVILIANS] > named ? whole[SITREP_GROUP_CIVILIANS] : named;
    bool split = has_part[SITREP_GROUP_CIVILIANS] || has_part[SITREP_GROUP_COMBATANTS];
    if (split) {
        /* the text splits a total: its civilian part, or the total less its combatants */
        civ += part[SITREP_GROUP_CIVILIANS];
        comb += part[SITREP_GROUP_COMBATANTS];
        if (civ == 0 && people > comb)
            civ = people - comb;
    } else if (comb > 0) {
        if (civ == 0 && people > comb)
            civ = people - comb;
    } else if (people > civ) {
        civ = people;
    }
    s->nb_civilians = civ;
    s->nb_noncivilians = comb;
    s->nb_children = whole[SITREP_GROUP_CHILDREN] + part[SITREP_GROUP_CHILDREN];
    s->nb_women = whole[SITREP_GROUP_WOMEN] + part[SITREP_GROUP_WOMEN];
}

static int64_t killed_total(const sitrep_incident *in)
{
    int64_t t = 0;
    for (size_t k = 0; k < in->ncounts; k++)
        if (in->counts[k].outcome == SITREP_OUTCOME_KILLED)
            t += in->counts[k].min >= 0 ? in->counts[k].min : in->counts[k].max;
    return t;
}

/* Is the incident an event recalled from long before the report (its own sentences date it to
 * more than half a year before the publication date: "the sarin attack in Eastern Ghouta in
 * 2013"), not the news the report brings? */
static bool background(const sitrep_incident *in, int64_t published)
{
    if (!in->date.present || published == INT64_MIN)
        return false;
    bool own = false; /* told in its own sentences, not taken from the sentences before */
    for (size_t k = 0; k < in->nsentences && !own; k++)
        own = in->date.evidence.start >= in->sentences[k].start && in->date.evidence.start < in->sentences[k].end;
    if (!own)
        return false;
    /* date.to as sr_format_date writes it, "YYYY-MM-DD", read by hand, not sscanf: this runs for
     * every dated incident */
    const char *t = in->date.to;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? t[i] != '-' : !sr_isdigit((unsigned char)t[i]))
            return false;
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0'), d = (t[8] - '0') * 10 + (t[9] - '0');
    return sr_days_from_civil(y, m, d) + 183 < published;
}

/* Is the incident told in sentences [0, lead_end_byte)? */
static bool in_lead(const sitrep_incident *in, uint32_t lead_end_byte)
{
    return in->nsentences && in->sentences[0].start < lead_end_byte;
}

/* The sentence that holds byte off. */
static size_t sentence_at_byte(const sr_annot *a, uint32_t off)
{
    size_t lo = 0, hi = a->sents.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->sents.items[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The class of the actor mention at token i, counting "Russia" and other states too. */
static const char *mention_class(const sr_annot *a, const sr_tokix *ix, size_t i, const sr_lex_entry **e)
{
    *e = sr_tokix_entry(a, ix, i, SR_LEX_ACTORS);
    return *e ? sr_lex_attr(*e, "fakes") : NULL;
}

/* What the context of an event with no named perpetrator says of it, in an article about
 * Syria; read in the main incident's sentences, the sentence after each, and the lead:
 *  summary.alternatives   two actors of one class joined by "or": "Syrian regime or Russian
 *                         warplanes", "either Russia or Syrian warplanes": that class.
 *  summary.weapon         a weapon that only one side uses (data/causes.txt by=): "barrel bombs".
 *  summary.air_on_rebels  an attack from the air or with poison gas (the incident's cause) on
 *                         ground that the text says the opposition holds ("rebel-held",
 *                         "opposition-held", "held by rebels", "rebel areas"): the rebels have no
 *                         air force, so the government or its Russian ally.
 * *ev receives the words of the rule that decided (the first such words of each rule). */
static const char *context_actor(sr_annot *a, const sr_tokix *ix, const sitrep_incident *m, size_t lead_end,
                                 sitrep_evidence *ev)
{
    enum { MAXS = 24 };
    size_t ss[MAXS];
    size_t nss = 0;
    for (size_t k = 0; k < lead_end && nss < MAXS; k++)
        ss[nss++] = k;
    for (size_t q = 0; q < m->nsentences && nss + 2 <= MAXS; q++) {
        size_t k = sentence_at_byte(a, m->sentences[q].start);
        if (k >= a->sents.len)
            continue;
        ss[nss++] = k;
        if (k + 1 < a->sents.len)
            ss[nss++] = k + 1;
    }
    bool opposition_ground = false;
    const char *alt = NULL, *weapon = NULL;
    sitrep_evidence alt_ev = {0}, weapon_ev = {0}, ground_ev = {0};
    for (size_t q = 0; q < nss; q++) {
        const sr_sentence *se = &a->sents.items[ss[q]];
        if (se->flags & SR_SF_BOILER)
            continue;
        /* the tokens where a cause or an actor starts, the two lists merged in text order */
        const uint32_t *cb, *cend, *ab, *aend;
        sr_sent_starts(ix, SR_ST_CAUSES, ss[q], &cb, &cend);
        sr_sent_starts(ix, SR_ST_ACTORS, ss[q], &ab, &aend);
        a->work += se->tok_end - se->tok_start;
        while (cb < cend || ab < aend) {
            uint32_t i = ab == aend || (cb < cend && *cb <= *ab) ? *cb : *ab;
            cb += cb < cend && *cb == i;
            ab += ab < aend && *ab == i;
            const sr_lex_entry *ce = sr_tokix_entry(a, ix, i, SR_LEX_CAUSES);
            if (ce && sr_lex_attr(ce, "by") && !weapon) {
                weapon = sr_lex_attr(ce, "by");
                weapon_ev = tok_evidence(a, i, i + ce->ntok, "summary.weapon");
            }
            const sr_lex_entry *e;
            const char *c1 = mention_class(a, ix, i, &e);
            if (!c1)
                continue;
            uint32_t end = i + e->ntok;
            /* "X or Y" */
            for (uint32_t k = end; k < end + 3 && k + 1 < se->tok_end && !alt; k++) {
                a->work++;
                if (!sr_word_eq(sr_tok_norm(a, k), "or"))
                    continue;
                for (uint32_t j = k + 1; j < k + 4 && j < se->tok_end; j++) {
                    const sr_lex_entry *e2;
                    const char *c2 = mention_class(a, ix, j, &e2);
                    if (c2) {
                        if (!strcmp(c1, c2)) {
                            alt = c1;
                            alt_ev = tok_evidence(a, i, j + e2->ntok, "summary.alternatives");
                        }
                        break;
                    }
                }
                break;
            }
            /* "rebel-held", "opposition-controlled", "rebel areas" */
            if (sr_word_eq(c1, "opposition") && end < se->tok_end) {
                const char *w = sr_tok_norm(a, end);
                if (((a->toks.items[end].flags & SR_TF_HYPHEN) &&
                     (sr_word_eq(w, "held") || sr_word_eq(w, "controlled") || sr_word_eq(w, "dominated") ||
                      sr_word_eq(w, "run"))) ||
                    sr_word_eq(w, "areas") || sr_word_eq(w, "territory") || sr_word_eq(w, "districts") ||
                    sr_word_eq(w, "neighbourhoods") || sr_word_eq(w, "neighborhoods") || sr_word_eq(w, "enclave")) {
                    if (!opposition_ground)
                        ground_ev = tok_evidence(a, i, end + 1, "summary.air_on_rebels");
                    opposition_ground = true;
                }
            }
            /* "held by rebels", "held by the opposition" */
            if (sr_word_eq(c1, "opposition") && i >= se->tok_start + 2) {
                uint32_t b = i - 1;
                if (sr_word_eq(sr_tok_norm(a, b), "the") && b > se->tok_start)
                    b--;
                if (sr_word_eq(sr_tok_norm(a, b), "by") && b > se->tok_start &&
                    (sr_word_eq(sr_tok_norm(a, b - 1), "held") || sr_word_eq(sr_tok_norm(a, b - 1), "controlled"))) {
                    if (!opposition_ground)
                        ground_ev = tok_evidence(a, b - 1, end, "summary.air_on_rebels");
                    opposition_ground = true;
                }
            }
        }
    }
    if (alt) {
        *ev = alt_ev;
        return fakes_actor(alt);
    }
    if (weapon) {
        *ev = weapon_ev;
        return fakes_actor(weapon);
    }
    if (opposition_ground && m->cause.present &&
        (m->cause.category == SITREP_CAUSE_AIRSTRIKE || m->cause.category == SITREP_CAUSE_CHEMICAL)) {
        *ev = ground_ev;
        return fakes_actor("gov");
    }
    return NULL;
}

sitrep_status sr_summary_build(const sr_lexicon *lx, const sr_gazetteer *g, const sr_annot *a_c,
                               sitrep_record *rec)
{
    (void)lx;
    sr_annot *a = (sr_annot *)a_c; /* the arena only: scratch for the token index */
    sitrep_summary *s = &rec->summary;
    memset(s, 0, sizeof *s);
    s->main_incident = -1;
    s->present = 1;
    s->location = "";
    s->actor = "unknown";
    s->cause_of_death = "unknown";
    pthread_once(&gov_once, gov_init);
    const gov_map *gm = gov_table;
    size_t ngm = gov_n;
    char cc[3];
    if (a->tokix)
        memcpy(cc, a->tokix->cc, 3);
    else
        sr_article_country(g, lx, a, cc);

    /* the lead */
    size_t ns = a->sents.len;
    uint32_t lead_end_sent = 0, lead_end_byte = 0;
    for (size_t k = 0, n = 0; k < ns && n < LEAD_SENTS; k++) {
        if (a->sents.items[k].flags & SR_SF_BOILER)
            continue;
        n++;
        lead_end_sent = (uint32_t)k + 1;
        lead_end_byte = a->sents.items[k].end;
    }

    /* the main incident */
    size_t ni = rec->incidents.len;
    const sitrep_incident *inc = rec->incidents.items;
    int main = -1, lead = -1;
    for (size_t i = 0; i < ni; i++) {
        if (inc[i].scope != SITREP_SCOPE_EVENT || !in_lead(&inc[i], lead_end_byte) || background(&inc[i], a->published))
            continue;
        if (lead < 0)
            lead = (int)i;
        if (main < 0 && killed_total(&inc[i]) > 0)
            main = (int)i;
    }
    /* the lead tells no figure: the first event with one */
    for (size_t i = 0; i < ni && main < 0; i++)
        if (inc[i].scope == SITREP_SCOPE_EVENT && killed_total(&inc[i]) > 0 && !background(&inc[i], a->published))
            main = (int)i;
    if (main < 0)
        main = lead;
    for (size_t i = 0; i < ni && main < 0; i++)
        if (inc[i].scope == SITREP_SCOPE_EVENT && !background(&inc[i], a->published))
            main = (int)i;
    s->main_incident = main;
    const sitrep_incident *m = main >= 0 ? &inc[main] : NULL;

    sr_tokix ix;
    if (a->tokix) {
        ix = *a->tokix;
    } else {
        sitrep_status st = sr_tokix_build(a, &ix);
        if (st != SITREP_OK)
            return st;
    }

    /* location */
    const char *loc = NULL;
    sitrep_evidence loc_ev = {0};
    if (m && m->place.present) {
        /* the incident's place: find its mention to get the gazetteer index */
        int32_t k = place_at_byte(a, m->place.evidence.start);
        if (k >= 0 && (loc = place_location(g, a->places.items[k].u.place.place, gm, ngm, cc, rec)))
            loc_ev = value_evidence(&m->place.evidence, "summary.main_incident");
    }
    if (!loc && m) {
        /* another place of the incident's sentences (both in text order) */
        size_t q = 0;
        for (size_t k = 0; k < a->places.len && !loc && q < m->nsentences; k++) {
            a->work++;
            uint32_t b = a->places.items[k].start;
            while (q < m->nsentences && m->sentences[q].end <= b) {
                a->work++;
                q++;
            }
            if (q < m->nsentences && b >= m->sentences[q].start && !tagged(a, &ix, k) &&
                !(a->places.items[k].u.place.flags & (SR_PF_DATELINE | SR_PF_ACTOR)) &&
                (loc = place_location(g, a->places.items[k].u.place.place, gm, ngm, cc, rec)))
                loc_ev = (sitrep_evidence){b, a->places.items[k].end, "summary.incident_sentence"};
        }
    }
    if (!loc && m && m->date.present) {
        /* the place of the nearest event incident told of the same day by the same means (or by
         * means not told): the same event told again further on */
        for (size_t d = 1; d < ni && !loc; d++) {
            for (int side = 0; side < 2 && !loc; side++) {
                size_t j = side ? (size_t)main - d : (size_t)main + d;
                a->work++;
                if ((side && d > (size_t)main) || j >= ni)
                    continue;
                const sitrep_incident *o = &inc[j];
                if (o->scope != SITREP_SCOPE_EVENT || !o->place.present || !o->date.present ||
                    strcmp(o->date.from, m->date.from) || strcmp(o->date.to, m->date.to) ||
                    (o->cause.present && m->cause.present && o->cause.category != m->cause.category))
                    continue;
                int32_t k = place_at_byte(a, o->place.evidence.start);
                if (k >= 0 && (loc = place_location(g, a->places.items[k].u.place.place, gm, ngm, cc, rec)))
                    loc_ev = value_evidence(&o->place.evidence, "summary.same_event");
            }
        }
    }
    if (!loc) {
        for (size_t k = 0; k < a->places.len && !loc; k++) {
            const sr_mention *pm = &a->places.items[k];
            if (pm->tok_start >= a->toks.len || a->toks.items[pm->tok_start].sent >= lead_end_sent)
                break;
            if ((pm->u.place.flags & (SR_PF_DATELINE | SR_PF_ACTOR)) || tagged(a, &ix, k))
                continue;
            if ((loc = place_location(g, pm->u.place.place, gm, ngm, cc, rec)))
                loc_ev = (sitrep_evidence){pm->start, pm->end, "summary.lead"};
        }
    }
    if (!loc) {
        /* the governorate the article names most often; its words: where it is first named */
        size_t counts[32] = {0}, first[32] = {0};
        size_t best = 0;
        for (size_t k = 0; k < a->places.len; k++) {
            if ((a->places.items[k].u.place.flags & (SR_PF_DATELINE | SR_PF_ACTOR)) || tagged(a, &ix, k))
                continue;
            const char *l = place_location(g, a->places.items[k].u.place.place, gm, ngm, cc, rec);
            for (size_t q = 0; l && q < ngm; q++) {
                if (strcmp(gm[q].name, l))
                    continue;
                if (!counts[q])
                    first[q] = k;
                if (++counts[q] > best) {
                    best = counts[q];
                    loc = l;
                    const sr_mention *fm = &a->places.items[first[q]];
                    loc_ev = (sitrep_evidence){fm->start, fm->end, "summary.most_named"};
                }
            }
        }
    }
    if (loc) {
        s->location = loc;
        s->evidence.location = loc_ev;
    }

    /* actor */
    const char *actor = NULL;
    sitrep_evidence actor_ev = {0};
    if (m && m->perpetrator.present) {
        size_t t = token_at_byte(a, m->perpetrator.evidence.start);
        const sr_lex_entry *e = t < a->toks.len ? sr_tokix_entry(a, &ix, t, SR_LEX_ACTORS) : NULL;
        if (e && (actor = actor_class(e, cc)))
            actor_ev = value_evidence(&m->perpetrator.evidence, "summary.main_incident");
    }
    if (!actor && !(m && m->perpetrator.present)) {
        int best = 0;
        for (size_t k = 0; k < lead_end_sent; k++) {
            if (a->sents.items[k].flags & SR_SF_BOILER)
                continue;
            sr_perp p;
            if (sr_perp_in_sentence(a, &ix, k, NULL, UINT32_MAX, 0, &p) && p.score >= 6 && p.score > best) {
                best = p.score;
                actor = actor_class(p.e, cc);
                actor_ev = tok_evidence(a, p.tok_start, p.tok_end, "summary.lead_agent");
            }
        }
    }
    if (!actor && !(m && m->perpetrator.present) && m && sr_word_eq(cc, "SY"))
        actor = context_actor(a, &ix, m, lead_end_sent, &actor_ev);
    if (actor) {
        s->actor = actor;
        s->evidence.actor = actor_ev;
    }

    /* cause */
    const char *cause = m && m->cause.present ? fakes_cause(m->cause.category) : NULL;
    sitrep_evidence cause_ev = cause ? value_evidence(&m->cause.evidence, "summary.main_incident") : (sitrep_evidence){0};
    if (!cause && m && !m->cause.present) {
        for (int i = main + 1; i < (int)ni && !cause; i++) {
            if (inc[i].scope != SITREP_SCOPE_EVENT || !inc[i].cause.present)
                continue;
            const char *l2 = NULL;
            int32_t k = inc[i].place.present ? place_at_byte(a, inc[i].place.evidence.start) : -1;
            a->work++;
            if (k >= 0)
                l2 = place_location(g, a->places.items[k].u.place.place, gm, ngm, cc, rec);
            if (l2 && loc && !strcmp(l2, loc) && (cause = fakes_cause(inc[i].cause.category)))
                cause_ev = value_evidence(&inc[i].cause.evidence, "summary.next_incident");
        }
    }
    if (!cause && !(m && m->cause.present)) {
        for (size_t k = 0; k < lead_end_sent && !cause; k++) {
            const sr_sentence *se = &a->sents.items[k];
            if (se->flags & SR_SF_BOILER)
                continue;
            for (uint32_t t = se->tok_start; t < se->tok_end && !cause; t++) {
                const sr_lex_entry *ce = sr_tokix_entry(a, &ix, t, SR_LEX_CAUSES);
                if (ce && !(sr_lex_codes_of(ce).flags & SR_LC_WEAK) &&
                    (cause = fakes_cause((sitrep_cause_category)sr_lex_codes_of(ce).cause)))
                    cause_ev = tok_evidence(a, t, t + ce->ntok, "summary.lead_word");
            }
        }
    }
    if (!cause && !(m && m->cause.present)) {
        /* the cause of the first event the article tells with one */
        for (size_t i = 0; i < ni && !cause; i++)
            if (inc[i].scope == SITREP_SCOPE_EVENT && inc[i].cause.present &&
                (cause = fakes_cause(inc[i].cause.category)))
                cause_ev = value_evidence(&inc[i].cause.evidence, "summary.first_incident");
    }
    if (cause) {
        s->cause_of_death = cause;
        s->evidence.cause_of_death = cause_ev;
    }

    if (m) {
        numbers(m, s);
        if (m->date.present)
            memcpy(s->date, m->date.from, 11);
    }
    return SITREP_OK;
}
