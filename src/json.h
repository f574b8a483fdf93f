/* json.h - writing JSON text into a byte buffer (output only; reading JSON
 * input is jansson's job). */
#ifndef SR_JSON_H
#define SR_JSON_H

#include "util.h"

/* Appends s[0,n) as a JSON string literal, quotes included. s must be valid
 * UTF-8; control characters, U+2028 and U+2029 are escaped so the output is
 * also safe inside a <script> block ('<' '>' '&' as \u escapes too). */
sitrep_status sr_json_str(sr_buf *b, const char *s, size_t n);
/* Same for a NUL-terminated string; NULL writes null. */
sitrep_status sr_json_cstr(sr_buf *b, const char *s);
/* "key": (with a leading comma when needed: pass first=false after the first member) */
sitrep_status sr_json_key(sr_buf *b, const char *key, bool first);

/* Writes v in decimal to out (room for 21 bytes) and returns the length; no
 * NUL. The same digits as printf's "%lld". */
size_t sr_json_fmt_int(char *out, int64_t v);
/* Writes v as printf's "%.5g" does (room for 32 bytes; no NUL needed) and
 * returns the length. Exact (rounded half to even as glibc rounds) without
 * printf for |v| in [1, 100000); printf otherwise. */
size_t sr_json_fmt_g5(char *out, double v);

#endif
