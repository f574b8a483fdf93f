/* read_jsonl.c - JSON Lines: one object per line, {"text": ..., "id",
 * "title", "source", "published", "url" optional}, one line at a time, so
 * memory is one line's worth.
 *
 * Two parsers with one meaning. A line of the usual shape, a flat object
 * whose members are strings, whole numbers, true, false or null, in valid
 * UTF-8, is read by the scanner below in one pass: it checks the line as
 * RFC 8259 (and jansson) would, escapes, \u surrogate pairs and control
 * characters included, and decodes the text straight into the document's
 * body. Anything else (nested values, fractions and exponents, \u0000,
 * escaped or repeated member names, a line that is not UTF-8, any error)
 * makes the scanner give up without a trace, and jansson reads the line as
 * before, so results and messages stay those of jansson
 * (tests/unit/test_jsonl.c compares the two on generated lines). */
#include "read.h"

#include "encoding.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

bool sr_jsonl_jansson_only = false;

void sr_jsonl_free(sr_jsonl *j)
{
    sr_buf_free(&j->line);
    sr_buf_free(&j->conv);
    sr_buf_free(&j->vals);
}

static const struct {
    const char *key;
    sitrep_doc_field field;
} jsonl_fields[] = {
    {"id", SITREP_DOC_ID},       {"title", SITREP_DOC_TITLE}, {"source", SITREP_DOC_SOURCE},
    {"published", SITREP_DOC_PUBLISHED}, {"url", SITREP_DOC_URL},
};
#define NFIELDS SR_ARRAY_LEN(jsonl_fields)

static sitrep_status not_a_string(sitrep_doc *doc, const char *key)
{
    return sr_doc_warn(doc, "member \"%s\" is not a string: ignored", key);
}

/* ------------------------------------------------------------------------
 * The scanner of flat objects
 * ---------------------------------------------------------------------- */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Bytes that end a run of plain string bytes: '"', '\\', controls below
 * 0x20 and every byte from 0x80 (checked as UTF-8 one sequence at a time).
 * The lowest flagged byte of the word is always a true one. */
static inline uint64_t special_bytes(uint64_t v)
{
    uint64_t q = v ^ (ONES * '"'), b = v ^ (ONES * '\\');
    return (v | ((v - ONES * 0x20) & ~v) | ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
}

#if defined(__SSE2__)
/* Copies sixteen bytes from p to o and returns the movemask of the ones
 * special_bytes flags ('"', '\\', and as signed bytes below 0x20 the
 * controls and every byte from 0x80). */
static inline unsigned copy16(const unsigned char *p, unsigned char *o)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    _mm_storeu_si128((__m128i *)(void *)o, v);
    __m128i qb = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    __m128i sp = _mm_or_si128(qb, _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    return (unsigned)_mm_movemask_epi8(sp);
}
#endif

static inline int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Four hex digits at p (p + 4 <= e), or -1. */
static inline long hex4(const unsigned char *p)
{
    int a = hexval(p[0]), b = hexval(p[1]), c = hexval(p[2]), d = hexval(p[3]);
    if ((a | b | c | d) < 0)
        return -1;
    return (long)((a << 12) | (b << 8) | (c << 4) | d);
}

/* Reads the string that starts after the opening quote at p, up to its
 * closing quote, decoding it into out (room for e - p + 8 bytes). Returns
 * the byte after the closing quote and the decoded length in *olen, or
 * NULL when the string is not one the scanner takes (the caller falls
 * back). */
static const unsigned char *scan_string(const unsigned char *p, const unsigned char *e, unsigned char *out,
                                        size_t *olen)
{
    unsigned char *o = out;
    for (;;) {
#if defined(__SSE2__)
        /* thirty-two bytes a round where there is SSE2 (every x86-64), one
         * test for both halves (a body is most of a line); the bytes left
         * go by eight below. The output is never longer than the input
         * read, so o has the room p has. */
        while (p + 32 <= e) {
            unsigned m = copy16(p, o) | copy16(p + 16, o + 16) << 16;
            if (m) {
                size_t k = (size_t)__builtin_ctz(m);
                p += k;
                o += k;
                goto special;
            }
            p += 32;
            o += 32;
        }
#endif
        while (p + 8 <= e) {
            uint64_t v;
            memcpy(&v, p, 8);
            memcpy(o, &v, 8); /* the room has 8 bytes to spare */
            uint64_t m = special_bytes(v);
            if (!m) {
                p += 8;
                o += 8;
                continue;
            }
            size_t k = (size_t)__builtin_ctzll(m) >> 3;
            p += k;
            o += k;
            break;
        }
        while (p < e && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80) /* the last bytes */
            *o++ = *p++;
#if defined(__SSE2__)
    special:
#endif
        if (p >= e)
            return NULL;
        unsigned char c = *p;
        if (c == '"') {
            *olen = (size_t)(o - out);
            return p + 1;
        }
        if (c == '\\') {
            if (p + 1 >= e)
                return NULL;
            unsigned char x = p[1];
            p += 2;
            switch (x) {
            case '"': *o++ = '"'; continue;
            case '\\': *o++ = '\\'; continue;
            case '/': *o++ = '/'; continue;
            case 'b': *o++ = '\b'; continue;
            case 'f': *o++ = '\f'; continue;
            case 'n': *o++ = '\n'; continue;
            case 'r': *o++ = '\r'; continue;
            case 't': *o++ = '\t'; continue;
            case 'u': break;
            default: return NULL;
            }
            if (p + 4 > e)
                return NULL;
            long u = hex4(p);
            p += 4;
            if (u <= 0) /* not hex, or \u0000 (jansson refuses it) */
                return NULL;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return NULL;
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (p + 6 > e || p[0] != '\\' || p[1] != 'u')
                    return NULL;
                long l = hex4(p + 2);
                if (l < 0xDC00 || l > 0xDFFF)
                    return NULL;
                p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
            }
            if (u < 0x80) {
                *o++ = (unsigned char)u;
            } else if (u < 0x800) {
                *o++ = (unsigned char)(0xC0 | (u >> 6));
                *o++ = (unsigned char)(0x80 | (u & 0x3F));
            } else if (u < 0x10000) {
                *o++ = (unsigned char)(0xE0 | (u >> 12));
                *o++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
                *o++ = (unsigned char)(0x80 | (u & 0x3F));
            } else {
                *o++ = (unsigned char)(0xF0 | (u >> 18));
                *o++ = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
                *o++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
                *o++ = (unsigned char)(0x80 | (u & 0x3F));
            }
            continue;
        }
        if (c < 0x80) /* a control character */
            return NULL;
        /* UTF-8: no overlongs, no surrogates, nothing above U+10FFFF */
        size_t need;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3;
        else
            return NULL;
        if ((size_t)(e - p) <= need)
            return NULL;
        uint32_t cp = c & (0x3F >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return NULL;
            cp = (cp << 6) | (p[k] & 0x3Fu);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return NULL;
        for (size_t k = 0; k <= need; k++)
            *o++ = p[k];
        p += need + 1;
    }
}

static inline const unsigned char *skip_ws(const unsigned char *p, const unsigned char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* What the scanner found for a member it keeps. */
enum { V_NONE, V_STRING, V_NULL, V_INT, V_OTHER };
typedef struct member {
    int type;
    size_t off, len; /* V_STRING: decoded bytes in j->vals; V_INT: digits in the line */
} member;

/* Index of a member name in jsonl_fields, NFIELDS for "text", -1 for any
 * other. */
static int member_index(const unsigned char *k, size_t n)
{
    switch (n) {
    case 2: return memcmp(k, "id", 2) == 0 ? 0 : -1;
    case 3: return memcmp(k, "url", 3) == 0 ? 4 : -1;
    case 4: return memcmp(k, "text", 4) == 0 ? (int)NFIELDS : -1;
    case 5: return memcmp(k, "title", 5) == 0 ? 1 : -1;
    case 6: return memcmp(k, "source", 6) == 0 ? 2 : -1;
    case 9: return memcmp(k, "published", 9) == 0 ? 3 : -1;
    default: return -1;
    }
}

/* Reads the line with the scanner. Returns SITREP_OK with *out set when the
 * line was read, SITREP_OK with *out NULL when the scanner leaves the line
 * to jansson (nothing was changed), or SITREP_ENOMEM. */
static sitrep_status scan_line(sr_jsonl *j, const sr_input *in, const char *line, size_t len,
                               sitrep_doc **out)
{
    *out = NULL;
    const unsigned char *p = (const unsigned char *)line, *e = p + len;
    member mem[NFIELDS];
    memset(mem, 0, sizeof mem);
    unsigned char *body = NULL;
    size_t body_len = 0, cap = 0;
    sitrep_doc *doc = NULL;
    bool have_text = false;
    sr_buf_clear(&j->vals);
    if (sr_buf_reserve(&j->vals, len + 8) != SITREP_OK)
        return SITREP_ENOMEM;

    p = skip_ws(p, e);
    if (p >= e || *p != '{')
        return SITREP_OK;
    p = skip_ws(p + 1, e);
    if (p < e && *p == '}')
        return SITREP_OK; /* {}: no text; jansson words the message */
    for (;;) {
        /* the name: plain bytes only (an escape sends the line to jansson) */
        if (p >= e || *p != '"')
            goto give_up;
        const unsigned char *k = ++p;
        while (p < e && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80)
            p++;
        if (p >= e || *p != '"')
            goto give_up;
        int idx = member_index(k, (size_t)(p - k));
        p = skip_ws(p + 1, e);
        if (p >= e || *p != ':')
            goto give_up;
        p = skip_ws(p + 1, e);
        if (p >= e)
            goto give_up;
        if (idx >= 0 && ((idx == (int)NFIELDS && have_text) || (idx < (int)NFIELDS && mem[idx].type)))
            goto give_up; /* a repeated member: jansson keeps the last one */
        unsigned char c = *p;
        if (c == '"') {
            size_t n;
            if (idx == (int)NFIELDS) {
                /* the document with its body, fields and origin in one
                 * allocation: the body and the values after it decode into
                 * fewer bytes than the line has from here, those before it
                 * are in j->vals (an id in digits has up to 18) */
                cap = (size_t)(e - p) + 8 + j->vals.len + 19 + NFIELDS + SR_READ_ORIGIN_ROOM(in->name);
                char *room;
                if (!(doc = sr_doc_alloc_room(cap, &room)))
                    return SITREP_ENOMEM;
                body = (unsigned char *)room;
                if (!(p = scan_string(p + 1, e, body, &n)))
                    goto give_up;
                body_len = n;
                have_text = true;
            } else {
                /* decoded after the values before it; the room for all of
                 * them is the line's length */
                unsigned char *o = (unsigned char *)j->vals.data + j->vals.len;
                if (!(p = scan_string(p + 1, e, o, &n)))
                    goto give_up;
                if (idx >= 0) {
                    mem[idx].type = V_STRING;
                    mem[idx].off = j->vals.len;
                    mem[idx].len = n;
                    j->vals.len += n;
                }
            }
        } else if (c == 'n' || c == 't' || c == 'f') {
            const char *word = c == 'n' ? "null" : c == 't' ? "true" : "false";
            size_t n = c == 'f' ? 5 : 4;
            if ((size_t)(e - p) < n || memcmp(p, word, n) != 0)
                goto give_up;
            p += n;
            if (idx == (int)NFIELDS)
                goto give_up; /* the text is not a string */
            if (idx >= 0)
                mem[idx].type = c == 'n' ? V_NULL : V_OTHER;
        } else if (c >= '0' && c <= '9') {
            /* whole numbers of up to 18 digits (no overflow); fractions,
             * exponents and negative numbers go to jansson */
            const unsigned char *d = p;
            if (c == '0')
                p++;
            else
                while (p < e && *p >= '0' && *p <= '9')
                    p++;
            if (p - d > 18 || (p < e && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9'))))
                goto give_up;
            if (idx == (int)NFIELDS)
                goto give_up;
            if (idx >= 0) {
                mem[idx].type = V_INT;
                mem[idx].off = (size_t)(d - (const unsigned char *)line);
                mem[idx].len = (size_t)(p - d);
            }
        } else {
            goto give_up; /* an object, an array, a negative number, or an error */
        }
        p = skip_ws(p, e);
        if (p >= e)
            goto give_up;
        if (*p == ',') {
            p = skip_ws(p + 1, e);
            continue;
        }
        if (*p != '}')
            goto give_up;
        p = skip_ws(p + 1, e);
        if (p != e)
            goto give_up;
        break;
    }
    if (!have_text || sr_read_blank((const char *)body, body_len))
        goto give_up; /* messages of jansson's path */

    /* the body, as sr_doc_set_body takes it: a leading byte order mark
     * dropped (the text is valid UTF-8 by construction) */
    size_t skip = body_len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (skip) {
        memmove(body, body + 3, body_len - 3);
        body_len -= 3;
    }
    body[body_len] = '\0';
    /* the fields and the origin after the body */
    size_t used = body_len + 1 + SR_READ_ORIGIN_ROOM(in->name);
    for (size_t i = 0; i < NFIELDS; i++)
        if (mem[i].type == V_STRING || (mem[i].type == V_INT && jsonl_fields[i].field == SITREP_DOC_ID))
            used += mem[i].len + 1;
    if (cap - used > 4096 && cap / 8 < cap - used) {
        /* much room left over (long members after the text): give it back */
        sitrep_doc *q = realloc(doc, sizeof *doc + used);
        if (q) {
            doc = q;
            body = (unsigned char *)(doc + 1);
        }
    }
    sr_doc_room_body(doc, (char *)body, body_len);
    char *r = (char *)body + body_len + 1;
    sitrep_status st = sr_read_set_origin_in(doc, in->name, j->lineno, &r);
    for (size_t i = 0; i < NFIELDS && st == SITREP_OK; i++) {
        const member *m = &mem[i];
        sitrep_doc_field f = jsonl_fields[i].field;
        if (m->type == V_STRING)
            st = sr_read_set_field_in(doc, f, j->vals.data + m->off, m->len, &r, true);
        else if (m->type == V_INT && f == SITREP_DOC_ID)
            st = sr_read_set_field_in(doc, f, line + m->off, m->len, &r, true);
        else if (m->type == V_INT || m->type == V_OTHER)
            st = not_a_string(doc, jsonl_fields[i].key);
    }
    if (st != SITREP_OK) {
        sitrep_doc_free(doc);
        return st;
    }
    *out = doc;
    return SITREP_OK;
give_up:
    free(doc); /* nothing in it yet but the bytes read */
    return SITREP_OK;
}

/* ------------------------------------------------------------------------
 * jansson's path
 * ---------------------------------------------------------------------- */

/* Sets one metadata field from a member of the line's object. Strings are
 * taken as they are; an id may also be a whole number; null is no value;
 * anything else is ignored with a warning. */
static sitrep_status take_member(sitrep_doc *doc, json_t *obj, const char *key, sitrep_doc_field f)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return SITREP_OK;
    if (json_is_string(v))
        return sr_read_set_field(doc, f, json_string_value(v), json_string_length(v));
    if (f == SITREP_DOC_ID && json_is_integer(v)) {
        char num[32];
        int n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return sr_read_set_field(doc, f, num, (size_t)n);
    }
    return not_a_string(doc, key);
}

static sitrep_status read_with_jansson(sr_jsonl *j, sr_input *in, const char *line, size_t len,
                                       sitrep_doc **out, char *errbuf)
{
    /* A line that is not UTF-8 is read as Windows-1252 before parsing, as
     * text files are, so that a Latin-1 export still reads. */
    size_t bad = 0;
    bool converted = false;
    if (!sr_utf8_valid(line, len, &bad)) {
        sr_buf_clear(&j->conv);
        if (sr_cp1252_to_utf8(line, len, &j->conv) != SITREP_OK)
            return SITREP_ENOMEM;
        line = j->conv.data;
        len = j->conv.len;
        converted = true;
    }

    json_error_t je;
    json_t *obj = json_loadb(line, len, 0, &je);
    if (!obj) {
        sr_errf(errbuf, "%s:%" PRIu64 ": not JSON: %s (column %d)", in->name, j->lineno, je.text,
                je.column);
        return SITREP_EINPUT;
    }
    sitrep_status st = SITREP_EINPUT;
    sitrep_doc *doc = NULL;
    json_t *text = json_object_get(obj, "text");
    if (!json_is_object(obj)) {
        sr_errf(errbuf, "%s:%" PRIu64 ": not a JSON object", in->name, j->lineno);
        goto done;
    }
    if (!json_is_string(text)) {
        sr_errf(errbuf, "%s:%" PRIu64 ": no \"text\" string in the object", in->name, j->lineno);
        goto done;
    }
    if (sr_read_blank(json_string_value(text), json_string_length(text))) {
        sr_errf(errbuf, "%s:%" PRIu64 ": empty \"text\"", in->name, j->lineno);
        goto done;
    }
    st = SITREP_ENOMEM;
    if (!(doc = sr_doc_alloc()))
        goto done;
    /* jansson hands out valid UTF-8 with no NUL unless asked otherwise. */
    if (sr_doc_set_body(doc, json_string_value(text), json_string_length(text)) != SITREP_OK ||
        sr_read_set_origin(doc, in->name, j->lineno) != SITREP_OK)
        goto done;
    if (converted && sr_doc_warn(doc, "line not valid UTF-8 (first bad byte at column %zu): read as "
                                      "Windows-1252", bad + 1) != SITREP_OK)
        goto done;
    for (size_t i = 0; i < NFIELDS; i++)
        if (take_member(doc, obj, jsonl_fields[i].key, jsonl_fields[i].field) != SITREP_OK)
            goto done;
    *out = doc;
    doc = NULL;
    st = SITREP_OK;
done:
    sitrep_doc_free(doc);
    json_decref(obj);
    return st;
}

sitrep_status sr_jsonl_next(sr_jsonl *j, sr_input *in, const sitrep_read_options *opts,
                            sitrep_doc **out, char *errbuf)
{
    *out = NULL;
    size_t limit = sr_read_limit(opts);
    const char *line;
    size_t len;
    for (;;) {
        bool too_long;
        sitrep_status st = sr_input_line(in, &j->line, limit, &too_long, &line, &len);
        if (st != SITREP_OK)
            return st;
        j->lineno++;
        if (too_long) {
            sr_errf(errbuf, "%s:%" PRIu64 ": line longer than the limit of %zu bytes for one document",
                    in->name, j->lineno, limit);
            return SITREP_ETOOBIG;
        }
        if (j->lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            len -= 3;
        }
        if (!sr_read_blank(line, len))
            break;
    }
    if (!sr_jsonl_jansson_only) {
        sitrep_status st = scan_line(j, in, line, len, out);
        if (*out)
            j->scanned++;
        if (st != SITREP_OK || *out)
            return st;
    }
    return read_with_jansson(j, in, line, len, out, errbuf);
}
