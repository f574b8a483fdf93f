/* check.c - reference records (documented deaths) and the check of each
 * claim against them.
 *
 * Reference records come from CSV files: VDC-style daily totals of
 * noncombatant deaths per governorate (date, governorate, deaths, ...), UCDP
 * GED events (id, date_start, date_end, adm_1, deaths_civilians, best, low,
 * high, ...) and WAD events (event_id, date, region, deaths, ...). Every
 * record is keyed by its first-level division (sr_admin1_key, aliases in
 * data/admin1_aliases.txt).
 *
 * The rule. A claim is a report (an incident of one article, not a war-wide
 * total) that gives a number of people killed: the civilians' figure, or
 * else the figure for people (victims told only as people count as
 * civilians unless told as fighters, as in FA-KES). Its governorate is its
 * place's first-level division; Damascus and its countryside are looked up
 * together (FA-KES counts both as "damascus"). Its dates are the report's
 * dates, or the day before publication and that day when the text gives
 * none; periods longer than 31 days are not checked. Against daily totals
 * (VDC), the documented figure is the governorate's total over those days,
 * taking the largest of the windows shifted by up to a day either way
 * (deaths are often dated a day apart); the claim is consistent when its
 * lowest figure is at most that total plus the tolerance (max(slack,
 * tolerance * total); defaults 2 deaths and 25 %), since one incident is part
 * of a day's total, and over-reported otherwise. Against events (UCDP GED,
 * WAD), the documented figure is the range [low, high] of the event of the
 * same governorate within a day of the claim's dates whose range is closest
 * to the claim; the claim is consistent when its range meets that range
 * widened by the tolerance, over-reported above it, under-reported below it.
 * With no record for the governorate and dates, the result is "no record"
 * (saying whether the reference covers those dates at all). An article is
 * "credible" when its checked claims are consistent, "doubtful" when one is
 * inconsistent, "unverified" when none could be checked; when the article's
 * main incident was checked, its result decides. */
#include "check.h"

#include "csv.h"
#include "fold.h"
#include "lexicon.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHECK_DAYS 31

/* ---- governorate keys ---- */

typedef struct alias {
    char *name; /* folded */
    char *key;
} alias;

static struct {
    alias *items;
    size_t len;
} aliases;
static pthread_once_t aliases_once = PTHREAD_ONCE_INIT;

static int alias_cmp(const void *a, const void *b)
{
    return strcmp(((const alias *)a)->name, ((const alias *)b)->name);
}

/* Folds s and drops the words that only say "division". */
static void fold_admin(const char *s, size_t n, char *out, size_t cap)
{
    static const char *const drop[] = {"governorate", "province", "muhafazat", "mohafazat", "gouvernorat"};
    sr_buf b = {0};
    out[0] = '\0';
    if (sr_fold(s, n, &b) != SITREP_OK || !b.data) {
        sr_buf_free(&b);
        return;
    }
    size_t o = 0;
    char *save = NULL;
    for (char *w = strtok_r(b.data, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        bool skip = false;
        for (size_t i = 0; i < SR_ARRAY_LEN(drop); i++)
            skip |= strcmp(w, drop[i]) == 0;
        size_t wl = strlen(w);
        if (skip || o + wl + 2 > cap)
            continue;
        if (o)
            out[o++] = ' ';
        memcpy(out + o, w, wl);
        o += wl;
    }
    out[o] = '\0';
    sr_buf_free(&b);
}

static void load_aliases(void)
{
    const sr_embedded_file *f = sr_embedded_find("data/admin1_aliases.txt");
    if (!f)
        return;
    const char *p = (const char *)f->data, *end = p + f->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *bar = memchr(p, '|', (size_t)(le - p));
        const char *k = bar ? strstr(bar, "key=") : NULL;
        if (*p != '#' && bar && k && k < le) {
            char name[128], key[128];
            fold_admin(p, (size_t)(bar - p), name, sizeof name);
            size_t kl = (size_t)(le - (k + 4));
            while (kl && (k[4 + kl - 1] == ' ' || k[4 + kl - 1] == '\r'))
                kl--;
            snprintf(key, sizeof key, "%.*s", (int)kl, k + 4);
            for (char *u = key; *u; u++)
                if (*u == '_')
                    *u = ' ';
            alias *na = realloc(aliases.items, (aliases.len + 1) * sizeof *na);
            if (!na)
                break;
            aliases.items = na;
            aliases.items[aliases.len].name = strdup(name);
            aliases.items[aliases.len].key = strdup(key);
            if (aliases.items[aliases.len].name && aliases.items[aliases.len].key)
                aliases.len++;
        }
        p = le + 1;
    }
    qsort(aliases.items, aliases.len, sizeof *aliases.items, alias_cmp);
}

void sr_admin1_key(const char *admin1, const char *country, char *out, size_t cap)
{
    (void)country;
    out[0] = '\0';
    if (!admin1 || !*admin1 || cap == 0)
        return;
    pthread_once(&aliases_once, load_aliases);
    char folded[128];
    fold_admin(admin1, strlen(admin1), folded, sizeof folded);
    alias probe = {folded, NULL};
    const alias *hit = aliases.len ? bsearch(&probe, aliases.items, aliases.len, sizeof probe, alias_cmp) : NULL;
    snprintf(out, cap, "%s", hit ? hit->key : folded);
}

/* Damascus and its countryside are checked together. */
static const char *partner_key(const char *key)
{
    if (!strcmp(key, "damascus"))
        return "rif dimashq";
    if (!strcmp(key, "rif dimashq"))
        return "damascus";
    return key;
}

/* ---- import ---- */

sitrep_status sitrep_reference_format_parse(const char *name, sitrep_reference_format *out)
{
    static const char *const names[] = {"vdc-daily", "ucdp-ged", "wad"};
    for (size_t i = 0; i < SR_ARRAY_LEN(names); i++)
        if (!strcmp(name, names[i])) {
            *out = (sitrep_reference_format)i;
            return SITREP_OK;
        }
    return SITREP_EUSAGE;
}

/* The columns each format needs, by header name. */
enum { C_ID, C_DATE, C_DATE_END, C_ADMIN1, C_COUNTRY, C_LOCATION, C_LAT, C_LON, C_DEATHS, C_LOW, C_HIGH, C_TOTAL,
       C_PERP, C_WEAPONS, C_N };

static const char *const col_names[3][C_N] = {
    /* vdc-daily */
    {NULL, "date", NULL, "governorate", NULL, NULL, NULL, NULL, "deaths", NULL, NULL, NULL, "perpetrator", "weapons"},
    /* ucdp-ged: civilian deaths; best/low/high are all deaths */
    {"id", "date_start", "date_end", "adm_1", "country", "where_coordinates", "latitude", "longitude",
     "deaths_civilians", "low", "high", "best", "side_a", NULL},
    /* wad */
    {"event_id", "date", NULL, "region", "country", "locality", NULL, NULL, "deaths", NULL, NULL, NULL,
     "perpetrator", "weapons"},
};

typedef struct import_arg {
    const char *path, *name;
    sitrep_reference_format fmt;
    size_t imported, skipped;
    char first_bad[SR_ERRMSG_MAX];
} import_arg;

static const char SQL_SET_DELETE[] = "DELETE FROM reference_sets WHERE name = ?1";
static const char SQL_SET_INSERT[] =
    "INSERT INTO reference_sets(name, format, kind, path) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_SET_RANGE[] =
    "UPDATE reference_sets SET day_lo = (SELECT min(day_from) FROM reference_records WHERE set_id = ?1),"
    " day_hi = (SELECT max(day_to) FROM reference_records WHERE set_id = ?1) WHERE id = ?1";
static const char SQL_REF_INSERT[] =
    "INSERT INTO reference_records(set_id, ext_id, day_from, day_to, country, admin1, admin1_key, location,"
    " lat, lon, deaths, deaths_low, deaths_high, total, perpetrator, weapons)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, sr_admin1_key(?6, ?5), ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

static bool parse_int(const char *s, int64_t *v)
{
    if (!s)
        return false;
    while (*s == ' ')
        s++;
    char *end;
    long long x = strtoll(s, &end, 10);
    if (end == s)
        return false;
    while (*end == ' ' || *end == '.' || *end == '0') /* "12.0" */
        end++;
    if (*end)
        return false;
    *v = x;
    return true;
}

/* "YYYY-MM-DD" at the start of s ("2016-12-12 00:00:00.000" too). */
static bool parse_day(const char *s, int64_t *days)
{
    if (!s || strlen(s) < 10)
        return false;
    char d[11];
    memcpy(d, s, 10);
    d[10] = '\0';
    return sr_iso_days(d, days);
}

static void bad_row(import_arg *a, const sr_csv *c, const char *why)
{
    if (!a->first_bad[0])
        snprintf(a->first_bad, sizeof a->first_bad, "%s:%zu: %s", a->path, sr_csv_line(c), why);
    a->skipped++;
}

/* Field i of the current record, or NULL when the record has fewer. */
static const char *csv_field(const sr_csv *c, int i)
{
    return i >= 0 ? sr_csv_field(c, (size_t)i, NULL) : NULL;
}

static sitrep_status import_tx(sitrep_store *s, void *p)
{
    import_arg *a = p;
    static const char *const fmt_names[] = {"vdc-daily", "ucdp-ged", "wad"};
    sitrep_status st;
    FILE *fp = fopen(a->path, "rb");
    if (!fp) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s: cannot open", a->path);
        return SITREP_EIO;
    }
    sr_csv *c = NULL;
    sr_csv_options co = {0, true};
    if ((st = sr_csv_open(fp, a->path, &co, &c)) != SITREP_OK) {
        fclose(fp);
        return st;
    }
    int col[C_N];
    for (int i = 0; i < C_N; i++)
        col[i] = -1;
    st = sr_csv_next(c);
    if (st != SITREP_OK) {
        if (st == SITREP_END)
            snprintf(s->errmsg, sizeof s->errmsg, "%s: no header row", a->path);
        else
            snprintf(s->errmsg, sizeof s->errmsg, "%s", sr_csv_errmsg(c));
        st = st == SITREP_ENOMEM ? st : SITREP_EINPUT;
        goto done;
    }
    for (size_t i = 0; i < sr_csv_nfields(c); i++)
        for (int k = 0; k < C_N; k++)
            if (col_names[a->fmt][k] && !strcmp(sr_csv_field(c, i, NULL), col_names[a->fmt][k]))
                col[k] = (int)i;
    if (col[C_DATE] < 0 || col[C_ADMIN1] < 0 || col[C_DEATHS] < 0) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s: not a %s file: it needs the columns %s, %s and %s", a->path,
                 fmt_names[a->fmt], col_names[a->fmt][C_DATE], col_names[a->fmt][C_ADMIN1],
                 col_names[a->fmt][C_DEATHS]);
        st = SITREP_EINPUT;
        goto done;
    }
    sqlite3_stmt *q = sr_stmt(s, SQL_SET_DELETE);
    if (!q) {
        st = SITREP_EDB;
        goto done;
    }
    sqlite3_bind_text(q, 1, a->name, -1, SQLITE_STATIC);
    if ((st = sr_step_done(s, q, "replacing the reference set")) != SITREP_OK)
        goto done;
    if (!(q = sr_stmt(s, SQL_SET_INSERT))) {
        st = SITREP_EDB;
        goto done;
    }
    sqlite3_bind_text(q, 1, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, fmt_names[a->fmt], -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, a->fmt == SITREP_REF_VDC_DAILY ? "daily-total" : "event", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, a->path, -1, SQLITE_STATIC);
    if ((st = sr_step_done(s, q, "creating the reference set")) != SITREP_OK)
        goto done;
    int64_t set = sqlite3_last_insert_rowid(s->db);

    while ((st = sr_csv_next(c)) != SITREP_END) {
        if (st == SITREP_EINPUT || st == SITREP_ETOOBIG) { /* an unbalanced quote, a record too long */
            if (!a->first_bad[0])
                snprintf(a->first_bad, sizeof a->first_bad, "%s", sr_csv_errmsg(c));
            a->skipped++;
            continue;
        }
        if (st == SITREP_EIO) {
            snprintf(s->errmsg, sizeof s->errmsg, "%s", sr_csv_errmsg(c));
            goto done;
        }
        if (st != SITREP_OK)
            goto done;
        const char *f[C_N];
        for (int k = 0; k < C_N; k++) {
            f[k] = csv_field(c, col[k]);
            if (f[k] && !*f[k])
                f[k] = NULL;
        }
        int64_t d0, d1, deaths, low, high, total;
        if (!parse_day(f[C_DATE], &d0)) {
            bad_row(a, c, "no date");
            continue;
        }
        if (!parse_day(f[C_DATE_END], &d1) || d1 < d0)
            d1 = d0;
        if (!parse_int(f[C_DEATHS], &deaths)) {
            bad_row(a, c, "no number of deaths");
            continue;
        }
        if (!f[C_ADMIN1]) {
            bad_row(a, c, "no first-level division");
            continue;
        }
        bool has_total = parse_int(f[C_TOTAL], &total);
        /* UCDP low/high bound all deaths; civilians' own range is the best figure */
        low = high = deaths;
        if (!(q = sr_stmt(s, SQL_REF_INSERT))) {
            st = SITREP_EDB;
            goto done;
        }
        char cc[8] = "";
        if (a->fmt == SITREP_REF_VDC_DAILY)
            snprintf(cc, sizeof cc, "SY");
        sqlite3_bind_int64(q, 1, set);
        sr_bind_str(q, 2, f[C_ID]);
        sqlite3_bind_int64(q, 3, d0);
        sqlite3_bind_int64(q, 4, d1);
        sqlite3_bind_text(q, 5, f[C_COUNTRY] ? f[C_COUNTRY] : cc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 6, f[C_ADMIN1], -1, SQLITE_TRANSIENT);
        sr_bind_str(q, 7, f[C_LOCATION]);
        if (f[C_LAT] && f[C_LON]) {
            sqlite3_bind_double(q, 8, atof(f[C_LAT]));
            sqlite3_bind_double(q, 9, atof(f[C_LON]));
        }
        sqlite3_bind_int64(q, 10, deaths);
        sqlite3_bind_int64(q, 11, low);
        sqlite3_bind_int64(q, 12, high);
        sr_bind_opt_int(q, 13, has_total, total);
        sr_bind_str(q, 14, f[C_PERP]);
        sr_bind_str(q, 15, f[C_WEAPONS]);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc == SQLITE_CONSTRAINT) { /* an id twice */
            bad_row(a, c, "an id seen before");
            continue;
        }
        if (rc != SQLITE_DONE) {
            st = sr_store_dberr(s, "storing a reference record");
            goto done;
        }
        a->imported++;
    }
    if (!(q = sr_stmt(s, SQL_SET_RANGE))) {
        st = SITREP_EDB;
        goto done;
    }
    sqlite3_bind_int64(q, 1, set);
    st = sr_step_done(s, q, "recording the dates covered");
done:
    sr_csv_close(c);
    fclose(fp);
    return st;
}

sitrep_status sitrep_reference_import(sitrep_store *s, const char *path, sitrep_reference_format fmt,
                                      const char *name, size_t *imported, size_t *skipped)
{
    const char *base = strrchr(path, '/');
    import_arg a = {path, name ? name : base ? base + 1 : path, fmt, 0, 0, ""};
    s->errmsg[0] = '\0';
    sitrep_status st = sr_store_atomic(s, import_tx, &a);
    if (imported)
        *imported = st == SITREP_OK ? a.imported : 0;
    if (skipped)
        *skipped = a.skipped;
    if (st == SITREP_OK && a.first_bad[0])
        snprintf(s->errmsg, sizeof s->errmsg, "%s", a.first_bad);
    return st;
}

/* ---- check ---- */

const char *sitrep_check_result_name(sitrep_check_result r)
{
    static const char *const n[] = {"consistent", "inconsistent", "no record", "uncheckable"};
    return (unsigned)r < SR_ARRAY_LEN(n) ? n[r] : "unknown";
}

const char *sitrep_verdict_name(sitrep_verdict v)
{
    static const char *const n[] = {"credible", "doubtful", "unverified"};
    return (unsigned)v < SR_ARRAY_LEN(n) ? n[v] : "unknown";
}

struct sitrep_check_iter {
    sitrep_store *s;
    sqlite3_stmt *docs; /* owned */
    double tol;
    int64_t slack;
    sr_arena arena;
    SR_VEC(sitrep_claim_check) claims;
    sitrep_article_check art;
};

static const char SQL_CHECK_DOCS[] =
    "SELECT id, ext_id, source, title, published, main_incident FROM documents ORDER BY id";
static const char SQL_CHECK_CLAIMS[] =
    "SELECT i.id, i.idx, i.day_from, i.day_to, pl.admin1_key, pl.admin1, pl.name, pl.precision,"
    " c.grp, c.min, c.max"
    " FROM incidents i LEFT JOIN places pl ON pl.id = i.place_id"
    " JOIN counts c ON c.incident_id = i.id AND c.outcome = 'killed' AND c.grp IN ('civilians', 'people')"
    " WHERE i.document_id = ?1 AND i.scope = 'event'"
    " ORDER BY i.idx, CASE c.grp WHEN 'civilians' THEN 0 ELSE 1 END, c.id";
static const char SQL_CHECK_DAILY[] =
    "SELECT coalesce(sum(r.deaths), 0), count(*) FROM reference_records r JOIN reference_sets s ON s.id = r.set_id"
    " WHERE s.kind = 'daily-total' AND r.admin1_key IN (?1, ?2) AND r.day_from BETWEEN ?3 AND ?4";
static const char SQL_CHECK_EVENTS[] =
    "SELECT r.deaths_low, r.deaths_high, r.total, r.deaths FROM reference_records r"
    " JOIN reference_sets s ON s.id = r.set_id"
    " WHERE s.kind = 'event' AND r.admin1_key IN (?1, ?2) AND r.day_from BETWEEN ?3 - 400 AND ?4 + 1"
    " AND r.day_to >= ?3 - 1";
static const char SQL_CHECK_COVER[] =
    "SELECT count(*) FROM reference_sets WHERE day_lo <= ?1 AND day_hi >= ?2";

sitrep_status sitrep_store_check(sitrep_store *s, const sitrep_check_options *opts, sitrep_check_iter **out)
{
    *out = NULL;
    sitrep_check_iter *it = calloc(1, sizeof *it);
    if (!it)
        return SITREP_ENOMEM;
    it->s = s;
    it->tol = opts && opts->tolerance > 0 ? opts->tolerance : 0.25;
    it->slack = opts && opts->slack > 0 ? opts->slack : 2;
    if (sqlite3_prepare_v2(s->db, SQL_CHECK_DOCS, -1, &it->docs, NULL) != SQLITE_OK) {
        sitrep_status st = sr_store_dberr(s, "preparing the check");
        free(it);
        return st;
    }
    *out = it;
    return SITREP_OK;
}

static int64_t allow(const sitrep_check_iter *it, int64_t documented)
{
    int64_t rel = (int64_t)(it->tol * (double)documented + 0.5);
    return SR_MAX(it->slack, rel);
}

static sitrep_status daily_total(sitrep_check_iter *it, const char *key, int64_t lo, int64_t hi, int64_t *sum,
                                 int64_t *nrec)
{
    sqlite3_stmt *q = sr_stmt(it->s, SQL_CHECK_DAILY);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, partner_key(key), -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, lo);
    sqlite3_bind_int64(q, 4, hi);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *sum = sqlite3_column_int64(q, 0);
        *nrec = sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? SITREP_OK : sr_store_dberr(it->s, "summing daily totals");
}

static void fmt_day(sr_arena *a, int64_t d, const char **out)
{
    char buf[11];
    sr_format_days(buf, d);
    *out = sr_arena_strdup(a, buf);
}

/* Checks one claim (fields claimed_*, governorate and dates set by the
 * caller; lo/hi the window in days). */
static sitrep_status check_claim(sitrep_check_iter *it, sitrep_claim_check *c, const char *key, int64_t lo,
                                 int64_t hi, bool people)
{
    sr_arena *a = &it->arena;
    sitrep_status st;
    /* daily totals: the exact window, and shifted by a day either way */
    int64_t best = -1, nrec_total = 0;
    for (int shift = 0; shift <= 2; shift++) {
        int64_t d = shift == 0 ? 0 : shift == 1 ? -1 : 1;
        int64_t sum = 0, nrec = 0;
        if ((st = daily_total(it, key, lo + d, hi + d, &sum, &nrec)) != SITREP_OK)
            return st;
        if (nrec > 0 && sum > best)
            best = sum;
        nrec_total += nrec;
    }
    /* events: the one whose range is closest to the claim */
    sqlite3_stmt *q = sr_stmt(it->s, SQL_CHECK_EVENTS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, partner_key(key), -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, lo);
    sqlite3_bind_int64(q, 4, hi);
    int64_t ev_lo = -1, ev_hi = -1, ev_dist = INT64_MAX;
    size_t nev = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t l = sqlite3_column_int64(q, 0), h = sqlite3_column_int64(q, 1);
        if (people && sqlite3_column_type(q, 2) != SQLITE_NULL) /* people: all deaths when told */
            l = h = SR_MAX(sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3));
        int64_t dist = c->claimed_low > h ? c->claimed_low - h : c->claimed_high < l ? l - c->claimed_high : 0;
        if (dist < ev_dist) {
            ev_dist = dist;
            ev_lo = l;
            ev_hi = h;
        }
        nev++;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sr_store_dberr(it->s, "reading reference events");
    c->nrecords = (size_t)nrec_total + nev;

    if (nev > 0) {
        c->documented_low = ev_lo;
        c->documented_high = ev_hi;
        int64_t up = ev_hi + allow(it, ev_hi), down = ev_lo - allow(it, ev_lo);
        if (c->claimed_low > up) {
            c->result = SITREP_CHECK_INCONSISTENT;
            c->direction = 1;
            c->difference = c->claimed_low - ev_hi;
        } else if (c->claimed_high < down) {
            c->result = SITREP_CHECK_INCONSISTENT;
            c->direction = -1;
            c->difference = c->claimed_high - ev_lo;
        } else {
            c->result = SITREP_CHECK_CONSISTENT;
        }
        c->reason = sr_arena_printf(
            a, "%s %lld-%lld killed against a documented event of %lld-%lld in %s: %s", people ? "people" : "civilians",
            (long long)c->claimed_low, (long long)c->claimed_high, (long long)ev_lo, (long long)ev_hi, key,
            c->result == SITREP_CHECK_CONSISTENT ? "consistent"
            : c->direction > 0                   ? "over-reported"
                                                 : "under-reported");
        return SITREP_OK;
    }
    if (best >= 0) {
        c->documented_low = c->documented_high = best;
        if (c->claimed_low > best + allow(it, best)) {
            c->result = SITREP_CHECK_INCONSISTENT;
            c->direction = 1;
            c->difference = c->claimed_low - best;
            c->reason = sr_arena_printf(a, "claims %lld killed in %s where the daily records document %lld: over-reported by %lld",
                                        (long long)c->claimed_low, key, (long long)best, (long long)c->difference);
        } else {
            c->result = SITREP_CHECK_CONSISTENT;
            c->reason = sr_arena_printf(a, "claims %lld killed in %s; the daily records document %lld: consistent",
                                        (long long)c->claimed_low, key, (long long)best);
        }
        return SITREP_OK;
    }
    q = sr_stmt(it->s, SQL_CHECK_COVER);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, lo);
    sqlite3_bind_int64(q, 2, hi);
    bool covered = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) > 0;
    sqlite3_reset(q);
    c->result = SITREP_CHECK_NO_RECORD;
    c->reason = covered ? sr_arena_printf(a, "no death documented in %s on these dates", key)
                        : sr_arena_printf(a, "the reference records do not cover these dates");
    return SITREP_OK;
}

sitrep_status sitrep_check_next(sitrep_check_iter *it, const sitrep_article_check **out)
{
    *out = NULL;
    int rc = sqlite3_step(it->docs);
    if (rc == SQLITE_DONE)
        return SITREP_END;
    if (rc != SQLITE_ROW)
        return sr_store_dberr(it->s, "reading documents");
    sr_arena *a = &it->arena;
    sr_arena_reset(a);
    it->claims.len = 0;
    sitrep_article_check *art = &it->art;
    memset(art, 0, sizeof *art);
    art->document_id = sqlite3_column_int64(it->docs, 0);
    art->doc_id = sr_col_str(it->docs, 1, a);
    art->source = sr_col_str(it->docs, 2, a);
    art->title = sr_col_str(it->docs, 3, a);
    art->published = sr_col_str(it->docs, 4, a);
    bool has_main = sqlite3_column_type(it->docs, 5) != SQLITE_NULL;
    int64_t main_idx = sqlite3_column_int64(it->docs, 5);
    int64_t pub = 0;
    bool has_pub = sr_iso_days(art->published, &pub);

    /* the claims, one per report: its civilians' figure, else its people's */
    typedef struct {
        int64_t id, idx, lo, hi;
        bool dated, people;
        const char *key;
        int64_t cmin, cmax;
    } row;
    SR_VEC(row) rows = {0};
    sqlite3_stmt *q = sr_stmt(it->s, SQL_CHECK_CLAIMS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, art->document_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        if (rows.len && rows.items[rows.len - 1].id == id)
            continue; /* civilians came first */
        bool has_min = sqlite3_column_type(q, 9) != SQLITE_NULL, has_max = sqlite3_column_type(q, 10) != SQLITE_NULL;
        if (!has_min && !has_max)
            continue;
        row r = {0};
        r.id = id;
        r.idx = sqlite3_column_int64(q, 1);
        r.dated = sqlite3_column_type(q, 2) != SQLITE_NULL;
        r.lo = sqlite3_column_int64(q, 2);
        r.hi = sqlite3_column_int64(q, 3);
        r.key = sr_col_str(q, 4, a);
        if ((!r.key || !*r.key)) { /* a place that is itself a governorate */
            const char *prec = (const char *)sqlite3_column_text(q, 7);
            const char *nm = (const char *)sqlite3_column_text(q, 6);
            if (prec && !strcmp(prec, "admin1") && nm) {
                char key[128];
                sr_admin1_key(nm, "", key, sizeof key);
                r.key = sr_arena_strdup(a, key);
            }
        }
        r.people = strcmp((const char *)sqlite3_column_text(q, 8), "civilians") != 0;
        r.cmin = has_min ? sqlite3_column_int64(q, 9) : sqlite3_column_int64(q, 10);
        r.cmax = has_max ? sqlite3_column_int64(q, 10) : r.cmin;
        if (sr_vec_push(&rows, r) != SITREP_OK) {
            sqlite3_reset(q);
            free(rows.items);
            return SITREP_ENOMEM;
        }
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        free(rows.items);
        return sr_store_dberr(it->s, "reading claims");
    }

    sitrep_status st = SITREP_OK;
    int main_result = -1;
    size_t ncons = 0, nincons = 0;
    const char *first_bad = NULL, *first_good = NULL, *main_reason = NULL;
    for (size_t i = 0; i < rows.len && st == SITREP_OK; i++) {
        row *r = &rows.items[i];
        sitrep_claim_check c = {0};
        c.report_id = r->id;
        c.claimed_low = r->cmin;
        c.claimed_high = r->cmax;
        c.governorate = r->key && *r->key ? r->key : NULL;
        int64_t lo = r->lo, hi = r->hi;
        if (!r->dated && has_pub) {
            lo = pub - 1;
            hi = pub;
        }
        if (!r->dated && !has_pub) {
            c.result = SITREP_CHECK_UNCHECKABLE;
            c.reason = "no date for the claim";
        } else if (!c.governorate) {
            c.result = SITREP_CHECK_UNCHECKABLE;
            c.reason = "no governorate for the claim";
        } else if (hi - lo + 1 > MAX_CHECK_DAYS) {
            c.result = SITREP_CHECK_UNCHECKABLE;
            c.reason = "a period too long to check against records";
        } else {
            fmt_day(a, lo, &c.date_from);
            fmt_day(a, hi, &c.date_to);
            st = check_claim(it, &c, c.governorate, lo, hi, r->people);
        }
        if (c.result == SITREP_CHECK_CONSISTENT) {
            ncons++;
            if (!first_good)
                first_good = c.reason;
        } else if (c.result == SITREP_CHECK_INCONSISTENT) {
            nincons++;
            if (!first_bad)
                first_bad = c.reason;
        }
        if (has_main && r->idx == main_idx &&
            (c.result == SITREP_CHECK_CONSISTENT || c.result == SITREP_CHECK_INCONSISTENT)) {
            main_result = (int)c.result;
            main_reason = c.reason;
        }
        if (st == SITREP_OK && sr_vec_push(&it->claims, c) != SITREP_OK)
            st = SITREP_ENOMEM;
    }
    free(rows.items);
    if (st != SITREP_OK)
        return st;
    if (main_result == SITREP_CHECK_CONSISTENT) {
        art->verdict = SITREP_VERDICT_CREDIBLE;
        art->reason = sr_arena_printf(a, "the main incident: %s", main_reason);
    } else if (main_result == SITREP_CHECK_INCONSISTENT || nincons > 0) {
        art->verdict = SITREP_VERDICT_DOUBTFUL;
        art->reason = main_result == SITREP_CHECK_INCONSISTENT
                          ? sr_arena_printf(a, "the main incident: %s", main_reason)
                          : first_bad;
    } else if (ncons > 0) {
        art->verdict = SITREP_VERDICT_CREDIBLE;
        art->reason = first_good;
    } else {
        art->verdict = SITREP_VERDICT_UNVERIFIED;
        art->reason = it->claims.len ? "no claim could be set against a record"
                                     : "no claim of deaths with a number";
    }
    art->claims = it->claims.items;
    art->nclaims = it->claims.len;
    *out = art;
    return SITREP_OK;
}

void sitrep_check_iter_free(sitrep_check_iter *it)
{
    if (!it)
        return;
    sqlite3_finalize(it->docs);
    sr_arena_free(&it->arena);
    free(it->claims.items);
    free(it);
}
