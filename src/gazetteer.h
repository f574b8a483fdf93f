/* gazetteer.h - places: the GeoNames cities500 gazetteer with admin1 and
 * admin2 names, compiled by tools/gazbuild.c into an index that is mapped
 * into memory (no parsing at start), plus the project's supplement
 * (data/places.tsv) of places that cities500 lacks. Names match after
 * folding (fold.h); ambiguity is settled by the article's country context,
 * admin mentions ("in Raqqa province") and population. */
#ifndef SR_GAZETTEER_H
#define SR_GAZETTEER_H

#include "annot.h"
#include "lexicon.h"

typedef enum sr_gaz_kind {
    SR_GAZ_CITY,    /* a populated place (cities500 or supplement) */
    SR_GAZ_ADMIN2,  /* second-level division */
    SR_GAZ_ADMIN1,  /* first-level division (province, governorate, state) */
    SR_GAZ_COUNTRY
} sr_gaz_kind;

typedef struct sr_gaz_place {
    int64_t geonames_id;      /* 0 for supplement places without one */
    const char *name;         /* display name (ASCII name where GeoNames has one) */
    const char *admin1_name;  /* NULL when unknown */
    const char *admin1_code;  /* GeoNames "SY.09" style, "" when unknown */
    char country[3];          /* ISO alpha-2 */
    double lat, lon;
    uint32_t population;
    uint8_t kind;             /* sr_gaz_kind */
} sr_gaz_place;

/* Opens the index at path (mmap). Caller frees with sr_gaz_close. When path
 * is NULL only the built-in places (supplement, countries) are available. */
sitrep_status sr_gaz_open(const char *path, sr_gazetteer **out, char *errbuf);
void sr_gaz_close(sr_gazetteer *g);

/* Fills *out with place index i. False when out of range. */
bool sr_gaz_place_get(const sr_gazetteer *g, uint32_t i, sr_gaz_place *out);

/* Stage (after lexicon): appends to a->places every place mention, each
 * settled to one place. */
sitrep_status sr_gaz_annotate(const sr_gazetteer *g, const sr_lexicon *lx, sr_annot *a);

#endif
