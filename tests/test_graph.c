/*
 * The compact call graph (queries/graph.c) on a database made by hand:
 * what graph_store() writes and graph_load() reads back, entry by entry
 * (one per caller, callee and kind, keeping the smallest edge id; each
 * node's entries direct first, then by the other end), the same graph
 * built in memory when the csr table is missing, a damaged table refused,
 * the edge ids read entry by entry (GRAPH_LAZY_IDS), the kind names, and
 * the graph file beside a database: mapped when it carries the
 * database's stamp and is whole, ignored (the table read) when not.
 *
 * Functions: 1 a, 2 b, 3 c, 4 d (ids 0 and 5 unused: 5 is the highest
 * id, 6 nodes).  Edges (id caller callee kind):
 *   10 a c field, 11 a b direct, 12 a b direct (another site),
 *   13 a b macro, 14 b d direct, 15 c d callback, 16 d a registration.
 */
#include "db/db.h"
#include "queries/graph.h"
#include "queries/graph_file.h"
#include "support/tmpdir.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

static const char fill_sql[] =
	"INSERT INTO files(id, path) VALUES (1, 'x.c');"
	"INSERT INTO functions(id, usr, name, file_id, line, linkage,"
	" is_inline, is_defined, from_macro) VALUES"
	" (1, 'c:@F@a', 'a', 1, 1, 'extern', 0, 1, 0),"
	" (2, 'c:@F@b', 'b', 1, 2, 'extern', 0, 1, 0),"
	" (3, 'c:@F@c', 'c', 1, 3, 'extern', 0, 1, 0),"
	" (4, 'c:@F@d', 'd', 1, 4, 'extern', 0, 1, 0),"
	" (5, 'c:@F@unused', 'unused', 1, 5, 'extern', 0, 0, 0);"
	"INSERT INTO edge(id, caller_id, callee_id, kind, file_id, line) VALUES"
	" (10, 1, 3, 'field', 1, 10), (11, 1, 2, 'direct', 1, 11),"
	" (12, 1, 2, 'direct', 1, 12), (13, 1, 2, 'macro', 1, 13),"
	" (14, 2, 4, 'direct', 1, 14), (15, 3, 4, 'callback', 1, 15),"
	" (16, 4, 1, 'registration', 1, 16);";

static int setup(void **state)
{
	struct kcg_error err;
	sqlite3 *db;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    db_create_schema(db, &err) || db_exec(db, fill_sql, &err) ||
	    graph_store(db, NULL, &err))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/* Node n's entries of adj as "target:kind:edge" words. */
static void entries(const struct graph_adj *adj, uint32_t n, char *out,
		    size_t size)
{
	uint32_t i;
	size_t len = 0;

	out[0] = '\0';
	for (i = adj->offsets[n]; i < adj->offsets[n + 1]; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%u:%s:%u",
					len ? " " : "", adj->targets[i],
					edge_kind_name(adj->kinds[i]),
					adj->edge_ids[i]);
}

static void assert_entries(const struct graph_adj *adj, uint32_t n,
			   const char *expected)
{
	char got[1024];

	entries(adj, n, got, sizeof(got));
	if (strcmp(got, expected))
		fail_msg("node %u: '%s', wanted '%s'", n, got, expected);
}

static void assert_graph(const struct graph *g)
{
	assert_int_equal(g->out.nr_nodes, 6);
	assert_int_equal(g->out.nr_edges, 6);	/* 11 and 12 are one */
	assert_int_equal(g->in.nr_nodes, 6);
	assert_int_equal(g->in.nr_edges, 6);
	/* direct first, then by kind preference, then by the other end */
	assert_entries(&g->out, 1, "2:direct:11 2:macro:13 3:field:10");
	assert_entries(&g->out, 2, "4:direct:14");
	assert_entries(&g->out, 3, "4:callback:15");
	assert_entries(&g->out, 4, "1:registration:16");
	assert_entries(&g->out, 0, "");
	assert_entries(&g->out, 5, "");
	assert_entries(&g->in, 1, "4:registration:16");
	assert_entries(&g->in, 2, "1:direct:11 1:macro:13");
	assert_entries(&g->in, 4, "2:direct:14 3:callback:15");
}

static void assert_graph_out_only(const struct graph *g)
{
	assert_int_equal(g->loaded, GRAPH_OUT);
	assert_entries(&g->out, 1, "2:direct:11 2:macro:13 3:field:10");
	assert_entries(&g->out, 3, "4:callback:15");
}

static void test_stored_and_loaded(void **state)
{
	sqlite3 *db = *state;
	struct kcg_error err;
	struct graph g;

	assert_int_equal(graph_load(db, GRAPH_OUT | GRAPH_IN, &g, &err), 0);
	assert_int_equal(g.loaded, GRAPH_OUT | GRAPH_IN);
	assert_graph(&g);
	graph_release(&g);

	/* one direction only */
	assert_int_equal(graph_load(db, GRAPH_IN, &g, &err), 0);
	assert_int_equal(g.loaded, GRAPH_IN);
	assert_entries(&g.in, 3, "1:field:10");
	graph_release(&g);
}

/* Without the csr table, the same graph is built from `edge`. */
static void test_built_without_csr(void **state)
{
	sqlite3 *db = *state;
	struct kcg_error err;
	struct graph g;

	assert_int_equal(db_exec(db, "SAVEPOINT s; DROP TABLE csr", &err), 0);
	assert_int_equal(graph_load(db, GRAPH_OUT | GRAPH_IN, &g, &err), 0);
	assert_graph(&g);
	graph_release(&g);
	assert_int_equal(db_exec(db, "ROLLBACK TO s; RELEASE s", &err), 0);
}

/* A table whose blobs do not match its counts is an error. */
static void test_damaged_csr(void **state)
{
	sqlite3 *db = *state;
	struct kcg_error err;
	struct graph g;

	assert_int_equal(db_exec(db, "SAVEPOINT s; UPDATE csr SET edges = "
				     "edges + 1 WHERE direction = 'out'",
				 &err), 0);
	assert_int_equal(graph_load(db, GRAPH_OUT, &g, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	assert_int_equal(db_exec(db, "ROLLBACK TO s; RELEASE s", &err), 0);
	assert_int_equal(graph_load(db, GRAPH_OUT, &g, &err), 0);
	graph_release(&g);
}

/* With GRAPH_LAZY_IDS the ids stay in the table and read the same. */
static void test_lazy_ids(void **state)
{
	sqlite3 *db = *state;
	struct kcg_error err;
	struct graph eager, lazy;
	uint32_t e, id;
	int d;

	assert_int_equal(graph_load(db, GRAPH_OUT | GRAPH_IN, &eager, &err),
			 0);
	assert_int_equal(graph_load(db, GRAPH_OUT | GRAPH_IN | GRAPH_LAZY_IDS,
				    &lazy, &err), 0);
	assert_int_equal(lazy.loaded, GRAPH_OUT | GRAPH_IN);
	for (d = 0; d < 2; d++) {
		const struct graph_adj *a = d ? &eager.in : &eager.out;
		const struct graph_adj *l = d ? &lazy.in : &lazy.out;

		assert_null(l->edge_ids);
		assert_int_equal(l->nr_edges, a->nr_edges);
		assert_memory_equal(l->offsets, a->offsets,
				    (a->nr_nodes + 1) * 4);
		assert_memory_equal(l->targets, a->targets, a->nr_edges * 4);
		assert_memory_equal(l->kinds, a->kinds, a->nr_edges);
		for (e = 0; e < a->nr_edges; e++) {
			id = 0;
			assert_int_equal(graph_edge_id(l, e, &id, &err), 0);
			assert_int_equal(id, a->edge_ids[e]);
		}
		assert_int_equal(graph_edge_id(l, a->nr_edges, &id, &err), -1);
		assert_int_equal(graph_edge_id(a, a->nr_edges, &id, &err), -1);
	}
	assert_int_equal(graph_edge_id(&eager.out, 0, &id, &err), 0);
	assert_int_equal(id, 11);
	graph_release(&lazy);
	graph_release(&eager);

	/* ids of the wrong size are refused though not read */
	assert_int_equal(db_exec(db, "SAVEPOINT s; UPDATE csr SET edge_ids = "
				     "x'00' WHERE direction = 'out'", &err),
			 0);
	assert_int_equal(graph_load(db, GRAPH_OUT | GRAPH_LAZY_IDS, &lazy,
				    &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	assert_int_equal(db_exec(db, "ROLLBACK TO s; RELEASE s", &err), 0);

	/* built from `edge`, the ids are there anyway */
	assert_int_equal(db_exec(db, "SAVEPOINT s; DROP TABLE csr", &err), 0);
	assert_int_equal(graph_load(db, GRAPH_OUT | GRAPH_LAZY_IDS, &lazy,
				    &err), 0);
	assert_non_null(lazy.out.edge_ids);
	assert_graph_out_only(&lazy);
	graph_release(&lazy);
	assert_int_equal(db_exec(db, "ROLLBACK TO s; RELEASE s", &err), 0);
}

/* Load db's graph (both directions): whether it came from the file. */
static int load_mapped(sqlite3 *db, unsigned dirs, struct graph *g)
{
	struct kcg_error err;

	assert_int_equal(graph_load(db, dirs, g, &err), 0);
	return g->map != NULL;
}

static void test_graph_file(void **state)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "graph-file");
	char path[4096], file[4200], other[4200];
	struct kcg_error err;
	struct graph g;
	sqlite3 *db;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/g.db", dir);
	snprintf(file, sizeof(file), "%s%s", path, GRAPH_FILE_SUFFIX);
	snprintf(other, sizeof(other), "%s/other.csr", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_create_schema(db, &err), 0);
	assert_int_equal(db_exec(db, fill_sql, &err), 0);
	assert_int_equal(graph_store(db, file, &err), 0);

	/* the same graph as the table, out of the file */
	assert_true(load_mapped(db, GRAPH_OUT | GRAPH_IN, &g));
	assert_int_equal(g.loaded, GRAPH_OUT | GRAPH_IN);
	assert_graph(&g);
	graph_release(&g);
	assert_null(g.map);
	assert_true(load_mapped(db, GRAPH_OUT | GRAPH_LAZY_IDS, &g));
	assert_graph_out_only(&g);
	graph_release(&g);

	/* the next run's file: the old one belongs to another run */
	assert_int_equal(rename(file, other), 0);
	assert_int_equal(graph_store(db, file, &err), 0);
	assert_true(load_mapped(db, GRAPH_OUT | GRAPH_IN, &g));
	graph_release(&g);
	assert_int_equal(rename(other, file), 0);
	assert_false(load_mapped(db, GRAPH_OUT | GRAPH_IN, &g));
	assert_graph(&g);
	graph_release(&g);

	/* cut short, with the right stamp */
	assert_int_equal(graph_store(db, file, &err), 0);
	assert_int_equal(truncate(file, 100), 0);
	assert_false(load_mapped(db, GRAPH_OUT | GRAPH_IN, &g));
	assert_graph(&g);
	graph_release(&g);

	/* none at all, or a database that has no stamp */
	assert_int_equal(graph_store(db, file, &err), 0);
	assert_int_equal(db_exec(db, "DELETE FROM meta WHERE key = "
				     "'csr_stamp'", &err), 0);
	assert_false(load_mapped(db, GRAPH_OUT | GRAPH_IN, &g));
	assert_graph(&g);
	graph_release(&g);
	assert_int_equal(unlink(file), 0);
	assert_false(load_mapped(db, GRAPH_OUT | GRAPH_IN, &g));
	graph_release(&g);

	sqlite3_close(db);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stored_and_loaded),
		cmocka_unit_test(test_built_without_csr),
		cmocka_unit_test(test_damaged_csr),
		cmocka_unit_test(test_lazy_ids),
		cmocka_unit_test(test_graph_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
