/* test_store.c - the SQLite store on real database files: schema version,
 * idempotent ingest (by content, also under another id, also with other
 * whitespace), batches, migrations from schema versions 1 and 2 (documents
 * that differ only in whitespace merged), full-text search with the
 * segmenter's sentences, bad opens. */
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
    /* other whitespace (line breaks, runs of spaces, a no-break space, at
     * either end): the same article */
    st_ingest(s, st_record("c", "z", "2016-12-13", "  Eighty-two   civilians were\u00a0killed in  Aleppo. ", &in, 1), 0);
    /* other words are another article */
    st_ingest(s, st_record("d", "z", "2016-12-13", "Eighty-two civilians were killed in Idlib.", &in, 1), 1);
    sitrep_store_counts c;
    assert_int_equal(sitrep_store_stats(s, &c), SITREP_OK);
    assert_int_equal(c.documents, 7);
    assert_int_equal(c.reports, 7);
    assert_int_equal(c.pending, 7); /* not fused until asked */
    /* seen before extraction, by the same rule */
    sitrep_doc *doc = NULL;
    const char *body = "Eighty-two\n\ncivilians\twere killed in Aleppo.\r\n";
    assert_int_equal(sitrep_doc_new(body, strlen(body), &doc), SITREP_OK);
    assert_int_equal(sitrep_doc_set(doc, SITREP_DOC_ID, "e"), SITREP_OK);
    int seen = 0;
    assert_int_equal(sitrep_store_seen(s, doc, &seen), SITREP_OK);
    assert_int_equal(seen, 1);
    sitrep_doc_free(doc);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM document_ids WHERE ext_id IN ('a','b','c','e')"), 4);
    assert_int_equal(st_sql_int(path, "SELECT count(DISTINCT document_id) FROM document_ids WHERE ext_id IN ('a','b','c','e')"), 1);
    /* the text stored is the first one given, as given: offsets refer to it */
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM documents WHERE ext_id = 'a'"
                                      " AND text = 'Eighty-two civilians were killed in Aleppo.'"), 1);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM documents_fts"), 7);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM counts"), 9);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM places"), 2);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM spans WHERE kind = 'count'"), 9);
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

/* Runs the SQL of a fixture file on the database at path. */
static void load_fixture(const char *path, const char *file)
{
    FILE *fp = fopen(file, "r");
    assert_non_null(fp);
    char sql[16384];
    size_t n = fread(sql, 1, sizeof sql - 1, fp);
    sql[n] = '\0';
    fclose(fp);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *e = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &e);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s: %s\n", file, e);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(db);
}

/* A database of schema version 1 with data in it opens with the current
 * library: migrated to the current version, its data kept, and new reports
 * fuse with the old ones. */
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
    load_fixture(path, "tests/golden/store/v1_fixture.sql");
    /* a reference table does not exist yet */
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'reference_records'"), 0);

    s = st_open(path);
    assert_int_equal(sitrep_store_schema_version(s), SITREP_STORE_SCHEMA_VERSION);
    /* version 3: the content hash is taken on the normalised text */
    char want[17], got[64];
    const char *text = "Amnesty said between 5,000 and 11,000 died at Saydnaya between 2011 and 2015.";
    assert_int_equal(sr_text_hash(text, strlen(text), want), SITREP_OK);
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT content_hash FROM documents", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    snprintf(got, sizeof got, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    assert_string_equal(got, want);
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
    assert_int_equal(st_sql_int(path, "PRAGMA user_version"), SITREP_STORE_SCHEMA_VERSION);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM places WHERE admin1_key = 'rif dimashq'"), 1);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM fused"), 1);
    assert_int_equal(st_sql_int(path, "SELECT conflicting FROM fused"), 1);
    assert_int_equal(st_sql_int(path, "SELECT high FROM fused_counts"), 13000);
    /* opening again changes nothing */
    s = st_open(path);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "PRAGMA user_version"), SITREP_STORE_SCHEMA_VERSION);
}

/* A database of schema version 2 in which one article was stored twice
 * with other whitespace (version 2 hashed the exact bytes), both fused into
 * one incident: version 3 keeps the first document (text as given, its
 * evidence), makes the other's ids its ids, deletes the other with its
 * reports and full-text entry, and fuses again what the merge set free. */
static void test_migrate_v2_whitespace(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = NULL;
    char err[512];
    assert_int_equal(sr_store_open_version(path, 0, 2, &s, err, sizeof err), SITREP_OK);
    assert_int_equal(sitrep_store_schema_version(s), 2);
    sitrep_store_close(s);
    load_fixture(path, "tests/golden/store/v2_fixture.sql");
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM documents"), 3);
    assert_int_equal(st_sql_int(path, "SELECT nreports FROM fused WHERE id = 1"), 2);

    s = st_open(path);
    assert_int_equal(sitrep_store_schema_version(s), SITREP_STORE_SCHEMA_VERSION);
    sitrep_store_counts c;
    assert_int_equal(sitrep_store_stats(s, &c), SITREP_OK);
    assert_int_equal(c.documents, 2);
    assert_int_equal(c.reports, 2);
    assert_int_equal(c.pending, 0); /* fused again at once */
    assert_int_equal(c.fused, 2);
    /* the merged document's ids find the first one */
    sitrep_doc *doc = NULL;
    const char *body = "Shelling killed 12 civilians in Douma on Monday.";
    assert_int_equal(sitrep_doc_new(body, strlen(body), &doc), SITREP_OK);
    int seen = 0;
    assert_int_equal(sitrep_store_seen(s, doc, &seen), SITREP_OK);
    assert_int_equal(seen, 1);
    sitrep_doc_free(doc);
    /* the full-text index follows: one hit for Douma, the text kept */
    sitrep_search_iter *it = NULL;
    const sitrep_search_hit *h;
    assert_int_equal(sitrep_store_search(s, "Douma", 0, &it), SITREP_OK);
    assert_int_equal(sitrep_search_next(it, &h), SITREP_OK);
    assert_string_equal(h->id, "v2-a");
    assert_int_equal(sitrep_search_next(it, &h), SITREP_END);
    sitrep_search_iter_free(it);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM document_ids WHERE document_id = 1"), 3);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM incidents WHERE document_id = 2"), 0);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM spans WHERE document_id = 2"), 0);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM counts"), 2);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'douma'"), 1);
    assert_int_equal(st_sql_int(path, "SELECT length(text) FROM documents WHERE id = 1"), 48);
    assert_int_equal(st_sql_int(path, "SELECT nreports FROM fused f JOIN incidents i ON i.fused_id = f.id"
                                      " WHERE i.document_id = 1"), 1);
    assert_int_equal(st_sql_int(path, "SELECT high FROM fused_counts fc JOIN incidents i ON i.fused_id = fc.fused_id"
                                      " WHERE i.document_id = 1"), 12);
    /* the full-text index is whole */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(db);
    /* the fusion indexes are there */
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                      " ('incidents_pending', 'fused_cell_lo', 'fused_cell_long')"), 3);
    assert_int_equal(st_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'fused_cell_day'"), 0);
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
        cmocka_unit_test(test_migrate_v2_whitespace),
        cmocka_unit_test(test_newer_and_missing), cmocka_unit_test(test_search),
        cmocka_unit_test(test_record_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
