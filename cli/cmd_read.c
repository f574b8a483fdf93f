/* cmd_read.c - sitrep read: documents in, one JSON line per document out,
 * without extraction. A converter for pipelines (CSV, HTML and text to
 * JSON Lines) and what the readers' golden tests compare. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep read [OPTIONS] [FILE|DIR]...\n"
            "\n"
            "Reads articles as `sitrep extract` does (standard input when no FILE is\n"
            "given or for \"-\"; directories recursively, in sorted order, hidden files\n"
            "left out) and writes each document as one JSON line on standard output:\n"
            "  {\"id\", \"source\", \"title\", \"published\", \"url\", \"origin\", \"text\", \"warnings\"}\n"
            "where text is the body that evidence offsets refer to (for HTML, the page's\n"
            "main text) and origin says where it came from (file, or file:line).\n"
            "\n"
            "options:\n"
            "  -f, --format FMT      auto (default), text, jsonl, csv or html\n"
            "      --published DATE  publication date (YYYY-MM-DD) for documents that lack one\n"
            "      --source NAME     outlet for documents that lack one\n"
            "      --max-doc BYTES   largest document read (default 16M; suffix K or M);\n"
            "                        larger ones are skipped\n"
            "      --no-progress     no progress line on a terminal\n"
            "  -h, --help            this help\n"
            "\n"
            "formats:\n"
            "  text   one document per file, as scraped\n"
            "  jsonl  one object per line: \"text\", and optional \"id\", \"title\", \"source\",\n"
            "         \"published\", \"url\"\n"
            "  csv    a header row; text from the first column named text, content,\n"
            "         article_content, body or description; id from id, unit_id or\n"
            "         event_id; title, source, published (or date) and url when present\n"
            "  html   the article's main text, title, date and outlet from the page\n"
            "  auto   by extension (.txt .text, .jsonl .ndjson, .csv, .html .htm), else\n"
            "         by content; in directories, files with another extension (README.md)\n"
            "         are left out\n"
            "\n"
            "Text that is not valid UTF-8 is read as Windows-1252, with a warning. Bad\n"
            "inputs are reported on stderr (file and line or byte) and skipped; the exit\n"
            "status is then 1. See `sitrep --help` for all exit codes.\n");
}

/* "16M", "512K", "1000": bytes, or 0 when not a size. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return 0;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1024 * 1024, end++;
    if (*end || v > SIZE_MAX / mul)
        return 0;
    return (size_t)(v * mul);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Writes doc as one JSON line. */
static int write_doc(const sitrep_doc *doc, FILE *fp)
{
    size_t len, nwarn;
    const char *text = sitrep_doc_text(doc, &len);
    const char *const *warnings = sitrep_doc_warnings(doc, &nwarn);
    json_t *o = json_object(), *w = json_array();
    if (!o || !w) {
        json_decref(o);
        json_decref(w);
        return -1;
    }
    json_object_set_new(o, "id", str_or_null(sitrep_doc_get(doc, SITREP_DOC_ID)));
    json_object_set_new(o, "source", str_or_null(sitrep_doc_get(doc, SITREP_DOC_SOURCE)));
    json_object_set_new(o, "title", str_or_null(sitrep_doc_get(doc, SITREP_DOC_TITLE)));
    json_object_set_new(o, "published", str_or_null(sitrep_doc_get(doc, SITREP_DOC_PUBLISHED)));
    json_object_set_new(o, "url", str_or_null(sitrep_doc_get(doc, SITREP_DOC_URL)));
    json_object_set_new(o, "origin", json_string(sitrep_doc_origin(doc)));
    /* The body is valid UTF-8 by the reader's contract: no second check. */
    json_object_set_new(o, "text", json_stringn_nocheck(text, len));
    for (size_t i = 0; i < nwarn; i++)
        json_array_append_new(w, json_string(warnings[i]));
    json_object_set_new(o, "warnings", w);
    int rc = json_dumpf(o, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc == 0 && fputc('\n', fp) == EOF)
        rc = -1;
    return rc;
}

static int read_one(void *arg, sitrep_doc *doc)
{
    (void)arg;
    int wrc = write_doc(doc, stdout);
    sitrep_doc_free(doc);
    if (wrc != 0 || ferror(stdout)) {
        cli_err("read", "writing the output failed");
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

int cmd_read(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, 0, 'f'},    {"published", required_argument, 0, 'P'},
        {"source", required_argument, 0, 'S'},    {"max-doc", required_argument, 0, 'M'},
        {"no-progress", no_argument, 0, 'N'},     {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    sitrep_read_options ro = {0};
    bool progress = true;
    int c, orc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        if ((orc = cli_read_option("read", c, optarg, &ro)) >= 0) {
            if (orc != EXIT_OK)
                return orc;
            continue;
        }
        switch (c) {
        case 'M':
            if ((ro.max_doc_bytes = parse_size(optarg)) == 0) {
                cli_err("read", "--max-doc wants a size in bytes (e.g. 16M), not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'N': progress = false; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }

    sitrep_reader *r = NULL;
    int rc = cli_reader_open("read", argv + optind, (size_t)(argc - optind), &ro, &r);
    if (rc != EXIT_OK)
        return rc;
    uint64_t skipped = 0;
    rc = cli_each_doc("read", r, progress, read_one, NULL, &skipped);
    if (rc == EXIT_OK && skipped)
        rc = EXIT_SKIPPED;
    sitrep_reader_close(r);
    if (fflush(stdout) != 0 && rc != EXIT_FATAL) {
        cli_err("read", "writing the output failed");
        rc = EXIT_OUTPUT;
    }
    return rc;
}
