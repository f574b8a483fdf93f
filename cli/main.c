/* main.c - the sitrep command: dispatch to subcommands. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} commands[] = {
    {"extract", cmd_extract, "extract incident records from articles (JSON Lines)"},
    {"read", cmd_read, "read articles (text, JSON Lines, CSV, HTML) as JSON Lines, no extraction"},
    {"eval", cmd_eval, "score the records against a gold CSV (FA-KES or WAD style)"},
    {"ingest", cmd_ingest, "extract and store articles in a database (SQLite), fused"},
    {"search", cmd_search, "full-text search of the stored articles"},
    {"incidents", cmd_incidents, "fused incidents: table, json, csv (ACLED columns), geojson"},
    {"fuse", cmd_fuse, "fuse the stored reports of one incident (or all anew)"},
    {"reference", cmd_reference, "import documented records (VDC daily, UCDP GED, WAD)"},
    {"check", cmd_check, "set claims against the documented records: a verdict per article"},
    {"serve", cmd_serve, "web view of a database: incidents, articles, map (localhost)"},
    {"migrate", cmd_migrate, "bring a database's schema up to this sitrep's version"},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Turns war reporting into evidence records: every reported harm event with\n"
            "the words that gave each value.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(fp,
            "\n"
            "`sitrep COMMAND --help` describes each command.\n"
            "\n"
            "exit status:\n"
            "  0  done\n"
            "  1  done, but some inputs were bad and skipped (messages on stderr)\n"
            "  2  bad command line\n"
            "  3  could not start or go on (missing data, database error, out of memory)\n"
            "  4  writing the output failed\n"
            "  5  eval: a score fell below a --min threshold\n");
}

/* Each document's pass allocates and frees a few hundred kilobytes. By
 * default glibc gives the freed top of the heap back to the system, and the
 * next documents fault the same pages in again, a page fault per 4 KB; where
 * a fault is dear (virtual machines: 13-20 us measured here, the time it
 * takes to extract about 1 KB of text) that cost 4% of a long extraction:
 * 1,833 faults for 40 MB, against 1,015 with the heap kept, the same at 10
 * MB. The heap is kept, as it reaches its peak within the first documents,
 * and grows in steps of 4 MB. Blocks up to 32 MB come from the heap too:
 * once the trim threshold is set glibc no longer raises its mmap threshold
 * by itself, and a block mapped afresh for each long document would be
 * faulted in each time. */
static void keep_heap(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 4 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
    keep_heap();
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("sitrep %s\n", SITREP_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    cli_err(NULL, "unknown command '%s' (see sitrep --help)", argv[1]);
    return EXIT_USAGE;
}
