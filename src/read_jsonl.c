/* read_jsonl.c - JSON Lines: one object per line, {"text": ..., "id",
 * "title", "source", "published", "url" optional}. Parsed with jansson, one
 * line at a time, so memory is one line's worth. */
#include "read.h"

#include "encoding.h"

#include <inttypes.h>
#include <jansson.h>
#include <string.h>

void sr_jsonl_free(sr_jsonl *j)
{
    sr_buf_free(&j->line);
    sr_buf_free(&j->conv);
}

static const struct {
    const char *key;
    sitrep_doc_field field;
} jsonl_fields[] = {
    {"id", SITREP_DOC_ID},       {"title", SITREP_DOC_TITLE}, {"source", SITREP_DOC_SOURCE},
    {"published", SITREP_DOC_PUBLISHED}, {"url", SITREP_DOC_URL},
};

/* Sets one metadata field from a member of the line's object. Strings are
 * taken as they are; an id may also be a whole number; null is no value;
 * anything else is ignored with a warning. */
static sitrep_status take_member(sitrep_doc *doc, json_t *obj, const char *key, sitrep_doc_field f)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return SITREP_OK;
    if (json_is_string(v))
        return sr_read_set_field(doc, f, json_string_value(v), json_string_length(v));
    if (f == SITREP_DOC_ID && json_is_integer(v)) {
        char num[32];
        int n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return sr_read_set_field(doc, f, num, (size_t)n);
    }
    return sr_doc_warn(doc, "member \"%s\" is not a string: ignored", key);
}

sitrep_status sr_jsonl_next(sr_jsonl *j, sr_input *in, const sitrep_read_options *opts,
                            sitrep_doc **out, char *errbuf)
{
    *out = NULL;
    size_t limit = sr_read_limit(opts);
    const char *line;
    size_t len;
    for (;;) {
        bool too_long;
        sitrep_status st = sr_input_getline(in, &j->line, limit, &too_long);
        if (st != SITREP_OK)
            return st;
        j->lineno++;
        if (too_long) {
            sr_errf(errbuf, "%s:%" PRIu64 ": line longer than the limit of %zu bytes for one document",
                    in->name, j->lineno, limit);
            return SITREP_ETOOBIG;
        }
        line = j->line.data;
        len = j->line.len;
        if (j->lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            len -= 3;
        }
        if (!sr_read_blank(line, len))
            break;
    }

    /* A line that is not UTF-8 is read as Windows-1252 before parsing, as
     * text files are, so that a Latin-1 export still reads. */
    size_t bad = 0;
    bool converted = false;
    if (!sr_utf8_valid(line, len, &bad)) {
        sr_buf_clear(&j->conv);
        if (sr_cp1252_to_utf8(line, len, &j->conv) != SITREP_OK)
            return SITREP_ENOMEM;
        line = j->conv.data;
        len = j->conv.len;
        converted = true;
    }

    json_error_t je;
    json_t *obj = json_loadb(line, len, 0, &je);
    if (!obj) {
        sr_errf(errbuf, "%s:%" PRIu64 ": not JSON: %s (column %d)", in->name, j->lineno, je.text,
                je.column);
        return SITREP_EINPUT;
    }
    sitrep_status st = SITREP_EINPUT;
    sitrep_doc *doc = NULL;
    json_t *text = json_object_get(obj, "text");
    if (!json_is_object(obj)) {
        sr_errf(errbuf, "%s:%" PRIu64 ": not a JSON object", in->name, j->lineno);
        goto done;
    }
    if (!json_is_string(text)) {
        sr_errf(errbuf, "%s:%" PRIu64 ": no \"text\" string in the object", in->name, j->lineno);
        goto done;
    }
    if (sr_read_blank(json_string_value(text), json_string_length(text))) {
        sr_errf(errbuf, "%s:%" PRIu64 ": empty \"text\"", in->name, j->lineno);
        goto done;
    }
    st = SITREP_ENOMEM;
    if (!(doc = sr_doc_alloc()))
        goto done;
    /* jansson hands out valid UTF-8 with no NUL unless asked otherwise. */
    if (sr_doc_set_body(doc, json_string_value(text), json_string_length(text)) != SITREP_OK ||
        sr_doc_set_origin(doc, "%s:%" PRIu64, in->name, j->lineno) != SITREP_OK)
        goto done;
    if (converted && sr_doc_warn(doc, "line not valid UTF-8 (first bad byte at column %zu): read as "
                                      "Windows-1252", bad + 1) != SITREP_OK)
        goto done;
    for (size_t i = 0; i < SR_ARRAY_LEN(jsonl_fields); i++)
        if (take_member(doc, obj, jsonl_fields[i].key, jsonl_fields[i].field) != SITREP_OK)
            goto done;
    *out = doc;
    doc = NULL;
    st = SITREP_OK;
done:
    sitrep_doc_free(doc);
    json_decref(obj);
    return st;
}
