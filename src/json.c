/* json.c - JSON string and number output. */
#include "json.h"

#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* What each byte needs in a string literal: 0 nothing; a character for the
 * two-byte escapes (\" \\ \n \t \r); 'u' for \u00XX (the other controls and
 * < > &, for <script> blocks); 'e' for 0xE2, which may start U+2028 or
 * U+2029. */
static const unsigned char esc_of[256] = {
    [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u', [0x06] = 'u',
    [0x07] = 'u', [0x08] = 'u', ['\t'] = 't', ['\n'] = 'n', [0x0B] = 'u', [0x0C] = 'u', ['\r'] = 'r',
    [0x0E] = 'u', [0x0F] = 'u', [0x10] = 'u', [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u',
    [0x15] = 'u', [0x16] = 'u', [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1A] = 'u', [0x1B] = 'u',
    [0x1C] = 'u', [0x1D] = 'u', [0x1E] = 'u', [0x1F] = 'u', ['"'] = '"', ['\\'] = '\\', ['<'] = 'u',
    ['>'] = 'u', ['&'] = 'u', [0xE2] = 'e',
};

#if defined(__SSE2__)
/* The bytes of v that esc_of flags, as a movemask: the controls up to 0x1F,
 * and '"' '&' (0x22 0x26: the same byte with bit 2 set), '<' '>' (0x3C
 * 0x3E: with bit 1 set), '\\' and 0xE2. */
static inline unsigned special16(__m128i v)
{
    __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(4)), _mm_set1_epi8('&')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(2)), _mm_set1_epi8('>')));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
                                     _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))));
    return (unsigned)_mm_movemask_epi8(m);
}

/* Copies plain bytes from s[*i] on, sixteen at a time (checked as they are
 * copied) while sixteen are left; true when it stopped at a byte that needs
 * something. */
static inline bool plain16(char **out, const unsigned char *s, size_t *at, size_t n)
{
    char *o = *out;
    size_t i = *at;
    bool stopped = false;
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        _mm_storeu_si128((__m128i *)(void *)o, v);
        unsigned mask = special16(v);
        if (mask) {
            size_t k = (size_t)__builtin_ctz(mask);
            i += k;
            o += k;
            stopped = true;
            break;
        }
        i += 16;
        o += 16;
    }
    *out = o;
    *at = i;
    return stopped;
}
#endif

/* The string from s[i] on (s[i] may need an escape or not) and the closing
 * quote, at o with the room of SR_JSON_STR_ROOM for what is left; returns
 * the byte after the quote. Every string with an escape ends here. */
static char *put_rest(char *o, const unsigned char *s, size_t i, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (;;) {
#if defined(__SSE2__)
        plain16(&o, s, &i, n);
#endif
        while (i < n && !esc_of[s[i]])
            *o++ = (char)s[i++];
        if (i >= n)
            break;
        unsigned char c = s[i], e = esc_of[c];
        if (e == 'e') {
            if (!(i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))) {
                *o++ = (char)c; /* another character that starts with 0xE2 */
                i++;
                continue;
            }
            memcpy(o, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            o += 6;
            i += 3;
            continue;
        }
        *o++ = '\\';
        if (e == 'u') {
            o[0] = 'u';
            o[1] = '0';
            o[2] = '0';
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        } else {
            *o++ = (char)e;
        }
        i++;
    }
    *o++ = '"';
    return o;
}

char *sr_json_put(char *o, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    *o++ = '"';
#if defined(__SSE2__)
    /* Most strings of a record need no escape: they are checked in one or
     * two loads of sixteen bytes and copied whole; the first byte that
     * needs something sends the rest to put_rest. */
    if (n < 16) {
        if (n >= 4) {
            /* a short string as two loads that overlap (eight bytes each, or
             * four), checked at once */
            __m128i v;
            unsigned keep;
            if (n >= 8) {
                v = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)s),
                                       _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 8)));
                keep = 0xFFFF;
            } else {
                uint32_t a, b;
                memcpy(&a, s, 4);
                memcpy(&b, s + n - 4, 4);
                v = _mm_unpacklo_epi32(_mm_cvtsi32_si128((int)a), _mm_cvtsi32_si128((int)b));
                keep = 0xFF; /* the zero bytes above are no part of it */
            }
            if (!(special16(v) & keep)) {
                if (n >= 8) {
                    memcpy(o, s, 8);
                    memcpy(o + n - 8, s + n - 8, 8);
                } else {
                    memcpy(o, s, 4);
                    memcpy(o + n - 4, s + n - 4, 4);
                }
                o += n;
                *o++ = '"';
                return o;
            }
        }
        return put_rest(o, s, 0, n);
    }
    size_t i = 0;
    if (plain16(&o, s, &i, n))
        return put_rest(o, s, i, n);
    if (i < n) {
        /* the last bytes: the sixteen that end the string, read again from
         * before i */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
        if (special16(v))
            return put_rest(o, s, i, n);
        _mm_storeu_si128((__m128i *)(void *)(o - (i - (n - 16))), v);
        o += n - i;
    }
    *o++ = '"';
    return o;
#else
    return put_rest(o, s, 0, n);
#endif
}

/* Strings up to this long are written in room made for them at once (six
 * bytes a byte); longer ones (a document's text) in pieces of this size, so
 * the buffer grows with what is written rather than six times over. */
#define PUT_PIECE 4096

sitrep_status sr_json_str(sr_buf *b, const char *str, size_t n)
{
    if (SR_LIKELY(n <= PUT_PIECE)) {
        if ((b->cap - b->len <= SR_JSON_STR_ROOM(n)) && sr_buf_reserve(b, SR_JSON_STR_ROOM(n)) != SITREP_OK)
            return SITREP_ENOMEM;
        char *o = sr_json_put(b->data + b->len, str, n);
        b->len = (size_t)(o - b->data);
        b->data[b->len] = '\0';
        return SITREP_OK;
    }
    const unsigned char *s = (const unsigned char *)str;
    if (sr_buf_reserve(b, 1 + SR_JSON_STR_ROOM(PUT_PIECE)) != SITREP_OK)
        return SITREP_ENOMEM;
    b->data[b->len++] = '"';
    size_t i = 0;
    while (i < n) {
        /* a piece ends before a byte that starts a character: never inside
         * the three bytes of U+2028 or U+2029, which are escaped whole
         * (put_rest looks no further than the piece) */
        size_t k = n - i <= PUT_PIECE ? n : i + PUT_PIECE;
        while (k < n && k > i && (s[k] & 0xC0) == 0x80)
            k--;
        if (k == i)
            k = n; /* no such byte in the piece (not UTF-8): the rest at once */
        if (sr_buf_reserve(b, SR_JSON_STR_ROOM(k - i)) != SITREP_OK)
            return SITREP_ENOMEM;
        /* put_rest writes the piece and a closing quote, which the next
         * piece writes over */
        char *o = put_rest(b->data + b->len, s + i, 0, k - i);
        b->len = (size_t)(o - b->data) - 1;
        i = k;
    }
    b->data[b->len++] = '"';
    b->data[b->len] = '\0';
    return SITREP_OK;
}

sitrep_status sr_json_cstr(sr_buf *b, const char *s)
{
    return s ? sr_json_str(b, s, strlen(s)) : sr_buf_puts(b, "null");
}

sitrep_status sr_json_key(sr_buf *b, const char *key, bool first)
{
    if (!first && sr_buf_putc(b, ',') != SITREP_OK)
        return SITREP_ENOMEM;
    if (sr_json_cstr(b, key) != SITREP_OK)
        return SITREP_ENOMEM;
    return sr_buf_putc(b, ':');
}

/* %.5g for |v| in [1, 1e5), digits worked out exactly: v = m * 2^e, and
 * v * 10^k rounded half to even as printf rounds, in 128-bit integers.
 * Returns 0 for any other value (the caller uses snprintf). */
static size_t fmt_g5_fast(char *out, double v)
{
    if (!(v == v) || v == 0)
        return 0;
    bool neg = v < 0;
    double a = neg ? -v : v;
    if (!(a >= 1.0 && a < 1e5))
        return 0;
    int x = a >= 1e4 ? 4 : a >= 1e3 ? 3 : a >= 1e2 ? 2 : a >= 1e1 ? 1 : 0; /* the decimal exponent */
    int k = 4 - x;                                                        /* digits after the point */
    /* a = m / 2^53 * 2^e2 with m its 53-bit significand (a is normal
     * here), from its bits: as frexp and ldexp would give, without the calls */
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    int e2 = (int)((bits >> 52) & 0x7ff) - 1022;
    uint64_t m = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    int s = 53 - e2;                                  /* a = m / 2^s */
    static const uint64_t pow10[] = {1, 10, 100, 1000, 10000};
    unsigned __int128 num = (unsigned __int128)m * pow10[k];
    uint64_t q;
    if (s <= 0) {
        q = (uint64_t)(num << -s); /* a whole number (never here with a < 2^17) */
    } else {
        q = (uint64_t)(num >> s);
        unsigned __int128 r = num - ((unsigned __int128)q << s), half = (unsigned __int128)1 << (s - 1);
        if (r > half || (r == half && (q & 1)))
            q++;
    }
    if (q >= 100000)
        return 0; /* rounding carried into another digit: printf's business */
    /* q has the five significant digits: x + 1 of them before the point,
     * k after it, written without their trailing zeros */
    uint32_t whole = (uint32_t)q / (uint32_t)pow10[k], frac = (uint32_t)q % (uint32_t)pow10[k];
    size_t n = 0;
    if (neg)
        out[n++] = '-';
    n += sr_json_fmt_int(out + n, whole);
    if (frac) {
        while (frac % 10 == 0) {
            frac /= 10;
            k--;
        }
        out[n] = '.';
        for (int i = k; i > 0; i--) {
            out[n + (size_t)i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        n += 1 + (size_t)k;
    }
    return n;
}

size_t sr_json_fmt_g5(char *out, double v)
{
    size_t n = fmt_g5_fast(out, v);
    if (n)
        return n;
    int k = snprintf(out, 32, "%.5g", v);
    return k > 0 ? (size_t)k : 0;
}
