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

/* What each document of the input meets. */
typedef struct extract_job {
    sitrep_ctx *ctx;
    unsigned jflags, explain_flags;
    bool explain;
    /* Records are written into out, and out to standard output in blocks
     * of OUT_BLOCK bytes (at once on a terminal): no allocation and no
     * stdio call per record. */
    char *out;
    size_t out_len, out_cap;
    bool out_each;
} extract_job;

#define OUT_BLOCK (256 * 1024)

static int flush_out(extract_job *job)
{
    if (job->out_len && fwrite(job->out, 1, job->out_len, stdout) != job->out_len) {
        job->out_len = 0;
        cli_err("extract", "writing the output failed");
        return EXIT_OUTPUT;
    }
    job->out_len = 0;
    if (job->out_each && fflush(stdout) != 0) {
        cli_err("extract", "writing the output failed");
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

static int extract_one(void *arg, sitrep_doc *doc)
{
    extract_job *job = arg;
    sitrep_record *rec = NULL;
    int rc = cli_extract("extract", job->ctx, doc, &rec);
    sitrep_doc_free(doc);
    if (rc != EXIT_OK)
        return rc;
    if (job->explain) {
        sitrep_record_explain(rec, job->explain_flags, stdout);
        sitrep_record_free(rec);
        if (ferror(stdout)) {
            cli_err("extract", "writing the output failed");
            return EXIT_OUTPUT;
        }
        return EXIT_OK;
    }
    sitrep_record_json_append(rec, job->jflags, &job->out, &job->out_len, &job->out_cap);
    sitrep_record_free(rec);
    if (job->out_each || job->out_len >= OUT_BLOCK)
        return flush_out(job);
    return EXIT_OK;
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
    extract_job job = {0};
    bool progress = true;
    const char *gazetteer = NULL;
    int c, orc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        if ((orc = cli_read_option("extract", c, optarg, &ro)) >= 0) {
            if (orc != EXIT_OK)
                return orc;
            continue;
        }
        switch (c) {
        case 'T': job.jflags |= SITREP_JSON_TEXT; break;
        case 'R': job.jflags |= SITREP_JSON_RULES; break;
        case 'p': job.jflags |= SITREP_JSON_PRETTY; break;
        case 'E': job.explain = true; break;
        case 'G': gazetteer = optarg; break;
        case 'N': progress = false; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }

    sitrep_reader *r = NULL;
    int rc = cli_reader_open("extract", argv + optind, (size_t)(argc - optind), &ro, &r);
    if (rc != EXIT_OK)
        return rc;
    if (!(job.ctx = cli_open_ctx("extract", gazetteer))) {
        sitrep_reader_close(r);
        return EXIT_FATAL;
    }
    /* Records go out in blocks of OUT_BLOCK bytes (stdio's default is the
     * pipe's or the disk's block, 4 KiB: a write call every few records),
     * each written straight through stdio; on a terminal, record by
     * record. */
    job.out_each = isatty(STDOUT_FILENO);
    /* the block's room made once (a record or two past the block, which
     * flush_out writes at once), not by doublings that copy what is written */
    if (!job.out_each && (job.out = malloc(OUT_BLOCK + OUT_BLOCK / 4)))
        job.out_cap = OUT_BLOCK + OUT_BLOCK / 4;
    /* evidence words in bold on a terminal, in [brackets] otherwise */
    job.explain_flags = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") ? SITREP_EXPLAIN_COLOR : 0;
    uint64_t skipped = 0;
    rc = cli_each_doc("extract", r, progress, extract_one, &job, &skipped);
    int frc = flush_out(&job);
    if (rc == EXIT_OK)
        rc = frc;
    sitrep_free(job.out);
    if (rc == EXIT_OK && skipped)
        rc = EXIT_SKIPPED;
    sitrep_reader_close(r);
    sitrep_close(job.ctx);
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        cli_err("extract", "writing the output failed");
        rc = EXIT_OUTPUT;
    }
    return rc;
}
