/* test_clean.c - boilerplate marking (src/clean.c) on made-up pages
 * (tests/cases/clean/rules.test) and pathological input. The seed articles
 * and FA-KES texts are checked by test_clean_seeds.c. */
#include <stdlib.h>

#include "testutil.h"

#include "annot.h"
#include "clean.h"
#include "lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void clean(const char *text, size_t len)
{
    sr_annot_reset(&test_annot, text, len);
    assert_int_equal(sr_clean(test_lexicon, &test_annot), SITREP_OK);
    for (size_t i = 0; i < test_annot.boiler.len; i++) {
        assert_true(test_annot.boiler.items[i].start < test_annot.boiler.items[i].end);
        assert_true(test_annot.boiler.items[i].end <= len);
        if (i)
            assert_true(test_annot.boiler.items[i - 1].end < test_annot.boiler.items[i].start);
    }
}

/* One block of rules.test: builds the page and checks each line's mark. */
static int check_block(char **lines, size_t n, int first_line)
{
    sr_buf page = {0};
    size_t *starts = calloc(n + 1, sizeof *starts);
    for (size_t i = 0; i < n; i++) {
        starts[i] = page.len;
        if (strcmp(lines[i], ".") != 0)
            sr_buf_puts(&page, lines[i] + 2);
        sr_buf_putc(&page, '\n');
    }
    clean(page.data, page.len);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(lines[i], ".") == 0)
            continue;
        const char *s = lines[i] + 2;
        while (*s == ' ')
            s++;
        uint32_t off = (uint32_t)(starts[i] + (size_t)(s - (lines[i] + 2)));
        uint32_t last = (uint32_t)(starts[i] + strlen(lines[i] + 2) - 1);
        bool want = lines[i][0] == 'B', got = sr_annot_in_boiler(&test_annot, off);
        if (lines[i][0] == 'T') {
            if (got || !sr_annot_in_boiler(&test_annot, last)) {
                fprintf(stderr, "rules.test:%d: tail not marked alone: %s\n", first_line + (int)i, lines[i] + 2);
                bad++;
            }
        } else if (want != got) {
            fprintf(stderr, "rules.test:%d: %s: %s\n", first_line + (int)i, want ? "not marked" : "marked", lines[i] + 2);
            bad++;
        }
    }
    free(starts);
    sr_buf_free(&page);
    return bad;
}

static void test_rules(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/clean/rules.test", test_cases_dir());
    size_t len;
    char *data = test_read_file(path, &len);
    assert_non_null(data);
    char *lines[256];
    size_t n = 0;
    int lineno = 0, first = 0, bad = 0, blocks = 0;
    for (char *p = data, *line; (line = test_next_line(&p)) != NULL;) {
        lineno++;
        if (line[0] == '#')
            continue;
        if (line[0] == '\0') {
            if (n) {
                bad += check_block(lines, n, first);
                blocks++;
            }
            n = 0;
            continue;
        }
        assert_true(strcmp(line, ".") == 0 || ((line[0] == 'B' || line[0] == '.' || line[0] == 'T') && line[1] == ' '));
        if (!n)
            first = lineno;
        if (n < SR_ARRAY_LEN(lines))
            lines[n++] = line;
    }
    if (n) {
        bad += check_block(lines, n, first);
        blocks++;
    }
    free(data);
    assert_true(blocks >= 10);
    assert_int_equal(bad, 0);
}

/* Offsets never change and spans are whole trimmed lines. */
static void test_spans_are_lines(void **state)
{
    (void)state;
    const char *page = "  1. Skip to content  \r\nArticle text here.\n\tBreaking News\t\n";
    clean(page, strlen(page));
    assert_int_equal(test_annot.boiler.len, 2);
    assert_memory_equal(page + test_annot.boiler.items[0].start, "1. Skip to content", 18);
    assert_int_equal(test_annot.boiler.items[0].end - test_annot.boiler.items[0].start, 18);
    assert_memory_equal(page + test_annot.boiler.items[1].start, "Breaking News", 13);
    assert_int_equal(test_annot.boiler.items[1].end - test_annot.boiler.items[1].start, 13);
}

/* Pathological pages finish and mark what they should. */
static void test_pathological(void **state)
{
    (void)state;
    size_t len;
    char *s = test_repeat("word ", 1 << 18, &len); /* one 1.3 MB line */
    clean(s, len);
    assert_int_equal(test_annot.boiler.len, 0);
    free(s);
    s = test_repeat("\n", 1 << 20, &len);
    clean(s, len);
    assert_int_equal(test_annot.boiler.len, 0);
    free(s);
    s = test_repeat("Skip to content\n", 100000, &len);
    clean(s, len);
    assert_int_equal(test_annot.boiler.len, 100000);
    free(s);
    s = test_repeat("same line\n", 100000, &len); /* duplicates all the way down */
    clean(s, len);
    assert_int_equal(test_annot.boiler.len, 100000);
    free(s);
    s = test_repeat("Image:Image:Image:Image:", 12, &len); /* credits everywhere, 288 bytes */
    clean(s, len);
    assert_int_equal(test_annot.boiler.len, 1);
    free(s);
    clean("", 0);
    assert_int_equal(test_annot.boiler.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_spans_are_lines),
        cmocka_unit_test(test_pathological),
    };
    return cmocka_run_group_tests(tests, test_lexicon_setup, test_lexicon_teardown);
}
