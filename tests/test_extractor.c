/*
 * The extractor and the store, end to end on samples/ and on
 * tests/data/extract/shapes.c: index them with the library, then assert
 * the facts in the database that later stages rely on.
 */
#include "extractor/compdb.h"
#include "index/indexer.h"
#include "queries/graph.h"
#include "queries/path.h"
#include "support/edge_check.h"
#include "support/index.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define SAMPLES KCG_SOURCE_DIR "/samples"
#define SHAPES KCG_SOURCE_DIR "/tests/data/extract"

static sqlite3 *samples_db;
static sqlite3 *shapes_db;

/* Index the compile database in dir into db_path with jobs workers. */
static sqlite3 *index_dir(const char *dir, const char *db_path, int jobs)
{
	struct index_result result;
	sqlite3 *sql = NULL;

	if (index_for_test(dir, db_path, jobs, &result))
		fail_msg("cannot index '%s'", dir);
	assert_int_equal(result.counts.tus_ok, result.counts.tus);
	index_result_release(&result);
	if (sqlite3_open_v2(db_path, &sql, SQLITE_OPEN_READONLY, NULL))
		fail_msg("cannot open '%s'", db_path);
	return sql;
}

static int setup(void **state)
{
	samples_db = index_dir(SAMPLES, KCG_TEST_TMPDIR "/samples.db", 2);
	shapes_db = index_dir(SHAPES, KCG_TEST_TMPDIR "/shapes.db", 1);
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(samples_db);
	sqlite3_close(shapes_db);
	return 0;
}

/* The integer result of a one-row query with text parameters. */
static long long query_int(sqlite3 *db, const char *sql, ...)
{
	sqlite3_stmt *st;
	long long value = -1;
	const char *arg;
	va_list ap;
	int i = 1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sqlite3_errmsg(db), sql);
	va_start(ap, sql);
	while ((arg = va_arg(ap, const char *)))
		sqlite3_bind_text(st, i++, arg, -1, SQLITE_TRANSIENT);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW)
		value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return value;
}

static void test_direct_and_macro_edges(void **state)
{
	static const char *const mechanisms[] = { "direct", "macro", NULL };
	size_t checked;
	int missing = check_truth_edges(samples_db,
					SAMPLES "/expected/edges.tsv",
					mechanisms, &checked);

	assert_true(checked >= 182);
	assert_int_equal(missing, 0);
}

/* No edge the expected file does not have: builtins are not calls, and
 * INDIRECT_CALL's fallback is not a direct call. */
static void test_no_spurious_direct_edges(void **state)
{
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM edges WHERE callee LIKE '__builtin%'",
		NULL), 0);
	/* each of the 191 expected (caller, callee, kind) once or more; the
	 * database has nothing else of those kinds */
	assert_int_equal(query_int(samples_db,
		"SELECT count(DISTINCT caller || '>' || callee || '>' || kind) "
		"FROM edges WHERE kind IN ('direct', 'macro') "
		"AND callee NOT LIKE '__sync%'", NULL), 191);
}

/*
 * The edges view has one row per call.  INDIRECT_CALL_INET expands its
 * pointer argument three times, so dst_input's one written call of
 * skb_dst is three calls (and edges) at the same place: one row of the
 * view, with expansions 3.  Every edge row is in exactly one view row.
 */
static void test_one_view_row_per_call(void **state)
{
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM edge e JOIN functions c ON "
		"c.id = e.caller_id JOIN functions g ON g.id = e.callee_id "
		"WHERE c.name = 'dst_input' AND g.name = 'skb_dst'", NULL), 3);
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM edges WHERE caller = 'dst_input' AND "
		"callee = 'skb_dst' AND site_file = 'include/net/dst.h' AND "
		"site_line = 35 AND site_col = 28 AND expansions = 3", NULL),
		1);
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM edges WHERE caller = 'dst_input' AND "
		"callee = 'skb_dst'", NULL), 1);
	assert_int_equal(query_int(samples_db,
		"SELECT sum(expansions) FROM edges", NULL),
		query_int(samples_db, "SELECT count(*) FROM edge", NULL));
	/* no two rows show the same */
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM edges", NULL),
		query_int(samples_db,
		"SELECT count(*) FROM (SELECT DISTINCT caller, caller_file, "
		"callee, callee_file, kind, site_file, site_line, reg_file, "
		"reg_line, via, site_col FROM edges)", NULL));
	/* the calls INDIRECT_CALL_INET makes of its named candidates are
	 * one each */
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM edges WHERE caller = 'dst_input' AND "
		"kind = 'macro' AND expansions = 1", NULL), 2);
}

static void test_one_node_per_function(void **state)
{
	/* a header static inline included by many TUs is one node */
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM functions WHERE name = 'NF_HOOK'", NULL),
		1);
	/* two static functions with one name stay apart */
	assert_int_equal(query_int(samples_db,
		"SELECT count(DISTINCT usr) FROM functions f "
		"JOIN files p ON p.id = f.file_id WHERE name = 'fill_info' "
		"AND is_defined AND linkage = 'static'", NULL), 2);
	/* a body is walked once however many TUs include it */
	assert_int_equal(query_int(samples_db,
		"SELECT count(*) FROM calls c JOIN functions f "
		"ON f.id = c.caller_id WHERE f.name = 'NF_HOOK'", NULL), 2);
}

static void test_macro_made_names(void **state)
{
	assert_int_equal(query_int(samples_db,
		"SELECT from_macro FROM functions WHERE name = "
		"'__do_sys_sendto'", NULL), 1);
	assert_int_equal(query_int(samples_db,
		"SELECT from_macro FROM functions WHERE name = 'ip_rcv'", NULL),
		0);
}

/* The shape of an indirect call's callee expression. */
static long long indirect(sqlite3 *db, const char *caller, const char *shape,
			  const char *strct, const char *field)
{
	return query_int(db,
		"SELECT count(*) FROM indirect_calls i "
		"JOIN calls c ON c.id = i.call_id "
		"JOIN functions f ON f.id = c.caller_id "
		"WHERE f.name = ?1 AND i.shape = ?2 "
		"AND coalesce(i.struct, '') = ?3 AND coalesce(i.field, '') = ?4",
		caller, shape, strct, field, NULL);
}

static void test_indirect_call_shapes(void **state)
{
	assert_true(indirect(samples_db, "deliver_skb", "field", "packet_type",
			     "func") > 0);
	assert_true(indirect(samples_db, "handle_softirqs", "field",
			     "softirq_action", "action") > 0);
	/* rx_handler = rcu_dereference(skb->dev->rx_handler); rx_handler() */
	assert_true(indirect(samples_db, "__netif_receive_skb_core", "field",
			     "net_device", "rx_handler") > 0);
	/* INDIRECT_CALL_INET's fallback: pt_prev->func(...) */
	assert_true(indirect(samples_db, "__netif_receive_skb_one_core",
			     "field", "packet_type", "func") > 0);
	/* skb_dst(skb)->input: a field of the nested struct dst_entry */
	assert_true(indirect(samples_db, "dst_input", "field", "dst_entry",
			     "input") > 0);
	assert_int_equal(query_int(samples_db,
		"SELECT i.param_index FROM indirect_calls i "
		"JOIN calls c ON c.id = i.call_id JOIN functions f "
		"ON f.id = c.caller_id WHERE f.name = 'NF_HOOK' "
		"AND i.shape = 'param'", NULL), 7);
	/* pick(cond)(skb): through the returned pointer, not a call to pick */
	assert_int_equal(query_int(shapes_db,
		"SELECT count(*) FROM indirect_calls i JOIN functions f "
		"ON f.id = i.callee_id WHERE i.shape = 'call' "
		"AND f.name = 'pick'", NULL), 1);
	assert_int_equal(query_int(shapes_db,
		"SELECT count(*) FROM calls c JOIN functions f "
		"ON f.id = c.callee_id WHERE f.name = 'pick'", NULL), 1);
	assert_true(indirect(shapes_db, "use", "global", "", "") == 1);
	assert_true(indirect(shapes_db, "use", "field", "ops", "first") == 1);
}

/* A flow: where a function pointer goes and where it comes from. */
static long long flow(sqlite3 *db, const char *where, const char *dst,
		      const char *src)
{
	return query_int(db,
		"SELECT count(*) FROM flows f "
		"LEFT JOIN functions fn ON fn.id = f.function_id "
		"LEFT JOIN globals g ON g.id = f.in_global_id "
		"LEFT JOIN functions dc ON dc.id = f.dst_callee_id "
		"LEFT JOIN globals dg ON dg.id = f.dst_global_id "
		"LEFT JOIN functions sf ON sf.id = f.src_function_id "
		"LEFT JOIN globals sg ON sg.id = f.src_global_id "
		"WHERE coalesce(fn.name, g.name) = ?1 "
		"AND f.dst_kind || ':' || coalesce(f.dst_struct || '.' || "
		"f.dst_field, dc.name || '#' || f.dst_index, dg.name, '') = ?2 "
		"AND f.src_kind || ':' || coalesce(sf.name, f.src_struct || '.' "
		"|| f.src_field, 'p' || f.src_index, sg.name, '') = ?3",
		where, dst, src, NULL);
}

static void test_flows(void **state)
{
	/* designated initializers of globals */
	assert_int_equal(flow(samples_db, "ip_packet_type",
			      "field:packet_type.func", "function:ip_rcv"), 1);
	assert_int_equal(flow(samples_db, "ipv4_conntrack_ops",
			      "field:nf_hook_ops.hook",
			      "function:ipv4_conntrack_in"), 1);
	/* stores through a parameter: the summaries resolution propagates */
	assert_int_equal(flow(samples_db, "open_softirq",
			      "field:softirq_action.action", "param:p1"), 1);
	assert_int_equal(flow(samples_db, "netif_napi_add_weight",
			      "field:napi_struct.poll", "param:p2"), 1);
	/* rcu_assign_pointer(dev->rx_handler, rx_handler): through the
	 * macro's uintptr_t local and WRITE_ONCE */
	assert_int_equal(flow(samples_db, "netdev_rx_handler_register",
			      "field:net_device.rx_handler", "param:p1"), 1);
	/* arguments */
	assert_int_equal(flow(samples_db, "net_dev_init",
			      "arg:open_softirq#1", "function:net_rx_action"),
			 1);
	assert_int_equal(flow(samples_db, "br_add_if",
			      "arg:netdev_rx_handler_register#1",
			      "call:br_get_rx_handler"), 1);
	assert_int_equal(flow(samples_db, "ip_rcv", "arg:NF_HOOK#7",
			      "function:ip_rcv_finish"), 1);
	assert_int_equal(flow(samples_db, "inet_init", "arg:dev_add_pack#0",
			      "global_addr:ip_packet_type"), 1);
	/* a field-to-field copy and an ops-table pointer */
	assert_int_equal(flow(samples_db, "__nf_register_net_hook",
			      "field:nf_hook_entry.hook",
			      "field:nf_hook_ops.hook"), 1);
	assert_int_equal(flow(samples_db, "tcp_v4_init_sock",
			      "field:inet_connection_sock.icsk_af_ops",
			      "global_addr:ipv4_specific"), 1);
	assert_int_equal(flow(samples_db, "br_get_rx_handler", "return:",
			      "function:br_handle_frame"), 1);
}

static void test_initializer_shapes(void **state)
{
	/* positional: { 7, h1, h2 } */
	assert_int_equal(flow(shapes_db, "positional", "field:ops.first",
			      "function:h1"), 1);
	assert_int_equal(flow(shapes_db, "positional", "field:ops.second",
			      "function:h2"), 1);
	/* nested designator .in.input, and a nested positional list */
	assert_int_equal(flow(shapes_db, "nested", "field:inner.input",
			      "function:h3"), 1);
	assert_int_equal(flow(shapes_db, "nested2", "field:inner.input",
			      "function:h1"), 1);
	/* an array of function pointers, with an array designator */
	assert_int_equal(flow(shapes_db, "table", "global:table",
			      "function:h3"), 1);
	/* ternaries give both values */
	assert_int_equal(flow(shapes_db, "pick", "return:", "function:h1"), 1);
	assert_int_equal(flow(shapes_db, "pick", "return:", "function:h2"), 1);
	assert_int_equal(flow(shapes_db, "use", "field:ops.first",
			      "function:h3"), 1);
	/* static local table and compound literal */
	assert_int_equal(flow(shapes_db, "use", "field:ops.second",
			      "function:h3"), 1);
	assert_int_equal(flow(shapes_db, "use", "field:ops.first",
			      "function:h2"), 1);
	assert_int_equal(flow(shapes_db, "use", "field:inner.input",
			      "field:ops.second"), 1);
}

/* Threads change which TU walks a shared header body, never the facts. */
static void test_same_edges_with_one_or_two_jobs(void **state)
{
	sqlite3 *one = index_dir(SAMPLES, KCG_TEST_TMPDIR "/samples-j1.db", 1);
	const char *sql =
		"SELECT count(*), sum(length(caller || callee || kind || "
		"site_file) * site_line) FROM edges";
	sqlite3_stmt *a, *b;

	assert_int_equal(sqlite3_prepare_v2(one, sql, -1, &a, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(samples_db, sql, -1, &b, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(a, 0), sqlite3_column_int64(b, 0));
	assert_int_equal(sqlite3_column_int64(a, 1), sqlite3_column_int64(b, 1));
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(one);
}

/* The rows of sql, one line each, fields joined by ' ', lines by '; '. */
static void expect_rows(sqlite3 *db, const char *sql, const char *want)
{
	sqlite3_stmt *st;
	char got[1024];
	size_t len = 0;
	int i, n;

	got[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sqlite3_errmsg(db), sql);
	n = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < n; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			const char *sep = i ? " " : len ? "; " : "";

			len += (size_t)snprintf(got + len, sizeof(got) - len,
						"%s%s", sep,
						t ? (const char *)t : "-");
			if (len >= sizeof(got))
				fail_msg("too many rows: %s", sql);
		}
	sqlite3_finalize(st);
	assert_string_equal(got, want);
}

/* Integer arguments of calls taking a function pointer: constants with
 * the name written, parameters passed unchanged, nothing else; integer
 * parameters stored unchanged, where function pointers go. */
static void test_integer_facts(void **state)
{
	expect_rows(shapes_db,
		    "SELECT c.line, a.arg_index, a.value, a.name, "
		    "a.param_index FROM call_args a JOIN calls c ON "
		    "c.id = a.call_id JOIN functions f ON f.id = c.caller_id "
		    "WHERE f.name = 'outer' ORDER BY c.line, c.col, "
		    "a.arg_index",
		    "46 0 2 FAM_A -; 46 1 3 HOOK_X -; 46 0 5 - -; "
		    "46 1 - - 0");
	expect_rows(shapes_db,
		    "SELECT f.name, i.struct, i.field, i.param_index, "
		    "i.value, i.name, i.line "
		    "FROM int_stores i JOIN functions f ON f.id = "
		    "i.function_id JOIN files fl ON fl.id = i.file_id "
		    "WHERE fl.path = 'int_facts.c' ORDER BY i.line",
		    "enter ctx pf 0 - - 28; enter ctx hook 1 - - 31; "
		    "fill ctx pf - 2 FAM_A 67; fill ctx hook - 3 HOOK_X 68");
	expect_rows(shapes_db,
		    "SELECT a.value, a.name FROM call_args a JOIN calls c ON "
		    "c.id = a.call_id JOIN functions f ON f.id = c.caller_id "
		    "WHERE f.name = 'outer2' AND a.arg_index = 0 "
		    "ORDER BY c.line, c.col",
		    "2 FAM_A; 7 -");
}

/*
 * Guards (extractor/guards.c): a call made only while a parameter is
 * zero or nonzero, by `if`/`else`, `?:`, `&&`, `||`, `unlikely(!p)`,
 * `p == NULL` and the statements after `if (p == NULL) return`; none for
 * a parameter assigned, a branch a label or a later case can enter, or a
 * condition that is not the parameter's truth.  At a call to a function
 * of the file whose calls are guarded, the constants passed there.
 */
static void test_guards(void **state)
{
	(void)state;
	expect_rows(shapes_db,
		    "SELECT f.name, c.line, t.name, g.param_index, g.nonzero "
		    "FROM call_guards g JOIN calls c ON c.id = g.call_id "
		    "JOIN functions f ON f.id = c.caller_id "
		    "JOIN functions t ON t.id = c.callee_id "
		    "ORDER BY c.line, g.param_index",
		    "run 20 warn 0 0; run 22 redirect 0 1; "
		    "run 24 use_dev 0 1; run 24 use_dev 1 1; "
		    "run 25 other 1 1; run 25 always 1 0; run 26 check 0 0; "
		    "run 29 use_dev 1 1; cased 56 redirect 0 1; "
		    "cased 57 always 0 1; widened 108 other 0 1");
	expect_rows(shapes_db,
		    "SELECT f.name, c.line, a.arg_index, a.value, a.name "
		    "FROM call_args a JOIN calls c ON c.id = a.call_id "
		    "JOIN functions f ON f.id = c.caller_id "
		    "JOIN files fl ON fl.id = c.file_id "
		    "WHERE fl.path = 'guards.c' ORDER BY c.line, a.arg_index",
		    "caller 75 0 0 NO_REDIRECT; caller 75 1 0 NULL; "
		    "caller 76 0 1 CAN_REDIRECT; caller 76 1 - -; "
		    "caller 77 0 1 -; caller 77 1 1 -; caller 78 0 1 -; "
		    "input 87 0 0 NO_REDIRECT; input 87 1 0 NULL; "
		    "output 92 0 1 CAN_REDIRECT; output 92 1 - -; "
		    "relay 97 0 - -; relay 97 1 - -; "
		    "input_relayed 102 0 0 NO_REDIRECT; "
		    "input_relayed 102 1 0 NULL; narrowing 113 0 - -; "
		    "narrowing 114 0 - -; "
		    "narrowed_input 119 0 0 -; narrowed_input 120 0 0 -");
	/* parameters passed on unchanged (not through a cast; a narrowing
	 * conversion is marked), to a guarded parameter or one passed on */
	expect_rows(shapes_db,
		    "SELECT f.name, c.line, a.arg_index, a.param_index, "
		    "a.narrows FROM call_args a JOIN calls c ON c.id = a.call_id "
		    "JOIN functions f ON f.id = c.caller_id "
		    "JOIN files fl ON fl.id = c.file_id "
		    "WHERE fl.path = 'guards.c' AND a.param_index IS NOT NULL "
		    "ORDER BY c.line, a.arg_index",
		    "caller 76 1 0 0; output 92 1 0 0; relay 97 0 0 0; "
		    "relay 97 1 1 0; narrowing 113 0 0 0; narrowing 114 0 0 1");
}

/* The id of the function of guards.c named name. */
static int64_t guards_function(const char *name)
{
	sqlite3_stmt *st;
	int64_t id = -1;

	assert_int_equal(sqlite3_prepare_v2(shapes_db,
		"SELECT f.id FROM functions f JOIN files fl ON fl.id = "
		"f.file_id WHERE fl.path = 'guards.c' AND f.name = ?", -1,
		&st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(id > 0);
	return id;
}

/* The cheapest path's hops from the function named from to the one
 * named to in shapes_db, -1 for none. */
static int shapes_hops(const struct graph *g, const char *from,
		       const char *to, int no_context)
{
	struct path_query q;
	struct path_list paths;
	struct kcg_error err;
	int n;

	memset(&q, 0, sizeof(q));
	q.from = (uint32_t)guards_function(from);
	q.to = (uint32_t)guards_function(to);
	q.kinds = KIND_MASK_DEFAULT;
	q.k = 1;
	q.no_context = no_context;
	path_list_init(&paths);
	assert_int_equal(path_find(g, &q, &paths, &err), 0);
	n = paths.nr ? (int)paths.items[0].hops : -1;
	path_list_release(&paths);
	return n;
}

/* A path never takes a call its context's constants close: input()
 * passes NO_REDIRECT, so run() does not redirect under it, nor through
 * relay(); output() passes CAN_REDIRECT; --no-context takes every
 * call. */
static void test_guarded_paths(void **state)
{
	struct graph g;
	struct kcg_error err;

	(void)state;
	assert_int_equal(graph_load(shapes_db, GRAPH_OUT, &g, &err), 0);
	assert_int_equal(shapes_hops(&g, "input", "redirect", 0), -1);
	assert_int_equal(shapes_hops(&g, "input", "warn", 0), 2);
	assert_int_equal(shapes_hops(&g, "input", "use_dev", 0), -1);
	assert_int_equal(shapes_hops(&g, "output", "redirect", 0), 2);
	assert_int_equal(shapes_hops(&g, "input", "redirect", 1), 2);
	/* caller passes both: nothing is known in run() */
	assert_int_equal(shapes_hops(&g, "caller", "redirect", 0), 2);
	/* a constant passed on by a parameter */
	assert_int_equal(shapes_hops(&g, "input_relayed", "redirect", 0), -1);
	assert_int_equal(shapes_hops(&g, "input_relayed", "warn", 0), 3);
	/* but not through a narrowing conversion: cased(flag, 0) */
	assert_int_equal(shapes_hops(&g, "narrowed_input", "redirect", 0), 3);
	graph_release(&g);
}

/* The object a field call is made on: through a parameter, an embedded
 * struct, a local initialized from the table, a local pointing into the
 * object or at its table (but a local passed itself stays the object), a
 * global, a parameter that is an ops table itself (not `c->fallback()`
 * in members.c, a struct of a few function pointers), or none of these
 * when the table is read from a pointer field (from_call,
 * test_table_fields); nothing for a local assigned twice, or a parameter
 * the body walks on (table_walked, and table_stepped, where a macro
 * assigns it). */
static void test_receivers(void **state)
{
	expect_rows(shapes_db,
		    "SELECT f.name, r.path, r.arg_index, r.param_index, "
		    "g.name FROM receivers r JOIN calls c ON c.id = r.call_id "
		    "JOIN functions f ON f.id = c.caller_id LEFT JOIN globals "
		    "g ON g.id = r.global_id ORDER BY f.name",
		    "alias_embedded ->obj:in.inner:ops-> 0 0 -; "
		    "alias_passed ->obj:ops-> 0 - -; "
		    "alias_table ->obj:ops-> 0 0 -; "
		    "call_big ->has_big:b-> - 0 -; "
		    "embedded ->inner:ops-> 0 - -; "
		    "from_array ->shelf:tabs-> - - -; "
		    "from_call ->obj:ops-> - - -; make ->chip:bar. - 0 -; "
		    "make ->chip:mc. - 0 -; named . - - gops; "
		    "other ->obj:ops-> - 0 -; own ->obj:own. 0 0 -; "
		    "read_once ->keeper:o-> - - -; "
		    "read_once ->keeper:o-> 0 0 -; "
		    "run -> - 0 -; table_itself -> - 0 -; "
		    "through_local ->obj:ops-> 0 0 -; "
		    "through_object ->shelf:o->obj:ops-> 0 0 -; "
		    "through_param ->obj:ops-> 0 0 -");
}

/* The pointer field a call's table is read from, whatever the object
 * (`current_obj()->ops->x()`), through an element of an array of them,
 * READ_ONCE() and a local initialized from it; none when the field points to
 * a struct that is no ops table (`h->b->f()`) or the local is assigned
 * again. */
static void test_table_fields(void **state)
{
	expect_rows(shapes_db,
		    "SELECT f.name, r.path, r.table_field, r.table_struct_file "
		    "FROM receivers r JOIN calls c ON c.id = r.call_id "
		    "JOIN functions f ON f.id = c.caller_id "
		    "WHERE f.name IN ('from_call', 'from_array', "
		    "'through_object', 'call_big', 'alias_table', "
		    "'alias_reassigned', 'embedded', 'read_once') "
		    "ORDER BY f.name, c.col",
		    "alias_table ->obj:ops-> obj:ops receivers.c; "
		    "call_big ->has_big:b-> - -; "
		    "embedded ->inner:ops-> inner:ops receivers.c; "
		    "from_array ->shelf:tabs-> shelf:tabs receivers.c; "
		    "from_call ->obj:ops-> obj:ops receivers.c; "
		    "read_once ->keeper:o-> keeper:o receivers.c; "
		    "read_once ->keeper:o-> keeper:o receivers.c; "
		    "through_object ->shelf:o->obj:ops-> obj:ops receivers.c");
}

/* What a pointer to a table passed as an argument is, so that the
 * tables a parameter can point to are known from its callers
 * (resolve/passed.c): a global's address (a row of a global array
 * too), an embedded member's, a parameter passed on; beside a field read,
 * an element through a pointer or a parameter the body walks on, an
 * unknown value (a local with no name); a table copied by a call, but not
 * the struct a call makes from one (`sk = sk_alloc(..., prot, ...)`). */
static void test_table_arguments(void **state)
{
	expect_rows(shapes_db,
		    "SELECT f.name, l.dst_index, l.src_kind, "
		    "coalesce(l.src_struct || ':' || l.src_field, "
		    "l.src_index, g.name) FROM flows l "
		    "JOIN functions f ON f.id = l.function_id "
		    "JOIN functions t ON t.id = l.dst_callee_id "
		    "LEFT JOIN globals g ON g.id = l.src_global_id "
		    "WHERE t.name IN ('take', 'take_made') "
		    "ORDER BY f.name, l.id",
		    "pass_copies 0 global_addr gmade; "
		    "pass_copies 0 global_addr gops; "
		    "pass_copies 0 local -; "
		    "pass_rows 0 global_addr rows; pass_rows 0 global some_tables; "
		    "pass_rows 0 local -; "
		    "pass_tables 0 global_addr gops; "
		    "pass_tables 0 member box:ops; "
		    "pass_tables 0 param 1; "
		    "pass_tables 0 field obj:ops; "
		    "pass_tables 0 call -; "
		    "pass_tables 0 local -; "
		    "pass_tables 0 member box:ops; "
		    "table_walked 0 param 0; "
		    "table_walked 0 local -");
}

/* Stores into a field that kcg cannot describe are recorded as from an
 * unknown source, so that what the field holds is not taken as all
 * known (resolve/passed.c): a pointer to a struct the TU does not define
 * (a global's address is described), the field's address passed on or
 * taken into a local (not the `*&x->o` of READ_ONCE() and WRITE_ONCE(),
 * whose store is seen), a GNU `p ?: &gops` (whose p the walk does not
 * describe); a null pointer is no store. */
static void test_unknown_stores(void **state)
{
	expect_rows(shapes_db,
		    "SELECT f.name, l.dst_struct || '.' || l.dst_field, "
		    "l.context, l.src_kind, coalesce(g.name, '-') "
		    "FROM flows l JOIN functions f ON f.id = l.function_id "
		    "LEFT JOIN globals g ON g.id = l.src_global_id "
		    "WHERE l.dst_struct = 'keeper' ORDER BY l.id",
		    "fill_keeper keeper.h assign local -; "
		    "fill_keeper keeper.h assign global_addr the_hidden; "
		    "fill_keeper keeper.o other local -; "
		    "pick_keeper keeper.o assign global_addr gops; "
		    "pick_keeper keeper.o assign local -; "
		    "keep_aside keeper.o other local -; "
		    "keep_aside keeper.o assign global_addr gops");
}

/* A function's address in a static `void *` that nothing in the TU
 * reads is only named (context `named`); read, it may be called. */
static void test_named_addresses(void **state)
{
	expect_rows(shapes_db,
		    "SELECT g.name, l.context FROM flows l JOIN globals g "
		    "ON g.id = l.in_global_id WHERE g.name IN ('named_only', "
		    "'read_later') ORDER BY g.name",
		    "named_only named; read_later other");
	/* and only named, it is no target of a call by signature */
	expect_rows(shapes_db,
		    "SELECT callee FROM edges WHERE caller = 'call_unknown' "
		    "AND kind = 'signature' ORDER BY callee",
		    "walk_other");
}

/*
 * tests/data/extract/members.c: an unnamed struct that is the type of a
 * named member is a type of its own (`chip.bar`), and a call through it
 * reaches only what its member holds; an anonymous union's fields stay
 * the struct's own.
 */
static void test_unnamed_member_types(void **state)
{
	expect_rows(shapes_db,
		    "SELECT c.line, i.struct || '.' || i.field FROM "
		    "indirect_calls i JOIN calls c ON c.id = i.call_id JOIN "
		    "functions f ON f.id = c.caller_id WHERE f.name = 'make' "
		    "ORDER BY c.line",
		    "34 chip.bar.ctor; 35 chip.mc.ctor; 36 chip.fallback; "
		    "37 chip.nest.inner.ctor");
	expect_rows(shapes_db,
		    "SELECT c.line, group_concat(e.name, ' ') FROM (SELECT "
		    "DISTINCT e.call_id, g.name FROM edge e JOIN functions g "
		    "ON g.id = e.callee_id WHERE e.kind = 'field' ORDER BY "
		    "g.name) e JOIN calls c ON c.id = e.call_id JOIN "
		    "functions f ON f.id = c.caller_id WHERE f.name = "
		    "'make' GROUP BY c.line "
		    "ORDER BY c.line",
		    "34 bar_a bar_b; 35 mc_a mc_b; 36 fall; 37 inner_a");
}

/* A struct of function pointers copied whole, three ways, and nothing
 * else; where to and from: into a member or a local (dst_member), through
 * the function's parameter (`*drv = template_ops`, `drv[1] = *over`,
 * memcpy through both), or through a pointer unknown (a parameter the
 * body moves, a field). */
static void test_struct_copies(void **state)
{
	expect_rows(shapes_db,
		    "SELECT s.struct, f.name, coalesce(s.dst_param_index, '-'), "
		    "coalesce(s.src_param_index, '-'), s.dst_member, "
		    "coalesce(g.name, '-') FROM struct_copies s JOIN claims c "
		    "ON c.id = s.claim_id JOIN functions f ON f.usr = c.key "
		    "LEFT JOIN globals g ON g.id = s.src_global_id "
		    "WHERE s.struct_file LIKE '%copies.c' ORDER BY f.name, "
		    "s.rowid",
		    "ops copy_by_memcpy - - 1 -; ops copy_in - - 1 -; "
		    "ops copy_in_init - - 1 -; "
		    "ops init_driver 0 - 0 template_ops; "
		    "ops init_driver 0 1 0 -; ops init_driver 0 1 0 -; "
		    "ops init_moved - - 0 template_ops; "
		    "ops init_moved - - 0 template_ops");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direct_and_macro_edges),
		cmocka_unit_test(test_no_spurious_direct_edges),
		cmocka_unit_test(test_one_view_row_per_call),
		cmocka_unit_test(test_one_node_per_function),
		cmocka_unit_test(test_macro_made_names),
		cmocka_unit_test(test_indirect_call_shapes),
		cmocka_unit_test(test_flows),
		cmocka_unit_test(test_initializer_shapes),
		cmocka_unit_test(test_integer_facts),
		cmocka_unit_test(test_guards),
		cmocka_unit_test(test_guarded_paths),
		cmocka_unit_test(test_receivers),
		cmocka_unit_test(test_table_fields),
		cmocka_unit_test(test_table_arguments),
		cmocka_unit_test(test_unknown_stores),
		cmocka_unit_test(test_named_addresses),
		cmocka_unit_test(test_unnamed_member_types),
		cmocka_unit_test(test_struct_copies),
		cmocka_unit_test(test_same_edges_with_one_or_two_jobs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
