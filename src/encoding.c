/* encoding.c - UTF-8 validation and Windows-1252 decoding. */
#include "encoding.h"

#include <string.h>

bool sr_utf8_valid(const char *str, size_t n, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* Most news text is ASCII: skip it eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            goto invalid;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
                goto invalid;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto invalid;
        i += need + 1;
    }
    return true;
invalid:
    if (bad)
        *bad = i;
    return false;
}

/* Windows-1252 bytes 0x80-0x9F; 0 where the code page leaves it undefined
 * (those are kept as the C1 control of the same number, as browsers do). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

sitrep_status sr_cp1252_to_utf8(const char *str, size_t n, sr_buf *out)
{
    const unsigned char *s = (const unsigned char *)str;
    if (sr_buf_reserve(out, n + n / 2) != SITREP_OK)
        return SITREP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = s[i];
        if (cp >= 0x80 && cp < 0xA0 && cp1252_high[cp - 0x80])
            cp = cp1252_high[cp - 0x80];
        char enc[3];
        size_t k;
        if (cp < 0x80) {
            enc[0] = (char)cp;
            k = 1;
        } else if (cp < 0x800) {
            enc[0] = (char)(0xC0 | (cp >> 6));
            enc[1] = (char)(0x80 | (cp & 0x3F));
            k = 2;
        } else {
            enc[0] = (char)(0xE0 | (cp >> 12));
            enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            enc[2] = (char)(0x80 | (cp & 0x3F));
            k = 3;
        }
        if (sr_buf_put(out, enc, k) != SITREP_OK)
            return SITREP_ENOMEM;
    }
    return SITREP_OK;
}

bool sr_looks_binary_at(const char *str, size_t n, size_t *at)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t ctrl = 0, first_ctrl = 0;
    for (size_t i = 0; i < n;) {
        /* eight bytes at a time up to a word that may hold a byte below
         * 0x20 (the test has no false negatives), then that word byte by
         * byte: text has few */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        for (size_t stop = i + 8 < n ? i + 8 : n; i < stop; i++) {
            unsigned char c = s[i];
            if (c == 0) {
                if (at)
                    *at = i;
                return true;
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && ctrl++ == 0)
                first_ctrl = i;
        }
    }
    if (n > 0 && ctrl * 10 > n) {
        if (at)
            *at = first_ctrl;
        return true;
    }
    return false;
}

bool sr_looks_binary(const char *s, size_t n) { return sr_looks_binary_at(s, n, NULL); }
