/* cmd_reference.c - sitrep reference import: load documented records (VDC
 * daily totals, UCDP GED or WAD events) for `sitrep check`. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep reference import [OPTIONS] FILE --format FMT\n"
            "\n"
            "Imports the documented records of a CSV file into the store, as the\n"
            "reference set NAME (default: the file's name; a set of that name is\n"
            "replaced), for `sitrep check`.\n"
            "\n"
            "formats:\n"
            "  vdc-daily   date,governorate,deaths[,weapons,perpetrator]: daily totals of\n"
            "              noncombatant deaths per governorate (VDC style)\n"
            "  ucdp-ged    UCDP GED events: id, date_start, date_end, adm_1, deaths_civilians,\n"
            "              best, ... (civilian deaths; best = all deaths)\n"
            "  wad         Worldwide Atrocities Dataset: event_id, date, region, deaths, ...\n"
            "\n"
            "options:\n"
            "      --db PATH         database (default $SITREP_DB, else sitrep.db)\n"
            "  -f, --format FMT      the file's format (required)\n"
            "      --name NAME       the reference set's name\n"
            "  -h, --help            this help\n");
}

int cmd_reference(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, 0, 'D'},
                                             {"format", required_argument, 0, 'f'},
                                             {"name", required_argument, 0, 'n'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *db = NULL, *name = NULL;
    sitrep_reference_format fmt = SITREP_REF_VDC_DAILY;
    bool has_fmt = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': db = optarg; break;
        case 'f':
            if (sitrep_reference_format_parse(optarg, &fmt) != SITREP_OK) {
                cli_err("reference", "unknown format '%s' (vdc-daily, ucdp-ged, wad)", optarg);
                return EXIT_USAGE;
            }
            has_fmt = true;
            break;
        case 'n': name = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc || strcmp(argv[optind], "import") != 0) {
        cli_err("reference", "the subcommand is `import` (see sitrep reference --help)");
        return EXIT_USAGE;
    }
    if (optind + 2 != argc) {
        cli_err("reference", "import wants one FILE (see --help)");
        return EXIT_USAGE;
    }
    if (!has_fmt) {
        cli_err("reference", "import wants --format vdc-daily, ucdp-ged or wad");
        return EXIT_USAGE;
    }
    const char *path = argv[optind + 1];
    sitrep_store *s = cli_open_store("reference", db, 0);
    if (!s)
        return EXIT_FATAL;
    size_t imported = 0, skipped = 0;
    sitrep_status st = sitrep_reference_import(s, path, fmt, name, &imported, &skipped);
    int rc = EXIT_OK;
    if (st != SITREP_OK) {
        cli_err("reference", "%s", sitrep_store_errmsg(s));
        rc = st == SITREP_EIO || st == SITREP_EINPUT ? EXIT_SKIPPED : EXIT_FATAL;
    } else {
        if (skipped)
            cli_err("reference", "%zu rows skipped; the first: %s", skipped, sitrep_store_errmsg(s));
        fprintf(stderr, "sitrep reference: %s: %zu records imported\n", path, imported);
        rc = skipped ? EXIT_SKIPPED : EXIT_OK;
    }
    sitrep_store_close(s);
    return rc;
}
