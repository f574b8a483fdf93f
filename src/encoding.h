/* encoding.h - checking UTF-8 and reading Windows-1252 (the FA-KES release
 * is Latin-1; Windows-1252 is its superset as browsers read it). */
#ifndef SR_ENCODING_H
#define SR_ENCODING_H

#include "util.h"

/* True when s[0,n) is valid UTF-8 (no overlongs, no surrogates, no code
 * points above U+10FFFF). Otherwise *bad receives the offset of the first
 * invalid byte. */
bool sr_utf8_valid(const char *s, size_t n, size_t *bad);

/* Appends s[0,n) read as Windows-1252 to out as UTF-8. */
sitrep_status sr_cp1252_to_utf8(const char *s, size_t n, sr_buf *out);

/* True when s[0,n) looks like binary data rather than text: a NUL byte, or
 * more than 1 in 10 bytes being control characters other than tab, CR, LF
 * and form feed. */
bool sr_looks_binary(const char *s, size_t n);

/* The same test; when it is true, *at receives the offset of the first NUL
 * byte, or else of the first control character, for messages. */
bool sr_looks_binary_at(const char *s, size_t n, size_t *at);

#endif
