/* util.h - small containers shared by every module: byte buffers, arenas,
 * growable arrays, hashing and calendar arithmetic. Internal prefix sr_. */
#ifndef SR_UTIL_H
#define SR_UTIL_H

#include "sitrep.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SR_ERRMSG_MAX 512

#define SR_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SR_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SR_MAX(a, b) ((a) > (b) ? (a) : (b))

#if defined(__GNUC__)
#define SR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SR_LIKELY(x) __builtin_expect(!!(x), 1)
#define SR_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SR_PRINTF(f, a)
#define SR_LIKELY(x) (x)
#define SR_UNLIKELY(x) (x)
#endif

/* Growable byte buffer. Zero-initialised is empty. data is NUL-terminated
 * whenever len > 0 or after any successful put. */
typedef struct sr_buf {
    char *data;
    size_t len, cap;
} sr_buf;

sitrep_status sr_buf_reserve(sr_buf *b, size_t extra);
sitrep_status sr_buf_put(sr_buf *b, const void *p, size_t n);
sitrep_status sr_buf_puts(sr_buf *b, const char *s);
sitrep_status sr_buf_putc(sr_buf *b, int c);
sitrep_status sr_buf_printf(sr_buf *b, const char *fmt, ...) SR_PRINTF(2, 3);
sitrep_status sr_buf_vprintf(sr_buf *b, const char *fmt, va_list ap);
/* Hands the buffer's memory to the caller (free with free) and empties b. */
char *sr_buf_detach(sr_buf *b, size_t *len);
void sr_buf_clear(sr_buf *b); /* len = 0, keeps memory */
void sr_buf_free(sr_buf *b);
/* Appends the rest of fp to b: SITREP_OK, SITREP_ENOMEM, or SITREP_EIO when
 * reading failed. */
sitrep_status sr_buf_read(sr_buf *b, FILE *fp);

/* Arena: bump allocation in chunks, all freed at once. Zero-initialised is
 * empty. sr_arena_reset keeps the first chunk so per-document reuse costs no
 * malloc in the steady state. Allocations are 8-byte aligned and zeroed. */
typedef struct sr_arena_chunk sr_arena_chunk;
typedef struct sr_arena {
    sr_arena_chunk *head;
    size_t used_total;
    char *cur, *end; /* the free room of the head chunk: allocations inline */
} sr_arena;

/* sr_arena_alloc_raw when the head chunk has no room for n bytes (n a
 * multiple of 8). */
void *sr_arena_alloc_slow(sr_arena *a, size_t n);
/* n bytes, not zeroed: for memory the caller fills at once. Inline: the
 * stages allocate small pieces by the thousand. */
static inline void *sr_arena_alloc_raw(sr_arena *a, size_t n)
{
    n = n ? (n + 7u) & ~(size_t)7u : 8;
    if (SR_LIKELY(n <= (size_t)((uintptr_t)a->end - (uintptr_t)a->cur))) {
        void *p = a->cur;
        a->cur += n;
        a->used_total += n;
        return p;
    }
    return sr_arena_alloc_slow(a, n);
}
/* The same, zeroed (inline too: the pieces are small, and memset's call is
 * the one left). */
static inline void *sr_arena_alloc(sr_arena *a, size_t n)
{
    void *p = sr_arena_alloc_raw(a, n);
    if (p)
        memset(p, 0, (n + 7u) & ~(size_t)7u);
    return p;
}
char *sr_arena_strndup(sr_arena *a, const char *s, size_t n);
char *sr_arena_strdup(sr_arena *a, const char *s);
char *sr_arena_printf(sr_arena *a, const char *fmt, ...) SR_PRINTF(2, 3);
void sr_arena_reset(sr_arena *a);
void sr_arena_free(sr_arena *a);

/* Growable array of T: SR_VEC(T) v = {0}; sr_vec_push(&v, x) returns a
 * sitrep_status. Free with free(v.items). */
#define SR_VEC(T)     \
    struct {          \
        T *items;     \
        size_t len;   \
        size_t cap;   \
    }
sitrep_status sr_vec_grow_(void **items, size_t *cap, size_t elem, size_t need);
#define sr_vec_reserve(v, n) \
    sr_vec_grow_((void **)&(v)->items, &(v)->cap, sizeof(*(v)->items), (v)->len + (n))
/* the capacity test inline: most pushes need no call */
#define sr_vec_push(v, x)                                                                         \
    (((v)->len < (v)->cap || sr_vec_reserve((v), 1) == SITREP_OK) ? ((v)->items[(v)->len++] = (x), SITREP_OK) \
                                                                  : SITREP_ENOMEM)

/* 64-bit hash of bytes (FNV-1a variant with a final mix); stable across
 * runs and platforms, so it may be stored in files. */
uint64_t sr_hash(const void *p, size_t n);
uint64_t sr_hash_continue(uint64_t h, const void *p, size_t n);
#define SR_HASH_INIT 0xcbf29ce484222325ULL

/* Calendar (proleptic Gregorian). Days are counted from 1970-01-01. */
int64_t sr_days_from_civil(int y, int m, int d);
void sr_civil_from_days(int64_t days, int *y, int *m, int *d);
int sr_weekday(int64_t days); /* 0 = Sunday ... 6 = Saturday */
int sr_days_in_month(int y, int m);
bool sr_date_valid(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD" (a valid date). */
bool sr_parse_iso_date(const char *s, int *y, int *m, int *d);
void sr_format_date(char out[11], int y, int m, int d);
void sr_format_days(char out[11], int64_t days);

/* True when path names a file that can be read. */
bool sr_readable(const char *path);

/* Where a data file is: opt when given, else $env when set, else the file
 * `name` beside the executable, else in the data directory; NULL when
 * neither of the last two can be read. The path may be written to
 * buf[0,cap) (cap at least 64). */
const char *sr_find_data_file(const char *opt, const char *env, const char *name, char *buf, size_t cap);

/* Error text helper: formats into buf (size SR_ERRMSG_MAX). */
void sr_errf(char *buf, const char *fmt, ...) SR_PRINTF(2, 3);

/* ASCII helpers that do not depend on the locale. */
static inline bool sr_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline bool sr_isalpha(int c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static inline bool sr_isalnum(int c) { return sr_isdigit(c) || sr_isalpha(c); }
static inline bool sr_isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int sr_tolower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline bool sr_isupper(int c) { return c >= 'A' && c <= 'Z'; }
/* s equals the word w: strcmp's answer, inline; with a literal w the compiler unrolls it into a
 * few byte compares (the extraction stages test tokens against words on every token). */
static inline bool sr_streq(const char *s, const char *w)
{
    while (*w && *s == *w)
        s++, w++;
    return *s == *w;
}
int sr_strncasecmp(const char *a, const char *b, size_t n);

#endif
