/* test_gazetteer.c - the gazetteer: the index opens and knows its places,
 * the built-in list works without it, and the cases of
 * tests/cases/places.test hold (place names, folding, disambiguation by
 * context and admin mentions, flags such as datelines, the article's
 * country, and the not-place traps). Cases that need
 * the index skip when $SITREP_GAZETTEER is not set or not readable. */
#include <stdlib.h>

#include "testutil.h"

#include "clean.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "segment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static const char *index_path(void)
{
    const char *p = getenv("SITREP_GAZETTEER");
    return p && *p && access(p, R_OK) == 0 ? p : NULL;
}

static void annotate(const sr_gazetteer *g, sr_annot *a, const char *text)
{
    sr_annot_reset(a, text, strlen(text));
    assert_int_equal(sr_clean(test_lexicon, a), SITREP_OK);
    assert_int_equal(sr_segment(test_lexicon, a), SITREP_OK);
    /* outcome words: sr_gaz_context_country weighs the sentences that tell harm */
    assert_int_equal(sr_lex_annotate(test_lexicon, a, 1u << SR_LEX_OUTCOMES), SITREP_OK);
    assert_int_equal(sr_gaz_annotate(g, test_lexicon, a), SITREP_OK);
}

static void test_builtin(void **state)
{
    (void)state;
    char err[SR_ERRMSG_MAX] = "";
    sr_gazetteer *g;
    assert_int_equal(sr_gaz_open(NULL, &g, err), SITREP_OK);
    uint32_t sy = sr_gaz_country(g, "SYR");
    assert_int_not_equal(sy, SR_GAZ_NONE);
    assert_int_equal(sr_gaz_country(g, "Syria"), sy);
    assert_string_equal(sr_gaz_iso3(g, "SY"), "SYR");
    uint32_t p[8];
    assert_true(sr_gaz_lookup(g, "Qabun", 5, p, 8) >= 1);
    sr_gaz_place pl;
    assert_true(sr_gaz_place_get(g, p[0], &pl));
    assert_string_equal(pl.admin1_code, "SY.13");
    assert_true(sr_gaz_in_country(g, p[0], "SY"));
    assert_true(sr_gaz_contains(g, sy, p[0]));
    sr_annot a = {0};
    annotate(g, &a, "Barrel bombs fell on Sednaya and Douma, Syrian activists said.");
    assert_true(a.places.len >= 2);
    sr_annot_free(&a);
    sr_gaz_close(g);
}

static void test_bad_index(void **state)
{
    (void)state;
    char path[] = "/tmp/sitrep-gaz-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "not an index at all, not at all.", 32), 32);
    close(fd);
    char err[SR_ERRMSG_MAX] = "";
    sr_gazetteer *g = NULL;
    assert_int_equal(sr_gaz_open(path, &g, err), SITREP_EDATA);
    assert_null(g);
    assert_non_null(strstr(err, "not a sitrep gazetteer index"));
    unlink(path);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static void test_cases(void **state)
{
    (void)state;
    const char *path = index_path();
    if (!path) {
        fprintf(stderr, "no gazetteer index (set SITREP_GAZETTEER): skipped\n");
        skip();
    }
    char err[SR_ERRMSG_MAX] = "", file[1024];
    sr_gazetteer *g;
    assert_int_equal(sr_gaz_open(path, &g, err), SITREP_OK);
    snprintf(file, sizeof file, "%s/places.test", test_cases_dir());
    FILE *fp = fopen(file, "r");
    assert_non_null(fp);
    char line[2048];
    int n = 0, failed = 0, lineno = 0;
    sr_annot a = {0};
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *bar = strstr(s, "||");
        assert_non_null(bar);
        *bar = '\0';
        char *text = trim(s), *want = trim(bar + 2);
        annotate(g, &a, text);
        n++;
        if (*want == '!') {
            const char *word = want + 1;
            for (size_t i = 0; i < a.places.len; i++) {
                const sr_mention *m = &a.places.items[i];
                const char *w = strstr(text, word);
                if (w && (uint32_t)(w - text) >= m->start && (uint32_t)(w - text) < m->end) {
                    fprintf(stderr, "places.test:%d: '%s' is a place mention\n", lineno, word);
                    failed++;
                    break;
                }
            }
            continue;
        }
        char *arrow = strstr(want, "=>");
        assert_non_null(arrow);
        *arrow = '\0';
        char *mtext = trim(want), *rest = arrow + 2;
        if (!strcmp(mtext, "context")) { /* the article's country */
            char cc[3];
            sr_gaz_context_country(g, test_lexicon, &a, cc);
            if (strcmp(cc, trim(rest)) != 0) {
                fprintf(stderr, "places.test:%d: context country '%s', want '%s'\n", lineno, cc, trim(rest));
                failed++;
            }
            continue;
        }
        char *f[4] = {0};
        for (int k = 0; k < 3; k++) {
            f[k] = trim(strsep(&rest, ","));
            assert_non_null(f[k]);
        }
        /* an optional fourth field: a flag the mention has ("dateline",
         * "actor") or has not ("!dateline") */
        unsigned flag = 0;
        bool flag_set = true;
        if (rest) {
            f[3] = trim(rest);
            const char *fl = f[3];
            if (*fl == '!')
                flag_set = false, fl++;
            flag = !strcmp(fl, "dateline") ? SR_PF_DATELINE : !strcmp(fl, "actor") ? SR_PF_ACTOR : 0;
            assert_true(flag != 0);
        }
        const char *at = strstr(text, mtext);
        assert_non_null(at);
        bool found = false;
        for (size_t i = 0; i < a.places.len && !found; i++) {
            const sr_mention *m = &a.places.items[i];
            if (m->start != (uint32_t)(at - text))
                continue;
            found = true;
            sr_gaz_place p;
            assert_true(sr_gaz_place_get(g, m->u.place.place, &p));
            /* the mention carries its place's kind and country */
            assert_true(m->u.place.kind == p.kind && !memcmp(m->u.place.country, p.country, 2));
            bool ok = (!strcmp(f[0], "-") || strstr(p.name, f[0])) &&
                      (!strcmp(f[1], "-") || !strcmp(p.admin1_code, f[1])) &&
                      (!strcmp(f[2], "-") || !strcmp(p.country, f[2])) &&
                      (!flag || ((m->u.place.flags & flag) != 0) == flag_set);
            if (!ok) {
                fprintf(stderr, "places.test:%d: '%s' -> %s (%s, %s) by %s, flags %u; want %s, %s, %s%s%s\n",
                        lineno, mtext, p.name, p.admin1_code, p.country, sr_gaz_rule_name(m->u.place.rule),
                        m->u.place.flags, f[0], f[1], f[2], f[3] ? ", " : "", f[3] ? f[3] : "");
                failed++;
            }
        }
        if (!found) {
            fprintf(stderr, "places.test:%d: no place mention at '%s'\n", lineno, mtext);
            failed++;
        }
    }
    fclose(fp);
    sr_annot_free(&a);
    sr_gaz_close(g);
    fprintf(stderr, "places.test: %d cases, %d failed\n", n, failed);
    assert_int_equal(failed, 0);
}

/* A document read again gives the same place mentions and country: the
 * second time the per-thread caches (keys, the starts' words) answer what
 * the index answered the first time (a gazetteer just opened empties
 * them). The texts hold the paths of a start: a demonym, a possessive that
 * lost its apostrophe, an article joined by a hyphen, the second half of a
 * hyphenated word, names of several words and capitalised words that name
 * nothing. */
static void test_warm_caches(void **state)
{
    (void)state;
    const char *path = index_path();
    if (!path) {
        fprintf(stderr, "no gazetteer index (set SITREP_GAZETTEER): skipped\n");
        skip();
    }
    static const char *const texts[] = {
        "Syrian government forces shelled Aleppo on Monday. Syrias capital Damascus was quiet, and "
        "Aleppos outskirts burned.",
        "Turkish-backed rebels took al-Bab from the Islamic State group near the pro-Assad town of "
        "Deir ez-Zor, the Syrian Observatory for Human Rights said.",
        "Air strikes hit Idlib province and Maarat al-Numan. The UN said Russian jets killed 12 people "
        "in Khan Sheikhoun, Idlib, while President Assad met officials in Damascus."};
    char err[SR_ERRMSG_MAX] = "";
    sr_gazetteer *g;
    assert_int_equal(sr_gaz_open(path, &g, err), SITREP_OK);
    sr_annot a = {0};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        sr_mention cold[64];
        char cc_cold[3], cc_warm[3];
        annotate(g, &a, texts[t]);
        size_t n = a.places.len;
        assert_true(n > 0 && n <= 64);
        memcpy(cold, a.places.items, n * sizeof *cold);
        double share_cold = sr_gaz_context_country(g, test_lexicon, &a, cc_cold);
        for (int again = 0; again < 2; again++) {
            annotate(g, &a, texts[t]);
            assert_int_equal(a.places.len, n);
            for (size_t i = 0; i < n; i++) {
                const sr_mention *m = &a.places.items[i];
                assert_int_equal(m->tok_start, cold[i].tok_start);
                assert_int_equal(m->tok_end, cold[i].tok_end);
                assert_int_equal(m->u.place.place, cold[i].u.place.place);
                assert_int_equal(m->u.place.rule, cold[i].u.place.rule);
                assert_int_equal(m->u.place.flags, cold[i].u.place.flags);
                assert_int_equal(m->u.place.ncandidates, cold[i].u.place.ncandidates);
            }
            assert_true(sr_gaz_context_country(g, test_lexicon, &a, cc_warm) == share_cold);
            assert_string_equal(cc_warm, cc_cold);
        }
    }
    sr_annot_free(&a);
    sr_gaz_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_bad_index),
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_warm_caches),
    };
    return cmocka_run_group_tests(tests, test_lexicon_setup, test_lexicon_teardown);
}
