/* read_csv.c - CSV with a header row (RFC 4180: fields separated by
 * commas, records by CRLF or LF, quoted fields may hold commas, newlines and
 * doubled quotes).
 *
 * The tokenizer of csv.c reads one record at a time straight from the input
 * buffer; this file keeps only the fields a document takes (text, id,
 * title, source, published, url), so memory is bounded by one document
 * whatever the file's size or width. It is lenient where files in the wild
 * are sloppy (a quote inside an unquoted field, text after a closing quote
 * are kept as they are) and strict where records would be lost silently: a
 * quoted field still open at the end of the file, or one that runs over
 * lines and is followed by text after its closing quote (a stray quote that
 * the next quoted field closed), is reported with the line where it began,
 * and the reader goes back to the line after that one, so that one stray
 * quote costs one record, not the rest of the file.
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
    bool blank;            /* a blank line */
    bool too_big;          /* more than the limit: fields not kept whole */
    int bad_quote;         /* enum sr_csv_quote (a text after the quote counts after the header only) */
    uint64_t quote_line, quote_offset, quote_col; /* where the last quoted field began */
    uint64_t close_line;   /* SR_CSV_QUOTE_TEXT_AFTER: the line of the closing quote */
} rec_info;

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

/* The tokenizer's callbacks: bytes of a field are kept while the record is
 * within the limit (its bytes counted from its start to `end`, the offset
 * just after them); header names are kept NUL-separated. */
static sitrep_status doc_bytes(void *ctx, size_t col, const char *p, size_t n, uint64_t end)
{
    sr_csvdoc *c = ctx;
    if (c->too_big)
        return SITREP_OK;
    if (end - c->scan.rec_start > c->limit) {
        c->too_big = true;
        return SITREP_OK;
    }
    sr_buf *dst = field_dst(c, col);
    return dst ? sr_buf_put(dst, p, n) : SITREP_OK;
}

static sitrep_status doc_field(void *ctx, size_t col)
{
    (void)col;
    sr_csvdoc *c = ctx;
    if (!c->have_header)
        return sr_buf_putc(&c->header, '\0');
    return SITREP_OK;
}

/* Sets up the tokenizer at the start of line `line`, at the input's offset. */
static void scan_from(sr_csvdoc *c, sr_input *in, uint64_t line)
{
    sr_csv_scan_init(&c->scan, SR_CSV_BLANK_RECORDS, line, sr_input_offset(in), doc_bytes, doc_field, c);
}

/* Reads one record (a blank line is one too). Returns SITREP_OK,
 * SITREP_END when the input has no more bytes, or SITREP_EIO /
 * SITREP_ENOMEM. */
static sitrep_status read_record(sr_csvdoc *c, sr_input *in, size_t limit, rec_info *ri)
{
    memset(ri, 0, sizeof(*ri));
    for (int i = 0; i < SR_COL_NROLES; i++)
        sr_buf_clear(&c->field[i]);
    c->limit = limit;
    c->too_big = false;
    sitrep_status st;
    bool done;
    for (;;) {
        st = sr_input_fill(in);
        if (st == SITREP_END) {
            if ((st = sr_csv_scan_end(&c->scan, sr_input_offset(in), &done)) != SITREP_OK)
                return st;
            if (!done)
                return SITREP_END;
            break;
        }
        if (st != SITREP_OK)
            return st;
        size_t used;
        st = sr_csv_scan_feed(&c->scan, in->buf + in->pos, in->end - in->pos, sr_input_offset(in), &used, &done);
        in->pos += used;
        if (st != SITREP_OK)
            return st;
        if (done)
            break;
    }
    const sr_csv_scan *s = &c->scan;
    ri->line = s->rec_line;
    ri->start = s->rec_start;
    ri->nfields = s->nfields;
    ri->blank = s->blank;
    /* past the limit when its last field ends past it (line break aside) */
    ri->too_big = c->too_big || s->rec_end - s->rec_start > limit;
    ri->bad_quote = s->quote;
    if (ri->bad_quote == SR_CSV_QUOTE_TEXT_AFTER && !c->have_header)
        ri->bad_quote = SR_CSV_QUOTE_OK;
    ri->quote_line = s->quote_line;
    ri->quote_offset = s->quote_offset;
    ri->quote_col = s->quote_col;
    ri->close_line = s->close_line;
    return SITREP_OK;
}

static bool name_is(const char *name, size_t n, const char *want)
{
    return strlen(want) == n && sr_strncasecmp(name, want, n) == 0;
}

/* Reads the header row and gives each column its role. */
static sitrep_status read_header(sr_csvdoc *c, sr_input *in, size_t limit, char *errbuf)
{
    rec_info ri;
    scan_from(c, in, 1);
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
    if (ri.bad_quote == SR_CSV_QUOTE_OPEN_AT_END) {
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
    scan_from(c, in, ri->quote_line + 1);
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
            if (ri.bad_quote == SR_CSV_QUOTE_OPEN_AT_END)
                snprintf(what, sizeof what, "is not closed before the end of the file");
            else
                snprintf(what, sizeof what, "closes on line %" PRIu64 " with text after the quote",
                         ri.close_line);
            if (recover(c, in, &ri, limit)) {
                sr_errf(errbuf, "%s:%" PRIu64 ": unbalanced quote: the quoted field that begins here "
                        "(column %" PRIu64 ") %s; record skipped, reading on from line %" PRIu64,
                        in->name, ri.quote_line, ri.quote_col, what, ri.quote_line + 1);
            } else if (ri.bad_quote == SR_CSV_QUOTE_OPEN_AT_END) {
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
        if (ri.blank)
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
        (st = sr_read_set_origin(doc, in->name, ri.line)) != SITREP_OK)
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
