/* test_extract_work.c - the extraction stages (counts, actors, incidents,
 * summary) do work linear in the text, whatever it holds: bounds on work,
 * not on seconds. Each stage counts the steps of its loops in sr_annot.work
 * (annot.h); for every pathological text below, made at n and at 4n units,
 * the count must stay under a fixed number of steps per token, and 4x the
 * text may cost at most 4.5x the steps (a quadratic step, one scan of the
 * sentence per count or per mention, costs 16x).
 *
 * The gazetteer index is used when $SITREP_GAZETTEER names one; without it
 * the context opens with the built-in place list, which is enough here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "context.h"
#include "record.h"
#include "util.h"

static sitrep_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    char err[256] = "";
    if (sitrep_open(NULL, &ctx, err, sizeof err) != SITREP_OK) {
        fprintf(stderr, "open: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sitrep_close(ctx);
    return 0;
}

/* A text of n units made by gen; returns the work of the stages and the token count. */
typedef void (*gen_fn)(sr_buf *b, size_t n);

static void run(gen_fn gen, size_t n, size_t *work, size_t *ntok)
{
    sr_buf b = {0};
    gen(&b, n);
    sitrep_doc *doc = NULL;
    assert_int_equal(sitrep_doc_new(b.data, b.len, &doc), SITREP_OK);
    assert_int_equal(sitrep_doc_set(doc, SITREP_DOC_PUBLISHED, "2016-05-04"), SITREP_OK);
    sitrep_record *rec = sr_record_new();
    assert_non_null(rec);
    sr_annot a = {0};
    assert_int_equal(sr_run_stages(ctx, doc, &a, rec), SITREP_OK);
    *work = a.work;
    *ntok = a.toks.len;
    sr_annot_free(&a);
    sitrep_record_free(rec);
    sitrep_doc_free(doc);
    sr_buf_free(&b);
}

static void put(sr_buf *b, const char *s) { assert_int_equal(sr_buf_puts(b, s), SITREP_OK); }

/* A small deterministic generator (the test must not depend on rand()). */
static uint32_t next(uint32_t *st)
{
    *st = *st * 1664525u + 1013904223u;
    return *st >> 8;
}

static void words(sr_buf *b, size_t n, const char *const *w, size_t nw, const char *sep)
{
    uint32_t st = 2;
    for (size_t i = 0; i < n; i++) {
        put(b, w[next(&st) % nw]);
        put(b, sep);
    }
    put(b, ".\n");
}

/* One sentence of count words in random order (as tests/shell/extract_linear.sh). */
static void gen_count_words(sr_buf *b, size_t n)
{
    static const char *const w[] = {
        "killed", "at", "least", "people", "were", "including", "children", "the", "death", "toll",
        "rose", "to", "5", "12", "and", "wounded", "civilians", "by", "regime", "forces", "in", "Aleppo",
        "a", "man", "was", "others", "another", "among", "those", "dead", "between", "10", "and", "20",
        "groups", "of", "up", "to", "50", "a", "day", "rebels", "said", "he", "on", "Monday", "the",
        "city", "airstrike", "shelling", "executed", "bomb", "gunmen", "war", "since", "2011"};
    words(b, n, w, SR_ARRAY_LEN(w), " ");
}

/* One sentence of events of different kinds: each count opens an incident of its own. */
static void gen_many_incidents(sr_buf *b, size_t n)
{
    static const char *const ev[] = {
        "a car bomb killed 5 people in Aleppo on Monday , ",
        "snipers shot dead 6 civilians in Homs on Tuesday , ",
        "regime air strikes killed 7 people in Idlib , the Observatory said , ",
        "IS executed 8 men in Raqqa , activists said , ",
        "a chlorine gas attack killed 9 children in the town , he said , ",
        "rebel shelling killed 10 soldiers on 3 March , "};
    for (size_t i = 0; i < n; i++)
        put(b, ev[i % SR_ARRAY_LEN(ev)]);
    put(b, "officials said.\n");
}

/* Many short sentences that lean on the ones before ("the city", "he said", hedges). */
static void gen_many_sentences(sr_buf *b, size_t n)
{
    static const char *const ev[] = {
        "Five people were killed in Aleppo on Monday. ", "The city was shelled again, he said. ",
        "Two more people died in the town. ", "The report could not be independently verified. ",
        "A man was shot dead. ", "The war has killed more than 300,000 people since 2011. ",
        "Rebels denied it. "};
    for (size_t i = 0; i < n; i++)
        put(b, ev[i % SR_ARRAY_LEN(ev)]);
    put(b, "\n");
}

static void gen_numbers(sr_buf *b, size_t n)
{
    uint32_t st = 1;
    char num[16];
    for (size_t i = 0; i < n; i++) {
        snprintf(num, sizeof num, "%u ", next(&st) % 99999 + 1);
        put(b, num);
    }
    put(b, "\n");
}

static void gen_quotes(sr_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(b, "\"");
    put(b, " 12 people were killed ");
    for (size_t i = 0; i < n; i++)
        put(b, "\"");
    put(b, "\n");
}

/* Many claims and actors in one sentence. */
static void gen_claims(sr_buf *b, size_t n)
{
    static const char *const w[] = {"he said", "she told Reuters", "according to the Observatory",
                                    "the Syrian Observatory for Human Rights said", "by regime forces",
                                    "rebels killed 3 fighters", "pro-government forces killed a man",
                                    "18 IS jihadists were killed", "reportedly", "denied"};
    words(b, n, w, SR_ARRAY_LEN(w), " , ");
}

static void check_linear(const char *name, gen_fn gen, size_t n)
{
    size_t w1, t1, w4, t4;
    run(gen, n, &w1, &t1);
    run(gen, 4 * n, &w4, &t4);
    printf("%-16s n: %8zu tokens %10zu steps (%.1f a token); 4n: %8zu tokens %10zu steps (%.1f a token)\n",
           name, t1, w1, t1 ? (double)w1 / t1 : 0.0, t4, w4, t4 ? (double)w4 / t4 : 0.0);
    assert_true(t4 >= 3 * t1);
    /* a fixed number of steps per token */
    assert_true(w1 <= 64 * t1 + 1000);
    assert_true(w4 <= 64 * t4 + 1000);
    /* and growth in proportion to the text */
    assert_true((double)w4 <= 4.5 * (double)w1 * ((double)t4 / (4.0 * (double)t1)) + 1000.0);
}

static void test_count_words(void **state)
{
    (void)state;
    check_linear("count words", gen_count_words, 50000);
}

static void test_many_incidents(void **state)
{
    (void)state;
    check_linear("incidents", gen_many_incidents, 3000);
}

static void test_many_sentences(void **state)
{
    (void)state;
    check_linear("sentences", gen_many_sentences, 5000);
}

static void test_numbers(void **state)
{
    (void)state;
    check_linear("numbers", gen_numbers, 25000);
}

static void test_quotes(void **state)
{
    (void)state;
    check_linear("quotes", gen_quotes, 25000);
}

static void test_claims(void **state)
{
    (void)state;
    check_linear("claims", gen_claims, 10000);
}

/* Work is counted at all: a plain article costs some steps, an empty one none to speak of. */
static void test_counted(void **state)
{
    (void)state;
    size_t w, t;
    run(gen_many_sentences, 10, &w, &t);
    assert_true(w > t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counted),       cmocka_unit_test(test_count_words),
        cmocka_unit_test(test_many_incidents), cmocka_unit_test(test_many_sentences),
        cmocka_unit_test(test_numbers),       cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_claims),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
