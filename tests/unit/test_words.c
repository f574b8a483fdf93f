/* test_words.c - the word classes of data/words.txt: a word in several classes
 * has each bit, punctuation is a word too, and every class has words (a class
 * name misspelt in the file would leave its class empty or abort the load). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "words.h"

#define HAS(w, cls) ((sr_word_classes(w) >> (cls)) & 1)

static void test_several_classes(void **state)
{
    (void)state;
    assert_true(HAS("were", SR_WC_FILLER));
    assert_true(HAS("were", SR_WC_AUX));
    assert_true(HAS("were", SR_WC_NP_STOP));
    assert_true(HAS("were", SR_WC_PASSIVE_AUX));
    assert_false(HAS("were", SR_WC_MONTHS));
    assert_true(HAS(",", SR_WC_CLAUSE_PUNCT));
    assert_true(HAS("\"", SR_WC_CLAUSE_PUNCT));
    assert_true(HAS("neighbourhood", SR_WC_SITE_NOUNS));
}

static void test_unknown_word(void **state)
{
    (void)state;
    assert_true(sr_word_classes("airstrike") == SR_WC_DONE);
    assert_true(sr_word_classes("") == SR_WC_DONE);
    assert_true(sr_word_classes("Were") == SR_WC_DONE); /* words are folded before the lookup */
}

/* One word of each class, from each section of the file. */
static void test_every_class(void **state)
{
    (void)state;
    static const char *const one[SR_WC_COUNT] = {
        [SR_WC_MONTHS] = "sept",          [SR_WC_FILLER] = "tragically",
        [SR_WC_AUX] = "got",              [SR_WC_NP_STOP] = "between",
        [SR_WC_NOT_PERSONS] = "handful",  [SR_WC_LIVES_VERBS] = "costing",
        [SR_WC_SG_ADVERBS] = "fatally",   [SR_WC_NOT_SUBJECTS] = "nobody",
        [SR_WC_TIME_UNITS] = "hour",      [SR_WC_WAR_NOUNS] = "insurgency",
        [SR_WC_SINCE_WORDS] = "outbreak", [SR_WC_WAR_GENERAL] = "bloodshed",
        [SR_WC_TOTALS] = "altogether",    [SR_WC_ATTACK_VERBS] = "ambushed",
        [SR_WC_HELD] = "backed",          [SR_WC_PASSIVE_AUX] = "being",
        [SR_WC_ACTIVE_FILL] = "reportedly", [SR_WC_TERRITORY_VERBS] = "recaptured",
        [SR_WC_AGAINST_NOUNS] = "clashes", [SR_WC_TARGET_WORDS] = "against",
        [SR_WC_AGENT_NOUNS] = "onslaught", [SR_WC_OBJECT_STARTS] = "dozens",
        [SR_WC_CLAUSE_PUNCT] = ";",       [SR_WC_CLAIM_NOUNS] = "spokeswoman",
        [SR_WC_PRONOUNS] = "they",        [SR_WC_CLAUSE_STOP] = "although",
        [SR_WC_LEAD_JUNK] = "meanwhile",  [SR_WC_PREPS] = "during",
        [SR_WC_STATEMENT_VERBS] = "announced", [SR_WC_REPORT_NOUNS] = "tally",
        [SR_WC_REPORT_PREPS] = "dated",   [SR_WC_MOTION_VERBS] = "airlifted",
        [SR_WC_TOWN_NOUNS] = "village",   [SR_WC_SITE_NOUNS] = "enclave",
        [SR_WC_HELD_NOUNS] = "bastion",
    };
    for (int c = 0; c < SR_WC_COUNT; c++) {
        assert_non_null(one[c]);
        assert_true(HAS(one[c], c));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_several_classes),
        cmocka_unit_test(test_unknown_word),
        cmocka_unit_test(test_every_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
