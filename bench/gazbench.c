/* gazbench.c - measures the gazetteer: index open time, the place stage's
 * speed on real texts, and prints every place mention for coverage scripts.
 *
 * build: make BUILD=build/mine lib, then
 *   cc -O2 -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc -Ibuild/mine/gen bench/gazbench.c \
 *      build/mine/libsitrep.a $(pkg-config --libs sqlite3 libutf8proc gumbo libpcre2-8 \
 *      jansson libmicrohttpd) -lm -lpthread -o build/mine/gazbench
 *   (bench/gazcheck.c does the same on documents read as `sitrep extract`
 *   reads them, and bench/gazspeed.sh times the stage inside the pipeline)
 * usage: gazbench INDEX DOCS [--repeat MB] [--print]
 *   DOCS holds documents separated by form feeds (\f); with --print each
 *   mention is printed as: doc, start, end, text, name, admin1 code,
 *   country, kind, rule, flags, candidates. Figures go to stderr. */
#include "clean.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "segment.h"

#include "gazopen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: other work on the machine does not count */
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gazbench INDEX|- DOCS [--repeat MB] [--print]\n");
        return 2;
    }
    double repeat_mb = 0;
    bool print = false;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat_mb = atof(argv[++i]);
        else if (!strcmp(argv[i], "--print"))
            print = true;
    }
    sr_lexicon *lx;
    sr_gazetteer *g;
    double t_open;
    if (!bench_gaz_open(argv[1], &lx, &g, now, &t_open))
        return 1;
    FILE *fp = fopen(argv[2], "rb");
    if (!fp) {
        perror(argv[2]);
        return 1;
    }
    sr_buf all = {0};
    sr_buf_read(&all, fp);
    fclose(fp);
    /* documents */
    SR_VEC(sitrep_span) docs = {0};
    size_t s = 0;
    for (size_t i = 0; i <= all.len; i++) {
        if (i == all.len || all.data[i] == '\f') {
            if (i > s)
                sr_vec_push(&docs, ((sitrep_span){(uint32_t)s, (uint32_t)i}));
            s = i + 1;
        }
    }
    sr_annot a = {0};
    double t_gaz = 0, bytes = 0;
    size_t mentions = 0;
    int rounds = 0;
    do {
        for (size_t d = 0; d < docs.len; d++) {
            const char *text = all.data + docs.items[d].start;
            size_t len = docs.items[d].end - docs.items[d].start;
            sr_annot_reset(&a, text, len);
            if (sr_clean(lx, &a) != SITREP_OK || sr_segment(lx, &a) != SITREP_OK ||
                sr_lex_annotate(lx, &a, 0) != SITREP_OK)
                return 1;
            double t1 = now();
            if (sr_gaz_annotate(g, lx, &a) != SITREP_OK)
                return 1;
            t_gaz += now() - t1;
            bytes += len;
            mentions += a.places.len;
            if (print && rounds == 0) {
                for (size_t k = 0; k < a.places.len; k++) {
                    const sr_mention *m = &a.places.items[k];
                    sr_gaz_place p;
                    sr_gaz_place_get(g, m->u.place.place, &p);
                    printf("%zu\t%u\t%u\t%.*s\t%s\t%s\t%s\t%u\t%s\t%u\t%u\n", d, m->start, m->end,
                           (int)(m->end - m->start), text + m->start, p.name, p.admin1_code, p.country,
                           p.kind, sr_gaz_rule_name(m->u.place.rule), m->u.place.flags,
                           m->u.place.ncandidates);
                }
            }
        }
        rounds++;
    } while (bytes < repeat_mb * 1e6);
    fprintf(stderr,
            "gazbench: open %.2f ms; %d rounds, %.1f MB, %zu mentions; place stage %.3f s = %.0f MB/s\n",
            t_open * 1e3, rounds, bytes / 1e6, mentions, t_gaz, bytes / 1e6 / (t_gaz > 0 ? t_gaz : 1e-9));
    sr_annot_free(&a);
    sr_gaz_close(g);
    sr_lexicon_free(lx);
    sr_buf_free(&all);
    free(docs.items);
    return 0;
}
