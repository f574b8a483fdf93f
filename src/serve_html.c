/* serve_html.c - HTML output of the web view: escaping, the page frame, and
 * the article view (a record's text with every extracted span marked).
 *
 * Rule of this file: text that came from an article, a request or the store
 * reaches the page only through sr_html_esc (or sr_url_enc inside an href).
 * Literal markup is written with sr_buf_puts; nothing is formatted into
 * markup with %s unless it is a number or a static name. */
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- escaping ---- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    unsigned cp = c & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

sitrep_status sr_html_esc(sr_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (sr_buf_reserve(b, n + 16) != SITREP_OK)
        return SITREP_ENOMEM;
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        const char *rep = NULL;
        size_t adv = 1;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\t': case '\n': break;
        case '\r': rep = ""; break; /* CR LF shows as one line break */
        default:
            if (c < 0x20 || c == 0x7F) {
                rep = "\xEF\xBF\xBD"; /* controls (NUL too) are not HTML text */
            } else if (c >= 0x80) {
                adv = utf8_len(u + i, n - i);
                if (adv == 0) {
                    rep = "\xEF\xBF\xBD";
                    adv = 1;
                }
            }
        }
        if (rep) {
            if (sr_buf_put(b, s + run, i - run) != SITREP_OK || sr_buf_puts(b, rep) != SITREP_OK)
                return SITREP_ENOMEM;
            run = i + adv;
        }
        i += adv;
    }
    return sr_buf_put(b, s + run, n - run);
}

sitrep_status sr_html_escs(sr_buf *b, const char *s)
{
    return s ? sr_html_esc(b, s, strlen(s)) : SITREP_OK;
}

sitrep_status sr_url_enc(sr_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (sr_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            if (sr_buf_putc(b, c) != SITREP_OK)
                return SITREP_ENOMEM;
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            if (sr_buf_put(b, e, 3) != SITREP_OK)
                return SITREP_ENOMEM;
        }
    }
    return SITREP_OK;
}

/* ---- numbers ---- */

void sr_fmt_int(char *out, size_t cap, int64_t v)
{
    char tmp[32];
    int neg = v < 0;
    uint64_t u = neg ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    size_t n = 0, digits = 0;
    do {
        if (digits && digits % 3 == 0)
            tmp[n++] = ',';
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
        digits++;
    } while (u && n < sizeof tmp - 2);
    if (neg)
        tmp[n++] = '-';
    size_t k = 0;
    while (n && k + 1 < cap)
        out[k++] = tmp[--n];
    if (cap)
        out[k] = '\0';
}

void sr_fmt_count(char *out, size_t cap, int64_t min, int64_t max, sitrep_qualifier q)
{
    char a[32] = "", z[32] = "";
    if (min >= 0)
        sr_fmt_int(a, sizeof a, min);
    if (max >= 0)
        sr_fmt_int(z, sizeof z, max);
    switch (q) {
    case SITREP_QUAL_AT_LEAST:
        snprintf(out, cap, "at least %s", a[0] ? a : "?");
        break;
    case SITREP_QUAL_AT_MOST:
        snprintf(out, cap, "at most %s", z[0] ? z : a[0] ? a : "?");
        break;
    case SITREP_QUAL_ABOUT:
        snprintf(out, cap, "about %s", a[0] ? a : "?");
        break;
    case SITREP_QUAL_RANGE:
        snprintf(out, cap, "%s\xE2\x80\x93%s", a[0] ? a : "?", z[0] ? z : "?");
        break;
    case SITREP_QUAL_VAGUE:
        if (a[0])
            snprintf(out, cap, "vague (%s or more)", a);
        else
            snprintf(out, cap, "vague");
        break;
    default:
        if (a[0] && z[0] && min != max)
            snprintf(out, cap, "%s\xE2\x80\x93%s", a, z);
        else if (a[0])
            snprintf(out, cap, "%s", a);
        else if (z[0])
            snprintf(out, cap, "up to %s", z);
        else
            snprintf(out, cap, "?");
    }
}

/* ---- page frame ---- */

void sr_html_begin(sr_buf *b, const char *title, const char *nav_active)
{
    static const struct {
        const char *key, *href, *label;
    } nav[] = {{"incidents", "/incidents", "Incidents"},
               {"map", "/map", "Map and timeline"},
               {"paste", "/paste", "Paste an article"}};
    sr_buf_puts(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                   "<title>");
    sr_html_escs(b, title);
    sr_buf_puts(b, " \xC2\xB7 sitrep</title><link rel=\"stylesheet\" href=\"/assets/app.css\">"
                   "<link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">"
                   "<script src=\"/assets/app.js\" defer></script></head>\n<body>"
                   "<header class=\"top\"><a class=\"brand\" href=\"/\">sitrep</a><nav>");
    for (size_t i = 0; i < SR_ARRAY_LEN(nav); i++) {
        sr_buf_printf(b, "<a href=\"%s\"%s>%s</a>", nav[i].href,
                      nav_active && !strcmp(nav_active, nav[i].key) ? " aria-current=\"page\"" : "",
                      nav[i].label);
    }
    sr_buf_puts(b, "</nav></header>\n<main>");
}

void sr_html_end(sr_buf *b)
{
    sr_buf_puts(b, "</main>\n<footer class=\"foot\">sitrep " SITREP_VERSION
                   " \xC2\xB7 every figure links to the words it came from</footer></body></html>\n");
}

void sr_resp_error(sr_http_resp *rs, int status, const char *msg)
{
    sr_buf_clear(&rs->body);
    rs->status = status;
    rs->ctype = "text/html; charset=utf-8";
    char title[64];
    snprintf(title, sizeof title, "%d", status);
    sr_html_begin(&rs->body, title, NULL);
    sr_buf_printf(&rs->body, "<h1>%d</h1><p class=\"err\">", status);
    sr_html_escs(&rs->body, msg);
    sr_buf_puts(&rs->body, "</p>");
    sr_html_end(&rs->body);
}

/* ---- the article view ---- */

enum kind { K_COUNT, K_DATE, K_PLACE, K_ACTOR, K_CAUSE, K_CLAIM, K__N };
static const char *const kind_name[K__N] = {"count", "date", "place", "actor", "cause", "claimant"};

/* One extracted value and where it came from. */
typedef struct val {
    int kind;
    uint32_t s, e;
    size_t inc;        /* incident index */
    const char *rule;
    char desc[200];    /* what the span became (plain text, escaped when written) */
    size_t mark;       /* index of its mark */
} val;

/* A marked span of the text: the distinct (start, end, kind) of values. */
typedef struct mark {
    uint32_t s, e;
    int kind;
} mark;

static int cmp_mark(const void *a, const void *b)
{
    const mark *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->e != y->e)
        return x->e > y->e ? -1 : 1; /* longer first: it encloses */
    return x->kind - y->kind;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Moves an offset back to the start of a UTF-8 character. */
static uint32_t char_start(const char *t, size_t len, uint32_t o)
{
    if (o > len)
        o = (uint32_t)len;
    while (o > 0 && o < len && ((unsigned char)t[o] & 0xC0) == 0x80)
        o--;
    return o;
}

typedef SR_VEC(val) val_vec;

static void add_val(val_vec *v, const sitrep_docinfo *d, int kind, const sitrep_evidence *ev, size_t inc,
                    const char *desc)
{
    if (!ev)
        return;
    uint32_t s = char_start(d->text, d->text_len, ev->start);
    uint32_t e = char_start(d->text, d->text_len, ev->end);
    if (e <= s)
        return;
    val x = {.kind = kind, .s = s, .e = e, .inc = inc, .rule = ev->rule};
    snprintf(x.desc, sizeof x.desc, "%s", desc);
    sr_vec_push(v, x);
}

static void count_desc(char *out, size_t cap, const sitrep_count *c)
{
    char n[96];
    sr_fmt_count(n, sizeof n, c->min, c->max, c->qualifier);
    snprintf(out, cap, "%s %s: %s", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group), n);
}

static void date_desc(char *out, size_t cap, const sitrep_date *d)
{
    if (d->from[0] && d->to[0] && strcmp(d->from, d->to))
        snprintf(out, cap, "%s to %s (%s)", d->from, d->to, sitrep_precision_name(d->precision));
    else
        snprintf(out, cap, "%s (%s)", d->from[0] ? d->from : "unresolved", sitrep_precision_name(d->precision));
}

static void place_desc(char *out, size_t cap, const sitrep_place *p)
{
    snprintf(out, cap, "%s%s%s%s%s (%s, %.4g, %.4g)", p->name ? p->name : "?", p->admin1 ? ", " : "",
             p->admin1 ? p->admin1 : "", p->country[0] ? ", " : "", p->country,
             sitrep_place_precision_name(p->precision), p->lat, p->lon);
}

static void actor_desc(char *out, size_t cap, const sitrep_actor *a)
{
    if (a->actor && a->name && strcmp(a->actor, a->name))
        snprintf(out, cap, "perpetrator: %s (as named: %s)", a->actor, a->name);
    else
        snprintf(out, cap, "perpetrator: %s", a->actor ? a->actor : a->name ? a->name : "?");
}

static void collect(const sitrep_record *rec, val_vec *vals)
{
    const sitrep_docinfo *d = sitrep_record_doc(rec);
    size_t ninc = 0;
    const sitrep_incident *inc = sitrep_record_incidents(rec, &ninc);
    char desc[200];
    for (size_t i = 0; i < ninc; i++) {
        const sitrep_incident *in = &inc[i];
        for (size_t k = 0; k < in->ncounts; k++) {
            count_desc(desc, sizeof desc, &in->counts[k]);
            add_val(vals, d, K_COUNT, &in->counts[k].evidence, i, desc);
        }
        if (in->date.present) {
            date_desc(desc, sizeof desc, &in->date);
            add_val(vals, d, K_DATE, &in->date.evidence, i, desc);
        }
        if (in->place.present) {
            place_desc(desc, sizeof desc, &in->place);
            add_val(vals, d, K_PLACE, &in->place.evidence, i, desc);
        }
        if (in->perpetrator.present) {
            actor_desc(desc, sizeof desc, &in->perpetrator);
            add_val(vals, d, K_ACTOR, &in->perpetrator.evidence, i, desc);
        }
        if (in->cause.present) {
            snprintf(desc, sizeof desc, "cause: %s", sitrep_cause_name(in->cause.category));
            add_val(vals, d, K_CAUSE, &in->cause.evidence, i, desc);
        }
        if (in->claimed_by.present) {
            snprintf(desc, sizeof desc, "claimed by: %s", in->claimed_by.name ? in->claimed_by.name : "?");
            add_val(vals, d, K_CLAIM, &in->claimed_by.evidence, i, desc);
        }
    }
}

/* The marks: distinct spans of the values, in text order; each value gets
 * the index of its mark. */
static mark *build_marks(val_vec *vals, size_t *nmarks)
{
    *nmarks = 0;
    if (!vals->len)
        return NULL;
    mark *m = malloc(vals->len * sizeof *m);
    if (!m)
        return NULL;
    for (size_t i = 0; i < vals->len; i++)
        m[i] = (mark){vals->items[i].s, vals->items[i].e, vals->items[i].kind};
    qsort(m, vals->len, sizeof *m, cmp_mark);
    size_t n = 0;
    for (size_t i = 0; i < vals->len; i++)
        if (!n || cmp_mark(&m[n - 1], &m[i]) != 0)
            m[n++] = m[i];
    for (size_t i = 0; i < vals->len; i++) {
        mark key = {vals->items[i].s, vals->items[i].e, vals->items[i].kind};
        mark *f = bsearch(&key, m, n, sizeof *m, cmp_mark);
        vals->items[i].mark = f ? (size_t)(f - m) : 0;
    }
    *nmarks = n;
    return m;
}

static int cmp_val_mark(const void *a, const void *b)
{
    const val *x = a, *y = b;
    if (x->mark != y->mark)
        return x->mark < y->mark ? -1 : 1;
    return x->inc < y->inc ? -1 : x->inc > y->inc;
}

/* Sorts the values by mark; vstart[j]..vstart[j+1] are the values of mark j. */
static size_t *index_vals(val_vec *vals, size_t nm)
{
    size_t *vstart = calloc(nm + 1, sizeof *vstart);
    if (!vstart)
        return NULL;
    qsort(vals->items, vals->len, sizeof *vals->items, cmp_val_mark);
    size_t v = 0;
    for (size_t j = 0; j <= nm; j++) {
        while (v < vals->len && vals->items[v].mark < j)
            v++;
        vstart[j] = v;
    }
    return vstart;
}

/* Writes the text with marks and boilerplate. The text is cut at every
 * boundary of a mark or boilerplate span; each piece is wrapped in the marks
 * that cover it (outer first), so overlapping spans still nest correctly. */
static void write_text(sr_buf *b, const sitrep_record *rec, const mark *m, size_t nm, const val_vec *vals,
                       const size_t *vstart)
{
    const sitrep_docinfo *d = sitrep_record_doc(rec);
    size_t nbp = 0;
    const sitrep_span *bp = sitrep_record_boilerplate(rec, &nbp);
    size_t nb = 2 + 2 * nm + 2 * nbp;
    uint32_t *cut = malloc(nb * sizeof *cut);
    if (!cut) {
        sr_html_esc(b, d->text, d->text_len);
        return;
    }
    size_t k = 0;
    cut[k++] = 0;
    cut[k++] = (uint32_t)d->text_len;
    for (size_t i = 0; i < nm; i++) {
        cut[k++] = m[i].s;
        cut[k++] = m[i].e;
    }
    for (size_t i = 0; i < nbp; i++) {
        cut[k++] = char_start(d->text, d->text_len, bp[i].start);
        cut[k++] = char_start(d->text, d->text_len, bp[i].end);
    }
    qsort(cut, k, sizeof *cut, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || cut[u - 1] != cut[i])
            cut[u++] = cut[i];
    /* the marks open over the current piece, outer first (sorted order) */
    size_t *act = malloc((nm + 1) * sizeof *act);
    if (!act) {
        free(cut);
        sr_html_esc(b, d->text, d->text_len);
        return;
    }
    size_t nact = 0, next = 0, bi = 0;
    for (size_t i = 0; i + 1 < u; i++) {
        uint32_t a = cut[i], z = cut[i + 1];
        if (z > d->text_len)
            break;
        size_t keep = 0;
        for (size_t j = 0; j < nact; j++)
            if (m[act[j]].e > a)
                act[keep++] = act[j];
        nact = keep;
        int starts_here = 0;
        while (next < nm && m[next].s <= a) {
            if (m[next].e > a)
                act[nact++] = next;
            starts_here |= m[next].s == a;
            next++;
        }
        while (bi < nbp && bp[bi].end <= a)
            bi++;
        int boiler = bi < nbp && bp[bi].start <= a && bp[bi].end >= z;
        if (starts_here) /* target of links from incident pages: /docs/ID#at-OFFSET */
            sr_buf_printf(b, "<a class=\"anchor\" id=\"at-%u\"></a>", a);
        if (boiler)
            sr_buf_puts(b, "<span class=\"bp\" title=\"boilerplate: not read by extraction\">");
        for (size_t q = 0; q < nact; q++) {
            size_t j = act[q];
            sr_buf_printf(b, "<mark class=\"k-%s\" data-m=\"%zu\"", kind_name[m[j].kind], j);
            if (m[j].s == a)
                sr_buf_printf(b, " id=\"m%zu\"", j);
            /* the incidents of its values, and a title saying what the
             * span became, for hover without script */
            sr_buf_puts(b, " data-inc=\"");
            int first = 1;
            for (size_t v = vstart[j]; v < vstart[j + 1]; v++) {
                if (v > vstart[j] && vals->items[v].inc == vals->items[v - 1].inc)
                    continue;
                sr_buf_printf(b, first ? "%zu" : " %zu", vals->items[v].inc);
                first = 0;
            }
            sr_buf_puts(b, "\" title=\"");
            first = 1;
            for (size_t v = vstart[j]; v < vstart[j + 1]; v++) {
                if (!first)
                    sr_buf_puts(b, "; ");
                sr_html_escs(b, vals->items[v].desc);
                first = 0;
            }
            sr_buf_puts(b, "\">");
        }
        size_t open = nact;
        sr_html_esc(b, d->text + a, z - a);
        while (open--)
            sr_buf_puts(b, "</mark>");
        if (boiler)
            sr_buf_puts(b, "</span>");
    }
    free(act);
    free(cut);
}

/* "<q>words</q>" of a span, shortened in the middle when long. */
static void quote_span(sr_buf *b, const sitrep_docinfo *d, uint32_t s, uint32_t e)
{
    sr_buf_puts(b, "<q>");
    if (e - s <= 160) {
        sr_html_esc(b, d->text + s, e - s);
    } else {
        uint32_t a = char_start(d->text, d->text_len, s + 70);
        uint32_t z = char_start(d->text, d->text_len, e - 70);
        sr_html_esc(b, d->text + s, a - s);
        sr_buf_puts(b, " \xE2\x80\xA6 ");
        sr_html_esc(b, d->text + z, e - z);
    }
    sr_buf_puts(b, "</q>");
}

/* A row of the summary table: the value, then the words it came from (a link to their mark when
 * the text marks those words) and the summary rule that chose them. */
static void summary_row(sr_buf *b, const sitrep_docinfo *d, const mark *m, size_t nm, const char *field,
                        const char *value, const sitrep_evidence *ev)
{
    sr_buf_puts(b, "<tr><th>");
    sr_html_escs(b, field);
    sr_buf_puts(b, "</th><td>");
    sr_html_escs(b, value && *value ? value : "\xE2\x80\x94");
    uint32_t s = ev->rule ? char_start(d->text, d->text_len, ev->start) : 0;
    uint32_t e = ev->rule ? char_start(d->text, d->text_len, ev->end) : 0;
    if (e > s) {
        size_t j = 0;
        while (j < nm && !(m[j].s == s && m[j].e == e))
            j++;
        sr_buf_puts(b, " \xE2\x86\x90 ");
        if (j < nm)
            sr_buf_printf(b, "<a href=\"#m%zu\" data-m=\"%zu\">", j, j);
        quote_span(b, d, s, e);
        if (j < nm)
            sr_buf_puts(b, "</a>");
    }
    if (ev->rule && *ev->rule) {
        sr_buf_puts(b, " <code class=\"rule\">");
        sr_html_escs(b, ev->rule);
        sr_buf_puts(b, "</code>");
    }
    sr_buf_puts(b, "</td></tr>");
}

typedef struct marks_ref {
    const sitrep_docinfo *d;
    const mark *m;
    size_t n;
} marks_ref;

/* The value's text as a link to its mark in the text. */
static void value_link(sr_buf *b, const marks_ref *mr, int kind, const sitrep_evidence *ev, const char *text)
{
    if (ev && mr->n) {
        mark key = {char_start(mr->d->text, mr->d->text_len, ev->start),
                    char_start(mr->d->text, mr->d->text_len, ev->end), kind};
        const mark *f = bsearch(&key, mr->m, mr->n, sizeof *mr->m, cmp_mark);
        if (f) {
            size_t j = (size_t)(f - mr->m);
            sr_buf_printf(b, "<a class=\"v k-%s\" href=\"#m%zu\" data-m=\"%zu\">", kind_name[kind], j, j);
            sr_html_escs(b, text ? text : "?");
            sr_buf_puts(b, "</a>");
            return;
        }
    }
    sr_html_escs(b, text ? text : "?");
}

static void incident_card(sr_buf *b, const sitrep_incident *in, size_t i, const marks_ref *vals, int64_t fused)
{
    char t[256];
    sr_buf_printf(b, "<section class=\"inc\" id=\"inc-%zu\" data-inc=\"%zu\"><h3>Incident %zu", i, i, i + 1);
    sr_buf_printf(b, " <span class=\"badge cert-%s\">%s</span>", sitrep_certainty_name(in->certainty),
                  sitrep_certainty_name(in->certainty));
    if (in->scope == SITREP_SCOPE_WAR)
        sr_buf_puts(b, " <span class=\"badge scope\">war-wide total</span>");
    sr_buf_puts(b, "</h3><table class=\"kv\">");
    for (size_t k = 0; k < in->ncounts; k++) {
        const sitrep_count *c = &in->counts[k];
        sr_buf_printf(b, "<tr class=\"cnt\"><th>%s <span class=\"grp\">%s</span></th><td>",
                      sitrep_outcome_name(c->outcome), sitrep_group_name(c->group));
        sr_fmt_count(t, sizeof t, c->min, c->max, c->qualifier);
        value_link(b, vals, K_COUNT, &c->evidence, t);
        sr_buf_puts(b, "</td></tr>");
    }
    if (in->date.present) {
        date_desc(t, sizeof t, &in->date);
        sr_buf_puts(b, "<tr><th>date</th><td>");
        value_link(b, vals, K_DATE, &in->date.evidence, t);
        sr_buf_puts(b, "</td></tr>");
    }
    if (in->place.present) {
        const sitrep_place *p = &in->place;
        snprintf(t, sizeof t, "%s%s%s", p->name ? p->name : "?", p->admin1 && p->name && strcmp(p->admin1, p->name) ? ", " : "",
                 p->admin1 && p->name && strcmp(p->admin1, p->name) ? p->admin1 : "");
        sr_buf_puts(b, "<tr><th>place</th><td>");
        value_link(b, vals, K_PLACE, &p->evidence, t);
        sr_buf_printf(b, " <span class=\"muted\">%s</span></td></tr>", sitrep_place_precision_name(p->precision));
    }
    if (in->perpetrator.present) {
        sr_buf_puts(b, "<tr><th>perpetrator</th><td>");
        value_link(b, vals, K_ACTOR, &in->perpetrator.evidence,
                   in->perpetrator.actor ? in->perpetrator.actor : in->perpetrator.name);
        sr_buf_puts(b, "</td></tr>");
    }
    if (in->cause.present) {
        sr_buf_puts(b, "<tr><th>cause</th><td>");
        value_link(b, vals, K_CAUSE, &in->cause.evidence, sitrep_cause_name(in->cause.category));
        sr_buf_puts(b, "</td></tr>");
    }
    if (in->claimed_by.present) {
        sr_buf_puts(b, "<tr><th>claimed by</th><td>");
        value_link(b, vals, K_CLAIM, &in->claimed_by.evidence, in->claimed_by.name);
        sr_buf_puts(b, "</td></tr>");
    }
    sr_buf_puts(b, "</table>");
    if (fused > 0)
        sr_buf_printf(b, "<p class=\"fusedlink\"><a href=\"/incidents/%lld\">fused incident #%lld: every source "
                         "side by side \xE2\x86\x92</a></p>",
                      (long long)fused, (long long)fused);
    sr_buf_puts(b, "</section>");
}

sitrep_status sr_html_article(sr_buf *b, const sitrep_record *rec, const int64_t *fused, size_t nfused,
                              const char *note)
{
    const sitrep_docinfo *d = sitrep_record_doc(rec);
    val_vec vals = {0};
    collect(rec, &vals);
    size_t nm = 0;
    mark *m = build_marks(&vals, &nm);
    size_t *vstart = index_vals(&vals, nm);
    if (!vstart) {
        free(m);
        free(vals.items);
        return SITREP_ENOMEM;
    }
    marks_ref mr = {d, m, nm};
    size_t ninc = 0;
    const sitrep_incident *inc = sitrep_record_incidents(rec, &ninc);
    size_t nbp = 0;
    sitrep_record_boilerplate(rec, &nbp);

    size_t per_kind[K__N] = {0};
    for (size_t i = 0; i < nm; i++)
        per_kind[m[i].kind]++;

    sr_buf_puts(b, "<div class=\"article-page\">");
    /* header: title and metadata */
    sr_buf_puts(b, "<header class=\"doc-head\"><h1>");
    sr_html_escs(b, d->title && *d->title ? d->title : "(untitled article)");
    sr_buf_puts(b, "</h1><dl class=\"meta\">");
    if (d->source) {
        sr_buf_puts(b, "<div><dt>outlet</dt><dd>");
        sr_html_escs(b, d->source);
        sr_buf_puts(b, "</dd></div>");
    }
    sr_buf_puts(b, "<div><dt>published</dt><dd>");
    if (d->published) {
        sr_html_escs(b, d->published);
        sr_buf_puts(b, " <span class=\"muted\">(");
        sr_buf_puts(b, d->published_from && !strcmp(d->published_from, "text") ? "found in the text" : "given");
        sr_buf_puts(b, ")</span>");
    } else {
        sr_buf_puts(b, "<span class=\"muted\">unknown</span>");
    }
    sr_buf_puts(b, "</dd></div><div><dt>id</dt><dd><code>");
    sr_html_escs(b, d->id);
    sr_buf_puts(b, "</code></dd></div>");
    if (d->url) {
        /* shown as text, never as a link: a URL from an article is not trusted */
        sr_buf_puts(b, "<div><dt>url</dt><dd class=\"url\">");
        sr_html_escs(b, d->url);
        sr_buf_puts(b, "</dd></div>");
    }
    sr_buf_printf(b, "<div><dt>incidents</dt><dd>%zu</dd></div></dl>", ninc);
    if (note) {
        sr_buf_puts(b, "<p class=\"note\">");
        sr_html_escs(b, note);
        sr_buf_puts(b, "</p>");
    }
    size_t nw = 0;
    const char *const *w = sitrep_record_warnings(rec, &nw);
    if (nw) {
        sr_buf_puts(b, "<ul class=\"warnings\">");
        for (size_t i = 0; i < nw; i++) {
            sr_buf_puts(b, "<li>");
            sr_html_escs(b, w[i]);
            sr_buf_puts(b, "</li>");
        }
        sr_buf_puts(b, "</ul>");
    }
    /* legend: one switch per kind */
    sr_buf_puts(b, "</header><div class=\"legend\" role=\"group\" aria-label=\"kinds of extracted words\">");
    for (int k = 0; k < K__N; k++)
        sr_buf_printf(b, "<label class=\"chip k-%s\"><input type=\"checkbox\" checked data-kind=\"%s\"> %s <b>%zu</b></label>",
                      kind_name[k], kind_name[k], kind_name[k], per_kind[k]);
    sr_buf_printf(b, "<label class=\"chip bpchip\"><input type=\"checkbox\" checked data-kind=\"bp\"> boilerplate <b>%zu</b></label>", nbp);
    sr_buf_puts(b, "</div>");

    /* the text */
    sr_buf_puts(b, "<div class=\"cols\"><article class=\"text\" id=\"text\">");
    write_text(b, rec, m, nm, &vals, vstart);
    sr_buf_puts(b, "</article><aside class=\"side\">");

    /* the inspector: filled by app.js from the value list on hover */
    sr_buf_puts(b, "<div class=\"inspector\" id=\"inspector\" aria-live=\"polite\"><p class=\"muted\">"
                   "Point at a highlighted word to see what it became.</p></div>");

    sr_buf_printf(b, "<h2>Incidents in this article</h2>");
    if (!ninc)
        sr_buf_puts(b, "<p class=\"muted\">No harm event was found in this text.</p>");
    for (size_t i = 0; i < ninc; i++)
        incident_card(b, &inc[i], i, &mr, fused && i < nfused ? fused[i] : 0);

    const sitrep_summary *sm = sitrep_record_summary(rec);
    if (sm && sm->present) {
        sr_buf_puts(b, "<h2>Summary <span class=\"muted\">(FA-KES view)</span></h2><table class=\"kv summary\">");
        summary_row(b, d, m, nm, "location", sm->location, &sm->evidence.location);
        summary_row(b, d, m, nm, "actor", sm->actor, &sm->evidence.actor);
        summary_row(b, d, m, nm, "cause", sm->cause_of_death, &sm->evidence.cause_of_death);
        sr_buf_printf(b, "<tr><th>civilians</th><td>%lld</td></tr><tr><th>non-civilians</th><td>%lld</td></tr>"
                         "<tr><th>children</th><td>%lld</td></tr><tr><th>women</th><td>%lld</td></tr><tr><th>date</th><td>",
                      (long long)sm->nb_civilians, (long long)sm->nb_noncivilians, (long long)sm->nb_children,
                      (long long)sm->nb_women);
        sr_html_escs(b, sm->date[0] ? sm->date : "\xE2\x80\x94");
        sr_buf_puts(b, "</td></tr></table>");
    }

    /* every extracted span: what it became and the rule behind it */
    sr_buf_printf(b, "<h2>Extracted words <span class=\"muted\">(%zu)</span></h2><ol class=\"values\" id=\"values\">", nm);
    for (size_t j = 0; j < nm; j++) {
        sr_buf_printf(b, "<li id=\"v%zu\" data-m=\"%zu\" class=\"k-%s\"><a href=\"#m%zu\" class=\"chip k-%s\">%s</a> ", j, j,
                      kind_name[m[j].kind], j, kind_name[m[j].kind], kind_name[m[j].kind]);
        quote_span(b, d, m[j].s, m[j].e);
        for (size_t v = vstart[j]; v < vstart[j + 1]; v++) {
            const val *x = &vals.items[v];
            sr_buf_printf(b, "<div class=\"became\"><span class=\"arrow\">\xE2\x86\x92</span> ");
            sr_html_escs(b, x->desc);
            sr_buf_printf(b, " <span class=\"muted\">(incident %zu)</span>", x->inc + 1);
            if (x->rule) {
                sr_buf_puts(b, " <code class=\"rule\">");
                sr_html_escs(b, x->rule);
                sr_buf_puts(b, "</code>");
            }
            sr_buf_puts(b, "</div>");
        }
        sr_buf_puts(b, "</li>");
    }
    sr_buf_puts(b, "</ol></aside></div></div>");
    free(vstart);
    free(m);
    free(vals.items);
    return b->data ? SITREP_OK : SITREP_ENOMEM;
}
