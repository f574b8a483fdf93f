/* test_clean_seeds.c - cleaning and segmenting real articles, read in place
 * from ../shared (never copied into the repository):
 *  - each seed article of ../shared/seeds is marked exactly as
 *    tests/cases/clean/<seed>.expected says (line texts, no-break spaces
 *    written as spaces; a line ending in "..." matches a marked line that
 *    starts with the text before it);
 *  - no FA-KES text of ../shared/data/fakes/dev.csv (one paragraph each)
 *    gets any boilerplate but a trailing prompt after its last sentence
 *    ("Read Also"), and each segments into sentences of sane length.
 * Exits 77 (skip) with a message when ../shared is absent. */
#include <stdlib.h>

#include "testutil.h"

#include "annot.h"
#include "clean.h"
#include "lexicon.h"
#include "segment.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


static int check_seed(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/clean/%s", test_cases_dir(), name);
    size_t elen, tlen;
    char *exp = test_read_file(path, &elen);
    assert_non_null(exp);
    char seed[1024];
    snprintf(seed, sizeof seed, "%s/seeds/%.*s.txt", test_shared_dir(), (int)(strlen(name) - strlen(".expected")), name);
    char *text = test_read_file(seed, &tlen);
    if (!text) {
        fprintf(stderr, "%s: cannot read %s\n", name, seed);
        free(exp);
        return 1;
    }
    sr_annot_reset(&test_annot, text, tlen);
    assert_int_equal(sr_clean(test_lexicon, &test_annot), SITREP_OK);
    int bad = 0;
    size_t k = 0;
    for (char *p = exp, *line; (line = test_next_line(&p)) != NULL;) {
        if (!*line || line[0] == '#')
            continue;
        size_t n = strlen(line);
        bool prefix = n > 3 && strcmp(line + n - 3, "...") == 0;
        if (prefix)
            n -= 3;
        if (k >= test_annot.boiler.len) {
            fprintf(stderr, "%s: not marked: %s\n", name, line);
            bad++;
            continue;
        }
        const sitrep_span *sp = &test_annot.boiler.items[k++];
        /* the marked text, no-break spaces written as spaces */
        char got[1024];
        size_t sl = 0;
        for (uint32_t i = sp->start; i < sp->end && sl + 1 < sizeof got; i++) {
            if ((unsigned char)text[i] == 0xC2 && i + 1 < sp->end && (unsigned char)text[i + 1] == 0xA0) {
                got[sl++] = ' ';
                i++;
            } else {
                got[sl++] = text[i];
            }
        }
        got[sl] = '\0';
        if ((prefix ? sl < n : sl != n) || memcmp(got, line, n) != 0) {
            fprintf(stderr, "%s: expected %s\n    marked %s\n", name, line, got);
            bad++;
        }
    }
    for (; k < test_annot.boiler.len; k++) {
        const sitrep_span *sp = &test_annot.boiler.items[k];
        fprintf(stderr, "%s: marked, not expected: %.*s\n", name, (int)(sp->end - sp->start), text + sp->start);
        bad++;
    }
    free(exp);
    free(text);
    return bad;
}

static void test_seeds(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/clean", test_cases_dir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    int bad = 0, seeds = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n > 9 && strcmp(de->d_name + n - 9, ".expected") == 0) {
            bad += check_seed(de->d_name);
            seeds++;
        }
    }
    closedir(d);
    assert_int_equal(seeds, 5);
    assert_int_equal(bad, 0);
}

/* The next field of a CSV record (RFC 4180 quoting) into out; returns the
 * position after it, or NULL at the end of the data. *eol tells whether
 * the field ended its record. */
static const char *csv_field(const char *p, const char *end, sr_buf *out, bool *eol)
{
    sr_buf_clear(out);
    if (p >= end)
        return NULL;
    if (*p == '"') {
        p++;
        while (p < end) {
            if (*p == '"') {
                if (p + 1 < end && p[1] == '"') {
                    sr_buf_putc(out, '"');
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            sr_buf_putc(out, *p++);
        }
    } else {
        while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            sr_buf_putc(out, *p++);
    }
    if (p < end && *p == '\r')
        p++;
    *eol = p >= end || *p == '\n';
    if (p < end)
        p++;
    sr_buf_putc(out, '\0');
    out->len--;
    return p;
}

static void test_fakes(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/data/fakes/dev.csv", test_shared_dir());
    size_t len;
    char *csv = test_read_file(path, &len);
    assert_non_null(csv);
    const char *p = csv, *end = csv + len;
    sr_buf f = {0};
    bool eol = false;
    int col = 0, content = -1, rows = 0, marked = 0, tails = 0, long_sents = 0;
    size_t sents = 0;
    /* header */
    while ((p = csv_field(p, end, &f, &eol))) {
        if (f.data && strcmp(f.data, "content") == 0)
            content = col;
        col++;
        if (eol)
            break;
    }
    assert_true(content >= 0);
    col = 0;
    while (p && (p = csv_field(p, end, &f, &eol))) {
        if (col == content && f.len) {
            char *text = malloc(f.len + 1);
            memcpy(text, f.data, f.len + 1);
            sr_annot_reset(&test_annot, text, f.len);
            assert_int_equal(sr_clean(test_lexicon, &test_annot), SITREP_OK);
            /* at most a tail after the last sentence: a short span that ends
             * the text and starts after its first 200 bytes */
            for (size_t b = 0; b < test_annot.boiler.len; b++) {
                const sitrep_span *sp = &test_annot.boiler.items[b];
                if (sp->end == f.len && sp->end - sp->start <= 160 && sp->start >= 200) {
                    tails++;
                } else {
                    marked++;
                    fprintf(stderr, "FA-KES row %d: marked %.*s\n", rows + 1, (int)(sp->end - sp->start),
                            text + sp->start);
                }
            }
            assert_int_equal(sr_segment(test_lexicon, &test_annot), SITREP_OK);
            sents += test_annot.sents.len;
            for (size_t s = 0; s < test_annot.sents.len; s++)
                if (test_annot.sents.items[s].end - test_annot.sents.items[s].start > 2000)
                    long_sents++;
            rows++;
            free(text);
        }
        col = eol ? 0 : col + 1;
    }
    sr_buf_free(&f);
    free(csv);
    fprintf(stderr, "FA-KES: %d texts, %zu sentences, %d over 2000 bytes, %d trailing prompts marked, %d other marks\n",
            rows, sents, long_sents, tails, marked);
    assert_int_equal(rows, 396);
    assert_int_equal(marked, 0);
    assert_true(long_sents <= rows / 50);
}

int main(void)
{
    struct stat st;
    char seeds[1024];
    snprintf(seeds, sizeof seeds, "%s/seeds", test_shared_dir());
    if (stat(seeds, &st) != 0) {
        printf("skip: %s is absent (the seed articles and FA-KES texts live in ../shared)\n", seeds);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_fakes),
    };
    return cmocka_run_group_tests(tests, test_lexicon_setup, test_lexicon_teardown);
}
