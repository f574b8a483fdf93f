/* lexicon.c - loading data/NAME.txt word lists and matching them on tokens.
 *
 * Every phrase, and every proper prefix of a phrase, is a key of one hash
 * table of folded strings. Matching at a token extends the key one token at
 * a time and stops as soon as the key is no longer a prefix of anything, so
 * the usual cost is one probe per token.
 *
 * A key's hash is built word by word (lx_combine over lx_piece_hash of each
 * space-separated word), so a walk hashes each token once, not the growing
 * key; each key node knows its parent (the key one word shorter), so a probe
 * compares only the last word, and that by its hash (lx_same_word). Every
 * token is hashed once, by the segment stage; the stage skips, with one bit
 * test of a filter of the lexicons asked for (lx_filter), the tokens that
 * start no key of them, and with a second the tokens whose word only starts
 * longer keys when the next word is not the second word of any ("the",
 * "at", "according"): half the walks found nothing before it. */
#include "lexicon.h"

#include "fold.h"
#include "json.h" /* sr_json_fmt_int: a rule's line number */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

static const char *const sr_lex_names[SR_LEX_COUNT] = {
    "numbers", "outcomes", "groups", "causes", "actors", "claims",
    "hedges", "dates", "outlets", "boilerplate", "notplaces", "qualifiers", "abbreviations",
};

/* The first step of a walk is inlined in the stage's loop, where most walks
 * are one probe long and a call would cost a fifth of them. */
#if defined(__GNUC__)
#define LX_INLINE static inline __attribute__((always_inline))
#else
#define LX_INLINE static inline
#endif

#define LX_MAX_KEY 512
#define LX_MAX_TOKENS 12

/* A key, as a walk reads it: 32 bytes, two to a cache line. The walks read
 * nodes at random, a few hundred thousand per MB of text, so the node table
 * is kept as small as it can be; what only loading and the rare long word
 * need is in lx_key, beside it. A walk tells a node's last word from the
 * token's by their piece hashes, which it has already (lx_same_word), and
 * reads the token's bytes only for a word of more than 8 bytes. */
typedef struct lx_node {
    uint64_t whash;       /* lx_piece_hash of the key's last word (1 for an empty word) */
    uint64_t w1;          /* bytes 8-15 of the key's last word, zero past it */
    uint32_t parent;      /* 1 + index of the node one word shorter, 0 for one word */
    uint32_t ent;         /* index in lx->ents of the node's entry of its lowest lexicon
                           * (the others follow, by lexicon) */
    uint16_t entry_mask;  /* lexicons with an entry equal to key */
    uint16_t exact_mask;  /* those whose entry matches only in its own case (case=exact) */
    uint16_t prefix_mask; /* lexicons with a longer phrase that starts with key */
    uint16_t keylen : 12; /* bytes (< LX_MAX_KEY) */
    uint16_t ntok : 4;    /* words (<= LX_MAX_TOKENS) */
} lx_node;

typedef struct lx_key {
    uint64_t hash;        /* lx_key_hash of key */
    const char *key;      /* in the arena */
    const sr_lex_entry **ent; /* while loading: SR_LEX_COUNT entries by lexicon, NULL when
                               * entry_mask is 0 (lx->ents holds them after) */
} lx_key;

/* The slots of the node table: 12 bits of the key's hash (above the slot
 * index's) and 1 + the node's index, so that a probe reads one 4-byte slot
 * and only a node whose bits match. */
#define LX_SLOT_INDEX_BITS 20
#define LX_MAX_NODES ((1u << LX_SLOT_INDEX_BITS) - 1)
/* The slots past the last that repeat the first ones, for a probe that reads four slots at a
 * time from any slot on (lx_child). */
#define LX_SLOT_PAD 3
static inline uint32_t lx_slot_tag(uint64_t h) { return (uint32_t)(h >> (32 + LX_SLOT_INDEX_BITS)); }

#define LX_FIRST_BITS SR_LEX_FIRST_BITS /* the filter of first words: 2^15 slots */
#define LX_PAIR_BITS 16  /* the filter of first two words: 2^16 bits */
#define LX_FILTERS (SR_LEX_COUNT + 4)

/* The filter of first words for one set of lexicons, two bitmaps by the
 * slot h >> (64 - LX_FIRST_BITS) of a word's piece hash h: `start` says
 * that some key of them may start with the word, `word` that a one-word
 * entry of them may be it (when some word of the same slot is such); no
 * key of them starts with a word whose start bit is clear. Hash 0 (a form
 * of several words) has both. 8 KB: most words of no key are turned away
 * there, before any probe; a table for all lexicons at once, or one of
 * wider slots, would be larger, or let through words of keys of the
 * lexicons not asked for. And the filter of first two words: bit
 * lx_pair_bit(h1, h2) set for the piece hashes of the first two words of
 * every key of them of two words or more: most tokens whose word only
 * starts longer keys ("the", "at", "according") are not followed by the
 * second word of any, and need no walk. Of the lexicons asked for only:
 * the keys of the others ("The Guardian" for the stage's lexicons, "the
 * United Nations" for the outlets) let through walks that found nothing. */
typedef struct lx_filter {
    unsigned mask; /* the lexicons */
    uint64_t start[(1u << LX_FIRST_BITS) / 64];
    uint64_t word[(1u << LX_FIRST_BITS) / 64];
    uint64_t pair[(1u << LX_PAIR_BITS) / 64];
} lx_filter;

static inline unsigned lx_filter_bit(const uint64_t *bits, uint64_t h)
{
    return sr_lex_first_bit(bits, h);
}

struct sr_lexicon {
    sr_lex_head head; /* first: sr_lex_longest reads it through the lexicon's pointer */
    sr_arena arena;
    uint32_t *slots; /* open addressing, power of two, at most half full: tag << 20 | 1 + node */
    size_t cap;
    lx_node *nodes;  /* by index, in the order made */
    lx_key *keys;    /* the same */
    size_t used, nodes_cap;
    const sr_lex_entry **ents; /* the entries of every node, by node then lexicon */
    SR_VEC(sr_lex_entry *) by_lex[SR_LEX_COUNT];
    /* the filters of first words (lx_filter), made on first use: one for
     * each lexicon by its id, then those of sets of lexicons */
    struct lx_filter *_Atomic filters[LX_FILTERS];
    struct lx_filter *filter_all; /* of every lexicon, when the slots run out */
    /* every attribute of every entry by (lexicon, key, value without ASCII
     * case): the first entry in file order (sr_lex_find_attr) */
    struct lx_attr_slot {
        uint64_t h;
        const sr_lex_entry *e;
    } *attrs;
    size_t attrs_cap;
    uint64_t serial; /* this lexicon's number among those loaded by the process (from 1) */
    sr_buf fold_buf; /* while loading: the folded phrase of a line */
};

/* ---- hashing, word by word ---- */

#define LX_SEED SR_LEX_SEED
#define LX_ONES 0x0101010101010101ULL
#define LX_HIGHS 0x8080808080808080ULL

static inline uint64_t lx_mix(uint64_t h, uint64_t w) { return sr_lex_mix(h, w); }

/* The last, partial word of a piece: its n < 8 bytes as a little-endian
 * number (the same value whichever way it is read). */
static inline uint64_t lx_tail(const char *s, size_t n)
{
    uint64_t w = 0;
    for (size_t k = 0; k < n; k++)
        w |= (uint64_t)(unsigned char)s[k] << (8 * k);
    return w;
}

static inline uint64_t lx_load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline bool lx_has_space(uint64_t w)
{
    uint64_t x = w ^ (LX_ONES * ' ');
    return ((x - LX_ONES) & ~x & LX_HIGHS) != 0;
}

/* Hash of one word of a key (s[0,n), n > 0), never 0; 0 instead when the
 * bytes hold a space (a token whose folded form is several words). When
 * `padded`, the 8-byte word that holds the last byte may be read whole. */
static inline uint64_t lx_piece_hash(const char *s, size_t n, bool padded)
{
    uint64_t h = LX_SEED ^ n, spaces = 0;
    while (n >= 8) {
        uint64_t w = lx_load8(s);
        spaces |= lx_has_space(w);
        h = lx_mix(h, w);
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = padded ? lx_load8(s) & ((1ULL << (8 * n)) - 1) : lx_tail(s, n);
        /* the bytes past the end read as 0, never as a space */
        spaces |= lx_has_space(w);
        h = lx_mix(h, w);
    }
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    if (spaces)
        return 0;
    return h ? h : 1;
}

/* The hash of a key one word longer than the key of hash h. */
static inline uint64_t lx_combine(uint64_t h, uint64_t piece)
{
    return lx_mix(h, piece);
}

/* Hash of a whole key (words separated by single spaces). */
static uint64_t lx_key_hash(const char *key, size_t n)
{
    uint64_t h = LX_SEED;
    size_t i = 0;
    while (i <= n) {
        const char *sp = memchr(key + i, ' ', n - i);
        size_t e = sp ? (size_t)(sp - key) : n;
        h = lx_combine(h, e > i ? lx_piece_hash(key + i, e - i, false) : 1);
        i = e + 1;
    }
    return h;
}

/* The pair filter's bit for a first word of hash h1 and a second of hash h2
 * (asymmetric: "of the" and "the of" differ). */
static inline size_t lx_pair_bit(uint64_t h1, uint64_t h2)
{
    return (size_t)((h1 ^ (h2 << 17 | h2 >> 47)) >> (64 - LX_PAIR_BITS));
}

static inline bool lx_pair_has(const lx_filter *f, uint64_t h1, uint64_t h2)
{
    size_t b = lx_pair_bit(h1, h2);
    return (f->pair[b / 64] >> (b % 64)) & 1;
}

/* The filter of first words for the lexicons in mask, for a while. */
static lx_filter *lx_filter_make(const sr_lexicon *lx, unsigned mask)
{
    lx_filter *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->mask = mask;
    f->start[0] = f->word[0] = 1; /* hash 0, a form of several words: the walk reads it */
    for (size_t k = 0; k < lx->used; k++) {
        const lx_node *nd = &lx->nodes[k];
        if (!((nd->entry_mask | nd->prefix_mask) & mask))
            continue;
        if (nd->parent) {
            /* a key of two words (some key of the lexicons starts with them) */
            if (nd->ntok == 2) {
                size_t b = lx_pair_bit(lx->nodes[nd->parent - 1].whash, nd->whash);
                f->pair[b / 64] |= 1ull << (b % 64);
            }
            continue;
        }
        size_t at = nd->whash >> (64 - LX_FIRST_BITS);
        f->start[at / 64] |= 1ull << (at % 64);
        if (nd->entry_mask & mask)
            f->word[at / 64] |= 1ull << (at % 64);
    }
    return f;
}

/* The filter of the lexicons in mask: made on the first call for the mask
 * and kept (the lexicon is shared by threads: one that loses the race to
 * keep its filter uses the winner's); the filter of every lexicon when no
 * slot is left, or no memory. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static const lx_filter *lx_filter_new(const sr_lexicon *lx, unsigned mask)
{
    sr_lexicon *shared = (sr_lexicon *)lx;
    size_t from = SR_LEX_COUNT, to = LX_FILTERS;
    if (!(mask & (mask - 1))) {
        from = (size_t)__builtin_ctz(mask);
        to = from + 1;
    }
    for (size_t k = from; k < to; k++) {
        lx_filter *f = atomic_load_explicit(&shared->filters[k], memory_order_acquire);
        if (!f) {
            lx_filter *mine = lx_filter_make(lx, mask);
            if (!mine)
                break;
            if (atomic_compare_exchange_strong_explicit(&shared->filters[k], &f, mine, memory_order_acq_rel,
                                                        memory_order_acquire))
                f = mine;
            else
                free(mine); /* f is the winner's */
        }
        if (f->mask == mask) {
            if (k < SR_LEX_COUNT)
                atomic_store_explicit(&shared->head.starts[k], f->start, memory_order_release);
            return f;
        }
    }
    return lx->filter_all;
}

static inline const lx_filter *lx_filter_of(const sr_lexicon *lx, unsigned mask)
{
    if (!(mask & (mask - 1))) {
        const lx_filter *f = atomic_load_explicit(&((sr_lexicon *)lx)->filters[__builtin_ctz(mask)], memory_order_acquire);
        if (SR_LIKELY(f != NULL))
            return f;
    }
    return lx_filter_new(lx, mask);
}

/* May a key of the lexicons of filter f start at token i of hash h (not
 * 0), followed by ntok - i - 1 tokens of hashes `hashes`? False only when
 * none can: no one-word entry of them is in h's slot, and no longer key of
 * any lexicon starts with h's word and the next (when its form is one
 * word). */
static inline bool lx_may_start(const sr_lexicon *lx, const lx_filter *f, uint64_t h, const uint64_t *hashes,
                                size_t i, size_t ntok)
{
    if (lx_filter_bit(f->word, h))
        return true;
    if (!lx_filter_bit(f->start, h) || i + 1 >= ntok)
        return false;
    return !hashes[i + 1] || lx_pair_has(f, h, hashes[i + 1]);
}

const char *sr_lex_name(sr_lex_id id) { return id < SR_LEX_COUNT ? sr_lex_names[id] : "?"; }

const sr_embedded_file *sr_embedded_find(const char *name)
{
    for (size_t i = 0; i < sr_embedded_nfiles; i++)
        if (strcmp(sr_embedded_files[i].name, name) == 0)
            return &sr_embedded_files[i];
    return NULL;
}

/* The index of the node of key s[0,n) (of hash h), or -1. */
static long lx_find(const sr_lexicon *lx, const char *key, size_t n, uint64_t h)
{
    if (!lx->cap)
        return -1;
    size_t mask = lx->cap - 1;
    for (size_t i = (size_t)h & mask; lx->slots[i]; i = (i + 1) & mask) {
        size_t k = (lx->slots[i] & LX_MAX_NODES) - 1;
        if (lx->keys[k].hash == h && lx->nodes[k].keylen == n && memcmp(lx->keys[k].key, key, n) == 0)
            return (long)k;
    }
    return -1;
}

/* The first (up to) 8 bytes of word w[0,n), zero past them; `avail` bytes
 * may be read from w. */
static inline uint64_t lx_word8(const char *w, size_t n, size_t avail)
{
    if (n > 8)
        n = 8;
    if (avail >= 8 && n)
        return lx_load8(w) & (~0ULL >> (64 - 8 * n));
    return lx_tail(w, n);
}

/* Is node nd's last word the word of wn bytes at offset off of a's folded
 * forms, of piece hash th, when nd's piece hash is th too and its parent
 * and its key's length are those of the word's key (so that its last word
 * has wn bytes)? For one length n, lx_piece_hash is one to one on the
 * words of 8 bytes or fewer (each step of it, seed ^ n ^ the bytes, the
 * multiplications by odd numbers and the xor-shifts, is), and on the words
 * of 9 to 16 bytes with the same bytes 8-15 (lx_node.w1): equal hashes are
 * equal words, but for the one hash (1) that two values share, and for
 * longer words, whose bytes are compared. */
static inline bool lx_same_word(const sr_lexicon *lx, const lx_node *nd, const sr_annot *a, size_t off, size_t wn,
                                uint64_t th)
{
    if (SR_LIKELY(wn <= 8 && th != 1))
        return true;
    const char *w = a->norm.data + off;
    if (wn <= 16 && th != 1)
        return nd->w1 == lx_word8(w + 8, wn - 8, a->norm.cap - off - 8);
    return memcmp(lx->keys[nd - lx->nodes].key + nd->keylen - wn, w, wn) == 0;
}

/* The node whose key is parent's key (0: none, else 1 + its index) and one
 * more word, of wn bytes at offset off of a's folded forms and of piece
 * hash th, keylen bytes in all; h is its hash. */
LX_INLINE const lx_node *lx_child(const sr_lexicon *lx, uint32_t parent, uint64_t th, const sr_annot *a,
                                      size_t off, size_t wn, size_t keylen, uint64_t h)
{
    size_t mask = lx->cap - 1;
    uint32_t tag = lx_slot_tag(h);
    size_t i = (size_t)h & mask;
#if defined(__SSE2__) && defined(__x86_64__)
    /* four slots at a time (LX_SLOT_PAD): the slots of the tag before the first empty one.
     * Whether the next slot is empty, of another tag or of the key was as good as random,
     * a branch of each a slot; now most probes take one branch, hit or miss. */
    const __m128i tags = _mm_set1_epi32((int)tag), zero = _mm_setzero_si128();
    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(lx->slots + i));
        unsigned empty = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero)));
        unsigned hit = (unsigned)_mm_movemask_ps(
            _mm_castsi128_ps(_mm_cmpeq_epi32(_mm_srli_epi32(v, LX_SLOT_INDEX_BITS), tags)));
        hit &= (empty & -empty) - 1; /* all four when none is empty */
        if (SR_LIKELY(hit)) {
            const lx_node *nd = &lx->nodes[(lx->slots[i + (unsigned)__builtin_ctz(hit)] & LX_MAX_NODES) - 1];
            if (nd->whash == th && nd->keylen == keylen && nd->parent == parent &&
                lx_same_word(lx, nd, a, off, wn, th))
                return nd;
            break; /* another key of the tag (one probe in some thousands): slot by slot from i */
        }
        if (empty)
            return NULL;
        i = (i + 4) & mask;
    }
#endif
    for (;; i = (i + 1) & mask) {
        uint32_t sl = lx->slots[i];
        if (!sl)
            return NULL;
        if ((sl >> LX_SLOT_INDEX_BITS) != tag)
            continue;
        const lx_node *nd = &lx->nodes[(sl & LX_MAX_NODES) - 1];
        if (nd->whash == th && nd->keylen == keylen && nd->parent == parent && lx_same_word(lx, nd, a, off, wn, th))
            return nd;
    }
}

/* 1 + the index of node nd (what lx_node.parent holds). */
static inline uint32_t lx_ref(const sr_lexicon *lx, const lx_node *nd)
{
    return nd ? (uint32_t)(nd - lx->nodes) + 1 : 0;
}

static void lx_slot_put(uint32_t *slots, size_t cap, uint64_t h, size_t k)
{
    size_t j = (size_t)h & (cap - 1);
    while (slots[j])
        j = (j + 1) & (cap - 1);
    slots[j] = lx_slot_tag(h) << LX_SLOT_INDEX_BITS | (uint32_t)(k + 1);
    if (j < LX_SLOT_PAD)
        slots[cap + j] = slots[j];
}

/* Room for one more node: the arrays grow, and the slots stay at most half full. */
static sitrep_status lx_grow(sr_lexicon *lx)
{
    if (lx->used == LX_MAX_NODES)
        return SITREP_ENOMEM;
    if (lx->used == lx->nodes_cap) {
        size_t ncap = lx->nodes_cap ? lx->nodes_cap * 2 : 512;
        lx_node *nodes = realloc(lx->nodes, ncap * sizeof *nodes);
        if (!nodes)
            return SITREP_ENOMEM;
        lx->nodes = nodes;
        lx_key *keys = realloc(lx->keys, ncap * sizeof *keys);
        if (!keys)
            return SITREP_ENOMEM;
        lx->keys = keys;
        lx->nodes_cap = ncap;
    }
    if ((lx->used + 1) * 2 > lx->cap) {
        size_t ncap = lx->cap ? lx->cap * 2 : 1024;
        uint32_t *slots = calloc(ncap + LX_SLOT_PAD, sizeof *slots);
        if (!slots)
            return SITREP_ENOMEM;
        for (size_t k = 0; k < lx->used; k++)
            lx_slot_put(slots, ncap, lx->keys[k].hash, k);
        free(lx->slots);
        lx->slots = slots;
        lx->cap = ncap;
    }
    return SITREP_OK;
}

/* Inserts key s[0,n) (if new) under its parent (1 + its index, 0 for one
 * word); h is its lx_key_hash and piece the lx_piece_hash of its last word
 * (1 for an empty one), which the caller has, word by word. Returns the
 * node's index, or -1 when out of memory. */
static long lx_insert(sr_lexicon *lx, const char *key, size_t n, uint32_t parent, unsigned ntok, uint64_t h,
                      uint64_t piece)
{
    long found = lx_find(lx, key, n, h);
    if (found >= 0)
        return found;
    if (lx_grow(lx) != SITREP_OK)
        return -1;
    size_t k = lx->used;
    lx_key *ky = &lx->keys[k];
    lx_node *nd = &lx->nodes[k];
    memset(ky, 0, sizeof *ky);
    memset(nd, 0, sizeof *nd);
    ky->key = sr_arena_strndup(&lx->arena, key, n);
    if (!ky->key)
        return -1;
    ky->hash = h;
    size_t last = n; /* where the last word starts */
    while (last > 0 && key[last - 1] != ' ')
        last--;
    nd->whash = piece; /* as lx_key_hash */
    nd->w1 = n - last > 8 ? lx_word8(key + last + 8, n - last - 8, 0) : 0;
    nd->keylen = (uint16_t)(n & 0xfff);
    nd->ntok = (uint16_t)(ntok & 0xf);
    nd->parent = parent;
    lx_slot_put(lx->slots, lx->cap, h, k);
    lx->used++;
    return (long)k;
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

/* Is s[0,n) its own folded form (fold.h)? So when it is lower-case ASCII
 * letters and digits, words one space apart: most phrases of the files,
 * which then need no fold. */
static bool lx_folded(const char *s, size_t n)
{
    if (!n || s[0] == ' ' || s[n - 1] == ' ')
        return false;
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)s[k];
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch == ' ' && s[k + 1] != ' '))
            continue;
        return false;
    }
    return true;
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
    /* attributes */
    const char *keys[32], *vals[32];
    size_t na = 0;
    bool exact_case = false;
    if (attrs && *attrs) {
        /* one copy of the attributes, the keys and values cut in it */
        char *save = NULL, *copy = sr_arena_strdup(&lx->arena, attrs);
        if (!copy)
            return SITREP_ENOMEM;
        for (char *tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
            char *eq = strchr(tok, '=');
            if (!eq || eq == tok || na == 32) {
                sr_errf(errbuf, "%s:%u: attribute '%s' is not key=value", file, lineno, tok);
                return SITREP_EDATA;
            }
            *eq = '\0';
            keys[na] = tok;
            vals[na] = eq + 1;
            if (strcmp(tok, "case") == 0 && strcmp(eq + 1, "exact") == 0)
                exact_case = true;
            na++;
        }
    }
    /* the entry and what sr_lex_attr reads of it in one block: an attribute
     * is found on the entry's own lines */
    struct {
        sr_lex_entry e;
        uint64_t key8[];
    } *blk = sr_arena_alloc(&lx->arena, sizeof *blk + na * sizeof(uint64_t) + 2 * (na + 1) * sizeof(char *));
    if (!blk)
        return SITREP_ENOMEM;
    sr_lex_entry *e = &blk->e;
    uint64_t *k8 = blk->key8;
    const char **vv = (const char **)(k8 + na), **kk = vv + na + 1;
    for (size_t k = 0; k < na; k++)
        k8[k] = sr_lex_key8(keys[k]);
    memcpy(kk, keys, na * sizeof(char *));
    memcpy(vv, vals, na * sizeof(char *));
    e->nattrs = (uint16_t)na;
    e->key8 = k8;
    e->keys = kk;
    e->values = vv;
    e->exact_case = exact_case;
    e->file = file;
    e->line = lineno;
    /* the rule, "FILE:LINE PHRASE", ends with the phrase: one copy holds both (a
     * formatting call for each of some thousand lines was a third of the loading) */
    size_t flen = strlen(file), plen = strlen(phrase);
    char digits[21];
    size_t dlen = sr_json_fmt_int(digits, lineno);
    char *rule = sr_arena_alloc_raw(&lx->arena, flen + 1 + dlen + 1 + plen + 1);
    if (!rule)
        return SITREP_ENOMEM;
    memcpy(rule, file, flen);
    rule[flen] = ':';
    memcpy(rule + flen + 1, digits, dlen);
    rule[flen + 1 + dlen] = ' ';
    memcpy(rule + flen + 1 + dlen + 1, phrase, plen + 1);
    e->rule = rule;
    e->phrase = rule + flen + 1 + dlen + 1;
    e->lexicon = (uint8_t)id;

    sr_buf *fbuf = &lx->fold_buf;
    fbuf->len = 0;
    if (lx_folded(phrase, plen) ? sr_buf_put(fbuf, phrase, plen) != SITREP_OK
                                : sr_fold(phrase, plen, fbuf) != SITREP_OK)
        return SITREP_ENOMEM;
    const sr_buf fb = *fbuf;
    if (fb.len == 0 || fb.len >= LX_MAX_KEY) {
        sr_errf(errbuf, "%s:%u: phrase '%s' folds to nothing or is too long", file, lineno, phrase);
        return SITREP_EDATA;
    }
    e->norm = sr_arena_strndup(&lx->arena, fb.data, fb.len);
    unsigned ntok = 1;
    uint32_t parent = 0;
    uint64_t h = LX_SEED;     /* lx_key_hash of the words so far, word by word as it is made */
    uint64_t piece = 1;       /* lx_piece_hash of the last of them */
    size_t word = 0;          /* where the word being read starts */
    for (size_t i = 0; i <= fb.len; i++) {
        if (i < fb.len && fb.data[i] != ' ')
            continue;
        piece = i > word ? lx_piece_hash(fb.data + word, i - word, false) : 1;
        h = lx_combine(h, piece);
        if (i == fb.len)
            break;
        /* every proper prefix ending at a token boundary */
        long p = lx_insert(lx, fb.data, i, parent, ntok, h, piece);
        if (p < 0)
            return SITREP_ENOMEM;
        lx->nodes[p].prefix_mask |= (uint16_t)(1u << id);
        parent = (uint32_t)p + 1;
        ntok++;
        word = i + 1;
    }
    if (ntok > LX_MAX_TOKENS) {
        sr_errf(errbuf, "%s:%u: phrase has more than %d words", file, lineno, LX_MAX_TOKENS);
        return SITREP_EDATA;
    }
    e->ntok = (uint16_t)ntok;
    long k = lx_insert(lx, fb.data, fb.len, parent, ntok, h, piece);
    if (k < 0)
        return SITREP_ENOMEM;
    lx_key *ky = &lx->keys[k];
    lx_node *nd = &lx->nodes[k];
    if (!ky->ent && !(ky->ent = sr_arena_alloc(&lx->arena, SR_LEX_COUNT * sizeof(*ky->ent))))
        return SITREP_ENOMEM;
    if (ky->ent[id]) {
        sr_errf(errbuf, "%s:%u: '%s' repeats the entry of line %u", file, lineno, phrase,
                ky->ent[id]->line);
        return SITREP_EDATA;
    }
    ky->ent[id] = e;
    nd->entry_mask |= (uint16_t)(1u << id);
    if (e->exact_case)
        nd->exact_mask |= (uint16_t)(1u << id);
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

/* The hash of an attribute for sr_lex_find_attr (FNV-1a; value lower-cased). */
static uint64_t lx_attr_hash(unsigned id, const char *key, const char *value)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ id;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    h = (h ^ 0xff) * 0x100000001b3ULL;
    for (const char *p = value; *p; p++)
        h = (h ^ (unsigned)sr_tolower((unsigned char)*p)) * 0x100000001b3ULL;
    return h | 1;
}

static bool lx_attr_is(const sr_lex_entry *e, unsigned id, const char *key, const char *value)
{
    const char *v = e->lexicon == id ? sr_lex_attr(e, key) : NULL;
    return v && !sr_strncasecmp(v, value, strlen(v) + 1);
}

static sitrep_status lx_index_attrs(sr_lexicon *lx)
{
    size_t n = 0;
    for (int id = 0; id < SR_LEX_COUNT; id++)
        for (size_t i = 0; i < lx->by_lex[id].len; i++)
            n += lx->by_lex[id].items[i]->nattrs;
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    lx->attrs = calloc(cap, sizeof *lx->attrs);
    if (!lx->attrs)
        return SITREP_ENOMEM;
    lx->attrs_cap = cap;
    for (int id = 0; id < SR_LEX_COUNT; id++)
        for (size_t i = 0; i < lx->by_lex[id].len; i++) {
            const sr_lex_entry *e = lx->by_lex[id].items[i];
            for (uint16_t k = 0; k < e->nattrs; k++) {
                uint64_t h = lx_attr_hash((unsigned)id, e->keys[k], e->values[k]);
                size_t at = (size_t)h & (cap - 1);
                bool seen = false;
                for (; lx->attrs[at].h; at = (at + 1) & (cap - 1))
                    if (lx->attrs[at].h == h && lx_attr_is(lx->attrs[at].e, (unsigned)id, e->keys[k], e->values[k])) {
                        seen = true; /* an earlier entry has it */
                        break;
                    }
                if (!seen) {
                    lx->attrs[at].h = h;
                    lx->attrs[at].e = e;
                }
            }
        }
    return SITREP_OK;
}

static const sr_lex_entry *lx_find_attr(const sr_lexicon *lx, sr_lex_id id, const char *key, const char *value)
{
    if (!lx->attrs_cap)
        return NULL;
    uint64_t h = lx_attr_hash((unsigned)id, key, value);
    for (size_t at = (size_t)h & (lx->attrs_cap - 1); lx->attrs[at].h; at = (at + 1) & (lx->attrs_cap - 1))
        if (lx->attrs[at].h == h && lx_attr_is(lx->attrs[at].e, (unsigned)id, key, value))
            return lx->attrs[at].e;
    return NULL;
}

/* The answers of sr_lex_find_attr met last by this thread: meta asks once a document for the
 * outlet the input names, and a corpus names a few dozen; the hash of the value and the test
 * of the entry found cost more than a look here. A lexicon is told by its serial number, not
 * by its address, which a lexicon loaded after one freed may have. */
#define LX_FA_SLOTS 16
#define LX_FA_VALUE 24
typedef struct lx_fa_slot {
    uint64_t serial; /* 0: empty */
    const char *key; /* compared by address: the callers' literals */
    const sr_lex_entry *e;
    uint8_t id;
    char value[LX_FA_VALUE];
} lx_fa_slot;
static _Thread_local lx_fa_slot lx_fa_cache[LX_FA_SLOTS];

const sr_lex_entry *sr_lex_find_attr(const sr_lexicon *lx, sr_lex_id id, const char *key, const char *value)
{
    size_t n = strlen(value);
    if (n >= LX_FA_VALUE)
        return lx_find_attr(lx, id, key, value);
    lx_fa_slot *sl = &lx_fa_cache[((unsigned char)value[0] * 7u + (n ? (unsigned char)value[n - 1] : 0) + n) %
                                  LX_FA_SLOTS];
    if (sl->serial == lx->serial && sl->id == (uint8_t)id && sl->key == key && !memcmp(sl->value, value, n + 1))
        return sl->e;
    const sr_lex_entry *e = lx_find_attr(lx, id, key, value);
    sl->serial = lx->serial;
    sl->id = (uint8_t)id;
    sl->key = key;
    memcpy(sl->value, value, n + 1);
    sl->e = e;
    return e;
}

/* Every node's entries in one array, by node then lexicon (lx_node.ent): a
 * walk that reaches a node reads its entries from the lines next to those of
 * the nodes it reached before. */
static sitrep_status lx_index_entries(sr_lexicon *lx)
{
    size_t n = 0;
    for (size_t k = 0; k < lx->used; k++)
        n += (size_t)__builtin_popcount(lx->nodes[k].entry_mask);
    /* and two past them, which lx_take reads for a node of fewer than two */
    lx->ents = malloc((n + 2) * sizeof *lx->ents);
    if (!lx->ents)
        return SITREP_ENOMEM;
    n = 0;
    for (size_t k = 0; k < lx->used; k++) {
        lx->nodes[k].ent = (uint32_t)n;
        for (unsigned m = lx->nodes[k].entry_mask; m; m &= m - 1)
            lx->ents[n++] = lx->keys[k].ent[__builtin_ctz(m)];
    }
    lx->ents[n] = lx->ents[n + 1] = NULL;
    return SITREP_OK;
}

/* The entry of lexicon id (in nd's entry_mask) at node nd. */
static inline const sr_lex_entry *lx_entry(const sr_lexicon *lx, const lx_node *nd, unsigned id)
{
    /* the entries of lower lexicons come first: count them (16 bits, without
     * the library call __builtin_popcount makes on a plain x86-64) */
    unsigned x = nd->entry_mask & ((1u << id) - 1);
    x -= (x >> 1) & 0x5555;
    x = (x & 0x3333) + ((x >> 2) & 0x3333);
    x = (x + (x >> 4)) & 0x0f0f;
    x = (x + (x >> 8)) & 0x1f;
    return lx->ents[nd->ent + x];
}

sitrep_status sr_lexicon_load(sr_lexicon **out, char *errbuf)
{
    *out = NULL;
    sr_lexicon *lx = calloc(1, sizeof(*lx));
    if (!lx)
        return SITREP_ENOMEM;
    static _Atomic uint64_t loaded;
    lx->serial = atomic_fetch_add(&loaded, 1) + 1;
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
    if (lx_index_attrs(lx) != SITREP_OK || lx_index_entries(lx) != SITREP_OK ||
        !(lx->filter_all = lx_filter_make(lx, (1u << SR_LEX_COUNT) - 1))) {
        sr_lexicon_free(lx);
        return SITREP_ENOMEM;
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
    free(lx->slots);
    free(lx->nodes);
    free(lx->keys);
    free(lx->ents);
    free(lx->attrs);
    for (size_t k = 0; k < LX_FILTERS; k++)
        free(atomic_load(&lx->filters[k]));
    free(lx->filter_all);
    sr_buf_free(&lx->fold_buf);
    sr_arena_free(&lx->arena);
    free(lx);
}

/* sr_lex_attr_key8 for a key of 8 bytes or more, compared past its first 8 as a string; out
 * of line, so that the usual case saves no registers for the call of strcmp. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static const char *lx_attr_long(const sr_lex_entry *e, const char *key, uint64_t key8)
{
    for (uint16_t i = 0; i < e->nattrs; i++)
        if (e->key8[i] == key8 && strcmp(e->keys[i] + 8, key + 8) == 0)
            return e->values[i];
    return NULL;
}

const char *sr_lex_attr_key8(const sr_lex_entry *e, const char *key, uint64_t key8)
{
    if (SR_UNLIKELY(key8 >> 56))
        return lx_attr_long(e, key, key8);
    /* a key of fewer than 8 bytes is told by key8 alone: every attribute is compared and the
     * first that has the key chosen by a selection (where it stands among the entry's few
     * attributes, if at all, was as good as random) */
    uintptr_t v = 0;
    for (size_t i = e->nattrs; i-- > 0;) {
        /* chosen by a mask: the compiler makes a branch of a selection between loads */
        uintptr_t take = -(uintptr_t)(e->key8[i] == key8);
        v = ((uintptr_t)e->values[i] & take) | (v & ~take);
    }
    return (const char *)v;
}

const char *sr_lex_rule(const sr_lex_entry *e) { return e->rule; }

size_t sr_lex_count(const sr_lexicon *lx, sr_lex_id id) { return lx->by_lex[id].len; }

const sr_lex_entry *sr_lex_get(const sr_lexicon *lx, sr_lex_id id, size_t i)
{
    return i < lx->by_lex[id].len ? lx->by_lex[id].items[i] : NULL;
}

bool sr_lex_case_matches(const sr_annot *a, size_t i, const char *phrase, size_t ntok)
{
    const char *p = phrase;
    for (size_t k = 0; k < ntok; k++) {
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

uint64_t sr_lex_token_hash(const char *s, size_t n, size_t avail)
{
    if (n == 0)
        return 0;
    if (n <= 8 && avail >= 8) {
        /* most words: one 8-byte load (inside the buffer), the same value
         * as lx_piece_hash */
        uint64_t w = lx_load8(s) & (~0ULL >> (64 - 8 * n));
        if (lx_has_space(w))
            return 0;
        return sr_lex_hash8(w, n);
    }
    /* whole 8-byte words may be read when they stay inside the buffer */
    return lx_piece_hash(s, n, ((n + 7) & ~(size_t)7) <= avail);
}

/* The hash of token j's folded form for the walk (lx_piece_hash: 0 when
 * it is several words, or empty): the segment stage's, or computed. */
static inline uint64_t tok_hash(const sr_annot *a, size_t j)
{
    if (SR_LIKELY(a->tokhash != NULL))
        return a->tokhash[j];
    const sr_token *t = &a->toks.items[j];
    return sr_lex_token_hash(a->norm.data + t->norm, t->norm_len, a->norm.cap - t->norm);
}

/* For a token whose folded form, n bytes at offset off of a's folded
 * forms, is several words: walks its words from the node prev (NULL at the
 * start), as if the key were extended by the whole form at once. Returns
 * the node of the longer key, or NULL. */
static const lx_node *lx_words(const sr_lexicon *lx, const lx_node *prev, uint64_t *h, const sr_annot *a, size_t off,
                               size_t n)
{
    const char *w = a->norm.data + off;
    size_t i = 0, klen = prev ? prev->keylen : 0;
    const lx_node *nd = prev;
    while (i <= n) {
        const char *sp = memchr(w + i, ' ', n - i);
        size_t e = sp ? (size_t)(sp - w) : n;
        size_t wn = e - i;
        klen = nd ? klen + 1 + wn : wn;
        uint64_t piece = wn ? lx_piece_hash(w + i, wn, false) : 1;
        *h = lx_combine(*h, piece);
        if (!(nd = lx_child(lx, lx_ref(lx, nd), piece, a, off + i, wn, klen, *h)))
            return NULL;
        i = e + 1;
    }
    return nd;
}

/* lx_take past its usual case, out of line: a node of more than two
 * entries, or of one of mask that matches only in its own case. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static unsigned lx_take_all(const sr_lexicon *lx, const sr_annot *a, size_t i, const lx_node *nd, unsigned mask,
                            const sr_lex_entry **best, uint8_t *best_ntok)
{
    unsigned found = 0;
    const sr_lex_entry *const *ep = lx->ents + nd->ent;
    for (unsigned all = nd->entry_mask; all & mask; all &= all - 1, ep++) {
        int id = __builtin_ctz(all);
        if (!((mask >> id) & 1))
            continue;
        const sr_lex_entry *e = *ep;
        if (!((nd->exact_mask >> id) & 1) || sr_lex_case_matches(a, i, e->phrase, e->ntok)) {
            best[id] = e;
            best_ntok[id] = (uint8_t)nd->ntok;
            found |= 1u << id;
        }
    }
    return found;
}

/* The length of best and best_ntok: a slot for each lexicon, and one that
 * lx_take writes for a node of fewer than two entries. */
#define LX_BEST (SR_LEX_COUNT + 1)

/* Node nd's entries of the lexicons in mask, for the walk from token i:
 * sets best[id] to each (but an entry of case=exact that token i on is not
 * written as) and best_ntok[id] to its length in words (nd's: the entry
 * itself is read only for case=exact); returns the ids set. The entries
 * are in lexicon order, beside the node's bits. Most nodes have no entry,
 * one or two ("said": a claim and no place), and how many, of which
 * lexicons and whether of mask's, is as good as random: the first two are
 * written without a branch, whatever their lexicons (best[id] of an id not
 * in mask is not read: the callers read those of the bits returned), a
 * missing one into the spare slot (LX_BEST). */
LX_INLINE unsigned lx_take(const sr_lexicon *lx, const sr_annot *a, size_t i, const lx_node *nd, unsigned mask,
                           const sr_lex_entry **best, uint8_t *best_ntok)
{
    unsigned all = nd->entry_mask, rest = all & (all - 1);
    if (SR_UNLIKELY((rest & (rest - 1)) | (nd->exact_mask & mask)))
        return lx_take_all(lx, a, i, nd, mask, best, best_ntok);
    unsigned id0 = (unsigned)__builtin_ctz(all | 1u << SR_LEX_COUNT);
    unsigned id1 = (unsigned)__builtin_ctz(rest | 1u << SR_LEX_COUNT);
    const sr_lex_entry *const *ep = lx->ents + nd->ent;
    uint8_t ntok = (uint8_t)nd->ntok;
    best[id1] = ep[1];
    best_ntok[id1] = ntok;
    best[id0] = ep[0]; /* after: the spare slot of both, when there is none */
    best_ntok[id0] = ntok;
    return all & mask;
}

/* The walk from token i on past node prev, the key of tokens [i, j) (of
 * hash h; NULL and LX_SEED for none): extends the key a token at a time,
 * takes the entries of each node (lx_take) and stops at the first key that
 * is no prefix of a longer one of mask. It needs no bound of its own: no
 * key is longer than LX_MAX_KEY bytes or LX_MAX_TOKENS words. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static unsigned lx_walk_on(const sr_lexicon *lx, const sr_annot *a, size_t i, size_t j, const lx_node *prev,
                           uint64_t h, unsigned mask, const sr_lex_entry **best, uint8_t *best_ntok,
                           const uint64_t *hashes)
{
    unsigned found = 0;
    const sr_token *toks = a->toks.items;
    uint32_t sent = toks[i].sent;
    size_t klen = prev ? prev->keylen : 0;
    for (; j < a->toks.len; j++) {
        const sr_token *t = &toks[j];
        if (t->sent != sent || t->norm_len == 0)
            break;
        uint64_t th = hashes ? hashes[j] : tok_hash(a, j);
        size_t nlen = prev ? klen + 1 + t->norm_len : t->norm_len;
        const lx_node *nd;
        if (SR_LIKELY(th != 0)) {
            h = lx_combine(h, th);
            nd = lx_child(lx, lx_ref(lx, prev), th, a, t->norm, t->norm_len, nlen, h);
        } else {
            nd = lx_words(lx, prev, &h, a, t->norm, t->norm_len);
        }
        if (!nd)
            break;
        found |= lx_take(lx, a, i, nd, mask, best, best_ntok);
        if (!(nd->prefix_mask & mask))
            break;
        prev = nd;
        klen = nd->keylen;
    }
    return found;
}

/* Walks the keys that start at token i (its form not empty) and sets
 * best[id], for each lexicon id in mask, to the longest entry found, and
 * best_ntok[id] to its length in words; returns the ids set. hashes holds
 * tok_hash of every token, or is NULL (then each is hashed here). The first
 * word is looked up here, inline in the callers' loops, where most walks
 * end: a word of no key, or of one-word keys only, or one whose next word
 * is the second word of no key (lx_pair_bit of filter f). A caller that
 * has tested that already passes f NULL and go_on: 0 when there is no next
 * token or its word and token i's are the first two of no key. */
LX_INLINE unsigned lx_walk(const sr_lexicon *lx, const lx_filter *f, const sr_annot *a, size_t i, unsigned go_on,
                           unsigned mask, const sr_lex_entry **best, uint8_t *best_ntok, const uint64_t *hashes)
{
    const sr_token *t = &a->toks.items[i];
    uint64_t th = hashes ? hashes[i] : tok_hash(a, i);
    if (SR_UNLIKELY(!th))
        return lx_walk_on(lx, a, i, i, NULL, LX_SEED, mask, best, best_ntok, hashes);
    uint64_t h = lx_combine(LX_SEED, th);
    const lx_node *nd = lx_child(lx, 0, th, a, t->norm, t->norm_len, t->norm_len, h);
    if (!nd)
        return 0;
    unsigned found = lx_take(lx, a, i, nd, mask, best, best_ntok);
    if (f) {
        /* go_on not known: tested as it is needed */
        if (!(nd->prefix_mask & mask) || i + 1 >= a->toks.len)
            return found;
        uint64_t next = hashes ? hashes[i + 1] : tok_hash(a, i + 1);
        if (next && !lx_pair_has(f, th, next))
            return found;
    } else if (!(nd->prefix_mask & mask & -go_on)) {
        return found; /* one test of both: a longer key of mask, and a next token that may go on with it */
    }
    return found | lx_walk_on(lx, a, i, i + 1, nd, h, mask, best, best_ntok, hashes);
}

/* sr_lex_longest past its filter, out of line: most calls stop at the filter,
 * which then needs none of the walk's registers or stack. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t lx_longest(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_lex_id id,
                         const sr_lex_entry **entry)
{
    if (i >= a->toks.len || !a->toks.items[i].norm_len || !lx->cap)
        return 0;
    const lx_filter *f = lx_filter_of(lx, 1u << id); /* and for the calls after this one */
    const sr_lex_entry *best[LX_BEST];
    uint8_t best_ntok[LX_BEST];
    if (!lx_walk(lx, f, a, i, 0, 1u << id, best, best_ntok, a->tokhash))
        return 0;
    *entry = best[id];
    return best_ntok[id];
}

size_t sr_lex_longest_at(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_lex_id id,
                         const sr_lex_entry **entry)
{
    *entry = NULL;
    /* the rest of the filter (a one-word entry, the pair of the first two words), with the
     * segment stage's hashes */
    const uint64_t *h = a->tokhash;
    const lx_filter *f = atomic_load_explicit(&((sr_lexicon *)lx)->filters[id], memory_order_acquire);
    if (h && f && i < a->toks.len && !lx_may_start(lx, f, h[i], h, i, a->toks.len))
        return 0;
    return lx_longest(lx, a, i, id, entry);
}

const uint64_t *sr_lex_starts_made(const sr_lexicon *lx, sr_lex_id id)
{
    return lx_filter_of(lx, 1u << id)->start;
}

const sr_lex_entry *sr_lex_lookup(const sr_lexicon *lx, const char *s, size_t n, unsigned mask)
{
    sr_buf fb = {0};
    if (sr_fold(s, n, &fb) != SITREP_OK || !fb.len) {
        sr_buf_free(&fb);
        return NULL;
    }
    long k = lx_find(lx, fb.data, fb.len, lx_key_hash(fb.data, fb.len));
    sr_buf_free(&fb);
    if (k < 0 || !(lx->nodes[k].entry_mask & mask))
        return NULL;
    return lx_entry(lx, &lx->nodes[k], (unsigned)__builtin_ctz(lx->nodes[k].entry_mask & mask));
}

#define LX_CHUNK 64 /* tokens read before the walks of those that may start a key */
/* A candidate is its token's index, and in the top bit whether the token's next may go on
 * with a key it starts (lx_walk's go_on): a text has fewer than 2^31 tokens (one a byte at
 * most, and sr_token's offsets are 32 bits). */
#define LX_INDEX 0x7fffffffu

/* The tokens of [*from, *from + LX_CHUNK) that may start a key of filter
 * f's lexicons, into cand; *from moves past them. Most tokens start no
 * key: one load of the filter says so; most of those whose word only
 * starts longer keys ("the", "at", "according") are not followed by the
 * second word of any. Which tokens pass either test is as good as random: each loop
 * keeps every token that its tests let through without a branch (the
 * second one's was the stage's most mispredicted, one a token it read),
 * and the node table's slot of each token kept is fetched into the cache
 * before the walks read it. Out of line: in the stage's loop its values
 * would not stay in registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t lx_candidates(const sr_lexicon *lx, const lx_filter *f, const uint64_t *hashes, size_t *from,
                            size_t ntok, uint32_t *cand)
{
    size_t i = *from, end = ntok - i > LX_CHUNK ? i + LX_CHUNK : ntok, nc = 0;
    /* four tokens a round: the loop's own test and step were a fifth of its work */
    for (; i + 3 < end; i += 4) {
        unsigned b0 = lx_filter_bit(f->start, hashes[i]), b1 = lx_filter_bit(f->start, hashes[i + 1]);
        unsigned b2 = lx_filter_bit(f->start, hashes[i + 2]), b3 = lx_filter_bit(f->start, hashes[i + 3]);
        cand[nc] = (uint32_t)i;
        nc += b0;
        cand[nc] = (uint32_t)i + 1;
        nc += b1;
        cand[nc] = (uint32_t)i + 2;
        nc += b2;
        cand[nc] = (uint32_t)i + 3;
        nc += b3;
    }
    for (; i < end; i++) {
        cand[nc] = (uint32_t)i;
        nc += lx_filter_bit(f->start, hashes[i]);
    }
    *from = end;
    /* a key of several words cannot start at the text's last token, which only a one-word
     * entry lets through: it is looked at after the others, which all have a next token */
    size_t at_end = nc && cand[nc - 1] + 1 == ntok, n = 0;
    for (size_t c = 0; c < nc - at_end; c++) {
        size_t j = cand[c];
        uint64_t h = hashes[j], next = hashes[j + 1];
        unsigned go_on = (next == 0) | lx_pair_has(f, h, next);
        cand[n] = (uint32_t)j | go_on << 31;
        n += lx_filter_bit(f->word, h) | go_on;
    }
    if (at_end) {
        cand[n] = (uint32_t)(ntok - 1);
        n += lx_filter_bit(f->word, hashes[ntok - 1]);
    }
    const uint32_t *slots = lx->slots;
    size_t mask = lx->cap - 1;
    for (size_t c = 0; c < n; c++)
        __builtin_prefetch(&slots[lx_combine(LX_SEED, hashes[cand[c] & LX_INDEX]) & mask]);
    return n;
}

sitrep_status sr_lex_annotate(const sr_lexicon *lx, sr_annot *a, unsigned mask)
{
    size_t ntok = a->toks.len;
    if (!ntok || !lx->cap)
        return SITREP_OK;
    /* every token hashed once (by the segment stage, or here): walks
     * starting at earlier tokens reuse it */
    const uint64_t *hashes = a->tokhash;
    if (!hashes) {
        uint64_t *own = sr_arena_alloc(&a->arena, ntok * sizeof(*own));
        if (!own)
            return SITREP_ENOMEM;
        for (size_t j = 0; j < ntok; j++)
            own[j] = a->toks.items[j].norm_len ? tok_hash(a, j) : 0;
        hashes = own;
    }
    size_t next_free[SR_LEX_COUNT] = {0};
    size_t all_free = 0;  /* the end of every match so far */
    unsigned blocked = 0; /* lexicons with a match that goes on past token i */
    const lx_filter *filter = lx_filter_of(lx, mask);
    const sr_token *toks = a->toks.items;
    uint32_t cand[LX_CHUNK];
    size_t nc = 0, c = 0;
    for (size_t from = 0;;) {
        if (c == nc) {
            if (from == ntok)
                break;
            nc = lx_candidates(lx, filter, hashes, &from, ntok, cand);
            c = 0;
            continue;
        }
        size_t i = cand[c] & LX_INDEX, go_on = cand[c] >> 31;
        c++;
        const sr_token *t = &toks[i];
        if ((t->flags & SR_TF_BOILER) || t->norm_len == 0)
            continue;
        if (blocked) {
            /* most matches are over before the next token that may start one */
            if (i >= all_free)
                blocked = 0;
            else
                for (unsigned b = blocked; b; b &= b - 1) {
                    int id = __builtin_ctz(b);
                    if (next_free[id] <= i)
                        blocked &= ~(1u << id);
                }
        }
        unsigned m = mask & ~blocked;
        const sr_lex_entry *best[LX_BEST];
        uint8_t best_ntok[LX_BEST];
        unsigned found = lx_walk(lx, NULL, a, i, (unsigned)go_on, m, best, best_ntok, hashes);
        if (!found)
            continue;
        /* the capacity test inline, once for every match at i */
        size_t n = a->lex.len;
        if (SR_UNLIKELY(a->lex.cap - n < SR_LEX_COUNT) && sr_vec_reserve(&a->lex, SR_LEX_COUNT) != SITREP_OK)
            return SITREP_ENOMEM;
        sr_mention *out = a->lex.items;
        blocked |= found;
        for (; found; found &= found - 1) {
            int id = __builtin_ctz(found);
            size_t end = i + best_ntok[id];
            sr_mention *mm = &out[n++];
            memset(mm, 0, sizeof *mm);
            mm->tok_start = (uint32_t)i;
            mm->tok_end = (uint32_t)end;
            mm->start = t->start;
            mm->end = toks[end - 1].end;
            mm->kind = SR_M_LEXICON;
            mm->u.entry = best[id];
            next_free[id] = end;
            if (end > all_free)
                all_free = end;
        }
        a->lex.len = n;
    }
    return SITREP_OK;
}
