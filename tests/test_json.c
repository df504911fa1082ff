/*
 * Unit tests for util/json.c and util/json_write.c: values, numbers and
 * literals, invalid input of every kind (with where it fails), nesting
 * limits, the streaming array reader, and the writer's escaping (quotes,
 * backslashes, every control character, DEL, UTF-8 passed through), each
 * checked by reading the result back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/json.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

/* Reading. */

static void test_json_values(void **state)
{
	static const char text[] =
		"{\"n\": [0, -1.5e3, 12E+2, 3.25], \"t\": true, \"f\": false,"
		" \"z\": null, \"o\": {}, \"a\": [], \"n\": 7}";
	struct json_error jerr;
	struct json_value v;
	const struct json_value *n;

	(void)state;
	assert_int_equal(json_parse(text, sizeof(text) - 1, &v, &jerr), 0);
	assert_int_equal(v.type, JSON_OBJECT);
	n = json_object_get(&v, "n");	/* the first of two */
	assert_non_null(n);
	assert_int_equal(n->type, JSON_ARRAY);
	assert_int_equal(n->u.array.nr, 4);
	assert_true(n->u.array.items[1].u.number == -1500.0);
	assert_true(n->u.array.items[2].u.number == 1200.0);
	assert_true(n->u.array.items[3].u.number == 3.25);
	assert_int_equal(json_object_get(&v, "t")->type, JSON_TRUE);
	assert_int_equal(json_object_get(&v, "f")->type, JSON_FALSE);
	assert_int_equal(json_object_get(&v, "z")->type, JSON_NULL);
	assert_int_equal(json_object_get(&v, "o")->type, JSON_OBJECT);
	assert_null(json_object_get(&v, "missing"));
	json_value_release(&v);
}

static void expect_json_error(const char *text, const char *want)
{
	struct json_error jerr = { .msg = "" };
	struct json_value v;

	assert_int_equal(json_parse(text, strlen(text), &v, &jerr), -1);
	if (!strstr(jerr.msg, want))
		fail_msg("'%s' not in '%s' for %s", want, jerr.msg, text);
}

static void test_json_bad_values(void **state)
{
	(void)state;
	expect_json_error("[01]", "invalid number");
	expect_json_error("[1.]", "invalid number");
	expect_json_error("[-]", "invalid number");
	expect_json_error("[1e]", "invalid number");
	expect_json_error("[+1]", "expected a value");
	expect_json_error("[tru]", "invalid literal");
	expect_json_error("[nul", "invalid literal");
	expect_json_error("[True]", "expected a value");
	expect_json_error("['a']", "expected a value");
	expect_json_error("{\"a\":1,}", "expected a string key");
	expect_json_error("{1:2}", "expected a string key");
	expect_json_error("", "unexpected end of input");
	expect_json_error("1 2", "unexpected data after");
	expect_json_error("[1 2]", "expected ',' or ']'");
	expect_json_error("{\"a\" 1}", "expected ':'");
}

static void test_json_depth(void **state)
{
	struct json_error jerr = { .msg = "" };
	struct json_value v;
	struct strbuf sb;
	int i;

	(void)state;
	strbuf_init(&sb);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		strbuf_addstr(&sb, i % 2 ? "{\"k\":" : "[");
	strbuf_addstr(&sb, "0");
	for (i = JSON_MAX_DEPTH - 1; i >= 0; i--)
		strbuf_addstr(&sb, i % 2 ? "}" : "]");
	assert_int_equal(json_parse(sb.buf, sb.len, &v, &jerr), 0);
	json_value_release(&v);
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	assert_int_equal(json_parse(sb.buf, sb.len, &v, &jerr), -1);
	assert_non_null(strstr(jerr.msg, "nesting deeper than"));
	assert_int_equal(jerr.line, 1);
	assert_int_equal(jerr.column, JSON_MAX_DEPTH + 1);
	strbuf_release(&sb);
}

static void test_json_location_counts_characters(void **state)
{
	static const char text[] = "ab\n\xc3\xa9\xe2\x82\xac x";
	unsigned long line, column;

	(void)state;
	json_location(text, sizeof(text) - 1, 0, &line, &column);
	assert_int_equal(line, 1);
	assert_int_equal(column, 1);
	json_location(text, sizeof(text) - 1, sizeof(text) - 2, &line,
		      &column);
	assert_int_equal(line, 2);
	assert_int_equal(column, 4);	/* é, €, space, then x */
	json_location(text, sizeof(text) - 1, 1000, &line, &column);
	assert_int_equal(line, 2);
	assert_int_equal(column, 5);
}

static void test_json_write_string(void **state)
{
	struct json_error jerr;
	struct json_value v;
	struct strbuf sb;
	const char raw[] = "a\"b\\c\n\t\r\b\f\x01\x1f/\xc3\xa9";

	(void)state;
	strbuf_init(&sb);
	json_write_string(&sb, raw, sizeof(raw) - 1);
	assert_string_equal(sb.buf, "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001"
			    "\\u001f/\xc3\xa9\"");
	assert_int_equal(json_parse(sb.buf, sb.len, &v, &jerr), 0);
	assert_int_equal(v.type, JSON_STRING);
	assert_int_equal(v.u.string.len, sizeof(raw) - 1);
	assert_memory_equal(v.u.string.s, raw, sizeof(raw) - 1);
	json_value_release(&v);
	strbuf_release(&sb);
}

static void test_reader_streams(void **state)
{
	static const char text[] = " [ {\"a\": 1} , [2] ,\"x\" ] ";
	struct json_reader r;
	struct json_error jerr;
	struct json_value v;

	(void)state;
	assert_int_equal(json_reader_begin_array(&r, text, sizeof(text) - 1,
						 &jerr), 0);
	assert_int_equal(json_reader_next(&r, &v, &jerr), 1);
	assert_int_equal(v.type, JSON_OBJECT);
	assert_int_equal(v.offset, 3);
	json_value_release(&v);
	assert_int_equal(json_reader_next(&r, &v, &jerr), 1);
	assert_int_equal(v.type, JSON_ARRAY);
	json_value_release(&v);
	assert_int_equal(json_reader_next(&r, &v, &jerr), 1);
	assert_string_equal(v.u.string.s, "x");
	json_value_release(&v);
	assert_int_equal(json_reader_next(&r, &v, &jerr), 0);
	assert_int_equal(json_reader_next(&r, &v, &jerr), 0);
}

static void expect_json_error_at(const char *text, size_t len,
				 const char *want, unsigned long line,
				 unsigned long column)
{
	struct json_error jerr = { .msg = "" };
	struct json_value v;

	assert_int_equal(json_parse(text, len, &v, &jerr), -1);
	if (!strstr(jerr.msg, want))
		fail_msg("'%s' not in '%s'", want, jerr.msg);
	assert_int_equal(jerr.line, line);
	assert_int_equal(jerr.column, column);
}

static void test_json_bad_strings(void **state)
{
	(void)state;
	expect_json_error("\"abc", "unterminated string");
	expect_json_error("[\"a\tb\"]", "control character 0x09");
	expect_json_error("[\"a\nb\"]", "control character 0x0a");
	expect_json_error("[\"\\q\"]", "invalid escape '\\q'");
	expect_json_error("[\"\\u12G4\"]", "invalid \\u escape");
	expect_json_error("[\"\\u0000\"]", "\\u0000 is not allowed");
	expect_json_error("[\"\\ud83d\"]", "unpaired surrogate \\ud83d");
	expect_json_error("[\"\\ude00\"]", "unpaired surrogate \\ude00");
	expect_json_error("[\"\xc3\"]", "invalid UTF-8");	/* cut short */
	expect_json_error("[\"\xc0\xaf\"]", "invalid UTF-8");	/* overlong */
	expect_json_error("[\"\xed\xa0\x80\"]", "invalid UTF-8");
	expect_json_error("[\"\xf4\x90\x80\x80\"]", "invalid UTF-8");
	expect_json_error("[\"\xff\"]", "invalid UTF-8");
	expect_json_error("{\"a\": 1} x", "unexpected data after");
}

static void test_json_error_position(void **state)
{
	static const char nul[] = "[1,\n 2\0]";

	(void)state;
	expect_json_error_at("[1,\n  tru]", 10, "invalid literal", 2, 3);
	expect_json_error_at("{\"\xc3\xa9\": x}", 9, "expected a value", 1, 7);
	/* a NUL byte is input like any other, not its end */
	expect_json_error_at(nul, sizeof(nul) - 1, "nul byte", 2, 3);
}

static void test_json_bom_and_length(void **state)
{
	static const char text[] = "\xef\xbb\xbf [\"a\"] trailing";
	struct json_error jerr = { .msg = "" };
	struct json_value v;

	(void)state;
	/* only the first len bytes count; the BOM is skipped */
	assert_int_equal(json_parse(text, 9, &v, &jerr), 0);
	assert_int_equal(v.type, JSON_ARRAY);
	assert_string_equal(v.u.array.items[0].u.string.s, "a");
	assert_int_equal(v.offset, 4);
	json_value_release(&v);
	assert_int_equal(json_parse(text, 8, &v, &jerr), -1);
	assert_int_equal(json_parse(text, sizeof(text) - 1, &v, &jerr), -1);
	assert_non_null(strstr(jerr.msg, "unexpected data after"));
}

/* Writing. */

static void expect_written(const char *s, size_t len, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	json_write_string(&sb, s, len);
	assert_int_equal(sb.len, strlen(want));
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_write_quotes_and_backslashes(void **state)
{
	(void)state;
	expect_written("", 0, "\"\"");
	expect_written("a\"b", 3, "\"a\\\"b\"");
	expect_written("\\", 1, "\"\\\\\"");
	expect_written("\\\"\"\\", 4, "\"\\\\\\\"\\\"\\\\\"");
	expect_written("a/b", 3, "\"a/b\"");	/* '/' needs no escape */
}

static void test_write_control_characters(void **state)
{
	char want[16];
	int c;

	(void)state;
	expect_written("\n\t\r\b\f", 5, "\"\\n\\t\\r\\b\\f\"");
	expect_written("\0", 1, "\"\\u0000\"");
	expect_written("\x01", 1, "\"\\u0001\"");
	expect_written("\x1b[1m", 4, "\"\\u001b[1m\"");
	expect_written("\x1f", 1, "\"\\u001f\"");
	expect_written("\x7f", 1, "\"\\u007f\"");
	expect_written(" ~", 2, "\" ~\"");
	/* every control character but the five with a name: \u00XX */
	for (c = 0; c < 0x20; c++) {
		char s[1] = { (char)c };

		if (strchr("\n\t\r\b\f", c) && c)
			continue;
		snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		expect_written(s, 1, want);
	}
}

static void test_write_utf8_passes_through(void **state)
{
	static const char text[] = "d\xc3\xa9j\xc3\xa0 \xe2\x82\xac "
				   "\xf0\x9f\x98\x80";
	static const char bad[] = "\xc3(\xff";
	struct strbuf want;

	(void)state;
	strbuf_init(&want);
	strbuf_addf(&want, "\"%s\"", text);
	expect_written(text, sizeof(text) - 1, want.buf);
	/* not checked: invalid UTF-8 is written as it is */
	strbuf_reset(&want);
	strbuf_addf(&want, "\"%s\"", bad);
	expect_written(bad, sizeof(bad) - 1, want.buf);
	strbuf_release(&want);
}

/* Every byte from 1 to 0x7f, and UTF-8, written and read back. */
static void test_write_round_trip(void **state)
{
	struct json_error jerr;
	struct json_value v;
	struct strbuf raw, sb;
	int c;

	(void)state;
	strbuf_init(&raw);
	strbuf_init(&sb);
	for (c = 1; c < 0x80; c++)
		strbuf_addch(&raw, (char)c);
	strbuf_addstr(&raw, "\xc3\xa9\xf0\x9f\x98\x80");
	json_write_string(&sb, raw.buf, raw.len);
	for (c = 1; c < (int)sb.len - 1; c++)
		if ((unsigned char)sb.buf[c] < 0x20 || sb.buf[c] == 0x7f)
			fail_msg("raw control character 0x%02x at %d",
				 (unsigned char)sb.buf[c], c);
	assert_int_equal(json_parse(sb.buf, sb.len, &v, &jerr), 0);
	assert_int_equal(v.type, JSON_STRING);
	assert_int_equal(v.u.string.len, raw.len);
	assert_memory_equal(v.u.string.s, raw.buf, raw.len);
	json_value_release(&v);
	strbuf_release(&sb);
	strbuf_release(&raw);
}

static void test_write_str_and_key(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	json_write_str(&sb, "a\tb");
	assert_string_equal(sb.buf, "\"a\\tb\"");
	strbuf_reset(&sb);
	strbuf_addch(&sb, '{');
	json_write_key(&sb, "k\"ey");
	json_write_str(&sb, "v");
	strbuf_addch(&sb, '}');
	assert_string_equal(sb.buf, "{\"k\\\"ey\": \"v\"}");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_values),
		cmocka_unit_test(test_json_bad_values),
		cmocka_unit_test(test_json_bad_strings),
		cmocka_unit_test(test_json_error_position),
		cmocka_unit_test(test_json_bom_and_length),
		cmocka_unit_test(test_json_depth),
		cmocka_unit_test(test_json_location_counts_characters),
		cmocka_unit_test(test_reader_streams),
		cmocka_unit_test(test_json_write_string),
		cmocka_unit_test(test_write_quotes_and_backslashes),
		cmocka_unit_test(test_write_control_characters),
		cmocka_unit_test(test_write_utf8_passes_through),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_write_str_and_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
