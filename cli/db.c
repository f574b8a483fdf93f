/* db.c - what the store commands share (ingest, search, incidents,
 * reference, check, fuse): opening the database named by --db, and fitting
 * text into table columns. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

const char *cli_db_default(void)
{
    const char *env = getenv("SITREP_DB");
    return env && *env ? env : "sitrep.db";
}

/* Read-only commands open with SITREP_STORE_MIGRATE: a database of an older
 * schema is brought up to date first when the file can be written (what a
 * user expects after upgrading sitrep), and otherwise the open fails with a
 * message naming `sitrep migrate`. A migration is told on stderr. */
sitrep_store *cli_open_store(const char *cmd, const char *path, unsigned flags)
{
    sitrep_store *s = NULL;
    char err[512];
    if (!path)
        path = cli_db_default();
    if (flags & SITREP_STORE_READONLY)
        flags |= SITREP_STORE_MIGRATE;
    int before = -1;
    if (sitrep_store_file_version(path, &before, NULL, 0) != SITREP_OK)
        before = -1;
    sitrep_status st = sitrep_store_open(path, flags, &s, err, sizeof err);
    if (st != SITREP_OK) {
        cli_err(cmd, "%s", err);
        return NULL;
    }
    if (before > 0 && before < SITREP_STORE_SCHEMA_VERSION)
        cli_err(cmd, "%s: database schema v%d brought up to date (v%d)", path, before, SITREP_STORE_SCHEMA_VERSION);
    return s;
}

int cli_term_width(void)
{
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) > 20)
        return atoi(c);
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 80;
}

/* Copies s into out (cap bytes) so that it takes at most width columns
 * (one column per code point), cutting with "~" at a code point boundary;
 * line breaks and tabs become spaces. Returns the columns used. */
int cli_fit(const char *s, int width, char *out, size_t cap)
{
    size_t o = 0;
    int cols = 0;
    if (!s)
        s = "-";
    size_t n = strlen(s);
    /* how many code points in all? */
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += ((unsigned char)s[i] & 0xC0) != 0x80;
    int keep = total <= width ? total : width - 1;
    for (size_t i = 0; i < n && o + 5 < cap;) {
        size_t len = 1;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xF0)
            len = 4;
        else if (c >= 0xE0)
            len = 3;
        else if (c >= 0xC0)
            len = 2;
        if (cols == keep)
            break;
        if (i + len > n)
            break;
        if (c == '\n' || c == '\t' || c == '\r')
            out[o++] = ' ';
        else
            for (size_t k = 0; k < len; k++)
                out[o++] = s[i + k];
        i += len;
        cols++;
    }
    if (keep < total && width > 0 && o + 1 < cap) {
        out[o++] = '~';
        cols++;
    }
    out[o] = '\0';
    return cols;
}

/* Prints s padded to width columns. */
void cli_cell(FILE *fp, const char *s, int width, bool last)
{
    char buf[1024];
    int used = cli_fit(s, width, buf, sizeof buf);
    fputs(buf, fp);
    if (!last)
        for (int i = used; i < width + 1; i++)
            fputc(' ', fp);
}

/* Writes s as a JSON string literal (NULL: null). s is UTF-8; control
 * characters are escaped. */
void cli_json_str(FILE *fp, const char *s)
{
    cli_json_strn(fp, s, s ? strlen(s) : 0);
}

void cli_json_strn(FILE *fp, const char *s, size_t n)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    fputc('"', fp);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (c < 0x20)
                fprintf(fp, "\\u%04x", c);
            else
                fputc(c, fp);
        }
    }
    fputc('"', fp);
}
