/* csv.c - the CSV tokenizer (sr_csv_scan) and the streaming CSV record
 * reader on it (sr_csv); see csv.h for the rules. */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * The tokenizer (csv.h)
 * ---------------------------------------------------------------------- */

enum {
    T_START,    /* before the first byte of a record (blank lines are met here) */
    T_FIELD,    /* after a ',' */
    T_UNQUOTED, /* in a field that did not start with a quote */
    T_QUOTED,   /* in a quoted field */
    T_QUOTE     /* after a quote in a quoted field: it closes the field, or "" */
};

/* Bytes that end a run in an unquoted field, and in a quoted one. */
static const unsigned char stop_unquoted[256] = {[','] = 1, ['\n'] = 1, ['\r'] = 1};
static const unsigned char stop_quoted[256] = {['"'] = 1, ['\n'] = 1, ['\r'] = 1};

void sr_csv_scan_init(sr_csv_scan *s, unsigned flags, uint64_t line, uint64_t offset,
                      sitrep_status (*bytes)(void *ctx, size_t col, const char *p, size_t n, uint64_t end),
                      sitrep_status (*field)(void *ctx, size_t col), void *ctx)
{
    memset(s, 0, sizeof(*s));
    s->flags = flags;
    s->bytes = bytes;
    s->field = field;
    s->ctx = ctx;
    s->line = line;
    s->line_start = offset;
    s->state = T_START;
}

static inline void new_line(sr_csv_scan *s, uint64_t next)
{
    s->line++;
    s->line_start = next;
}

static inline sitrep_status emit(sr_csv_scan *s, const char *p, size_t n, uint64_t end)
{
    return n && s->bytes ? s->bytes(s->ctx, s->col, p, n, end) : SITREP_OK;
}

static inline sitrep_status end_field(sr_csv_scan *s)
{
    s->nfields++;
    return s->field ? s->field(s->ctx, s->col) : SITREP_OK;
}

static void begin_record(sr_csv_scan *s, uint64_t at)
{
    s->rec_line = s->line;
    s->rec_start = s->rec_end = at;
    s->nfields = 0;
    s->col = 0;
    s->blank = false;
    s->quote = SR_CSV_QUOTE_OK;
    s->quote_line = s->quote_offset = s->quote_col = s->close_line = 0;
}

void sr_csv_scan_drop_lf(sr_csv_scan *s, uint64_t off)
{
    s->after_cr = false;
    if (!(s->flags & SR_CSV_CR_LINES))
        new_line(s, off + 1);
}

sitrep_status sr_csv_scan_feed(sr_csv_scan *s, const char *p0, size_t n, uint64_t off, size_t *used, bool *done)
{
    const char *p = p0, *e = p0 + n;
    const bool cr_lines = s->flags & SR_CSV_CR_LINES, universal = s->flags & SR_CSV_UNIVERSAL;
    sitrep_status st = SITREP_OK;
    *done = false;
#define OFF(q) (off + (uint64_t)((q) - p0))
#define AFTER_CR(q) ((q) > p0 ? (q)[-1] == '\r' : s->after_cr)
    while (p < e) {
        switch (s->state) {
        case T_START:
            if (*p == '\n' || *p == '\r') {
                if (*p == '\n' && AFTER_CR(p)) {
                    /* the LF of a CRLF whose CR ended the last record */
                    if (!cr_lines)
                        new_line(s, OFF(p + 1));
                    p++;
                    continue;
                }
                /* a blank line */
                bool record = s->flags & SR_CSV_BLANK_RECORDS;
                if (record) {
                    begin_record(s, OFF(p));
                    s->blank = true;
                }
                if (*p == '\n') {
                    new_line(s, OFF(p + 1));
                    p++;
                } else {
                    if (cr_lines)
                        new_line(s, OFF(p + 1));
                    p++;
                    if (p < e && *p == '\n') {
                        if (!cr_lines)
                            new_line(s, OFF(p + 1));
                        p++;
                    }
                }
                if (record) {
                    st = end_field(s);
                    *done = true;
                    goto out;
                }
                continue;
            }
            begin_record(s, OFF(p));
            s->state = T_FIELD;
            /* fall through */
        case T_FIELD:
            if (*p == '"') {
                s->state = T_QUOTED;
                s->quote_line = s->line;
                s->quote_offset = OFF(p);
                s->quote_col = s->quote_offset - s->line_start + 1;
                p++;
                break;
            }
            s->state = T_UNQUOTED;
            /* fall through */
        case T_UNQUOTED: {
            const char *q = p;
            while (q < e && !stop_unquoted[(unsigned char)*q])
                q++;
            if ((st = emit(s, p, (size_t)(q - p), OFF(q))) != SITREP_OK)
                goto out;
            p = q;
            if (p == e)
                break;
            goto delimiter;
        }
        case T_QUOTED:
            if (!cr_lines && !universal) {
                /* the document reader's way: runs up to the next quote,
                 * line breaks counted on the way */
                const char *q = memchr(p, '"', (size_t)(e - p)), *stop = q ? q : e;
                for (const char *nl = p; (nl = memchr(nl, '\n', (size_t)(stop - nl))) != NULL; nl++)
                    new_line(s, OFF(nl + 1));
                if ((st = emit(s, p, (size_t)(stop - p), OFF(stop))) != SITREP_OK)
                    goto out;
                p = stop;
                if (q) {
                    s->state = T_QUOTE;
                    p++;
                }
                break;
            } else {
                const char *q = p;
                while (q < e && !stop_quoted[(unsigned char)*q])
                    q++;
                if ((st = emit(s, p, (size_t)(q - p), OFF(q))) != SITREP_OK)
                    goto out;
                p = q;
                if (p == e)
                    break;
                if (*p == '"') {
                    s->state = T_QUOTE;
                    p++;
                    break;
                }
                /* a line break inside the field: a CR, an LF, or the LF of a
                 * CRLF (one break: counted at the CR when CRs count) */
                bool crlf = *p == '\n' && AFTER_CR(p);
                if (*p == '\r' ? cr_lines : !(crlf && cr_lines))
                    new_line(s, OFF(p + 1));
                if (!(crlf && universal) &&
                    (st = emit(s, universal ? "\n" : p, 1, OFF(p + 1))) != SITREP_OK)
                    goto out;
                p++;
                break;
            }
        case T_QUOTE:
            if (*p == '"') { /* a doubled quote stands for one */
                if ((st = emit(s, p, 1, OFF(p + 1))) != SITREP_OK)
                    goto out;
                s->state = T_QUOTED;
                p++;
                break;
            }
            if (*p == ',' || *p == '\n' || *p == '\r')
                goto delimiter;
            /* text after the closing quote is kept; after a field over
             * several lines it tells of a stray quote */
            if (s->quote == SR_CSV_QUOTE_OK && s->line != s->quote_line) {
                s->quote = SR_CSV_QUOTE_TEXT_AFTER;
                s->close_line = s->line;
            }
            s->state = T_UNQUOTED;
            break;
        }
        continue;

    delimiter: /* *p is ',', LF or CR, after a field */
        if ((st = end_field(s)) != SITREP_OK)
            goto out;
        if (*p == ',') {
            s->col++;
            s->state = T_FIELD;
            p++;
            continue;
        }
        s->rec_end = OFF(p);
        if (*p == '\n') {
            new_line(s, OFF(p + 1));
            p++;
        } else {
            if (cr_lines)
                new_line(s, OFF(p + 1));
            p++;
            if (p < e && *p == '\n') {
                if (!cr_lines)
                    new_line(s, OFF(p + 1));
                p++;
            }
        }
        s->state = T_START;
        *done = true;
        goto out;
    }
out:
    if (p > p0)
        s->after_cr = p[-1] == '\r';
    *used = (size_t)(p - p0);
    return st;
#undef OFF
#undef AFTER_CR
}

sitrep_status sr_csv_scan_end(sr_csv_scan *s, uint64_t off, bool *done)
{
    *done = false;
    s->after_cr = false;
    if (s->state == T_START)
        return SITREP_OK;
    if (s->state == T_QUOTED)
        s->quote = SR_CSV_QUOTE_OPEN_AT_END;
    s->rec_end = s->state == T_UNQUOTED || s->state == T_QUOTED ? off : off - 1;
    s->state = T_START;
    *done = true;
    return end_field(s);
}

/* ------------------------------------------------------------------------
 * sr_csv: records of a FILE, as Python's csv module reads them
 * ---------------------------------------------------------------------- */

typedef struct csv_field {
    size_t start, len; /* in sr_csv.data */
} csv_field;

struct sr_csv {
    FILE *fp; /* the caller's */
    char *name;
    size_t max_record;

    unsigned char in[65536];
    size_t in_pos, in_len;
    bool in_eof, in_error, bom_checked, done;
    uint64_t offset;

    sr_csv_scan scan;
    sr_buf data;        /* the current record's fields, each NUL-terminated */
    SR_VEC(csv_field) fields;
    size_t field_start; /* where the field being read begins in data */
    bool oversize;      /* the current record went past max_record */
    char err[SR_ERRMSG_MAX];
};

/* Keeps the bytes of the record until it has max_record of them. */
static sitrep_status csv_bytes(void *ctx, size_t col, const char *p, size_t n, uint64_t end)
{
    (void)col;
    (void)end;
    sr_csv *c = ctx;
    if (c->oversize)
        return SITREP_OK;
    if (c->data.len + n > c->max_record) {
        c->oversize = true;
        return SITREP_OK;
    }
    return sr_buf_put(&c->data, p, n);
}

static sitrep_status csv_field_end(void *ctx, size_t col)
{
    (void)col;
    sr_csv *c = ctx;
    if (c->oversize)
        return SITREP_OK;
    csv_field f = {c->field_start, c->data.len - c->field_start};
    if (sr_buf_putc(&c->data, '\0') != SITREP_OK)
        return SITREP_ENOMEM;
    c->field_start = c->data.len;
    return sr_vec_push(&c->fields, f);
}

sitrep_status sr_csv_open(FILE *fp, const char *name, const sr_csv_options *opts, sr_csv **out)
{
    *out = NULL;
    sr_csv *c = calloc(1, sizeof(*c));
    if (!c)
        return SITREP_ENOMEM;
    c->name = strdup(name ? name : "-");
    if (!c->name) {
        free(c);
        return SITREP_ENOMEM;
    }
    c->fp = fp;
    c->max_record = opts && opts->max_record_bytes ? opts->max_record_bytes : SR_CSV_DEFAULT_MAX_RECORD;
    unsigned flags = SR_CSV_CR_LINES | (opts && opts->universal_newlines ? SR_CSV_UNIVERSAL : 0);
    sr_csv_scan_init(&c->scan, flags, 1, 0, csv_bytes, csv_field_end, c);
    *out = c;
    return SITREP_OK;
}

void sr_csv_close(sr_csv *c)
{
    if (!c)
        return;
    sr_buf_free(&c->data);
    free(c->fields.items);
    free(c->name);
    free(c);
}

static bool fill(sr_csv *c)
{
    if (c->in_eof)
        return false;
    c->in_len = fread(c->in, 1, sizeof c->in, c->fp);
    c->in_pos = 0;
    if (c->in_len == 0) {
        c->in_eof = true;
        c->in_error = ferror(c->fp) != 0;
        return false;
    }
    if (!c->bom_checked) {
        c->bom_checked = true;
        /* a BOM split across two reads is not worth the code: 64 KiB reads */
        if (c->in_len >= 3 && memcmp(c->in, "\xEF\xBB\xBF", 3) == 0) {
            c->in_pos = 3;
            c->offset += 3;
        }
    }
    return c->in_pos < c->in_len;
}

/* The record is complete: OK, or the error it earned. */
static sitrep_status end_record(sr_csv *c)
{
    if (c->oversize) {
        sr_errf(c->err, "%s:%zu: record longer than %zu bytes (skipped)", c->name, (size_t)c->scan.rec_line,
                c->max_record);
        c->fields.len = 0;
        return SITREP_ETOOBIG;
    }
    return SITREP_OK;
}

sitrep_status sr_csv_next(sr_csv *c)
{
    sr_buf_clear(&c->data);
    c->fields.len = 0;
    c->field_start = 0;
    c->oversize = false;
    c->err[0] = '\0';
    if (c->done)
        return SITREP_END;
    sitrep_status st;
    for (;;) {
        if (c->in_pos >= c->in_len && !fill(c)) {
            c->done = true;
            if (c->in_error) {
                sr_errf(c->err, "%s:%zu: %s", c->name, (size_t)c->scan.line, strerror(errno ? errno : EIO));
                return SITREP_EIO;
            }
            bool done;
            if ((st = sr_csv_scan_end(&c->scan, c->offset, &done)) != SITREP_OK)
                return st;
            if (!done)
                return SITREP_END;
            if (c->scan.quote == SR_CSV_QUOTE_OPEN_AT_END) {
                sr_errf(c->err, "%s:%zu: unbalanced quote: the quoted field that starts here is not closed "
                                "by the end of the file",
                        c->name, (size_t)c->scan.rec_line);
                c->fields.len = 0;
                return SITREP_EINPUT;
            }
            return end_record(c);
        }
        size_t used;
        bool done;
        st = sr_csv_scan_feed(&c->scan, (const char *)c->in + c->in_pos, c->in_len - c->in_pos, c->offset, &used,
                              &done);
        c->in_pos += used;
        c->offset += used;
        if (st != SITREP_OK)
            return st;
        if (done) {
            /* a CR that ended the record at the end of the buffer: its LF,
             * if it comes next, goes with it */
            if (sr_csv_scan_after_cr(&c->scan) && (c->in_pos < c->in_len || fill(c)) &&
                c->in[c->in_pos] == '\n') {
                sr_csv_scan_drop_lf(&c->scan, c->offset);
                c->in_pos++;
                c->offset++;
            }
            return end_record(c);
        }
    }
}

size_t sr_csv_nfields(const sr_csv *c) { return c->fields.len; }

const char *sr_csv_field(const sr_csv *c, size_t i, size_t *len)
{
    if (i >= c->fields.len) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = c->fields.items[i].len;
    return c->data.data ? c->data.data + c->fields.items[i].start : "";
}

size_t sr_csv_line(const sr_csv *c) { return (size_t)c->scan.rec_line; }
uint64_t sr_csv_offset(const sr_csv *c) { return c->offset; }
const char *sr_csv_errmsg(const sr_csv *c) { return c->err; }
