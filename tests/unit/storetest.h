/* storetest.h - helpers of the store, fusion and check unit tests: a fresh
 * database in a temporary directory, and records made from short JSON. */
#ifndef SITREP_STORETEST_H
#define SITREP_STORETEST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"

/* A new temporary directory's database path (static buffer). */
static inline const char *st_tmpdb(void)
{
    static char path[256];
    char dir[] = "/tmp/sitrep-test-XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    snprintf(path, sizeof path, "%s/test.db", dir);
    return path;
}

static inline sitrep_store *st_open(const char *path)
{
    sitrep_store *s = NULL;
    char err[512];
    sitrep_status st = sitrep_store_open(path, 0, &s, err, sizeof err);
    if (st != SITREP_OK)
        fprintf(stderr, "open: %s\n", err);
    assert_int_equal(st, SITREP_OK);
    return s;
}

/* One query's first column as an integer, on a separate connection. */
static inline long long st_sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    long long v = -1;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* Tests list an st_inc's fields in order and may leave the last ones out
 * (NULL). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* A record of one incident, from a few fields. text holds `words`, the
 * evidence of the count. date_to may be NULL; place NULL: no place. */
typedef struct st_inc {
    const char *outcome, *group;
    long long min, max; /* -1: null */
    const char *qualifier;
    const char *place;
    double lat, lon;
    long long geonames_id;
    const char *admin1;
    const char *date_from, *date_to, *precision;
    const char *cause;  /* NULL: none */
    const char *scope;  /* NULL: event */
    const char *place_precision; /* NULL: town */
} st_inc;

static inline sitrep_record *st_record(const char *id, const char *source, const char *published, const char *text,
                                       const st_inc *incs, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    size_t tl = strlen(text);
    fprintf(m, "{\"doc\":{\"id\":\"%s\",\"source\":\"%s\",\"published\":%s%s%s,\"text\":\"%s\"},\"incidents\":[",
            id, source, published ? "\"" : "", published ? published : "null", published ? "\"" : "", text);
    for (size_t i = 0; i < n; i++) {
        const st_inc *c = &incs[i];
        fprintf(m, "%s{\"counts\":[", i ? "," : "");
        if (c->outcome) {
            fprintf(m, "{\"outcome\":\"%s\",\"group\":\"%s\",\"min\":", c->outcome, c->group);
            if (c->min >= 0) fprintf(m, "%lld", c->min); else fputs("null", m);
            fputs(",\"max\":", m);
            if (c->max >= 0) fprintf(m, "%lld", c->max); else fputs("null", m);
            fprintf(m, ",\"qualifier\":\"%s\",\"evidence\":{\"start\":0,\"end\":%zu}}", c->qualifier ? c->qualifier : "exact", tl);
        }
        fputs("],\"date\":", m);
        if (c->date_from)
            fprintf(m, "{\"from\":\"%s\",\"to\":\"%s\",\"precision\":\"%s\",\"evidence\":{\"start\":0,\"end\":1}}",
                    c->date_from, c->date_to ? c->date_to : c->date_from, c->precision ? c->precision : "day");
        else
            fputs("null", m);
        fputs(",\"place\":", m);
        if (c->place)
            fprintf(m, "{\"name\":\"%s\",\"admin1\":\"%s\",\"country\":\"SY\",\"lat\":%f,\"lon\":%f,\"geonames_id\":%lld,"
                       "\"precision\":\"%s\",\"evidence\":{\"start\":0,\"end\":1}}",
                    c->place, c->admin1 ? c->admin1 : "", c->lat, c->lon, c->geonames_id,
                    c->place_precision ? c->place_precision : "town");
        else
            fputs("null", m);
        fputs(",\"perpetrator\":null,\"cause\":", m);
        if (c->cause)
            fprintf(m, "{\"category\":\"%s\",\"evidence\":{\"start\":0,\"end\":1}}", c->cause);
        else
            fputs("null", m);
        fprintf(m, ",\"claimed_by\":null,\"certainty\":\"reported\",\"scope\":\"%s\",\"sentences\":[]}",
                c->scope ? c->scope : "event");
    }
    fputs("],\"summary\":null,\"warnings\":[]}", m);
    fclose(m);
    sitrep_record *rec = NULL;
    char err[512];
    sitrep_status st = sitrep_record_parse(buf, len, &rec, err, sizeof err);
    if (st != SITREP_OK)
        fprintf(stderr, "record: %s\n%s\n", err, buf);
    assert_int_equal(st, SITREP_OK);
    free(buf);
    return rec;
}

static inline void st_ingest(sitrep_store *s, sitrep_record *rec, int want_added)
{
    int added = -1;
    sitrep_status st = sitrep_store_ingest(s, rec, &added);
    if (st != SITREP_OK)
        fprintf(stderr, "ingest: %s\n", sitrep_store_errmsg(s));
    assert_int_equal(st, SITREP_OK);
    assert_int_equal(added, want_added);
    sitrep_record_free(rec);
}

/* Ingests every record of a JSON Lines file; returns how many were added. */
static inline int st_ingest_file(sitrep_store *s, const char *path)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int added_total = 0;
    while ((n = getline(&line, &cap, fp)) > 0) {
        sitrep_record *rec = NULL;
        char err[512];
        sitrep_status st = sitrep_record_parse(line, (size_t)n, &rec, err, sizeof err);
        if (st != SITREP_OK)
            fprintf(stderr, "%s: %s\n", path, err);
        assert_int_equal(st, SITREP_OK);
        int added = 0;
        assert_int_equal(sitrep_store_ingest(s, rec, &added), SITREP_OK);
        added_total += added;
        sitrep_record_free(rec);
    }
    free(line);
    fclose(fp);
    return added_total;
}

/* Sets the date and place of an incident of the tests' story: Monday 19
 * February 2018 in Douma, the words "Monday" and "Douma" at the offsets
 * given. */
static inline void st_douma_monday(sitrep_incident *in, uint32_t monday, uint32_t douma)
{
    in->date.present = 1;
    memcpy(in->date.from, "2018-02-19", 11);
    memcpy(in->date.to, "2018-02-19", 11);
    in->date.precision = SITREP_PREC_DAY;
    in->date.evidence = (sitrep_evidence){monday, monday + 6, "date.weekday_past"};
    in->place.present = 1;
    in->place.name = "Douma";
    in->place.admin1 = "Rif Dimashq";
    memcpy(in->place.country, "SY", 3);
    in->place.lat = 33.5722;
    in->place.lon = 36.4019;
    in->place.geonames_id = 170592;
    in->place.precision = SITREP_PLACE_TOWN;
    in->place.evidence = (sitrep_evidence){douma, douma + 5, "place.in"};
}

#endif
