/* testutil.h - shared by the cmocka unit tests. */
#ifndef SITREP_TESTUTIL_H
#define SITREP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sitrep.h"

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

#endif
