/* lexicon.c - loading data/NAME.txt word lists and matching them on tokens.
 *
 * Every phrase, and every proper prefix of a phrase, is a key of one hash
 * table of folded strings. Matching at a token extends the key one token at
 * a time and stops as soon as the key is no longer a prefix of anything, so
 * the usual cost is one probe per token. */
#include "lexicon.h"

#include "fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sr_lex_names[SR_LEX_COUNT] = {
    "numbers", "outcomes", "groups", "causes", "actors", "claims",
    "hedges", "dates", "outlets", "boilerplate", "notplaces", "qualifiers", "abbreviations",
};

#define LX_MAX_KEY 512
#define LX_MAX_TOKENS 12

typedef struct lx_node {
    uint64_t hash;
    const char *key;
    uint32_t keylen;
    uint32_t prefix_mask; /* lexicons with a longer phrase that starts with key */
    uint32_t entry_mask;  /* lexicons with an entry equal to key */
    const sr_lex_entry *ent[SR_LEX_COUNT];
} lx_node;

struct sr_lexicon {
    sr_arena arena;
    lx_node *table; /* open addressing, power of two */
    size_t cap, used;
    SR_VEC(sr_lex_entry *) by_lex[SR_LEX_COUNT];
    unsigned max_tokens;
};

const char *sr_lex_name(sr_lex_id id) { return id < SR_LEX_COUNT ? sr_lex_names[id] : "?"; }

const sr_embedded_file *sr_embedded_find(const char *name)
{
    for (size_t i = 0; i < sr_embedded_nfiles; i++)
        if (strcmp(sr_embedded_files[i].name, name) == 0)
            return &sr_embedded_files[i];
    return NULL;
}

static lx_node *lx_find(const sr_lexicon *lx, const char *key, size_t n, uint64_t h)
{
    if (!lx->cap)
        return NULL;
    size_t mask = lx->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        lx_node *nd = &lx->table[i];
        if (!nd->key)
            return NULL;
        if (nd->hash == h && nd->keylen == n && memcmp(nd->key, key, n) == 0)
            return nd;
    }
}

static sitrep_status lx_grow(sr_lexicon *lx)
{
    size_t ncap = lx->cap ? lx->cap * 2 : 1024;
    lx_node *nt = calloc(ncap, sizeof(*nt));
    if (!nt)
        return SITREP_ENOMEM;
    for (size_t i = 0; i < lx->cap; i++) {
        lx_node *nd = &lx->table[i];
        if (!nd->key)
            continue;
        size_t j = (size_t)nd->hash & (ncap - 1);
        while (nt[j].key)
            j = (j + 1) & (ncap - 1);
        nt[j] = *nd;
    }
    free(lx->table);
    lx->table = nt;
    lx->cap = ncap;
    return SITREP_OK;
}

static lx_node *lx_insert(sr_lexicon *lx, const char *key, size_t n)
{
    uint64_t h = sr_hash(key, n);
    lx_node *nd = lx_find(lx, key, n, h);
    if (nd)
        return nd;
    if ((lx->used + 1) * 4 > lx->cap * 3 && lx_grow(lx) != SITREP_OK)
        return NULL;
    size_t mask = lx->cap - 1;
    size_t i = (size_t)h & mask;
    while (lx->table[i].key)
        i = (i + 1) & mask;
    nd = &lx->table[i];
    nd->key = sr_arena_strndup(&lx->arena, key, n);
    if (!nd->key)
        return NULL;
    nd->hash = h;
    nd->keylen = (uint32_t)n;
    lx->used++;
    return nd;
}

static char *trim(char *s)
{
    while (sr_isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && sr_isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Parses one non-empty, non-comment line of a lexicon file. */
static sitrep_status lx_add_line(sr_lexicon *lx, sr_lex_id id, const char *file, uint32_t lineno,
                                 char *line, char *errbuf)
{
    char *hash = strstr(line, " #");
    if (hash)
        *hash = '\0';
    char *bar = strchr(line, '|');
    char *attrs = NULL;
    if (bar) {
        *bar = '\0';
        attrs = trim(bar + 1);
    }
    char *phrase = trim(line);
    if (!*phrase) {
        sr_errf(errbuf, "%s:%u: empty phrase", file, lineno);
        return SITREP_EDATA;
    }
    sr_lex_entry *e = sr_arena_alloc(&lx->arena, sizeof(*e));
    if (!e)
        return SITREP_ENOMEM;
    e->phrase = sr_arena_strdup(&lx->arena, phrase);
    e->file = file;
    e->line = lineno;
    e->rule = sr_arena_printf(&lx->arena, "%s:%u %s", file, lineno, phrase);
    e->lexicon = (uint8_t)id;

    /* attributes */
    const char *keys[32], *vals[32];
    size_t na = 0;
    if (attrs && *attrs) {
        char *save = NULL;
        for (char *tok = strtok_r(attrs, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
            char *eq = strchr(tok, '=');
            if (!eq || eq == tok || na == 32) {
                sr_errf(errbuf, "%s:%u: attribute '%s' is not key=value", file, lineno, tok);
                return SITREP_EDATA;
            }
            *eq = '\0';
            keys[na] = sr_arena_strdup(&lx->arena, tok);
            vals[na] = sr_arena_strdup(&lx->arena, eq + 1);
            if (strcmp(tok, "case") == 0 && strcmp(eq + 1, "exact") == 0)
                e->exact_case = 1;
            na++;
        }
    }
    e->nattrs = (uint16_t)na;
    const char **kk = sr_arena_alloc(&lx->arena, (na + 1) * sizeof(char *));
    const char **vv = sr_arena_alloc(&lx->arena, (na + 1) * sizeof(char *));
    if (!kk || !vv)
        return SITREP_ENOMEM;
    memcpy(kk, keys, na * sizeof(char *));
    memcpy(vv, vals, na * sizeof(char *));
    e->keys = kk;
    e->values = vv;

    sr_buf fb = {0};
    if (sr_fold(phrase, strlen(phrase), &fb) != SITREP_OK) {
        sr_buf_free(&fb);
        return SITREP_ENOMEM;
    }
    if (fb.len == 0 || fb.len >= LX_MAX_KEY) {
        sr_buf_free(&fb);
        sr_errf(errbuf, "%s:%u: phrase '%s' folds to nothing or is too long", file, lineno, phrase);
        return SITREP_EDATA;
    }
    e->norm = sr_arena_strndup(&lx->arena, fb.data, fb.len);
    unsigned ntok = 1;
    for (size_t i = 0; i < fb.len; i++) {
        if (fb.data[i] == ' ') {
            /* every proper prefix ending at a token boundary */
            lx_node *p = lx_insert(lx, fb.data, i);
            if (!p) {
                sr_buf_free(&fb);
                return SITREP_ENOMEM;
            }
            p->prefix_mask |= 1u << id;
            ntok++;
        }
    }
    if (ntok > LX_MAX_TOKENS) {
        sr_buf_free(&fb);
        sr_errf(errbuf, "%s:%u: phrase has more than %d words", file, lineno, LX_MAX_TOKENS);
        return SITREP_EDATA;
    }
    e->ntok = (uint16_t)ntok;
    if (ntok > lx->max_tokens)
        lx->max_tokens = ntok;
    lx_node *nd = lx_insert(lx, fb.data, fb.len);
    sr_buf_free(&fb);
    if (!nd)
        return SITREP_ENOMEM;
    if (nd->ent[id]) {
        sr_errf(errbuf, "%s:%u: '%s' repeats the entry of line %u", file, lineno, phrase,
                nd->ent[id]->line);
        return SITREP_EDATA;
    }
    nd->ent[id] = e;
    nd->entry_mask |= 1u << id;
    return sr_vec_push(&lx->by_lex[id], e);
}

static sitrep_status lx_load_file(sr_lexicon *lx, sr_lex_id id, const sr_embedded_file *f, char *errbuf)
{
    const char *p = (const char *)f->data, *end = p + f->len;
    uint32_t lineno = 0;
    char line[1024];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        if (n >= sizeof line) {
            sr_errf(errbuf, "%s:%u: line too long", f->name, lineno);
            return SITREP_EDATA;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (nl ? 1 : 0);
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        sitrep_status st = lx_add_line(lx, id, f->name, lineno, s, errbuf);
        if (st != SITREP_OK)
            return st;
    }
    return SITREP_OK;
}

sitrep_status sr_lexicon_load(sr_lexicon **out, char *errbuf)
{
    *out = NULL;
    sr_lexicon *lx = calloc(1, sizeof(*lx));
    if (!lx)
        return SITREP_ENOMEM;
    for (int id = 0; id < SR_LEX_COUNT; id++) {
        char name[64];
        snprintf(name, sizeof name, "data/%s.txt", sr_lex_names[id]);
        const sr_embedded_file *f = sr_embedded_find(name);
        if (!f)
            continue; /* a lexicon not written yet is empty */
        sitrep_status st = lx_load_file(lx, (sr_lex_id)id, f, errbuf);
        if (st != SITREP_OK) {
            sr_lexicon_free(lx);
            return st;
        }
    }
    *out = lx;
    return SITREP_OK;
}

void sr_lexicon_free(sr_lexicon *lx)
{
    if (!lx)
        return;
    for (int i = 0; i < SR_LEX_COUNT; i++)
        free(lx->by_lex[i].items);
    free(lx->table);
    sr_arena_free(&lx->arena);
    free(lx);
}

const char *sr_lex_attr(const sr_lex_entry *e, const char *key)
{
    for (uint16_t i = 0; i < e->nattrs; i++)
        if (strcmp(e->keys[i], key) == 0)
            return e->values[i];
    return NULL;
}

const char *sr_lex_rule(const sr_lex_entry *e) { return e->rule; }

size_t sr_lex_count(const sr_lexicon *lx, sr_lex_id id) { return lx->by_lex[id].len; }

const sr_lex_entry *sr_lex_get(const sr_lexicon *lx, sr_lex_id id, size_t i)
{
    return i < lx->by_lex[id].len ? lx->by_lex[id].items[i] : NULL;
}

/* Does the text of tokens [i, i+e->ntok) have the capitalisation of the
 * phrase as written? Compared word by word, hyphens counting as spaces. */
static bool case_matches(const sr_annot *a, size_t i, const sr_lex_entry *e)
{
    const char *p = e->phrase;
    for (size_t k = 0; k < e->ntok; k++) {
        while (*p == ' ' || *p == '-')
            p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '-')
            p++;
        const sr_token *t = &a->toks.items[i + k];
        size_t tl = t->end - t->start;
        if (tl != (size_t)(p - w) || memcmp(a->text + t->start, w, tl) != 0)
            return false;
    }
    return true;
}

/* Walks the keys that start at token i, calling back for each node hit.
 * Returns through best[] the longest entry per lexicon in mask. */
static void lx_walk(const sr_lexicon *lx, const sr_annot *a, size_t i, unsigned mask,
                    const sr_lex_entry **best)
{
    char key[LX_MAX_KEY];
    size_t klen = 0;
    uint32_t sent = a->toks.items[i].sent;
    for (size_t j = i; j < a->toks.len && j - i < lx->max_tokens; j++) {
        const sr_token *t = &a->toks.items[j];
        if (t->sent != sent || t->norm_len == 0)
            break;
        if (klen + 1 + t->norm_len >= sizeof key)
            break;
        if (klen)
            key[klen++] = ' ';
        memcpy(key + klen, a->norm.data + t->norm, t->norm_len);
        klen += t->norm_len;
        const lx_node *nd = lx_find(lx, key, klen, sr_hash(key, klen));
        if (!nd)
            break;
        unsigned hit = nd->entry_mask & mask;
        while (hit) {
            int id = __builtin_ctz(hit);
            hit &= hit - 1;
            const sr_lex_entry *e = nd->ent[id];
            if (!e->exact_case || case_matches(a, i, e))
                best[id] = e;
        }
        if (!(nd->prefix_mask & mask))
            break;
    }
}

size_t sr_lex_longest(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_lex_id id,
                      const sr_lex_entry **entry)
{
    const sr_lex_entry *best[SR_LEX_COUNT] = {0};
    *entry = NULL;
    if (i >= a->toks.len)
        return 0;
    lx_walk(lx, a, i, 1u << id, best);
    *entry = best[id];
    return best[id] ? best[id]->ntok : 0;
}

const sr_lex_entry *sr_lex_lookup(const sr_lexicon *lx, const char *s, size_t n, unsigned mask)
{
    sr_buf fb = {0};
    if (sr_fold(s, n, &fb) != SITREP_OK || !fb.len) {
        sr_buf_free(&fb);
        return NULL;
    }
    const lx_node *nd = lx_find(lx, fb.data, fb.len, sr_hash(fb.data, fb.len));
    sr_buf_free(&fb);
    if (!nd || !(nd->entry_mask & mask))
        return NULL;
    return nd->ent[__builtin_ctz(nd->entry_mask & mask)];
}

sitrep_status sr_lex_annotate(const sr_lexicon *lx, sr_annot *a, unsigned mask)
{
    size_t next_free[SR_LEX_COUNT] = {0};
    for (size_t i = 0; i < a->toks.len; i++) {
        const sr_token *t = &a->toks.items[i];
        if (t->flags & SR_TF_BOILER)
            continue;
        unsigned m = mask;
        for (int id = 0; id < SR_LEX_COUNT; id++)
            if (next_free[id] > i)
                m &= ~(1u << id);
        if (!m)
            continue;
        const sr_lex_entry *best[SR_LEX_COUNT] = {0};
        lx_walk(lx, a, i, m, best);
        for (int id = 0; id < SR_LEX_COUNT; id++) {
            const sr_lex_entry *e = best[id];
            if (!e)
                continue;
            const sr_token *last = &a->toks.items[i + e->ntok - 1];
            sr_mention mm = {0};
            mm.tok_start = (uint32_t)i;
            mm.tok_end = (uint32_t)(i + e->ntok);
            mm.start = t->start;
            mm.end = last->end;
            mm.kind = SR_M_LEXICON;
            mm.u.entry = e;
            if (sr_vec_push(&a->lex, mm) != SITREP_OK)
                return SITREP_ENOMEM;
            next_free[id] = i + e->ntok;
        }
    }
    return SITREP_OK;
}
