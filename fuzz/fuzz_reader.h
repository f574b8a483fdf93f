/* fuzz_reader.h - the body of every reader's libFuzzer target: feeds the
 * bytes through the public reader as one file of the given format (via
 * fmemopen and sr_reader_open_stream), reads every document, and checks
 * the readers' contract on each: the body is valid UTF-8 with no NUL and
 * its length is right; fields and warnings are valid UTF-8.
 *
 * The first byte also picks the document size limit: odd bytes set a
 * small one (64 bytes), so that the too-big paths run too. */
#include "read.h"

#include "encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void must(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "reader contract broken: %s\n", what);
        abort();
    }
}

static void check_str(const char *s, const char *what)
{
    if (s)
        must(sr_utf8_valid(s, strlen(s), NULL), what);
}

static int fuzz_reader(const uint8_t *data, size_t size, sitrep_format format, const char *name)
{
    if (size == 0)
        return 0; /* fmemopen refuses an empty buffer */
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        return 0;
    sitrep_read_options opts = {.format = format, .max_doc_bytes = (data[0] & 1) ? 64 : 0};
    sitrep_reader *r = NULL;
    if (sr_reader_open_stream(fp, name, &opts, &r) != SITREP_OK) {
        fclose(fp);
        return 0;
    }
    for (int guard = 0; guard < 1000000; guard++) {
        sitrep_doc *doc = NULL;
        sitrep_status st = sitrep_reader_next(r, &doc);
        if (st == SITREP_END || st == SITREP_ENOMEM)
            break;
        if (st != SITREP_OK) {
            must(sitrep_reader_errmsg(r)[0] != '\0', "an error without a message");
            continue;
        }
        size_t len;
        const char *text = sitrep_doc_text(doc, &len);
        must(strlen(text) == len, "a NUL inside the body");
        must(sr_utf8_valid(text, len, NULL), "a body that is not UTF-8");
        must(len <= SR_MAX(sr_read_limit(&opts), 16) * 4, "a body far beyond the limit");
        for (int f = 0; f < SR_DOC_NFIELDS; f++)
            check_str(sitrep_doc_get(doc, (sitrep_doc_field)f), "a field that is not UTF-8");
        size_t nwarn;
        const char *const *warn = sitrep_doc_warnings(doc, &nwarn);
        for (size_t i = 0; i < nwarn; i++)
            check_str(warn[i], "a warning that is not UTF-8");
        check_str(sitrep_doc_origin(doc), "an origin that is not UTF-8");
        sitrep_doc_free(doc);
    }
    uint64_t done, total;
    sitrep_reader_progress(r, &done, &total);
    must(done <= size, "progress beyond the input");
    sitrep_reader_close(r);
    fclose(fp);
    return 0;
}
