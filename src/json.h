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

#endif
