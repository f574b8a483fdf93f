/* context.h - the loaded resources behind a sitrep_ctx. */
#ifndef SR_CONTEXT_H
#define SR_CONTEXT_H

#include "annot.h"
#include "gazetteer.h"
#include "lexicon.h"

#include <stdatomic.h>

struct sitrep_ctx {
    sr_lexicon *lex;
    sr_gazetteer *gaz;
    char warning[SR_ERRMSG_MAX];
    /* A scratch annot reused by one extraction at a time, so the steady state
     * allocates nothing per document; a concurrent caller gets its own. */
    sr_annot scratch;
    atomic_flag scratch_busy;
};

/* Runs every extraction stage of doc into a (reset first) and rec: what
 * sitrep_extract does, with the annotations left for tools/dump.c. */
sitrep_status sr_run_stages(sitrep_ctx *ctx, const sitrep_doc *doc, sr_annot *a, sitrep_record *rec);

#endif
