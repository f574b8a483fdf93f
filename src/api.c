/* api.c - opening a context, statuses, formats. */
#include "context.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *sitrep_status_str(sitrep_status st)
{
    switch (st) {
    case SITREP_OK: return "ok";
    case SITREP_END: return "end of input";
    case SITREP_ENOMEM: return "out of memory";
    case SITREP_EIO: return "input/output error";
    case SITREP_EINPUT: return "bad input";
    case SITREP_ETOOBIG: return "input too big";
    case SITREP_EUSAGE: return "invalid argument";
    case SITREP_EDATA: return "data file missing or corrupt";
    case SITREP_EDB: return "database error";
    case SITREP_ENOTFOUND: return "not found";
    }
    return "unknown status";
}

void sitrep_free(void *p) { free(p); }

sitrep_status sitrep_format_parse(const char *name, sitrep_format *out)
{
    static const char *const names[] = {"auto", "text", "jsonl", "csv", "html"};
    for (size_t i = 0; i < SR_ARRAY_LEN(names); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (sitrep_format)i;
            return SITREP_OK;
        }
    }
    return SITREP_EUSAGE;
}

sitrep_status sitrep_open(const sitrep_options *opts, sitrep_ctx **out, char *errbuf, size_t errbuf_size)
{
    char err[SR_ERRMSG_MAX] = "";
    *out = NULL;
    sitrep_ctx *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return SITREP_ENOMEM;
    atomic_flag_clear(&ctx->scratch_busy);
    sitrep_status st = sr_lexicon_load(&ctx->lex, err);
    if (st == SITREP_OK) {
        char pathbuf[PATH_MAX];
        /* the option, $SITREP_GAZETTEER, beside the executable, the data directory */
        const char *path = sr_find_data_file(opts ? opts->gazetteer_path : NULL, "SITREP_GAZETTEER",
                                             "gazetteer.idx", pathbuf, sizeof pathbuf);
        if (opts && opts->gazetteer_path && !sr_readable(path)) {
            sr_errf(err, "%s: cannot read the gazetteer index", path);
            st = SITREP_EDATA;
        } else {
            st = sr_gaz_open(path, &ctx->gaz, err);
            if (st == SITREP_OK && !path)
                snprintf(ctx->warning, sizeof ctx->warning,
                         "no gazetteer index found (run `make` or set SITREP_GAZETTEER): only the "
                         "built-in places are known");
        }
    }
    if (st != SITREP_OK) {
        if (errbuf && errbuf_size)
            snprintf(errbuf, errbuf_size, "%s", err[0] ? err : sitrep_status_str(st));
        sitrep_close(ctx);
        return st;
    }
    *out = ctx;
    return SITREP_OK;
}

void sitrep_close(sitrep_ctx *ctx)
{
    if (!ctx)
        return;
    sr_lexicon_free(ctx->lex);
    sr_gaz_close(ctx->gaz);
    sr_annot_free(&ctx->scratch);
    free(ctx);
}

const char *sitrep_ctx_warning(const sitrep_ctx *ctx) { return ctx->warning[0] ? ctx->warning : NULL; }
