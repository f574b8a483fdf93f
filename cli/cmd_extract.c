/* cmd_extract.c - sitrep extract: articles in, one JSON record per line out. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep extract [OPTIONS] [FILE|DIR]...\n"
            "\n"
            "Reads articles (standard input when no FILE is given; directories\n"
            "recursively) and writes one JSON record per article on standard output:\n"
            "the record of shared/spec/record.md (see docs/record.md).\n"
            "\n"
            "options:\n"
            "  -f, --format FMT      auto (default), text, jsonl, csv or html\n"
            "      --published DATE  publication date (YYYY-MM-DD) for documents that lack one\n"
            "      --source NAME     outlet for documents that lack one\n"
            "      --text            include doc.text (the body that offsets refer to)\n"
            "      --rules           include the rule or lexicon entry behind each evidence\n"
            "      --pretty          indented JSON, several lines a record\n"
            "      --explain         a readable table per article instead of JSON: each value,\n"
            "                        the words it came from, and the rule that produced it\n"
            "      --gazetteer PATH  gazetteer index (default: beside the executable)\n"
            "      --no-progress     no progress line on a terminal\n"
            "  -h, --help            this help\n"
            "\n"
            "Bad inputs are reported on stderr (file and line or byte) and skipped; the\n"
            "exit status is then 1. See `sitrep --help` for all exit codes.\n");
}

int cmd_extract(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, 0, 'f'},  {"published", required_argument, 0, 'P'},
        {"source", required_argument, 0, 'S'},  {"text", no_argument, 0, 'T'},
        {"rules", no_argument, 0, 'R'},         {"pretty", no_argument, 0, 'p'},
        {"explain", no_argument, 0, 'E'},       {"gazetteer", required_argument, 0, 'G'},
        {"no-progress", no_argument, 0, 'N'},   {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    sitrep_read_options ro = {0};
    unsigned jflags = 0;
    bool explain = false, progress = true;
    const char *gazetteer = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (sitrep_format_parse(optarg, &ro.format) != SITREP_OK) {
                cli_err("extract", "unknown format '%s' (auto, text, jsonl, csv, html)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'P': {
            sitrep_doc *probe = NULL;
            if (sitrep_doc_new("", 0, &probe) != SITREP_OK ||
                sitrep_doc_set(probe, SITREP_DOC_PUBLISHED, optarg) != SITREP_OK) {
                sitrep_doc_free(probe);
                cli_err("extract", "--published wants a date as YYYY-MM-DD, not '%s'", optarg);
                return EXIT_USAGE;
            }
            sitrep_doc_free(probe);
            ro.default_published = optarg;
            break;
        }
        case 'S': ro.default_source = optarg; break;
        case 'T': jflags |= SITREP_JSON_TEXT; break;
        case 'R': jflags |= SITREP_JSON_RULES; break;
        case 'p': jflags |= SITREP_JSON_PRETTY; break;
        case 'E': explain = true; break;
        case 'G': gazetteer = optarg; break;
        case 'N': progress = false; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }

    sitrep_ctx *ctx = cli_open_ctx("extract", gazetteer);
    if (!ctx)
        return EXIT_FATAL;
    sitrep_reader *r = NULL;
    sitrep_status st = sitrep_reader_open((const char *const *)argv + optind, (size_t)(argc - optind), &ro, &r);
    if (st != SITREP_OK) {
        cli_err("extract", "%s", sitrep_status_str(st));
        sitrep_close(ctx);
        return EXIT_FATAL;
    }
    /* Records go out in blocks of 256 KiB (stdio's default is the pipe's or
     * the disk's block, 4 KiB: a write call every few records); on a
     * terminal, stdio's line buffering stays. */
    static char outbuf[256 * 1024];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int rc = EXIT_OK;
    uint64_t ndocs = 0;
    /* evidence words in bold on a terminal, in [brackets] otherwise */
    unsigned explain_flags = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") ? SITREP_EXPLAIN_COLOR : 0;
    cli_progress prog;
    cli_progress_start(&prog, progress);
    for (;;) {
        sitrep_doc *doc = NULL;
        st = sitrep_reader_next(r, &doc);
        if (st == SITREP_END)
            break;
        if (st == SITREP_ENOMEM) {
            cli_err("extract", "out of memory");
            rc = EXIT_FATAL;
            break;
        }
        if (st != SITREP_OK) {
            cli_progress_end(&prog);
            cli_err("extract", "%s (skipped)", sitrep_reader_errmsg(r));
            rc = EXIT_SKIPPED;
            continue;
        }
        sitrep_record *rec = NULL;
        st = sitrep_extract(ctx, doc, &rec);
        if (st != SITREP_OK) {
            cli_err("extract", "%s: %s", sitrep_doc_origin(doc), sitrep_status_str(st));
            sitrep_doc_free(doc);
            if (st == SITREP_ENOMEM) {
                rc = EXIT_FATAL;
                break;
            }
            rc = EXIT_SKIPPED;
            continue;
        }
        sitrep_doc_free(doc);
        if (explain) {
            sitrep_record_explain(rec, explain_flags, stdout);
        } else {
            char *json = NULL;
            size_t len = 0;
            if (sitrep_record_json(rec, jflags, &json, &len) == SITREP_OK) {
                fwrite(json, 1, len, stdout);
                fputc('\n', stdout);
            }
            sitrep_free(json);
        }
        sitrep_record_free(rec);
        if (ferror(stdout)) {
            cli_err("extract", "writing the output failed");
            rc = EXIT_OUTPUT;
            break;
        }
        ndocs++;
        uint64_t done, total;
        sitrep_reader_progress(r, &done, &total);
        cli_progress_update(&prog, ndocs, done, total);
    }
    cli_progress_end(&prog);
    sitrep_reader_close(r);
    sitrep_close(ctx);
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        cli_err("extract", "writing the output failed");
        rc = EXIT_OUTPUT;
    }
    return rc;
}
