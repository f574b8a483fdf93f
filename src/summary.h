/* summary.h - the article's main incident in the FA-KES / VDC vocabulary. */
#ifndef SR_SUMMARY_H
#define SR_SUMMARY_H

#include "annot.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "record.h"

/* Stage (last): fills rec->summary from rec's incidents. */
sitrep_status sr_summary_build(const sr_lexicon *lx, const sr_gazetteer *g, const sr_annot *a,
                               sitrep_record *rec);

#endif
