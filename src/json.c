/* json.c - JSON string output. */
#include "json.h"

#include <string.h>

sitrep_status sr_json_str(sr_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (sr_buf_reserve(b, n + 2) != SITREP_OK)
        return SITREP_ENOMEM;
    sr_buf_putc(b, '"');
    size_t run = 0; /* start of the pending run of plain bytes */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
            u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = 0;
            esc = u;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            if (sr_buf_put(b, s + run, i - run) != SITREP_OK ||
                sr_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029") != SITREP_OK)
                return SITREP_ENOMEM;
            i += 2;
            run = i + 1;
            continue;
        }
        if (esc) {
            if (sr_buf_put(b, s + run, i - run) != SITREP_OK || sr_buf_puts(b, esc) != SITREP_OK)
                return SITREP_ENOMEM;
            run = i + 1;
        }
    }
    if (sr_buf_put(b, s + run, n - run) != SITREP_OK)
        return SITREP_ENOMEM;
    return sr_buf_putc(b, '"');
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
