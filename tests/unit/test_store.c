/* test_store.c - the SQLite store on real database files: schema version,
 * idempotent ingest (by content, also under another id), batches, a
 * migration from schema version 1, full-text search, bad opens. */
#include "storetest.h"

#include "lexicon.h"
#include "store.h"

#define SEEDS "tests/golden/store/seeds.jsonl"

static void test_open_new(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    assert_int_equal(sitrep_store_schema_version(s), SITREP_STORE_SCHEMA_VERSION);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "PRAGMA user_version"), SITREP_STORE_SCHEMA_VERSION);
    /* WAL */
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void test_idempotent(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    assert_int_equal(st_ingest_file(s, SEEDS), 5);
    assert_int_equal(st_ingest_file(s, SEEDS), 0); /* again: nothing new */
    /* the same text under another id: stored once, the id kept */
    st_inc in = {"killed", "civilians", 82, -1, "at_least", "Aleppo", 36.2, 37.16, 170063, "Aleppo",
                 "2016-12-12", NULL, "day", "shooting", NULL};
    st_ingest(s, st_record("a", "x", "2016-12-13", "Eighty-two civilians were killed in Aleppo.", &in, 1), 1);
    st_ingest(s, st_record("b", "y", "2016-12-13", "Eighty-two civilians were killed in Aleppo.", &in, 1), 0);
    sitrep_store_counts c;
    assert_int_equal(sitrep_store_stats(s, &c), SITREP_OK);
    assert_int_equal(c.documents, 6);
    assert_int_equal(c.reports, 6);
    assert_int_equal(c.pending, 6); /* not fused until asked */
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM document_ids WHERE ext_id IN ('a','b')"), 2);
    assert_int_equal(st_sql_int(path, "SELECT count(DISTINCT document_id) FROM document_ids WHERE ext_id IN ('a','b')"), 1);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM documents_fts"), 6);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM counts"), 8);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM places"), 2);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM spans WHERE kind = 'count'"), 8);
}

static void test_batch_rollback(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    assert_int_equal(sitrep_store_begin(s), SITREP_OK);
    assert_int_equal(sitrep_store_begin(s), SITREP_EUSAGE);
    assert_int_equal(st_ingest_file(s, SEEDS), 5);
    assert_int_equal(sitrep_store_rollback(s), SITREP_OK);
    sitrep_store_counts c;
    sitrep_store_stats(s, &c);
    assert_int_equal(c.documents, 0);
    assert_int_equal(sitrep_store_begin(s), SITREP_OK);
    assert_int_equal(st_ingest_file(s, SEEDS), 5);
    assert_int_equal(sitrep_store_commit(s), SITREP_OK);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM documents"), 5);
}

/* A database of schema version 1 with data in it opens with the current
 * library: migrated to version 2, its data kept, and new reports fuse with
 * the old ones. */
static void test_migrate_v1(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = NULL;
    char err[512];
    assert_int_equal(sr_store_open_version(path, 0, 1, &s, err, sizeof err), SITREP_OK);
    assert_int_equal(sitrep_store_schema_version(s), 1);
    sitrep_store_close(s);
    /* fill it as version 1 wrote it */
    FILE *fp = fopen("tests/golden/store/v1_fixture.sql", "r");
    assert_non_null(fp);
    char sql[8192];
    size_t n = fread(sql, 1, sizeof sql - 1, fp);
    sql[n] = '\0';
    fclose(fp);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *e = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &e);
    if (rc != SQLITE_OK)
        fprintf(stderr, "fixture: %s\n", e);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(db);
    /* a reference table does not exist yet */
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'reference_records'"), 0);

    s = st_open(path);
    assert_int_equal(sitrep_store_schema_version(s), 2);
    sitrep_store_counts c;
    assert_int_equal(sitrep_store_stats(s, &c), SITREP_OK);
    assert_int_equal(c.documents, 1);
    assert_int_equal(c.reports, 1);
    /* the other Saydnaya report arrives; both fuse, with the conflict */
    FILE *sf = fopen(SEEDS, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t ln;
    while ((ln = getline(&line, &cap, sf)) > 0) {
        if (!strstr(line, "\"seed-004\""))
            continue;
        sitrep_record *rec = NULL;
        assert_int_equal(sitrep_record_parse(line, (size_t)ln, &rec, err, sizeof err), SITREP_OK);
        st_ingest(s, rec, 1);
    }
    free(line);
    fclose(sf);
    sitrep_fuse_stats fs;
    assert_int_equal(sitrep_store_fuse(s, 0, &fs), SITREP_OK);
    assert_int_equal(fs.reports, 2);
    assert_int_equal(fs.joined, 1);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "PRAGMA user_version"), 2);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM places WHERE admin1_key = 'rif dimashq'"), 1);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM fused"), 1);
    assert_int_equal(st_sql_int(path, "SELECT conflicting FROM fused"), 1);
    assert_int_equal(st_sql_int(path, "SELECT high FROM fused_counts"), 13000);
    /* opening again changes nothing */
    s = st_open(path);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "PRAGMA user_version"), 2);
}

static void test_newer_and_missing(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = NULL;
    char err[512];
    assert_int_equal(sitrep_store_open(path, SITREP_STORE_NOCREATE, &s, err, sizeof err), SITREP_ENOTFOUND);
    assert_null(s);
    s = st_open(path);
    sitrep_store_close(s);
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(sitrep_store_open(path, 0, &s, err, sizeof err), SITREP_EDB);
    assert_non_null(strstr(err, "newer"));
}

static void test_search(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    st_ingest_file(s, SEEDS);
    sitrep_search_iter *it = NULL;
    assert_int_equal(sitrep_store_search(s, "hanged", 0, &it), SITREP_OK);
    const sitrep_search_hit *h;
    int n = 0;
    while (sitrep_search_next(it, &h) == SITREP_OK) {
        n++;
        assert_true(h->nsentences >= 1);
        const sitrep_span *sp = &h->sentences[0];
        assert_true(sp->end <= h->text_len);
        assert_non_null(strstr(h->snippet, "[hanged]"));
        char sent[512];
        snprintf(sent, sizeof sent, "%.*s", (int)(sp->end - sp->start), h->text + sp->start);
        assert_non_null(strstr(sent, "hanged"));
    }
    assert_int_equal(n, 2);
    sitrep_search_iter_free(it);
    /* accents folded: "Şaydnāyā" finds Saydnaya */
    assert_int_equal(sitrep_store_search(s, "Şaydnāyā", 0, &it), SITREP_OK);
    n = 0;
    while (sitrep_search_next(it, &h) == SITREP_OK)
        n++;
    assert_int_equal(n, 1);
    sitrep_search_iter_free(it);
    /* a malformed query is a usage error, with a message */
    assert_int_equal(sitrep_store_search(s, "AND AND", 0, &it), SITREP_OK);
    assert_int_equal(sitrep_search_next(it, &h), SITREP_EUSAGE);
    assert_true(strlen(sitrep_store_errmsg(s)) > 0);
    sitrep_search_iter_free(it);
    sitrep_store_close(s);
}

static void test_record_roundtrip(void **state)
{
    (void)state;
    FILE *fp = fopen(SEEDS, "r");
    assert_non_null(fp);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, fp);
    fclose(fp);
    sitrep_record *rec = NULL;
    char err[512];
    assert_int_equal(sitrep_record_parse(line, (size_t)n, &rec, err, sizeof err), SITREP_OK);
    char *json = NULL;
    size_t len;
    assert_int_equal(sitrep_record_json(rec, SITREP_JSON_TEXT, &json, &len), SITREP_OK);
    sitrep_record *again = NULL;
    assert_int_equal(sitrep_record_parse(json, len, &again, err, sizeof err), SITREP_OK);
    char *json2 = NULL;
    size_t len2;
    assert_int_equal(sitrep_record_json(again, SITREP_JSON_TEXT, &json2, &len2), SITREP_OK);
    assert_string_equal(json, json2);
    sitrep_free(json);
    sitrep_free(json2);
    sitrep_record_free(rec);
    sitrep_record_free(again);
    free(line);
    /* errors */
    assert_int_equal(sitrep_record_parse("{", 1, &rec, err, sizeof err), SITREP_EINPUT);
    const char *notext = "{\"doc\":{\"id\":\"x\"},\"incidents\":[]}";
    assert_int_equal(sitrep_record_parse(notext, strlen(notext), &rec, err, sizeof err), SITREP_EINPUT);
    assert_non_null(strstr(err, "doc.text"));
    const char *far = "{\"doc\":{\"text\":\"abc\"},\"incidents\":[{\"counts\":[{\"outcome\":\"killed\",\"group\":"
                      "\"people\",\"min\":1,\"max\":null,\"qualifier\":\"exact\",\"evidence\":{\"start\":0,\"end\":9}}]}]}";
    assert_int_equal(sitrep_record_parse(far, strlen(far), &rec, err, sizeof err), SITREP_EINPUT);
    const char *badenum = "{\"doc\":{\"text\":\"abc\"},\"incidents\":[{\"certainty\":\"sure\"}]}";
    assert_int_equal(sitrep_record_parse(badenum, strlen(badenum), &rec, err, sizeof err), SITREP_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_new),        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_batch_rollback),  cmocka_unit_test(test_migrate_v1),
        cmocka_unit_test(test_newer_and_missing), cmocka_unit_test(test_search),
        cmocka_unit_test(test_record_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
