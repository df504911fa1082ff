/*
 * Path queries on the real kernel: on the index of the slice of a Linux
 * version that holds its facts (tests/kernel/truth-slice.sh), every path
 * of their paths.tsv, and of ../shared/truth/paths.tsv when that is
 * present, is found through its must_pass functions and plainly, every hop
 * a real edge; `kcg hooks ipv4 PRE_ROUTING` lists the hooks of their
 * nf_hooks.tsv in priority order.
 *
 * KCG_TRUTH_DB names the database, KCG_FACTS_DIR the facts, KCG_TRUTH_DIR
 * the shared ground truth (support/edge_check.h: truth_dirs).
 */
#include "db/db.h"
#include "queries/graph.h"
#include "queries/lookup.h"
#include "support/edge_check.h"
#include "support/path_check.h"
#include "support/run.h"
#include "support/tsv.h"
#include "util/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v)
		fail_msg("%s is not set", name);
	return v;
}

static sqlite3 *open_truth_db(void)
{
	struct kcg_error err;
	sqlite3 *db;

	if (db_open_read(env("KCG_TRUTH_DB"), &db, &err))
		fail_msg("%s", err.msg);
	return db;
}

static void test_paths(void **state)
{
	const char *dirs[2];
	char path[4096];
	struct kcg_error err;
	struct graph g;
	sqlite3 *db = open_truth_db();
	size_t checked, i, n = truth_dirs(dirs);
	int failed = 0;

	assert_true(n > 0);
	if (graph_load(db, GRAPH_OUT, &g, &err))
		fail_msg("%s", err.msg);
	for (i = 0; i < n; i++) {
		int f;

		snprintf(path, sizeof(path), "%s/paths.tsv", dirs[i]);
		f = check_truth_paths(db, &g, path, &checked);
		printf("%s: checked %zu paths, %d failed\n", path, checked, f);
		assert_true(checked > 0);
		failed += f < 0 ? 1 : f;
	}
	graph_release(&g);
	sqlite3_close(db);
	assert_int_equal(failed, 0);
}

/* INT_MIN, INT_MAX or a number. */
static int64_t priority_value(const char *s)
{
	if (!strcmp(s, "INT_MIN"))
		return INT32_MIN;
	if (!strcmp(s, "INT_MAX"))
		return INT32_MAX;
	return strtoll(s, NULL, 10);
}

/* Row of r with function fn and priority prio at or after `from`. */
static long find_hook(const struct result *r, size_t from, const char *fn,
		      int64_t prio)
{
	size_t row;

	for (row = from; row < r->nr_rows; row++)
		if (!strcmp(result_get(r, row, "function")->s, fn) &&
		    result_get(r, row, "priority")->i == prio)
			return (long)row;
	return -1;
}

/*
 * The hooks at NFPROTO_IPV4 / NF_INET_PRE_ROUTING of the nf_hooks.tsv of
 * dir, in its order.
 */
static size_t truth_hooks(const char *dir, struct tsv *t, size_t *rows)
{
	char path[4096];
	size_t i, n = 0;

	snprintf(path, sizeof(path), "%s/nf_hooks.tsv", dir);
	assert_int_equal(tsv_read(t, path), 0);
	for (i = 0; i < t->nr_rows; i++)
		if (!strcmp(tsv_get(t, i, "pf"), "NFPROTO_IPV4") &&
		    !strcmp(tsv_get(t, i, "hooknum"), "NF_INET_PRE_ROUTING"))
			rows[n++] = i;
	return n;
}

static void test_hooks_pre_routing(void **state)
{
	const char *dirs[2];
	struct kcg_error err;
	struct result r;
	struct tsv t;
	size_t rows[256], n, i, row, d, nr_dirs = truth_dirs(dirs);
	sqlite3 *db = open_truth_db();
	int64_t last = INT64_MIN;
	int missing = 0;

	assert_int_equal(lookup_hooks(db, "ipv4", "PRE_ROUTING", &r, &err), 0);
	sqlite3_close(db);
	for (row = 0; row < r.nr_rows; row++) {
		int64_t prio = result_get(&r, row, "priority")->i;

		printf("  %lld %s\n", (long long)prio,
		       result_get(&r, row, "function")->s);
		assert_true(prio >= last);
		last = prio;
	}
	assert_true(nr_dirs > 0);
	for (d = 0; d < nr_dirs; d++) {
		n = truth_hooks(dirs[d], &t, rows);
		assert_true(n > 0);
		for (i = 0; i < n; i++) {
			const char *fn = tsv_get(&t, rows[i], "hook_fn");
			const char *prio = tsv_get(&t, rows[i],
						   "priority_value");

			if (find_hook(&r, 0, fn, priority_value(prio)) < 0) {
				fprintf(stderr, "%s: missing hook %s "
					"priority %s\n", dirs[d], fn, prio);
				missing++;
			}
		}
		tsv_release(&t);
	}
	result_release(&r);
	assert_int_equal(missing, 0);
}

/* The command prints them in the truth's priority order. */
static void test_hooks_command(void **state)
{
	const char *dirs[2];
	struct run_result r;
	struct tsv t;
	size_t rows[256], n, i, d, nr_dirs = truth_dirs(dirs);
	const char *at, *out;

	run_result_init(&r);
	assert_int_equal(run_kcg(&r, NULL, "hooks ipv4 PRE_ROUTING --db '%s'",
				 env("KCG_TRUTH_DB")), 0);
	out = r.out.buf;
	printf("%s", out);
	assert_true(nr_dirs > 0);
	for (d = 0; d < nr_dirs; d++) {
		n = truth_hooks(dirs[d], &t, rows);
		at = out;
		for (i = 0; i < n; i++) {
			const char *fn = tsv_get(&t, rows[i], "hook_fn");
			const char *next = strstr(at, fn);

			/* equal priorities may come in either order */
			if (!next && i &&
			    !strcmp(tsv_get(&t, rows[i], "priority_value"),
				    tsv_get(&t, rows[i - 1],
					    "priority_value")))
				next = strstr(out, fn);
			if (!next)
				fail_msg("%s: '%s' is missing or out of order",
					 dirs[d], fn);
			at = next;
		}
		tsv_release(&t);
	}
	run_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_hooks_pre_routing),
		cmocka_unit_test(test_hooks_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
