/* test_csv.c - the CSV tokenizer shared by sr_csv (csv.c, read as Python's
 * csv module reads) and the CSV document reader (read_csv.c), against the
 * reference of tests/unit/csv_check.h: on files written by hand and
 * generated ones, with both readers' options, limits and line breaks of
 * every kind, and with the special bytes placed across the readers' 64 KiB
 * buffers. A stray quote's recovery, which the reference leaves open, is
 * held to what read_csv.c promises by cases of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "csv.h"
#include "read.h"

#include "csv_check.h"

/* ---- a small deterministic generator ---- */

static uint64_t rng_state = 0x3C6EF372FE94F82BULL;

static unsigned pick(unsigned n) { return test_rand(&rng_state) % n; }

static void put(sr_buf *b, const char *s, size_t n) { assert_int_equal(sr_buf_put(b, s, n), SITREP_OK); }
static void puts_(sr_buf *b, const char *s) { put(b, s, strlen(s)); }

static const char *const breaks[] = {"\n", "\n", "\n", "\r\n", "\r\n", "\r"};

static void gen_plain(sr_buf *b, unsigned maxlen)
{
    static const char *const bits[] = {"killed ", "Aleppo", " ", "12", "caf\xC3\xA9", "\xE9t\xE9", "\xEF\xBB\xBF",
                                       "'", "x", "\t", ";", "\x01", "a\"b"};
    unsigned n = pick(maxlen + 1);
    for (unsigned i = 0; i < n; i++) {
        if (pick(6) == 0)
            puts_(b, bits[pick(SR_ARRAY_LEN(bits))]);
        else
            put(b, &"abcdefghij ABC"[pick(14)], 1);
    }
    if (pick(200) == 0)
        put(b, "\0", 1);
}

static void gen_field(sr_buf *b, bool hostile)
{
    unsigned r = pick(hostile ? 12 : 8);
    switch (r) {
    case 0: /* empty */
        break;
    case 1:
    case 2:
    case 3: /* unquoted */
        gen_plain(b, pick(8) ? 12 : 300);
        break;
    case 4:
    case 5:
    case 6: { /* quoted, with commas, doubled quotes and line breaks */
        puts_(b, "\"");
        unsigned n = pick(6);
        for (unsigned i = 0; i < n; i++) {
            gen_plain(b, pick(6) ? 10 : 400);
            unsigned k = pick(6);
            if (k == 0)
                puts_(b, ",");
            else if (k == 1)
                puts_(b, "\"\"");
            else if (k == 2)
                puts_(b, breaks[pick(SR_ARRAY_LEN(breaks))]);
        }
        puts_(b, "\"");
        break;
    }
    case 7: /* quoted, then text after the closing quote */
        puts_(b, "\"q\"tail");
        break;
    case 8: /* a stray quote in unquoted text */
        gen_plain(b, 5);
        puts_(b, "\"");
        gen_plain(b, 5);
        break;
    case 9: /* a quote that opens and runs over lines, closed late */
        puts_(b, "\"open");
        puts_(b, breaks[pick(SR_ARRAY_LEN(breaks))]);
        gen_plain(b, 10);
        if (pick(2))
            puts_(b, "\"after");
        break;
    case 10: /* a lone quote */
        puts_(b, "\"");
        break;
    default: /* a quoted field that ends a line late, with text after */
        puts_(b, "\"a\nb\"c");
        break;
    }
}

static void gen_file(sr_buf *b)
{
    bool hostile = pick(3) == 0;
    static const char *const headers[] = {
        "id,title,text,date", "text", "content,unit_id", "unit_id,content,source,date,title",
        "a,b,c", "\"text\",\"id\"", " Text ,ID", "event_id,description,url", "text,text,body",
        "\"te\nxt\",id", "id,\"title\"x,text", "",
    };
    if (pick(10) == 0)
        puts_(b, "\xEF\xBB\xBF");
    if (pick(30) == 0)
        puts_(b, breaks[pick(SR_ARRAY_LEN(breaks))]);
    const char *h = headers[pick(SR_ARRAY_LEN(headers) - (hostile ? 0 : 3))];
    puts_(b, h);
    unsigned ncols = 1;
    for (const char *p = h; *p; p++)
        ncols += *p == ',';
    puts_(b, breaks[pick(SR_ARRAY_LEN(breaks))]);
    unsigned nrec = pick(12);
    for (unsigned r = 0; r < nrec; r++) {
        if (pick(8) == 0)
            puts_(b, breaks[pick(SR_ARRAY_LEN(breaks))]); /* a blank line */
        unsigned nf = ncols;
        if (pick(15) == 0)
            nf = ncols + pick(3) - 1;
        for (unsigned f = 0; f < nf; f++) {
            if (f)
                puts_(b, ",");
            gen_field(b, hostile);
        }
        if (r + 1 < nrec || pick(3))
            puts_(b, breaks[pick(SR_ARRAY_LEN(breaks))]);
    }
}

/* ---- both readers against the reference (csv_check.h) ---- */

static void check(const char *data, size_t len)
{
    static const sr_csv_options opts[] = {{0, false}, {0, true}, {40, false}, {7, true}};
    for (size_t k = 0; k < SR_ARRAY_LEN(opts); k++) {
        const char *msg = csvck_records(data, len, &opts[k]);
        if (msg)
            fail_msg("%s (options %zu) in:\n%.*s", msg, k, (int)SR_MIN(len, 300), data);
    }
    static const size_t limits[] = {0, 64, 300};
    for (size_t k = 0; k < SR_ARRAY_LEN(limits); k++) {
        const char *msg = csvck_documents(data, len, limits[k]);
        if (msg)
            fail_msg("%s (limit %zu) in:\n%.*s", msg, limits[k], (int)SR_MIN(len, 300), data);
    }
}

/* ---- the tests ---- */

/* Files written by hand: each rule of both readers. */
static void test_cases(void **state)
{
    (void)state;
    static const char *const files[] = {
        "id,text\n1,plain\n2,\"quoted, with comma\"\n",
        "id,text\r\n1,\"two\r\nlines\"\r\n\r\n3,\"a \"\"quote\"\"\"\r\n",
        "id,text\r1,\"cr\rinside\"\r2,x\r",
        "\xEF\xBB\xBFtext,id\nhello,1\n",
        "\xEF\xBB\xBF\"text\",id\nhello,1\n",
        "\ntext\nblank header\n",
        "text\n\n\n\r\n\rafter blanks\n",
        "text,id\n\"abc\"def,1\n",
        "text,id\nab\"c,1\n",
        "text,id\n\"unclosed,1\n2,3\n",
        "text,id\n\"stray\nquote\"x,1\n3,4\n\"next\",5\n",
        "text,id\none,1\n\"open\nnext line\"tail,2\nthree,3\n",
        "text\n\"\"\n",
        "text,id\nx\n",
        "text,id\nx,1,2\n",
        "text\n   \n",
        "text\nnul\0byte\n",
        "text\ncaf\xE9\n",
        "a,b\n1,2\n",
        "text,id\nlast,1",
        "text,id\n\"last\",1",
        "text,id\nlast,",
        "text,id\n\"last\"",
        "text,id\n\"last",
        "text\n\"a\"\"\"",
        "text\n\"a\"\"",
        "\"te\nxt\"\nbody\n",
        "text\r\n\"x\"\r",
    };
    for (size_t i = 0; i < SR_ARRAY_LEN(files); i++) {
        size_t n = strlen(files[i]);
        if (strstr(files[i], "nul"))
            n += strlen(files[i] + n + 1) + 1; /* the byte after the NUL */
        check(files[i], n);
    }
}

static void test_generated(void **state)
{
    (void)state;
    const char *env = getenv("SITREP_CSV_FILES");
    unsigned total = env ? (unsigned)strtoul(env, NULL, 10) : 3000;
    sr_buf b = {0};
    for (unsigned i = 0; i < total; i++) {
        sr_buf_clear(&b);
        gen_file(&b);
        check(b.data ? b.data : "", b.len);
    }
    sr_buf_free(&b);
}

/* Files over the readers' 64 KiB buffers, with a line break, a CRLF, a
 * doubled quote or a closing quote at every position around the boundary. */
static void test_buffer_boundaries(void **state)
{
    (void)state;
    static const char *const tails[] = {
        "\r\n2,\"b\"\r\n", "\"\"x\",2\n", "\"\n3,c\n", "\r2,b\r", "\",2\n", "\n\n3,c\n", "\r\r\n3,\"c\r\nd\"\n",
        "\"tail,2\n", "\r",
    };
    sr_buf b = {0};
    for (size_t t = 0; t < SR_ARRAY_LEN(tails); t++) {
        for (int shift = -4; shift <= 4; shift++) {
            for (int quoted = 0; quoted < 2; quoted++) {
                sr_buf_clear(&b);
                puts_(&b, "text,id\n");
                if (quoted)
                    puts_(&b, "\"");
                /* the tail starts at 65536 + shift */
                size_t fill = (size_t)(65536 + shift) - b.len;
                for (size_t k = 0; k < fill; k++)
                    put(&b, k % 61 == 60 ? "\n" : "a", 1);
                puts_(&b, tails[t]);
                puts_(&b, "end,9\n");
                check(b.data, b.len);
            }
        }
    }
    sr_buf_free(&b);
}

/* A stray quote costs its record: the reader names the line where the
 * quote is and reads on from the line after it (read_csv.c). Each result
 * is written "E<line>" for an error, "<line>:<text>" for a document. */
static void test_stray_quote(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"text,id\n\"stray\nquote\"x,1\n3,4\n\"next\",5\n", "E2 3:quote\"x 4:3 5:next"},
        {"text,id\none,1\n\"open\nnext line\"tail,2\nthree,3\n", "2:one E3 4:next line\"tail 5:three"},
        {"text,id\n\"unclosed,1\n2,3\n", "E2 3:2"},
        {"text,id\nok,1\n\"never closed\n", "2:ok E3"},
    };
    for (size_t i = 0; i < SR_ARRAY_LEN(cases); i++) {
        csvck_results got = {0};
        csvck_read_docs(cases[i][0], strlen(cases[i][0]), 0, 100, &got);
        sr_buf b = {0};
        for (size_t k = 0; k < got.len; k++) {
            const csvck_result *r = &got.items[k];
            if (r->st == SITREP_OK)
                assert_int_equal(sr_buf_printf(&b, "%s%zu:%.*s", k ? " " : "", r->line, (int)r->body.len,
                                               r->body.data),
                                 SITREP_OK);
            else
                assert_int_equal(sr_buf_printf(&b, "%sE%lu", k ? " " : "",
                                               strtoul(r->err + strlen(CSVCK_NAME ":"), NULL, 10)),
                                 SITREP_OK);
            sr_buf_free(&got.items[k].body);
        }
        assert_string_equal(b.data ? b.data : "", cases[i][1]);
        sr_buf_free(&b);
        free(got.items);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_buffer_boundaries),
        cmocka_unit_test(test_stray_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
