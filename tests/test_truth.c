/*
 * The acceptance test on the real kernel: an index of the slice of a Linux
 * version that holds its facts (tests/kernel/linux-VERSION/, made whole and
 * indexed by tests/kernel/truth-slice.sh) must contain every edge of their
 * edges.tsv, and of ../shared/truth/edges.tsv when that is present, with
 * its call site, and every netfilter hook of their nf_hooks.tsv.
 *
 * KCG_TRUTH_DB names the database, KCG_FACTS_DIR the facts, KCG_TRUTH_DIR
 * the shared ground truth (support/edge_check.h: truth_dirs).
 */
#include "support/edge_check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

static sqlite3 *open_truth_db(void)
{
	const char *path = getenv("KCG_TRUTH_DB");
	sqlite3 *db = NULL;

	assert_non_null(path);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("cannot open '%s'", path);
	return db;
}

static void check(const char *const *mechanisms)
{
	const char *dirs[2];
	char path[4096];
	sqlite3 *db = open_truth_db();
	size_t checked, i, n = truth_dirs(dirs);
	int missing = 0;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		int m;

		snprintf(path, sizeof(path), "%s/edges.tsv", dirs[i]);
		m = check_truth_edges(db, path, mechanisms, &checked);
		printf("%s: checked %zu edges, %d missing\n", path, checked, m);
		assert_true(checked > 0);
		missing += m < 0 ? 1 : m;
	}
	sqlite3_close(db);
	assert_int_equal(missing, 0);
}

/* Plain calls, in .c files and in header inlines. */
static void test_direct_edges(void **state)
{
	static const char *const mechanisms[] = { "direct", NULL };

	check(mechanisms);
}

/* Calls that exist only after macro expansion: INDIRECT_CALL_x
 * candidates, bodies of SYSCALL_DEFINEn. */
static void test_macro_edges(void **state)
{
	static const char *const mechanisms[] = { "macro", NULL };

	check(mechanisms);
}

/* Rules 1, 3, 4, 6: calls through struct fields, with the place the
 * pointer was stored. */
static void test_field_edges(void **state)
{
	static const char *const mechanisms[] = { "field", NULL };

	check(mechanisms);
}

/* Rule 5: a function passed to a helper that calls it. */
static void test_callback_edges(void **state)
{
	static const char *const mechanisms[] = { "callback_arg", NULL };

	check(mechanisms);
}

/* Rule 2 and tables: who stores each handler, and where it lands. */
static void test_registration_edges(void **state)
{
	static const char *const mechanisms[] = { "registration", NULL };

	check(mechanisms);
}

/* Rule 7: netfilter hooks run by nf_hook_entry_hookfn. */
static void test_netfilter_hook_edges(void **state)
{
	static const char *const mechanisms[] = { "netfilter_hook", NULL };

	check(mechanisms);
}

/* Rule 7: the hook point and priority of every hook of nf_hooks.tsv. */
static void test_netfilter_hook_points(void **state)
{
	const char *dirs[2];
	char path[4096];
	sqlite3 *db = open_truth_db();
	size_t checked, i, n = truth_dirs(dirs);
	int missing = 0;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		int m;

		snprintf(path, sizeof(path), "%s/nf_hooks.tsv", dirs[i]);
		m = check_truth_hooks(db, path, &checked);
		printf("%s: checked %zu hooks, %d missing\n", path, checked, m);
		assert_true(checked > 0);
		missing += m < 0 ? 1 : m;
	}
	sqlite3_close(db);
	assert_int_equal(missing, 0);
}

/* Every TU of the slice parses, so no fact is silently missing. */
static void test_slice_parses(void **state)
{
	sqlite3 *db = open_truth_db();
	sqlite3_stmt *st;
	int failed = -1, total = 0;

	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT count(*), sum(status = 'failed') FROM tus", -1, &st,
		NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		total = sqlite3_column_int(st, 0);
		failed = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_true(total >= 41);
	assert_int_equal(failed, 0);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direct_edges),
		cmocka_unit_test(test_macro_edges),
		cmocka_unit_test(test_field_edges),
		cmocka_unit_test(test_callback_edges),
		cmocka_unit_test(test_registration_edges),
		cmocka_unit_test(test_netfilter_hook_edges),
		cmocka_unit_test(test_netfilter_hook_points),
		cmocka_unit_test(test_slice_parses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
