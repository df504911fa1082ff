/*
 * The kcg binary as a user runs it: exit codes, messages, the database it
 * leaves behind.
 */
#include "db/edge_kind.h"
#include "util/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include <cmocka.h>

#define TMP KCG_TEST_TMPDIR "/cli"

/* Run a shell command; return its exit status, output (both streams) in out. */
static int run(struct strbuf *out, const char *fmt, ...)
{
	struct strbuf cmd;
	char buf[4096];
	va_list ap;
	FILE *p;
	size_t n;
	int status;

	strbuf_init(&cmd);
	va_start(ap, fmt);
	{
		char line[8192];

		vsnprintf(line, sizeof(line), fmt, ap);
		strbuf_addstr(&cmd, line);
	}
	va_end(ap);
	strbuf_addstr(&cmd, " 2>&1");
	strbuf_reset(out);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(out, buf, n);
	status = pclose(p);
	strbuf_release(&cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	struct strbuf out;

	strbuf_init(&out);
	run(&out, "rm -rf %s && mkdir -p %s", TMP, TMP);
	strbuf_release(&out);
	return 0;
}

static void test_help_and_usage(void **state)
{
	struct strbuf out;

	strbuf_init(&out);
	assert_int_equal(run(&out, "%s --help", KCG_BINARY), 0);
	assert_non_null(strstr(out.buf, "index"));
	assert_int_equal(run(&out, "%s help index", KCG_BINARY), 0);
	assert_non_null(strstr(out.buf, "--kernel"));
	assert_int_equal(run(&out, "%s index --help", KCG_BINARY), 0);
	assert_non_null(strstr(out.buf, "--compdb"));
	assert_int_equal(run(&out, "%s frobnicate", KCG_BINARY), 2);
	assert_non_null(strstr(out.buf, "unknown command 'frobnicate'"));
	assert_int_equal(run(&out, "%s", KCG_BINARY), 2);
	assert_int_equal(run(&out, "%s index --bogus", KCG_BINARY), 2);
	assert_non_null(strstr(out.buf, "unknown option '--bogus'"));
	assert_int_equal(run(&out, "%s index -j zero", KCG_BINARY), 2);
	assert_int_equal(run(&out, "%s index --scope net/", KCG_BINARY), 2);
	assert_non_null(strstr(out.buf, "--scope goes with --kernel"));
	/* a unique prefix is the command */
	assert_int_equal(run(&out, "%s ind --help", KCG_BINARY), 0);
	strbuf_release(&out);
}

/* The help of --kinds lists every kind of the table (db/edge_kind.c). */
static void test_help_names_every_kind(void **state)
{
	struct strbuf out;
	int k;

	strbuf_init(&out);
	assert_int_equal(run(&out, "%s help path", KCG_BINARY), 0);
	for (k = 0; k < KIND_OTHER; k++) {
		char word[64];

		snprintf(word, sizeof(word), " %s,", edge_kind_name(k));
		if (!strstr(out.buf, word))
			fail_msg("'kcg help path' does not name kind '%s'",
				 edge_kind_name(k));
	}
	strbuf_release(&out);
}

static void test_index_samples(void **state)
{
	struct strbuf out;
	sqlite3 *db;
	sqlite3_stmt *st;

	strbuf_init(&out);
	unlink(TMP "/samples.db");
	assert_int_equal(run(&out, "cd %s && %s index --db samples.db -q", TMP,
			     KCG_BINARY), 0);
	assert_non_null(strstr(out.buf, "indexed 27 translation units"));
	assert_non_null(strstr(out.buf, "27 ok, 0 with errors, 0 failed"));
	assert_non_null(strstr(out.buf, "peak memory"));
	assert_int_equal(sqlite3_open_v2(TMP "/samples.db", &db,
					 SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT count(*) FROM edges WHERE caller = 'ip_rcv' AND "
		"callee = 'NF_HOOK' AND site_file = 'net/ipv4/ip_input.c'",
		-1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* no temporary file left behind */
	assert_int_equal(run(&out, "ls %s | grep -c tmp", TMP), 1);
	strbuf_release(&out);
}

static void test_bad_compile_database(void **state)
{
	struct strbuf out;

	strbuf_init(&out);
	assert_int_equal(run(&out, "%s index --compdb %s/missing.json --db %s/x.db",
			     KCG_BINARY, TMP, TMP), 1);
	assert_non_null(strstr(out.buf, "missing.json"));

	write_file(TMP "/bad.json", "[\n  { \"directory\": \".\",\n    \"file\" }\n]\n");
	assert_int_equal(run(&out, "%s index --compdb %s/bad.json --db %s/x.db",
			     KCG_BINARY, TMP, TMP), 1);
	assert_non_null(strstr(out.buf, "bad.json"));
	assert_non_null(strstr(out.buf, "line 3"));
	/* nothing was written */
	assert_int_not_equal(access(TMP "/x.db", F_OK), 0);
	strbuf_release(&out);
}

/* A TU that does not parse is reported and counted; the rest goes on. */
static void test_broken_translation_unit(void **state)
{
	struct strbuf out;

	strbuf_init(&out);
	write_file(TMP "/good.c", "int ok(void) { return 1; }\n"
				 "int caller(void) { return ok(); }\n");
	write_file(TMP "/broken.c", "#include \"nowhere.h\"\n"
				   "int f(void) { return g(; }\n");
	write_file(TMP "/compile_commands.json",
		   "[{\"directory\": \".\", \"file\": \"good.c\", "
		   "\"command\": \"cc -c good.c\"},\n"
		   " {\"directory\": \".\", \"file\": \"broken.c\", "
		   "\"command\": \"cc -c broken.c\"}]\n");
	assert_int_equal(run(&out, "%s index --compdb %s/compile_commands.json "
				   "--db %s/broken.db -q",
			     KCG_BINARY, TMP, TMP), 0);
	assert_non_null(strstr(out.buf, "1 ok, 1 with errors"));
	assert_non_null(strstr(out.buf, "broken.c"));
	assert_non_null(strstr(out.buf, "'nowhere.h' file not found"));
	assert_int_equal(run(&out, "sqlite3 %s/broken.db \"SELECT caller || '>' "
				   "|| callee FROM edges\"", TMP), 0);
	assert_non_null(strstr(out.buf, "caller>ok"));
	strbuf_release(&out);
}

static void test_unprepared_kernel(void **state)
{
	struct strbuf out;

	strbuf_init(&out);
	assert_int_equal(run(&out, "mkdir -p %s/notakernel && %s index "
				   "--kernel %s/notakernel --db %s/k.db",
			     TMP, KCG_BINARY, TMP, TMP), 1);
	assert_non_null(strstr(out.buf, "notakernel"));
	assert_int_equal(run(&out, "%s index --kernel %s/nowhere --db %s/k.db",
			     KCG_BINARY, TMP, TMP), 1);
	assert_non_null(strstr(out.buf, "nowhere"));
	strbuf_release(&out);
}

/* An index that fails leaves the previous database as it was. */
static void test_failed_index_keeps_old_database(void **state)
{
	struct strbuf out;
	struct stat before, after;

	strbuf_init(&out);
	assert_int_equal(run(&out, "cd %s && %s index --db keep.db -q", TMP,
			     KCG_BINARY), 0);
	assert_int_equal(stat(TMP "/keep.db", &before), 0);
	assert_int_equal(run(&out, "%s index --compdb %s/bad.json --db %s/keep.db",
			     KCG_BINARY, TMP, TMP), 1);
	assert_int_equal(stat(TMP "/keep.db", &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(before.st_size, after.st_size);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_usage),
		cmocka_unit_test(test_help_names_every_kind),
		cmocka_unit_test(test_index_samples),
		cmocka_unit_test(test_bad_compile_database),
		cmocka_unit_test(test_broken_translation_unit),
		cmocka_unit_test(test_unprepared_kernel),
		cmocka_unit_test(test_failed_index_keeps_old_database),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
