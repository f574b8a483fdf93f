/* cmd_ingest.c - sitrep ingest: articles (or records) in, stored in SQLite,
 * in batches of one transaction each, fused as they arrive. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep ingest [OPTIONS] [FILE|DIR]...\n"
            "\n"
            "Extracts the records of articles (standard input when no FILE is given;\n"
            "directories recursively) and stores them in an SQLite database, then fuses\n"
            "the reports of one incident by different articles. An article already\n"
            "stored (the same text, whatever its id) is not stored again, so running\n"
            "the same ingest twice, or again after it was interrupted, is safe.\n"
            "\n"
            "options:\n"
            "      --db PATH         database (default $SITREP_DB, else sitrep.db)\n"
            "  -f, --format FMT      auto (default), text, jsonl, csv, html, or records:\n"
            "                        JSON records as `sitrep extract --text` writes them\n"
            "      --published DATE  publication date (YYYY-MM-DD) for documents that lack one\n"
            "      --source NAME     outlet for documents that lack one\n"
            "      --batch N         documents per transaction (default 500)\n"
            "      --no-fuse         store only; `sitrep fuse` fuses later\n"
            "      --gazetteer PATH  gazetteer index (default: beside the executable)\n"
            "      --no-progress     no progress line on a terminal\n"
            "  -q, --quiet           no summary line on stderr\n"
            "  -h, --help            this help\n"
            "\n"
            "Bad inputs are reported on stderr and skipped (exit status 1). A killed\n"
            "ingest loses only its open batch; run it again to complete it.\n");
}

typedef struct ingest {
    sitrep_store *store;
    size_t batch, in_batch;
    bool fuse;
    uint64_t docs, added, dups, skipped, incidents;
    sitrep_fuse_stats fused;
} ingest;

static int batch_end(ingest *g)
{
    if (g->in_batch == 0)
        return EXIT_OK;
    sitrep_status st = SITREP_OK;
    if (g->fuse) {
        sitrep_fuse_stats fs;
        st = sitrep_store_fuse(g->store, 0, &fs);
        if (st == SITREP_OK) {
            g->fused.reports += fs.reports;
            g->fused.joined += fs.joined;
            g->fused.created += fs.created;
        }
    }
    if (st == SITREP_OK)
        st = sitrep_store_commit(g->store);
    if (st != SITREP_OK) {
        cli_err("ingest", "%s", sitrep_store_errmsg(g->store));
        sitrep_store_rollback(g->store);
        return EXIT_FATAL;
    }
    g->in_batch = 0;
    return EXIT_OK;
}

static int batch_room(ingest *g)
{
    if (g->in_batch >= g->batch) {
        int rc = batch_end(g);
        if (rc != EXIT_OK)
            return rc;
    }
    if (g->in_batch == 0 && sitrep_store_begin(g->store) != SITREP_OK) {
        cli_err("ingest", "%s", sitrep_store_errmsg(g->store));
        return EXIT_FATAL;
    }
    g->in_batch++;
    return EXIT_OK;
}

/* Stores one record; EXIT_OK, or EXIT_FATAL on a database error. */
static int store_record(ingest *g, const sitrep_record *rec, const char *origin)
{
    int added = 0;
    sitrep_status st = sitrep_store_ingest(g->store, rec, &added);
    if (st == SITREP_ETOOBIG) {
        cli_err("ingest", "%s: %s (skipped)", origin, sitrep_store_errmsg(g->store));
        g->skipped++;
        return EXIT_OK;
    }
    if (st != SITREP_OK) {
        cli_err("ingest", "%s: %s", origin, sitrep_store_errmsg(g->store));
        return EXIT_FATAL;
    }
    if (added) {
        size_t n;
        sitrep_record_incidents(rec, &n);
        g->added++;
        g->incidents += n;
    } else {
        g->dups++;
    }
    return EXIT_OK;
}

/* What each document of the input meets. */
typedef struct article_job {
    ingest *g;
    sitrep_ctx *ctx;
} article_job;

static int ingest_article(void *arg, sitrep_doc *doc)
{
    article_job *job = arg;
    ingest *g = job->g;
    g->docs++;
    int rc = batch_room(g);
    int seen = 0;
    if (rc == EXIT_OK && sitrep_store_seen(g->store, doc, &seen) != SITREP_OK) {
        cli_err("ingest", "%s: %s", sitrep_doc_origin(doc), sitrep_store_errmsg(g->store));
        rc = EXIT_FATAL;
    }
    if (rc == EXIT_OK && seen) /* stored already: no need to extract it again */
        g->dups++;
    else if (rc == EXIT_OK) {
        sitrep_record *rec = NULL;
        if ((rc = cli_extract("ingest", job->ctx, doc, &rec)) == EXIT_OK)
            rc = store_record(g, rec, sitrep_doc_origin(doc));
        sitrep_record_free(rec);
    }
    sitrep_doc_free(doc);
    return rc;
}

static int ingest_articles(ingest *g, char **paths, size_t npaths, const sitrep_read_options *ro,
                           const char *gazetteer, bool progress)
{
    sitrep_reader *r = NULL;
    int rc = cli_reader_open("ingest", paths, npaths, ro, &r);
    if (rc != EXIT_OK)
        return EXIT_FATAL;
    article_job job = {g, cli_open_ctx("ingest", gazetteer)};
    if (job.ctx)
        rc = cli_each_doc("ingest", r, progress, ingest_article, &job, &g->skipped);
    else
        rc = EXIT_FATAL;
    sitrep_reader_close(r);
    sitrep_close(job.ctx);
    return rc;
}

/* JSON records, one a line, from files or standard input ("-"). */
static int ingest_records(ingest *g, char **paths, size_t npaths, bool progress)
{
    static char *stdin_path[] = {"-"};
    if (npaths == 0) {
        paths = stdin_path;
        npaths = 1;
    }
    int rc = EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    cli_progress prog;
    cli_progress_start(&prog, progress);
    for (size_t p = 0; p < npaths && rc != EXIT_FATAL; p++) {
        bool is_stdin = !strcmp(paths[p], "-");
        FILE *fp = is_stdin ? stdin : fopen(paths[p], "rb");
        if (!fp) {
            cli_err("ingest", "%s: %s (skipped)", paths[p], strerror(errno));
            g->skipped++;
            continue;
        }
        uint64_t lineno = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, fp)) >= 0) {
            lineno++;
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = '\0';
            if (n == 0)
                continue;
            sitrep_record *rec = NULL;
            char err[512];
            if (sitrep_record_parse(line, (size_t)n, &rec, err, sizeof err) != SITREP_OK) {
                cli_progress_end(&prog);
                cli_err("ingest", "%s:%llu: %s (skipped)", paths[p], (unsigned long long)lineno, err);
                g->skipped++;
                continue;
            }
            g->docs++;
            char origin[600];
            snprintf(origin, sizeof origin, "%s:%llu", paths[p], (unsigned long long)lineno);
            if ((rc = batch_room(g)) == EXIT_OK)
                rc = store_record(g, rec, origin);
            sitrep_record_free(rec);
            if (rc == EXIT_FATAL)
                break;
            cli_progress_update(&prog, g->docs, 0, 0);
        }
        if (ferror(fp)) {
            cli_err("ingest", "%s: read error (skipped the rest)", paths[p]);
            g->skipped++;
        }
        if (!is_stdin)
            fclose(fp);
    }
    cli_progress_end(&prog);
    free(line);
    return rc;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_ingest(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'D'},        {"format", required_argument, 0, 'f'},
        {"published", required_argument, 0, 'P'}, {"source", required_argument, 0, 'S'},
        {"batch", required_argument, 0, 'B'},     {"no-fuse", no_argument, 0, 'F'},
        {"gazetteer", required_argument, 0, 'G'}, {"no-progress", no_argument, 0, 'N'},
        {"quiet", no_argument, 0, 'q'},           {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    sitrep_read_options ro = {0};
    const char *db = NULL, *gazetteer = NULL;
    bool records = false, progress = true, quiet = false;
    ingest g = {0};
    g.batch = 500;
    g.fuse = true;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': db = optarg; break;
        case 'f':
            if (!strcmp(optarg, "records")) {
                records = true;
            } else if (sitrep_format_parse(optarg, &ro.format) != SITREP_OK) {
                cli_err("ingest", "unknown format '%s' (auto, text, jsonl, csv, html, records)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'P':
        case 'S':
            if (cli_read_option("ingest", c, optarg, &ro) != EXIT_OK)
                return EXIT_USAGE;
            break;
        case 'B': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 1000000) {
                cli_err("ingest", "--batch wants a number from 1 to 1000000, not '%s'", optarg);
                return EXIT_USAGE;
            }
            g.batch = (size_t)n;
            break;
        }
        case 'F': g.fuse = false; break;
        case 'G': gazetteer = optarg; break;
        case 'N': progress = false; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    g.store = cli_open_store("ingest", db, 0);
    if (!g.store)
        return EXIT_FATAL;
    double t0 = now_s();
    char **paths = argv + optind;
    size_t npaths = (size_t)(argc - optind);
    int rc = records ? ingest_records(&g, paths, npaths, progress)
                     : ingest_articles(&g, paths, npaths, &ro, gazetteer, progress);
    if (rc != EXIT_FATAL)
        rc = batch_end(&g) == EXIT_OK ? rc : EXIT_FATAL;
    else
        sitrep_store_rollback(g.store);
    double el = now_s() - t0;
    if (!quiet)
        fprintf(stderr,
                "sitrep ingest: %llu documents in %.2f s (%.0f/s): %llu added, %llu stored already, "
                "%llu skipped; %llu incidents; %zu fused (%zu joined an incident)\n",
                (unsigned long long)g.docs, el, el > 0 ? (double)g.docs / el : 0.0,
                (unsigned long long)g.added, (unsigned long long)g.dups, (unsigned long long)g.skipped,
                (unsigned long long)g.incidents, g.fused.reports, g.fused.joined);
    sitrep_store_close(g.store);
    if (rc == EXIT_OK && g.skipped)
        rc = EXIT_SKIPPED;
    return rc;
}
