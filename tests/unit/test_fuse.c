/* test_fuse.c - fusion on real database files: the seed incidents
 * (Saydnaya told by two articles fuses with the conflict shown; the Aleppo
 * reports stay apart from it), places within a few km (a spot and its town
 * a little further, at any latitude), dates a day apart, long periods,
 * war-wide totals, reports of one article, and incremental fusion giving
 * the same incidents as fusing anew. */
#include "storetest.h"

#define SEEDS "tests/golden/store/seeds.jsonl"

/* The fused incident whose claims include document ext id doc, or fails. */
static const sitrep_fused_incident *find_with(sitrep_incident_iter *it, const char *doc)
{
    const sitrep_fused_incident *f;
    while (sitrep_incident_next(it, &f) == SITREP_OK)
        for (size_t i = 0; i < f->nclaims; i++)
            if (f->claims[i].doc_id && !strcmp(f->claims[i].doc_id, doc))
                return f;
    return NULL;
}

static void test_seed_fusion(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    assert_int_equal(st_ingest_file(s, SEEDS), 5);
    sitrep_fuse_stats fs;
    assert_int_equal(sitrep_store_fuse(s, 0, &fs), SITREP_OK);
    assert_int_equal(fs.reports, 5);
    assert_int_equal(fs.joined, 1);

    sitrep_incident_iter *it = NULL;
    sitrep_incident_filter flt = {0};
    assert_int_equal(sitrep_store_incidents(s, &flt, &it), SITREP_OK);
    const sitrep_fused_incident *f = find_with(it, "seed-002");
    assert_non_null(f);
    assert_int_equal(f->nclaims, 2);
    assert_int_equal(f->nsources, 2);
    assert_true(f->conflicting);
    assert_string_equal(f->place, "Saydnaya");
    bool has002 = false, has004 = false;
    for (size_t i = 0; i < f->nclaims; i++) {
        has002 |= !strcmp(f->claims[i].doc_id, "seed-002");
        has004 |= !strcmp(f->claims[i].doc_id, "seed-004");
        assert_int_equal(f->claims[i].ncounts, 1); /* each source's claim kept */
        assert_non_null(strstr(f->claims[i].count_words[0], "5,000"));
    }
    assert_true(has002 && has004);
    assert_int_equal(f->ncounts, 1);
    assert_int_equal(f->counts[0].outcome, SITREP_OUTCOME_KILLED);
    assert_int_equal(f->counts[0].low, 5000);
    assert_int_equal(f->counts[0].high, 13000);
    assert_int_equal(f->counts[0].nclaims, 2);
    assert_true(f->counts[0].conflict);
    assert_int_equal(f->killed_low, 5000);
    assert_int_equal(f->killed_high, 13000);
    sitrep_incident_iter_free(it);

    /* the Aleppo reports: none fused with Saydnaya, each alone */
    const char *aleppo[] = {"seed-000", "seed-001", "seed-003"};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(sitrep_store_incidents(s, &flt, &it), SITREP_OK);
        f = find_with(it, aleppo[k]);
        assert_non_null(f);
        assert_int_equal(f->nclaims, 1);
        assert_string_equal(f->place, "Aleppo");
        assert_false(f->conflicting);
        sitrep_incident_iter_free(it);
    }
    /* filters */
    flt.conflicting = 1;
    assert_int_equal(sitrep_store_incidents(s, &flt, &it), SITREP_OK);
    int n = 0;
    while (sitrep_incident_next(it, &f) == SITREP_OK)
        n++;
    assert_int_equal(n, 1);
    sitrep_incident_iter_free(it);
    sitrep_incident_filter byplace = {.place = "aleppo", .from = "2016-12-01", .to = "2016-12-31"};
    assert_int_equal(sitrep_store_incidents(s, &byplace, &it), SITREP_OK);
    n = 0;
    while (sitrep_incident_next(it, &f) == SITREP_OK)
        n++;
    assert_int_equal(n, 3); /* 000, 001, and 003 (undated: the week before 27 December) */
    sitrep_incident_iter_free(it);
    sitrep_incident_filter bycause = {.cause = "execution"};
    assert_int_equal(sitrep_store_incidents(s, &bycause, &it), SITREP_OK);
    n = 0;
    while (sitrep_incident_next(it, &f) == SITREP_OK)
        n++;
    assert_int_equal(n, 1);
    sitrep_incident_iter_free(it);
    sitrep_incident_filter byactor = {.actor = "SYRIAN gov"};
    assert_int_equal(sitrep_store_incidents(s, &byactor, &it), SITREP_OK);
    n = 0;
    while (sitrep_incident_next(it, &f) == SITREP_OK)
        n++;
    assert_int_equal(n, 1);
    sitrep_incident_iter_free(it);
    sitrep_store_close(s);
}

static int count_fused(const char *path) { return (int)st_sql_int(path, "SELECT count(*) FROM fused"); }

#define ALEPPO "Aleppo", 36.2012, 37.1612, 170063, "Aleppo"

static void test_rules(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    /* a day apart, same town: fuse; figures agree */
    st_inc a = {"killed", "civilians", 10, -1, "exact", ALEPPO, "2016-12-12", NULL, "day", "airstrike", NULL};
    st_inc b = {"killed", "civilians", 10, -1, "exact", ALEPPO, "2016-12-13", NULL, "day", "shelling", NULL};
    st_ingest(s, st_record("a", "x", "2016-12-13", "Ten civilians were killed.", &a, 1), 1);
    st_ingest(s, st_record("b", "y", "2016-12-14", "Ten civilians died in the raid.", &b, 1), 1);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    assert_int_equal(count_fused(path), 1);
    assert_int_equal(st_sql_int(path, "SELECT conflicting FROM fused"), 0);
    /* three days later: apart */
    st_inc c = a;
    c.date_from = "2016-12-16";
    st_ingest(s, st_record("c", "z", "2016-12-16", "Ten civilians were killed again.", &c, 1), 1);
    /* a neighbourhood 3 km away, under another name: fuses */
    st_inc d = {"killed", "civilians", 12, -1, "exact", "Bustan al-Qasr", 36.19, 37.13, 0, "Aleppo", "2016-12-12",
                NULL, "day", NULL, NULL};
    st_ingest(s, st_record("d", "w", "2016-12-13", "Twelve civilians were killed in Bustan al-Qasr.", &d, 1), 1);
    /* a town 40 km away: apart */
    st_inc e = {"killed", "civilians", 10, -1, "exact", "Azaz", 36.586, 37.048, 170017, "Aleppo", "2016-12-12",
                NULL, "day", NULL, NULL};
    st_ingest(s, st_record("e", "v", "2016-12-13", "Ten civilians were killed in Azaz.", &e, 1), 1);
    /* an incompatible cause (chemical vs airstrike): apart */
    st_inc f = a;
    f.cause = "chemical";
    st_ingest(s, st_record("f", "u", "2016-12-13", "Ten civilians choked to death.", &f, 1), 1);
    /* displaced, not killed: apart */
    st_inc g = {"displaced", "civilians", 3000, -1, "about", ALEPPO, "2016-12-12", NULL, "day", NULL, NULL};
    st_ingest(s, st_record("g", "t", "2016-12-13", "About 3,000 civilians fled.", &g, 1), 1);
    /* two war-wide totals at the same place and dates: never fused */
    st_inc w = {"killed", "people", 320000, -1, "at_least", ALEPPO, "2011-03-15", "2017-03-15", "year", NULL, "war"};
    st_ingest(s, st_record("w1", "s", "2017-03-15", "The war has killed 320,000.", &w, 1), 1);
    st_ingest(s, st_record("w2", "r", "2017-03-16", "The war has killed more than 320,000.", &w, 1), 1);
    /* two reports of one article: kept apart even when alike */
    st_inc two[2] = {a, a};
    two[1].min = 11;
    st_ingest(s, st_record("h", "q", "2016-12-13", "Ten civilians, then eleven, were killed.", two, 2), 1);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    sitrep_store_close(s);
    /* a+b+d together (d's 12 conflicts with 10), h's two reports: one joins
     * a's incident, the other stands alone; c, e, f, g, w1, w2 alone */
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM incidents WHERE fused_id = "
                                      "(SELECT fused_id FROM incidents i JOIN documents d ON d.id = i.document_id "
                                      "WHERE d.ext_id = 'a')"),
                     4);
    assert_int_equal(st_sql_int(path, "SELECT conflicting FROM fused WHERE id = "
                                      "(SELECT fused_id FROM incidents i JOIN documents d ON d.id = i.document_id "
                                      "WHERE d.ext_id = 'a')"),
                     1);
    assert_int_equal(count_fused(path), 8);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM fused WHERE scope = 'war'"), 2);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM incidents WHERE fused_id IS NULL"), 0);
}

/* The fused incident of the report of document ext id doc. */
static long long fused_of(const char *path, const char *doc)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT i.fused_id FROM incidents i JOIN documents d ON d.id = i.document_id WHERE d.ext_id = '%s'", doc);
    return st_sql_int(path, sql);
}

/* Places: a spot (a prison) and the town it is near fuse within 8 km, two
 * towns only within 5 km; at 50 degrees of latitude a column of the grid is
 * 7 km wide, and a spot two columns away from its town is still found. */
static void test_spots_and_towns(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    st_inc town = {"killed", "people", 5000, 11000, "range", "Saydnaya", 33.69473, 36.37146, 164717, "Rif-dimashq",
                   "2017-02-01", "2017-02-28", "month", "execution", NULL, NULL};
    st_inc prison = town;
    prison.place = "Saydnaya Prison";
    prison.lat = 33.66;
    prison.lon = 36.33;
    prison.geonames_id = 0;
    prison.max = 13000;
    prison.place_precision = "point";
    st_inc other_town = prison; /* a town where the prison is: 5.4 km from Saydnaya */
    other_town.place = "Elsewhere";
    other_town.place_precision = NULL;
    st_ingest(s, st_record("town", "x", "2017-05-15", "Between 5,000 and 11,000 died.", &town, 1), 1);
    st_ingest(s, st_record("prison", "y", "2017-05-16", "Between 5,000 and 13,000 were hanged.", &prison, 1), 1);
    st_ingest(s, st_record("other", "z", "2017-05-16", "Between 5,000 and 13,000 were killed.", &other_town, 1), 1);
    /* at 50 degrees north: a town at the east end of a column, a spot 7.5 km
     * east, two columns on */
    st_inc north = {"killed", "civilians", 4, -1, "exact", "Northtown", 50.0, 36.1999, 0, "", "2022-03-01", NULL,
                    "day", "shelling", NULL, NULL};
    st_inc spot = north;
    spot.place = "Northspot";
    spot.lon = 36.3047;
    spot.place_precision = "point";
    st_ingest(s, st_record("north", "x", "2022-03-02", "Four civilians were killed.", &north, 1), 1);
    st_ingest(s, st_record("spot", "y", "2022-03-02", "Four civilians died.", &spot, 1), 1);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    sitrep_store_close(s);
    assert_int_equal(fused_of(path, "town"), fused_of(path, "prison"));
    assert_true(fused_of(path, "other") != fused_of(path, "town"));
    assert_int_equal(st_sql_int(path, "SELECT conflicting FROM fused WHERE nreports = 2 AND killed_high = 13000"), 1);
    assert_int_equal(fused_of(path, "north"), fused_of(path, "spot"));
    assert_int_equal(count_fused(path), 3);
}

/* Long periods: a fused incident of three months is found by a report of
 * its last weeks (it starts 70 days before: the index of long incidents),
 * and a report of the month after it is not; a month-long incident found
 * by its first day. Fusing anew gives the same. */
static void test_long_periods(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    st_inc q1 = {"killed", "people", 300, -1, "at_least", ALEPPO, "2016-01-01", "2016-03-31", "month", "siege", NULL};
    st_inc late = q1;
    late.date_from = "2016-03-12";
    late.date_to = "2016-03-31";
    late.precision = "day";
    st_inc after = late;
    after.date_from = "2016-04-10";
    after.date_to = "2016-04-30";
    st_inc month = {"killed", "people", 40, -1, "exact", ALEPPO, "2016-06-01", "2016-06-30", "month", "airstrike",
                    NULL};
    st_inc day = month;
    day.date_from = day.date_to = "2016-06-29";
    day.precision = "day";
    st_ingest(s, st_record("q1", "x", "2016-04-02", "At least 300 died under siege.", &q1, 1), 1);
    st_ingest(s, st_record("late", "y", "2016-04-02", "At least 300 people died in March.", &late, 1), 1);
    st_ingest(s, st_record("after", "z", "2016-05-02", "At least 300 died in April.", &after, 1), 1);
    st_ingest(s, st_record("month", "x", "2016-07-01", "Forty were killed in June.", &month, 1), 1);
    st_ingest(s, st_record("day", "y", "2016-06-30", "Forty were killed yesterday.", &day, 1), 1);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    assert_int_equal(fused_of(path, "q1"), fused_of(path, "late"));
    assert_true(fused_of(path, "after") != fused_of(path, "q1"));
    assert_int_equal(fused_of(path, "month"), fused_of(path, "day"));
    assert_int_equal(count_fused(path), 3);
    sitrep_fuse_stats fs;
    assert_int_equal(sitrep_store_fuse(s, 1, &fs), SITREP_OK);
    assert_int_equal(fs.reports, 5);
    assert_int_equal(fs.created, 3);
    sitrep_store_close(s);
    assert_int_equal(fused_of(path, "q1"), fused_of(path, "late"));
}

/* A running total ("since 15 November, 750 killed": a stretch of days told
 * from its first day) sums the events of those days and is none of them: a
 * day's event inside it stays apart; and days a week apart do not chain
 * into one incident through a report of a longer period. */
static void test_running_totals(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    st_inc since = {"killed", "people", 750, -1, "at_least", ALEPPO, "2016-11-15", "2016-12-03", "day", "airstrike",
                    NULL};
    st_inc day1 = {"killed", "people", 10, 10, "exact", ALEPPO, "2016-11-20", "2016-11-20", "day", "airstrike", NULL};
    st_inc day2 = day1;
    day2.date_from = day2.date_to = "2016-11-27";
    st_inc week = day1;
    week.date_from = "2016-11-19";
    week.date_to = "2016-11-25";
    week.precision = "week";
    st_ingest(s, st_record("since", "x", "2016-12-03", "Since 15 November at least 750 were killed.", &since, 1), 1);
    st_ingest(s, st_record("day1", "y", "2016-11-21", "Ten were killed yesterday.", &day1, 1), 1);
    st_ingest(s, st_record("week", "z", "2016-11-26", "Ten were killed last week.", &week, 1), 1);
    st_ingest(s, st_record("day2", "w", "2016-11-28", "Ten more died on Sunday.", &day2, 1), 1);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    sitrep_store_close(s);
    assert_true(fused_of(path, "since") != fused_of(path, "day1"));
    assert_int_equal(fused_of(path, "day1"), fused_of(path, "week"));
    assert_true(fused_of(path, "day2") != fused_of(path, "day1"));
    assert_int_equal(count_fused(path), 3);
}

/* Membership as text: for each report (in id order), the smallest report id
 * of its fused incident. */
static char *membership(const char *path)
{
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db,
                       "SELECT group_concat(m, ',') FROM (SELECT (SELECT min(j.id) FROM incidents j "
                       "WHERE j.fused_id = i.fused_id) AS m FROM incidents i ORDER BY i.id)",
                       -1, &q, NULL);
    char *out = NULL;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        out = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

static void test_incremental_equals_rebuild(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    /* arrivals in three rounds, fused after each */
    char id[32], text[96];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 40; i++) {
            int k = round * 40 + i;
            st_inc in = {"killed", "civilians", 5 + (k % 3), -1, "exact", "Aleppo", 36.2 + (k % 4) * 0.01,
                         37.16, 0, "Aleppo", NULL, NULL, "day", k % 5 ? "airstrike" : "execution", NULL};
            char date[11];
            snprintf(date, sizeof date, "2016-12-%02d", 1 + (k % 9));
            in.date_from = date;
            snprintf(id, sizeof id, "r%d", k);
            snprintf(text, sizeof text, "Report %d: civilians were killed.", k);
            st_ingest(s, st_record(id, "x", "2016-12-20", text, &in, 1), 1);
        }
        assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    }
    sitrep_store_close(s);
    char *inc = membership(path);
    long long nf = st_sql_int(path, "SELECT count(*) FROM fused");
    long long claims = st_sql_int(path, "SELECT sum(nclaims) FROM fused_counts");
    s = st_open(path);
    sitrep_fuse_stats fs;
    assert_int_equal(sitrep_store_fuse(s, 1, &fs), SITREP_OK);
    assert_int_equal(fs.reports, 120);
    sitrep_store_close(s);
    char *reb = membership(path);
    assert_non_null(inc);
    assert_string_equal(inc, reb);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM fused"), nf);
    assert_int_equal(st_sql_int(path, "SELECT sum(nclaims) FROM fused_counts"), claims);
    assert_int_equal(claims, 120); /* every claim counted once: none lost */
    assert_true(nf < 120);         /* and some fused */
    free(inc);
    free(reb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_fusion),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_spots_and_towns),
        cmocka_unit_test(test_long_periods),
        cmocka_unit_test(test_running_totals),
        cmocka_unit_test(test_incremental_equals_rebuild),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
