/* csv.c - the streaming CSV record reader (see csv.h for the rules). */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum csv_state {
    ST_RECORD_START, /* before the first byte of a record (blank lines are skipped here) */
    ST_FIELD_START,  /* after a separator */
    ST_UNQUOTED,     /* in a field that did not start with a quote */
    ST_QUOTED,       /* in a quoted field */
    ST_QUOTE_SEEN    /* a quote inside a quoted field: closes it, or "" */
};

typedef struct csv_field {
    size_t start, len; /* in sr_csv.data */
} csv_field;

struct sr_csv {
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
    SR_VEC(csv_field) fields;
    bool oversize;      /* the current record went past max_record */
    char err[SR_ERRMSG_MAX];
};

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
    c->universal_newlines = opts && opts->universal_newlines;
    c->line = 1;
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

static inline int get_byte(sr_csv *c)
{
    if (c->in_pos >= c->in_len && !fill(c))
        return EOF;
    c->offset++;
    return c->in[c->in_pos++];
}

static inline int peek_byte(sr_csv *c)
{
    if (c->in_pos >= c->in_len && !fill(c))
        return EOF;
    return c->in[c->in_pos];
}

static inline sitrep_status put_byte(sr_csv *c, int ch)
{
    if (c->oversize)
        return SITREP_OK;
    if (c->data.len + 1 > c->max_record) {
        c->oversize = true;
        return SITREP_OK;
    }
    return sr_buf_putc(&c->data, ch);
}

static sitrep_status end_field(sr_csv *c)
{
    if (c->oversize)
        return SITREP_OK;
    csv_field f = {c->data.len, 0};
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
static sitrep_status end_record(sr_csv *c)
{
    if (c->oversize) {
        sr_errf(c->err, "%s:%zu: record longer than %zu bytes (skipped)", c->name, c->record_line,
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
    c->oversize = false;
    c->err[0] = '\0';
    if (c->done)
        return SITREP_END;
    enum csv_state state = ST_RECORD_START;
    sitrep_status st = SITREP_OK;
    for (;;) {
        int ch = get_byte(c);
        if (ch == EOF) {
            if (c->in_error) {
                c->done = true;
                sr_errf(c->err, "%s:%zu: %s", c->name, c->line, strerror(errno ? errno : EIO));
                return SITREP_EIO;
            }
            c->done = true;
            switch (state) {
            case ST_RECORD_START:
                return SITREP_END;
            case ST_QUOTED:
                sr_errf(c->err, "%s:%zu: unbalanced quote: the quoted field that starts here is not closed "
                                "by the end of the file",
                        c->name, c->record_line);
                c->fields.len = 0;
                return SITREP_EINPUT;
            default:
                if ((st = end_field(c)) != SITREP_OK)
                    return st;
                return end_record(c);
            }
        }
        bool newline = false;
        if (ch == '\n') {
            newline = true;
        } else if (ch == '\r') {
            newline = true;
            if (peek_byte(c) == '\n') {
                get_byte(c);
                if (state == ST_QUOTED && !c->universal_newlines)
                    st = put_byte(c, '\r'); /* kept as it was; '\n' appended below */
            } else if (state == ST_QUOTED && !c->universal_newlines) {
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
        case ST_RECORD_START:
            if (newline)
                continue; /* blank line */
            c->record_line = c->line;
            /* fall through */
        case ST_FIELD_START:
            if (ch == '"') {
                state = ST_QUOTED;
            } else if (ch == ',') {
                st = end_field(c);
                state = ST_FIELD_START;
            } else if (newline) {
                if ((st = end_field(c)) != SITREP_OK)
                    return st;
                return end_record(c);
            } else {
                st = put_byte(c, ch);
                state = ST_UNQUOTED;
            }
            break;
        case ST_UNQUOTED:
            if (ch == ',') {
                st = end_field(c);
                state = ST_FIELD_START;
            } else if (newline) {
                if ((st = end_field(c)) != SITREP_OK)
                    return st;
                return end_record(c);
            } else {
                st = put_byte(c, ch);
            }
            break;
        case ST_QUOTED:
            if (ch == '"')
                state = ST_QUOTE_SEEN;
            else
                st = put_byte(c, ch);
            break;
        case ST_QUOTE_SEEN:
            if (ch == '"') {
                st = put_byte(c, '"');
                state = ST_QUOTED;
            } else if (ch == ',') {
                st = end_field(c);
                state = ST_FIELD_START;
            } else if (newline) {
                if ((st = end_field(c)) != SITREP_OK)
                    return st;
                return end_record(c);
            } else {
                st = put_byte(c, ch); /* "abc"def reads as abcdef */
                state = ST_UNQUOTED;
            }
            break;
        }
        if (st != SITREP_OK)
            return st;
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

size_t sr_csv_line(const sr_csv *c) { return c->record_line; }
uint64_t sr_csv_offset(const sr_csv *c) { return c->offset; }
const char *sr_csv_errmsg(const sr_csv *c) { return c->err; }
