/* fuzz_csv_diff.c - libFuzzer target: the CSV tokenizer of csv.c, under
 * both of its readers, against the reference of tests/unit/csv_check.h.
 * The input is read as CSV records (with and without universal newlines,
 * and a small record limit), which must be the reference's, and as a CSV
 * document file (with the document size limit that the first byte picks),
 * whose documents must be those its records call for. Build and run: make
 * fuzz (see fuzz/run.sh; the seeds are those of fuzz_csv). */
#include "csv.h"
#include "read.h"

#include "../tests/unit/csv_check.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *msg)
{
    if (msg) {
        fprintf(stderr, "%s\n", msg);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *text = (const char *)data;
    check(csvck_documents(text, size, (data[0] & 1) ? 64 : 0));
    static const sr_csv_options opts[] = {{0, false}, {0, true}, {16, true}};
    for (size_t k = 0; k < SR_ARRAY_LEN(opts); k++)
        check(csvck_records(text, size, &opts[k]));
    return 0;
}
