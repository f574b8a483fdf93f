/* test_lexicon.c - the lexicon matcher (lexicon.c: word-by-word hashes,
 * parent links, the first-word filter) against the plainest reading of
 * lexicon.h: the longest entry at a token is the longest entry whose folded
 * phrase equals the folded tokens from there joined by spaces, inside one
 * sentence, with the phrase's capitalisation when it says case=exact; the
 * stage takes, lexicon by lexicon, the longest entry at each token left to
 * right without overlaps. Checked on every token of generated text made of
 * lexicon phrases in every capitalisation, hyphenated, cut short and run
 * together, on the example articles and, when ../shared is there, on the
 * seed articles. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "clean.h"
#include "lexicon.h"
#include "segment.h"

static size_t *norm_len[SR_LEX_COUNT]; /* strlen of each entry's norm */

static uint64_t rng_state = 0xA54FF53A5F1D36F1ULL;

static unsigned pick(unsigned n) { return test_rand(&rng_state) % n; }

/* The capitalisation test of lexicon.h, written out. */
static bool case_ok(const sr_annot *a, size_t i, const sr_lex_entry *e)
{
    const char *p = e->phrase;
    for (size_t k = 0; k < e->ntok; k++) {
        while (*p == ' ' || *p == '-')
            p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '-')
            p++;
        if (i + k >= a->toks.len)
            return false;
        const sr_token *t = &a->toks.items[i + k];
        if (t->end - t->start != (size_t)(p - w) || memcmp(a->text + t->start, w, (size_t)(p - w)) != 0)
            return false;
    }
    return true;
}

/* The longest entry of lexicon id at token i, by comparing every entry. */
static const sr_lex_entry *ref_longest(const sr_annot *a, size_t i, sr_lex_id id)
{
    char key[600];
    size_t klen = 0;
    const sr_lex_entry *best = NULL;
    if (i >= a->toks.len)
        return NULL;
    uint32_t sent = a->toks.items[i].sent;
    for (size_t j = i; j < a->toks.len && j - i < 16; j++) {
        const sr_token *t = &a->toks.items[j];
        if (t->sent != sent || t->norm_len == 0 || klen + 1 + t->norm_len >= 512)
            break;
        if (klen)
            key[klen++] = ' ';
        memcpy(key + klen, sr_tok_norm(a, j), t->norm_len);
        klen += t->norm_len;
        for (size_t k = 0; k < sr_lex_count(test_lexicon, id); k++) {
            if (norm_len[id][k] != klen)
                continue;
            const sr_lex_entry *e = sr_lex_get(test_lexicon, id, k);
            if (memcmp(e->norm, key, klen) == 0 && (!e->exact_case || case_ok(a, i, e)))
                best = e;
        }
    }
    return best;
}

/* Checks sr_lex_longest on every token and lexicon, and the stage on the
 * lexicons of the extraction. Returns the mentions found. */
static size_t check_text(const char *text, size_t len)
{
    sr_annot a = {0};
    sr_annot_reset(&a, text, len);
    assert_int_equal(sr_clean(test_lexicon, &a), SITREP_OK);
    assert_int_equal(sr_segment(test_lexicon, &a), SITREP_OK);
    for (size_t i = 0; i <= a.toks.len; i++) {
        for (int id = 0; id < SR_LEX_COUNT; id++) {
            const sr_lex_entry *e = NULL, *want = ref_longest(&a, i, (sr_lex_id)id);
            size_t n = sr_lex_longest(test_lexicon, &a, i, (sr_lex_id)id, &e);
            if (e != want)
                fail_msg("token %zu '%s', lexicon %s: matcher %s, reference %s", i,
                         i < a.toks.len ? sr_tok_norm(&a, i) : "", sr_lex_name((sr_lex_id)id),
                         e ? e->rule : "none", want ? want->rule : "none");
            assert_int_equal(n, want ? want->ntok : 0);
        }
    }
    unsigned mask = (1u << SR_LEX_OUTCOMES) | (1u << SR_LEX_GROUPS) | (1u << SR_LEX_CAUSES) | (1u << SR_LEX_ACTORS) |
                    (1u << SR_LEX_CLAIMS) | (1u << SR_LEX_HEDGES) | (1u << SR_LEX_DATES) | (1u << SR_LEX_QUALIFIERS);
    a.lex.len = 0;
    assert_int_equal(sr_lex_annotate(test_lexicon, &a, mask), SITREP_OK);
    size_t next_free[SR_LEX_COUNT] = {0}, m = 0;
    for (size_t i = 0; i < a.toks.len; i++) {
        if (a.toks.items[i].flags & SR_TF_BOILER)
            continue;
        for (int id = 0; id < SR_LEX_COUNT; id++) {
            if (!(mask & (1u << id)) || next_free[id] > i)
                continue;
            const sr_lex_entry *e = ref_longest(&a, i, (sr_lex_id)id);
            if (!e)
                continue;
            assert_true(m < a.lex.len);
            const sr_mention *mm = &a.lex.items[m++];
            assert_ptr_equal(mm->u.entry, e);
            assert_int_equal(mm->tok_start, i);
            assert_int_equal(mm->tok_end, i + e->ntok);
            assert_int_equal(mm->start, a.toks.items[i].start);
            assert_int_equal(mm->end, a.toks.items[i + e->ntok - 1].end);
            next_free[id] = i + e->ntok;
        }
    }
    assert_int_equal(m, a.lex.len);
    sr_annot_free(&a);
    return m;
}

/* A phrase of some lexicon, written as news text might write it. */
static void put_phrase(sr_buf *b)
{
    sr_lex_id id = (sr_lex_id)pick(SR_LEX_COUNT);
    size_t n = sr_lex_count(test_lexicon, id);
    if (!n)
        return;
    const char *p = sr_lex_get(test_lexicon, id, pick((unsigned)n))->phrase;
    size_t len = strlen(p);
    if (pick(8) == 0 && len > 3)
        len -= 1 + pick(3); /* cut short */
    unsigned how = pick(6);
    bool word_start = true;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (how == 1)
            c = (char)sr_tolower((unsigned char)c);
        else if (how == 2 && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        else if (how == 3 && word_start && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        else if (how == 4 && c == ' ')
            c = '-';
        word_start = c == ' ' || c == '-';
        sr_buf_putc(b, c);
    }
}

static void test_generated(void **state)
{
    (void)state;
    static const char *const filler[] = {" ", " ", " ", ", ", ". ", " the ", " and ", " in ", "\n\n", " (", ") ",
                                         " 12 ", " \xE2\x80\x9C", "\xE2\x80\x9D ", "'s ", " of ", "-", " al-"};
    const char *env = getenv("SITREP_LEXICON_TEXTS");
    unsigned ntexts = env ? (unsigned)strtoul(env, NULL, 10) : 60;
    size_t found = 0;
    sr_buf b = {0};
    for (unsigned t = 0; t < ntexts; t++) {
        sr_buf_clear(&b);
        unsigned n = 20 + pick(200);
        for (unsigned i = 0; i < n; i++) {
            if (pick(3))
                put_phrase(&b);
            else
                sr_buf_puts(&b, "words");
            sr_buf_puts(&b, filler[pick(SR_ARRAY_LEN(filler))]);
        }
        found += check_text(b.data, b.len);
    }
    sr_buf_free(&b);
    fprintf(stderr, "%u generated texts, %zu mentions\n", ntexts, found);
    assert_true(found > ntexts * 10);
}

static void check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        sr_buf b = {0};
        sr_buf_read(&b, fp);
        fclose(fp);
        if (b.len)
            check_text(b.data, b.len);
        sr_buf_free(&b);
    }
    closedir(d);
}

static void test_articles(void **state)
{
    (void)state;
    check_dir("examples");
    char seeds[1024];
    snprintf(seeds, sizeof seeds, "%s/seeds", test_shared_dir());
    check_dir(seeds);
}

static int setup(void **state)
{
    if (test_lexicon_setup(state) != 0)
        return -1;
    for (int id = 0; id < SR_LEX_COUNT; id++) {
        size_t n = sr_lex_count(test_lexicon, id);
        norm_len[id] = calloc(n + 1, sizeof(size_t));
        for (size_t k = 0; k < n; k++)
            norm_len[id][k] = strlen(sr_lex_get(test_lexicon, id, k)->norm);
    }
    return 0;
}

static int teardown(void **state)
{
    for (int id = 0; id < SR_LEX_COUNT; id++)
        free(norm_len[id]);
    return test_lexicon_teardown(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_articles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
