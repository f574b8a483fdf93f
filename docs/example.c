/* example.c - the library in a few lines: reads articles from the files given
 * (any format sitrep reads) and prints each reported killed count with the
 * words it came from, one tab-separated line each: id, group, min, max, words. Built and run by tests/shell/library_example.sh:
 *   cc -Iinclude docs/example.c build/libsitrep.a $(pkg-config --libs ...) */
#include <stdio.h>

#include "sitrep.h"

int main(int argc, char **argv)
{
    char err[256];
    sitrep_ctx *ctx;
    if (sitrep_open(NULL, &ctx, err, sizeof err) != SITREP_OK) {
        fprintf(stderr, "example: %s\n", err);
        return 3;
    }
    sitrep_read_options ro = {.format = SITREP_FORMAT_AUTO};
    sitrep_reader *r;
    if (sitrep_reader_open((const char *const *)argv + 1, (size_t)argc - 1, &ro, &r) != SITREP_OK) {
        fprintf(stderr, "example: cannot read the input\n");
        sitrep_close(ctx);
        return 3;
    }
    int status = 0;
    sitrep_doc *doc;
    sitrep_status st;
    while ((st = sitrep_reader_next(r, &doc)) != SITREP_END) {
        if (st != SITREP_OK) { /* a bad document: say which, go on with the others */
            fprintf(stderr, "example: %s\n", sitrep_reader_errmsg(r));
            status = 1;
            continue;
        }
        sitrep_record *rec;
        if ((st = sitrep_extract(ctx, doc, &rec)) != SITREP_OK) {
            fprintf(stderr, "example: %s: %s\n", sitrep_doc_origin(doc), sitrep_status_str(st));
            status = 1;
        } else {
            size_t text_len, n;
            const char *text = sitrep_doc_text(doc, &text_len);
            const sitrep_incident *in = sitrep_record_incidents(rec, &n);
            for (size_t i = 0; i < n; i++)
                for (size_t k = 0; k < in[i].ncounts; k++) {
                    const sitrep_count *c = &in[i].counts[k];
                    if (c->outcome != SITREP_OUTCOME_KILLED)
                        continue;
                    /* min or max is -1 when the text gives none ("as many as 50") */
                    printf("%s\t%s\t%lld\t%lld\t%.*s\n", sitrep_record_doc(rec)->id, sitrep_group_name(c->group),
                           (long long)c->min, (long long)c->max, (int)(c->evidence.end - c->evidence.start),
                           text + c->evidence.start);
                }
            sitrep_record_free(rec);
        }
        sitrep_doc_free(doc);
    }
    sitrep_reader_close(r);
    sitrep_close(ctx);
    return status;
}
