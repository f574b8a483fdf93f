/* cmd_fuse.c - sitrep fuse: fuse the reports that are not fused yet, or
 * all of them anew. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep fuse [OPTIONS]\n"
            "\n"
            "Fuses the stored reports that are not fused yet (`sitrep ingest` does this\n"
            "after each batch unless --no-fuse): the reports of one event by different\n"
            "articles become one fused incident (rule: src/fuse.c).\n"
            "\n"
            "options:\n"
            "      --db PATH         database (default $SITREP_DB, else sitrep.db)\n"
            "      --rebuild         forget every fused incident and fuse all reports anew\n"
            "  -q, --quiet           no summary line on stderr\n"
            "  -h, --help            this help\n");
}

int cmd_fuse(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, 0, 'D'},
                                             {"rebuild", no_argument, 0, 'R'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *db = NULL;
    int rebuild = 0;
    bool quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': db = optarg; break;
        case 'R': rebuild = 1; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("fuse", "unexpected argument '%s' (see --help)", argv[optind]);
        return EXIT_USAGE;
    }
    sitrep_store *s = cli_open_store("fuse", db, SITREP_STORE_NOCREATE);
    if (!s)
        return EXIT_FATAL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sitrep_fuse_stats fs;
    sitrep_status st = sitrep_store_fuse(s, rebuild, &fs);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double el = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int rc = EXIT_OK;
    if (st != SITREP_OK) {
        cli_err("fuse", "%s", sitrep_store_errmsg(s));
        rc = EXIT_FATAL;
    } else if (!quiet) {
        fprintf(stderr, "sitrep fuse: %zu reports in %.3f s: %zu joined an incident, %zu incidents made\n",
                fs.reports, el, fs.joined, fs.created);
    }
    sitrep_store_close(s);
    return rc;
}
