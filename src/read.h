/* read.h - readers: files and directories to documents, streamed.
 *
 * The public sitrep_reader (read.c) walks the paths it was given (files,
 * directories recursively in sorted order, "-" for standard input), opens
 * each file, decides its format and hands it to one format reader:
 *
 *   read_text.c   one document per file: the file's bytes
 *   read_html.c   one document per file: the page's main text (gumbo)
 *   read_jsonl.c  one document per line (a scanner for flat objects; jansson
 *                 for anything else)
 *   read_csv.c    one document per record after a header row (RFC 4180;
 *                 the tokenizer of csv.c)
 *
 * Every format reader pulls bytes from an sr_input, a buffered FILE* that
 * knows its offset, and never holds more than one document's input in
 * memory: a text or HTML file, a JSON line or a CSV record is bounded by
 * max_doc_bytes (larger ones are skipped with SITREP_ETOOBIG while the
 * reader moves on in bounded memory). So memory does not grow with the
 * size of the corpus.
 *
 * Messages go to the caller's errbuf (SR_ERRMSG_MAX bytes) and always name
 * the file and the line ("path:12: ...") or the byte ("path: ... at byte
 * 345").
 */
#ifndef SR_READ_H
#define SR_READ_H

#include "csv.h"
#include "doc.h"

#include <stdio.h>

/* ---- buffered input ---- */

#define SR_INPUT_CHUNK (64u * 1024u)

typedef struct sr_input {
    FILE *fp;          /* not owned */
    const char *name;  /* for messages: the path, or "<stdin>"; not owned */
    char *buf;         /* SR_INPUT_CHUNK bytes, owned */
    size_t pos, end;   /* unread bytes are buf[pos, end) */
    uint64_t base;     /* file offset of buf[0] */
    bool eof;
    int error;         /* errno of a failed read, 0 if none */
} sr_input;

/* Sets up in over fp (positioned at offset `start`, usually 0). */
sitrep_status sr_input_init(sr_input *in, FILE *fp, const char *name, uint64_t start);
void sr_input_free(sr_input *in);

/* Makes sure unread bytes are buffered: SITREP_OK when in->pos < in->end,
 * SITREP_END at end of file, SITREP_EIO on a read error (in->error). */
sitrep_status sr_input_fill(sr_input *in);

/* File offset of the next unread byte. */
static inline uint64_t sr_input_offset(const sr_input *in) { return in->base + in->pos; }

/* Repositions a seekable input at file offset off; SITREP_EIO when the
 * stream cannot seek (a pipe). */
sitrep_status sr_input_seek(sr_input *in, uint64_t off);

/* Appends the rest of the input to out, at most `limit` bytes. Returns
 * SITREP_ETOOBIG, with the rest left unread, when there is more; the
 * buffer then holds `limit` bytes. Memory grows with what is read, never
 * past limit + 1 bytes. */
sitrep_status sr_input_read_all(sr_input *in, size_t limit, sr_buf *out);

/* Reads one line into `line` (cleared first; without the '\n', nor a '\r'
 * before it). A line longer than `limit` bytes is read to its end but only
 * its first `limit` bytes are kept, and *too_long is set. Returns
 * SITREP_OK, SITREP_END when no byte was left, or SITREP_EIO. */
sitrep_status sr_input_getline(sr_input *in, sr_buf *line, size_t limit, bool *too_long);

/* sr_input_getline without the copy when it can: a line that lies whole in
 * the buffered bytes (most lines) is handed out in place, *s pointing into
 * the input's buffer (valid until the input is read again, and not
 * NUL-terminated); another one is read into `line` as sr_input_getline
 * reads it, *s pointing to its data. */
sitrep_status sr_input_line(sr_input *in, sr_buf *line, size_t limit, bool *too_long, const char **s,
                            size_t *n);

/* ---- helpers shared by the format readers (read.c) ---- */

/* The effective document size limit of opts. */
size_t sr_read_limit(const sitrep_read_options *opts);

/* True when s[0,n) holds nothing but ASCII white space (or nothing). */
bool sr_read_blank(const char *s, size_t n);

/* Gives doc the body bytes of b (taken: b is left empty, without a copy
 * when the bytes are valid UTF-8): a UTF-8 byte order mark is dropped;
 * invalid UTF-8 is read as Windows-1252 with a warning naming the first bad
 * byte, as sr_doc_set_body does. */
sitrep_status sr_read_take_body(sitrep_doc *doc, sr_buf *b);

/* Sets a metadata field from input bytes: surrounding white space is
 * trimmed, an empty value leaves the field unset, invalid UTF-8 is read as
 * Windows-1252. For SITREP_DOC_PUBLISHED a date "YYYY-MM-DD" or a timestamp
 * that begins with one is taken (the date part); anything else leaves the
 * field unset and adds a warning to doc. */
sitrep_status sr_read_set_field(sitrep_doc *doc, sitrep_doc_field f, const char *s, size_t n);
/* The same, the value copied into *room (sr_doc_alloc_room; moved past the
 * copy) when room is not NULL: room for n + 1 bytes. utf8: s is known to be
 * valid UTF-8 (the JSON Lines scanner checked it as it decoded it), not
 * checked again. */
sitrep_status sr_read_set_field_in(sitrep_doc *doc, sitrep_doc_field f, const char *s, size_t n, char **room,
                                   bool utf8);

/* Sets doc's origin to "name:line" (as sr_doc_set_origin with "%s:%llu",
 * without printf). */
sitrep_status sr_read_set_origin(sitrep_doc *doc, const char *name, uint64_t line);
/* The same, into *room when room is not NULL: room for strlen(name) + 22 bytes. */
#define SR_READ_ORIGIN_ROOM(name) (strlen(name) + 22)
sitrep_status sr_read_set_origin_in(sitrep_doc *doc, const char *name, uint64_t line, char **room);

/* Fills the fields that doc lacks from opts (default_published,
 * default_source). */
sitrep_status sr_read_defaults(sitrep_doc *doc, const sitrep_read_options *opts);

/* ---- format readers ----
 *
 * Each returns SITREP_OK with *out (caller frees), SITREP_END when the
 * input has no more documents, or an error status with a message in
 * errbuf. text and html read one document from the whole input. For
 * SITREP_EIO the input is unusable; after SITREP_EINPUT or SITREP_ETOOBIG
 * the jsonl and csv readers have moved to the next line or record and may
 * be called again. */

sitrep_status sr_text_read(sr_input *in, const sitrep_read_options *opts, sitrep_doc **out,
                           char *errbuf);
sitrep_status sr_html_read(sr_input *in, const sitrep_read_options *opts, sitrep_doc **out,
                           char *errbuf);

typedef struct sr_jsonl {
    sr_buf line, conv;   /* the current line; the line read as Windows-1252 */
    sr_buf vals;         /* decoded member values of the fast path (read_jsonl.c) */
    uint64_t lineno;     /* number of the line last read (1-based) */
    uint64_t scanned;    /* lines read by the scanner (the others went to jansson) */
} sr_jsonl;

sitrep_status sr_jsonl_next(sr_jsonl *j, sr_input *in, const sitrep_read_options *opts,
                            sitrep_doc **out, char *errbuf);
void sr_jsonl_free(sr_jsonl *j);

/* For tests: true sends every line through jansson (the scanner of flat
 * objects is off), so that the two can be compared. Default false. */
extern bool sr_jsonl_jansson_only;

/* Columns of a CSV file that a document takes its values from. */
enum sr_col_role { SR_COL_NONE, SR_COL_TEXT, SR_COL_ID, SR_COL_TITLE, SR_COL_SOURCE,
                   SR_COL_PUBLISHED, SR_COL_URL, SR_COL_NROLES };

typedef struct sr_csvdoc {
    bool have_header;
    sr_buf header;            /* the header's names, NUL-separated, while it is read */
    unsigned char *roles;     /* role of each column (enum sr_col_role) */
    size_t ncols;
    size_t text_col;          /* index of the text column */
    char text_name[64];       /* its name, for messages */
    sr_buf field[SR_COL_NROLES]; /* values of the current record by role */
    sr_csv_scan scan;         /* the tokenizer (csv.h), set up by the header */
    size_t limit;             /* the document size limit */
    bool too_big;             /* the current record went past it: its bytes are not kept */
    uint64_t reread;          /* bytes read again after stray quotes */
    bool done;                /* nothing more can be read (a bad header) */
} sr_csvdoc;

sitrep_status sr_csvdoc_next(sr_csvdoc *c, sr_input *in, const sitrep_read_options *opts,
                          sitrep_doc **out, char *errbuf);
void sr_csvdoc_free(sr_csvdoc *c);

/* ---- entry point for fuzzing and tests ----
 *
 * Opens a reader over one stream that the caller owns (it is not closed),
 * read as a file called `name` (whose extension counts for
 * SITREP_FORMAT_AUTO). Caller frees *out with sitrep_reader_close, before
 * closing fp. */
sitrep_status sr_reader_open_stream(FILE *fp, const char *name, const sitrep_read_options *opts,
                                    sitrep_reader **out);

#endif
