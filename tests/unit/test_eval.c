/* test_eval.c - the eval module (src/eval.c), the CSV record reader it
 * reads gold files with (src/csv.c), and the --explain table with its
 * snippets (src/explain.c).
 *
 * The explain table of a record built by hand is compared with
 * tests/golden/explain/handmade.expected (GOLDEN_UPDATE=1 rewrites it), so
 * the layout is tested whatever the extraction stages find. */
#include "csv.h"
#include "eval.h"
#include "explain.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* ---- helpers ---- */

static char tmpdir[] = "/tmp/sitrep-test-eval-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static const char *write_tmp(const char *name, const char *content, size_t len)
{
    const char *p = tmp_path(name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(content, 1, len, fp), len);
    fclose(fp);
    return p;
}

static char *read_all(FILE *fp, size_t *len)
{
    sr_buf b = {0};
    rewind(fp);
    sr_buf_read(&b, fp);
    return sr_buf_detach(&b, len);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- the CSV reader ---- */

/* Reads every record of text; returns them as "a|b|c" lines, with the
 * status of failed records as "!STATUS@line". */
static char *csv_dump(const char *text, size_t len, bool universal, size_t max)
{
    FILE *fp = fmemopen((void *)text, len, "rb");
    assert_non_null(fp);
    sr_csv_options o = {max, universal};
    sr_csv *c = NULL;
    assert_int_equal(sr_csv_open(fp, "t.csv", &o, &c), SITREP_OK);
    sr_buf out = {0};
    sitrep_status st;
    while ((st = sr_csv_next(c)) != SITREP_END) {
        if (st != SITREP_OK) {
            sr_buf_printf(&out, "!%s@%zu\n", sitrep_status_str(st), sr_csv_line(c));
            assert_non_null(strstr(sr_csv_errmsg(c), "t.csv:"));
            continue;
        }
        for (size_t i = 0; i < sr_csv_nfields(c); i++) {
            size_t n;
            const char *f = sr_csv_field(c, i, &n);
            if (i)
                sr_buf_putc(&out, '|');
            sr_buf_put(&out, f, n);
        }
        sr_buf_printf(&out, "@%zu\n", sr_csv_line(c));
    }
    assert_null(sr_csv_field(c, 99, NULL));
    sr_csv_close(c);
    fclose(fp);
    return sr_buf_detach(&out, NULL);
}

static void check_csv(const char *text, bool universal, const char *want)
{
    char *got = csv_dump(text, strlen(text), universal, 0);
    if (strcmp(got, want) != 0)
        fail_msg("csv of \"%s\":\ngot:\n%swant:\n%s", text, got, want);
    free(got);
}

static void test_csv_fields(void **state)
{
    (void)state;
    check_csv("a,b,c\n1,2,3\n", false, "a|b|c@1\n1|2|3@2\n");
    check_csv("a,b\r\n1,2\r\n", false, "a|b@1\n1|2@2\n");             /* CRLF */
    check_csv("a,b\r1,2", false, "a|b@1\n1|2@2\n");                   /* CR, no final newline */
    check_csv("\n\na\n\n\nb\n", false, "a@3\nb@6\n");                  /* blank lines skipped */
    check_csv("a,,\n", false, "a||@1\n");                              /* empty fields */
    check_csv("\"x,y\",\"he said \"\"no\"\"\"\n", false, "x,y|he said \"no\"@1\n");
    check_csv("\"\"\n", false, "@1\n");                                /* one empty quoted field */
    check_csv("ab\"c\",d\n", false, "ab\"c\"|d@1\n");                  /* quote inside: literal */
    check_csv("\"ab\"cd,e\n", false, "abcd|e@1\n");                    /* after the closing quote */
    check_csv("\xEF\xBB\xBFid,x\n", false, "id|x@1\n");                /* BOM dropped */
    check_csv("1,\"two\nlines\"\n3,x\n", false, "1|two\nlines@1\n3|x@3\n");
}

static void test_csv_newlines_in_fields(void **state)
{
    (void)state;
    /* kept as they are, or read as "\n" like Python's text mode */
    check_csv("\"a\r\nb\",\"c\rd\"\r\n", false, "a\r\nb|c\rd@1\n");
    check_csv("\"a\r\nb\",\"c\rd\"\r\nz\r\n", true, "a\nb|c\nd@1\nz@4\n"); /* a CR is a line */
}

static void test_csv_bad_records(void **state)
{
    (void)state;
    /* unbalanced quote: reported at the line where the field opens */
    check_csv("a,b\n1,\"open\nand on\n", false, "a|b@1\n!bad input@2\n");
    /* a record over the limit is skipped, the next one is read */
    const char *text = "short\nthis-record-is-far-too-long,really\nok\n";
    char *got = csv_dump(text, strlen(text), false, 16);
    assert_string_equal(got, "short@1\n!input too big@2\nok@3\n");
    free(got);
    /* NUL bytes are data */
    const char nul[] = "a\0b,c\n";
    got = csv_dump(nul, sizeof nul - 1, false, 0);
    assert_memory_equal(got, "a\0b|c@1\n", 8);
    free(got);
}

/* ---- Python's string rules ---- */

static void check_norm(const char *in, const char *want)
{
    sr_buf b = {0};
    assert_int_equal(sr_py_strip_lower(in, strlen(in), &b), SITREP_OK);
    assert_string_equal(b.data, want);
    sr_buf_free(&b);
}

static void test_py_rules(void **state)
{
    (void)state;
    check_norm("  Aleppo\t\n", "aleppo");
    check_norm("Deir Ezzor", "deir ezzor");
    check_norm("\xC2\xA0Idlib\xE2\x80\x83", "idlib");      /* NBSP, em space */
    check_norm("\xC3\x89T\xC3\x89", "\xC3\xA9t\xC3\xA9");  /* ÉTÉ -> été */
    check_norm("\xC4\xB0", "i\xCC\x87");                   /* İ -> i + dot, as Python */
    check_norm("", "");
    check_norm("   ", "");
    check_norm("a  b", "a  b");                            /* inner spaces stay */

    int64_t v;
    assert_true(sr_py_int("12", 2, &v) && v == 12);
    assert_true(sr_py_int(" 12\n", 4, &v) && v == 12);
    assert_true(sr_py_int("+3", 2, &v) && v == 3);
    assert_true(sr_py_int("-4", 2, &v) && v == -4);
    assert_true(sr_py_int("1_000", 5, &v) && v == 1000);
    assert_false(sr_py_int("1__0", 4, &v));
    assert_false(sr_py_int("_1", 2, &v));
    assert_false(sr_py_int("3.0", 3, &v));
    assert_false(sr_py_int("", 0, &v));
    assert_false(sr_py_int("Dozens", 6, &v));
    assert_false(sr_py_int("99999999999999999999999", 23, &v));
}

/* ---- snippets ---- */

static char *snip(const char *text, const char *words, size_t width)
{
    const char *p = strstr(text, words);
    assert_non_null(p);
    sr_buf b = {0};
    uint32_t s = (uint32_t)(p - text);
    assert_int_equal(sr_snippet(text, strlen(text), s, s + (uint32_t)strlen(words), width, "[", "]", &b),
                     SITREP_OK);
    return sr_buf_detach(&b, NULL);
}

static void test_snippet(void **state)
{
    (void)state;
    const char *t = "At least 12 civilians were killed on Monday when warplanes struck a market in the town.";
    char *s = snip(t, "12 civilians", 200);
    assert_string_equal(s, "At least [12 civilians] were killed on Monday when warplanes struck a market in the town.");
    free(s);
    s = snip(t, "warplanes", 40); /* cut at word boundaries on both sides */
    assert_string_equal(s, "…Monday when [warplanes] struck a…");
    assert_true(sr_text_columns(s) <= 40);
    free(s);
    s = snip(t, "At least", 30); /* at the start: context on the right only */
    assert_string_equal(s, "[At least] 12 civilians were…");
    free(s);
    s = snip(t, "in the town.", 30); /* at the end: context on the left only */
    assert_string_equal(s, "…a market [in the town.]");
    free(s);
    s = snip(t, "killed on Monday when warplanes struck", 20); /* words longer than the width */
    assert_string_equal(s, "[killed o…es struck]");
    free(s);

    /* line breaks and runs of blanks read as one space; UTF-8 is not cut */
    const char *u = "Title line\n\nThe   strike on Ma\xCA\xBF"
                    "arrat al-Nu\xCA\xBBm\xC4\x81n\tkilled 9.";
    s = snip(u, "strike", 200);
    assert_string_equal(s, "Title line The [strike] on Ma\xCA\xBF" "arrat al-Nu\xCA\xBBm\xC4\x81n killed 9.");
    free(s);
    for (size_t w = 8; w < 60; w++) { /* every width: valid UTF-8 within the width */
        sr_buf b = {0};
        const char *p = strstr(u, "killed");
        assert_int_equal(sr_snippet(u, strlen(u), (uint32_t)(p - u), (uint32_t)(p - u + 6), w, "[", "]", &b),
                         SITREP_OK);
        assert_true(sr_text_columns(b.data) <= w);
        assert_non_null(strstr(b.data, "[killed]"));
        size_t bad = 0;
        for (const unsigned char *q = (const unsigned char *)b.data; *q; q++) /* no stray continuation byte */
            if ((*q & 0xC0) == 0x80 && (q == (const unsigned char *)b.data || q[-1] < 0x80))
                bad++;
        assert_int_equal(bad, 0);
        sr_buf_free(&b);
    }
    /* offsets past the end are clamped; ANSI marks take no column */
    sr_buf b = {0};
    assert_int_equal(sr_snippet("short", 5, 3, 99, 20, SR_BOLD_OPEN, SR_BOLD_CLOSE, &b), SITREP_OK);
    assert_string_equal(b.data, "sho" SR_BOLD_OPEN "rt" SR_BOLD_CLOSE);
    assert_int_equal(sr_text_columns(b.data), 5);
    sr_buf_free(&b);
}

/* ---- the --explain table of a record made by hand ---- */

static const char ARTICLE[] =
    "Air strikes kill 12 civilians in Idlib\n"
    "At least 12 civilians, including five children, were killed on Monday when warplanes struck a market "
    "in Maarat al-Numan in Idlib province, the Syrian Observatory for Human Rights said. Russia's defence "
    "ministry denied the report.\n"
    "The war has killed more than 320,000 people since 2011.\n";

static sitrep_evidence ev_of(const char *words, const char *rule)
{
    const char *p = strstr(ARTICLE, words);
    assert_non_null(p);
    sitrep_evidence e = {(uint32_t)(p - ARTICLE), (uint32_t)(p - ARTICLE + strlen(words)), rule};
    return e;
}

static sitrep_record *handmade_record(void)
{
    sitrep_record *rec = sr_record_new();
    assert_non_null(rec);
    sitrep_docinfo *d = &rec->doc;
    d->text = sr_arena_strdup(&rec->arena, ARTICLE);
    d->text_len = strlen(ARTICLE);
    d->id = "handmade-1";
    d->title = "Air strikes kill 12 civilians in Idlib";
    d->published = "2016-03-15";
    d->published_from = "input";

    sitrep_count *c = sr_arena_alloc(&rec->arena, 3 * sizeof(*c));
    c[0] = (sitrep_count){SITREP_OUTCOME_KILLED, SITREP_GROUP_CIVILIANS, 12, -1, SITREP_QUAL_AT_LEAST,
                          ev_of("At least 12 civilians", "count.subject_passive")};
    c[1] = (sitrep_count){SITREP_OUTCOME_KILLED, SITREP_GROUP_CHILDREN, 5, 5, SITREP_QUAL_EXACT,
                          ev_of("five children", "count.including")};
    c[2] = (sitrep_count){SITREP_OUTCOME_KILLED, SITREP_GROUP_PEOPLE, 320000, -1, SITREP_QUAL_AT_LEAST,
                          ev_of("more than 320,000 people", "count.war_total")};
    sitrep_span *sent = sr_arena_alloc(&rec->arena, 2 * sizeof(*sent));
    const char *s1 = strstr(ARTICLE, "At least"), *s2 = strstr(ARTICLE, "The war");
    sent[0] = (sitrep_span){(uint32_t)(s1 - ARTICLE), (uint32_t)(strstr(s1, "said.") + 5 - ARTICLE)};
    sent[1] = (sitrep_span){(uint32_t)(s2 - ARTICLE), (uint32_t)(strlen(ARTICLE) - 1)};

    sitrep_incident in = {0};
    in.counts = c;
    in.ncounts = 2;
    in.date.present = 1;
    strcpy(in.date.from, "2016-03-14");
    strcpy(in.date.to, "2016-03-14");
    in.date.precision = SITREP_PREC_DAY;
    in.date.evidence = ev_of("on Monday", "date.weekday_before_published");
    in.place.present = 1;
    in.place.name = "Ma`arrat an Nu`man";
    in.place.admin1 = "Idlib";
    strcpy(in.place.country, "SY");
    in.place.precision = SITREP_PLACE_TOWN;
    in.place.evidence = ev_of("Maarat al-Numan", "gazetteer.admin_context");
    in.perpetrator.present = 1;
    in.perpetrator.name = "warplanes";
    in.perpetrator.actor = "unattributed air force";
    in.perpetrator.evidence = ev_of("warplanes", "data/actors.txt:40 warplanes");
    in.cause.present = 1;
    in.cause.category = SITREP_CAUSE_AIRSTRIKE;
    in.cause.evidence = ev_of("warplanes struck", "data/causes.txt:12 warplanes struck");
    in.claimed_by.present = 1;
    in.claimed_by.name = "Syrian Observatory for Human Rights";
    in.claimed_by.evidence = ev_of("the Syrian Observatory for Human Rights said", "claim.said_after");
    in.certainty = SITREP_CERT_DISPUTED;
    in.sentences = &sent[0];
    in.nsentences = 1;
    assert_int_equal(sr_vec_push(&rec->incidents, in), SITREP_OK);

    sitrep_incident war = {0};
    war.counts = &c[2];
    war.ncounts = 1;
    war.scope = SITREP_SCOPE_WAR;
    war.sentences = &sent[1];
    war.nsentences = 1;
    assert_int_equal(sr_vec_push(&rec->incidents, war), SITREP_OK);

    sitrep_summary *s = &rec->summary;
    s->present = 1;
    s->location = "idlib";
    s->actor = "unknown";
    s->cause_of_death = "shelling";
    s->nb_civilians = 12;
    s->nb_children = 5;
    strcpy(s->date, "2016-03-14");
    s->main_incident = 0;
    assert_int_equal(sr_record_warn(rec, "%s", "the perpetrator is not named: warplanes of no stated air force"),
                     SITREP_OK);
    return rec;
}

static void test_explain_handmade(void **state)
{
    (void)state;
    sitrep_record *rec = handmade_record();
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(sitrep_record_explain(rec, 0, fp), SITREP_OK);
    size_t len;
    char *got = read_all(fp, &len);
    fclose(fp);

    /* every line fits 120 columns; the evidence words are marked */
    for (char *line = got, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        assert_non_null(nl);
        *nl = '\0';
        if (sr_text_columns(line) > 120)
            fail_msg("line wider than 120 columns: %s", line);
        *nl = '\n';
    }
    assert_non_null(strstr(got, "[At least 12 civilians]"));
    assert_non_null(strstr(got, "rule count.subject_passive"));
    assert_non_null(strstr(got, "summary from incident 0"));

    const char *golden = "tests/golden/explain/handmade.expected";
    if (getenv("GOLDEN_UPDATE")) {
        FILE *out = fopen(golden, "wb");
        assert_non_null(out);
        fwrite(got, 1, len, out);
        fclose(out);
    }
    FILE *gf = fopen(golden, "rb");
    if (!gf)
        fail_msg("%s is missing (GOLDEN_UPDATE=1 writes it)", golden);
    size_t wlen;
    char *want = read_all(gf, &wlen);
    fclose(gf);
    if (len != wlen || memcmp(got, want, len) != 0)
        fail_msg("--explain differs from %s (GOLDEN_UPDATE=1 rewrites it); got:\n%s", golden, got);
    free(want);

    /* with color: ANSI bold instead of brackets */
    fp = tmpfile();
    assert_int_equal(sitrep_record_explain(rec, SITREP_EXPLAIN_COLOR, fp), SITREP_OK);
    char *colored = read_all(fp, NULL);
    fclose(fp);
    assert_non_null(strstr(colored, SR_BOLD_OPEN "At least 12 civilians" SR_BOLD_CLOSE));
    assert_null(strstr(colored, "[At least 12 civilians]"));
    free(colored);
    free(got);
    sitrep_record_free(rec);
}

/* ---- eval over a records file (no extraction) ---- */

static const char FAKES_GOLD[] =
    "unit_id,source,date,title,content,location,actor,cause_of_death,nb_civilians,nb_noncivilians,"
    "nb_children,nb_women,label\r\n"
    "1,sana,2016-01-02,T1,\"Text one, with a comma\",aleppo,unknown,shelling,5,0,0,0,1\r\n"
    "2,sana,2016-01-03,T2,Text two,idlib,unknown,explosion,3,1,0,0,0\r\n"
    "2,sana,2016-01-03,T2b,Text two again,aleppo,armed opposition groups,explosion,4,1,0,0,0\r\n"
    "3,reuters,2016-01-04,T3,Text three,aleppo,unknown,shelling,0,0,0,0,1\r\n";

static const char FAKES_RECORDS[] =
    /* 1: location and numbers right (as a padded upper-case string, a string number) */
    "{\"doc\":{\"id\":\"1\",\"published\":\"2016-01-02\",\"text\":\"Text one, with a comma\"},\"incidents\":[],"
    "\"summary\":{\"location\":\" ALEPPO \",\"actor\":\"unknown\",\"cause_of_death\":\"shelling\","
    "\"nb_civilians\":\"5\",\"nb_noncivilians\":0,\"nb_children\":0,\"nb_women\":0,\"main_incident\":null}}\n"
    "\n"
    /* 2 (an integer id): scored against both rows of id 2 */
    "{\"doc\":{\"id\":2,\"published\":null},\"incidents\":[{\"counts\":[{\"outcome\":\"killed\",\"group\":"
    "\"people\",\"min\":3,\"max\":null,\"qualifier\":\"exact\",\"evidence\":{\"start\":0,\"end\":4,"
    "\"text\":\"Text\",\"rule\":\"r1\"}}]}],\"summary\":{\"location\":\"idlib\",\"actor\":null,"
    "\"cause_of_death\":\"explosion\",\"nb_civilians\":3.0,\"nb_noncivilians\":1,\"nb_children\":0,"
    "\"nb_women\":0,\"main_incident\":0}}\n"
    /* a second record of id 2 is not used (the first wins) */
    "{\"doc\":{\"id\":\"2\"},\"summary\":{\"location\":\"aleppo\"}}\n"
    "not json\n"
    /* id 3 has no record: "" and 0 */
    "{\"doc\":{\"id\":\"9\"},\"summary\":null}\n";

static sitrep_eval *run_eval(const char *gold, const char *records, int misses, const char *field)
{
    sitrep_eval_options o = {0};
    o.records_path = records;
    o.misses = misses;
    o.miss_field = field;
    sitrep_eval *ev = NULL;
    char err[512] = "";
    sitrep_status st = sitrep_eval_run(NULL, gold, &o, &ev, err, sizeof err);
    if (st != SITREP_OK)
        fail_msg("eval: %s (%s)", sitrep_status_str(st), err);
    return ev;
}

static void test_eval_records(void **state)
{
    (void)state;
    const char *gold = write_tmp("fakes.csv", FAKES_GOLD, sizeof FAKES_GOLD - 1);
    const char *recs = write_tmp("fakes.jsonl", FAKES_RECORDS, sizeof FAKES_RECORDS - 1);
    sitrep_eval *ev = run_eval(gold, recs, 1, NULL);
    assert_int_equal(sitrep_eval_kind(ev), SITREP_GOLD_FAKES);
    size_t rows, records, n;
    sitrep_eval_totals(ev, &rows, &records);
    assert_int_equal(rows, 4);
    assert_int_equal(records, 3); /* distinct ids in the file: 1, 2, 9 */
    const sitrep_eval_score *s = sitrep_eval_scores(ev, &n);
    assert_int_equal(n, 8);
    assert_string_equal(s[0].field, "location");
    /* location: row 1 " ALEPPO " -> aleppo ok; row 2 idlib ok; row 3 idlib vs aleppo; row 4 "" */
    assert_int_equal(s[0].correct, 2);
    assert_true(s[0].has_majority);
    assert_string_equal(s[0].majority_answer, "aleppo");
    assert_true(s[0].majority == 0.75);
    const sitrep_eval_score *actor = sitrep_eval_score_of(ev, "actor");
    /* a null actor reads as "": only row 1 */
    assert_int_equal(actor->correct, 1);
    const sitrep_eval_score *civ = sitrep_eval_score_of(ev, "nb_civilians");
    /* "5" == 5; 3.0 == 3; 3 != 4; 0 == 0 (no record) */
    assert_int_equal(civ->correct, 3);
    const sitrep_eval_score *pub = sitrep_eval_score_of(ev, "published");
    assert_int_equal(pub->correct, 1);
    assert_false(pub->has_majority);
    assert_null(sitrep_eval_score_of(ev, "exact"));
    size_t nwarn;
    const char *const *w = sitrep_eval_warnings(ev, &nwarn);
    assert_int_equal(nwarn, 1); /* the line that is not JSON */
    assert_non_null(strstr(w[0], ":5: not a JSON record"));

    FILE *fp = tmpfile();
    assert_int_equal(sitrep_eval_write(ev, SITREP_EVAL_TEXT, 0, fp), SITREP_OK);
    char *text = read_all(fp, NULL);
    fclose(fp);
    assert_non_null(strstr(text, "confusion: location"));
    assert_non_null(strstr(text, "row 3 (line 4) id 2  location: gold \"aleppo\", predicted \"idlib\""));
    assert_non_null(strstr(text, "killed people 3"));
    assert_non_null(strstr(text, "  location            0.500         2/4     0.750   aleppo"));
    free(text);

    fp = tmpfile();
    assert_int_equal(sitrep_eval_write(ev, SITREP_EVAL_JSON, 0, fp), SITREP_OK);
    char *json = read_all(fp, NULL);
    fclose(fp);
    assert_non_null(strstr(json, "\"kind\":\"fakes\",\"rows\":4,\"records\":3"));
    assert_non_null(strstr(json, "\"location\":{\"accuracy\":0.5,\"correct\":2,\"rows\":4,\"majority\":0.75"));
    assert_non_null(strstr(json, "{\"gold\":\"aleppo\",\"predicted\":\"idlib\",\"rows\":1}"));
    free(json);
    sitrep_eval_free(ev);

    /* --field: only that field's misses */
    ev = run_eval(gold, recs, 1, "actor");
    fp = tmpfile();
    sitrep_eval_write(ev, SITREP_EVAL_JSON, 0, fp);
    json = read_all(fp, NULL);
    fclose(fp);
    assert_null(strstr(json, "\"field\":\"location\""));
    assert_non_null(strstr(json, "\"field\":\"actor\""));
    free(json);
    sitrep_eval_free(ev);
}

static void test_eval_wad(void **state)
{
    (void)state;
    const char gold_text[] = "event_id,date,country,deaths,description\n"
                             "w1,2016-01-01,CMR,12,Bombers killed 12 people.\n"
                             "w2,2016-01-02,NGA,5,Gunmen killed five.\n"
                             "w3,2016-01-03,NGA,bad,Nothing.\n";
    const char recs_text[] =
        "{\"doc\":{\"id\":\"w1\"},\"incidents\":[{\"counts\":[{\"outcome\":\"injured\",\"min\":12},"
        "{\"outcome\":\"killed\",\"min\":12.0}]}],\"summary\":{\"nb_civilians\":12}}\n"
        "{\"doc\":{\"id\":\"w2\"},\"incidents\":[{\"counts\":[{\"outcome\":\"killed\",\"min\":null}]},"
        "{\"counts\":[{\"outcome\":\"killed\",\"min\":5}]}],\"summary\":null}\n";
    const char *gold = write_tmp("wad.csv", gold_text, sizeof gold_text - 1);
    const char *recs = write_tmp("wad.jsonl", recs_text, sizeof recs_text - 1);
    sitrep_eval *ev = run_eval(gold, recs, 0, NULL);
    assert_int_equal(sitrep_eval_kind(ev), SITREP_GOLD_WAD);
    const sitrep_eval_score *exact = sitrep_eval_score_of(ev, "exact");
    const sitrep_eval_score *killed = sitrep_eval_score_of(ev, "killed_count");
    assert_int_equal(exact->rows, 3);
    assert_int_equal(exact->correct, 1);  /* w1 */
    assert_int_equal(killed->correct, 2); /* w1 (12.0 == 12), w2 (a later incident) */
    size_t nwarn;
    sitrep_eval_warnings(ev, &nwarn);
    assert_int_equal(nwarn, 1); /* "bad" is not a whole number */
    sitrep_eval_free(ev);
}

static void test_eval_errors(void **state)
{
    (void)state;
    sitrep_eval_options o = {0};
    sitrep_eval *ev = NULL;
    char err[512];
    const char *recs = write_tmp("empty.jsonl", "", 0);
    o.records_path = recs;
    assert_int_equal(sitrep_eval_run(NULL, tmp_path("absent.csv"), &o, &ev, err, sizeof err), SITREP_EIO);
    assert_null(ev);
    assert_non_null(strstr(err, "absent.csv"));
    const char *other = write_tmp("other.csv", "a,b\n1,2\n", 8);
    assert_int_equal(sitrep_eval_run(NULL, other, &o, &ev, err, sizeof err), SITREP_EINPUT);
    assert_non_null(strstr(err, "not a gold file"));
    const char *lacking = write_tmp("lacking.csv", "unit_id,content,title\n1,x,y\n", 27);
    assert_int_equal(sitrep_eval_run(NULL, lacking, &o, &ev, err, sizeof err), SITREP_EINPUT);
    assert_non_null(strstr(err, "lacks the columns: source location actor"));
    const char *header_only = write_tmp("header.csv", "event_id,description,deaths\n", 28);
    assert_int_equal(sitrep_eval_run(NULL, header_only, &o, &ev, err, sizeof err), SITREP_EINPUT);
    assert_non_null(strstr(err, "no rows"));
    const char *wad = write_tmp("w.csv", "event_id,description,deaths\nw1,x,1\n", 35);
    o.miss_field = "location";
    assert_int_equal(sitrep_eval_run(NULL, wad, &o, &ev, err, sizeof err), SITREP_EUSAGE);
    assert_non_null(strstr(err, "exact killed_count"));
    o.miss_field = NULL;
    o.records_path = NULL;
    assert_int_equal(sitrep_eval_run(NULL, wad, &o, &ev, err, sizeof err), SITREP_EUSAGE);
    assert_string_equal(sitrep_gold_kind_name(SITREP_GOLD_WAD), "wad");
    assert_string_equal(sitrep_eval_fields(SITREP_GOLD_FAKES)[7], "published");
    assert_null(sitrep_eval_fields(SITREP_GOLD_FAKES)[8]);
}

/* ---- eval with extraction: the counts hold whatever extraction finds ---- */

static void test_eval_extracts(void **state)
{
    (void)state;
    sitrep_ctx *ctx = NULL;
    char err[512];
    if (sitrep_open(NULL, &ctx, err, sizeof err) != SITREP_OK)
        fail_msg("sitrep_open: %s", err);
    const char *gold = write_tmp("fakes2.csv", FAKES_GOLD, sizeof FAKES_GOLD - 1);
    sitrep_eval_options o = {0};
    o.misses = 1;
    sitrep_eval *ev = NULL;
    assert_int_equal(sitrep_eval_run(ctx, gold, &o, &ev, err, sizeof err), SITREP_OK);
    size_t rows, records;
    sitrep_eval_totals(ev, &rows, &records);
    assert_int_equal(rows, 4);
    assert_int_equal(records, 3); /* one document per distinct unit_id */
    FILE *fp = tmpfile();
    assert_int_equal(sitrep_eval_write(ev, SITREP_EVAL_TEXT, SITREP_EVAL_COLOR, fp), SITREP_OK);
    fclose(fp);
    sitrep_eval_free(ev);
    sitrep_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_fields),
        cmocka_unit_test(test_csv_newlines_in_fields),
        cmocka_unit_test(test_csv_bad_records),
        cmocka_unit_test(test_py_rules),
        cmocka_unit_test(test_snippet),
        cmocka_unit_test(test_explain_handmade),
        cmocka_unit_test(test_eval_records),
        cmocka_unit_test(test_eval_wad),
        cmocka_unit_test(test_eval_errors),
        cmocka_unit_test(test_eval_extracts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
