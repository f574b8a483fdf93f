/* dates.c - date expressions (stub). */
#include "dates.h"

sitrep_status sr_dates_annotate(const sr_lexicon *lx, sr_annot *a)
{
    (void)lx;
    (void)a;
    return SITREP_OK;
}

size_t sr_date_read_absolute(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_dmy_order order,
                             int64_t *days)
{
    (void)lx;
    (void)a;
    (void)i;
    (void)order;
    (void)days;
    return 0;
}
