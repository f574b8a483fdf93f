/* serve_api.c - pasted articles: the form, POST /paste and POST
 * /api/extract. A pasted text is extracted and shown without being stored,
 * unless the server runs with --allow-ingest and the request asks for it. */
#include "json.h"
#include "serve.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sr_page_paste_form(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs)
{
    sr_buf *b = &rs->body;
    sr_html_begin(b, "Paste an article", "paste");
    sr_buf_puts(b, "<div class=\"narrow\"><h1>Paste an article</h1>"
                   "<p class=\"lede\">The text is read as the extractor reads any article: every figure, date, "
                   "place, perpetrator, cause and claimant it finds is marked in the text, beside what it became.</p>"
                   "<form method=\"post\" action=\"/paste\" accept-charset=\"utf-8\" class=\"paste\">"
                   "<label class=\"full\">Article text<textarea name=\"text\" rows=\"16\" required "
                   "placeholder=\"Paste the article here, as it was published.\"></textarea></label>"
                   "<div class=\"row\"><label>Published<input type=\"date\" name=\"published\"></label>"
                   "<label>Outlet<input name=\"source\" maxlength=\"200\" placeholder=\"e.g. reuters\"></label>"
                   "<label class=\"grow\">Title<input name=\"title\" maxlength=\"500\"></label></div>");
    if (s->allow_ingest && s->db_path)
        sr_buf_puts(b, "<label class=\"check\"><input type=\"checkbox\" name=\"store\" value=\"1\"> "
                       "also store it in the database</label>");
    sr_buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Extract</button></div></form>");
    if (!(s->allow_ingest && s->db_path))
        sr_buf_puts(b, "<p class=\"muted\">Nothing you paste is stored: this server was not started with "
                       "<code>--allow-ingest</code>.</p>");
    sr_buf_puts(b, "<p class=\"muted\">The same as JSON: <code>curl --data-binary @article.txt "
                   "'http://HOST/api/extract?published=2016-12-13'</code></p></div>");
    sr_html_end(b);
    (void)rq;
}

/* The record as JSON with its text, rules and boilerplate spans. */
sitrep_status sr_api_record(sr_buf *b, const sitrep_record *rec)
{
    char *json = NULL;
    size_t len = 0;
    sitrep_status st = sitrep_record_json(rec, SITREP_JSON_TEXT | SITREP_JSON_RULES, &json, &len);
    if (st != SITREP_OK)
        return st;
    /* the record is one object: add "boilerplate" before its closing brace */
    while (len && json[len - 1] != '}')
        len--;
    if (!len) {
        sitrep_free(json);
        return SITREP_EINPUT;
    }
    sr_buf_put(b, json, len - 1);
    sitrep_free(json);
    size_t n = 0;
    const sitrep_span *bp = sitrep_record_boilerplate(rec, &n);
    sr_buf_puts(b, ",\"boilerplate\":[");
    for (size_t i = 0; i < n; i++)
        sr_buf_printf(b, "%s[%u,%u]", i ? "," : "", bp[i].start, bp[i].end);
    sr_buf_puts(b, "]}");
    return b->data ? SITREP_OK : SITREP_ENOMEM;
}

typedef struct paste {
    char *text, *published, *source, *title;
    size_t text_len;
    int store;
    json_t *root; /* when the values point into a JSON document */
} paste;

static void paste_free(paste *p)
{
    if (p->root) {
        json_decref(p->root);
    } else {
        free(p->text);
        free(p->published);
        free(p->source);
        free(p->title);
    }
}

static char *dup_arg(const sr_http_req *rq, const char *name)
{
    const char *v = rq->arg ? rq->arg(rq->arg_h, name) : NULL;
    return v && *v ? strdup(v) : NULL;
}

/* Reads the pasted text and its metadata from the body; returns 0, or an
 * HTTP status with msg set. */
static int read_paste(const sr_http_req *rq, paste *p, const char **msg)
{
    const char *ct = rq->content_type ? rq->content_type : "";
    if (!strncasecmp(ct, "application/json", 16)) {
        json_error_t jerr;
        p->root = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
        if (!json_is_object(p->root)) {
            *msg = "the body is not a JSON object";
            return 400;
        }
        json_t *t = json_object_get(p->root, "text");
        if (!json_is_string(t)) {
            *msg = "the JSON object has no \"text\" string";
            return 400;
        }
        p->text = (char *)json_string_value(t);
        p->text_len = json_string_length(t);
        static const char *const keys[] = {"published", "source", "title"};
        char **dst[] = {&p->published, &p->source, &p->title};
        for (size_t i = 0; i < 3; i++) {
            json_t *v = json_object_get(p->root, keys[i]);
            if (json_is_string(v))
                *dst[i] = (char *)json_string_value(v);
            else if (v && !json_is_null(v)) {
                *msg = "published, source and title must be strings";
                return 400;
            }
        }
        json_t *st = json_object_get(p->root, "store");
        p->store = json_is_true(st);
        return 0;
    }
    if (!strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
        p->text = sr_form_value(rq->body, rq->body_len, "text");
        p->published = sr_form_value(rq->body, rq->body_len, "published");
        p->source = sr_form_value(rq->body, rq->body_len, "source");
        p->title = sr_form_value(rq->body, rq->body_len, "title");
        char *st = sr_form_value(rq->body, rq->body_len, "store");
        p->store = st && *st && strcmp(st, "0");
        free(st);
        p->text_len = p->text ? strlen(p->text) : 0;
        return 0;
    }
    if (*ct && strncasecmp(ct, "text/plain", 10) != 0) {
        *msg = "send the text as text/plain, application/json or a form";
        return 415;
    }
    /* the body is the text; metadata from the query */
    p->text = malloc(rq->body_len + 1);
    if (!p->text) {
        *msg = "out of memory";
        return 500;
    }
    memcpy(p->text, rq->body, rq->body_len);
    p->text[rq->body_len] = '\0';
    p->text_len = rq->body_len;
    p->published = dup_arg(rq, "published");
    p->source = dup_arg(rq, "source");
    p->title = dup_arg(rq, "title");
    int store = 0;
    if (sr_arg_bool(rq, "store", &store) != 0) {
        *msg = "store must be 0 or 1";
        return 400;
    }
    p->store = store;
    return 0;
}

static int empty_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!sr_isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

void sr_page_extract(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, int json)
{
    paste p = {0};
    const char *msg = NULL;
    int status = read_paste(rq, &p, &msg);
    sitrep_doc *doc = NULL;
    sitrep_record *rec = NULL;
    if (!status && (!p.text || empty_text(p.text, p.text_len)))
        status = 400, msg = "there is no text to extract";
    if (!status && ((p.source && strlen(p.source) > 200) || (p.title && strlen(p.title) > 500)))
        status = 400, msg = "the outlet or the title is too long";
    if (!status && p.store && !(s->allow_ingest && s->db_path))
        status = 403, msg = "this server does not store pasted articles (start it with --allow-ingest and --db)";
    if (!status && sitrep_doc_new(p.text, p.text_len, &doc) != SITREP_OK)
        status = 500, msg = "out of memory";
    if (!status && p.published && *p.published &&
        sitrep_doc_set(doc, SITREP_DOC_PUBLISHED, p.published) != SITREP_OK)
        status = 400, msg = "published must be a date as YYYY-MM-DD";
    if (!status && p.source && *p.source && sitrep_doc_set(doc, SITREP_DOC_SOURCE, p.source) != SITREP_OK)
        status = 500, msg = "out of memory";
    if (!status && p.title && *p.title && sitrep_doc_set(doc, SITREP_DOC_TITLE, p.title) != SITREP_OK)
        status = 500, msg = "out of memory";
    char stored_id[300] = "";
    char err[SR_ERRMSG_MAX] = "";
    if (!status && p.store) {
        sr_sq *q = sr_srv_acquire(s, err);
        sitrep_status st = q ? sr_sq_ingest(q, s->ctx, doc, stored_id, sizeof stored_id, err) : SITREP_EDB;
        if (q)
            sr_srv_release(s, q);
        if (st != SITREP_OK)
            status = 500, msg = err[0] ? err : "the store failed";
    }
    if (!status && !json && stored_id[0]) {
        /* stored: show it where it now lives */
        sr_buf u = {0};
        sr_buf_puts(&u, "/docs/");
        sr_url_enc(&u, stored_id);
        rs->status = 303;
        snprintf(rs->location, sizeof rs->location, "%s", u.data ? u.data : "/");
        sr_buf_free(&u);
        sr_buf_puts(&rs->body, "stored");
        goto out;
    }
    if (!status) {
        sitrep_status st = sitrep_extract(s->ctx, doc, &rec);
        if (st != SITREP_OK)
            status = st == SITREP_ENOMEM ? 500 : 400, msg = sitrep_status_str(st);
    }
    if (status) {
        if (json)
            sr_resp_json_error(rs, status, msg);
        else
            sr_resp_error(rs, status, msg);
        goto out;
    }
    if (json) {
        rs->ctype = "application/json";
        sr_buf_puts(&rs->body, "{\"stored\":");
        if (stored_id[0])
            sr_json_cstr(&rs->body, stored_id);
        else
            sr_buf_puts(&rs->body, "null");
        sr_buf_puts(&rs->body, ",\"record\":");
        sr_api_record(&rs->body, rec);
        sr_buf_puts(&rs->body, "}\n");
    } else {
        const sitrep_docinfo *d = sitrep_record_doc(rec);
        sr_html_begin(&rs->body, d->title && *d->title ? d->title : "Pasted article", "paste");
        sr_html_article(&rs->body, rec, NULL, 0, "Extracted from the pasted text; not stored.");
        sr_html_end(&rs->body);
    }
out:
    sitrep_record_free(rec);
    sitrep_doc_free(doc);
    paste_free(&p);
}
