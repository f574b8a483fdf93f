/* read.c - the public reader (stub: text files only, whole file). */
#include "read.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct sitrep_reader {
    char **paths;
    size_t npaths, next;
    sitrep_read_options opts;
    char err[SR_ERRMSG_MAX];
    FILE *jsonl; /* stub JSON Lines reading, until the real readers land */
    const char *jsonl_path;
    size_t line;
};

static const char *jfield(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static sitrep_status next_jsonl(sitrep_reader *r, sitrep_doc **out)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, r->jsonl);
    if (n < 0) {
        free(line);
        if (r->jsonl != stdin)
            fclose(r->jsonl);
        r->jsonl = NULL;
        return sitrep_reader_next(r, out);
    }
    r->line++;
    json_error_t je;
    json_t *o = json_loadb(line, (size_t)n, 0, &je);
    free(line);
    if (!o || !jfield(o, "text")) {
        sr_errf(r->err, "%s:%zu: not a JSON object with text", r->jsonl_path, r->line);
        json_decref(o);
        return SITREP_EINPUT;
    }
    const char *t = jfield(o, "text");
    sitrep_doc *doc = sr_doc_alloc();
    sr_doc_set_body(doc, t, strlen(t));
    sr_doc_set_origin(doc, "%s:%zu", r->jsonl_path, r->line);
    static const char *const keys[] = {"id", "source", "title", "published", "url"};
    for (int i = 0; i < 5; i++)
        if (jfield(o, keys[i]))
            sitrep_doc_set(doc, (sitrep_doc_field)i, jfield(o, keys[i]));
    json_decref(o);
    *out = doc;
    return SITREP_OK;
}

sitrep_status sitrep_reader_open(const char *const *paths, size_t npaths, const sitrep_read_options *opts,
                                 sitrep_reader **out)
{
    sitrep_reader *r = calloc(1, sizeof(*r));
    if (!r)
        return SITREP_ENOMEM;
    static const char *const stdin_path[] = {"-"};
    if (npaths == 0) {
        paths = stdin_path;
        npaths = 1;
    }
    r->paths = calloc(npaths, sizeof(char *));
    for (size_t i = 0; i < npaths; i++)
        r->paths[i] = strdup(paths[i]);
    r->npaths = npaths;
    if (opts)
        r->opts = *opts;
    *out = r;
    return SITREP_OK;
}

sitrep_status sitrep_reader_next(sitrep_reader *r, sitrep_doc **out)
{
    *out = NULL;
    if (r->jsonl)
        return next_jsonl(r, out);
    if (r->next >= r->npaths)
        return SITREP_END;
    const char *path = r->paths[r->next++];
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp) {
        sr_errf(r->err, "%s: %s", path, strerror(errno));
        return SITREP_EIO;
    }
    size_t plen = strlen(path);
    if (r->opts.format == SITREP_FORMAT_JSONL || (plen > 6 && !strcmp(path + plen - 6, ".jsonl"))) {
        r->jsonl = fp;
        r->jsonl_path = path;
        r->line = 0;
        return next_jsonl(r, out);
    }
    sr_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        sr_buf_put(&b, chunk, n);
    if (fp != stdin)
        fclose(fp);
    sitrep_doc *doc = sr_doc_alloc();
    sr_doc_set_body(doc, b.data ? b.data : "", b.len);
    sr_buf_free(&b);
    sr_doc_set_origin(doc, "%s", path);
    if (r->opts.default_published)
        sitrep_doc_set(doc, SITREP_DOC_PUBLISHED, r->opts.default_published);
    if (r->opts.default_source)
        sitrep_doc_set(doc, SITREP_DOC_SOURCE, r->opts.default_source);
    *out = doc;
    return SITREP_OK;
}

const char *sitrep_reader_errmsg(const sitrep_reader *r) { return r->err; }

void sitrep_reader_progress(const sitrep_reader *r, uint64_t *done, uint64_t *total)
{
    (void)r;
    *done = *total = 0;
}

void sitrep_reader_close(sitrep_reader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->npaths; i++)
        free(r->paths[i]);
    free(r->paths);
    free(r);
}
