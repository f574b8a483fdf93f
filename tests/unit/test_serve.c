/* test_serve.c - the web view without a network: escaping, the article
 * view of a hostile text, routing and path checks, argument checks, form
 * bodies, TopoJSON outlines, the map and the timeline; and the pages of a
 * real store: the article as stored (after its stored rows change), each
 * claimed figure beside its report's stored sentence, totals from the
 * database. */
#include <stdlib.h>
#include <string.h>

#include "storetest.h"

#include <sqlite3.h>
#include <unistd.h>

#include "record.h"
#include "serve.h"

/* ---- helpers ---- */

typedef struct kv {
    const char *k, *v;
} kv;

static const char *fake_arg(void *h, const char *name)
{
    for (const kv *p = h; p && p->k; p++)
        if (!strcmp(p->k, name))
            return p->v;
    return NULL;
}

static sr_srv srv;

static int setup(void **state)
{
    char err[SR_ERRMSG_MAX] = "";
    /* no store, no context, no outlines: what needs none of them */
    setenv("SITREP_MAP", "/nonexistent/countries.json", 1);
    assert_int_equal(sr_srv_init(&srv, NULL, NULL, 0, NULL, err), SITREP_OK);
    (void)state;
    return 0;
}

static int teardown(void **state)
{
    sr_srv_fini(&srv);
    (void)state;
    return 0;
}

static int request_on(sr_srv *s, const char *method, const char *path, const kv *args, sr_http_resp *rs)
{
    sr_http_req rq = {.method = method, .path = path, .arg = fake_arg, .arg_h = (void *)args, .body = "", .body_len = 0};
    memset(rs, 0, sizeof *rs);
    sr_serve_handle(s, &rq, rs);
    return rs->status;
}

static int request(const char *method, const char *path, const kv *args, sr_http_resp *rs)
{
    return request_on(&srv, method, path, args, rs);
}

static int status_of(const char *method, const char *path, const kv *args)
{
    sr_http_resp rs;
    int st = request(method, path, args, &rs);
    sr_buf_free(&rs.body);
    return st;
}

static char *esc(const char *s, size_t n)
{
    sr_buf b = {0};
    assert_int_equal(sr_html_esc(&b, s, n), SITREP_OK);
    return b.data ? b.data : strdup("");
}

/* ---- escaping ---- */

static void test_escape(void **state)
{
    const char *in = "<script>alert('x')</script> & \"q\"";
    char *o = esc(in, strlen(in));
    assert_string_equal(o, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    free(o);
    o = esc("a\x01" "b\x7f" "c\0d", 7);
    assert_string_equal(o, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d");
    free(o);
    o = esc("caf\xC3\xA9 \xE9t\xC3", 9); /* one valid, one Latin-1 byte, one cut sequence */
    assert_string_equal(o, "caf\xC3\xA9 \xEF\xBF\xBDt\xEF\xBF\xBD");
    free(o);
    o = esc("line\r\nnext", 10);
    assert_string_equal(o, "line\nnext");
    free(o);
    sr_buf b = {0};
    sr_url_enc(&b, "a b/c?d=\"<x>\"");
    assert_string_equal(b.data, "a%20b%2Fc%3Fd%3D%22%3Cx%3E%22");
    sr_buf_free(&b);
    (void)state;
}

static void test_numbers(void **state)
{
    char t[64];
    sr_fmt_int(t, sizeof t, 1234567);
    assert_string_equal(t, "1,234,567");
    sr_fmt_int(t, sizeof t, 0);
    assert_string_equal(t, "0");
    sr_fmt_count(t, sizeof t, 82, -1, SITREP_QUAL_AT_LEAST);
    assert_string_equal(t, "at least 82");
    sr_fmt_count(t, sizeof t, 5000, 11000, SITREP_QUAL_RANGE);
    assert_string_equal(t, "5,000\xE2\x80\x93" "11,000");
    sr_fmt_count(t, sizeof t, 13, 13, SITREP_QUAL_EXACT);
    assert_string_equal(t, "13");
    (void)state;
}

/* ---- the article view of a hostile text ---- */

static const char hostile[] =
    "Breaking <script>alert('pwned')</script>\n"
    "Skip to content\n"
    "At least 82 civilians were killed in <b onmouseover=\"alert(1)\">Aleppo</b> on Monday, "
    "<a href=\"javascript:alert(2)\">the UN</a> said.\n"
    "<img src=x onerror=alert(3)>\n";

static sitrep_record *hostile_record(void)
{
    sitrep_record *rec = sr_record_new();
    assert_non_null(rec);
    sr_arena *a = &rec->arena;
    rec->doc.text = sr_arena_strdup(a, hostile);
    rec->doc.text_len = strlen(hostile);
    rec->doc.id = sr_arena_strdup(a, "doc\"<1>");
    rec->doc.title = sr_arena_strdup(a, "<script>alert('title')</script>");
    rec->doc.source = sr_arena_strdup(a, "<i>outlet</i>");
    rec->doc.url = sr_arena_strdup(a, "javascript:alert(4)");
    rec->doc.published = "2016-12-13";
    rec->doc.published_from = "input";
    const char *t = hostile;
    uint32_t c0 = (uint32_t)(strstr(t, "At least 82 civilians") - t);
    uint32_t aleppo = (uint32_t)(strstr(t, "Aleppo") - t);
    uint32_t un = (uint32_t)(strstr(t, "the UN") - t);
    uint32_t mon = (uint32_t)(strstr(t, "Monday") - t);
    uint32_t bp = (uint32_t)(strstr(t, "Skip to content") - t);
    sitrep_count *cnt = sr_arena_alloc(a, sizeof *cnt);
    *cnt = (sitrep_count){SITREP_OUTCOME_KILLED, SITREP_GROUP_CIVILIANS, 82, -1, SITREP_QUAL_AT_LEAST,
                          {c0, c0 + 21, "count.<rule>"}};
    sitrep_incident in = {0};
    in.counts = cnt;
    in.ncounts = 1;
    in.place.present = 1;
    in.place.name = "Aleppo <x>";
    in.place.admin1 = "Aleppo";
    memcpy(in.place.country, "SY", 3);
    in.place.lat = 36.2;
    in.place.lon = 37.16;
    in.place.evidence = (sitrep_evidence){aleppo, aleppo + 6, "gazetteer"};
    in.date.present = 1;
    memcpy(in.date.from, "2016-12-12", 11);
    memcpy(in.date.to, "2016-12-12", 11);
    in.date.precision = SITREP_PREC_DAY;
    in.date.evidence = (sitrep_evidence){mon, mon + 6, "date.weekday"};
    in.claimed_by.present = 1;
    in.claimed_by.name = "the UN";
    in.claimed_by.evidence = (sitrep_evidence){un, un + 6, "claim.said"};
    /* an overlapping span: the cause over "civilians were killed in" */
    in.cause.present = 1;
    in.cause.category = SITREP_CAUSE_SHOOTING;
    in.cause.evidence = (sitrep_evidence){c0 + 12, aleppo + 3, "cause.test"};
    assert_int_equal(sr_vec_push(&rec->incidents, in), SITREP_OK);
    sitrep_span s = {bp, bp + 15};
    assert_int_equal(sr_vec_push(&rec->boiler, s), SITREP_OK);
    return rec;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_article_escapes(void **state)
{
    sitrep_record *rec = hostile_record();
    sr_buf b = {0};
    int64_t fused[1] = {7};
    sr_html_begin(&b, sitrep_record_doc(rec)->title, NULL);
    assert_int_equal(sr_html_article(&b, rec, fused, 1, "note <b>"), SITREP_OK);
    sr_html_end(&b);
    const char *h = b.data;
    /* the only script is the app's own */
    assert_int_equal(count_of(h, "<script"), 1);
    assert_non_null(strstr(h, "<script src=\"/assets/app.js\" defer></script>"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"));
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "<b onmouseover"));
    assert_null(strstr(h, "href=\"javascript:"));
    assert_non_null(strstr(h, "&lt;a href=&quot;javascript:alert(2)&quot;&gt;"));
    assert_null(strstr(h, "<i>outlet"));
    assert_non_null(strstr(h, "note &lt;b&gt;"));
    /* the url is shown as text, not as a link */
    assert_non_null(strstr(h, "<dd class=\"url\">javascript:alert(4)</dd>"));
    /* every kind is marked, marks are balanced, boilerplate greyed */
    assert_non_null(strstr(h, "<mark class=\"k-count\""));
    assert_non_null(strstr(h, "<mark class=\"k-place\""));
    assert_non_null(strstr(h, "<mark class=\"k-date\""));
    assert_non_null(strstr(h, "<mark class=\"k-claimant\""));
    assert_non_null(strstr(h, "<mark class=\"k-cause\""));
    assert_int_equal(count_of(h, "<mark "), count_of(h, "</mark>"));
    assert_non_null(strstr(h, "<span class=\"bp\" title=\"boilerplate: not read by extraction\">Skip to content</span>"));
    /* what each span became, and the rule, escaped */
    assert_non_null(strstr(h, "killed civilians: at least 82"));
    assert_non_null(strstr(h, "count.&lt;rule&gt;"));
    assert_non_null(strstr(h, "Aleppo &lt;x&gt;"));
    assert_non_null(strstr(h, "href=\"/incidents/7\""));
    /* anchors for links from incident pages */
    assert_non_null(strstr(h, "id=\"at-"));
    sr_buf_free(&b);
    /* JSON of the record carries the boilerplate */
    assert_int_equal(sr_api_record(&b, rec), SITREP_OK);
    assert_non_null(strstr(b.data, "\"boilerplate\":[["));
    assert_null(strstr(b.data, "<script"));
    sr_buf_free(&b);
    sitrep_record_free(rec);
    (void)state;
}

/* The text of the article view, with the tags taken out, is the article. */
static void test_article_text_kept(void **state)
{
    sitrep_record *rec = hostile_record();
    sr_buf b = {0};
    assert_int_equal(sr_html_article(&b, rec, NULL, 0, NULL), SITREP_OK);
    const char *s = strstr(b.data, "<article class=\"text\" id=\"text\">");
    assert_non_null(s);
    s += strlen("<article class=\"text\" id=\"text\">");
    const char *e = strstr(s, "</article>");
    assert_non_null(e);
    sr_buf plain = {0};
    int in_tag = 0;
    for (const char *p = s; p < e; p++) {
        if (*p == '<')
            in_tag = 1;
        else if (*p == '>' && in_tag)
            in_tag = 0;
        else if (!in_tag)
            sr_buf_putc(&plain, *p);
    }
    char *want = esc(hostile, strlen(hostile));
    assert_string_equal(plain.data, want);
    free(want);
    sr_buf_free(&plain);
    sr_buf_free(&b);
    sitrep_record_free(rec);
    (void)state;
}

/* ---- routes ---- */

static void test_paths(void **state)
{
    assert_int_equal(status_of("GET", "/healthz", NULL), 200);
    assert_int_equal(status_of("GET", "/", NULL), 302);
    assert_int_equal(status_of("GET", "/paste", NULL), 200);
    assert_int_equal(status_of("GET", "/assets/app.css", NULL), 200);
    assert_int_equal(status_of("GET", "/assets/app.js", NULL), 200);
    assert_int_equal(status_of("GET", "/assets/icon.svg", NULL), 200);
    assert_int_equal(status_of("GET", "/assets/nothere.css", NULL), 404);
    assert_int_equal(status_of("GET", "/assets/app", NULL), 404);
    assert_int_equal(status_of("GET", "/assets/../src/serve.c", NULL), 400);
    assert_int_equal(status_of("GET", "/assets/..%2fserve.c", NULL), 400);
    assert_int_equal(status_of("GET", "/../../etc/passwd", NULL), 400);
    assert_int_equal(status_of("GET", "/assets/./app.css", NULL), 400);
    assert_int_equal(status_of("GET", "//etc/passwd", NULL), 400);
    assert_int_equal(status_of("GET", "/assets/..\\..\\x", NULL), 400);
    assert_int_equal(status_of("GET", "/etc/passwd", NULL), 404);
    assert_int_equal(status_of("GET", "/assets//etc/passwd", NULL), 400);
    assert_int_equal(status_of("GET", "/assets/web/app.css", NULL), 404);
    assert_int_equal(status_of("GET", "/assets/data\x01.css", NULL), 400);
    assert_int_equal(status_of("GET", "/docs/\xff\xfe", NULL), 400);
    assert_int_equal(status_of("GET", "/nothing", NULL), 404);
    assert_int_equal(status_of("PUT", "/paste", NULL), 405);
    assert_int_equal(status_of("DELETE", "/api/incidents", NULL), 405);
    assert_int_equal(status_of("GET", "/api/extract", NULL), 405);
    assert_int_equal(status_of("GET", "/api/nothing", NULL), 404);
    /* no store: the store pages say so */
    assert_int_equal(status_of("GET", "/incidents", NULL), 404);
    assert_int_equal(status_of("GET", "/api/incidents", NULL), 404);
    char longp[3000];
    memset(longp, 'a', sizeof longp);
    longp[0] = '/';
    longp[sizeof longp - 1] = '\0';
    assert_int_equal(status_of("GET", longp, NULL), 414);

    sr_http_resp rs;
    assert_int_equal(request("GET", "/assets/app.css", NULL, &rs), 200);
    assert_string_equal(rs.ctype, "text/css; charset=utf-8");
    assert_true(rs.cacheable);
    sr_buf_free(&rs.body);
    assert_int_equal(request("GET", "/api/nothing", NULL, &rs), 404);
    assert_string_equal(rs.ctype, "application/json");
    assert_non_null(strstr(rs.body.data, "\"error\""));
    sr_buf_free(&rs.body);
    (void)state;
}

static void test_bad_args(void **state)
{
    const kv bad_date[] = {{"from", "2016-13-45"}, {0, 0}};
    const kv bad_date2[] = {{"to", "yesterday"}, {0, 0}};
    const kv reversed[] = {{"from", "2017-01-02"}, {"to", "2016-01-01"}, {0, 0}};
    const kv bad_cause[] = {{"cause", "<script>"}, {0, 0}};
    const kv bad_bool[] = {{"conflicting", "maybe"}, {0, 0}};
    const kv bad_limit[] = {{"limit", "99999999999999999999"}, {0, 0}};
    const kv ctl_place[] = {{"place", "Alep\x01po"}, {0, 0}};
    const kv bad_utf8[] = {{"actor", "\xC3("}, {0, 0}};
    const kv *bad[] = {bad_date, bad_date2, reversed, bad_cause, bad_bool, bad_limit, ctl_place, bad_utf8};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(status_of("GET", "/incidents", bad[i]), 400);
        assert_int_equal(status_of("GET", "/api/map", bad[i]), 400);
    }
    assert_int_equal(status_of("GET", "/incidents/12abc", NULL), 400);
    assert_int_equal(status_of("GET", "/api/incidents/-1", NULL), 400);
    /* the error page escapes nothing it was given: messages are static */
    sr_http_resp rs;
    request("GET", "/incidents", bad_cause, &rs);
    assert_null(strstr(rs.body.data, "<script>"));
    sr_buf_free(&rs.body);
    (void)state;
}

static void test_form(void **state)
{
    const char body[] = "title=A+%3Cb%3E&text=line%201%0Aline+2&store=1&bad=%zz%4";
    char *v = sr_form_value(body, strlen(body), "text");
    assert_string_equal(v, "line 1\nline 2");
    free(v);
    v = sr_form_value(body, strlen(body), "title");
    assert_string_equal(v, "A <b>");
    free(v);
    v = sr_form_value(body, strlen(body), "bad");
    assert_string_equal(v, "%zz%4");
    free(v);
    assert_null(sr_form_value(body, strlen(body), "nothere"));
    assert_null(sr_form_value(body, strlen(body), "tex"));
    (void)state;
}

/* ---- map and timeline ---- */

/* A square country (36..38 E, 34..36 N) and a neighbour, quantized. */
static const char topo[] =
    "{\"type\":\"Topology\",\"transform\":{\"scale\":[0.01,0.01],\"translate\":[30,30]},"
    "\"objects\":{\"countries\":{\"type\":\"GeometryCollection\",\"geometries\":["
    "{\"type\":\"Polygon\",\"arcs\":[[0]],\"id\":\"760\",\"properties\":{\"name\":\"Squareland <b>\"}},"
    "{\"type\":\"MultiPolygon\",\"arcs\":[[[1]]],\"id\":\"1\",\"properties\":{\"name\":\"Westland\"}},"
    "{\"type\":\"Polygon\",\"arcs\":[[-2]],\"properties\":{\"name\":\"Reversed\"}}]}},"
    "\"arcs\":[[[600,400],[200,0],[0,200],[-200,0],[0,-200]],"
    "[[500,400],[100,0],[0,200],[-100,0],[0,-200]]]}";

static void test_world(void **state)
{
    sr_world *w = NULL;
    char err[SR_ERRMSG_MAX] = "";
    sitrep_status st = sr_world_parse(topo, strlen(topo), &w, err);
    if (st != SITREP_OK)
        print_error("%s\n", err);
    assert_int_equal(st, SITREP_OK);
    assert_int_equal(sr_world_ncountries(w), 3);
    assert_int_equal(sr_world_country_at(w, 37.0, 35.0), 0);
    assert_int_equal(sr_world_country_at(w, 35.5, 35.0), 1);
    assert_int_equal(sr_world_country_at(w, 39.0, 35.0), -1);
    assert_string_equal(sr_world_country_name(w, 0), "Squareland <b>");

    sr_map_point pts[] = {{37.1, 35.2, 82, "Aleppo <script>", "/incidents/1", 1, 1, 0},
                          {36.5, 34.5, 0, "Homs", "/incidents/2", 0, 1, 0},
                          {6.1, 46.2, 5, "Geneva", "/incidents/3", 0, 1, 0}};
    sr_buf b = {0};
    assert_int_equal(sr_svg_map(&b, w, pts, 3, 960, 600), SITREP_OK);
    /* the view is the country with the most points: Geneva is outside */
    assert_false(pts[0].outside);
    assert_false(pts[1].outside);
    assert_true(pts[2].outside);
    assert_non_null(strstr(b.data, "<svg class=\"map\""));
    assert_non_null(strstr(b.data, "<g class=\"home\"><path d=\"M"));
    assert_non_null(strstr(b.data, "Squareland &lt;b&gt;"));
    assert_non_null(strstr(b.data, "Aleppo &lt;script&gt;"));
    assert_null(strstr(b.data, "<script"));
    assert_int_equal(count_of(b.data, "<circle class=\"pt"), 2);
    assert_non_null(strstr(b.data, "class=\"pt conflict\""));
    sr_buf_free(&b);
    /* no outlines: still a map of the points */
    assert_int_equal(sr_svg_map(&b, NULL, pts, 2, 960, 600), SITREP_OK);
    assert_int_equal(count_of(b.data, "<circle class=\"pt"), 2);
    assert_non_null(strstr(b.data, "not installed"));
    sr_buf_free(&b);
    sr_world_free(w);

    const char *bad[] = {"{", "[]", "{\"arcs\":[],\"objects\":{}}",
                         "{\"arcs\":[],\"objects\":{\"countries\":{\"geometries\":[{\"type\":\"Polygon\",\"arcs\":[[5]]}]}}}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        w = NULL;
        assert_int_not_equal(sr_world_parse(bad[i], strlen(bad[i]), &w, err), SITREP_OK);
        assert_null(w);
    }
    (void)state;
}

static void test_timeline(void **state)
{
    sr_day_bar bars[] = {{17147, 82, 82}, {17148, 5, 20}, {17150, 63, 63}};
    sr_buf b = {0};
    assert_int_equal(sr_svg_timeline(&b, bars, 3, 960, 240), SITREP_OK);
    assert_int_equal(count_of(b.data, "<g class=\"bar\""), 3);
    assert_non_null(strstr(b.data, "data-day=\"2016-12-12\""));
    assert_non_null(strstr(b.data, "5\xE2\x80\x93" "20 killed"));
    assert_non_null(strstr(b.data, "deaths per day"));
    sr_buf_free(&b);
    assert_int_equal(sr_svg_timeline(&b, NULL, 0, 960, 240), SITREP_OK);
    assert_non_null(strstr(b.data, "no dated deaths"));
    sr_buf_free(&b);
    /* years of data: bars by month */
    sr_day_bar span[] = {{15000, 1, 1}, {19000, 2, 2}};
    assert_int_equal(sr_svg_timeline(&b, span, 2, 960, 240), SITREP_OK);
    assert_non_null(strstr(b.data, "deaths per month"));
    sr_buf_free(&b);
    (void)state;
}


/* ---- the pages of a store ---- */

static const char story1[] = "Shelling hit the market in Douma on Monday. "
                             "At least 12 civilians were killed there, medics said.\n";
static const char story2[] = "Douma market shelled. Dr. Hamza Khatib said 19 civilians were killed "
                             "in Douma on Monday.\n";

/* A record of one incident: the count's words, its sentence and rules. */
static sitrep_record *story(const char *id, const char *text, const char *words, int64_t n, const char *sent_from)
{
    sitrep_record *rec = sr_record_new();
    sr_arena *a = &rec->arena;
    rec->doc.text = sr_arena_strdup(a, text);
    rec->doc.text_len = strlen(text);
    rec->doc.id = sr_arena_strdup(a, id);
    rec->doc.source = sr_arena_strdup(a, id);
    rec->doc.published = "2018-02-20";
    rec->doc.published_from = "input";
    uint32_t w = (uint32_t)(strstr(text, words) - text);
    uint32_t s0 = (uint32_t)(strstr(text, sent_from) - text);
    uint32_t dm = (uint32_t)(strstr(text, "Douma") - text);
    sitrep_count *c = sr_arena_alloc(a, sizeof *c);
    *c = (sitrep_count){SITREP_OUTCOME_KILLED, SITREP_GROUP_CIVILIANS, n, n, SITREP_QUAL_EXACT,
                        {w, w + (uint32_t)strlen(words), "count.passive"}};
    sitrep_span *sp = sr_arena_alloc(a, 2 * sizeof *sp);
    sp[0] = (sitrep_span){0, s0 - 1};
    sp[1] = (sitrep_span){s0, (uint32_t)strlen(text) - 1};
    sitrep_incident in = {0};
    in.counts = c;
    in.ncounts = 1;
    in.sentences = sp;
    in.nsentences = 2;
    st_douma_monday(&in, (uint32_t)(strstr(text, "Monday") - text), dm);
    assert_int_equal(sr_vec_push(&rec->incidents, in), SITREP_OK);
    return rec;
}

static void test_store_pages(void **state)
{
    char dir[] = "/tmp/sitrep-serve-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/s.db", dir);
    sitrep_store *st = NULL;
    char err[SR_ERRMSG_MAX] = "";
    assert_int_equal(sitrep_store_open(path, 0, &st, err, sizeof err), SITREP_OK);
    sitrep_record *r1 = story("s-1", story1, "At least 12 civilians were killed", 12, "At least");
    sitrep_record *r2 = story("s-2", story2, "19 civilians were killed", 19, "Dr. Hamza");
    int added;
    assert_int_equal(sitrep_store_ingest(st, r1, &added), SITREP_OK);
    assert_int_equal(sitrep_store_ingest(st, r2, &added), SITREP_OK);
    sitrep_record_free(r1);
    sitrep_record_free(r2);
    assert_int_equal(sitrep_store_fuse(st, 0, NULL), SITREP_OK);
    int64_t fid = 0;
    assert_int_equal(sitrep_store_document_fused(st, "s-1", NULL, &fid, 1), SITREP_OK);
    assert_true(fid > 0);
    sitrep_store_close(st);
    /* the stored rows change after ingest (as a later extractor would see
     * other things): the pages show the rows */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE spans SET rule = 'rule.as-stored' WHERE kind = 'place'", NULL, NULL, NULL),
                     SQLITE_OK);
    /* a summary whose location came from the words of the place */
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE documents SET sum_location = 'damascus', sum_civilians = 12 WHERE ext_id = 's-1';"
                                  "INSERT INTO spans(document_id, kind, start, end, rule)"
                                  " SELECT id, 'summary_location', instr(text, 'Douma') - 1, instr(text, 'Douma') + 4,"
                                  " 'summary.as-stored' FROM documents WHERE ext_id = 's-1'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);

    sr_srv s2;
    assert_int_equal(sr_srv_init(&s2, NULL, path, 0, NULL, err), SITREP_OK);
    sr_http_resp rs;
    char p[64];

    /* the article: the stored spans and rules, no extraction */
    assert_int_equal(request_on(&s2, "GET", "/docs/s-1", NULL, &rs), 200);
    assert_non_null(strstr(rs.body.data, "rule.as-stored"));
    assert_non_null(strstr(rs.body.data, "As stored at ingest"));
    assert_non_null(strstr(rs.body.data, "<mark class=\"k-count\""));
    /* the summary's location links to the marked words it came from, with its rule */
    assert_non_null(strstr(rs.body.data, "damascus \xE2\x86\x90 <a href=\"#m"));
    assert_non_null(strstr(rs.body.data, "<q>Douma</q></a> <code class=\"rule\">summary.as-stored</code>"));
    snprintf(p, sizeof p, "href=\"/incidents/%lld\"", (long long)fid);
    assert_non_null(strstr(rs.body.data, p));
    sr_buf_free(&rs.body);
    assert_int_equal(request_on(&s2, "GET", "/api/docs/s-2", NULL, &rs), 200);
    assert_non_null(strstr(rs.body.data, "\"rule\":\"rule.as-stored\""));
    assert_non_null(strstr(rs.body.data, "\"sentences\":[["));
    sr_buf_free(&rs.body);
    assert_int_equal(request_on(&s2, "GET", "/docs/no-such", NULL, &rs), 404);
    sr_buf_free(&rs.body);

    /* the incident: each figure beside its report's stored sentence */
    snprintf(p, sizeof p, "/incidents/%lld", (long long)fid);
    assert_int_equal(request_on(&s2, "GET", p, NULL, &rs), 200);
    const char *h = rs.body.data;
    assert_non_null(strstr(h, "<mark class=\"k-count\" data-start=\"44\">At least 12 civilians were killed</mark> there, medics said."));
    /* the sentence as extraction cut it, "Dr." and all (a rule around the
     * figure would cut there), and not the one before it */
    assert_non_null(strstr(h, ">Dr. Hamza Khatib said <mark class=\"k-count\""));
    assert_null(strstr(h, "Douma market shelled. Dr."));
    assert_non_null(strstr(h, "badge conflict"));
    assert_non_null(strstr(h, "class=\"srclabel\"")); /* the sources named in each cell, for print */
    sr_buf_free(&rs.body);
    snprintf(p, sizeof p, "/api/incidents/%lld", (long long)fid);
    assert_int_equal(request_on(&s2, "GET", p, NULL, &rs), 200);
    assert_non_null(strstr(rs.body.data, "\"sentence\":{\"start\":44,"));
    assert_non_null(strstr(rs.body.data, "\"text\":\"At least 12 civilians were killed there, medics said.\""));
    sr_buf_free(&rs.body);
    assert_int_equal(request_on(&s2, "GET", "/incidents/999999", NULL, &rs), 404);
    sr_buf_free(&rs.body);

    /* the list: totals from the database, the first rows only */
    const kv lim[] = {{"limit", "1"}, {0, 0}};
    assert_int_equal(request_on(&s2, "GET", "/api/incidents", lim, &rs), 200);
    assert_non_null(strstr(rs.body.data, "\"total\":{\"incidents\":1,\"conflicting\":1,\"claims\":2,\"killed_low\":12,"
                                         "\"killed_high\":19,\"war_wide\":0},\"shown\":1,"));
    sr_buf_free(&rs.body);
    const kv noclaims[] = {{"claims", "0"}, {0, 0}}, badclaims[] = {{"claims", "2"}, {0, 0}};
    assert_int_equal(request_on(&s2, "GET", "/api/incidents", noclaims, &rs), 200);
    assert_null(strstr(rs.body.data, "\"claims\":["));
    assert_non_null(strstr(rs.body.data, "\"claims\":2,")); /* the totals still count them */
    sr_buf_free(&rs.body);
    assert_int_equal(request_on(&s2, "GET", "/api/incidents", badclaims, &rs), 400);
    sr_buf_free(&rs.body);
    assert_int_equal(request_on(&s2, "GET", "/incidents", NULL, &rs), 200);
    assert_non_null(strstr(rs.body.data, "<b id=\"total-incidents\">1</b>"));
    assert_non_null(strstr(rs.body.data, "<b id=\"total-killed\">12\xE2\x80\x93" "19</b>"));
    assert_non_null(strstr(rs.body.data, "<b id=\"total-claims\">2</b>"));
    sr_buf_free(&rs.body);
    sr_srv_fini(&s2);
    unlink(path);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_article_escapes),
        cmocka_unit_test(test_article_text_kept),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_world),
        cmocka_unit_test(test_timeline),
        cmocka_unit_test(test_store_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
