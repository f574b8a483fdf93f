/* util.c - buffers, arenas, arrays, hashing, calendar arithmetic. */
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- byte buffer ---- */

sitrep_status sr_buf_reserve(sr_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return SITREP_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return SITREP_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return SITREP_ENOMEM;
    b->data = p;
    b->cap = cap;
    return SITREP_OK;
}

sitrep_status sr_buf_put(sr_buf *b, const void *p, size_t n)
{
    if (sr_buf_reserve(b, n) != SITREP_OK)
        return SITREP_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return SITREP_OK;
}

sitrep_status sr_buf_puts(sr_buf *b, const char *s) { return sr_buf_put(b, s, strlen(s)); }

sitrep_status sr_buf_putc(sr_buf *b, int c)
{
    char ch = (char)c;
    return sr_buf_put(b, &ch, 1);
}

sitrep_status sr_buf_vprintf(sr_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || sr_buf_reserve(b, (size_t)n) != SITREP_OK)
        return SITREP_ENOMEM;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return SITREP_OK;
}

sitrep_status sr_buf_printf(sr_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sitrep_status st = sr_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

char *sr_buf_detach(sr_buf *b, size_t *len)
{
    if (!b->data && sr_buf_reserve(b, 0) != SITREP_OK)
        return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void sr_buf_clear(sr_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sr_buf_free(sr_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- arena ---- */

struct sr_arena_chunk {
    sr_arena_chunk *next;
    size_t size, used;
    max_align_t data[];
};

#define SR_ARENA_CHUNK (64u * 1024u)

/* One chunk of the standard size kept back per thread by sr_arena_free, for
 * the next arena: an arena that lives for one document (a record's) then
 * costs no malloc and no free. A thread that ends frees its chunk (the
 * key's destructor). */
static _Thread_local sr_arena_chunk *spare_chunk;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static bool spare_key_ok;

static void spare_drop(void *p)
{
    free(p);
    spare_chunk = NULL;
}

static void spare_key_make(void) { spare_key_ok = pthread_key_create(&spare_key, spare_drop) == 0; }

static sr_arena_chunk *chunk_new(size_t size)
{
    sr_arena_chunk *c;
    if (size == SR_ARENA_CHUNK && spare_chunk) {
        c = spare_chunk;
        spare_chunk = NULL;
        pthread_setspecific(spare_key, NULL);
    } else if (!(c = malloc(sizeof(*c) + size))) {
        return NULL;
    }
    c->size = size;
    c->used = 0;
    return c;
}

static void chunk_free(sr_arena_chunk *c)
{
    if (c->size == SR_ARENA_CHUNK && !spare_chunk) {
        pthread_once(&spare_once, spare_key_make);
        if (spare_key_ok && pthread_setspecific(spare_key, c) == 0) {
            spare_chunk = c;
            return;
        }
    }
    free(c);
}

/* The head chunk's room is a->cur..a->end; its `used` is brought up to
 * date only when another chunk becomes the head. */
void *sr_arena_alloc_slow(sr_arena *a, size_t n)
{
    sr_arena_chunk *h = a->head;
    if (h)
        h->used = h->size - (size_t)(a->end - a->cur);
    size_t size = n > SR_ARENA_CHUNK / 2 ? n : SR_ARENA_CHUNK;
    sr_arena_chunk *c = chunk_new(size);
    if (!c)
        return NULL;
    c->used = n;
    a->used_total += n;
    /* A big one-off block goes behind the current chunk so the current
     * chunk's free space is not wasted. */
    if (h && size != SR_ARENA_CHUNK) {
        c->next = h->next;
        h->next = c;
    } else {
        c->next = h;
        a->head = c;
        a->cur = (char *)c->data + n;
        a->end = (char *)c->data + size;
    }
    return c->data;
}

char *sr_arena_strndup(sr_arena *a, const char *s, size_t n)
{
    char *p = sr_arena_alloc_raw(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sr_arena_strdup(sr_arena *a, const char *s) { return sr_arena_strndup(a, s, strlen(s)); }

char *sr_arena_printf(sr_arena *a, const char *fmt, ...)
{
    /* Most strings fit a small buffer on the stack: one formatting pass and
     * a copy, where measuring first would format every string twice. */
    char small[256];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *p = n < 0 ? NULL : sr_arena_alloc_raw(a, (size_t)n + 1);
    if (p && (size_t)n < sizeof small)
        memcpy(p, small, (size_t)n + 1);
    else if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void sr_arena_reset(sr_arena *a)
{
    sr_arena_chunk *keep = NULL, *c = a->head;
    while (c) {
        sr_arena_chunk *next = c->next;
        if (!keep && c->size == SR_ARENA_CHUNK) {
            keep = c;
            keep->used = 0;
        } else {
            chunk_free(c);
        }
        c = next;
    }
    if (keep)
        keep->next = NULL;
    a->head = keep;
    a->cur = keep ? (char *)keep->data : NULL;
    a->end = keep ? (char *)keep->data + keep->size : NULL;
    a->used_total = 0;
}

void sr_arena_free(sr_arena *a)
{
    sr_arena_chunk *c = a->head;
    while (c) {
        sr_arena_chunk *next = c->next;
        chunk_free(c);
        c = next;
    }
    a->head = NULL;
    a->cur = a->end = NULL;
    a->used_total = 0;
}

/* ---- arrays ---- */

sitrep_status sr_vec_grow_(void **items, size_t *cap, size_t elem, size_t need)
{
    if (need <= *cap)
        return SITREP_OK;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return SITREP_ENOMEM;
        n *= 2;
    }
    void *p = realloc(*items, n * elem);
    if (!p)
        return SITREP_ENOMEM;
    *items = p;
    *cap = n;
    return SITREP_OK;
}

/* ---- hashing ---- */

uint64_t sr_hash_continue(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t sr_hash(const void *p, size_t n)
{
    uint64_t h = sr_hash_continue(SR_HASH_INIT, p, n);
    /* Final avalanche (splitmix64) so low bits are usable as table index. */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

/* ---- calendar (Howard Hinnant's algorithms) ---- */

int64_t sr_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2u) / 5u + (unsigned)d - 1u;
    const unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void sr_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
    const unsigned doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
    const unsigned mp = (5u * doy + 2u) / 153u;
    const unsigned dd = doy - (153u * mp + 2u) / 5u + 1u;
    const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)((int64_t)yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int sr_weekday(int64_t days)
{
    int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

int sr_days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

bool sr_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= sr_days_in_month(y, m);
}

bool sr_parse_iso_date(const char *s, int *y, int *m, int *d)
{
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return false;
        } else if (!sr_isdigit(s[i])) {
            return false;
        }
    }
    if (s[10] != '\0')
        return false;
    int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int mm = (s[5] - '0') * 10 + (s[6] - '0');
    int dd = (s[8] - '0') * 10 + (s[9] - '0');
    if (!sr_date_valid(yy, mm, dd))
        return false;
    *y = yy;
    *m = mm;
    *d = dd;
    return true;
}

void sr_format_date(char out[11], int y, int m, int d)
{
    /* by hand, not snprintf: records format a date per incident */
    unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 100u, dd = (unsigned)d % 100u;
    out[0] = (char)('0' + yy / 1000);
    out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10);
    out[3] = (char)('0' + yy % 10);
    out[4] = '-';
    out[5] = (char)('0' + mm / 10);
    out[6] = (char)('0' + mm % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}

void sr_format_days(char out[11], int64_t days)
{
    int y, m, d;
    sr_civil_from_days(days, &y, &m, &d);
    sr_format_date(out, y, m, d);
}

void sr_errf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, SR_ERRMSG_MAX, fmt, ap);
    va_end(ap);
}

int sr_strncasecmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = sr_tolower((unsigned char)a[i]), cb = sr_tolower((unsigned char)b[i]);
        if (ca != cb || !ca)
            return ca - cb;
    }
    return 0;
}

#ifndef SITREP_DATADIR
#define SITREP_DATADIR "/usr/local/share/sitrep"
#endif

bool sr_readable(const char *path) { return path && *path && access(path, R_OK) == 0; }

const char *sr_find_data_file(const char *opt, const char *env, const char *name, char *buf, size_t cap)
{
    if (opt)
        return opt;
    const char *val = getenv(env);
    if (val && *val)
        return val;
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n > 0) {
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash && (size_t)(slash + 1 - buf) + strlen(name) < cap) {
            strcpy(slash + 1, name);
            if (sr_readable(buf))
                return buf;
        }
    }
    snprintf(buf, cap, "%s/%s", SITREP_DATADIR, name);
    return sr_readable(buf) ? buf : NULL;
}

sitrep_status sr_buf_read(sr_buf *b, FILE *fp)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (sr_buf_put(b, chunk, n) != SITREP_OK)
            return SITREP_ENOMEM;
    return ferror(fp) ? SITREP_EIO : SITREP_OK;
}
