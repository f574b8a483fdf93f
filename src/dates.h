/* dates.h - date expressions: absolute ("December 16, 2016", "16 Dec",
 * "2016-12-16", "10-07-2016") and relative to the publication date ("on
 * Monday" in a Tuesday article is the day before: news tells the past;
 * "yesterday", "last week", "last Thursday", "since last August", "between
 * 2011 and 2015", "earlier this month"), each with its precision. */
#ifndef SR_DATES_H
#define SR_DATES_H

#include "annot.h"
#include "lexicon.h"

/* Stage (after lexicon): appends to a->dates every date expression outside
 * boilerplate, resolved against a->published; relative expressions with no
 * publication date stay unresolved (resolved = 0). */
sitrep_status sr_dates_annotate(const sr_lexicon *lx, sr_annot *a);

/* Order in which an all-digit date "10-07-2016" is read. */
typedef enum sr_dmy_order { SR_ORDER_UNKNOWN, SR_ORDER_DMY, SR_ORDER_MDY } sr_dmy_order;

/* Reads one absolute calendar date (day precision) starting at token i:
 * "December 16, 2016", "Wed 05 Apr 2017", "Saturday 21 Jun 2014",
 * "10-07-2016", "21.02.2015", "2016-12-16". On success returns the number
 * of tokens read and sets *days; 0 when no date starts at i. */
size_t sr_date_read_absolute(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_dmy_order order,
                             int64_t *days);

#endif
