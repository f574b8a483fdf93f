/* meta.h - the document's metadata told by its own text: title (first
 * heading line), outlet ("(CNN) -", "DW", "Reuters") and publication date
 * ("December 16, 2016", "Wed 05 Apr 2017", "Published July 27 2016",
 * "10-07-2016", a dateline after the headline), from the first lines.
 *
 * Title (rule meta.title): the first line of the text, among its first 20
 * sentences, that stands alone on its line, is not boilerplate, has at least
 * three words and at most 40 tokens, does not end with a period, and is not
 * a date, a byline ("By ...") or a menu ("Home | World").
 *
 * Outlet: an outlet name of data/outlets.txt only where the text names the
 * page's own publisher; a name in running text ("according to Reuters",
 * "told AFP") is a claimant, a photo credit ("Image: Reuters/...") or a list
 * of contributing agencies ("(Reuters, AP, AFP)") is not the outlet either.
 * Rules, strongest first:
 *   meta.outlet.dateline   "(NAME)" in the first 1500 bytes followed by a
 *                          dash or after an all-caps place: "(CNN) -",
 *                          "BEIRUT (Reuters) -", "MOSCOW (Sputnik)"; or
 *                          NAME followed by a dash in the first 400 bytes:
 *                          "Aleppo SANA-Terrorists ..."
 *   meta.outlet.credit     NAME right before or after the publication date
 *                          found in the first lines: "Monitor AFP Sunday 30
 *                          Mar 2014", "21 November 2016 SANA ..."
 *   meta.outlet.byline     "By NAME" (capital B) or "<date> by NAME", "NAME
 *                          Staff" in the first 1500 bytes
 *   meta.outlet.site       the page's navigation names it, in the first or
 *                          last 1500 bytes: "Skip to more DW sites", "DW's
 *                          Top Story", "More stories from DW"
 *   meta.outlet.copyright  "Copyright [year] NAME", "(c) NAME", in the first
 *                          or last 1500 bytes, not after "Image"/"Photo"
 *
 * Publication date (rule meta.published): the first absolute calendar date
 * (sr_date_read_absolute) in the first 400 bytes of non-boilerplate text,
 * that does not follow a preposition or an article ("on July 1 2016", "the
 * 3 October attack" tell events) unless a publication cue of
 * data/dates.txt comes first ("Posted on April 19 2017", "Last updated at
 * Apr 232017"). All-digit dates are read in the order of the outlet the
 * input names (source_hint: its slug or name in data/outlets.txt, attribute
 * order=dmy|mdy), else of the outlet found in the text, else day first
 * (see dates.h).
 */
#ifndef SR_META_H
#define SR_META_H

#include "annot.h"
#include "lexicon.h"

typedef struct sr_meta {
    bool has_title;
    sitrep_span title;           /* bytes of the title line */
    const char *source;          /* outlet slug from data/outlets.txt ("cnn"), or NULL; static/lexicon-owned */
    sitrep_evidence source_ev;
    int64_t published;           /* days since 1970-01-01, or INT64_MIN */
    sitrep_evidence published_ev;
} sr_meta;

/* Stage (after segment): reads the first lines of a. source_hint is the
 * outlet the input named (may be NULL): a date written d-m-y or m-d-y is read
 * the way that outlet writes dates. */
sitrep_status sr_meta_detect(const sr_lexicon *lx, const sr_annot *a, const char *source_hint,
                             sr_meta *out);

#endif
