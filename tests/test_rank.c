/*
 * Ranking paths by fan-out (queries/graph.c counts, queries/path.c
 * weighs) on a database made by hand:
 *
 *   s -> d (direct), d -> t through a pointer whose call site can reach
 *   t and 8 other functions (f1..f8): 2 hops, cost 1 + 1 + log2(9);
 *   s -> a -> b -> c -> t, written calls: 4 hops, cost 4.
 *
 * By fan-out (the default) the written calls come first; --rank hops
 * takes the two hops.  Also: an INDIRECT_CALL_x() candidate counts with
 * the pointer call it stands in for, even when that call resolved to
 * nothing else; macro-made calls at a place with no pointer call (a
 * SYSCALL_DEFINE body) each have fan-out 1; of two sites
 * of the same caller, callee and kind, the entry names the one with the
 * fewest targets.
 */
#include "queries/graph.h"
#include "queries/path.h"
#include "support/graph_db.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

enum { S = 1, D, T, A, B, C, F1, F8 = F1 + 7, X, Y, Z, W1, W2, Q, R };

static const char fill_sql[] =
	"INSERT INTO files(id, path) VALUES (1, 'x.c');"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	"  WHERE i < 22) "
	"INSERT INTO functions(id, usr, name, file_id, line, linkage,"
	" is_inline, is_defined, from_macro) "
	"SELECT i, 'c:@F@f' || i, 'f' || i, 1, i, 'extern', 0, 1, 0 FROM n;"
	"INSERT INTO edge(id, caller_id, callee_id, kind, file_id, line, col)"
	" VALUES"
	/* s -> d -> t, t one of 9 */
	" (10, 1, 2, 'direct', 1, 1, 1),"
	" (11, 2, 3, 'field', 1, 20, 5),"
	" (12, 2, 7, 'field', 1, 20, 5), (13, 2, 8, 'field', 1, 20, 5),"
	" (14, 2, 9, 'field', 1, 20, 5), (15, 2, 10, 'field', 1, 20, 5),"
	" (16, 2, 11, 'field', 1, 20, 5), (17, 2, 12, 'field', 1, 20, 5),"
	" (18, 2, 13, 'field', 1, 20, 5), (19, 2, 14, 'field', 1, 20, 5),"
	/* s -> a -> b -> c -> t */
	" (20, 1, 4, 'direct', 1, 2, 1), (21, 4, 5, 'direct', 1, 3, 1),"
	" (22, 5, 6, 'direct', 1, 4, 1), (23, 6, 3, 'direct', 1, 5, 1),"
	/* x: an INDIRECT_CALL_1 candidate y beside the pointer call's z */
	" (30, 15, 16, 'macro', 1, 30, 9), (31, 15, 17, 'field', 1, 30, 9),"
	/* x: two macro-made calls at one place, no pointer there */
	" (32, 15, 18, 'macro', 1, 40, 1), (33, 15, 19, 'macro', 1, 40, 1),"
	/* q -> r at a site of 3 targets, then at a site of 1 */
	" (40, 20, 21, 'field', 1, 60, 3), (41, 20, 7, 'field', 1, 60, 3),"
	" (42, 20, 8, 'field', 1, 60, 3), (43, 20, 21, 'field', 1, 61, 3),"
	/* x: INDIRECT_CALL_2 whose pointer call resolved to nothing else */
	" (34, 15, 20, 'macro', 1, 50, 2), (35, 15, 21, 'macro', 1, 50, 2);"
	"INSERT INTO calls(caller_id, callee_id, kind, file_id, line, col,"
	" claim_id) VALUES (15, NULL, 'indirect', 1, 50, 2, 1),"
	" (15, NULL, 'indirect', 1, 70, 2, 1);";

static sqlite3 *db;
static struct graph graph;

static int setup(void **state)
{
	(void)state;
	return graph_db_open(fill_sql, GRAPH_OUT | GRAPH_IN, &db, &graph);
}

static int teardown(void **state)
{
	(void)state;
	graph_release(&graph);
	sqlite3_close(db);
	return 0;
}

/* The fan-out of from's entry to `to` of kind. */
static unsigned fanout(uint32_t from, uint32_t to, int kind, uint32_t *edge)
{
	const struct graph_adj *a = &graph.out;
	uint32_t e;

	for (e = a->offsets[from]; e < a->offsets[from + 1]; e++)
		if (a->targets[e] == to && a->kinds[e] == kind) {
			*edge = a->edge_ids[e];
			return a->fanouts[e];
		}
	fail_msg("no entry %u -> %u", from, to);
	return 0;
}

static void test_fanouts(void **state)
{
	uint32_t edge;

	(void)state;
	assert_int_equal(fanout(S, D, KIND_DIRECT, &edge), 1);
	assert_int_equal(fanout(D, T, KIND_FIELD, &edge), 9);
	assert_int_equal(fanout(D, F8, KIND_FIELD, &edge), 9);
	assert_int_equal(fanout(X, Y, KIND_MACRO, &edge), 2);
	assert_int_equal(fanout(X, Z, KIND_FIELD, &edge), 2);
	assert_int_equal(fanout(X, W1, KIND_MACRO, &edge), 1);
	assert_int_equal(fanout(X, W2, KIND_MACRO, &edge), 1);
	assert_int_equal(fanout(X, Q, KIND_MACRO, &edge), 2);
	assert_int_equal(fanout(X, R, KIND_MACRO, &edge), 2);
	assert_int_equal(fanout(Q, R, KIND_FIELD, &edge), 1);
	assert_int_equal(edge, 43);
	/* the other direction holds the same counts */
	assert_int_equal(graph.in.fanouts[graph.in.offsets[T + 1] - 1], 9);
}

static void query(struct path_query *q, enum path_rank rank, int k)
{
	memset(q, 0, sizeof(*q));
	q->from = S;
	q->to = T;
	q->kinds = KIND_MASK_DEFAULT;
	q->k = k;
	q->rank = rank;
}

static void assert_nodes(const struct path *p, const uint32_t *nodes,
			 size_t nr)
{
	size_t i;

	assert_int_equal(p->hops + 1, nr);
	for (i = 0; i < nr; i++)
		assert_int_equal(p->nodes[i], nodes[i]);
}

static void test_rank(void **state)
{
	static const uint32_t written[] = { S, A, B, C, T };
	static const uint32_t dispatched[] = { S, D, T };
	struct path_query q;
	struct path_list paths;
	struct kcg_error err;

	(void)state;
	query(&q, PATH_RANK_FANOUT, 2);
	path_list_init(&paths);
	assert_int_equal(path_find(&graph, &q, &paths, &err), 0);
	assert_int_equal(paths.nr, 2);
	assert_nodes(&paths.items[0], written, 5);
	assert_true(fabs(paths.items[0].cost - 4.0) < 1e-9);
	assert_int_equal(paths.items[0].fanouts[3], 1);
	assert_nodes(&paths.items[1], dispatched, 3);
	assert_true(fabs(paths.items[1].cost - (2.0 + log2(9.0))) < 1e-9);
	assert_int_equal(paths.items[1].fanouts[1], 9);
	assert_int_equal(paths.items[1].edge_ids[1], 11);
	path_list_release(&paths);

	query(&q, PATH_RANK_HOPS, 2);
	assert_int_equal(path_find(&graph, &q, &paths, &err), 0);
	assert_int_equal(paths.nr, 2);
	assert_nodes(&paths.items[0], dispatched, 3);
	assert_nodes(&paths.items[1], written, 5);
	path_list_release(&paths);

	/* a budget the cheapest path does not fit: the shorter one */
	query(&q, PATH_RANK_FANOUT, 1);
	q.max_depth = 3;
	assert_int_equal(path_find(&graph, &q, &paths, &err), 0);
	assert_int_equal(paths.nr, 1);
	assert_nodes(&paths.items[0], dispatched, 3);
	path_list_release(&paths);
}

static void test_hop_cost(void **state)
{
	(void)state;
	assert_true(path_hop_cost(0) == 1.0);
	assert_true(path_hop_cost(1) == 1.0);
	assert_true(path_hop_cost(2) == 2.0);
	assert_true(fabs(path_hop_cost(37) - (1.0 + log2(37.0))) < 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fanouts),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_hop_cost),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
