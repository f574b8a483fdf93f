/* gazetteer.h - places: the GeoNames cities500 gazetteer with admin1 and
 * admin2 names, compiled by tools/gazbuild.c into an index that is mapped
 * into memory (no parsing at start), plus the project's supplement
 * (data/places.tsv) of places that cities500 lacks and the country list
 * (data/countries.tsv). Names match after folding (fold.h); ambiguity is
 * settled by the article's country context, admin mentions ("in Raqqa
 * province") and population (the rules are written in gazetteer.c).
 *
 * Index file (little-endian, fixed-width records, version GZ_VERSION in
 * gazetteer.c): header, places, hash slots holding the keys, postings,
 * admin1 and admin2 tables, countries, a filter of first words, string
 * pool. Without an index (sr_gaz_open(NULL)) the same image is built in
 * memory from the embedded data/countries.tsv and data/places.tsv only.
 *
 * Ownership: every string handed out (sr_gaz_place fields, rule names) is
 * owned by the gazetteer and valid until sr_gaz_close. A gazetteer is
 * read-only after opening and may be shared by threads. */
#ifndef SR_GAZETTEER_H
#define SR_GAZETTEER_H

#include "annot.h"
#include "lexicon.h"

#define SR_GAZ_NONE UINT32_MAX

typedef enum sr_gaz_kind {
    SR_GAZ_CITY,    /* a populated place (cities500 or supplement): precision town */
    SR_GAZ_ADMIN2,  /* second-level division: precision district */
    SR_GAZ_ADMIN1,  /* first-level division (province, governorate, state) */
    SR_GAZ_COUNTRY,
    SR_GAZ_POINT,   /* a neighbourhood, prison, camp, road or crossing: precision point */
    SR_GAZ_AREA     /* a named area that is no admin unit (Eastern Ghouta, Wadi Barada): district */
} sr_gaz_kind;

typedef struct sr_gaz_place {
    int64_t geonames_id;      /* 0 for supplement places without one */
    const char *name;         /* display name (ASCII name where GeoNames has one) */
    const char *admin1_name;  /* NULL when unknown (and for countries) */
    const char *admin1_code;  /* GeoNames "SY.09" style, "" when unknown */
    const char *admin2_name;  /* NULL when unknown */
    char country[3];          /* ISO 3166-1 alpha-2 ("" for none) */
    double lat, lon;          /* 0 when !has_coords */
    bool has_coords;          /* coordinates known (countries have none without the index) */
    uint32_t population;
    uint8_t kind;             /* sr_gaz_kind */
    uint8_t precision;        /* sitrep_place_precision that the kind gives */
    const char *source;       /* "geonames" or "data/places.tsv:12", "data/countries.tsv:40" */
} sr_gaz_place;

/* Opens the index at path (mmap). Caller frees with sr_gaz_close. When path
 * is NULL only the built-in places (supplement, countries) are available.
 * A file that is not an index of this version gives SITREP_EDATA. */
sitrep_status sr_gaz_open(const char *path, sr_gazetteer **out, char *errbuf);
void sr_gaz_close(sr_gazetteer *g);

/* Number of places (valid indices are 0..n-1). */
uint32_t sr_gaz_nplaces(const sr_gazetteer *g);

/* Fills *out with place index i. False when out of range. */
bool sr_gaz_place_get(const sr_gazetteer *g, uint32_t i, sr_gaz_place *out);

/* The admin1 unit containing place i, as a place index (i itself for an
 * admin1), or SR_GAZ_NONE (countries, places with no known admin1). */
uint32_t sr_gaz_admin1_of(const sr_gazetteer *g, uint32_t i);

/* The country place of place i (i itself for a country) or SR_GAZ_NONE. */
uint32_t sr_gaz_country_of(const sr_gazetteer *g, uint32_t i);

/* Is place i inside the country with ISO alpha-2 (or alpha-3) code `cc`? */
bool sr_gaz_in_country(const sr_gazetteer *g, uint32_t i, const char *cc);

/* Is place `inner` inside place `outer` (same place, same admin1, same
 * admin2, or same country, as outer's kind asks)? */
bool sr_gaz_contains(const sr_gazetteer *g, uint32_t outer, uint32_t inner);

/* The country place for an ISO alpha-2 or alpha-3 code or a country name
 * ("SY", "SYR", "Syria"), or SR_GAZ_NONE. */
uint32_t sr_gaz_country(const sr_gazetteer *g, const char *code_or_name);

/* ISO alpha-3 of an alpha-2 code ("SY" -> "SYR"), or NULL. */
const char *sr_gaz_iso3(const sr_gazetteer *g, const char *iso2);

/* Places whose name folds to the folded form of name[0,n) (demonyms are not
 * names), best first (countries, admin1, then by population). Writes up to
 * cap indices and returns how many there are in all. */
size_t sr_gaz_lookup(const sr_gazetteer *g, const char *name, size_t n, uint32_t *out, size_t cap);

/* ---- the stage ---- */

/* Flags of a place mention (sr_place_ref.flags). */
enum {
    SR_PF_CUE = 1 << 0,       /* after a place cue: "in", "near", "village of", "outside" */
    SR_PF_ADMIN_WORD = 1 << 1,/* with its unit word: "Raqqa province", "the province of Idlib" */
    SR_PF_QUALIFIER = 1 << 2, /* qualifies the place mention before it ("Akayrsh in Raqqa
                                 province", "Douma, Damascus"): contains it */
    SR_PF_LEAD = 1 << 3,      /* in the title or the lead (first sentences) */
    SR_PF_HEADING = 1 << 4,   /* in a heading or title line */
    SR_PF_DATELINE = 1 << 5,  /* a dateline ("ALEPPO, Syria (Reuters) -") */
    SR_PF_ACTOR = 1 << 6      /* a country or national capital named as a government or side,
                                 not as a place: after "by" or a verb of diplomacy or blame
                                 ("backed by Ankara", "accused Damascus"), or joined by "and"
                                 to another ("Moscow and Washington") */
};

/* The rules that settle a mention (sr_place_ref.rule); see gazetteer.c. */
typedef enum sr_gaz_rule {
    SR_GR_UNIQUE,       /* one place has the name */
    SR_GR_KIND,         /* a country or admin1 name (not the small towns of that name) */
    SR_GR_CAPITAL,      /* an admin unit named after its main city: the city */
    SR_GR_ADMIN_WORD,   /* "X province", "X district": the unit */
    SR_GR_QUALIFIED,    /* "X in Y", "X, Y": the X inside Y */
    SR_GR_ADMIN_CONTEXT,/* the place inside an admin1 the article mentions */
    SR_GR_COUNTRY_CONTEXT, /* the place in the article's country */
    SR_GR_POPULATION,   /* the most populous */
    SR_GR_COUNT
} sr_gaz_rule;

/* "gazetteer.unique", ... : a static string for evidence.rule. */
const char *sr_gaz_rule_name(unsigned rule);

/* Stage (after lexicon): appends to a->places every place mention, each
 * settled to one place, in text order. lx gives data/notplaces.txt
 * (SR_LEX_NOTPLACES: never places; role=title: a title before a person's
 * name; role=verb: a speech verb after one). */
sitrep_status sr_gaz_annotate(const sr_gazetteer *g, const sr_lexicon *lx, sr_annot *a);

/* The country where the article's events happen, after the stage ran on a
 * (and the lexicon stage, for its outcome words): each place mention and
 * demonym weighs by what the text says of it: a town or division 2, a
 * country's name 1 after a place cue and 0.5 elsewhere, a demonym 0.5;
 * nothing for datelines, governments (SR_PF_ACTOR), "US-led", "Saudi-led",
 * "pro-Damascus";
 * x0.25 for a venue (talks, bases, statements next to it: "talks in
 * Geneva", "said in Ankara"), else x2 for a place in a sentence that tells
 * harm; x2 in
 * the title and lead (rules in gazetteer.c). ISO alpha-2 in out[3], or ""
 * when the article names none. Returns the country's share of the weight
 * (0..1). lx may be NULL. On the annotation the stage ran on it reads
 * what the stage kept (sr_annot.gazmemo) rather than the tokens. */
double sr_gaz_context_country(const sr_gazetteer *g, const sr_lexicon *lx, const sr_annot *a,
                              char out[3]);

/* ---- building an index (tools/gazbuild.c; also sr_gaz_open(NULL)) ---- */

typedef struct sr_gazb sr_gazb;

sitrep_status sr_gazb_new(sr_gazb **out);
void sr_gazb_free(sr_gazb *b);
/* A first- or second-level division ("SY.09", "Aleppo"; "SY.09.123", "Mount
 * Simeon District"): it becomes a place whose coordinates are those of its
 * capital or largest city. */
sitrep_status sr_gazb_add_admin(sr_gazb *b, int level, const char *code, const char *name);
/* A GeoNames populated place. feature is the feature code ("PPLA", "PPLX");
 * admin1/admin2 are the codes of the GeoNames columns ("09", "123" or "").
 * Returns the place's builder index through *idx. */
sitrep_status sr_gazb_add_city(sr_gazb *b, int64_t gid, const char *name, const char *cc,
                               const char *admin1, const char *admin2, const char *feature,
                               double lat, double lon, uint32_t population, uint32_t *idx);
/* An English word written in lower case (a line of /usr/share/dict/words):
 * a one-word place name equal to it needs a place cue in the text. */
sitrep_status sr_gazb_add_common_word(sr_gazb *b, const char *word);
/* Another name of a place added before (alternate names). Names in other
 * scripts, codes and names with digits are skipped. */
sitrep_status sr_gazb_add_name(sr_gazb *b, uint32_t idx, const char *name);
/* data/countries.tsv and data/places.tsv (text of the file, file name for
 * messages and source notes). Countries must come before places. */
sitrep_status sr_gazb_load_countries(sr_gazb *b, const char *text, size_t len, const char *file,
                                     char *errbuf);
sitrep_status sr_gazb_load_places(sr_gazb *b, const char *text, size_t len, const char *file,
                                  char *errbuf);
/* Writes the index image to out. */
sitrep_status sr_gazb_finish(sr_gazb *b, sr_buf *out, char *errbuf);

#endif
