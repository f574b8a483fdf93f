/* record_parse.h - a record from its JSON form (the inverse of
 * sitrep_record_json); jansson does the parsing. */
#ifndef SR_RECORD_PARSE_H
#define SR_RECORD_PARSE_H

#include "util.h"

/* Builds a record from one JSON record (as `sitrep extract --text` writes
 * it; doc.text is required since evidence offsets refer to it). On success
 * the caller frees *out with sitrep_record_free. On failure *out is NULL,
 * SITREP_EINPUT (or SITREP_ENOMEM) is returned and errbuf (SR_ERRMSG_MAX
 * bytes) says what is wrong. */
sitrep_status sr_record_from_json(const char *json, size_t len, sitrep_record **out, char *errbuf);

#endif
