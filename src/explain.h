/* explain.h - showing evidence to a reader: the --explain table of a record
 * (sitrep_record_explain, in explain.c) and the one-line snippets of words
 * in context that it and `sitrep eval --misses` print. */
#ifndef SR_EXPLAIN_H
#define SR_EXPLAIN_H

#include "util.h"

/* Marks around the evidence words in a snippet. */
#define SR_MARK_OPEN "["
#define SR_MARK_CLOSE "]"
#define SR_BOLD_OPEN "\033[1m"
#define SR_BOLD_CLOSE "\033[0m"

/* Appends to out the words body[start, end) on one line, with as much of the
 * text around them as fits in `width` columns (cut at word boundaries, "…"
 * where cut), the words themselves between mark_open and mark_close (marks
 * that start with ESC take no column). Line breaks, tabs and runs of spaces
 * show as one space. Words longer than the width are shortened in the
 * middle. Offsets past the body are clamped. Columns are counted as code
 * points. */
sitrep_status sr_snippet(const char *body, size_t len, uint32_t start, uint32_t end, size_t width,
                         const char *mark_open, const char *mark_close, sr_buf *out);

/* The number of columns s takes: code points, ANSI escape sequences not
 * counted. */
size_t sr_text_columns(const char *s);

#endif
