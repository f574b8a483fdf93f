/* fuse.c - fusion: the reports of one event by different articles become one
 * fused incident, with every source's claim kept beside the others.
 *
 * The rule. A report (one incident of one article's record) joins a fused
 * incident when all of these hold against the fused incident's first
 * report: (1) both are events (a war-wide or long-period total, scope "war",
 * never fuses and stays alone); (2) same place: the same GeoNames id, or the
 * same name in the same country, or, when both are towns or finer, at most
 * FUSE_KM (5) km apart (haversine), measured from a town's edge when the
 * other place is a spot (precision "point": a prison, a hospital, a
 * neighbourhood), since a town's coordinates are its centre: a spot and a
 * town fuse within FUSE_KM + TOWN_EDGE_KM (8) km ("Saydnaya Prison" and the
 * town of Saydnaya, 5.4 km apart); places known only as a province or a
 * country fuse by identity alone; (3) overlapping dates: the report's dates
 * widened by a day either side (three for a week; none for a month or a
 * year, whose periods are long enough) meet the dates of the fused incident's
 * first report (not the span of all its reports: through a report of a
 * period, single days weeks apart would chain into one incident), and the
 * two periods' lengths differ by a factor of at most 31 (a
 * day and a month may fuse, a day and "between 2011 and 2015" may not),
 * and a report of a week or less never fuses with a running total: days
 * counted from a stated day, more than a week of them ("since 15 November",
 * day precision), which sums the events of those days and is none of them; a
 * report with no date stands for the week before its article's publication;
 * (4) compatible cause: the same class, or one of them unknown (classes:
 * airstrike, shelling and explosion; shooting, execution and torture;
 * chemical; siege); (5) compatible outcomes: their counts share an outcome
 * class, or one has no count (classes: killed and injured; displaced and
 * trapped; detained and missing); (6) no report of the same article is in
 * it already (extraction keeps an article's incidents apart on purpose).
 * Among several fused incidents that qualify the nearest wins, then the
 * oldest. A report without place or dates stays alone. Reports are fused in
 * the order they were stored, so fusing anew gives the same result.
 *
 * Fused incidents are never merged with each other, even when a later
 * report would qualify for two of them (it joins the nearest, then the
 * oldest). Deliberately: the rule compares a report with the first report of
 * an incident, and "fuses with" is not transitive (a spot 4 km east of one
 * town and 4 km west of another, a three-day report overlapping two
 * one-day ones a day apart): merging through such a bridge would chain
 * distinct events of a busy place into one, and a casualty record then
 * counts their victims once. Two incidents that a bridge report joins stay
 * apart, each with its own claims; the bridge's claim is in one of them.
 *
 * Per (outcome, group), a fused incident keeps the lowest and highest
 * figures claimed (a claim's figure is its min and max; "at least 82" is 82,
 * open-ended) and whether the claims agree: they conflict as soon as one
 * claim's (min, max) differs from the first one's. Reports are never
 * changed: each source's claim (outlet, claimant, counts, certainty,
 * evidence) stays as extracted, and the fused incident only points at them.
 *
 * Cost: pending reports are read from an index of the pending ones alone
 * (incidents_pending), in id order after the last one read, so each is
 * read once. Each report looks only at fused incidents of its own and the
 * neighbouring grid cells (0.1 degree; two columns either side at high
 * latitudes) whose dates meet its own: the fused incidents of at most
 * LONG_DAYS days by their first day, which lies in a window of LONG_DAYS
 * days before the report's (index fused(cell, day_lo)), and the rare longer
 * ones from an index that holds only them (fused_cell_long). So a report
 * examines the incidents near it in place and time, however many the store
 * holds; a fused incident's figures are updated in place from the new
 * report alone. Fusion is linear in the reports added (bench/store.sh). */
#include "fuse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FUSE_KM 5.0
#define TOWN_EDGE_KM 3.0 /* a spot and a town: FUSE_KM from the town's edge */
/* Fused incidents that span more days than this have an index of their own
 * (SQL text: the figure of fused_cell_long in schema_v3.sql). */
#define LONG_DAYS "31"
#define UNDATED_DAYS 7
#define MAX_LENGTH_RATIO 31
#define RUNNING_DAYS 7
#define CHUNK 512

int64_t sr_fuse_cell(double lat, double lon)
{
    int64_t r = (int64_t)floor((lat + 90.0) * 10.0);
    int64_t c = (int64_t)floor((lon + 180.0) * 10.0);
    return r * 3600 + c;
}

static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * 6371.0 * asin(sqrt(a < 1 ? a : 1));
}

typedef struct place {
    bool present;
    int64_t id, geonames_id;
    const char *name, *country, *precision;
    double lat, lon;
} place;

typedef struct report {
    int64_t id, doc;
    bool war;
    bool dated;          /* has a window */
    int64_t lo, hi;      /* the window: stated dates, or the week before publication */
    int64_t slack;       /* days either side */
    bool running;        /* a stretch of days told by its first day ("since 15 November"): a running total */
    const char *date_from, *date_to;
    place pl;
    bool has_cell;
    int64_t cell;
    const char *cause;
    int64_t actor_id;
    unsigned outcomes;
} report;

static unsigned outcome_class(const char *o)
{
    if (!strcmp(o, "killed") || !strcmp(o, "injured"))
        return 1;
    if (!strcmp(o, "displaced") || !strcmp(o, "trapped"))
        return 2;
    return 4; /* detained, missing */
}

static int cause_class(const char *c)
{
    if (!c || !strcmp(c, "unknown"))
        return 0;
    if (!strcmp(c, "airstrike") || !strcmp(c, "shelling") || !strcmp(c, "explosion"))
        return 1;
    if (!strcmp(c, "shooting") || !strcmp(c, "execution") || !strcmp(c, "torture"))
        return 2;
    if (!strcmp(c, "chemical"))
        return 3;
    return 4; /* siege */
}

static bool fine_place(const place *p)
{
    return p->precision && (!strcmp(p->precision, "point") || !strcmp(p->precision, "town") ||
                            !strcmp(p->precision, "district"));
}

static bool is_prec(const place *p, const char *prec) { return p->precision && !strcmp(p->precision, prec); }

/* Whether two places are the same by the rule; *km receives the distance. */
static bool same_place(const place *a, const place *b, double *km)
{
    *km = haversine_km(a->lat, a->lon, b->lat, b->lon);
    if (a->id == b->id)
        return true;
    if (a->geonames_id > 0 && a->geonames_id == b->geonames_id)
        return true;
    if (a->name && b->name && a->name[0] && !strcasecmp(a->name, b->name) && !strcmp(a->country, b->country))
        return true;
    if (!fine_place(a) || !fine_place(b))
        return false;
    /* a town's coordinates are its centre: a spot in it or at its edge (a
     * prison, a hospital, a neighbourhood) may lie a few km further */
    bool spot_town = (is_prec(a, "point") && is_prec(b, "town")) || (is_prec(a, "town") && is_prec(b, "point"));
    return *km <= FUSE_KM + (spot_town ? TOWN_EDGE_KM : 0);
}

static int64_t slack_for(const char *precision)
{
    if (!precision || !strcmp(precision, "day") || !strcmp(precision, "unknown"))
        return 1;
    if (!strcmp(precision, "week"))
        return 3;
    return 0;
}

/* Is a report of these dates a running total: days counted from a stated day
 * ("since 15 November", "between 1 and 20 March"), more than a week of them?
 * A month or a year named as such is the date of one event told coarsely;
 * a stretch of days told day by day sums the events of those days. */
static bool running_total(const char *precision, int64_t lo, int64_t hi)
{
    return hi - lo + 1 > RUNNING_DAYS && (!precision || !strcmp(precision, "day"));
}

/* The next pending reports after report ?2, in id order, from the index of
 * pending reports alone (it shrinks as reports are fused). */
static const char SQL_PENDING[] =
    "SELECT i.id, i.document_id, i.scope, i.day_from, i.day_to, i.date_precision, d.published,"
    " i.place_id, p.geonames_id, p.name, p.country, p.lat, p.lon, p.precision, i.cell, i.cause,"
    " i.actor_id, i.date_from, i.date_to,"
    " (SELECT group_concat(c.outcome) FROM counts c WHERE c.incident_id = i.id)"
    " FROM incidents i INDEXED BY incidents_pending JOIN documents d ON d.id = i.document_id"
    " LEFT JOIN places p ON p.id = i.place_id"
    " WHERE i.fused_id IS NULL AND i.id > ?2 ORDER BY i.id LIMIT ?1";
/* Fused incidents of the cells ?1-?15 whose dates meet [?16, ?17]: those of
 * at most LONG_DAYS days by their first day (index fused_cell_lo, a bounded
 * stretch of days), the longer ones that start before that stretch from
 * their own index (fused_cell_long). The cells are a list of values read
 * one by one, each an index seek (an IN list would be copied into a
 * temporary table at every run). */
#define CAND_COLS                                                                                                  \
    "SELECT f.id, f.rep_lo, f.rep_hi, f.cause, f.outcomes, p.id, p.geonames_id, p.name, p.country, p.lat, p.lon," \
    " p.precision FROM c CROSS JOIN fused f"
#define CAND_PLACE " JOIN places p ON p.id = f.place_id WHERE f.cell = c.cell AND f.cell IS NOT NULL"
static const char SQL_CANDIDATES[] =
    "WITH c(cell) AS NOT MATERIALIZED (VALUES (?1), (?2), (?3), (?4), (?5), (?6), (?7), (?8), (?9), (?10), (?11),"
    " (?12), (?13), (?14), (?15)) "
    CAND_COLS " INDEXED BY fused_cell_lo" CAND_PLACE
    " AND f.day_lo BETWEEN ?16 - " LONG_DAYS " AND ?17 AND f.day_hi >= ?16 AND f.scope = 'event'"
    " UNION ALL " CAND_COLS " INDEXED BY fused_cell_long" CAND_PLACE " AND f.day_hi - f.day_lo > " LONG_DAYS
    " AND f.day_hi >= ?16 AND f.day_lo < ?16 - " LONG_DAYS " AND f.scope = 'event'";
static const char SQL_FIRST_DATES[] =
    "SELECT date_precision, day_from, day_to FROM incidents WHERE fused_id = ?1 ORDER BY id LIMIT 1";
static const char SQL_SAME_DOC[] = "SELECT 1 FROM incidents WHERE fused_id = ?1 AND document_id = ?2 LIMIT 1";
static const char SQL_FUSED_NEW[] =
    "INSERT INTO fused(scope, day_lo, day_hi, rep_lo, rep_hi, date_from, date_to, place_id, cell, cause,"
    " actor_id, outcomes, nreports) VALUES (?1, ?2, ?3, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)";
static const char SQL_FUSED_JOIN[] =
    "UPDATE fused SET day_lo = min(day_lo, ?2), day_hi = max(day_hi, ?3),"
    " date_from = CASE WHEN ?4 IS NOT NULL AND (date_from IS NULL OR ?4 < date_from) THEN ?4 ELSE date_from END,"
    " date_to = CASE WHEN ?5 IS NOT NULL AND (date_to IS NULL OR ?5 > date_to) THEN ?5 ELSE date_to END,"
    " cause = CASE WHEN cause IS NULL OR cause = 'unknown' THEN ?6 ELSE cause END,"
    " actor_id = coalesce(actor_id, ?7), outcomes = outcomes | ?8, nreports = nreports + 1 WHERE id = ?1";
static const char SQL_REPORT_SET[] = "UPDATE incidents SET fused_id = ?2 WHERE id = ?1";
static const char SQL_REPORT_COUNTS[] = "SELECT outcome, grp, min, max, qualifier FROM counts WHERE incident_id = ?1";
static const char SQL_COUNT_UPSERT[] =
    "INSERT INTO fused_counts(fused_id, outcome, grp, low, high, open_high, ref_min, ref_max, nclaims, conflict)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4, ?5, 1, 0)"
    " ON CONFLICT(fused_id, outcome, grp) DO UPDATE SET low = min(low, excluded.low),"
    " high = max(high, excluded.high), open_high = open_high | excluded.open_high, nclaims = nclaims + 1,"
    " conflict = conflict | (ref_min <> excluded.ref_min OR ref_max <> excluded.ref_max)";
static const char SQL_KILLED[] =
    "SELECT grp, low, high, conflict FROM fused_counts WHERE fused_id = ?1 AND outcome = 'killed'";
static const char SQL_ANY_CONFLICT[] = "SELECT count(*) FROM fused_counts WHERE fused_id = ?1 AND conflict";
static const char SQL_FUSED_FIGURES[] =
    "UPDATE fused SET killed_low = ?2, killed_high = ?3, conflicting = ?4 WHERE id = ?1";

/* Loads up to CHUNK pending reports after report `after`, in id order, into
 * out. */
static sitrep_status load_pending(sitrep_store *s, sr_arena *ar, int64_t after, report *out, size_t *n)
{
    *n = 0;
    sqlite3_stmt *q = sr_stmt(s, SQL_PENDING);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int(q, 1, CHUNK);
    sqlite3_bind_int64(q, 2, after);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        report *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(q, 0);
        r->doc = sqlite3_column_int64(q, 1);
        const char *scope = (const char *)sqlite3_column_text(q, 2);
        r->war = scope && !strcmp(scope, "war");
        if (sqlite3_column_type(q, 3) != SQLITE_NULL) {
            r->dated = true;
            r->lo = sqlite3_column_int64(q, 3);
            r->hi = sqlite3_column_int64(q, 4);
            r->slack = slack_for((const char *)sqlite3_column_text(q, 5));
            r->running = running_total((const char *)sqlite3_column_text(q, 5), r->lo, r->hi);
        } else {
            int64_t pub;
            if (sr_iso_days((const char *)sqlite3_column_text(q, 6), &pub)) {
                r->dated = true;
                r->lo = pub - UNDATED_DAYS;
                r->hi = pub;
            }
        }
        if (sqlite3_column_type(q, 7) != SQLITE_NULL) {
            place *p = &r->pl;
            p->present = true;
            p->id = sqlite3_column_int64(q, 7);
            p->geonames_id = sqlite3_column_int64(q, 8);
            p->name = sr_col_str(q, 9, ar);
            p->country = sr_col_str(q, 10, ar);
            p->lat = sqlite3_column_double(q, 11);
            p->lon = sqlite3_column_double(q, 12);
            p->precision = sr_col_str(q, 13, ar);
            if (!p->country)
                p->country = "";
        }
        r->has_cell = sqlite3_column_type(q, 14) != SQLITE_NULL;
        r->cell = sqlite3_column_int64(q, 14);
        r->cause = sr_col_str(q, 15, ar);
        r->actor_id = sqlite3_column_int64(q, 16);
        r->date_from = sr_col_str(q, 17, ar);
        r->date_to = sr_col_str(q, 18, ar);
        const char *outs = (const char *)sqlite3_column_text(q, 19);
        for (const char *o = outs; o && *o;) {
            const char *comma = strchr(o, ',');
            size_t len = comma ? (size_t)(comma - o) : strlen(o);
            char buf[16];
            if (len < sizeof buf) {
                memcpy(buf, o, len);
                buf[len] = '\0';
                r->outcomes |= outcome_class(buf);
            }
            o = comma ? comma + 1 : o + len;
        }
    }
    if (rc != SQLITE_DONE) {
        sitrep_status e = sr_store_dberr(s, "reading reports to fuse");
        sqlite3_reset(q);
        return e;
    }
    sqlite3_reset(q);
    return SITREP_OK;
}

typedef struct cand {
    int64_t id;
    double km;
} cand;
typedef SR_VEC(cand) cand_vec;

/* nearest first, then the oldest */
static int cand_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->km != b->km)
        return a->km < b->km ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Is the first report of fused incident f a running total? 1, 0, or -1 on a
 * database error (told on s). */
static int first_running(sitrep_store *s, int64_t f)
{
    sqlite3_stmt *q = sr_stmt(s, SQL_FIRST_DATES);
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, f);
    int rc = sqlite3_step(q), running = 0;
    if (rc == SQLITE_ROW)
        running = sqlite3_column_type(q, 1) != SQLITE_NULL &&
                  running_total((const char *)sqlite3_column_text(q, 0), sqlite3_column_int64(q, 1),
                                sqlite3_column_int64(q, 2));
    else if (rc != SQLITE_DONE)
        running = -1;
    sqlite3_reset(q);
    if (running < 0)
        sr_store_dberr(s, "looking for incidents to fuse with");
    return running;
}

/* The fused incident that r joins by the rule, or 0. cv is scratch. */
static sitrep_status find_match(sitrep_store *s, cand_vec *cv, const report *r, int64_t *match)
{
    *match = 0;
    cv->len = 0;
    if (r->war || !r->pl.present || !r->has_cell || !r->dated)
        return SITREP_OK;
    sqlite3_stmt *q = sr_stmt(s, SQL_CANDIDATES);
    if (!q)
        return SITREP_EDB;
    /* the cells a place within the largest distance of the rule may lie in:
     * a row of cells is 11.1 km high, a column 11.1 km * cos(latitude) wide */
    double colkm = 11.1 * cos(r->pl.lat * M_PI / 180.0);
    int wide = colkm >= FUSE_KM + TOWN_EDGE_KM ? 1 : 2; /* 2 is enough up to 63 degrees of latitude */
    int k = 0;
    for (int dr = -1; dr <= 1; dr++)
        for (int dc = -2; dc <= 2; dc++) {
            k++; /* a cell left out: a number no cell has, another each time */
            sqlite3_bind_int64(q, k, dc < -wide || dc > wide ? -k : r->cell + dr * 3600 + dc);
        }
    sqlite3_bind_int64(q, 16, r->lo - r->slack);
    sqlite3_bind_int64(q, 17, r->hi + r->slack);
    int64_t len = r->hi - r->lo + 1;
    int rcls = cause_class(r->cause);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t flo = sqlite3_column_int64(q, 1), fhi = sqlite3_column_int64(q, 2);
        int64_t flen = fhi - flo + 1;
        if (flen * MAX_LENGTH_RATIO < len || len * MAX_LENGTH_RATIO < flen)
            continue;
        if (r->lo - r->slack > fhi || r->hi + r->slack < flo)
            continue; /* the query matched the span of all its reports: the first one's decides */
        if ((len > RUNNING_DAYS) != (flen > RUNNING_DAYS)) {
            /* a stretch of days and an event of a few: apart when the stretch is a running total */
            int running = r->running;
            if (len <= RUNNING_DAYS && (running = first_running(s, sqlite3_column_int64(q, 0))) < 0) {
                sqlite3_reset(q);
                return SITREP_EDB;
            }
            if (running)
                continue;
        }
        int fcls = cause_class((const char *)sqlite3_column_text(q, 3));
        if (rcls && fcls && rcls != fcls)
            continue;
        unsigned fout = (unsigned)sqlite3_column_int(q, 4);
        if (r->outcomes && fout && !(r->outcomes & fout))
            continue;
        place fp = {true,
                    sqlite3_column_int64(q, 5),
                    sqlite3_column_int64(q, 6),
                    (const char *)sqlite3_column_text(q, 7),
                    (const char *)sqlite3_column_text(q, 8),
                    (const char *)sqlite3_column_text(q, 11),
                    sqlite3_column_double(q, 9),
                    sqlite3_column_double(q, 10)};
        if (!fp.country)
            fp.country = "";
        cand c = {sqlite3_column_int64(q, 0), 0};
        if (!same_place(&r->pl, &fp, &c.km))
            continue;
        if (sr_vec_push(cv, c) != SITREP_OK) {
            sqlite3_reset(q);
            return SITREP_ENOMEM;
        }
    }
    if (rc != SQLITE_DONE) {
        sitrep_status e = sr_store_dberr(s, "looking for incidents to fuse with");
        sqlite3_reset(q);
        return e;
    }
    sqlite3_reset(q);
    /* the first, nearest then oldest, that holds no report of r's article */
    if (cv->len > 1)
        qsort(cv->items, cv->len, sizeof *cv->items, cand_cmp);
    for (size_t i = 0; i < cv->len; i++) {
        sqlite3_stmt *d = sr_stmt(s, SQL_SAME_DOC);
        if (!d)
            return SITREP_EDB;
        sqlite3_bind_int64(d, 1, cv->items[i].id);
        sqlite3_bind_int64(d, 2, r->doc);
        rc = sqlite3_step(d);
        sqlite3_reset(d);
        if (rc == SQLITE_ROW)
            continue;
        if (rc != SQLITE_DONE)
            return sr_store_dberr(s, "looking for incidents to fuse with");
        *match = cv->items[i].id;
        break;
    }
    return SITREP_OK;
}

/* Adds r's counts to fused incident f and updates its figures. */
static sitrep_status add_counts(sitrep_store *s, int64_t report_id, int64_t f)
{
    sqlite3_stmt *q = sr_stmt(s, SQL_REPORT_COUNTS);
    if (!q)
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, report_id);
    /* collect first: the upsert is another statement on the same connection */
    struct {
        char outcome[16], grp[16];
        int64_t lo, hi;
        int open;
    } cs[32];
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && n < SR_ARRAY_LEN(cs)) {
        bool has_min = sqlite3_column_type(q, 2) != SQLITE_NULL;
        bool has_max = sqlite3_column_type(q, 3) != SQLITE_NULL;
        if (!has_min && !has_max)
            continue;
        int64_t mn = sqlite3_column_int64(q, 2), mx = sqlite3_column_int64(q, 3);
        const char *qual = (const char *)sqlite3_column_text(q, 4);
        snprintf(cs[n].outcome, sizeof cs[n].outcome, "%s", (const char *)sqlite3_column_text(q, 0));
        snprintf(cs[n].grp, sizeof cs[n].grp, "%s", (const char *)sqlite3_column_text(q, 1));
        cs[n].lo = has_min ? mn : mx;
        cs[n].hi = has_max ? mx : cs[n].lo;
        cs[n].open = !has_max && qual && (!strcmp(qual, "at_least") || !strcmp(qual, "vague"));
        n++;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sr_store_dberr(s, "reading counts");
    sitrep_status st;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *u = sr_stmt(s, SQL_COUNT_UPSERT);
        if (!u)
            return SITREP_EDB;
        sqlite3_bind_int64(u, 1, f);
        sqlite3_bind_text(u, 2, cs[i].outcome, -1, SQLITE_STATIC);
        sqlite3_bind_text(u, 3, cs[i].grp, -1, SQLITE_STATIC);
        sqlite3_bind_int64(u, 4, cs[i].lo);
        sqlite3_bind_int64(u, 5, cs[i].hi);
        sqlite3_bind_int(u, 6, cs[i].open);
        if ((st = sr_step_done(s, u, "updating fused counts")) != SITREP_OK)
            return st;
    }
    /* fatalities: the figure for people, or civilians and combatants added,
     * whichever is larger */
    sqlite3_stmt *k = sr_stmt(s, SQL_KILLED);
    if (!k)
        return SITREP_EDB;
    sqlite3_bind_int64(k, 1, f);
    int64_t plo = -1, phi = -1, slo = -1, shi = -1;
    while ((rc = sqlite3_step(k)) == SQLITE_ROW) {
        const char *g = (const char *)sqlite3_column_text(k, 0);
        int64_t lo = sqlite3_column_int64(k, 1), hi = sqlite3_column_int64(k, 2);
        if (!strcmp(g, "people")) {
            plo = lo;
            phi = hi;
        } else if (!strcmp(g, "civilians") || !strcmp(g, "combatants")) {
            slo = (slo < 0 ? 0 : slo) + lo;
            shi = (shi < 0 ? 0 : shi) + hi;
        }
    }
    sqlite3_reset(k);
    if (rc != SQLITE_DONE)
        return sr_store_dberr(s, "reading fused counts");
    sqlite3_stmt *c = sr_stmt(s, SQL_ANY_CONFLICT);
    if (!c)
        return SITREP_EDB;
    sqlite3_bind_int64(c, 1, f);
    int conflicting = sqlite3_step(c) == SQLITE_ROW && sqlite3_column_int(c, 0) > 0;
    sqlite3_reset(c);
    sqlite3_stmt *w = sr_stmt(s, SQL_FUSED_FIGURES);
    if (!w)
        return SITREP_EDB;
    int64_t lo = SR_MAX(plo, slo), hi = SR_MAX(phi, shi);
    sqlite3_bind_int64(w, 1, f);
    sr_bind_opt_int(w, 2, lo >= 0, lo);
    sr_bind_opt_int(w, 3, hi >= 0, hi);
    sqlite3_bind_int(w, 4, conflicting);
    return sr_step_done(s, w, "updating a fused incident");
}

static sitrep_status fuse_one(sitrep_store *s, cand_vec *cv, const report *r, sitrep_fuse_stats *stats)
{
    int64_t f = 0;
    sitrep_status st = find_match(s, cv, r, &f);
    if (st != SITREP_OK)
        return st;
    sqlite3_stmt *q;
    if (f) {
        if (!(q = sr_stmt(s, SQL_FUSED_JOIN)))
            return SITREP_EDB;
        sqlite3_bind_int64(q, 1, f);
        sqlite3_bind_int64(q, 2, r->lo);
        sqlite3_bind_int64(q, 3, r->hi);
        sr_bind_str(q, 4, r->date_from);
        sr_bind_str(q, 5, r->date_to ? r->date_to : r->date_from);
        sr_bind_str(q, 6, r->cause);
        sr_bind_opt_int(q, 7, r->actor_id > 0, r->actor_id);
        sqlite3_bind_int(q, 8, (int)r->outcomes);
        if ((st = sr_step_done(s, q, "joining a fused incident")) != SITREP_OK)
            return st;
        stats->joined++;
    } else {
        if (!(q = sr_stmt(s, SQL_FUSED_NEW)))
            return SITREP_EDB;
        sqlite3_bind_text(q, 1, r->war ? "war" : "event", -1, SQLITE_STATIC);
        sr_bind_opt_int(q, 2, r->dated, r->lo);
        sr_bind_opt_int(q, 3, r->dated, r->hi);
        sr_bind_str(q, 4, r->date_from);
        sr_bind_str(q, 5, r->date_to ? r->date_to : r->date_from);
        sr_bind_opt_int(q, 6, r->pl.present, r->pl.id);
        /* war totals and reports without place or dates stay alone: no cell */
        bool fusable = !r->war && r->pl.present && r->has_cell && r->dated;
        sr_bind_opt_int(q, 7, fusable, r->cell);
        sr_bind_str(q, 8, r->cause);
        sr_bind_opt_int(q, 9, r->actor_id > 0, r->actor_id);
        sqlite3_bind_int(q, 10, (int)r->outcomes);
        if ((st = sr_step_done(s, q, "creating a fused incident")) != SITREP_OK)
            return st;
        f = sqlite3_last_insert_rowid(s->db);
        stats->created++;
    }
    if (!(q = sr_stmt(s, SQL_REPORT_SET)))
        return SITREP_EDB;
    sqlite3_bind_int64(q, 1, r->id);
    sqlite3_bind_int64(q, 2, f);
    if ((st = sr_step_done(s, q, "fusing a report")) != SITREP_OK)
        return st;
    stats->reports++;
    return add_counts(s, r->id, f);
}

typedef struct fuse_arg {
    int rebuild;
    bool one_chunk;  /* stop after one chunk (its own transaction) */
    bool done;       /* no pending report is left after `after` */
    int64_t after;   /* the last report read */
    report *rs;      /* CHUNK reports */
    sr_arena ar;
    cand_vec cands;
    sitrep_fuse_stats stats;
} fuse_arg;

static sitrep_status forget_all(sitrep_store *s, void *p)
{
    (void)p;
    char *err = NULL;
    if (sqlite3_exec(s->db,
                     "UPDATE incidents SET fused_id = NULL WHERE fused_id IS NOT NULL;"
                     " DELETE FROM fused_counts; DELETE FROM fused;",
                     NULL, NULL, &err) != SQLITE_OK) {
        snprintf(s->errmsg, sizeof s->errmsg, "forgetting fused incidents: %s", err ? err : "failed");
        sqlite3_free(err);
        return SITREP_EDB;
    }
    return SITREP_OK;
}

/* Fuses the pending reports after a->after, a chunk at a time: every chunk,
 * or only the next one when a->one_chunk. */
static sitrep_status fuse_tx(sitrep_store *s, void *p)
{
    fuse_arg *a = p;
    sitrep_status st = SITREP_OK;
    sitrep_fuse_stats before = a->stats;
    int64_t after = a->after;
    do {
        size_t n = 0;
        sr_arena_reset(&a->ar);
        if ((st = load_pending(s, &a->ar, after, a->rs, &n)) != SITREP_OK)
            break;
        if (n == 0) {
            a->done = true;
            break;
        }
        for (size_t i = 0; i < n && st == SITREP_OK; i++)
            st = fuse_one(s, &a->cands, &a->rs[i], &a->stats);
        after = a->rs[n - 1].id;
    } while (st == SITREP_OK && !a->one_chunk);
    if (st == SITREP_OK)
        a->after = after;
    else
        a->stats = before; /* rolled back */
    return st;
}

/* Inside a batch, fusion is part of the batch's transaction. Otherwise each
 * chunk of reports is a transaction of its own: a large fusion then never
 * holds more changed pages than a chunk makes (SQLite's page cache would
 * spill them to the WAL again and again), and an interrupted fusion leaves
 * whole chunks fused and the rest pending, which the next run fuses. */
sitrep_status sitrep_store_fuse(sitrep_store *s, int rebuild, sitrep_fuse_stats *stats)
{
    fuse_arg a = {0};
    a.rebuild = rebuild;
    a.one_chunk = !s->txn;
    if (stats)
        *stats = (sitrep_fuse_stats){0, 0, 0};
    if (!(a.rs = malloc(CHUNK * sizeof *a.rs)))
        return SITREP_ENOMEM;
    sitrep_status st = rebuild ? sr_store_atomic(s, forget_all, NULL) : SITREP_OK;
    while (st == SITREP_OK && !a.done)
        st = sr_store_atomic(s, fuse_tx, &a);
    sr_arena_free(&a.ar);
    free(a.cands.items);
    free(a.rs);
    if (stats)
        *stats = a.stats;
    return st;
}
