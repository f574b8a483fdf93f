/* dates.h - date expressions: absolute ("December 16, 2016", "16 Dec",
 * "2016-12-16", "10-07-2016") and relative to the publication date ("on
 * Monday" in a Tuesday article is the day before: news tells the past;
 * "yesterday", "last week", "last Thursday", "since last August", "between
 * 2011 and 2015", "earlier this month"), each with its precision.
 *
 * The words come from data/dates.txt (months, weekdays, relative phrases,
 * units; format and types at the top of that file), found by the lexicon
 * stage; the one-word function words around dates (in, on, since, between,
 * last, this, next, the, a, one..twelve) are a switch here.
 *
 * Rules, each named in the mention's `rule` for --explain:
 *   date.iso / date.numeric_dmy / date.numeric_mdy   2016-12-16, 10-07-2016
 *       An all-digit date with the year last is read day first unless the
 *       order is given (outlet attribute order=, meta.c) or the digits leave
 *       no choice (a first part over 12 is a day, a second part over 12 a day).
 *   date.month_day_year, date.day_month_year          December 16, 2016 / 16 Dec 2016
 *   date.glued_day_year                               "Apr 232017": after a month
 *       name, a 5-6 digit number that ends in a year 1900-2099 and starts with
 *       a valid day is a day and a year that lost their space (scrapes).
 *   date.month_day, date.day_month                    November 27 / 27 Nov: the
 *       year is the latest one that puts the date (a range of days: its last
 *       day) no later than 3 days after publication (relative: unresolved
 *       with no publication date). In a range whose other end has a year,
 *       that year ("between March and May 2016"); a weekday before an
 *       absolute end is the one on or before that end ("between Sunday and
 *       Tuesday 4 February 2020").
 *   date.month_year, date.month                       August 2013 / in August
 *       (a month alone needs a date word before it: in, since, last, early...).
 *   date.year, date.year_range                        in 2012 / 2011-2015 (a year
 *       alone needs a preposition or a part word before it).
 *   date.part                                         early January, mid-2015, late
 *       2015: a year's early/mid/late part is Jan-Apr/May-Aug/Sep-Dec (year
 *       precision), a month's days 1-10/11-20/21-end (month precision).
 *   date.weekday_past                                 (on) Monday: the most recent such
 *       weekday on or before the publication day (the same weekday is the
 *       publication day itself); last Monday: strictly before; next Monday:
 *       strictly after.
 *   date.last_month_name                              last August: the latest August
 *       before the publication month.
 *   date.ago, date.past_span                          two days ago; the past three days
 *   date.since, date.between, date.from_to            ranges; since X ends on the
 *       publication day. A range's precision is the coarser of its parts.
 *   data/dates.txt:N PHRASE                           yesterday, last week, earlier
 *       this month ... (type=rel entries).
 * Not dates: numbers that are not next to a month name or in an all-digit
 * date shape (ages, counts, times, money), a number after a month name that
 * a victim-group word follows ("In September 12 people..."), lower-case
 * "may"/"march" and capitalised ones with no number or date word beside
 * them, weekday and month abbreviations outside a full date, and the names
 * of data/dates.txt type=notdate ("Sunday Times").
 */
#ifndef SR_DATES_H
#define SR_DATES_H

#include "annot.h"
#include "lexicon.h"

/* Stage (after lexicon, which must have run with SR_LEX_DATES in its
 * mask): appends to a->dates every date expression outside boilerplate,
 * resolved against a->published; relative expressions with no publication
 * date stay unresolved (resolved = 0). */
sitrep_status sr_dates_annotate(const sr_lexicon *lx, sr_annot *a);

/* The k-th word (folded) that may start a date with no date word beside it:
 * the prepositions and modifiers ("in", "since", "last"); NULL past the
 * last. The segment stage marks their tokens (SR_TM_DATE), and the stage
 * passes every unmarked token far from a date word without looking. */
const char *sr_dates_start_word(size_t k);

/* Order in which an all-digit date "10-07-2016" is read. */
typedef enum sr_dmy_order { SR_ORDER_UNKNOWN, SR_ORDER_DMY, SR_ORDER_MDY } sr_dmy_order;

/* Reads one absolute calendar date (day precision) starting at token i:
 * "December 16, 2016", "Wed 05 Apr 2017", "Saturday 21 Jun 2014",
 * "10-07-2016", "21.02.2015", "2016-12-16", "Apr 232017". On success returns
 * the number of tokens read and sets *days; 0 when no date starts at i.
 * Works before the lexicon stage (looks words up itself). When rule is not
 * NULL it receives the rule's name (static). */
size_t sr_date_read_absolute(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_dmy_order order,
                             int64_t *days);
size_t sr_date_read_absolute_rule(const sr_lexicon *lx, const sr_annot *a, size_t i, sr_dmy_order order,
                                  int64_t *days, const char **rule);

/* True when token i is a function word that puts a following date inside a
 * sentence ("on", "in", "since", "between", "the", "a", ...). */
bool sr_date_is_prep(const sr_annot *a, size_t i);

#endif
