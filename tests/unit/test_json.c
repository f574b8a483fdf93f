/* test_json.c - JSON output (json.c): strings escaped as the simple
 * byte-by-byte writer did (kept here as the reference), numbers as printf
 * writes them ("%lld", "%.5g"), on generated input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "json.h"

static uint64_t rng_state = 0x243F6A8885A308D3ULL;

static uint64_t rnd64(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

/* The writer as it was before the table and the runs: one byte at a time. */
static void ref_json_str(sr_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sr_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char u[7];
        const char *esc = NULL;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            snprintf(u, sizeof u, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
            esc = u;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            sr_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
            i += 2;
            continue;
        }
        if (esc)
            sr_buf_puts(b, esc);
        else
            sr_buf_putc(b, c);
    }
    sr_buf_putc(b, '"');
}

static void test_strings(void **state)
{
    (void)state;
    static const unsigned char alphabet[] = "abc XYZ\"\\\n\t\r\x01\x1f<>&/\x7f\xE2\x80\xA8\xA9\xC3\xA9";
    char s[600];
    for (int iter = 0; iter < 200000; iter++) {
        size_t n = (size_t)(rnd64() % (iter % 10 == 0 ? 600 : 40));
        bool plain = rnd64() % 3 == 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd64();
            s[i] = plain && r % 16 ? (char)('a' + r % 26) : (char)alphabet[r % (sizeof alphabet - 1)];
        }
        sr_buf a = {0}, b = {0};
        /* after some bytes already there, as in a record */
        size_t pre = (size_t)(rnd64() % 70);
        for (size_t i = 0; i < pre; i++) {
            sr_buf_putc(&a, 'p');
            sr_buf_putc(&b, 'p');
        }
        assert_int_equal(sr_json_str(&a, s, n), SITREP_OK);
        ref_json_str(&b, s, n);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        assert_int_equal(a.data[a.len], '\0');
        sr_buf_free(&a);
        sr_buf_free(&b);
    }
}

/* sr_json_put in room of exactly SR_JSON_STR_ROOM(n) bytes (a heap block of
 * that size: a write past it is AddressSanitizer's to see), and strings
 * longer than sr_json_str writes at once, whose pieces must not part the
 * three bytes of U+2028 */
static void test_room_and_pieces(void **state)
{
    (void)state;
    static const unsigned char alphabet[] = "abc XYZ\"\\\n<\x01\xE2\x80\xA8\xA9\xC3\xA9";
    size_t max = 20000;
    char *s = malloc(max);
    assert_non_null(s);
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = iter < 2000 ? (size_t)(rnd64() % 40) : 4000 + (size_t)(rnd64() % (max - 4000));
        int kind = (int)(rnd64() % 4);
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd64();
            if (kind == 0)
                s[i] = (char)alphabet[r % (sizeof alphabet - 1)];
            else if (kind == 1) /* plain text with a line separator now and then */
                s[i] = r % 97 ? (char)('a' + r % 26) : (char)0xE2;
            else if (kind == 2) /* U+2028 over and over: some fall across a piece's end */
                s[i] = (char)"\xE2\x80\xA8"[i % 3];
            else /* every byte one that needs \u */
                s[i] = (char)(r % 32);
            if (kind == 1 && (unsigned char)s[i] == 0xE2 && i + 2 < n) {
                s[++i] = (char)0x80;
                s[++i] = (char)(r & 1 ? 0xA8 : 0xA9);
            }
        }
        sr_buf want = {0};
        ref_json_str(&want, s, n);
        char *room = malloc(SR_JSON_STR_ROOM(n));
        assert_non_null(room);
        char *end = sr_json_put(room, s, n);
        assert_int_equal((size_t)(end - room), want.len);
        assert_memory_equal(room, want.data, want.len);
        free(room);
        sr_buf got = {0};
        assert_int_equal(sr_json_str(&got, s, n), SITREP_OK);
        assert_int_equal(got.len, want.len);
        assert_memory_equal(got.data, want.data, want.len);
        assert_int_equal(got.data[got.len], '\0');
        sr_buf_free(&got);
        sr_buf_free(&want);
    }
    free(s);
}

static void check_g5(double v)
{
    char want[64], got[64];
    snprintf(want, sizeof want, "%.5g", v);
    size_t n = sr_json_fmt_g5(got, v);
    got[n] = '\0';
    if (strcmp(want, got) != 0)
        fail_msg("%.17g: printf %s, sr_json_fmt_g5 %s", v, want, got);
}

static void test_numbers(void **state)
{
    (void)state;
    char got[32], want[32];
    static const int64_t ints[] = {0, 1, -1, 9, 10, 99, 100, 123456789, -987654321, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < SR_ARRAY_LEN(ints); i++) {
        size_t n = sr_json_fmt_int(got, ints[i]);
        got[n] = '\0';
        snprintf(want, sizeof want, "%lld", (long long)ints[i]);
        assert_string_equal(got, want);
    }
    for (int i = 0; i < 100000; i++) {
        int64_t v = (int64_t)rnd64() >> (rnd64() % 64);
        size_t n = sr_json_fmt_int(got, v);
        got[n] = '\0';
        snprintf(want, sizeof want, "%lld", (long long)v);
        assert_string_equal(got, want);
    }

    /* ties, carries and edges of the fast range */
    static const double fixed[] = {0.0, -0.0, 1.0, -1.0, 1.03125, 1.09375, 2.5, 10.5, 100.25, 1000.5,
                                   10000.5, 12345.5, 12344.5, 99999.5, 99999.4, 9.99995, 9.99994, 9.999951,
                                   99999.0, 100000.0, 0.99999, 0.999995, 1e-5, 36.2021, 37.16117, -77.03637,
                                   33.51, 36.45, 123456.0, 1e300, -1e-300, 5e-324, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < SR_ARRAY_LEN(fixed); i++)
        check_g5(fixed[i]);
    for (int i = 0; i < 400000; i++) {
        uint64_t r = rnd64();
        double v;
        switch (r % 5) {
        case 0: /* coordinates with few decimals, as gazetteers write them */
            v = (double)(int64_t)(rnd64() % 3600000 - 1800000) / (double)(1 + rnd64() % 100000);
            break;
        case 1: /* numbers that end in 5 after the fifth digit: ties or nearly */
            v = ((double)(rnd64() % 10000000) * 10 + 5) / pow(10, (double)(rnd64() % 8));
            break;
        case 2: /* dyadic fractions: exact ties */
            v = (double)(rnd64() % 200000) / (double)(1u << (rnd64() % 12));
            break;
        case 3: { /* any bits at all */
            uint64_t bits = rnd64();
            memcpy(&v, &bits, sizeof v);
            break;
        }
        default:
            v = ldexp((double)(rnd64() >> 11), -(int)(rnd64() % 80));
            break;
        }
        if (r & (1ull << 40))
            v = -v;
        check_g5(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_room_and_pieces),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
