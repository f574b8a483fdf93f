/* test_read.c - the readers where small golden files do not reach: input
 * chunk boundaries (a line end, a CRLF or a doubled quote split between two
 * reads), progress, limits, the nesting guard of the HTML reader, and the
 * reader API's argument checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "read.h"

/* Reads every document of data (a file called name) into docs (up to
 * max); returns how many, and the number of errors in *nerr. */
static size_t read_all(const char *data, size_t len, const char *name, sitrep_format format,
                       size_t max_doc, sitrep_doc **docs, size_t max, size_t *nerr)
{
    FILE *fp = fmemopen((void *)data, len, "rb");
    assert_non_null(fp);
    sitrep_read_options o = {.format = format, .max_doc_bytes = max_doc};
    sitrep_reader *r = NULL;
    assert_int_equal(sr_reader_open_stream(fp, name, &o, &r), SITREP_OK);
    size_t n = 0;
    *nerr = 0;
    for (;;) {
        sitrep_doc *d = NULL;
        sitrep_status st = sitrep_reader_next(r, &d);
        if (st == SITREP_END)
            break;
        if (st != SITREP_OK) {
            assert_true(sitrep_reader_errmsg(r)[0] != '\0');
            (*nerr)++;
            continue;
        }
        if (n < max)
            docs[n] = d;
        else
            sitrep_doc_free(d);
        n++;
    }
    sitrep_reader_close(r);
    fclose(fp);
    return n;
}

static void free_docs(sitrep_doc **docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sitrep_doc_free(docs[i]);
}

/* Lines whose ends fall just before, on and just after a chunk boundary,
 * one of them ending with CRLF split across it. */
static void test_getline_chunk_boundaries(void **state)
{
    (void)state;
    size_t lens[] = {SR_INPUT_CHUNK - 1, SR_INPUT_CHUNK - 2, 1, SR_INPUT_CHUNK + 5, 0, 3};
    sr_buf data = {0};
    for (size_t i = 0; i < SR_ARRAY_LEN(lens); i++) {
        for (size_t k = 0; k < lens[i]; k++)
            sr_buf_putc(&data, 'a' + (int)(i % 26));
        sr_buf_puts(&data, i == 1 ? "\r\n" : "\n");
    }
    FILE *fp = fmemopen(data.data, data.len, "rb");
    sr_input in;
    assert_int_equal(sr_input_init(&in, fp, "t", 0), SITREP_OK);
    sr_buf line = {0};
    bool too_long;
    for (size_t i = 0; i < SR_ARRAY_LEN(lens); i++) {
        assert_int_equal(sr_input_getline(&in, &line, SIZE_MAX / 4, &too_long), SITREP_OK);
        assert_false(too_long);
        assert_int_equal(line.len, lens[i]);
    }
    assert_int_equal(sr_input_getline(&in, &line, SIZE_MAX / 4, &too_long), SITREP_END);
    assert_int_equal(sr_input_offset(&in), data.len);

    /* A limit keeps the start of a long line and still moves past it. */
    sr_buf_free(&line);
    assert_int_equal(sr_input_seek(&in, 0), SITREP_OK);
    assert_int_equal(sr_input_getline(&in, &line, 100, &too_long), SITREP_OK);
    assert_true(too_long);
    assert_int_equal(line.len, 100);
    assert_true(line.cap <= 101);
    assert_int_equal(sr_input_getline(&in, &line, 100, &too_long), SITREP_OK);
    assert_true(too_long);
    assert_int_equal(sr_input_offset(&in), lens[0] + 1 + lens[1] + 2);
    sr_buf_free(&line);
    sr_input_free(&in);
    fclose(fp);
    sr_buf_free(&data);
}

/* A CSV record that ends with CR as the last byte of a chunk, and a
 * doubled quote split between two chunks. */
static void test_csv_chunk_boundaries(void **state)
{
    (void)state;
    sr_buf data = {0};
    sr_buf_puts(&data, "id,text\r\n1,");
    while (data.len < SR_INPUT_CHUNK - 1)
        sr_buf_putc(&data, 'x');
    sr_buf_puts(&data, "\r\n2,\""); /* the CR ends the first chunk */
    while (data.len < 2 * SR_INPUT_CHUNK - 1)
        sr_buf_putc(&data, 'y');
    sr_buf_puts(&data, "\"\"z\"\r\n3,last\r\n"); /* the doubled quote straddles */
    sitrep_doc *docs[4];
    size_t nerr;
    size_t n = read_all(data.data, data.len, "t.csv", SITREP_FORMAT_AUTO, 0, docs, 4, &nerr);
    assert_int_equal(nerr, 0);
    assert_int_equal(n, 3);
    size_t len;
    const char *t = sitrep_doc_text(docs[0], &len);
    assert_int_equal(len, SR_INPUT_CHUNK - 1 - strlen("id,text\r\n1,"));
    assert_int_equal(t[len - 1], 'x');
    t = sitrep_doc_text(docs[1], &len);
    assert_string_equal(t + len - 2, "\"z");
    assert_string_equal(sitrep_doc_origin(docs[1]), "t.csv:3");
    assert_string_equal(sitrep_doc_origin(docs[2]), "t.csv:4");
    assert_string_equal(sitrep_doc_text(docs[2], NULL), "last");
    free_docs(docs, n);
    sr_buf_free(&data);
}

/* Progress counts the bytes of the files read and knows the total. */
static void test_progress(void **state)
{
    (void)state;
    char path[] = "/tmp/test_read_XXXXXX.jsonl";
    int fd = mkstemps(path, 6);
    assert_true(fd >= 0);
    const char body[] = "{\"text\":\"one\"}\n{\"text\":\"two\"}\n";
    assert_int_equal(write(fd, body, sizeof body - 1), (ssize_t)(sizeof body - 1));
    close(fd);
    const char *paths[] = {path};
    sitrep_reader *r = NULL;
    assert_int_equal(sitrep_reader_open(paths, 1, NULL, &r), SITREP_OK);
    uint64_t done, total;
    sitrep_reader_progress(r, &done, &total);
    assert_int_equal(done, 0);
    assert_int_equal(total, sizeof body - 1);
    sitrep_doc *d;
    int ndocs = 0;
    while (sitrep_reader_next(r, &d) == SITREP_OK) {
        ndocs++;
        sitrep_doc_free(d);
    }
    sitrep_reader_progress(r, &done, &total);
    assert_int_equal(ndocs, 2);
    assert_int_equal(done, sizeof body - 1);
    sitrep_reader_close(r);
    unlink(path);
}

static void test_open_checks(void **state)
{
    (void)state;
    sitrep_reader *r = (sitrep_reader *)1;
    sitrep_read_options o = {.default_published = "2016-02-30"};
    assert_int_equal(sitrep_reader_open(NULL, 0, &o, &r), SITREP_EUSAGE);
    sitrep_read_options bad_format = {.format = (sitrep_format)99};
    assert_int_equal(sitrep_reader_open(NULL, 0, &bad_format, &r), SITREP_EUSAGE);
    sitrep_format f;
    assert_int_equal(sitrep_format_parse("html", &f), SITREP_OK);
    assert_int_equal(f, SITREP_FORMAT_HTML);
    assert_int_equal(sitrep_format_parse("xml", &f), SITREP_EUSAGE);
}

/* Windows-1252 is read with a warning that the public API shows. */
static void test_doc_warnings(void **state)
{
    (void)state;
    sitrep_doc *d = NULL;
    assert_int_equal(sitrep_doc_new("caf\xe9", 4, &d), SITREP_OK);
    size_t n;
    const char *const *w = sitrep_doc_warnings(d, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(w[0], "offset 3"));
    assert_string_equal(sitrep_doc_text(d, NULL), "caf\xc3\xa9");
    sitrep_doc_free(d);
}

/* Pages nested past the guard, or with too many tags, are refused before
 * gumbo sees them; pages just under it, and SVG full of self-closed
 * elements, are read. */
static void test_html_nesting_guard(void **state)
{
    (void)state;
    sr_buf page = {0};
    for (int i = 0; i < 600; i++)
        sr_buf_puts(&page, "<div>");
    sr_buf_puts(&page, "deep text");
    sitrep_doc *docs[1];
    size_t nerr;
    assert_int_equal(read_all(page.data, page.len, "p.html", SITREP_FORMAT_AUTO, 0, docs, 1, &nerr), 0);
    assert_int_equal(nerr, 1);

    sr_buf_clear(&page);
    for (int i = 0; i < 400; i++)
        sr_buf_puts(&page, "<div>");
    sr_buf_puts(&page, "<p>not so deep</p><svg>");
    for (int i = 0; i < 2000; i++)
        sr_buf_puts(&page, "<path d='M0 0>'/>");
    sr_buf_puts(&page, "</svg><script>var s = '<div><div><div>';</script>");
    assert_int_equal(read_all(page.data, page.len, "p.html", SITREP_FORMAT_AUTO, 0, docs, 1, &nerr), 1);
    assert_int_equal(nerr, 0);
    assert_string_equal(sitrep_doc_text(docs[0], NULL), "not so deep");
    free_docs(docs, 1);

    /* Too many tags for gumbo's tree to stay small. */
    sr_buf_clear(&page);
    for (int i = 0; i < 130000; i++)
        sr_buf_puts(&page, "<i>x</i>");
    assert_int_equal(read_all(page.data, page.len, "p.html", SITREP_FORMAT_AUTO, 0, docs, 1, &nerr), 0);
    assert_int_equal(nerr, 1);
    sr_buf_free(&page);
}

/* A stream's name counts for auto-detection; content decides without one. */
static void test_auto_detection(void **state)
{
    (void)state;
    const char csv[] = "id,text\nx,comma text\n";
    sitrep_doc *docs[2];
    size_t nerr;
    assert_int_equal(read_all(csv, sizeof csv - 1, "a.CSV", SITREP_FORMAT_AUTO, 0, docs, 2, &nerr), 1);
    assert_string_equal(sitrep_doc_get(docs[0], SITREP_DOC_ID), "x");
    free_docs(docs, 1);
    assert_int_equal(read_all(csv, sizeof csv - 1, "noext", SITREP_FORMAT_AUTO, 0, docs, 2, &nerr), 1);
    assert_string_equal(sitrep_doc_text(docs[0], NULL), csv); /* text */
    free_docs(docs, 1);
    const char jsonl[] = "\xEF\xBB\xBF  {\"text\":\"t\"}\n";
    assert_int_equal(read_all(jsonl, sizeof jsonl - 1, "noext", SITREP_FORMAT_AUTO, 0, docs, 2, &nerr), 1);
    assert_string_equal(sitrep_doc_text(docs[0], NULL), "t");
    free_docs(docs, 1);
}

/* A CSV record over the limit is skipped, the next one read; the memory
 * kept for a field never passes the limit by much. */
static void test_csv_limit(void **state)
{
    (void)state;
    sr_buf data = {0};
    sr_buf_puts(&data, "text,id\n\"");
    for (int i = 0; i < 10000; i++)
        sr_buf_puts(&data, "ab\"\"");
    sr_buf_puts(&data, "\",1\nshort,2\n");
    sitrep_doc *docs[2];
    size_t nerr;
    assert_int_equal(read_all(data.data, data.len, "t.csv", SITREP_FORMAT_CSV, 1000, docs, 2, &nerr), 1);
    assert_int_equal(nerr, 1);
    assert_string_equal(sitrep_doc_get(docs[0], SITREP_DOC_ID), "2");
    assert_string_equal(sitrep_doc_origin(docs[0]), "t.csv:3");
    free_docs(docs, 1);
    sr_buf_free(&data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_getline_chunk_boundaries),
        cmocka_unit_test(test_csv_chunk_boundaries),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_open_checks),
        cmocka_unit_test(test_doc_warnings),
        cmocka_unit_test(test_html_nesting_guard),
        cmocka_unit_test(test_auto_detection),
        cmocka_unit_test(test_csv_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
