/* cmd_search.c - sitrep search: full-text search of the stored articles,
 * with the sentences that match. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep search [OPTIONS] QUERY...\n"
            "\n"
            "Searches the text of the stored articles (SQLite FTS5: words, \"a phrase\",\n"
            "prefix*, AND, OR, NOT; case and accents ignored) and prints, best first,\n"
            "each article with a snippet and the sentences that match.\n"
            "\n"
            "options:\n"
            "      --db PATH         database (default $SITREP_DB, else sitrep.db)\n"
            "  -n, --limit N         at most N articles (default 20)\n"
            "  -f, --format FMT      text (default) or json (one object per line)\n"
            "  -h, --help            this help\n");
}

int cmd_search(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, 0, 'D'},
                                             {"limit", required_argument, 0, 'n'},
                                             {"format", required_argument, 0, 'f'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *db = NULL;
    size_t limit = 20;
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': db = optarg; break;
        case 'n': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1) {
                cli_err("search", "--limit wants a positive number, not '%s'", optarg);
                return EXIT_USAGE;
            }
            limit = (size_t)n;
            break;
        }
        case 'f':
            if (!strcmp(optarg, "json"))
                json = true;
            else if (strcmp(optarg, "text") != 0) {
                cli_err("search", "unknown format '%s' (text, json)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_err("search", "no query (see sitrep search --help)");
        return EXIT_USAGE;
    }
    /* the words of the command line, one query */
    size_t qlen = 1;
    for (int i = optind; i < argc; i++)
        qlen += strlen(argv[i]) + 1;
    char *query = malloc(qlen);
    if (!query)
        return EXIT_FATAL;
    query[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    sitrep_store *s = cli_open_store("search", db, SITREP_STORE_READONLY | SITREP_STORE_NOCREATE);
    if (!s) {
        free(query);
        return EXIT_FATAL;
    }
    sitrep_search_iter *it = NULL;
    sitrep_status st = sitrep_store_search(s, query, limit, &it);
    const sitrep_search_hit *h;
    size_t nhits = 0;
    while (st == SITREP_OK && (st = sitrep_search_next(it, &h)) == SITREP_OK) {
        nhits++;
        if (json) {
            fputs("{\"id\":", stdout);
            cli_json_str(stdout, h->id);
            fputs(",\"source\":", stdout);
            cli_json_str(stdout, h->source);
            fputs(",\"title\":", stdout);
            cli_json_str(stdout, h->title);
            fputs(",\"published\":", stdout);
            cli_json_str(stdout, h->published);
            fputs(",\"snippet\":", stdout);
            cli_json_str(stdout, h->snippet);
            fputs(",\"sentences\":[", stdout);
            for (size_t i = 0; i < h->nsentences; i++) {
                printf("%s{\"start\":%u,\"end\":%u,\"text\":", i ? "," : "", h->sentences[i].start,
                       h->sentences[i].end);
                cli_json_strn(stdout, h->text + h->sentences[i].start,
                              h->sentences[i].end - h->sentences[i].start);
                fputc('}', stdout);
            }
            fputs("]}\n", stdout);
        } else {
            printf("%s  %s  %s  %s\n", h->id ? h->id : "-", h->published ? h->published : "-",
                   h->source ? h->source : "-", h->title ? h->title : "");
            if (h->snippet) {
                char buf[1024];
                cli_fit(h->snippet, 400, buf, sizeof buf);
                printf("  %s\n", buf);
            }
            for (size_t i = 0; i < h->nsentences; i++) {
                const sitrep_span *sp = &h->sentences[i];
                int len = (int)(sp->end - sp->start);
                printf("  > [%u-%u] %.*s\n", sp->start, sp->end, len, h->text + sp->start);
            }
            putchar('\n');
        }
    }
    int rc = EXIT_OK;
    if (st == SITREP_EUSAGE) {
        cli_err("search", "bad query '%s': %s", query, sitrep_store_errmsg(s));
        rc = EXIT_USAGE;
    } else if (st != SITREP_END) {
        cli_err("search", "%s", sitrep_store_errmsg(s));
        rc = EXIT_FATAL;
    } else if (!json && nhits == 0) {
        cli_err("search", "no article matches");
    }
    sitrep_search_iter_free(it);
    sitrep_store_close(s);
    free(query);
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        cli_err("search", "writing the output failed");
        rc = EXIT_OUTPUT;
    }
    return rc;
}
