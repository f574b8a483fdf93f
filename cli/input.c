/* input.c - the input side that extract, read and ingest share: the
 * reading options, and the loop over the documents of the inputs with its
 * messages, skips and progress. */
#include "cli.h"

int cli_read_option(const char *cmd, int opt, const char *arg, sitrep_read_options *ro)
{
    switch (opt) {
    case 'f':
        if (sitrep_format_parse(arg, &ro->format) != SITREP_OK) {
            cli_err(cmd, "unknown format '%s' (auto, text, jsonl, csv, html)", arg);
            return EXIT_USAGE;
        }
        return EXIT_OK;
    case 'P': {
        /* checked here, before anything slow is opened, as the reader will */
        sitrep_doc *probe = NULL;
        sitrep_status st = sitrep_doc_new("", 0, &probe);
        if (st == SITREP_OK)
            st = sitrep_doc_set(probe, SITREP_DOC_PUBLISHED, arg);
        sitrep_doc_free(probe);
        if (st != SITREP_OK) {
            cli_err(cmd, "--published wants a date as YYYY-MM-DD, not '%s'", arg);
            return EXIT_USAGE;
        }
        ro->default_published = arg;
        return EXIT_OK;
    }
    case 'S':
        ro->default_source = arg;
        return EXIT_OK;
    default:
        return -1;
    }
}

int cli_reader_open(const char *cmd, char **paths, size_t npaths, const sitrep_read_options *ro,
                    sitrep_reader **out)
{
    sitrep_status st = sitrep_reader_open((const char *const *)paths, npaths, ro, out);
    if (st == SITREP_OK)
        return EXIT_OK;
    cli_err(cmd, "%s", sitrep_status_str(st));
    return st == SITREP_EUSAGE ? EXIT_USAGE : EXIT_FATAL;
}

int cli_each_doc(const char *cmd, sitrep_reader *r, bool progress, cli_doc_fn fn, void *arg, uint64_t *skipped)
{
    int rc = EXIT_OK;
    uint64_t ndocs = 0;
    cli_progress prog;
    cli_progress_start(&prog, progress);
    for (;;) {
        sitrep_doc *doc = NULL;
        sitrep_status st = sitrep_reader_next(r, &doc);
        if (st == SITREP_END)
            break;
        if (st == SITREP_ENOMEM) {
            cli_progress_end(&prog);
            cli_err(cmd, "out of memory");
            rc = EXIT_FATAL;
            break;
        }
        if (st != SITREP_OK) {
            cli_progress_end(&prog);
            cli_err(cmd, "%s (skipped)", sitrep_reader_errmsg(r));
            (*skipped)++;
            continue;
        }
        int drc = fn(arg, doc);
        if (drc == EXIT_SKIPPED) {
            (*skipped)++;
            continue;
        }
        if (drc != EXIT_OK) {
            rc = drc;
            break;
        }
        ndocs++;
        uint64_t done, total;
        sitrep_reader_progress(r, &done, &total);
        cli_progress_update(&prog, ndocs, done, total);
    }
    cli_progress_end(&prog);
    return rc;
}

int cli_extract(const char *cmd, sitrep_ctx *ctx, const sitrep_doc *doc, sitrep_record **rec)
{
    sitrep_status st = sitrep_extract(ctx, doc, rec);
    if (st == SITREP_OK)
        return EXIT_OK;
    cli_err(cmd, "%s: %s", sitrep_doc_origin(doc), sitrep_status_str(st));
    return st == SITREP_ENOMEM ? EXIT_FATAL : EXIT_SKIPPED;
}
