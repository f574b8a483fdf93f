/* record.h - the record of one document (sitrep_record): built by the
 * extraction stages, written as JSON (record.c) and as the --explain table. */
#ifndef SR_RECORD_H
#define SR_RECORD_H

#include "util.h"

struct sitrep_record {
    sr_arena arena;                  /* every string and array of the record */
    sitrep_docinfo doc;
    SR_VEC(sitrep_incident) incidents;
    sitrep_summary summary;
    SR_VEC(const char *) warnings;
    SR_VEC(sitrep_span) boiler;
};

sitrep_record *sr_record_new(void);
sitrep_status sr_record_warn(sitrep_record *rec, const char *fmt, ...) SR_PRINTF(2, 3);

#endif
