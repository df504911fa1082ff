/*
 * The kcg binary as a user runs it: exit codes, messages, the database it
 * leaves behind.
 */
#include "db/edge_kind.h"
#include "support/run.h"

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

static const struct run_options in_tmp = { .cwd = TMP, .merge_stderr = 1 };
static const struct run_options both = { .merge_stderr = 1 };

/* Run a shell command (not kcg); its exit status. */
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int status;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	status = system(cmd);
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
	return sh("rm -rf %s && mkdir -p %s", TMP, TMP) ? -1 : 0;
}

static void test_help_and_usage(void **state)
{
	struct run_result out;

	run_result_init(&out);
	assert_int_equal(run_kcg(&out, &both, "--help"), 0);
	assert_non_null(strstr(out.out.buf, "index"));
	assert_int_equal(run_kcg(&out, &both, "help index"), 0);
	assert_non_null(strstr(out.out.buf, "--kernel"));
	assert_int_equal(run_kcg(&out, &both, "index --help"), 0);
	assert_non_null(strstr(out.out.buf, "--compdb"));
	assert_int_equal(run_kcg(&out, &both, "frobnicate"), 2);
	assert_non_null(strstr(out.out.buf, "unknown command 'frobnicate'"));
	assert_int_equal(run_kcg(&out, &both, "%s", ""), 2);
	assert_int_equal(run_kcg(&out, &both, "index --bogus"), 2);
	assert_non_null(strstr(out.out.buf, "unknown option '--bogus'"));
	assert_int_equal(run_kcg(&out, &both, "index -j zero"), 2);
	assert_int_equal(run_kcg(&out, &both, "index --scope net/"), 2);
	assert_non_null(strstr(out.out.buf, "--scope goes with --kernel"));
	/* a unique prefix is the command */
	assert_int_equal(run_kcg(&out, &both, "ind --help"), 0);
	run_result_release(&out);
}

/* The help of --kinds lists every kind of the table (db/edge_kind.c). */
static void test_help_names_every_kind(void **state)
{
	struct run_result out;
	int k;

	run_result_init(&out);
	assert_int_equal(run_kcg(&out, &both, "help path"), 0);
	for (k = 0; k < KIND_OTHER; k++) {
		char word[64];

		snprintf(word, sizeof(word), " %s,", edge_kind_name(k));
		if (!strstr(out.out.buf, word))
			fail_msg("'kcg help path' does not name kind '%s'",
				 edge_kind_name(k));
	}
	run_result_release(&out);
}

static void test_index_samples(void **state)
{
	struct run_result out;
	sqlite3 *db;
	sqlite3_stmt *st;

	run_result_init(&out);
	unlink(TMP "/samples.db");
	assert_int_equal(run_kcg(&out, &in_tmp, "index --db samples.db -q"), 0);
	assert_non_null(strstr(out.out.buf, "indexed 33 translation units"));
	assert_non_null(strstr(out.out.buf, "33 ok, 0 with errors, 0 failed"));
	assert_non_null(strstr(out.out.buf, "peak memory"));
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
	assert_int_equal(sh("ls %s | grep -q tmp", TMP), 1);
	run_result_release(&out);
}

/*
 * KCG_TRACE_SQL=MS notes the statements that took MS ms or more, with
 * their text: at 0 every one, the query that reads the edges among them
 * (SQLite times them to the millisecond, so no other limit is sure to
 * note a fast one); at 100 s, none; without it, or without KCG_TRACE,
 * none.
 */
static void sql_trace(const char *const *env, int want)
{
	const struct run_options o = { .cwd = TMP, .env = env };
	struct run_result out;
	const char *note;

	run_result_init(&out);
	assert_int_equal(run_kcg(&out, &o, "callees ip_rcv --db samples.db"),
			 0);
	note = strstr(out.err.buf, "kcg trace: sql ");
	if (want && (!note || !strstr(note, "SELECT")))
		fail_msg("no statement traced:\n%s", out.err.buf);
	if (!want && note)
		fail_msg("statements traced unasked:\n%s", out.err.buf);
	assert_non_null(strstr(out.out.buf, "NF_HOOK"));
	run_result_release(&out);
}

static void test_sql_trace(void **state)
{
	static const char *const traced[] = { "KCG_TRACE=1",
					      "KCG_TRACE_SQL=0", NULL };
	static const char *const slower[] = { "KCG_TRACE=1",
					      "KCG_TRACE_SQL=100000", NULL };
	static const char *const trace_only[] = { "KCG_TRACE=1",
						  "KCG_TRACE_SQL", NULL };
	static const char *const sql_only[] = { "KCG_TRACE",
						"KCG_TRACE_SQL=0", NULL };

	(void)state;
	sql_trace(traced, 1);
	sql_trace(slower, 0);
	sql_trace(trace_only, 0);
	sql_trace(sql_only, 0);
}

/* The environment kcg index gives kcg-index, as a stand-in prints it. */
static void tunables_for(const char *args, const char *want)
{
	struct run_result out;
	char line[256];

	run_result_init(&out);
	assert_int_equal(run_kcg(&out, &in_tmp, "%s", args), 0);
	snprintf(line, sizeof(line), "tunables=%s\n", want);
	if (strcmp(out.out.buf, line))
		fail_msg("kcg %s: '%s', not '%s'", args, out.out.buf, line);
	run_result_release(&out);
}

/*
 * kcg index asks glibc for huge pages behind malloc when it updates a
 * database (the resolver's fresh arrays), not for a new one (libclang's
 * memory, 17 % more of it), and a setting of the user's stays.
 */
static void test_index_huge_pages(void **state)
{
	FILE *f = fopen(TMP "/show-env", "w");

	(void)state;
	assert_non_null(f);
	fputs("#!/bin/sh\necho \"tunables=$GLIBC_TUNABLES\"\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(TMP "/show-env", 0755), 0);
	setenv("KCG_INDEX_BINARY", TMP "/show-env", 1);
	unsetenv("GLIBC_TUNABLES");
	unlink(TMP "/none.db");
	assert_int_equal(sh("touch %s/there.db", TMP), 0);
	tunables_for("index --db none.db", "");
	tunables_for("index --db there.db", "glibc.malloc.hugetlb=1");
	tunables_for("index --db there.db --full", "");
	setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2", 1);
	tunables_for("index --db there.db",
		     "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
	setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0", 1);
	tunables_for("index --db there.db", "glibc.malloc.hugetlb=0");
	unsetenv("GLIBC_TUNABLES");
	unsetenv("KCG_INDEX_BINARY");
	unlink(TMP "/there.db");
}

static void test_bad_compile_database(void **state)
{
	struct run_result out;

	run_result_init(&out);
	assert_int_equal(run_kcg(&out, &both, "index --compdb %s/missing.json "
				     "--db %s/x.db", TMP, TMP), 1);
	assert_non_null(strstr(out.out.buf, "missing.json"));

	write_file(TMP "/bad.json", "[\n  { \"directory\": \".\",\n    \"file\" }\n]\n");
	assert_int_equal(run_kcg(&out, &both, "index --compdb %s/bad.json "
				     "--db %s/x.db", TMP, TMP), 1);
	assert_non_null(strstr(out.out.buf, "bad.json"));
	assert_non_null(strstr(out.out.buf, "line 3"));
	/* nothing was written */
	assert_int_not_equal(access(TMP "/x.db", F_OK), 0);
	run_result_release(&out);
}

/* A TU that does not parse is reported and counted; the rest goes on. */
static void test_broken_translation_unit(void **state)
{
	struct run_result out;

	run_result_init(&out);
	write_file(TMP "/good.c", "int ok(void) { return 1; }\n"
				 "int caller(void) { return ok(); }\n");
	write_file(TMP "/broken.c", "#include \"nowhere.h\"\n"
				   "int f(void) { return g(; }\n");
	write_file(TMP "/compile_commands.json",
		   "[{\"directory\": \".\", \"file\": \"good.c\", "
		   "\"command\": \"cc -c good.c\"},\n"
		   " {\"directory\": \".\", \"file\": \"broken.c\", "
		   "\"command\": \"cc -c broken.c\"}]\n");
	assert_int_equal(run_kcg(&out, &both, "index --compdb "
				     "%s/compile_commands.json --db %s/broken.db "
				     "-q", TMP, TMP), 0);
	assert_non_null(strstr(out.out.buf, "1 ok, 1 with errors"));
	assert_non_null(strstr(out.out.buf, "broken.c"));
	assert_non_null(strstr(out.out.buf, "'nowhere.h' file not found"));
	{
		const char *const argv[] = {
			"sqlite3", TMP "/broken.db",
			"SELECT caller || '>' || callee FROM edges", NULL
		};

		assert_int_equal(run_argv(argv, NULL, &out), 0);
	}
	assert_non_null(strstr(out.out.buf, "caller>ok"));
	run_result_release(&out);
}

static void test_unprepared_kernel(void **state)
{
	struct run_result out;

	run_result_init(&out);
	assert_int_equal(sh("mkdir -p %s/notakernel", TMP), 0);
	assert_int_equal(run_kcg(&out, &both, "index --kernel %s/notakernel "
				 "--db %s/k.db", TMP, TMP), 1);
	assert_non_null(strstr(out.out.buf, "notakernel"));
	assert_int_equal(run_kcg(&out, &both, "index --kernel %s/nowhere "
				 "--db %s/k.db", TMP, TMP), 1);
	assert_non_null(strstr(out.out.buf, "nowhere"));
	run_result_release(&out);
}

/* The files that make TMP/name look like a kernel tree of version 6.1.7
 * (never prepared), with a C file in net/. */
static void fake_kernel_tree(const char *name)
{
	assert_int_equal(sh("cd %s && mkdir -p %s/include/linux %s/scripts "
			    "%s/net && cd %s && touch Kconfig Kbuild "
			    "include/linux/kernel.h scripts/Makefile.build && "
			    "printf 'VERSION = 6\\nPATCHLEVEL = 1\\n"
			    "SUBLEVEL = 7\\n' > Makefile && "
			    "echo CONFIG_X86_64=y > .config && "
			    "echo 'int a(void) { return 0; }' > net/a.c",
			    TMP, name, name, name, name), 0);
}

/* A compile database of a kernel tree picks the flows of its version. */
static void test_compdb_of_kernel_picks_flows(void **state)
{
	struct run_result out;

	run_result_init(&out);
	fake_kernel_tree("kt");
	assert_int_equal(sh("cd %s/kt && printf '[{\"directory\": \"%s/kt\", "
			    "\"file\": \"net/a.c\", \"arguments\": [\"cc\", "
			    "\"-c\", \"net/a.c\"]}]' > compile_commands.json",
			    TMP, TMP), 0);
	assert_int_equal(run_kcg(&out, &both, "index -q --compdb "
				 "%s/kt/compile_commands.json --db %s/kt.db",
				 TMP, TMP), 0);
	assert_int_equal(run_kcg(&out, &both, "sql --db %s/kt.db \"SELECT "
				 "value FROM meta WHERE key = "
				 "'kernel_version'\"", TMP), 0);
	assert_non_null(strstr(out.out.buf, "6.1.7"));
	assert_int_equal(run_kcg(&out, &both, "render flow --list --db "
				 "%s/kt.db", TMP), 0);
	assert_non_null(strstr(out.out.buf, "/flows/linux-6.1'"));
	/* the samples are no kernel: the flows of samples/ */
	assert_int_equal(run_kcg(&out, &in_tmp, "index -q --db s.db"), 0);
	assert_int_equal(run_kcg(&out, &both, "render flow --list --db "
				 "%s/s.db", TMP), 0);
	assert_non_null(strstr(out.out.buf, "/flows':"));
	run_result_release(&out);
}

/* A tree whose dry run prints nothing kcg recognises: exit 2, what make
 * printed and what kcg expects. */
static void test_kbuild_not_understood(void **state)
{
	struct run_result out;

	run_result_init(&out);
	fake_kernel_tree("odd");
	assert_int_equal(sh("cd %s/odd && mkdir -p include/config "
			    "include/generated && touch include/config/auto.conf "
			    "include/generated/autoconf.h "
			    "include/generated/bounds.h "
			    "include/generated/asm-offsets.h && "
			    "touch -d '2020-01-01' .config && "
			    "printf 'net/:\\n\\t@echo CC net/a.o\\n' > Makefile",
			    TMP), 0);
	assert_int_equal(run_kcg(&out, &both, "index --kernel %s/odd --scope "
				 "net/ --db %s/odd.db", TMP, TMP), 2);
	assert_non_null(strstr(out.out.buf, "kcg index: make LLVM=1 -n -B "
			       "V=1 for 'net/'"));
	assert_non_null(strstr(out.out.buf, "printed 1 line and no compile "
			       "command kcg recognises, beginning 'echo CC "
			       "net/a.o'"));
	assert_non_null(strstr(out.out.buf, "kcg expects Kbuild's V=1"));
	run_result_release(&out);
}

/* An index that fails leaves the previous database as it was. */
static void test_failed_index_keeps_old_database(void **state)
{
	struct run_result out;
	struct stat before, after;

	run_result_init(&out);
	assert_int_equal(run_kcg(&out, &in_tmp, "index --db keep.db -q"), 0);
	assert_int_equal(stat(TMP "/keep.db", &before), 0);
	assert_int_equal(run_kcg(&out, &both, "index --compdb %s/bad.json "
				 "--db %s/keep.db", TMP, TMP), 1);
	assert_int_equal(stat(TMP "/keep.db", &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(before.st_size, after.st_size);
	run_result_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_usage),
		cmocka_unit_test(test_help_names_every_kind),
		cmocka_unit_test(test_index_samples),
		cmocka_unit_test(test_sql_trace),
		cmocka_unit_test(test_index_huge_pages),
		cmocka_unit_test(test_bad_compile_database),
		cmocka_unit_test(test_broken_translation_unit),
		cmocka_unit_test(test_unprepared_kernel),
		cmocka_unit_test(test_failed_index_keeps_old_database),
		cmocka_unit_test(test_compdb_of_kernel_picks_flows),
		cmocka_unit_test(test_kbuild_not_understood),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
