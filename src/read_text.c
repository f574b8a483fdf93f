/* read_text.c - one document per file, as scraped: the body is the file's
 * bytes (menus, captions and bylines included; cleaning marks them later). */
#include "read.h"

#include "encoding.h"

#include <string.h>

sitrep_status sr_text_read(sr_input *in, const sitrep_read_options *opts, sitrep_doc **out,
                           char *errbuf)
{
    *out = NULL;
    size_t limit = sr_read_limit(opts);
    sr_buf b = {0};
    sitrep_status st = sr_input_read_all(in, limit, &b);
    if (st == SITREP_ETOOBIG)
        sr_errf(errbuf, "%s: more than the limit of %zu bytes for one document", in->name, limit);
    if (st != SITREP_OK)
        goto fail;
    size_t at;
    if (sr_looks_binary_at(b.data, b.len, &at)) {
        sr_errf(errbuf, "%s: binary data, not text (%s at byte %zu)", in->name,
                b.data[at] ? "control characters from" : "a NUL byte", at);
        st = SITREP_EINPUT;
        goto fail;
    }
    if (sr_read_blank(b.data, b.len) ||
        (b.len >= 3 && memcmp(b.data, "\xEF\xBB\xBF", 3) == 0 && sr_read_blank(b.data + 3, b.len - 3))) {
        sr_errf(errbuf, "%s: no text (only white space)", in->name);
        st = SITREP_EINPUT;
        goto fail;
    }
    sitrep_doc *doc = sr_doc_alloc();
    if (!doc) {
        st = SITREP_ENOMEM;
        goto fail;
    }
    if ((st = sr_read_take_body(doc, &b)) != SITREP_OK ||
        (st = sr_doc_set_origin(doc, "%s", in->name)) != SITREP_OK) {
        sitrep_doc_free(doc);
        goto fail;
    }
    *out = doc;
    return SITREP_OK;
fail:
    sr_buf_free(&b);
    return st;
}
