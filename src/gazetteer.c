/* gazetteer.c - places (stub). */
#include "gazetteer.h"

#include <stdlib.h>

struct sr_gazetteer {
    int unused;
};

sitrep_status sr_gaz_open(const char *path, sr_gazetteer **out, char *errbuf)
{
    (void)path;
    (void)errbuf;
    *out = calloc(1, sizeof(**out));
    return *out ? SITREP_OK : SITREP_ENOMEM;
}

void sr_gaz_close(sr_gazetteer *g) { free(g); }

bool sr_gaz_place_get(const sr_gazetteer *g, uint32_t i, sr_gaz_place *out)
{
    (void)g;
    (void)i;
    (void)out;
    return false;
}

sitrep_status sr_gaz_annotate(const sr_gazetteer *g, const sr_lexicon *lx, sr_annot *a)
{
    (void)g;
    (void)lx;
    (void)a;
    return SITREP_OK;
}
