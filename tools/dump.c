/* dump.c - prints the annotations of a document, stage by stage, for
 * developers: sentences, tokens, numbers, lexicon, place and date mentions.
 *
 * usage: build/dump [--published YYYY-MM-DD] [--source NAME] [--tokens] FILE|-
 */
#include "context.h"
#include "doc.h"
#include "lexicon.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void span(const sr_annot *a, uint32_t s, uint32_t e)
{
    putchar('"');
    for (uint32_t i = s; i < e && i < a->len; i++)
        putchar(a->text[i] == '\n' ? ' ' : a->text[i]);
    putchar('"');
}

int main(int argc, char **argv)
{
    const char *path = NULL, *published = NULL, *source = NULL;
    bool tokens = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--published") && i + 1 < argc)
            published = argv[++i];
        else if (!strcmp(argv[i], "--source") && i + 1 < argc)
            source = argv[++i];
        else if (!strcmp(argv[i], "--tokens"))
            tokens = true;
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: dump [--published DATE] [--source NAME] [--tokens] FILE|-\n");
        return 2;
    }
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!fp) {
        perror(path);
        return 1;
    }
    sr_buf b = {0};
    sr_buf_read(&b, fp);
    sitrep_doc *doc = NULL;
    sitrep_doc_new(b.data ? b.data : "", b.len, &doc);
    sr_buf_free(&b);
    if (published)
        sitrep_doc_set(doc, SITREP_DOC_PUBLISHED, published);
    if (source)
        sitrep_doc_set(doc, SITREP_DOC_SOURCE, source);
    char err[512];
    sitrep_ctx *ctx = NULL;
    if (sitrep_open(NULL, &ctx, err, sizeof err) != SITREP_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    sr_annot a = {0};
    sitrep_record *rec = sr_record_new();
    sitrep_status st = sr_run_stages(ctx, doc, &a, rec);
    if (st != SITREP_OK)
        fprintf(stderr, "stages: %s\n", sitrep_status_str(st));
    printf("published %s (%s)  title %s  source %s\n", rec->doc.published ? rec->doc.published : "-",
           rec->doc.published_from ? rec->doc.published_from : "-", rec->doc.title ? rec->doc.title : "-",
           rec->doc.source ? rec->doc.source : "-");
    for (size_t i = 0; i < a.boiler.len; i++) {
        printf("boiler ");
        span(&a, a.boiler.items[i].start, a.boiler.items[i].end);
        putchar('\n');
    }
    for (size_t s = 0; s < a.sents.len; s++) {
        const sr_sentence *se = &a.sents.items[s];
        printf("S%zu p%u%s%s [%u-%u] ", s, se->paragraph, se->flags & SR_SF_BOILER ? " boiler" : "",
               se->flags & SR_SF_HEADING ? " heading" : "", se->start, se->end);
        span(&a, se->start, se->end);
        putchar('\n');
        if (tokens)
            for (uint32_t i = se->tok_start; i < se->tok_end; i++) {
                const sr_token *t = &a.toks.items[i];
                printf("    T%u k%u f%02x %-20s ", i, t->kind, t->flags, sr_tok_norm(&a, i));
                span(&a, t->start, t->end);
                putchar('\n');
            }
    }
    for (size_t i = 0; i < a.nums.len; i++) {
        const sr_number *nm = &a.nums.items[i];
        printf("number %.10g flags %x ", nm->value, nm->flags);
        span(&a, nm->start, nm->end);
        putchar('\n');
    }
    for (size_t i = 0; i < a.lex.len; i++) {
        const sr_mention *m = &a.lex.items[i];
        printf("lex %-10s ", sr_lex_name((sr_lex_id)m->u.entry->lexicon));
        span(&a, m->start, m->end);
        printf(" %s\n", sr_lex_rule(m->u.entry));
    }
    for (size_t i = 0; i < a.places.len; i++) {
        const sr_mention *m = &a.places.items[i];
        sr_gaz_place p;
        printf("place ");
        span(&a, m->start, m->end);
        if (sr_gaz_place_get(ctx->gaz, m->u.place.place, &p))
            printf(" -> %s (%s, %s) id %lld pop %u of %u candidates\n", p.name, p.admin1_name ? p.admin1_name : "-",
                   p.country, (long long)p.geonames_id, p.population, m->u.place.ncandidates);
        else
            printf(" -> #%u\n", m->u.place.place);
    }
    for (size_t i = 0; i < a.dates.len; i++) {
        const sr_mention *m = &a.dates.items[i];
        char f[11], t[11];
        sr_format_days(f, m->u.date.from);
        sr_format_days(t, m->u.date.to);
        printf("date ");
        span(&a, m->start, m->end);
        if (m->u.date.resolved)
            printf(" -> %s..%s p%u %s\n", f, t, m->u.date.precision, m->u.date.rule ? m->u.date.rule : "");
        else
            printf(" -> unresolved %s\n", m->u.date.rule ? m->u.date.rule : "");
    }
    sr_annot_free(&a);
    sitrep_record_free(rec);
    sitrep_doc_free(doc);
    sitrep_close(ctx);
    return 0;
}
