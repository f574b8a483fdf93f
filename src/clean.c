/* clean.c - boilerplate marking (stub: marks nothing yet). */
#include "clean.h"

sitrep_status sr_clean(const sr_lexicon *lx, sr_annot *a)
{
    (void)lx;
    (void)a;
    return SITREP_OK;
}
