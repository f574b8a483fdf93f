/* incidents.h - joining the counts, places, dates, actors, causes and
 * claims of neighbouring sentences that tell one event into incidents. */
#ifndef SR_INCIDENTS_H
#define SR_INCIDENTS_H

#include "annot.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "record.h"

/* Stage: appends the document's incidents, in text order, to rec. Writes
 * its working arrays (token index, counts, claimants) to a's arena; the
 * summary stage reads them back through sr_incidents_work. */
sitrep_status sr_incidents_build(const sr_lexicon *lx, const sr_gazetteer *g, sr_annot *a,
                                 sitrep_record *rec);

/* The article's country: the gazetteer's context rule, else the country that
 * the article's place mentions name most often (ISO alpha-2), or "". */
void sr_article_country(const sr_gazetteer *g, const sr_lexicon *lx, const sr_annot *a, char out[3]);

#endif
