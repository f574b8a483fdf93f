/* annot.c - the annotated document's life cycle. */
#include "annot.h"

#include <stdlib.h>

void sr_annot_reset(sr_annot *a, const char *text, size_t len)
{
    a->text = text;
    a->len = len;
    sr_arena_reset(&a->arena);
    sr_buf_clear(&a->norm);
    a->boiler.len = 0;
    a->toks.len = 0;
    a->sents.len = 0;
    a->nums.len = 0;
    a->lex.len = 0;
    a->places.len = 0;
    a->dates.len = 0;
    a->published = INT64_MIN;
    /* the stages' per-document arrays live in the arena just reset: a stage
     * that runs without the one that sets them must see none, not the last
     * document's */
    a->tokhash = NULL;
    a->tokmarks = NULL;
    a->tokix = NULL;
    a->gazmemo = NULL;
}

void sr_annot_free(sr_annot *a)
{
    sr_arena_free(&a->arena);
    sr_buf_free(&a->norm);
    free(a->boiler.items);
    free(a->toks.items);
    free(a->sents.items);
    free(a->nums.items);
    free(a->lex.items);
    free(a->places.items);
    free(a->dates.items);
}

bool sr_annot_in_boiler(const sr_annot *a, uint32_t off)
{
    size_t lo = 0, hi = a->boiler.len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const sitrep_span *s = &a->boiler.items[mid];
        if (off < s->start)
            hi = mid;
        else if (off >= s->end)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}
