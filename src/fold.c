/* fold.c - text folding for matching (utf8proc). */
#include "fold.h"

#include <string.h>
#include <utf8proc.h>

static bool is_apostrophe(utf8proc_int32_t c)
{
    switch (c) {
    case '\'': case '`': case 0x00B4: case 0x2018: case 0x2019: case 0x201B:
    case 0x02BC: case 0x02BE: case 0x02BF: case 0x02BB: case 0x2032:
        return true;
    default:
        return false;
    }
}

static bool is_separator(utf8proc_int32_t c)
{
    if (c == '-' || c == '_' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212)
        return true;
    if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0)
        return true;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

/* Letters that NFKD leaves alone but that readers of news treat as their
 * ASCII base letter. */
static const char *ascii_letter(utf8proc_int32_t c)
{
    switch (c) {
    case 0x00F8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x0111: return "d";  /* đ */
    case 0x0131: return "i";  /* ı */
    case 0x00E6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00FE: return "th"; /* þ */
    case 0x00F0: return "d";  /* ð */
    case 0x0127: return "h";  /* ħ */
    case 0x0259: return "e";  /* ə */
    default: return NULL;
    }
}

sitrep_status sr_fold(const char *s, size_t n, sr_buf *out)
{
    size_t start_len = out->len;
    bool pending_space = false;
    size_t i = 0;
    /* room for the ASCII bytes, which fold to one byte at most */
    if (sr_buf_reserve(out, n + 1) != SITREP_OK)
        return SITREP_ENOMEM;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            /* ASCII, without utf8proc: the apostrophes go, the separators
             * make a space, letters are lowered, anything else stays (what
             * the decomposition below gives for these characters) */
            i++;
            if (b == '\'' || b == '`')
                continue;
            if (b == '-' || b == '_' || b == ' ' || (b >= '\t' && b <= '\r')) {
                pending_space = out->len > start_len;
                continue;
            }
            if (out->len + 2 + pending_space > out->cap && sr_buf_reserve(out, 2 + pending_space) != SITREP_OK)
                return SITREP_ENOMEM;
            if (pending_space) {
                out->data[out->len++] = ' ';
                pending_space = false;
            }
            out->data[out->len++] = (char)sr_tolower(b);
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) { /* invalid byte: drop it */
            i++;
            continue;
        }
        i += (size_t)k;
        if (is_apostrophe(c))
            continue;
        if (is_separator(c)) {
            pending_space = out->len > start_len;
            continue;
        }
        utf8proc_int32_t dec[32];
        int lastbound = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char(
            c, dec, 32,
            (utf8proc_option_t)(UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK), &lastbound);
        if (m < 0 || m > 32)
            continue;
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            utf8proc_int32_t d = dec[j];
            if (is_apostrophe(d))
                continue;
            if (is_separator(d)) {
                pending_space = out->len > start_len;
                continue;
            }
            if (pending_space) {
                if (sr_buf_putc(out, ' ') != SITREP_OK)
                    return SITREP_ENOMEM;
                pending_space = false;
            }
            const char *a = ascii_letter(d);
            if (a) {
                if (sr_buf_puts(out, a) != SITREP_OK)
                    return SITREP_ENOMEM;
                continue;
            }
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t e = utf8proc_encode_char(d, enc);
            if (e > 0 && sr_buf_put(out, enc, (size_t)e) != SITREP_OK)
                return SITREP_ENOMEM;
        }
    }
    if (out->data)
        out->data[out->len] = '\0';
    return SITREP_OK;
}

size_t sr_fold_token(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)) {
            i += 2; /* curly apostrophe: dropped, as in sr_fold */
            continue;
        }
        if (c >= 0x80)
            break;
        if (c == '\'' || c == '`')
            continue;
        if (c == '-' || c == '_' || sr_isspace(c)) {
            if (o > 0 && out[o - 1] != ' ') {
                if (o + 1 >= cap)
                    return 0;
                out[o++] = ' ';
            }
            continue;
        }
        if (o + 1 >= cap)
            return 0;
        out[o++] = (char)sr_tolower(c);
    }
    if (i < n) { /* non-ASCII: the full folding */
        sr_buf b = {0};
        if (sr_fold(s, n, &b) != SITREP_OK || b.len + 1 > cap) {
            sr_buf_free(&b);
            return 0;
        }
        if (b.len)
            memcpy(out, b.data, b.len);
        o = b.len;
        sr_buf_free(&b);
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    if (cap)
        out[o] = '\0';
    return o;
}
