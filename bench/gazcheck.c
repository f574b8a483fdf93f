/* gazcheck.c - the place stage's reference output and its speed, on
 * documents read the way `sitrep extract` reads them.
 *
 * build: make BUILD=build/mine lib, then
 *   cc -O2 -g -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc -Ibuild/mine/gen bench/gazcheck.c \
 *      build/mine/libsitrep.a $(pkg-config --libs sqlite3 libutf8proc gumbo libpcre2-8 jansson \
 *      libmicrohttpd) -lm -lpthread -o build/mine/gazcheck
 *   (bench/gazcheck.sh does it and compares two builds)
 * usage: gazcheck INDEX [--format F] [--print] [--mb N] [--gaz-only K] FILE...
 *   --print     one line per place mention, for diffing two builds:
 *               place ID START END TOKSTART TOKEND PLACE GEONAMESID NCAND RULE FLAGS NAME
 *               and a `context ID CC SHARE` line per document
 *   --detail    as --print, with more about each mention (for bench/gazeval.py):
 *               detail ID START END CC ADMIN1 KIND POP FLAGS RULE NCAND<TAB>TEXT<TAB>NAME
 *   --mb N      repeat the documents until N MB went through; figures go to stderr:
 *               the process's CPU time over the loop, and each stage's share
 *               (wall clock per document: CLOCK_THREAD_CPUTIME_ID is a system
 *               call that would weigh on short documents)
 *   --no-gaz    stop before the place stage: the difference of the CPU
 *               times with and without it is what the stage costs in the
 *               pipeline, caches shared with the other stages and all
 *   --gaz-only K  run the place stage K times per document (for profilers:
 *               makes it dominate the run; the second run shows the stage
 *               with its caches warm)
 *   --warm-prev 1|2  run the stage on the document before first (1), or only
 *               that (2): how much of the stage's cost is the cold state the
 *               other stages leave */
#include "clean.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "meta.h"
#include "segment.h"
#include "sitrep.h"

#include "gazopen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_time(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

typedef struct doc {
    char *id, *source;
    const char *text;
    size_t len;
    sitrep_doc *d;
} doc;

int main(int argc, char **argv)
{
    const char *index = NULL;
    const char *paths[64];
    size_t npaths = 0;
    sitrep_read_options ro = {0};
    ro.format = SITREP_FORMAT_AUTO;
    bool print = false, detail = false;
    double mb = 0;
    int gaz_only = 0;
    bool no_gaz = false;
    int warm_prev = 0; /* experiment: 1 run the stage on the previous document first, 2 only that */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--print"))
            print = true;
        else if (!strcmp(argv[i], "--detail"))
            print = detail = true;
        else if (!strcmp(argv[i], "--mb") && i + 1 < argc)
            mb = atof(argv[++i]);
        else if (!strcmp(argv[i], "--warm-prev") && i + 1 < argc)
            warm_prev = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-gaz"))
            no_gaz = true;
        else if (!strcmp(argv[i], "--gaz-only") && i + 1 < argc)
            gaz_only = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            if (sitrep_format_parse(argv[++i], &ro.format) != SITREP_OK)
                return 2;
        } else if (!index)
            index = argv[i];
        else if (npaths < 64)
            paths[npaths++] = argv[i];
    }
    if (!index || !npaths) {
        fprintf(stderr, "usage: gazcheck INDEX [--format F] [--print] [--mb N] [--gaz-only K] FILE...\n");
        return 2;
    }
    sr_lexicon *lx;
    sr_gazetteer *g;
    double t_open;
    if (!bench_gaz_open(index, &lx, &g, now, &t_open))
        return 1;
    sitrep_reader *r;
    if (sitrep_reader_open(paths, npaths, &ro, &r) != SITREP_OK) {
        fprintf(stderr, "gazcheck: cannot open the input\n");
        return 1;
    }
    SR_VEC(doc) docs = {0};
    for (;;) {
        sitrep_doc *d;
        sitrep_status st = sitrep_reader_next(r, &d);
        if (st == SITREP_END)
            break;
        if (st != SITREP_OK) {
            fprintf(stderr, "gazcheck: %s\n", sitrep_reader_errmsg(r));
            continue;
        }
        doc x = {0};
        x.d = d;
        x.text = sitrep_doc_text(d, &x.len);
        const char *id = sitrep_doc_get(d, SITREP_DOC_ID);
        char buf[32];
        if (!id) {
            snprintf(buf, sizeof buf, "#%zu", docs.len);
            id = buf;
        }
        x.id = strdup(id);
        const char *src = sitrep_doc_get(d, SITREP_DOC_SOURCE);
        x.source = src ? strdup(src) : NULL;
        if (sr_vec_push(&docs, x) != SITREP_OK)
            return 1;
    }
    sitrep_reader_close(r);

    enum { S_CLEAN, S_SEGMENT, S_META, S_LEX, S_GAZ, S_N };
    static const char *const sname[S_N] = {"clean", "segment", "meta", "lexicon", "gazetteer"};
    double t[S_N] = {0};
    double bytes = 0;
    size_t mentions = 0;
    int rounds = 0;
    sr_annot a = {0}, prev = {0};
    const unsigned lexmask = (1u << SR_LEX_OUTCOMES) | (1u << SR_LEX_GROUPS) | (1u << SR_LEX_CAUSES) |
                             (1u << SR_LEX_ACTORS) | (1u << SR_LEX_CLAIMS) | (1u << SR_LEX_HEDGES) |
                             (1u << SR_LEX_DATES);
    double cpu0 = cpu_time();
    do {
        for (size_t k = 0; k < docs.len; k++) {
            const doc *x = &docs.items[k];
            double c0 = now();
            if (warm_prev) {
                sr_annot t = prev;
                prev = a;
                a = t;
            }
            sr_annot_reset(&a, x->text, x->len);
            if (sr_clean(lx, &a) != SITREP_OK)
                return 1;
            double c1 = now();
            if (sr_segment(lx, &a) != SITREP_OK)
                return 1;
            double c2 = now();
            sr_meta meta;
            if (sr_meta_detect(lx, &a, x->source, &meta) != SITREP_OK)
                return 1;
            double c3 = now();
            if (sr_lex_annotate(lx, &a, lexmask) != SITREP_OK)
                return 1;
            double c4 = now();
            if (warm_prev && prev.toks.len) {
                prev.places.len = 0;
                if (sr_gaz_annotate(g, lx, &prev) != SITREP_OK)
                    return 1;
            }
            if (warm_prev == 2)
                no_gaz = true;
            for (int rep = 0; !no_gaz && rep < (gaz_only > 1 ? gaz_only : 1); rep++) {
                a.places.len = 0;
                if (sr_gaz_annotate(g, lx, &a) != SITREP_OK)
                    return 1;
            }
            double c5 = now();
            t[S_CLEAN] += c1 - c0;
            t[S_SEGMENT] += c2 - c1;
            t[S_META] += c3 - c2;
            t[S_LEX] += c4 - c3;
            t[S_GAZ] += c5 - c4;
            bytes += x->len;
            mentions += a.places.len;
            if (print && rounds == 0) {
                for (size_t i = 0; i < a.places.len; i++) {
                    const sr_mention *m = &a.places.items[i];
                    sr_gaz_place p;
                    sr_gaz_place_get(g, m->u.place.place, &p);
                    if (detail)
                        printf("detail %s %u %u %s %s %u %u %u %s %u\t%.*s\t%s\n", x->id, m->start, m->end,
                               p.country[0] ? p.country : "-", *p.admin1_code ? p.admin1_code : "-", p.kind,
                               p.population, m->u.place.flags, sr_gaz_rule_name(m->u.place.rule),
                               m->u.place.ncandidates, (int)(m->end - m->start), x->text + m->start, p.name);
                    else
                        printf("place %s %u %u %u %u %u %lld %u %s %u %s\n", x->id, m->start, m->end,
                               m->tok_start, m->tok_end, m->u.place.place, (long long)p.geonames_id,
                               m->u.place.ncandidates, sr_gaz_rule_name(m->u.place.rule), m->u.place.flags,
                               p.name);
                }
                char cc[3];
                double share = sr_gaz_context_country(g, lx, &a, cc);
                printf("context %s %s %.4f\n", x->id, cc[0] ? cc : "-", share);
            }
        }
        rounds++;
    } while (bytes < mb * 1e6);
    double cpu = cpu_time() - cpu0;
    double total = 0;
    for (int s = 0; s < S_N; s++)
        total += t[s];
    fprintf(stderr, "gazcheck: open %.2f ms; %zu docs, %d rounds, %.1f MB, %zu mentions; CPU %.3f s%s\n",
            t_open * 1e3, docs.len, rounds, bytes / 1e6, mentions, cpu, no_gaz ? " (no place stage)" : "");
    for (int s = 0; s < S_N; s++)
        fprintf(stderr, "  %-10s %7.3f s  %6.1f%%  %8.0f MB/s\n", sname[s], t[s], 100 * t[s] / (total > 0 ? total : 1),
                bytes / 1e6 / (t[s] > 0 ? t[s] : 1e-9) * (s == S_GAZ && gaz_only > 1 ? gaz_only : 1));
    sr_annot_free(&a);
    sr_annot_free(&prev);
    for (size_t k = 0; k < docs.len; k++) {
        free(docs.items[k].id);
        free(docs.items[k].source);
        sitrep_doc_free(docs.items[k].d);
    }
    free(docs.items);
    sr_gaz_close(g);
    sr_lexicon_free(lx);
    return 0;
}
