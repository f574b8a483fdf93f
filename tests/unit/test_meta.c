/* test_meta.c - title, outlet and publication date from the text: the cases
 * of tests/cases/meta.test (format at the top of that file), and the seed
 * articles of ../shared/seeds through the whole pipeline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "annot.h"
#include "lexicon.h"
#include "meta.h"
#include "segment.h"


typedef struct mcase {
    int line;
    char name[256];
    char hint[64];
    sr_buf text;
    char title[512], source[64], rule[64], published[16];
    bool want_title, want_source, want_published;
} mcase;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static int check(const char *file, const mcase *c, const char *field, const char *want, const char *got)
{
    if (!strcmp(want, got))
        return 0;
    fprintf(stderr, "%s:%d: %s: %s: want '%s' got '%s'\n", file, c->line, c->name, field, want, got);
    return 1;
}

static int run_case(const char *file, mcase *c)
{
    /* the text ends before the line break that precedes "---" */
    if (c->text.len && c->text.data[c->text.len - 1] == '\n')
        c->text.data[--c->text.len] = '\0';
    const char *text = c->text.data ? c->text.data : "";
    sr_annot a = {0};
    sr_annot_reset(&a, text, c->text.len);
    assert_int_equal(sr_segment(test_lexicon, &a), SITREP_OK);
    sr_meta m;
    assert_int_equal(sr_meta_detect(test_lexicon, &a, c->hint[0] ? c->hint : NULL, &m), SITREP_OK);
    int bad = 0;
    char got[512];
    if (c->want_title) {
        if (m.has_title)
            snprintf(got, sizeof got, "%.*s", (int)(m.title.end - m.title.start), text + m.title.start);
        else
            snprintf(got, sizeof got, "-");
        bad += check(file, c, "title", c->title, got);
    }
    if (c->want_source) {
        bad += check(file, c, "source", c->source, m.source ? m.source : "-");
        if (c->rule[0])
            bad += check(file, c, "source rule", c->rule, m.source ? m.source_ev.rule : "-");
        if (m.source) {
            /* the evidence is the name as written */
            const sr_lex_entry *e = sr_lex_lookup(test_lexicon, text + m.source_ev.start, m.source_ev.end - m.source_ev.start,
                                                  1u << SR_LEX_OUTLETS);
            if (!e) {
                fprintf(stderr, "%s:%d: source evidence '%.*s' is not an outlet name\n", file, c->line,
                        (int)(m.source_ev.end - m.source_ev.start), text + m.source_ev.start);
                bad++;
            }
        }
    }
    if (c->want_published) {
        char buf[11] = "-";
        if (m.published != INT64_MIN)
            sr_format_days(buf, m.published);
        bad += check(file, c, "published", c->published, buf);
        if (m.published != INT64_MIN && (m.published_ev.end <= m.published_ev.start || !m.published_ev.rule)) {
            fprintf(stderr, "%s:%d: published without evidence\n", file, c->line);
            bad++;
        }
    }
    sr_annot_free(&a);
    return bad ? 1 : 0;
}

static void test_cases_file(void **state)
{
    (void)state;
    char path[1024];
    FILE *fp = test_case_open("meta.test", path, sizeof path);
    char line[8192];
    int lineno = 0, ncases = 0, nbad = 0;
    mcase c = {0};
    enum { OUTSIDE, TEXT, EXPECT } where = OUTSIDE;
    for (;;) {
        bool eof = !fgets(line, sizeof line, fp);
        if (!eof)
            lineno++;
        bool header = !eof && !strncmp(line, "=== ", 4);
        if ((eof || header) && where != OUTSIDE) {
            if (where == TEXT) {
                fprintf(stderr, "%s:%d: case without '---'\n", path, c.line);
                nbad++;
            } else {
                ncases++;
                nbad += run_case(path, &c);
            }
            sr_buf_free(&c.text);
            where = OUTSIDE;
        }
        if (eof)
            break;
        if (header) {
            c = (mcase){0};
            c.line = lineno;
            char *s = trim(line + 4);
            char *bar = strstr(s, " | ");
            if (bar) {
                *bar = '\0';
                snprintf(c.hint, sizeof c.hint, "%s", trim(bar + 3));
            }
            snprintf(c.name, sizeof c.name, "%s", s);
            where = TEXT;
            continue;
        }
        if (where == TEXT) {
            if (!strncmp(line, "---", 3) && (line[3] == '\n' || line[3] == '\r' || line[3] == '\0')) {
                where = EXPECT;
                continue;
            }
            assert_int_equal(sr_buf_puts(&c.text, line), SITREP_OK);
            continue;
        }
        if (where == EXPECT) {
            char *s = trim(line);
            if (!*s || *s == '#')
                continue;
            if (!strncmp(s, "title:", 6)) {
                c.want_title = true;
                snprintf(c.title, sizeof c.title, "%s", trim(s + 6));
            } else if (!strncmp(s, "source:", 7)) {
                c.want_source = true;
                char *v = trim(s + 7), *sp = strchr(v, ' ');
                if (sp) {
                    *sp = '\0';
                    snprintf(c.rule, sizeof c.rule, "%s", trim(sp + 1));
                }
                snprintf(c.source, sizeof c.source, "%s", v);
            } else if (!strncmp(s, "published:", 10)) {
                c.want_published = true;
                snprintf(c.published, sizeof c.published, "%s", trim(s + 10));
            } else {
                fprintf(stderr, "%s:%d: unknown expectation '%s'\n", path, lineno, s);
                nbad++;
            }
        }
    }
    test_cases_done(fp, "meta.test", ncases, nbad);
}

/* An empty text and a text of punctuation only give no metadata. */
static void test_empty(void **state)
{
    (void)state;
    const char *texts[] = {"", "...\n\n--- !!", "2016"};
    for (size_t k = 0; k < SR_ARRAY_LEN(texts); k++) {
        sr_annot a = {0};
        sr_annot_reset(&a, texts[k], strlen(texts[k]));
        assert_int_equal(sr_segment(test_lexicon, &a), SITREP_OK);
        sr_meta m;
        assert_int_equal(sr_meta_detect(test_lexicon, &a, "no-such-outlet", &m), SITREP_OK);
        assert_false(m.has_title);
        assert_null(m.source);
        assert_true(m.published == INT64_MIN);
        sr_annot_free(&a);
    }
}

/* The seed articles through the whole pipeline (sitrep_extract): the
 * publication date the text states (expected.json's doc_published), and
 * the outlets the pages name. Skipped when ../shared is absent. */
static void test_seeds(void **state)
{
    (void)state;
    static const struct {
        const char *file, *published, *source, *title;
    } seeds[] = {
        {"000_3d9b9b70f87a1d47.txt", "2016-12-16", "dw", "Kerry condemns Aleppo 'massacre'"},
        {"001_3bc520f39517e86d.txt", NULL, "cnn", "Aleppo: Reports of executions as Syrian army closes\xc2\xa0in"},
        {"002_4c1dc10ddaa23a42.txt", NULL, NULL, "U.S. Accuses Syria Of Mass Executions, Burning The Bodies"},
        {"003_317291873167f267.txt", NULL, NULL, NULL},
        {"004_831e4bb7046dac21.txt", NULL, NULL, NULL},
    };
    char err[SR_ERRMSG_MAX];
    sitrep_ctx *ctx = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/%s", test_shared_dir(), seeds[0].file);
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        fprintf(stderr, "skipped: no %s\n", path);
        skip();
    }
    fclose(probe);
    assert_int_equal(sitrep_open(NULL, &ctx, err, sizeof err), SITREP_OK);
    for (size_t k = 0; k < SR_ARRAY_LEN(seeds); k++) {
        snprintf(path, sizeof path, "%s/seeds/%s", test_shared_dir(), seeds[k].file);
        size_t len;
        char *text = test_read_file(path, &len);
        assert_non_null(text);
        sitrep_doc *doc = NULL;
        assert_int_equal(sitrep_doc_new(text, len, &doc), SITREP_OK);
        free(text);
        sitrep_record *rec = NULL;
        assert_int_equal(sitrep_extract(ctx, doc, &rec), SITREP_OK);
        const sitrep_docinfo *d = sitrep_record_doc(rec);
        fprintf(stderr, "%s: published %s (%s) source %s title %s\n", seeds[k].file,
                d->published ? d->published : "-", d->published_from ? d->published_from : "-",
                d->source ? d->source : "-", d->title ? d->title : "-");
        if (seeds[k].published) {
            assert_non_null(d->published);
            assert_string_equal(d->published, seeds[k].published);
            assert_string_equal(d->published_from, "text");
        } else {
            assert_null(d->published);
        }
        if (seeds[k].source) {
            assert_non_null(d->source);
            assert_string_equal(d->source, seeds[k].source);
        } else {
            assert_null(d->source);
        }
        if (seeds[k].title) {
            assert_non_null(d->title);
            assert_string_equal(d->title, seeds[k].title);
        }
        sitrep_record_free(rec);
        sitrep_doc_free(doc);
    }
    sitrep_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_file),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_seeds),
    };
    return cmocka_run_group_tests(tests, test_lexicon_setup, test_lexicon_teardown);
}
