/* cmd_serve.c - sitrep serve: the web view of a store, on 127.0.0.1 unless
 * --listen says otherwise. Ctrl-C (SIGINT) or SIGTERM stops it cleanly. */
#include "cli.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep serve [OPTIONS]\n"
            "\n"
            "Serves a local web view: the incidents of a database with every source's\n"
            "claim side by side, each article with its extracted words highlighted, a\n"
            "map and a timeline, and a form that extracts a pasted article. Prints its\n"
            "URL; Ctrl-C stops it.\n"
            "\n"
            "options:\n"
            "      --db PATH         the database to show (made by `sitrep ingest`); without\n"
            "                        it only the paste form works\n"
            "  -p, --port N          port (default 8080; 0: any free port)\n"
            "      --listen ADDR     address to listen on (default 127.0.0.1: this machine\n"
            "                        only); e.g. 0.0.0.0 or :: to let others in\n"
            "      --allow-ingest    let pasted articles be stored in the database\n"
            "      --threads N       worker threads (default: twice the cores, 4 to 32)\n"
            "      --timeout SECONDS drop a client that sends nothing for this long (default 15)\n"
            "      --map PATH        country outlines (world-atlas countries-50m.json)\n"
            "      --gazetteer PATH  gazetteer index (default: beside the executable)\n"
            "  -h, --help            this help\n");
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > max || s[0] == '-')
        return -1;
    *out = (unsigned)v;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'D'},      {"port", required_argument, 0, 'p'},
        {"listen", required_argument, 0, 'L'},  {"allow-ingest", no_argument, 0, 'I'},
        {"threads", required_argument, 0, 'T'}, {"map", required_argument, 0, 'M'},
        {"gazetteer", required_argument, 0, 'G'}, {"timeout", required_argument, 0, 'O'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    sitrep_serve_options o = {0};
    o.port = 8080;
    const char *gazetteer = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': o.db_path = optarg; break;
        case 'p':
            if (parse_uint(optarg, 65535, &o.port) != 0) {
                cli_err("serve", "--port wants a number from 0 to 65535, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'L': o.listen_addr = optarg; break;
        case 'I': o.allow_ingest = 1; break;
        case 'T':
            if (parse_uint(optarg, 256, &o.threads) != 0 || o.threads == 0) {
                cli_err("serve", "--threads wants a number from 1 to 256, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'O':
            if (parse_uint(optarg, 3600, &o.timeout_s) != 0 || o.timeout_s == 0) {
                cli_err("serve", "--timeout wants a number of seconds from 1 to 3600, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'M': o.map_path = optarg; break;
        case 'G': gazetteer = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("serve", "unexpected argument '%s' (see sitrep serve --help)", argv[optind]);
        return EXIT_USAGE;
    }
    if (o.listen_addr && !strcmp(o.listen_addr, "localhost"))
        o.listen_addr = "127.0.0.1";

    /* Block the stop signals before the server's threads start, so that
     * they inherit the mask and only sigwait below sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* An ignored signal is discarded, even while sigwait waits for it: a
     * shell starts background jobs with SIGINT ignored, so take it back.
     * SIGHUP stays ignored when it was (nohup). */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (signal(SIGHUP, SIG_DFL) == SIG_IGN)
        signal(SIGHUP, SIG_IGN);
    else
        sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    sitrep_ctx *ctx = cli_open_ctx("serve", gazetteer);
    if (!ctx)
        return EXIT_FATAL;
    sitrep_server *srv = NULL;
    char err[512] = "";
    /* the server brings a database of an older schema up to date when it
     * can (as the other commands do): say so */
    int before = -1;
    if (!o.db_path || sitrep_store_file_version(o.db_path, &before, NULL, 0) != SITREP_OK)
        before = -1;
    sitrep_status st = sitrep_serve_start(ctx, &o, &srv, err, sizeof err);
    if (st != SITREP_OK) {
        cli_err("serve", "%s", err[0] ? err : sitrep_status_str(st));
        sitrep_close(ctx);
        return st == SITREP_EUSAGE ? EXIT_USAGE : EXIT_FATAL;
    }
    if (before > 0 && before < SITREP_STORE_SCHEMA_VERSION)
        cli_err("serve", "%s: database schema v%d brought up to date (v%d)", o.db_path, before,
                SITREP_STORE_SCHEMA_VERSION);
    const char *w = sitrep_serve_warning(srv);
    if (w)
        cli_err("serve", "warning: %s", w);
    printf("sitrep serve: %s%s\n", sitrep_serve_url(srv), o.db_path ? "" : " (no database: paste only)");
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "sitrep serve: stopping\n");
    sitrep_serve_stop(srv);
    sitrep_close(ctx);
    return EXIT_OK;
}
