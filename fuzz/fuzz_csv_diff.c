/* fuzz_csv_diff.c - libFuzzer target: the CSV tokenizer of csv.c, under
 * both of its readers, against the two parsers it replaced
 * (tests/unit/csv_ref.h). The input is read as a CSV document file (with
 * the document size limit that the first byte picks) and as CSV records
 * (with and without universal newlines, and a small record limit); the
 * documents, records, fields, line numbers, offsets and messages must be
 * the same. Build and run: make fuzz (see fuzz/run.sh; the seeds are those
 * of fuzz_csv). */
#include "csv.h"
#include "read.h"

#include "../tests/unit/csv_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(sr_buf *b, const void *s, size_t n)
{
    if (sr_buf_put(b, s, n) != SITREP_OK)
        abort();
}

static void putf(sr_buf *b, const char *fmt, ...) SR_PRINTF(2, 3);
static void putf(sr_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (sr_buf_vprintf(b, fmt, ap) != SITREP_OK)
        abort();
    va_end(ap);
}

static void records(const uint8_t *data, size_t size, const sr_csv_options *o, bool ref, sr_buf *out)
{
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        abort();
    sr_csv *c = NULL;
    ref_csv *rc = NULL;
    if ((ref ? ref_csv_open(fp, "fuzz", o, &rc) : sr_csv_open(fp, "fuzz", o, &c)) != SITREP_OK)
        abort();
    for (int guard = 0; guard < 1000000; guard++) {
        sitrep_status st = ref ? ref_csv_next(rc) : sr_csv_next(c);
        size_t nf = ref ? ref_csv_nfields(rc) : sr_csv_nfields(c);
        putf(out, "st %d line %zu off %llu nf %zu %s\n", (int)st, ref ? ref_csv_line(rc) : sr_csv_line(c),
             (unsigned long long)(ref ? ref_csv_offset(rc) : sr_csv_offset(c)), nf,
             ref ? ref_csv_errmsg(rc) : sr_csv_errmsg(c));
        for (size_t i = 0; i < nf; i++) {
            size_t n = 0;
            const char *f = ref ? ref_csv_field(rc, i, &n) : sr_csv_field(c, i, &n);
            putf(out, "[%zu]", n);
            put(out, f, n + 1);
        }
        if (st == SITREP_END || st == SITREP_EIO || st == SITREP_ENOMEM)
            break;
    }
    if (ref)
        ref_csv_close(rc);
    else
        sr_csv_close(c);
    fclose(fp);
}

static void documents(const uint8_t *data, size_t size, size_t max_doc, bool ref, sr_buf *out)
{
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        abort();
    sr_input in;
    if (sr_input_init(&in, fp, "fuzz", 0) != SITREP_OK)
        abort();
    sitrep_read_options o = {.format = SITREP_FORMAT_CSV, .max_doc_bytes = max_doc};
    sr_csvdoc c;
    ref_csvdoc rc;
    memset(&c, 0, sizeof c);
    memset(&rc, 0, sizeof rc);
    char err[SR_ERRMSG_MAX];
    sr_input_fill(&in);
    for (int guard = 0; guard < 1000000; guard++) {
        sitrep_doc *d = NULL;
        err[0] = '\0';
        sitrep_status st = ref ? ref_csvdoc_next(&rc, &in, &o, &d, err) : sr_csvdoc_next(&c, &in, &o, &d, err);
        putf(out, "st %d at %llu: %s\n", (int)st, (unsigned long long)sr_input_offset(&in), err);
        if (d) {
            size_t n;
            const char *text = sitrep_doc_text(d, &n);
            putf(out, "doc %s %zu\n", sitrep_doc_origin(d), n);
            put(out, text, n);
            for (int f = 0; f < SR_DOC_NFIELDS; f++) {
                const char *v = sitrep_doc_get(d, (sitrep_doc_field)f);
                putf(out, "\n%s", v ? v : "(none)");
            }
            size_t nw;
            const char *const *w = sitrep_doc_warnings(d, &nw);
            for (size_t i = 0; i < nw; i++)
                putf(out, "\n%s", w[i]);
            sitrep_doc_free(d);
        }
        if (st == SITREP_END || st == SITREP_EIO || st == SITREP_ENOMEM || (ref ? rc.done : c.done))
            break;
    }
    if (ref)
        ref_csvdoc_free(&rc);
    else
        sr_csvdoc_free(&c);
    sr_input_free(&in);
    fclose(fp);
}

static void check(const sr_buf *a, const sr_buf *b, const char *what)
{
    if (a->len == b->len && (!a->len || memcmp(a->data, b->data, a->len) == 0))
        return;
    fprintf(stderr, "%s: the shared tokenizer and the old parser disagree:\n--- new\n%.*s\n--- old\n%.*s\n", what,
            (int)a->len, a->data ? a->data : "", (int)b->len, b->data ? b->data : "");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    sr_buf a = {0}, b = {0};
    documents(data, size, (data[0] & 1) ? 64 : 0, false, &a);
    documents(data, size, (data[0] & 1) ? 64 : 0, true, &b);
    check(&a, &b, "documents");
    static const sr_csv_options opts[] = {{0, false}, {0, true}, {16, true}};
    for (size_t k = 0; k < SR_ARRAY_LEN(opts); k++) {
        sr_buf_clear(&a);
        sr_buf_clear(&b);
        records(data, size, &opts[k], false, &a);
        records(data, size, &opts[k], true, &b);
        check(&a, &b, "records");
    }
    sr_buf_free(&a);
    sr_buf_free(&b);
    return 0;
}
