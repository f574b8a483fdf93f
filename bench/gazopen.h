/* gazopen.h - what the gazetteer benchmarks (gazbench.c, gazcheck.c) share:
 * the lexicons loaded and the index opened, the opening timed by the
 * caller's clock. */
#ifndef SITREP_BENCH_GAZOPEN_H
#define SITREP_BENCH_GAZOPEN_H

#include "gazetteer.h"
#include "lexicon.h"

#include <stdio.h>
#include <string.h>

/* index "-" is the built-in places only. False after a message. */
static inline bool bench_gaz_open(const char *index, sr_lexicon **lx, sr_gazetteer **g, double (*clock)(void),
                                  double *open_s)
{
    char err[SR_ERRMSG_MAX] = "";
    if (sr_lexicon_load(lx, err) != SITREP_OK) {
        fprintf(stderr, "%s\n", err);
        return false;
    }
    double t0 = clock();
    if (sr_gaz_open(strcmp(index, "-") ? index : NULL, g, err) != SITREP_OK) {
        fprintf(stderr, "%s\n", err);
        return false;
    }
    *open_s = clock() - t0;
    return true;
}

#endif
