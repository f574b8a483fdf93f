/* eval.h - scoring records against gold files (sitrep_eval_*, in eval.c).
 *
 * The comparisons are those of the project's judge, ../shared/tools/score.py,
 * reproduced exactly so that both print the same figures:
 *
 *  - FA-KES gold: one document per distinct unit_id (the first row's title,
 *    content and source; no publication date given), every row scored
 *    against its id's record. Text fields (location, actor, cause_of_death):
 *    the summary's value, stripped and lower-cased, equals the gold cell as
 *    it is. Numbers: the summary's value (0 when absent) equals the gold
 *    integer. published: doc.published equals the gold date. A missing
 *    record or summary reads as "" and 0.
 *  - WAD gold: one document per event_id (text = description); exact:
 *    summary.nb_civilians == deaths; killed_count: some incident has a
 *    killed count whose min == deaths.
 *  - Majority baseline: the share of rows whose gold cell equals the most
 *    common gold cell of the field (cells compared as strings).
 *
 * The gold CSV is read as Python's csv module reads a file opened in text
 * mode (csv.h with universal_newlines).
 */
#ifndef SR_EVAL_H
#define SR_EVAL_H

#include "util.h"

/* Python's str(v).strip().lower() of a UTF-8 string, appended to out:
 * Unicode whitespace trimmed at both ends, letters lower-cased. */
sitrep_status sr_py_strip_lower(const char *s, size_t n, sr_buf *out);

/* Python's int(s) for a decimal string: surrounding whitespace, a sign,
 * digits with single underscores between them. False when s is not one. */
bool sr_py_int(const char *s, size_t n, int64_t *out);

#endif
