/* segment_bench.c - speed of cleaning and segmentation (clean.c,
 * segment.c), the hot path of extraction.
 *
 * usage: segment_bench [--mb N] [FILE.csv]
 *
 * Reads the `content` column of a CSV file (default
 * ../shared/data/fakes/dev.csv), repeats the texts to about N MB (default
 * 40), then times sr_clean alone, sr_segment alone and both, one document
 * at a time as extraction does, and prints MB/s of CPU time on one core,
 * with `wc -w` over the same texts in the same run as the reference (the
 * machine's load moves both alike). */
#include "annot.h"
#include "clean.h"
#include "lexicon.h"
#include "segment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* CPU time of this process: the figure for one core, whatever else the
 * machine is running. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The next CSV field (RFC 4180 quoting) into out. */
static const char *csv_field(const char *p, const char *end, sr_buf *out, int *eol)
{
    sr_buf_clear(out);
    if (p >= end)
        return NULL;
    if (*p == '"') {
        for (p++; p < end; p++) {
            if (*p == '"') {
                if (p + 1 < end && p[1] == '"') {
                    sr_buf_putc(out, '"');
                    p++;
                    continue;
                }
                p++;
                break;
            }
            sr_buf_putc(out, *p);
        }
    } else {
        while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            sr_buf_putc(out, *p++);
    }
    if (p < end && *p == '\r')
        p++;
    *eol = p >= end || *p == '\n';
    return p < end ? p + 1 : p;
}

int main(int argc, char **argv)
{
    const char *path = "../shared/data/fakes/dev.csv";
    double mb = 40;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--mb") && i + 1 < argc)
            mb = atof(argv[++i]);
        else
            path = argv[i];
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 1;
    }
    sr_buf csv = {0};
    sr_buf_read(&csv, fp);
    fclose(fp);

    /* texts, each NUL-terminated, one after the other */
    sr_buf texts = {0};
    SR_VEC(size_t) offs = {0};
    sr_buf f = {0};
    const char *p = csv.data, *end = csv.data + csv.len;
    int eol = 0, col = 0, content = -1;
    while ((p = csv_field(p, end, &f, &eol))) {
        if (f.len == 7 && !memcmp(f.data, "content", 7))
            content = col;
        col++;
        if (eol)
            break;
    }
    if (content < 0) {
        fprintf(stderr, "%s: no content column\n", path);
        return 1;
    }
    col = 0;
    size_t ndocs = 0;
    while (p && (p = csv_field(p, end, &f, &eol))) {
        if (col == content && f.len) {
            sr_vec_push(&offs, texts.len);
            sr_buf_put(&texts, f.data, f.len);
            sr_buf_putc(&texts, '\0');
            ndocs++;
        }
        col = eol ? 0 : col + 1;
    }
    if (!ndocs) {
        fprintf(stderr, "%s: no texts\n", path);
        return 1;
    }

    sr_lexicon *lx = NULL;
    char err[SR_ERRMSG_MAX] = "";
    if (sr_lexicon_load(&lx, err) != SITREP_OK) {
        fprintf(stderr, "lexicon: %s\n", err);
        return 1;
    }
    size_t target = (size_t)(mb * 1e6);
    size_t rounds = target / texts.len + 1;
    sr_annot a = {0};
    double t_clean = 0, t_seg = 0, t_both = 0;
    size_t bytes = 0, toks = 0, sents = 0, nums = 0;
    for (int pass = 0; pass < 3; pass++) {
        double t0 = now();
        bytes = 0;
        for (size_t r = 0; r < rounds; r++)
            for (size_t d = 0; d < ndocs; d++) {
                const char *s = texts.data + offs.items[d];
                size_t len = (d + 1 < ndocs ? offs.items[d + 1] : texts.len) - offs.items[d] - 1;
                sr_annot_reset(&a, s, len);
                if (pass != 1 && sr_clean(lx, &a) != SITREP_OK)
                    return 1;
                if (pass != 0) {
                    if (sr_segment(lx, &a) != SITREP_OK)
                        return 1;
                    if (pass == 2) {
                        toks += a.toks.len;
                        sents += a.sents.len;
                        nums += a.nums.len;
                    }
                }
                bytes += len;
            }
        double dt = now() - t0;
        if (pass == 0)
            t_clean = dt;
        else if (pass == 1)
            t_seg = dt;
        else
            t_both = dt;
    }
    /* the reference in the same run: wc -w over the same texts, written
     * to a temporary file (CPU time of the child) */
    double t_wc = 0;
    char tmpl[] = "/tmp/segment_bench.XXXXXX";
    int fd = mkstemp(tmpl);
    FILE *tf = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (tf) {
        for (size_t r = 0; r < rounds; r++)
            for (size_t d = 0; d < ndocs; d++) {
                size_t len = (d + 1 < ndocs ? offs.items[d + 1] : texts.len) - offs.items[d] - 1;
                fwrite(texts.data + offs.items[d], 1, len, tf);
                fputc('\n', tf);
            }
        fclose(tf);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "wc -w < %s > /dev/null", tmpl);
        struct rusage r0, r1;
        getrusage(RUSAGE_CHILDREN, &r0);
        if (system(cmd) == 0) {
            getrusage(RUSAGE_CHILDREN, &r1);
            t_wc = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) + (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6 +
                   (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
        }
        unlink(tmpl);
    }
    double m = (double)bytes / 1e6;
    printf("segment_bench: %zu texts x %zu = %.1f MB; %zu tokens, %zu sentences, %zu numbers\n", ndocs, rounds, m,
           toks, sents, nums);
    printf("clean            %8.1f MB/s\n", m / t_clean);
    printf("segment          %8.1f MB/s\n", m / t_seg);
    printf("clean+segment    %8.1f MB/s\n", m / t_both);
    if (t_wc > 0)
        printf("wc -w            %8.1f MB/s  (the same texts, same run: clean+segment runs at %.2fx its speed)\n",
               m / t_wc, t_wc / t_both);
    sr_annot_free(&a);
    sr_lexicon_free(lx);
    free(offs.items);
    sr_buf_free(&texts);
    sr_buf_free(&f);
    sr_buf_free(&csv);
    return 0;
}
