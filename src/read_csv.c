/* read_csv.c - CSV with a header row (RFC 4180: fields separated by
 * commas, records by CRLF or LF, quoted fields may hold commas, newlines and
 * doubled quotes).
 *
 * A small state machine reads one record at a time straight from the input
 * buffer and keeps only the fields a document takes (text, id, title,
 * source, published, url), so memory is bounded by one document whatever
 * the file's size or width. It is lenient where files in the wild are
 * sloppy (a quote inside an unquoted field, text after a closing quote are
 * kept as they are) and strict where records would be lost silently: a
 * quoted field still open at the end of the file, or one that runs over
 * lines and is followed by text after its closing quote (a stray quote
 * that the next quoted field closed), is reported with the line where it
 * began, and the reader goes back to the line after that one, so that one
 * stray quote costs one record, not the rest of the file.
 */
#include "read.h"

#include "encoding.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Header names for each role, in order of preference. */
static const char *const role_names[SR_COL_NROLES][6] = {
    [SR_COL_TEXT] = {"text", "content", "article_content", "body", "description", NULL},
    [SR_COL_ID] = {"id", "unit_id", "event_id", NULL},
    [SR_COL_TITLE] = {"title", "headline", NULL},
    [SR_COL_SOURCE] = {"source", NULL},
    [SR_COL_PUBLISHED] = {"published", "date", NULL},
    [SR_COL_URL] = {"url", "link", NULL},
};

static const sitrep_doc_field role_field[SR_COL_NROLES] = {
    [SR_COL_ID] = SITREP_DOC_ID,         [SR_COL_TITLE] = SITREP_DOC_TITLE,
    [SR_COL_SOURCE] = SITREP_DOC_SOURCE, [SR_COL_PUBLISHED] = SITREP_DOC_PUBLISHED,
    [SR_COL_URL] = SITREP_DOC_URL,
};

void sr_csvdoc_free(sr_csvdoc *c)
{
    free(c->roles);
    c->roles = NULL;
    for (int i = 0; i < SR_COL_NROLES; i++)
        sr_buf_free(&c->field[i]);
    sr_buf_free(&c->header);
}

/* What read_record learnt about one record. */
typedef struct rec_info {
    uint64_t line;         /* line where the record begins */
    uint64_t start;        /* its file offset */
    size_t nfields;
    bool content;          /* anything but the line end (a blank line has none) */
    bool too_big;          /* more than the limit: fields not kept whole */
    enum { QUOTE_OK, QUOTE_OPEN_AT_END, QUOTE_TEXT_AFTER } bad_quote;
    uint64_t quote_line, quote_offset, quote_col; /* where the last quoted field began */
    uint64_t close_line;   /* QUOTE_TEXT_AFTER: the line of the closing quote */
} rec_info;

enum { S_FIELD_START, S_UNQUOTED, S_QUOTED, S_QUOTE_IN_QUOTED };

/* Where the bytes of field number col go: the buffer of its role, the
 * header buffer while reading the header, or nowhere. */
static sr_buf *field_dst(sr_csvdoc *c, size_t col)
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
static sitrep_status keep(sr_buf *dst, const char *p, size_t n, rec_info *ri, uint64_t off, size_t limit)
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

static sitrep_status end_field(sr_csvdoc *c, sr_buf *dst, rec_info *ri)
{
    ri->nfields++;
    if (!c->have_header && dst)
        return sr_buf_putc(dst, '\0'); /* header names are kept NUL-separated */
    return SITREP_OK;
}

/* Reads one record. Returns SITREP_OK, SITREP_END when the input has no
 * more bytes, or SITREP_EIO / SITREP_ENOMEM. */
static sitrep_status read_record(sr_csvdoc *c, sr_input *in, size_t limit, rec_info *ri)
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
    int state = S_FIELD_START;
    size_t col = 0;
    sr_buf *dst = field_dst(c, 0);
    for (;;) {
        st = sr_input_fill(in);
        if (st == SITREP_END) {
            if (state == S_QUOTED)
                ri->bad_quote = QUOTE_OPEN_AT_END;
            return end_field(c, dst, ri);
        }
        if (st != SITREP_OK)
            return st;
        const char *p = in->buf + in->pos, *e = in->buf + in->end;
        while (p < e) {
            switch (state) {
            case S_QUOTED: {
                const char *q = memchr(p, '"', (size_t)(e - p));
                const char *stop = q ? q : e;
                for (const char *nl = p; (nl = memchr(nl, '\n', (size_t)(stop - nl))) != NULL; nl++) {
                    c->lineno++;
                    c->line_start = in->base + (uint64_t)(nl + 1 - in->buf);
                }
                uint64_t off = in->base + (uint64_t)(stop - in->buf);
                if ((st = keep(dst, p, (size_t)(stop - p), ri, off, limit)) != SITREP_OK)
                    return st;
                p = stop;
                if (q) {
                    state = S_QUOTE_IN_QUOTED;
                    p++;
                }
                break;
            }
            case S_QUOTE_IN_QUOTED:
                if (*p == '"') { /* a doubled quote stands for one */
                    uint64_t off = in->base + (uint64_t)(p + 1 - in->buf);
                    if ((st = keep(dst, p, 1, ri, off, limit)) != SITREP_OK)
                        return st;
                    state = S_QUOTED;
                    p++;
                } else {
                    /* The field's closing quote; what follows before the next
                     * comma (RFC 4180 allows nothing) is kept as it is, but
                     * after a field over several lines it means that the
                     * quote was a stray one, closed by the next field's. */
                    if (*p != ',' && *p != '\n' && *p != '\r' && c->lineno != ri->quote_line &&
                        c->have_header && !ri->bad_quote) {
                        ri->bad_quote = QUOTE_TEXT_AFTER;
                        ri->close_line = c->lineno;
                    }
                    state = S_UNQUOTED;
                }
                break;
            case S_FIELD_START:
                if (*p != '\n' && *p != '\r')
                    ri->content = true;
                if (*p == '"') {
                    state = S_QUOTED;
                    ri->quote_line = c->lineno;
                    ri->quote_offset = in->base + (uint64_t)(p - in->buf);
                    ri->quote_col = ri->quote_offset - c->line_start + 1;
                    p++;
                    break;
                }
                state = S_UNQUOTED;
                /* fall through */
            case S_UNQUOTED: {
                const char *q = p;
                while (q < e && *q != ',' && *q != '\n' && *q != '\r')
                    q++;
                uint64_t off = in->base + (uint64_t)(q - in->buf);
                if ((st = keep(dst, p, (size_t)(q - p), ri, off, limit)) != SITREP_OK)
                    return st;
                p = q;
                if (p == e)
                    break;
                char ch = *p++;
                if ((st = end_field(c, dst, ri)) != SITREP_OK)
                    return st;
                if (ch == ',') {
                    ri->content = true;
                    state = S_FIELD_START;
                    dst = field_dst(c, ++col);
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

static bool name_is(const char *name, size_t n, const char *want)
{
    return strlen(want) == n && sr_strncasecmp(name, want, n) == 0;
}

/* Reads the header row and gives each column its role. */
static sitrep_status read_header(sr_csvdoc *c, sr_input *in, size_t limit, char *errbuf)
{
    rec_info ri;
    c->lineno = 1;
    c->line_start = sr_input_offset(in);
    sr_buf_clear(&c->header);
    sitrep_status st = read_record(c, in, limit, &ri);
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
    if (ri.bad_quote == QUOTE_OPEN_AT_END) {
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
         * the file makes that rare, and bounds keep it harmless. */
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
            for (size_t k = 0; role_names[r][k] && k < best[r]; k++)
                if (name_is(name, n, role_names[r][k])) {
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
static bool recover(sr_csvdoc *c, sr_input *in, const rec_info *ri, size_t limit)
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

sitrep_status sr_csvdoc_next(sr_csvdoc *c, sr_input *in, const sitrep_read_options *opts,
                          sitrep_doc **out, char *errbuf)
{
    *out = NULL;
    size_t limit = sr_read_limit(opts);
    sitrep_status st;
    if (c->done)
        return SITREP_END;
    if (!c->have_header && (st = read_header(c, in, limit, errbuf)) != SITREP_OK) {
        c->done = true;
        return st;
    }
    rec_info ri;
    for (;;) {
        if ((st = read_record(c, in, limit, &ri)) != SITREP_OK)
            return st;
        if (ri.bad_quote) {
            char what[128];
            if (ri.bad_quote == QUOTE_OPEN_AT_END)
                snprintf(what, sizeof what, "is not closed before the end of the file");
            else
                snprintf(what, sizeof what, "closes on line %" PRIu64 " with text after the quote",
                         ri.close_line);
            if (recover(c, in, &ri, limit)) {
                sr_errf(errbuf, "%s:%" PRIu64 ": unbalanced quote: the quoted field that begins here "
                        "(column %" PRIu64 ") %s; record skipped, reading on from line %" PRIu64,
                        in->name, ri.quote_line, ri.quote_col, what, ri.quote_line + 1);
            } else if (ri.bad_quote == QUOTE_OPEN_AT_END) {
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
        /* A NUL would cut the C string short: keep what is before it. */
        const char *nul = memchr(f->data, '\0', f->len);
        size_t n = nul ? (size_t)(nul - f->data) : f->len;
        if ((st = sr_read_set_field(doc, role_field[r], f->data, n)) != SITREP_OK)
            goto fail;
    }
    *out = doc;
    return SITREP_OK;
fail:
    sitrep_doc_free(doc);
    return st;
}
