/* extract.c - the extraction pipeline: one document in, one record out.
 * The stages run in the order of annot.h; each reads what the earlier ones
 * wrote. */
#include "clean.h"
#include "context.h"
#include "dates.h"
#include "doc.h"
#include "incidents.h"
#include "meta.h"
#include "record.h"
#include "segment.h"
#include "summary.h"

#include <stdlib.h>
#include <string.h>

/* Copies the document's metadata into the record, completed from the text
 * where the input lacked it. */
static sitrep_status fill_docinfo(const sitrep_doc *doc, const sr_annot *a, const sr_meta *m,
                                  sitrep_record *rec)
{
    sr_arena *ar = &rec->arena;
    sitrep_docinfo *d = &rec->doc;
    /* the record outlives the document: it keeps its own copy of the body */
    d->text = sr_arena_strndup(ar, doc->body ? doc->body : "", doc->len);
    d->text_len = doc->len;
    if (!d->text)
        return SITREP_ENOMEM;
    if (doc->field[SITREP_DOC_ID]) {
        d->id = sr_arena_strdup(ar, doc->field[SITREP_DOC_ID]);
    } else {
        /* no id given: a hash of the body, stable across runs */
        d->id = sr_arena_printf(ar, "%016llx", (unsigned long long)sr_hash(d->text, d->text_len));
    }
    if (doc->field[SITREP_DOC_SOURCE])
        d->source = sr_arena_strdup(ar, doc->field[SITREP_DOC_SOURCE]);
    else if (m->source)
        d->source = m->source;
    if (doc->field[SITREP_DOC_TITLE])
        d->title = sr_arena_strdup(ar, doc->field[SITREP_DOC_TITLE]);
    else if (m->has_title)
        d->title = sr_arena_strndup(ar, a->text + m->title.start, m->title.end - m->title.start);
    if (doc->field[SITREP_DOC_URL])
        d->url = sr_arena_strdup(ar, doc->field[SITREP_DOC_URL]);
    if (doc->field[SITREP_DOC_PUBLISHED]) {
        d->published = sr_arena_strdup(ar, doc->field[SITREP_DOC_PUBLISHED]);
        d->published_from = "input";
    } else if (m->published != INT64_MIN) {
        char buf[11];
        sr_format_days(buf, m->published);
        d->published = sr_arena_strdup(ar, buf);
        d->published_from = "text";
    }
    for (size_t i = 0; i < doc->warnings.len; i++)
        if (sr_record_warn(rec, "%s", doc->warnings.items[i]) != SITREP_OK)
            return SITREP_ENOMEM;
    if (!d->id)
        return SITREP_ENOMEM;
    return SITREP_OK;
}

sitrep_status sr_run_stages(sitrep_ctx *ctx, const sitrep_doc *doc, sr_annot *a, sitrep_record *rec)
{
    sitrep_status st;
    sr_annot_reset(a, doc->body ? doc->body : "", doc->len);
    if ((st = sr_clean(ctx->lex, a)) != SITREP_OK)
        return st;
    if ((st = sr_segment(ctx->lex, a)) != SITREP_OK)
        return st;
    sr_meta meta;
    if ((st = sr_meta_detect(ctx->lex, a, doc->field[SITREP_DOC_SOURCE], &meta)) != SITREP_OK)
        return st;
    if ((st = fill_docinfo(doc, a, &meta, rec)) != SITREP_OK)
        return st;
    if (rec->doc.published) {
        int y, m, d;
        if (sr_parse_iso_date(rec->doc.published, &y, &m, &d))
            a->published = sr_days_from_civil(y, m, d);
    }
    if ((st = sr_lex_annotate(ctx->lex, a,
                              (1u << SR_LEX_OUTCOMES) | (1u << SR_LEX_GROUPS) | (1u << SR_LEX_CAUSES) |
                                  (1u << SR_LEX_ACTORS) | (1u << SR_LEX_CLAIMS) | (1u << SR_LEX_HEDGES) |
                                  (1u << SR_LEX_DATES) | (1u << SR_LEX_QUALIFIERS))) != SITREP_OK)
        return st;
    if ((st = sr_gaz_annotate(ctx->gaz, ctx->lex, a)) != SITREP_OK)
        return st;
    if ((st = sr_dates_annotate(ctx->lex, a)) != SITREP_OK)
        return st;
    if ((st = sr_incidents_build(ctx->lex, ctx->gaz, a, rec)) != SITREP_OK)
        return st;
    if ((st = sr_summary_build(ctx->lex, ctx->gaz, a, rec)) != SITREP_OK)
        return st;
    /* the record keeps the boilerplate spans for viewers */
    for (size_t i = 0; i < a->boiler.len; i++)
        if ((st = sr_vec_push(&rec->boiler, a->boiler.items[i])) != SITREP_OK)
            return st;
    return SITREP_OK;
}

sitrep_status sitrep_extract(sitrep_ctx *ctx, const sitrep_doc *doc, sitrep_record **out)
{
    *out = NULL;
    sitrep_record *rec = sr_record_new();
    if (!rec)
        return SITREP_ENOMEM;
    sr_annot own = {0};
    bool shared = !atomic_flag_test_and_set(&ctx->scratch_busy);
    sr_annot *a = shared ? &ctx->scratch : &own;
    sitrep_status st = sr_run_stages(ctx, doc, a, rec);
    if (shared)
        atomic_flag_clear(&ctx->scratch_busy);
    else
        sr_annot_free(&own);
    if (st != SITREP_OK) {
        sitrep_record_free(rec);
        return st;
    }
    *out = rec;
    return SITREP_OK;
}
