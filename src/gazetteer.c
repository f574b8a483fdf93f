/* gazetteer.c - places: the index (built here, written by tools/gazbuild.c,
 * mapped with mmap), lookups, and the stage that finds place mentions in a
 * document and settles each to one place.
 *
 * ---- Index image (little-endian; every record fixed-width) ----
 *
 *   header    gz_header: magic "SRGAZIDX", version, counts, section offsets
 *   places    gz_place[nplaces]   32 bytes: GeoNames id, name, lat/lon in
 *                                 1e-5 degrees, population, admin1/admin2
 *                                 index, country, kind, flags, and the
 *                                 population's part of a score (two to a
 *                                 cache line)
 *   slots     gz_key[nslots]      the keys themselves, open addressing with
 *                                 linear probing (flags 0 = empty), so that a
 *                                 lookup reads one cache line. 16 bytes: the
 *                                 high 32 bits of the key's hash and 8 more
 *                                 (the rest is told by the slot position),
 *                                 postings (offset and count; a single
 *                                 posting is stored in place of the offset),
 *                                 flags (has places / prefix of a longer key /
 *                                 acronym / English word), and a 32-bit Bloom
 *                                 filter of the keys one word longer, so that
 *                                 extending a name by a word that makes no
 *                                 key costs no lookup. Key strings are not
 *                                 stored: a key is known by its hash, which
 *                                 saves a third of the file; a false match
 *                                 needs a 40-bit collision near its slot
 *   postings  uint32[npostings]   place indices, best first; the high bit
 *                                 marks a demonym ("Syrian" -> Syria), the
 *                                 next a division's name that needs its unit
 *                                 word ("Story" of "Story County")
 *   admin1    gz_admin[nadmin1]   code ("SY.09"), name, place index
 *   admin2    gz_admin[nadmin2]
 *   countries gz_country[n]       ISO alpha-2, alpha-3, place index
 *   sources   gz_source[n]        place index -> "data/places.tsv:12"
 *   filter    uint64[...]         a Bloom filter of the first words of every
 *                                 key, three bits in one 64-bit word: many
 *                                 capitalised words of a text are rejected
 *                                 there (512 KB, where a miss is cheaper)
 *   nextf     uint64[...]         the filters of longer keys of the keys
 *                                 that have many ("al", "the", "a"), whose
 *                                 32 bits would be full: "The attack" and
 *                                 "al-Assad" cost no lookup
 *   pool      strings, NUL-terminated
 *
 * A key's hash is taken word by word (key_hash), so that the stage extends a
 * name by a word without hashing it all again.
 *
 * Keys are names folded with sr_fold (fold.h) with dots dropped and other
 * punctuation turned to spaces (gz_fold_key): the text side builds the same
 * string from token norms. Each name also gives: the form with its Arabic
 * articles written "al" ("Jisr ash Shughur" -> "jisr al shughur", since news
 * writes al-Shughur), the form without a leading article for places in
 * Arabic-speaking countries ("Al Bab" -> "bab"), and for divisions the form
 * without the unit word ("Damascus Governorate" -> "damascus").
 *
 * ---- How a mention is settled (sr_gaz_annotate) ----
 *
 * Finding: a name starts at a capitalised word (or al-/el- before one) and
 * is the longest key of up to 8 words in its sentence that ends on a
 * capitalised word, or on a word in lower case that is no English word
 * ("Deir ezzor": GZ_KF_LOWERTAIL). A capitalised word that is no key but
 * ends in "s" is a possessive that lost its apostrophe when the word
 * without the "s" names a country, a first-level division or a city of
 * 100,000 or more ("Syrias", "Aleppos"; not "SANAs", "al-Shams", "Evans").
 * It is rejected when data/notplaces.txt has a phrase as
 * long there; when it is a person's name (after a title such as "President"
 * or "Secretary of State", before a speech verb such as "said" unless after
 * "in", "near", "at" ..., or a small place's name next to another
 * capitalised word that is no place); when a
 * one-word name of a small place is also written in lower case in the same
 * article (a common word: "Reading", "Mobile", "Deal"), or that is an
 * English word of the system word list given to gazbuild (wamerican) and
 * has no place cue ("in", "near", "village of"), unit word or qualifier
 * next to it; and a short
 * all-capitals word matches only names written that way ("USA", "DRC")
 * unless it opens a line (datelines: "HOMS, Syria"). A first-level
 * division's name without its unit word ("Borno" of "Borno State") is a
 * name (not when it is an English word: "Rivers", "Plateau"), under the
 * rules of towns (people's names: "Garcia", "Nelson").
 *
 * Flags: SR_PF_DATELINE for the place a report was filed from (see
 * dateline_at: "WASHINGTON (Sputnik)", "BEIRUT, Lebanon (AP) -", "HOMS,
 * Syria", "(AFP photo) BEIRUT Thirteen ..."); SR_PF_ACTOR for a country or
 * national capital named as a government or side ("backed by Ankara and
 * Tehran", "accused Damascus", "Moscow and Washington"). Neither weighs in
 * the article's country.
 *
 * Settling: each candidate place gets a score, and the best wins:
 *   - kind: a country name +30, an admin1 name +20 (so "Jordan" and
 *     "Georgia" are the country or state, not the towns of that name);
 *   - capital: a division named after its main city means the city
 *     ("Aleppo", "Damascus") unless a unit word follows; a national capital
 *     that shares its name with a division of its country means the
 *     capital ("Washington": Washington, D.C., not the state) +25;
 *   - admin word: "X province/governorate/state/region" +40 to admin1,
 *     "X district/county" +40 to admin2;
 *   - qualified: "X in Y", "X, Y", "X near Y" with Y a place: +25 to the X
 *     inside Y ("Akayrsh in eastern Raqqa Province");
 *   - admin context: +8 when the candidate is inside an admin1 that the
 *     article names;
 *   - country context: +12 times the candidate's country's share of the
 *     article's country weight: countries named (2), demonyms (1), and
 *     places whose candidates all lie in one country (1), datelines not at
 *     all; the title and the first three sentences count double;
 *   - population: +2 log10(population + 10); a supplement place +3.
 * A small town (under 50,000, not from the supplement), a town of any size
 * that names a thing ("Zara Power Plant", "Salem Mosque"), or a division
 * named without its unit word, in a country the article never points to is
 * dropped when the article has a clear country context, even after a place
 * cue (not when qualified: "X in Y"): such words are names of people or
 * things, or villages GeoNames lacks named like one abroad ("al-Maleh").
 *
 * A second-level division whose name needs its unit word ("Rutshuru" of
 * "Rutshuru Territory", "Story" of "Story County") is a place without it
 * only when no other place has the name, after a place cue, in an article
 * about its country ("killed in Rutshuru"): GeoNames has many towns of
 * conflict news only as the territories named after them.
 *
 * A name written with an Arabic article joined by a hyphen ("al-Joura") is
 * dropped when its place lies outside the countries where places have
 * Arabic names (arabic_cc).
 *
 * The article's country (sr_gaz_context_country, for the stages after):
 * see the comment there; it weighs where harm is told, not venues.
 *
 * Spellings: news transliterations that folding cannot meet (Raqa, Idleb,
 * Deir Ezzor, Maarrat al-Nuuman) are names of data/places.tsv, not a
 * general variant folding: the misses are few and of known places, while
 * a folding of vowels or doubled letters over all of GeoNames would meet
 * many more names than it should (Hama/Hamma, Harem/Harim).
 * The rule recorded is the first of ADMIN_WORD, QUALIFIED, CAPITAL, KIND,
 * ADMIN_CONTEXT, COUNTRY_CONTEXT that the winner had and the runner-up had
 * not; otherwise POPULATION (UNIQUE when one place has the name).
 *
 * ---- Speed ----
 *
 * The stage runs between stages with big tables of their own, so its index
 * is cold at each document; what it costs is mostly cache misses and work
 * per token. Words are hashed as the lexicon hashes them (word_hash), so
 * the hash of a token's word is the one the segment stage computed
 * (sr_annot.tokhash) and no word of the text is hashed here again. Key
 * lookups go through a small cache per thread (gz_caches.kc: names repeat within
 * and across articles), whose copies of slots spare the filter and the
 * slots of the index most reads. The stage makes one pass over the tokens
 * (the possible starts of a name, the words in lower case; without
 * branches), takes the hash of the first key part of every start and
 * prefetches its cache line, asks the cache, prefetches the filter word
 * and slot of those it lacks, then looks them up (their misses overlap)
 * before it walks the starts. A name is extended
 * word by word on the running key hash, asking the slot only when the
 * key's filter of longer keys has the new key. Words next to a name
 * ("province", "in", "said", titles) are checked through small tables of
 * their own, keyed by the same word hash: data/notplaces.txt is matched
 * here (its phrases and prefixes, the same walk as the lexicon's matcher)
 * and remembered per token. "Also written in lower case" is asked only of
 * the words that can be asked about (starts whose first part names
 * places), in one pass over the hashes of the lower-case words, most
 * rejected by one bit of a filter. The stage's scratch comes from the
 * annotation's arena (no malloc per document). The same pass over the
 * tokens leaves two bitmaps (words of four bytes or more, those in lower
 * case) on which a sentence's title case is counted, and the starts give
 * the demonyms of the text, which the stage keeps on the annotation
 * (sr_annot.gazmemo) so that sr_gaz_context_country weighs mentions and
 * demonyms without walking the tokens again. bench/gazcheck.sh checks that the
 * mentions stay the same; bench/gazspeed.sh times the stage inside
 * the pipeline.
 */
#include "gazetteer.h"

#include "fold.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#define GZ_MAGIC "SRGAZIDX"
#define GZ_VERSION 7u
#define GZ_MAX_TOKENS 8
#define GZ_MAX_KEY 255
#define GZ_NO16 0xFFFFu
#define GZ_DEMONYM 0x80000000u  /* posting: the key is a demonym of the place */
#define GZ_NEEDUNIT 0x40000000u /* posting: a division's name without its unit word
                                   ("Jones" of "Jones County"): only with the word */
#define GZ_STRIPPED 0x20000000u /* posting: a first-level division's name without its unit
                                   word ("Borno" of "Borno State"): a name as a town's is */
#define GZ_PLACE_MASK 0x1FFFFFFFu

/* key flags; every key has GZ_KF_PLACES or GZ_KF_PREFIX, so flags 0 is an empty slot */
enum { GZ_KF_PLACES = 1, GZ_KF_PREFIX = 2, GZ_KF_ACRONYM = 4, GZ_KF_INLINE = 8, GZ_KF_COMMON = 16,
       GZ_KF_LOWERTAIL = 32 /* a name of two words or more whose last word is no English word
                               ("Deir ezzor"): the text may write that word in lower case */,
       GZ_KF_BIGNEXT = 64 /* gz_key.next points to a filter of its own in nextf (next_maybe) */,
       GZ_KF_PENDING = 0x80 /* in the stage only: a key not looked up yet (prepare_starts) */ };
enum { GZ_PF_COORD = 1, GZ_PF_SUPPLEMENT = 2, GZ_PF_SOURCE = 4 /* has a gz_source */,
       GZ_PF_CAPITAL = 8 /* a national capital (GeoNames PPLC) */ };

typedef struct gz_header {
    char magic[8];
    uint32_t version, header_size;
    uint32_t nplaces, nkeys, nslots, npostings;
    uint32_t nadmin1, nadmin2, ncountries, nsources;
    uint32_t filter_words; /* uint64 words, a power of 2 */
    uint32_t off_places, off_slots, off_postings;
    uint32_t off_admin1, off_admin2, off_countries, off_sources, off_filter, off_pool;
    uint32_t pool_size;
    uint32_t total_size;
    uint64_t word_check; /* word_hash of a fixed word (WORD_CHECK) when the index was built */
    /* since version 7 (a header of version 5 ends here: read as no filters;
     * version 6 had these two fields before off_places) */
    uint32_t nextf_words; /* uint64 words of the filters of longer keys (GZ_KF_BIGNEXT) */
    uint32_t off_nextf;
} gz_header;

#define GZ_V5_HEADER offsetof(gz_header, nextf_words)

typedef struct gz_place {
    uint32_t gid, name;
    int32_t lat, lon; /* 1e-5 degrees */
    uint32_t pop;
    uint16_t admin1, admin2;
    char cc[2];
    uint8_t kind, flags;
    float prior; /* 2 log10(pop + 10): the population's part of a score (pop_prior) */
} gz_place;

typedef struct gz_key {
    uint32_t hash; /* high 32 bits of gz_hash */
    uint32_t post; /* first posting, or the posting itself (GZ_KF_INLINE) */
    uint16_t npost;
    uint8_t flags; /* GZ_KF_*; 0: an empty slot */
    uint8_t tag;   /* bits 24-31 of gz_hash */
    uint32_t next; /* the keys one word longer that start with this one
                      (GZ_KF_PREFIX): a Bloom filter of 32 bits, two bits
                      of each key's hash (next_bits); for a key with many
                      (GZ_KF_BIGNEXT: "al", "the") the place of a bigger
                      one in nextf, offset << 5 | log2 of its words */
} gz_key;

typedef struct gz_admin {
    uint32_t code, name, place;
} gz_admin;

typedef struct gz_country {
    char iso2[3], iso3[5]; /* NUL-terminated */
    uint32_t place;
} gz_country;

typedef struct gz_source {
    uint32_t place, str;
} gz_source;

_Static_assert(sizeof(gz_place) == 32, "gz_place layout");
_Static_assert(sizeof(gz_key) == 16, "gz_key layout");
_Static_assert(sizeof(gz_country) == 12, "gz_country layout");

struct sr_gazetteer {
    const unsigned char *base;
    size_t size;
    bool mapped;
    uint64_t serial; /* tells this gazetteer from those opened before (gz_kc_use) */
    const gz_header *h; /* &hdr */
    gz_header hdr;
    const gz_place *places;
    const gz_key *slots;
    const uint32_t *post;
    const gz_admin *admin1, *admin2;
    const gz_country *countries;
    const gz_source *sources;
    const uint64_t *filter;
    const uint64_t *nextf;
    const char *pool;
    /* the places that have a gz_source, hashed by place index (source_of
     * reads one slot rather than search the sources): source + 1, 0 empty */
    uint32_t *src_at;
    uint32_t src_mask;
};

static const char *const rule_names[SR_GR_COUNT] = {
    "gazetteer.unique",        "gazetteer.kind",          "gazetteer.capital",
    "gazetteer.admin_word",    "gazetteer.qualified",     "gazetteer.admin_context",
    "gazetteer.country_context", "gazetteer.population",
};

const char *sr_gaz_rule_name(unsigned rule) { return rule < SR_GR_COUNT ? rule_names[rule] : "gazetteer"; }

/* ------------------------------------------------------------------------
 * Keys
 * ---------------------------------------------------------------------- */

/* Arabic articles as news transliterates them. */
static inline bool is_article(const char *w, size_t n)
{
    if (n == 2) {
        char b = w[1];
        switch (w[0]) {
        case 'a': return b == 'l' || b == 'n' || b == 'r' || b == 's' || b == 't' || b == 'd' || b == 'z';
        case 'e': return b == 'l' || b == 'd' || b == 'r' || b == 's' || b == 'z';
        case 'u': return b == 'l';
        default: return false;
        }
    }
    if (n == 3 && w[0] == 'a' && w[2] == 'h')
        return w[1] == 's' || w[1] == 't' || w[1] == 'd';
    return false;
}

/* Folds s into out as a key: sr_fold, dots dropped, other ASCII punctuation
 * turned into a space, spaces collapsed. Returns the length (0: nothing). */
static size_t gz_fold_key(const char *s, size_t n, sr_buf *out)
{
    sr_buf_clear(out);
    if (sr_fold(s, n, out) != SITREP_OK || !out->data)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < out->len; i++) {
        unsigned char c = (unsigned char)out->data[i];
        if (c == '.')
            continue;
        if (c < 0x80 && !sr_isalnum(c))
            c = ' ';
        if (c == ' ' && (o == 0 || out->data[o - 1] == ' '))
            continue;
        out->data[o++] = (char)c;
    }
    while (o > 0 && out->data[o - 1] == ' ')
        o--;
    out->len = o;
    out->data[o] = '\0';
    return o;
}

/* The last n < 8 bytes of a string as a little-endian word (what memcpy
 * into a zeroed uint64_t gives), without reading past them. */
static inline uint64_t gz_tail(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, u, 4);
        memcpy(&hi, u + n - 4, 4);
        return lo | ((uint64_t)hi << (8 * (n - 4))); /* the overlap holds the same bytes */
    }
    if (n == 0)
        return 0;
    return u[0] | ((uint64_t)u[n / 2] << (8 * (n / 2))) | ((uint64_t)u[n - 1] << (8 * (n - 1)));
}

/* The hash of keys in the index (and of words in the stage): 8 bytes at a
 * time, so that a lookup costs a few multiplications. Stable: the index
 * stores it (little-endian loads; the index is little-endian only). */
static inline uint64_t gz_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    h = (h ^ gz_tail(s, n)) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

/* The hash of one word of a key: the lexicon's hash of a folded word
 * (sr_lex_token_hash), which the segment stage has already computed for
 * every token (sr_annot.tokhash): the stage hashes no word of the text
 * again. The index stores keys hashed with it, so an index is only read by
 * a sitrep whose word hash gives the same value for WORD_CHECK
 * (gz_header.word_check; make rebuilds the index when the library
 * changes). */
static inline uint64_t word_hash(const char *s, size_t n) { return sr_lex_token_hash(s, n, n); }
#define WORD_CHECK "aleppo"

/* The hash of a key, word by word, so that the stage extends a name one
 * word at a time without hashing it again: key_hash("a b") =
 * key_next(key_next(GZ_KEY_SEED, word_hash("a")), word_hash("b")). Words
 * are the pieces between single spaces (empty ones too). */
#define GZ_KEY_SEED 0x2545F4914F6CDD1Dull
static inline uint64_t key_next(uint64_t h, uint64_t word)
{
    uint64_t x = (h ^ (word + 0x9E3779B97F4A7C15ull)) * 0xbf58476d1ce4e5b9ull;
    x ^= x >> 32;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 29;
    return x;
}

static inline uint64_t key_hash_from(uint64_t h, const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ') {
            h = key_next(h, word_hash(s + w, i - w));
            w = i + 1;
        }
    return key_next(h, word_hash(s + w, n - w));
}

static inline uint64_t key_hash(const char *s, size_t n) { return key_hash_from(GZ_KEY_SEED, s, n); }

/* A place's score for its population (sr_gaz_annotate), stored in the index. */
static float pop_prior(uint32_t pop) { return 2 * log10f((float)pop + 10); }

static inline uint8_t key_tag(uint64_t h) { return (uint8_t)(h >> 24); }

/* The bits of a key in the filter of the key one word shorter (gz_key.next). */
static inline uint32_t next_bits(uint64_t hw) { return (1u << (hw & 31)) | (1u << ((hw >> 5) & 31)); }

/* A prefix of more than GZ_NEXT_SMALL keys one word longer has a filter of
 * its own (GZ_KF_BIGNEXT) of about GZ_NEXT_BITS bits a key: the word of a
 * key's hash kh in it (the filter's place being next). */
#define GZ_NEXT_SMALL 6
#define GZ_NEXT_BITS 16
static inline uint64_t nextf_word(uint64_t kh, uint32_t next) { return (kh >> 40) & ((1ull << (next & 31)) - 1); }

/* The filter of first words: three bits in one 64-bit word. */
static inline uint64_t filter_word(uint64_t h, uint32_t nwords) { return (h >> 18) & (nwords - 1); }
static inline uint64_t filter_bits(uint64_t h)
{
    return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63)) | (1ull << ((h >> 12) & 63));
}

/* ------------------------------------------------------------------------
 * Builder
 * ---------------------------------------------------------------------- */

typedef struct gzb_place {
    int64_t gid;
    uint32_t name;      /* offset in b->strs */
    uint32_t a1code;    /* full code "SY.09", 0 = none */
    uint32_t a2code;    /* full code "SY.09.123", 0 = none */
    uint32_t source;    /* offset of "data/places.tsv:12", 0 = geonames */
    double lat, lon;
    uint64_t pop;
    char cc[3];
    uint8_t kind, flags;
    /* for divisions and countries: the city whose coordinates they take */
    int best_rank;
    uint64_t best_pop;
    double best_lat, best_lon;
    uint64_t sum_pop;
} gzb_place;

typedef struct gzb_name {
    uint32_t key;   /* offset in b->keys */
    uint32_t place; /* UINT32_MAX: a prefix only */
    uint8_t flags;  /* GZ_KF_ACRONYM; demonym in bit 7 */
} gzb_name;

typedef struct gzb_map { /* string -> uint32 */
    uint64_t *hash;
    uint32_t *val;
    uint32_t *str; /* offset in owner's pool */
    size_t cap, used;
} gzb_map;

struct sr_gazb {
    sr_buf strs;  /* display strings, codes (offset 0 = "") */
    sr_buf keys;  /* folded keys (offset 0 = "") */
    SR_VEC(gzb_place) places;
    SR_VEC(gzb_name) names;
    SR_VEC(uint32_t) admins[2]; /* place indices of admin1, admin2 */
    SR_VEC(gz_country) countries;
    gzb_map admin_by_code; /* full code -> place */
    gzb_map by_gid;        /* "123" -> place */
    gzb_map country_by_cc; /* "SY" -> place */
    gzb_map common;        /* English words in lower case ("reading", "mobile") */
    sr_buf tmp, tmp2;
};

static uint32_t buf_str(sr_buf *b, const char *s, size_t n)
{
    if (b->len == 0 && sr_buf_putc(b, '\0') != SITREP_OK)
        return UINT32_MAX;
    uint32_t off = (uint32_t)b->len;
    if (sr_buf_put(b, s, n) != SITREP_OK || sr_buf_putc(b, '\0') != SITREP_OK)
        return UINT32_MAX;
    return off;
}

static uint32_t map_get(const gzb_map *m, const sr_buf *pool, const char *k)
{
    if (!m->cap)
        return UINT32_MAX;
    size_t n = strlen(k);
    uint64_t h = sr_hash(k, n) | 1;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (!m->hash[i])
            return UINT32_MAX;
        if (m->hash[i] == h && strcmp(pool->data + m->str[i], k) == 0)
            return m->val[i];
    }
}

static sitrep_status map_put(gzb_map *m, sr_buf *pool, const char *k, uint32_t v)
{
    if ((m->used + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 1024;
        gzb_map nm = {calloc(ncap, 8), calloc(ncap, 4), calloc(ncap, 4), ncap, m->used};
        if (!nm.hash || !nm.val || !nm.str) {
            free(nm.hash), free(nm.val), free(nm.str);
            return SITREP_ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->hash[i])
                continue;
            size_t j = (size_t)m->hash[i] & (ncap - 1);
            while (nm.hash[j])
                j = (j + 1) & (ncap - 1);
            nm.hash[j] = m->hash[i], nm.val[j] = m->val[i], nm.str[j] = m->str[i];
        }
        free(m->hash), free(m->val), free(m->str);
        *m = nm;
    }
    size_t n = strlen(k);
    uint64_t h = sr_hash(k, n) | 1;
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    while (m->hash[i]) {
        if (m->hash[i] == h && strcmp(pool->data + m->str[i], k) == 0) {
            m->val[i] = v;
            return SITREP_OK;
        }
        i = (i + 1) & mask;
    }
    uint32_t off = buf_str(pool, k, n);
    if (off == UINT32_MAX)
        return SITREP_ENOMEM;
    m->hash[i] = h, m->val[i] = v, m->str[i] = off;
    m->used++;
    return SITREP_OK;
}

static void map_free(gzb_map *m) { free(m->hash), free(m->val), free(m->str); }

sitrep_status sr_gazb_new(sr_gazb **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return SITREP_ENOMEM;
    if (buf_str(&(*out)->strs, "", 0) == UINT32_MAX || buf_str(&(*out)->keys, "", 0) == UINT32_MAX) {
        sr_gazb_free(*out);
        *out = NULL;
        return SITREP_ENOMEM;
    }
    return SITREP_OK;
}

void sr_gazb_free(sr_gazb *b)
{
    if (!b)
        return;
    sr_buf_free(&b->strs);
    sr_buf_free(&b->keys);
    sr_buf_free(&b->tmp);
    sr_buf_free(&b->tmp2);
    free(b->places.items);
    free(b->names.items);
    free(b->admins[0].items);
    free(b->admins[1].items);
    free(b->countries.items);
    map_free(&b->admin_by_code);
    map_free(&b->by_gid);
    map_free(&b->country_by_cc);
    map_free(&b->common);
    free(b);
}

static sitrep_status new_place(sr_gazb *b, int64_t gid, const char *name, const char *cc, uint8_t kind,
                               uint32_t *idx)
{
    gzb_place p = {0};
    p.gid = gid;
    p.name = buf_str(&b->strs, name, strlen(name));
    if (p.name == UINT32_MAX)
        return SITREP_ENOMEM;
    if (cc)
        snprintf(p.cc, sizeof p.cc, "%s", cc);
    p.kind = kind;
    p.best_rank = -1;
    *idx = (uint32_t)b->places.len;
    return sr_vec_push(&b->places, p);
}

/* Countries where places have Arabic names (ISO alpha-2, two bytes). */
static bool arabic_cc(const char cc[2])
{
    static const char arab[] = "SY IQ LB JO PS IL EG LY TN DZ MA SA YE OM AE QA BH KW SD SO MR DJ TD EH";
    for (size_t i = 0; i + 1 < sizeof arab; i += 3)
        if (arab[i] == cc[0] && arab[i + 1] == cc[1])
            return true;
    return false;
}

static bool arabic_country(const char *cc) { return cc[0] && strlen(cc) == 2 && arabic_cc(cc); }

/* Does the raw name look like a code or carry digits or another script? */
static bool usable_alt_name(const char *s)
{
    size_t n = strlen(s), letters = 0, lower = 0;
    if (n < 2 || n > 120)
        return false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (sr_isdigit(c) || c == '(' || c == '/' || c == ';' || c == '@' || c == ':')
                return false;
            if (sr_isalpha(c))
                letters++, lower += (c >= 'a' && c <= 'z');
            i++;
            continue;
        }
        /* decode */
        uint32_t cp;
        int k;
        if ((c & 0xE0) == 0xC0)
            cp = c & 0x1F, k = 2;
        else if ((c & 0xF0) == 0xE0)
            cp = c & 0x0F, k = 3;
        else if ((c & 0xF8) == 0xF0)
            cp = c & 0x07, k = 4;
        else
            return false;
        for (int j = 1; j < k; j++) {
            if (i + (size_t)j >= n)
                return false;
            cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
        }
        i += (size_t)k;
        bool latin = (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
                     (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x2B0 && cp <= 0x2FF) || cp == 0x2018 ||
                     cp == 0x2019 || cp == 0xB4 || (cp >= 0x2010 && cp <= 0x2015) || cp == 0xA0;
        if (!latin)
            return false;
        letters++;
        lower++;
    }
    return letters >= 2 && lower > 0; /* all capitals: a code ("DAM", "ALP") */
}

static bool acronym_name(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '.')
            continue;
        if (!sr_isupper((unsigned char)*p))
            return false;
        n++;
    }
    return n >= 2 && n <= 5;
}

static sitrep_status push_key(sr_gazb *b, const char *k, size_t n, uint32_t place, uint8_t flags)
{
    if (n == 0 || n > GZ_MAX_KEY)
        return SITREP_OK;
    size_t ntok = 1;
    for (size_t i = 0; i < n; i++)
        ntok += k[i] == ' ';
    if (ntok > GZ_MAX_TOKENS)
        return SITREP_OK;
    gzb_name nm = {buf_str(&b->keys, k, n), place, flags};
    if (nm.key == UINT32_MAX)
        return SITREP_ENOMEM;
    return sr_vec_push(&b->names, nm);
}

/* Words that name the kind of a division, dropped from division names. */
static const char *const unit_words[] = {
    "governorate", "province", "district", "muhafazat", "muhafazah", "state", "region",
    "department", "prefecture", "county", "oblast", "municipality", "division", "territory",
    "lga", "local government area", "emirate", "wilayah", "wilayat", "vilayet", "mintaqat",
    "departamento", "provincia", "estado", "regiao", "region of", "city",
};

static bool is_unit_word(const char *w)
{
    for (size_t i = 0; i < SR_ARRAY_LEN(unit_words); i++)
        if (!strcmp(w, unit_words[i]))
            return true;
    return false;
}

static bool strip_unit(const char *k, size_t n, size_t *s, size_t *e)
{
    *s = 0, *e = n;
    bool changed = false;
    for (size_t i = 0; i < SR_ARRAY_LEN(unit_words); i++) {
        size_t w = strlen(unit_words[i]);
        if (*e - *s > w + 1 && k[*e - w - 1] == ' ' && memcmp(k + *e - w, unit_words[i], w) == 0) {
            *e -= w + 1;
            changed = true;
        }
        /* "muhafazat dimashq", "province of x", "governorate of x" */
        if (*e - *s > w + 1 && k[*s + w] == ' ' && memcmp(k + *s, unit_words[i], w) == 0) {
            *s += w + 1;
            if (*e - *s > 3 && memcmp(k + *s, "of ", 3) == 0)
                *s += 3;
            changed = true;
        }
    }
    return changed;
}

/* Adds the key k and its article forms. */
static sitrep_status add_key_forms(sr_gazb *b, const char *k, size_t n, uint32_t place, uint8_t flags,
                                   bool strip_leading)
{
    sitrep_status st = push_key(b, k, n, place, flags);
    if (st != SITREP_OK)
        return st;
    /* articles written "al" */
    char canon[GZ_MAX_KEY + 8];
    size_t o = 0;
    bool changed = false;
    for (size_t i = 0; i < n && o < GZ_MAX_KEY;) {
        size_t j = i;
        while (j < n && k[j] != ' ')
            j++;
        if (j < n && is_article(k + i, j - i) && !(j - i == 2 && k[i] == 'a' && k[i + 1] == 'l')) {
            memcpy(canon + o, "al", 2);
            o += 2;
            changed = true;
        } else {
            if (o + (j - i) > GZ_MAX_KEY)
                return SITREP_OK;
            memcpy(canon + o, k + i, j - i);
            o += j - i;
        }
        if (j < n)
            canon[o++] = ' ';
        i = j + 1;
    }
    if (changed && (st = push_key(b, canon, o, place, flags)) != SITREP_OK)
        return st;
    if (strip_leading) {
        const char *sp = memchr(canon, ' ', o);
        if (sp && sp - canon == 2 && memcmp(canon, "al", 2) == 0 && (size_t)(sp - canon) + 1 < o) {
            size_t rest = o - (size_t)(sp - canon) - 1;
            if (rest >= 3 && (st = push_key(b, sp + 1, rest, place, flags)) != SITREP_OK)
                return st;
            /* the rest in its original spelling */
            const char *sp2 = memchr(k, ' ', n);
            if (sp2 && (st = push_key(b, sp2 + 1, n - (size_t)(sp2 - k) - 1, place, flags)) != SITREP_OK)
                return st;
        }
    }
    return SITREP_OK;
}

/* Adds a name of a place with its variants. from_data: the project's own
 * data files (kept even when short or in capitals). */
static sitrep_status add_name(sr_gazb *b, uint32_t idx, const char *raw, bool from_data, bool demonym)
{
    if (!from_data && !usable_alt_name(raw))
        return SITREP_OK;
    size_t rn = strlen(raw);
    if (!from_data) { /* "Aleppo (city)", "Paris, France" */
        const char *cut = strpbrk(raw, "(,");
        if (cut)
            rn = (size_t)(cut - raw);
    }
    size_t n = gz_fold_key(raw, rn, &b->tmp);
    if (n < (from_data ? 2u : 3u))
        return SITREP_OK;
    const gzb_place *p = &b->places.items[idx];
    uint8_t flags = (uint8_t)((acronym_name(raw) ? GZ_KF_ACRONYM : 0) | (demonym ? 0x80 : 0));
    bool strip_leading = arabic_country(p->cc) && !demonym;
    sitrep_status st = add_key_forms(b, b->tmp.data, n, idx, flags, strip_leading);
    if (st != SITREP_OK)
        return st;
    if (p->kind == SR_GAZ_ADMIN1 || p->kind == SR_GAZ_ADMIN2) {
        size_t s, e;
        if (strip_unit(b->tmp.data, n, &s, &e) && e - s >= 3) {
            sr_buf_clear(&b->tmp2);
            if (sr_buf_put(&b->tmp2, b->tmp.data + s, e - s) != SITREP_OK || sr_buf_putc(&b->tmp2, '\0') != SITREP_OK)
                return SITREP_ENOMEM;
            b->tmp2.len--;
            /* a first-level division is known by its name alone ("Borno" of
             * "Borno State"), unless that name is an English word ("Rivers",
             * "Plateau", "Unity"): then only with its unit word, as every
             * second-level one ("Story" of "Story County") */
            bool needunit = p->kind == SR_GAZ_ADMIN2 || map_get(&b->common, &b->strs, b->tmp2.data) != UINT32_MAX;
            st = add_key_forms(b, b->tmp2.data, b->tmp2.len, idx, (uint8_t)(flags | (needunit ? 0x40 : 0x20)),
                               strip_leading);
        }
    }
    return st;
}

sitrep_status sr_gazb_add_common_word(sr_gazb *b, const char *word)
{
    size_t n = gz_fold_key(word, strlen(word), &b->tmp);
    if (n < 3 || memchr(b->tmp.data, ' ', n))
        return SITREP_OK;
    return map_put(&b->common, &b->strs, b->tmp.data, 1);
}

sitrep_status sr_gazb_add_name(sr_gazb *b, uint32_t idx, const char *name)
{
    if (idx >= b->places.len)
        return SITREP_EUSAGE;
    return add_name(b, idx, name, false, false);
}

sitrep_status sr_gazb_add_admin(sr_gazb *b, int level, const char *code, const char *name)
{
    if ((level != 1 && level != 2) || !code || !name || !*name)
        return SITREP_EUSAGE;
    if (map_get(&b->admin_by_code, &b->strs, code) != UINT32_MAX)
        return SITREP_OK;
    char cc[3] = {0};
    if (strlen(code) >= 2)
        memcpy(cc, code, 2);
    uint32_t idx;
    sitrep_status st = new_place(b, 0, name, cc, level == 1 ? SR_GAZ_ADMIN1 : SR_GAZ_ADMIN2, &idx);
    if (st != SITREP_OK)
        return st;
    gzb_place *p = &b->places.items[idx];
    if (level == 1) {
        p->a1code = buf_str(&b->strs, code, strlen(code));
    } else {
        p->a2code = buf_str(&b->strs, code, strlen(code));
        const char *dot = strchr(code, '.');
        dot = dot ? strchr(dot + 1, '.') : NULL;
        if (dot)
            p->a1code = buf_str(&b->strs, code, (size_t)(dot - code));
    }
    if ((st = map_put(&b->admin_by_code, &b->strs, code, idx)) != SITREP_OK)
        return st;
    if ((st = sr_vec_push(&b->admins[level - 1], idx)) != SITREP_OK)
        return st;
    return add_name(b, idx, name, true, false);
}

/* Remembers city coordinates for the division or country it heads or is
 * the largest of. rank: 2 the unit's capital, 1 another city. */
static void offer_coords(gzb_place *u, int rank, uint64_t pop, double lat, double lon)
{
    u->sum_pop += pop;
    if (rank > u->best_rank || (rank == u->best_rank && pop > u->best_pop)) {
        u->best_rank = rank;
        u->best_pop = pop;
        u->best_lat = lat;
        u->best_lon = lon;
    }
}

sitrep_status sr_gazb_add_city(sr_gazb *b, int64_t gid, const char *name, const char *cc,
                               const char *admin1, const char *admin2, const char *feature,
                               double lat, double lon, uint32_t population, uint32_t *idx)
{
    uint8_t kind = SR_GAZ_CITY;
    if (feature && (!strcmp(feature, "PPLX") || !strcmp(feature, "PPLL")))
        kind = SR_GAZ_POINT;
    sitrep_status st = new_place(b, gid, name, cc, kind, idx);
    if (st != SITREP_OK)
        return st;
    gzb_place *p = &b->places.items[*idx];
    p->lat = lat, p->lon = lon, p->pop = population;
    p->flags |= GZ_PF_COORD;
    if (feature && !strcmp(feature, "PPLC"))
        p->flags |= GZ_PF_CAPITAL;
    char code[64];
    if (admin1 && *admin1 && cc && *cc) {
        snprintf(code, sizeof code, "%s.%s", cc, admin1);
        p->a1code = buf_str(&b->strs, code, strlen(code));
        uint32_t u = map_get(&b->admin_by_code, &b->strs, code);
        if (u != UINT32_MAX)
            offer_coords(&b->places.items[u], feature && !strcmp(feature, "PPLA") ? 2 : 1, population, lat, lon);
        if (admin2 && *admin2) {
            snprintf(code, sizeof code, "%s.%s.%s", cc, admin1, admin2);
            p = &b->places.items[*idx];
            p->a2code = buf_str(&b->strs, code, strlen(code));
            u = map_get(&b->admin_by_code, &b->strs, code);
            if (u != UINT32_MAX)
                offer_coords(&b->places.items[u], feature && !strcmp(feature, "PPLA2") ? 2 : 1, population,
                             lat, lon);
        }
    }
    if (cc && *cc) {
        uint32_t c = map_get(&b->country_by_cc, &b->strs, cc);
        if (c != UINT32_MAX)
            offer_coords(&b->places.items[c], feature && !strcmp(feature, "PPLC") ? 2 : 1, population, lat, lon);
    }
    if (gid > 0) {
        snprintf(code, sizeof code, "%lld", (long long)gid);
        if ((st = map_put(&b->by_gid, &b->strs, code, *idx)) != SITREP_OK)
            return st;
    }
    return add_name(b, *idx, name, false, false);
}

/* Splits a line at tabs into at most max fields (in place). */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t)
            break;
        *t = '\0';
        p = t + 1;
    }
    return n;
}

static char *trim_ws(char *s)
{
    while (sr_isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && sr_isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Calls fn for each '|'-separated name of field s. */
static sitrep_status each_name(sr_gazb *b, uint32_t idx, char *s, bool demonym)
{
    char *save = NULL;
    for (char *t = strtok_r(s, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        t = trim_ws(t);
        if (!*t)
            continue;
        sitrep_status st = add_name(b, idx, t, true, demonym);
        if (st != SITREP_OK)
            return st;
    }
    return SITREP_OK;
}

typedef sitrep_status (*line_fn)(sr_gazb *b, char *line, const char *file, uint32_t lineno, char *errbuf);

static sitrep_status each_line(sr_gazb *b, const char *text, size_t len, const char *file, char *errbuf,
                               line_fn fn)
{
    const char *p = text, *end = text + len;
    uint32_t lineno = 0;
    char line[4096];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        if (n >= sizeof line) {
            sr_errf(errbuf, "%s:%u: line too long", file, lineno);
            return SITREP_EDATA;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        p += n + (nl ? 1 : 0);
        if (!line[0] || line[0] == '#')
            continue;
        sitrep_status st = fn(b, line, file, lineno, errbuf);
        if (st != SITREP_OK)
            return st;
    }
    return SITREP_OK;
}

static uint32_t source_note(sr_gazb *b, const char *file, uint32_t lineno)
{
    char s[128];
    snprintf(s, sizeof s, "%s:%u", file, lineno);
    return buf_str(&b->strs, s, strlen(s));
}

/* data/countries.tsv: ISO2 <TAB> ISO3 <TAB> names <TAB> demonyms */
static sitrep_status country_line(sr_gazb *b, char *line, const char *file, uint32_t lineno, char *errbuf)
{
    char *f[6];
    size_t nf = split_tabs(line, f, 6);
    if (nf < 3 || strlen(trim_ws(f[0])) != 2 || strlen(trim_ws(f[1])) != 3) {
        sr_errf(errbuf, "%s:%u: expected ISO2, ISO3, names[, demonyms]", file, lineno);
        return SITREP_EDATA;
    }
    char first[256];
    snprintf(first, sizeof first, "%s", f[2]);
    char *bar = strchr(first, '|');
    if (bar)
        *bar = '\0';
    uint32_t idx;
    sitrep_status st = new_place(b, 0, trim_ws(first), f[0], SR_GAZ_COUNTRY, &idx);
    if (st != SITREP_OK)
        return st;
    b->places.items[idx].source = source_note(b, file, lineno);
    gz_country c = {{f[0][0], f[0][1], 0}, {f[1][0], f[1][1], f[1][2], 0, 0}, idx};
    if ((st = sr_vec_push(&b->countries, c)) != SITREP_OK)
        return st;
    if ((st = map_put(&b->country_by_cc, &b->strs, f[0], idx)) != SITREP_OK)
        return st;
    if ((st = each_name(b, idx, f[2], false)) != SITREP_OK)
        return st;
    if (nf > 3 && (st = each_name(b, idx, f[3], true)) != SITREP_OK)
        return st;
    return SITREP_OK;
}

sitrep_status sr_gazb_load_countries(sr_gazb *b, const char *text, size_t len, const char *file, char *errbuf)
{
    return each_line(b, text, len, file, errbuf, country_line);
}

static bool parse_double(const char *s, double *out)
{
    char *e;
    errno = 0;
    *out = strtod(s, &e);
    return e != s && *trim_ws(e) == '\0' && errno == 0;
}

/* data/places.tsv: names <TAB> kind <TAB> CC <TAB> admin1 code <TAB> lat
 * <TAB> lon <TAB> population <TAB> GeoNames id (0: none) <TAB> source */
static sitrep_status place_line(sr_gazb *b, char *line, const char *file, uint32_t lineno, char *errbuf)
{
    char *f[10];
    size_t nf = split_tabs(line, f, 10);
    if (nf < 9) {
        sr_errf(errbuf, "%s:%u: expected 9 tab-separated fields, found %zu", file, lineno, nf);
        return SITREP_EDATA;
    }
    for (size_t i = 0; i < nf; i++)
        f[i] = trim_ws(f[i]);
    static const char *const kinds[] = {"city", "admin2", "admin1", "country", "point", "area"};
    int kind = -1;
    for (int i = 0; i < (int)SR_ARRAY_LEN(kinds); i++)
        if (!strcmp(f[1], kinds[i]))
            kind = i;
    double lat, lon, pop, gidd;
    if (kind < 0 || kind == SR_GAZ_COUNTRY || strlen(f[2]) != 2 || !parse_double(f[4], &lat) ||
        !parse_double(f[5], &lon) || !parse_double(f[6], &pop) || !parse_double(f[7], &gidd) ||
        fabs(lat) > 90 || fabs(lon) > 180 || !*f[8]) {
        sr_errf(errbuf, "%s:%u: bad kind, country, coordinates, population, id or source", file, lineno);
        return SITREP_EDATA;
    }
    if (*f[3] && strncmp(f[3], f[2], 2) != 0) {
        sr_errf(errbuf, "%s:%u: admin1 code '%s' is not of country %s", file, lineno, f[3], f[2]);
        return SITREP_EDATA;
    }
    int64_t gid = (int64_t)gidd;
    uint32_t idx = UINT32_MAX;
    sitrep_status st;
    if (kind == SR_GAZ_ADMIN1 || kind == SR_GAZ_ADMIN2) {
        if (!*f[3]) {
            sr_errf(errbuf, "%s:%u: a division needs its code", file, lineno);
            return SITREP_EDATA;
        }
        idx = map_get(&b->admin_by_code, &b->strs, f[3]);
        if (idx == UINT32_MAX) {
            char first[256];
            snprintf(first, sizeof first, "%s", f[0]);
            char *bar = strchr(first, '|');
            if (bar)
                *bar = '\0';
            if ((st = sr_gazb_add_admin(b, kind == SR_GAZ_ADMIN1 ? 1 : 2, f[3], trim_ws(first))) != SITREP_OK)
                return st;
            idx = map_get(&b->admin_by_code, &b->strs, f[3]);
            gzb_place *p = &b->places.items[idx];
            p->source = source_note(b, file, lineno);
            p->flags |= GZ_PF_SUPPLEMENT;
            offer_coords(p, 3, (uint64_t)pop, lat, lon);
        }
    } else {
        if (gid > 0) {
            char code[32];
            snprintf(code, sizeof code, "%lld", (long long)gid);
            idx = map_get(&b->by_gid, &b->strs, code);
        }
        if (idx == UINT32_MAX) {
            char first[256];
            snprintf(first, sizeof first, "%s", f[0]);
            char *bar = strchr(first, '|');
            if (bar)
                *bar = '\0';
            if ((st = new_place(b, gid, trim_ws(first), f[2], (uint8_t)kind, &idx)) != SITREP_OK)
                return st;
            gzb_place *p = &b->places.items[idx];
            p->lat = lat, p->lon = lon, p->pop = (uint64_t)pop;
            p->flags |= GZ_PF_COORD | GZ_PF_SUPPLEMENT;
            p->source = source_note(b, file, lineno);
            if (*f[3])
                p->a1code = buf_str(&b->strs, f[3], strlen(f[3]));
            if (gid > 0) {
                char code[32];
                snprintf(code, sizeof code, "%lld", (long long)gid);
                if ((st = map_put(&b->by_gid, &b->strs, code, idx)) != SITREP_OK)
                    return st;
            }
        } else {
            /* a GeoNames place known under other names: the supplement's
             * kind (a neighbourhood, an area) wins, the rest stays */
            gzb_place *p = &b->places.items[idx];
            p->flags |= GZ_PF_SUPPLEMENT;
            if (kind == SR_GAZ_POINT || kind == SR_GAZ_AREA)
                p->kind = (uint8_t)kind;
            if (!p->source)
                p->source = source_note(b, file, lineno);
        }
    }
    return each_name(b, idx, f[0], false);
}

sitrep_status sr_gazb_load_places(sr_gazb *b, const char *text, size_t len, const char *file, char *errbuf)
{
    return each_line(b, text, len, file, errbuf, place_line);
}

/* ---- finishing: sorting names into keys and writing the image ---- */

static const sr_gazb *sort_b;

static int kind_rank(uint8_t k)
{
    switch (k) {
    case SR_GAZ_COUNTRY: return 0;
    case SR_GAZ_ADMIN1: return 1;
    default: return 2;
    }
}

static int cmp_names(const void *x, const void *y)
{
    const gzb_name *a = x, *b = y;
    int c = strcmp(sort_b->keys.data + a->key, sort_b->keys.data + b->key);
    if (c)
        return c;
    if (a->place == UINT32_MAX || b->place == UINT32_MAX)
        return (a->place == UINT32_MAX) - (b->place == UINT32_MAX);
    /* places before demonyms; countries, admin1, then population */
    int da = (a->flags & 0x80) != 0, db = (b->flags & 0x80) != 0;
    if (da != db)
        return da - db;
    const gzb_place *pa = &sort_b->places.items[a->place], *pb = &sort_b->places.items[b->place];
    int ka = kind_rank(pa->kind), kb = kind_rank(pb->kind);
    if (ka != kb)
        return ka - kb;
    if (pa->pop != pb->pop)
        return pa->pop > pb->pop ? -1 : 1;
    if (a->place != b->place)
        return a->place < b->place ? -1 : 1;
    return (a->flags & 0x60) - (b->flags & 0x60); /* the full name first */
}

static sitrep_status align8(sr_buf *out)
{
    static const char zero[8] = {0};
    return out->len % 8 ? sr_buf_put(out, zero, 8 - out->len % 8) : SITREP_OK;
}

static uint16_t admin_index(const uint32_t *items, size_t len, uint32_t place)
{
    /* admins are pushed in order, so their place indices are sorted */
    size_t lo = 0, hi = len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (items[mid] < place)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < len && items[lo] == place && lo < GZ_NO16 ? (uint16_t)lo : GZ_NO16;
}

sitrep_status sr_gazb_finish(sr_gazb *b, sr_buf *out, char *errbuf)
{
    sitrep_status st;
    if (b->admins[0].len >= GZ_NO16 || b->admins[1].len >= GZ_NO16 || b->places.len > GZ_PLACE_MASK) {
        sr_errf(errbuf, "too many divisions for the index format");
        return SITREP_EDATA;
    }
    /* divisions and countries: coordinates and population of their cities */
    for (size_t i = 0; i < b->places.len; i++) {
        gzb_place *p = &b->places.items[i];
        if (p->kind != SR_GAZ_ADMIN1 && p->kind != SR_GAZ_ADMIN2 && p->kind != SR_GAZ_COUNTRY)
            continue;
        if (p->best_rank >= 0) {
            p->lat = p->best_lat, p->lon = p->best_lon;
            p->flags |= GZ_PF_COORD;
        }
        if (p->sum_pop > p->pop)
            p->pop = p->sum_pop;
    }
    /* prefixes of multi-word keys */
    size_t nnames = b->names.len;
    for (size_t i = 0; i < nnames; i++) {
        uint32_t koff = b->names.items[i].key;
        size_t n = strlen(b->keys.data + koff);
        for (size_t j = 1; j < n; j++) {
            if (b->keys.data[koff + j] != ' ')
                continue;
            char buf[GZ_MAX_KEY + 1];
            memcpy(buf, b->keys.data + koff, j);
            if ((st = push_key(b, buf, j, UINT32_MAX, 0)) != SITREP_OK)
                return st;
        }
    }
    sort_b = b;
    qsort(b->names.items, b->names.len, sizeof(gzb_name), cmp_names);

    /* sections */
    SR_VEC(gz_key) keys = {0};
    SR_VEC(uint32_t) kstr = {0}; /* each key's string in b->keys */
    SR_VEC(uint32_t) post = {0};
    sr_buf pool = {0};
    if (buf_str(&pool, "", 0) == UINT32_MAX)
        return SITREP_ENOMEM;
    /* place names first, so that their offsets are known */
    SR_VEC(gz_place) places = {0};
    st = sr_vec_reserve(&places, b->places.len);
    for (size_t i = 0; st == SITREP_OK && i < b->places.len; i++) {
        const gzb_place *p = &b->places.items[i];
        gz_place g = {0};
        g.gid = p->gid > 0 && p->gid <= UINT32_MAX ? (uint32_t)p->gid : 0;
        const char *nm = b->strs.data + p->name;
        g.name = buf_str(&pool, nm, strlen(nm));
        g.lat = (int32_t)lround(p->lat * 1e5);
        g.lon = (int32_t)lround(p->lon * 1e5);
        g.pop = p->pop > UINT32_MAX ? UINT32_MAX : (uint32_t)p->pop;
        uint32_t a1 = p->a1code ? map_get(&b->admin_by_code, &b->strs, b->strs.data + p->a1code) : UINT32_MAX;
        uint32_t a2 = p->a2code ? map_get(&b->admin_by_code, &b->strs, b->strs.data + p->a2code) : UINT32_MAX;
        g.admin1 = a1 == UINT32_MAX ? GZ_NO16 : admin_index(b->admins[0].items, b->admins[0].len, a1);
        g.admin2 = a2 == UINT32_MAX ? GZ_NO16 : admin_index(b->admins[1].items, b->admins[1].len, a2);
        memcpy(g.cc, p->cc, 2);
        g.kind = p->kind;
        g.flags = (uint8_t)(p->flags | (p->source ? GZ_PF_SOURCE : 0));
        g.prior = pop_prior(g.pop);
        places.items[places.len++] = g;
        if (g.name == UINT32_MAX)
            st = SITREP_ENOMEM;
    }
    /* keys and postings */
    size_t nfirst = 0;
    for (size_t i = 0; st == SITREP_OK && i < b->names.len;) {
        const char *k = b->keys.data + b->names.items[i].key;
        size_t j = i;
        gz_key key = {0};
        size_t n = strlen(k);
        uint64_t kh = key_hash(k, n);
        key.hash = (uint32_t)(kh >> 32);
        key.tag = key_tag(kh);
        key.post = (uint32_t)post.len;
        uint32_t last = UINT32_MAX;
        for (; j < b->names.len && !strcmp(b->keys.data + b->names.items[j].key, k); j++) {
            const gzb_name *nm = &b->names.items[j];
            if (nm->place == UINT32_MAX)
                continue;
            key.flags |= GZ_KF_PLACES | (nm->flags & GZ_KF_ACRONYM);
            uint32_t v = nm->place | ((nm->flags & 0x80) ? GZ_DEMONYM : 0) | ((nm->flags & 0x40) ? GZ_NEEDUNIT : 0) |
                         ((nm->flags & 0x20) ? GZ_STRIPPED : 0);
            if (v == last || key.npost == UINT16_MAX)
                continue;
            bool dup = false; /* the same place under two spellings of one key */
            for (uint32_t q = key.post; key.npost <= 64 && q < post.len; q++)
                if ((post.items[q] & GZ_PLACE_MASK) == nm->place)
                    dup = true;
            if (dup)
                continue;
            if ((st = sr_vec_push(&post, v)) != SITREP_OK)
                break;
            last = v;
            key.npost++;
        }
        /* prefix: the next distinct key starts with k + ' ' */
        if (j < b->names.len) {
            const char *nk = b->keys.data + b->names.items[j].key;
            if (!strncmp(nk, k, n) && nk[n] == ' ')
                key.flags |= GZ_KF_PREFIX;
        }
        const char *lastw = strrchr(k, ' ');
        if (!lastw) {
            nfirst++;
            if (map_get(&b->common, &b->strs, k) != UINT32_MAX)
                key.flags |= GZ_KF_COMMON;
        } else if ((key.flags & GZ_KF_PLACES) && strlen(lastw + 1) >= 4 && b->common.cap &&
                   map_get(&b->common, &b->strs, lastw + 1) == UINT32_MAX && !is_unit_word(lastw + 1)) {
            key.flags |= GZ_KF_LOWERTAIL;
        }
        if (key.npost == 1) {
            key.post = post.items[--post.len];
            key.flags |= GZ_KF_INLINE;
        }
        if (st == SITREP_OK)
            st = sr_vec_push(&keys, key);
        if (st == SITREP_OK)
            st = sr_vec_push(&kstr, b->names.items[i].key);
        i = j;
    }
    if (st == SITREP_OK && keys.len >= UINT32_MAX / 4) {
        sr_errf(errbuf, "too many keys for the index format");
        st = SITREP_EDATA;
    }
    /* hash slots: the key records themselves, open addressing with linear
     * probing, load at most 0.75; a lookup reads one cache line */
    size_t nslots = 1024;
    while (nslots * 3 < keys.len * 4)
        nslots *= 2;
    gz_key *slots = st == SITREP_OK ? calloc(nslots, sizeof(gz_key)) : NULL;
    uint32_t *sstr = st == SITREP_OK ? calloc(nslots, sizeof(uint32_t)) : NULL; /* each slot's key string */
    if ((!slots || !sstr) && st == SITREP_OK)
        st = SITREP_ENOMEM;
    for (size_t i = 0; st == SITREP_OK && i < keys.len; i++) {
        const char *k = b->keys.data + kstr.items[i];
        uint64_t kh = key_hash(k, strlen(k));
        size_t s = (size_t)kh & (nslots - 1);
        while (slots[s].flags)
            s = (s + 1) & (nslots - 1);
        if (!keys.items[i].flags) { /* cannot happen: a key has places or is a prefix */
            sr_errf(errbuf, "gazetteer key '%s' has no places", k);
            st = SITREP_EDATA;
        }
        slots[s] = keys.items[i];
        sstr[s] = kstr.items[i];
    }
    /* the keys one word longer: "a b c" is in the filter of "a b" (every
     * prefix at a space is a key); first each key's prefix, and how many
     * keys each prefix has */
    uint32_t *pref = st == SITREP_OK ? malloc(nslots * sizeof(uint32_t)) : NULL; /* slot of the prefix */
    uint32_t *nlonger = st == SITREP_OK ? calloc(nslots, sizeof(uint32_t)) : NULL;
    if ((!pref || !nlonger) && st == SITREP_OK)
        st = SITREP_ENOMEM;
    for (size_t s = 0; st == SITREP_OK && s < nslots; s++) {
        pref[s] = UINT32_MAX;
        if (!slots[s].flags)
            continue;
        const char *k = b->keys.data + sstr[s];
        const char *sp = strrchr(k, ' ');
        if (!sp)
            continue;
        size_t pn = (size_t)(sp - k);
        uint64_t ph = key_hash(k, pn);
        size_t t = (size_t)ph & (nslots - 1);
        for (; slots[t].flags; t = (t + 1) & (nslots - 1)) {
            const char *pk = b->keys.data + sstr[t];
            if (strlen(pk) == pn && !memcmp(pk, k, pn))
                break;
        }
        if (!slots[t].flags) { /* cannot happen: prefixes are keys */
            sr_errf(errbuf, "gazetteer key '%s' lacks its prefix", k);
            st = SITREP_EDATA;
            break;
        }
        pref[s] = (uint32_t)t;
        nlonger[t]++;
    }
    /* a prefix of many keys ("al", "the", "saint") would fill its 32 bits:
     * it gets a filter of its own, about GZ_NEXT_BITS bits a key, three in
     * one 64-bit word */
    size_t nextf_words = 0;
    for (size_t t = 0; st == SITREP_OK && t < nslots; t++) {
        if (nlonger[t] <= GZ_NEXT_SMALL)
            continue;
        uint32_t lg = 0;
        while (((size_t)64 << lg) < (size_t)nlonger[t] * GZ_NEXT_BITS)
            lg++;
        if (nextf_words + ((size_t)1 << lg) >= (1u << 27)) {
            sr_errf(errbuf, "too many keys for the index format");
            st = SITREP_EDATA;
            break;
        }
        slots[t].next = (uint32_t)(nextf_words << 5) | lg;
        slots[t].flags |= GZ_KF_BIGNEXT;
        nextf_words += (size_t)1 << lg;
    }
    uint64_t *nextf = st == SITREP_OK ? calloc(nextf_words + 1, 8) : NULL;
    if (!nextf && st == SITREP_OK)
        st = SITREP_ENOMEM;
    for (size_t s = 0; st == SITREP_OK && s < nslots; s++) {
        if (pref[s] == UINT32_MAX)
            continue;
        gz_key *p = &slots[pref[s]];
        const char *k = b->keys.data + sstr[s];
        uint64_t kh = key_hash(k, strlen(k));
        if (p->flags & GZ_KF_BIGNEXT)
            nextf[(p->next >> 5) + nextf_word(kh, p->next)] |= filter_bits(kh);
        else
            p->next |= next_bits(kh);
    }
    free(pref);
    free(nlonger);
    /* filter of first words: about 10 bits per word, 3 bits in one word */
    size_t fwords = 64;
    while (fwords * 64 < (nfirst + 1) * 10)
        fwords *= 2;
    uint64_t *filter = st == SITREP_OK ? calloc(fwords, 8) : NULL;
    if (!filter && st == SITREP_OK)
        st = SITREP_ENOMEM;
    for (size_t i = 0; st == SITREP_OK && i < keys.len; i++) {
        const char *k = b->keys.data + kstr.items[i];
        const char *sp = strchr(k, ' ');
        size_t n = sp ? (size_t)(sp - k) : strlen(k);
        uint64_t h = key_hash(k, n);
        filter[filter_word(h, (uint32_t)fwords)] |= filter_bits(h);
    }
    /* admin, country and source tables */
    SR_VEC(gz_admin) adm[2] = {{0}, {0}};
    for (int l = 0; st == SITREP_OK && l < 2; l++) {
        for (size_t i = 0; st == SITREP_OK && i < b->admins[l].len; i++) {
            const gzb_place *p = &b->places.items[b->admins[l].items[i]];
            const char *code = b->strs.data + (l == 0 ? p->a1code : p->a2code);
            gz_admin a = {buf_str(&pool, code, strlen(code)), places.items[b->admins[l].items[i]].name,
                          b->admins[l].items[i]};
            st = sr_vec_push(&adm[l], a);
        }
    }
    SR_VEC(gz_source) src = {0};
    for (size_t i = 0; st == SITREP_OK && i < b->places.len; i++) {
        if (!b->places.items[i].source)
            continue;
        const char *s = b->strs.data + b->places.items[i].source;
        gz_source so = {(uint32_t)i, buf_str(&pool, s, strlen(s))};
        st = sr_vec_push(&src, so);
    }
    if (st == SITREP_OK && pool.len > UINT32_MAX / 2)
        st = SITREP_EDATA;

    /* write */
    gz_header h = {0};
    memcpy(h.magic, GZ_MAGIC, 8);
    h.version = GZ_VERSION;
    h.header_size = sizeof h;
    h.nplaces = (uint32_t)places.len;
    h.nkeys = (uint32_t)keys.len;
    h.nslots = (uint32_t)nslots;
    h.npostings = (uint32_t)post.len;
    h.nadmin1 = (uint32_t)adm[0].len;
    h.nadmin2 = (uint32_t)adm[1].len;
    h.ncountries = (uint32_t)b->countries.len;
    h.nsources = (uint32_t)src.len;
    h.filter_words = (uint32_t)fwords;
    h.nextf_words = (uint32_t)nextf_words;
    h.word_check = word_hash(WORD_CHECK, strlen(WORD_CHECK));
    sr_buf_clear(out);
#define SECTION(field, ptr, bytes)                                          \
    do {                                                                    \
        if (st == SITREP_OK && (st = align8(out)) == SITREP_OK) {           \
            h.field = (uint32_t)out->len;                                   \
            if ((bytes) > 0)                                                \
                st = sr_buf_put(out, (ptr), (bytes));                       \
        }                                                                   \
    } while (0)
    if (st == SITREP_OK)
        st = sr_buf_put(out, &h, sizeof h);
    SECTION(off_places, places.items, places.len * sizeof(gz_place));
    SECTION(off_slots, slots, nslots * sizeof(gz_key));
    SECTION(off_postings, post.items, post.len * 4);
    SECTION(off_admin1, adm[0].items, adm[0].len * sizeof(gz_admin));
    SECTION(off_admin2, adm[1].items, adm[1].len * sizeof(gz_admin));
    SECTION(off_countries, b->countries.items, b->countries.len * sizeof(gz_country));
    SECTION(off_sources, src.items, src.len * sizeof(gz_source));
    SECTION(off_filter, filter, fwords * 8);
    SECTION(off_nextf, nextf, nextf_words * 8);
    SECTION(off_pool, pool.data, pool.len);
#undef SECTION
    h.pool_size = (uint32_t)pool.len;
    if (st == SITREP_OK && (st = align8(out)) == SITREP_OK) {
        if (out->len > UINT32_MAX) {
            st = SITREP_EDATA;
        } else {
            h.total_size = (uint32_t)out->len;
            memcpy(out->data, &h, sizeof h);
        }
    }
    free(places.items);
    free(keys.items);
    free(kstr.items);
    free(post.items);
    free(slots);
    free(sstr);
    free(filter);
    free(nextf);
    free(adm[0].items);
    free(adm[1].items);
    free(src.items);
    sr_buf_free(&pool);
    if (st != SITREP_OK && errbuf && !errbuf[0])
        sr_errf(errbuf, "building the gazetteer index: %s", sitrep_status_str(st));
    return st;
}

/* ------------------------------------------------------------------------
 * Opening
 * ---------------------------------------------------------------------- */

static bool section_ok(const gz_header *h, uint32_t off, uint64_t n, size_t elem)
{
    return off % 8 == 0 && off >= h->header_size && (uint64_t)off + n * elem <= h->total_size;
}

static inline uint32_t src_slot(uint32_t place, uint32_t mask) { return (place * 0x9E3779B1u >> 7) & mask; }

static sitrep_status gz_attach(sr_gazetteer *g, const char *what, char *errbuf)
{
    const gz_header *h = (const gz_header *)g->base;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    sr_errf(errbuf, "%s: the gazetteer index is little-endian; this machine is not", what);
    return SITREP_EDATA;
#endif
    if (g->size < sizeof *h || memcmp(h->magic, GZ_MAGIC, 8) != 0) {
        sr_errf(errbuf, "%s: not a sitrep gazetteer index", what);
        return SITREP_EDATA;
    }
    /* version 5 lacks only the filters of longer keys: read the same */
    bool v5 = h->version == 5 && h->header_size == GZ_V5_HEADER;
    if (!v5 && (h->version != GZ_VERSION || h->header_size != sizeof *h)) {
        sr_errf(errbuf, "%s: gazetteer index version %u, this sitrep reads version %u (run make)", what,
                h->version, GZ_VERSION);
        return SITREP_EDATA;
    }
    memset(&g->hdr, 0, sizeof g->hdr);
    memcpy(&g->hdr, h, h->header_size);
    h = &g->hdr;
    if (h->word_check != word_hash(WORD_CHECK, strlen(WORD_CHECK))) {
        sr_errf(errbuf, "%s: the gazetteer index was built with another word hash (run make)", what);
        return SITREP_EDATA;
    }
    if (h->total_size != g->size || !section_ok(h, h->off_places, h->nplaces, sizeof(gz_place)) ||
        !section_ok(h, h->off_slots, h->nslots, sizeof(gz_key)) ||
        !section_ok(h, h->off_postings, h->npostings, 4) ||
        !section_ok(h, h->off_admin1, h->nadmin1, sizeof(gz_admin)) ||
        !section_ok(h, h->off_admin2, h->nadmin2, sizeof(gz_admin)) ||
        !section_ok(h, h->off_countries, h->ncountries, sizeof(gz_country)) ||
        !section_ok(h, h->off_sources, h->nsources, sizeof(gz_source)) ||
        !section_ok(h, h->off_filter, h->filter_words, 8) || (h->nextf_words && !section_ok(h, h->off_nextf, h->nextf_words, 8)) ||
        !section_ok(h, h->off_pool, h->pool_size, 1) ||
        h->nslots == 0 || (h->nslots & (h->nslots - 1)) || h->nslots <= h->nkeys ||
        h->filter_words == 0 ||
        (h->filter_words & (h->filter_words - 1)) || h->pool_size == 0 ||
        g->base[h->off_pool + h->pool_size - 1] != '\0') {
        sr_errf(errbuf, "%s: the gazetteer index is truncated or corrupt (run make)", what);
        return SITREP_EDATA;
    }
    g->h = h;
    g->places = (const gz_place *)(g->base + h->off_places);
    g->slots = (const gz_key *)(g->base + h->off_slots);
    g->post = (const uint32_t *)(g->base + h->off_postings);
    g->admin1 = (const gz_admin *)(g->base + h->off_admin1);
    g->admin2 = (const gz_admin *)(g->base + h->off_admin2);
    g->countries = (const gz_country *)(g->base + h->off_countries);
    g->sources = (const gz_source *)(g->base + h->off_sources);
    g->filter = (const uint64_t *)(g->base + h->off_filter);
    g->nextf = (const uint64_t *)(g->base + h->off_nextf);
    g->pool = (const char *)(g->base + h->off_pool);
    uint32_t cap = 16;
    while (cap < 2 * h->nsources)
        cap *= 2;
    g->src_at = calloc(cap, sizeof *g->src_at);
    if (!g->src_at) {
        sr_errf(errbuf, "%s: out of memory", what);
        return SITREP_ENOMEM;
    }
    g->src_mask = cap - 1;
    for (uint32_t k = 0; k < h->nsources; k++) {
        uint32_t at = src_slot(g->sources[k].place, g->src_mask);
        while (g->src_at[at])
            at = (at + 1) & g->src_mask;
        g->src_at[at] = k + 1;
    }
    return SITREP_OK;
}

/* The image of the embedded countries and supplement only. */
static sitrep_status build_builtin(sr_buf *img, char *errbuf)
{
    sr_gazb *b;
    sitrep_status st = sr_gazb_new(&b);
    if (st != SITREP_OK)
        return st;
    const sr_embedded_file *c = sr_embedded_find("data/countries.tsv");
    const sr_embedded_file *p = sr_embedded_find("data/places.tsv");
    if (c)
        st = sr_gazb_load_countries(b, (const char *)c->data, c->len, c->name, errbuf);
    if (st == SITREP_OK && p)
        st = sr_gazb_load_places(b, (const char *)p->data, p->len, p->name, errbuf);
    if (st == SITREP_OK)
        st = sr_gazb_finish(b, img, errbuf);
    sr_gazb_free(b);
    return st;
}

sitrep_status sr_gaz_open(const char *path, sr_gazetteer **out, char *errbuf)
{
    *out = NULL;
    sr_gazetteer *g = calloc(1, sizeof(*g));
    if (!g)
        return SITREP_ENOMEM;
    sitrep_status st;
    if (!path) {
        sr_buf img = {0};
        st = build_builtin(&img, errbuf);
        if (st == SITREP_OK) {
            size_t n;
            g->base = (const unsigned char *)sr_buf_detach(&img, &n);
            g->size = n;
            st = gz_attach(g, "built-in places", errbuf);
        }
        sr_buf_free(&img);
    } else {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) != 0) {
            sr_errf(errbuf, "%s: %s", path, strerror(errno));
            if (fd >= 0)
                close(fd);
            free(g);
            return SITREP_EDATA;
        }
        if (sb.st_size < (off_t)sizeof(gz_header) || (uint64_t)sb.st_size > UINT32_MAX) {
            close(fd);
            free(g);
            sr_errf(errbuf, "%s: not a sitrep gazetteer index", path);
            return SITREP_EDATA;
        }
        void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (m == MAP_FAILED) {
            sr_errf(errbuf, "%s: mmap: %s", path, strerror(errno));
            free(g);
            return SITREP_EDATA;
        }
        g->base = m;
        g->size = (size_t)sb.st_size;
        g->mapped = true;
        /* lookups touch the table at random: no read-ahead */
        madvise(m, g->size, MADV_RANDOM);
        st = gz_attach(g, path, errbuf);
    }
    if (st != SITREP_OK) {
        sr_gaz_close(g);
        return st;
    }
    static atomic_uint_fast64_t serials;
    g->serial = atomic_fetch_add(&serials, 1) + 1;
    *out = g;
    return SITREP_OK;
}

void sr_gaz_close(sr_gazetteer *g)
{
    if (!g)
        return;
    free(g->src_at);
    if (g->mapped)
        munmap((void *)g->base, g->size);
    else
        free((void *)g->base);
    free(g);
}

/* ------------------------------------------------------------------------
 * Places
 * ---------------------------------------------------------------------- */

uint32_t sr_gaz_nplaces(const sr_gazetteer *g) { return g->h->nplaces; }

static const char *source_of(const sr_gazetteer *g, uint32_t i)
{
    if (g->places[i].flags & GZ_PF_SOURCE)
        for (uint32_t at = src_slot(i, g->src_mask); g->src_at[at]; at = (at + 1) & g->src_mask)
            if (g->sources[g->src_at[at] - 1].place == i)
                return g->pool + g->sources[g->src_at[at] - 1].str;
    return g->places[i].kind == SR_GAZ_ADMIN1 || g->places[i].kind == SR_GAZ_ADMIN2 ? "geonames:admin"
                                                                                     : "geonames:cities500";
}

static uint8_t precision_of(uint8_t kind)
{
    switch (kind) {
    case SR_GAZ_CITY: return SITREP_PLACE_TOWN;
    case SR_GAZ_ADMIN2: return SITREP_PLACE_DISTRICT;
    case SR_GAZ_AREA: return SITREP_PLACE_DISTRICT;
    case SR_GAZ_ADMIN1: return SITREP_PLACE_ADMIN1;
    case SR_GAZ_COUNTRY: return SITREP_PLACE_COUNTRY;
    default: return SITREP_PLACE_POINT;
    }
}

bool sr_gaz_place_get(const sr_gazetteer *g, uint32_t i, sr_gaz_place *out)
{
    if (!g || i >= g->h->nplaces)
        return false;
    const gz_place *p = &g->places[i];
    memset(out, 0, sizeof *out);
    out->geonames_id = p->gid;
    out->name = g->pool + p->name;
    out->admin1_code = "";
    if (p->admin1 != GZ_NO16 && p->admin1 < g->h->nadmin1) {
        out->admin1_name = g->pool + g->admin1[p->admin1].name;
        out->admin1_code = g->pool + g->admin1[p->admin1].code;
    }
    if (p->admin2 != GZ_NO16 && p->admin2 < g->h->nadmin2)
        out->admin2_name = g->pool + g->admin2[p->admin2].name;
    out->country[0] = p->cc[0];
    out->country[1] = p->cc[1];
    out->has_coords = (p->flags & GZ_PF_COORD) != 0;
    out->lat = out->has_coords ? p->lat / 1e5 : 0;
    out->lon = out->has_coords ? p->lon / 1e5 : 0;
    out->population = p->pop;
    out->kind = p->kind;
    out->precision = precision_of(p->kind);
    out->source = source_of(g, i);
    return true;
}

uint32_t sr_gaz_admin1_of(const sr_gazetteer *g, uint32_t i)
{
    if (i >= g->h->nplaces)
        return SR_GAZ_NONE;
    uint16_t a = g->places[i].admin1;
    return a != GZ_NO16 && a < g->h->nadmin1 ? g->admin1[a].place : SR_GAZ_NONE;
}

static const gz_country *country_rec(const sr_gazetteer *g, const char *cc)
{
    size_t n = strlen(cc);
    for (uint32_t k = 0; k < g->h->ncountries; k++) {
        const gz_country *c = &g->countries[k];
        if ((n == 2 && sr_strncasecmp(c->iso2, cc, 2) == 0) || (n == 3 && sr_strncasecmp(c->iso3, cc, 3) == 0))
            return c;
    }
    return NULL;
}

uint32_t sr_gaz_country_of(const sr_gazetteer *g, uint32_t i)
{
    if (i >= g->h->nplaces)
        return SR_GAZ_NONE;
    const gz_place *p = &g->places[i];
    if (p->kind == SR_GAZ_COUNTRY)
        return i;
    char cc[3] = {p->cc[0], p->cc[1], 0};
    const gz_country *c = cc[0] ? country_rec(g, cc) : NULL;
    return c ? c->place : SR_GAZ_NONE;
}

bool sr_gaz_in_country(const sr_gazetteer *g, uint32_t i, const char *cc)
{
    if (i >= g->h->nplaces || !cc)
        return false;
    const gz_place *p = &g->places[i];
    if (strlen(cc) == 2)
        return sr_strncasecmp(p->cc, cc, 2) == 0;
    const gz_country *c = country_rec(g, cc);
    return c && memcmp(c->iso2, p->cc, 2) == 0;
}

bool sr_gaz_contains(const sr_gazetteer *g, uint32_t outer, uint32_t inner)
{
    if (outer >= g->h->nplaces || inner >= g->h->nplaces)
        return false;
    if (outer == inner)
        return true;
    const gz_place *o = &g->places[outer], *p = &g->places[inner];
    if (memcmp(o->cc, p->cc, 2) != 0)
        return false;
    switch (o->kind) {
    case SR_GAZ_COUNTRY: return p->kind != SR_GAZ_COUNTRY;
    case SR_GAZ_ADMIN1: return p->kind != SR_GAZ_ADMIN1 && p->admin1 == o->admin1 && o->admin1 != GZ_NO16;
    case SR_GAZ_ADMIN2:
        return (p->kind == SR_GAZ_CITY || p->kind == SR_GAZ_POINT || p->kind == SR_GAZ_AREA) &&
               p->admin2 == o->admin2 && o->admin2 != GZ_NO16;
    case SR_GAZ_CITY:
    case SR_GAZ_AREA:
        /* a neighbourhood of a city: same admin1, within about 15 km */
        return p->kind == SR_GAZ_POINT && p->admin1 == o->admin1 && labs((long)p->lat - o->lat) < 14000 &&
               labs((long)p->lon - o->lon) < 17000;
    default: return false;
    }
}

const char *sr_gaz_iso3(const sr_gazetteer *g, const char *iso2)
{
    if (!iso2 || strlen(iso2) != 2)
        return NULL;
    const gz_country *c = country_rec(g, iso2);
    return c && c->iso3[3] == '\0' ? c->iso3 : NULL;
}

/* ------------------------------------------------------------------------
 * Lookups
 * ---------------------------------------------------------------------- */

/* The key whose hash is h, or NULL: its record is its slot. */
static inline const gz_key *find_key_hash(const sr_gazetteer *g, uint64_t h)
{
    uint32_t hi = (uint32_t)(h >> 32);
    uint8_t tag = key_tag(h);
    uint32_t mask = g->h->nslots - 1;
    for (uint32_t s = (uint32_t)h & mask;; s = (s + 1) & mask) {
        const gz_key *k = &g->slots[s];
        if (!k->flags)
            return NULL;
        if (k->hash == hi && k->tag == tag)
            return k;
    }
}

static const gz_key *find_key(const sr_gazetteer *g, const char *k, size_t n)
{
    if (n == 0 || n > GZ_MAX_KEY)
        return NULL;
    return find_key_hash(g, key_hash(k, n));
}

/* Posting i of key k (a place index, GZ_DEMONYM marking a demonym). */
static inline uint32_t posting(const sr_gazetteer *g, const gz_key *k, uint32_t i)
{
    if (k->flags & GZ_KF_INLINE)
        return k->post;
    uint32_t at = k->post + i;
    return at < g->h->npostings ? g->post[at] : UINT32_MAX;
}

/* May a key start with the word whose hash is h? */
static inline bool first_word_maybe(const sr_gazetteer *g, uint64_t h)
{
    uint64_t m = filter_bits(h);
    return (g->filter[filter_word(h, g->h->filter_words)] & m) == m;
}

/* A cache of the stage's key lookups, per thread: the hash of a key (or
 * of a first word, looked up through the filter first) and a copy of its
 * slot (flags 0: no such key). Names repeat within an article and across
 * articles (a few thousand capitalised words make most of those in news),
 * so most lookups are answered here, in 512 KB that mostly stay cached,
 * rather than from the filter and slots of the index, read at random.
 * Direct-mapped; the whole hash is compared, so an answer is the index's.
 * Cleared when the thread turns to another gazetteer (gz_kc_use). */
#define GZ_KC_SETS 8192 /* a power of two */
typedef struct gz_kc_slot {
    uint64_t h;     /* 0: empty (a key hashed 0 is never cached) */
    gz_key key;
    uint32_t first; /* 1: looked up as a first word (the filter, then the slots) */
    uint32_t pad;
} gz_kc_slot;

/* A cache of what prepare_starts learns of a capitalised word, per
 * thread, keyed by the word's lexicon hash (the segment stage's tokhash,
 * a function of the folded form): whether it is a demonym, and the hash,
 * length and key of its first key part after the possessive's fallback
 * (flags 0: the word starts no name). A word met again (most capitalised
 * words of news are) is answered by one probe rather than by testing and
 * hashing its part and looking the key up. Direct-mapped; not for an
 * article joined by a hyphen ("al-"), whose part is no function of its
 * form alone. Cleared with the key cache. */
#define GZ_SC_SLOTS 4096 /* a power of two */
typedef struct gz_sc_slot {
    uint64_t th;  /* the word's tokhash; 0: empty */
    uint64_t h;   /* gz_ctx.hs */
    gz_key key;   /* gz_ctx.sk; flags 0: no start */
    uint16_t hl;  /* gz_ctx.hl */
    bool dem;     /* demonym_cc, for a form under GZ_WORD_MAX * 2 bytes */
} gz_sc_slot;

/* The two caches of a thread, mapped on its first annotation rather than
 * static thread-local arrays: those made the static TLS block 772 KB, that
 * the loader zeroes at every start of the program (~170 page faults; a
 * fault costs 13-20 us on a VM). They are mapped in a transparent huge
 * page where the kernel gives one: a run that touches most of the caches
 * (any of more than a few articles) then takes one fault for them, not
 * ~170, and their random reads miss the TLB less. Elsewhere the mapping
 * costs a fault for each page touched. A thread that ends unmaps its
 * caches (the key's destructor). */
typedef struct gz_caches {
    gz_kc_slot kc[GZ_KC_SETS][2]; /* a set in a cache line, the last used first */
    gz_sc_slot sc[GZ_SC_SLOTS];
} gz_caches;
#define GZ_TC_MAP ((size_t)2 << 20) /* a huge page on x86-64 */
_Static_assert(sizeof(gz_caches) <= GZ_TC_MAP, "the caches fit in a huge page");
static _Thread_local struct {
    uint64_t serial; /* of the gazetteer whose keys the caches hold; 0: none, maybe unmapped */
    gz_caches *c;
} gz_tc;
static pthread_key_t gz_tc_key;
static pthread_once_t gz_tc_once = PTHREAD_ONCE_INIT;
static bool gz_tc_key_ok;

static void gz_tc_drop(void *p)
{
    munmap(p, GZ_TC_MAP);
    gz_tc.c = NULL;
    gz_tc.serial = 0;
}

static void gz_tc_key_make(void) { gz_tc_key_ok = pthread_key_create(&gz_tc_key, gz_tc_drop) == 0; }

/* GZ_TC_MAP bytes of zeroes aligned on GZ_TC_MAP (a huge page can back
 * only an aligned range): NULL when they cannot be mapped. */
static void *gz_tc_map(void)
{
    char *m = mmap(NULL, 2 * GZ_TC_MAP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    char *p = (char *)(((uintptr_t)m + GZ_TC_MAP - 1) & ~(uintptr_t)(GZ_TC_MAP - 1));
    if (p > m)
        munmap(m, (size_t)(p - m));
    munmap(p + GZ_TC_MAP, (size_t)(m + GZ_TC_MAP - p));
#ifdef MADV_HUGEPAGE
    madvise(p, GZ_TC_MAP, MADV_HUGEPAGE); /* a hint: without it, pages of 4 KB */
#endif
    return p;
}

static inline gz_sc_slot *sc_slot(uint64_t th) { return &gz_tc.c->sc[(th >> 24) & (GZ_SC_SLOTS - 1)]; }

/* Readies the thread's caches for g: false when they cannot be mapped. */
static bool gz_kc_use(const sr_gazetteer *g)
{
    if (SR_LIKELY(gz_tc.serial == g->serial))
        return true;
    if (!gz_tc.c) {
        pthread_once(&gz_tc_once, gz_tc_key_make);
        if (!gz_tc_key_ok)
            return false;
        void *p = gz_tc_map();
        if (!p)
            return false;
        if (pthread_setspecific(gz_tc_key, p) != 0) {
            munmap(p, GZ_TC_MAP);
            return false;
        }
        gz_tc.c = p; /* as mapped: zero, empty */
    } else {
        memset(gz_tc.c, 0, sizeof *gz_tc.c);
    }
    gz_tc.serial = g->serial;
    return true;
}

static inline gz_kc_slot *kc_set(uint64_t h) { return gz_tc.c->kc[(h >> 20) & (GZ_KC_SETS - 1)]; }

/* The cached answer for the key hashed h (first: as a first word) into
 * *out: false when not cached. */
static inline bool kc_get(uint64_t h, uint32_t first, gz_key *out)
{
    gz_kc_slot *e = kc_set(h);
    if (e[0].h == h && e[0].first == first && h) {
        *out = e[0].key;
        return true;
    }
    if (e[1].h == h && e[1].first == first && h) {
        *out = e[1].key;
        gz_kc_slot t = e[0];
        e[0] = e[1];
        e[1] = t;
        return true;
    }
    return false;
}

/* Looks the key hashed h up in the index (first: through the filter of
 * first words), caches the answer and copies it to *out (flags 0: none).
 * True when there is a key. */
static bool kc_fill(const sr_gazetteer *g, uint64_t h, uint32_t first, gz_key *out)
{
    const gz_key *k = first ? (first_word_maybe(g, h) ? find_key_hash(g, h) : NULL) : find_key_hash(g, h);
    if (k)
        *out = *k;
    else
        memset(out, 0, sizeof *out);
    gz_kc_slot *e = kc_set(h);
    e[1] = e[0];
    e[0].h = h;
    e[0].first = first;
    e[0].key = *out;
    return k != NULL;
}

/* May the key hashed h be one word longer than the key k (its filter of
 * longer keys)? */
static inline bool next_maybe(const sr_gazetteer *g, const gz_key *k, uint64_t h)
{
    if (!(k->flags & GZ_KF_BIGNEXT))
        return (k->next & next_bits(h)) == next_bits(h);
    uint64_t at = (k->next >> 5) + nextf_word(h, k->next), m = filter_bits(h);
    return at >= g->h->nextf_words || (g->nextf[at] & m) == m;
}

/* The key hashed h, through the cache: false when there is none. */
static inline bool key_lookup(const sr_gazetteer *g, uint64_t h, uint32_t first, gz_key *out)
{
    if (SR_LIKELY(kc_get(h, first, out)))
        return out->flags != 0;
    return kc_fill(g, h, first, out);
}

uint32_t sr_gaz_country(const sr_gazetteer *g, const char *s)
{
    if (!s)
        return SR_GAZ_NONE;
    size_t n = strlen(s);
    if (n == 2 || n == 3) {
        bool upper = true;
        for (size_t i = 0; i < n; i++)
            upper &= sr_isupper((unsigned char)s[i]);
        const gz_country *c = upper ? country_rec(g, s) : NULL;
        if (c)
            return c->place;
    }
    uint32_t out[8];
    size_t k = sr_gaz_lookup(g, s, n, out, 8);
    for (size_t i = 0; i < k && i < 8; i++)
        if (g->places[out[i]].kind == SR_GAZ_COUNTRY)
            return out[i];
    return SR_GAZ_NONE;
}

size_t sr_gaz_lookup(const sr_gazetteer *g, const char *name, size_t n, uint32_t *out, size_t cap)
{
    sr_buf b = {0};
    size_t kn = gz_fold_key(name, n, &b);
    const gz_key *k = kn ? find_key(g, b.data, kn) : NULL;
    sr_buf_free(&b);
    if (!k || !(k->flags & GZ_KF_PLACES))
        return 0;
    size_t total = 0;
    for (uint32_t i = 0; i < k->npost; i++) {
        uint32_t v = posting(g, k, i);
        if ((v & GZ_DEMONYM) || (v & GZ_PLACE_MASK) >= g->h->nplaces)
            continue;
        v &= GZ_PLACE_MASK;
        if (total < cap)
            out[total] = v;
        total++;
    }
    return total;
}

/* ------------------------------------------------------------------------
 * The stage
 * ---------------------------------------------------------------------- */

#define GZ_MAX_CANDS 24

typedef struct gz_mention {
    uint32_t tok_start, tok_end, name_end;
    uint32_t sent;
    uint32_t ncand, total;
    uint32_t *cand;  /* in the annot's arena */
    float *score;
    uint16_t *bits;  /* 1 << sr_gaz_rule of the bonuses each had */
    uint16_t flags;
    uint8_t unit;   /* 1: admin1 word, 2: admin2 word, 3: city word */
    bool common;    /* a one-word name that is also an English word */
    bool stripped;  /* its first place is a division named without its unit word */
    bool arabic;    /* written with an Arabic article joined by a hyphen ("al-Joura") */
    bool thing;     /* names a thing there: a capitalised place noun follows ("Zara Power Plant") */
    bool bare_division; /* a second-level division without the unit word its name needs */
    bool dropped;
    int32_t qualifier; /* index of the mention that qualifies this one, -1 */
    uint32_t chosen;
    uint16_t rule;
} gz_mention;

typedef struct gz_weight {
    char cc[2];
    float w;
} gz_weight;

typedef struct gz_ctx {
    const sr_gazetteer *g;
    const sr_lexicon *lx;
    sr_annot *a;
    /* the possible starts of a name, in text order, and per token the
     * lookup of its first key part (GZ_FK_*, or its slot + 1) */
    uint32_t *starts;
    uint64_t *hs;    /* per start: the hash of its first key part, */
    uint16_t *hl;    /* the part's length (GZ_HL_LEN; GZ_HL_POSS: a possessive), */
    gz_key *sk;      /* and its key (a copy of the slot) */
    size_t nstarts;
    uint32_t *buf;   /* scratch (arena): starts and lw, */
    void *buf2;      /* hs, sk and hl */
    uint32_t *lw;    /* the words written in lower case (lower_word) */
    size_t nlw;
    uint64_t *words4, *lower4; /* bits of the tokens (scan_tokens), after lw */
    uint32_t *dem;   /* the capitalised words that are demonyms (demonym_cc), after lw */
    size_t ndem;
    /* words that has_lower may be asked about (the norms of starts whose
     * first part is a place key), hashed, and whether each is also written
     * in lower case: filled at the first question */
    struct gz_q {
        uint64_t h; /* word_id, 0 empty */
        bool lower;
    } *q;
    size_t q_cap;
    bool q_scanned;
    uint8_t *np;     /* per token: notplaces entry there (GZ_NP_*), 0 = not looked up */
    bool np_table;   /* gz_np answers for lx */
    uint32_t tc_sent; /* the sentence whose title case tc_val tells, UINT32_MAX none */
    bool tc_val;
    uint32_t lead_end; /* sentences before this index are the lead */
    struct {
        gz_mention *items; /* in the arena */
        size_t len, cap;
    } ms;
    gz_weight cw[32];
    size_t ncw;
    bool cw_fixed;         /* the weights are final (after context()): */
    float cw_sum, cw_max;  /* their sum and largest, summed in order */
    char cw_last[2];       /* the country weight_of told last (candidates */
    float cw_last_share;   /* of a name are often of one country), its share */
    SR_VEC(uint16_t) admin_ctx; /* admin1 indices the article names */
} gz_ctx;

/* gz_ctx.hl: the length of a start's first key part, and whether the part
 * is the word without its final "s" (a possessive whose apostrophe the text
 * lost: "Syrias", "Aleppos") */
enum { GZ_HL_LEN = 0x0FFF, GZ_HL_POSS = 0x8000,
       /* in prepare_starts only: the start cache is to learn the word's answer, */
       GZ_HL_LEARN = 0x4000,
       /* and the word is a capitalised demonym (gz_ctx.dem) */
       GZ_HL_DEM = 0x2000 };

static inline const sr_token *tok(const sr_annot *a, size_t i) { return &a->toks.items[i]; }

/* Is the NUL-terminated w exactly the short string s (strcmp == 0)? */
static inline bool str_is(const char *w, const char *s)
{
    size_t k = 0;
    for (; s[k]; k++)
        if (w[k] != s[k])
            return false;
    return w[k] == '\0';
}

static inline bool tok_norm_is(const sr_annot *a, size_t i, const char *s)
{
    return i < a->toks.len && str_is(sr_tok_norm(a, i), s);
}

/* ---- the word lists of the stage, as bits of one table ---- */

enum {
    GZ_W_CUE = 1,      /* cue_words */
    GZ_W_ADMIN1 = 2,   /* admin1_words */
    GZ_W_ADMIN2 = 4,   /* admin2_words */
    GZ_W_CITY = 8,     /* city_words */
    GZ_W_NOUN = 16,    /* place_nouns */
    GZ_W_DIR = 32,     /* direction_words */
    GZ_W_SEP = 64,     /* what makes a qualifier: ",", "in", "near", "of", "outside" */
    GZ_W_TALKS = 128,  /* talks_words */
    GZ_W_SIDE = 256    /* side_words */
};

static const char *const cue_words[] = {"in", "near", "outside", "around", "at", "from", "into",
                                        "towards", "toward", "across", "inside", "within", "to",
                                        "between", "nearby", "of"};
static const char *const admin1_words[] = {"province", "governorate", "state", "region", "countryside",
                                           "provinces", "governorates", "prefecture", "oblast"};
static const char *const admin2_words[] = {"district", "county", "lga", "municipality", "subdistrict"};
static const char *const city_words[] = {"city", "town", "village", "neighbourhood", "neighborhood",
                                         "district", "suburb", "camp", "prison"};
/* Capitalised nouns that follow a place name in names of things there:
 * "Aleppo Road", "Damascus University", "Kuweires Air Base". */
static const char *const place_nouns[] = {
    "road", "street", "highway", "university", "airport", "airbase", "air", "base", "hospital",
    "prison", "province", "governorate", "district", "city", "countryside", "square", "bridge", "dam",
    "mountains", "mountain", "river", "valley", "plain", "plains", "camp", "crossing", "gate", "mosque",
    "council", "stadium", "suburbs", "desert", "lake", "region", "state", "county", "central", "old",
    "municipality", "neighbourhood", "neighborhood", "village", "town", "front", "pocket", "enclave",
    "military", "airfield", "port", "harbour", "harbor", "border", "checkpoint", "station", "junction",
    "citadel", "canal", "island", "islands", "bay", "gulf", "sea", "governor", "police", "media",
    "power", "plant", "school", "church", "market", "factory", "refinery", "field"};
static const char *const direction_words[] = {"northern", "southern", "eastern", "western", "central",
                                              "north", "south", "east", "west", "rural", "northeastern",
                                              "northwestern", "southeastern", "southwestern", "the",
                                              "north-eastern", "north-western", "south-eastern",
                                              "south-western", "province", "governorate", "city", "town"};
static const char *const sep_words[] = {",", "in", "near", "of", "outside"};
/* Words of diplomacy, bases and statements: a place next to them is a venue,
 * not where harm is done ("talks in Geneva", "the UK-based Observatory",
 * "said in Ankara"). */
static const char *const talks_words[] = {
    "talks", "negotiations", "negotiators", "conference", "summit", "meeting", "meetings", "met",
    "visit", "visited", "visiting", "hosted", "hosting", "embassy", "ambassador", "diplomats",
    "diplomatic", "exile", "based", "headquartered", "peace", "envoy", "ministers", "resolution",
    "said", "says", "told", "announced", "statement", "reporters", "press"};
/* Words before a country or capital named as a government or side
 * ("backed by Ankara", "accused Damascus"): actors(). */
static const char *const side_words[] = {
    "by", "accused", "accuses", "accusing", "blamed", "blames", "blaming", "urged", "urges",
    "pressed", "warned", "warns", "condemned", "criticised", "criticized", "prompted", "backed",
    "supported", "supports", "sanctioned", "between", "prompting", "urging", "pressing", "forcing",
    "allowing"};

#define GZ_WORDS_CAP 512 /* a power of two, over twice the words */
#define GZ_WORD_MAX 16   /* longer than every word of the lists */
/* Keyed by the lexicon's hash of a word (sr_lex_token_hash), which the
 * segment stage has computed for every token (a->tokhash): a token is
 * looked up without hashing it again, and most are rejected by one bit of
 * gz_words_pre. */
static struct {
    uint64_t h;
    uint64_t w[2]; /* the word, zeros after it */
    uint8_t n;
    uint16_t bits;
} gz_words[GZ_WORDS_CAP];
static uint64_t gz_words_pre[64]; /* a bit for each word's hash (hash_bit) */
static uint64_t gz_talks_pre[64]; /* the same for talks_words alone */
static uint64_t gz_al_hash;       /* word_hash("al"): key_part's article */
static pthread_once_t gz_words_once = PTHREAD_ONCE_INIT;

/* A bit of 4096 for a word's lexicon hash (its top bits: the tables probe
 * with the low ones). */
static inline unsigned hash_bit(uint64_t h) { return (unsigned)(h >> 52); }

static void gz_words_add(const char *const *set, size_t n, uint16_t bit)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(set[i]);
        uint64_t h = sr_lex_token_hash(set[i], len, len);
        size_t at = (size_t)h & (GZ_WORDS_CAP - 1);
        while (gz_words[at].h && gz_words[at].h != h)
            at = (at + 1) & (GZ_WORDS_CAP - 1);
        gz_words[at].h = h;
        memcpy(gz_words[at].w, set[i], len); /* len < GZ_WORD_MAX */
        gz_words[at].n = (uint8_t)len;
        gz_words[at].bits |= bit;
        unsigned b = hash_bit(h);
        gz_words_pre[b / 64] |= 1ull << (b % 64);
    }
}

static void gz_words_init(void)
{
    gz_al_hash = word_hash("al", 2);
    gz_words_add(cue_words, SR_ARRAY_LEN(cue_words), GZ_W_CUE);
    gz_words_add(admin1_words, SR_ARRAY_LEN(admin1_words), GZ_W_ADMIN1);
    gz_words_add(admin2_words, SR_ARRAY_LEN(admin2_words), GZ_W_ADMIN2);
    gz_words_add(city_words, SR_ARRAY_LEN(city_words), GZ_W_CITY);
    gz_words_add(place_nouns, SR_ARRAY_LEN(place_nouns), GZ_W_NOUN);
    gz_words_add(direction_words, SR_ARRAY_LEN(direction_words), GZ_W_DIR);
    gz_words_add(sep_words, SR_ARRAY_LEN(sep_words), GZ_W_SEP);
    gz_words_add(talks_words, SR_ARRAY_LEN(talks_words), GZ_W_TALKS);
    gz_words_add(side_words, SR_ARRAY_LEN(side_words), GZ_W_SIDE);
    for (size_t i = 0; i < SR_ARRAY_LEN(talks_words); i++) {
        size_t len = strlen(talks_words[i]);
        unsigned b = hash_bit(sr_lex_token_hash(talks_words[i], len, len));
        gz_talks_pre[b / 64] |= 1ull << (b % 64);
    }
}

/* Per length n of a word under 16 bytes: the bits of the bytes past it in
 * two 8-byte words (word_bits_probe, part_hash). */
static const uint64_t gz_past[16][2] = {
#define GZ_PAST(n) {(n) >= 8 ? 0 : ~0ull << (8 * ((n) & 7)), (n) <= 8 ? ~0ull : ~0ull << (8 * (((n) - 8) & 7))}
    GZ_PAST(0), GZ_PAST(1), GZ_PAST(2), GZ_PAST(3), GZ_PAST(4), GZ_PAST(5), GZ_PAST(6), GZ_PAST(7),
    GZ_PAST(8), GZ_PAST(9), GZ_PAST(10), GZ_PAST(11), GZ_PAST(12), GZ_PAST(13), GZ_PAST(14), GZ_PAST(15)
#undef GZ_PAST
};

/* word_bits_h past its filter. The word, a folded form of a's norms, is
 * compared in two 8-byte loads when the buffer has 16 bytes from it. */
static __attribute__((noinline)) unsigned word_bits_probe(const sr_annot *a, uint64_t h, const char *w, size_t n)
{
    if (!h || n >= GZ_WORD_MAX)
        return 0;
    for (size_t at = (size_t)h & (GZ_WORDS_CAP - 1); gz_words[at].h; at = (at + 1) & (GZ_WORDS_CAP - 1))
        if (gz_words[at].h == h && gz_words[at].n == n) {
            const uint64_t *x = gz_words[at].w;
            if (SR_LIKELY((size_t)(a->norm.data + a->norm.cap - w) >= 16)) {
                uint64_t y0, y1;
                memcpy(&y0, w, 8);
                memcpy(&y1, w + 8, 8);
                return (((y0 ^ x[0]) & ~gz_past[n][0]) | ((y1 ^ x[1]) & ~gz_past[n][1])) ? 0 : gz_words[at].bits;
            }
            return memcmp(x, w, n) ? 0 : gz_words[at].bits;
        }
    return 0;
}

/* The lists (GZ_W_*) that the word w[0,n) of a's norms is in, h being its
 * sr_lex_token_hash (0: empty or several words, in no list). Most words are
 * in none, which one bit of gz_words_pre tells. */
static inline unsigned word_bits_h(const sr_annot *a, uint64_t h, const char *w, size_t n)
{
    unsigned b = hash_bit(h);
    if (SR_LIKELY(!(gz_words_pre[b / 64] & (1ull << (b % 64)))))
        return 0;
    return word_bits_probe(a, h, w, n);
}

/* The lexicon's hash of token i's folded form (sr_lex_token_hash): the one
 * the segment stage computed (a->tokhash), or computed here without it. */
static inline uint64_t tok_hash(const sr_annot *a, size_t i)
{
    if (SR_LIKELY(a->tokhash != NULL))
        return a->tokhash[i];
    const sr_token *t = tok(a, i);
    return sr_lex_token_hash(a->norm.data + t->norm, t->norm_len, a->norm.cap - t->norm);
}

/* The lists (GZ_W_*) that token i is in. A word's folded form holds no NUL,
 * nor does punctuation of one byte that is no NUL: the form is norm_len
 * bytes and its hash is the segment stage's. Other tokens are looked up as
 * the string up to their first NUL (numbers and symbols: in no list). */
static inline __attribute__((always_inline)) unsigned tok_bits(const sr_annot *a, size_t i)
{
    const sr_token *t = tok(a, i);
    const char *w = sr_tok_norm(a, i);
    if (SR_LIKELY(t->kind == SR_TOK_WORD || (t->norm_len == 1 && w[0])))
        return word_bits_h(a, tok_hash(a, i), w, t->norm_len);
    size_t n = strnlen(w, GZ_WORD_MAX);
    return word_bits_h(a, sr_lex_token_hash(w, n, n), w, n);
}

/* Is word token i one of talks_words? Asked of every word next to a place
 * (sr_gaz_context_country): a filter of those words alone rejects most. */
static inline bool talks_word(const sr_annot *a, size_t i)
{
    uint64_t h = tok_hash(a, i);
    unsigned b = hash_bit(h);
    if (SR_LIKELY(!(gz_talks_pre[b / 64] & (1ull << (b % 64)))))
        return false;
    return (word_bits_probe(a, h, sr_tok_norm(a, i), tok(a, i)->norm_len) & GZ_W_TALKS) != 0;
}

/* ---- words written in lower case ---- */

/* A word of token i to compare with others: its lexicon hash, or for a
 * folded form of several words (hash 0) the stage's hash of it. */
static inline uint64_t word_id(const sr_annot *a, size_t i)
{
    uint64_t h = tok_hash(a, i);
    if (SR_LIKELY(h != 0))
        return h;
    const sr_token *t = tok(a, i);
    return gz_hash(sr_tok_norm(a, i), t->norm_len) | 1;
}

/* A word written in lower case, of three bytes or more: what "also written
 * in lower case" looks for. */
static inline bool lower_word(const sr_token *t)
{
    return t->kind == SR_TOK_WORD && !(t->flags & (SR_TF_CAP | SR_TF_ALLCAPS)) && t->norm_len >= 3;
}

static inline bool is_word(const sr_annot *a, size_t i)
{
    return i < a->toks.len && tok(a, i)->kind == SR_TOK_WORD && tok(a, i)->norm_len > 0;
}

static inline bool is_cap(const sr_annot *a, size_t i)
{
    return is_word(a, i) && (tok(a, i)->flags & (SR_TF_CAP | SR_TF_ALLCAPS));
}

/* Writes the token's norm as a key part to out: dots dropped, an article
 * joined by a hyphen to the next word written "al". Returns its length, 0
 * when empty or not under GZ_MAX_KEY - 1 bytes; *spaced tells whether it
 * holds a space (other punctuation). */
static inline size_t key_part(const sr_annot *a, size_t i, char *out, bool *spaced)
{
    *spaced = false;
    const sr_token *t = tok(a, i);
    const char *w = a->norm.data + t->norm;
    size_t n = t->norm_len;
    if (n <= 3 && i + 1 < a->toks.len && (tok(a, i + 1)->flags & SR_TF_HYPHEN) && is_article(w, n)) {
        out[0] = 'a', out[1] = 'l';
        return 2;
    }
    /* most words are lower-case letters: copied eight bytes at a time (out
     * has room for 7 bytes more) when whole words of the norm can be read */
    if (n < GZ_MAX_KEY && w + ((n + 7) & ~(size_t)7) <= a->norm.data + a->norm.len) {
        uint64_t bad = 0;
        for (size_t k = 0; k < n; k += 8) {
            uint64_t x;
            memcpy(&x, w + k, 8);
            memcpy(out + k, &x, 8);
            uint64_t l = x & 0x7F7F7F7F7F7F7F7Full;
            uint64_t good = x | ((l + 0x1F1F1F1F1F1F1F1Full) & ~(l + 0x0505050505050505ull));
            if (n - k < 8)
                good |= ~0ull << (8 * (n - k));
            bad |= ~good & 0x8080808080808080ull;
        }
        if (!bad)
            return n;
    }
    size_t o = 0, sp = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)w[k];
        if (ch == '.')
            continue;
        if (ch < 0x80 && !sr_isalnum(ch)) {
            ch = ' ';
            if (sp == SIZE_MAX)
                sp = o;
        }
        if (o + 1 >= GZ_MAX_KEY)
            return 0;
        out[o++] = (char)ch;
    }
    while (o && out[o - 1] == ' ')
        o--;
    *spaced = sp < o;
    return o;
}

/* Does key_part write the folded form w[0,n) as it is: is every byte a
 * lower-case ASCII letter or a byte of a multi-byte character? Eight bytes
 * at a time when the buffer has room (avail bytes readable from w). */
static inline bool plain_part(const char *w, size_t n, size_t avail)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t bad = 0;
    if (((n + 7) & ~(size_t)7) > avail) {
        for (size_t k = 0; k < n; k++) {
            unsigned char ch = (unsigned char)w[k];
            bad |= ch < 0x80 && (ch < 'a' || ch > 'z');
        }
        return !bad;
    }
    for (size_t k = 0; k < n; k += 8) {
        uint64_t x;
        memcpy(&x, w + k, 8);
        uint64_t l = x & lo7; /* a byte is good when >= 0x80 or in 'a'..'z' */
        uint64_t good = x | ((l + 0x1F1F1F1F1F1F1F1Full) & ~(l + 0x0505050505050505ull));
        if (n - k < 8)
            good |= ~0ull << (8 * (n - k)); /* the bytes past the end */
        bad |= ~good & 0x8080808080808080ull;
    }
    return !bad;
}

/* part_hash_any for a token whose part is not its folded form as it is
 * (dots dropped, punctuation as spaces): apart, as its buffer would make
 * every call of part_hash_any set up a frame of its size. */
static __attribute__((noinline)) bool part_hash_spelled(const sr_annot *a, size_t j, uint64_t h, uint64_t *out,
                                                         size_t *pn, bool *spaced)
{
    char part[GZ_MAX_KEY + 8];
    *pn = key_part(a, j, part, spaced);
    if (!*pn)
        return false;
    *out = key_hash_from(h, part, *pn);
    return true;
}

/* part_hash for any token (see there). */
static __attribute__((noinline)) bool part_hash_any(const sr_annot *a, size_t j, uint64_t h, uint64_t *out,
                                                     size_t *pn, bool *spaced)
{
    const sr_token *t = tok(a, j);
    const char *w = a->norm.data + t->norm;
    size_t n = t->norm_len;
    *spaced = false;
    bool article = n <= 3 && j + 1 < a->toks.len && (tok(a, j + 1)->flags & SR_TF_HYPHEN) && is_article(w, n);
    if (article) { /* key_part's "al" */
        *out = key_next(h, gz_al_hash);
        *pn = 2;
        return true;
    }
    if (n < GZ_MAX_KEY && plain_part(w, n, a->norm.cap - t->norm)) {
        /* the norm as it is: one word, whose hash the segment stage took */
        *out = key_next(h, tok_hash(a, j));
        *pn = n;
        return true;
    }
    return part_hash_spelled(a, j, h, out, pn, spaced);
}

/* The key part of token j continuing a key whose hash is h (GZ_KEY_SEED
 * for the first part): the key's hash through *out, the part's length
 * through *pn, and whether it holds a space (other punctuation) through
 * *spaced. False when the token gives no part. Most tokens asked are words
 * of up to fifteen lower-case letters that need no article ("al") before a
 * hyphen: their part is their folded form, tested in two 8-byte loads, and
 * the key's hash grows by the hash the segment stage took. Which tokens are
 * such cannot be predicted: the tests are one expression. */
static inline __attribute__((always_inline)) bool part_hash(const sr_annot *a, size_t j, uint64_t h, uint64_t *out, size_t *pn, bool *spaced)
{
    const sr_token *t = tok(a, j);
    size_t n = t->norm_len, nx = j + 1 < a->toks.len ? j + 1 : j;
    bool joined = (n <= 3) & (nx != j) & ((tok(a, nx)->flags & SR_TF_HYPHEN) != 0);
    if (SR_LIKELY((n - 1 < 15) & (a->norm.cap - t->norm >= 16) & !joined)) {
        uint64_t x0, x1;
        memcpy(&x0, a->norm.data + t->norm, 8);
        memcpy(&x1, a->norm.data + t->norm + 8, 8);
        /* a byte is good when >= 0x80 or in 'a'..'z' */
        uint64_t l0 = x0 & 0x7F7F7F7F7F7F7F7Full, l1 = x1 & 0x7F7F7F7F7F7F7F7Full;
        uint64_t good0 = x0 | ((l0 + 0x1F1F1F1F1F1F1F1Full) & ~(l0 + 0x0505050505050505ull)) | gz_past[n][0];
        uint64_t good1 = x1 | ((l1 + 0x1F1F1F1F1F1F1F1Full) & ~(l1 + 0x0505050505050505ull)) | gz_past[n][1];
        if (SR_LIKELY(!(~(good0 & good1) & 0x8080808080808080ull))) {
            *spaced = false;
            *out = key_next(h, tok_hash(a, j));
            *pn = n;
            return true;
        }
    }
    return part_hash_any(a, j, h, out, pn, spaced);
}

/* The words after a key's first part: from token j on, while they are words
 * of i's sentence on its line, the key whose hash is h (klen bytes; prev
 * its flags and filter of longer keys, GZ_KF_PREFIX) grows a word at a
 * time. The longest key that names places is copied to *best and its
 * length in tokens returned (0: none longer than the first part). */
static size_t longer_key(gz_ctx *c, size_t i, uint64_t h, size_t klen, gz_key prev, gz_key *best)
{
    const sr_annot *a = c->a;
    const sr_gazetteer *g = c->g;
    const sr_token *toks = a->toks.items;
    size_t blen = 0, pn;
    uint32_t sent = toks[i].sent;
    size_t jend = a->toks.len < i + GZ_MAX_TOKENS ? a->toks.len : i + GZ_MAX_TOKENS;
    for (size_t j = i + 1; j < jend; j++) {
        const sr_token *t = &toks[j];
        if (t->kind != SR_TOK_WORD || t->norm_len == 0 || t->sent != sent || (t->flags & SR_TF_NEWLINE))
            break;
        bool spaced;
        if (!part_hash(a, j, h, &h, &pn, &spaced) || klen + 1 + pn > GZ_MAX_KEY)
            break;
        klen += 1 + pn;
        /* no longer key is the key and this word: no lookup */
        if (!spaced && !next_maybe(g, &prev, h))
            break;
        gz_key k;
        if (!key_lookup(g, h, 0, &k))
            break;
        if ((k.flags & GZ_KF_PLACES) &&
            ((t->flags & (SR_TF_CAP | SR_TF_ALLCAPS)) || (k.flags & GZ_KF_LOWERTAIL))) {
            *best = k;
            blen = j - i + 1;
        }
        if (!(k.flags & GZ_KF_PREFIX))
            break;
        prev = k;
    }
    return blen;
}

/* The longest key at start si (prepare_starts), whose first part is a key
 * that longer ones extend (GZ_KF_PREFIX): its length in tokens, and a copy
 * of the key through *best when there is one. */
static size_t longest_key_at(gz_ctx *c, size_t si, gz_key *best)
{
    gz_key k = c->sk[si];
    size_t blen = 0;
    if (k.flags & GZ_KF_PLACES) {
        *best = k;
        blen = 1;
    }
    size_t longer = longer_key(c, c->starts[si], c->hs[si], c->hl[si] & GZ_HL_LEN, k, best);
    return longer ? longer : blen;
}

/* The longest key at token i: returns its length in tokens, and a copy
 * of the key through *best when there is one. */
static size_t longest_key(gz_ctx *c, size_t i, gz_key *best)
{
    const sr_annot *a = c->a;
    const sr_token *t = tok(a, i);
    uint64_t h;
    size_t pn;
    bool spaced;
    gz_key k;
    if (t->kind != SR_TOK_WORD || t->norm_len == 0 || !part_hash(a, i, GZ_KEY_SEED, &h, &pn, &spaced) ||
        !key_lookup(c->g, h, 1, &k))
        return 0;
    size_t blen = 0;
    if (k.flags & GZ_KF_PLACES) {
        *best = k;
        blen = 1;
    }
    if (!(k.flags & GZ_KF_PREFIX))
        return blen;
    size_t longer = longer_key(c, i, h, pn, k, best);
    return longer ? longer : blen;
}

/* ---- data/notplaces.txt ---- */

/* gz_ctx.np: bit 7 looked up, bits 5-6 the role, bits 0-4 the length. */
enum { GZ_NP_DONE = 0x80, GZ_NP_TITLE = 0x20, GZ_NP_VERB = 0x40, GZ_NP_LEN = 0x1F };

/* data/notplaces.txt as the lexicon's matcher walks it (lexicon.c:
 * lx_walk), in a table of its own: each entry's folded phrase and its
 * prefixes at spaces, each known by its key_hash (the hash of its words,
 * which the text side takes from the tokens' hashes), flagged as an entry
 * (with its role, and its phrase when it asks for exact case) and as the
 * prefix of a longer entry. Most tokens start no entry (a bit of gz_np.pre
 * rejects them); the rest are walked here,
 * away from the lexicon's big shared table. Built once from the first
 * lexicon given: every sr_lexicon holds the same embedded data (a lexicon
 * with another count of entries, or a table that overflows, falls back to
 * sr_lex_longest). */
#define GZ_NPT_CAP 2048  /* a power of two */
#define GZ_NPT_POOL 32768
#define GZ_NPT_MAX_KEY 512 /* lexicon.c LX_MAX_KEY */
enum { GZ_NPT_ENTRY = 1, GZ_NPT_PREFIX = 2, GZ_NPT_EXACT = 4 }; /* | GZ_NP_TITLE, GZ_NP_VERB */
typedef struct gz_npent {
    uint64_t h;      /* key_hash of the folded string */
    uint32_t phrase; /* GZ_NPT_EXACT: offset of the phrase as written in pool */
    uint16_t len;    /* of the folded string */
    uint8_t state;   /* 0: empty slot */
    uint8_t ntok;    /* an entry's length in tokens (sr_lex_entry.ntok) */
} gz_npent;
static struct {
    atomic_int ready; /* 0 not built, 1 built, -1 too big */
    size_t count;     /* notplaces entries */
    gz_npent tab[GZ_NPT_CAP];
    size_t used, pool_used;
    uint64_t pre[64]; /* hash_bit of each string's hash */
    /* hash_bit of the word hash of the last word of every title and of the
     * first word of every speech verb: a title can end, a verb begin, only
     * at a token whose bit is set (title_before, speech_after) */
    uint64_t title_last[64], verb_first[64];
    uint64_t first[64]; /* the same of the first word of every entry */
    char pool[GZ_NPT_POOL];
} gz_np;
static pthread_mutex_t gz_np_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t npt_str(const char *w, size_t n)
{
    if (gz_np.pool_used + n + 1 > GZ_NPT_POOL)
        return UINT32_MAX;
    memcpy(gz_np.pool + gz_np.pool_used, w, n);
    gz_np.pool[gz_np.pool_used + n] = '\0';
    uint32_t off = (uint32_t)gz_np.pool_used;
    gz_np.pool_used += n + 1;
    return off;
}

/* The string of n bytes whose key_hash is h: the text side hashes token
 * after token (np_next), as the string joins their folded forms. */
static const gz_npent *npt_find(uint64_t h, size_t n)
{
    for (size_t at = (size_t)h & (GZ_NPT_CAP - 1); gz_np.tab[at].state; at = (at + 1) & (GZ_NPT_CAP - 1))
        if (gz_np.tab[at].h == h && gz_np.tab[at].len == n)
            return &gz_np.tab[at];
    return NULL;
}

static bool npt_add(const char *w, size_t n, const sr_lex_entry *e)
{
    uint64_t h = key_hash(w, n);
    size_t at = (size_t)h & (GZ_NPT_CAP - 1);
    for (; gz_np.tab[at].state; at = (at + 1) & (GZ_NPT_CAP - 1))
        if (gz_np.tab[at].h == h && gz_np.tab[at].len == n)
            break;
    gz_npent *t = &gz_np.tab[at];
    if (!t->state) {
        if ((gz_np.used + 1) * 2 > GZ_NPT_CAP || n > UINT16_MAX)
            return false;
        unsigned b = hash_bit(h);
        gz_np.pre[b / 64] |= 1ull << (b % 64);
        t->h = h;
        t->len = (uint16_t)n;
        gz_np.used++;
    }
    if (!e) {
        t->state |= GZ_NPT_PREFIX;
        return true;
    }
    const char *r = sr_lex_attr(e, "role");
    t->state |= (uint8_t)(GZ_NPT_ENTRY | (r && !strcmp(r, "title") ? GZ_NP_TITLE : r && !strcmp(r, "verb") ? GZ_NP_VERB : 0));
    t->ntok = (uint8_t)(e->ntok < GZ_NP_LEN ? e->ntok : GZ_NP_LEN);
    if (e->exact_case) {
        t->state |= GZ_NPT_EXACT;
        if ((t->phrase = npt_str(e->phrase, strlen(e->phrase))) == UINT32_MAX)
            return false;
    }
    return e->ntok < GZ_NP_LEN;
}

static void npt_build(const sr_lexicon *lx)
{
    if (atomic_load_explicit(&gz_np.ready, memory_order_acquire))
        return;
    pthread_mutex_lock(&gz_np_lock);
    if (!atomic_load_explicit(&gz_np.ready, memory_order_relaxed)) {
        size_t n = sr_lex_count(lx, SR_LEX_NOTPLACES);
        bool ok = true;
        for (size_t i = 0; ok && i < n; i++) {
            const sr_lex_entry *e = sr_lex_get(lx, SR_LEX_NOTPLACES, i);
            const char *w = e->norm;
            size_t k = 0;
            for (; ok && w[k]; k++)
                if (w[k] == ' ')
                    ok = npt_add(w, k, NULL);
            ok = ok && k < GZ_NPT_MAX_KEY && npt_add(w, k, e);
            size_t w1 = 0;
            while (w1 < k && w[w1] != ' ')
                w1++;
            unsigned b1 = hash_bit(word_hash(w, w1));
            gz_np.first[b1 / 64] |= 1ull << (b1 % 64);
            const char *r = sr_lex_attr(e, "role");
            if (ok && r && (!strcmp(r, "title") || !strcmp(r, "verb"))) {
                bool title = r[0] == 't';
                size_t from = 0, to = k; /* the last word, or the first */
                if (title) {
                    for (size_t q = 0; q < k; q++)
                        if (w[q] == ' ')
                            from = q + 1;
                } else {
                    for (to = 0; to < k && w[to] != ' '; to++) {}
                }
                unsigned b = hash_bit(word_hash(w + from, to - from));
                (title ? gz_np.title_last : gz_np.verb_first)[b / 64] |= 1ull << (b % 64);
            }
        }
        gz_np.count = n;
        atomic_store_explicit(&gz_np.ready, ok ? 1 : -1, memory_order_release);
    }
    pthread_mutex_unlock(&gz_np_lock);
}

/* The key_hash of a string grown by a space and token j's folded form
 * (non-empty), h being the string's: the token's word hash, or its words'
 * when the form holds spaces. */
static inline uint64_t np_next(const sr_annot *a, size_t j, uint64_t h)
{
    uint64_t wh = tok_hash(a, j);
    if (SR_LIKELY(wh != 0))
        return key_next(h, wh);
    return key_hash_from(h, sr_tok_norm(a, j), tok(a, j)->norm_len);
}

/* The longest notplaces entry at token i (sr_lex_longest's answer), first
 * being the entry or prefix of token i alone: its length in tokens through
 * the return, its state (role) through *state. The walk joins the tokens'
 * folded forms with spaces, as the lexicon's does, by their hashes. */
static size_t npt_walk(const sr_annot *a, size_t i, const gz_npent *first, uint64_t h, uint8_t *state)
{
    size_t klen = tok(a, i)->norm_len, best = 0;
    uint32_t sent = tok(a, i)->sent;
    *state = 0;
    if (klen + 1 >= GZ_NPT_MAX_KEY)
        return 0; /* as long as the lexicon's keys may be */
    for (size_t j = i; j < a->toks.len; j++) {
        const sr_token *t = tok(a, j);
        const gz_npent *e = first;
        if (j > i) {
            if (t->sent != sent || t->norm_len == 0 || klen + 1 + t->norm_len >= GZ_NPT_MAX_KEY)
                break;
            klen += 1 + t->norm_len;
            h = np_next(a, j, h);
            e = npt_find(h, klen);
        }
        if (!e)
            break;
        if ((e->state & GZ_NPT_ENTRY) && (!(e->state & GZ_NPT_EXACT) || sr_lex_case_matches(a, i, gz_np.pool + e->phrase, e->ntok))) {
            best = e->ntok;
            *state = e->state;
        }
        if (!(e->state & GZ_NPT_PREFIX))
            break;
    }
    return best;
}

/* c->np[i] of notplace_at, looked up. */
static __attribute__((noinline)) uint8_t notplace_lookup(gz_ctx *c, size_t i)
{
    const sr_token *t = tok(c->a, i);
    uint8_t v = GZ_NP_DONE;
    if (c->np_table) {
        const gz_npent *e = NULL;
        uint64_t h = 0;
        if (t->norm_len && t->norm_len < GZ_NPT_MAX_KEY) {
            h = np_next(c->a, i, GZ_KEY_SEED);
            unsigned b = hash_bit(h);
            if (gz_np.pre[b / 64] & (1ull << (b % 64)))
                e = npt_find(h, t->norm_len);
        }
        if (e && !(e->state & (GZ_NPT_PREFIX | GZ_NPT_EXACT))) { /* a whole entry, no longer one */
            v |= (uint8_t)(e->ntok | (e->state & (GZ_NP_TITLE | GZ_NP_VERB)));
        } else if (e) {
            uint8_t st;
            size_t n = npt_walk(c->a, i, e, h, &st);
            v |= (uint8_t)(n | (n ? st & (GZ_NP_TITLE | GZ_NP_VERB) : 0));
        }
    } else {
        const sr_lex_entry *e = NULL;
        size_t n = sr_lex_longest(c->lx, c->a, i, SR_LEX_NOTPLACES, &e);
        if (n && e) {
            const char *r = sr_lex_attr(e, "role");
            if (r && !strcmp(r, "title"))
                v |= GZ_NP_TITLE;
            else if (r && !strcmp(r, "verb"))
                v |= GZ_NP_VERB;
        }
        v |= (uint8_t)(n < GZ_NP_LEN ? n : GZ_NP_LEN);
    }
    return c->np[i] = v;
}

/* May an entry of data/notplaces.txt (bits: gz_np.first) begin at token i,
 * a title end there, a speech verb begin? False only when the table is
 * gz_np and the token, one word, is no such word (most tokens next to a
 * name are none). */
static inline bool np_may(const gz_ctx *c, size_t i, const uint64_t *bits)
{
    if (!c->np_table)
        return true;
    uint64_t h = tok_hash(c->a, i);
    unsigned b = hash_bit(h);
    return !h || (bits[b / 64] & (1ull << (b % 64)));
}
static inline bool np_may_end_title(const gz_ctx *c, size_t i) { return np_may(c, i, gz_np.title_last); }
static inline bool np_may_start_verb(const gz_ctx *c, size_t i) { return np_may(c, i, gz_np.verb_first); }

/* The notplaces entry at token i: its length in tokens (0 none), and
 * through *role whether it is a title or speech verb (GZ_NP_TITLE,
 * GZ_NP_VERB, 0 another). Looked up once per token, then read. */
static inline size_t notplace_at(gz_ctx *c, size_t i, unsigned *role)
{
    *role = 0;
    if (!c->lx || i >= c->a->toks.len)
        return 0;
    uint8_t v = c->np[i];
    if (!v)
        v = np_may(c, i, gz_np.first) ? notplace_lookup(c, i) : (c->np[i] = GZ_NP_DONE);
    *role = v & (GZ_NP_TITLE | GZ_NP_VERB);
    return v & GZ_NP_LEN;
}

/* Does a title ("President", "Secretary of State") end just before i? */
static bool title_before(gz_ctx *c, size_t i)
{
    /* over up to three capitalised words ("spokesman John Kirby") */
    size_t j = i;
    for (int names = 0; names <= 3 && j > 0; names++) {
        for (size_t k = 1; k <= 4 && k <= j && np_may_end_title(c, j - 1); k++) {
            unsigned role;
            size_t n = notplace_at(c, j - k, &role);
            if (n == k && role == GZ_NP_TITLE)
                return true;
            if (!is_word(c->a, j - k))
                break;
        }
        if (!is_cap(c->a, j - 1) || (tok(c->a, j)->flags & SR_TF_SENT_START))
            break;
        j--;
    }
    return false;
}

static bool speech_after(gz_ctx *c, size_t j)
{
    unsigned role;
    return j < c->a->toks.len && np_may_start_verb(c, j) && notplace_at(c, j, &role) && role == GZ_NP_VERB;
}

/* The set bits of x. */
static inline unsigned bit_count(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* The bits of bm in [from, to) (to > from). */
static unsigned bits_in(const uint64_t *bm, size_t from, size_t to)
{
    size_t wf = from / 64, wt = (to - 1) / 64;
    uint64_t first = bm[wf] & (~0ull << (from % 64));
    uint64_t tail = ~0ull >> (63 - (to - 1) % 64); /* the bits up to to - 1 */
    if (wf == wt)
        return bit_count(first & tail);
    unsigned n = bit_count(first);
    for (size_t w = wf + 1; w < wt; w++)
        n += bit_count(bm[w]);
    return n + bit_count(bm[wt] & tail);
}

/* Title-case or all-capitals sentence: most words capitalised (of its first
 * 40 words of four bytes or more, 70%). Counted on the bits scan_tokens
 * left (c->words4, c->lower4). */
static bool titlecase_sentence(const gz_ctx *c, const sr_sentence *s)
{
    if (s->flags & (SR_SF_HEADING | SR_SF_TITLE))
        return true;
    size_t from = s->tok_start, to = s->tok_end < c->a->toks.len ? s->tok_end : c->a->toks.len;
    if (from >= to)
        return false;
    unsigned words = bits_in(c->words4, from, to);
    if (words > 40) { /* the tokens up to the 40th word */
        unsigned seen = 0;
        for (to = from; seen < 40; to++)
            seen += (c->words4[to / 64] >> (to % 64)) & 1;
        words = 40;
    }
    unsigned lower = bits_in(c->lower4, from, to);
    return words >= 3 && (words - lower) * 10 >= words * 7;
}

/* Is sentence s title case? Asked only where a mention is found. */
static inline bool titlecase(gz_ctx *c, uint32_t s)
{
    if (s != c->tc_sent) {
        c->tc_sent = s;
        c->tc_val = s < c->a->sents.len && titlecase_sentence(c, &c->a->sents.items[s]);
    }
    return c->tc_val;
}

static void weigh(gz_ctx *c, const char cc[2], float w)
{
    if (!cc[0])
        return;
    for (size_t i = 0; i < c->ncw; i++)
        if (c->cw[i].cc[0] == cc[0] && c->cw[i].cc[1] == cc[1]) {
            c->cw[i].w += w;
            return;
        }
    if (c->ncw < SR_ARRAY_LEN(c->cw)) {
        c->cw[c->ncw].cc[0] = cc[0];
        c->cw[c->ncw].cc[1] = cc[1];
        c->cw[c->ncw++].w = w;
    }
}

/* Per thread, zero between documents: the share of each country (ISO
 * letters) in the weights once they are final (weights_fix), and the admin1
 * units the article names (admin_context): read for every candidate. */
static _Thread_local float gz_cw_share[26 * 26];
static _Thread_local uint64_t gz_a1_named[(GZ_NO16 + 1) / 64];

static inline int cc_slot(const char cc[2])
{
    unsigned x = (unsigned char)cc[0] - 'A', y = (unsigned char)cc[1] - 'A';
    return x < 26 && y < 26 ? (int)(x * 26 + y) : -1;
}

static inline bool a1_named(uint16_t a1) { return (gz_a1_named[a1 / 64] >> (a1 % 64)) & 1; }

/* The weights are final: their sum and largest, and each country's share. */
static void weights_fix(gz_ctx *c)
{
    for (size_t i = 0; i < c->ncw; i++) {
        if (c->cw[i].w > c->cw_max)
            c->cw_max = c->cw[i].w;
        c->cw_sum += c->cw[i].w;
    }
    for (size_t i = 0; i < c->ncw; i++) {
        int k = cc_slot(c->cw[i].cc);
        if (k >= 0)
            gz_cw_share[k] = c->cw_sum > 0 ? c->cw[i].w / c->cw_sum : 0;
    }
    c->cw_fixed = true;
}

/* Zeroes what weights_fix and admin_context set for the document. */
static void weights_clear(gz_ctx *c)
{
    if (c->cw_fixed)
        for (size_t i = 0; i < c->ncw; i++) {
            int k = cc_slot(c->cw[i].cc);
            if (k >= 0)
                gz_cw_share[k] = 0;
        }
    for (size_t k = 0; k < c->admin_ctx.len; k++)
        gz_a1_named[c->admin_ctx.items[k] / 64] = 0;
}

/* weight_of past its table. */
static __attribute__((noinline)) float weight_of_any(gz_ctx *c, const char cc[2], float *max)
{
    if (c->cw_fixed) { /* the sums of context(), as computed below */
        if (max)
            *max = c->cw_max;
        int slot = cc_slot(cc);
        if (slot >= 0)
            return gz_cw_share[slot];
        if (c->cw_last[0] == cc[0] && c->cw_last[1] == cc[1] && cc[0])
            return c->cw_last_share;
        float w = 0;
        for (size_t i = 0; i < c->ncw; i++)
            if (c->cw[i].cc[0] == cc[0] && c->cw[i].cc[1] == cc[1])
                w = c->cw[i].w;
        c->cw_last[0] = cc[0];
        c->cw_last[1] = cc[1];
        return c->cw_last_share = c->cw_sum > 0 ? w / c->cw_sum : 0;
    }
    float w = 0, m = 0, sum = 0;
    for (size_t i = 0; i < c->ncw; i++) {
        if (c->cw[i].w > m)
            m = c->cw[i].w;
        sum += c->cw[i].w;
        if (c->cw[i].cc[0] == cc[0] && c->cw[i].cc[1] == cc[1])
            w = c->cw[i].w;
    }
    if (max)
        *max = m;
    return sum > 0 ? w / sum : 0;
}

/* The share of the country cc in the article's country weight (0 when the
 * article has none), the largest weight through *max. Once the weights are
 * final, most are read from gz_cw_share. */
static inline float weight_of(gz_ctx *c, const char cc[2], float *max)
{
    int slot;
    if (SR_LIKELY(c->cw_fixed && !max && (slot = cc_slot(cc)) >= 0))
        return gz_cw_share[slot];
    return weight_of_any(c, cc, max);
}

/* ---- the article's country (sr_gaz_context_country) ---- */

/* Demonyms of data/countries.tsv ("Syrian", "Syrians" -> SY), read once from
 * the embedded file into a small table of their hashes. */
#define GZ_DEM_CAP 2048
static struct {
    uint64_t h;
    char cc[2];
} gz_dem[GZ_DEM_CAP];
/* A bit of 32768 for each demonym (15 top bits of its hash): asked of every
 * capitalised word, it lets few through to the table (4 KB) */
static uint64_t gz_dem_pre[512];
static inline unsigned dem_bit(uint64_t h) { return (unsigned)(h >> 49); }
static pthread_once_t gz_dem_once = PTHREAD_ONCE_INIT;

static void dem_add(const char *w, size_t n, const char cc[2])
{
    uint64_t h = sr_lex_token_hash(w, n, n); /* as the tokens' (tok_hash) */
    if (!h || n >= GZ_WORD_MAX * 2)
        return;
    size_t at = (size_t)h & (GZ_DEM_CAP - 1);
    for (size_t tries = 0; gz_dem[at].h && tries < GZ_DEM_CAP; tries++) {
        if (gz_dem[at].h == h)
            return; /* a demonym of two countries: the first line's */
        at = (at + 1) & (GZ_DEM_CAP - 1);
    }
    if (gz_dem[at].h)
        return;
    gz_dem[at].h = h;
    memcpy(gz_dem[at].cc, cc, 2);
    unsigned b = dem_bit(h);
    gz_dem_pre[b / 64] |= 1ull << (b % 64);
}

static void gz_dem_init(void)
{
    const sr_embedded_file *f = sr_embedded_find("data/countries.tsv");
    if (!f)
        return;
    const char *p = (const char *)f->data, *end = p + f->len;
    sr_buf fb = {0};
    size_t used = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *tabs[4];
        size_t nt = 0;
        for (const char *q = p; q < le && nt < 4; q++)
            if (*q == '\t')
                tabs[nt++] = q;
        if (*p != '#' && nt == 3 && tabs[0] - p == 2) {
            const char *d = tabs[2] + 1;
            while (d < le) { /* '|'-separated one-word demonyms */
                const char *bar = memchr(d, '|', (size_t)(le - d));
                const char *de = bar ? bar : le;
                while (de > d && (de[-1] == '\r' || de[-1] == ' '))
                    de--;
                sr_buf_clear(&fb);
                if (de > d && !memchr(d, ' ', (size_t)(de - d)) && used * 3 < GZ_DEM_CAP &&
                    sr_fold(d, (size_t)(de - d), &fb) == SITREP_OK && fb.len) {
                    dem_add(fb.data, fb.len, p);
                    if (sr_buf_putc(&fb, 's') == SITREP_OK) /* "Syrians" */
                        dem_add(fb.data, fb.len, p);
                    used += 2;
                }
                d = bar ? bar + 1 : le;
            }
        }
        p = nl ? nl + 1 : end;
    }
    sr_buf_free(&fb);
}

/* The country of the demonym whose sr_lex_token_hash is h, or NULL. */
static inline const char *demonym_cc(uint64_t h)
{
    unsigned b = dem_bit(h);
    if (!(gz_dem_pre[b / 64] & (1ull << (b % 64))) || !h)
        return NULL;
    for (size_t at = (size_t)h & (GZ_DEM_CAP - 1); gz_dem[at].h; at = (at + 1) & (GZ_DEM_CAP - 1))
        if (gz_dem[at].h == h)
            return gz_dem[at].cc;
    return NULL;
}

/* The hash of the first key part at token i (as longest_key makes it), or
 * false when there is none. */
static inline bool first_hash(const sr_annot *a, size_t i, uint64_t *h, size_t *pn)
{
    bool spaced;
    return part_hash(a, i, GZ_KEY_SEED, h, pn, &spaced);
}

/* The 32 bits of token j's norm_len, kind and flags. */
static inline uint32_t tok_lkf(const sr_token *toks, size_t j)
{
    uint32_t x;
    memcpy(&x, (const char *)&toks[j] + offsetof(sr_token, norm_len), 4);
    return x;
}

/* One pass over the tokens: the capitalised words and the short words
 * before a hyphen (a superset of the starts of a name) into cand, the words
 * written in lower case (lower_word, for has_lower_tok) into lw, their
 * counts through *ncand and *nlower. Each array has room for ntok + 1. The
 * words of four bytes or more, and those of them in lower case, as bits of
 * words4 and lower4 (zeroed, ntok / 64 + 1 words), for titlecase. */
static void scan_tokens(const sr_token *toks, size_t ntok, uint32_t *cand, uint32_t *lw, size_t *ncand,
                        size_t *nlower, uint64_t *words4, uint64_t *lower4)
{
    size_t nc = 0, nl = 0;
    /* without branches (which of these a token is cannot be predicted):
     * each index is written, and counted when it belongs */
    size_t i = 0;
#if defined(__SSE2__) && defined(__x86_64__)
    /* four tokens at a time, by the 32 bits of norm_len, kind and flags */
    _Static_assert(offsetof(sr_token, kind) == offsetof(sr_token, norm_len) + 2 &&
                       offsetof(sr_token, flags) == offsetof(sr_token, norm_len) + 3 && SR_TOK_WORD == 0,
                   "sr_token layout");
    static const uint32_t lanes[16][4] = { /* the set bits of a 4-bit mask, in order */
        {0}, {0}, {1}, {0, 1}, {2}, {0, 2}, {1, 2}, {0, 1, 2}, {3}, {0, 3}, {1, 3}, {0, 1, 3}, {2, 3},
        {0, 2, 3}, {1, 2, 3}, {0, 1, 2, 3}};
    static const uint8_t nbits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
    const __m128i zero = _mm_setzero_si128();
#define GZ_BITS(x, m) _mm_cmpeq_epi32(_mm_and_si128((x), _mm_set1_epi32((int)(m))), zero) /* all 0: ones */
    /* the bits of words4 and lower4 gather in registers, stored once per 64 tokens */
    uint64_t w4 = 0, l4w = 0;
    for (; i + 5 <= ntok; i += 4) {
        __m128i v = _mm_set_epi32((int)tok_lkf(toks, i + 3), (int)tok_lkf(toks, i + 2),
                                  (int)tok_lkf(toks, i + 1), (int)tok_lkf(toks, i));
        /* the tokens after: v's last three and the next block's first */
        __m128i nx = _mm_or_si128(_mm_srli_si128(v, 4), _mm_slli_si128(_mm_cvtsi32_si128((int)tok_lkf(toks, i + 4)), 12));
        __m128i word = GZ_BITS(v, 0xFFu << 16), nocap = GZ_BITS(v, (SR_TF_CAP | SR_TF_ALLCAPS) << 24),
                noboiler = GZ_BITS(v, (unsigned)SR_TF_BOILER << 24), short3 = GZ_BITS(v, 0xFFFCu),
                len3 = _mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(3)), _mm_set1_epi32(3)),
                nohyphen = GZ_BITS(nx, (unsigned)SR_TF_HYPHEN << 24);
        /* a word, no boilerplate, capitalised or of up to 3 bytes before a hyphen */
        __m128i c4 = _mm_andnot_si128(_mm_and_si128(nocap, _mm_or_si128(nohyphen, _mm_xor_si128(short3, _mm_set1_epi32(-1)))),
                                      _mm_and_si128(word, noboiler));
        /* a word in lower case of 3 bytes or more */
        __m128i l4 = _mm_andnot_si128(_mm_andnot_si128(len3, short3), _mm_and_si128(word, nocap));
        /* a word of four bytes or more, and one in lower case (titlecase) */
        __m128i word4 = _mm_andnot_si128(short3, word);
        w4 |= (uint64_t)_mm_movemask_ps(_mm_castsi128_ps(word4)) << (i % 64);
        l4w |= (uint64_t)_mm_movemask_ps(_mm_castsi128_ps(_mm_and_si128(word4, nocap))) << (i % 64);
        if (i % 64 == 60) {
            words4[i / 64] = w4;
            lower4[i / 64] = l4w;
            w4 = l4w = 0;
        }
        unsigned mc = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(c4)),
                 ml = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(l4));
        __m128i base = _mm_set1_epi32((int)i);
        _mm_storeu_si128((__m128i *)(cand + nc), _mm_add_epi32(base, _mm_loadu_si128((const __m128i *)lanes[mc])));
        nc += nbits[mc];
        _mm_storeu_si128((__m128i *)(lw + nl), _mm_add_epi32(base, _mm_loadu_si128((const __m128i *)lanes[ml])));
        nl += nbits[ml];
    }
#undef GZ_BITS
    if (i % 64) { /* a block of 64 begun */
        words4[i / 64] = w4;
        lower4[i / 64] = l4w;
    }
#endif
    for (; i < ntok; i++) {
        const sr_token *t = &toks[i];
        unsigned f = t->flags, len = t->norm_len;
        unsigned next = i + 1 < ntok ? t[1].flags : 0;
        bool word = t->kind == SR_TOK_WORD, cap = (f & (SR_TF_CAP | SR_TF_ALLCAPS)) != 0,
             boiler = (f & SR_TF_BOILER) != 0;
        cand[nc] = (uint32_t)i; /* a capitalised word, or "al" of "al-Bab" */
        nc += word & !boiler & (cap | ((len <= 3) & ((next & SR_TF_HYPHEN) != 0)));
        lw[nl] = (uint32_t)i;
        nl += word & !cap & (len >= 3);
        words4[i / 64] |= (uint64_t)(word & (len >= 4)) << (i % 64);
        lower4[i / 64] |= (uint64_t)(word & (len >= 4) & !cap) << (i % 64);
    }
    *ncand = nc;
    *nlower = nl;
}

/* Prefetches the places (or postings) of key k, read when its mentions are
 * made: the address chosen without a branch (a key with no places, or out
 * of range, prefetches the first, which costs nothing). */
static inline void prefetch_places(const sr_gazetteer *g, const gz_key *k)
{
    uint32_t p = k->post & GZ_PLACE_MASK, at = k->post;
    const void *inl = &g->places[p < g->h->nplaces ? p : 0], *far = &g->post[at < g->h->npostings ? at : 0];
    __builtin_prefetch((k->flags & GZ_KF_INLINE) ? inl : far);
}

/* The start cache learns that the word whose tokhash is th is a demonym
 * or not (dem), and that its first part is hashed h, with gz_ctx.hl hl, and
 * is the key *key (NULL: the word starts no name). */
static void sc_learn(uint64_t th, bool dem, uint64_t h, uint16_t hl, const gz_key *key)
{
    gz_sc_slot *e = sc_slot(th);
    e->th = th;
    e->h = h;
    e->hl = hl;
    e->dem = dem;
    if (key)
        e->key = *key;
    else
        memset(&e->key, 0, sizeof e->key);
}

/* Starts past the last, each UINT32_MAX: find_mentions reads four starts
 * at once with no test of the end. */
#define GZ_START_PAD 4

/* The possible starts of a name: a capitalised word, or an article joined
 * by a hyphen to one ("al-Bab"); not the second half of a hyphenated word
 * ("pro-Assad", "Kurdish-held") unless after an article or another name.
 *
 * Most capitalised words were met before, and the start cache answers them
 * without a branch on what it answers (demonym or not, a key or none: which
 * cannot be predicted). The index is large and read at random, so the
 * first key part of every other start is looked up after the walk over
 * the text, all together: each is prefetched first (its filter word and
 * slot), then read into the document's cache, prefetching its places. The
 * cache misses overlap. */
static sitrep_status prepare_starts(gz_ctx *c)
{
    const sr_annot *a = c->a;
    const sr_gazetteer *g = c->g;
    size_t ntok = a->toks.len, n = 0;
    /* scratch from the annotation's arena: no zeroing, no call, and the
     * memory of the document before, warm in the cache */
    size_t nbits = ntok / 64 + 1;
    /* cand: room for GZ_START_PAD past the last start (find_mentions);
     * an even count of uint32_t before the words */
    c->buf = sr_arena_alloc_raw(&c->a->arena, (2 * ntok + 6) * sizeof(uint32_t) + 2 * nbits * sizeof(uint64_t));
    if (!c->buf)
        return SITREP_ENOMEM;
    uint32_t *cand = c->buf, *lw = c->lw = c->buf + ntok + GZ_START_PAD;
    c->words4 = (uint64_t *)(c->buf + 2 * ntok + 6);
    c->lower4 = c->words4 + nbits;
    memset(c->words4, 0, 2 * nbits * sizeof(uint64_t));
    size_t nc, nl;
    scan_tokens(a->toks.items, ntok, cand, lw, &nc, &nl, c->words4, c->lower4);
    c->nlw = nl;
    /* per start: its first part's hash and length, and key */
    c->buf2 = sr_arena_alloc_raw(&c->a->arena, (nc + 1) * (sizeof(uint64_t) + sizeof(gz_key) + sizeof(uint32_t) +
                                                           sizeof(uint16_t)));
    if (!c->buf2)
        return SITREP_ENOMEM;
    const sr_token *toks = a->toks.items;
    uint64_t *hs = c->hs = c->buf2;
    gz_key *sk = c->sk = (gz_key *)(hs + nc + 1);
    uint32_t *ask = (uint32_t *)(sk + nc + 1); /* the starts the start cache did not answer */
    uint16_t *hl = c->hl = (uint16_t *)(ask + nc + 1);
    uint32_t *starts = c->starts = cand; /* in place: a start is a candidate */
    uint32_t *dems = c->dem = lw + nl;   /* room: a word in lower case is no demonym */
    size_t nask = 0, nd = 0;
    for (size_t ci = 0; ci < nc; ci++) {
        uint32_t i = cand[ci];
        uint32_t lkf = tok_lkf(toks, i), nlkf = i + 1 < ntok ? tok_lkf(toks, i + 1) : 0;
        unsigned f = lkf >> 24; /* tok_lkf: norm_len, kind, flags */
        /* a short word before a hyphen may be an article ("al-"): its part is "al" */
        bool joined = ((lkf & 0xFFFF) <= 3) & (((nlkf >> 24) & SR_TF_HYPHEN) != 0);
        bool cap = (f & (SR_TF_CAP | SR_TF_ALLCAPS)) != 0;
        uint64_t th = tok_hash(a, i);
        const gz_sc_slot *e = sc_slot(th);
        if (SR_LIKELY(cap & !joined & (th != 0) & (e->th == th))) { /* a word met before */
            dems[nd] = i;
            nd += e->dem;
            if (SR_UNLIKELY(f & SR_TF_HYPHEN) && i > 0 && !is_cap(a, i - 1) &&
                !is_article(sr_tok_norm(a, i - 1), tok(a, i - 1)->norm_len))
                continue;
            /* kept when its first part is a key */
            starts[n] = i;
            hs[n] = e->h;
            hl[n] = e->hl;
            sk[n] = e->key;
            prefetch_places(g, &sk[n]);
            n += sk[n].flags != 0;
            continue;
        }
        const sr_token *t = &toks[i];
        /* the demonyms that sr_gaz_context_country weighs are among these */
        bool dem = t->norm_len < GZ_WORD_MAX * 2 && demonym_cc(th);
        if (cap && dem)
            dems[nd++] = i;
        if (!cap && !(joined && is_cap(a, i + 1) && is_article(sr_tok_norm(a, i), t->norm_len)))
            continue;
        if ((t->flags & SR_TF_HYPHEN) && i > 0 && !is_cap(a, i - 1) &&
            !is_article(sr_tok_norm(a, i - 1), tok(a, i - 1)->norm_len))
            continue;
        /* the start cache learns a capitalised word's answer */
        unsigned learn = cap && !joined && th ? GZ_HL_LEARN : 0;
        uint64_t h = 0;
        size_t pn = 0;
        if (!t->norm_len || !first_hash(a, i, &h, &pn)) {
            if (learn)
                sc_learn(th, dem, 0, 0, NULL);
            continue; /* no key part: the walk would step over it */
        }
        __builtin_prefetch(kc_set(h));
        hs[n] = h;
        hl[n] = (uint16_t)(pn | learn | (dem ? GZ_HL_DEM : 0));
        ask[nask++] = (uint32_t)n;
        starts[n++] = i;
    }
    /* the cache of keys answers most of the rest; the others are
     * prefetched from the index */
    uint32_t mask = g->h->nslots - 1;
    for (size_t x = 0; x < nask; x++) {
        size_t k = ask[x];
        if (!kc_get(hs[k], 1, &sk[k])) {
            sk[k].flags = GZ_KF_PENDING;
            __builtin_prefetch(&g->filter[filter_word(hs[k], g->h->filter_words)]);
            __builtin_prefetch(&g->slots[(uint32_t)hs[k] & mask]);
        }
    }
    /* a start whose first part is no key keeps flags 0: find_mentions
     * steps over it */
    for (size_t x = 0; x < nask; x++) {
        size_t k = ask[x];
        gz_key key = sk[k];
        unsigned learn = hl[k] & GZ_HL_LEARN, dem = hl[k] & GZ_HL_DEM;
        hl[k] &= (uint16_t)~(GZ_HL_LEARN | GZ_HL_DEM);
        if (key.flags == GZ_KF_PENDING)
            kc_fill(g, hs[k], 1, &key);
        const sr_token *t = &toks[starts[k]];
        if (!key.flags) {
            /* a possessive whose apostrophe was lost ("Syrias capital",
             * "Aleppos outskirts"): the word without its "s", when that is
             * a name (find_mentions keeps only big places) */
            const char *w = sr_tok_norm(a, starts[k]);
            size_t wn = t->norm_len;
            bool poss = wn >= 5 && wn == hl[k] && w[wn - 1] == 's' && w[wn - 2] != 's' && w[wn - 2] != '\'';
            uint64_t h2 = poss ? key_next(GZ_KEY_SEED, word_hash(w, wn - 1)) : 0;
            if (poss && key_lookup(g, h2, 1, &key) && (key.flags & GZ_KF_PLACES)) {
                hs[k] = h2;
                hl[k] = (uint16_t)((wn - 1) | GZ_HL_POSS);
            } else {
                memset(&key, 0, sizeof key);
            }
        }
        sk[k] = key;
        if (learn)
            sc_learn(tok_hash(a, starts[k]), dem != 0, hs[k], hl[k], key.flags ? &key : NULL);
        prefetch_places(g, &key);
    }
    c->ndem = nd;
    c->nstarts = n;
    for (size_t x = 0; x < GZ_START_PAD; x++)
        starts[n + x] = UINT32_MAX; /* past every token */
    return SITREP_OK;
}

static struct gz_q *q_find(const gz_ctx *c, uint64_t h)
{
    size_t mask = c->q_cap - 1;
    for (size_t at = (size_t)h & mask; c->q[at].h; at = (at + 1) & mask)
        if (c->q[at].h == h)
            return &c->q[at];
    return NULL;
}

/* Per thread: a byte for each hash_bit, set for the words asked about
 * while q_scan runs and zeroed before it returns (a byte is tested with
 * one load, two tokens at a time). */
static _Thread_local uint8_t gz_q_asked[4096];

/* Marks the word of token i, whose lexicon hash is h, as written in lower
 * case, when it is asked about. */
static inline void q_mark(gz_ctx *c, uint32_t i, uint64_t h)
{
    if (SR_LIKELY(!gz_q_asked[hash_bit(h)]))
        return;
    if (!h) {
        h = word_id(c->a, i);
        if (!gz_q_asked[hash_bit(h)])
            return;
    }
    struct gz_q *e = q_find(c, h);
    if (e)
        e->lower = true;
}

/* The words has_lower_tok may be asked about, and which of them the
 * article also writes in lower case: one pass over the hashes of the words
 * in lower case, most rejected by a byte of gz_q_asked. */
static __attribute__((noinline)) void q_scan(gz_ctx *c)
{
    const sr_annot *a = c->a;
    c->q_scanned = true;
    /* the tokens of the starts whose first part names places (whether one
     * does cannot be predicted: each is written, and counted when it does) */
    uint32_t *asked_at = sr_arena_alloc_raw(&c->a->arena, (c->nstarts + 1) * sizeof(uint32_t));
    if (!asked_at)
        return;
    size_t asked = 0;
    for (size_t k = 0; k < c->nstarts; k++) {
        asked_at[asked] = c->starts[k];
        asked += (c->sk[k].flags & GZ_KF_PLACES) != 0;
    }
    size_t cap = 16;
    while (cap < asked * 2)
        cap *= 2;
    c->q = sr_arena_alloc(&c->a->arena, cap * sizeof *c->q);
    if (!c->q)
        return;
    c->q_cap = cap;
    uint8_t *qa = gz_q_asked;
    for (size_t x = 0; x < asked; x++) {
        uint32_t i = asked_at[x];
        uint64_t h = word_id(a, i);
        /* a word whose form is several words (hash 0) is asked by its
         * word_id: such words pass the filter (hash_bit(0) is 0) to be
         * hashed so */
        if (tok_hash(a, i) == 0)
            qa[0] = 1;
        size_t at = (size_t)h & (cap - 1);
        /* one test: a slot of another word (names repeat: the slot is
         * often this word's) */
        for (uint64_t e = c->q[at].h; SR_UNLIKELY((e != 0) & (e != h)); e = c->q[at].h)
            at = (at + 1) & (cap - 1);
        c->q[at].h = h;
        asked_at[x] = hash_bit(h); /* for the filter's zeroing below */
        qa[hash_bit(h)] = 1;
    }
    /* in locals: the rare calls below would have them read again */
    const uint32_t *lw = c->lw;
    const size_t nlw = c->nlw;
    const uint64_t *th = a->tokhash;
    size_t k = 0;
    if (SR_LIKELY(th != NULL))
        for (; k + 2 <= nlw; k += 2) {
            uint64_t h0 = th[lw[k]], h1 = th[lw[k + 1]];
            if (SR_LIKELY(!(qa[hash_bit(h0)] | qa[hash_bit(h1)])))
                continue;
            q_mark(c, lw[k], h0);
            q_mark(c, lw[k + 1], h1);
        }
    for (; k < nlw; k++)
        q_mark(c, lw[k], tok_hash(a, lw[k]));
    /* the filter back to zeros */
    qa[0] = 0;
    for (size_t x = 0; x < asked; x++)
        qa[asked_at[x]] = 0;
}

/* Is the word of token i also written in lower case in the article? */
static bool has_lower_tok(gz_ctx *c, size_t i)
{
    if (!c->q_scanned)
        q_scan(c);
    uint64_t h = word_id(c->a, i);
    const struct gz_q *e = c->q ? q_find(c, h) : NULL;
    if (e)
        return e->lower;
    /* not a start (or no memory for q): every word */
    for (size_t k = 0; k < c->a->toks.len; k++)
        if (lower_word(tok(c->a, k)) && word_id(c->a, k) == h)
            return true;
    return false;
}

/* Is token i written as a name: a capital, then lower case ("Syrias", not
 * "SANAs")? */
static bool title_word(const sr_annot *a, size_t i)
{
    const sr_token *t = tok(a, i);
    for (uint32_t k = t->start + 1; k < t->end; k++)
        if (a->text[k] >= 'A' && a->text[k] <= 'Z')
            return false;
    return (t->flags & SR_TF_CAP) != 0;
}

/* Is token i after a word that puts a place there ("in", "near")? Weaker
 * cues ("of", "to", "from") also follow names of people. */
static bool strong_cue_before(const sr_annot *a, size_t i)
{
    if (i == 0 || tok(a, i - 1)->sent != tok(a, i)->sent)
        return false;
    static const char *const strong[] = {"in", "near", "outside", "around", "inside", "within", "across", "at"};
    const char *w = sr_tok_norm(a, i - 1);
    for (size_t k = 0; k < SR_ARRAY_LEN(strong); k++)
        if (str_is(w, strong[k]))
            return true;
    return false;
}

static inline bool is_dash(const sr_annot *a, size_t i)
{
    return i < a->toks.len && tok(a, i)->kind == SR_TOK_PUNCT && tok_norm_is(a, i, "-");
}

/* Is the name at tokens [i, end) a dateline, the place the report was
 * filed from? A name written in capitals (every word; four letters or more,
 * no acronym: not "US," or "UAE,") followed by a comma, a dash or an outlet
 * in parentheses ("HOMS, Syria", "ALEPPO -", "WASHINGTON (Sputnik)"), or
 * that opens a sentence or follows a parenthesis or a date ("(AFP photo)
 * BEIRUT Thirteen civilians", where the text lost its punctuation), unless
 * it is an English word ("SEND"); and a
 * name that opens a line or a sentence followed by an outlet in parentheses
 * ("Beirut, Lebanon (AP) —", "Idlib (AFP) -": capitals inside, a dash after
 * or an outlet the lexicon knows, so that "Raqqa (Syria)" stays a place), by
 * ", Country" and a dash, or by an outlet's name in capitals and a dash
 * ("Aleppo, SANA –"). A name in title case and a bare dash ("Latakia
 * province - home to ...") is a heading, not a dateline. */
static bool dateline_at(const gz_ctx *c, size_t i, size_t end, bool acronym, bool common)
{
    const sr_annot *a = c->a;
    const sr_token *t = tok(a, i);
    size_t n = a->toks.len, p = end;
    bool caps = !acronym && !common && (end - i > 1 || t->norm_len >= 4);
    for (size_t k = i; k < end && caps; k++)
        caps = (tok(a, k)->flags & SR_TF_ALLCAPS) || tok(a, k)->kind != SR_TOK_WORD;
    bool opens = i == 0 || (t->flags & (SR_TF_NEWLINE | SR_TF_SENT_START));
    if (!caps && !opens)
        return false;
    if (caps && p < n && (tok_norm_is(a, p, ",") || is_dash(a, p)))
        return true;
    /* "(AFP photo) BEIRUT Thirteen civilians", "Oct 26 2016 BEIRUT Air
     * strikes": a name in capitals that opens a sentence or follows a
     * parenthesis or a date, where punctuation was lost */
    if (caps && (opens || (i > 0 && (tok_norm_is(a, i - 1, ")") || tok(a, i - 1)->kind == SR_TOK_NUMBER))))
        return true;
    bool country = false;
    if (p < n && tok_norm_is(a, p, ",")) { /* ", Lebanon", ", N.Y." */
        p++;
        for (int k = 0; k < 3 && p < n && is_cap(a, p); k++, country = true)
            p++;
        if (p < n && tok_norm_is(a, p, ","))
            p++;
    }
    if (p >= n)
        return false;
    if (tok_norm_is(a, p, "(")) {
        size_t q = p + 1;
        bool outlet_caps = true;
        while (q < n && q < p + 5 && is_cap(a, q)) {
            outlet_caps &= (tok(a, q)->flags & SR_TF_ALLCAPS) != 0;
            q++;
        }
        if (q == p + 1 || q >= n || !tok_norm_is(a, q, ")"))
            return false;
        if (caps || outlet_caps || is_dash(a, q + 1))
            return true;
        /* "Idlib (Reuters) Shelling...": an outlet the lexicon knows */
        return c->lx && sr_lex_lookup(c->lx, sr_tok_norm(a, p + 1), tok(a, p + 1)->norm_len,
                                      1u << SR_LEX_OUTLETS) != NULL;
    }
    if (!opens)
        return false;
    if (is_dash(a, p))
        return country;
    return p + 1 < n && (tok(a, p)->flags & SR_TF_ALLCAPS) && tok(a, p)->norm_len >= 2 && is_dash(a, p + 1);
}

/* Finds the candidate mentions of the document (no settling yet). */
static sitrep_status find_mentions(gz_ctx *c)
{
    sr_annot *a = c->a;
    const sr_gazetteer *g = c->g;
    size_t ntok = a->toks.len;
    size_t person_until = 0; /* tokens before this continue a person's name */
    size_t cur = 0;          /* the next start (prepare_starts) */
    const uint32_t *starts = c->starts; /* in locals: the loop calls out */
    const size_t nstarts = c->nstarts;
    for (size_t i = 0;;) {
        /* the starts that the last step went past (the last start at
         * least; more in a name of several words): counted four at a time,
         * not by a branch on each, where the count is as good as random */
        cur += (starts[cur] < i) + (starts[cur + 1] < i) + (starts[cur + 2] < i) + (starts[cur + 3] < i);
        while (SR_UNLIKELY(starts[cur] < i))
            cur++;
        if (cur == nstarts)
            break;
        i = starts[cur];
        const sr_token *t = tok(a, i);
        unsigned role = 0;
        gz_key key;
        const gz_key *k = &key;
        size_t len;
        if (!(c->sk[cur].flags & GZ_KF_PREFIX)) { /* most: longest_key's first answer, inline */
            key = c->sk[cur];
            len = (key.flags & GZ_KF_PLACES) != 0;
        } else {
            len = longest_key_at(c, cur, &key);
        }
        size_t np = len ? notplace_at(c, i, &role) : 0;
        if (np && np >= len) {
            if (role == GZ_NP_TITLE)
                person_until = i + np + 1;
            i += np;
            continue;
        }
        if (!len) {
            i++;
            continue;
        }
        size_t end = i + len;
        bool lead = t->sent < c->lead_end;
        gz_mention m;
        uint32_t cand[GZ_MAX_CANDS];
        memset(&m, 0, sizeof m);
        m.cand = cand;
        m.tok_start = (uint32_t)i;
        m.name_end = m.tok_end = (uint32_t)end;
        m.sent = t->sent;
        m.qualifier = -1;
        /* unit words: "Raqqa province", "the province of Idlib" */
        if (end < ntok && tok(a, end)->sent == t->sent && is_word(a, end)) {
            unsigned wb = tok_bits(a, end);
            if (wb & GZ_W_ADMIN1)
                m.unit = 1;
            else if (wb & GZ_W_ADMIN2)
                m.unit = 2;
            else if (wb & GZ_W_CITY)
                m.unit = 3;
            if (m.unit == 1 || m.unit == 2) {
                m.tok_end++;
                m.flags |= SR_PF_ADMIN_WORD;
            }
        }
        unsigned before2 = i >= 2 && tok_norm_is(a, i - 1, "of") ? tok_bits(a, i - 2) : 0;
        if (before2 & (GZ_W_ADMIN1 | GZ_W_ADMIN2)) {
            m.unit = (before2 & GZ_W_ADMIN1) ? 1 : 2;
            m.flags |= SR_PF_ADMIN_WORD | SR_PF_CUE;
        }
        bool top_stripped = false;
        uint32_t nu[4], nnu = 0; /* divisions whose name needs its unit word */
        /* postings: places and demonyms, in one pass (its end is a
         * mispredict); a demonym is never a place ("German") */
        bool demonym = false;
        for (uint32_t p = 0; p < k->npost; p++) {
            uint32_t v = posting(g, k, p);
            demonym |= (v & GZ_DEMONYM) != 0;
            if ((v & GZ_PLACE_MASK) >= g->h->nplaces)
                continue;
            if ((v & GZ_NEEDUNIT) && m.unit != 1 && m.unit != 2) {
                if (nnu < SR_ARRAY_LEN(nu) && g->places[v & GZ_PLACE_MASK].kind == SR_GAZ_ADMIN2)
                    nu[nnu++] = v & GZ_PLACE_MASK;
                continue;
            }
            if (m.ncand == 0)
                top_stripped = (v & GZ_STRIPPED) && m.unit != 1;
            v &= GZ_PLACE_MASK;
            if (m.ncand < GZ_MAX_CANDS)
                m.cand[m.ncand++] = v;
            m.total++;
        }
        if (demonym) {
            for (uint32_t p = 0; p < k->npost; p++) {
                uint32_t v = posting(g, k, p);
                if ((v & GZ_DEMONYM) && (v & GZ_PLACE_MASK) < g->h->nplaces)
                    weigh(c, g->places[v & GZ_PLACE_MASK].cc, lead ? 2.0f : 1.0f);
            }
            i = end;
            continue;
        }
        /* a second-level division named without its unit word, when no
         * other place has the name, after a place cue ("killed in Rutshuru":
         * the territory, its town missing from cities500); kept only in an
         * article about its country (settled below) */
        if (!m.ncand && nnu && len == 1 && !(k->flags & GZ_KF_COMMON) && i > 0 && (tok_bits(a, i - 1) & GZ_W_CUE) &&
            tok(a, i - 1)->sent == t->sent) {
            memcpy(m.cand, nu, nnu * sizeof(uint32_t));
            m.ncand = m.total = nnu;
            m.bare_division = true;
        }
        if (!m.ncand) {
            i = end;
            continue;
        }
        const gz_place *top = &g->places[m.cand[0]];
        /* a possessive that lost its apostrophe names a country, a division
         * or a big city ("Syrias", "Aleppos"), not "Thomas" or "Evans" */
        if ((c->hl[cur] & GZ_HL_POSS) && ((k->flags & GZ_KF_COMMON) || (t->flags & SR_TF_HYPHEN) ||
                                           !title_word(a, i) ||
                                           (top->kind != SR_GAZ_COUNTRY && top->kind != SR_GAZ_ADMIN1 &&
                                            top->pop < 100000))) {
            i = end;
            continue;
        }
        bool country = top->kind == SR_GAZ_COUNTRY;
        /* a division's own name ("Borno State", "Idlib"): a town's rules
         * (people's names, English words) do not apply; its name without
         * its unit word ("Borno", "Garcia", "Nelson") is a name as any */
        bool division = top->kind == SR_GAZ_ADMIN1 && !top_stripped;
        /* short all-capitals words: only names written so, or datelines */
        if ((t->flags & SR_TF_ALLCAPS) && len == 1 && !(k->flags & GZ_KF_ACRONYM) && t->norm_len <= 5 &&
            !titlecase(c, t->sent)) {
            bool dateline = (t->flags & SR_TF_NEWLINE) || i == 0 || (t->flags & SR_TF_SENT_START);
            if (!dateline) {
                i = end;
                continue;
            }
        }
        if ((k->flags & GZ_KF_ACRONYM) && len == 1 && !(t->flags & SR_TF_ALLCAPS)) {
            /* "Us", "Car": an acronym's key written in lower case is a word,
             * unless the name is also written so */
            bool other = false;
            for (uint32_t p = 0; p < m.ncand; p++)
                other |= g->places[m.cand[p]].kind != SR_GAZ_COUNTRY;
            if (!other) {
                i = end;
                continue;
            }
        }
        bool reject = false;
        /* a common word: written in lower case elsewhere in the article */
        if (len == 1 && !country && !division && has_lower_tok(c, i))
            reject = true;
        /* a person's name */
        if (!reject && !country) {
            if (i < person_until && i > 0 && is_cap(a, i - 1))
                reject = true;
            else if (title_before(c, i))
                reject = true;
            else if (speech_after(c, end) && !strong_cue_before(a, i))
                reject = true; /* "Kerry said"; not "in Kabul claimed by" */
            else if (!division && !titlecase(c, t->sent) && len == 1) {
                /* a name between capitalised words that make no place with
                 * it: "Rupert Colville", "Ahmad Dbais" */
                bool next_cap = end < ntok && is_cap(a, end) && tok(a, end)->sent == t->sent &&
                                !(tok(a, end)->flags & (SR_TF_NEWLINE | SR_TF_HYPHEN));
                bool prev_cap = i > 0 && is_cap(a, i - 1) && tok(a, i - 1)->sent == t->sent &&
                                !(t->flags & (SR_TF_SENT_START | SR_TF_NEWLINE | SR_TF_HYPHEN));
                if (next_cap && !m.unit && !(tok_bits(a, end) & GZ_W_NOUN)) {
                    gz_key k2;
                    unsigned r2;
                    bool big_next = false; /* "Aleppo Syria" where commas were lost */
                    if (longest_key(c, end, &k2) && !notplace_at(c, end, &r2)) {
                        uint32_t v = posting(g, &k2, 0) & GZ_PLACE_MASK;
                        big_next = v < g->h->nplaces && (g->places[v].kind == SR_GAZ_COUNTRY ||
                                                         g->places[v].kind == SR_GAZ_ADMIN1);
                    }
                    if (!big_next)
                        reject = true;
                }
                unsigned wb = prev_cap ? tok_bits(a, i - 1) : 0;
                if (prev_cap && !(wb & GZ_W_DIR)) {
                    /* the word before is no place of a mention just found */
                    bool prev_mention = c->ms.len && c->ms.items[c->ms.len - 1].tok_end == i;
                    if (!prev_mention && !(wb & GZ_W_CUE))
                        reject = true;
                }
            }
        }
        if (reject) {
            person_until = end + 1;
            i = end;
            continue;
        }
        if (i >= 1 && (tok_bits(a, i - 1) & GZ_W_CUE))
            m.flags |= SR_PF_CUE;
        if (before2 & GZ_W_CITY)
            m.flags |= SR_PF_CUE;
        if (lead)
            m.flags |= SR_PF_LEAD;
        if (titlecase(c, t->sent))
            m.flags |= SR_PF_HEADING;
        if (dateline_at(c, i, m.tok_end, (k->flags & GZ_KF_ACRONYM) != 0, len == 1 && (k->flags & GZ_KF_COMMON)))
            m.flags |= SR_PF_DATELINE;
        m.common = len == 1 && (k->flags & GZ_KF_COMMON) && !country && !division;
        m.stripped = top_stripped;
        m.thing = !m.unit && end < ntok && is_cap(a, end) && tok(a, end)->sent == t->sent &&
                  (tok_bits(a, end) & GZ_W_NOUN);
        m.arabic = (t->norm_len <= 3 && i + 1 < ntok && (tok(a, i + 1)->flags & SR_TF_HYPHEN) &&
                    is_article(sr_tok_norm(a, i), t->norm_len)) ||
                   (i > 0 && (t->flags & SR_TF_HYPHEN) && tok(a, i - 1)->norm_len <= 3 &&
                    is_article(sr_tok_norm(a, i - 1), tok(a, i - 1)->norm_len));
        if (c->ms.len == c->ms.cap) { /* in the arena: a mention per start at most */
            size_t ncap = c->ms.cap > nstarts ? c->ms.cap * 2 : nstarts + 1;
            gz_mention *nm = sr_arena_alloc_raw(&a->arena, ncap * sizeof *nm);
            if (!nm)
                return SITREP_ENOMEM;
            if (c->ms.len)
                memcpy(nm, c->ms.items, c->ms.len * sizeof *nm);
            c->ms.items = nm;
            c->ms.cap = ncap;
        }
        /* candidates, scores and bonus bits in one block of the arena
         * (score() writes every score and bits) */
        char *blk = sr_arena_alloc_raw(&a->arena, m.ncand * (sizeof(uint32_t) + sizeof(float) + sizeof(uint16_t)));
        if (!blk)
            return SITREP_ENOMEM;
        m.cand = (uint32_t *)blk;
        m.score = (float *)(blk + m.ncand * sizeof(uint32_t));
        m.bits = (uint16_t *)(blk + m.ncand * (sizeof(uint32_t) + sizeof(float)));
        memcpy(m.cand, cand, m.ncand * sizeof(uint32_t));
        for (uint32_t p = 1; p < m.ncand; p++) /* read when the mentions are settled */
            __builtin_prefetch(&g->places[m.cand[p]]);
        c->ms.items[c->ms.len++] = m;
        i = m.tok_end;
    }
    return SITREP_OK;
}

/* Does the text between mentions p and q say that q qualifies p: ", ",
 * "in", "near", "of", with "the" and direction words ("in eastern")? */
static bool qualifies(const sr_annot *a, const gz_mention *p, const gz_mention *q)
{
    if (p->sent != q->sent || q->tok_start < p->tok_end || q->tok_start - p->tok_end > 4)
        return false;
    bool sep = false;
    for (uint32_t i = p->tok_end; i < q->tok_start; i++) {
        unsigned wb = tok_bits(a, i);
        if (wb & GZ_W_SEP)
            sep = true;
        else if (!(wb & GZ_W_DIR))
            return false;
    }
    return sep;
}

static void context(gz_ctx *c)
{
    const sr_gazetteer *g = c->g;
    for (size_t i = 0; i < c->ms.len; i++) {
        gz_mention *m = &c->ms.items[i];
        if (m->flags & SR_PF_DATELINE) /* where the report was filed */
            continue;
        float lw = (m->flags & SR_PF_LEAD) ? 2.0f : 1.0f;
        const gz_place *top = &g->places[m->cand[0]];
        if (top->kind == SR_GAZ_COUNTRY) {
            weigh(c, top->cc, 2 * lw);
            continue;
        }
        bool one = true;
        for (uint32_t k = 1; k < m->ncand; k++)
            one &= memcmp(g->places[m->cand[k]].cc, top->cc, 2) == 0;
        if (one && m->ncand == m->total)
            weigh(c, top->cc, lw);
    }
}

/* Admin1 units the article names: a division with its unit word, or a
 * name whose places all lie in one admin1 of a context country. */
static void admin_context(gz_ctx *c)
{
    const sr_gazetteer *g = c->g;
    for (size_t i = 0; i < c->ms.len; i++) {
        gz_mention *m = &c->ms.items[i];
        uint16_t a1 = GZ_NO16;
        bool one = true;
        for (uint32_t k = 0; k < m->ncand; k++) {
            const gz_place *p = &g->places[m->cand[k]];
            if (m->unit == 1 && p->kind == SR_GAZ_ADMIN1) {
                a1 = p->admin1;
                one = true;
                break;
            }
            if (k == 0)
                a1 = p->admin1;
            else if (p->admin1 != a1)
                one = false;
        }
        if (!one || a1 == GZ_NO16 || m->ncand != m->total)
            continue;
        if (weight_of(c, g->places[m->cand[0]].cc, NULL) <= 0)
            continue;
        if (!a1_named(a1) && sr_vec_push(&c->admin_ctx, a1) == SITREP_OK)
            gz_a1_named[a1 / 64] |= 1ull << (a1 % 64);
    }
}

static void score(gz_ctx *c, gz_mention *m)
{
    const sr_gazetteer *g = c->g;
    /* the divisions among the places (most names have none: no city of
     * theirs is named after one), which each city is compared with */
    const gz_place *div[GZ_MAX_CANDS];
    uint32_t ndiv = 0;
    for (uint32_t k = 0; k < m->ncand; k++) {
        const gz_place *d = &g->places[m->cand[k]];
        div[ndiv] = d;
        ndiv += d->kind == SR_GAZ_ADMIN1 || d->kind == SR_GAZ_ADMIN2;
    }
    for (uint32_t k = 0; k < m->ncand; k++) {
        const gz_place *p = &g->places[m->cand[k]];
        float s = 0;
        uint16_t bits = 0;
        if (p->kind == SR_GAZ_COUNTRY)
            s += 30, bits |= 1u << SR_GR_KIND;
        else if (p->kind == SR_GAZ_ADMIN1)
            s += 20, bits |= 1u << SR_GR_KIND;
        if (m->unit == 1 && p->kind == SR_GAZ_ADMIN1)
            s += 40, bits |= 1u << SR_GR_ADMIN_WORD;
        if (m->unit == 2 && p->kind == SR_GAZ_ADMIN2)
            s += 40, bits |= 1u << SR_GR_ADMIN_WORD;
        if (ndiv && m->unit != 1 && m->unit != 2 && (p->kind == SR_GAZ_CITY || p->kind == SR_GAZ_POINT)) {
            /* the city a division of the same name is named after */
            for (uint32_t q = 0; q < ndiv; q++) {
                const gz_place *d = div[q];
                if ((d->kind == SR_GAZ_ADMIN1 && d->admin1 == p->admin1 && p->admin1 != GZ_NO16) ||
                    (d->kind == SR_GAZ_ADMIN2 && d->admin2 == p->admin2 && p->admin2 != GZ_NO16)) {
                    if (p->pop >= 10000 || (p->flags & GZ_PF_SUPPLEMENT)) {
                        s += 25, bits |= 1u << SR_GR_CAPITAL;
                        break;
                    }
                }
            }
        }
        if ((p->flags & GZ_PF_CAPITAL) && m->unit != 1 && m->unit != 2 && !(bits & (1u << SR_GR_CAPITAL))) {
            /* a national capital that shares its name with a first-level
             * division of its country: the capital ("Washington": not the
             * state, unless "Washington state") */
            for (uint32_t q = 0; q < m->ncand; q++) {
                const gz_place *d = &g->places[m->cand[q]];
                if (d->kind == SR_GAZ_ADMIN1 && d->cc[0] == p->cc[0] && d->cc[1] == p->cc[1] &&
                    d->admin1 != p->admin1) {
                    s += 25, bits |= 1u << SR_GR_CAPITAL;
                    break;
                }
            }
        }
        if (p->kind != SR_GAZ_ADMIN1 && p->admin1 != GZ_NO16 && a1_named(p->admin1))
            s += 8, bits |= 1u << SR_GR_ADMIN_CONTEXT;
        float share = weight_of(c, p->cc, NULL);
        if (share > 0)
            s += 12 * share, bits |= 1u << SR_GR_COUNTRY_CONTEXT;
        s += p->prior; /* pop_prior(p->pop), computed when the index was built */
        if (p->flags & GZ_PF_SUPPLEMENT)
            s += 3;
        m->score[k] = s;
        m->bits[k] = bits;
    }
}

static void settle(gz_mention *m)
{
    uint32_t best = 0, second = UINT32_MAX;
    for (uint32_t k = 1; k < m->ncand; k++) {
        if (m->score[k] > m->score[best]) {
            second = best;
            best = k;
        } else if (second == UINT32_MAX || m->score[k] > m->score[second]) {
            second = k;
        }
    }
    m->chosen = m->cand[best];
    if (m->total == 1) {
        m->rule = SR_GR_UNIQUE;
        return;
    }
    uint16_t diff = second == UINT32_MAX ? m->bits[best] : (uint16_t)(m->bits[best] & ~m->bits[second]);
    static const uint8_t order[] = {SR_GR_ADMIN_WORD, SR_GR_QUALIFIED, SR_GR_CAPITAL, SR_GR_KIND,
                                    SR_GR_ADMIN_CONTEXT, SR_GR_COUNTRY_CONTEXT};
    m->rule = SR_GR_POPULATION;
    for (size_t i = 0; i < sizeof order; i++)
        if (diff & (1u << order[i])) {
            m->rule = order[i];
            break;
        }
}

/* Is mention m, settled, a country or a national capital? */
static bool government_place(const gz_ctx *c, const gz_mention *m)
{
    const gz_place *p = &c->g->places[m->chosen];
    return p->kind == SR_GAZ_COUNTRY || (p->flags & GZ_PF_CAPITAL);
}

/* Is m told as the seat of an organisation: "headquartered in London", "a
 * monitor based in Britain", "a group based in the UK" (not "a prison based
 * in the capital": a site is where it stands)? */
static bool seat_place(const sr_annot *a, const gz_mention *m)
{
    static const char *const bodies[] = {"monitor", "group", "organisation", "organization", "agency",
                                         "observatory", "network", "watchdog", "charity", "ngo",
                                         "committee", "council", "newspaper", "channel", "outlet",
                                         "website", "institute", "foundation", "coalition"};
    uint32_t s = m->tok_start;
    if (s >= 1 && tok_norm_is(a, s - 1, "the"))
        s--;
    if (s < 2 || tok(a, s - 2)->sent != m->sent || !tok_norm_is(a, s - 1, "in"))
        return false;
    if (tok_norm_is(a, s - 2, "headquartered"))
        return true;
    if (!tok_norm_is(a, s - 2, "based") || s < 3 || tok(a, s - 3)->sent != m->sent)
        return false;
    for (size_t k = 0; k < SR_ARRAY_LEN(bodies); k++)
        if (tok_norm_is(a, s - 3, bodies[k]))
            return true;
    return false;
}

/* SR_PF_ACTOR: a country or national capital named as a government or a
 * side ("backed by Ankara and Tehran", "accused Damascus", "brokered by
 * Moscow and Washington"): after "by" or a verb of diplomacy or blame, or
 * joined by "and" (or a comma) to another such name in its sentence; and
 * any place named as an organisation's seat ("a war monitor based in
 * Britain"): where a claimant sits, not where harm came. */
static void actors(gz_ctx *c)
{
    const sr_annot *a = c->a;
    for (size_t i = 0; i < c->ms.len; i++) {
        gz_mention *m = &c->ms.items[i];
        if (!m->dropped && seat_place(a, m))
            m->flags |= SR_PF_ACTOR;
        if (m->dropped || !government_place(c, m))
            continue;
        uint32_t s = m->tok_start;
        if (s > 0 && tok(a, s - 1)->sent == m->sent && tok(a, s - 1)->kind == SR_TOK_WORD &&
            (tok_bits(a, s - 1) & GZ_W_SIDE))
            m->flags |= SR_PF_ACTOR;
        gz_mention *q = i + 1 < c->ms.len ? &c->ms.items[i + 1] : NULL;
        if (q && !q->dropped && q->sent == m->sent && q->tok_start == m->tok_end + 1 &&
            (tok_norm_is(a, m->tok_end, "and") || tok_norm_is(a, m->tok_end, ",")) && government_place(c, q) &&
            !(m->flags & SR_PF_QUALIFIER) && !(q->flags & SR_PF_QUALIFIER) && m->qualifier < 0) {
            m->flags |= SR_PF_ACTOR;
            q->flags |= SR_PF_ACTOR;
        }
        /* "Moscow Ankara and Tehran" where commas were lost */
        if (q && !q->dropped && q->sent == m->sent && q->tok_start == m->tok_end && government_place(c, q) &&
            (m->flags & SR_PF_ACTOR))
            q->flags |= SR_PF_ACTOR;
    }
}

/* The lead: the title and the first three sentences of the text (the first
 * four that are no boilerplate); the sentences before the index returned. */
static uint32_t lead_end_of(const sr_annot *a)
{
    uint32_t seen = 0;
    for (size_t s = 0; s < a->sents.len; s++)
        if (!(a->sents.items[s].flags & SR_SF_BOILER) && ++seen > 4)
            return (uint32_t)s;
    return (uint32_t)a->sents.len;
}

/* What the stage keeps for sr_gaz_context_country (sr_annot.gazmemo), and
 * the document it is of. */
typedef struct sr_gaz_memo {
    const sr_gazetteer *g;
    const char *text;
    size_t ntok, nplaces, nlex;
    uint32_t lead_end; /* gz_ctx.lead_end */
    uint32_t ndem;
    uint32_t dem[];    /* gz_ctx.dem: the demonyms, in text order */
} sr_gaz_memo;

sitrep_status sr_gaz_annotate(const sr_gazetteer *g, const sr_lexicon *lx, sr_annot *a)
{
    a->gazmemo = NULL;
    if (!g || !a->toks.len)
        return SITREP_OK;
    gz_ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.lx = lx;
    c.a = a;
    c.tc_sent = UINT32_MAX;
    if (!gz_kc_use(g))
        return SITREP_ENOMEM;
    pthread_once(&gz_words_once, gz_words_init);
    pthread_once(&gz_dem_once, gz_dem_init);
    if (lx) {
        npt_build(lx);
        c.np_table = atomic_load_explicit(&gz_np.ready, memory_order_acquire) == 1 &&
                     sr_lex_count(lx, SR_LEX_NOTPLACES) == gz_np.count;
    }
    /* notplaces per token */
    c.np = sr_arena_alloc(&a->arena, a->toks.len);
    if (!c.np)
        return SITREP_ENOMEM;
    c.lead_end = lead_end_of(a);
    sitrep_status st = prepare_starts(&c);
    if (st == SITREP_OK)
        st = find_mentions(&c);
    if (st == SITREP_OK) {
        context(&c);
        weights_fix(&c);
        admin_context(&c);
        for (size_t i = 0; i < c.ms.len; i++)
            score(&c, &c.ms.items[i]);
        /* qualifiers: "X in Y", "X, Y" with Y containing X */
        for (size_t i = 0; i + 1 < c.ms.len; i++) {
            gz_mention *p = &c.ms.items[i], *q = &c.ms.items[i + 1];
            if (!qualifies(a, p, q))
                continue;
            bool any = false;
            for (uint32_t x = 0; x < p->ncand; x++)
                for (uint32_t y = 0; y < q->ncand; y++)
                    if (p->cand[x] != q->cand[y] && sr_gaz_contains(g, q->cand[y], p->cand[x])) {
                        if (!(p->bits[x] & (1u << SR_GR_QUALIFIED)))
                            p->score[x] += 25;
                        p->bits[x] |= 1u << SR_GR_QUALIFIED;
                        if (!(q->bits[y] & (1u << SR_GR_QUALIFIED)))
                            q->score[y] += 10;
                        q->bits[y] |= 1u << SR_GR_QUALIFIED;
                        any = true;
                    }
            if (any) {
                q->flags |= SR_PF_QUALIFIER;
                p->qualifier = (int32_t)(i + 1);
            }
        }
        float wmax = 0;
        weight_of(&c, "\0\0", &wmax);
        for (size_t i = 0; i < c.ms.len; i++) {
            gz_mention *m = &c.ms.items[i];
            settle(m);
            const gz_place *p = &g->places[m->chosen];
            /* an English word ("Reading", "Most", "Date") is a place only
             * after a place cue, with its unit word or qualified */
            if (m->common && !(m->flags & (SR_PF_CUE | SR_PF_ADMIN_WORD | SR_PF_QUALIFIER | SR_PF_DATELINE)) &&
                m->qualifier < 0 && m->unit == 0 && !(p->flags & GZ_PF_SUPPLEMENT))
                m->dropped = true;
            /* a small place, or a division named without its unit word
             * ("Duarte"), in a country the article never points to, when
             * the article points clearly elsewhere: a name of a person or
             * thing, or a village that GeoNames lacks in the article's
             * country, named like one abroad ("al-Maleh", "Hatla"); a
             * place cue before it does not save it, a qualifier does */
            if (wmax >= 3 &&
                (((p->kind == SR_GAZ_CITY || p->kind == SR_GAZ_POINT) && (p->pop < 50000 || m->thing)) ||
                 (m->stripped && p->kind == SR_GAZ_ADMIN1)) &&
                !(p->flags & GZ_PF_SUPPLEMENT) && !(m->flags & (SR_PF_QUALIFIER | SR_PF_DATELINE)) &&
                m->qualifier < 0 && weight_of(&c, p->cc, NULL) <= 0)
                m->dropped = true;
            if (m->bare_division && weight_of(&c, p->cc, NULL) <= 0)
                m->dropped = true;
            /* a name written with an Arabic article ("al-Joura", "al-Kark")
             * is of a country where places have Arabic names, not "Jora"
             * in India or "Karak" in Pakistan */
            if (m->arabic && p->kind != SR_GAZ_COUNTRY && !arabic_cc(p->cc))
                m->dropped = true;
        }
        actors(&c);
        for (size_t i = 0; i < c.ms.len && st == SITREP_OK; i++) {
            const gz_mention *m = &c.ms.items[i];
            if (m->dropped)
                continue;
            sr_mention mm;
            memset(&mm, 0, sizeof mm);
            mm.tok_start = m->tok_start;
            mm.tok_end = m->tok_end;
            mm.start = tok(a, m->tok_start)->start;
            mm.end = tok(a, m->tok_end - 1)->end;
            mm.kind = SR_M_PLACE;
            mm.u.place.place = m->chosen;
            /* the later stages ask of every mention its place's kind and
             * country: read here, where the place was read to settle it */
            if (m->chosen < g->h->nplaces) {
                mm.u.place.kind = g->places[m->chosen].kind;
                memcpy(mm.u.place.country, g->places[m->chosen].cc, 2);
            } else {
                mm.u.place.kind = SR_GAZ_COUNTRY;
            }
            mm.u.place.ncandidates = m->total;
            mm.u.place.rule = m->rule;
            mm.u.place.flags = m->flags;
            st = sr_vec_push(&a->places, mm);
        }
    }
    if (st == SITREP_OK) {
        sr_gaz_memo *mo = sr_arena_alloc_raw(&a->arena, sizeof *mo + c.ndem * sizeof(uint32_t));
        if (!mo) {
            st = SITREP_ENOMEM;
        } else {
            mo->g = g;
            mo->text = a->text;
            mo->ntok = a->toks.len;
            mo->nplaces = a->places.len;
            mo->nlex = a->lex.len;
            mo->lead_end = c.lead_end;
            mo->ndem = (uint32_t)c.ndem;
            memcpy(mo->dem, c.dem, c.ndem * sizeof(uint32_t));
            a->gazmemo = mo;
        }
    }
    weights_clear(&c);
    free(c.admin_ctx.items);
    return st;
}

/* The country where the article's events happen (gazetteer.h). Each place
 * mention weighs, by what the text says of it:
 *   - a town, division or area 2; a country's name 1 after a place cue ("in
 *     Syria", "across Syria"), else 0.5 (a country that acts: "Russia said",
 *     "the US and Turkey"); a demonym 0.5 ("Syrian", "Syrians");
 *   - nothing for a dateline (where the report was filed), a government
 *     (SR_PF_ACTOR: "backed by Ankara and Tehran"), a country's name or
 *     demonym joined to the next word ("US-led", "Saudi-led") and a place
 *     after "pro-"/"anti-";
 *   - x0.25 for a place named as a venue: a word of talks, visits, bases or statements up to
 *     five words before it or three after it in its sentence ("talks in
 *     Geneva", "met in Astana", "said in Ankara", "the London-based
 *     Observatory"); else x2 for a place (not a demonym: "17 Turkish
 *     servicemen were killed" tells whose, not where) in a sentence that
 *     tells harm (an outcome word: killed, wounded ...);
 *   - x2 in the title and lead (the first four sentences that are no
 *     boilerplate, as the stage's lead).
 * The country with the largest weight wins (the first named of equals); the
 * share is its weight over all. */
/* The weight of place mention m (at token i, over tokens up to skip_to) before
 * the sentence's factors, its country through *cc: 0 when it weighs nothing. */
static float context_place_weight(const sr_gazetteer *g, const sr_annot *a, const sr_mention *m, size_t i,
                                  const char **cc)
{
    const sr_token *t = tok(a, i);
    size_t ntok = a->toks.len;
    if (m->u.place.place >= g->h->nplaces || (m->u.place.flags & (SR_PF_DATELINE | SR_PF_ACTOR)))
        return 0;
    const gz_place *p = &g->places[m->u.place.place];
    if (!p->cc[0])
        return 0;
    *cc = p->cc;
    float w;
    if (p->kind == SR_GAZ_COUNTRY) {
        w = (m->u.place.flags & SR_PF_CUE) ? 1.0f : 0.5f;
        if (m->tok_end < ntok && (tok(a, m->tok_end)->flags & SR_TF_HYPHEN) && tok(a, m->tok_end)->kind == SR_TOK_WORD)
            w = 0; /* "US-led", "Syria-Turkey border" */
    } else {
        w = 2;
    }
    if (i > 0 && (t->flags & SR_TF_HYPHEN) && (tok_norm_is(a, i - 1, "pro") || tok_norm_is(a, i - 1, "anti")))
        w = 0;
    return w;
}

/* Is the place mention at tokens [i, skip_to] named as a venue: a word of
 * talks, bases or statements up to five words before it or three after it,
 * in its sentence s ("talks in Geneva and in Astana", "said in Ankara", "the
 * London-based monitor")? */
static bool context_venue(const sr_annot *a, size_t i, size_t skip_to, uint32_t s)
{
    const sr_sentence *se = &a->sents.items[s];
    size_t from = i >= se->tok_start + 5 ? i - 5 : se->tok_start;
    size_t to = skip_to + 4 < se->tok_end ? skip_to + 4 : se->tok_end;
    if (to > a->toks.len)
        to = a->toks.len;
    for (size_t k = from; k < i && k < to; k++)
        if (talks_word(a, k) && a->toks.items[k].kind == SR_TOK_WORD)
            return true;
    for (size_t k = skip_to + 1 > from ? skip_to + 1 : from; k < to; k++)
        if (talks_word(a, k) && a->toks.items[k].kind == SR_TOK_WORD)
            return true;
    return false;
}

/* The country weights of context_country in text order: cw (up to 32, each
 * with the token that named it first), their sum through *sum, their count
 * returned. */
typedef struct gz_cweights {
    gz_weight cw[32];
    uint32_t first[32];
    size_t n;
    float sum;
} gz_cweights;

static void cweights_add(gz_cweights *x, const char *cc, float w, size_t i)
{
    size_t k;
    for (k = 0; k < x->n; k++)
        if (x->cw[k].cc[0] == cc[0] && x->cw[k].cc[1] == cc[1])
            break;
    if (k == x->n) {
        if (x->n == SR_ARRAY_LEN(x->cw))
            return;
        x->cw[k].cc[0] = cc[0];
        x->cw[k].cc[1] = cc[1];
        x->cw[k].w = 0;
        x->first[k] = (uint32_t)i;
        x->n++;
    }
    x->cw[k].w += w;
    x->sum += w;
}

static double cweights_best(const gz_cweights *x, char out[3])
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < x->n; k++)
        if (best == SIZE_MAX || x->cw[k].w > x->cw[best].w ||
            (x->cw[k].w == x->cw[best].w && x->first[k] < x->first[best]))
            best = k;
    if (best == SIZE_MAX || x->sum <= 0)
        return 0;
    out[0] = x->cw[best].cc[0];
    out[1] = x->cw[best].cc[1];
    out[2] = '\0';
    return x->cw[best].w / x->sum;
}

/* sr_gaz_context_country from what the stage kept (sr_gaz_memo): the place
 * mentions and the demonyms it met, in text order, rather than every token;
 * the sentences that tell harm are looked for only among those with a place. */
static double context_from_memo(const sr_gazetteer *g, const sr_annot *a, const sr_gaz_memo *mo, char out[3])
{
    size_t ns = a->sents.len, ntok = a->toks.len;
    const sr_token *toks = a->toks.items;
    const sr_mention *places = a->places.items;
    const size_t nplaces = a->places.len;
    /* per sentence: 1 harm (asked of the sentences of places only), 2 asked */
    uint8_t stack[256];
    uint8_t *sf = ns <= sizeof stack ? stack : malloc(ns);
    if (!sf)
        return 0;
    memset(sf, 0, ns);
    const sr_mention *lex = a->lex.items;
    size_t lo = 0; /* the lexicon mentions before lo start before the sentence asked */
    for (size_t k = 0; k < nplaces; k++) {
        uint32_t s;
        if (places[k].tok_start >= ntok || (s = toks[places[k].tok_start].sent) >= ns || sf[s])
            continue;
        sf[s] = 2;
        /* a->lex is in text order: its mentions that start in sentence s */
        const sr_sentence *se = &a->sents.items[s];
        size_t hi = a->lex.len;
        /* the first at or after the sentence's start: halving without a
         * branch on the comparison (which cannot be predicted) */
        if (lo < hi) {
            const sr_mention *base = lex + lo;
            size_t len = hi - lo;
            while (len > 1) {
                size_t half = len / 2;
                base += half & (0 - (size_t)(base[half - 1].tok_start < se->tok_start));
                len -= half;
            }
            lo = (size_t)(base - lex) + (base->tok_start < se->tok_start);
        }
        for (size_t j = lo; j < a->lex.len && lex[j].tok_start < se->tok_end; j++)
            if (lex[j].kind == SR_M_LEXICON && lex[j].u.entry && lex[j].u.entry->lexicon == SR_LEX_OUTCOMES &&
                lex[j].tok_start < ntok && toks[lex[j].tok_start].sent == s) {
                sf[s] |= 1;
                break;
            }
    }
    gz_cweights x;
    x.n = 0;
    x.sum = 0;
    size_t d = 0, covered = 0; /* tokens before covered lie in a place mention */
    for (size_t pm = 0;; pm++) {
        size_t pstart = pm < nplaces ? places[pm].tok_start : SIZE_MAX;
        for (; d < mo->ndem && mo->dem[d] < pstart; d++) {
            size_t i = mo->dem[d];
            if (i < covered || i >= ntok)
                continue;
            const sr_token *t = &toks[i];
            /* "Saudi-led", "Iranian-backed": whose side, not where */
            bool joined = i + 1 < ntok && (toks[i + 1].flags & SR_TF_HYPHEN) && toks[i + 1].kind == SR_TOK_WORD;
            if (joined || t->sent >= ns)
                continue;
            float w = 0.5f;
            if (t->sent < mo->lead_end && !(a->sents.items[t->sent].flags & SR_SF_BOILER))
                w *= 2;
            cweights_add(&x, demonym_cc(tok_hash(a, i)), w, i);
        }
        if (pm == nplaces)
            break;
        const sr_mention *m = &places[pm];
        size_t i = pstart;
        if (i >= ntok)
            continue;
        size_t skip_to = m->tok_end > i ? m->tok_end - 1 : i;
        covered = skip_to + 1;
        const char *cc = NULL;
        float w = context_place_weight(g, a, m, i, &cc);
        uint32_t s = toks[i].sent;
        if (!cc || w <= 0 || s >= ns)
            continue;
        if (context_venue(a, i, skip_to, s))
            w *= 0.25f;
        else if (sf[s] & 1)
            w *= 2;
        if (s < mo->lead_end && !(a->sents.items[s].flags & SR_SF_BOILER))
            w *= 2;
        cweights_add(&x, cc, w, i);
    }
    if (sf != stack)
        free(sf);
    return cweights_best(&x, out);
}

double sr_gaz_context_country(const sr_gazetteer *g, const sr_lexicon *lx, const sr_annot *a, char out[3])
{
    out[0] = '\0';
    if (!g || !a->toks.len)
        return 0;
    (void)lx;
    pthread_once(&gz_words_once, gz_words_init);
    pthread_once(&gz_dem_once, gz_dem_init);
    const sr_gaz_memo *mo = a->gazmemo;
    if (mo && mo->g == g && mo->text == a->text && mo->ntok == a->toks.len && mo->nplaces == a->places.len &&
        mo->nlex == a->lex.len)
        return context_from_memo(g, a, mo, out);
    /* places the stage did not find (or another document): the demonyms from the tokens */
    sr_gaz_memo *own = malloc(sizeof *own + a->toks.len * sizeof(uint32_t));
    if (!own)
        return 0;
    own->ndem = 0;
    own->lead_end = lead_end_of(a);
    for (size_t i = 0; i < a->toks.len; i++) {
        const sr_token *t = tok(a, i);
        if (t->kind == SR_TOK_WORD && !(t->flags & SR_TF_BOILER) && (t->flags & (SR_TF_CAP | SR_TF_ALLCAPS)) &&
            t->norm_len < GZ_WORD_MAX * 2 && demonym_cc(tok_hash(a, i)))
            own->dem[own->ndem++] = (uint32_t)i;
    }
    double share = context_from_memo(g, a, own, out);
    free(own);
    return share;
}
