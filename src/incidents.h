/* incidents.h - joining the counts, places, dates, actors, causes and
 * claims of neighbouring sentences that tell one event into incidents. */
#ifndef SR_INCIDENTS_H
#define SR_INCIDENTS_H

#include "annot.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "record.h"

/* Stage: appends the document's incidents, in text order, to rec. */
sitrep_status sr_incidents_build(const sr_lexicon *lx, const sr_gazetteer *g, const sr_annot *a,
                                 sitrep_record *rec);

#endif
