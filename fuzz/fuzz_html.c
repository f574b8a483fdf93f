/* fuzz_html.c - libFuzzer target for the reader of HTML pages.
 * Build and run: make fuzz (see fuzz/run.sh). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(data, size, SITREP_FORMAT_HTML, "fuzz");
}
