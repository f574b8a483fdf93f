/* fold.h - one folding of text for matching, shared by the lexicon, the
 * gazetteer and its index builder, so that "Şaydnāyā", "Saydnaya" and
 * "SAYDNAYA" meet, as do "Ja’afari" and "Jaafari". */
#ifndef SR_FOLD_H
#define SR_FOLD_H

#include "util.h"

/* Appends to out the folded form of s[0,n): Unicode case folding,
 * compatibility decomposition with combining marks removed, letters without
 * a decomposition mapped to ASCII (ø o, ł l, đ d, ı i, æ ae, œ oe, þ th),
 * apostrophe-like characters (' ’ ‘ ` ´ ʿ ʾ ʼ) removed, hyphens, dashes,
 * underscores and whitespace runs turned into one space, ends trimmed.
 * Invalid UTF-8 bytes are dropped. */
sitrep_status sr_fold(const char *s, size_t n, sr_buf *out);

/* Folds one token into out (at most cap-1 bytes, NUL-terminated) and returns
 * the folded length, or 0 when it does not fit or folds to nothing. The
 * all-ASCII case is a byte loop with no allocation; other text goes through
 * sr_fold. */
size_t sr_fold_token(const char *s, size_t n, char *out, size_t cap);

#endif
