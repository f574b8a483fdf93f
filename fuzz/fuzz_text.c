/* fuzz_text.c - libFuzzer target for the reader of text files; inputs
 * whose first byte has bit 1 set go through --format auto instead (content
 * sniffing, which hands them to the JSON Lines, HTML or text reader).
 * Build and run: make fuzz (see fuzz/run.sh). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sitrep_format f = size > 0 && (data[0] & 2) ? SITREP_FORMAT_AUTO : SITREP_FORMAT_TEXT;
    return fuzz_reader(data, size, f, "fuzz");
}
