/* serve_svg.c - the map and the timeline of the web view, drawn by the
 * server as SVG (no tile server: works offline).
 *
 * Country outlines come from Natural Earth through the npm package
 * world-atlas (countries-50m.json, TopoJSON, public domain), fetched at
 * set-up by scripts/fetch-data.sh and read once when the server starts.
 * TopoJSON stores shared borders once as quantized, delta-encoded arcs;
 * each country is a list of rings, each ring a list of arc indices (~i for
 * arc i reversed). We decode the arcs to longitude/latitude once, and draw
 * with an equirectangular projection (x scaled by the cosine of the middle
 * latitude) fitted to the incidents and the country that holds them. */
#include "serve.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ring {
    size_t start, n;                    /* points [start, start+n) of sr_world.pts */
    float minx, miny, maxx, maxy;
} ring;

typedef struct country {
    char *name;
    size_t ring0, nrings;
    float minx, miny, maxx, maxy;
} country;

struct sr_world {
    float *pts;      /* lon, lat pairs */
    size_t npts;
    ring *rings;
    size_t nrings;
    country *c;
    size_t nc;
};

void sr_world_free(sr_world *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->nc; i++)
        free(w->c[i].name);
    free(w->c);
    free(w->rings);
    free(w->pts);
    free(w);
}

size_t sr_world_ncountries(const sr_world *w) { return w ? w->nc : 0; }
const char *sr_world_country_name(const sr_world *w, size_t i) { return w && i < w->nc ? w->c[i].name : NULL; }

/* Decoded arcs: arc i is points [aoff[i], aoff[i+1]) of apts. */
typedef struct arcs {
    float *pts;
    size_t *off;
    size_t n;
} arcs;

static int push_pt(sr_world *w, size_t *cap, float x, float y)
{
    if (w->npts + 1 > *cap) {
        size_t nc = *cap ? *cap * 2 : 4096;
        float *p = realloc(w->pts, nc * 2 * sizeof *p);
        if (!p)
            return -1;
        w->pts = p;
        *cap = nc;
    }
    w->pts[2 * w->npts] = x;
    w->pts[2 * w->npts + 1] = y;
    w->npts++;
    return 0;
}

/* Appends the points of one ring (a JSON array of arc indices). */
static int add_ring(sr_world *w, size_t *ptcap, size_t *ringcap, const arcs *A, json_t *ja)
{
    if (!json_is_array(ja))
        return -1;
    size_t start = w->npts;
    for (size_t k = 0; k < json_array_size(ja); k++) {
        json_t *ji = json_array_get(ja, k);
        if (!json_is_integer(ji))
            return -1;
        long long ai = json_integer_value(ji);
        int rev = ai < 0;
        size_t idx = (size_t)(rev ? ~ai : ai);
        if (idx >= A->n)
            return -1;
        size_t a = A->off[idx], z = A->off[idx + 1];
        for (size_t p = 0; p < z - a; p++) {
            size_t q = rev ? z - 1 - p : a + p;
            if (p == 0 && k > 0)
                continue; /* shared with the end of the previous arc */
            if (push_pt(w, ptcap, A->pts[2 * q], A->pts[2 * q + 1]) != 0)
                return -1;
        }
    }
    if (w->npts - start < 3) {
        w->npts = start;
        return 0;
    }
    if (w->nrings + 1 > *ringcap) {
        size_t nc = *ringcap ? *ringcap * 2 : 512;
        ring *r = realloc(w->rings, nc * sizeof *r);
        if (!r)
            return -1;
        w->rings = r;
        *ringcap = nc;
    }
    ring *r = &w->rings[w->nrings++];
    r->start = start;
    r->n = w->npts - start;
    r->minx = r->miny = 1e9f;
    r->maxx = r->maxy = -1e9f;
    for (size_t i = start; i < w->npts; i++) {
        float x = w->pts[2 * i], y = w->pts[2 * i + 1];
        if (x < r->minx) r->minx = x;
        if (x > r->maxx) r->maxx = x;
        if (y < r->miny) r->miny = y;
        if (y > r->maxy) r->maxy = y;
    }
    return 0;
}

sitrep_status sr_world_parse(const char *text, size_t len, sr_world **out, char *errbuf)
{
    *out = NULL;
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!root) {
        sr_errf(errbuf, "map outlines: line %d: %s", jerr.line, jerr.text);
        return SITREP_EDATA;
    }
    sitrep_status st = SITREP_EDATA;
    sr_world *w = calloc(1, sizeof *w);
    arcs A = {0};
    json_t *tr = json_object_get(root, "transform");
    json_t *jarcs = json_object_get(root, "arcs");
    json_t *geoms = json_object_get(json_object_get(json_object_get(root, "objects"), "countries"), "geometries");
    if (!w) {
        st = SITREP_ENOMEM;
        goto done;
    }
    if (!json_is_array(jarcs) || !json_is_array(geoms)) {
        sr_errf(errbuf, "map outlines: not a world-atlas countries TopoJSON file");
        goto done;
    }
    double sx = 1, sy = 1, tx = 0, ty = 0;
    int quantized = 0;
    if (json_is_object(tr)) {
        json_t *sc = json_object_get(tr, "scale"), *tl = json_object_get(tr, "translate");
        sx = json_number_value(json_array_get(sc, 0));
        sy = json_number_value(json_array_get(sc, 1));
        tx = json_number_value(json_array_get(tl, 0));
        ty = json_number_value(json_array_get(tl, 1));
        quantized = 1;
    }
    /* decode the arcs */
    A.n = json_array_size(jarcs);
    A.off = malloc((A.n + 1) * sizeof *A.off);
    size_t total = 0;
    for (size_t i = 0; i < A.n; i++)
        total += json_array_size(json_array_get(jarcs, i));
    A.pts = malloc((total + 1) * 2 * sizeof *A.pts);
    if (!A.off || !A.pts) {
        st = SITREP_ENOMEM;
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < A.n; i++) {
        json_t *arc = json_array_get(jarcs, i);
        A.off[i] = k;
        double x = 0, y = 0;
        for (size_t p = 0; p < json_array_size(arc); p++) {
            json_t *pt = json_array_get(arc, p);
            double dx = json_number_value(json_array_get(pt, 0)), dy = json_number_value(json_array_get(pt, 1));
            if (quantized) {
                x += dx;
                y += dy;
                A.pts[2 * k] = (float)(x * sx + tx);
                A.pts[2 * k + 1] = (float)(y * sy + ty);
            } else {
                A.pts[2 * k] = (float)dx;
                A.pts[2 * k + 1] = (float)dy;
            }
            k++;
        }
    }
    A.off[A.n] = k;

    size_t ptcap = 0, ringcap = 0;
    w->c = calloc(json_array_size(geoms) + 1, sizeof *w->c);
    if (!w->c) {
        st = SITREP_ENOMEM;
        goto done;
    }
    for (size_t g = 0; g < json_array_size(geoms); g++) {
        json_t *geo = json_array_get(geoms, g);
        const char *type = json_string_value(json_object_get(geo, "type"));
        json_t *ga = json_object_get(geo, "arcs");
        if (!type || !json_is_array(ga))
            continue;
        country *c = &w->c[w->nc];
        const char *name = json_string_value(json_object_get(json_object_get(geo, "properties"), "name"));
        c->name = strdup(name ? name : "");
        c->ring0 = w->nrings;
        if (!strcmp(type, "Polygon")) {
            for (size_t r = 0; r < json_array_size(ga); r++)
                if (add_ring(w, &ptcap, &ringcap, &A, json_array_get(ga, r)) != 0)
                    goto bad;
        } else if (!strcmp(type, "MultiPolygon")) {
            for (size_t p = 0; p < json_array_size(ga); p++) {
                json_t *poly = json_array_get(ga, p);
                for (size_t r = 0; r < json_array_size(poly); r++)
                    if (add_ring(w, &ptcap, &ringcap, &A, json_array_get(poly, r)) != 0)
                        goto bad;
            }
        } else {
            free(c->name);
            continue;
        }
        c->nrings = w->nrings - c->ring0;
        c->minx = c->miny = 1e9f;
        c->maxx = c->maxy = -1e9f;
        for (size_t r = c->ring0; r < w->nrings; r++) {
            if (w->rings[r].minx < c->minx) c->minx = w->rings[r].minx;
            if (w->rings[r].miny < c->miny) c->miny = w->rings[r].miny;
            if (w->rings[r].maxx > c->maxx) c->maxx = w->rings[r].maxx;
            if (w->rings[r].maxy > c->maxy) c->maxy = w->rings[r].maxy;
        }
        w->nc++;
    }
    st = SITREP_OK;
    goto done;
bad:
    free(w->c[w->nc].name); /* the country being read */
    w->c[w->nc].name = NULL;
    sr_errf(errbuf, "map outlines: a geometry refers to a missing arc");
    st = SITREP_EDATA;
done:
    free(A.off);
    free(A.pts);
    json_decref(root);
    if (st != SITREP_OK) {
        sr_world_free(w);
        return st;
    }
    *out = w;
    return SITREP_OK;
}

sitrep_status sr_world_load(const char *path, sr_world **out, char *errbuf)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        sr_errf(errbuf, "%s: cannot open the map outlines", path);
        return SITREP_EIO;
    }
    sr_buf b = {0};
    sitrep_status rst = sr_buf_read(&b, fp);
    fclose(fp);
    if (rst == SITREP_ENOMEM) {
        sr_buf_free(&b);
        return SITREP_ENOMEM;
    }
    if (rst != SITREP_OK) {
        sr_buf_free(&b);
        sr_errf(errbuf, "%s: cannot read the map outlines", path);
        return SITREP_EIO;
    }
    sitrep_status st = sr_world_parse(b.data ? b.data : "", b.len, out, errbuf);
    sr_buf_free(&b);
    return st;
}

/* Even-odd test over every ring of the country (holes included). */
static int in_country(const sr_world *w, const country *c, double x, double y)
{
    if (x < c->minx || x > c->maxx || y < c->miny || y > c->maxy)
        return 0;
    int inside = 0;
    for (size_t r = c->ring0; r < c->ring0 + c->nrings; r++) {
        const ring *R = &w->rings[r];
        if (x < R->minx || x > R->maxx || y < R->miny || y > R->maxy)
            continue;
        const float *p = w->pts + 2 * R->start;
        for (size_t i = 0, j = R->n - 1; i < R->n; j = i++) {
            double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                inside = !inside;
        }
    }
    return inside;
}

long sr_world_country_at(const sr_world *w, double lon, double lat)
{
    if (!w)
        return -1;
    for (size_t i = 0; i < w->nc; i++)
        if (in_country(w, &w->c[i], lon, lat))
            return (long)i;
    return -1;
}

/* ---- the map ---- */

typedef struct proj {
    double lon0, lat1, kx, s, ox, oy;
} proj;

static double px(const proj *p, double lon) { return p->ox + (lon - p->lon0) * p->kx * p->s; }
static double py(const proj *p, double lat) { return p->oy + (p->lat1 - lat) * p->s; }

static int cmp_deaths_desc(const void *a, const void *b)
{
    const sr_map_point *x = *(const sr_map_point *const *)a, *y = *(const sr_map_point *const *)b;
    return x->deaths < y->deaths ? 1 : x->deaths > y->deaths ? -1 : 0;
}

/* A round step for grid lines and axes: 1, 2 or 5 times a power of ten. */
static double nice_step(double span, int ticks)
{
    double raw = span / (ticks > 0 ? ticks : 1);
    if (raw <= 0)
        return 1;
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

sitrep_status sr_svg_map(sr_buf *b, const sr_world *w, sr_map_point *pts, size_t n, int W, int H)
{
    /* The view: the country that holds the most incidents (its whole
     * outline, with its incidents), so that a stray place abroad does not
     * shrink the country to a dot; the points outside are marked outside
     * for the page to list. With no outlines, or no point in a country: all
     * the points. */
    double minx = 1e9, miny = 1e9, maxx = -1e9, maxy = -1e9;
    unsigned char *home = w && w->nc ? calloc(w->nc, 1) : NULL;
    size_t *nin = w && w->nc ? calloc(w->nc, sizeof *nin) : NULL;
    long *where = n ? malloc(n * sizeof *where) : NULL;
    size_t located = 0;
    long best = -1;
    for (size_t i = 0; i < n; i++) {
        double x = pts[i].lon, y = pts[i].lat;
        pts[i].outside = 0;
        if (where)
            where[i] = -2; /* not located */
        if (!isfinite(x) || !isfinite(y) || x < -180 || x > 180 || y < -90 || y > 90) {
            pts[i].outside = 1;
            continue;
        }
        located++;
        long c = sr_world_country_at(w, x, y);
        if (where)
            where[i] = c;
        if (c >= 0 && nin) {
            nin[c]++;
            if (best < 0 || nin[c] > nin[best])
                best = c;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!where || where[i] == -2)
            continue;
        if (best >= 0 && where[i] != best)
            continue;
        minx = fmin(minx, pts[i].lon), maxx = fmax(maxx, pts[i].lon);
        miny = fmin(miny, pts[i].lat), maxy = fmax(maxy, pts[i].lat);
    }
    if (!located || (where == NULL && n)) {
        /* nothing to show: the Levant, where the seed articles are */
        minx = 35.5, maxx = 42.5, miny = 32.2, maxy = 37.4;
    }
    if (best >= 0 && home) {
        home[best] = 1;
        const country *C = &w->c[best];
        if (C->maxx - C->minx <= 40 && C->maxy - C->miny <= 30) { /* not a country as wide as Russia */
            minx = fmin(minx, C->minx), maxx = fmax(maxx, C->maxx);
            miny = fmin(miny, C->miny), maxy = fmax(maxy, C->maxy);
        }
    }
    free(nin);
    double cx = (minx + maxx) / 2, cy = (miny + maxy) / 2;
    double dx = fmax(maxx - minx, 1.0), dy = fmax(maxy - miny, 0.8);
    dx *= 1.12, dy *= 1.12;
    double kx = cos(cy * M_PI / 180);
    if (kx < 0.2)
        kx = 0.2;
    /* widen the short side so the box has the picture's aspect */
    double aspect = (double)W / H;
    if (dx * kx / dy < aspect)
        dx = dy * aspect / kx;
    else
        dy = dx * kx / aspect;
    proj P = {.lon0 = cx - dx / 2, .lat1 = cy + dy / 2, .kx = kx};
    P.s = W / (dx * kx);
    P.ox = 0, P.oy = 0;
    double vx0 = P.lon0, vx1 = cx + dx / 2, vy0 = cy - dy / 2, vy1 = P.lat1;
    for (size_t i = 0; i < n; i++)
        if (!pts[i].outside && (pts[i].lon < vx0 || pts[i].lon > vx1 || pts[i].lat < vy0 || pts[i].lat > vy1))
            pts[i].outside = 1;
    free(where);

    sr_buf_printf(b, "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                     "role=\"img\" aria-label=\"map of incidents\"><rect class=\"sea\" width=\"%d\" height=\"%d\"/>",
                  W, H, W, H);
    /* outlines */
    if (w) {
        for (int pass = 0; pass < 2; pass++) {
            sr_buf_printf(b, "<g class=\"%s\">", pass ? "home" : "land");
            for (size_t c = 0; c < w->nc; c++) {
                const country *C = &w->c[c];
                int is_home = home && home[c];
                if (is_home != pass)
                    continue;
                if (C->maxx < vx0 || C->minx > vx1 || C->maxy < vy0 || C->miny > vy1)
                    continue;
                sr_buf_puts(b, "<path d=\"");
                for (size_t r = C->ring0; r < C->ring0 + C->nrings; r++) {
                    const ring *R = &w->rings[r];
                    if (R->maxx < vx0 - 1 || R->minx > vx1 + 1 || R->maxy < vy0 - 1 || R->miny > vy1 + 1)
                        continue;
                    const float *p = w->pts + 2 * R->start;
                    double lx = 1e18, ly = 1e18;
                    size_t emitted = 0;
                    for (size_t i = 0; i < R->n; i++) {
                        double x = px(&P, p[2 * i]), y = py(&P, p[2 * i + 1]);
                        if (i + 1 < R->n && emitted && fabs(x - lx) < 0.7 && fabs(y - ly) < 0.7)
                            continue; /* closer than a pixel to the last point */
                        sr_buf_printf(b, "%s%.1f %.1f", emitted ? "L" : "M", x, y);
                        lx = x, ly = y;
                        emitted++;
                    }
                    sr_buf_puts(b, "Z");
                }
                sr_buf_puts(b, "\"><title>");
                sr_html_escs(b, C->name);
                sr_buf_puts(b, "</title></path>");
            }
            sr_buf_puts(b, "</g>");
        }
    }
    /* graticule */
    double step = nice_step(fmax(dx, dy), 6);
    sr_buf_puts(b, "<g class=\"grat\">");
    for (double g = ceil(vx0 / step) * step; g <= vx1; g += step)
        sr_buf_printf(b, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/><text x=\"%.1f\" y=\"%d\">%g\xC2\xB0%s</text>",
                      px(&P, g), px(&P, g), H, px(&P, g) + 3, H - 4, fabs(g), g < 0 ? "W" : "E");
    for (double g = ceil(vy0 / step) * step; g <= vy1; g += step)
        sr_buf_printf(b, "<line x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/><text x=\"3\" y=\"%.1f\">%g\xC2\xB0%s</text>",
                      py(&P, g), W, py(&P, g), py(&P, g) - 3, fabs(g), g < 0 ? "S" : "N");
    sr_buf_puts(b, "</g>");
    /* country names: the home country, and neighbours mostly in view, at
     * the middle of the part of their box that is in view */
    if (w) {
        sr_buf_puts(b, "<g class=\"cname\">");
        for (size_t c = 0; c < w->nc; c++) {
            const country *C = &w->c[c];
            double lx = fmax(C->minx, vx0), hx = fmin(C->maxx, vx1);
            double ly = fmax(C->miny, vy0), hy = fmin(C->maxy, vy1);
            if (hx <= lx || hy <= ly)
                continue;
            int is_home = home && home[c];
            double inview = (hx - lx) * (hy - ly) / fmax((C->maxx - C->minx) * (C->maxy - C->miny), 1e-9);
            double pw = (hx - lx) * kx * P.s, ph = (hy - ly) * P.s;
            if (!is_home && (inview < 0.4 || pw < 90 || ph < 30))
                continue;
            sr_buf_printf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">", is_home ? "home" : "other",
                          px(&P, (lx + hx) / 2), is_home ? py(&P, ly + (hy - ly) * 0.1) : py(&P, (ly + hy) / 2));
            sr_html_escs(b, C->name);
            sr_buf_puts(b, "</text>");
        }
        sr_buf_puts(b, "</g>");
    }
    /* points, biggest first so small ones stay visible on top */
    const sr_map_point **order = n ? malloc(n * sizeof *order) : NULL;
    double maxd = 0;
    size_t k = 0;
    for (size_t i = 0; i < n && order; i++) {
        if (pts[i].outside)
            continue;
        order[k++] = &pts[i];
        maxd = fmax(maxd, pts[i].deaths);
    }
    if (order)
        qsort(order, k, sizeof *order, cmp_deaths_desc);
    sr_buf_puts(b, "<g class=\"pts\">");
    for (size_t i = 0; i < k; i++) {
        const sr_map_point *p = order[i];
        double r = 4 + (maxd > 0 ? 26 * sqrt(p->deaths / maxd) : 0);
        if (p->href) {
            sr_buf_puts(b, "<a href=\"");
            sr_html_escs(b, p->href);
            sr_buf_puts(b, "\">");
        }
        sr_buf_printf(b, "<circle class=\"pt%s%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"><title>",
                      p->conflict ? " conflict" : "", p->deaths > 0 ? "" : " nodeaths", px(&P, p->lon),
                      py(&P, p->lat), r);
        sr_html_escs(b, p->label ? p->label : "incident");
        if (p->count > 1)
            sr_buf_printf(b, ": %d incidents", p->count);
        if (p->deaths > 0)
            sr_buf_printf(b, "%s up to %.0f killed", p->count > 1 ? "," : ":", p->deaths);
        sr_buf_puts(b, "</title></circle>");
        if (p->href)
            sr_buf_puts(b, "</a>");
    }
    sr_buf_puts(b, "</g>");
    /* labels of the places with the most deaths, none over another */
    sr_buf_puts(b, "<g class=\"plabel\">");
    double boxes[12][4];
    size_t nbox = 0;
    for (size_t i = 0; i < k && nbox < 12; i++) {
        const sr_map_point *p = order[i];
        if (!p->label || (i > 0 && p->deaths <= 0 && nbox >= 6))
            continue;
        double r = 4 + (maxd > 0 ? 26 * sqrt(p->deaths / maxd) : 0);
        double x = px(&P, p->lon) + r + 3, y = py(&P, p->lat) + 4;
        double tw = 7.2 * (double)strlen(p->label), th = 14;
        int clash = x + tw > W;
        for (size_t j = 0; j < nbox && !clash; j++)
            clash = x < boxes[j][2] && x + tw > boxes[j][0] && y - th < boxes[j][3] && y > boxes[j][1];
        if (clash)
            continue;
        boxes[nbox][0] = x, boxes[nbox][1] = y - th, boxes[nbox][2] = x + tw, boxes[nbox][3] = y;
        nbox++;
        sr_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x, y);
        sr_html_escs(b, p->label);
        sr_buf_puts(b, "</text>");
    }
    sr_buf_puts(b, "</g>");
    /* legend of the circle sizes */
    if (maxd > 0) {
        /* round figures: the largest 1, 2 or 5 times a power of ten not over
         * the biggest circle, and a tenth of it */
        double p10 = pow(10, floor(log10(maxd)));
        double top = maxd >= 5 * p10 ? 5 * p10 : maxd >= 2 * p10 ? 2 * p10 : p10;
        double vals[2] = {top, top / 10};
        sr_buf_puts(b, "<g class=\"legend\">");
        double lx = 36, ly = H - 22;
        for (int i = 0; i < 2; i++) {
            if (vals[i] < 1)
                continue;
            double r = 4 + 26 * sqrt(vals[i] / maxd);
            char num[32];
            sr_fmt_int(num, sizeof num, (int64_t)(vals[i] + 0.5));
            sr_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\">%s killed</text>",
                          lx, ly - r, r, lx + 34, ly - r + 4, num);
            ly -= 2 * r + 8;
        }
        sr_buf_puts(b, "</g>");
    }
    /* scale bar */
    double km_per_px = 111.32 * cos(cy * M_PI / 180) / (P.s * kx);
    double km = nice_step(km_per_px * W / 5, 1);
    double len = km / km_per_px;
    sr_buf_printf(b, "<g class=\"scale\"><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"4\"/>"
                     "<text x=\"%d\" y=\"%d\">%g km</text></g>",
                  W - 20 - (int)len, H - 24, len, W - 20 - (int)len, H - 28, km);
    if (!w)
        sr_buf_printf(b, "<text class=\"nomap\" x=\"12\" y=\"22\">country outlines are not installed "
                         "(run make to fetch them)</text>");
    sr_buf_puts(b, "</svg>");
    free(order);
    free(home);
    return b->data ? SITREP_OK : SITREP_ENOMEM;
}

/* ---- the timeline ---- */

sitrep_status sr_svg_timeline(sr_buf *b, const sr_day_bar *bars, size_t n, int W, int H)
{
    const int ml = 56, mr = 12, mt = 14, mb = 34;
    sr_buf_printf(b, "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                     "role=\"img\" aria-label=\"deaths per day\">",
                  W, H);
    if (!n) {
        sr_buf_printf(b, "<text class=\"empty\" x=\"%d\" y=\"%d\">no dated deaths to show</text></svg>", ml, H / 2);
        return SITREP_OK;
    }
    int64_t d0 = bars[0].day, d1 = bars[n - 1].day;
    /* bins: a day, a week or a month, so that bars stay at least 2 px wide */
    int64_t span = d1 - d0 + 1;
    int bin = 1;
    const char *unit = "day";
    double plotw = W - ml - mr;
    if (span > plotw / 2) {
        bin = 7, unit = "week";
        if (span / 7 > plotw / 2)
            bin = 30, unit = "month (30 days)";
    }
    size_t nb = (size_t)(span / bin + 1);
    double *lo = calloc(nb, sizeof *lo), *hi = calloc(nb, sizeof *hi);
    if (!lo || !hi) {
        free(lo);
        free(hi);
        return SITREP_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)((bars[i].day - d0) / bin);
        lo[k] += bars[i].low;
        hi[k] += bars[i].high;
    }
    double top = 0;
    for (size_t k = 0; k < nb; k++)
        top = fmax(top, fmax(hi[k], lo[k]));
    double step = nice_step(top > 0 ? top : 1, 4);
    double ymax = ceil((top > 0 ? top : 1) / step) * step;
    double ph = H - mt - mb;
    double bw = plotw / (double)nb;
    sr_buf_puts(b, "<g class=\"axis\">");
    for (double v = 0; v <= ymax + step / 2; v += step) {
        double y = mt + ph - v / ymax * ph;
        char num[32];
        sr_fmt_int(num, sizeof num, (int64_t)v);
        sr_buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%d\" y=\"%.1f\" "
                         "text-anchor=\"end\">%s</text>",
                      ml, W - mr, y, y, ml - 6, y + 4, num);
    }
    /* date labels: first, last, and a few between */
    int nlab = (int)(plotw / 110);
    if (nlab < 2)
        nlab = 2;
    for (int l = 0; l <= nlab; l++) {
        size_t k = (size_t)((double)l / nlab * (double)(nb - 1) + 0.5);
        char date[11];
        sr_format_days(date, d0 + (int64_t)k * bin);
        double x = ml + (k + 0.5) * bw;
        sr_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>", x, H - mb + 16,
                      l == 0 ? "start" : l == nlab ? "end" : "middle", date);
        if (nb == 1)
            break;
    }
    sr_buf_printf(b, "<text class=\"unit\" x=\"%d\" y=\"%d\">deaths per %s</text></g><g class=\"bars\">", ml,
                  H - 4, unit);
    for (size_t k = 0; k < nb; k++) {
        if (hi[k] <= 0 && lo[k] <= 0)
            continue;
        double w = bw > 4 ? bw * 0.76 : 3, x = ml + (k + 0.5) * bw - w / 2;
        double yh = mt + ph - fmax(hi[k], lo[k]) / ymax * ph, yl = mt + ph - lo[k] / ymax * ph;
        char date[11];
        sr_format_days(date, d0 + (int64_t)k * bin);
        char a[32], z[32];
        sr_fmt_int(a, sizeof a, (int64_t)lo[k]);
        sr_fmt_int(z, sizeof z, (int64_t)fmax(hi[k], lo[k]));
        sr_buf_printf(b, "<g class=\"bar\" data-day=\"%s\"><title>%s%s: %s%s%s killed</title>", date,
                      bin > 1 ? "from " : "", date, a, strcmp(a, z) ? "\xE2\x80\x93" : "", strcmp(a, z) ? z : "");
        sr_buf_printf(b, "<rect class=\"hi\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\"/>", x, yh, w,
                      mt + ph - yh);
        sr_buf_printf(b, "<rect class=\"lo\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\"/></g>", x, yl, w,
                      mt + ph - yl);
    }
    sr_buf_puts(b, "</g></svg>");
    free(lo);
    free(hi);
    return b->data ? SITREP_OK : SITREP_ENOMEM;
}
