/* test_dates.c - date expressions: the cases of tests/cases/dates.test
 * (format at the top of that file), and unit checks of the functions of
 * dates.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "annot.h"
#include "dates.h"
#include "lexicon.h"
#include "segment.h"


/* Runs the stages dates needs: segment, the dates lexicon, dates. */
static void annotate(sr_annot *a, const char *text, int64_t published, const sitrep_span *boiler)
{
    sr_annot_reset(a, text, strlen(text));
    if (boiler)
        assert_int_equal(sr_vec_push(&a->boiler, *boiler), SITREP_OK);
    assert_int_equal(sr_segment(test_lexicon, a), SITREP_OK);
    a->published = published;
    assert_int_equal(sr_lex_annotate(test_lexicon, a, 1u << SR_LEX_DATES), SITREP_OK);
    assert_int_equal(sr_dates_annotate(test_lexicon, a), SITREP_OK);
}

static int64_t day(const char *iso)
{
    int y, m, d;
    if (!sr_parse_iso_date(iso, &y, &m, &d))
        return INT64_MIN;
    return sr_days_from_civil(y, m, d);
}

static const char *prec_name(unsigned p)
{
    switch (p) {
    case SITREP_PREC_DAY: return "day";
    case SITREP_PREC_WEEK: return "week";
    case SITREP_PREC_MONTH: return "month";
    case SITREP_PREC_YEAR: return "year";
    default: return "unknown";
    }
}

/* The rule as written in the test files: ":LINE" left out. */
static void rule_key(const char *rule, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = rule ? rule : ""; *p && n + 1 < cap; p++) {
        if (*p == ':' && sr_isdigit((unsigned char)p[1])) {
            while (sr_isdigit((unsigned char)p[1]))
                p++;
            continue;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
}

/* One mention as a line of the test format. */
static void describe(const sr_annot *a, const sr_mention *m, char *out, size_t cap)
{
    char from[11], to[11], rk[160];
    rule_key(m->u.date.rule, rk, sizeof rk);
    if (!m->u.date.resolved) {
        snprintf(out, cap, "%.*s -> unresolved %s %s", (int)(m->end - m->start), a->text + m->start,
                 prec_name(m->u.date.precision), rk);
        return;
    }
    sr_format_days(from, m->u.date.from);
    sr_format_days(to, m->u.date.to);
    if (m->u.date.from == m->u.date.to)
        snprintf(out, cap, "%.*s -> %s %s %s", (int)(m->end - m->start), a->text + m->start, from,
                 prec_name(m->u.date.precision), rk);
    else
        snprintf(out, cap, "%.*s -> %s..%s %s %s", (int)(m->end - m->start), a->text + m->start, from, to,
                 prec_name(m->u.date.precision), rk);
}

/* Does the mention's description meet the expected line? The rule may be
 * left out of the expectation. */
static bool meets(const char *got, const char *want)
{
    size_t n = strlen(want);
    if (strncmp(got, want, n) != 0)
        return false;
    return got[n] == '\0' || got[n] == ' ';
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* "\n" in a case's text stands for a line break. */
static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

typedef struct dcase {
    int line;
    int64_t published;
    char text[2048];
    char want[32][256];
    int nwant;
    bool none;
} dcase;

static int run_case(const dcase *c, const char *file)
{
    sr_annot a = {0};
    annotate(&a, c->text, c->published, NULL);
    int bad = 0;
    size_t n = a.dates.len;
    char got[256];
    for (size_t k = 0; k < n || (int)k < c->nwant; k++) {
        if (k < n)
            describe(&a, &a.dates.items[k], got, sizeof got);
        if ((int)k >= c->nwant) {
            fprintf(stderr, "%s:%d: unexpected mention: %s\n", file, c->line, got);
            bad = 1;
        } else if (k >= n) {
            fprintf(stderr, "%s:%d: missing mention: %s\n", file, c->line, c->want[k]);
            bad = 1;
        } else if (!meets(got, c->want[k])) {
            fprintf(stderr, "%s:%d: want  %s\n%*s  got   %s\n", file, c->line, c->want[k], (int)strlen(file) + 4, "", got);
            bad = 1;
        }
    }
    if (c->none && n)
        bad = 1;
    sr_annot_free(&a);
    return bad;
}

static void test_cases_file(void **state)
{
    (void)state;
    char path[1024];
    FILE *fp = test_case_open("dates.test", path, sizeof path);
    char line[4096];
    int lineno = 0, ncases = 0, nbad = 0;
    dcase *c = calloc(1, sizeof *c);
    bool open_case = false;
    for (;;) {
        bool eof = !fgets(line, sizeof line, fp);
        if (!eof)
            lineno++;
        char *s = eof ? (char *)"" : trim(line);
        if (!*s) {
            if (open_case) {
                ncases++;
                nbad += run_case(c, path);
                open_case = false;
            }
            if (eof)
                break;
            continue;
        }
        if (*s == '#')
            continue;
        if (!open_case) {
            memset(c, 0, sizeof *c);
            c->line = lineno;
            char *bar = strstr(s, " | ");
            if (!bar) {
                fprintf(stderr, "%s:%d: a case starts with 'PUBLISHED | TEXT'\n", path, lineno);
                nbad++;
                continue;
            }
            *bar = '\0';
            char *pub = trim(s);
            c->published = strcmp(pub, "-") ? day(pub) : INT64_MIN;
            if (strcmp(pub, "-") && c->published == INT64_MIN) {
                fprintf(stderr, "%s:%d: bad publication date '%s'\n", path, lineno, pub);
                nbad++;
            }
            snprintf(c->text, sizeof c->text, "%s", bar + 3);
            unescape(c->text);
            open_case = true;
            continue;
        }
        if (!strcmp(s, "(none)")) {
            c->none = true;
            continue;
        }
        if (c->nwant < 32)
            snprintf(c->want[c->nwant++], sizeof c->want[0], "%s", s);
    }
    free(c);
    test_cases_done(fp, "dates.test", ncases, nbad);
}

/* ---- the functions of dates.h ---- */

static void test_read_absolute(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        sr_dmy_order order;
        const char *want; /* NULL: no date */
        size_t ntok;
    } cases[] = {
        {"December 16, 2016 was", SR_ORDER_UNKNOWN, "2016-12-16", 4},
        {"Wed 05 Apr 2017 Syria", SR_ORDER_UNKNOWN, "2017-04-05", 4},
        {"Saturday 21 Jun 2014", SR_ORDER_UNKNOWN, "2014-06-21", 4},
        {"10-07-2016 Car bomb", SR_ORDER_UNKNOWN, "2016-07-10", 0},
        {"10-07-2016 Car bomb", SR_ORDER_DMY, "2016-07-10", 0},
        {"10-07-2016 Car bomb", SR_ORDER_MDY, "2016-10-07", 0},
        {"25-04-2016 Car bomb", SR_ORDER_MDY, "2016-04-25", 0}, /* the digits leave no choice */
        {"21.02.2015 At least", SR_ORDER_UNKNOWN, "2015-02-21", 1},
        {"2016-12-16 report", SR_ORDER_UNKNOWN, "2016-12-16", 0},
        {"Apr 232017 An attack", SR_ORDER_UNKNOWN, "2017-04-23", 2},
        {"Aug. 1 2016 Rescuers", SR_ORDER_UNKNOWN, "2016-08-01", 0},
        {"December 16 the army", SR_ORDER_UNKNOWN, NULL, 0},   /* no year */
        {"August 2013 attack", SR_ORDER_UNKNOWN, NULL, 0},     /* a month */
        {"Monday the army", SR_ORDER_UNKNOWN, NULL, 0},
        {"31-02-2016 nothing", SR_ORDER_UNKNOWN, NULL, 0},     /* no such day */
        {"5,000 people", SR_ORDER_UNKNOWN, NULL, 0},
    };
    for (size_t k = 0; k < SR_ARRAY_LEN(cases); k++) {
        sr_annot a = {0};
        sr_annot_reset(&a, cases[k].text, strlen(cases[k].text));
        assert_int_equal(sr_segment(test_lexicon, &a), SITREP_OK);
        int64_t d = INT64_MIN;
        size_t n = sr_date_read_absolute(test_lexicon, &a, 0, cases[k].order, &d);
        if (!cases[k].want) {
            if (n)
                fprintf(stderr, "'%s': read a date, want none\n", cases[k].text);
            assert_int_equal(n, 0);
        } else {
            char buf[11] = "";
            if (n)
                sr_format_days(buf, d);
            if (!n || strcmp(buf, cases[k].want))
                fprintf(stderr, "'%s': got %s want %s\n", cases[k].text, n ? buf : "none", cases[k].want);
            assert_true(n > 0);
            assert_string_equal(buf, cases[k].want);
            if (cases[k].ntok)
                assert_int_equal(n, cases[k].ntok);
        }
        sr_annot_free(&a);
    }
}

static void test_is_prep(void **state)
{
    (void)state;
    const char *text = "Posted on the day by a man at noon";
    sr_annot a = {0};
    sr_annot_reset(&a, text, strlen(text));
    assert_int_equal(sr_segment(test_lexicon, &a), SITREP_OK);
    bool want[] = {false, true, true, false, true, true, false, false, false};
    assert_int_equal(a.toks.len, SR_ARRAY_LEN(want));
    for (size_t i = 0; i < a.toks.len; i++)
        assert_int_equal(sr_date_is_prep(&a, i), want[i]);
    sr_annot_free(&a);
}

/* Boilerplate is skipped: a date inside a boilerplate span is no mention. */
static void test_boilerplate_skipped(void **state)
{
    (void)state;
    const char *text = "Updated 12 December 2016\nThe army shelled the town on Monday.";
    sitrep_span b = {0, 24};
    sr_annot a = {0};
    annotate(&a, text, day("2016-12-13"), &b);
    assert_int_equal(a.dates.len, 1);
    assert_memory_equal(text + a.dates.items[0].start, "Monday", 6);
    sr_annot_free(&a);
}

/* Around a leap day and a year's turn. */
static void test_calendar_edges(void **state)
{
    (void)state;
    sr_annot a = {0};
    annotate(&a, "He died on February 29 and was buried last week.", day("2017-01-03"), NULL);
    assert_int_equal(a.dates.len, 2);
    char f[11], t[11];
    sr_format_days(f, a.dates.items[0].u.date.from);
    assert_string_equal(f, "2016-02-29"); /* 2017 has none */
    sr_format_days(f, a.dates.items[1].u.date.from);
    sr_format_days(t, a.dates.items[1].u.date.to);
    assert_string_equal(f, "2016-12-26");
    assert_string_equal(t, "2017-01-01");
    sr_annot_free(&a);
    a = (sr_annot){0};

    annotate(&a, "Aid came last month.", day("2017-01-10"), NULL);
    assert_int_equal(a.dates.len, 1);
    sr_format_days(f, a.dates.items[0].u.date.from);
    sr_format_days(t, a.dates.items[0].u.date.to);
    assert_string_equal(f, "2016-12-01");
    assert_string_equal(t, "2016-12-31");
    sr_annot_free(&a);
}

/* Pathological input finishes in linear work: 100,000 numbers and month
 * names in a row give no runaway (a bound on mentions, not on seconds). */
static void test_pathological(void **state)
{
    (void)state;
    sr_buf b = {0};
    for (int k = 0; k < 20000; k++)
        assert_int_equal(sr_buf_puts(&b, "12 May 2016, 1-2-3 on Monday. "), SITREP_OK);
    sr_annot a = {0};
    annotate(&a, b.data, day("2016-12-13"), NULL);
    /* "12 May 2016" and "Monday" each time */
    assert_int_equal(a.dates.len, 40000);
    sr_annot_free(&a);
    sr_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_file),
        cmocka_unit_test(test_read_absolute),
        cmocka_unit_test(test_is_prep),
        cmocka_unit_test(test_boilerplate_skipped),
        cmocka_unit_test(test_calendar_edges),
        cmocka_unit_test(test_pathological),
    };
    return cmocka_run_group_tests(tests, test_lexicon_setup, test_lexicon_teardown);
}
