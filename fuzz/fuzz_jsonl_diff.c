/* fuzz_jsonl_diff.c - libFuzzer target: the JSON Lines reader's scanner of
 * flat objects against jansson. The input is read as JSON Lines twice, with
 * the scanner and with jansson alone (sr_jsonl_jansson_only); documents
 * (body, fields, warnings, origin) and error messages must be the same.
 * Build and run: make fuzz (see fuzz/run.sh; the seeds are those of
 * fuzz_jsonl). */
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(sr_buf *b, const char *s, size_t n)
{
    if (sr_buf_put(b, s, n) != SITREP_OK)
        abort();
}

static void puts_(sr_buf *b, const char *s) { put(b, s, strlen(s)); }

/* Everything the reader gives, as text. */
static void read_all(const uint8_t *data, size_t size, bool jansson_only, size_t max_doc, sr_buf *out)
{
    sr_jsonl_jansson_only = jansson_only;
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        abort();
    sitrep_read_options o = {.format = SITREP_FORMAT_JSONL, .max_doc_bytes = max_doc};
    sr_input in;
    if (sr_input_init(&in, fp, "fuzz", 0) != SITREP_OK)
        abort();
    sr_jsonl j = {0};
    char err[SR_ERRMSG_MAX], num[64];
    for (int guard = 0; guard < 1000000; guard++) {
        sitrep_doc *d = NULL;
        err[0] = '\0';
        sitrep_status st = sr_jsonl_next(&j, &in, &o, &d, err);
        if (st == SITREP_END)
            break;
        if (st != SITREP_OK) {
            snprintf(num, sizeof num, "error %d: ", (int)st);
            puts_(out, num);
            puts_(out, err);
            puts_(out, "\n");
            if (st == SITREP_EINPUT || st == SITREP_ETOOBIG)
                continue;
            break;
        }
        size_t n;
        const char *text = sitrep_doc_text(d, &n);
        snprintf(num, sizeof num, "doc %zu ", n);
        puts_(out, num);
        puts_(out, sitrep_doc_origin(d));
        put(out, text, n);
        for (int f = 0; f < SR_DOC_NFIELDS; f++) {
            const char *v = sitrep_doc_get(d, (sitrep_doc_field)f);
            puts_(out, "\n field: ");
            puts_(out, v ? v : "(none)");
        }
        size_t nw;
        const char *const *w = sitrep_doc_warnings(d, &nw);
        for (size_t i = 0; i < nw; i++) {
            puts_(out, "\n warning: ");
            puts_(out, w[i]);
        }
        puts_(out, "\n");
        sitrep_doc_free(d);
    }
    sr_jsonl_free(&j);
    sr_input_free(&in);
    fclose(fp);
    sr_jsonl_jansson_only = false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t max_doc = (data[0] & 1) ? 64 : 0;
    sr_buf a = {0}, b = {0};
    read_all(data, size, false, max_doc, &a);
    read_all(data, size, true, max_doc, &b);
    if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)) {
        fprintf(stderr, "the scanner and jansson disagree:\n--- scanner\n%.*s\n--- jansson\n%.*s\n", (int)a.len,
                a.data ? a.data : "", (int)b.len, b.data ? b.data : "");
        abort();
    }
    sr_buf_free(&a);
    sr_buf_free(&b);
    return 0;
}
