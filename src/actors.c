/* actors.c - perpetrators, claimants and certainty.
 *
 * Perpetrator rules (a score each; the highest wins, then the nearest to the outcome word):
 *  actor.responsibility 10  X "claimed responsibility", or a deed "claimed by" X: X.
 *  actor.by             10  "by" (+ up to two words) + X: "killed by pro-government forces".
 *  actor.accused         8  "accused" + X + "of": the accused.
 *  actor.subject         8  X (+ has/had/reportedly) + an active outcome verb: "rebels killed".
 *  actor.attack          6  X + an attack verb or a cause word: "regime warplanes struck",
 *                           "Russian jets bombed", "regime barrel bombs".
 *  actor.opponent        6  "clashes/fighting/battles with" + X: the victims' opponent.
 *  actor.mention         1  any other mention in the event's sentences (0 for words that name
 *                           victims as often as agents, role=victimish, or a state, role=state).
 * A mention inside the victims' words of a count ("29 rebels were killed", "25 members of the
 * Nusra Front", "two men from the pro-regime committees") or before a passive verb ("rebels were
 * killed") is never the perpetrator; nor is the object of an attack verb ("troops stormed Nusra
 * Front strongholds"), the owner of ground or posts ("IS positions", "a Daesh bastion") or ground
 * "claimed by" a group.
 *
 * Claimant rules:
 *  claim.according_to  "according to" / "per" / "quoted by" + the phrase after it.
 *  claim.citing        "citing" / "quoting" + the phrase after it.
 *  claim.subject       the phrase before an attribution verb: "the Observatory said".
 *  claim.inverted      after a quotation or a comma, the phrase after the verb: "said Jones".
 *  claim.by            an attribution verb + "by" + the phrase after it: "reported by state media".
 *  claim.pronoun       "he/she/it/they said": the last claimant named in the four sentences before.
 *  claim.short_name    a short name used again ("the Observatory", "the spokesman"): the longer
 *                      name said before that contains its head word.
 * A claimant phrase must hold a capitalised word or a word of CLAIM_NOUNS; it stops at
 * punctuation, quotation marks and clause words, twelve tokens at most.
 *
 * Certainty: the strongest hedge of the sentence (data/hedges.txt): denied > disputed >
 * unverified > confirmed; none: reported. "Denied" is a denial that the harm came ("denies that
 * detainees are killed"); one accused who denies the deed ("denied using chemical weapons",
 * "denied that its jets struck", "denied responsibility") contests who did it: disputed. */
#include "actors.h"

#include <stdatomic.h>
#include <string.h>

static const char *W(const sr_annot *a, size_t i) { return sr_tok_norm(a, i); }
/* Is token i the word w? */
static inline bool is_w(const sr_annot *a, size_t i, const char *w) { return sr_word_eq(W(a, i), w); }
/* Is token i's word in the list cls (words.h)? */
#define in_list(i, cls) sr_tok_in(a, ix, (i), SR_WC_##cls)
/* Is a word whose lists are wc (sr_tok_classes) in list cls? For a rule that asks several lists
 * of one word. */
#define wc_in(wc, cls) ((((wc) >> SR_WC_##cls) & 1u) != 0)


/* ---- perpetrators ---- */


/* ---- the codes of an entry's attributes ---- */

/* The index of s in names[0, n) (the first letters compared first), or -1. */
static int name_index(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (s[0] == names[i][0] && sr_streq(s, names[i]))
            return i;
    return -1;
}

static sr_lex_codes codes_decode(const sr_lex_entry *e)
{
    static const char *const classes[] = {"gov", "isis", "opposition", "coalition", "sdf", "nusra"};
    static const char *const roles[] = {"victimish", "state", "outlet", "national_army"};
    static const char *const poses[] = {"v", "pres", "ger", "toll"};
    static const char *const outcomes[] = {"killed", "injured"};
    static const char *const kinds[] = {"prep", "cite"};
    static const char *const causes[] = {"airstrike", "shelling", "explosion", "chemical",
                                         "shooting", "execution", "torture", "siege"};
    static const char *const certs[] = {"denied", "disputed", "unverified", "confirmed"};
    static const int8_t cert_of[] = {SITREP_CERT_DENIED, SITREP_CERT_DISPUTED, SITREP_CERT_UNVERIFIED,
                                     SITREP_CERT_CONFIRMED};
    _Static_assert(SITREP_CAUSE_AIRSTRIKE == 1 && SITREP_CAUSE_SIEGE == 8, "causes[] is in category order");
    sr_lex_codes c = {0};
    const char *v;
    int k;
    if ((k = name_index(sr_lex_attr(e, "fakes"), classes, SR_ARRAY_LEN(classes))) >= 0)
        c.cls = (uint8_t)(1u << k);
    if ((v = sr_lex_attr(e, "role")) != NULL)
        c.role = (uint8_t)((k = name_index(v, roles, SR_ARRAY_LEN(roles))) >= 0 ? SR_ROLE_VICTIMISH + k : SR_ROLE_OTHER);
    if ((v = sr_lex_attr(e, "pos")) != NULL)
        c.pos = (uint8_t)((k = name_index(v, poses, SR_ARRAY_LEN(poses))) >= 0 ? SR_POS_V + k : SR_POS_OTHER);
    if ((v = sr_lex_attr(e, "outcome")) != NULL)
        c.outcome = (uint8_t)((k = name_index(v, outcomes, SR_ARRAY_LEN(outcomes))) >= 0 ? SR_OUT_KILLED + k : SR_OUT_OTHER);
    if ((v = sr_lex_attr(e, "kind")) != NULL)
        c.kind = (uint8_t)((k = name_index(v, kinds, SR_ARRAY_LEN(kinds))) >= 0 ? SR_KIND_PREP + k : SR_KIND_OTHER);
    if ((v = sr_lex_attr(e, "cause")) != NULL)
        c.cause = (uint8_t)((k = name_index(v, causes, SR_ARRAY_LEN(causes))) >= 0 ? 1 + k : SR_CAUSE_OTHER);
    k = name_index(sr_lex_attr(e, "cert"), certs, SR_ARRAY_LEN(certs));
    c.cert = k >= 0 ? cert_of[k] : -1;
    if (sr_lex_attr(e, "weak"))
        c.flags |= SR_LC_WEAK;
    if (sr_lex_attr(e, "unit"))
        c.flags |= SR_LC_UNIT;
    return c;
}

uint64_t sr_lex_codes_word(const sr_lex_entry *e)
{
    sr_lex_codes c = codes_decode(e);
    c.flags |= SR_LC_SET;
    uint64_t v;
    memcpy(&v, &c, sizeof v);
    return v;
}

unsigned sr_actor_class_bit(const sr_lex_entry *e) { return e ? sr_lex_codes_of(e).cls : 0; }

/* The base score of an actors.txt entry whose role= is role (SR_ROLE_*). */
static int role_base(uint8_t role)
{
    return role == SR_ROLE_NONE || role == SR_ROLE_OTHER;
}


/* Is the outcome word at t used actively: a present or gerund form, or a past form with its
 * object after it ("killed 17 militants", "killed a child"), not "Rebels Killed in Clashes"? */
static bool active_outcome(const sr_annot *a, const sr_tokix *ix, uint32_t t)
{
    const sr_lex_entry *o = sr_tokix_entry(a, ix, t, SR_LEX_OUTCOMES);
    if (!o)
        return false;
    uint8_t pos = sr_lex_codes_of(o).pos;
    if (pos == SR_POS_PRES || pos == SR_POS_GER)
        return true;
    if (pos != SR_POS_V)
        return false;
    uint32_t p = t + o->ntok;
    if (p >= a->toks.len || a->toks.items[p].sent != a->toks.items[t].sent)
        return false;
    if (sr_tokix_num(ix, p) >= 0 || sr_tokix_entry(a, ix, p, SR_LEX_GROUPS))
        return true;
    return in_list(p, OBJECT_STARTS);
}

/* Is what is "claimed" at token v a deed: an attack or cause word among the three words before
 * it ("a bomb blast claimed by IS", "the attack, claimed by"), not ground ("areas claimed by")? */
static bool claimed_deed(const sr_annot *a, const sr_tokix *ix, const sr_sentence *se, uint32_t v)
{
    for (uint32_t p = v; p-- > se->tok_start && v - p <= 3;)
        if (sr_tokix_entry(a, ix, p, SR_LEX_CAUSES) || in_list(p, AGENT_NOUNS))
            return true;
    return false;
}

/* The first word of the clause of the outcome word at near in sentence se: after the clause
 * punctuation or "that", "when", "after", "as" before it (25 words back at most). */
static uint32_t clause_start_of(sr_annot *a, const sr_tokix *ix, const sr_sentence *se, uint32_t near)
{
    uint32_t start = se->tok_start;
    if (near < se->tok_start || near >= se->tok_end)
        return start;
    for (uint32_t p = near; p-- > se->tok_start && near - p < 25;) {
        a->work++;
        if (in_list(p, CLAUSE_PUNCT) || is_w(a, p, "that") || is_w(a, p, "when") || is_w(a, p, "after") ||
            is_w(a, p, "as"))
            return p + 1;
        start = p;
    }
    return start;
}

bool sr_perp_in_sentence(sr_annot *a, const sr_tokix *ix, size_t s, const uint8_t *victim, uint32_t near,
                         unsigned exclude, sr_perp *out)
{
    const sr_sentence *se = &a->sents.items[s];
    memset(out, 0, sizeof *out);
    bool found = false;
    uint32_t best_dist = UINT32_MAX;
    const uint32_t *at, *at_end;
    sr_sent_starts(ix, SR_ST_ACTORS, s, &at, &at_end);
    if (at == at_end)
        return false;
    /* the first word of the outcome word's clause (its subject's), read when a mention asks */
    uint32_t clause_start = UINT32_MAX;
    for (; at < at_end; at++) {
        a->work++;
        uint32_t i = *at;
        const sr_lex_entry *e = sr_tokix_entry(a, ix, i, SR_LEX_ACTORS);
        const sr_lex_codes ec = sr_lex_codes_of(e);
        uint8_t role = ec.role;
        if (role == SR_ROLE_OUTLET)
            continue;
        unsigned cls = ec.cls;
        if (cls & exclude)
            continue; /* the victims' side */
        uint32_t end = i + e->ntok;
        bool is_victim = false;
        for (uint32_t t = i; victim && t < end && !is_victim; t++)
            is_victim = victim[t] != 0;
        if (is_victim)
            continue;
        {
            /* "ISIS-held", "Kurdish-controlled", "US-Russian-brokered": whose ground or deal,
             * not who did it */
            uint32_t h = end;
            while (h < se->tok_end && h < end + 3 && (a->toks.items[h].flags & SR_TF_HYPHEN) && !in_list(h, HELD)) {
                a->work++;
                h++;
            }
            if (h < se->tok_end && (a->toks.items[h].flags & SR_TF_HYPHEN) && in_list(h, HELD))
                continue;
        }
        int score = role_base(role);
        bool blocked = false; /* a target or a holder of ground, not an agent */
        {
            /* "IS positions", "the Daesh terror group's Raqqa stronghold": the owner of a target;
             * but fire "from regime positions" is the owner's */
            uint32_t h = end;
            while (h < se->tok_end && h < end + 3 && !in_list(h, HELD_NOUNS) &&
                   (is_w(a, h, "'s") || is_w(a, h, "group") || is_w(a, h, "groups") || is_w(a, h, "terror") ||
                    is_w(a, h, "terrorist") || sr_tokix_place(ix, h) >= 0 || (a->toks.items[h].flags & SR_TF_HYPHEN)))
                h++;
            uint32_t b = i > se->tok_start && is_w(a, i - 1, "the") ? i - 1 : i;
            bool from = b > se->tok_start && is_w(a, b - 1, "from");
            if (h < se->tok_end && in_list(h, HELD_NOUNS) && !from)
                continue;
        }
        const char *rule = "actor.mention";
        /* before: "by", "accused", "clashes with", "an airstrike of"; over alternatives too ("by
         * either Russian or Syrian government planes": each is named by "by") */
        for (uint32_t k = 1, reach = 3; k <= reach && i >= se->tok_start + k; k++) {
            a->work++;
            const char *w = W(a, i - k);
            if (reach < 8 && (sr_word_eq(w, "or") || sr_word_eq(w, "either") || sr_word_eq(w, "and") ||
                              sr_tokix_entry(a, ix, i - k, SR_LEX_ACTORS)))
                reach++;
            if (sr_word_eq(w, "by")) {
                if (i - k > se->tok_start && is_w(a, i - k - 1, "claimed") && claimed_deed(a, ix, se, i - k - 1))
                    score = 10, rule = "actor.responsibility"; /* "a bomb blast claimed by IS" */
                else if (i - k > se->tok_start && in_list(i - k - 1, TERRITORY_VERBS))
                    score = 0, blocked = true; /* "a village held by Islamic State" */
                else
                    score = 10, rule = "actor.by";
                break;
            }
            if (sr_word_eq(w, "accused") && k <= 2) {
                score = 8, rule = "actor.accused";
                break;
            }
            if ((sr_word_eq(w, "with") || sr_word_eq(w, "against")) && i - k > se->tok_start &&
                in_list(i - k - 1, AGAINST_NOUNS)) {
                score = 6, rule = "actor.opponent";
                break;
            }
            if (k == 1 && in_list(i - k, TARGET_WORDS)) {
                score = 0, blocked = true; /* "air strikes on the Islamic State group": the target */
                break;
            }
            if (sr_word_eq(w, "of") && i - k > se->tok_start && sr_tokix_entry(a, ix, i - k - 1, SR_LEX_CAUSES)) {
                score = 9, rule = "actor.of_cause"; /* "an airstrike of the coalition" */
                break;
            }
            if (!sr_isalpha(w[0]))
                break; /* punctuation or a figure ends the words before the actor */
        }
        /* after: an outcome verb, an attack verb, a cause, "claimed responsibility"; a passive
         * outcome before the clause ends makes it a victim */
        /* (role=victimish words start at 0: they name the agent only in the agent's place) */
        if (!blocked && score < 10) {
            bool passive = false;
            for (uint32_t p = end, k = 0; k < 14 && p < se->tok_end; k++, p++) {
                a->work++;
                const char *w = W(a, p);
                const uint64_t wc = sr_tok_classes(a, ix, p); /* p < tok_end <= ntok */
                if (wc_in(wc, CLAUSE_PUNCT) || sr_word_eq(w, "by"))
                    break;
                if (sr_word_eq(w, "claimed") && p + 1 < se->tok_end && is_w(a, p + 1, "responsibility")) {
                    score = 10, rule = "actor.responsibility";
                    break;
                }
                if (wc_in(wc, PASSIVE_AUX)) {
                    passive = true;
                    continue;
                }
                const sr_lex_entry *o = sr_tokix_entry(a, ix, p, SR_LEX_OUTCOMES);
                if (o) {
                    uint8_t pos = sr_lex_codes_of(o).pos;
                    if (!passive && k < 4 && (pos == SR_POS_V || pos == SR_POS_PRES || pos == SR_POS_GER)) {
                        if (score < 8)
                            score = 8, rule = "actor.subject";
                    } else if (passive && score < 6) {
                        score = -1; /* "rebels were killed": a victim */
                    }
                    break;
                }
                if (k < 4 && !passive &&
                    (wc_in(wc, ATTACK_VERBS) ||
                     (k == 0 && (sr_tokix_entry(a, ix, p, SR_LEX_CAUSES) || wc_in(wc, AGENT_NOUNS))))) {
                    if (score < 6)
                        score = 6, rule = "actor.attack";
                    break;
                }
                if (k < 4 && !wc_in(wc, ACTIVE_FILL) && !passive)
                    k = 4; /* past the verb group: only a passive ending the clause counts now */
            }
        }
        /* the first words of the outcome's clause: "A Syrian air strike on a camp killed 17" */
        if (score > 0 && score < 7 && near != UINT32_MAX && i < near && clause_start == UINT32_MAX)
            clause_start = clause_start_of(a, ix, se, near);
        if (score > 0 && score < 7 && near != UINT32_MAX && i >= clause_start && i <= clause_start + 3 && i < near &&
            active_outcome(a, ix, near)) {
            bool passive = false;
            for (uint32_t p = near; p-- > end && near - p <= 3;)
                if (in_list(p, PASSIVE_AUX))
                    passive = true;
            if (!passive && role != SR_ROLE_STATE)
                score = 7, rule = "actor.clause_subject";
        }
        if (score <= 0)
            continue;
        uint32_t from = i;
        if (!cls) {
            /* "the Daesh terrorist group", "ISIS suicide bombers": a named actor before a generic
             * one is whose it is */
            for (uint32_t k = 1; k <= 4 && i >= se->tok_start + k; k++) {
                const sr_lex_entry *pe = sr_tokix_entry(a, ix, i - k, SR_LEX_ACTORS);
                if (pe && pe->ntok == k && sr_actor_class_bit(pe) && !(sr_actor_class_bit(pe) & exclude)) {
                    e = pe;
                    from = i - k;
                    break;
                }
            }
        }
        uint32_t dist = near == UINT32_MAX ? i : (i > near ? i - near : near - i);
        if (!found || score > out->score || (score == out->score && dist < best_dist)) {
            out->e = e;
            out->tok_start = from;
            out->tok_end = end;
            out->score = score;
            out->rule = rule;
            best_dist = dist;
            found = true;
        }
    }
    return found;
}

/* ---- claimants ---- */


static inline bool is_punct(const sr_annot *a, size_t i) { return a->toks.items[i].kind == SR_TOK_PUNCT; }
static inline bool is_quote(const sr_annot *a, size_t i)
{
    if (!is_punct(a, i))
        return false;
    const char *w = W(a, i);
    return (w[0] == '"' || w[0] == '\'') && !w[1];
}

/* Is [s, e) a claimant: a capitalised word or a claimant noun, and not a pronoun alone? */
static bool np_ok(const sr_annot *a, const sr_tokix *ix, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++) {
        const sr_token *t = &a->toks.items[i];
        if (t->kind == SR_TOK_WORD && ((t->flags & SR_TF_CAP) || in_list(i, CLAIM_NOUNS)))
            return true;
    }
    return false;
}

/* The phrase after token p (for according to, citing, inverted said). */
static void np_after(const sr_annot *a, const sr_tokix *ix, size_t p, size_t te, size_t *s, size_t *e)
{
    *s = p;
    size_t i = p;
    while (i < te && i < p + 12 && !is_punct(a, i) && !in_list(i, CLAUSE_STOP) &&
           !sr_tokix_entry(a, ix, i, SR_LEX_CLAIMS))
        i++;
    /* an appositive name after a comma: "the UN peace envoy for Syria, Staffan de Mistura" */
    if (i + 1 < te && is_w(a, i, ",") && (a->toks.items[i + 1].flags & SR_TF_CAP)) {
        size_t j = i + 1;
        while (j < te && j < i + 6 && a->toks.items[j].kind == SR_TOK_WORD &&
               ((a->toks.items[j].flags & SR_TF_CAP) || is_w(a, j, "de") || is_w(a, j, "al") ||
                is_w(a, j, "bin") || is_w(a, j, "abu") || is_w(a, j, "van")))
            j++;
        if (j > i + 1 && (j >= te || is_punct(a, j)))
            i = j;
    }
    *e = i;
}

/* Is w a word that may stand between a subject and its "said" ("also", "was", "has", "later",
 * "previously": "had said", "also said", "earlier said")? Its first letter first. */
static bool before_said(const char *w)
{
    switch (w[0]) {
    case 'a': return sr_streq(w, "also") || sr_streq(w, "are");
    case 'i': return sr_streq(w, "is");
    case 'w': return sr_streq(w, "was") || sr_streq(w, "were");
    case 'h': return sr_streq(w, "has") || sr_streq(w, "have") || sr_streq(w, "had");
    case 'l': return sr_streq(w, "later");
    case 'e': return sr_streq(w, "earlier");
    case 'p': return sr_streq(w, "previously");
    case 's': return sr_streq(w, "separately");
    default: return false;
    }
}

/* The subject before the verb at token v. */
static void np_before(const sr_annot *a, const sr_tokix *ix, size_t ts, size_t v, size_t *s, size_t *e)
{
    size_t i = v;
    /* "also said", "had said" */
    while (i > ts && v - i < 4 && before_said(W(a, i - 1)))
        i--;
    *e = i;
    size_t j = i;
    int commas = 0;
    /* the last comma of the words taken and the one before it (at most two are taken), met in
     * this walk back */
    size_t last_comma = SIZE_MAX, prev_comma = SIZE_MAX;
    while (j > ts && i - j < 12) {
        size_t k = j - 1;
        const char *w = W(a, k);
        if (((w[0] == ';' || w[0] == ':' || w[0] == '.' || w[0] == '(' || w[0] == ')') && !w[1]) || is_quote(a, k))
            break;
        if (in_list(k, CLAUSE_STOP) || sr_tokix_entry(a, ix, k, SR_LEX_CLAIMS))
            break;
        if (w[0] == ',' && !w[1]) {
            if (++commas > 2)
                break;
            if (commas == 1)
                last_comma = k;
            else
                prev_comma = k;
        }
        j = k;
    }
    /* comma segments: keep the last; add the one before when it is "the spokesman" before a name */
    size_t seg = j;
    if (last_comma != SIZE_MAX) {
        size_t seg_start = prev_comma == SIZE_MAX ? j : prev_comma + 1;
        seg = last_comma + 1;
        /* "the spokesman, Rupert Colville, said": a trailing comma before the verb */
        if (last_comma + 1 == i && prev_comma != SIZE_MAX) {
            seg = prev_comma + 1;
            *e = last_comma;
            size_t ps = j;
            for (size_t k = j; k < prev_comma; k++)
                if (is_w(a, k, ","))
                    ps = k + 1;
            if ((is_w(a, ps, "the") || is_w(a, ps, "a")) && prev_comma - ps <= 6)
                seg = ps;
            if (!strcmp(W(a, prev_comma + 1), "a") || !strcmp(W(a, prev_comma + 1), "an")) {
                /* "the Observatory, a war monitor based in Britain, said": an indefinite
                 * description after a name describes it; the name tells */
                size_t n = prev_comma;
                while (n > ts && prev_comma - n < 12 && !is_punct(a, n - 1) && !in_list(n - 1, CLAUSE_STOP) &&
                       !sr_tokix_entry(a, ix, n - 1, SR_LEX_CLAIMS))
                    n--;
                if (n < prev_comma && np_ok(a, ix, n, prev_comma)) {
                    seg = n;
                    *e = prev_comma;
                }
            }
        } else if (last_comma + 1 == i) {
            *e = last_comma;
            seg = j;
        } else if (seg_start < last_comma && !in_list(seg_start, PREPS) &&
                   (is_w(a, seg_start, "the") || is_w(a, seg_start, "a")) &&
                   last_comma - seg_start <= 6 && (a->toks.items[seg].flags & SR_TF_CAP)) {
            seg = seg_start;
        }
    }
    while (seg < *e && in_list(seg, LEAD_JUNK))
        seg++;
    *s = seg;
}

static sitrep_status copy_name(const sr_annot *a, sr_arena *ar, size_t ts, size_t te, const char **out)
{
    uint32_t b = a->toks.items[ts].start, e = a->toks.items[te - 1].end;
    char *s = sr_arena_alloc_raw(ar, e - b + 1); /* every byte written below */
    if (!s)
        return SITREP_ENOMEM;
    memcpy(s, a->text + b, e - b);
    s[e - b] = '\0';
    for (char *p = s; (p = strpbrk(p, "\n\r\t")) != NULL;)
        *p++ = ' ';
    *out = s;
    return SITREP_OK;
}

/* Case-insensitive whole-word search of w in s. */
static bool has_word(const char *s, const char *w, size_t wl)
{
    int w0 = sr_tolower((unsigned char)w[0]);
    if (wl) {
        /* the places of the first letter, in either case, found by strpbrk (a scan of many
         * bytes at a time), the word compared there */
        const char set[3] = {(char)w0, (char)(w0 >= 'a' && w0 <= 'z' ? w0 - 32 : w0), '\0'};
        for (const char *p = s; (p = strpbrk(p, set)) != NULL; p++)
            if ((p == s || !sr_isalnum((unsigned char)p[-1])) && sr_strncasecmp(p, w, wl) == 0 &&
                !sr_isalnum((unsigned char)p[wl]))
                return true;
        return false;
    }
    /* an empty word: at the first place that no letter or digit touches */
    for (const char *p = s; *p; p++)
        if ((p == s || !sr_isalnum((unsigned char)p[-1])) && !sr_isalnum((unsigned char)*p))
            return true;
    return false;
}

/* Does the denial whose words end before token p deny a deed rather than the harm: "denied using
 * chemical weapons", "denied carrying out the strike", "denied responsibility", "denied any
 * involvement", "denied that its aircraft had struck"? The one accused then contests who did it,
 * not that people died: the report is disputed, not denied. */
static bool denies_deed(const sr_annot *a, size_t p, size_t te)
{
    if (p < te && (!strcmp(W(a, p), "any") || !strcmp(W(a, p), "all")))
        p++;
    if (p >= te || a->toks.items[p].kind != SR_TOK_WORD)
        return false;
    const char *w = W(a, p);
    size_t n = strlen(w);
    if (n >= 5 && !strcmp(w + n - 3, "ing"))
        return true; /* "using", "carrying out", "targeting" */
    if (!strcmp(w, "responsibility") || !strcmp(w, "involvement") || !strcmp(w, "role") || !strcmp(w, "part"))
        return true;
    if (!strcmp(w, "that") && p + 1 < te) {
        const char *x = W(a, p + 1);
        return !strcmp(x, "it") || !strcmp(x, "its") || !strcmp(x, "they") || !strcmp(x, "their") ||
               !strcmp(x, "he") || !strcmp(x, "his") || !strcmp(x, "we") || !strcmp(x, "our");
    }
    return false;
}

static int cert_rank(int c)
{
    switch (c) {
    case SITREP_CERT_DENIED: return 4;
    case SITREP_CERT_DISPUTED: return 3;
    case SITREP_CERT_UNVERIFIED: return 2;
    case SITREP_CERT_CONFIRMED: return 1;
    default: return 0;
    }
}

sitrep_status sr_certainty_find(sr_annot *a, const sr_tokix *ix, sr_claimants *out)
{
    memset(out, 0, sizeof *out);
    size_t ns = a->sents.len;
    out->cert = sr_arena_alloc_raw(&a->arena, (ns + 1) * sizeof(int8_t));
    out->cert_tok = sr_arena_alloc(&a->arena, (ns + 1) * sizeof(uint32_t));
    if (!out->cert || !out->cert_tok)
        return SITREP_ENOMEM;
    memset(out->cert, 0xff, ns + 1);
    /* the hedges of each sentence (the first hedge mention at a token), in text order */
    for (size_t si = 0; si < ns; si++) {
        const sr_sentence *se = &a->sents.items[si];
        if (se->flags & SR_SF_BOILER)
            continue;
        const uint32_t *ht, *hend;
        for (sr_sent_starts(ix, SR_ST_HEDGES, si, &ht, &hend); ht < hend; ht++) {
            a->work++;
            uint32_t i = *ht;
            const sr_lex_entry *h = sr_tokix_entry(a, ix, i, SR_LEX_HEDGES);
            int cv = sr_lex_codes_of(h).cert;
            if (cv == SITREP_CERT_DENIED && denies_deed(a, i + h->ntok, se->tok_end))
                cv = SITREP_CERT_DISPUTED;
            if (cv >= 0 && (out->cert[si] < 0 || cert_rank(cv) > cert_rank(out->cert[si]))) {
                out->cert[si] = (int8_t)cv;
                out->cert_tok[si] = i;
            }
        }
    }
    return SITREP_OK;
}

/* How a claimant's name is found (sr_claims_find): its own words; its own words unless a longer
 * name said before holds its head word (a short name: "the Observatory"); the name of the claimant
 * before it ("he said"). */
enum { NAME_LONG, NAME_SHORT, NAME_PRONOUN };
/* The words of a claimant and what its name waits on, until the name is read. */
typedef struct claim_work {
    uint32_t s, t;     /* its tokens */
    uint8_t how;       /* NAME_* */
    uint32_t ref;      /* NAME_PRONOUN: the claimant it stands for; NAME_SHORT: the long names said
                          before it (they are longs[0, ref)); NAME_LONG: its place in longs */
    size_t len;        /* NAME_LONG: strlen of its name, once read */
} claim_work;

/* Reads the name of claimant k (and of those it waits on) when not read yet. */
static sitrep_status claim_name(sr_annot *a, sr_arena *names, sr_claimants *out, claim_work *cw,
                                const uint32_t *longs, size_t k)
{
    sr_claimant *c = &out->items[k];
    if (c->name)
        return SITREP_OK;
    claim_work *w = &cw[k];
    sitrep_status st;
    if (w->how == NAME_PRONOUN) {
        if ((st = claim_name(a, names, out, cw, longs, w->ref)) != SITREP_OK)
            return st;
        c->name = out->items[w->ref].name;
        return SITREP_OK;
    }
    const char *name;
    if ((st = copy_name(a, names, w->s, w->t, &name)) != SITREP_OK)
        return st;
    if (w->how == NAME_LONG) {
        w->len = strlen(name);
        c->name = name;
        return SITREP_OK;
    }
    /* a short name used again: its head word in one of the 32 longer names said last before it */
    enum { MAXNAMES = 32 };
    const char *head = W(a, w->t - 1);
    size_t hl = strlen(head), nl = strlen(name);
    for (size_t j = w->ref; j-- > 0 && j + MAXNAMES >= w->ref;) {
        a->work++;
        if ((st = claim_name(a, names, out, cw, longs, longs[j])) != SITREP_OK)
            return st;
        if (cw[longs[j]].len > nl && has_word(out->items[longs[j]].name, head, hl)) {
            name = out->items[longs[j]].name;
            c->rule = "claim.short_name";
            break;
        }
    }
    c->name = name;
    return SITREP_OK;
}

sitrep_status sr_claims_find(sr_annot *a, const sr_tokix *ix, sr_arena *names, const uint8_t *needed,
                             sr_claimants *out)
{
    out->items = NULL;
    out->len = 0;
    size_t ns = a->sents.len;
    /* a claimant's name waits on claimants before it only: none after the last sentence asked
     * for is read */
    size_t upto = ns;
    if (needed) {
        while (upto > 0 && !needed[upto - 1])
            upto--;
    }
    /* the first claim mention at each token, sentence by sentence (sr_tokix.starts) */
    const sr_sent_toks *claims = &ix->starts[SR_ST_CLAIMS];
    size_t cap = claims->first[upto];
    out->items = sr_arena_alloc_raw(&a->arena, (cap + 1) * sizeof(sr_claimant));
    claim_work *cw = sr_arena_alloc_raw(&a->arena, (cap + 1) * sizeof(claim_work));
    uint32_t *longs = sr_arena_alloc_raw(&a->arena, (cap + 1) * sizeof(uint32_t));
    if (!out->items || !cw || !longs)
        return SITREP_ENOMEM;
    size_t nlongs = 0;
    /* the claims of each sentence (the first claim mention at a token), in text order; their
     * names are read below, for the sentences asked for */
    for (size_t si = 0; si < upto; si++) {
        const sr_sentence *se = &a->sents.items[si];
        if (se->flags & SR_SF_BOILER)
            continue;
        const uint32_t *ct, *cend;
        for (sr_sent_starts(ix, SR_ST_CLAIMS, si, &ct, &cend); ct < cend; ct++) {
            a->work++;
            uint32_t i = *ct;
            const sr_lex_entry *e = sr_tokix_entry(a, ix, i, SR_LEX_CLAIMS);
            if (out->len >= cap)
                continue;
            uint8_t kind = sr_lex_codes_of(e).kind;
            size_t s = 0, t = 0;
            const char *rule = NULL;
            size_t after = i + e->ntok;
            if (kind == SR_KIND_PREP || kind == SR_KIND_CITE) {
                np_after(a, ix, after, se->tok_end, &s, &t);
                rule = kind == SR_KIND_PREP ? "claim.according_to" : "claim.citing";
            } else if (after + 1 < se->tok_end && is_w(a, after, "by")) {
                /* "claimed by the Islamic State group", "reported by state media": a passive
                 * verb's agent tells it, not its subject */
                np_after(a, ix, after + 1, se->tok_end, &s, &t);
                /* the name ends at the sentence's verb ("claimed by IS killed 44"), a date, or a
                 * preposition before a lower-case word ("claimed by IS at a mall") */
                for (size_t k = s + 1; k < t; k++)
                    if (sr_tokix_entry(a, ix, k, SR_LEX_OUTCOMES) || in_list(k, ATTACK_VERBS) ||
                        in_list(k, PASSIVE_AUX) || sr_tokix_date(ix, k) >= 0 ||
                        (in_list(k, PREPS) && k + 1 < t &&
                         (!(a->toks.items[k + 1].flags & SR_TF_CAP) || sr_tokix_date(ix, k + 1) >= 0))) {
                        t = k;
                        break;
                    }
                rule = "claim.by";
            } else {
                bool inverted = i > se->tok_start && (is_quote(a, i - 1) || is_w(a, i - 1, ",")) &&
                                after < se->tok_end &&
                                ((a->toks.items[after].flags & SR_TF_CAP) || is_w(a, after, "the") ||
                                 is_w(a, after, "a"));
                if (inverted) {
                    np_after(a, ix, after, se->tok_end, &s, &t);
                    rule = "claim.inverted";
                } else {
                    np_before(a, ix, se->tok_start, i, &s, &t);
                    rule = "claim.subject";
                }
            }
            if (t <= s)
                continue;
            claim_work *w = &cw[out->len];
            w->s = (uint32_t)s;
            w->t = (uint32_t)t;
            if (t - s == 1 && in_list(s, PRONOUNS)) {
                /* "he said": the last claimant of the four sentences before */
                size_t ref = SIZE_MAX;
                for (size_t k = out->len; k-- > 0 && k + 16 > out->len;) {
                    a->work++;
                    if (out->items[k].sent + 4 < si)
                        break;
                    if (cw[k].how != NAME_PRONOUN) {
                        ref = k;
                        break;
                    }
                }
                if (ref == SIZE_MAX)
                    continue;
                w->how = NAME_PRONOUN;
                w->ref = (uint32_t)ref;
                rule = "claim.pronoun";
            } else {
                if (!np_ok(a, ix, s, t))
                    continue;
                if (t - s <= 3) {
                    w->how = NAME_SHORT;
                    w->ref = (uint32_t)nlongs;
                } else {
                    w->how = NAME_LONG;
                    w->ref = (uint32_t)nlongs;
                    longs[nlongs++] = (uint32_t)out->len;
                }
            }
            sr_claimant *c = &out->items[out->len++];
            c->sent = (uint32_t)si;
            c->tok = i;
            c->start = a->toks.items[s].start;
            c->end = a->toks.items[t - 1].end;
            c->name = NULL;
            c->rule = rule;
        }
    }
    for (size_t k = 0; k < out->len; k++) {
        if (needed && !needed[out->items[k].sent])
            continue;
        sitrep_status st = claim_name(a, names, out, cw, longs, k);
        if (st != SITREP_OK)
            return st;
    }
    return SITREP_OK;
}
