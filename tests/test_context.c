/*
 * The netfilter context of a path search (queries/path_context.c with
 * queries/path.c) on a database made by hand, shaped like Linux's
 * NF_HOOK machinery:
 *
 *   ip_rcv -> NF_HOOK(IPV4, PRE_ROUTING, ..., ip_rcv_finish) -> nf_hook
 *     -> nf_hook_state_init (fills the state), nf_hook_slow
 *     -> nf_hook_entry_hookfn -> entry->hook: v4_pre (IPv4 PRE_ROUTING),
 *        br_pre (bridge PRE_ROUTING), inet_pre (INET PRE_ROUTING),
 *        v4_in (IPv4 LOCAL_IN)
 *   v4_pre -> state->okfn: ip_rcv_finish or other_finish
 *   br_pre -> br_helper (written call, not a carrier)
 *   bridge_pre: nf_hook_state_init(BRIDGE, PRE_ROUTING, br_finish) itself,
 *     then nf_hook_entry_hookfn
 *
 * A path from ip_rcv reaches only the IPv4 (and INET) PRE_ROUTING hooks,
 * and through the state's okfn only ip_rcv_finish; from bridge_pre only
 * the bridge hook.  Without the context every hook is reachable.  The
 * tests run twice: with the callers loaded too, path_find() searches the
 * type-level graph from both ends first and must fall back to the search
 * in the context when a hook or okfn on what it found is not allowed.
 */
#include "queries/graph.h"
#include "queries/path.h"
#include "queries/path_context.h"
#include "support/graph_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

enum {
	IP_RCV = 1, NF_HOOK_, NF_HOOK_FN, STATE_INIT, HOOK_SLOW, HOOKFN,
	V4_PRE, BR_PRE, INET_PRE, V4_IN, IP_RCV_FINISH, OTHER_FINISH,
	BR_HELPER, BRIDGE_PRE, BR_FINISH, NR_FNS
};

static const char fill_sql[] =
	"CREATE TABLE IF NOT EXISTS hook_context_args(call_id INTEGER,"
	" caller_id INTEGER, callee_id INTEGER, file_id INTEGER, line INTEGER,"
	" initializes INTEGER, pf INTEGER, pf_name TEXT, pf_param INTEGER,"
	" hooknum INTEGER, hooknum_name TEXT, hooknum_param INTEGER,"
	" okfn_id INTEGER, okfn_param INTEGER);"
	"CREATE TABLE IF NOT EXISTS hook_context_calls(call_id INTEGER,"
	" role TEXT);"
	"CREATE TABLE IF NOT EXISTS hook_context_carriers(function_id"
	" INTEGER);"
	"INSERT INTO files(id, path) VALUES (1, 'x.c');"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	"  WHERE i < 15) "
	"INSERT INTO functions(id, usr, name, file_id, line, linkage,"
	" is_inline, is_defined, from_macro) "
	"SELECT i, 'c:@F@f' || i, 'f' || i, 1, i, 'extern', 0, 1, 0 FROM n;"
	"INSERT INTO edge(id, caller_id, callee_id, kind, call_id, file_id,"
	" line, col) VALUES"
	" (1, 1, 2, 'direct', 1, 1, 1, 1), (2, 2, 3, 'direct', 2, 1, 2, 1),"
	" (3, 3, 4, 'direct', 3, 1, 3, 1), (4, 3, 5, 'direct', 4, 1, 4, 1),"
	" (5, 5, 6, 'direct', 5, 1, 5, 1),"
	" (6, 6, 7, 'netfilter_hook', 6, 1, 6, 1),"
	" (7, 6, 8, 'netfilter_hook', 6, 1, 6, 1),"
	" (8, 6, 9, 'netfilter_hook', 6, 1, 6, 1),"
	" (9, 6, 10, 'netfilter_hook', 6, 1, 6, 1),"
	" (10, 7, 11, 'field', 7, 1, 7, 1), (11, 7, 12, 'field', 7, 1, 7, 1),"
	" (12, 8, 13, 'direct', 8, 1, 8, 1),"
	" (13, 14, 4, 'direct', 9, 1, 9, 1), (14, 14, 6, 'direct', 10, 1, 10, 1),"
	" (15, 1, 11, 'callback', 1, 1, 1, 1);"
	"INSERT INTO hook_context_args(call_id, caller_id, callee_id,"
	" initializes, pf, pf_param, hooknum, hooknum_param, okfn_id,"
	" okfn_param) VALUES"
	" (1, 1, 2, 0, 2, NULL, 0, NULL, 11, NULL),"
	" (2, 2, 3, 0, NULL, 0, NULL, 1, NULL, 7),"
	" (3, 3, 4, 1, NULL, 0, NULL, 1, NULL, 7),"
	" (9, 14, 4, 1, 7, NULL, 0, NULL, 15, NULL);"
	"INSERT INTO hook_context_calls(call_id, role) VALUES"
	" (6, 'hook'), (7, 'okfn');"
	"INSERT INTO hook_context_carriers(function_id) VALUES"
	" (5), (6), (7), (8), (9), (10);"
	"INSERT INTO hooks(function_id, struct, pf, hooknum, dynamic) VALUES"
	" (7, 'nf_hook_ops', 2, 0, 0), (8, 'nf_hook_ops', 7, 0, 0),"
	" (9, 'nf_hook_ops', 1, 0, 0), (10, 'nf_hook_ops', 2, 1, 0);"
	"INSERT INTO enumerators(enum, name, value, claim_id) VALUES"
	" ('enum nf_proto', 'NFPROTO_INET', 1, 1),"
	" ('enum nf_proto', 'NFPROTO_IPV4', 2, 1),"
	" ('enum nf_proto', 'NFPROTO_IPV6', 10, 1),"
	" ('enum nf_proto', 'NFPROTO_BRIDGE', 7, 1);";

static sqlite3 *db;
static struct graph graph;

static int setup(void **state)
{
	(void)state;
	return graph_db_open(fill_sql, GRAPH_OUT, &db, &graph);
}

static int setup_both_directions(void **state)
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

/* How many hops the cheapest path from -> to has, -1 for none. */
static int hops(uint32_t from, uint32_t to, int with_context)
{
	struct path_query q;
	struct path_list paths;
	struct kcg_error err;
	int n;

	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.kinds = KIND_MASK_DEFAULT;
	q.k = 1;
	q.no_context = !with_context;
	path_list_init(&paths);
	assert_int_equal(path_find(&graph, &q, &paths, &err), 0);
	n = paths.nr ? (int)paths.items[0].hops : -1;
	path_list_release(&paths);
	return n;
}

static void test_hooks_of_the_context(void **state)
{
	(void)state;
	/* ip_rcv NF_HOOK nf_hook nf_hook_slow nf_hook_entry_hookfn hook */
	assert_int_equal(hops(IP_RCV, V4_PRE, 1), 5);
	assert_int_equal(hops(IP_RCV, INET_PRE, 1), 5);
	assert_int_equal(hops(IP_RCV, BR_PRE, 1), -1);
	assert_int_equal(hops(IP_RCV, V4_IN, 1), -1);
	assert_int_equal(hops(IP_RCV, BR_HELPER, 1), -1);
	/* the type-level graph has them all */
	assert_int_equal(hops(IP_RCV, BR_PRE, 0), 5);
	assert_int_equal(hops(IP_RCV, V4_IN, 0), 5);
	assert_int_equal(hops(IP_RCV, BR_HELPER, 0), 6);
	/* entered with nothing known: nothing restricted */
	assert_int_equal(hops(HOOK_SLOW, BR_PRE, 1), 2);
}

static void test_okfn_of_the_context(void **state)
{
	(void)state;
	assert_int_equal(hops(IP_RCV, OTHER_FINISH, 1), -1);
	assert_int_equal(hops(IP_RCV, OTHER_FINISH, 0), 6);
	assert_int_equal(hops(NF_HOOK_, IP_RCV_FINISH, 1), 5);
	assert_int_equal(hops(NF_HOOK_, OTHER_FINISH, 1), 5);
}

/* A function that fills the state itself puts its own calls in it. */
static void test_context_made_in_place(void **state)
{
	(void)state;
	assert_int_equal(hops(BRIDGE_PRE, BR_PRE, 1), 2);
	assert_int_equal(hops(BRIDGE_PRE, BR_HELPER, 1), 3);
	assert_int_equal(hops(BRIDGE_PRE, V4_PRE, 1), -1);
	assert_int_equal(hops(BRIDGE_PRE, INET_PRE, 1), -1);
	assert_int_equal(hops(BRIDGE_PRE, V4_PRE, 0), 2);
}

static void test_step(void **state)
{
	struct ctx_value c = { 2, 0, IP_RCV_FINISH, 0, 0 }, out[4];

	(void)state;
	/* a call that is none of these drops the context */
	assert_int_equal(path_context_step(&graph.context, BR_PRE, BR_HELPER,
					   &c, out, 4), 1);
	assert_true(ctx_is_unknown(&out[0]));
	/* a carrier keeps it */
	assert_int_equal(path_context_step(&graph.context, NF_HOOK_FN, HOOK_SLOW,
					   &c, out, 4), 1);
	assert_int_equal(out[0].pf, 2);
	assert_int_equal(out[0].okfn, IP_RCV_FINISH);
	/* the okfn leaves the hooks */
	assert_int_equal(path_context_step(&graph.context, V4_PRE, IP_RCV_FINISH,
					   &c, out, 4), 1);
	assert_true(ctx_is_unknown(&out[0]));
	assert_int_equal(path_context_step(&graph.context, V4_PRE, OTHER_FINISH,
					   &c, out, 4), 0);

	/* a family computed at run time: the hook point still tells */
	c.pf = CTX_UNKNOWN_INT;
	c.hooknum = 1;
	assert_int_equal(path_context_step(&graph.context, HOOKFN, V4_IN, &c,
					   out, 4), 1);
	assert_int_equal(path_context_step(&graph.context, HOOKFN, V4_PRE,
					   &c, out, 4), 0);
	assert_int_equal(path_context_step(&graph.context, HOOKFN, BR_PRE,
					   &c, out, 4), 0);
	c.hooknum = CTX_UNKNOWN_INT;
	assert_int_equal(path_context_step(&graph.context, HOOKFN, BR_PRE,
					   &c, out, 4), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hooks_of_the_context),
		cmocka_unit_test(test_okfn_of_the_context),
		cmocka_unit_test(test_context_made_in_place),
		cmocka_unit_test(test_step),
	};

	(void)NR_FNS;
	return cmocka_run_group_tests_name("callees only", tests, setup,
					   teardown) ||
	       cmocka_run_group_tests_name("from both ends", tests,
					   setup_both_directions, teardown);
}
