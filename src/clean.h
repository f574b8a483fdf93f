/* clean.h - marking the lines of a scraped page that are not the article
 * (menus, "Skip to content", photo credits, share and newsletter prompts,
 * comment notices, agency sign-offs) as boilerplate. Offsets never change:
 * boilerplate is a list of spans that later stages skip. */
#ifndef SR_CLEAN_H
#define SR_CLEAN_H

#include "annot.h"
#include "lexicon.h"

/* Stage: fills a->boiler (sorted, non-overlapping, each a whole line or a
 * trailing part of one, e.g. a caption's "Image: Reuters/A. Ismail"). */
sitrep_status sr_clean(const sr_lexicon *lx, sr_annot *a);

#endif
