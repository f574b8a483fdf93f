/* cmd_eval.c - sitrep eval: records scored against a gold CSV, figure for
 * figure as ../shared/tools/score.py scores them. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep eval --gold FILE.csv [OPTIONS]\n"
            "\n"
            "Extracts every document of a gold CSV and scores the records against it, as\n"
            "shared/tools/score.py does: per-field accuracy beside the majority-answer\n"
            "baseline, and a confusion table for each categorical field. The columns tell\n"
            "the kind of gold:\n"
            "  FA-KES style (unit_id, title, content, source, date, location, actor,\n"
            "    cause_of_death, nb_civilians, nb_noncivilians, nb_children, nb_women):\n"
            "    fields location actor cause_of_death nb_civilians nb_noncivilians\n"
            "    nb_children nb_women published\n"
            "  WAD style (event_id, description, deaths):\n"
            "    fields exact (summary.nb_civilians == deaths) and killed_count (some\n"
            "    killed count == deaths)\n"
            "\n"
            "options:\n"
            "      --gold FILE        the gold CSV (\"-\": standard input)\n"
            "      --records FILE     score these records (JSON Lines from sitrep extract,\n"
            "                         with --text for context in --misses) instead of\n"
            "                         extracting the gold's documents\n"
            "      --misses           list each wrong row: gold, predicted, and the evidence\n"
            "                         used (the words, in context, and the rule)\n"
            "      --field F          only the misses of field F (implies --misses)\n"
            "      --min F=VALUE      exit with status 5 when field F scores below VALUE\n"
            "                         (0 to 1); may be repeated\n"
            "      --format FMT       text (default) or json\n"
            "      --gazetteer PATH   gazetteer index (default: beside the executable)\n"
            "      --no-progress      no progress line on a terminal\n"
            "  -h, --help             this help\n"
            "\n"
            "exit status: 0 done; 1 some rows or documents were skipped (see the warnings);\n"
            "2 bad command line; 3 the gold file cannot be read or has unknown columns;\n"
            "4 writing failed; 5 a score fell below a --min threshold.\n");
}

typedef struct threshold {
    const char *field;
    double min;
} threshold;

/* A field named by --min or --field must be a field of some kind of gold. */
static bool known_field(const char *name)
{
    static const sitrep_gold_kind kinds[] = {SITREP_GOLD_FAKES, SITREP_GOLD_WAD};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (const char *const *f = sitrep_eval_fields(kinds[k]); *f; f++)
            if (!strcmp(*f, name))
                return true;
    return false;
}

static void progress_cb(void *arg, size_t rows, uint64_t done, uint64_t total)
{
    cli_progress_update(arg, rows, done, total);
}

int cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"gold", required_argument, 0, 'g'},    {"records", required_argument, 0, 'r'},
        {"misses", no_argument, 0, 'm'},
        {"field", required_argument, 0, 'F'},   {"min", required_argument, 0, 'M'},
        {"format", required_argument, 0, 'f'},  {"gazetteer", required_argument, 0, 'G'},
        {"no-progress", no_argument, 0, 'N'},   {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *gold = NULL, *gazetteer = NULL;
    sitrep_eval_options eo = {0};
    sitrep_eval_format format = SITREP_EVAL_TEXT;
    bool progress = true;
    threshold mins[32];
    size_t nmins = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': gold = optarg; break;
        case 'r': eo.records_path = optarg; break;
        case 'm': eo.misses = 1; break;
        case 'F':
            if (!known_field(optarg)) {
                cli_err("eval", "--field: unknown field '%s' (see sitrep eval --help)", optarg);
                return EXIT_USAGE;
            }
            eo.misses = 1;
            eo.miss_field = optarg;
            break;
        case 'M': {
            char *eq = strchr(optarg, '=');
            char *end = NULL;
            double v = eq ? strtod(eq + 1, &end) : 0;
            if (!eq || eq == optarg || end == eq + 1 || *end || v < 0 || v > 1) {
                cli_err("eval", "--min wants FIELD=VALUE with VALUE from 0 to 1, not '%s'", optarg);
                return EXIT_USAGE;
            }
            *eq = '\0';
            if (!known_field(optarg)) {
                cli_err("eval", "--min: unknown field '%s' (see sitrep eval --help)", optarg);
                return EXIT_USAGE;
            }
            if (nmins == sizeof mins / sizeof mins[0]) {
                cli_err("eval", "too many --min options");
                return EXIT_USAGE;
            }
            mins[nmins++] = (threshold){optarg, v};
            break;
        }
        case 'f':
            if (!strcmp(optarg, "text"))
                format = SITREP_EVAL_TEXT;
            else if (!strcmp(optarg, "json"))
                format = SITREP_EVAL_JSON;
            else {
                cli_err("eval", "unknown format '%s' (text, json)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'G': gazetteer = optarg; break;
        case 'N': progress = false; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("eval", "unexpected argument '%s' (see sitrep eval --help)", argv[optind]);
        return EXIT_USAGE;
    }
    if (!gold) {
        cli_err("eval", "--gold FILE is required (see sitrep eval --help)");
        return EXIT_USAGE;
    }

    sitrep_ctx *ctx = NULL; /* no extraction when the records are given */
    if (!eo.records_path && !(ctx = cli_open_ctx("eval", gazetteer)))
        return EXIT_FATAL;
    cli_progress prog;
    cli_progress_start(&prog, progress);
    eo.progress = progress_cb;
    eo.progress_arg = &prog;
    sitrep_eval *ev = NULL;
    char err[512];
    sitrep_status st = sitrep_eval_run(ctx, gold, &eo, &ev, err, sizeof err);
    cli_progress_end(&prog);
    sitrep_close(ctx);
    if (st != SITREP_OK) {
        cli_err("eval", "%s", err[0] ? err : sitrep_status_str(st));
        return st == SITREP_EUSAGE ? EXIT_USAGE : EXIT_FATAL;
    }

    int rc = EXIT_OK;
    /* thresholds name fields of the gold's kind */
    for (size_t i = 0; i < nmins; i++) {
        if (!sitrep_eval_score_of(ev, mins[i].field)) {
            cli_err("eval", "--min: a %s gold has no field '%s'", sitrep_gold_kind_name(sitrep_eval_kind(ev)),
                    mins[i].field);
            sitrep_eval_free(ev);
            return EXIT_USAGE;
        }
    }
    unsigned flags = format == SITREP_EVAL_TEXT && isatty(STDOUT_FILENO) && !getenv("NO_COLOR") ? SITREP_EVAL_COLOR : 0;
    if (sitrep_eval_write(ev, format, flags, stdout) != SITREP_OK || fflush(stdout) != 0) {
        cli_err("eval", "writing the output failed");
        sitrep_eval_free(ev);
        return EXIT_OUTPUT;
    }
    size_t nwarn = 0;
    const char *const *warnings = sitrep_eval_warnings(ev, &nwarn);
    if (nwarn) {
        if (format == SITREP_EVAL_JSON) /* the text report lists them itself */
            for (size_t i = 0; i < nwarn; i++)
                cli_err("eval", "warning: %s", warnings[i]);
        rc = EXIT_SKIPPED;
    }
    for (size_t i = 0; i < nmins; i++) {
        const sitrep_eval_score *s = sitrep_eval_score_of(ev, mins[i].field);
        /* compared unrounded, as score.py's verdict does */
        if (s->accuracy < mins[i].min) {
            cli_err("eval", "%s %.3f is below the minimum %.3f", s->field, s->accuracy, mins[i].min);
            rc = EXIT_BELOW;
        }
    }
    sitrep_eval_free(ev);
    return rc;
}
