/* read.c - the public reader: walks paths, picks each file's format and
 * hands the file to its format reader (read_text.c, read_jsonl.c,
 * read_csv.c, read_html.c); buffered input and the helpers they share. */
#include "read.h"

#include "encoding.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Buffered input
 * ---------------------------------------------------------------------- */

sitrep_status sr_input_init(sr_input *in, FILE *fp, const char *name, uint64_t start)
{
    memset(in, 0, sizeof(*in));
    in->buf = malloc(SR_INPUT_CHUNK);
    if (!in->buf)
        return SITREP_ENOMEM;
    in->fp = fp;
    in->name = name;
    in->base = start;
    return SITREP_OK;
}

void sr_input_free(sr_input *in)
{
    free(in->buf);
    in->buf = NULL;
}

sitrep_status sr_input_fill(sr_input *in)
{
    if (in->pos < in->end)
        return SITREP_OK;
    if (in->error)
        return SITREP_EIO;
    if (in->eof)
        return SITREP_END;
    in->base += in->end;
    in->pos = in->end = 0;
    errno = 0;
    size_t n = fread(in->buf, 1, SR_INPUT_CHUNK, in->fp);
    if (n == 0) {
        if (ferror(in->fp)) {
            in->error = errno ? errno : EIO;
            return SITREP_EIO;
        }
        in->eof = true;
        return SITREP_END;
    }
    in->end = n;
    return SITREP_OK;
}

sitrep_status sr_input_seek(sr_input *in, uint64_t off)
{
    if (off > (uint64_t)INT64_MAX || fseeko(in->fp, (off_t)off, SEEK_SET) != 0)
        return SITREP_EIO;
    clearerr(in->fp);
    in->base = off;
    in->pos = in->end = 0;
    in->eof = false;
    return SITREP_OK;
}

/* Appends n bytes to b without letting its capacity pass limit + 1: the
 * plain doubling of sr_buf would reserve up to twice the limit. */
static sitrep_status put_capped(sr_buf *b, const char *p, size_t n, size_t limit)
{
    size_t need = b->len + n + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need)
            cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        if (cap > limit + 1)
            cap = SR_MAX(limit + 1, need);
        char *q = realloc(b->data, cap);
        if (!q)
            return SITREP_ENOMEM;
        b->data = q;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return SITREP_OK;
}

sitrep_status sr_input_read_all(sr_input *in, size_t limit, sr_buf *out)
{
    for (;;) {
        sitrep_status st = sr_input_fill(in);
        if (st == SITREP_END)
            return SITREP_OK;
        if (st != SITREP_OK)
            return st;
        size_t avail = in->end - in->pos;
        if (avail > limit - out->len) {
            size_t take = limit - out->len;
            if (put_capped(out, in->buf + in->pos, take, limit) != SITREP_OK)
                return SITREP_ENOMEM;
            in->pos += take;
            return SITREP_ETOOBIG;
        }
        if (put_capped(out, in->buf + in->pos, avail, limit) != SITREP_OK)
            return SITREP_ENOMEM;
        in->pos = in->end;
    }
}

sitrep_status sr_input_getline(sr_input *in, sr_buf *line, size_t limit, bool *too_long)
{
    sr_buf_clear(line);
    *too_long = false;
    bool any = false;
    for (;;) {
        sitrep_status st = sr_input_fill(in);
        if (st == SITREP_END)
            break;
        if (st != SITREP_OK)
            return st;
        any = true;
        const char *s = in->buf + in->pos;
        size_t avail = in->end - in->pos;
        const char *nl = memchr(s, '\n', avail);
        size_t n = nl ? (size_t)(nl - s) : avail;
        if (!*too_long) {
            size_t take = n;
            if (take > limit - line->len) {
                take = limit - line->len;
                *too_long = true;
            }
            if (put_capped(line, s, take, limit) != SITREP_OK)
                return SITREP_ENOMEM;
        }
        in->pos += n + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!any)
        return SITREP_END;
    if (line->len > 0 && line->data[line->len - 1] == '\r')
        line->data[--line->len] = '\0';
    return SITREP_OK;
}

sitrep_status sr_input_line(sr_input *in, sr_buf *line, size_t limit, bool *too_long, const char **s,
                            size_t *n)
{
    if (in->pos < in->end) {
        const char *p = in->buf + in->pos;
        size_t avail = in->end - in->pos;
        const char *nl = memchr(p, '\n', avail);
        size_t k = nl ? (size_t)(nl - p) : 0;
        if (nl && k <= limit) {
            *too_long = false;
            in->pos += k + 1;
            if (k > 0 && p[k - 1] == '\r')
                k--;
            *s = p;
            *n = k;
            return SITREP_OK;
        }
    }
    sitrep_status st = sr_input_getline(in, line, limit, too_long);
    *s = line->data;
    *n = line->len;
    return st;
}

/* ------------------------------------------------------------------------
 * Helpers for the format readers
 * ---------------------------------------------------------------------- */

size_t sr_read_limit(const sitrep_read_options *opts)
{
    return opts && opts->max_doc_bytes ? opts->max_doc_bytes : SITREP_DEFAULT_MAX_DOC;
}

bool sr_read_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!sr_isspace((unsigned char)s[i]))
            return false;
    return true;
}

sitrep_status sr_read_take_body(sitrep_doc *doc, sr_buf *b)
{
    static const char bom[] = "\xEF\xBB\xBF";
    if (!b->data) {
        sr_buf_free(b);
        return sr_doc_set_body(doc, "", 0);
    }
    size_t skip = b->len >= 3 && memcmp(b->data, bom, 3) == 0 ? 3 : 0;
    if (!sr_utf8_valid(b->data + skip, b->len - skip, NULL)) {
        /* doc.c reads it as Windows-1252 and words the warning. */
        sitrep_status st = sr_doc_set_body(doc, b->data, b->len);
        sr_buf_free(b);
        return st;
    }
    if (skip) {
        memmove(b->data, b->data + skip, b->len - skip + 1);
        b->len -= skip;
    }
    size_t n;
    char *p = sr_buf_detach(b, &n);
    if (!p)
        return SITREP_ENOMEM;
    sr_doc_take_body(doc, p, n);
    return SITREP_OK;
}

/* The longest prefix of s[0,n) of at most max bytes that does not cut a
 * UTF-8 sequence, so that quoted values in messages stay valid UTF-8. */
static size_t utf8_prefix(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

sitrep_status sr_read_set_field(sitrep_doc *doc, sitrep_doc_field f, const char *s, size_t n)
{
    return sr_read_set_field_in(doc, f, s, n, NULL, false);
}

/* The copy of a value: in *room (moved past it) when there is one, else
 * malloc'd. */
static char *copy_value(const char *s, size_t n, char **room)
{
    char *v = room ? *room : malloc(n + 1);
    if (!v)
        return NULL;
    memcpy(v, s, n);
    v[n] = '\0';
    if (room)
        *room += n + 1;
    return v;
}

sitrep_status sr_read_set_field_in(sitrep_doc *doc, sitrep_doc_field f, const char *s, size_t n, char **room,
                                   bool utf8)
{
    while (n > 0 && sr_isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && sr_isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0)
        return SITREP_OK;
    sr_buf conv = {0};
    if (!utf8 && !sr_utf8_valid(s, n, NULL)) {
        if (sr_cp1252_to_utf8(s, n, &conv) != SITREP_OK) {
            sr_buf_free(&conv);
            return SITREP_ENOMEM;
        }
        s = conv.data;
        n = conv.len;
        room = NULL; /* longer than the room made for the bytes read */
    }
    sitrep_status st = SITREP_OK;
    if (f == SITREP_DOC_PUBLISHED) {
        /* A date, or a timestamp that begins with one ("2016-12-15T09:30:00Z"):
         * the date as the outlet wrote it is what the record calls published. */
        char date[11] = {0};
        int y, m, d;
        bool ok = false;
        if (n >= 10 && (n == 10 || s[10] == 'T' || s[10] == 't' || s[10] == ' ')) {
            memcpy(date, s, 10);
            ok = sr_parse_iso_date(date, &y, &m, &d);
        }
        if (ok && room)
            sr_doc_put_field(doc, f, copy_value(date, 10, room), true);
        else if (ok)
            st = sitrep_doc_set(doc, f, date);
        else {
            size_t k = utf8_prefix(s, n, 40);
            st = sr_doc_warn(doc, "published value \"%.*s%s\" is not a date as YYYY-MM-DD: ignored",
                             (int)k, s, k < n ? "..." : "");
        }
    } else {
        /* the one copy, given to the document (what sitrep_doc_set would
         * copy again) */
        char *v = copy_value(s, n, room);
        if (v)
            sr_doc_put_field(doc, f, v, room != NULL);
        else
            st = SITREP_ENOMEM;
    }
    sr_buf_free(&conv);
    return st;
}

sitrep_status sr_read_set_origin(sitrep_doc *doc, const char *name, uint64_t line)
{
    return sr_read_set_origin_in(doc, name, line, NULL);
}

sitrep_status sr_read_set_origin_in(sitrep_doc *doc, const char *name, uint64_t line, char **room)
{
    char num[24];
    size_t k = sizeof num;
    do
        num[--k] = (char)('0' + line % 10);
    while ((line /= 10) != 0);
    size_t n = strlen(name), m = sizeof num - k;
    char *s = room ? *room : malloc(n + 1 + m + 1);
    if (!s)
        return SITREP_ENOMEM;
    memcpy(s, name, n);
    s[n] = ':';
    memcpy(s + n + 1, num + k, m);
    s[n + 1 + m] = '\0';
    if (room)
        *room += n + 1 + m + 1;
    sr_doc_put_origin(doc, s, room != NULL);
    return SITREP_OK;
}

sitrep_status sr_read_defaults(sitrep_doc *doc, const sitrep_read_options *opts)
{
    sitrep_status st = SITREP_OK;
    if (opts->default_published && !doc->field[SITREP_DOC_PUBLISHED])
        st = sitrep_doc_set(doc, SITREP_DOC_PUBLISHED, opts->default_published);
    if (st == SITREP_OK && opts->default_source && !doc->field[SITREP_DOC_SOURCE])
        st = sitrep_doc_set(doc, SITREP_DOC_SOURCE, opts->default_source);
    return st;
}

/* ------------------------------------------------------------------------
 * The reader
 * ---------------------------------------------------------------------- */

enum {
    PENDING_IN_DIR = 1, /* found by walking a directory (not named by the caller) */
    PENDING_STREAM = 2  /* the caller's stream of sr_reader_open_stream */
};

typedef struct pending {
    char *path;
    unsigned flags;
} pending;

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

struct sitrep_reader {
    sitrep_read_options opts;    /* strings point to the copies below */
    char *default_published, *default_source;
    SR_VEC(pending) todo;        /* paths still to read; the last one is next */
    SR_VEC(dir_id) seen_dirs;    /* directories walked, against symlink loops */
    FILE *stream;                /* sr_reader_open_stream's stream, not owned */

    /* The file being read. */
    bool open;
    bool finished;               /* the format reader has nothing more from it */
    char *path;                  /* owned */
    const char *name;            /* path, or "<stdin>" */
    FILE *fp;
    bool close_fp;
    sitrep_format format;
    uint64_t size;               /* 0 when unknown */
    sr_input in;
    sr_jsonl jsonl;
    sr_csvdoc csv;

    uint64_t done_bytes, total_bytes;
    char err[SR_ERRMSG_MAX];
};

static void close_file(sitrep_reader *r)
{
    if (!r->open)
        return;
    uint64_t consumed = sr_input_offset(&r->in);
    r->done_bytes += SR_MAX(consumed, r->size);
    if (r->close_fp && r->fp)
        fclose(r->fp);
    sr_input_free(&r->in);
    sr_jsonl_free(&r->jsonl);
    sr_csvdoc_free(&r->csv);
    free(r->path);
    r->path = NULL;
    r->fp = NULL;
    r->open = false;
}

/* The format that a file name's extension says, or SITREP_FORMAT_AUTO. */
static sitrep_format format_of_name(const char *name, bool *has_ext)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *dot = strrchr(base, '.');
    *has_ext = dot && dot != base && dot[1];
    if (!*has_ext)
        return SITREP_FORMAT_AUTO;
    static const struct {
        const char *ext;
        sitrep_format format;
    } exts[] = {
        {"txt", SITREP_FORMAT_TEXT},  {"text", SITREP_FORMAT_TEXT},   {"jsonl", SITREP_FORMAT_JSONL},
        {"ndjson", SITREP_FORMAT_JSONL}, {"csv", SITREP_FORMAT_CSV},  {"html", SITREP_FORMAT_HTML},
        {"htm", SITREP_FORMAT_HTML},  {"xhtml", SITREP_FORMAT_HTML},
    };
    for (size_t i = 0; i < SR_ARRAY_LEN(exts); i++)
        if (strlen(exts[i].ext) == strlen(dot + 1) && !sr_strncasecmp(dot + 1, exts[i].ext, strlen(exts[i].ext)))
            return exts[i].format;
    return SITREP_FORMAT_AUTO;
}

static bool starts_with_nocase(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && sr_strncasecmp(s, prefix, k) == 0;
}

/* The format that the first bytes suggest: a JSON object is JSON Lines, an
 * HTML start is HTML, anything else is text. CSV is never guessed: plain
 * text with commas would be taken for it. */
static sitrep_format sniff_format(const char *s, size_t n)
{
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    while (n > 0 && sr_isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    if (n > 0 && *s == '{')
        return SITREP_FORMAT_JSONL;
    if (starts_with_nocase(s, n, "<!doctype") || starts_with_nocase(s, n, "<html") ||
        starts_with_nocase(s, n, "<head") || starts_with_nocase(s, n, "<body"))
        return SITREP_FORMAT_HTML;
    return SITREP_FORMAT_TEXT;
}

/* Whether a file found in a directory is read: regular files only, and
 * under --format auto only those whose extension is a known one or that
 * have none, since a README.md or an image beside the articles is not an
 * article. (A file named by the caller is always read.) */
static bool wanted_in_dir(const sitrep_reader *r, const char *path, const struct stat *sb)
{
    bool has_ext;
    if (!S_ISREG(sb->st_mode))
        return false;
    return r->opts.format != SITREP_FORMAT_AUTO || format_of_name(path, &has_ext) != SITREP_FORMAT_AUTO ||
           !has_ext;
}

static sitrep_status push_path(sitrep_reader *r, const char *path, size_t n, unsigned flags)
{
    pending p = {strndup(path, n), flags};
    if (!p.path || sr_vec_push(&r->todo, p) != SITREP_OK) {
        free(p.path);
        return SITREP_ENOMEM;
    }
    return SITREP_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Queues the entries of a directory, sorted by name (bytes), hidden ones
 * left out. A directory already walked (a symlink loop) is left out. */
static sitrep_status walk_dir(sitrep_reader *r, const char *path, const struct stat *sb)
{
    for (size_t i = 0; i < r->seen_dirs.len; i++)
        if (r->seen_dirs.items[i].dev == sb->st_dev && r->seen_dirs.items[i].ino == sb->st_ino)
            return SITREP_OK;
    dir_id id = {sb->st_dev, sb->st_ino};
    if (sr_vec_push(&r->seen_dirs, id) != SITREP_OK)
        return SITREP_ENOMEM;
    DIR *d = opendir(path);
    if (!d) {
        sr_errf(r->err, "%s: cannot read the directory: %s", path, strerror(errno));
        return SITREP_EIO;
    }
    SR_VEC(char *) names = {0};
    sitrep_status st = SITREP_OK;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *name = strdup(e->d_name);
        if (!name || sr_vec_push(&names, name) != SITREP_OK) {
            free(name);
            st = SITREP_ENOMEM;
            break;
        }
    }
    if (st == SITREP_OK && errno != 0) {
        sr_errf(r->err, "%s: reading the directory failed: %s", path, strerror(errno));
        st = SITREP_EIO;
    }
    closedir(d);
    if (names.len > 1)
        qsort(names.items, names.len, sizeof(char *), cmp_names);
    size_t plen = strlen(path);
    while (plen > 1 && path[plen - 1] == '/')
        plen--;
    sr_buf child = {0};
    /* Pushed last first, so that the first name is read next. */
    for (size_t i = names.len; i-- > 0 && st == SITREP_OK;) {
        sr_buf_clear(&child);
        if (sr_buf_put(&child, path, plen) != SITREP_OK ||
            (path[plen - 1] != '/' && sr_buf_putc(&child, '/') != SITREP_OK) ||
            sr_buf_puts(&child, names.items[i]) != SITREP_OK) {
            st = SITREP_ENOMEM;
            break;
        }
        struct stat csb;
        if (stat(child.data, &csb) == 0 && S_ISREG(csb.st_mode) && wanted_in_dir(r, child.data, &csb))
            r->total_bytes += (uint64_t)csb.st_size;
        st = push_path(r, child.data, child.len, PENDING_IN_DIR);
    }
    sr_buf_free(&child);
    for (size_t i = 0; i < names.len; i++)
        free(names.items[i]);
    free(names.items);
    return st;
}

/* Opens the next queued path: a file becomes the current file; a
 * directory queues its entries. Returns SITREP_OK (which may mean that the
 * path was left out, see walk_dir and below), or an error with r->err set. */
static sitrep_status open_path(sitrep_reader *r, pending p)
{
    sitrep_status st = SITREP_OK;
    FILE *fp = NULL;
    bool close_fp = false;
    uint64_t size = 0;
    const char *name = p.path;
    if (p.flags & PENDING_STREAM) {
        fp = r->stream;
    } else if (!(p.flags & PENDING_IN_DIR) && strcmp(p.path, "-") == 0) {
        fp = stdin;
        name = "<stdin>";
        struct stat sb;
        if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode))
            size = (uint64_t)sb.st_size;
    } else {
        struct stat sb;
        if (stat(p.path, &sb) != 0) {
            sr_errf(r->err, "%s: %s", p.path, strerror(errno));
            free(p.path);
            return SITREP_EIO;
        }
        if (S_ISDIR(sb.st_mode)) {
            st = walk_dir(r, p.path, &sb);
            free(p.path);
            return st;
        }
        if ((p.flags & PENDING_IN_DIR) && !wanted_in_dir(r, p.path, &sb)) {
            free(p.path);
            return SITREP_OK;
        }
        fp = fopen(p.path, "rb");
        if (!fp) {
            sr_errf(r->err, "%s: %s", p.path, strerror(errno));
            free(p.path);
            return SITREP_EIO;
        }
        close_fp = true;
        if (S_ISREG(sb.st_mode))
            size = (uint64_t)sb.st_size;
    }

    r->open = true;
    r->finished = false;
    r->path = p.path;
    r->name = name;
    r->fp = fp;
    r->close_fp = close_fp;
    r->size = size;
    memset(&r->jsonl, 0, sizeof r->jsonl);
    memset(&r->csv, 0, sizeof r->csv);
    if ((st = sr_input_init(&r->in, fp, name, 0)) != SITREP_OK) {
        r->in.buf = NULL;
        close_file(r);
        return st;
    }

    sitrep_format f = r->opts.format;
    bool has_ext;
    if (f == SITREP_FORMAT_AUTO && name == p.path)
        f = format_of_name(p.path, &has_ext);
    size_t limit = sr_read_limit(&r->opts);
    if ((f == SITREP_FORMAT_TEXT || f == SITREP_FORMAT_HTML) && size > limit) {
        /* One document per file: too big as a whole, so not read at all. */
        sr_errf(r->err, "%s: %llu bytes, more than the limit of %zu bytes for one document", name,
                (unsigned long long)size, limit);
        close_file(r);
        return SITREP_ETOOBIG;
    }

    st = sr_input_fill(&r->in);
    if (st == SITREP_END) {
        sr_errf(r->err, "%s: empty file", name);
        close_file(r);
        return SITREP_EINPUT;
    }
    if (st != SITREP_OK) {
        sr_errf(r->err, "%s: reading failed: %s", name, strerror(r->in.error));
        close_file(r);
        return st;
    }
    const char *head = r->in.buf;
    size_t nhead = r->in.end;
    if (nhead >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF'))) {
        sr_errf(r->err, "%s: UTF-16 text, which sitrep does not read: convert it to UTF-8", name);
        close_file(r);
        return SITREP_EINPUT;
    }
    size_t at;
    if (sr_looks_binary_at(head, nhead, &at)) {
        sr_errf(r->err, "%s: binary data, not text (%s at byte %zu)", name,
                head[at] ? "control characters from" : "a NUL byte", at);
        close_file(r);
        return SITREP_EINPUT;
    }
    if (f == SITREP_FORMAT_AUTO)
        f = sniff_format(head, nhead);
    r->format = f;
    return SITREP_OK;
}

/* Asks the current file's format reader for its next document. */
static sitrep_status next_in_file(sitrep_reader *r, sitrep_doc **out)
{
    sitrep_status st;
    switch (r->format) {
    case SITREP_FORMAT_JSONL:
        st = sr_jsonl_next(&r->jsonl, &r->in, &r->opts, out, r->err);
        r->finished = st == SITREP_END || st == SITREP_EIO || st == SITREP_ENOMEM;
        break;
    case SITREP_FORMAT_CSV:
        st = sr_csvdoc_next(&r->csv, &r->in, &r->opts, out, r->err);
        r->finished = st == SITREP_END || st == SITREP_EIO || st == SITREP_ENOMEM || r->csv.done;
        break;
    case SITREP_FORMAT_HTML:
        st = sr_html_read(&r->in, &r->opts, out, r->err);
        r->finished = true;
        break;
    default:
        st = sr_text_read(&r->in, &r->opts, out, r->err);
        r->finished = true;
        break;
    }
    if (st == SITREP_EIO && r->in.error)
        sr_errf(r->err, "%s: reading failed at byte %llu: %s", r->name,
                (unsigned long long)sr_input_offset(&r->in), strerror(r->in.error));
    if (st == SITREP_OK && (st = sr_read_defaults(*out, &r->opts)) != SITREP_OK) {
        sitrep_doc_free(*out);
        *out = NULL;
    }
    return st;
}

sitrep_status sitrep_reader_next(sitrep_reader *r, sitrep_doc **out)
{
    *out = NULL;
    r->err[0] = '\0';
    for (;;) {
        if (r->open) {
            if (r->finished) {
                close_file(r);
                continue;
            }
            sitrep_status st = next_in_file(r, out);
            if (r->finished)
                close_file(r);
            if (st == SITREP_END)
                continue;
            if (st == SITREP_ENOMEM && !r->err[0])
                sr_errf(r->err, "out of memory");
            return st;
        }
        if (r->todo.len == 0)
            return SITREP_END;
        pending p = r->todo.items[--r->todo.len];
        sitrep_status st = open_path(r, p);
        if (st != SITREP_OK)
            return st;
    }
}

static sitrep_status reader_new(const sitrep_read_options *opts, sitrep_reader **out)
{
    *out = NULL;
    sitrep_reader *r = calloc(1, sizeof(*r));
    if (!r)
        return SITREP_ENOMEM;
    if (opts)
        r->opts = *opts;
    int y, m, d;
    if ((unsigned)r->opts.format > SITREP_FORMAT_HTML ||
        (r->opts.default_published && !sr_parse_iso_date(r->opts.default_published, &y, &m, &d))) {
        free(r);
        return SITREP_EUSAGE;
    }
    if ((r->opts.default_published && !(r->default_published = strdup(r->opts.default_published))) ||
        (r->opts.default_source && !(r->default_source = strdup(r->opts.default_source)))) {
        sitrep_reader_close(r);
        return SITREP_ENOMEM;
    }
    r->opts.default_published = r->default_published;
    r->opts.default_source = r->default_source;
    r->opts.max_doc_bytes = sr_read_limit(opts);
    *out = r;
    return SITREP_OK;
}

sitrep_status sitrep_reader_open(const char *const *paths, size_t npaths, const sitrep_read_options *opts,
                                 sitrep_reader **out)
{
    sitrep_reader *r;
    sitrep_status st = reader_new(opts, &r);
    if (st != SITREP_OK)
        return st;
    static const char *const stdin_only[] = {"-"};
    if (npaths == 0) {
        paths = stdin_only;
        npaths = 1;
    }
    for (size_t i = npaths; i-- > 0;) {
        if ((st = push_path(r, paths[i], strlen(paths[i]), 0)) != SITREP_OK) {
            sitrep_reader_close(r);
            return st;
        }
        struct stat sb;
        if (strcmp(paths[i], "-") == 0 ? fstat(STDIN_FILENO, &sb) == 0 : stat(paths[i], &sb) == 0)
            if (S_ISREG(sb.st_mode))
                r->total_bytes += (uint64_t)sb.st_size;
    }
    *out = r;
    return SITREP_OK;
}

sitrep_status sr_reader_open_stream(FILE *fp, const char *name, const sitrep_read_options *opts,
                                    sitrep_reader **out)
{
    sitrep_reader *r;
    sitrep_status st = reader_new(opts, &r);
    if (st != SITREP_OK)
        return st;
    r->stream = fp;
    if ((st = push_path(r, name, strlen(name), PENDING_STREAM)) != SITREP_OK) {
        sitrep_reader_close(r);
        return st;
    }
    *out = r;
    return SITREP_OK;
}

const char *sitrep_reader_errmsg(const sitrep_reader *r) { return r->err; }

void sitrep_reader_progress(const sitrep_reader *r, uint64_t *done, uint64_t *total)
{
    *done = r->done_bytes + (r->open ? sr_input_offset(&r->in) : 0);
    *total = r->total_bytes;
}

void sitrep_reader_close(sitrep_reader *r)
{
    if (!r)
        return;
    close_file(r);
    for (size_t i = 0; i < r->todo.len; i++)
        free(r->todo.items[i].path);
    free(r->todo.items);
    free(r->seen_dirs.items);
    free(r->default_published);
    free(r->default_source);
    free(r);
}
