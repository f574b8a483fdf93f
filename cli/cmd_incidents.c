/* cmd_incidents.c - sitrep incidents: the fused incidents of the store, as a
 * table that fits the terminal, JSON Lines, CSV with ACLED's column names,
 * or a GeoJSON FeatureCollection (RFC 7946). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sitrep incidents [OPTIONS]\n"
            "\n"
            "Lists the fused incidents of the store: each event once, with the lowest and\n"
            "highest figures its sources claim and whether they conflict.\n"
            "\n"
            "options:\n"
            "      --db PATH         database (default $SITREP_DB, else sitrep.db)\n"
            "      --from DATE       incidents on or after DATE (YYYY-MM-DD)\n"
            "      --to DATE         incidents on or before DATE\n"
            "      --place NAME      place or first-level division (case and accents ignored)\n"
            "      --actor NAME      perpetrator, canonical or as named\n"
            "      --cause C         airstrike, shelling, explosion, chemical, shooting,\n"
            "                        execution, torture, siege\n"
            "      --conflicting     only incidents whose sources give different figures\n"
            "      --war             also war-wide totals (\"the war has killed 320,000\")\n"
            "  -n, --limit N         at most N incidents\n"
            "  -f, --format FMT      table (default), json (one object per line), csv\n"
            "                        (ACLED column names first), geojson (FeatureCollection)\n"
            "  -h, --help            this help\n"
            "\n"
            "CSV columns: event_date, admin1, location, latitude, longitude, fatalities,\n"
            "actor1, source, notes (as ACLED names them; fatalities is the lowest figure\n"
            "claimed, empty when none), then sitrep_id, date_to, country_code, scope,\n"
            "cause, fatalities_high, sources, conflicting.\n");
}

#define SR_MAX_INT(a, b) ((a) > (b) ? (a) : (b))

enum fmt { F_TABLE, F_JSON, F_CSV, F_GEOJSON };

/* ---- shared pieces ---- */

/* The main figure: fatalities, else the first count. */
static void figure(const sitrep_fused_incident *f, char *out, size_t cap)
{
    if (f->killed_low >= 0) {
        if (f->killed_high > f->killed_low)
            snprintf(out, cap, "%lld-%lld killed", (long long)f->killed_low, (long long)f->killed_high);
        else
            snprintf(out, cap, "%lld killed", (long long)f->killed_low);
    } else if (f->ncounts > 0) {
        const sitrep_fused_count *c = &f->counts[0];
        if (c->high > c->low)
            snprintf(out, cap, "%lld-%lld %s", (long long)c->low, (long long)c->high, sitrep_outcome_name(c->outcome));
        else
            snprintf(out, cap, "%lld %s", (long long)c->low, sitrep_outcome_name(c->outcome));
    } else {
        snprintf(out, cap, "-");
    }
}

static void count_text(FILE *fp, const sitrep_count *c)
{
    fprintf(fp, "%s %s ", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group));
    if (c->min >= 0 && c->max >= 0 && c->max != c->min)
        fprintf(fp, "%lld-%lld", (long long)c->min, (long long)c->max);
    else if (c->min >= 0)
        fprintf(fp, "%s%lld", c->qualifier == SITREP_QUAL_AT_LEAST ? "at least " : c->qualifier == SITREP_QUAL_ABOUT ? "about " : "",
                (long long)c->min);
    else if (c->max >= 0)
        fprintf(fp, "up to %lld", (long long)c->max);
}

/* notes: each source's claim in words */
static char *notes_text(const sitrep_fused_incident *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    for (size_t i = 0; i < f->nclaims; i++) {
        const sitrep_source_claim *c = &f->claims[i];
        if (i)
            fputs("; ", m);
        fprintf(m, "%s", c->source ? c->source : c->doc_id ? c->doc_id : "?");
        if (c->claimant)
            fprintf(m, " (%s)", c->claimant);
        fputs(":", m);
        for (size_t k = 0; k < c->ncounts; k++) {
            fputs(k ? ", " : " ", m);
            count_text(m, &c->counts[k]);
        }
        if (c->certainty != SITREP_CERT_REPORTED)
            fprintf(m, " [%s]", sitrep_certainty_name(c->certainty));
    }
    for (size_t k = 0; k < f->ncounts; k++)
        if (f->counts[k].conflict)
            fprintf(m, "%sconflict: %s %s %lld-%lld", " | ", sitrep_outcome_name(f->counts[k].outcome),
                    sitrep_group_name(f->counts[k].group), (long long)f->counts[k].low, (long long)f->counts[k].high);
    fclose(m);
    return buf;
}

/* outlets of the claims, each once, "; " between */
static void sources_text(const sitrep_fused_incident *f, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < f->nclaims; i++) {
        const char *s = f->claims[i].source ? f->claims[i].source : f->claims[i].doc_id;
        if (!s)
            continue;
        bool dup = false;
        for (size_t k = 0; k < i; k++) {
            const char *t = f->claims[k].source ? f->claims[k].source : f->claims[k].doc_id;
            dup |= t && !strcmp(s, t);
        }
        if (dup)
            continue;
        int n = snprintf(out + o, cap - o, "%s%s", o ? "; " : "", s);
        if (n < 0 || (size_t)n >= cap - o)
            break;
        o += (size_t)n;
    }
}

/* ---- table ---- */

static void table_header(FILE *fp, const int *w)
{
    static const char *const h[] = {"ID", "DATE", "PLACE", "CAUSE", "FIGURES", "SRC", "!", "ACTOR / CLAIMANT"};
    for (int i = 0; i < 8; i++)
        cli_cell(fp, h[i], w[i], i == 7);
    fputc('\n', fp);
}

static void table_row(FILE *fp, const int *w, const sitrep_fused_incident *f)
{
    char id[24], date[32], fig[64], src[12];
    snprintf(id, sizeof id, "%lld", (long long)f->id);
    if (f->date_from && f->date_to && strcmp(f->date_from, f->date_to) != 0)
        snprintf(date, sizeof date, "%s+", f->date_from);
    else
        snprintf(date, sizeof date, "%s", f->date_from ? f->date_from : "-");
    figure(f, fig, sizeof fig);
    snprintf(src, sizeof src, "%d", f->nsources);
    const char *who = f->actor;
    for (size_t i = 0; !who && i < f->nclaims; i++)
        who = f->claims[i].claimant;
    char place[160];
    snprintf(place, sizeof place, "%s%s", f->place ? f->place : "-", f->scope == SITREP_SCOPE_WAR ? " (war)" : "");
    const char *cells[] = {id, date, place, f->cause ? f->cause : "-", fig, src, f->conflicting ? "!" : "", who ? who : "-"};
    for (int i = 0; i < 8; i++)
        cli_cell(fp, cells[i], w[i], i == 7);
    fputc('\n', fp);
}

/* ---- JSON (one object per incident; the GeoJSON properties too) ---- */

static void json_props(FILE *fp, const sitrep_fused_incident *f)
{
    fprintf(fp, "\"id\":%lld,\"scope\":\"%s\",\"date_from\":", (long long)f->id,
           f->scope == SITREP_SCOPE_WAR ? "war" : "event");
    cli_json_str(fp, f->date_from);
    fputs(",\"date_to\":", fp);
    cli_json_str(fp, f->date_to);
    fputs(",\"place\":", fp);
    cli_json_str(fp, f->place);
    fputs(",\"admin1\":", fp);
    cli_json_str(fp, f->admin1);
    fputs(",\"country\":", fp);
    cli_json_str(fp, f->country);
    fputs(",\"cause\":", fp);
    cli_json_str(fp, f->cause);
    fputs(",\"actor\":", fp);
    cli_json_str(fp, f->actor);
    fputs(",\"killed_low\":", fp);
    if (f->killed_low >= 0)
        fprintf(fp, "%lld", (long long)f->killed_low);
    else
        fputs("null", fp);
    fputs(",\"killed_high\":", fp);
    if (f->killed_high >= 0)
        fprintf(fp, "%lld", (long long)f->killed_high);
    else
        fputs("null", fp);
    fprintf(fp, ",\"sources\":%d,\"conflicting\":%s,\"counts\":[", f->nsources, f->conflicting ? "true" : "false");
    for (size_t i = 0; i < f->ncounts; i++) {
        const sitrep_fused_count *c = &f->counts[i];
        fprintf(fp, "%s{\"outcome\":\"%s\",\"group\":\"%s\",\"low\":%lld,\"high\":%lld,\"open_high\":%s,"
                    "\"claims\":%d,\"agreement\":\"%s\"}",
                i ? "," : "", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group), (long long)c->low,
                (long long)c->high, c->open_high ? "true" : "false", c->nclaims, c->conflict ? "conflict" : "agree");
    }
    fputs("],\"claims\":[", fp);
    for (size_t i = 0; i < f->nclaims; i++) {
        const sitrep_source_claim *c = &f->claims[i];
        fputs(i ? ",{\"doc_id\":" : "{\"doc_id\":", fp);
        cli_json_str(fp, c->doc_id);
        fputs(",\"source\":", fp);
        cli_json_str(fp, c->source);
        fputs(",\"title\":", fp);
        cli_json_str(fp, c->title);
        fputs(",\"published\":", fp);
        cli_json_str(fp, c->published);
        fputs(",\"claimed_by\":", fp);
        cli_json_str(fp, c->claimant);
        fprintf(fp, ",\"certainty\":\"%s\",\"date_from\":", sitrep_certainty_name(c->certainty));
        cli_json_str(fp, c->date_from);
        fputs(",\"date_to\":", fp);
        cli_json_str(fp, c->date_to);
        fputs(",\"place\":", fp);
        cli_json_str(fp, c->place);
        fputs(",\"cause\":", fp);
        cli_json_str(fp, c->cause);
        fputs(",\"perpetrator\":", fp);
        cli_json_str(fp, c->actor);
        fputs(",\"counts\":[", fp);
        for (size_t k = 0; k < c->ncounts; k++) {
            const sitrep_count *n = &c->counts[k];
            fprintf(fp, "%s{\"outcome\":\"%s\",\"group\":\"%s\",\"min\":", k ? "," : "",
                    sitrep_outcome_name(n->outcome), sitrep_group_name(n->group));
            if (n->min >= 0)
                fprintf(fp, "%lld", (long long)n->min);
            else
                fputs("null", fp);
            fputs(",\"max\":", fp);
            if (n->max >= 0)
                fprintf(fp, "%lld", (long long)n->max);
            else
                fputs("null", fp);
            fprintf(fp, ",\"qualifier\":\"%s\",\"evidence\":{\"start\":%u,\"end\":%u,\"text\":",
                    sitrep_qualifier_name(n->qualifier), n->evidence.start, n->evidence.end);
            cli_json_str(fp, c->count_words[k]);
            fputs("}}", fp);
        }
        fputs("]}", fp);
    }
    fputs("]", fp);
}

/* ---- CSV ---- */

static void csv_field(FILE *fp, const char *s, bool last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else if (s) {
        fputs(s, fp);
    }
    fputs(last ? "\r\n" : ",", fp);
}

static void csv_row(FILE *fp, const sitrep_fused_incident *f)
{
    char lat[32] = "", lon[32] = "", fat[24] = "", fath[24] = "", id[24], srcs[1024], n[16];
    if (f->has_coords) {
        snprintf(lat, sizeof lat, "%.5f", f->lat);
        snprintf(lon, sizeof lon, "%.5f", f->lon);
    }
    if (f->killed_low >= 0)
        snprintf(fat, sizeof fat, "%lld", (long long)f->killed_low);
    if (f->killed_high >= 0)
        snprintf(fath, sizeof fath, "%lld", (long long)f->killed_high);
    snprintf(id, sizeof id, "%lld", (long long)f->id);
    snprintf(n, sizeof n, "%d", f->nsources);
    sources_text(f, srcs, sizeof srcs);
    char *notes = notes_text(f);
    csv_field(fp, f->date_from, false);
    csv_field(fp, f->admin1, false);
    csv_field(fp, f->place, false);
    csv_field(fp, lat, false);
    csv_field(fp, lon, false);
    csv_field(fp, fat, false);
    csv_field(fp, f->actor, false);
    csv_field(fp, srcs, false);
    csv_field(fp, notes, false);
    csv_field(fp, id, false);
    csv_field(fp, f->date_to, false);
    csv_field(fp, f->country, false);
    csv_field(fp, f->scope == SITREP_SCOPE_WAR ? "war" : "event", false);
    csv_field(fp, f->cause, false);
    csv_field(fp, fath, false);
    csv_field(fp, n, false);
    csv_field(fp, f->conflicting ? "1" : "0", true);
    free(notes);
}

static bool parse_limit(const char *s, size_t *out)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*end || n < 1)
        return false;
    *out = (size_t)n;
    return true;
}

int cmd_incidents(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'D'},     {"from", required_argument, 0, 'a'},
        {"to", required_argument, 0, 'b'},     {"place", required_argument, 0, 'p'},
        {"actor", required_argument, 0, 'A'},  {"cause", required_argument, 0, 'c'},
        {"conflicting", no_argument, 0, 'C'},  {"war", no_argument, 0, 'W'},
        {"limit", required_argument, 0, 'n'},  {"format", required_argument, 0, 'f'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    sitrep_incident_filter flt = {0};
    const char *db = NULL;
    enum fmt fmt = F_TABLE;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': db = optarg; break;
        case 'a': flt.from = optarg; break;
        case 'b': flt.to = optarg; break;
        case 'p': flt.place = optarg; break;
        case 'A': flt.actor = optarg; break;
        case 'c': {
            bool ok = false;
            for (int i = 1; i <= SITREP_CAUSE_SIEGE; i++)
                ok |= !strcmp(optarg, sitrep_cause_name((sitrep_cause_category)i));
            if (!ok) {
                cli_err("incidents", "unknown cause '%s' (see --help)", optarg);
                return EXIT_USAGE;
            }
            flt.cause = optarg;
            break;
        }
        case 'C': flt.conflicting = 1; break;
        case 'W': flt.with_war = 1; break;
        case 'n':
            if (!parse_limit(optarg, &flt.limit)) {
                cli_err("incidents", "--limit wants a positive number, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'f':
            if (!strcmp(optarg, "table"))
                fmt = F_TABLE;
            else if (!strcmp(optarg, "json"))
                fmt = F_JSON;
            else if (!strcmp(optarg, "csv"))
                fmt = F_CSV;
            else if (!strcmp(optarg, "geojson"))
                fmt = F_GEOJSON;
            else {
                cli_err("incidents", "unknown format '%s' (table, json, csv, geojson)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_err("incidents", "unexpected argument '%s' (see --help)", argv[optind]);
        return EXIT_USAGE;
    }
    sitrep_store *s = cli_open_store("incidents", db, SITREP_STORE_READONLY | SITREP_STORE_NOCREATE);
    if (!s)
        return EXIT_FATAL;
    sitrep_incident_iter *it = NULL;
    sitrep_status st = sitrep_store_incidents(s, &flt, &it);
    if (st != SITREP_OK) {
        cli_err("incidents", "%s", sitrep_store_errmsg(s));
        sitrep_store_close(s);
        return st == SITREP_EUSAGE ? EXIT_USAGE : EXIT_FATAL;
    }
    /* table widths: ID DATE PLACE CAUSE FIGURES SRC ! ACTOR, 80 columns in all;
     * a wider terminal widens PLACE and ACTOR, a narrower one narrows them */
    int w[8] = {4, 11, 14, 9, 17, 3, 1, 14};
    int extra = cli_term_width() - 80;
    if (extra >= 0) {
        w[2] += extra / 2;
        w[7] += extra - extra / 2;
    } else {
        w[7] = SR_MAX_INT(6, w[7] + extra / 2);
        w[2] = SR_MAX_INT(6, w[2] + extra - extra / 2);
    }

    const sitrep_fused_incident *f;
    size_t n = 0, nconf = 0;
    if (fmt == F_TABLE)
        table_header(stdout, w);
    else if (fmt == F_CSV)
        fputs("event_date,admin1,location,latitude,longitude,fatalities,actor1,source,notes,"
              "sitrep_id,date_to,country_code,scope,cause,fatalities_high,sources,conflicting\r\n",
              stdout);
    else if (fmt == F_GEOJSON)
        fputs("{\"type\":\"FeatureCollection\",\"features\":[", stdout);
    while ((st = sitrep_incident_next(it, &f)) == SITREP_OK) {
        switch (fmt) {
        case F_TABLE: table_row(stdout, w, f); break;
        case F_JSON:
            fputc('{', stdout);
            json_props(stdout, f);
            if (f->has_coords)
                printf(",\"lat\":%.5f,\"lon\":%.5f", f->lat, f->lon);
            fputs("}\n", stdout);
            break;
        case F_CSV: csv_row(stdout, f); break;
        case F_GEOJSON:
            printf("%s\n{\"type\":\"Feature\",\"id\":%lld,\"geometry\":", n ? "," : "", (long long)f->id);
            if (f->has_coords) /* RFC 7946: longitude first */
                printf("{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]}", f->lon, f->lat);
            else
                fputs("null", stdout);
            fputs(",\"properties\":{", stdout);
            json_props(stdout, f);
            fputs("}}", stdout);
            break;
        }
        n++;
        nconf += f->conflicting != 0;
    }
    int rc = EXIT_OK;
    if (st != SITREP_END) {
        cli_err("incidents", "%s", sitrep_store_errmsg(s));
        rc = EXIT_FATAL;
    }
    if (fmt == F_GEOJSON)
        fputs("\n]}\n", stdout);
    if (fmt == F_TABLE) {
        /* cut by --limit: how many there are in all (counted by the store) */
        sitrep_incident_totals tot = {0};
        if (rc == EXIT_OK && flt.limit && n == flt.limit && sitrep_store_incident_totals(s, &flt, &tot) == SITREP_OK &&
            tot.incidents > (int64_t)n)
            printf("%zu of %lld incidents (--limit)%s\n", n, (long long)tot.incidents,
                   nconf ? "; ! = the sources give different figures" : "");
        else
            printf("%zu incidents%s\n", n, nconf ? "; ! = the sources give different figures" : "");
    }
    sitrep_incident_iter_free(it);
    sitrep_store_close(s);
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK) {
        cli_err("incidents", "writing the output failed");
        rc = EXIT_OUTPUT;
    }
    return rc;
}
