/* util.c - messages and progress for the CLI. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

const char *cli_prog = "sitrep";

void cli_err(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s%s%s: ", cli_prog, cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, bool allowed)
{
    p->enabled = allowed && isatty(STDERR_FILENO);
    p->t0 = p->last = now();
    p->shown = false;
}

void cli_progress_update(cli_progress *p, uint64_t ndocs, uint64_t done, uint64_t total)
{
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->t0 < 1.0 || t - p->last < 0.25)
        return;
    p->last = t;
    double el = t - p->t0;
    double rate = (double)ndocs / el;
    fprintf(stderr, "\r\033[K%llu documents, %.0f/s, %.1f MB/s", (unsigned long long)ndocs, rate,
            (double)done / el / 1e6);
    if (total > 0 && done > 0 && done <= total) {
        double left = el * (double)(total - done) / (double)done;
        fprintf(stderr, ", %3.0f%%, %.0f s left", 100.0 * (double)done / (double)total, left);
    }
    p->shown = true;
}

void cli_progress_end(cli_progress *p)
{
    if (p->enabled && p->shown)
        fputs("\r\033[K", stderr);
}

sitrep_ctx *cli_open_ctx(const char *cmd, const char *gazetteer)
{
    sitrep_options opts = {0};
    opts.gazetteer_path = gazetteer;
    sitrep_ctx *ctx = NULL;
    char err[512];
    sitrep_status st = sitrep_open(&opts, &ctx, err, sizeof err);
    if (st != SITREP_OK) {
        cli_err(cmd, "%s", err);
        return NULL;
    }
    const char *w = sitrep_ctx_warning(ctx);
    if (w)
        cli_err(cmd, "warning: %s", w);
    return ctx;
}
