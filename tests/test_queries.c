/*
 * queries/ on the samples index: the stored call graph, naming functions,
 * path search (waypoints, avoid, depth, kinds, k shortest), trees,
 * targets, registrations, hooks, show and sql.
 */
#include "db/db.h"
#include "extractor/compdb.h"
#include "index/indexer.h"
#include "queries/describe.h"
#include "queries/graph.h"
#include "queries/lookup.h"
#include "queries/names.h"
#include "queries/path.h"
#include "support/failing_table.h"
#include "support/index.h"
#include "support/path_check.h"
#include "support/tsv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SAMPLES KCG_SOURCE_DIR "/samples"
#define DB_PATH KCG_TEST_TMPDIR "/queries.db"

static sqlite3 *db;
static struct graph graph;

static int setup(void **state)
{
	struct kcg_error err;

	db = open_index_for_test(SAMPLES, DB_PATH);
	if (!db)
		fail_msg("cannot index and open '%s'", SAMPLES);
	if (graph_load(db, GRAPH_OUT | GRAPH_IN, &graph, &err))
		fail_msg("%s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	graph_release(&graph);
	sqlite3_close(db);
	return 0;
}

static uint32_t fn(const char *spec)
{
	uint32_t id = function_id(db, spec);

	if (!id)
		fail_msg("cannot name '%s'", spec);
	return id;
}

static int64_t scalar(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void assert_adj_equal(const struct graph_adj *a,
			     const struct graph_adj *b)
{
	assert_int_equal(a->nr_nodes, b->nr_nodes);
	assert_int_equal(a->nr_edges, b->nr_edges);
	assert_memory_equal(a->offsets, b->offsets,
			    ((size_t)a->nr_nodes + 1) * 4);
	assert_memory_equal(a->targets, b->targets, (size_t)a->nr_edges * 4);
	assert_memory_equal(a->edge_ids, b->edge_ids, (size_t)a->nr_edges * 4);
	assert_memory_equal(a->kinds, b->kinds, a->nr_edges);
}

/* The index stores both directions; loading them equals building them. */
static void test_csr_stored(void **state)
{
	char cmd[1024];
	struct kcg_error err;
	struct graph built;
	sqlite3 *copy;

	assert_int_equal(scalar("SELECT count(*) FROM csr"), 2);
	assert_int_equal(scalar("SELECT nodes FROM csr WHERE direction = "
				"'out'"),
			 scalar("SELECT max(id) + 1 FROM functions"));
	assert_int_equal(graph.out.nr_edges,
			 scalar("SELECT count(*) FROM (SELECT DISTINCT "
				"caller_id, callee_id, kind FROM edge)"));
	assert_int_equal(graph.in.nr_edges, graph.out.nr_edges);

	/* a database without the table gets the same graph built */
	snprintf(cmd, sizeof(cmd), "cp %s %s.nocsr", DB_PATH, DB_PATH);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sqlite3_open(DB_PATH ".nocsr", &copy), SQLITE_OK);
	assert_int_equal(db_exec(copy, "DROP TABLE csr", &err), 0);
	assert_int_equal(graph_load(copy, GRAPH_OUT | GRAPH_IN, &built, &err),
			 0);
	assert_adj_equal(&graph.out, &built.out);
	assert_adj_equal(&graph.in, &built.in);
	graph_release(&built);

	/* a damaged table is an error, not a crash */
	assert_int_equal(db_exec(copy,
				 "CREATE TABLE csr(direction, format, nodes, "
				 "edges, offsets, targets, edge_ids, kinds);"
				 "INSERT INTO csr VALUES ('out', 1, 5, 3, "
				 "x'00', x'00', x'00', x'00')", &err), 0);
	assert_int_equal(graph_load(copy, GRAPH_OUT, &built, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	sqlite3_close(copy);
}

static void test_kinds(void **state)
{
	struct kcg_error err;
	unsigned mask;

	assert_int_equal(edge_kind_parse_list("direct,field", &mask, &err), 0);
	assert_int_equal(mask, KIND_BIT(KIND_DIRECT) | KIND_BIT(KIND_FIELD));
	assert_int_equal(edge_kind_parse_list("all", &mask, &err), 0);
	assert_true(mask & KIND_BIT(KIND_SIGNATURE));
	assert_int_equal(edge_kind_parse_list("direct,bogus", &mask, &err), -1);
	assert_non_null(strstr(err.msg, "'bogus'"));
	assert_int_equal(edge_kind_parse_list(",", &mask, &err), -1);
	assert_false(KIND_MASK_DEFAULT & KIND_BIT(KIND_REGISTRATION));
	assert_false(KIND_MASK_DEFAULT & KIND_BIT(KIND_SIGNATURE));
	assert_string_equal(edge_kind_name(KIND_NETFILTER_HOOK),
			    "netfilter_hook");
}

static void test_names(void **state)
{
	struct fn_list candidates;
	struct fn_ref f;
	char **names;
	int n, i, found = 0;

	assert_int_equal(name_resolve(db, "ip_rcv", &f, &candidates, NULL),
			 NAME_FOUND);
	assert_string_equal(f.file, "net/ipv4/ip_input.c");
	fn_ref_release(&f);

	/* two static fill_info: ambiguous, unless a file is named */
	assert_int_equal(name_resolve(db, "fill_info", &f, &candidates, NULL),
			 NAME_AMBIGUOUS);
	assert_int_equal(candidates.nr, 2);
	fn_list_release(&candidates);
	assert_int_equal(name_resolve(db, "fill_info@loopback.c", &f,
				      &candidates, NULL), NAME_FOUND);
	assert_string_equal(f.file, "drivers/net/loopback.c");
	fn_ref_release(&f);
	assert_int_equal(name_resolve(db, "drivers/net/fake/fake_main.c:"
				      "fill_info", &f, &candidates, NULL),
			 NAME_FOUND);
	assert_string_equal(f.file, "drivers/net/fake/fake_main.c");
	fn_ref_release(&f);
	assert_int_equal(name_resolve(db, "fill_info:fake/fake_main.c", &f,
				      &candidates, NULL), NAME_FOUND);
	fn_ref_release(&f);
	/* a file must match at a '/' boundary */
	assert_int_equal(name_resolve(db, "fill_info@back.c", &f, &candidates,
				      NULL), NAME_UNKNOWN);

	/* SQL in a name is a name like any other */
	assert_int_equal(name_resolve(db, "x'; DROP TABLE edge; --", &f,
				      &candidates, NULL), NAME_UNKNOWN);
	assert_int_equal(name_resolve(db, "ip_rcv' OR '1'='1", &f,
				      &candidates, NULL), NAME_UNKNOWN);
	assert_true(scalar("SELECT count(*) FROM edge") > 0);

	n = name_suggest(db, "ip_rvc", 5, &names, NULL);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		found |= !strcmp(names[i], "ip_rcv");
		free(names[i]);
	}
	free(names);
	assert_true(found);
	n = name_suggest(db, "zzzzzzzzzzzzzzzzzzzzzzzz", 5, &names, NULL);
	assert_int_equal(n, 0);
	free(names);

	assert_int_equal(edit_distance("kitten", "sitting", 10), 3);
	assert_int_equal(edit_distance("abc", "abc", 0), 0);
	assert_int_equal(edit_distance("a", "abcdef", 2), 3);
	assert_true(path_matches("net/core/dev.c", "dev.c"));
	assert_true(path_matches("net/core/dev.c", "./net/core/dev.c"));
	assert_false(path_matches("net/core/netdev.c", "dev.c"));
}

/* Every path of samples/expected/paths.tsv, with and without waypoints. */
static void test_expected_paths(void **state)
{
	size_t checked;
	int failed = check_truth_paths(db, &graph,
				       SAMPLES "/expected/paths.tsv", &checked);

	printf("checked %zu paths, %d failed\n", checked, failed);
	assert_int_equal(checked, 18);
	assert_int_equal(failed, 0);
}

static int find(struct path_query *q, struct path_list *paths)
{
	struct kcg_error err;

	path_list_init(paths);
	assert_int_equal(path_find(&graph, q, paths, &err), 0);
	return (int)paths->nr;
}

static int on_path(const struct path *p, uint32_t node)
{
	size_t i;

	for (i = 0; i <= p->hops; i++)
		if (p->nodes[i] == node)
			return 1;
	return 0;
}

static void query(struct path_query *q, const char *from, const char *to)
{
	memset(q, 0, sizeof(*q));
	q->from = fn(from);
	q->to = fn(to);
	q->kinds = KIND_MASK_DEFAULT;
	q->k = 1;
}

static void test_path_options(void **state)
{
	struct path_query q;
	struct path_list paths;
	uint32_t avoid, through;
	size_t hops;

	query(&q, "net_rx_action", "tcp_v4_rcv");
	assert_int_equal(find(&q, &paths), 1);
	hops = paths.items[0].hops;
	avoid = paths.items[0].nodes[3];
	assert_true(path_is_real(db, &paths.items[0], q.kinds));
	path_list_release(&paths);

	/* avoid a function of the shortest path: a longer one around it */
	q.avoid = &avoid;
	q.nr_avoid = 1;
	assert_int_equal(find(&q, &paths), 1);
	assert_false(on_path(&paths.items[0], avoid));
	assert_true(paths.items[0].hops >= hops);
	path_list_release(&paths);
	q.nr_avoid = 0;

	/* a depth below the shortest finds nothing */
	q.max_depth = (int)hops - 1;
	assert_int_equal(find(&q, &paths), 0);
	path_list_release(&paths);
	q.max_depth = (int)hops;
	assert_int_equal(find(&q, &paths), 1);
	path_list_release(&paths);
	q.max_depth = 0;

	/* the NAPI poll is a field call: nothing without it */
	q.kinds = KIND_MASK_DIRECT;
	assert_int_equal(find(&q, &paths), 0);
	path_list_release(&paths);
	q.kinds = KIND_MASK_DEFAULT;

	/* a waypoint off the shortest path */
	through = fn("fake_poll");
	q.through = &through;
	q.nr_through = 1;
	assert_int_equal(find(&q, &paths), 1);
	assert_true(on_path(&paths.items[0], through));
	assert_true(paths.items[0].hops > hops);
	assert_true(path_is_real(db, &paths.items[0], q.kinds));
	path_list_release(&paths);
}

static int loopless(const struct path *p)
{
	size_t i, j;

	for (i = 0; i <= p->hops; i++)
		for (j = i + 1; j <= p->hops; j++)
			if (p->nodes[i] == p->nodes[j])
				return 0;
	return 1;
}

/* Yen: k distinct loopless paths, cheapest first. */
static void test_k_shortest(void **state)
{
	struct path_query q;
	struct path_list paths;
	size_t i, j;

	query(&q, "net_rx_action", "tcp_v4_rcv");
	q.k = 4;
	assert_int_equal(find(&q, &paths), 4);
	for (i = 0; i < paths.nr; i++) {
		assert_true(loopless(&paths.items[i]));
		assert_true(path_is_real(db, &paths.items[i], q.kinds));
		if (i)
			assert_true(paths.items[i].cost >=
				    paths.items[i - 1].cost);
		for (j = 0; j < i; j++)
			assert_false(paths.items[i].hops ==
					     paths.items[j].hops &&
				     !memcmp(paths.items[i].nodes,
					     paths.items[j].nodes,
					     (paths.items[i].hops + 1) * 4));
	}
	path_list_release(&paths);

	/* a depth limit holds for every path */
	q.max_depth = 14;
	assert_true(find(&q, &paths) >= 2);
	for (i = 0; i < paths.nr; i++)
		assert_true(paths.items[i].hops <= 14);
	path_list_release(&paths);
	q.max_depth = 0;

	/* with a waypoint, every path passes it */
	{
		uint32_t w = fn("ip_rcv_finish");

		q.through = &w;
		q.nr_through = 1;
		q.k = 3;
		assert_true(find(&q, &paths) >= 2);
		for (i = 0; i < paths.nr; i++) {
			assert_true(on_path(&paths.items[i], w));
			assert_true(loopless(&paths.items[i]));
		}
		path_list_release(&paths);
	}
}

/*
 * A callback edge stands for "F passes h to a helper that calls it": the
 * helper itself has no edge to any okfn, so no path enters NF_HOOK with
 * one caller's okfn and leaves with another's.
 */
/*
 * A deadline already passed: the first path is found all the same, the
 * other k - 1 are not sought, and the list says it was cut.
 */
static void test_deadline(void **state)
{
	struct path_query q;
	struct path_list paths;

	query(&q, "net_rx_action", "tcp_v4_rcv");
	q.k = 4;
	q.deadline = 1e-9;	/* CLOCK_MONOTONIC seconds: long past */
	assert_int_equal(find(&q, &paths), 1);
	assert_true(paths.cut);
	path_list_release(&paths);
	q.deadline = 0;
	assert_int_equal(find(&q, &paths), 4);
	assert_false(paths.cut);
	path_list_release(&paths);
}

static void test_callback_context(void **state)
{
	struct path_query q;
	struct path_list paths;
	/* a hook calling state->okfn reaches every okfn of the type-level
	 * field nf_hook_state.okfn when nothing says which NF_HOOK entered
	 * (here: a path that starts at NF_HOOK); so does nf_reinject, through
	 * the state copied into a queue entry */
	uint32_t hook = fn("ip_sabotage_in");
	uint32_t okfn_callers[] = { hook, fn("nf_reinject") };

	query(&q, "NF_HOOK", "ip_rcv_finish");
	q.avoid = okfn_callers;
	q.nr_avoid = 2;
	assert_int_equal(find(&q, &paths), 0);
	path_list_release(&paths);
	q.nr_avoid = 0;
	assert_int_equal(find(&q, &paths), 1);
	path_list_release(&paths);
	/* entered from ip_forward, the hook context rules it out: the
	 * hook is not at FORWARD, and its okfn would be ip_forward_finish */
	query(&q, "ip_forward", "ip_local_deliver_finish");
	q.through = &q.from;
	assert_int_equal(find(&q, &paths), 0);
	path_list_release(&paths);
	q.no_context = 1;
	assert_int_equal(find(&q, &paths), 1);
	assert_true(on_path(&paths.items[0], okfn_callers[0]) ||
		    on_path(&paths.items[0], okfn_callers[1]));
	path_list_release(&paths);
	query(&q, "ip_rcv", "ip_rcv_finish");
	assert_int_equal(find(&q, &paths), 1);
	assert_int_equal(paths.items[0].hops, 1);
	assert_int_equal(paths.items[0].kinds[0], KIND_CALLBACK);
	path_list_release(&paths);
}

static void test_describe_path(void **state)
{
	struct path_query q;
	struct path_list paths;
	struct result r;
	struct kcg_error err;
	size_t row;
	int field = 0;

	query(&q, "__netif_receive_skb_core", "packet_rcv");
	assert_int_equal(find(&q, &paths), 1);
	assert_int_equal(describe_paths(db, &paths, &r, &err), 0);
	assert_int_equal(r.nr_rows, paths.items[0].hops);
	for (row = 0; row < r.nr_rows; row++) {
		const struct cell *kind = result_get(&r, row, "kind");

		if (strcmp(kind->s, "field"))
			continue;
		field = 1;
		assert_string_equal(result_get(&r, row, "through")->s,
				    "packet_type.func");
		assert_string_equal(result_get(&r, row, "reg_file")->s,
				    "net/packet/af_packet.c");
	}
	assert_true(field);
	result_release(&r);
	path_list_release(&paths);
}

static int tree_has(const struct result *r, const char *name, int depth)
{
	size_t row;

	for (row = 0; row < r->nr_rows; row++)
		if (!strcmp(result_get(r, row, "function")->s, name) &&
		    result_get(r, row, "depth")->i == depth)
			return 1;
	return 0;
}

static void test_trees(void **state)
{
	struct kcg_error err;
	struct tree t;
	struct result r;

	tree_build(&graph.in, fn("ip_rcv"), 2, KIND_MASK_DEFAULT, 1000, &t);
	assert_int_equal(describe_tree(db, &t, 1, &r, &err), 0);
	assert_true(tree_has(&r, "ip_rcv", 0));
	assert_true(tree_has(&r, "deliver_skb", 1));
	assert_true(tree_has(&r, "__netif_receive_skb_one_core", 1));
	assert_true(tree_has(&r, "__netif_receive_skb_core", 2));
	/* registration is not a call */
	assert_false(tree_has(&r, "inet_init", 1));
	result_release(&r);
	tree_release(&t);

	tree_build(&graph.out, fn("ip_rcv"), 1, KIND_MASK_DEFAULT, 1000, &t);
	assert_int_equal(describe_tree(db, &t, 0, &r, &err), 0);
	assert_true(tree_has(&r, "ip_rcv_finish", 1));
	assert_true(tree_has(&r, "NF_HOOK", 1));
	assert_false(tree_has(&r, "nf_hook", 2));
	result_release(&r);
	tree_release(&t);

	/* the row limit cuts the tree */
	tree_build(&graph.out, fn("net_rx_action"), 50, KIND_MASK_DEFAULT, 5,
		   &t);
	assert_true(t.truncated);
	assert_true(t.nr <= 6);
	tree_release(&t);
}

static int has_row(const struct result *r, const char *col, const char *v)
{
	size_t row;

	for (row = 0; row < r->nr_rows; row++) {
		const struct cell *c = result_get(r, row, col);

		if (c->type == CELL_TEXT && !strcmp(c->s, v))
			return 1;
	}
	return 0;
}

static void test_targets(void **state)
{
	struct kcg_error err;
	struct result r;
	char *type, *field;

	assert_int_equal(field_spec_parse("packet_type.func", &type, &field),
			 0);
	assert_string_equal(type, "packet_type");
	assert_string_equal(field, "func");
	free(type);
	free(field);
	assert_int_equal(field_spec_parse("struct dst_entry->input", &type,
					  &field), 0);
	assert_string_equal(type, "dst_entry");
	free(type);
	free(field);
	assert_int_equal(field_spec_parse("x'; DROP.y", &type, &field), -1);
	assert_int_equal(field_spec_parse("nodot", &type, &field), -1);

	assert_int_equal(lookup_field_targets(db, "packet_type", "func", &r,
					      &err), 0);
	assert_true(has_row(&r, "target", "ip_rcv"));
	assert_true(has_row(&r, "target", "packet_rcv"));
	assert_true(has_row(&r, "reg_file", "net/ipv4/af_inet.c"));
	result_release(&r);

	assert_int_equal(lookup_field_targets(db, "nf_hook_entry", "hook", &r,
					      &err), 0);
	assert_true(has_row(&r, "target", "ipv4_conntrack_in"));
	assert_true(has_row(&r, "kinds", "netfilter_hook"));
	result_release(&r);

	assert_int_equal(lookup_field_targets(db, "no_such", "field", &r,
					      &err), 0);
	assert_int_equal(r.nr_rows, 0);
	result_release(&r);

	assert_int_equal(lookup_site_targets(db, "core/dev.c", 80, &r, &err),
			 0);
	assert_true(has_row(&r, "target", "ip_rcv"));
	assert_true(has_row(&r, "caller", "deliver_skb"));
	result_release(&r);
	assert_int_equal(lookup_site_targets(db, "v.c", 80, &r, &err), 0);
	assert_int_equal(r.nr_rows, 0);
	result_release(&r);
}

static void test_registrations(void **state)
{
	struct kcg_error err;
	struct result r;

	assert_int_equal(lookup_registrations(db, &graph, fn("fake_poll"), &r,
					      &err), 0);
	assert_int_equal(r.nr_rows, 1);
	assert_string_equal(result_get(&r, 0, "registrar")->s, "fake_probe");
	assert_string_equal(result_get(&r, 0, "chain")->s,
			    "fake_probe > netif_napi_add > "
			    "netif_napi_add_weight");
	assert_string_equal(result_get(&r, 0, "reg_file")->s,
			    "net/core/dev.c");
	result_release(&r);

	assert_int_equal(lookup_registrations(db, &graph, fn("ip_rcv"), &r,
					      &err), 0);
	assert_true(has_row(&r, "registrar", "inet_init"));
	result_release(&r);

	assert_int_equal(lookup_registrations(db, &graph, fn("napi_poll"),
					      &r, &err), 0);
	assert_int_equal(r.nr_rows, 0);
	result_release(&r);
}

/* ipv4 PRE_ROUTING lists the hooks of samples/expected in priority order */
static void test_hooks(void **state)
{
	struct kcg_error err;
	struct result r;
	struct tsv t;
	size_t i, row, expected = 0;
	int64_t last = INT64_MIN;

	assert_int_equal(lookup_hooks(db, "ipv4", "PRE_ROUTING", &r, &err), 0);
	for (row = 0; row < r.nr_rows; row++) {
		int64_t prio = result_get(&r, row, "priority")->i;

		assert_string_equal(result_get(&r, row, "family")->s,
				    "NFPROTO_IPV4");
		assert_string_equal(result_get(&r, row, "hook")->s,
				    "NF_INET_PRE_ROUTING");
		assert_true(prio >= last);
		last = prio;
	}
	assert_int_equal(tsv_read(&t, SAMPLES "/expected/nf_hooks.tsv"), 0);
	for (i = 0; i < t.nr_rows; i++) {
		if (strcmp(tsv_get(&t, i, "pf"), "NFPROTO_IPV4") ||
		    strcmp(tsv_get(&t, i, "hooknum"), "NF_INET_PRE_ROUTING"))
			continue;
		assert_true(has_row(&r, "function", tsv_get(&t, i, "hook_fn")));
		expected++;
	}
	tsv_release(&t);
	assert_int_equal(r.nr_rows, expected);
	result_release(&r);

	/* one argument: a family, else a hook point */
	assert_int_equal(lookup_hooks(db, "bridge", NULL, &r, &err), 0);
	assert_true(has_row(&r, "function", "br_nf_pre_routing"));
	assert_false(has_row(&r, "family", "NFPROTO_IPV4"));
	result_release(&r);
	assert_int_equal(lookup_hooks(db, "PRE_ROUTING", NULL, &r, &err), 0);
	assert_true(has_row(&r, "family", "NFPROTO_IPV4"));
	assert_true(has_row(&r, "family", "NFPROTO_BRIDGE"));
	result_release(&r);
	assert_int_equal(lookup_hooks(db, "ipv4", "'; --", &r, &err), 0);
	assert_int_equal(r.nr_rows, 0);
	result_release(&r);
}

static void test_show(void **state)
{
	struct kcg_error err;
	struct result r[SHOW_TABLES];
	int i;

	assert_int_equal(lookup_show(db, fn("__netif_receive_skb_core"), r,
				     &err), 0);
	assert_string_equal(result_get(&r[0], 0, "file")->s, "net/core/dev.c");
	assert_string_equal(result_get(&r[0], 0, "linkage")->s, "static");
	assert_true(has_row(&r[1], "direction", "callees"));
	assert_true(has_row(&r[2], "through", "net_device.rx_handler"));
	for (i = 0; i < SHOW_TABLES; i++)
		result_release(&r[i]);

	assert_int_equal(lookup_show(db, fn("ipv4_conntrack_in"), r, &err), 0);
	assert_true(has_row(&r[3], "hook", "NF_INET_PRE_ROUTING"));
	for (i = 0; i < SHOW_TABLES; i++)
		result_release(&r[i]);
}

static void test_sql(void **state)
{
	struct kcg_error err;
	struct result r;

	assert_int_equal(lookup_sql(db, "SELECT count(*) AS n FROM edge;", &r,
				    &err), 0);
	assert_int_equal(r.nr_rows, 1);
	assert_string_equal(r.cols[0], "n");
	result_release(&r);
	assert_int_equal(lookup_sql(db, "SELECT 1; SELECT 2", &r, &err), -1);
	assert_non_null(strstr(err.msg, "one statement"));
	result_release(&r);
	assert_int_equal(lookup_sql(db, "DROP TABLE edge", &r, &err), -1);
	result_release(&r);
	assert_int_equal(lookup_sql(db, "SELEC nonsense", &r, &err), -1);
	assert_non_null(strstr(err.msg, "SQL error"));
	result_release(&r);
	assert_true(scalar("SELECT count(*) FROM edge") > 0);
}

/* A copy of the index whose `table` fails to read at the rows `when`. */
static sqlite3 *failing_copy(const char *table, const char *when)
{
	char cmd[1024];
	sqlite3 *copy;

	snprintf(cmd, sizeof(cmd), "cp %s %s.failing", DB_PATH, DB_PATH);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sqlite3_open(DB_PATH ".failing", &copy), SQLITE_OK);
	assert_int_equal(make_table_fail(copy, table, when), 0);
	return copy;
}

static void assert_sqlite_error(const struct kcg_error *err)
{
	if (!strstr(err->msg, "malformed JSON"))
		fail_msg("not sqlite's error: %s", err->msg);
}

/* A database error in the middle of a scan is an error with sqlite's
 * message, never fewer rows or a row left out. */
static void test_failing_scans(void **state)
{
	struct kcg_error err;
	struct path_query q;
	struct path_list paths;
	struct graph g;
	struct result r;
	struct fn_ref f;
	sqlite3 *copy;

	/* the registering call's chain (lookup.c) */
	copy = failing_copy("calls", "1");
	assert_int_equal(lookup_registrations(copy, &graph, fn("fake_poll"),
					      &r, &err), -1);
	assert_sqlite_error(&err);
	result_release(&r);
	sqlite3_close(copy);

	/* a function by id (names.c); the graph built from edge
	 * (graph.c), whose nodes are numbered by the functions */
	copy = failing_copy("functions", "1");
	assert_int_equal(fn_ref_get(copy, fn("ip_rcv"), &f, &err), -1);
	assert_sqlite_error(&err);
	assert_int_equal(db_exec(copy, "DROP TABLE csr", &err), 0);
	assert_int_equal(graph_load(copy, GRAPH_OUT, &g, &err), -1);
	assert_sqlite_error(&err);
	sqlite3_close(copy);

	/* the edge row of a hop (describe.c) */
	copy = failing_copy("edge", "1");
	query(&q, "__netif_receive_skb_core", "packet_rcv");
	assert_int_equal(find(&q, &paths), 1);
	assert_int_equal(describe_paths(copy, &paths, &r, &err), -1);
	assert_sqlite_error(&err);
	result_release(&r);
	path_list_release(&paths);
	sqlite3_close(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csr_stored),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_expected_paths),
		cmocka_unit_test(test_path_options),
		cmocka_unit_test(test_k_shortest),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_callback_context),
		cmocka_unit_test(test_describe_path),
		cmocka_unit_test(test_trees),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_registrations),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_sql),
		cmocka_unit_test(test_failing_scans),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
