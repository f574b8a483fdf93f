/* explain.c - the --explain table of a record, and snippets of evidence
 * words in context (shared with `sitrep eval --misses`).
 *
 * The table is meant for a person checking a record against its article:
 * one block per incident, one row per value (the value, then the words it
 * came from with the words marked, then the rule or lexicon entry that
 * produced it), the summary with the incident it came from, the warnings.
 * It fits EXPLAIN_WIDTH columns. */
#include "explain.h"

#include "record.h"

#include <stdlib.h>
#include <string.h>

#define EXPLAIN_WIDTH 100 /* columns of the table */
#define LABEL_COLS 18     /* "  nb_noncivilians  " */
#define VALUE_COLS 44     /* value column before the rule */

/* ---- snippets ---- */

static inline bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

static inline bool is_blank(unsigned char c) { return c < 0x20 || c == ' ' || c == 0x7F; }

/* The offset n code points back from off (not before lo). */
static size_t back_cps(const char *s, size_t off, size_t lo, size_t n)
{
    while (n > 0 && off > lo) {
        off--;
        while (off > lo && is_cont((unsigned char)s[off]))
            off--;
        n--;
    }
    return off;
}

/* The offset n code points on from off (not after hi). */
static size_t fwd_cps(const char *s, size_t off, size_t hi, size_t n)
{
    while (n > 0 && off < hi) {
        off++;
        while (off < hi && is_cont((unsigned char)s[off]))
            off++;
        n--;
    }
    return off;
}

static size_t count_cps(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += !is_cont((unsigned char)s[i]);
    return n;
}

size_t sr_text_columns(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == 0x1B) { /* ESC [ params final */
            if (p[1] == '[') {
                p += 2;
                while (*p && !(*p >= 0x40 && *p <= 0x7E))
                    p++;
                if (!*p)
                    break;
            }
            continue;
        }
        n += !is_cont(*p);
    }
    return n;
}

typedef struct snip {
    sr_buf *out;
    bool space_pending, any;
    sitrep_status st;
} snip;

/* Appends s[a, b) with blanks collapsed to one space. */
static void snip_text(snip *w, const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b && w->st == SITREP_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_blank(c)) {
            w->space_pending = w->any;
            continue;
        }
        if (w->space_pending) {
            w->st = sr_buf_putc(w->out, ' ');
            w->space_pending = false;
        }
        if (w->st == SITREP_OK)
            w->st = sr_buf_putc(w->out, c);
        w->any = true;
    }
}

static void snip_raw(snip *w, const char *s, bool keep_pending_space)
{
    if (w->st != SITREP_OK)
        return;
    if (w->space_pending && keep_pending_space) {
        w->st = sr_buf_putc(w->out, ' ');
        w->space_pending = false;
    }
    if (w->st == SITREP_OK)
        w->st = sr_buf_puts(w->out, s);
    w->any = true;
}

sitrep_status sr_snippet(const char *body, size_t len, uint32_t start, uint32_t end, size_t width,
                         const char *mark_open, const char *mark_close, sr_buf *out)
{
    size_t s = start, e = end;
    if (e > len)
        e = len;
    if (s > e)
        s = e;
    snip w = {out, false, false, SITREP_OK};
    size_t marks = sr_text_columns(mark_open) + sr_text_columns(mark_close);
    size_t avail = width > marks + 4 ? width - marks : 4;
    size_t span = count_cps(body, s, e);

    if (span > avail) { /* the words alone do not fit: head … tail */
        size_t head = (avail - 1) / 2, tail = avail - 1 - head;
        snip_raw(&w, mark_open, false);
        snip_text(&w, body, s, fwd_cps(body, s, e, head));
        w.space_pending = false;
        snip_raw(&w, "…", false);
        snip_text(&w, body, back_cps(body, e, s, tail), e);
        w.space_pending = false;
        snip_raw(&w, mark_close, false);
        return w.st;
    }

    size_t rest = avail - span;
    size_t lo = s > rest * 4 ? s - rest * 4 : 0, hi = len - e > rest * 4 ? e + rest * 4 : len;
    size_t left_have = count_cps(body, lo, s), right_have = count_cps(body, e, hi);
    size_t left = rest / 2, right = rest - left;
    if (left_have < left) {
        right += left - left_have;
        left = left_have;
    }
    if (right_have < right) {
        left += right - right_have;
        right = right_have;
        if (left > left_have)
            left = left_have;
    }

    /* left context: cut at a word boundary, "…" when cut */
    size_t L = back_cps(body, s, 0, left);
    bool cut_left = L > 0;
    if (cut_left) {
        L = back_cps(body, s, 0, left > 0 ? left - 1 : 0);
        size_t k = L;
        while (k < s && !is_blank((unsigned char)body[k]))
            k++;
        if (k < s) {
            while (k < s && is_blank((unsigned char)body[k]))
                k++;
            L = k; /* the word after the blanks */
        } else
            L = s; /* no word boundary: no left context */
    }
    /* right context */
    size_t R = fwd_cps(body, e, len, right);
    bool cut_right = R < len;
    if (cut_right) {
        R = fwd_cps(body, e, len, right > 0 ? right - 1 : 0);
        size_t k = R;
        while (k > e && !is_blank((unsigned char)body[k - 1]))
            k--;
        R = k > e ? k : e;
    }

    if (cut_left && L < s)
        snip_raw(&w, "…", false);
    snip_text(&w, body, L, s);
    snip_raw(&w, mark_open, true);
    snip_text(&w, body, s, e);
    w.space_pending = false;
    snip_raw(&w, mark_close, false);
    /* a blank right after the words is written as such */
    if (e < R && is_blank((unsigned char)body[e]))
        w.space_pending = true;
    snip_text(&w, body, e, R);
    if (cut_right && R > e) {
        w.space_pending = false;
        snip_raw(&w, "…", false);
    }
    return w.st;
}

/* ---- the table ---- */

typedef struct xw {
    FILE *fp;
    const sitrep_record *rec;
    const char *mark_open, *mark_close;
    const char *bold, *plain; /* headings */
    sr_buf line;
} xw;

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

/* "  label        value                                   rule R" then the
 * words in context on the next line. */
static void row(xw *x, const char *label, const char *value, const sitrep_evidence *e)
{
    char v[256];
    snprintf(v, sizeof v, "%s", value ? value : "");
    size_t vcols = sr_text_columns(v);
    fprintf(x->fp, "  %-*s%s", LABEL_COLS - 2, label, v);
    if (e && e->rule && *e->rule) {
        size_t pad = vcols < VALUE_COLS ? VALUE_COLS - vcols : 1;
        if (vcols >= VALUE_COLS || LABEL_COLS + vcols + pad + 5 + strlen(e->rule) > EXPLAIN_WIDTH + 20)
            fprintf(x->fp, "\n%*s", LABEL_COLS + VALUE_COLS, ""); /* the rule on a line of its own */
        else
            fprintf(x->fp, "%*s", (int)pad, "");
        fprintf(x->fp, "rule %s", e->rule);
    }
    fputc('\n', x->fp);
    if (e) {
        const sitrep_docinfo *d = &x->rec->doc;
        sr_buf_clear(&x->line);
        sr_snippet(d->text, d->text_len, e->start, e->end, EXPLAIN_WIDTH - LABEL_COLS - 2, x->mark_open,
                   x->mark_close, &x->line);
        fprintf(x->fp, "%*s\"%s\"\n", LABEL_COLS, "", x->line.data ? x->line.data : "");
    }
}

static void count_value(const sitrep_count *c, char *v, size_t n)
{
    const char *q = "";
    switch (c->qualifier) {
    case SITREP_QUAL_AT_LEAST: q = "at least "; break;
    case SITREP_QUAL_AT_MOST: q = "at most "; break;
    case SITREP_QUAL_ABOUT: q = "about "; break;
    case SITREP_QUAL_VAGUE: q = "vague, at least "; break;
    default: break;
    }
    if (c->min >= 0 && c->max >= 0 && c->max != c->min)
        snprintf(v, n, "%s %s, %lld to %lld", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group),
                 (long long)c->min, (long long)c->max);
    else if (c->min >= 0)
        snprintf(v, n, "%s %s, %s%lld", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group), q,
                 (long long)c->min);
    else if (c->max >= 0)
        snprintf(v, n, "%s %s, up to %lld", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group),
                 (long long)c->max);
    else
        snprintf(v, n, "%s %s, no number", sitrep_outcome_name(c->outcome), sitrep_group_name(c->group));
}

static void date_value(const sitrep_date *dt, char *v, size_t n)
{
    if (!dt->from[0] && !dt->to[0])
        snprintf(v, n, "unresolved");
    else if (!strcmp(dt->from, dt->to) || !dt->to[0])
        snprintf(v, n, "%s (%s)", or_dash(dt->from), sitrep_precision_name(dt->precision));
    else
        snprintf(v, n, "%s to %s (%s)", or_dash(dt->from), or_dash(dt->to), sitrep_precision_name(dt->precision));
}

static void place_value(const sitrep_place *p, char *v, size_t n)
{
    char where[128] = "";
    if (p->admin1 && p->country[0])
        snprintf(where, sizeof where, " (%s, %s)", p->admin1, p->country);
    else if (p->admin1 || p->country[0])
        snprintf(where, sizeof where, " (%s)", p->admin1 ? p->admin1 : p->country);
    snprintf(v, n, "%s%s, %s", p->name ? p->name : "?", where, sitrep_place_precision_name(p->precision));
}

/* The first byte where incident i is told. */
static uint32_t incident_start(const sitrep_incident *in)
{
    uint32_t s = UINT32_MAX;
    for (size_t k = 0; k < in->nsentences; k++)
        if (in->sentences[k].start < s)
            s = in->sentences[k].start;
    for (size_t k = 0; k < in->ncounts; k++)
        if (in->counts[k].evidence.start < s)
            s = in->counts[k].evidence.start;
    return s;
}

static void incident_block(xw *x, size_t i, bool is_main)
{
    const sitrep_incident *in = &x->rec->incidents.items[i];
    char v[256];
    fprintf(x->fp, "%sincident %zu%s%s · %s", x->bold, i, is_main ? " (main)" : "",
            in->scope == SITREP_SCOPE_WAR ? " · war-wide total" : "", sitrep_certainty_name(in->certainty));
    if (in->nsentences == 1)
        fprintf(x->fp, " · told in 1 sentence at byte %u", in->sentences[0].start);
    else if (in->nsentences > 1)
        fprintf(x->fp, " · told in %zu sentences from byte %u", in->nsentences, incident_start(in));
    fprintf(x->fp, "%s\n", x->plain);
    for (size_t k = 0; k < in->ncounts; k++) {
        count_value(&in->counts[k], v, sizeof v);
        row(x, "count", v, &in->counts[k].evidence);
    }
    if (in->date.present) {
        date_value(&in->date, v, sizeof v);
        row(x, "date", v, &in->date.evidence);
    }
    if (in->place.present) {
        place_value(&in->place, v, sizeof v);
        row(x, "place", v, &in->place.evidence);
    }
    if (in->perpetrator.present) {
        if (in->perpetrator.name && in->perpetrator.actor && strcmp(in->perpetrator.name, in->perpetrator.actor))
            snprintf(v, sizeof v, "%s (as %s)", in->perpetrator.actor, in->perpetrator.name);
        else
            snprintf(v, sizeof v, "%s", in->perpetrator.actor ? in->perpetrator.actor : or_dash(in->perpetrator.name));
        row(x, "perpetrator", v, &in->perpetrator.evidence);
    }
    if (in->cause.present)
        row(x, "cause", sitrep_cause_name(in->cause.category), &in->cause.evidence);
    if (in->claimed_by.present)
        row(x, "claimed by", or_dash(in->claimed_by.name), &in->claimed_by.evidence);
    if (!in->ncounts && !in->date.present && !in->place.present && !in->perpetrator.present &&
        !in->cause.present && !in->claimed_by.present)
        fprintf(x->fp, "  (no values)\n");
}

/* Why the summary's incident is the main one, told from what the record
 * shows: its place in the text and the scope of the incidents before it. */
static void main_reason(const sitrep_record *rec, int m, char *out, size_t n)
{
    size_t ninc = rec->incidents.len;
    if (m < 0 || (size_t)m >= ninc) {
        snprintf(out, n, "no incident: the values come from the whole article");
        return;
    }
    const sitrep_incident *in = &rec->incidents.items[m];
    if (ninc == 1) {
        snprintf(out, n, "the only incident");
        return;
    }
    size_t events_before = 0, wars_before = 0;
    uint32_t my_start = incident_start(in);
    for (size_t i = 0; i < ninc; i++) {
        if ((int)i == m)
            continue;
        if (incident_start(&rec->incidents.items[i]) < my_start) {
            if (rec->incidents.items[i].scope == SITREP_SCOPE_WAR)
                wars_before++;
            else
                events_before++;
        }
    }
    /* the first line of the body is where the headline is */
    const char *nl = memchr(rec->doc.text, '\n', rec->doc.text_len);
    size_t first_line_end = nl ? (size_t)(nl - rec->doc.text) : rec->doc.text_len;
    const char *where = my_start < first_line_end && nl ? ", told in the first line (headline)" : "";
    if (in->scope == SITREP_SCOPE_WAR)
        snprintf(out, n, "a war-wide total: no event-level incident was found%s", where);
    else if (events_before == 0 && wars_before == 0)
        snprintf(out, n, "the first incident the article tells%s", where);
    else if (events_before == 0)
        snprintf(out, n, "the first event-level incident (%zu war-wide total%s before it)%s", wars_before,
                 wars_before == 1 ? "" : "s", where);
    else
        snprintf(out, n, "chosen over %zu earlier event-level incident%s%s", events_before,
                 events_before == 1 ? "" : "s", where);
}

/* Which counts of the main incident a summary number can come from. */
static bool count_feeds(const sitrep_count *c, const char *field)
{
    if (c->outcome != SITREP_OUTCOME_KILLED)
        return false;
    if (!strcmp(field, "nb_civilians"))
        return c->group != SITREP_GROUP_COMBATANTS;
    if (!strcmp(field, "nb_noncivilians"))
        return c->group == SITREP_GROUP_COMBATANTS;
    if (!strcmp(field, "nb_children"))
        return c->group == SITREP_GROUP_CHILDREN;
    if (!strcmp(field, "nb_women"))
        return c->group == SITREP_GROUP_WOMEN;
    return false;
}

#define SUMMARY_VALUE_COLS 38 /* "syrian government or russian troops" */

/* "  field  value  <- where it came from"; the source on a line of its own
 * when the row would pass the width. */
static void summary_row(xw *x, const char *field, const char *value, const char *from)
{
    size_t vcols = sr_text_columns(value);
    fprintf(x->fp, "  %-*s%s", LABEL_COLS - 2, field, value);
    if (from && *from) {
        size_t pad = vcols < SUMMARY_VALUE_COLS ? SUMMARY_VALUE_COLS - vcols : 2;
        if (LABEL_COLS + vcols + pad + 3 + sr_text_columns(from) > EXPLAIN_WIDTH + 20)
            fprintf(x->fp, "\n%*s<- %s", LABEL_COLS + 2, "", from);
        else
            fprintf(x->fp, "%*s<- %s", (int)pad, "", from);
    }
    fputc('\n', x->fp);
}

static void summary_number(xw *x, const sitrep_incident *in, const char *field, int64_t value)
{
    char v[32], from[200] = "";
    snprintf(v, sizeof v, "%lld", (long long)value);
    if (in && value != 0) {
        /* the counts that give the value, else every count it can come from */
        bool exact = false;
        for (size_t k = 0; k < in->ncounts; k++)
            exact = exact || (count_feeds(&in->counts[k], field) && in->counts[k].min == value);
        size_t used = 0;
        for (size_t k = 0; k < in->ncounts && used + 60 < sizeof from; k++) {
            if (!count_feeds(&in->counts[k], field) || (exact && in->counts[k].min != value))
                continue;
            char c[96];
            count_value(&in->counts[k], c, sizeof c);
            used += (size_t)snprintf(from + used, sizeof from - used, "%s%s", used ? "; " : "counts ", c);
        }
        /* on its own line it has 120 - 23 columns: cut at a count */
        if (used > 95) {
            char *cut = from + 90;
            while (cut > from && strncmp(cut, "; ", 2) != 0)
                cut--;
            if (cut > from)
                snprintf(cut, sizeof from - (size_t)(cut - from), "; …");
        }
    }
    summary_row(x, field, v, from);
}

#define SUMMARY_WORDS_COLS 40 /* the words of a summary value, cut in the middle beyond */

/* Where a summary value came from: what the main incident says of it (about, may be "") and
 * the words and rule of its evidence ("place Idlib, Idlib: \"Idlib province\"
 * (summary.main_incident)"); about alone when the value has no evidence. */
static void summary_from(xw *x, const sitrep_evidence *e, const char *about, char *out, size_t n)
{
    if (!e->rule) {
        snprintf(out, n, "%s", about);
        return;
    }
    const sitrep_docinfo *d = &x->rec->doc;
    uint32_t s = e->start < d->text_len ? e->start : (uint32_t)d->text_len;
    uint32_t t = e->end < d->text_len ? e->end : (uint32_t)d->text_len;
    sr_buf_clear(&x->line);
    if (count_cps(d->text, s, t > s ? t : s) > SUMMARY_WORDS_COLS) {
        sr_snippet(d->text, d->text_len, s, t, SUMMARY_WORDS_COLS, "", "", &x->line);
    } else {
        snip w = {&x->line, false, false, SITREP_OK};
        snip_text(&w, d->text, s, t > s ? t : s);
    }
    const char *words = x->line.data ? x->line.data : "";
    /* the incident's description only when the value is the incident's own, and when it fits
     * on the row's own line */
    bool own = !strcmp(e->rule, "summary.main_incident") && *about;
    snprintf(out, n, "%s%s\"%s\"%s%s%s", own ? about : "", own ? ": " : "", words, *e->rule ? " (" : "", e->rule,
             *e->rule ? ")" : "");
    if (own && sr_text_columns(out) > EXPLAIN_WIDTH - LABEL_COLS - 5)
        summary_from(x, e, "", out, n);
}

static void summary_block(xw *x)
{
    const sitrep_record *rec = x->rec;
    const sitrep_summary *s = &rec->summary;
    char why[200], from[200];
    const sitrep_incident *in =
        s->main_incident >= 0 && (size_t)s->main_incident < rec->incidents.len ? &rec->incidents.items[s->main_incident]
                                                                               : NULL;
    main_reason(rec, s->main_incident, why, sizeof why);
    if (in)
        fprintf(x->fp, "%ssummary from incident %d%s: %s\n", x->bold, s->main_incident, x->plain, why);
    else
        fprintf(x->fp, "%ssummary%s: %s\n", x->bold, x->plain, why);

    char about[160] = "";
    if (in && in->place.present)
        snprintf(about, sizeof about, "place %s%s%s", or_dash(in->place.name), in->place.admin1 ? ", " : "",
                 in->place.admin1 ? in->place.admin1 : "");
    summary_from(x, &s->evidence.location, about, from, sizeof from);
    summary_row(x, "location", s->location && *s->location ? s->location : "\"\"", from);

    about[0] = '\0';
    if (in && in->perpetrator.present && !s->evidence.actor.rule) /* else the words are its name */
        snprintf(about, sizeof about, "perpetrator %s", or_dash(in->perpetrator.name));
    summary_from(x, &s->evidence.actor, about, from, sizeof from);
    summary_row(x, "actor", s->actor ? s->actor : "unknown", from);

    about[0] = '\0';
    if (in && in->cause.present)
        snprintf(about, sizeof about, "cause %s", sitrep_cause_name(in->cause.category));
    summary_from(x, &s->evidence.cause_of_death, about, from, sizeof from);
    summary_row(x, "cause_of_death", s->cause_of_death ? s->cause_of_death : "unknown", from);

    summary_number(x, in, "nb_civilians", s->nb_civilians);
    summary_number(x, in, "nb_noncivilians", s->nb_noncivilians);
    summary_number(x, in, "nb_children", s->nb_children);
    summary_number(x, in, "nb_women", s->nb_women);

    from[0] = '\0';
    if (in && in->date.present && s->date[0])
        snprintf(from, sizeof from, "date of incident %d", s->main_incident);
    summary_row(x, "date", s->date[0] ? s->date : "-", from);
}

sitrep_status sitrep_record_explain(const sitrep_record *rec, unsigned flags, FILE *fp)
{
    const sitrep_docinfo *d = &rec->doc;
    bool color = flags & SITREP_EXPLAIN_COLOR;
    xw x = {fp, rec, color ? SR_BOLD_OPEN : SR_MARK_OPEN, color ? SR_BOLD_CLOSE : SR_MARK_CLOSE,
            color ? SR_BOLD_OPEN : "", color ? SR_BOLD_CLOSE : "", {0}};

    /* header: id and title, then where the metadata came from */
    fprintf(fp, "%s== %s", x.bold, or_dash(d->id));
    if (d->title) {
        /* the title on the same line, cut to the width */
        size_t room = EXPLAIN_WIDTH - 6 - sr_text_columns(or_dash(d->id));
        sr_buf_clear(&x.line);
        sr_snippet(d->title, strlen(d->title), 0, (uint32_t)strlen(d->title), room, "", "", &x.line);
        fprintf(fp, " · %s", x.line.data ? x.line.data : "");
    }
    fprintf(fp, "%s\n", x.plain);
    const char *from = !d->published_from ? "not found"
                       : !strcmp(d->published_from, "text") ? "stated in the text"
                       : !strcmp(d->published_from, "input") ? "given with the input"
                                                              : d->published_from;
    fprintf(fp, "   source %s · published %s (%s) · %zu bytes · %zu incident%s", or_dash(d->source),
            or_dash(d->published), d->published ? from : "not found", d->text_len, rec->incidents.len,
            rec->incidents.len == 1 ? "" : "s");
    if (rec->boiler.len)
        fprintf(fp, " · %zu boilerplate span%s skipped", rec->boiler.len, rec->boiler.len == 1 ? "" : "s");
    fputc('\n', fp);

    for (size_t i = 0; i < rec->incidents.len; i++) {
        fputc('\n', fp);
        incident_block(&x, i, rec->summary.present && rec->summary.main_incident == (int)i);
    }
    if (rec->incidents.len == 0)
        fprintf(fp, "\nno incident: the text tells no harm event that sitrep recognises\n");
    fputc('\n', fp);
    if (rec->summary.present)
        summary_block(&x);
    else
        fprintf(fp, "%ssummary%s: none\n", x.bold, x.plain);
    if (rec->warnings.len) {
        fprintf(fp, "%swarnings%s\n", x.bold, x.plain);
        for (size_t i = 0; i < rec->warnings.len; i++)
            fprintf(fp, "  - %s\n", rec->warnings.items[i]);
    }
    fputc('\n', fp);
    sr_buf_free(&x.line);
    return ferror(fp) ? SITREP_EIO : SITREP_OK;
}
