/* testutil.h - shared by the cmocka unit tests (tests/unit/testutil.c,
 * linked into each). */
#ifndef SITREP_TESTUTIL_H
#define SITREP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sitrep.h"

#include "annot.h"
#include "lexicon.h"

/* The directory of plain-file test cases (tests/cases), from the
 * environment (tests/run.sh sets it) or relative to the repository root. */
static inline const char *test_cases_dir(void)
{
    const char *d = getenv("SITREP_TEST_CASES");
    return d && *d ? d : "tests/cases";
}

/* ../shared, or NULL when it is absent (tests that need it then skip). */
static inline const char *test_shared_dir(void)
{
    const char *d = getenv("SITREP_SHARED");
    return d && *d ? d : "../shared";
}

/* The embedded lexicons, loaded by test_lexicon_setup (a cmocka group
 * setup) and freed with test_annot by test_lexicon_teardown; test_annot is
 * there for the tests that annotate one text at a time. */
extern sr_lexicon *test_lexicon;
extern sr_annot test_annot;
int test_lexicon_setup(void **state);
int test_lexicon_teardown(void **state);

/* The whole file, NUL-terminated (its length in *len), or NULL when it
 * cannot be read. Caller frees. */
char *test_read_file(const char *path, size_t *len);

/* The next line of a text split in place: the line, its '\n' made a NUL
 * and *p moved past it; NULL at the end of the text. */
static inline char *test_next_line(char **p)
{
    char *line = *p;
    if (!line || !*line)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = '\0';
    *p = nl ? nl + 1 : NULL;
    return line;
}

/* Opens the file NAME of the test cases directory, its path written to
 * path[0,size) for messages (the test fails when it cannot). */
FILE *test_case_open(const char *name, char *path, size_t size);

/* unit written `times` times over, NUL-terminated (its length in *len).
 * Caller frees. */
char *test_repeat(const char *unit, size_t times, size_t *len);

/* Ends a walk over a case file: closes it, says how many cases of it
 * failed, and fails the test when one did or there were none. */
void test_cases_done(FILE *fp, const char *name, int ncases, int nbad);

/* A small deterministic generator (xorshift): each test seeds its own. */
static inline uint32_t test_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (uint32_t)(x >> 16);
}

#endif
