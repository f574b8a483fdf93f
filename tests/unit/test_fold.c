/* test_fold.c - folding (fold.c): ASCII text folds as utf8proc folds it,
 * although sr_fold reads ASCII bytes without utf8proc; and the folding of
 * text that mixes ASCII with other characters. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "testutil.h"

#include "fold.h"

static char *fold(const char *s, size_t n, sr_buf *b)
{
    sr_buf_clear(b);
    assert_int_equal(sr_fold(s, n, b), SITREP_OK);
    return b->data ? b->data : "";
}

/* Every ASCII character between two letters: what utf8proc's decomposition
 * gives for it (the apostrophes dropped, the separators a space). */
static void test_ascii_as_utf8proc(void **state)
{
    (void)state;
    sr_buf b = {0};
    for (int c = 1; c < 0x80; c++) {
        char in[3] = {'x', (char)c, 'Y'};
        const char *got = fold(in, 3, &b);
        char want[8];
        utf8proc_int32_t dec[4];
        int lastbound = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char(
            c, dec, 4, (utf8proc_option_t)(UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK), &lastbound);
        utf8proc_category_t cat = utf8proc_category(c);
        bool sep = c == '-' || c == '_' || c == ' ' || (c >= '\t' && c <= '\r') || cat == UTF8PROC_CATEGORY_ZS;
        if (c == '\'' || c == '`')
            snprintf(want, sizeof want, "xy");
        else if (sep)
            snprintf(want, sizeof want, "x y");
        else {
            assert_int_equal(m, 1);
            snprintf(want, sizeof want, "x%cy", (char)dec[0]);
        }
        if (strcmp(got, want) != 0)
            fail_msg("character 0x%02x: \"%s\", not \"%s\"", c, got, want);
    }
    sr_buf_free(&b);
}

static void test_mixed(void **state)
{
    (void)state;
    sr_buf b = {0};
#define FOLD(lit) fold(lit, sizeof(lit) - 1, &b)
    assert_string_equal(FOLD("  Ja\xE2\x80\x99" "afari -- SAYDNAYA  "), "jaafari saydnaya");
    assert_string_equal(FOLD("PRO-GOVERNMENT_forces"), "pro government forces");
    assert_string_equal(FOLD("\xC3\x98rsted\xC2\xA0\xC5\x81" "ask"), "orsted lask");
    assert_string_equal(FOLD("'`"), "");
    /* appended after what the buffer holds */
    sr_buf_clear(&b);
    sr_buf_puts(&b, "ab");
    assert_int_equal(sr_fold(" C-D", 4, &b), SITREP_OK);
    assert_string_equal(b.data, "abc d");
    sr_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_as_utf8proc),
        cmocka_unit_test(test_mixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
