/* csv.h - a streaming CSV record reader (RFC 4180, read as Python's csv
 * module reads the "excel" dialect), for every module that reads CSV: the
 * CSV document reader and the gold files of `sitrep eval`.
 *
 *   sr_csv *c;
 *   sr_csv_open(fp, "gold.csv", NULL, &c);
 *   while ((st = sr_csv_next(c)) == SITREP_OK)
 *       for (size_t i = 0; i < sr_csv_nfields(c); i++)
 *           use(sr_csv_field(c, i, &len), len);
 *   // st is SITREP_END at the end; SITREP_EINPUT / SITREP_ETOOBIG for a bad
 *   // record (sr_csv_errmsg names file and line), after which sr_csv_next
 *   // goes on with the next record.
 *   sr_csv_close(c);
 *
 * Rules: fields are separated by ',' and records by LF, CRLF or CR; a field
 * that starts with '"' is quoted: it may hold commas and line breaks, and
 * '""' in it is one '"'. A quote inside an unquoted field is kept as it is;
 * text after a quoted field's closing quote is appended to the field (as
 * Python does). Blank lines are skipped. A UTF-8 byte order mark at the
 * start is dropped. Bytes are passed through unchanged (no encoding check).
 *
 * Memory: one record at a time, never more than max_record_bytes.
 *
 * Underneath is sr_csv_scan (below), the one CSV tokenizer of the project:
 * the CSV document reader (read_csv.c) runs it too, with its own options.
 */
#ifndef SR_CSV_H
#define SR_CSV_H

#include "util.h"

#include <stdio.h>

typedef struct sr_csv sr_csv;

#define SR_CSV_DEFAULT_MAX_RECORD (32u * 1024u * 1024u)

typedef struct sr_csv_options {
    /* Largest record accepted, in bytes; 0 for SR_CSV_DEFAULT_MAX_RECORD. A
     * longer record is skipped with SITREP_ETOOBIG (read through, not kept). */
    size_t max_record_bytes;
    /* Line breaks inside quoted fields read as "\n" whatever they were in the
     * file (CRLF, CR), as Python reads a file opened in text mode. Off: the
     * bytes are kept as they are. */
    bool universal_newlines;
} sr_csv_options;

/* Opens a reader over fp, which stays the caller's (not closed by
 * sr_csv_close). name is copied and used in messages. opts may be NULL for
 * the defaults. Caller frees *out with sr_csv_close. */
sitrep_status sr_csv_open(FILE *fp, const char *name, const sr_csv_options *opts, sr_csv **out);

/* Reads the next record. SITREP_OK: the record's fields are available until
 * the next call. SITREP_END: no more records. SITREP_EINPUT: a quoted field
 * is still open at the end of the input (unbalanced quote); SITREP_ETOOBIG:
 * the record is longer than max_record_bytes; SITREP_EIO: reading failed.
 * After SITREP_EINPUT, SITREP_ETOOBIG or SITREP_EIO, sr_csv_errmsg says
 * where; the reader has moved past the record. */
sitrep_status sr_csv_next(sr_csv *c);

/* Fields of the current record. sr_csv_field returns field i (NUL-terminated,
 * but it may also hold NUL bytes: use *len), owned by the reader; NULL when
 * i >= sr_csv_nfields. len may be NULL. */
size_t sr_csv_nfields(const sr_csv *c);
const char *sr_csv_field(const sr_csv *c, size_t i, size_t *len);

/* The 1-based line where the current record starts. */
size_t sr_csv_line(const sr_csv *c);
/* Bytes of the input consumed so far. */
uint64_t sr_csv_offset(const sr_csv *c);
/* The message of the last error ("gold.csv:12: ..."). Owned by the reader. */
const char *sr_csv_errmsg(const sr_csv *c);

void sr_csv_close(sr_csv *c);

/* ---- the tokenizer ----
 *
 * sr_csv_scan turns bytes, fed in chunks of any size, into records: fields
 * separated by ',', records ended by LF, CRLF or a lone CR; a field that
 * starts with '"' is quoted and may hold ',', '""' (one '"') and line
 * breaks; a quote inside an unquoted field is kept; text after a quoted
 * field's closing quote is appended to the field. The bytes of each field
 * go to a callback in runs (never copied by the tokenizer), so the caller
 * decides what to keep and what a record may cost. It also tells where
 * each record began and ended, where its last quoted field opened, and
 * whether a quote was left open at the end of the input or closed on a
 * later line with text after it (the document reader's stray quote).
 *
 * The options make it read as sr_csv reads (Python's line numbers and, on
 * request, universal newlines) or as the document reader reads (line
 * numbers of LF only, blank lines handed back as records). */

enum {
    SR_CSV_CR_LINES = 1 << 0,     /* line numbers count a lone CR as a line break too (as Python
                                     does); otherwise they count LF bytes only */
    SR_CSV_UNIVERSAL = 1 << 1,    /* CR and CRLF inside quoted fields read as LF */
    SR_CSV_BLANK_RECORDS = 1 << 2 /* a blank line is a record of one empty field (blank set);
                                     otherwise blank lines are skipped */
};

enum sr_csv_quote {
    SR_CSV_QUOTE_OK,
    SR_CSV_QUOTE_OPEN_AT_END, /* a quoted field still open at the end of the input */
    SR_CSV_QUOTE_TEXT_AFTER   /* a quoted field that closed on a later line than it opened, with
                                 text after the closing quote (the first such in the record) */
};

typedef struct sr_csv_scan sr_csv_scan;
struct sr_csv_scan {
    /* set by sr_csv_scan_init */
    unsigned flags;
    /* n bytes of field col of the current record, which end at file offset
     * end (may be called several times a field, and not at all for an empty
     * one) */
    sitrep_status (*bytes)(void *ctx, size_t col, const char *p, size_t n, uint64_t end);
    /* field col of the current record is complete */
    sitrep_status (*field)(void *ctx, size_t col);
    void *ctx;

    /* the next byte: its line (1-based) and the offset where that line began */
    uint64_t line, line_start;

    /* the record being read, or the last one read */
    uint64_t rec_line;  /* the line where it began */
    uint64_t rec_start; /* the offset of its first byte */
    uint64_t rec_end;   /* the offset of the line break that ended it; at the end of the input,
                           the end of the input when the last field was unquoted or is still open,
                           the byte before it after a ',' or a closing quote */
    size_t nfields;
    bool blank;         /* a blank line (SR_CSV_BLANK_RECORDS) */
    int quote;          /* enum sr_csv_quote */
    uint64_t quote_line, quote_offset, quote_col; /* where its last quoted field opened (col 1-based) */
    uint64_t close_line; /* SR_CSV_QUOTE_TEXT_AFTER: the line of the closing quote */

    /* internal */
    int state;
    size_t col;
    bool after_cr; /* the last byte fed was a CR */
};

/* Sets s up to read from a position at the start of a line: line is its
 * number, offset its file offset. The callbacks get ctx. */
void sr_csv_scan_init(sr_csv_scan *s, unsigned flags, uint64_t line, uint64_t offset,
                      sitrep_status (*bytes)(void *ctx, size_t col, const char *p, size_t n, uint64_t end),
                      sitrep_status (*field)(void *ctx, size_t col), void *ctx);

/* Reads bytes p[0,n), which begin at file offset off, up to the end of a
 * record: sets *used to the bytes taken and *done when a record is complete
 * (the bytes after its line break are left; a CRLF is taken whole when the
 * LF is in p). With *done false, all n bytes were taken: feed the next
 * ones. Returns what a callback returned, or SITREP_OK. */
sitrep_status sr_csv_scan_feed(sr_csv_scan *s, const char *p, size_t n, uint64_t off, size_t *used, bool *done);

/* The input ended at file offset off: completes the record in progress
 * (*done true), if there is one. */
sitrep_status sr_csv_scan_end(sr_csv_scan *s, uint64_t off, bool *done);

/* True when the last byte fed was a CR that ended a record, so that an LF
 * next belongs to it. sr_csv_scan_feed drops such an LF by itself; a caller
 * that wants it gone before the next record (sr_csv, whose offsets count
 * it) gives its offset to sr_csv_scan_drop_lf. */
static inline bool sr_csv_scan_after_cr(const sr_csv_scan *s) { return s->after_cr; }
void sr_csv_scan_drop_lf(sr_csv_scan *s, uint64_t off);

#endif
