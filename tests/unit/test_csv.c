/* test_csv.c - the CSV tokenizer shared by sr_csv (csv.c, read as Python's
 * csv module reads) and the CSV document reader (read_csv.c), against the
 * two parsers they replaced (tests/unit/csv_ref.h): on generated files, the
 * same records, fields, line numbers, offsets, documents and messages, call
 * by call, with both readers' options, limits and line breaks of every
 * kind, and with the special bytes placed across the readers' 64 KiB
 * buffers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "csv.h"
#include "read.h"

#include "csv_ref.h"

/* ---- a small deterministic generator ---- */

static uint64_t rng_state = 0x3C6EF372FE94F82BULL;

static uint32_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return (uint32_t)(x >> 16);
}

static unsigned pick(unsigned n) { return rnd() % n; }

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

/* ---- sr_csv against the reference ---- */

static void csv_run(const char *data, size_t len, const sr_csv_options *o, bool ref, sr_buf *out)
{
    FILE *fp = fmemopen((void *)data, len, "rb");
    assert_non_null(fp);
    sr_csv *c = NULL;
    ref_csv *rc = NULL;
    if (ref)
        assert_int_equal(ref_csv_open(fp, "gen.csv", o, &rc), SITREP_OK);
    else
        assert_int_equal(sr_csv_open(fp, "gen.csv", o, &c), SITREP_OK);
    for (int guard = 0; guard < 100000; guard++) {
        sitrep_status st = ref ? ref_csv_next(rc) : sr_csv_next(c);
        size_t nf = ref ? ref_csv_nfields(rc) : sr_csv_nfields(c);
        assert_int_equal(sr_buf_printf(out, "st %d line %zu off %llu nf %zu err %s\n", (int)st,
                                       ref ? ref_csv_line(rc) : sr_csv_line(c),
                                       (unsigned long long)(ref ? ref_csv_offset(rc) : sr_csv_offset(c)), nf,
                                       ref ? ref_csv_errmsg(rc) : sr_csv_errmsg(c)),
                         SITREP_OK);
        for (size_t i = 0; i <= nf; i++) {
            size_t n = 0;
            const char *f = ref ? ref_csv_field(rc, i, &n) : sr_csv_field(c, i, &n);
            assert_int_equal(sr_buf_printf(out, " [%zu:%zu]", i, n), SITREP_OK);
            if (f)
                put(out, f, n + 1); /* with its NUL */
            else
                puts_(out, "(null)");
        }
        puts_(out, "\n");
        if (st == SITREP_END || st == SITREP_EIO || st == SITREP_ENOMEM)
            break;
    }
    if (ref)
        ref_csv_close(rc);
    else
        sr_csv_close(c);
    fclose(fp);
}

static void same(const sr_buf *a, const sr_buf *b, const char *what)
{
    if (a->len == b->len && (!a->len || memcmp(a->data, b->data, a->len) == 0))
        return;
    size_t i = 0;
    while (i < a->len && i < b->len && a->data[i] == b->data[i])
        i++;
    size_t from = i > 200 ? i - 200 : 0;
    fprintf(stderr, "%s: differs at byte %zu\nnew: %.400s\nold: %.400s\n", what, i, a->data ? a->data + from : "",
            b->data ? b->data + from : "");
    fail_msg("%s: the shared tokenizer and the old parser disagree", what);
}

static void csv_compare(const char *data, size_t len)
{
    static const sr_csv_options opts[] = {{0, false}, {0, true}, {40, false}, {7, true}};
    for (size_t k = 0; k < SR_ARRAY_LEN(opts); k++) {
        sr_buf a = {0}, b = {0};
        csv_run(data, len, &opts[k], false, &a);
        csv_run(data, len, &opts[k], true, &b);
        same(&a, &b, "sr_csv");
        sr_buf_free(&a);
        sr_buf_free(&b);
    }
}

/* ---- the document reader against the reference ---- */

static void doc_text(sitrep_doc *d, sr_buf *out)
{
    size_t n;
    const char *text = sitrep_doc_text(d, &n);
    assert_int_equal(sr_buf_printf(out, "doc %s len %zu\n", sitrep_doc_origin(d), n), SITREP_OK);
    put(out, text, n);
    for (int f = 0; f < SR_DOC_NFIELDS; f++) {
        const char *v = sitrep_doc_get(d, (sitrep_doc_field)f);
        assert_int_equal(sr_buf_printf(out, "\n field %d: %s", f, v ? v : "(none)"), SITREP_OK);
    }
    size_t nw;
    const char *const *w = sitrep_doc_warnings(d, &nw);
    for (size_t i = 0; i < nw; i++)
        assert_int_equal(sr_buf_printf(out, "\n warning: %s", w[i]), SITREP_OK);
    puts_(out, "\n");
}

static void doc_run(const char *data, size_t len, size_t max_doc, bool ref, sr_buf *out)
{
    FILE *fp = fmemopen((void *)data, len, "rb");
    assert_non_null(fp);
    sr_input in;
    assert_int_equal(sr_input_init(&in, fp, "gen.csv", 0), SITREP_OK);
    sitrep_read_options o = {.format = SITREP_FORMAT_CSV, .max_doc_bytes = max_doc};
    sr_csvdoc c;
    ref_csvdoc rc;
    memset(&c, 0, sizeof c);
    memset(&rc, 0, sizeof rc);
    char err[SR_ERRMSG_MAX];
    /* as the reader does: the first chunk is read before the format reader starts */
    sr_input_fill(&in);
    for (int guard = 0; guard < 100000; guard++) {
        sitrep_doc *d = NULL;
        err[0] = '\0';
        sitrep_status st = ref ? ref_csvdoc_next(&rc, &in, &o, &d, err) : sr_csvdoc_next(&c, &in, &o, &d, err);
        assert_int_equal(sr_buf_printf(out, "st %d at %llu: %s\n", (int)st, (unsigned long long)sr_input_offset(&in),
                                       err),
                         SITREP_OK);
        if (d) {
            doc_text(d, out);
            sitrep_doc_free(d);
        }
        bool done = ref ? rc.done : c.done;
        if (st == SITREP_END || st == SITREP_EIO || st == SITREP_ENOMEM || done)
            break;
    }
    if (ref)
        ref_csvdoc_free(&rc);
    else
        sr_csvdoc_free(&c);
    sr_input_free(&in);
    fclose(fp);
}

static void doc_compare(const char *data, size_t len)
{
    static const size_t limits[] = {0, 64, 300};
    for (size_t k = 0; k < SR_ARRAY_LEN(limits); k++) {
        sr_buf a = {0}, b = {0};
        doc_run(data, len, limits[k], false, &a);
        doc_run(data, len, limits[k], true, &b);
        same(&a, &b, "sr_csvdoc");
        sr_buf_free(&a);
        sr_buf_free(&b);
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
        csv_compare(files[i], n);
        doc_compare(files[i], n);
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
        csv_compare(b.data ? b.data : "", b.len);
        doc_compare(b.data ? b.data : "", b.len);
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
                csv_compare(b.data, b.len);
                doc_compare(b.data, b.len);
            }
        }
    }
    sr_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_buffer_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
