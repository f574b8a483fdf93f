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

sitrep_status sr_json_str(sr_buf *b, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    /* room for the plain case; escapes make more as they come (most strings
     * are short: the test is inline, the call only to grow) */
    if ((b->cap - b->len < 3 || b->cap - b->len - 3 < n) && sr_buf_reserve(b, n + 2) != SITREP_OK)
        return SITREP_ENOMEM;
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = 0;
    for (;;) {
#if defined(__SSE2__)
        /* sixteen bytes at a time where there is SSE2 (every x86-64): the
         * bytes esc_of flags (controls up to 0x1F, '"', '\\', '<', '>', '&',
         * 0xE2), copied as they are checked; the room was made for the
         * whole rest of the string */
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)o, v);
            __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
            m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
            m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8('>'))));
            m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))));
            unsigned mask = (unsigned)_mm_movemask_epi8(m);
            if (mask) {
                size_t k = (size_t)__builtin_ctz(mask);
                i += k;
                o += k;
                break;
            }
            i += 16;
            o += 16;
        }
#endif
        /* bytes that need nothing, copied as they are checked, eight at a
         * time while eight are left */
        while (i + 8 <= n && !(esc_of[s[i]] | esc_of[s[i + 1]] | esc_of[s[i + 2]] | esc_of[s[i + 3]] |
                               esc_of[s[i + 4]] | esc_of[s[i + 5]] | esc_of[s[i + 6]] | esc_of[s[i + 7]])) {
            memcpy(o, s + i, 8);
            o += 8;
            i += 8;
        }
        if (i < n && n >= 8 && i + 8 > n) {
            /* the last bytes: the eight that end the string, read again
             * from before i, when none needs anything */
            const unsigned char *t = s + n - 8;
            if (!(esc_of[t[0]] | esc_of[t[1]] | esc_of[t[2]] | esc_of[t[3]] | esc_of[t[4]] | esc_of[t[5]] |
                  esc_of[t[6]] | esc_of[t[7]])) {
                memcpy(o - (i - (n - 8)), t, 8);
                o += n - i;
                break;
            }
        } else if (i == 0 && n >= 4 && n < 8) {
            /* a short string (a name, a code): its first four bytes and its
             * last four, which overlap */
            const unsigned char *t = s + n - 4;
            if (!(esc_of[s[0]] | esc_of[s[1]] | esc_of[s[2]] | esc_of[s[3]] | esc_of[t[0]] | esc_of[t[1]] |
                  esc_of[t[2]] | esc_of[t[3]])) {
                memcpy(o, s, 4);
                memcpy(o + n - 4, t, 4);
                o += n;
                break;
            }
        }
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
        }
        /* at most 6 bytes for this escape, and the room for the rest */
        size_t at = (size_t)(o - b->data);
        if (b->cap < at + 6 + (n - i) + 2) {
            b->len = at;
            if (sr_buf_reserve(b, 6 + (n - i) + 1) != SITREP_OK)
                return SITREP_ENOMEM;
            o = b->data + at;
        }
        *o++ = '\\';
        if (e == 'e') {
            memcpy(o, s[i + 2] == 0xA8 ? "u2028" : "u2029", 5);
            o += 5;
            i += 3;
            continue;
        }
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
    b->len = (size_t)(o - b->data);
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
    char d[5];
    for (int i = 4; i >= 0; i--) {
        d[i] = (char)('0' + q % 10);
        q /= 10;
    }
    size_t n = 0;
    if (neg)
        out[n++] = '-';
    for (int i = 0; i <= x; i++)
        out[n++] = d[i];
    int last = 4;
    while (last > x && d[last] == '0')
        last--;
    if (last > x) {
        out[n++] = '.';
        for (int i = x + 1; i <= last; i++)
            out[n++] = d[i];
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
