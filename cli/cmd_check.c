/* cmd_check.c - sitrep check: each stored claim of deaths set against the
 * reference records, and a verdict per article with its reasons. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep check [OPTIONS]\n"
            "\n"
            "Sets each stored claim of civilian deaths against the reference records\n"
            "(`sitrep reference import`) of the same governorate and dates: consistent,\n"
            "inconsistent (over- or under-reported, by how much), or no record; and gives\n"
            "each article a verdict with its reason: credible (its checked claims are\n"
            "consistent), doubtful (one is not), unverified (nothing could be checked).\n"
            "The rule is stated in src/check.c.\n"
            "\n"
            "options:\n"
            "      --db PATH         database (default $SITREP_DB, else sitrep.db)\n"
            "  -f, --format FMT      table (default) or json (one object per article)\n"
            "      --tolerance R     relative tolerance (default 0.25)\n"
            "      --slack N         absolute tolerance in deaths (default 2)\n"
            "  -q, --quiet           no summary line on stderr\n"
            "  -h, --help            this help\n");
}

static void json_claim(const sitrep_claim_check *c)
{
    printf("{\"report\":%lld,\"governorate\":", (long long)c->report_id);
    cli_json_str(stdout, c->governorate);
    fputs(",\"date_from\":", stdout);
    cli_json_str(stdout, c->date_from);
    fputs(",\"date_to\":", stdout);
    cli_json_str(stdout, c->date_to);
    printf(",\"claimed_low\":%lld,\"claimed_high\":%lld,\"result\":\"%s\"", (long long)c->claimed_low,
           (long long)c->claimed_high, sitrep_check_result_name(c->result));
    if (c->result == SITREP_CHECK_CONSISTENT || c->result == SITREP_CHECK_INCONSISTENT)
        printf(",\"documented_low\":%lld,\"documented_high\":%lld,\"direction\":\"%s\",\"difference\":%lld",
               (long long)c->documented_low, (long long)c->documented_high,
               c->direction > 0 ? "over" : c->direction < 0 ? "under" : "none", (long long)c->difference);
    printf(",\"records\":%zu,\"reason\":", c->nrecords);
    cli_json_str(stdout, c->reason);
    fputc('}', stdout);
}

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, 0, 'D'},
                                             {"format", required_argument, 0, 'f'},
                                             {"tolerance", required_argument, 0, 't'},
                                             {"slack", required_argument, 0, 's'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *db = NULL;
    bool json = false, quiet = false;
    sitrep_check_options opts = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:qh", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'D': db = optarg; break;
        case 'f':
            if (!strcmp(optarg, "json"))
                json = true;
            else if (strcmp(optarg, "table") != 0) {
                cli_err("check", "unknown format '%s' (table, json)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 't':
            opts.tolerance = strtod(optarg, &end);
            if (*end || opts.tolerance <= 0 || opts.tolerance > 10) {
                cli_err("check", "--tolerance wants a ratio such as 0.25, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 's':
            opts.slack = strtoll(optarg, &end, 10);
            if (*end || opts.slack < 0) {
                cli_err("check", "--slack wants a number of deaths, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("check", "unexpected argument '%s' (see --help)", argv[optind]);
        return EXIT_USAGE;
    }
    sitrep_store *s = cli_open_store("check", db, SITREP_STORE_READONLY | SITREP_STORE_NOCREATE);
    if (!s)
        return EXIT_FATAL;
    sitrep_check_iter *it = NULL;
    sitrep_status st = sitrep_store_check(s, &opts, &it);
    const sitrep_article_check *a;
    size_t counts[3] = {0, 0, 0};
    int width = cli_term_width();
    int wr = width - (10 + 1 + 14 + 1 + 10 + 1);
    if (!json && st == SITREP_OK) {
        cli_cell(stdout, "VERDICT", 10, false);
        cli_cell(stdout, "ARTICLE", 14, false);
        cli_cell(stdout, "PUBLISHED", 10, false);
        cli_cell(stdout, "REASON", wr, true);
        putchar('\n');
    }
    while (st == SITREP_OK && (st = sitrep_check_next(it, &a)) == SITREP_OK) {
        counts[a->verdict]++;
        if (json) {
            fputs("{\"id\":", stdout);
            cli_json_str(stdout, a->doc_id);
            fputs(",\"source\":", stdout);
            cli_json_str(stdout, a->source);
            fputs(",\"title\":", stdout);
            cli_json_str(stdout, a->title);
            fputs(",\"published\":", stdout);
            cli_json_str(stdout, a->published);
            printf(",\"verdict\":\"%s\",\"reason\":", sitrep_verdict_name(a->verdict));
            cli_json_str(stdout, a->reason);
            fputs(",\"claims\":[", stdout);
            for (size_t i = 0; i < a->nclaims; i++) {
                if (i)
                    fputc(',', stdout);
                json_claim(&a->claims[i]);
            }
            fputs("]}\n", stdout);
        } else {
            cli_cell(stdout, sitrep_verdict_name(a->verdict), 10, false);
            cli_cell(stdout, a->doc_id, 14, false);
            cli_cell(stdout, a->published, 10, false);
            cli_cell(stdout, a->reason, wr, true);
            putchar('\n');
        }
    }
    int rc = EXIT_OK;
    if (st != SITREP_END) {
        cli_err("check", "%s", sitrep_store_errmsg(s));
        rc = EXIT_FATAL;
    } else if (!quiet) {
        fprintf(stderr, "sitrep check: %zu articles: %zu credible, %zu doubtful, %zu unverified\n",
                counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
    }
    sitrep_check_iter_free(it);
    sitrep_store_close(s);
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        cli_err("check", "writing the output failed");
        rc = EXIT_OUTPUT;
    }
    return rc;
}
