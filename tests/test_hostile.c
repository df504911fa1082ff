/*
 * Hostile input to the readers of compile commands: compile_commands.json
 * files with huge strings, NUL bytes, unterminated quotes, deep nesting,
 * bad UTF-8, nothing at all, and Kbuild dry-run text of the same kind.
 * Each must end in a clear message naming the file, line and column and
 * what is wrong (or, for the dry run, in the line being skipped), never in
 * a crash.  Paths with spaces must just work, and a command for a file
 * that is missing or outside the tree is indexed as far as it can be, by
 * the kcg binary too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extractor/compdb.h"
#include "extractor/kbuild.h"
#include "util/strbuf.h"
#include "support/run.h"
#include "support/tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG (10u << 20)		/* a 10 MB string */

static char *dir;		/* a scratch directory with a space in it */

static int setup(void **state)
{
	(void)state;
	dir = tmpdir_make(KCG_TEST_TMPDIR, "hostile dir");
	return dir ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tmpdir_remove(dir);
	return 0;
}

/* Write len bytes to dir/name; the path, to be freed. */
static char *put(const char *name, const char *text, size_t len)
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

static void expect_in(const char *msg, const char *want)
{
	if (!strstr(msg, want))
		fail_msg("'%s' not in '%s'", want, msg);
}

/*
 * Read len bytes of text as a compile_commands.json file and expect it to
 * fail with a message that starts with the quoted path and contains each
 * of the strings that follow (NULL-terminated).  Nothing may be added.
 */
static void expect_failure(const char *text, size_t len, ...)
{
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	struct strbuf quoted;
	const char *want;
	char *path = put("compile_commands.json", text, len);
	va_list ap;

	compdb_init(&db);
	assert_int_equal(compdb_read_json(&db, path, &err), -1);
	assert_int_equal(db.nr, 0);
	strbuf_init(&quoted);
	strbuf_addf(&quoted, "'%s': ", path);
	if (strncmp(err.msg, quoted.buf, quoted.len))
		fail_msg("'%s' does not start with %s", err.msg, quoted.buf);
	va_start(ap, len);
	while ((want = va_arg(ap, const char *)))
		expect_in(err.msg, want);
	va_end(ap);
	strbuf_release(&quoted);
	compdb_release(&db);
	free(path);
}

#define EXPECT_FAILURE(text, ...) \
	expect_failure(text, sizeof(text) - 1, __VA_ARGS__, NULL)

/* Read text as compile_commands.json; it must succeed. */
static void read_ok(struct compdb *db, const char *text, size_t len)
{
	struct kcg_error err = { .msg = "" };
	char *path = put("compile_commands.json", text, len);

	compdb_init(db);
	if (compdb_read_json(db, path, &err))
		fail_msg("%s", err.msg);
	free(path);
}

/* Append n bytes of 'x'. */
static void add_x(struct strbuf *sb, size_t n)
{
	char xs[4096];
	size_t chunk;

	memset(xs, 'x', sizeof(xs));
	for (; n; n -= chunk) {
		chunk = n < sizeof(xs) ? n : sizeof(xs);
		strbuf_add(sb, xs, chunk);
	}
}

static void test_compdb_huge_strings(void **state)
{
	struct compdb db;
	struct strbuf sb;

	(void)state;
	/* a 10 MB define in "command" is read whole */
	strbuf_init(&sb);
	strbuf_addstr(&sb, "[{\"directory\": \"/s\", \"file\": \"a.c\", "
		      "\"command\": \"cc -DX=");
	add_x(&sb, BIG);
	strbuf_addstr(&sb, " -c a.c\"}]\n");
	read_ok(&db, sb.buf, sb.len);
	assert_int_equal(db.nr, 1);
	assert_int_equal(db.cmds[0].argc, 4);
	assert_int_equal(strlen(db.cmds[0].argv[1]), BIG + 4);
	compdb_release(&db);

	/* an error after it is placed by line and column */
	sb.len -= 3;
	strbuf_addstr(&sb, " \"x\"}]\n");
	expect_failure(sb.buf, sb.len, "line 1, column 10485825: "
		       "expected ',' or '}'", NULL);

	/* 10 MB of a string that never ends, and of a bare word */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[\n  \"");
	add_x(&sb, BIG);
	expect_failure(sb.buf, sb.len, "line 2, column 3: "
		       "unterminated string", NULL);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[");
	add_x(&sb, BIG);
	expect_failure(sb.buf, sb.len, "line 1, column 2: "
		       "expected a value", NULL);
	strbuf_release(&sb);
}

static void test_compdb_nul_bytes(void **state)
{
	(void)state;
	EXPECT_FAILURE("\0[]", "line 1, column 1: nul byte");
	EXPECT_FAILURE("[\n  {\"directory\": \"/\",\0 \"file\": \"a.c\"}]",
		       "line 2, column 21: nul byte");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\0.c\","
		       " \"command\": \"cc\"}]", "line 1, column 33: nul byte");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\","
		       " \"command\": \"cc \\u0000 a.c\"}]",
		       "line 1, column 51: \\u0000 is not allowed in strings");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\","
		       " \"arguments\": [\"cc\", \"a\\u0000\"]}]",
		       "\\u0000 is not allowed in strings");
	EXPECT_FAILURE("[]\0", "line 1, column 3: nul byte");
}

static void test_compdb_unterminated(void **state)
{
	(void)state;
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c", "line 1, "
		       "column 29: unterminated string");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\\\"}]",
		       "column 29: unterminated string");
	/* unterminated quotes of the shell in "command" */
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\",\n"
		       "  \"command\": \"cc '-DX=1 -c a.c\"}]",
		       "line 2, column 14: \"command\": unterminated single "
		       "quote at offset 3");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\",\n"
		       "  \"command\": \"cc -DX=\\\"1 -c a.c\"}]",
		       "line 2, column 14: \"command\": unterminated double "
		       "quote at offset 7");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\",\n"
		       "  \"command\": \"cc -DX=\\\"1\\\\\\\" -c a.c\"}]",
		       "unterminated double quote");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\", "
		       "\"command\": \"", "unterminated string");
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"a.c\", "
		       "\"command\": \"cc\"}", "unexpected end of input");
}

static void test_compdb_nesting(void **state)
{
	struct strbuf sb;
	size_t i;

	(void)state;
	/* a million levels: an error at level 129, not a stack overflow */
	strbuf_init(&sb);
	for (i = 0; i < 1000000; i++)
		strbuf_addch(&sb, '[');
	expect_failure(sb.buf, sb.len, "line 1, column 129: nesting deeper "
		       "than 128 levels", NULL);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[{\"directory\": \"/\", \"file\": \"a.c\", "
		      "\"command\": \"cc\", \"x\": ");
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "{\"k\":");
	expect_failure(sb.buf, sb.len, "nesting deeper than 128 levels",
		       NULL);
	strbuf_release(&sb);
}

static void test_compdb_empty(void **state)
{
	(void)state;
	EXPECT_FAILURE("", "empty file");
	EXPECT_FAILURE("\n \t\r\n", "empty file");
	EXPECT_FAILURE("\xef\xbb\xbf", "line 1, column 2: unexpected end of "
		       "input");
	EXPECT_FAILURE("{}", "the top-level value is not an array");
}

static void test_compdb_not_utf8(void **state)
{
	(void)state;
	/* Latin-1 in a path, a stray continuation byte, overlong '/' */
	EXPECT_FAILURE("[{\"directory\": \"/\", \"file\": \"caf\xe9.c\"}]",
		       "line 1, column 33: invalid UTF-8 in string");
	EXPECT_FAILURE("[\"\x80\"]", "invalid UTF-8 in string");
	EXPECT_FAILURE("[\"\xc0\xaf\"]", "invalid UTF-8 in string");
	/* UTF-16 with its byte order mark, and a bare high byte */
	EXPECT_FAILURE("\xff\xfe[\0]\0", "line 1, column 1: the top-level "
		       "value is not an array");
	EXPECT_FAILURE("[\xff]", "line 1, column 2: expected a value");
}

/* A file past COMPDB_MAX_SIZE (sparse: it costs nothing) is not read. */
static void test_compdb_too_big(void **state)
{
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	char *path = put("huge.json", "[", 1);

	(void)state;
	assert_int_equal(truncate(path, (off_t)COMPDB_MAX_SIZE + 1), 0);
	compdb_init(&db);
	assert_int_equal(compdb_read_json(&db, path, &err), -1);
	expect_in(err.msg, path);
	expect_in(err.msg, "is larger than 1024 MB: not a compilation "
		  "database");
	assert_int_equal(db.nr, 0);
	compdb_release(&db);
	assert_int_equal(unlink(path), 0);
	free(path);
}

static void test_compdb_spaces(void **state)
{
	static const char text[] =
		"[{\"directory\": \"/src dir/my tree\","
		" \"file\": \"sub dir/a b.c\", \"command\": \"cc -I'inc dir'"
		" -D'X=a b' -c sub\\\\ dir/a\\\\ b.c -o 'out dir/a b.o'\"},\n"
		" {\"directory\": \"rel dir\", \"file\": \"c d.c\","
		" \"arguments\": [\"cc\", \"-c\", \"c d.c\"]}]";
	static const char *const want[] = {
		"cc", "-Iinc dir", "-DX=a b", "-c", "sub dir/a b.c", NULL
	};
	struct compdb db;
	struct strbuf sb;
	int i;

	(void)state;
	read_ok(&db, text, sizeof(text) - 1);
	assert_int_equal(db.nr, 2);
	assert_string_equal(db.cmds[0].directory, "/src dir/my tree");
	assert_string_equal(db.cmds[0].file, "/src dir/my tree/sub dir/a b.c");
	for (i = 0; want[i]; i++)
		assert_string_equal(db.cmds[0].argv[i], want[i]);
	assert_int_equal(db.cmds[0].argc, i);
	/* relative to the directory of the JSON file, which has a space */
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/rel dir/c d.c", dir);
	assert_string_equal(db.cmds[1].file, sb.buf);
	strbuf_release(&sb);
	compdb_release(&db);
}

static void test_compdb_outside_files(void **state)
{
	static const char text[] =
		"[{\"directory\": \"/s\", \"file\": \"../../../elsewhere/x.c\","
		" \"command\": \"cc -c x.c\"},\n"
		" {\"directory\": \"/s\", \"file\": \"/nonexistent/y.c\","
		" \"command\": \"cc -c y.c\"}]";
	struct compdb db;

	(void)state;
	/* the reader does not look at the files: the indexer reports them */
	read_ok(&db, text, sizeof(text) - 1);
	assert_int_equal(db.nr, 2);
	assert_string_equal(db.cmds[0].file, "/elsewhere/x.c");
	assert_string_equal(db.cmds[1].file, "/nonexistent/y.c");
	compdb_release(&db);
}

/*
 * kcg index on a database with a path with spaces, a file that does not
 * exist and one outside the tree: the good one is indexed, the others are
 * reported by name and counted as failed, and the run goes on.
 */
static void test_index_missing_and_spaces(void **state)
{
	static const char source[] = "int f(void) { return 0; }\n"
				     "int g(void) { return f(); }\n";
	static const char text[] =
		"[{\"directory\": \".\", \"file\": \"a b.c\","
		" \"command\": \"cc -c 'a b.c' -o 'a b.o'\"},\n"
		" {\"directory\": \".\", \"file\": \"gone.c\","
		" \"command\": \"cc -c gone.c\"},\n"
		" {\"directory\": \".\", \"file\": \"/nonexistent/y.c\","
		" \"arguments\": [\"cc\", \"-c\", \"/nonexistent/y.c\"]}]";
	struct run_result out;
	struct strbuf expected;
	char *path;

	(void)state;
	free(put("a b.c", source, sizeof(source) - 1));
	path = put("compile_commands.json", text, sizeof(text) - 1);
	run_result_init(&out);
	strbuf_init(&expected);
	{
		const struct run_options o = { .cwd = dir,
					       .merge_stderr = 1 };

		if (run_kcg(&out, &o, "index -q --compdb "
			    "compile_commands.json --db 'my db.db'"))
			fail_msg("kcg index failed: %s", out.out.buf);
	}
	expect_in(out.out.buf, "indexed 3 translation units");
	expect_in(out.out.buf, "1 ok, 0 with errors, 2 failed");
	expect_in(out.out.buf, "failed /nonexistent/y.c");
	expect_in(out.out.buf, "cannot read '/nonexistent/y.c': No such file");
	strbuf_addf(&expected, "failed %s/gone.c", dir);
	expect_in(out.out.buf, expected.buf);
	strbuf_reset(&expected);
	strbuf_addf(&expected, "%s/my db.db", dir);
	{
		const char *const argv[] = {
			"sqlite3", expected.buf,
			"SELECT caller || '>' || callee FROM edges", NULL
		};

		assert_int_equal(run_argv(argv, NULL, &out), 0);
	}
	expect_in(out.out.buf, "g>f");
	strbuf_release(&expected);
	run_result_release(&out);
	free(path);
}

/* Nothing parses: the run says so and fails. */
static void test_index_nothing_parses(void **state)
{
	static const char text[] =
		"[{\"directory\": \".\", \"file\": \"none.c\","
		" \"command\": \"cc -c none.c\"}]";
	const struct run_options o = { .cwd = dir, .merge_stderr = 1 };
	struct run_result out;
	char *path;

	(void)state;
	path = put("nothing.json", text, sizeof(text) - 1);
	run_result_init(&out);
	assert_int_equal(run_kcg(&out, &o, "index -q --compdb nothing.json "
				 "--db nothing.db"), 1);
	expect_in(out.out.buf, "no translation unit could be parsed");
	expect_in(out.out.buf, "cannot read");
	run_result_release(&out);
	free(path);
}

/* Kbuild dry-run text: what cannot be read is skipped, line by line. */
static size_t parse_kbuild(struct compdb *db, const char *text, size_t len)
{
	struct kcg_error err;

	compdb_init(db);
	assert_int_equal(kbuild_parse_output(db, "/k", NULL, text, len, &err),
			 0);
	return db->nr;
}

#define COMPILE(name) "clang -D__KERNEL__ -c -o " name ".o " name ".c"

static void test_kbuild_huge_lines(void **state)
{
	struct compdb db;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "clang -D__KERNEL__ -DX=");
	add_x(&sb, BIG);
	strbuf_addstr(&sb, " -c -o a.o a.c\n");
	add_x(&sb, BIG);	/* 10 MB of noise without a newline */
	strbuf_addstr(&sb, "; " COMPILE("b") "\n" COMPILE("c"));
	assert_int_equal(parse_kbuild(&db, sb.buf, sb.len), 3);
	assert_string_equal(db.cmds[0].file, "/k/a.c");
	assert_int_equal(strlen(db.cmds[0].argv[2]), BIG + 4);
	assert_string_equal(db.cmds[1].file, "/k/b.c");
	compdb_release(&db);
	/* one logical line of 10 MB of continuations */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "clang -D__KERNEL__ \\\n");
	while (sb.len < BIG) {
		strbuf_addstr(&sb, "-DX");
		add_x(&sb, 100);
		strbuf_addstr(&sb, " \\\n");
	}
	strbuf_addstr(&sb, "-c -o d.o d.c\n");
	assert_int_equal(parse_kbuild(&db, sb.buf, sb.len), 1);
	assert_string_equal(db.cmds[0].file, "/k/d.c");
	compdb_release(&db);
	strbuf_release(&sb);
}

static void test_kbuild_nul_bytes(void **state)
{
	static const char text[] =
		"clang -D__KERNEL__ -c -o a.o 'a.c\0evil'\n"	/* was "a.c" */
		"clang -D__KERNEL__ -c -o b.o \"b.c\0\"\n"
		"clang -D__KERNEL__ -c -o c.o c.c\\\0\n"
		"\0\0\0\n"
		COMPILE("d") "; \0\n"		/* after the command: kept */
		COMPILE("e") "\n";
	struct compdb db;

	(void)state;
	assert_int_equal(parse_kbuild(&db, text, sizeof(text) - 1), 2);
	assert_string_equal(db.cmds[0].file, "/k/d.c");
	assert_string_equal(db.cmds[1].file, "/k/e.c");
	compdb_release(&db);
}

static void test_kbuild_unterminated(void **state)
{
	static const char text[] =
		"clang -D__KERNEL__ -DX='1 -c -o a.o a.c\n"
		"clang -D__KERNEL__ -DX=\"1 -c -o b.o b.c\n"
		COMPILE("c") "; echo 'never closed\n"
		"echo \"spans \\\n" COMPILE("no") " \\\n lines\n"
		COMPILE("d") "\n"
		"clang -D__KERNEL__ -c -o e.o e.c \\";	/* at the very end */
	struct compdb db;

	(void)state;
	assert_int_equal(parse_kbuild(&db, text, sizeof(text) - 1), 3);
	assert_string_equal(db.cmds[0].file, "/k/c.c");
	assert_string_equal(db.cmds[1].file, "/k/d.c");
	assert_string_equal(db.cmds[2].file, "/k/e.c");
	compdb_release(&db);
}

/* A megabyte-long recipe line comes through make's pipe in one piece. */
static void test_kbuild_dry_run_huge_line(void **state)
{
	static const char recipes[] =
		"net/:\n"
		"\tclang -D__KERNEL__ -DX=$(X17) -c -o net/a.o net/a.c\n"
		"\tclang -D__KERNEL__ -DQ='oops -c -o net/b.o net/b.c\n"
		"\tclang -D__KERNEL__ -c -o net/c.o net/c.c\n";
	char *scope[] = { "net/", NULL };
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	struct strbuf sb;
	int i;

	(void)state;
	/* X17 is 10 << 17 bytes long */
	strbuf_init(&sb);
	strbuf_addstr(&sb, "X0 := 0123456789\n");
	for (i = 1; i <= 17; i++)
		strbuf_addf(&sb, "X%d := $(X%d)$(X%d)\n", i, i - 1, i - 1);
	strbuf_addstr(&sb, recipes);
	free(put("Makefile", sb.buf, sb.len));
	compdb_init(&db);
	if (kbuild_dry_run(&db, dir, scope, 1, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(db.nr, 2);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/net/a.c", dir);
	assert_string_equal(db.cmds[0].file, sb.buf);
	assert_int_equal(strlen(db.cmds[0].argv[2]), 4 + (10 << 17));
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/net/c.c", dir);
	assert_string_equal(db.cmds[1].file, sb.buf);
	strbuf_release(&sb);
	compdb_release(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compdb_huge_strings),
		cmocka_unit_test(test_compdb_nul_bytes),
		cmocka_unit_test(test_compdb_unterminated),
		cmocka_unit_test(test_compdb_nesting),
		cmocka_unit_test(test_compdb_empty),
		cmocka_unit_test(test_compdb_not_utf8),
		cmocka_unit_test(test_compdb_too_big),
		cmocka_unit_test(test_compdb_spaces),
		cmocka_unit_test(test_compdb_outside_files),
		cmocka_unit_test(test_index_missing_and_spaces),
		cmocka_unit_test(test_index_nothing_parses),
		cmocka_unit_test(test_kbuild_huge_lines),
		cmocka_unit_test(test_kbuild_nul_bytes),
		cmocka_unit_test(test_kbuild_unterminated),
		cmocka_unit_test(test_kbuild_dry_run_huge_line),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
