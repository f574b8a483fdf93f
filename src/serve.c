/* serve.c - sitrep serve: the HTTP side of the web view (libmicrohttpd).
 *
 * libmicrohttpd runs a pool of threads with internal polling; each answers
 * requests through sr_serve_handle (serve_route.c), which never touches a
 * socket. This file turns libmicrohttpd's calls into an sr_http_req, bounds
 * request bodies (413 past the limit), and sends the answer with the
 * security headers that every response carries.
 *
 * Shared state: the sitrep_ctx (read-only, thread-safe), the map outlines
 * (read-only after start) and the pool of store connections (under a mutex).
 * Nothing else is shared between threads. */
#include "serve.h"

#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_Result_t;
#else
typedef enum MHD_Result MHD_Result_t;
#endif

const char sr_serve_csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct sitrep_server {
    sr_srv s;
    struct MHD_Daemon *d;
    size_t max_body;
    char url[128];
};

/* ---- set-up shared with the tests ---- */

sitrep_status sr_srv_init(sr_srv *s, sitrep_ctx *ctx, const char *db_path, int allow_ingest,
                          const char *map_path, char *errbuf)
{
    memset(s, 0, sizeof *s);
    s->ctx = ctx;
    s->allow_ingest = allow_ingest;
    s->pool_max = 16;
    if (db_path && !(s->db_path = strdup(db_path)))
        return SITREP_ENOMEM;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    char buf[PATH_MAX];
    /* the option, $SITREP_MAP, beside the executable, the data directory */
    const char *mp = sr_find_data_file(map_path, "SITREP_MAP", "countries-50m.json", buf, sizeof buf);
    if (mp) {
        char err[SR_ERRMSG_MAX] = "";
        sitrep_status st = sr_world_load(mp, &s->world, err);
        if (st != SITREP_OK) {
            if (map_path) {
                snprintf(errbuf, SR_ERRMSG_MAX, "%s", err);
                sr_srv_fini(s);
                return st;
            }
            snprintf(s->warning, sizeof s->warning, "%s: the map shows no country outlines", err);
        }
    } else {
        snprintf(s->warning, sizeof s->warning,
                 "no map outlines found (countries-50m.json; run `make` or set SITREP_MAP): "
                 "the map shows no country outlines");
    }
    return SITREP_OK;
}

void sr_srv_fini(sr_srv *s)
{
    for (size_t i = 0; i < s->npool; i++)
        sr_sq_close(s->pool[i]);
    free(s->pool);
    s->pool = NULL;
    s->npool = 0;
    sr_world_free(s->world);
    s->world = NULL;
    free((char *)s->db_path);
    s->db_path = NULL;
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
}

/* ---- libmicrohttpd glue ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

typedef struct req_state {
    sr_buf body;
    int too_big;
    int refused; /* an answer was queued before the body was read */
} req_state;

static const char *mhd_arg(void *h, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)h, MHD_GET_ARGUMENT_KIND, name);
}

static MHD_Result_t send_resp(struct MHD_Connection *conn, sr_http_resp *rs)
{
    size_t len = 0;
    char *body = sr_buf_detach(&rs->body, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body ? body : (void *)"",
                                                             body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", rs->ctype ? rs->ctype : "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Content-Security-Policy", sr_serve_csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", rs->cacheable ? "public, max-age=300" : "no-store");
    if (rs->location[0])
        MHD_add_response_header(r, "Location", rs->location);
    if (rs->status == 405)
        MHD_add_response_header(r, "Allow", "GET, HEAD, POST");
    if (rs->status == 413 || rs->status >= 500)
        MHD_add_response_header(r, "Connection", "close");
    MHD_Result_t ret = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

static MHD_Result_t quick(struct MHD_Connection *conn, int status, const char *msg)
{
    sr_http_resp rs = {0};
    sr_resp_error(&rs, status, msg);
    MHD_Result_t r = send_resp(conn, &rs);
    sr_buf_free(&rs.body);
    return r;
}

static MHD_Result_t on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_data_size,
                               void **con_cls)
{
    struct sitrep_server *srv = cls;
    req_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        *con_cls = st;
        /* refuse a body announced as too big before reading any of it */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            char *end = NULL;
            unsigned long long v = strtoull(cl, &end, 10);
            if (end == cl || *end || v > srv->max_body) {
                st->refused = 1;
                return quick(conn, 413, "The request body is larger than this server accepts.");
            }
        }
        return MHD_YES;
    }
    if (st->refused) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!st->too_big) {
            if (st->body.len + *upload_data_size > srv->max_body) {
                st->too_big = 1;
                sr_buf_free(&st->body);
            } else if (sr_buf_put(&st->body, upload_data, *upload_data_size) != SITREP_OK) {
                st->too_big = 1;
                sr_buf_free(&st->body);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (st->too_big)
        return quick(conn, 413, "The request body is larger than this server accepts.");

    sr_http_req rq = {0};
    rq.method = method;
    rq.path = url;
    rq.arg = mhd_arg;
    rq.arg_h = conn;
    rq.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    rq.body = st->body.data ? st->body.data : "";
    rq.body_len = st->body.len;
    sr_http_resp rs = {0};
    sr_serve_handle(&srv->s, &rq, &rs);
    MHD_Result_t r = send_resp(conn, &rs);
    sr_buf_free(&rs.body);
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    req_state *st = *con_cls;
    if (st) {
        sr_buf_free(&st->body);
        free(st);
        *con_cls = NULL;
    }
}

/* Percent-decoding of the path and the query, as libmicrohttpd's own but
 * leaving "%00" as it is: a NUL would cut the path short of what the
 * client asked ("/assets/app.css%00.txt"), so that it never decodes. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *val)
{
    char *r = val, *w = val;
    while (*r) {
        int h1, h2;
        if (r[0] == '%' && r[1] && r[2] && (h1 = hexval(r[1])) >= 0 && (h2 = hexval(r[2])) >= 0 && (h1 | h2)) {
            *w++ = (char)(h1 * 16 + h2);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - val);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    if (getenv("SITREP_SERVE_DEBUG"))
        vfprintf(stderr, fmt, ap);
}

static void set_err(char *errbuf, size_t cap, const char *fmt, const char *a)
{
    if (errbuf && cap)
        snprintf(errbuf, cap, fmt, a);
}

sitrep_status sitrep_serve_start(sitrep_ctx *ctx, const sitrep_serve_options *opts, sitrep_server **out,
                                 char *errbuf, size_t errbuf_size)
{
    *out = NULL;
    sitrep_serve_options o = {0};
    if (opts)
        o = *opts;
    if (o.port > 65535) {
        set_err(errbuf, errbuf_size, "%s", "the port must be between 0 and 65535");
        return SITREP_EUSAGE;
    }
    const char *addr = o.listen_addr ? o.listen_addr : "127.0.0.1";
    struct sockaddr_in a4 = {0};
    struct sockaddr_in6 a6 = {0};
    int v6 = 0;
    if (inet_pton(AF_INET, addr, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)o.port);
    } else if (inet_pton(AF_INET6, addr, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)o.port);
        v6 = 1;
    } else {
        set_err(errbuf, errbuf_size, "'%s' is not an IPv4 or IPv6 address", addr);
        return SITREP_EUSAGE;
    }
    struct sitrep_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return SITREP_ENOMEM;
    char err[SR_ERRMSG_MAX] = "";
    sitrep_status st = sr_srv_init(&srv->s, ctx, o.db_path, o.allow_ingest, o.map_path, err);
    if (st != SITREP_OK) {
        set_err(errbuf, errbuf_size, "%s", err);
        free(srv);
        return st;
    }
    if (o.db_path) {
        /* open one store connection now, so a bad path fails at start */
        sr_sq *q = sr_srv_acquire(&srv->s, err);
        if (!q) {
            set_err(errbuf, errbuf_size, "%s", err);
            sr_srv_fini(&srv->s);
            free(srv);
            return SITREP_EDB;
        }
        sr_srv_release(&srv->s, q);
    }
    srv->max_body = o.max_body ? o.max_body : SR_SERVE_MAX_BODY;
    unsigned threads = o.threads;
    if (!threads) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        threads = nc > 0 ? (unsigned)nc * 2 : 4;
        if (threads < 4)
            threads = 4;
        if (threads > 32)
            threads = 32;
    }
    srv->s.pool_max = threads;
    unsigned timeout = o.timeout_s ? o.timeout_s : SR_SERVE_TIMEOUT;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
#ifdef MHD_USE_AUTO
    flags |= MHD_USE_AUTO;
#endif
    if (v6)
        flags |= MHD_USE_IPv6;
    srv->d = MHD_start_daemon(flags, (uint16_t)o.port, NULL, NULL, on_request, srv,
                              MHD_OPTION_SOCK_ADDR, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
                              MHD_OPTION_THREAD_POOL_SIZE, threads,
                              MHD_OPTION_CONNECTION_TIMEOUT, timeout,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)SR_SERVE_MAX_CONN,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
                              MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                              MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                              MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                              MHD_OPTION_END);
    if (!srv->d) {
        set_err(errbuf, errbuf_size, "cannot listen on %s (address in use, or not allowed)", addr);
        sr_srv_fini(&srv->s);
        free(srv);
        return SITREP_EIO;
    }
    unsigned port = o.port;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    if (info && info->port)
        port = info->port;
    snprintf(srv->url, sizeof srv->url, v6 ? "http://[%s]:%u/" : "http://%s:%u/", addr, port);
    *out = srv;
    return SITREP_OK;
}

const char *sitrep_serve_url(const sitrep_server *srv) { return srv->url; }

const char *sitrep_serve_warning(const sitrep_server *srv) { return srv->s.warning[0] ? srv->s.warning : NULL; }

void sitrep_serve_stop(sitrep_server *srv)
{
    if (!srv)
        return;
    if (srv->d)
        MHD_stop_daemon(srv->d);
    sr_srv_fini(&srv->s);
    free(srv);
}
