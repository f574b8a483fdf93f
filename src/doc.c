/* doc.c - input documents. */
#include "doc.h"

#include "encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sitrep_doc *sr_doc_alloc(void) { return calloc(1, sizeof(sitrep_doc)); }

sitrep_doc *sr_doc_alloc_room(size_t room, char **room_out)
{
    sitrep_doc *doc = malloc(sizeof(sitrep_doc) + room);
    if (!doc)
        return NULL;
    memset(doc, 0, sizeof *doc);
    *room_out = (char *)(doc + 1);
    return doc;
}

/* Frees the string of bit `bit` unless it lies in the document's room. */
static void drop(sitrep_doc *doc, char *s, unsigned bit)
{
    if (!(doc->in_room & bit))
        free(s);
    doc->in_room &= ~bit;
}

void sr_doc_put_field(sitrep_doc *doc, sitrep_doc_field f, char *v, bool in_room)
{
    drop(doc, doc->field[f], 1u << f);
    doc->field[f] = v;
    if (in_room)
        doc->in_room |= 1u << f;
}

void sr_doc_put_origin(sitrep_doc *doc, char *v, bool in_room)
{
    drop(doc, doc->origin, SR_DOC_ORIGIN_IN);
    doc->origin = v;
    if (in_room)
        doc->in_room |= SR_DOC_ORIGIN_IN;
}

void sr_doc_take_body(sitrep_doc *doc, char *body, size_t len)
{
    drop(doc, doc->body, SR_DOC_BODY_IN);
    doc->body = body;
    doc->len = len;
}

void sr_doc_room_body(sitrep_doc *doc, char *body, size_t len)
{
    sr_doc_take_body(doc, body, len);
    doc->in_room |= SR_DOC_BODY_IN;
}


sitrep_status sr_doc_set_body(sitrep_doc *doc, const char *bytes, size_t len)
{
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
    }
    size_t bad = 0;
    sr_buf b = {0};
    if (sr_utf8_valid(bytes, len, &bad)) {
        if (sr_buf_put(&b, bytes, len) != SITREP_OK)
            return SITREP_ENOMEM;
    } else {
        if (sr_cp1252_to_utf8(bytes, len, &b) != SITREP_OK) {
            sr_buf_free(&b);
            return SITREP_ENOMEM;
        }
        if (sr_doc_warn(doc, "not valid UTF-8 (first bad byte at offset %zu): read as Windows-1252",
                        bad) != SITREP_OK) {
            sr_buf_free(&b);
            return SITREP_ENOMEM;
        }
    }
    size_t n;
    char *p = sr_buf_detach(&b, &n);
    if (!p)
        return SITREP_ENOMEM;
    sr_doc_take_body(doc, p, n);
    return SITREP_OK;
}

static char *vformat(const char *fmt, va_list ap)
{
    sr_buf b = {0};
    if (sr_buf_vprintf(&b, fmt, ap) != SITREP_OK) {
        sr_buf_free(&b);
        return NULL;
    }
    return sr_buf_detach(&b, NULL);
}

sitrep_status sr_doc_set_origin(sitrep_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    if (!s)
        return SITREP_ENOMEM;
    sr_doc_put_origin(doc, s, false);
    return SITREP_OK;
}

sitrep_status sr_doc_warn(sitrep_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    if (!s || sr_vec_push(&doc->warnings, s) != SITREP_OK) {
        free(s);
        return SITREP_ENOMEM;
    }
    return SITREP_OK;
}

/* ---- public API ---- */

sitrep_status sitrep_doc_new(const char *body, size_t len, sitrep_doc **out)
{
    *out = NULL;
    sitrep_doc *doc = sr_doc_alloc();
    if (!doc)
        return SITREP_ENOMEM;
    sitrep_status st = sr_doc_set_body(doc, body ? body : "", body ? len : 0);
    if (st != SITREP_OK) {
        sitrep_doc_free(doc);
        return st;
    }
    *out = doc;
    return SITREP_OK;
}

void sitrep_doc_free(sitrep_doc *doc)
{
    if (!doc)
        return;
    drop(doc, doc->body, SR_DOC_BODY_IN);
    for (int i = 0; i < SR_DOC_NFIELDS; i++)
        drop(doc, doc->field[i], 1u << i);
    drop(doc, doc->origin, SR_DOC_ORIGIN_IN);
    for (size_t i = 0; i < doc->warnings.len; i++)
        free(doc->warnings.items[i]);
    free(doc->warnings.items);
    free(doc);
}

sitrep_status sitrep_doc_set(sitrep_doc *doc, sitrep_doc_field field, const char *value)
{
    if ((unsigned)field >= SR_DOC_NFIELDS)
        return SITREP_EUSAGE;
    if (value && field == SITREP_DOC_PUBLISHED) {
        int y, m, d;
        if (!sr_parse_iso_date(value, &y, &m, &d))
            return SITREP_EUSAGE;
    }
    char *copy = NULL;
    if (value && !(copy = strdup(value)))
        return SITREP_ENOMEM;
    sr_doc_put_field(doc, field, copy, false);
    return SITREP_OK;
}

const char *sitrep_doc_get(const sitrep_doc *doc, sitrep_doc_field field)
{
    return (unsigned)field < SR_DOC_NFIELDS ? doc->field[field] : NULL;
}

const char *sitrep_doc_text(const sitrep_doc *doc, size_t *len)
{
    if (len)
        *len = doc->len;
    return doc->body ? doc->body : "";
}

const char *sitrep_doc_origin(const sitrep_doc *doc) { return doc->origin ? doc->origin : "-"; }

const char *const *sitrep_doc_warnings(const sitrep_doc *doc, size_t *n)
{
    *n = doc->warnings.len;
    return (const char *const *)doc->warnings.items;
}
