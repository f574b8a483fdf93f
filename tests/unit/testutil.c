/* testutil.c - the set-up that the unit tests share (testutil.h). */
#include "testutil.h"

#include <stdio.h>

sr_lexicon *test_lexicon;
sr_annot test_annot;

int test_lexicon_setup(void **state)
{
    (void)state;
    char err[SR_ERRMSG_MAX] = "";
    if (sr_lexicon_load(&test_lexicon, err) != SITREP_OK) {
        fprintf(stderr, "lexicon: %s\n", err);
        return -1;
    }
    return 0;
}

int test_lexicon_teardown(void **state)
{
    (void)state;
    sr_annot_free(&test_annot);
    sr_lexicon_free(test_lexicon);
    test_lexicon = NULL;
    return 0;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    sr_buf b = {0};
    sitrep_status st = sr_buf_read(&b, fp);
    fclose(fp);
    if (st != SITREP_OK || sr_buf_putc(&b, '\0') != SITREP_OK) {
        sr_buf_free(&b);
        return NULL;
    }
    *len = b.len - 1;
    return b.data;
}

FILE *test_case_open(const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", test_cases_dir(), name);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "cannot open %s\n", path);
        fail();
    }
    return fp;
}

char *test_repeat(const char *unit, size_t times, size_t *len)
{
    size_t u = strlen(unit);
    char *s = malloc(u * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    s[u * times] = '\0';
    *len = u * times;
    return s;
}

void test_cases_done(FILE *fp, const char *name, int ncases, int nbad)
{
    fclose(fp);
    fprintf(stderr, "%s: %d cases, %d failed\n", name, ncases, nbad);
    assert_true(ncases > 0);
    assert_int_equal(nbad, 0);
}
