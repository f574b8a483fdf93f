/* serve_route.c - the web view's routes, argument checks and static assets.
 *
 *   GET  /                     the incidents (the paste form when there is no store)
 *   GET  /incidents            incidents with filters and totals
 *   GET  /incidents/ID         one fused incident: every source's claim side by side
 *   GET  /docs/ID              one article: its text with every extracted span marked
 *   GET  /map                  map and timeline of the filtered incidents
 *   GET  /paste, POST /paste   extract a pasted article (stored only with --allow-ingest)
 *   GET  /assets/NAME          the app's own CSS, script and icon (embedded; nothing else)
 *   GET  /api/incidents[/ID], /api/docs/ID, /api/map; POST /api/extract   the same as JSON
 *   GET  /healthz              "ok"
 *
 * Anything else is 404; a path with "..", "//", a backslash or a control
 * character is 400, whatever its encoding. */
#include "json.h"
#include "lexicon.h"
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The web assets embedded at build time (web/), as tools/embed.c writes
 * them (symbols renamed by the Makefile). */
extern const sr_embedded_file sr_web_files[];
extern const size_t sr_web_nfiles;

/* ---- query arguments ---- */

static const char *arg(const sr_http_req *rq, const char *name)
{
    return rq->arg ? rq->arg(rq->arg_h, name) : NULL;
}

/* Valid UTF-8 with no control characters. */
static int clean_text(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c < 0x20 || c == 0x7F)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!len || c > 0xF4 || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

int sr_arg_date(const sr_http_req *rq, const char *name, char out[11])
{
    const char *v = arg(rq, name);
    if (!v || !*v)
        return 0;
    int y, m, d;
    if (strlen(v) != 10 || !sr_parse_iso_date(v, &y, &m, &d))
        return -1;
    memcpy(out, v, 11);
    return 0;
}

int sr_arg_text(const sr_http_req *rq, const char *name, const char **out, size_t maxlen)
{
    const char *v = arg(rq, name);
    if (!v || !*v)
        return 0;
    size_t n = strlen(v);
    if (n > maxlen || !clean_text(v, n))
        return -1;
    *out = v;
    return 0;
}

int sr_arg_bool(const sr_http_req *rq, const char *name, int *out)
{
    const char *v = arg(rq, name);
    if (!v)
        return 0;
    if (!*v || !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes"))
        *out = 1;
    else if (!strcmp(v, "0") || !strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no"))
        *out = 0;
    else
        return -1;
    return 0;
}

int sr_arg_uint(const sr_http_req *rq, const char *name, unsigned long *out, unsigned long max)
{
    const char *v = arg(rq, name);
    if (!v || !*v)
        return 0;
    unsigned long x = 0;
    for (const char *p = v; *p; p++) {
        if (!sr_isdigit(*p) || p - v > 12)
            return -1;
        x = x * 10 + (unsigned long)(*p - '0');
    }
    if (x > max)
        return -1;
    *out = x;
    return 0;
}

/* ---- form bodies ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *sr_form_value(const char *body, size_t len, const char *name)
{
    size_t nl = strlen(name);
    size_t i = 0;
    while (i < len) {
        size_t amp = i;
        while (amp < len && body[amp] != '&')
            amp++;
        size_t eq = i;
        while (eq < amp && body[eq] != '=')
            eq++;
        if (eq - i == nl && !memcmp(body + i, name, nl)) {
            size_t vs = eq < amp ? eq + 1 : amp;
            char *out = malloc(amp - vs + 1);
            if (!out)
                return NULL;
            size_t k = 0;
            for (size_t p = vs; p < amp; p++) {
                int h1, h2;
                if (body[p] == '+') {
                    out[k++] = ' ';
                } else if (body[p] == '%' && p + 2 < amp &&
                           (h1 = hexval((unsigned char)body[p + 1])) >= 0 &&
                           (h2 = hexval((unsigned char)body[p + 2])) >= 0) {
                    out[k++] = (char)(h1 * 16 + h2);
                    p += 2;
                } else {
                    out[k++] = body[p];
                }
            }
            out[k] = '\0';
            return out;
        }
        i = amp + 1;
    }
    return NULL;
}

/* ---- errors ---- */

void sr_resp_json_error(sr_http_resp *rs, int status, const char *msg)
{
    sr_buf_clear(&rs->body);
    rs->status = status;
    rs->ctype = "application/json";
    sr_buf_printf(&rs->body, "{\"error\":{\"status\":%d,\"message\":", status);
    sr_json_cstr(&rs->body, msg);
    sr_buf_puts(&rs->body, "}}\n");
}

/* ---- assets ---- */

static void serve_asset(const char *name, sr_http_resp *rs)
{
    /* a flat name of the app's own files; never a path */
    size_t n = strlen(name);
    const char *dot = strrchr(name, '.');
    int ok = n > 0 && n < 64 && dot && dot != name;
    for (size_t i = 0; ok && i < n; i++)
        if (!(sr_isalnum((unsigned char)name[i]) || name[i] == '-' || name[i] == '_' || name + i == dot))
            ok = 0;
    const char *ctype = NULL;
    if (ok) {
        if (!strcmp(dot, ".css"))
            ctype = "text/css; charset=utf-8";
        else if (!strcmp(dot, ".js"))
            ctype = "text/javascript; charset=utf-8";
        else if (!strcmp(dot, ".svg"))
            ctype = "image/svg+xml";
    }
    if (ctype) {
        char full[80];
        snprintf(full, sizeof full, "web/%s", name);
        for (size_t i = 0; i < sr_web_nfiles; i++) {
            if (sr_web_files[i].name && !strcmp(sr_web_files[i].name, full)) {
                rs->status = 200;
                rs->ctype = ctype;
                rs->cacheable = 1;
                sr_buf_put(&rs->body, sr_web_files[i].data, sr_web_files[i].len);
                return;
            }
        }
    }
    sr_resp_error(rs, 404, "No such file.");
}

/* ---- the router ---- */

/* A path that could reach outside the routes: dot segments, empty
 * segments, backslashes, controls, bad UTF-8 (after percent-decoding). */
static int bad_path(const char *p)
{
    size_t n = strlen(p);
    if (p[0] != '/' || !clean_text(p, n) || strchr(p, '\\'))
        return 1;
    for (const char *s = p; *s; s++) {
        if (s[0] == '/' && s[1] == '/')
            return 1;
        if (s[0] == '/' && s[1] == '.' && (s[2] == '.' || s[2] == '/' || s[2] == '\0'))
            return 1;
    }
    return strstr(p, "..") != NULL;
}

/* The rest of path after prefix (an id), or NULL when path does not start
 * with prefix or the rest is empty or too long. */
static const char *tail(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || !path[n] || strlen(path + n) > 256)
        return NULL;
    return path + n;
}

void sr_serve_handle(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs)
{
    rs->status = 200;
    rs->ctype = "text/html; charset=utf-8";
    const char *p = rq->path ? rq->path : "";
    int is_api = !strncmp(p, "/api/", 5);
    int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
    int post = !strcmp(rq->method, "POST");
    if (strlen(p) > 2048) {
        if (is_api)
            sr_resp_json_error(rs, 414, "the path is too long");
        else
            sr_resp_error(rs, 414, "The path is too long.");
        return;
    }
    if (bad_path(p)) {
        if (is_api)
            sr_resp_json_error(rs, 400, "malformed path");
        else
            sr_resp_error(rs, 400, "Malformed path.");
        return;
    }
    if (!get && !post) {
        if (is_api)
            sr_resp_json_error(rs, 405, "method not allowed");
        else
            sr_resp_error(rs, 405, "Method not allowed.");
        return;
    }
    const char *id;
    if (is_api) {
        if (!strcmp(p, "/api/extract")) {
            if (!post) {
                sr_resp_json_error(rs, 405, "POST the text to extract");
                return;
            }
            sr_page_extract(s, rq, rs, 1);
            return;
        }
        if (!get) {
            sr_resp_json_error(rs, 405, "method not allowed");
            return;
        }
        if (!strcmp(p, "/api/incidents"))
            sr_page_incidents(s, rq, rs, 1);
        else if ((id = tail(p, "/api/incidents/")))
            sr_page_incident(s, rq, rs, id, 1);
        else if ((id = tail(p, "/api/docs/")))
            sr_page_doc(s, rq, rs, id, 1);
        else if (!strcmp(p, "/api/map"))
            sr_page_map(s, rq, rs, 1);
        else
            sr_resp_json_error(rs, 404, "no such API route");
        return;
    }
    if (!strcmp(p, "/paste")) {
        if (post)
            sr_page_extract(s, rq, rs, 0);
        else
            sr_page_paste_form(s, rq, rs);
        return;
    }
    if (!get) {
        sr_resp_error(rs, 405, "Method not allowed.");
        return;
    }
    if (!strcmp(p, "/")) {
        rs->status = 302;
        snprintf(rs->location, sizeof rs->location, "%s", s->db_path ? "/incidents" : "/paste");
        sr_buf_puts(&rs->body, "<!doctype html><title>sitrep</title><a href=\"/\">sitrep</a>");
    } else if (!strcmp(p, "/healthz")) {
        rs->ctype = "text/plain; charset=utf-8";
        sr_buf_puts(&rs->body, "ok\n");
    } else if (!strcmp(p, "/incidents")) {
        sr_page_incidents(s, rq, rs, 0);
    } else if ((id = tail(p, "/incidents/"))) {
        sr_page_incident(s, rq, rs, id, 0);
    } else if ((id = tail(p, "/docs/"))) {
        sr_page_doc(s, rq, rs, id, 0);
    } else if (!strcmp(p, "/map")) {
        sr_page_map(s, rq, rs, 0);
    } else if ((id = tail(p, "/assets/"))) {
        serve_asset(id, rs);
    } else if (!strcmp(p, "/favicon.ico")) {
        serve_asset("icon.svg", rs);
    } else {
        sr_resp_error(rs, 404, "No such page.");
    }
    if (!rs->body.data && rs->status < 400)
        sr_resp_error(rs, 500, "Out of memory.");
}
