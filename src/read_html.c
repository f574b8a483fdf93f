/* read_html.c - one web page per file: the article's main text, its title,
 * publication date, outlet and address, parsed with gumbo.
 *
 * The body of the document is the main text only: the content of the
 * page's itemprop=articleBody, <article> or <main> when it has one, else of
 * the block container where paragraphs of running text are densest, with
 * navigation, asides, footers, forms, scripts, comments, share and
 * newsletter prompts and the like left out. Blocks are separated by a
 * blank line and <br> by a newline, so that sentences do not run into each
 * other; white space inside a block is collapsed to single spaces, as a
 * browser shows it. The headline (the first <h1>) begins the body when the
 * main text does not hold it, as it begins a scraped article.
 *
 * Gumbo follows the HTML standard, whose tree building costs time in
 * proportion to the depth of the open elements for every tag: a page of
 * 100,000 nested <div>s takes minutes; and its tree takes some 200 bytes a
 * node. A linear pre-scan estimates the nesting depth and counts the tags,
 * and pages past either limit are skipped with a message.
 */
#include "read.h"

#include "encoding.h"

#include <gumbo.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than this (as estimated by prescan) is refused. Real pages nest
 * some 20 to 60 elements; browsers stop laying out at 512. */
#define HTML_MAX_DEPTH 512
/* More tags than this is refused too: gumbo's tree takes some 200 bytes a
 * node, so a 12 MB page of 3 million tags would take 600 MB. A long news
 * page has some 20,000 tags. */
#define HTML_MAX_TAGS 250000

/* ------------------------------------------------------------------------
 * The nesting pre-scan
 * ---------------------------------------------------------------------- */

#define DEPTH_SLOTS 256

typedef struct depth_scan {
    struct {
        char name[16];
        uint32_t open;
    } slot[DEPTH_SLOTS];
    uint32_t other_open; /* open elements whose names found no free slot */
    uint64_t total;
} depth_scan;

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(name, *list))
            return true;
    return false;
}

/* Elements that never hold others, and those that close themselves when a
 * sibling starts, so never pile up: neither count towards the depth. */
static const char *const void_or_self_closing[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "p", "li", "dt", "dd",
    "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rb", "rt", "rtc", "rp",
    "colgroup", "caption", NULL};
static const char *const raw_text[] = {"script", "style", "textarea", "title", "xmp", "iframe",
                                       "noembed", "noframes", NULL};

static uint32_t *depth_counter(depth_scan *ds, const char *name)
{
    uint64_t h = sr_hash(name, strlen(name));
    for (size_t k = 0; k < DEPTH_SLOTS; k++) {
        size_t i = (size_t)((h + k) % DEPTH_SLOTS);
        if (!ds->slot[i].name[0]) {
            memcpy(ds->slot[i].name, name, strlen(name) + 1);
            return &ds->slot[i].open;
        }
        if (!strcmp(ds->slot[i].name, name))
            return &ds->slot[i].open;
    }
    return &ds->other_open;
}

/* Case-insensitive search for "</name" in s[from, n). */
static size_t find_end_tag(const char *s, size_t n, size_t from, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = from; i + 2 + k <= n; i++) {
        const char *p = memchr(s + i, '<', n - i);
        if (!p)
            break;
        i = (size_t)(p - s);
        if (i + 2 + k <= n && s[i + 1] == '/' && sr_strncasecmp(s + i + 2, name, k) == 0)
            return i;
    }
    return n;
}

/* The '>' of the first "-->" in s[from, n), or NULL. */
static const char *find_comment_end(const char *s, size_t n, size_t from)
{
    for (size_t i = from; i < n;) {
        const char *p = memchr(s + i, '>', n - i);
        if (!p)
            return NULL;
        size_t k = (size_t)(p - s);
        if (k >= from + 2 && s[k - 1] == '-' && s[k - 2] == '-')
            return p;
        i = k + 1;
    }
    return NULL;
}

enum prescan_result { PRESCAN_OK, PRESCAN_DEEP, PRESCAN_LARGE };

/* Estimates the deepest nesting of elements in s[0,n) by counting, for each
 * tag name, start tags not yet matched by an end tag, and counts the tags.
 * Says when either passes its limit (HTML_MAX_DEPTH, HTML_MAX_TAGS); *at
 * receives the byte where it did. Linear in n. */
static enum prescan_result prescan(const char *s, size_t n, size_t *at)
{
    depth_scan *ds = calloc(1, sizeof(*ds));
    if (!ds)
        return PRESCAN_OK;
    enum prescan_result res = PRESCAN_OK;
    uint64_t tags = 0;
    size_t i = 0;
    while (i < n) {
        const char *p = memchr(s + i, '<', n - i);
        if (!p)
            break;
        size_t lt = (size_t)(p - s);
        i = lt + 1;
        if (i < n && s[i] == '!') {
            const char *close = NULL;
            if (n - i >= 3 && !memcmp(s + i, "!--", 3))
                close = find_comment_end(s, n, i + 3);
            else
                close = memchr(s + i, '>', n - i);
            i = close ? (size_t)(close - s) + 1 : n;
            continue;
        }
        bool end = i < n && s[i] == '/';
        if (end)
            i++;
        if (i >= n || !sr_isalpha((unsigned char)s[i]))
            continue;
        char name[16];
        size_t k = 0;
        while (i < n && (sr_isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == ':')) {
            if (k < sizeof name - 1)
                name[k++] = (char)sr_tolower((unsigned char)s[i]);
            i++;
        }
        name[k] = '\0';
        if (++tags > HTML_MAX_TAGS) {
            *at = lt;
            res = PRESCAN_LARGE;
            break;
        }
        /* To the end of the tag; a quote right after '=' opens a value
         * that may hold '>'. */
        bool self_closing = false;
        while (i < n && s[i] != '>') {
            if (s[i] == '=') {
                i++;
                while (i < n && sr_isspace((unsigned char)s[i]))
                    i++;
                if (i < n && (s[i] == '"' || s[i] == '\'')) {
                    const char *q = memchr(s + i + 1, s[i], n - i - 1);
                    i = q ? (size_t)(q - s) + 1 : n;
                }
                continue;
            }
            i++;
        }
        if (i < n)
            self_closing = s[i - 1] == '/';
        i++;
        uint32_t *open = depth_counter(ds, name);
        if (end) {
            if (*open > 0) {
                (*open)--;
                ds->total--;
            }
            continue;
        }
        if (name_in(name, void_or_self_closing))
            continue;
        /* In SVG and MathML, "<g/>" closes itself; in HTML it does not. */
        if (self_closing && (*depth_counter(ds, "svg") > 0 || *depth_counter(ds, "math") > 0))
            continue;
        if (!strcmp(name, "plaintext"))
            break; /* the rest of the page is text */
        (*open)++;
        if (++ds->total > HTML_MAX_DEPTH) {
            *at = lt;
            res = PRESCAN_DEEP;
            break;
        }
        if (name_in(name, raw_text))
            i = find_end_tag(s, n, i, name);
    }
    free(ds);
    return res;
}

/* ------------------------------------------------------------------------
 * Walking the tree without recursion
 * ---------------------------------------------------------------------- */

typedef struct frame {
    GumboNode *node;
    unsigned next;   /* next child to visit */
    unsigned mark;   /* what enter() did, for leave() */
    size_t text;     /* bytes of kept text below (pass 1) */
    size_t link;     /* of which inside links */
} frame;

typedef SR_VEC(frame) frame_stack;

/* enter() returns whether to visit the node's children; leave() is called
 * for every node entered, after its children. parent is NULL for root. */
typedef struct walker {
    bool (*enter)(void *ctx, frame *f, frame *parent);
    void (*leave)(void *ctx, frame *f, frame *parent);
    void *ctx;
} walker;

static const GumboVector *children_of(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    return NULL;
}

static sitrep_status walk(frame_stack *stack, GumboNode *root, const walker *w)
{
    stack->len = 0;
    frame top = {root, 0, 0, 0, 0};
    if (sr_vec_push(stack, top) != SITREP_OK)
        return SITREP_ENOMEM;
    if (!w->enter(w->ctx, &stack->items[0], NULL)) {
        w->leave(w->ctx, &stack->items[0], NULL);
        return SITREP_OK;
    }
    while (stack->len > 0) {
        frame *f = &stack->items[stack->len - 1];
        const GumboVector *kids = children_of(f->node);
        if (kids && f->next < kids->length) {
            frame child = {kids->data[f->next++], 0, 0, 0, 0};
            if (sr_vec_push(stack, child) != SITREP_OK)
                return SITREP_ENOMEM;
            f = &stack->items[stack->len - 1];
            if (!w->enter(w->ctx, f, &stack->items[stack->len - 2])) {
                w->leave(w->ctx, f, &stack->items[stack->len - 2]);
                stack->len--;
            }
            continue;
        }
        w->leave(w->ctx, f, stack->len > 1 ? &stack->items[stack->len - 2] : NULL);
        stack->len--;
    }
    return SITREP_OK;
}

/* ------------------------------------------------------------------------
 * What to leave out
 * ---------------------------------------------------------------------- */

static const char *attr(const GumboNode *n, const char *name)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return NULL;
    GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static bool eq_nocase(const char *a, const char *b)
{
    size_t n = strlen(b);
    return strlen(a) == n && sr_strncasecmp(a, b, n) == 0;
}

/* True when the space-separated list `value` holds `token` (any case). */
static bool has_token(const char *value, const char *token)
{
    size_t k = strlen(token);
    for (const char *p = value; p && *p;) {
        while (*p && sr_isspace((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && !sr_isspace((unsigned char)*p))
            p++;
        if ((size_t)(p - start) == k && sr_strncasecmp(start, token, k) == 0)
            return true;
    }
    return false;
}

/* Words in class and id names that mark what is not the article. A word is
 * a run of letters and digits ("social-share__btn" has social, share,
 * btn); it matches when it begins with one of these. */
static const char *const unlikely_words[] = {
    "nav", "menu", "share", "sharing", "social", "related", "comment", "advert", "promo",
    "newsletter", "cookie", "sponsor", "subscribe", "signup", "breadcrumb", "sidebar", "footer",
    "masthead", "logo", "outbrain", "taboola", "popup", "modal", "banner", "widget", "recommend",
    "trending", "most-read", "mostread", "paywall", NULL};
/* Whole words that mark ads. */
static const char *const ad_words[] = {"ad", "ads", "adv", "adslot", "adunit", "dfp", NULL};
/* Words that mark the article: an element named both ways is kept
 * ("article-comments" is left out, "commentary" is not a comment). */
static const char *const likely_words[] = {"article", "story", "content", "entry", "post", "main",
                                           "body", "text", "commentary", NULL};

static bool word_in(const char *w, size_t n, const char *const *list, bool prefix)
{
    for (; *list; list++) {
        size_t k = strlen(*list);
        if ((prefix ? n >= k : n == k) && sr_strncasecmp(w, *list, k) == 0)
            return true;
    }
    return false;
}

static void scan_names(const char *v, bool *unlikely, bool *likely)
{
    if (!v)
        return;
    for (const char *p = v; *p;) {
        while (*p && !sr_isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && sr_isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        if (!n)
            continue;
        if (word_in(start, n, likely_words, false) || (n > 8 && !sr_strncasecmp(start, "commentary", 10)))
            *likely = true;
        else if (word_in(start, n, unlikely_words, true) || word_in(start, n, ad_words, false))
            *unlikely = true;
    }
}

static bool dropped_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP: case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_MENU:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK: case GUMBO_TAG_BASE:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_APPLET:
    case GUMBO_TAG_NOEMBED:
        return true;
    default:
        return false;
    }
}

static const char *const dropped_roles[] = {"navigation", "banner", "complementary", "contentinfo",
                                            "search", "menu", "menubar", "dialog", "alertdialog",
                                            "toolbar", "form", NULL};

/* Whether an element is left out with everything in it. by_name: also by
 * its class and id (the first try; the second goes without, for pages
 * whose wrappers carry such names). */
static bool dropped(const GumboNode *n, bool by_name)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return n->type == GUMBO_NODE_TEMPLATE;
    if (dropped_tag(n->v.element.tag))
        return true;
    if (attr(n, "hidden"))
        return true;
    const char *v = attr(n, "aria-hidden");
    if (v && eq_nocase(v, "true"))
        return true;
    if ((v = attr(n, "style")) != NULL) {
        /* display:none, with or without spaces */
        for (const char *p = strstr(v, "display"); p; p = strstr(p + 1, "display")) {
            const char *q = p + 7;
            while (*q == ' ' || *q == ':')
                q++;
            if (!sr_strncasecmp(q, "none", 4))
                return true;
        }
    }
    if ((v = attr(n, "role")) != NULL)
        for (const char *const *r = dropped_roles; *r; r++)
            if (has_token(v, *r))
                return true;
    if (!by_name)
        return false;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN)
        return false;
    bool unlikely = false, likely = false;
    scan_names(attr(n, "class"), &unlikely, &likely);
    scan_names(attr(n, "id"), &unlikely, &likely);
    return unlikely && !likely;
}

static bool is_heading(GumboTag t)
{
    return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6;
}

/* 0: inline; 1: a line of its own; 2: a paragraph of its own. */
static int block_level(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_DT:
        return 1;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
    case GUMBO_TAG_UL: case GUMBO_TAG_XMP:
        return 2;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------------------
 * Text output: collapsed white space, blocks apart
 * ---------------------------------------------------------------------- */

typedef struct emitter {
    sr_buf out;
    int pending_break;   /* newlines owed before the next text: 0, 1 or 2 */
    bool pending_space;
    bool one_line;       /* for titles: breaks become spaces */
    int pre, header, heading;
    GumboNode *root;
    bool by_name;
    sitrep_status st;
} emitter;

static void emit_break(emitter *e, int level)
{
    if (level > e->pending_break)
        e->pending_break = level;
}

/* Writes what is owed before more text: a break or a space. */
static void emit_flush(emitter *e)
{
    if (e->out.len > 0) {
        if (e->pending_break && !e->one_line)
            e->st = sr_buf_put(&e->out, "\n\n", (size_t)e->pending_break);
        else if (e->pending_break || e->pending_space)
            e->st = sr_buf_putc(&e->out, ' ');
    }
    e->pending_break = 0;
    e->pending_space = false;
}

/* Length of the white space at s[0,n): ASCII white space and U+00A0. */
static size_t space_len(const char *s, size_t n)
{
    if (sr_isspace((unsigned char)s[0]))
        return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    return 0;
}

static void emit_text(emitter *e, const char *s, size_t n)
{
    if (e->pre && !e->one_line) {
        if (n) {
            emit_flush(e);
            if (e->st == SITREP_OK)
                e->st = sr_buf_put(&e->out, s, n);
        }
        return;
    }
    size_t i = 0;
    while (i < n && e->st == SITREP_OK) {
        size_t k = space_len(s + i, n - i);
        if (k) {
            e->pending_space = true;
            i += k;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !space_len(s + j, n - j))
            j++;
        emit_flush(e);
        if (e->st == SITREP_OK)
            e->st = sr_buf_put(&e->out, s + i, j - i);
        i = j;
    }
}

enum { MARK_PRE = 1, MARK_HEADER = 2, MARK_HEADING = 4 };

static bool emit_enter(void *ctx, frame *f, frame *parent)
{
    emitter *e = ctx;
    GumboNode *n = f->node;
    if (e->st != SITREP_OK)
        return false;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
        if (e->header && !e->heading)
            return false; /* in a <header>, only the headings are text */
        emit_text(e, n->v.text.text, strlen(n->v.text.text));
        return false;
    }
    if (n->type != GUMBO_NODE_ELEMENT)
        return n->type == GUMBO_NODE_DOCUMENT;
    if (n != e->root && dropped(n, e->by_name)) {
        f->mark = ~0u; /* leave() does nothing */
        return false;
    }
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_BR) {
        if (e->pending_break < 2 && !(e->header && !e->heading))
            e->pending_break++;
        return false;
    }
    emit_break(e, block_level(t));
    if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_LISTING || t == GUMBO_TAG_XMP) {
        f->mark |= MARK_PRE;
        e->pre++;
    }
    if (t == GUMBO_TAG_HEADER && n != e->root) {
        f->mark |= MARK_HEADER;
        e->header++;
    }
    if (is_heading(t)) {
        f->mark |= MARK_HEADING;
        e->heading++;
    }
    return true;
}

static void emit_leave(void *ctx, frame *f, frame *parent)
{
    emitter *e = ctx;
    GumboNode *n = f->node;
    if (n->type != GUMBO_NODE_ELEMENT || f->mark == ~0u)
        return;
    if (f->mark & MARK_PRE)
        e->pre--;
    if (f->mark & MARK_HEADER)
        e->header--;
    if (f->mark & MARK_HEADING)
        e->heading--;
    emit_break(e, block_level(n->v.element.tag));
}

/* The text of node and everything below it, as e's settings say. */
static sitrep_status emit_node(emitter *e, frame_stack *stack, GumboNode *node)
{
    e->root = node;
    walker w = {emit_enter, emit_leave, e};
    sitrep_status st = walk(stack, node, &w);
    return st != SITREP_OK ? st : e->st;
}

/* One line of text for a title: white space collapsed, blocks joined. */
static sitrep_status node_line(frame_stack *stack, GumboNode *node, sr_buf *out)
{
    emitter e = {.one_line = true, .by_name = false};
    sitrep_status st = emit_node(&e, stack, node);
    sr_buf_free(out);
    *out = e.out;
    return st;
}

/* ------------------------------------------------------------------------
 * Pass 1: metadata, candidates for the main text, paragraph scores
 * ---------------------------------------------------------------------- */

/* A metadata value found with a rank: a lower rank is a better source. */
typedef struct ranked {
    int rank; /* 0 when unset */
    sr_buf value;
} ranked;

typedef struct candidate {
    GumboNode *node;
    size_t text;
} candidate;

typedef struct score_slot {
    GumboNode *node;
    double score;
    size_t text;
} score_slot;

typedef struct page {
    ranked title, published, source, url;
    GumboNode *h1;                 /* the first headline not left out */
    candidate article_body, article, main_el;
    score_slot *scores;            /* open addressing on node pointers */
    size_t nscores, cap_scores;
    score_slot best;               /* the best-scoring container */
    int dropped;                   /* depth inside elements left out */
    int header;                    /* depth inside <header> */
    int link;                      /* depth inside <a> */
    frame_stack aux;               /* a second stack for node_line */
    sitrep_status st;
} page;

static void rank_set(page *pg, ranked *r, int rank, const char *s, size_t n)
{
    while (n > 0 && sr_isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && sr_isspace((unsigned char)s[n - 1]))
        n--;
    if (!n || (r->rank && r->rank <= rank))
        return;
    r->rank = rank;
    sr_buf_clear(&r->value);
    if (sr_buf_put(&r->value, s, n) != SITREP_OK)
        pg->st = SITREP_ENOMEM;
}

/* Dates are taken only when they begin as YYYY-MM-DD: a worse-ranked
 * source with a usable date beats a better one without. */
static void rank_date(page *pg, int rank, const char *s)
{
    if (!s)
        return;
    while (sr_isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    char d10[11] = {0};
    int y, m, d;
    if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' '))
        return;
    memcpy(d10, s, 10);
    if (sr_parse_iso_date(d10, &y, &m, &d))
        rank_set(pg, &pg->published, rank, s, n);
}

static void rank_str(page *pg, ranked *r, int rank, const char *s)
{
    if (s)
        rank_set(pg, r, rank, s, strlen(s));
}

/* JSON-LD: schema.org objects, alone, in an array or in an @graph. */
static void ld_search(page *pg, json_t *v, int depth)
{
    if (depth > 8)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) ld_search(pg, x, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    rank_date(pg, 3, json_string_value(json_object_get(v, "datePublished")));
    json_t *pub = json_object_get(v, "publisher");
    if (json_is_array(pub))
        pub = json_array_get(pub, 0);
    if (json_is_object(pub))
        rank_str(pg, &pg->source, 2, json_string_value(json_object_get(pub, "name")));
    rank_str(pg, &pg->title, 4, json_string_value(json_object_get(v, "headline")));
    json_t *graph = json_object_get(v, "@graph");
    if (graph)
        ld_search(pg, graph, depth + 1);
}

static void read_json_ld(page *pg, GumboNode *script)
{
    const GumboVector *kids = &script->v.element.children;
    if (kids->length == 0)
        return;
    GumboNode *t = kids->data[0];
    if (t->type != GUMBO_NODE_TEXT)
        return;
    json_t *v = json_loads(t->v.text.text, 0, NULL);
    if (v) {
        ld_search(pg, v, 0);
        json_decref(v);
    }
}

static const char *const date_meta_names[] = {
    "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dc.date",
    "dcterms.date", "dcterms.created", "parsely-pub-date", "sailthru.date", "og:published_time",
    "article.published", NULL};

static void read_meta(page *pg, GumboNode *n)
{
    const char *content = attr(n, "content");
    if (!content)
        return;
    const char *prop = attr(n, "property");
    const char *name = attr(n, "name");
    const char *key = prop ? prop : name;
    const char *ip = attr(n, "itemprop");
    if (ip && has_token(ip, "datePublished"))
        rank_date(pg, 2, content);
    if (!key)
        return;
    if (eq_nocase(key, "og:title"))
        rank_str(pg, &pg->title, 1, content);
    else if (eq_nocase(key, "og:site_name"))
        rank_str(pg, &pg->source, 1, content);
    else if (eq_nocase(key, "og:url"))
        rank_str(pg, &pg->url, 2, content);
    else if (eq_nocase(key, "article:published_time"))
        rank_date(pg, 1, content);
    else
        for (const char *const *d = date_meta_names; *d; d++)
            if (eq_nocase(key, *d))
                rank_date(pg, 4, content);
}

static score_slot *score_of(page *pg, GumboNode *n)
{
    if (pg->nscores * 2 >= pg->cap_scores) {
        size_t cap = pg->cap_scores ? pg->cap_scores * 2 : 256;
        score_slot *t = calloc(cap, sizeof(*t));
        if (!t) {
            pg->st = SITREP_ENOMEM;
            return NULL;
        }
        for (size_t i = 0; i < pg->cap_scores; i++)
            if (pg->scores[i].node) {
                size_t h = (size_t)(sr_hash(&pg->scores[i].node, sizeof(GumboNode *)) & (cap - 1));
                while (t[h].node)
                    h = (h + 1) & (cap - 1);
                t[h] = pg->scores[i];
            }
        free(pg->scores);
        pg->scores = t;
        pg->cap_scores = cap;
    }
    size_t h = (size_t)(sr_hash(&n, sizeof n) & (pg->cap_scores - 1));
    while (pg->scores[h].node && pg->scores[h].node != n)
        h = (h + 1) & (pg->cap_scores - 1);
    if (!pg->scores[h].node) {
        pg->scores[h].node = n;
        pg->nscores++;
    }
    return &pg->scores[h];
}

/* Bytes of text that are not white space. */
static size_t text_weight(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += !sr_isspace((unsigned char)*s);
    return w;
}

enum { MARK_DROPPED = 1, MARK_IN_HEADER = 2, MARK_LINK = 4 };

static bool scan_enter(void *ctx, frame *f, frame *parent)
{
    page *pg = ctx;
    GumboNode *n = f->node;
    if (pg->st != SITREP_OK)
        return false;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        if (!pg->dropped && !pg->header && parent) {
            size_t w = text_weight(n->v.text.text);
            parent->text += w;
            if (pg->link)
                parent->link += w;
        }
        return false;
    }
    if (n->type == GUMBO_NODE_DOCUMENT)
        return true;
    if (n->type != GUMBO_NODE_ELEMENT)
        return false;
    GumboTag t = n->v.element.tag;
    /* Metadata is read wherever it is, even inside what is left out. */
    switch (t) {
    case GUMBO_TAG_META:
        read_meta(pg, n);
        break;
    case GUMBO_TAG_LINK: {
        const char *rel = attr(n, "rel");
        if (rel && has_token(rel, "canonical"))
            rank_str(pg, &pg->url, 1, attr(n, "href"));
        break;
    }
    case GUMBO_TAG_TITLE:
        if (n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML && (!pg->title.rank || pg->title.rank > 2)) {
            sr_buf line = {0};
            if (node_line(&pg->aux, n, &line) != SITREP_OK)
                pg->st = SITREP_ENOMEM;
            rank_set(pg, &pg->title, 2, line.data ? line.data : "", line.len);
            sr_buf_free(&line);
        }
        return false;
    case GUMBO_TAG_SCRIPT: {
        const char *type = attr(n, "type");
        if (type && eq_nocase(type, "application/ld+json"))
            read_json_ld(pg, n);
        return false;
    }
    case GUMBO_TAG_TIME: {
        const char *dt = attr(n, "datetime");
        const char *ip = attr(n, "itemprop");
        if (ip && has_token(ip, "datePublished"))
            rank_date(pg, 2, dt);
        else if (attr(n, "pubdate"))
            rank_date(pg, 4, dt);
        else
            rank_date(pg, 5, dt);
        break;
    }
    default:
        break;
    }
    const char *ip = attr(n, "itemprop");
    if (ip && has_token(ip, "datePublished") && t != GUMBO_TAG_META && t != GUMBO_TAG_TIME)
        rank_date(pg, 2, attr(n, "content"));
    if (dropped(n, true)) {
        f->mark |= MARK_DROPPED;
        pg->dropped++;
    }
    if (t == GUMBO_TAG_HEADER) {
        f->mark |= MARK_IN_HEADER;
        pg->header++;
    }
    if (t == GUMBO_TAG_A) {
        f->mark |= MARK_LINK;
        pg->link++;
    }
    if (t == GUMBO_TAG_H1 && !pg->h1 && !pg->dropped)
        pg->h1 = n;
    return true;
}

/* Adds a paragraph's score to its container and half to the one above,
 * as readability tools do: running text counts, link text does not. */
static void credit(page *pg, GumboNode *n, double score)
{
    for (int up = 0; up < 2 && n && n->type == GUMBO_NODE_ELEMENT; up++, n = n->parent) {
        score_slot *s = score_of(pg, n);
        if (!s)
            return;
        s->score += up ? score / 2 : score;
        if (s->score > pg->best.score)
            pg->best = *s;
    }
}

static void scan_leave(void *ctx, frame *f, frame *parent)
{
    page *pg = ctx;
    GumboNode *n = f->node;
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    if (f->mark & MARK_DROPPED)
        pg->dropped--;
    if (f->mark & MARK_IN_HEADER)
        pg->header--;
    if (f->mark & MARK_LINK)
        pg->link--;
    if (parent && !(f->mark & MARK_DROPPED)) {
        parent->text += f->text;
        parent->link += f->link;
    }
    if (f->mark & MARK_DROPPED)
        return;
    GumboTag t = n->v.element.tag;
    size_t text = f->text;
    if (t == GUMBO_TAG_ARTICLE && text > pg->article.text)
        pg->article = (candidate){n, text};
    const char *ip = attr(n, "itemprop");
    if (ip && has_token(ip, "articleBody") && !pg->article_body.node && text > 0)
        pg->article_body = (candidate){n, text};
    const char *role = attr(n, "role");
    if ((t == GUMBO_TAG_MAIN || (role && has_token(role, "main"))) && !pg->main_el.node && text > 0)
        pg->main_el = (candidate){n, text};
    if ((t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD || t == GUMBO_TAG_BLOCKQUOTE) &&
        text >= 25 && f->link * 2 < text)
        credit(pg, n->parent, (double)(text - f->link));
}

static bool contains(const GumboNode *outer, const GumboNode *inner)
{
    for (const GumboNode *n = inner; n; n = n->parent)
        if (n == outer)
            return true;
    return false;
}

/* The element whose text is the article. */
static GumboNode *main_text_root(page *pg, GumboNode *body)
{
    candidate sem = pg->article_body.node ? pg->article_body
                  : pg->article.node      ? pg->article
                                          : pg->main_el;
    GumboNode *dense = pg->best.node;
    if (sem.node) {
        /* A short <article> (a teaser) beside denser text elsewhere loses. */
        if (!dense || contains(sem.node, dense) || contains(dense, sem.node))
            return sem.node;
        score_slot *ds = score_of(pg, dense);
        if (ds && (double)sem.text >= ds->score)
            return sem.node;
        return dense;
    }
    return dense ? dense : body;
}

/* ------------------------------------------------------------------------
 * The reader
 * ---------------------------------------------------------------------- */

static GumboNode *find_body(GumboOutput *g)
{
    const GumboVector *kids = &g->root->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        GumboNode *k = kids->data[i];
        if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_BODY)
            return k;
    }
    return NULL;
}

static void page_free(page *pg)
{
    sr_buf_free(&pg->title.value);
    sr_buf_free(&pg->published.value);
    sr_buf_free(&pg->source.value);
    sr_buf_free(&pg->url.value);
    free(pg->scores);
    free(pg->aux.items);
}

sitrep_status sr_html_read(sr_input *in, const sitrep_read_options *opts, sitrep_doc **out,
                           char *errbuf)
{
    *out = NULL;
    size_t limit = sr_read_limit(opts);
    sr_buf raw = {0}, conv = {0};
    page pg = {0};
    frame_stack stack = {0};
    emitter e = {0};
    GumboOutput *g = NULL;
    sitrep_doc *doc = NULL;
    sitrep_status st = sr_input_read_all(in, limit, &raw);
    if (st == SITREP_ETOOBIG)
        sr_errf(errbuf, "%s: more than the limit of %zu bytes for one document", in->name, limit);
    if (st != SITREP_OK)
        goto done;
    const char *html = raw.data ? raw.data : "";
    size_t len = raw.len, at = 0, bad = 0;
    if (len >= 3 && memcmp(html, "\xEF\xBB\xBF", 3) == 0) {
        html += 3;
        len -= 3;
    }
    st = SITREP_EINPUT;
    if (sr_looks_binary_at(html, len, &at)) {
        sr_errf(errbuf, "%s: binary data, not HTML (%s at byte %zu)", in->name,
                html[at] ? "control characters from" : "a NUL byte", at);
        goto done;
    }
    switch (prescan(html, len, &at)) {
    case PRESCAN_DEEP:
        sr_errf(errbuf, "%s: elements nested more than %d deep at byte %zu: not read", in->name,
                HTML_MAX_DEPTH, at);
        goto done;
    case PRESCAN_LARGE:
        sr_errf(errbuf, "%s: more than %d tags (at byte %zu): not read", in->name, HTML_MAX_TAGS, at);
        goto done;
    case PRESCAN_OK:
        break;
    }
    bool converted = false;
    if (!sr_utf8_valid(html, len, &bad)) {
        /* Gumbo reads UTF-8 only; pages that are not are taken as
         * Windows-1252, which is what browsers do for Latin-1 pages. */
        st = SITREP_ENOMEM;
        if (sr_cp1252_to_utf8(html, len, &conv) != SITREP_OK)
            goto done;
        html = conv.data;
        len = conv.len;
        converted = true;
    }
    st = SITREP_ENOMEM;
    GumboOptions gopts = kGumboDefaultOptions;
    gopts.max_errors = 0; /* each recorded error copies the open elements */
    g = gumbo_parse_with_options(&gopts, html, len);
    if (!g)
        goto done;
    GumboNode *body = find_body(g);
    walker scan = {scan_enter, scan_leave, &pg};
    if ((st = walk(&stack, g->document, &scan)) != SITREP_OK || (st = pg.st) != SITREP_OK)
        goto done;

    GumboNode *root = body ? main_text_root(&pg, body) : NULL;
    if (root) {
        e.by_name = true;
        if (pg.h1 && !contains(root, pg.h1)) {
            /* The headline begins the text when the main text lacks it. */
            if ((st = emit_node(&e, &stack, pg.h1)) != SITREP_OK)
                goto done;
            emit_break(&e, 2);
        }
        if ((st = emit_node(&e, &stack, root)) != SITREP_OK)
            goto done;
        if (sr_read_blank(e.out.data, e.out.len) && body) {
            /* Everything was left out by name: read the whole body again
             * without that rule. */
            sr_buf_free(&e.out);
            e = (emitter){.by_name = false};
            if ((st = emit_node(&e, &stack, body)) != SITREP_OK)
                goto done;
        }
    }
    st = SITREP_EINPUT;
    if (sr_read_blank(e.out.data, e.out.len)) {
        sr_errf(errbuf, "%s: no text in the page's body", in->name);
        goto done;
    }
    st = SITREP_ENOMEM;
    if (!(doc = sr_doc_alloc()))
        goto done;
    /* The text came out of gumbo as valid UTF-8 with no NUL. */
    size_t n;
    char *text = sr_buf_detach(&e.out, &n);
    if (!text)
        goto done;
    sr_doc_take_body(doc, text, n);
    if (sr_doc_set_origin(doc, "%s", in->name) != SITREP_OK)
        goto done;
    if (converted && sr_doc_warn(doc, "not valid UTF-8 (first bad byte at offset %zu of the page): read "
                                      "as Windows-1252", bad) != SITREP_OK)
        goto done;
    if (!pg.title.rank && pg.h1) {
        sr_buf line = {0};
        if (node_line(&pg.aux, pg.h1, &line) != SITREP_OK)
            goto done;
        rank_set(&pg, &pg.title, 3, line.data ? line.data : "", line.len);
        sr_buf_free(&line);
    }
    struct {
        ranked *r;
        sitrep_doc_field f;
    } fields[] = {{&pg.title, SITREP_DOC_TITLE},
                  {&pg.published, SITREP_DOC_PUBLISHED},
                  {&pg.source, SITREP_DOC_SOURCE},
                  {&pg.url, SITREP_DOC_URL}};
    for (size_t i = 0; i < SR_ARRAY_LEN(fields); i++)
        if (fields[i].r->rank &&
            sr_read_set_field(doc, fields[i].f, fields[i].r->value.data, fields[i].r->value.len) != SITREP_OK)
            goto done;
    *out = doc;
    doc = NULL;
    st = SITREP_OK;
done:
    sitrep_doc_free(doc);
    if (g)
        gumbo_destroy_output(&kGumboDefaultOptions, g);
    sr_buf_free(&e.out);
    free(stack.items);
    page_free(&pg);
    sr_buf_free(&conv);
    sr_buf_free(&raw);
    return st;
}
