/* words.c - the closed word lists of the extraction stages, and the table
 * that gives a word's lists in one probe (built once). */
#include "words.h"

#include <pthread.h>
#include <string.h>

#include "util.h"

_Static_assert(SR_WC_COUNT <= 63, "one bit per list, and SR_WC_DONE");

/* ---- counts.c ---- */

static const char *const MONTHS[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", NULL};

/* Words between the victims and the outcome word of a passive or participle. */
static const char *const FILLER[] = {
    "were", "was", "have", "has", "had", "been", "be", "being", "are", "is", "reportedly",
    "allegedly", "also", "all", "later", "feared", "believed", "reported", "said", "to", "who",
    "that", "confirmed", "both", "now", "subsequently", "remained", "remain", "remains", "still",
    "found", "left", "already", "apparently", "likely", "probably", "possibly", "thought",
    "presumed", "either", "killed_or", "instantly", "immediately", "eventually", "tragically",
    "brutally", "allegedly", "officially", "initially", "so", "far", "reported", "get", "got",
    "lie", "lay", "lying", "may", "might", "could", NULL};

/* Auxiliaries of a passive. */
static const char *const AUX[] = {
    "were", "was", "have", "has", "had", "been", "be", "being", "are", "is", "get", "got", NULL};

/* Words that end a victim noun phrase (function words, verbs of other kinds). */
static const char *const NP_STOP[] = {
    "of", "in", "on", "at", "by", "for", "from", "with", "to", "into", "and", "or", "but", "were",
    "was", "are", "is", "have", "has", "had", "been", "be", "the", "a", "an", "this", "that",
    "these", "those", "who", "which", "when", "while", "after", "before", "during", "since", "as",
    "than", "per", "each", "every", "their", "his", "her", "its", "our", "your", "s", "them",
    "they", "he", "she", "it", "we", "i", "you", "said", "says", "say", "told", "including",
    "among", "between", "about", "up", "out", "over", "under", "near", "across", "against",
    "through", "not", "no", "more", "only", NULL};

/* Heads after "a"/"an" that are not a person. */
static const char *const NOT_PERSONS[] = {
    "total", "number", "group", "series", "lot", "couple", "few", "handful", "dozen", "score",
    "wave", "spate", "string", "result", "statement", "video", "report", "car", "vehicle", "house",
    "building", "village", "town", "city", "place", "position", "checkpoint", "base", "market",
    "mosque", "school", "hospital", "convoy", "bus", "truck", "boat", "plane", "helicopter",
    "drone", "post", "area", "region", "time", "day", "week", "month", "year", "while", "way",
    "kind", "type", "part", "new", "further", "fresh", "second", "third", "similar", "separate",
    "suspected", "major", "large", "huge", "massive", "deadly", "powerful", "single", "lone", NULL};

/* Verbs whose object "N lives" is a count of the killed. */
static const char *const LIVES_VERBS[] = {
    "claimed", "claiming", "claim", "claims", "cost", "costing", "costs", "took", "taken", "taking",
    "lost", NULL};

/* Adverbs between "was" and the outcome word. */
static const char *const SG_ADVERBS[] = {
    "reportedly", "allegedly", "also", "later", "brutally", "then", "subsequently", "eventually",
    "apparently", "fatally", "allegedly", "instantly", "immediately", "mistakenly", "accidentally",
    "found", "later", NULL};

/* Subjects of "was killed" that are no person. */
static const char *const NOT_SUBJECTS[] = {
    "one", "nobody", "none", "it", "which", "this", "that", "what", "there", "no", "anyone",
    "attack", "toll", "number", NULL};

static const char *const TIME_UNITS[] = {
    "day", "days", "week", "weeks", "month", "months", "year", "years", "night", "hour", NULL};

static const char *const WAR_NOUNS[] = {
    "war", "conflict", "uprising", "insurgency", "revolution", "crisis", "warfare", NULL};

static const char *const SINCE_WORDS[] = {
    "began", "begun", "start", "started", "beginning", "outbreak", "broke", "erupted", "onset",
    "then", NULL};

/* Subjects that name a war as a whole only for thousands in the present perfect with no recent
 * date ("the fighting has killed 5,000"; not "fighting killed 20 on Monday", "clashes have
 * killed at least 30 people"). */
static const char *const WAR_GENERAL[] = {
    "fighting", "violence", "bloodshed", "hostilities", "clashes", "unrest", NULL};

/* Words that sum a whole period ("overall"; also "in total", "the total death toll": counts.c). */
static const char *const TOTALS[] = {"overall", "cumulative", "altogether", NULL};

/* ---- actors.c ---- */

static const char *const ATTACK_VERBS[] = {
    "shelled", "bombed", "struck", "targeted", "attacked", "hit", "stormed", "raided", "fired",
    "pounded", "launched", "shelling", "bombing", "targeting", "attacking", "striking", "carried",
    "conducted", "opened", "dropped", "ambushed", "executed", "used", NULL};

static const char *const HELD[] = {
    "based", "bound", "held", "controlled", "run", "occupied", "dominated", "besieged", "backed", "linked", "allied",
    "affiliated", "supported", "sponsored", "leaning", "aligned", "friendly", "brokered",
    "sponsored", "mediated", "trained", "armed", "funded", "formed", NULL};

static const char *const PASSIVE_AUX[] = {
    "were", "was", "been", "being", "are", "is", NULL};

static const char *const ACTIVE_FILL[] = {
    "has", "have", "had", "reportedly", "allegedly", "also", "then", "later", "apparently", "on",
    "which", "who", "that", NULL};

static const char *const TERRITORY_VERBS[] = {
    "held", "controlled", "run", "seized", "captured", "besieged", "surrounded", "occupied",
    "retaken", "recaptured", "backed", "supported", "led", "founded", "claimed", "dominated", NULL};

static const char *const AGAINST_NOUNS[] = {
    "clashes", "fighting", "battles", "battle", "clashed", "fought", "fight", "clashing", "war",
    "offensive", NULL};

static const char *const TARGET_WORDS[] = {
    "on", "against", "targeting", "targeted", "hit", "struck", "at", "into", NULL};

static const char *const AGENT_NOUNS[] = {
    "offensive", "assault", "attack", "attacks", "raid", "raids", "operation", "operations",
    "bombing", "bombings", "campaign", "ambush", "onslaught", "advance", "fire", NULL};

static const char *const OBJECT_STARTS[] = {
    "a", "an", "at", "more", "over", "some", "about", "around", "nearly", "up", "the", "his", "her",
    "their", "him", "them", "several", "many", "dozens", "scores", "hundreds", NULL};

static const char *const CLAUSE_PUNCT[] = {
    ",", ";", ":", ".", "(", ")", "\"", NULL};

static const char *const CLAIM_NOUNS[] = {
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "monitor", "observatory",
    "activists", "activist", "sources", "source", "witnesses", "witness", "residents", "resident",
    "police", "ministry", "agency", "media", "television", "tv", "group", "army", "military",
    "authorities", "doctors", "doctor", "medics", "rescuers", "statement", "report", "government",
    "governor", "officer", "commander", "coalition", "council", "organisation", "organization",
    "office", "envoy", "mediator", "correspondent", "journalist", "journalists", "locals",
    "survivors", "survivor", "relatives", "photos", "photographs", "images", "pictures",
    "documents", "records", "figures", "footage", NULL};

static const char *const PRONOUNS[] = {
    "he", "she", "it", "they", "we", NULL};

static const char *const CLAUSE_STOP[] = {
    "that", "who", "which", "when", "while", "as", "because", "but", "and", "after", "before", "if",
    "although", "though", "where", "since", NULL};

static const char *const LEAD_JUNK[] = {
    "but", "however", "meanwhile", "and", "also", "earlier", "later", "separately", "yet", "so",
    "then", "now", "in", "on", "at", NULL};

static const char *const PREPS[] = {
    "in", "on", "at", "after", "before", "during", "for", "from", "with", "by", "of", "to", "since",
    "as", NULL};

/* ---- incidents.c ---- */

static const char *const STATEMENT_VERBS[] = {
    "said", "says", "told", "reported", "announced", "added", "stated", "claimed", NULL};

static const char *const REPORT_NOUNS[] = {
    "report", "statement", "study", "survey", "investigation", "interview", "conference",
    "briefing", "findings", "tally", NULL};

static const char *const REPORT_PREPS[] = {
    "from", "on", "in", "of", "dated", "published", "issued", NULL};

/* Verbs of moving people before "to" + a place: where they went, not where harm came to them. */
static const char *const MOTION_VERBS[] = {
    "evacuated", "taken", "transferred", "moved", "fled", "flee", "fleeing", "bussed", "bused",
    "transported", "brought", "sent", "deported", "relocated", "headed", "heading", "returned",
    "returning", "displaced", "rushed", "airlifted", NULL};

/* "the city", "the town", "the village": the last town named before. */
static const char *const TOWN_NOUNS[] = {"city", "town", "village", NULL};

/* "the prison", "the camp", "the district": the last place named before that is no division. */
static const char *const SITE_NOUNS[] = {
    "prison", "camp", "neighbourhood", "neighborhood", "suburb", "district", "enclave", NULL};

static const char *const *const LISTS[SR_WC_COUNT] = {MONTHS, FILLER, AUX, NP_STOP, NOT_PERSONS, LIVES_VERBS, SG_ADVERBS, NOT_SUBJECTS, TIME_UNITS, WAR_NOUNS, SINCE_WORDS, WAR_GENERAL, TOTALS, ATTACK_VERBS, HELD, PASSIVE_AUX, ACTIVE_FILL, TERRITORY_VERBS, AGAINST_NOUNS, TARGET_WORDS, AGENT_NOUNS, OBJECT_STARTS, CLAUSE_PUNCT, CLAIM_NOUNS, PRONOUNS, CLAUSE_STOP, LEAD_JUNK, PREPS, STATEMENT_VERBS, REPORT_NOUNS, REPORT_PREPS, MOTION_VERBS, TOWN_NOUNS, SITE_NOUNS};

/* open addressing over the words of every list: word -> bits */
enum { TABLE = 1024 };
static struct {
    const char *w;
    uint64_t bits;
} table[TABLE];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *w)
{
    uint32_t h = 2166136261u;
    for (; *w; w++)
        h = (h ^ (unsigned char)*w) * 16777619u;
    return h;
}

static void build(void)
{
    for (int l = 0; l < SR_WC_COUNT; l++)
        for (const char *const *p = LISTS[l]; *p; p++) {
            uint32_t i = hash(*p) & (TABLE - 1);
            while (table[i].w && strcmp(table[i].w, *p))
                i = (i + 1) & (TABLE - 1);
            table[i].w = *p;
            table[i].bits |= 1ull << l;
        }
}

uint64_t sr_word_classes(const char *w)
{
    pthread_once(&once, build);
    for (uint32_t i = hash(w) & (TABLE - 1);; i = (i + 1) & (TABLE - 1)) {
        if (!table[i].w)
            return SR_WC_DONE;
        if (table[i].w[0] == w[0] && !strcmp(table[i].w, w))
            return table[i].bits | SR_WC_DONE;
    }
}
