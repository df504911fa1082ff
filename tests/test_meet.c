/*
 * The search from both ends (queries/path_meet.c) against the search
 * from the start alone, on call graphs drawn at random (seeded): for
 * every pair of functions, by fan-out and by hops, with Yen's k = 3 (which
 * bans first hops and the root of each spur) and with a function to
 * avoid, both find paths of the same costs and lengths in the same order,
 * or both find none.  Equally cheap paths may differ; their costs (by
 * hops: their lengths) may not.
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
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#define NR_FNS 24
#define NR_SITES 40

static uint32_t seed;

static uint32_t draw(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

/*
 * NR_SITES call sites, each in a random caller: most a written call,
 * some a pointer call reaching 2 to 6 functions (so hops cost more than
 * one), some macro-made.
 */
static char *random_graph_sql(void)
{
	static const char *const kinds[] = { "direct", "field", "macro" };
	size_t size = 1 << 16, len;
	char *sql = malloc(size);
	int site, id = 1;

	assert_non_null(sql);
	len = (size_t)snprintf(sql, size,
		"INSERT INTO files(id, path) VALUES (1, 'x.c');"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
		"FROM n WHERE i < %d) "
		"INSERT INTO functions(id, usr, name, file_id, line, linkage,"
		" is_inline, is_defined, from_macro) "
		"SELECT i, 'c:@F@f' || i, 'f' || i, 1, i, 'extern', 0, 1, 0 "
		"FROM n;", NR_FNS);
	for (site = 1; site <= NR_SITES; site++) {
		uint32_t caller = 1 + draw(NR_FNS);
		const char *kind = kinds[draw(3)];
		uint32_t targets = strcmp(kind, "field") ? 1 : 2 + draw(5), t;

		for (t = 0; t < targets; t++)
			len += (size_t)snprintf(sql + len, size - len,
				"INSERT INTO edge(id, caller_id, callee_id, kind,"
				" file_id, line, col) VALUES (%d, %u, %u, '%s',"
				" 1, %d, 1);", id++, caller, 1 + draw(NR_FNS),
				kind, site);
		assert_true(len < size);
	}
	return sql;
}

static void find(const struct graph *g, struct path_query *q,
		 struct path_list *out)
{
	struct kcg_error err;

	path_list_init(out);
	assert_int_equal(path_find(g, q, out, &err), 0);
}

/* What the ranking orders by: the cost, or the number of hops (whose
 * equally short paths may cost differently). */
static double rank_of(const struct path *p, enum path_rank rank)
{
	return rank == PATH_RANK_HOPS ? (double)p->hops : p->cost;
}

static void assert_same_ranks(const struct path_list *a,
			      const struct path_list *b, enum path_rank rank,
			      uint32_t from, uint32_t to)
{
	size_t i;

	if (a->nr != b->nr)
		fail_msg("seed %u, f%u -> f%u: %zu paths from the start, %zu "
			 "from both ends", seed, from, to, a->nr, b->nr);
	for (i = 0; i < a->nr; i++)
		/* sums of the same hop costs, maybe in another order */
		if (fabs(rank_of(&a->items[i], rank) -
			 rank_of(&b->items[i], rank)) > 1e-9)
			fail_msg("seed %u, f%u -> f%u, path %zu: %g from the "
				 "start, %g from both ends (%s)", seed, from,
				 to, i + 1, rank_of(&a->items[i], rank),
				 rank_of(&b->items[i], rank),
				 rank == PATH_RANK_HOPS ? "hops" : "cost");
}

/* Every pair of functions of the random graph of graph_seed. */
static void compare_graph(uint32_t graph_seed, int k, enum path_rank rank,
			  int with_avoid)
{
	struct graph one_way, both_ways;
	sqlite3 *db1, *db2;
	char *sql;
	uint32_t from, to, avoid;

	seed = graph_seed;
	sql = random_graph_sql();
	seed = graph_seed;	/* for the messages */
	assert_int_equal(graph_db_open(sql, GRAPH_OUT, &db1, &one_way), 0);
	assert_int_equal(graph_db_open(sql, GRAPH_OUT | GRAPH_IN, &db2,
				       &both_ways), 0);
	free(sql);
	for (from = 1; from <= NR_FNS; from++)
		for (to = 1; to <= NR_FNS; to++) {
			struct path_query q;
			struct path_list a, b;

			if (from == to)
				continue;
			memset(&q, 0, sizeof(q));
			q.from = from;
			q.to = to;
			q.kinds = KIND_MASK_DEFAULT;
			q.k = k;
			q.rank = rank;
			avoid = 1 + (from + to) % NR_FNS;
			if (with_avoid && avoid != from && avoid != to) {
				q.avoid = &avoid;
				q.nr_avoid = 1;
			}
			find(&one_way, &q, &a);
			find(&both_ways, &q, &b);
			assert_same_ranks(&a, &b, rank, from, to);
			path_list_release(&a);
			path_list_release(&b);
		}
	graph_release(&one_way);
	graph_release(&both_ways);
	sqlite3_close(db1);
	sqlite3_close(db2);
}

static void test_cheapest(void **state)
{
	uint32_t s;

	(void)state;
	for (s = 1; s <= 5; s++) {
		compare_graph(s, 1, PATH_RANK_FANOUT, 0);
		compare_graph(s, 1, PATH_RANK_HOPS, 0);
	}
}

static void test_k_paths(void **state)
{
	uint32_t s;

	(void)state;
	for (s = 21; s <= 23; s++) {
		compare_graph(s, 3, PATH_RANK_FANOUT, 0);
		compare_graph(s, 3, PATH_RANK_HOPS, 0);
	}
}

static void test_avoid(void **state)
{
	uint32_t s;

	(void)state;
	for (s = 31; s <= 33; s++)
		compare_graph(s, 2, PATH_RANK_FANOUT, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cheapest),
		cmocka_unit_test(test_k_paths),
		cmocka_unit_test(test_avoid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
