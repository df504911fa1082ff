/*
 * Unit tests for extractor/compdb.c: both forms of compile_commands.json,
 * path handling, duplicates, every kind of malformed input (as the JSON
 * reader, util/json.c, reports it with the file and position), and a
 * write/read round trip.  The JSON reader and writer: test_json.c.
 */
#define _GNU_SOURCE	/* mkdtemp, nftw */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extractor/compdb.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "support/tmpdir.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *make_tmpdir(void)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "compdb");

	assert_non_null(dir);
	return dir;
}

static void remove_tmpdir(char *dir)
{
	tmpdir_remove(dir);
}

static char *write_file(const char *dir, const char *name, const char *text,
			size_t len)
{
	struct strbuf path;
	FILE *f;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", dir, name);
	f = fopen(path.buf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return strbuf_detach(&path);
}

/* Parse text as "test.json" in /base. */
static int parse(struct compdb *db, const char *text, size_t len,
		 struct kcg_error *err)
{
	return compdb_parse_json(db, text, len, "test.json", "/base", err);
}

static int parse_str(struct compdb *db, const char *text,
		     struct kcg_error *err)
{
	return parse(db, text, strlen(text), err);
}

/* Expect text to fail with a message containing each of the strings. */
static void expect_error(const char *text, size_t len, ...)
{
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	const char *want;
	va_list ap;

	compdb_init(&db);
	assert_int_equal(parse(&db, text, len, &err), -1);
	assert_int_equal(db.nr, 0);
	va_start(ap, len);
	while ((want = va_arg(ap, const char *))) {
		if (!strstr(err.msg, want))
			fail_msg("'%s' not in '%s'", want, err.msg);
	}
	va_end(ap);
	compdb_release(&db);
}

#define EXPECT_ERROR(text, ...) \
	expect_error(text, strlen(text), __VA_ARGS__, NULL)

static void check_argv(const struct compile_command *cmd,
		       const char *const *want)
{
	int i;

	for (i = 0; want[i]; i++) {
		assert_true(i < cmd->argc);
		assert_string_equal(cmd->argv[i], want[i]);
	}
	assert_int_equal(cmd->argc, i);
	assert_null(cmd->argv[i]);
}

static void test_command_form(void **state)
{
	static const char *const want[] = {
		"clang", "-DX=1 2", "-c", "a.c", NULL
	};
	struct kcg_error err;
	struct compdb db;

	(void)state;
	compdb_init(&db);
	assert_int_equal(parse_str(&db,
		"[{\"directory\": \"/src\", \"file\": \"a.c\",\n"
		"  \"command\": \"clang '-DX=1 2' -c -o a.o a.c; echo done\","
		"  \"output\": \"a.o\"}]", &err), 0);
	assert_int_equal(db.nr, 1);
	assert_string_equal(db.cmds[0].directory, "/src");
	assert_string_equal(db.cmds[0].file, "/src/a.c");
	check_argv(&db.cmds[0], want);
	compdb_release(&db);
}

static void test_arguments_form(void **state)
{
	static const char *const want[] = {
		"gcc", "-I", "inc dir", "-c", "b.c", NULL
	};
	struct kcg_error err;
	struct compdb db;

	(void)state;
	compdb_init(&db);
	/* "arguments" wins over "command" when both are there */
	assert_int_equal(parse_str(&db,
		"[{\"directory\": \"/src\", \"file\": \"/abs/b.c\",\n"
		"  \"arguments\": [\"gcc\", \"-I\", \"inc dir\", \"-c\","
		" \"-MD\", \"b.c\", \"-Werror\"],\n"
		"  \"command\": \"ignored\"}]", &err), 0);
	assert_int_equal(db.nr, 1);
	assert_string_equal(db.cmds[0].file, "/abs/b.c");
	check_argv(&db.cmds[0], want);
	compdb_release(&db);
}

static void test_relative_directory(void **state)
{
	struct kcg_error err;
	struct compdb db;

	(void)state;
	compdb_init(&db);
	assert_int_equal(parse_str(&db,
		"[{\"directory\": \"build/./x/..\", \"file\": \"../src/a.c\","
		" \"command\": \"cc -c ../src/a.c\"},\n"
		" {\"directory\": \"\", \"file\": \"b.c\","
		" \"command\": \"cc -c b.c\"}]", &err), 0);
	assert_int_equal(db.nr, 2);
	assert_string_equal(db.cmds[0].directory, "/base/build");
	assert_string_equal(db.cmds[0].file, "/base/src/a.c");
	assert_string_equal(db.cmds[1].directory, "/base");
	assert_string_equal(db.cmds[1].file, "/base/b.c");
	compdb_release(&db);
}

static void test_read_file_relative_to_json(void **state)
{
	static const char text[] =
		"[{\"directory\": \"sub\", \"file\": \"a.c\","
		" \"arguments\": [\"cc\", \"-c\", \"a.c\"]}]";
	char *dir = make_tmpdir(), *path, *want;
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	struct strbuf sb;

	(void)state;
	path = write_file(dir, "compile_commands.json", text,
			  sizeof(text) - 1);
	compdb_init(&db);
	if (compdb_read_json(&db, path, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(db.nr, 1);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/sub/a.c", dir);
	want = strbuf_detach(&sb);
	assert_string_equal(db.cmds[0].file, want);
	free(want);
	free(path);
	compdb_release(&db);
	remove_tmpdir(dir);
}

static void test_duplicates(void **state)
{
	struct kcg_error err;
	struct compdb db;
	int64_t index = -1;

	(void)state;
	compdb_init(&db);
	assert_int_equal(parse_str(&db,
		"[{\"directory\": \"/s\", \"file\": \"a.c\","
		" \"command\": \"cc -DFIRST -c a.c\"},\n"
		" {\"directory\": \"/s/x\", \"file\": \"../a.c\","
		" \"command\": \"cc -DSECOND -c a.c\"},\n"
		" {\"directory\": \"/s\", \"file\": \"b.c\","
		" \"command\": \"cc -c b.c\"}]", &err), 0);
	assert_int_equal(db.nr, 2);
	assert_string_equal(db.cmds[0].argv[1], "-DFIRST");
	assert_true(strmap_get(&db.files, "/s/b.c", &index));
	assert_int_equal(index, 1);
	/* and across calls: compdb_add keeps the first command too */
	assert_int_equal(compdb_add(&db, NULL, "/s", "a.c",
				    (char *[]){ "cc", "-DTHIRD", NULL }, 2),
			 0);
	assert_int_equal(compdb_add(&db, NULL, "/s", "c.c",
				    (char *[]){ "cc", "c.c", NULL }, 2), 1);
	assert_int_equal(db.nr, 3);
	assert_string_equal(db.cmds[0].argv[1], "-DFIRST");
	compdb_release(&db);
}

static void test_malformed_location(void **state)
{
	(void)state;
	EXPECT_ERROR("[\n"
		     "  {\"directory\": \"/s\", \"file\": \"a.c\","
		     " \"command\": \"cc a.c\"},\n"
		     "  {\"directory\": \"/src\" \"file\": \"b.c\"}\n"
		     "]\n",
		     "'test.json': line 3, column 24: expected ',' or '}'");
	EXPECT_ERROR("[{\"directory\": \"/s\",\n\n   \"file\" \"a.c\"}]",
		     "'test.json': line 3, column 11: expected ':'");
	EXPECT_ERROR("[{\"directory\": \"/s\"", "line 1, column 20",
		     "unexpected end of input");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\","
		     " \"command\": \"cc\"} {}]",
		     "line 1, column 53: expected ',' or ']'");
	EXPECT_ERROR("[{\"directory\": \"/s\",}]", "expected a string key");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\","
		     " \"command\": \"cc\"}, ]",
		     "line 1, column 54: expected a value");
	EXPECT_ERROR("[{\"directory\": \"/s", "line 1, column 16",
		     "unterminated string");
}

static void test_wrong_types(void **state)
{
	(void)state;
	EXPECT_ERROR("{\"directory\": \"/\"}",
		     "line 1, column 1: the top-level value is not an array");
	EXPECT_ERROR("[\"x\"]",
		     "line 1, column 2: entry must be an object, not a string");
	EXPECT_ERROR("[{\"directory\": 3, \"file\": \"a.c\"}]",
		     "line 1, column 16: \"directory\" must be a string, "
		     "not a number");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": null}]",
		     "\"file\" must be a string, not null");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\","
		     " \"arguments\": \"cc a.c\"}]",
		     "\"arguments\" must be an array of strings, not a string");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\","
		     " \"arguments\": [\"cc\", true]}]",
		     "line 1, column 56: \"arguments\" must hold strings, "
		     "not a boolean");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\","
		     " \"command\": [\"cc\"]}]",
		     "\"command\" must be a string, not an array");
}

static void test_missing_keys(void **state)
{
	(void)state;
	EXPECT_ERROR("[\n {\"file\": \"a.c\", \"command\": \"cc\"}]",
		     "'test.json': line 2, column 2: entry has no "
		     "\"directory\"");
	EXPECT_ERROR("[{\"directory\": \"/\", \"command\": \"cc\"}]",
		     "entry has no \"file\"");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\"}]",
		     "entry has neither \"arguments\" nor \"command\"");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"\","
		     " \"command\": \"cc\"}]", "empty \"file\"");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\","
		     " \"arguments\": []}]", "empty \"arguments\"");
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\","
		     " \"command\": \" ; cc a.c\"}]", "empty \"command\"");
}

static void test_bad_command(void **state)
{
	(void)state;
	EXPECT_ERROR("[{\"directory\": \"/\", \"file\": \"a.c\",\n"
		     "  \"command\": \"cc '-DX=1 a.c\"}]",
		     "'test.json': line 2, column 14: \"command\": "
		     "unterminated single quote");
}

static void test_empty_and_top_level(void **state)
{
	struct kcg_error err;
	struct compdb db;

	(void)state;
	EXPECT_ERROR("", "'test.json': empty file");
	EXPECT_ERROR(" \n\t\r\n", "'test.json': empty file");
	EXPECT_ERROR("42", "the top-level value is not an array");
	EXPECT_ERROR("[] x", "line 1, column 4: unexpected data after");
	EXPECT_ERROR("[][]", "unexpected data after");
	compdb_init(&db);
	assert_int_equal(parse_str(&db, "\xef\xbb\xbf [ ]\n", &err), 0);
	assert_int_equal(db.nr, 0);
	compdb_release(&db);
}

static void test_unreadable(void **state)
{
	char *dir = make_tmpdir();
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	struct strbuf path;

	(void)state;
	compdb_init(&db);
	strbuf_init(&path);
	strbuf_addf(&path, "%s/missing.json", dir);
	assert_int_equal(compdb_read_json(&db, path.buf, &err), -1);
	assert_non_null(strstr(err.msg, path.buf));
	assert_non_null(strstr(err.msg, "No such file or directory"));
	assert_int_equal(compdb_read_json(&db, dir, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory"));
	strbuf_release(&path);
	compdb_release(&db);
	remove_tmpdir(dir);
}

static void test_read_empty_file(void **state)
{
	char *dir = make_tmpdir(), *path;
	struct kcg_error err = { .msg = "" };
	struct compdb db;

	(void)state;
	path = write_file(dir, "compile_commands.json", "", 0);
	compdb_init(&db);
	assert_int_equal(compdb_read_json(&db, path, &err), -1);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "empty file"));
	free(path);
	compdb_release(&db);
	remove_tmpdir(dir);
}

static void test_nul_byte(void **state)
{
	static const char text[] =
		"[{\"directory\": \"/\",\n \"file\": \"a\0.c\","
		" \"command\": \"cc\"}]";
	static const char outside[] = "[\n\0]";

	(void)state;
	expect_error(text, sizeof(text) - 1, "line 2, column 12: nul byte",
		     NULL);
	expect_error(outside, sizeof(outside) - 1,
		     "line 2, column 1: nul byte", NULL);
}

static void test_not_nul_terminated(void **state)
{
	static const char text[] =
		"[{\"directory\": \"/\", \"file\": \"a.c\","
		" \"command\": \"cc\"}]";
	char *copy = xmalloc(sizeof(text) - 1);
	struct kcg_error err = { .msg = "" };
	struct compdb db;

	(void)state;
	memcpy(copy, text, sizeof(text) - 1);	/* no NUL after it */
	compdb_init(&db);
	assert_int_equal(parse(&db, copy, sizeof(text) - 1, &err), 0);
	assert_int_equal(db.nr, 1);
	/* cut short: the reader must not look past len */
	assert_int_equal(parse(&db, copy, sizeof(text) - 3, &err), -1);
	assert_non_null(strstr(err.msg, "unexpected end of input"));
	free(copy);
	compdb_release(&db);
}

static void test_huge_line(void **state)
{
	const size_t big = 1 << 20;
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	struct strbuf sb;
	size_t i;

	(void)state;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "[{\"directory\": \"/\", \"file\": \"a.c\", "
		      "\"arguments\": [\"cc\", \"-D");
	for (i = 0; i < big; i++)
		strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, "\"");
	for (i = 0; i < 10000; i++)
		strbuf_addstr(&sb, ", \"-DY\"");
	strbuf_addstr(&sb, "]}]");
	compdb_init(&db);
	if (parse(&db, sb.buf, sb.len, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(db.nr, 1);
	assert_int_equal(db.cmds[0].argc, 10002);
	assert_int_equal(strlen(db.cmds[0].argv[1]), big + 2);
	/* and an error past the big string has the right column */
	sb.len -= 2;
	sb.buf[sb.len] = '\0';
	strbuf_addstr(&sb, "}x]");
	assert_int_equal(parse(&db, sb.buf, sb.len, &err), -1);
	assert_non_null(strstr(err.msg, "expected ',' or ']'"));
	assert_non_null(strstr(err.msg, "line 1, column "));
	strbuf_release(&sb);
	compdb_release(&db);
}

static void test_unicode(void **state)
{
	struct kcg_error err = { .msg = "" };
	struct compdb db;

	(void)state;
	compdb_init(&db);
	if (parse_str(&db, "[{\"directory\": \"/d\\u00e9j\\u00E0\","
		      " \"file\": \"\\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\t.c\","
		      " \"arguments\": [\"cc\", \"\xe2\x82\xac\"]}]", &err))
		fail_msg("%s", err.msg);
	assert_int_equal(db.nr, 1);
	assert_string_equal(db.cmds[0].directory, "/d\xc3\xa9j\xc3\xa0");
	assert_string_equal(db.cmds[0].file, "/d\xc3\xa9j\xc3\xa0/"
			    "\xf0\x9f\x98\x80 \"q\" \\ / \t.c");
	assert_string_equal(db.cmds[0].argv[1], "\xe2\x82\xac");
	compdb_release(&db);
}

static void test_bad_strings(void **state)
{
	(void)state;
	EXPECT_ERROR("[\"\\ud83d\"]", "column 3: unpaired surrogate \\ud83d");
	EXPECT_ERROR("[\"\\ud83dx\"]", "unpaired surrogate");
	EXPECT_ERROR("[\"\\ude00\"]", "unpaired surrogate \\ude00");
	EXPECT_ERROR("[\"\\ud83d\\u0041\"]", "unpaired surrogate");
	EXPECT_ERROR("[\"\\u0000\"]", "\\u0000 is not allowed");
	EXPECT_ERROR("[\"\\u12G4\"]", "invalid \\u escape");
	EXPECT_ERROR("[\"\\u12", "invalid \\u escape");
	EXPECT_ERROR("[\"\\q\"]", "column 3: invalid escape '\\q'");
	EXPECT_ERROR("[\"a\tb\"]", "column 4: control character 0x09");
	EXPECT_ERROR("[\"\xc3\"]", "invalid UTF-8");
	EXPECT_ERROR("[\"\xc0\xaf\"]", "invalid UTF-8");	/* overlong */
	EXPECT_ERROR("[\"\xed\xa0\x80\"]", "invalid UTF-8");	/* surrogate */
	EXPECT_ERROR("[\"\xf4\x90\x80\x80\"]", "invalid UTF-8");
	EXPECT_ERROR("[\"\\", "unexpected end of input");
}

static void test_nesting_depth(void **state)
{
	struct strbuf sb;
	int i;

	(void)state;
	strbuf_init(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	EXPECT_ERROR(sb.buf, "'test.json': line 1, column", "nesting deeper");
	strbuf_release(&sb);
}

static void test_error_keeps_db(void **state)
{
	struct kcg_error err = { .msg = "" };
	struct compdb db;

	(void)state;
	compdb_init(&db);
	assert_int_equal(parse_str(&db, "[{\"directory\": \"/s\", \"file\":"
				   " \"a.c\", \"command\": \"cc a.c\"}]",
				   &err), 0);
	assert_int_equal(parse_str(&db, "[{\"directory\": \"/s\", \"file\":"
				   " \"b.c\", \"command\": \"cc b.c\"},"
				   " {\"directory\": 1}]", &err), -1);
	assert_int_equal(db.nr, 1);
	assert_false(strmap_get(&db.files, "/s/b.c", NULL));
	/* later files are merged, first command wins */
	assert_int_equal(parse_str(&db, "[{\"directory\": \"/s\", \"file\":"
				   " \"b.c\", \"command\": \"cc b.c\"},"
				   " {\"directory\": \"/s\", \"file\": \"a.c\","
				   " \"command\": \"cc -DLATE a.c\"}]", &err),
			 0);
	assert_int_equal(db.nr, 2);
	assert_string_equal(db.cmds[0].argv[1], "a.c");
	assert_string_equal(db.cmds[1].file, "/s/b.c");
	compdb_release(&db);
}

static void test_round_trip(void **state)
{
	char *argv1[] = {
		"clang", "-DS=\"a b\"", "-DQ='x'", "-I/my src/inc",
		"-DU=\xc3\xa9\xf0\x9f\x98\x80", "-DNL=a\nb\tc\\d", "-c",
		"my file.c", "-o", "my file.o", NULL
	};
	char *argv2[] = { "cc", "-c", "b.c", NULL };
	char *dir = make_tmpdir(), *path;
	struct kcg_error err = { .msg = "" };
	struct compdb db, back;
	struct strbuf sb;
	size_t i;
	int j;

	(void)state;
	compdb_init(&db);
	compdb_add(&db, NULL, "/my src", "my file.c", argv1, 10);
	compdb_add(&db, NULL, "/b", "b.c", argv2, 3);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/out.json", dir);
	path = strbuf_detach(&sb);
	if (compdb_write_json(&db, path, &err))
		fail_msg("%s", err.msg);
	compdb_init(&back);
	if (compdb_read_json(&back, path, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(back.nr, db.nr);
	for (i = 0; i < db.nr; i++) {
		assert_string_equal(back.cmds[i].directory,
				    db.cmds[i].directory);
		assert_string_equal(back.cmds[i].file, db.cmds[i].file);
		assert_int_equal(back.cmds[i].argc, db.cmds[i].argc);
		for (j = 0; j < db.cmds[i].argc; j++)
			assert_string_equal(back.cmds[i].argv[j],
					    db.cmds[i].argv[j]);
	}
	assert_int_equal(db.cmds[0].argc, 8);	/* -o my file.o is gone */
	assert_string_equal(back.cmds[0].file, "/my src/my file.c");
	compdb_release(&back);
	compdb_release(&db);
	free(path);
	remove_tmpdir(dir);
}

static void test_write_empty_and_unwritable(void **state)
{
	char *dir = make_tmpdir();
	struct kcg_error err = { .msg = "" };
	struct compdb db, back;
	struct strbuf path;

	(void)state;
	compdb_init(&db);
	strbuf_init(&path);
	strbuf_addf(&path, "%s/empty.json", dir);
	assert_int_equal(compdb_write_json(&db, path.buf, &err), 0);
	compdb_init(&back);
	assert_int_equal(compdb_read_json(&back, path.buf, &err), 0);
	assert_int_equal(back.nr, 0);
	compdb_release(&back);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/no/such/dir/out.json", dir);
	assert_int_equal(compdb_write_json(&db, path.buf, &err), -1);
	assert_non_null(strstr(err.msg, "cannot create"));
	assert_non_null(strstr(err.msg, "No such file or directory"));
	strbuf_release(&path);
	compdb_release(&db);
	remove_tmpdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_form),
		cmocka_unit_test(test_arguments_form),
		cmocka_unit_test(test_relative_directory),
		cmocka_unit_test(test_read_file_relative_to_json),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_malformed_location),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_missing_keys),
		cmocka_unit_test(test_bad_command),
		cmocka_unit_test(test_empty_and_top_level),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_read_empty_file),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_unicode),
		cmocka_unit_test(test_bad_strings),
		cmocka_unit_test(test_nesting_depth),
		cmocka_unit_test(test_error_keeps_db),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_write_empty_and_unwritable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
