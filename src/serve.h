/* serve.h - the web view (sitrep serve): internal interface between the
 * HTTP glue (serve.c, libmicrohttpd), the router (serve_route.c), the pages
 * (serve_html.c, serve_pages.c), the JSON API (serve_api.c), the SVG drawing
 * (serve_svg.c) and the store connections (serve_query.c).
 *
 * The router never touches a socket: it gets an sr_http_req and fills an
 * sr_http_resp, so unit tests drive every page without a network. Every
 * byte of article text that reaches HTML goes through sr_html_esc. */
#ifndef SR_SERVE_H
#define SR_SERVE_H

#include "util.h"

#include <pthread.h>

/* Default limits. */
#define SR_SERVE_MAX_BODY (2u * 1024u * 1024u) /* bytes of a request body */
#define SR_SERVE_TIMEOUT 15u                   /* seconds of client silence */
#define SR_SERVE_MAX_CONN 1024u                /* open connections */
#define SR_SERVE_MAX_LIST 2000u                /* incidents on one page */

/* ---- map outlines (serve_svg.c) ---- */

typedef struct sr_world sr_world; /* country outlines, read-only once loaded */

/* Loads a world-atlas TopoJSON file (countries-50m.json). */
sitrep_status sr_world_load(const char *path, sr_world **out, char *errbuf);
/* Loads from memory (tests). */
sitrep_status sr_world_parse(const char *json, size_t len, sr_world **out, char *errbuf);
void sr_world_free(sr_world *w);
size_t sr_world_ncountries(const sr_world *w);
/* Index of the country whose outline contains (lon, lat), or -1. */
long sr_world_country_at(const sr_world *w, double lon, double lat);
const char *sr_world_country_name(const sr_world *w, size_t i);

/* A point of the map. */
typedef struct sr_map_point {
    double lon, lat;
    double deaths;      /* highest claimed deaths, summed over its incidents (0 when none) */
    const char *label;  /* place name, escaped when drawn */
    const char *href;   /* link of the point (URL-safe already), or NULL */
    int conflict;       /* sources disagree */
    int count;          /* incidents at this point (0 or 1: one) */
    int outside;        /* set by sr_svg_map: not in the view (or no position) */
} sr_map_point;

/* Draws the map as an <svg> element: the outlines of the countries around
 * the points (w may be NULL: points on a graticule only), fitted to the
 * country that holds the most points (and those points), circles sized by
 * deaths. Sets pts[i].outside for the points it could not show. */
sitrep_status sr_svg_map(sr_buf *b, const sr_world *w, sr_map_point *pts, size_t n, int width, int height);

/* A bar of the timeline: one day, deaths (lowest and highest claims). */
typedef struct sr_day_bar {
    int64_t day;        /* days since 1970-01-01 */
    double low, high;
} sr_day_bar;

/* Draws deaths per day as an <svg> bar chart. bars sorted by day, no
 * duplicates. */
sitrep_status sr_svg_timeline(sr_buf *b, const sr_day_bar *bars, size_t n, int width, int height);

/* ---- HTTP ---- */

typedef struct sr_http_req {
    const char *method;   /* "GET", "HEAD", "POST", ... */
    const char *path;     /* percent-decoded path, starts with '/' */
    /* query argument by name (decoded), or NULL */
    const char *(*arg)(void *h, const char *name);
    void *arg_h;
    const char *content_type; /* or NULL */
    const char *body;         /* request body (POST), NUL-terminated */
    size_t body_len;
} sr_http_req;

typedef struct sr_http_resp {
    int status;
    const char *ctype;   /* static */
    sr_buf body;
    char location[512];  /* redirect target, "" for none */
    int cacheable;       /* static asset: may be cached */
} sr_http_resp;

/* One store connection (serve_query.c); NULL when the server has no store. */
typedef struct sr_sq sr_sq;

typedef struct sr_srv {
    sitrep_ctx *ctx;
    const char *db_path;     /* owned copy, or NULL */
    int allow_ingest;
    sr_world *world;         /* NULL when the outlines are not installed */
    char warning[SR_ERRMSG_MAX];
    /* pool of store connections: SQLite handles are used by one thread at a
     * time; the pool hands them out under the mutex */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sr_sq **pool;
    size_t npool, pool_cap, pool_open;
    size_t pool_max;
} sr_srv;

/* Sets up everything but the sockets (tests use it directly). */
sitrep_status sr_srv_init(sr_srv *s, sitrep_ctx *ctx, const char *db_path, int allow_ingest,
                          const char *map_path, char *errbuf);
void sr_srv_fini(sr_srv *s);

/* The router: answers one request. Never fails: errors become 4xx/5xx
 * pages. */
void sr_serve_handle(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs);

/* Security headers sent with every answer. */
extern const char sr_serve_csp[];

/* ---- HTML helpers (serve_html.c) ---- */

/* Appends s[0,n) with & < > " ' escaped: safe as element text and as a
 * quoted attribute value. Invalid UTF-8 becomes U+FFFD. */
sitrep_status sr_html_esc(sr_buf *b, const char *s, size_t n);
sitrep_status sr_html_escs(sr_buf *b, const char *s); /* NULL writes nothing */
/* Percent-encodes s for a URL path segment or query value. */
sitrep_status sr_url_enc(sr_buf *b, const char *s);

/* Page frame: <!doctype>, head, navigation; then the caller's content, then
 * sr_html_end. title is escaped. */
void sr_html_begin(sr_buf *b, const char *title, const char *nav_active);
void sr_html_end(sr_buf *b);

/* The article view of a record: its text with every extracted span marked
 * by kind, boilerplate greyed, and the incidents beside it. fused: the
 * fused incident of each incident (0: none), nfused entries, or NULL.
 * note: a line shown above the article (escaped), or NULL. */
sitrep_status sr_html_article(sr_buf *b, const sitrep_record *rec, const int64_t *fused, size_t nfused,
                              const char *note);
/* The record as JSON with its text, rules and boilerplate spans. */
sitrep_status sr_api_record(sr_buf *b, const sitrep_record *rec);

/* Text of a count: "at least 82", "5,000-11,000", "dozens". */
void sr_fmt_count(char *out, size_t cap, int64_t min, int64_t max, sitrep_qualifier q);
/* "82" with thousands separators. */
void sr_fmt_int(char *out, size_t cap, int64_t v);

/* Error page. */
void sr_resp_error(sr_http_resp *rs, int status, const char *msg);
/* JSON error body. */
void sr_resp_json_error(sr_http_resp *rs, int status, const char *msg);

/* ---- pages from the store (serve_pages.c) ---- */

void sr_page_incidents(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, int json);
void sr_page_incident(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, const char *id, int json);
void sr_page_doc(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, const char *id, int json);
void sr_page_map(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, int json);

/* ---- pasted articles (serve_api.c) ---- */

void sr_page_paste_form(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs);
void sr_page_extract(sr_srv *s, const sr_http_req *rq, sr_http_resp *rs, int json);

/* Reads name from an application/x-www-form-urlencoded body into a
 * malloc'd string (caller frees), or NULL when absent. */
char *sr_form_value(const char *body, size_t len, const char *name);

/* Query validation: returns 0 and sets *out on success, -1 on a bad value
 * (the router answers 400). Absent values leave *out unchanged. */
int sr_arg_date(const sr_http_req *rq, const char *name, char out[11]);
int sr_arg_text(const sr_http_req *rq, const char *name, const char **out, size_t maxlen);
int sr_arg_bool(const sr_http_req *rq, const char *name, int *out);
int sr_arg_uint(const sr_http_req *rq, const char *name, unsigned long *out, unsigned long max);

/* ---- store access (serve_query.c) ---- */

/* A connection from the pool (opened when none is free, up to pool_max;
 * then waits). NULL when there is no store or it cannot be opened (errbuf
 * says why). Give it back with sr_srv_release. */
sr_sq *sr_srv_acquire(sr_srv *s, char *errbuf);
void sr_srv_release(sr_srv *s, sr_sq *q);
void sr_sq_close(sr_sq *q);
sitrep_store *sr_sq_store(sr_sq *q);

/* Extracts doc, stores and fuses it; doc_id receives its id. */
sitrep_status sr_sq_ingest(sr_sq *q, sitrep_ctx *ctx, const sitrep_doc *doc, char *doc_id, size_t cap,
                           char *errbuf);

#endif
