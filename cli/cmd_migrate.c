/* cmd_migrate.c - sitrep migrate: bring a database's schema up to this
 * sitrep's version, or tell whether it needs it. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep migrate [OPTIONS]\n"
            "\n"
            "Brings the database's schema up to this sitrep's version (v%d), in one\n"
            "transaction, keeping everything stored. The commands that write (ingest,\n"
            "fuse, reference) do this by themselves, and so do the read-only ones\n"
            "(search, incidents, check, serve) when the file can be written; when it\n"
            "cannot, they stop and ask for this command, to be run where it can.\n"
            "\n"
            "options:\n"
            "      --db PATH         database (default $SITREP_DB, else sitrep.db)\n"
            "      --check           change nothing: say the schema version, exit 1 when\n"
            "                        it is older than this sitrep's\n"
            "  -h, --help            this help\n",
            SITREP_STORE_SCHEMA_VERSION);
}

int cmd_migrate(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, 0, 'D'},
                                             {"check", no_argument, 0, 'c'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *db = NULL;
    bool check = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': db = optarg; break;
        case 'c': check = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("migrate", "unexpected argument '%s' (see --help)", argv[optind]);
        return EXIT_USAGE;
    }
    if (!db)
        db = cli_db_default();
    char err[512];
    int before = -1;
    sitrep_status st = sitrep_store_file_version(db, &before, err, sizeof err);
    if (st != SITREP_OK) {
        cli_err("migrate", "%s", err);
        return EXIT_FATAL;
    }
    if (before > SITREP_STORE_SCHEMA_VERSION) {
        cli_err("migrate", "%s: database schema v%d is newer than this sitrep (v%d): use a newer sitrep", db, before,
                SITREP_STORE_SCHEMA_VERSION);
        return EXIT_FATAL;
    }
    if (check || before == SITREP_STORE_SCHEMA_VERSION) {
        printf("%s: schema v%d%s\n", db, before,
               before == SITREP_STORE_SCHEMA_VERSION ? ", up to date" : ", older than this sitrep's: run `sitrep migrate`");
        return before == SITREP_STORE_SCHEMA_VERSION ? EXIT_OK : EXIT_SKIPPED;
    }
    if (before == 0) {
        cli_err("migrate", "%s holds no sitrep database (schema v0): `sitrep ingest --db %s` makes one", db, db);
        return EXIT_FATAL;
    }
    sitrep_store *s = NULL;
    st = sitrep_store_open(db, SITREP_STORE_NOCREATE, &s, err, sizeof err);
    if (st != SITREP_OK) {
        cli_err("migrate", "%s", err);
        return EXIT_FATAL;
    }
    int after = sitrep_store_schema_version(s);
    sitrep_store_close(s);
    printf("%s: schema v%d -> v%d\n", db, before, after);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}
