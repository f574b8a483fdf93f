/* json.h - writing JSON text into a byte buffer (output only; reading JSON
 * input is jansson's job). */
#ifndef SR_JSON_H
#define SR_JSON_H

#include "util.h"

#include <string.h>

/* The room sr_json_put needs for a string of n bytes: each byte may become a
 * six-byte \u escape, and the quotes. */
#define SR_JSON_STR_ROOM(n) (6 * (size_t)(n) + 2)
/* Writes s[0,n) as sr_json_str does at o, which has SR_JSON_STR_ROOM(n)
 * bytes of room, and returns the byte after the closing quote (no NUL): for
 * writers that make room for several pieces at once. */
char *sr_json_put(char *o, const char *s, size_t n);
/* Appends s[0,n) as a JSON string literal, quotes included. s must be valid
 * UTF-8; control characters, U+2028 and U+2029 are escaped so the output is
 * also safe inside a <script> block ('<' '>' '&' as \u escapes too). */
sitrep_status sr_json_str(sr_buf *b, const char *s, size_t n);
/* Same for a NUL-terminated string; NULL writes null. */
sitrep_status sr_json_cstr(sr_buf *b, const char *s);
/* "key": (with a leading comma when needed: pass first=false after the first member) */
sitrep_status sr_json_key(sr_buf *b, const char *key, bool first);

/* Writes v in decimal to out (room for 21 bytes) and returns the length; no
 * NUL. The same digits as printf's "%lld". Inline: a record has dozens of
 * numbers, most of them short offsets. */
static inline size_t sr_json_fmt_int(char *out, int64_t v)
{
    /* the digits written from the last, two at a time, straight into out
     * (no buffer to copy from: most numbers are short offsets) */
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                   "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                   "8081828384858687888990919293949596979899";
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (u < 10000) {
        /* most numbers of a record: byte offsets, counts, ids of up to
         * four digits, written without a loop */
        char *o = out;
        if (v < 0)
            *o++ = '-';
        if (u < 10) {
            *o++ = (char)('0' + u);
        } else if (u < 100) {
            memcpy(o, pairs + 2 * u, 2);
            o += 2;
        } else if (u < 1000) {
            *o++ = (char)('0' + u / 100);
            memcpy(o, pairs + 2 * (u % 100), 2);
            o += 2;
        } else {
            memcpy(o, pairs + 2 * (u / 100), 2);
            memcpy(o + 2, pairs + 2 * (u % 100), 2);
            o += 4;
        }
        return (size_t)(o - out);
    }
    size_t nd = 1;
    for (uint64_t p = 10; nd < 20 && u >= p; p *= 10)
        nd++;
    size_t n = nd + (v < 0);
    char *o = out + n;
    while (u >= 100) {
        o -= 2;
        memcpy(o, pairs + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10) {
        o -= 2;
        memcpy(o, pairs + 2 * u, 2);
    } else {
        *--o = (char)('0' + u);
    }
    if (v < 0)
        *--o = '-';
    return n;
}

/* Writes v as printf's "%.5g" does (room for 32 bytes; no NUL needed) and
 * returns the length. Exact (rounded half to even as glibc rounds) without
 * printf for |v| in [1, 100000); printf otherwise. */
size_t sr_json_fmt_g5(char *out, double v);

#endif
