/* summary.c - the FA-KES summary (stub). */
#include "summary.h"

sitrep_status sr_summary_build(const sr_lexicon *lx, const sr_gazetteer *g, const sr_annot *a,
                               sitrep_record *rec)
{
    (void)lx;
    (void)g;
    (void)a;
    (void)rec;
    return SITREP_OK;
}
