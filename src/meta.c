/* meta.c - title, outlet and date from the text (stub). */
#include "meta.h"

sitrep_status sr_meta_detect(const sr_lexicon *lx, const sr_annot *a, const char *source_hint, sr_meta *out)
{
    (void)lx;
    (void)a;
    (void)source_hint;
    *out = (sr_meta){0};
    out->published = INT64_MIN;
    return SITREP_OK;
}
