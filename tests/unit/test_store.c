/* test_store.c - the SQLite store on real database files: schema version,
 * idempotent ingest (by content, also under another id, also with other
 * whitespace), batches, migrations from schema versions 1 and 2 (documents
 * that differ only in whitespace merged), full-text search with the
 * segmenter's sentences, bad opens; an older database opened read-only
 * (refused with a message naming `sitrep migrate`, or migrated first with
 * SITREP_STORE_MIGRATE); one stored document as its record, exactly as
 * ingested (a hand-made record with every kind of span, and the records of
 * the examples as extraction makes them), and as stored even when the
 * stored rows change; one fused incident with its claims and the stored
 * sentence of each count; totals that match the list. */
#include "storetest.h"

#include "lexicon.h"
#include "record.h"
#include "record_parse.h"
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


/* ---- older databases opened read-only ---- */

static void test_readonly_older(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = NULL;
    char err[512];
    assert_int_equal(sr_store_open_version(path, 0, 2, &s, err, sizeof err), SITREP_OK);
    sitrep_store_close(s);
    load_fixture(path, "tests/golden/store/v2_fixture.sql");
    int v = -1;
    assert_int_equal(sitrep_store_file_version(path, &v, err, sizeof err), SITREP_OK);
    assert_int_equal(v, 2);
    /* read-only: refused, with the message that says what to run */
    assert_int_equal(sitrep_store_open(path, SITREP_STORE_READONLY | SITREP_STORE_NOCREATE, &s, err, sizeof err),
                     SITREP_EDB);
    assert_null(s);
    char want[1024];
    snprintf(want, sizeof want,
             "database schema v2 is older than this sitrep (v%d): run `sitrep ingest --db %s` or `sitrep migrate --db %s`",
             SITREP_STORE_SCHEMA_VERSION, path, path);
    assert_string_equal(err, want);
    assert_int_equal(st_sql_int(path, "PRAGMA user_version"), 2); /* nothing written */
    /* read-only with MIGRATE: brought up to date first, then read */
    assert_int_equal(sitrep_store_open(path, SITREP_STORE_READONLY | SITREP_STORE_NOCREATE | SITREP_STORE_MIGRATE, &s,
                                       err, sizeof err),
                     SITREP_OK);
    assert_int_equal(sitrep_store_schema_version(s), SITREP_STORE_SCHEMA_VERSION);
    sitrep_store_counts c;
    assert_int_equal(sitrep_store_stats(s, &c), SITREP_OK);
    assert_int_equal(c.documents, 2);
    sitrep_store_close(s);
    assert_int_equal(st_sql_int(path, "PRAGMA user_version"), SITREP_STORE_SCHEMA_VERSION);
    /* a missing file: not found, and not made */
    const char *none = st_tmpdb();
    assert_int_equal(sitrep_store_file_version(none, &v, err, sizeof err), SITREP_ENOTFOUND);
    assert_int_equal(sitrep_store_open(none, SITREP_STORE_READONLY | SITREP_STORE_NOCREATE | SITREP_STORE_MIGRATE, &s,
                                       err, sizeof err),
                     SITREP_ENOTFOUND);
    assert_int_equal(access(none, F_OK), -1);
}

/* ---- one stored document ---- */

/* The record as JSON with text and rules, then its boilerplate spans and
 * warnings: everything a record holds. Caller frees. */
static char *record_all(const sitrep_record *rec)
{
    char *json = NULL;
    size_t len;
    assert_int_equal(sitrep_record_json(rec, SITREP_JSON_TEXT | SITREP_JSON_RULES, &json, &len), SITREP_OK);
    sr_buf b = {0};
    sr_buf_put(&b, json, len);
    sitrep_free(json);
    size_t n;
    const sitrep_span *bp = sitrep_record_boilerplate(rec, &n);
    sr_buf_puts(&b, "\nboilerplate:");
    for (size_t i = 0; i < n; i++)
        sr_buf_printf(&b, " [%u,%u)", bp[i].start, bp[i].end);
    const char *const *w = sitrep_record_warnings(rec, &n);
    sr_buf_puts(&b, "\nwarnings:");
    for (size_t i = 0; i < n; i++)
        sr_buf_printf(&b, " \"%s\"", w[i]);
    return b.data;
}

static const char rich_text[] =
    "Menu Home World\n"
    "Syrian government airstrikes killed at least 27 civilians, including 9 children, in Douma on Monday, "
    "the Syrian Observatory for Human Rights said. Rescue workers said dozens more were wounded.\n"
    "Photo: AFP\n";

/* A record with every kind of value, each with evidence and a rule, the
 * sentences, two boilerplate spans, a summary and warnings. */
static sitrep_record *rich_record(const char *id)
{
    sitrep_record *rec = sr_record_new();
    assert_non_null(rec);
    sr_arena *a = &rec->arena;
    const char *t = rich_text;
    rec->doc.text = sr_arena_strdup(a, t);
    rec->doc.text_len = strlen(t);
    rec->doc.id = sr_arena_strdup(a, id);
    rec->doc.source = sr_arena_strdup(a, "outlet");
    rec->doc.title = sr_arena_strdup(a, "Airstrikes on Douma");
    rec->doc.published = "2018-02-20";
    rec->doc.published_from = "input";
    rec->doc.url = sr_arena_strdup(a, "https://example.org/douma");
#define AT(w) ((uint32_t)(strstr(t, w) - t))
    sitrep_count *c = sr_arena_alloc(a, 3 * sizeof *c);
    c[0] = (sitrep_count){SITREP_OUTCOME_KILLED, SITREP_GROUP_CIVILIANS, 27, -1, SITREP_QUAL_AT_LEAST,
                          {AT("killed at least"), AT(", including"), "count.active"}};
    c[1] = (sitrep_count){SITREP_OUTCOME_KILLED, SITREP_GROUP_CHILDREN, 9, 9, SITREP_QUAL_EXACT,
                          {AT("9 children"), AT("9 children") + 10, "count.subset"}};
    c[2] = (sitrep_count){SITREP_OUTCOME_INJURED, SITREP_GROUP_PEOPLE, 24, -1, SITREP_QUAL_VAGUE,
                          {AT("dozens more were wounded"), AT("dozens more were wounded") + 24, "count.passive"}};
    sitrep_incident in = {0};
    in.counts = c;
    in.ncounts = 2;
    st_douma_monday(&in, AT("Monday"), AT("Douma"));
    in.perpetrator.present = 1;
    in.perpetrator.name = "Syrian government";
    in.perpetrator.actor = "Syrian government forces";
    in.perpetrator.evidence = (sitrep_evidence){AT("Syrian government"), AT(" airstrikes"), "actor.subject"};
    in.cause.present = 1;
    in.cause.category = SITREP_CAUSE_AIRSTRIKE;
    in.cause.evidence = (sitrep_evidence){AT("airstrikes"), AT("airstrikes") + 10, "data/causes.txt:3 airstrikes"};
    in.claimed_by.present = 1;
    in.claimed_by.name = "Syrian Observatory for Human Rights";
    in.claimed_by.evidence = (sitrep_evidence){AT("the Syrian Observatory"), AT(" said."), "claim.said"};
    in.certainty = SITREP_CERT_REPORTED;
    sitrep_span *sents = sr_arena_alloc(a, 2 * sizeof *sents);
    sents[0] = (sitrep_span){AT("Syrian government"), AT(" Rescue")};
    sents[1] = (sitrep_span){AT("Rescue"), AT("\nPhoto")};
    in.sentences = sents;
    in.nsentences = 2;
    assert_int_equal(sr_vec_push(&rec->incidents, in), SITREP_OK);
    /* a second incident, with no date, place or claimant, war-wide */
    sitrep_incident in2 = {0};
    in2.counts = c + 2;
    in2.ncounts = 1;
    in2.scope = SITREP_SCOPE_WAR;
    in2.certainty = SITREP_CERT_UNVERIFIED;
    in2.sentences = sents + 1;
    in2.nsentences = 1;
    assert_int_equal(sr_vec_push(&rec->incidents, in2), SITREP_OK);
    sitrep_span bp1 = {0, AT("Syrian government") - 1}, bp2 = {AT("Photo: AFP"), AT("Photo: AFP") + 10};
    assert_int_equal(sr_vec_push(&rec->boiler, bp1), SITREP_OK);
    assert_int_equal(sr_vec_push(&rec->boiler, bp2), SITREP_OK);
    /* the summary's words: location and cause have some, the actor none */
    rec->summary.evidence.location = (sitrep_evidence){AT("Douma"), AT("Douma") + 5, "summary.main_incident"};
    rec->summary.evidence.cause_of_death =
        (sitrep_evidence){AT("airstrikes"), AT("airstrikes") + 10, "summary.lead_word"};
#undef AT
    rec->summary.present = 1;
    rec->summary.location = "douma";
    rec->summary.actor = "government";
    rec->summary.cause_of_death = "airstrike";
    rec->summary.nb_civilians = 27;
    rec->summary.nb_children = 9;
    memcpy(rec->summary.date, "2018-02-19", 11);
    rec->summary.main_incident = 0;
    assert_int_equal(sr_record_warn(rec, "a \"quoted\" warning"), SITREP_OK);
    assert_int_equal(sr_record_warn(rec, "another"), SITREP_OK);
    return rec;
}

static void test_document_exact(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    sitrep_record *rec = rich_record("rich-1");
    char *want = record_all(rec);
    /* its JSON read back (ingest --format records) is the same record */
    char *json = NULL, err[SR_ERRMSG_MAX];
    size_t len;
    assert_int_equal(sitrep_record_json(rec, SITREP_JSON_TEXT | SITREP_JSON_RULES, &json, &len), SITREP_OK);
    assert_non_null(strstr(json, "\"evidence\":{\"location\":{"));
    sitrep_record *parsed = NULL;
    assert_int_equal(sr_record_from_json(json, len, &parsed, err), SITREP_OK);
    sitrep_free(json);
    assert_int_equal(sitrep_record_json(parsed, SITREP_JSON_TEXT | SITREP_JSON_RULES, &json, &len), SITREP_OK);
    assert_non_null(strstr(want, json));
    sitrep_free(json);
    sitrep_record_free(parsed);
    int added = 0;
    assert_int_equal(sitrep_store_ingest(s, rec, &added), SITREP_OK);
    assert_int_equal(added, 1);
    /* the same text under another id: stored once; that id finds it too */
    sitrep_record *again = rich_record("rich-2");
    assert_int_equal(sitrep_store_ingest(s, again, &added), SITREP_OK);
    assert_int_equal(added, 0);
    sitrep_record_free(again);
    sitrep_record_free(rec);
    const char *ids[] = {"rich-1", "rich-2"};
    for (size_t k = 0; k < 2; k++) {
        sitrep_record *got = NULL;
        assert_int_equal(sitrep_store_document(s, ids[k], &got), SITREP_OK);
        char *have = record_all(got);
        if (strcmp(have, want))
            fprintf(stderr, "want:\n%s\nhave:\n%s\n", want, have);
        assert_string_equal(have, want); /* doc.id is the first id, for both */
        free(have);
        sitrep_record_free(got);
    }
    free(want);
    /* where its incidents went: nothing fused yet, then fused */
    int64_t fused[3] = {-1, -1, -1}, docid = 0;
    assert_int_equal(sitrep_store_document_fused(s, "rich-2", &docid, fused, 3), SITREP_OK);
    assert_true(docid > 0);
    assert_true(fused[0] == 0 && fused[1] == 0 && fused[2] == 0);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    assert_int_equal(sitrep_store_document_fused(s, "rich-1", NULL, fused, 3), SITREP_OK);
    assert_true(fused[0] > 0 && fused[1] > 0 && fused[0] != fused[1]);
    assert_int_equal(fused[2], 0); /* past the record's incidents */
    sitrep_fused_incident *fi = NULL;
    assert_int_equal(sitrep_store_incident(s, fused[0], &fi), SITREP_OK);
    assert_int_equal(fi->nclaims, 1);
    assert_string_equal(fi->claims[0].doc_id, "rich-1");
    sitrep_fused_incident_free(fi);
    /* unknown ids */
    sitrep_record *none = NULL;
    assert_int_equal(sitrep_store_document(s, "no-such-id", &none), SITREP_ENOTFOUND);
    assert_null(none);
    assert_non_null(strstr(sitrep_store_errmsg(s), "no-such-id"));
    assert_int_equal(sitrep_store_document_fused(s, "no-such-id", NULL, fused, 3), SITREP_ENOTFOUND);
    sitrep_store_close(s);
}

/* The page shows what was stored: change the stored rows (as if a later
 * extractor would find something else: the stored rows are what counts)
 * and the record follows the rows. */
static void test_document_as_stored(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    sitrep_record *rec = rich_record("rich-1");
    int added = 0;
    assert_int_equal(sitrep_store_ingest(s, rec, &added), SITREP_OK);
    sitrep_record_free(rec);
    sitrep_store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE spans SET rule = 'rule.changed', start = start + 1 WHERE kind = 'place';"
                                  "UPDATE counts SET min = 28 WHERE grp = 'civilians';"
                                  "DELETE FROM spans WHERE kind = 'cause';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    s = st_open(path);
    sitrep_record *got = NULL;
    assert_int_equal(sitrep_store_document(s, "rich-1", &got), SITREP_OK);
    size_t n;
    const sitrep_incident *inc = sitrep_record_incidents(got, &n);
    assert_int_equal(n, 2);
    assert_string_equal(inc[0].place.evidence.rule, "rule.changed");
    assert_int_equal(inc[0].place.evidence.start, (uint32_t)(strstr(rich_text, "Douma") - rich_text) + 1);
    assert_int_equal(inc[0].counts[0].min, 28);
    assert_true(inc[0].cause.present); /* the value stays; its words are gone */
    assert_int_equal(inc[0].cause.evidence.end, 0);
    assert_null(inc[0].cause.evidence.rule);
    assert_int_equal(inc[0].nsentences, 2);
    /* the summary's words come from their spans: none for the actor */
    const sitrep_summary *sm = sitrep_record_summary(got);
    assert_string_equal(sm->evidence.location.rule, "summary.main_incident");
    assert_int_equal(sm->evidence.location.start, (uint32_t)(strstr(rich_text, "Douma") - rich_text));
    assert_string_equal(sm->evidence.cause_of_death.rule, "summary.lead_word");
    assert_null(sm->evidence.actor.rule);
    sitrep_record_free(got);
    sitrep_store_close(s);
}

/* Records as extraction makes them (the examples; with the gazetteer when
 * $SITREP_GAZETTEER names one), stored and read back: the same record. */
static void test_document_extracted(void **state)
{
    (void)state;
    sitrep_ctx *ctx = NULL;
    char err[512];
    assert_int_equal(sitrep_open(NULL, &ctx, err, sizeof err), SITREP_OK);
    const char *paths[] = {"examples"};
    sitrep_read_options ro = {0};
    sitrep_reader *r = NULL;
    assert_int_equal(sitrep_reader_open(paths, 1, &ro, &r), SITREP_OK);
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    sitrep_doc *doc;
    sitrep_status st;
    size_t ndocs = 0, nspans = 0;
    while ((st = sitrep_reader_next(r, &doc)) != SITREP_END) {
        if (st != SITREP_OK)
            continue;
        sitrep_record *rec = NULL;
        assert_int_equal(sitrep_extract(ctx, doc, &rec), SITREP_OK);
        sitrep_doc_free(doc);
        int added = 0;
        assert_int_equal(sitrep_store_ingest(s, rec, &added), SITREP_OK);
        if (!added) {
            sitrep_record_free(rec);
            continue;
        }
        char *want = record_all(rec);
        sitrep_record *got = NULL;
        assert_int_equal(sitrep_store_document(s, sitrep_record_doc(rec)->id, &got), SITREP_OK);
        char *have = record_all(got);
        assert_string_equal(have, want);
        size_t n;
        const sitrep_incident *inc = sitrep_record_incidents(got, &n);
        for (size_t i = 0; i < n; i++)
            nspans += inc[i].ncounts + inc[i].nsentences;
        free(want);
        free(have);
        sitrep_record_free(got);
        sitrep_record_free(rec);
        ndocs++;
    }
    assert_true(ndocs >= 4);
    assert_true(nspans > 10);
    sitrep_reader_close(r);
    sitrep_store_close(s);
    sitrep_close(ctx);
}

/* ---- one fused incident, totals ---- */

static void assert_same_incident(const sitrep_fused_incident *a, const sitrep_fused_incident *b)
{
    assert_int_equal(a->id, b->id);
    assert_int_equal(a->scope, b->scope);
    assert_int_equal(a->killed_low, b->killed_low);
    assert_int_equal(a->killed_high, b->killed_high);
    assert_int_equal(a->conflicting, b->conflicting);
    assert_int_equal(a->ncounts, b->ncounts);
    for (size_t i = 0; i < a->ncounts; i++) {
        const sitrep_fused_count *x = &a->counts[i], *y = &b->counts[i];
        assert_true(x->outcome == y->outcome && x->group == y->group && x->low == y->low && x->high == y->high &&
                    x->open_high == y->open_high && x->nclaims == y->nclaims && x->conflict == y->conflict);
    }
    assert_int_equal(a->nclaims, b->nclaims);
    for (size_t k = 0; k < a->nclaims; k++) {
        const sitrep_source_claim *x = &a->claims[k], *y = &b->claims[k];
        assert_int_equal(x->report_id, y->report_id);
        assert_string_equal(x->doc_id, y->doc_id);
        assert_int_equal(x->ncounts, y->ncounts);
        assert_int_equal(x->nsentences, y->nsentences);
        for (size_t i = 0; i < x->ncounts; i++) {
            assert_int_equal(x->counts[i].min, y->counts[i].min);
            assert_string_equal(x->count_words[i], y->count_words[i]);
        }
    }
}

static void test_incident_by_id(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    st_ingest_file(s, SEEDS);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    sitrep_incident_filter f = {.with_war = 1};
    sitrep_incident_iter *it = NULL;
    assert_int_equal(sitrep_store_incidents(s, &f, &it), SITREP_OK);
    const sitrep_fused_incident *fi;
    size_t n = 0, conflicts = 0;
    while (sitrep_incident_next(it, &fi) == SITREP_OK) {
        sitrep_fused_incident *one = NULL;
        assert_int_equal(sitrep_store_incident(s, fi->id, &one), SITREP_OK);
        assert_same_incident(fi, one);
        conflicts += one->conflicting != 0;
        sitrep_fused_incident_free(one);
        n++;
    }
    sitrep_incident_iter_free(it);
    assert_true(n >= 3);
    assert_true(conflicts >= 1);
    sitrep_fused_incident *none = NULL;
    assert_int_equal(sitrep_store_incident(s, 999999, &none), SITREP_ENOTFOUND);
    assert_null(none);
    assert_non_null(strstr(sitrep_store_errmsg(s), "999999"));
    sitrep_fused_incident_free(NULL);
    /* the list without claims: the same figures, no claims */
    f.no_claims = 1;
    assert_int_equal(sitrep_store_incidents(s, &f, &it), SITREP_OK);
    while (sitrep_incident_next(it, &fi) == SITREP_OK) {
        assert_int_equal(fi->nclaims, 0);
        assert_true(fi->nsources >= 1);
    }
    sitrep_incident_iter_free(it);
    sitrep_store_close(s);
}

/* Each count beside the sentence of its report that holds its words: the
 * sentences stored at ingest (a sentence told apart by extraction, not a
 * rule around the figure). */
static void test_claim_sentences(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    sitrep_record *rec = rich_record("rich-1");
    int added;
    assert_int_equal(sitrep_store_ingest(s, rec, &added), SITREP_OK);
    sitrep_record_free(rec);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    int64_t fused[2];
    assert_int_equal(sitrep_store_document_fused(s, "rich-1", NULL, fused, 2), SITREP_OK);
    for (int k = 0; k < 2; k++) {
        sitrep_fused_incident *fi = NULL;
        assert_int_equal(sitrep_store_incident(s, fused[k], &fi), SITREP_OK);
        assert_int_equal(fi->nclaims, 1);
        const sitrep_source_claim *cl = &fi->claims[0];
        assert_int_equal(cl->nsentences, k == 0 ? 2 : 1);
        for (size_t i = 0; i < cl->ncounts; i++) {
            const sitrep_count *c = &cl->counts[i];
            const sitrep_span *sp = &cl->count_sentence[i];
            const char *st = cl->count_sentence_text[i];
            assert_non_null(st);
            /* the stored sentence that holds the words, exactly */
            int found = 0;
            for (size_t j = 0; j < cl->nsentences; j++)
                found |= cl->sentences[j].start == sp->start && cl->sentences[j].end == sp->end;
            assert_true(found);
            assert_true(sp->start <= c->evidence.start && c->evidence.end <= sp->end);
            assert_int_equal(strlen(st), sp->end - sp->start);
            assert_memory_equal(st, rich_text + sp->start, sp->end - sp->start);
            assert_non_null(strstr(st, cl->count_words[i]));
        }
        if (k == 0) /* both figures are in the first sentence, not the second */
            assert_non_null(strstr(cl->count_sentence_text[1], "9 children"));
        sitrep_fused_incident_free(fi);
    }
    /* no stored sentence: no sentence, the words still there */
    st_inc in = {"killed", "civilians", 12, 12, "exact", "Douma", 33.57, 36.40, 170592, "Rif Dimashq", "2018-02-19"};
    st_ingest(s, st_record("plain", "x", "2018-02-20", "Twelve civilians were killed in Douma.", &in, 1), 1);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    assert_int_equal(sitrep_store_document_fused(s, "plain", NULL, fused, 1), SITREP_OK);
    sitrep_fused_incident *fi = NULL;
    assert_int_equal(sitrep_store_incident(s, fused[0], &fi), SITREP_OK);
    for (size_t k = 0; k < fi->nclaims; k++)
        if (!strcmp(fi->claims[k].doc_id, "plain")) {
            assert_null(fi->claims[k].count_sentence_text[0]);
            assert_string_equal(fi->claims[k].count_words[0], "Twelve civilians were killed in Douma.");
        }
    sitrep_fused_incident_free(fi);
    sitrep_store_close(s);
}

static void sum_list(sitrep_store *s, const sitrep_incident_filter *f, sitrep_incident_totals *t)
{
    memset(t, 0, sizeof *t);
    sitrep_incident_iter *it = NULL;
    assert_int_equal(sitrep_store_incidents(s, f, &it), SITREP_OK);
    const sitrep_fused_incident *fi;
    while (sitrep_incident_next(it, &fi) == SITREP_OK) {
        t->incidents++;
        t->conflicting += fi->conflicting != 0;
        t->claims += (int64_t)fi->nclaims;
        if (fi->scope == SITREP_SCOPE_WAR) {
            t->war_wide++;
            continue;
        }
        if (fi->killed_low > 0)
            t->killed_low += fi->killed_low;
        t->killed_high += fi->killed_high > 0 ? fi->killed_high : fi->killed_low > 0 ? fi->killed_low : 0;
    }
    sitrep_incident_iter_free(it);
}

static void test_totals(void **state)
{
    (void)state;
    const char *path = st_tmpdb();
    sitrep_store *s = st_open(path);
    st_ingest_file(s, SEEDS);
    st_inc in[] = {
        {"killed", "civilians", 12, 12, "exact", "Douma", 33.57, 36.40, 170592, "Rif Dimashq", "2018-02-19", NULL,
         "day", "airstrike"},
        {"killed", "civilians", 14, 14, "exact", "Douma", 33.57, 36.40, 170592, "Rif Dimashq", "2018-02-19", NULL,
         "day", "airstrike"},
        {"killed", "people", 320000, -1, "at_least", NULL, 0, 0, 0, NULL, "2011-03-15", "2016-03-15", "year", NULL,
         "war"},
    };
    st_ingest(s, st_record("t1", "a", "2018-02-20", "Twelve civilians were killed in Douma.", &in[0], 1), 1);
    st_ingest(s, st_record("t2", "b", "2018-02-20", "Fourteen civilians were killed in Douma.", &in[1], 1), 1);
    st_ingest(s, st_record("t3", "c", "2016-03-15", "The war has killed at least 320,000.", &in[2], 1), 1);
    assert_int_equal(sitrep_store_fuse(s, 0, NULL), SITREP_OK);
    sitrep_incident_filter fs[] = {
        {0},
        {.with_war = 1},
        {.with_war = 1, .limit = 1}, /* the limit is the list's, not the totals' */
        {.place = "douma"},
        {.place = "Rif Dimashq", .with_war = 1},
        {.from = "2016-12-01", .to = "2016-12-31"},
        {.conflicting = 1, .with_war = 1},
        {.cause = "airstrike"},
        {.actor = "no such actor"},
    };
    for (size_t i = 0; i < SR_ARRAY_LEN(fs); i++) {
        sitrep_incident_totals want, got;
        sitrep_incident_filter nolimit = fs[i];
        nolimit.limit = 0;
        sum_list(s, &nolimit, &want);
        assert_int_equal(sitrep_store_incident_totals(s, &fs[i], &got), SITREP_OK);
        assert_memory_equal(&want, &got, sizeof want);
    }
    sitrep_incident_totals all, t;
    assert_int_equal(sitrep_store_incident_totals(s, NULL, &all), SITREP_OK);
    sitrep_incident_filter ev = {0};
    assert_int_equal(sitrep_store_incident_totals(s, &ev, &t), SITREP_OK);
    assert_memory_equal(&all, &t, sizeof t);
    assert_true(all.incidents >= 3);
    assert_int_equal(all.war_wide, 0);
    sitrep_incident_filter war = {.with_war = 1};
    assert_int_equal(sitrep_store_incident_totals(s, &war, &t), SITREP_OK);
    assert_true(t.war_wide >= 1);
    assert_int_equal(t.killed_low, all.killed_low); /* war-wide figures are not added */
    /* Douma: one incident of two claims that conflict (12 and 14) */
    sitrep_incident_filter douma = {.place = "Douma"};
    assert_int_equal(sitrep_store_incident_totals(s, &douma, &t), SITREP_OK);
    assert_int_equal(t.incidents, 1);
    assert_int_equal(t.claims, 2);
    assert_int_equal(t.conflicting, 1);
    assert_int_equal(t.killed_low, 12);
    assert_int_equal(t.killed_high, 14);
    sitrep_incident_filter bad = {.from = "yesterday"};
    assert_int_equal(sitrep_store_incident_totals(s, &bad, &t), SITREP_EUSAGE);
    sitrep_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_new),        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_batch_rollback),  cmocka_unit_test(test_migrate_v1),
        cmocka_unit_test(test_migrate_v2_whitespace),
        cmocka_unit_test(test_newer_and_missing), cmocka_unit_test(test_search),
        cmocka_unit_test(test_record_roundtrip),
        cmocka_unit_test(test_readonly_older),  cmocka_unit_test(test_document_exact),
        cmocka_unit_test(test_document_as_stored), cmocka_unit_test(test_document_extracted),
        cmocka_unit_test(test_incident_by_id),  cmocka_unit_test(test_claim_sentences),
        cmocka_unit_test(test_totals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
