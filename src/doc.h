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
    /* The fields (bit 1 << field), the origin (SR_DOC_ORIGIN_IN) and the
     * body (SR_DOC_BODY_IN) that lie in the document's own room (sr_doc_alloc_room): freed with it, not
     * apart. */
    unsigned in_room;
};

#define SR_DOC_ORIGIN_IN (1u << SR_DOC_NFIELDS)
#define SR_DOC_BODY_IN (2u << SR_DOC_NFIELDS)

/* Creates an empty document. Caller frees with sitrep_doc_free. */
sitrep_doc *sr_doc_alloc(void);
/* The same, with `room` bytes of its own after it in one allocation (*room
 * points to them), for its fields and origin: a reader that knows their
 * sizes makes one allocation, not one a string. */
sitrep_doc *sr_doc_alloc_room(size_t room, char **room_out);

/* Sets field f (or the origin) to v, NUL-terminated and not copied: v is
 * malloc'd (the document owns it from now on) or, with in_room, lies in the
 * document's room. The previous value is freed. */
void sr_doc_put_field(sitrep_doc *doc, sitrep_doc_field f, char *v, bool in_room);
void sr_doc_put_origin(sitrep_doc *doc, char *v, bool in_room);

/* Sets the body from bytes as read: valid UTF-8 is copied as is; anything
 * else is read as Windows-1252 and a warning naming the first bad byte is
 * added. A leading UTF-8 byte order mark is dropped. */
sitrep_status sr_doc_set_body(sitrep_doc *doc, const char *bytes, size_t len);

/* Takes ownership of body (malloc'd, valid UTF-8, NUL-terminated). */
void sr_doc_take_body(sitrep_doc *doc, char *body, size_t len);
/* The same for a body that lies in the document's room (sr_doc_alloc_room). */
void sr_doc_room_body(sitrep_doc *doc, char *body, size_t len);

sitrep_status sr_doc_set_origin(sitrep_doc *doc, const char *fmt, ...) SR_PRINTF(2, 3);
sitrep_status sr_doc_warn(sitrep_doc *doc, const char *fmt, ...) SR_PRINTF(2, 3);

#endif
