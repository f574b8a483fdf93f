/* csv_ref.h - the two CSV readers as they were before they shared one
 * tokenizer (src/csv.c at commit 806c7ad: sr_csv, read as Python's csv
 * module reads; src/read_csv.c: the document reader with its stray-quote
 * recovery), kept verbatim but renamed (ref_csv_*, ref_csvdoc_*) as the
 * reference that tests/unit/test_csv.c and fuzz/fuzz_csv_diff.c compare the
 * shared tokenizer against. Include once, after read.h and csv.h. */
#ifndef SITREP_CSV_REF_H
#define SITREP_CSV_REF_H

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "encoding.h"
#include "read.h"

/* ======== src/csv.c ======== */

typedef struct ref_csv ref_csv;


enum refc_csv_state {
    refc_ST_RECORD_START, /* before the first byte of a record (blank lines are skipped here) */
    refc_ST_FIELD_START,  /* after a separator */
    refc_ST_UNQUOTED,     /* in a field that did not start with a quote */
    refc_ST_QUOTED,       /* in a quoted field */
    refc_ST_QUOTE_SEEN    /* a quote inside a quoted field: closes it, or "" */
};

typedef struct refc_csv_field {
    size_t start, len; /* in ref_csv.data */
} refc_csv_field;

struct ref_csv {
    FILE *fp; /* the caller's */
    char *name;
    size_t max_record;
    bool universal_newlines;

    unsigned char in[65536];
    size_t in_pos, in_len;
    bool in_eof, in_error, bom_checked, done;
    uint64_t offset;

    size_t line;        /* line of the next byte, 1-based */
    size_t record_line; /* line where the current record starts */
    sr_buf data;        /* the current record's fields, each NUL-terminated */
    SR_VEC(refc_csv_field) fields;
    bool oversize;      /* the current record went past max_record */
    char err[SR_ERRMSG_MAX];
};

static sitrep_status ref_csv_open(FILE *fp, const char *name, const sr_csv_options *opts, ref_csv **out)
{
    *out = NULL;
    ref_csv *c = calloc(1, sizeof(*c));
    if (!c)
        return SITREP_ENOMEM;
    c->name = strdup(name ? name : "-");
    if (!c->name) {
        free(c);
        return SITREP_ENOMEM;
    }
    c->fp = fp;
    c->max_record = opts && opts->max_record_bytes ? opts->max_record_bytes : SR_CSV_DEFAULT_MAX_RECORD;
    c->universal_newlines = opts && opts->universal_newlines;
    c->line = 1;
    *out = c;
    return SITREP_OK;
}

static void ref_csv_close(ref_csv *c)
{
    if (!c)
        return;
    sr_buf_free(&c->data);
    free(c->fields.items);
    free(c->name);
    free(c);
}

static bool refc_fill(ref_csv *c)
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

static inline int refc_get_byte(ref_csv *c)
{
    if (c->in_pos >= c->in_len && !refc_fill(c))
        return EOF;
    c->offset++;
    return c->in[c->in_pos++];
}

static inline int refc_peek_byte(ref_csv *c)
{
    if (c->in_pos >= c->in_len && !refc_fill(c))
        return EOF;
    return c->in[c->in_pos];
}

static inline sitrep_status refc_put_byte(ref_csv *c, int ch)
{
    if (c->oversize)
        return SITREP_OK;
    if (c->data.len + 1 > c->max_record) {
        c->oversize = true;
        return SITREP_OK;
    }
    return sr_buf_putc(&c->data, ch);
}

static sitrep_status refc_end_field(ref_csv *c)
{
    if (c->oversize)
        return SITREP_OK;
    refc_csv_field f = {c->data.len, 0};
    /* the field's bytes were appended since the previous NUL */
    size_t prev_end = c->fields.len ? c->fields.items[c->fields.len - 1].start +
                                          c->fields.items[c->fields.len - 1].len + 1
                                    : 0;
    f.start = prev_end;
    f.len = c->data.len - prev_end;
    if (sr_buf_putc(&c->data, '\0') != SITREP_OK)
        return SITREP_ENOMEM;
    return sr_vec_push(&c->fields, f);
}

/* The record is complete: OK, or the error it earned. */
static sitrep_status refc_end_record(ref_csv *c)
{
    if (c->oversize) {
        sr_errf(c->err, "%s:%zu: record longer than %zu bytes (skipped)", c->name, c->record_line,
                c->max_record);
        c->fields.len = 0;
        return SITREP_ETOOBIG;
    }
    return SITREP_OK;
}

static sitrep_status ref_csv_next(ref_csv *c)
{
    sr_buf_clear(&c->data);
    c->fields.len = 0;
    c->oversize = false;
    c->err[0] = '\0';
    if (c->done)
        return SITREP_END;
    enum refc_csv_state state = refc_ST_RECORD_START;
    sitrep_status st = SITREP_OK;
    for (;;) {
        int ch = refc_get_byte(c);
        if (ch == EOF) {
            if (c->in_error) {
                c->done = true;
                sr_errf(c->err, "%s:%zu: %s", c->name, c->line, strerror(errno ? errno : EIO));
                return SITREP_EIO;
            }
            c->done = true;
            switch (state) {
            case refc_ST_RECORD_START:
                return SITREP_END;
            case refc_ST_QUOTED:
                sr_errf(c->err, "%s:%zu: unbalanced quote: the quoted field that starts here is not closed "
                                "by the end of the file",
                        c->name, c->record_line);
                c->fields.len = 0;
                return SITREP_EINPUT;
            default:
                if ((st = refc_end_field(c)) != SITREP_OK)
                    return st;
                return refc_end_record(c);
            }
        }
        bool newline = false;
        if (ch == '\n') {
            newline = true;
        } else if (ch == '\r') {
            newline = true;
            if (refc_peek_byte(c) == '\n') {
                refc_get_byte(c);
                if (state == refc_ST_QUOTED && !c->universal_newlines)
                    st = refc_put_byte(c, '\r'); /* kept as it was; '\n' appended below */
            } else if (state == refc_ST_QUOTED && !c->universal_newlines) {
                ch = '\r'; /* a lone CR kept as it was */
                newline = false;
                c->line++;
            }
        }
        if (newline) {
            c->line++;
            ch = '\n';
        }
        if (st != SITREP_OK)
            return st;

        switch (state) {
        case refc_ST_RECORD_START:
            if (newline)
                continue; /* blank line */
            c->record_line = c->line;
            /* fall through */
        case refc_ST_FIELD_START:
            if (ch == '"') {
                state = refc_ST_QUOTED;
            } else if (ch == ',') {
                st = refc_end_field(c);
                state = refc_ST_FIELD_START;
            } else if (newline) {
                if ((st = refc_end_field(c)) != SITREP_OK)
                    return st;
                return refc_end_record(c);
            } else {
                st = refc_put_byte(c, ch);
                state = refc_ST_UNQUOTED;
            }
            break;
        case refc_ST_UNQUOTED:
            if (ch == ',') {
                st = refc_end_field(c);
                state = refc_ST_FIELD_START;
            } else if (newline) {
                if ((st = refc_end_field(c)) != SITREP_OK)
                    return st;
                return refc_end_record(c);
            } else {
                st = refc_put_byte(c, ch);
            }
            break;
        case refc_ST_QUOTED:
            if (ch == '"')
                state = refc_ST_QUOTE_SEEN;
            else
                st = refc_put_byte(c, ch);
            break;
        case refc_ST_QUOTE_SEEN:
            if (ch == '"') {
                st = refc_put_byte(c, '"');
                state = refc_ST_QUOTED;
            } else if (ch == ',') {
                st = refc_end_field(c);
                state = refc_ST_FIELD_START;
            } else if (newline) {
                if ((st = refc_end_field(c)) != SITREP_OK)
                    return st;
                return refc_end_record(c);
            } else {
                st = refc_put_byte(c, ch); /* "abc"def reads as abcdef */
                state = refc_ST_UNQUOTED;
            }
            break;
        }
        if (st != SITREP_OK)
            return st;
    }
}

static size_t ref_csv_nfields(const ref_csv *c) { return c->fields.len; }

const char *ref_csv_field(const ref_csv *c, size_t i, size_t *len)
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

static size_t ref_csv_line(const ref_csv *c) { return c->record_line; }
static uint64_t ref_csv_offset(const ref_csv *c) { return c->offset; }
const char *ref_csv_errmsg(const ref_csv *c) { return c->err; }

/* ======== src/read_csv.c ======== */

/* sr_csvdoc as it was */
typedef struct ref_csvdoc {
    bool have_header;
    sr_buf header;            /* the header's names, NUL-separated, while it is read */
    unsigned char *roles;     /* role of each column (enum sr_col_role) */
    size_t ncols;
    size_t text_col;          /* index of the text column */
    char text_name[64];       /* its name, for messages */
    sr_buf field[SR_COL_NROLES]; /* values of the current record by role */
    uint64_t lineno;          /* line of the next byte (1-based) */
    uint64_t line_start;      /* file offset where that line begins */
    bool skip_lf;             /* the last record ended with CR: drop an LF next */
    uint64_t reread;          /* bytes read again after stray quotes */
    bool done;                /* nothing more can be read (a bad header) */
} ref_csvdoc;

/* Header names for each role, in order of preference. */
static const char *const refd_role_names[SR_COL_NROLES][6] = {
    [SR_COL_TEXT] = {"text", "content", "article_content", "body", "description", NULL},
    [SR_COL_ID] = {"id", "unit_id", "event_id", NULL},
    [SR_COL_TITLE] = {"title", "headline", NULL},
    [SR_COL_SOURCE] = {"source", NULL},
    [SR_COL_PUBLISHED] = {"published", "date", NULL},
    [SR_COL_URL] = {"url", "link", NULL},
};

static const sitrep_doc_field refd_role_field[SR_COL_NROLES] = {
    [SR_COL_ID] = SITREP_DOC_ID,         [SR_COL_TITLE] = SITREP_DOC_TITLE,
    [SR_COL_SOURCE] = SITREP_DOC_SOURCE, [SR_COL_PUBLISHED] = SITREP_DOC_PUBLISHED,
    [SR_COL_URL] = SITREP_DOC_URL,
};

static void ref_csvdoc_free(ref_csvdoc *c)
{
    free(c->roles);
    c->roles = NULL;
    for (int i = 0; i < SR_COL_NROLES; i++)
        sr_buf_free(&c->field[i]);
    sr_buf_free(&c->header);
}

/* What refd_read_record learnt about one record. */
typedef struct refd_rec_info {
    uint64_t line;         /* line where the record begins */
    uint64_t start;        /* its file offset */
    size_t nfields;
    bool content;          /* anything but the line end (a blank line has none) */
    bool too_big;          /* more than the limit: fields not kept whole */
    enum { refd_QUOTE_OK, refd_QUOTE_OPEN_AT_END, refd_QUOTE_TEXT_AFTER } bad_quote;
    uint64_t quote_line, quote_offset, quote_col; /* where the last quoted field began */
    uint64_t close_line;   /* refd_QUOTE_TEXT_AFTER: the line of the closing quote */
} refd_rec_info;

enum { refd_S_FIELD_START, refd_S_UNQUOTED, refd_S_QUOTED, refd_S_QUOTE_IN_QUOTED };

/* Where the bytes of field number col go: the buffer of its role, the
 * header buffer while reading the header, or nowhere. */
static sr_buf *refd_field_dst(ref_csvdoc *c, size_t col)
{
    if (!c->have_header)
        return &c->header;
    if (col < c->ncols && c->roles[col] != SR_COL_NONE)
        return &c->field[c->roles[col]];
    return NULL;
}

/* Keeps n bytes of the current field unless the record has grown past the
 * limit (its bytes so far are counted from ri->start to `off`, the offset
 * just after these bytes). */
static sitrep_status refd_keep(sr_buf *dst, const char *p, size_t n, refd_rec_info *ri, uint64_t off, size_t limit)
{
    if (ri->too_big)
        return SITREP_OK;
    if (off - ri->start > limit) {
        ri->too_big = true;
        return SITREP_OK;
    }
    if (dst && n)
        return sr_buf_put(dst, p, n);
    return SITREP_OK;
}

static sitrep_status refd_end_field(ref_csvdoc *c, sr_buf *dst, refd_rec_info *ri)
{
    ri->nfields++;
    if (!c->have_header && dst)
        return sr_buf_putc(dst, '\0'); /* header names are kept NUL-separated */
    return SITREP_OK;
}

/* Reads one record. Returns SITREP_OK, SITREP_END when the input has no
 * more bytes, or SITREP_EIO / SITREP_ENOMEM. */
static sitrep_status refd_read_record(ref_csvdoc *c, sr_input *in, size_t limit, refd_rec_info *ri)
{
    memset(ri, 0, sizeof(*ri));
    for (int i = 0; i < SR_COL_NROLES; i++)
        sr_buf_clear(&c->field[i]);
    sitrep_status st = sr_input_fill(in);
    if (st != SITREP_OK)
        return st;
    if (c->skip_lf) {
        /* The last record ended with a CR; its LF may come in this chunk. */
        c->skip_lf = false;
        if (in->buf[in->pos] == '\n') {
            in->pos++;
            c->lineno++;
            c->line_start = sr_input_offset(in);
            if ((st = sr_input_fill(in)) != SITREP_OK)
                return st;
        }
    }
    ri->line = c->lineno;
    ri->start = sr_input_offset(in);
    int state = refd_S_FIELD_START;
    size_t col = 0;
    sr_buf *dst = refd_field_dst(c, 0);
    for (;;) {
        st = sr_input_fill(in);
        if (st == SITREP_END) {
            if (state == refd_S_QUOTED)
                ri->bad_quote = refd_QUOTE_OPEN_AT_END;
            return refd_end_field(c, dst, ri);
        }
        if (st != SITREP_OK)
            return st;
        const char *p = in->buf + in->pos, *e = in->buf + in->end;
        while (p < e) {
            switch (state) {
            case refd_S_QUOTED: {
                const char *q = memchr(p, '"', (size_t)(e - p));
                const char *stop = q ? q : e;
                for (const char *nl = p; (nl = memchr(nl, '\n', (size_t)(stop - nl))) != NULL; nl++) {
                    c->lineno++;
                    c->line_start = in->base + (uint64_t)(nl + 1 - in->buf);
                }
                uint64_t off = in->base + (uint64_t)(stop - in->buf);
                if ((st = refd_keep(dst, p, (size_t)(stop - p), ri, off, limit)) != SITREP_OK)
                    return st;
                p = stop;
                if (q) {
                    state = refd_S_QUOTE_IN_QUOTED;
                    p++;
                }
                break;
            }
            case refd_S_QUOTE_IN_QUOTED:
                if (*p == '"') { /* a doubled quote stands for one */
                    uint64_t off = in->base + (uint64_t)(p + 1 - in->buf);
                    if ((st = refd_keep(dst, p, 1, ri, off, limit)) != SITREP_OK)
                        return st;
                    state = refd_S_QUOTED;
                    p++;
                } else {
                    /* The field's closing quote; what follows before the next
                     * comma (RFC 4180 allows nothing) is kept as it is, but
                     * after a field over several lines it means that the
                     * quote was a stray one, closed by the next field's. */
                    if (*p != ',' && *p != '\n' && *p != '\r' && c->lineno != ri->quote_line &&
                        c->have_header && !ri->bad_quote) {
                        ri->bad_quote = refd_QUOTE_TEXT_AFTER;
                        ri->close_line = c->lineno;
                    }
                    state = refd_S_UNQUOTED;
                }
                break;
            case refd_S_FIELD_START:
                if (*p != '\n' && *p != '\r')
                    ri->content = true;
                if (*p == '"') {
                    state = refd_S_QUOTED;
                    ri->quote_line = c->lineno;
                    ri->quote_offset = in->base + (uint64_t)(p - in->buf);
                    ri->quote_col = ri->quote_offset - c->line_start + 1;
                    p++;
                    break;
                }
                state = refd_S_UNQUOTED;
                /* fall through */
            case refd_S_UNQUOTED: {
                const char *q = p;
                while (q < e && *q != ',' && *q != '\n' && *q != '\r')
                    q++;
                uint64_t off = in->base + (uint64_t)(q - in->buf);
                if ((st = refd_keep(dst, p, (size_t)(q - p), ri, off, limit)) != SITREP_OK)
                    return st;
                p = q;
                if (p == e)
                    break;
                char ch = *p++;
                if ((st = refd_end_field(c, dst, ri)) != SITREP_OK)
                    return st;
                if (ch == ',') {
                    ri->content = true;
                    state = refd_S_FIELD_START;
                    dst = refd_field_dst(c, ++col);
                    break;
                }
                /* End of the record: LF, CRLF or a lone CR. */
                if (ch == '\n') {
                    c->lineno++;
                    c->line_start = in->base + (uint64_t)(p - in->buf);
                } else if (p < e) {
                    if (*p == '\n') {
                        p++;
                        c->lineno++;
                        c->line_start = in->base + (uint64_t)(p - in->buf);
                    }
                } else {
                    c->skip_lf = true;
                }
                in->pos = (size_t)(p - in->buf);
                if (sr_input_offset(in) - ri->start > limit + 2)
                    ri->too_big = true;
                return SITREP_OK;
            }
            }
        }
        in->pos = in->end;
    }
}

static bool refd_name_is(const char *name, size_t n, const char *want)
{
    return strlen(want) == n && sr_strncasecmp(name, want, n) == 0;
}

/* Reads the header row and gives each column its role. */
static sitrep_status refd_read_header(ref_csvdoc *c, sr_input *in, size_t limit, char *errbuf)
{
    refd_rec_info ri;
    c->lineno = 1;
    c->line_start = sr_input_offset(in);
    sr_buf_clear(&c->header);
    sitrep_status st = refd_read_record(c, in, limit, &ri);
    if (st == SITREP_END) {
        sr_errf(errbuf, "%s: empty file", in->name);
        return SITREP_EINPUT;
    }
    if (st != SITREP_OK)
        return st;
    if (ri.too_big) {
        sr_errf(errbuf, "%s:1: header row longer than the limit of %zu bytes", in->name, limit);
        return SITREP_ETOOBIG;
    }
    if (ri.bad_quote == refd_QUOTE_OPEN_AT_END) {
        sr_errf(errbuf, "%s:%" PRIu64 ": the quoted field of the header that begins here (column %" PRIu64
                ") is not closed before the end of the file",
                in->name, ri.quote_line, ri.quote_col);
        return SITREP_EINPUT;
    }
    c->ncols = ri.nfields;
    c->roles = calloc(c->ncols, 1);
    if (!c->roles)
        return SITREP_ENOMEM;
    size_t best[SR_COL_NROLES];
    for (int r = 0; r < SR_COL_NROLES; r++)
        best[r] = SIZE_MAX;
    size_t best_col[SR_COL_NROLES] = {0};
    const char *name = c->header.data, *end = c->header.data + c->header.len;
    for (size_t col = 0; col < c->ncols && name < end; col++) {
        /* A NUL inside a name splits it; the binary check at the start of
         * the file makes that rare, and bounds refd_keep it harmless. */
        size_t n = strnlen(name, (size_t)(end - name));
        const char *next = name + n + 1;
        if (col == 0 && n >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) {
            name += 3;
            n -= 3;
        }
        while (n > 0 && sr_isspace((unsigned char)*name)) {
            name++;
            n--;
        }
        while (n > 0 && sr_isspace((unsigned char)name[n - 1]))
            n--;
        for (int r = 1; r < SR_COL_NROLES; r++)
            for (size_t k = 0; refd_role_names[r][k] && k < best[r]; k++)
                if (refd_name_is(name, n, refd_role_names[r][k])) {
                    best[r] = k;
                    best_col[r] = col;
                    break;
                }
        if (col == 0 || best_col[SR_COL_TEXT] == col)
            snprintf(c->text_name, sizeof c->text_name, "%.*s", (int)SR_MIN(n, 60), name);
        name = next;
    }
    if (best[SR_COL_TEXT] == SIZE_MAX) {
        sr_errf(errbuf, "%s:1: no text column in the header (one named text, content, "
                "article_content, body or description)", in->name);
        return SITREP_EINPUT;
    }
    for (int r = 1; r < SR_COL_NROLES; r++)
        if (best[r] != SIZE_MAX)
            c->roles[best_col[r]] = (unsigned char)r;
    c->text_col = best_col[SR_COL_TEXT];
    sr_buf_free(&c->header);
    c->have_header = true;
    return SITREP_OK;
}

/* After a stray quote: goes back to the line after the one where the
 * quote is and reads on from there. The bytes read again are at most as
 * many as those read before (or one document's worth), so a file full of
 * stray quotes costs at most about twice its reading. */
static bool refd_recover(ref_csvdoc *c, sr_input *in, const refd_rec_info *ri, size_t limit)
{
    uint64_t now = sr_input_offset(in), again = now - (ri->quote_offset + 1);
    if (c->reread + again > SR_MAX((uint64_t)limit, now) ||
        sr_input_seek(in, ri->quote_offset + 1) != SITREP_OK)
        return false;
    c->reread += again;
    for (;;) {
        if (sr_input_fill(in) != SITREP_OK)
            break;
        const char *s = in->buf + in->pos;
        const char *nl = memchr(s, '\n', in->end - in->pos);
        if (nl) {
            in->pos += (size_t)(nl - s) + 1;
            break;
        }
        in->pos = in->end;
    }
    c->lineno = ri->quote_line + 1;
    c->line_start = sr_input_offset(in);
    c->skip_lf = false;
    return true;
}

static sitrep_status ref_csvdoc_next(ref_csvdoc *c, sr_input *in, const sitrep_read_options *opts,
                          sitrep_doc **out, char *errbuf)
{
    *out = NULL;
    size_t limit = sr_read_limit(opts);
    sitrep_status st;
    if (c->done)
        return SITREP_END;
    if (!c->have_header && (st = refd_read_header(c, in, limit, errbuf)) != SITREP_OK) {
        c->done = true;
        return st;
    }
    refd_rec_info ri;
    for (;;) {
        if ((st = refd_read_record(c, in, limit, &ri)) != SITREP_OK)
            return st;
        if (ri.bad_quote) {
            char what[128];
            if (ri.bad_quote == refd_QUOTE_OPEN_AT_END)
                snprintf(what, sizeof what, "is not closed before the end of the file");
            else
                snprintf(what, sizeof what, "closes on line %" PRIu64 " with text after the quote",
                         ri.close_line);
            if (refd_recover(c, in, &ri, limit)) {
                sr_errf(errbuf, "%s:%" PRIu64 ": unbalanced quote: the quoted field that begins here "
                        "(column %" PRIu64 ") %s; record skipped, reading on from line %" PRIu64,
                        in->name, ri.quote_line, ri.quote_col, what, ri.quote_line + 1);
            } else if (ri.bad_quote == refd_QUOTE_OPEN_AT_END) {
                c->done = true;
                sr_errf(errbuf, "%s:%" PRIu64 ": unbalanced quote: the quoted field that begins here "
                        "(column %" PRIu64 ") %s; the rest of the file is skipped",
                        in->name, ri.quote_line, ri.quote_col, what);
            } else {
                sr_errf(errbuf, "%s:%" PRIu64 ": unbalanced quote: the quoted field that begins here "
                        "(column %" PRIu64 ") %s; record skipped", in->name, ri.quote_line, ri.quote_col,
                        what);
            }
            return SITREP_EINPUT;
        }
        if (ri.nfields == 1 && !ri.content)
            continue; /* a blank line */
        break;
    }
    if (ri.too_big) {
        sr_errf(errbuf, "%s:%" PRIu64 ": record longer than the limit of %zu bytes for one document",
                in->name, ri.line, limit);
        return SITREP_ETOOBIG;
    }
    if (ri.nfields != c->ncols) {
        sr_errf(errbuf, "%s:%" PRIu64 ": %zu field%s where the header has %zu", in->name, ri.line,
                ri.nfields, ri.nfields == 1 ? "" : "s", c->ncols);
        return SITREP_EINPUT;
    }
    sr_buf *text = &c->field[SR_COL_TEXT];
    size_t at;
    if (sr_looks_binary_at(text->data, text->len, &at)) {
        sr_errf(errbuf, "%s:%" PRIu64 ": binary data in column \"%s\" (%s at byte %zu of the field)",
                in->name, ri.line, c->text_name, text->data[at] ? "control characters from" : "a NUL byte",
                at);
        return SITREP_EINPUT;
    }
    if (sr_read_blank(text->data, text->len)) {
        sr_errf(errbuf, "%s:%" PRIu64 ": empty text in column \"%s\"", in->name, ri.line, c->text_name);
        return SITREP_EINPUT;
    }
    sitrep_doc *doc = sr_doc_alloc();
    if (!doc)
        return SITREP_ENOMEM;
    if ((st = sr_read_take_body(doc, text)) != SITREP_OK ||
        (st = sr_doc_set_origin(doc, "%s:%" PRIu64, in->name, ri.line)) != SITREP_OK)
        goto fail;
    for (int r = 1; r < SR_COL_NROLES; r++) {
        sr_buf *f = &c->field[r];
        if (r == SR_COL_TEXT || !f->len)
            continue;
        /* A NUL would cut the C string short: refd_keep what is before it. */
        const char *nul = memchr(f->data, '\0', f->len);
        size_t n = nul ? (size_t)(nul - f->data) : f->len;
        if ((st = sr_read_set_field(doc, refd_role_field[r], f->data, n)) != SITREP_OK)
            goto fail;
    }
    *out = doc;
    return SITREP_OK;
fail:
    sitrep_doc_free(doc);
    return st;
}

#endif
