/* serve_pages.c - the pages read from the store: the incidents (list with
 * filters and totals), one fused incident with every source's claim side by
 * side, one stored article, and the map and timeline; each also as JSON. */
#include "json.h"
#include "serve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DASH "\xE2\x80\x94"
#define NDASH "\xE2\x80\x93"

/* ---- filters ---- */

typedef struct filt {
    char from[11], to[11];
    const char *place, *actor, *cause;
    int conflicting, war;
    unsigned long limit;
    sitrep_incident_filter f;
} filt;

static const char *const causes[] = {"airstrike", "shelling", "explosion", "chemical", "shooting",
                                     "execution", "torture",   "siege",     "unknown"};

/* Reads the filter from the query; 0, or -1 with *msg set. */
static int read_filter(const sr_http_req *rq, filt *f, const char **msg)
{
    memset(f, 0, sizeof *f);
    f->limit = 500;
    if (sr_arg_date(rq, "from", f->from) || sr_arg_date(rq, "to", f->to)) {
        *msg = "from and to must be dates as YYYY-MM-DD";
        return -1;
    }
    if (f->from[0] && f->to[0] && strcmp(f->from, f->to) > 0) {
        *msg = "from must not be after to";
        return -1;
    }
    if (sr_arg_text(rq, "place", &f->place, 200) || sr_arg_text(rq, "actor", &f->actor, 200)) {
        *msg = "place and actor must be short plain text";
        return -1;
    }
    if (sr_arg_text(rq, "cause", &f->cause, 40)) {
        *msg = "unknown cause";
        return -1;
    }
    if (f->cause) {
        size_t i;
        for (i = 0; i < SR_ARRAY_LEN(causes); i++)
            if (!strcmp(f->cause, causes[i]))
                break;
        if (i == SR_ARRAY_LEN(causes)) {
            *msg = "unknown cause (airstrike, shelling, explosion, chemical, shooting, execution, torture, siege, unknown)";
            return -1;
        }
    }
    if (sr_arg_bool(rq, "conflicting", &f->conflicting) || sr_arg_bool(rq, "war", &f->war)) {
        *msg = "conflicting and war must be 0 or 1";
        return -1;
    }
    if (sr_arg_uint(rq, "limit", &f->limit, SR_SERVE_MAX_LIST)) {
        *msg = "limit must be a number up to 2000";
        return -1;
    }
    f->f.from = f->from[0] ? f->from : NULL;
    f->f.to = f->to[0] ? f->to : NULL;
    f->f.place = f->place;
    f->f.actor = f->actor;
    f->f.cause = f->cause;
    f->f.conflicting = f->conflicting;
    f->f.with_war = f->war;
    return 0;
}

/* The query string of a filter (for links between pages), escaped for an
 * attribute. */
static void filter_query(sr_buf *b, const filt *f)
{
    sr_buf q = {0};
    const char *sep = "?";
    const char *names[] = {"from", "to", "place", "actor", "cause"};
    const char *vals[] = {f->from[0] ? f->from : NULL, f->to[0] ? f->to : NULL, f->place, f->actor, f->cause};
    for (size_t i = 0; i < SR_ARRAY_LEN(names); i++) {
        if (!vals[i])
            continue;
        sr_buf_printf(&q, "%s%s=", sep, names[i]);
        sr_url_enc(&q, vals[i]);
        sep = "&";
    }
    if (f->conflicting)
        sr_buf_printf(&q, "%sconflicting=1", sep), sep = "&";
    if (f->war)
        sr_buf_printf(&q, "%swar=1", sep);
    if (q.data)
        sr_html_esc(b, q.data, q.len);
    sr_buf_free(&q);
}

static void filter_form(sr_buf *b, const filt *f, const char *action)
{
    sr_buf_printf(b, "<form class=\"filters\" method=\"get\" action=\"%s\">", action);
    const struct {
        const char *label, *attrs, *value;
    } inputs[] = {
        {"From", "type=\"date\" name=\"from\"", f->from},
        {"To", "type=\"date\" name=\"to\"", f->to},
        {"Place", "name=\"place\" maxlength=\"200\" placeholder=\"town or governorate\"", f->place},
        {"Actor", "name=\"actor\" maxlength=\"200\"", f->actor},
    };
    for (size_t i = 0; i < SR_ARRAY_LEN(inputs); i++) {
        sr_buf_printf(b, "<label>%s<input %s value=\"", inputs[i].label, inputs[i].attrs);
        sr_html_escs(b, inputs[i].value);
        sr_buf_puts(b, "\"></label>");
    }
    sr_buf_puts(b, "<label>Cause<select name=\"cause\"><option value=\"\">any</option>");
    for (size_t i = 0; i < SR_ARRAY_LEN(causes); i++)
        sr_buf_printf(b, "<option%s>%s</option>", f->cause && !strcmp(f->cause, causes[i]) ? " selected" : "",
                      causes[i]);
    sr_buf_printf(b, "</select></label><label class=\"check\"><input type=\"checkbox\" name=\"conflicting\" value=\"1\"%s> "
                     "conflicting only</label><label class=\"check\"><input type=\"checkbox\" name=\"war\" value=\"1\"%s> "
                     "war-wide totals too</label><div class=\"actions\"><button type=\"submit\">Filter</button> "
                     "<a href=\"%s\">reset</a></div></form>",
                  f->conflicting ? " checked" : "", f->war ? " checked" : "", action);
}

/* ---- shared helpers ---- */

static void store_unavailable(sr_srv *s, sr_http_resp *rs, int json, const char *err)
{
    if (json) {
        sr_resp_json_error(rs, s->db_path ? 503 : 404, err);
        return;
    }
    if (s->db_path) {
        sr_resp_error(rs, 503, err);
        return;
    }
    rs->status = 404;
    sr_buf_clear(&rs->body);
    sr_html_begin(&rs->body, "No database", NULL);
    sr_buf_puts(&rs->body, "<div class=\"narrow\"><h1>No database</h1><p>This server was started without a "
                           "database, so there are no stored incidents to show. Start it with "
                           "<code>sitrep serve --db PATH</code>, or <a href=\"/paste\">paste an article</a> to see "
                           "what extraction finds in it.</p></div>");
    sr_html_end(&rs->body);
}

/* Answers a request that cannot be served: a JSON error, or a page. */
static void reply_error(sr_http_resp *rs, int json, int status, const char *json_msg, const char *html_msg)
{
    if (json)
        sr_resp_json_error(rs, status, json_msg);
    else
        sr_resp_error(rs, status, html_msg);
}

/* A connection to the store, or NULL after answering. */
static sr_sq *acquire(sr_srv *s, sr_http_resp *rs, int json)
{
    char err[SR_ERRMSG_MAX] = "";
    sr_sq *q = sr_srv_acquire(s, err);
    if (!q)
        store_unavailable(s, rs, json, err);
    return q;
}

/* The filter of rq and a connection to the store, or NULL after answering
 * (400 for a bad filter). */
static sr_sq *acquire_filtered(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, int json, filt *f)
{
    const char *msg = NULL;
    if (read_filter(rq, f, &msg) != 0) {
        reply_error(rs, json, 400, msg, msg);
        return NULL;
    }
    return acquire(s, rs, json);
}

/* The store failed on q: releases it and answers with the store's message. */
static void store_failed(sr_srv *s, sr_sq *q, sr_http_resp *rs, int json)
{
    char err[SR_ERRMSG_MAX];
    snprintf(err, sizeof err, "%s", sitrep_store_errmsg(sr_sq_store(q)));
    sr_srv_release(s, q);
    store_unavailable(s, rs, json, err[0] ? err : "the store failed");
}

/* Ends a walk over incidents that stopped with st, and releases q: 0, or
 * -1 after answering when it stopped on an error. */
static int walk_end(sr_srv *s, sr_sq *q, sitrep_incident_iter *it, sitrep_status st, sr_http_resp *rs, int json)
{
    sitrep_incident_iter_free(it);
    if (st != SITREP_END) {
        store_failed(s, q, rs, json);
        return -1;
    }
    sr_srv_release(s, q);
    return 0;
}

static void fmt_range(char *out, size_t cap, int64_t lo, int64_t hi, int open_high)
{
    char a[32], z[32];
    if (lo < 0 && hi < 0) {
        snprintf(out, cap, DASH);
        return;
    }
    if (lo < 0)
        lo = hi;
    sr_fmt_int(a, sizeof a, lo);
    if (hi < 0 || hi == lo) {
        snprintf(out, cap, "%s%s", a, open_high ? "+" : "");
        return;
    }
    sr_fmt_int(z, sizeof z, hi);
    snprintf(out, cap, "%s" NDASH "%s%s", a, z, open_high ? "+" : "");
}

static void json_opt_int(sr_buf *b, int64_t v)
{
    if (v < 0)
        sr_buf_puts(b, "null");
    else
        sr_buf_printf(b, "%lld", (long long)v);
}

/* ---- JSON of a fused incident ---- */

/* The fused incident as JSON; with sentences, each count's sentence (the
 * one of its report that extraction cut and stored) and each report's
 * sentences; with claims 0, no "claims" member (the item was read without
 * them). */
/* Members "key":"value" (null for NULL), each after a comma. */
static void json_strs(sr_buf *b, const char *const *keys, const char *const *vals, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sr_json_key(b, keys[i], false);
        sr_json_cstr(b, vals[i]);
    }
}

static void json_fused(sr_buf *b, const sitrep_fused_incident *fi, int sentences, int claims)
{
    sr_buf_printf(b, "{\"id\":%lld,\"scope\":\"%s\"", (long long)fi->id, fi->scope == SITREP_SCOPE_WAR ? "war" : "event");
    static const char *const where[] = {"date_from", "date_to", "place", "admin1", "country"};
    json_strs(b, where, (const char *const[]){fi->date_from, fi->date_to, fi->place, fi->admin1, fi->country},
              SR_ARRAY_LEN(where));
    if (fi->has_coords && isfinite(fi->lat) && isfinite(fi->lon))
        sr_buf_printf(b, ",\"lat\":%.5f,\"lon\":%.5f", fi->lat, fi->lon);
    else
        sr_buf_puts(b, ",\"lat\":null,\"lon\":null");
    static const char *const what[] = {"cause", "actor"};
    json_strs(b, what, (const char *const[]){fi->cause, fi->actor}, SR_ARRAY_LEN(what));
    sr_buf_puts(b, ",\"killed_low\":");
    json_opt_int(b, fi->killed_low);
    sr_buf_puts(b, ",\"killed_high\":");
    json_opt_int(b, fi->killed_high);
    sr_buf_printf(b, ",\"nsources\":%d,\"nreports\":%d,\"conflicting\":%s,\"counts\":[", fi->nsources, fi->nreports,
                  fi->conflicting ? "true" : "false");
    for (size_t i = 0; i < fi->ncounts; i++) {
        const sitrep_fused_count *c = &fi->counts[i];
        sr_buf_printf(b, "%s{\"outcome\":\"%s\",\"group\":\"%s\",\"low\":", i ? "," : "",
                      sitrep_outcome_name(c->outcome), sitrep_group_name(c->group));
        json_opt_int(b, c->low);
        sr_buf_puts(b, ",\"high\":");
        json_opt_int(b, c->high);
        sr_buf_printf(b, ",\"open_high\":%s,\"claims\":%d,\"conflict\":%s}", c->open_high ? "true" : "false",
                      c->nclaims, c->conflict ? "true" : "false");
    }
    if (!claims) {
        sr_buf_puts(b, "]}");
        return;
    }
    sr_buf_puts(b, "],\"claims\":[");
    for (size_t k = 0; k < fi->nclaims; k++) {
        const sitrep_source_claim *cl = &fi->claims[k];
        sr_buf_printf(b, "%s{\"doc_id\":", k ? "," : "");
        sr_json_cstr(b, cl->doc_id);
        static const char *const keys[] = {"source", "title", "published", "claimant", "date_from",
                                           "date_to", "place", "cause", "actor"};
        const char *vals[] = {cl->source, cl->title, cl->published, cl->claimant, cl->date_from,
                              cl->date_to, cl->place, cl->cause, cl->actor};
        json_strs(b, keys, vals, SR_ARRAY_LEN(keys));
        sr_buf_printf(b, ",\"certainty\":\"%s\",\"counts\":[", sitrep_certainty_name(cl->certainty));
        for (size_t i = 0; i < cl->ncounts; i++) {
            const sitrep_count *c = &cl->counts[i];
            sr_buf_printf(b, "%s{\"outcome\":\"%s\",\"group\":\"%s\",\"min\":", i ? "," : "",
                          sitrep_outcome_name(c->outcome), sitrep_group_name(c->group));
            json_opt_int(b, c->min);
            sr_buf_puts(b, ",\"max\":");
            json_opt_int(b, c->max);
            sr_buf_printf(b, ",\"qualifier\":\"%s\",\"evidence\":{\"start\":%u,\"end\":%u,\"text\":",
                          sitrep_qualifier_name(c->qualifier), c->evidence.start, c->evidence.end);
            sr_json_cstr(b, cl->count_words ? cl->count_words[i] : NULL);
            if (c->evidence.rule) {
                sr_buf_puts(b, ",\"rule\":");
                sr_json_cstr(b, c->evidence.rule);
            }
            sr_buf_puts(b, "}");
            if (sentences) {
                const char *st = cl->count_sentence_text ? cl->count_sentence_text[i] : NULL;
                sr_buf_puts(b, ",\"sentence\":");
                if (st)
                    sr_buf_printf(b, "{\"start\":%u,\"end\":%u,\"text\":", cl->count_sentence[i].start,
                                  cl->count_sentence[i].end);
                sr_json_cstr(b, st);
                if (st)
                    sr_buf_puts(b, "}");
            }
            sr_buf_puts(b, "}");
        }
        sr_buf_puts(b, "]");
        if (sentences) {
            sr_buf_puts(b, ",\"sentences\":[");
            for (size_t i = 0; i < cl->nsentences; i++)
                sr_buf_printf(b, "%s[%u,%u]", i ? "," : "", cl->sentences[i].start, cl->sentences[i].end);
            sr_buf_puts(b, "]");
        }
        sr_buf_puts(b, "}");
    }
    sr_buf_puts(b, "]}");
}

/* ---- the incidents ---- */

static void place_text(sr_buf *b, const sitrep_fused_incident *fi)
{
    sr_html_escs(b, fi->place ? fi->place : fi->admin1 ? fi->admin1 : "place unknown");
}

static void other_counts(sr_buf *b, const sitrep_fused_incident *fi)
{
    int any = 0;
    for (size_t i = 0; i < fi->ncounts; i++) {
        const sitrep_fused_count *c = &fi->counts[i];
        if (c->outcome == SITREP_OUTCOME_KILLED && c->group == SITREP_GROUP_PEOPLE)
            continue;
        char r[80];
        fmt_range(r, sizeof r, c->low, c->high, c->open_high);
        sr_buf_printf(b, "%s<span class=\"fig%s\">%s %s <b>%s</b></span>", any ? " " : "",
                      c->conflict ? " conflict" : "", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group), r);
        any = 1;
    }
    if (!any)
        sr_buf_puts(b, "<span class=\"muted\">" DASH "</span>");
}

void sr_page_incidents(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, int json)
{
    filt f;
    sr_sq *q = acquire_filtered(s, rq, rs, json, &f);
    if (!q)
        return;
    /* the totals by the database, over every matching incident; the rows
     * of the first `limit` only */
    sitrep_incident_totals tot;
    sitrep_incident_iter *it = NULL;
    f.f.limit = f.limit;
    /* the table shows each incident's figures, not its claims; the JSON
     * gives the claims unless claims=0 */
    int with_claims = 1;
    if (json && sr_arg_bool(rq, "claims", &with_claims) != 0) {
        sr_resp_json_error(rs, 400, "claims must be 0 or 1");
        sr_srv_release(s, q);
        return;
    }
    f.f.no_claims = !json || !with_claims;
    sitrep_status st = sitrep_store_incident_totals(sr_sq_store(q), &f.f, &tot);
    if (st == SITREP_OK)
        st = sitrep_store_incidents(sr_sq_store(q), &f.f, &it);
    if (st != SITREP_OK) {
        store_failed(s, q, rs, json);
        return;
    }
    sr_buf rows = {0};
    size_t n = 0;
    const sitrep_fused_incident *fi;
    sr_buf *b = &rs->body;
    if (json)
        sr_buf_puts(&rows, "[");
    while ((st = sitrep_incident_next(it, &fi)) == SITREP_OK) {
        n++;
        if (json) {
            if (n > 1)
                sr_buf_puts(&rows, ",");
            json_fused(&rows, fi, 0, !f.f.no_claims);
            continue;
        }
        char r[80];
        sr_buf_printf(&rows, "<tr class=\"%s\" data-id=\"%lld\"><td class=\"date\">", fi->conflicting ? "conflict" : "",
                      (long long)fi->id);
        if (fi->date_from) {
            sr_html_escs(&rows, fi->date_from);
            if (fi->date_to && strcmp(fi->date_to, fi->date_from)) {
                sr_buf_puts(&rows, " " NDASH " ");
                sr_html_escs(&rows, fi->date_to);
            }
        } else {
            sr_buf_puts(&rows, "<span class=\"muted\">undated</span>");
        }
        sr_buf_printf(&rows, "</td><td><a href=\"/incidents/%lld\">", (long long)fi->id);
        place_text(&rows, fi);
        sr_buf_puts(&rows, "</a>");
        if (fi->admin1 && fi->place && strcmp(fi->admin1, fi->place)) {
            sr_buf_puts(&rows, "<div class=\"muted\">");
            sr_html_escs(&rows, fi->admin1);
            sr_buf_puts(&rows, "</div>");
        }
        if (fi->scope == SITREP_SCOPE_WAR)
            sr_buf_puts(&rows, " <span class=\"badge scope\">war-wide</span>");
        sr_buf_puts(&rows, "</td><td>");
        sr_html_escs(&rows, fi->cause ? fi->cause : DASH);
        sr_buf_puts(&rows, "</td><td>");
        sr_html_escs(&rows, fi->actor ? fi->actor : DASH);
        fmt_range(r, sizeof r, fi->killed_low, fi->killed_high, 0);
        sr_buf_printf(&rows, "</td><td class=\"num killed\">%s</td><td class=\"others\">", r);
        other_counts(&rows, fi);
        sr_buf_printf(&rows, "</td><td class=\"num\">%d</td><td>%s</td></tr>", fi->nsources,
                      fi->conflicting ? "<span class=\"badge conflict\">conflict</span>"
                                      : fi->nsources > 1 ? "<span class=\"badge agree\">agree</span>" : "");
    }
    if (walk_end(s, q, it, st, rs, json) != 0) {
        sr_buf_free(&rows);
        return;
    }
    if (json) {
        rs->ctype = "application/json";
        sr_buf_printf(b, "{\"total\":{\"incidents\":%lld,\"conflicting\":%lld,\"claims\":%lld,\"killed_low\":%lld,"
                         "\"killed_high\":%lld,\"war_wide\":%lld},\"shown\":%zu,\"incidents\":",
                      (long long)tot.incidents, (long long)tot.conflicting, (long long)tot.claims,
                      (long long)tot.killed_low, (long long)tot.killed_high, (long long)tot.war_wide, n);
        sr_buf_put(b, rows.data, rows.len);
        sr_buf_puts(b, "]}\n");
        sr_buf_free(&rows);
        return;
    }
    sr_html_begin(b, "Incidents", "incidents");
    sr_buf_puts(b, "<h1>Incidents</h1>");
    filter_form(b, &f, "/incidents");
    char a[32], z[32], c[32], cf[32], cl[32];
    sr_fmt_int(a, sizeof a, tot.killed_low);
    sr_fmt_int(z, sizeof z, tot.killed_high);
    sr_fmt_int(c, sizeof c, tot.incidents);
    sr_fmt_int(cf, sizeof cf, tot.conflicting);
    sr_fmt_int(cl, sizeof cl, tot.claims);
    sr_buf_printf(b, "<div class=\"totals\"><div><b id=\"total-incidents\">%s</b> incidents</div>"
                     "<div><b id=\"total-killed\">%s%s%s</b> killed <span class=\"muted\">(lowest" NDASH
                     "highest claims%s)</span></div><div><b id=\"total-conflicting\">%s</b> with conflicting figures</div>"
                     "<div><b id=\"total-claims\">%s</b> source claims</div><div class=\"maplink\"><a href=\"/map",
                  c, a, strcmp(a, z) ? NDASH : "", strcmp(a, z) ? z : "",
                  tot.war_wide ? "; war-wide totals not added" : "", cf, cl);
    filter_query(b, &f);
    sr_buf_puts(b, "\">map and timeline of these \xE2\x86\x92</a></div></div>");
    if (!n) {
        sr_buf_puts(b, "<p class=\"empty\">No incident matches these filters.</p>");
    } else {
        if ((int64_t)n < tot.incidents)
            sr_buf_printf(b, "<p class=\"muted\" id=\"shown\">Showing the first %zu of %s (by date); narrow the "
                             "filters to see the others.</p>",
                          n, c);
        sr_buf_puts(b, "<table class=\"list\" id=\"incidents\"><thead><tr><th>Date</th><th>Place</th><th>Cause</th>"
                       "<th>Perpetrator</th><th class=\"num\">Killed</th><th>Other figures</th>"
                       "<th class=\"num\">Sources</th><th></th></tr></thead><tbody>");
        sr_buf_put(b, rows.data, rows.len);
        sr_buf_puts(b, "</tbody></table>");
    }
    sr_buf_free(&rows);
    sr_html_end(b);
}

static int parse_id(const char *s, int64_t *out)
{
    int64_t v = 0;
    if (!*s || strlen(s) > 18)
        return -1;
    for (; *s; s++) {
        if (!sr_isdigit(*s))
            return -1;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 0;
}

/* The source of a cell of the claims table, for print, where the sources
 * are stacked one under another instead of side by side (app.css). */
static void source_label(sr_buf *b, const sitrep_source_claim *cl, size_t k)
{
    sr_buf_printf(b, "<div class=\"srclabel\"><span class=\"srcno\">%zu</span> <span class=\"outlet\">", k + 1);
    sr_html_escs(b, cl->source ? cl->source : "unknown outlet");
    sr_buf_puts(b, "</span><span class=\"more\"> \xC2\xB7 ");
    sr_html_escs(b, cl->title && *cl->title ? cl->title : cl->doc_id);
    if (cl->published) {
        sr_buf_puts(b, " \xC2\xB7 ");
        sr_html_escs(b, cl->published);
    }
    sr_buf_puts(b, "</span></div>");
}

/* One claim's value in a row of the claims table, with the sentence of its
 * report that holds its words: the sentence extraction cut and stored. */
static void claim_count_cell(sr_buf *b, const sitrep_source_claim *cl, size_t i, int extreme)
{
    const sitrep_count *c = &cl->counts[i];
    char fig[96];
    sr_fmt_count(fig, sizeof fig, c->min, c->max, c->qualifier);
    sr_buf_printf(b, "<div class=\"fig%s\"><b>", extreme ? " extreme" : "");
    sr_html_escs(b, fig);
    sr_buf_puts(b, "</b>");
    sr_buf_puts(b, " <a class=\"src\" href=\"/docs/");
    {
        sr_buf u = {0};
        sr_url_enc(&u, cl->doc_id);
        if (u.data)
            sr_html_esc(b, u.data, u.len);
        sr_buf_free(&u);
    }
    sr_buf_printf(b, "#at-%u\" title=\"read it in the article\">in the article \xE2\x86\x92</a></div>", c->evidence.start);
    const char *sent = cl->count_sentence_text ? cl->count_sentence_text[i] : NULL;
    const sitrep_span *sp = cl->count_sentence ? &cl->count_sentence[i] : NULL;
    size_t slen = sent ? strlen(sent) : 0;
    if (sent && sp && c->evidence.start >= sp->start && c->evidence.end <= sp->start + slen &&
        c->evidence.start < c->evidence.end) {
        size_t a = c->evidence.start - sp->start, z = c->evidence.end - sp->start;
        sr_buf_printf(b, "<blockquote class=\"sent\" data-start=\"%u\" data-end=\"%u\">", sp->start, sp->end);
        sr_html_esc(b, sent, a);
        sr_buf_printf(b, "<mark class=\"k-count\" data-start=\"%u\">", c->evidence.start);
        sr_html_esc(b, sent + a, z - a);
        sr_buf_puts(b, "</mark>");
        sr_html_esc(b, sent + z, slen - z);
        sr_buf_puts(b, "</blockquote>");
    } else if (cl->count_words) {
        sr_buf_printf(b, "<blockquote class=\"sent\"><mark class=\"k-count\" data-start=\"%u\">", c->evidence.start);
        sr_html_escs(b, cl->count_words[i]);
        sr_buf_puts(b, "</mark> <span class=\"muted\">(no stored sentence holds these words)</span></blockquote>");
    }
}

/* A row of plain values (date, place, ...): marked when the sources differ. */
static void value_row(sr_buf *b, const char *label, const sitrep_fused_incident *fi, size_t field)
{
    const char *first = NULL;
    int differ = 0, any = 0;
    for (size_t k = 0; k < fi->nclaims; k++) {
        const sitrep_source_claim *cl = &fi->claims[k];
        const char *v[] = {cl->date_from, cl->place, cl->cause, cl->actor, cl->claimant, NULL};
        const char *x = v[field];
        if (field == 5)
            x = sitrep_certainty_name(cl->certainty);
        if (!x)
            continue;
        any = 1;
        if (!first)
            first = x;
        else if (strcasecmp(first, x) != 0)
            differ = 1;
    }
    if (!any)
        return;
    sr_buf_printf(b, "<tr class=\"val%s\"><th scope=\"row\">%s%s</th>", differ ? " differ" : "", label,
                  differ ? " <span class=\"badge differ\">differ</span>" : "");
    for (size_t k = 0; k < fi->nclaims; k++) {
        const sitrep_source_claim *cl = &fi->claims[k];
        sr_buf_puts(b, "<td>");
        source_label(b, cl, k);
        switch (field) {
        case 0:
            if (cl->date_from) {
                sr_html_escs(b, cl->date_from);
                if (cl->date_to && strcmp(cl->date_to, cl->date_from)) {
                    sr_buf_puts(b, " " NDASH " ");
                    sr_html_escs(b, cl->date_to);
                }
            } else {
                sr_buf_puts(b, "<span class=\"muted\">not stated</span>");
            }
            break;
        case 1: sr_html_escs(b, cl->place ? cl->place : DASH); break;
        case 2: sr_html_escs(b, cl->cause ? cl->cause : DASH); break;
        case 3: sr_html_escs(b, cl->actor ? cl->actor : DASH); break;
        case 4: sr_html_escs(b, cl->claimant ? cl->claimant : DASH); break;
        default: sr_buf_puts(b, sitrep_certainty_name(cl->certainty));
        }
        sr_buf_puts(b, "</td>");
    }
    sr_buf_puts(b, "</tr>");
}

void sr_page_incident(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, const char *idtext, int json)
{
    int64_t id;
    if (parse_id(idtext, &id) != 0) {
        reply_error(rs, json, 400, "an incident id is a number", "An incident id is a number.");
        return;
    }
    sr_sq *q = acquire(s, rs, json);
    if (!q)
        return;
    sitrep_fused_incident *fi = NULL;
    sitrep_status st = sitrep_store_incident(sr_sq_store(q), id, &fi);
    if (st == SITREP_ENOTFOUND) {
        sr_srv_release(s, q);
        reply_error(rs, json, 404, "no such incident", "No such incident.");
        return;
    }
    if (st != SITREP_OK) {
        store_failed(s, q, rs, json);
        return;
    }
    sr_srv_release(s, q); /* the incident does not depend on the connection */
    sr_buf *b = &rs->body;
    if (json) {
        rs->ctype = "application/json";
        json_fused(b, fi, 1, 1);
        sr_buf_puts(b, "\n");
        goto out;
    }
    char title[300];
    snprintf(title, sizeof title, "Incident %lld", (long long)fi->id);
    sr_html_begin(b, title, "incidents");
    sr_buf_printf(b, "<p class=\"crumbs\"><a href=\"/incidents\">Incidents</a> \xE2\x80\xBA #%lld</p><h1>",
                  (long long)fi->id);
    char r[80];
    fmt_range(r, sizeof r, fi->killed_low, fi->killed_high, 0);
    if (fi->killed_low >= 0 || fi->killed_high >= 0)
        sr_buf_printf(b, "%s killed", r);
    else
        sr_buf_puts(b, "Incident");
    if (fi->cause && strcmp(fi->cause, "unknown")) {
        sr_buf_puts(b, " \xC2\xB7 ");
        sr_html_escs(b, fi->cause);
    }
    sr_buf_puts(b, " \xC2\xB7 ");
    place_text(b, fi);
    if (fi->date_from) {
        sr_buf_puts(b, " \xC2\xB7 ");
        sr_html_escs(b, fi->date_from);
        if (fi->date_to && strcmp(fi->date_to, fi->date_from)) {
            sr_buf_puts(b, " " NDASH " ");
            sr_html_escs(b, fi->date_to);
        }
    }
    sr_buf_puts(b, "</h1><dl class=\"meta\">");
    sr_buf_puts(b, "<div><dt>place</dt><dd>");
    place_text(b, fi);
    if (fi->admin1) {
        sr_buf_puts(b, ", ");
        sr_html_escs(b, fi->admin1);
    }
    if (fi->country) {
        sr_buf_puts(b, ", ");
        sr_html_escs(b, fi->country);
    }
    if (fi->has_coords)
        sr_buf_printf(b, " <span class=\"muted\">(%.4f, %.4f)</span>", fi->lat, fi->lon);
    sr_buf_puts(b, "</dd></div><div><dt>perpetrator</dt><dd>");
    sr_html_escs(b, fi->actor ? fi->actor : DASH);
    sr_buf_printf(b, "</dd></div><div><dt>sources</dt><dd>%d article%s</dd></div><div><dt>scope</dt><dd>%s</dd></div></dl>",
                  fi->nsources, fi->nsources == 1 ? "" : "s", fi->scope == SITREP_SCOPE_WAR ? "war-wide total" : "one event");
    if (fi->conflicting)
        sr_buf_puts(b, "<p class=\"conflict-note\"><span class=\"badge conflict\">conflict</span> The sources give "
                       "different figures for this incident. Each is shown below with the sentence it came from.</p>");

    /* figures */
    sr_buf_puts(b, "<h2>Figures</h2><table class=\"figures\" id=\"figures\"><thead><tr><th>Figure</th>"
                   "<th class=\"num\">Lowest claim</th><th class=\"num\">Highest claim</th><th class=\"num\">Claims</th>"
                   "<th>Sources</th></tr></thead><tbody>");
    for (size_t i = 0; i < fi->ncounts; i++) {
        const sitrep_fused_count *c = &fi->counts[i];
        char lo[32], hi[32];
        if (c->low >= 0)
            sr_fmt_int(lo, sizeof lo, c->low);
        else
            snprintf(lo, sizeof lo, DASH);
        if (c->high >= 0)
            sr_fmt_int(hi, sizeof hi, c->high);
        else
            snprintf(hi, sizeof hi, c->open_high ? "open" : DASH);
        sr_buf_printf(b, "<tr class=\"%s\" data-outcome=\"%s\" data-group=\"%s\"><th scope=\"row\">%s "
                         "<span class=\"grp\">%s</span></th><td class=\"num low\">%s</td><td class=\"num high\">%s%s</td>"
                         "<td class=\"num\">%d</td><td>%s</td></tr>",
                      c->conflict ? "conflict" : "", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group),
                      sitrep_outcome_name(c->outcome), sitrep_group_name(c->group), lo, hi,
                      c->open_high && c->high >= 0 ? "+" : "", c->nclaims,
                      c->conflict ? "<span class=\"badge conflict\">conflict</span>"
                                  : c->nclaims > 1 ? "<span class=\"badge agree\">agree</span>" : "one source");
    }
    sr_buf_puts(b, "</tbody></table>");

    /* the claims side by side: a column per source, a row per figure */
    sr_buf_printf(b, "<h2>What each source says</h2><div class=\"scroll\"><table class=\"claims cols-%zu\" id=\"claims\">"
                     "<thead><tr><th></th>",
                  fi->nclaims);
    for (size_t k = 0; k < fi->nclaims; k++) {
        const sitrep_source_claim *cl = &fi->claims[k];
        sr_buf_printf(b, "<th scope=\"col\" class=\"source\"><div class=\"c\"><div class=\"outlet\">"
                         "<span class=\"srcno\">%zu</span> ", k + 1);
        sr_html_escs(b, cl->source ? cl->source : "unknown outlet");
        sr_buf_puts(b, "</div><a href=\"/docs/");
        sr_buf u = {0};
        sr_url_enc(&u, cl->doc_id);
        if (u.data)
            sr_html_esc(b, u.data, u.len);
        sr_buf_free(&u);
        sr_buf_puts(b, "\">");
        sr_html_escs(b, cl->title && *cl->title ? cl->title : cl->doc_id);
        sr_buf_puts(b, "</a><div class=\"muted\">");
        sr_html_escs(b, cl->published ? cl->published : "date unknown");
        sr_buf_puts(b, "</div></div></th>");
    }
    sr_buf_puts(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < fi->ncounts; i++) {
        const sitrep_fused_count *fc = &fi->counts[i];
        sr_buf_printf(b, "<tr class=\"%s\"><th scope=\"row\">%s <span class=\"grp\">%s</span>%s</th>",
                      fc->conflict ? "conflict" : "", sitrep_outcome_name(fc->outcome), sitrep_group_name(fc->group),
                      fc->conflict ? " <span class=\"badge conflict\">conflict</span>" : "");
        for (size_t k = 0; k < fi->nclaims; k++) {
            const sitrep_source_claim *cl = &fi->claims[k];
            sr_buf_puts(b, "<td>");
            source_label(b, cl, k);
            sr_buf_puts(b, "<div class=\"c\">");
            int anyc = 0;
            for (size_t j = 0; j < cl->ncounts; j++) {
                const sitrep_count *c = &cl->counts[j];
                if (c->outcome != fc->outcome || c->group != fc->group)
                    continue;
                int64_t cmax = c->max >= 0 ? c->max : c->min;
                int extreme = fc->conflict && ((c->min >= 0 && c->min == fc->low) || (cmax >= 0 && cmax == fc->high));
                claim_count_cell(b, cl, j, extreme);
                anyc = 1;
            }
            if (!anyc)
                sr_buf_puts(b, "<span class=\"muted\">not given</span>");
            sr_buf_puts(b, "</div></td>");
        }
        sr_buf_puts(b, "</tr>");
    }
    value_row(b, "date", fi, 0);
    value_row(b, "place", fi, 1);
    value_row(b, "cause", fi, 2);
    value_row(b, "perpetrator", fi, 3);
    value_row(b, "claimed by", fi, 4);
    value_row(b, "certainty", fi, 5);
    sr_buf_puts(b, "</tbody></table></div>");
    sr_html_end(b);
out:
    sitrep_fused_incident_free(fi);
}

/* ---- one stored article ---- */

void sr_page_doc(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, const char *id, int json)
{
    char err[SR_ERRMSG_MAX] = "";
    size_t idlen = strlen(id);
    int clean = idlen <= 256;
    for (size_t i = 0; i < idlen && clean; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7F)
            clean = 0;
    if (!clean) {
        reply_error(rs, json, 400, "bad document id", "Bad document id.");
        return;
    }
    sr_sq *q = acquire(s, rs, json);
    if (!q)
        return;
    /* the record as stored at ingest: nothing is extracted again, so the
     * page shows the spans, values and rules that were stored, and its
     * incidents are the ones the fused incidents hold */
    sitrep_store *store = sr_sq_store(q);
    sitrep_record *rec = NULL;
    int64_t docid = 0, *fused = NULL;
    size_t ninc = 0;
    sitrep_status st = sitrep_store_document(store, id, &rec);
    if (st == SITREP_OK) {
        sitrep_record_incidents(rec, &ninc);
        fused = calloc(ninc + 1, sizeof *fused);
        st = fused ? sitrep_store_document_fused(store, id, &docid, fused, ninc) : SITREP_ENOMEM;
    }
    if (st != SITREP_OK && st != SITREP_ENOTFOUND)
        snprintf(err, sizeof err, "%s", sitrep_store_errmsg(store));
    sr_srv_release(s, q);
    if (st != SITREP_OK) {
        if (st == SITREP_ENOTFOUND) {
            reply_error(rs, json, 404, "no such document", "No such document.");
        } else {
            store_unavailable(s, rs, json, err[0] ? err : sitrep_status_str(st));
        }
        goto out;
    }
    if (json) {
        rs->ctype = "application/json";
        sr_buf_printf(&rs->body, "{\"document_id\":%lld,\"fused\":[", (long long)docid);
        for (size_t i = 0; i < ninc; i++) {
            if (i)
                sr_buf_puts(&rs->body, ",");
            json_opt_int(&rs->body, fused[i] > 0 ? fused[i] : -1);
        }
        sr_buf_puts(&rs->body, "],\"record\":");
        sr_api_record(&rs->body, rec);
        sr_buf_puts(&rs->body, "}\n");
    } else {
        const sitrep_docinfo *d = sitrep_record_doc(rec);
        sr_html_begin(&rs->body, d->title && *d->title ? d->title : "Article", NULL);
        sr_html_article(&rs->body, rec, fused, ninc,
                        "As stored at ingest: the highlighted words, what each became and the rule behind it are "
                        "read from the database, not extracted again.");
        sr_html_end(&rs->body);
    }
out:
    free(fused);
    sitrep_record_free(rec);
}

/* ---- map and timeline ---- */

static bool iso_days(const char *s, int64_t *out)
{
    int y, m, d;
    if (!s || !sr_parse_iso_date(s, &y, &m, &d))
        return false;
    *out = sr_days_from_civil(y, m, d);
    return true;
}

typedef SR_VEC(sr_map_point) point_vec;
typedef SR_VEC(sr_day_bar) bar_vec;

static int cmp_bar(const void *a, const void *b)
{
    const sr_day_bar *x = a, *y = b;
    return x->day < y->day ? -1 : x->day > y->day;
}

void sr_page_map(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, int json)
{
    filt f;
    sr_sq *q = acquire_filtered(s, rq, rs, json, &f);
    if (!q)
        return;
    sitrep_incident_iter *it = NULL;
    f.f.no_claims = 1; /* points and bars need the figures only */
    sitrep_status st = sitrep_store_incidents(sr_sq_store(q), &f.f, &it);
    if (st != SITREP_OK) {
        store_failed(s, q, rs, json);
        return;
    }
    sr_arena ar = {0};
    point_vec pts = {0};
    bar_vec raw = {0};
    size_t n = 0, undated = 0, unplaced = 0, war = 0;
    const sitrep_fused_incident *fi;
    while ((st = sitrep_incident_next(it, &fi)) == SITREP_OK) {
        n++;
        if (fi->scope == SITREP_SCOPE_WAR) {
            war++; /* a war-wide total is no event at a place or on a day */
            continue;
        }
        double deaths = fi->killed_high >= 0 ? (double)fi->killed_high : fi->killed_low >= 0 ? (double)fi->killed_low : 0;
        if (fi->has_coords && isfinite(fi->lat) && isfinite(fi->lon)) {
            /* incidents at the same place are one point */
            size_t j;
            for (j = 0; j < pts.len; j++)
                if (pts.items[j].lat == fi->lat && pts.items[j].lon == fi->lon)
                    break;
            if (j < pts.len) {
                sr_map_point *p = &pts.items[j];
                p->deaths += deaths;
                p->conflict |= fi->conflicting;
                p->count++;
                if (fi->place) {
                    sr_buf u = {0};
                    sr_buf_puts(&u, "/incidents?place=");
                    sr_url_enc(&u, fi->place);
                    p->href = u.data ? sr_arena_strdup(&ar, u.data) : p->href;
                    sr_buf_free(&u);
                }
            } else {
                sr_map_point p = {.lon = fi->lon, .lat = fi->lat, .deaths = deaths, .conflict = fi->conflicting,
                                  .count = 1};
                p.label = fi->place ? sr_arena_strdup(&ar, fi->place) : NULL;
                p.href = sr_arena_printf(&ar, "/incidents/%lld", (long long)fi->id);
                sr_vec_push(&pts, p);
            }
        } else {
            unplaced++;
        }
        /* the timeline holds incidents dated to a day or a few days */
        int64_t d0, d1;
        if (fi->killed_low < 0 && fi->killed_high < 0)
            continue;
        if (fi->date_from && iso_days(fi->date_from, &d0) &&
            (!fi->date_to || (iso_days(fi->date_to, &d1) && d1 - d0 <= 7))) {
            sr_day_bar bar = {.day = d0,
                              .low = fi->killed_low >= 0 ? (double)fi->killed_low : (double)fi->killed_high,
                              .high = fi->killed_high >= 0 ? (double)fi->killed_high : (double)fi->killed_low};
            sr_vec_push(&raw, bar);
        } else {
            undated++;
        }
    }
    if (walk_end(s, q, it, st, rs, json) != 0)
        goto out;
    /* one bar per day */
    if (raw.len)
        qsort(raw.items, raw.len, sizeof *raw.items, cmp_bar);
    size_t nb = 0;
    for (size_t i = 0; i < raw.len; i++) {
        if (nb && raw.items[nb - 1].day == raw.items[i].day) {
            raw.items[nb - 1].low += raw.items[i].low;
            raw.items[nb - 1].high += raw.items[i].high;
        } else {
            raw.items[nb++] = raw.items[i];
        }
    }
    sr_buf *b = &rs->body;
    if (json) {
        rs->ctype = "application/json";
        sr_buf_printf(b, "{\"incidents\":%zu,\"war_wide\":%zu,\"not_on_map\":%zu,\"not_on_timeline\":%zu,\"points\":[",
                      n, war, unplaced, undated);
        for (size_t i = 0; i < pts.len; i++) {
            sr_buf_printf(b, "%s{\"lat\":%.5f,\"lon\":%.5f,\"incidents\":%d,\"deaths\":%.0f,\"conflicting\":%s,\"place\":",
                          i ? "," : "", pts.items[i].lat, pts.items[i].lon, pts.items[i].count, pts.items[i].deaths,
                          pts.items[i].conflict ? "true" : "false");
            sr_json_cstr(b, pts.items[i].label);
            sr_buf_puts(b, ",\"href\":");
            sr_json_cstr(b, pts.items[i].href);
            sr_buf_puts(b, "}");
        }
        sr_buf_puts(b, "],\"days\":[");
        for (size_t i = 0; i < nb; i++) {
            char d[11];
            sr_format_days(d, raw.items[i].day);
            sr_buf_printf(b, "%s{\"date\":\"%s\",\"killed_low\":%.0f,\"killed_high\":%.0f}", i ? "," : "", d,
                          raw.items[i].low, raw.items[i].high);
        }
        sr_buf_puts(b, "]}\n");
        goto out;
    }
    sr_html_begin(b, "Map and timeline", "map");
    sr_buf_puts(b, "<h1>Map and timeline</h1>");
    filter_form(b, &f, "/map");
    sr_buf svg = {0};
    sr_svg_map(&svg, s->world, pts.items, pts.len, 960, 600);
    size_t outside = 0;
    for (size_t i = 0; i < pts.len; i++)
        outside += pts.items[i].outside != 0;
    sr_buf_printf(b, "<p class=\"lede\">%zu incident%s; <b id=\"on-map\">%zu</b> on the map", n, n == 1 ? "" : "s",
                  pts.len - outside);
    if (unplaced)
        sr_buf_printf(b, ", %zu without a located place", unplaced);
    if (war)
        sr_buf_printf(b, ", %zu war-wide total%s not drawn", war, war == 1 ? "" : "s");
    sr_buf_puts(b, ". Circles are sized by the highest claimed death toll (summed over the incidents of a place); "
                   "a dashed ring marks sources that disagree. <a href=\"/incidents");
    filter_query(b, &f);
    sr_buf_puts(b, "\">The same incidents as a list \xE2\x86\x92</a></p><figure class=\"mapfig\">");
    sr_buf_put(b, svg.data, svg.len);
    sr_buf_free(&svg);
    sr_buf_puts(b, "<figcaption>Country outlines: Natural Earth (public domain), via world-atlas. Equirectangular "
                   "projection.");
    if (outside) {
        sr_buf_printf(b, " Outside this view (%zu): ", outside);
        size_t k = 0;
        for (size_t i = 0; i < pts.len; i++) {
            if (!pts.items[i].outside)
                continue;
            sr_buf_puts(b, k++ ? ", <a href=\"" : "<a href=\"");
            sr_html_escs(b, pts.items[i].href);
            sr_buf_puts(b, "\">");
            sr_html_escs(b, pts.items[i].label ? pts.items[i].label : "incident");
            sr_buf_puts(b, "</a>");
        }
        sr_buf_puts(b, ".");
    }
    sr_buf_puts(b, "</figcaption></figure><h2>Deaths over time</h2><figure class=\"tlfig\">");
    sr_svg_timeline(b, raw.items, nb, 960, 240);
    sr_buf_printf(b, "<figcaption>Dark: the lowest claims; light: up to the highest claims.%s</figcaption></figure>",
                  undated ? " Incidents dated only to a month, a year or a longer period are left out." : "");
    sr_html_end(b);
out:
    free(pts.items);
    free(raw.items);
    sr_arena_free(&ar);
}
