/* doc.h - the input document: a body and the metadata the caller or the
 * reader gave. Created by readers (read.c) or sitrep_doc_new. */
#ifndef SR_DOC_H
#define SR_DOC_H

#include "util.h"

#define SR_DOC_NFIELDS 5 /* sitrep_doc_field values */

struct sitrep_doc {
    char *body;   /* valid UTF-8, NUL-terminated; evidence offsets refer to it */
    size_t len;
    char *field[SR_DOC_NFIELDS];
    char *origin; /* "path" or "path:line", for messages */
    SR_VEC(char *) warnings;
};

/* Creates an empty document. Caller frees with sitrep_doc_free. */
sitrep_doc *sr_doc_alloc(void);

/* Sets the body from bytes as read: valid UTF-8 is copied as is; anything
 * else is read as Windows-1252 and a warning naming the first bad byte is
 * added. A leading UTF-8 byte order mark is dropped. */
sitrep_status sr_doc_set_body(sitrep_doc *doc, const char *bytes, size_t len);

/* Takes ownership of body (malloc'd, valid UTF-8, NUL-terminated). */
void sr_doc_take_body(sitrep_doc *doc, char *body, size_t len);

sitrep_status sr_doc_set_origin(sitrep_doc *doc, const char *fmt, ...) SR_PRINTF(2, 3);
sitrep_status sr_doc_warn(sitrep_doc *doc, const char *fmt, ...) SR_PRINTF(2, 3);

#endif
