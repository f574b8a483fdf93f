/* cli.h - what the sitrep subcommands share: exit codes, messages,
 * progress on a terminal. The CLI uses only the public header sitrep.h. */
#ifndef SITREP_CLI_H
#define SITREP_CLI_H

#include "sitrep.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

/* Exit codes (documented in `sitrep --help` and the README). */
enum {
    EXIT_OK = 0,       /* everything done */
    EXIT_SKIPPED = 1,  /* done, but some inputs were bad and skipped (see stderr) */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_FATAL = 3,    /* could not start or go on: missing data, database error, out of memory */
    EXIT_OUTPUT = 4,   /* writing the output failed (disk full, closed pipe) */
    EXIT_BELOW = 5     /* eval: a score fell below a --min threshold */
};

extern const char *cli_prog; /* "sitrep" */

/* "sitrep extract: message\n" on stderr. */
void cli_err(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Progress on stderr, only when stderr is a terminal and the job has run for
 * more than a second: count, rate and, when the total is known, time left.
 * Quiet when piped. */
typedef struct cli_progress {
    bool enabled;
    double t0, last;
    bool shown;
} cli_progress;

void cli_progress_start(cli_progress *p, bool allowed);
void cli_progress_update(cli_progress *p, uint64_t ndocs, uint64_t bytes_done, uint64_t bytes_total);
void cli_progress_end(cli_progress *p);

/* Opens the context with the common --gazetteer option; prints the error
 * and returns NULL on failure. */
sitrep_ctx *cli_open_ctx(const char *cmd, const char *gazetteer);

/* The input of extract, read and ingest (input.c). cli_read_option takes
 * the reading options -f/--format, --published and --source (opt 'f', 'P',
 * 'S'): EXIT_OK, EXIT_USAGE after a message, or -1 for another option. */
int cli_read_option(const char *cmd, int opt, const char *arg, sitrep_read_options *ro);
/* Opens a reader over paths (standard input when there are none): EXIT_OK,
 * or EXIT_USAGE / EXIT_FATAL after a message. */
int cli_reader_open(const char *cmd, char **paths, size_t npaths, const sitrep_read_options *ro,
                    sitrep_reader **out);
/* Hands each document of r to fn, which frees it and returns EXIT_OK,
 * EXIT_SKIPPED (counted in *skipped: fn has said why) or another code that
 * stops the loop. Bad inputs are reported and counted in *skipped; progress
 * is shown when allowed. Returns EXIT_OK or the code that stopped it. */
typedef int (*cli_doc_fn)(void *arg, sitrep_doc *doc);
int cli_each_doc(const char *cmd, sitrep_reader *r, bool progress, cli_doc_fn fn, void *arg, uint64_t *skipped);
/* sitrep_extract, its failure reported with the document's origin:
 * EXIT_OK, EXIT_SKIPPED, or EXIT_FATAL when memory ran out. */
int cli_extract(const char *cmd, sitrep_ctx *ctx, const sitrep_doc *doc, sitrep_record **rec);

/* The store commands (db.c): the database of --db (NULL: $SITREP_DB, else
 * sitrep.db), opened with sitrep_store_open flags (READONLY ones migrate an
 * older schema first when the file can be written); prints the error and
 * returns NULL on failure. */
const char *cli_db_default(void);
sitrep_store *cli_open_store(const char *cmd, const char *path, unsigned flags);
/* Table output: the terminal's width ($COLUMNS, else the tty's, else 80),
 * text cut to a column width, and one padded cell. */
int cli_term_width(void);
int cli_fit(const char *s, int width, char *out, size_t cap);
void cli_cell(FILE *fp, const char *s, int width, bool last);
/* A JSON string literal of s (NULL: null). */
void cli_json_str(FILE *fp, const char *s);
void cli_json_strn(FILE *fp, const char *s, size_t n);

/* Subcommands: argv[0] is the subcommand name. */
int cmd_extract(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_incidents(int argc, char **argv);
int cmd_fuse(int argc, char **argv);
int cmd_reference(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);

#endif
