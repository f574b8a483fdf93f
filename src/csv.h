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

#endif
