/* meta.h - the document's metadata told by its own text: title (first
 * heading line), outlet ("(CNN) -", "DW", "Reuters") and publication date
 * ("December 16, 2016", "Wed 05 Apr 2017", "Published July 27 2016",
 * "10-07-2016", a dateline after the headline), from the first lines. */
#ifndef SR_META_H
#define SR_META_H

#include "annot.h"
#include "lexicon.h"

typedef struct sr_meta {
    bool has_title;
    sitrep_span title;           /* bytes of the title line */
    const char *source;          /* outlet slug from data/outlets.txt ("cnn"), or NULL; static/lexicon-owned */
    sitrep_evidence source_ev;
    int64_t published;           /* days since 1970-01-01, or INT64_MIN */
    sitrep_evidence published_ev;
} sr_meta;

/* Stage (after segment): reads the first lines of a. source_hint is the
 * outlet the input named (may be NULL): a date written d-m-y or m-d-y is read
 * the way that outlet writes dates. */
sitrep_status sr_meta_detect(const sr_lexicon *lx, const sr_annot *a, const char *source_hint,
                             sr_meta *out);

#endif
