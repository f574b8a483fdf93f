/* test_segment.c - tokens, sentences and numbers (src/segment.c).
 *
 * The cases are plain files in tests/cases (sentences.test, tokens.test,
 * numbers.test; their format is written at the top of each). The
 * pathological inputs below bound the work, not the time: segment.c is
 * compiled into this program with SR_SEGMENT_COUNT_WORK, which counts every
 * step of its loops over tokens. */
#define SR_SEGMENT_COUNT_WORK 1
#include "segment.c"

#include "clean.h"
#include "dates.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void run(const char *text, size_t len)
{
    sr_annot_reset(&test_annot, text, len);
    sr_segment_work = 0;
    assert_int_equal(sr_segment(test_lexicon, &test_annot), SITREP_OK);
}

/* ---- reading .test files ---- */

typedef struct block {
    int line;          /* line number of the input */
    char *input;       /* unescaped */
    size_t input_len;
    char **exp;        /* expected lines */
    size_t nexp;
} block;

static char *unescape(const char *s, size_t *len)
{
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            o[k++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
            o[k++] = s[i];
        }
    }
    o[k] = '\0';
    *len = k;
    return o;
}

/* Blocks of a .test file: comment lines (#) are skipped, blank lines end a
 * block, the first line of a block is the input. */
static block *read_blocks(const char *name, size_t *nblocks)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", test_cases_dir(), name);
    size_t len;
    char *data = test_read_file(path, &len);
    if (!data) {
        fprintf(stderr, "cannot read %s\n", path);
        *nblocks = 0;
        return NULL;
    }
    block *bl = NULL;
    size_t nb = 0, cap = 0;
    block *cur = NULL;
    int lineno = 0;
    char *save = NULL;
    for (char *p = data, *line; (line = test_next_line(&p)) != NULL;) {
        lineno++;
        if (line[0] == '#')
            continue;
        if (line[0] == '\0') {
            cur = NULL;
            continue;
        }
        if (!cur) {
            if (nb == cap) {
                cap = cap ? cap * 2 : 32;
                bl = realloc(bl, cap * sizeof *bl);
            }
            cur = &bl[nb++];
            memset(cur, 0, sizeof *cur);
            cur->line = lineno;
            cur->input = unescape(line, &cur->input_len);
            continue;
        }
        cur->exp = realloc(cur->exp, (cur->nexp + 1) * sizeof(char *));
        cur->exp[cur->nexp++] = strdup(line);
    }
    (void)save;
    free(data);
    *nblocks = nb;
    return bl;
}

static void free_blocks(block *bl, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(bl[i].input);
        for (size_t k = 0; k < bl[i].nexp; k++)
            free(bl[i].exp[k]);
        free(bl[i].exp);
    }
    free(bl);
}

/* The text of bytes [s, e) with line breaks as spaces, in buf. */
static const char *span_text(uint32_t s, uint32_t e, char *buf, size_t cap)
{
    size_t k = 0;
    for (uint32_t i = s; i < e && k + 1 < cap; i++)
        buf[k++] = test_annot.text[i] == '\n' ? ' ' : test_annot.text[i];
    buf[k] = '\0';
    return buf;
}

/* ---- sentences.test ---- */

static void test_sentence_cases(void **state)
{
    (void)state;
    size_t nb;
    block *bl = read_blocks("sentences.test", &nb);
    assert_non_null(bl);
    int failures = 0;
    for (size_t b = 0; b < nb; b++) {
        run(bl[b].input, bl[b].input_len);
        bool ok = test_annot.sents.len == bl[b].nexp;
        for (size_t s = 0; ok && s < test_annot.sents.len; s++) {
            const char *exp = bl[b].exp[s];
            uint32_t want = 0;
            if (exp[0] == '[') {
                const char *close = strchr(exp, ']');
                for (const char *f = exp + 1; close && f < close; f++)
                    want |= *f == 'H' ? SR_SF_HEADING : *f == 'Q' ? SR_SF_QUOTE : *f == 'D' ? SR_SF_DATELINE : 0;
                exp = close ? close + 1 : exp;
            }
            char buf[4096];
            const sr_sentence *se = &test_annot.sents.items[s];
            uint32_t got = se->flags & (SR_SF_HEADING | SR_SF_QUOTE | SR_SF_DATELINE);
            if (strcmp(span_text(se->start, se->end, buf, sizeof buf), exp) != 0 || got != want)
                ok = false;
        }
        if (!ok) {
            failures++;
            fprintf(stderr, "sentences.test:%d: got %zu sentences:\n", bl[b].line, test_annot.sents.len);
            for (size_t s = 0; s < test_annot.sents.len; s++) {
                char buf[4096];
                const sr_sentence *se = &test_annot.sents.items[s];
                fprintf(stderr, "  [%s%s%s]%s\n", se->flags & SR_SF_HEADING ? "H" : "", se->flags & SR_SF_QUOTE ? "Q" : "",
                        se->flags & SR_SF_DATELINE ? "D" : "", span_text(se->start, se->end, buf, sizeof buf));
            }
        }
    }
    free_blocks(bl, nb);
    assert_int_equal(failures, 0);
}

/* ---- tokens.test ---- */

static const char *kind_name(uint8_t k)
{
    return k == SR_TOK_WORD ? "word" : k == SR_TOK_NUMBER ? "number" : k == SR_TOK_PUNCT ? "punct" : "symbol";
}

static unsigned parse_tflags(const char *s)
{
    unsigned f = 0;
    if (strstr(s, "allcaps"))
        f |= SR_TF_ALLCAPS;
    if (strstr(s, "cap,") || strstr(s, "cap ") || (strlen(s) >= 3 && strcmp(s + strlen(s) - 3, "cap") == 0 &&
                                                    (strlen(s) == 3 || s[strlen(s) - 4] == ',')))
        f |= SR_TF_CAP;
    if (strstr(s, "hyphen"))
        f |= SR_TF_HYPHEN;
    if (strstr(s, "quoted"))
        f |= SR_TF_QUOTED;
    return f;
}

static void test_token_cases(void **state)
{
    (void)state;
    size_t nb;
    block *bl = read_blocks("tokens.test", &nb);
    assert_non_null(bl);
    int failures = 0;
    const unsigned checked = SR_TF_CAP | SR_TF_ALLCAPS | SR_TF_HYPHEN | SR_TF_QUOTED;
    for (size_t b = 0; b < nb; b++) {
        run(bl[b].input, bl[b].input_len);
        bool ok = true;
        char buf[1024];
        if (bl[b].nexp == 1 && strncmp(bl[b].exp[0], "= ", 2) == 0) {
            sr_buf got = {0};
            for (size_t t = 0; t < test_annot.toks.len; t++) {
                if (t)
                    sr_buf_putc(&got, ' ');
                sr_buf_puts(&got, span_text(test_annot.toks.items[t].start, test_annot.toks.items[t].end, buf, sizeof buf));
            }
            ok = got.data && strcmp(got.data, bl[b].exp[0] + 2) == 0;
            if (!ok)
                fprintf(stderr, "tokens.test:%d: got = %s\n", bl[b].line, got.data ? got.data : "");
            sr_buf_free(&got);
        } else {
            ok = test_annot.toks.len == bl[b].nexp;
            for (size_t t = 0; ok && t < test_annot.toks.len; t++) {
                char text[256], kind[32], flags[128] = "";
                if (sscanf(bl[b].exp[t], "%255s %31s %127s", text, kind, flags) < 2) {
                    ok = false;
                    break;
                }
                const sr_token *tk = &test_annot.toks.items[t];
                if (strcmp(span_text(tk->start, tk->end, buf, sizeof buf), text) != 0 ||
                    strcmp(kind_name(tk->kind), kind) != 0 || (tk->flags & checked) != parse_tflags(flags))
                    ok = false;
            }
            if (!ok) {
                fprintf(stderr, "tokens.test:%d: got %zu tokens:\n", bl[b].line, test_annot.toks.len);
                for (size_t t = 0; t < test_annot.toks.len; t++) {
                    const sr_token *tk = &test_annot.toks.items[t];
                    fprintf(stderr, "  %s %s%s%s%s%s\n", span_text(tk->start, tk->end, buf, sizeof buf), kind_name(tk->kind),
                            tk->flags & SR_TF_CAP ? " cap" : "", tk->flags & SR_TF_ALLCAPS ? " allcaps" : "",
                            tk->flags & SR_TF_HYPHEN ? " hyphen" : "", tk->flags & SR_TF_QUOTED ? " quoted" : "");
                }
            }
        }
        if (!ok)
            failures++;
    }
    free_blocks(bl, nb);
    assert_int_equal(failures, 0);
}

/* ---- numbers.test ---- */

static void nflags_str(uint32_t f, char *out)
{
    static const struct { uint32_t f; const char *name; } names[] = {
        {SR_NF_WORDS, "words"},     {SR_NF_VAGUE, "vague"},     {SR_NF_YEARLIKE, "yearlike"},
        {SR_NF_DECIMAL, "decimal"}, {SR_NF_ORDINAL, "ordinal"}, {SR_NF_PRONOUN, "pronoun"},
    };
    out[0] = '\0';
    for (size_t i = 0; i < SR_ARRAY_LEN(names); i++)
        if (f & names[i].f) {
            if (out[0])
                strcat(out, ",");
            strcat(out, names[i].name);
        }
    if (!out[0])
        strcpy(out, "-");
}

static void test_number_cases(void **state)
{
    (void)state;
    size_t nb;
    block *bl = read_blocks("numbers.test", &nb);
    assert_non_null(bl);
    int failures = 0;
    for (size_t b = 0; b < nb; b++) {
        run(bl[b].input, bl[b].input_len);
        bool none = bl[b].nexp == 1 && strcmp(bl[b].exp[0], "none") == 0;
        size_t want = none ? 0 : bl[b].nexp;
        bool ok = test_annot.nums.len == want;
        for (size_t k = 0; ok && k < test_annot.nums.len; k++) {
            const sr_number *nm = &test_annot.nums.items[k];
            char exp_flags[128], got_flags[128], buf[1024];
            double v;
            int off = 0;
            if (sscanf(bl[b].exp[k], "%lf %127s %n", &v, exp_flags, &off) < 2 || !off) {
                ok = false;
                break;
            }
            nflags_str(nm->flags, got_flags);
            if (nm->value != v || strcmp(exp_flags, got_flags) != 0 ||
                strcmp(span_text(nm->start, nm->end, buf, sizeof buf), bl[b].exp[k] + off) != 0)
                ok = false;
        }
        /* sr_number_at finds each number at its first token */
        for (size_t k = 0; ok && k < test_annot.nums.len; k++)
            ok = sr_number_at(&test_annot, test_annot.nums.items[k].tok_start) == (long)k;
        if (!ok) {
            failures++;
            fprintf(stderr, "numbers.test:%d: got %zu numbers:\n", bl[b].line, test_annot.nums.len);
            for (size_t k = 0; k < test_annot.nums.len; k++) {
                char f[128], buf[1024];
                nflags_str(test_annot.nums.items[k].flags, f);
                fprintf(stderr, "  %.10g %s %s\n", test_annot.nums.items[k].value, f,
                        span_text(test_annot.nums.items[k].start, test_annot.nums.items[k].end, buf, sizeof buf));
            }
        }
    }
    free_blocks(bl, nb);
    assert_int_equal(failures, 0);
}

/* ---- contract ---- */

/* Tokens are ordered, do not overlap, every token is in exactly one
 * sentence, sentences tile the tokens in order, numbers are sorted. */
static void check_invariants(void)
{
    for (size_t i = 0; i < test_annot.toks.len; i++) {
        const sr_token *t = &test_annot.toks.items[i];
        assert_true(t->start < t->end && t->end <= test_annot.len);
        if (i)
            assert_true(test_annot.toks.items[i - 1].end <= t->start);
        assert_true(t->sent < test_annot.sents.len);
        assert_int_equal(test_annot.norm.data[t->norm + t->norm_len], '\0');
    }
    uint32_t next = 0;
    for (size_t s = 0; s < test_annot.sents.len; s++) {
        const sr_sentence *se = &test_annot.sents.items[s];
        assert_int_equal(se->tok_start, next);
        assert_true(se->tok_end > se->tok_start);
        for (uint32_t i = se->tok_start; i < se->tok_end; i++)
            assert_int_equal(test_annot.toks.items[i].sent, s);
        assert_true(test_annot.toks.items[se->tok_start].flags & SR_TF_SENT_START);
        if (s)
            assert_true(test_annot.sents.items[s - 1].paragraph <= se->paragraph);
        next = se->tok_end;
    }
    assert_int_equal(next, test_annot.toks.len);
    for (size_t k = 1; k < test_annot.nums.len; k++)
        assert_true(test_annot.nums.items[k - 1].tok_end <= test_annot.nums.items[k].tok_start);
}

static void test_invariants(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        " ",
        "\n\n\n",
        ".",
        "\"",
        "a",
        "U.S.",
        "1. 2. 3.",
        "“”‘’«»",
        "Hello.\n\n\"World\n\nagain\"",
        "\xC2\xA0word\xE2\x80\xA8next",
        "eighty-two hundred and",
        "a hundred and",
        "x\xff\xfey", /* stray bytes */
    };
    for (size_t i = 0; i < SR_ARRAY_LEN(texts); i++) {
        run(texts[i], strlen(texts[i]));
        check_invariants();
    }
}

/* ---- pathological inputs: bounds on work ---- */

#define WORK_PER_TOKEN 16

static void test_many_numbers(void **state)
{
    (void)state;
    size_t len;
    char *s = test_repeat("12 ", 100000, &len);
    run(s, len);
    assert_int_equal(test_annot.toks.len, 100000);
    assert_int_equal(test_annot.nums.len, 100000);
    assert_int_equal(test_annot.sents.len, 1);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    check_invariants();
    free(s);
    s = test_repeat("twenty one hundred and ", 25000, &len);
    run(s, len);
    assert_int_equal(test_annot.toks.len, 100000);
    assert_true(test_annot.nums.len >= 12500);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    free(s);
    s = test_repeat("1-", 100000, &len); /* one long chain of hyphen-joined numbers */
    run(s, len);
    assert_int_equal(test_annot.nums.len, 0);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    free(s);
}

static void test_long_sentence(void **state)
{
    (void)state;
    size_t len;
    char *s = test_repeat("word ", 1 << 18, &len); /* 1.3 MB, no punctuation */
    run(s, len);
    assert_int_equal(test_annot.toks.len, 1 << 18);
    assert_int_equal(test_annot.sents.len, 1);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    check_invariants();
    free(s);
    s = test_repeat(".", 1 << 20, &len); /* a million periods */
    run(s, len);
    assert_int_equal(test_annot.toks.len, 1 << 20);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    free(s);
    s = test_repeat("a.... ", 100000, &len); /* runs of periods before lower case */
    run(s, len);
    assert_int_equal(test_annot.sents.len, 1);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    free(s);
    s = test_repeat("A. ", 100000, &len); /* initials */
    run(s, len);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    free(s);
}

static void test_nested_quotes(void **state)
{
    (void)state;
    size_t len;
    char *open = test_repeat("\xE2\x80\x9C((", 10000, &len);
    char *close = test_repeat("))\xE2\x80\x9D", 10000, &len);
    sr_buf b = {0};
    sr_buf_puts(&b, open);
    sr_buf_puts(&b, "word");
    sr_buf_puts(&b, close);
    run(b.data, b.len);
    assert_int_equal(test_annot.toks.len, 60001);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    check_invariants();
    free(open);
    free(close);
    sr_buf_free(&b);
    /* straight quotes alternating with words */
    char *s = test_repeat("\" a ", 50000, &len);
    run(s, len);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    free(s);
    s = test_repeat("'", 100000, &len);
    run(s, len);
    assert_true(sr_segment_work <= WORK_PER_TOKEN * test_annot.toks.len);
    free(s);
}

/* A stray quote in a long paragraph quotes nothing after it. */
static void test_stray_quote(void **state)
{
    (void)state;
    size_t len;
    char *s = test_repeat("The army shelled the town. ", 2000, &len);
    sr_buf b = {0};
    sr_buf_puts(&b, "He said \"no and ");
    sr_buf_puts(&b, s);
    run(b.data, b.len);
    size_t quoted = 0;
    for (size_t i = 0; i < test_annot.toks.len; i++)
        quoted += (test_annot.toks.items[i].flags & SR_TF_QUOTED) != 0;
    assert_int_equal(quoted, 0);
    free(s);
    sr_buf_free(&b);
}

/* Work on 2n bytes of news text is about twice the work on n. */
static void test_linear(void **state)
{
    (void)state;
    const char *unit = "Sun 10 Jul 2016 At least 29 Syrian rebels were killed in clashes with regime troops, "
                       "a monitor said. \"Every hour, butcheries are carried out,\" the U.S. official said. "
                       "Gen. Smith left at 5 a.m. Dozens of people, two hundred and fifty in all, fled.\n\n";
    size_t len;
    char *s1 = test_repeat(unit, 1000, &len);
    run(s1, len);
    unsigned long long w1 = sr_segment_work;
    size_t t1 = test_annot.toks.len;
    char *s2 = test_repeat(unit, 2000, &len);
    run(s2, len);
    unsigned long long w2 = sr_segment_work;
    assert_int_equal(test_annot.toks.len, 2 * t1);
    assert_true(w2 <= 2 * w1 + w1 / 10);
    assert_true(w1 <= WORK_PER_TOKEN * t1);
    free(s1);
    free(s2);
}

/* Random text from the characters that steer segmentation, with the
 * invariants checked on each (a deterministic generator). */
static void test_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "A", "Gen", "U.S.", "1", "5,000", "2016", "-", "--", ".", "...", "!", "?", ",", ":", "\"", "'",
        "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x99", "(", ")", " ", " ", " ", "\n", "\n\n", "\t",
        "one", "hundred", "and", "a dozen", "dozens", "first", "3rd", "Sun", "10", "Jul", "Published", "\xC3\xA9",
        "\xC2\xA0", "\xFF", "/", "'s", "Skip to content", "Image:", "St", "No", "al", "Read Also"};
    uint64_t x = 88172645463325252ull;
    sr_buf b = {0};
    for (int doc = 0; doc < 3000; doc++) {
        sr_buf_clear(&b);
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = x % 200;
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            sr_buf_puts(&b, pieces[x % SR_ARRAY_LEN(pieces)]);
        }
        sr_annot_reset(&test_annot, b.data ? b.data : "", b.len);
        assert_int_equal(sr_clean(test_lexicon, &test_annot), SITREP_OK);
        assert_int_equal(sr_segment(test_lexicon, &test_annot), SITREP_OK);
        check_invariants();
    }
    sr_buf_free(&b);
}

/* The annot is reused from text to text, and the lexicon's walks during the
 * sentence pass read each token's sentence: tokens not yet placed must read
 * as sentence 0, not as what the last text left there (a one-token first
 * sentence before cut "Published on" of the next text's dateline). */
static void test_reused_annot(void **state)
{
    (void)state;
    static const char first[] = "Breaking\nNews here today in the city.";
    static const char second[] = "Published on 12 May 2016 Six people were killed in the city on Monday.";
    run(first, sizeof first - 1);
    assert_int_equal(test_annot.sents.len, 2);
    assert_int_equal(test_annot.sents.items[1].tok_start, 1);
    run(second, sizeof second - 1);
    assert_int_equal(test_annot.sents.len, 2);
    assert_true(test_annot.sents.items[0].flags & SR_SF_DATELINE);
    /* the per-token arrays of the stages are in the arena: a reset leaves
     * none of the last text's behind for a stage that runs without them */
    sr_annot_reset(&test_annot, second, sizeof second - 1);
    assert_null(test_annot.tokhash);
    assert_null(test_annot.tokmarks);
    assert_null(test_annot.tokix);
    assert_null(test_annot.gazmemo);
}

/* The dates stage passes by every token that SR_TM_DATE leaves unmarked:
 * every number and every preposition or modifier of dates.c must have it,
 * whichever path of tokenize read the token (a word next to non-ASCII text
 * or in a text too short for the fast path goes the other way), and the
 * marks must be those of the text just read, zero past its last token. */
static void check_date_marks(void)
{
    const sr_annot *a = &test_annot;
    assert_non_null(a->tokmarks);
    for (size_t i = 0; i < a->toks.len; i++) {
        const sr_token *t = &a->toks.items[i];
        bool start = t->kind == SR_TOK_NUMBER;
        const char *w;
        for (size_t k = 0; t->kind == SR_TOK_WORD && (w = sr_dates_start_word(k)) != NULL; k++)
            start |= !strcmp(w, sr_tok_norm(a, i));
        if (start)
            assert_true(a->tokmarks[i] & SR_TM_DATE);
        if (t->kind == SR_TOK_PUNCT)
            assert_false(a->tokmarks[i] & SR_TM_DATE);
    }
    for (size_t i = a->toks.len; i < a->toks.len + 8; i++)
        assert_int_equal(a->tokmarks[i], 0);
}

static void test_date_marks(void **state)
{
    (void)state;
    static const char first[] = "Since last week, 12 people died in Aleppo and in Idlib; the shelling went on "
                                "through the night. In Homs, \xe2\x80\x9cin\xe2\x80\x9d since 2015 in";
    static const char second[] = "In 2016";
    static const char third[] = "Until next year";
    run(first, sizeof first - 1);
    check_date_marks();
    run(second, sizeof second - 1);
    check_date_marks();
    run(third, sizeof third - 1);
    check_date_marks();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentence_cases), cmocka_unit_test(test_token_cases),
        cmocka_unit_test(test_number_cases),   cmocka_unit_test(test_invariants),
        cmocka_unit_test(test_many_numbers),   cmocka_unit_test(test_long_sentence),
        cmocka_unit_test(test_nested_quotes),  cmocka_unit_test(test_stray_quote),
        cmocka_unit_test(test_linear),         cmocka_unit_test(test_random),
        cmocka_unit_test(test_reused_annot),   cmocka_unit_test(test_date_marks),
    };
    return cmocka_run_group_tests(tests, test_lexicon_setup, test_lexicon_teardown);
}
