/* test_check.c - reference records and the check of claims against them:
 * governorate keys, imports of the three formats (samples written for these
 * tests), claim results and article verdicts. */
#include "storetest.h"

#include "check.h"

#define DIR "tests/golden/store/"

static void test_admin1_keys(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Rif-dimashq", "rif dimashq"},   {"Damascus Suburbs", "rif dimashq"},
        {"Rural Damascus", "rif dimashq"}, {"Damascus Governorate", "damascus"},
        {"Deir ez-Zor", "deir ez zor"},   {"Deir Ezzor", "deir ez zor"},
        {"Al-Hasakah", "hasakah"},        {"Hasakeh", "hasakah"},
        {"Aleppo Governorate", "aleppo"}, {"Idlib governorate", "idlib"},
        {"Lattakia", "latakia"},          {"As-Suwayda", "suwayda"},
        {"Far North", "far north"},       {"", ""},
    };
    char key[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sr_admin1_key(cases[i][0], "", key, sizeof key);
        assert_string_equal(key, cases[i][1]);
    }
}

static void import_ok(sitrep_store *s, const char *file, sitrep_reference_format fmt, size_t want, size_t want_skipped)
{
    size_t n = 0, skipped = 0;
    sitrep_status st = sitrep_reference_import(s, file, fmt, NULL, &n, &skipped);
    if (st != SITREP_OK)
        fprintf(stderr, "import: %s\n", sitrep_store_errmsg(s));
    assert_int_equal(st, SITREP_OK);
    assert_int_equal(n, want);
    assert_int_equal(skipped, want_skipped);
}

static void test_import(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    import_ok(s, DIR "vdc_sample.csv", SITREP_REF_VDC_DAILY, 5, 2);
    assert_non_null(strstr(sitrep_store_errmsg(s), "vdc_sample.csv:7"));
    import_ok(s, DIR "ucdp_sample.csv", SITREP_REF_UCDP_GED, 2, 0);
    import_ok(s, DIR "wad_sample.csv", SITREP_REF_WAD, 2, 0);
    /* again: the set is replaced, not doubled */
    import_ok(s, DIR "vdc_sample.csv", SITREP_REF_VDC_DAILY, 5, 2);
    /* the wrong format for a file: its columns are missing */
    size_t n;
    assert_int_equal(sitrep_reference_import(s, DIR "wad_sample.csv", SITREP_REF_UCDP_GED, "x", &n, NULL), SITREP_EINPUT);
    assert_int_equal(sitrep_reference_import(s, DIR "missing.csv", SITREP_REF_WAD, NULL, &n, NULL), SITREP_EIO);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM reference_records"), 9);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM reference_sets"), 3);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM reference_records WHERE admin1_key = 'rif dimashq'"), 1);
    assert_int_equal(st_sql_int(path, "SELECT deaths FROM reference_records WHERE ext_id = '900001'"), 74);
    assert_int_equal(st_sql_int(path, "SELECT total FROM reference_records WHERE ext_id = '900001'"), 74);
    assert_int_equal(st_sql_int(path, "SELECT day_to - day_from FROM reference_records WHERE ext_id = '900002'"), 1);
}

#define ALEPPO "Aleppo", 36.2012, 37.1612, 170063, "Aleppo"

static const sitrep_article_check *next_check(sitrep_check_iter *it)
{
    const sitrep_article_check *a = NULL;
    assert_int_equal(sitrep_check_next(it, &a), SITREP_OK);
    return a;
}

static void test_check(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    import_ok(s, DIR "vdc_sample.csv", SITREP_REF_VDC_DAILY, 5, 2);
    import_ok(s, DIR "ucdp_sample.csv", SITREP_REF_UCDP_GED, 2, 0);
    /* 1: 82 civilians in Aleppo on 12 December; documented that day: 95 */
    st_inc a = {"killed", "civilians", 82, -1, "at_least", ALEPPO, "2016-12-12", NULL, "day", "shooting", NULL};
    st_ingest(s, st_record("ok", "x", "2016-12-13", "At least 82 civilians were shot.", &a, 1), 1);
    /* 2: 500 killed there: over-reported */
    st_inc b = a;
    b.min = 500;
    b.group = "people";
    st_ingest(s, st_record("over", "y", "2016-12-13", "500 people were killed.", &b, 1), 1);
    /* 3: Hama, no record those days (the set covers them) */
    st_inc c = {"killed", "civilians", 9, -1, "exact", "Hama", 35.13, 36.75, 170016, "Hama", "2016-12-12",
                NULL, "day", NULL, NULL};
    st_ingest(s, st_record("none", "z", "2016-12-13", "Nine civilians died in Hama.", &c, 1), 1);
    /* 4: Khan Shaykhun, 20 civilians where the event documents 74: under */
    st_inc d = {"killed", "civilians", 20, -1, "exact", "Khan Shaykhun", 35.44, 36.65, 169389, "Idlib",
                "2017-04-04", NULL, "day", "chemical", NULL};
    st_ingest(s, st_record("under", "w", "2017-04-05", "Twenty civilians died.", &d, 1), 1);
    /* 5: Douma (the Damascus countryside) with no date given: the day
     * before publication and that day; 8 against the 7 documented, within
     * the tolerance */
    st_inc e = {"killed", "people", 8, -1, "exact", "Douma", 33.57, 36.40, 170654, "Rif-dimashq", NULL, NULL,
                NULL, "shelling", NULL};
    st_ingest(s, st_record("undated", "v", "2016-12-13", "Eight people were killed.", &e, 1), 1);
    /* 6: no figure: unverified */
    st_inc f = {NULL, NULL, -1, -1, NULL, ALEPPO, "2016-12-12", NULL, "day", NULL, NULL};
    st_ingest(s, st_record("nofig", "u", "2016-12-13", "Shelling in Aleppo.", &f, 1), 1);
    /* 7: a year: too long to check */
    st_inc g = a;
    g.date_from = "2016-01-01";
    g.date_to = "2016-12-31";
    g.precision = "year";
    st_ingest(s, st_record("year", "t", "2017-01-02", "At least 82 civilians died that year.", &g, 1), 1);

    sitrep_check_iter *it = NULL;
    assert_int_equal(sitrep_store_check(s, NULL, &it), SITREP_OK);
    const sitrep_article_check *r = next_check(it);
    assert_string_equal(r->doc_id, "ok");
    assert_int_equal(r->verdict, SITREP_VERDICT_CREDIBLE);
    assert_int_equal(r->nclaims, 1);
    assert_int_equal(r->claims[0].result, SITREP_CHECK_CONSISTENT);
    assert_int_equal(r->claims[0].documented_low, 95);
    assert_string_equal(r->claims[0].governorate, "aleppo");

    r = next_check(it);
    assert_int_equal(r->verdict, SITREP_VERDICT_DOUBTFUL);
    assert_int_equal(r->claims[0].result, SITREP_CHECK_INCONSISTENT);
    assert_int_equal(r->claims[0].direction, 1);
    assert_int_equal(r->claims[0].difference, 500 - 95); /* 12 Dec: the largest of the shifted windows */
    assert_non_null(strstr(r->reason, "over-reported"));

    r = next_check(it);
    assert_int_equal(r->verdict, SITREP_VERDICT_UNVERIFIED);
    assert_int_equal(r->claims[0].result, SITREP_CHECK_NO_RECORD);

    r = next_check(it);
    assert_int_equal(r->verdict, SITREP_VERDICT_DOUBTFUL);
    assert_int_equal(r->claims[0].result, SITREP_CHECK_INCONSISTENT);
    assert_int_equal(r->claims[0].direction, -1);
    assert_int_equal(r->claims[0].documented_low, 74);
    assert_non_null(strstr(r->reason, "under-reported"));

    r = next_check(it);
    assert_string_equal(r->doc_id, "undated");
    assert_int_equal(r->claims[0].result, SITREP_CHECK_CONSISTENT);
    assert_string_equal(r->claims[0].date_from, "2016-12-12");
    assert_string_equal(r->claims[0].date_to, "2016-12-13");

    r = next_check(it);
    assert_int_equal(r->verdict, SITREP_VERDICT_UNVERIFIED);
    assert_int_equal(r->nclaims, 0);

    r = next_check(it);
    assert_int_equal(r->verdict, SITREP_VERDICT_UNVERIFIED);
    assert_int_equal(r->claims[0].result, SITREP_CHECK_UNCHECKABLE);

    const sitrep_article_check *end;
    assert_int_equal(sitrep_check_next(it, &end), SITREP_END);
    sitrep_check_iter_free(it);
    sitrep_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin1_keys),
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
