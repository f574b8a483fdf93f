/* csv_check.h - what tests/unit/test_csv.c and fuzz/fuzz_csv_diff.c hold
 * the CSV readers to.
 *
 * The reference is written from RFC 4180 and the rules of csv.h, not from
 * csv.c: it reads a whole buffer at once, one byte at a time, and keeps
 * every record. sr_csv must return its records exactly (fields, lines,
 * offsets, statuses) for any input. The document reader must return, for
 * every record of a file up to its first stray or open quote, the document
 * or the error that the record's fields call for; after that quote only
 * what holds of any file is checked (it ends, lines go forward, bodies are
 * UTF-8), since how it recovers is its own choice.
 *
 * Each check returns NULL, or a message saying where reader and reference
 * part. Include once, after csv.h and read.h. */
#ifndef SITREP_CSV_CHECK_H
#define SITREP_CSV_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "encoding.h"
#include "read.h"

typedef struct ref_record {
    size_t start; /* its first byte */
    size_t stop;  /* the line break that ends it, or the end of the input */
    size_t next;  /* the byte after that line break */
    size_t pyline, lfline; /* line of start: CR, LF and CRLF counted as breaks; LF only */
    bool blank;   /* an empty line */
    bool open;    /* a quoted field still open at the end of the input */
    bool stray;   /* a quoted field that held an LF, then text after its closing quote */
    sr_buf bytes; /* the fields, each followed by a NUL */
    SR_VEC(size_t) len;
} ref_record;

typedef SR_VEC(ref_record) ref_records;

static void ref_free(ref_records *rs)
{
    for (size_t i = 0; i < rs->len; i++) {
        sr_buf_free(&rs->items[i].bytes);
        free(rs->items[i].len.items);
    }
    free(rs->items);
    memset(rs, 0, sizeof *rs);
}

static void ref_oom(sitrep_status st)
{
    if (st != SITREP_OK)
        abort();
}

/* CRLF, CR or LF at data[i], as the length of the break; 0 for no break. */
static size_t ref_break(const char *data, size_t len, size_t i)
{
    if (i >= len || (data[i] != '\n' && data[i] != '\r'))
        return 0;
    return data[i] == '\r' && i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
}

/* The records of data[0,len); with universal, a line break inside quotes
 * reads as one LF. */
static void ref_parse(const char *data, size_t len, bool universal, ref_records *out)
{
    enum { LINE, FIELD, PLAIN, QUOTED, CLOSED } state = LINE;
    ref_record r;
    size_t pyline = 1, lfline = 1, counted = 0; /* lines of data[0,counted) */
    bool lf_in_quotes = false;
    size_t i = 0;
    for (;;) {
        bool end = i == len;
        char ch = end ? 0 : data[i];
        size_t brk = ref_break(data, len, i);
        if (state == LINE) {
            if (end)
                return;
            for (; counted < i; counted++) {
                lfline += data[counted] == '\n';
                pyline += data[counted] == '\n' || (data[counted] == '\r' && data[counted + 1] != '\n');
            }
            memset(&r, 0, sizeof r);
            r.start = i;
            r.pyline = pyline;
            r.lfline = lfline;
            r.blank = brk > 0;
            state = FIELD;
        }
        if (state == FIELD && ch == '"' && !end) {
            state = QUOTED;
            lf_in_quotes = false;
            i++;
            continue;
        }
        if (state == FIELD)
            state = PLAIN;
        if (state == QUOTED) {
            if (end) {
                r.open = true;
            } else if (ch == '"') {
                state = CLOSED;
                i++;
                continue;
            } else {
                size_t n = brk ? brk : 1;
                lf_in_quotes |= data[i + n - 1] == '\n';
                ref_oom(universal && brk ? sr_buf_putc(&r.bytes, '\n') : sr_buf_put(&r.bytes, data + i, n));
                i += n;
                continue;
            }
        }
        if (state == CLOSED && ch == '"' && !end) { /* "" is one quote */
            ref_oom(sr_buf_putc(&r.bytes, '"'));
            state = QUOTED;
            i++;
            continue;
        }
        if (state == CLOSED && !end && !brk && ch != ',') { /* text after the closing quote */
            r.stray |= lf_in_quotes;
            state = PLAIN;
        }
        if (state == PLAIN && !end && !brk && ch != ',') {
            ref_oom(sr_buf_putc(&r.bytes, ch));
            i++;
            continue;
        }
        /* the field ends: at a comma, a line break or the end */
        size_t field_start = 0;
        for (size_t k = 0; k < r.len.len; k++)
            field_start += r.len.items[k] + 1;
        ref_oom(sr_vec_push(&r.len, r.bytes.len - field_start));
        ref_oom(sr_buf_putc(&r.bytes, '\0'));
        if (ch == ',' && !end) {
            state = FIELD;
            i++;
            continue;
        }
        r.stop = i;
        r.next = i + brk;
        ref_oom(sr_vec_push(out, r));
        if (end)
            return;
        i += brk;
        state = LINE;
    }
}

static const char *ref_field(const ref_record *r, size_t k)
{
    const char *f = r->bytes.data;
    for (size_t j = 0; j < k; j++)
        f += r->len.items[j] + 1;
    return f;
}

/* The file's name in every message of the readers under test. */
#define CSVCK_NAME "gen.csv"

static char csvck_msg[1024];

static const char *csvck_fail(const char *fmt, ...) SR_PRINTF(1, 2);
static const char *csvck_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(csvck_msg, sizeof csvck_msg, fmt, ap);
    va_end(ap);
    return csvck_msg;
}

/* The message names the file and the line. */
static bool csvck_names_line(const char *msg, size_t line)
{
    char want[64];
    snprintf(want, sizeof want, CSVCK_NAME ":%zu:", line);
    return strncmp(msg, want, strlen(want)) == 0;
}

/* ---- sr_csv: the reference's records, exactly ---- */

static const char *csvck_one_record(sr_csv *c, const ref_record *r, size_t bom, size_t limit)
{
    static const char *const what = "sr_csv";
    sitrep_status st = sr_csv_next(c);
    size_t sum = 0, nf = r->len.len;
    for (size_t k = 0; k < nf; k++)
        sum += r->len.items[k];
    /* its fields and a byte between each: kept whole up to the limit, and
     * skipped once the field bytes alone are over it */
    bool fits = sum + nf - 1 <= limit, over = sum > limit;
    sitrep_status want = r->open ? SITREP_EINPUT : over ? SITREP_ETOOBIG : fits ? SITREP_OK : st;
    if (st != want || (want != SITREP_OK && want != SITREP_ETOOBIG && want != SITREP_EINPUT))
        return csvck_fail("%s: record at byte %zu (line %zu): status %d, want %d", what, r->start + bom, r->pyline,
                          (int)st, (int)want);
    if (sr_csv_line(c) != r->pyline || sr_csv_offset(c) != r->next + bom)
        return csvck_fail("%s: record at byte %zu: line %zu, offset %llu; want line %zu, offset %zu", what,
                          r->start + bom, sr_csv_line(c), (unsigned long long)sr_csv_offset(c), r->pyline,
                          r->next + bom);
    if (st != SITREP_OK) {
        if (sr_csv_nfields(c) != 0 || !csvck_names_line(sr_csv_errmsg(c), r->pyline))
            return csvck_fail("%s: line %zu: %zu fields, message \"%s\"", what, r->pyline, sr_csv_nfields(c),
                              sr_csv_errmsg(c));
        return NULL;
    }
    if (sr_csv_nfields(c) != nf || sr_csv_field(c, nf, NULL) != NULL)
        return csvck_fail("%s: line %zu: %zu fields, want %zu", what, r->pyline, sr_csv_nfields(c), nf);
    for (size_t k = 0; k < nf; k++) {
        size_t n = 0;
        const char *f = sr_csv_field(c, k, &n), *g = ref_field(r, k);
        if (n != r->len.items[k] || memcmp(f, g, n + 1) != 0)
            return csvck_fail("%s: line %zu, field %zu: \"%.*s\", want \"%.*s\"", what, r->pyline, k, (int)n, f,
                              (int)r->len.items[k], g);
    }
    return NULL;
}

static const char *csvck_records(const char *data, size_t len, const sr_csv_options *o)
{
    size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t limit = o->max_record_bytes ? o->max_record_bytes : SR_CSV_DEFAULT_MAX_RECORD;
    ref_records rs = {0};
    ref_parse(data + bom, len - bom, o->universal_newlines, &rs);
    FILE *fp = fmemopen((void *)data, len, "rb");
    sr_csv *c = NULL;
    if (!fp || sr_csv_open(fp, CSVCK_NAME, o, &c) != SITREP_OK)
        abort();
    const char *msg = NULL;
    for (size_t i = 0; i < rs.len && !msg; i++)
        if (!rs.items[i].blank)
            msg = csvck_one_record(c, &rs.items[i], bom, limit);
    for (int again = 0; again < 2 && !msg; again++)
        if (sr_csv_next(c) != SITREP_END || sr_csv_offset(c) != len)
            msg = csvck_fail("sr_csv: no END after the last record, or not at the end of the input (%llu of %zu)",
                             (unsigned long long)sr_csv_offset(c), len);
    sr_csv_close(c);
    fclose(fp);
    ref_free(&rs);
    return msg;
}

/* ---- the document reader ---- */

/* The column a document takes its text from: the first of the most
 * preferred name (read.h), the first name without a byte order mark and
 * white space around it; -1 for none. */
static long csvck_text_column(const ref_record *header)
{
    static const char *const names[] = {"text", "content", "article_content", "body", "description"};
    for (size_t k = 0; k < SR_ARRAY_LEN(names); k++)
        for (size_t col = 0; col < header->len.len; col++) {
            const char *s = ref_field(header, col);
            size_t n = header->len.items[col];
            if (col == 0 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s += 3, n -= 3;
            for (; n && sr_isspace((unsigned char)*s); s++, n--) {
            }
            for (; n && sr_isspace((unsigned char)s[n - 1]); n--) {
            }
            if (n == strlen(names[k]) && sr_strncasecmp(s, names[k], n) == 0)
                return (long)col;
        }
    return -1;
}

typedef struct csvck_result {
    sitrep_status st;
    char err[SR_ERRMSG_MAX];
    size_t line;     /* of the document's origin */
    sr_buf body;
    size_t warnings;
} csvck_result;

typedef SR_VEC(csvck_result) csvck_results;

/* What the reader returns for data, up to its end (at most max_calls). */
static void csvck_read_docs(const char *data, size_t len, size_t limit, size_t max_calls, csvck_results *out)
{
    FILE *fp = fmemopen((void *)data, len, "rb");
    sr_input in;
    if (!fp || sr_input_init(&in, fp, CSVCK_NAME, 0) != SITREP_OK)
        abort();
    sitrep_read_options o = {.format = SITREP_FORMAT_CSV, .max_doc_bytes = limit};
    sr_csvdoc c;
    memset(&c, 0, sizeof c);
    sr_input_fill(&in); /* as the reader does before a format reader starts */
    for (size_t call = 0; call <= max_calls; call++) {
        csvck_result r;
        memset(&r, 0, sizeof r);
        sitrep_doc *d = NULL;
        r.st = sr_csvdoc_next(&c, &in, &o, &d, r.err);
        if (r.st == SITREP_END)
            break;
        if (d) {
            size_t n;
            const char *text = sitrep_doc_text(d, &n), *origin = sitrep_doc_origin(d);
            ref_oom(sr_buf_put(&r.body, text, n));
            sitrep_doc_warnings(d, &r.warnings);
            const char *colon = strrchr(origin, ':');
            r.line = colon ? strtoul(colon + 1, NULL, 10) : 0;
            if (strncmp(origin, CSVCK_NAME ":", strlen(CSVCK_NAME) + 1) != 0)
                r.line = 0;
            sitrep_doc_free(d);
        }
        ref_oom(sr_vec_push(out, r));
        if (c.done)
            break;
    }
    sr_csvdoc_free(&c);
    sr_input_free(&in);
    fclose(fp);
}

/* Bytes below 0x20 other than white space: a field with them may be taken
 * for binary data. */
static bool csvck_has_controls(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && !strchr("\t\n\r\f", s[i]))
            return true;
    return false;
}

/* The result a record of a file with a text column calls for (given as the
 * status, SITREP_OK or SITREP_EINPUT where either may come). */
static const char *csvck_one_doc(const ref_record *r, const csvck_result *got, size_t ncols, size_t textcol,
                                 size_t limit)
{
    size_t span = r->stop - r->start;
    bool over = span > limit + 1, fits = span <= limit; /* its last byte counted or not */
    const char *text = r->len.len > textcol ? ref_field(r, textcol) : "";
    size_t n = r->len.len > textcol ? r->len.items[textcol] : 0;
    sitrep_status want;
    if (over || (!fits && got->st == SITREP_ETOOBIG))
        want = SITREP_ETOOBIG;
    else if (r->len.len != ncols || memchr(text, '\0', n) || sr_read_blank(text, n))
        want = SITREP_EINPUT;
    else
        want = csvck_has_controls(text, n) && got->st == SITREP_EINPUT ? SITREP_EINPUT : SITREP_OK;
    if (got->st != want)
        return csvck_fail("sr_csvdoc: record of line %zu: status %d (%s), want %d", r->lfline, (int)got->st,
                          got->err, (int)want);
    if (want != SITREP_OK)
        return csvck_names_line(got->err, r->lfline)
                   ? NULL
                   : csvck_fail("sr_csvdoc: record of line %zu: message \"%s\"", r->lfline, got->err);
    if (got->line != r->lfline)
        return csvck_fail("sr_csvdoc: record of line %zu: a document of line %zu", r->lfline, got->line);
    size_t bom = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (sr_utf8_valid(text + bom, n - bom, NULL)
            ? got->body.len != n - bom || memcmp(got->body.data, text + bom, n - bom) != 0
            : got->warnings == 0)
        return csvck_fail("sr_csvdoc: line %zu: body \"%.*s\", text \"%.*s\"", r->lfline, (int)got->body.len,
                          got->body.data, (int)n, text);
    return NULL;
}

/* What holds of every result, whatever the file. */
static const char *csvck_any_doc(const csvck_result *got, size_t *last_line)
{
    if (got->st != SITREP_OK) {
        if ((got->st != SITREP_EINPUT && got->st != SITREP_ETOOBIG) ||
            strncmp(got->err, CSVCK_NAME ":", strlen(CSVCK_NAME) + 1) != 0)
            return csvck_fail("sr_csvdoc: status %d, message \"%s\"", (int)got->st, got->err);
        return NULL;
    }
    if (got->line < *last_line || !sr_utf8_valid(got->body.data, got->body.len, NULL))
        return csvck_fail("sr_csvdoc: a document of line %zu after line %zu, body \"%.*s\"", got->line, *last_line,
                          (int)got->body.len, got->body.data);
    *last_line = got->line;
    return NULL;
}

static const char *csvck_documents(const char *data, size_t len, size_t max_doc)
{
    size_t limit = sr_read_limit(&(sitrep_read_options){.max_doc_bytes = max_doc});
    ref_records rs = {0};
    ref_parse(data, len, false, &rs);
    size_t lines = 1; /* a bound on the records: CR counted too */
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n' || data[i] == '\r';
    csvck_results got = {0};
    csvck_read_docs(data, len, max_doc, lines + 2, &got);
    const char *msg = NULL;
    if (got.len > lines + 1)
        msg = csvck_fail("sr_csvdoc: %zu results from %zu lines", got.len, lines);
    size_t last_line = 0;
    for (size_t i = 0; i < got.len && !msg; i++)
        msg = csvck_any_doc(&got.items[i], &last_line);

    /* the header, then the records up to the first stray or open quote */
    const ref_record *h = rs.len ? &rs.items[0] : NULL;
    for (size_t col = 0; h && col < h->len.len; col++)
        if (memchr(ref_field(h, col), '\0', h->len.items[col]))
            h = NULL; /* a NUL in a name: where its columns go is the reader's own (read_csv.c) */
    long textcol = h ? csvck_text_column(h) : -1;
    size_t g = 0, span = h ? h->stop - h->start : 0;
    if (msg || (!h && rs.len)) {
    } else if (!h || span > limit + 1 || (span > limit && got.len && got.items[0].st == SITREP_ETOOBIG) ||
               h->open || textcol < 0) {
        sitrep_status want = h && span > limit && (span > limit + 1 || got.items[0].st == SITREP_ETOOBIG)
                                 ? SITREP_ETOOBIG
                                 : SITREP_EINPUT;
        if (got.len != 1 || got.items[0].st != want)
            msg = csvck_fail("sr_csvdoc: %zu results, the first %d; want one, %d", got.len,
                             got.len ? (int)got.items[0].st : 0, (int)want);
    } else {
        bool stray = false;
        for (size_t i = 1; i < rs.len && !msg && !stray; i++) {
            const ref_record *r = &rs.items[i];
            if (r->blank)
                continue;
            if (g == got.len)
                msg = csvck_fail("sr_csvdoc: no result for the record of line %zu", r->lfline);
            else if (r->open || r->stray)
                msg = got.items[g].st == SITREP_EINPUT
                          ? NULL
                          : csvck_fail("sr_csvdoc: stray quote in line %zu: status %d", r->lfline,
                                       (int)got.items[g].st);
            else
                msg = csvck_one_doc(r, &got.items[g], h->len.len, (size_t)textcol, limit);
            g++;
            stray = r->open || r->stray;
        }
        if (!msg && !stray && g != got.len)
            msg = csvck_fail("sr_csvdoc: %zu results after the last record", got.len - g);
    }
    for (size_t i = 0; i < got.len; i++)
        sr_buf_free(&got.items[i].body);
    free(got.items);
    ref_free(&rs);
    return msg;
}

#endif
