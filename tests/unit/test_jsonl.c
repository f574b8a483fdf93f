/* test_jsonl.c - the JSON Lines reader's scanner of flat objects against
 * jansson: the same lines read with the scanner and with jansson alone
 * (sr_jsonl_jansson_only) must give the same documents (body, fields,
 * warnings, origin) and the same errors, message for message. The lines are
 * generated: flat objects with members of every kind, strings with every
 * escape, \u surrogates right and wrong, raw UTF-8 right and wrong, control
 * characters, numbers of every shape, nesting, and random damage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "read.h"

/* ---- a small deterministic generator ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned pick(unsigned n) { return test_rand(&rng_state) % n; }

/* A clean line has only what a well-formed flat object holds (the scanner's
 * own shape); the others may hold anything. */
static bool clean;

static void puts_(sr_buf *b, const char *s) { assert_int_equal(sr_buf_puts(b, s), SITREP_OK); }
static void putc_(sr_buf *b, int c) { assert_int_equal(sr_buf_putc(b, c), SITREP_OK); }

static void gen_ws(sr_buf *b)
{
    static const char *const ws[] = {"", "", "", " ", "  ", "\t", "\r", " \r\t "};
    puts_(b, ws[pick(SR_ARRAY_LEN(ws))]);
}

static void gen_string_body(sr_buf *b)
{
    static const char *const pieces[] = {
        "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
        "\\u0000", "\\u0001", "\\u001f", "\\u0020", "\\u007f", "\\u0080", "\\u00e9", "\\u00E9",
        "\\u07ff", "\\u0800", "\\u2028", "\\ufeff", "\\uFEFF", "\\ufffe", "\\uffff", "\\ud800",
        "\\udbff", "\\udc00", "\\udfff", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud83d\\u0041",
        "\\ud83d", "\\ud83d\\", "\\ud83d\\u", "\\uzz12", "\\u12", "\\u", "\\x", "\\'", "\\U0041",
        "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBB\xBF", "\xE2\x80\xA8",
        "\x80", "\xC0\x80", "\xC3", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF5", "\xFF", "\xE0\x80\x80",
        "\xF0\x80\x80\x80", "\xC2", "\xE2\x82", "\x01", "\t", "\x1f", "\x7f", " ", "   ",
        "killed", "Aleppo ", "at least 12 ", "{", "}", "[", "]", ":", ",", "null",
    };
    unsigned n = pick(12);
    if (pick(10) == 0)
        puts_(b, pick(2) ? "\xEF\xBB\xBF" : "\\ufeff");
    for (unsigned i = 0; i < n; i++) {
        unsigned r = pick(10);
        if (clean && r >= 4) {
            static const unsigned good[] = {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                                            19, 20, 21, 22, 27, 28, 39, 40, 41, 42, 43, 58, 59, 60, 61,
                                            62, 63, 64, 65, 66, 67, 68, 69, 70};
            puts_(b, pieces[good[pick(SR_ARRAY_LEN(good))]]);
        } else if (r < 4) {
            /* a run of plain bytes, of any length around the scanner's words */
            unsigned len = pick(4) ? pick(20) : pick(300);
            for (unsigned k = 0; k < len; k++)
                putc_(b, pick(3) == 0 ? ' ' : 'a' + (int)pick(26));
        } else if (r < 7 || pick(8) == 0) {
            puts_(b, pieces[pick(SR_ARRAY_LEN(pieces))]);
        } else {
            /* mostly harmless pieces */
            puts_(b, pieces[pick(9) == 0 ? pick(8) : 39 + pick(5)]);
        }
    }
}

static void gen_value(sr_buf *b, bool text)
{
    static const char *const scalars[] = {
        "0", "7", "12", "123456789012345678", "1234567890123456789", "99999999999999999999999",
        "-3", "-0", "01", "1.5", "1e3", "1E+2", "-1.0e-5", "1.", ".5", "1e", "1e999", "-",
        "true", "false", "null", "nul", "tru", "nulls", "truex", "True",
        "{}", "[]", "{\"a\":1}", "[1,\"x\"]", "{\"text\":\"inner\"}", "[", "{", "\"", "",
    };
    if ((text && clean) || (text ? pick(12) != 0 : pick(3) != 0)) {
        putc_(b, '"');
        gen_string_body(b);
        if (clean || pick(40) != 0)
            putc_(b, '"');
        return;
    }
    static const unsigned good[] = {0, 1, 2, 3, 18, 19, 20};
    puts_(b, scalars[clean ? good[pick(SR_ARRAY_LEN(good))] : pick(SR_ARRAY_LEN(scalars))]);
}

static void gen_key(sr_buf *b)
{
    static const char *const keys[] = {
        "\"text\"", "\"text\"", "\"text\"", "\"id\"", "\"id\"", "\"title\"", "\"source\"",
        "\"published\"", "\"url\"", "\"extra\"", "\"\"", "\"t\\u0065xt\"", "\"tex\"", "\"textx\"",
        "\"TEXT\"", "\"n\xC3\xA9\"", "\"a\\\"b\"", "text", "\"text", "'text'", "\"\x01\"",
    };
    puts_(b, keys[pick(clean ? 15 : SR_ARRAY_LEN(keys))]);
}

static void damage(sr_buf *b)
{
    static const char bytes[] = "\"\\{}[],:u0a \t\x01\x1f\x7f\x80\xC3\xFF";
    if (b->len == 0)
        return;
    size_t at = pick((unsigned)b->len);
    switch (pick(4)) {
    case 0: /* delete */
        memmove(b->data + at, b->data + at + 1, b->len - at - 1);
        b->len--;
        break;
    case 1: /* replace */
        b->data[at] = bytes[pick(sizeof bytes - 1)];
        break;
    case 2: /* insert */
        assert_int_equal(sr_buf_reserve(b, 1), SITREP_OK);
        memmove(b->data + at + 1, b->data + at, b->len - at);
        b->data[at] = bytes[pick(sizeof bytes - 1)];
        b->len++;
        break;
    default: /* truncate */
        b->len = at;
        break;
    }
    b->data[b->len] = '\0';
}

/* One line (no '\n') into b. */
static void gen_line(sr_buf *b)
{
    size_t start = b->len;
    clean = pick(2);
    gen_ws(b);
    if (!clean && pick(40) == 0) {
        static const char *const tops[] = {"[1,2]", "\"text\"", "5", "null", "{\"text\":\"a\"}{}", "{}"};
        puts_(b, tops[pick(SR_ARRAY_LEN(tops))]);
    } else {
        putc_(b, '{');
        unsigned n = pick(7);
        bool text_done = false;
        for (unsigned i = 0; i < n || (!text_done && pick(10) != 0); i++) {
            gen_ws(b);
            if (!text_done && (i == n || pick(3) == 0)) {
                puts_(b, "\"text\"");
                text_done = true;
                gen_ws(b);
                putc_(b, ':');
                gen_ws(b);
                gen_value(b, true);
            } else {
                gen_key(b);
                gen_ws(b);
                if (clean || pick(50) != 0)
                    putc_(b, ':');
                gen_ws(b);
                gen_value(b, false);
            }
            gen_ws(b);
            if (i + 1 < n || (!text_done && i + 1 >= n))
                puts_(b, clean || pick(60) ? "," : "");
            if (i > 10)
                break;
        }
        if (!clean && pick(30) == 0)
            putc_(b, ',');
        if (clean || pick(60) != 0)
            putc_(b, '}');
    }
    gen_ws(b);
    if (!clean && pick(40) == 0)
        puts_(b, pick(2) ? "x" : "}");
    if (!clean && pick(4) == 0) {
        sr_buf line = {0};
        assert_int_equal(sr_buf_put(&line, b->data + start, b->len - start), SITREP_OK);
        unsigned k = 1 + pick(3);
        for (unsigned i = 0; i < k; i++)
            damage(&line);
        b->len = start;
        assert_int_equal(sr_buf_put(b, line.data ? line.data : "", line.len), SITREP_OK);
        sr_buf_free(&line);
    }
    /* the line may not hold a line break of its own */
    for (size_t i = start; i < b->len; i++)
        if (b->data[i] == '\n')
            b->data[i] = ' ';
}

/* ---- reading and comparing ---- */

/* Everything the JSON Lines reader gave for an input, as text: each
 * document or error on its own lines. Returns the lines the scanner read. */
static uint64_t read_to_text(const char *data, size_t len, bool jansson_only, size_t max_doc, sr_buf *out)
{
    sr_jsonl_jansson_only = jansson_only;
    FILE *fp = fmemopen((void *)data, len, "rb");
    assert_non_null(fp);
    sitrep_read_options o = {.format = SITREP_FORMAT_JSONL, .max_doc_bytes = max_doc};
    sr_input in;
    assert_int_equal(sr_input_init(&in, fp, "gen.jsonl", 0), SITREP_OK);
    sr_jsonl j = {0};
    char err[SR_ERRMSG_MAX];
    for (;;) {
        sitrep_doc *d = NULL;
        err[0] = '\0';
        sitrep_status st = sr_jsonl_next(&j, &in, &o, &d, err);
        if (st == SITREP_END)
            break;
        if (st != SITREP_OK) {
            assert_int_equal(sr_buf_printf(out, "error %d: %s\n", (int)st, err), SITREP_OK);
            if (st == SITREP_EINPUT || st == SITREP_ETOOBIG)
                continue;
            break;
        }
        size_t n;
        const char *text = sitrep_doc_text(d, &n);
        assert_int_equal(sr_buf_printf(out, "doc %s len %zu\n", sitrep_doc_origin(d), n), SITREP_OK);
        assert_int_equal(sr_buf_put(out, text, n), SITREP_OK);
        puts_(out, "\n");
        for (int f = 0; f < SR_DOC_NFIELDS; f++) {
            const char *v = sitrep_doc_get(d, (sitrep_doc_field)f);
            assert_int_equal(sr_buf_printf(out, " field %d: %s\n", f, v ? v : "(none)"), SITREP_OK);
        }
        size_t nw;
        const char *const *w = sitrep_doc_warnings(d, &nw);
        for (size_t i = 0; i < nw; i++)
            assert_int_equal(sr_buf_printf(out, " warning: %s\n", w[i]), SITREP_OK);
        sitrep_doc_free(d);
    }
    uint64_t scanned = j.scanned;
    sr_jsonl_free(&j);
    sr_input_free(&in);
    fclose(fp);
    sr_jsonl_jansson_only = false;
    return scanned;
}

/* Reads data both ways and fails when they differ; returns the lines
 * the scanner read. */
static uint64_t assert_same(const char *data, size_t len, size_t max_doc)
{
    sr_buf a = {0}, b = {0};
    uint64_t scanned = read_to_text(data, len, false, max_doc, &a);
    assert_int_equal(read_to_text(data, len, true, max_doc, &b), 0);
    if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)) {
        /* the first line that differs, for the log */
        size_t i = 0;
        while (i < a.len && i < b.len && a.data[i] == b.data[i])
            i++;
        size_t from = i;
        while (from > 0 && a.data[from - 1] != '\n')
            from--;
        fprintf(stderr, "scanner:  %.200s\njansson: %.200s\n", a.data + from, b.data ? b.data + from : "");
        fail_msg("the scanner and jansson disagree");
    }
    sr_buf_free(&a);
    sr_buf_free(&b);
    return scanned;
}

/* Lines written by hand: each shape the scanner takes, and those it leaves
 * to jansson. */
static void test_cases(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "{\"text\": \"plain\"}",
        "{\"id\": \"a1\", \"title\": \"T\", \"source\": \"S\", \"published\": \"2016-12-15T09:30:00Z\", "
        "\"url\": \"http://x/\", \"text\": \"body\"}",
        "{\"id\": 42, \"text\": \"numeric id\"}",
        "{\"id\": 0, \"text\": \"zero id\"}",
        "{\"id\": -0, \"text\": \"minus zero\"}",
        "{\"id\": -12, \"text\": \"negative\"}",
        "{\"id\": 1.5, \"text\": \"real id\"}",
        "{\"id\": 123456789012345678901234, \"text\": \"too big\"}",
        "{\"title\": 5, \"source\": true, \"url\": false, \"published\": null, \"text\": \"not strings\"}",
        "{\"published\": \"yesterday\", \"text\": \"bad date\"}",
        "{\"text\": \"\\ufeffbom escaped\"}",
        "{\"text\": \"\xEF\xBB\xBF" "bom raw\"}",
        "{\"text\": \"\\ufeff\"}",
        "{\"text\": \"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u2028 \\ud83d\\ude00\"}",
        "{\"text\": \"raw \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"}",
        "{\"text\": \"latin1 \xE9t\xE9\"}",
        "{\"text\": \"\\u0000\"}",
        "{\"text\": \"\\ud800\"}",
        "{\"text\": \"\\udc00x\"}",
        "{\"text\": \"ctl \x01\"}",
        "{\"text\": \"   \"}",
        "{\"text\": \"\"}",
        "{\"text\": 5}",
        "{\"text\": null}",
        "{}",
        "[]",
        "\"text\"",
        "{\"text\": \"a\", \"text\": \"b\"}",
        "{\"id\": \"a\", \"id\": \"b\", \"text\": \"dup id\"}",
        "{\"t\\u0065xt\": \"escaped name\"}",
        "{\"text\": \"nested\", \"x\": {\"a\": [1, 2]}}",
        "{\"text\": \"trailing\"} x",
        "{\"text\": \"trailing comma\",}",
        "{\"text\": \"unterminated",
        "  {\"text\" :\t\"spaces\" , \"id\" : \"i\" }  \r",
        "{\"text\":\"short\"}",
        "{\"text\":\"0123456\"}",
        "{\"text\":\"01234567\"}",
        "{\"text\":\"012345678\\n\"}",
    };
    sr_buf in = {0};
    for (size_t i = 0; i < SR_ARRAY_LEN(lines); i++) {
        puts_(&in, lines[i]);
        puts_(&in, "\n");
    }
    uint64_t scanned = assert_same(in.data, in.len, 0);
    assert_same(in.data, in.len, 40); /* lines over a small limit too */
    fprintf(stderr, "%zu lines, %llu read by the scanner\n", SR_ARRAY_LEN(lines), (unsigned long long)scanned);
    assert_true(scanned >= 15);
    sr_buf_free(&in);
}

/* Generated lines, in files of a few hundred lines. */
static void test_generated(void **state)
{
    (void)state;
    const char *env = getenv("SITREP_JSONL_LINES");
    size_t total = env ? strtoul(env, NULL, 10) : 60000, done = 0;
    uint64_t scanned = 0;
    sr_buf in = {0};
    while (done < total) {
        sr_buf_clear(&in);
        for (unsigned i = 0; i < 300 && done < total; i++, done++) {
            gen_line(&in);
            puts_(&in, pick(10) ? "\n" : "\r\n");
        }
        scanned += assert_same(in.data, in.len, 0);
    }
    sr_buf_free(&in);
    fprintf(stderr, "%zu generated lines, %llu read by the scanner\n", total, (unsigned long long)scanned);
    assert_true(scanned >= total / 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_generated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
