/*
 * Resolution on samples/: every indirect edge of samples/expected (with
 * its registration site), nothing more, and callback context kept.
 */
#include "extractor/compdb.h"
#include "index/indexer.h"
#include "resolve/resolve.h"
#include "support/edge_check.h"
#include "support/failing_table.h"
#include "support/index.h"
#include "support/tsv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SAMPLES KCG_SOURCE_DIR "/samples"

static sqlite3 *db;

static int setup(void **state)
{
	struct index_result result;
	const char *path = KCG_TEST_TMPDIR "/resolve.db";

	if (index_for_test(SAMPLES, path, 2, &result))
		fail_msg("cannot index '%s'", SAMPLES);
	index_result_release(&result);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL))
		fail_msg("cannot open '%s'", path);
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(db);
	return 0;
}

static void expect_all(const char *file, const char *mechanism)
{
	const char *const mechanisms[] = { mechanism, NULL };
	size_t checked;
	int missing = check_truth_edges(db, file, mechanisms, &checked);

	printf("%s: %zu checked, %d missing\n", mechanism, checked, missing);
	assert_true(checked > 0);
	assert_int_equal(missing, 0);
}

/* Rules 1, 3, 4, 6: calls through struct fields, registration sites. */
static void test_field_edges(void **state)
{
	expect_all(SAMPLES "/expected/edges.tsv", "field");
}

/* Rule 5: ip_rcv -> ip_rcv_finish via NF_HOOK. */
static void test_callback_edges(void **state)
{
	expect_all(SAMPLES "/expected/edges.tsv", "callback_arg");
}

/* Rule 2 and tables: net_dev_init -> net_rx_action through open_softirq. */
static void test_registration_edges(void **state)
{
	expect_all(SAMPLES "/expected/edges.tsv", "registration");
}

/* Rule 7: nf_hook_entry_hookfn -> every registered hook. */
static void test_netfilter_hook_edges(void **state)
{
	expect_all(SAMPLES "/expected/edges.tsv", "netfilter_hook");
}

/* Rule 8, low confidence: a call through a pointer of unknown origin. */
static void test_signature_edges(void **state)
{
	expect_all(SAMPLES "/expected/signature_edges.tsv", "signature");
}

/*
 * Nothing beyond the expected edges: the INDIRECT_CALL fallback does not
 * repeat its named candidates, a registrar copying what it is given
 * registers nothing itself.
 */
static void test_no_extra_edges(void **state)
{
	struct tsv t;
	sqlite3_stmt *st;
	size_t i, expected = 0;
	int found = 0;

	assert_int_equal(tsv_read(&t, SAMPLES "/expected/edges.tsv"), 0);
	for (i = 0; i < t.nr_rows; i++) {
		const char *m = tsv_get(&t, i, "mechanism");

		if (strcmp(m, "direct") && strcmp(m, "macro"))
			expected++;
	}
	tsv_release(&t);
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT count(DISTINCT caller || '>' || callee || '>' || kind) "
		"FROM edges WHERE kind NOT IN ('direct', 'macro', 'signature')",
		-1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(found, (int)expected);
}

/* Rule 7: every hook with its family, hook point and priority, those
 * built at run time from a table template (xt_hook_ops_alloc) too. */
static void test_netfilter_hook_points(void **state)
{
	size_t checked;
	int missing = check_truth_hooks(db, SAMPLES "/expected/nf_hooks.tsv",
					&checked);

	assert_true(checked >= 11);
	assert_int_equal(missing, 0);
}

/* NF_HOOK calls its okfn parameter: the okfn belongs to NF_HOOK's caller,
 * so no edge leaves NF_HOOK for any of them. */
static void test_callback_context(void **state)
{
	sqlite3_stmt *st;
	int n = -1;

	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT count(*) FROM edges WHERE caller = 'NF_HOOK' AND "
		"callee IN (SELECT callee FROM edges WHERE kind = 'callback')",
		-1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(n, 0);
}

/*
 * Resolution on a copy of the index whose table `table` fails to read at
 * the rows matching `when`: an error naming sqlite's message, never fewer
 * edges or hooks.
 */
/* The text of the first column of the first row of sql ("" if none),
 * into buf. */
static const char *query_text(const char *sql, char *buf, size_t size)
{
	sqlite3_stmt *st;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

#define HC_ROW(caller, callee)                                         \
	"SELECT h.initializes || ' ' || coalesce(h.pf, '-') || ' ' || "   \
	"coalesce(h.pf_name, '-') || ' ' || coalesce(h.pf_param, '-') || " \
	"' ' || coalesce(h.hooknum, '-') || ' ' || "                        \
	"coalesce(h.hooknum_name, '-') || ' ' || "                          \
	"coalesce(h.hooknum_param, '-') || ' ' || coalesce(o.name, '-') || "\
	"' ' || coalesce(h.okfn_param, '-') FROM hook_context_args h "      \
	"JOIN functions c ON c.id = h.caller_id "                           \
	"JOIN functions g ON g.id = h.callee_id "                           \
	"LEFT JOIN functions o ON o.id = h.okfn_id "                        \
	"WHERE c.name = '" caller "' AND g.name = '" callee "'"

/*
 * The hook context: the family, hook point and okfn each call passes
 * towards nf_hook_state (constants, or its own parameters passed on), the
 * calls that use the context, the functions that take it.
 */
static void test_hook_context(void **state)
{
	char buf[256];

	/* initializes pf pf_name pf_param hooknum hooknum_name
	 * hooknum_param okfn okfn_param */
	assert_string_equal(query_text(HC_ROW("ip_rcv", "NF_HOOK"), buf,
				       sizeof(buf)),
			    "0 2 NFPROTO_IPV4 - 0 NF_INET_PRE_ROUTING - "
			    "ip_rcv_finish -");
	assert_string_equal(query_text(HC_ROW("ip_local_deliver", "NF_HOOK"),
				       buf, sizeof(buf)),
			    "0 2 NFPROTO_IPV4 - 1 NF_INET_LOCAL_IN - "
			    "ip_local_deliver_finish -");
	assert_string_equal(query_text(HC_ROW("__ip_local_out", "nf_hook"),
				       buf, sizeof(buf)),
			    "0 2 NFPROTO_IPV4 - 3 NF_INET_LOCAL_OUT - "
			    "dst_output -");
	/* the wrappers pass their parameters on */
	assert_string_equal(query_text(HC_ROW("NF_HOOK", "nf_hook"), buf,
				       sizeof(buf)),
			    "0 - - 0 - - 1 - 7");
	assert_string_equal(query_text(HC_ROW("nf_hook",
					      "nf_hook_state_init"),
				       buf, sizeof(buf)),
			    "1 - - 0 - - 1 - 7");
	/* the bridge fills the state with constants itself: a #define's
	 * name, an enumerator's */
	assert_string_equal(query_text(HC_ROW("nf_hook_bridge_pre",
					      "nf_hook_state_init"),
				       buf, sizeof(buf)),
			    "1 7 NFPROTO_BRIDGE - 0 NF_BR_PRE_ROUTING - "
			    "br_handle_frame_finish -");
	assert_int_equal(atoi(query_text("SELECT count(*) FROM "
					 "hook_context_args", buf,
					 sizeof(buf))), 12);
	/* the dispatch and the okfn a hook calls */
	assert_string_equal(query_text("SELECT group_concat(f.name || ':' || "
				       "h.role, ' ') FROM (SELECT * FROM "
				       "hook_context_calls ORDER BY role) h "
				       "JOIN calls c ON c.id = h.call_id JOIN "
				       "functions f ON f.id = c.caller_id",
				       buf, sizeof(buf)),
			    "nf_hook_entry_hookfn:hook ip_sabotage_in:okfn "
			    "nf_reinject:okfn");
	/* hooks take the state; xt_hook_ops_alloc only a function pointer
	 * whose type mentions it */
	assert_int_equal(atoi(query_text("SELECT count(*) FROM "
					 "hook_context_carriers h JOIN "
					 "functions f ON f.id = h.function_id "
					 "WHERE f.name IN ('ip_sabotage_in', "
					 "'nf_hook_slow', "
					 "'nf_hook_state_init', "
					 "'nf_hook_entry_hookfn')", buf,
					 sizeof(buf))), 4);
	/* nf_reinject calls the okfn of a state it does not take: it is in
	 * the queue entry it takes, and whoever takes a queue entry carries
	 * the context too */
	assert_int_equal(atoi(query_text("SELECT count(*) FROM "
					 "hook_context_carriers h JOIN "
					 "functions f ON f.id = h.function_id "
					 "WHERE f.name IN ('nf_reinject', "
					 "'nf_queue_verdict', 'nf_queue')",
					 buf, sizeof(buf))), 3);
	assert_int_equal(atoi(query_text("SELECT count(*) FROM "
					 "hook_context_carriers h JOIN "
					 "functions f ON f.id = h.function_id "
					 "WHERE f.name IN "
					 "('xt_hook_ops_alloc', "
					 "'NF_HOOK', 'nf_hook')", buf,
					 sizeof(buf))), 0);
}

static int query_int(const char *sql)
{
	char buf[64];

	return atoi(query_text(sql, buf, sizeof(buf)));
}

#define TARGETS_OF(caller)                                              \
	"SELECT group_concat(callee, ' ') FROM (SELECT DISTINCT callee "     \
	"FROM edges WHERE caller = '" caller "' AND kind = 'field' "         \
	"ORDER BY callee)"

/*
 * Calls through a field confined by the object they are made on: the
 * variant's own adt[] inside its kadt (same receiver), a named global's
 * own initializer (named global).  Calls on any object stay type level.
 */
static void test_confinement(void **state)
{
	char buf[256];

	assert_string_equal(query_text(TARGETS_OF("hash_ip4_kadt"), buf,
				       sizeof(buf)),
			    "hash_ip4_add hash_ip4_del hash_ip4_test");
	assert_string_equal(query_text(TARGETS_OF("bitmap_ip_kadt"), buf,
				       sizeof(buf)),
			    "bitmap_ip_add bitmap_ip_del bitmap_ip_test");
	assert_int_equal(query_int("SELECT count(*) FROM edge WHERE rule = "
				   "'1 stored, same receiver'"), 6);
	/* the core calls kadt on any set */
	assert_string_equal(query_text(TARGETS_OF("ip_set_test"), buf,
				       sizeof(buf)),
			    "bitmap_ip_kadt hash_ip4_kadt");
	/* inet_dgram_ops.ioctl: what inet_dgram_ops holds, stored there;
	 * not packet_spkt_ioctl, stored at run time into another global
	 * by name (packet_spkt_ops.ioctl = ...) */
	assert_string_equal(query_text(TARGETS_OF("packet_ioctl"), buf,
				       sizeof(buf)), "inet_ioctl");
	assert_string_equal(query_text("SELECT e.rule || ' ' || p.path || ':' "
				       "|| e.reg_line FROM edge e JOIN "
				       "functions f ON f.id = e.caller_id JOIN "
				       "files p ON p.id = e.reg_file_id WHERE "
				       "f.name = 'packet_ioctl' AND "
				       "e.kind = 'field'", buf, sizeof(buf)),
			    "1 stored, named global net/ipv4/af_inet.c:55");
	/* q->immediate.func(): what INIT_WORK stores into that member of
	 * struct rx_inq, not into the work of struct netdev_todo */
	assert_string_equal(query_text(TARGETS_OF("rx_inq_push"), buf,
				       sizeof(buf)), "rx_inq_bh_rcv");
	assert_int_equal(query_int("SELECT count(*) FROM edge WHERE rule = "
				   "'1 stored, same container'"), 1);
	/* nb->notifier_call(): the blocks register_netdevice_notifier()'s
	 * callers pass and call_netdevice_notifier()'s callers pass on (a
	 * global, a member of struct fake_notify), not the netevent
	 * chain's */
	assert_string_equal(query_text(TARGETS_OF("call_netdevice_notifier"),
				       buf, sizeof(buf)),
			    "br_netdev_event fake_netdev_event");
	assert_int_equal(query_int("SELECT count(*) FROM edge WHERE rule = "
				   "'1 stored, passed by callers'"), 2);
	/* sk->sk_prot->init(sk) on the sock sk_alloc() made with the proto
	 * passed: what can_proto.prot holds (raw_proto), what
	 * inet_protosw.prot holds (tcp_prot; udp_prot has no init) */
	assert_string_equal(query_text(TARGETS_OF("can_create"), buf,
				       sizeof(buf)), "raw_sock_init");
	assert_string_equal(query_text(TARGETS_OF("inet_create"), buf,
				       sizeof(buf)), "tcp_v4_init_sock");
	assert_int_equal(query_int("SELECT count(*) FROM edge WHERE rule = "
				   "'1 stored, made here'"), 2);
	/* arr->ops->get() reads its table from kparam_array.ops, which
	 * holds only param_ops_int; kp->ops->set() from kernel_param.ops,
	 * which holds every table that has a set */
	assert_string_equal(query_text(TARGETS_OF("param_array_get"), buf,
				       sizeof(buf)), "param_get_int");
	assert_string_equal(query_text(TARGETS_OF("parse_one"), buf,
				       sizeof(buf)),
			    "param_set_charp param_set_int");
	assert_int_equal(query_int("SELECT count(*) FROM edge WHERE rule = "
				   "'1 stored, tables of the field'"), 1);
}

/*
 * Resolve a copy of the index after sql changed its facts; the field
 * targets of caller, as TARGETS_OF gives them, into buf.
 */
static const char *targets_after(const char *sql, const char *caller,
				 char *buf, size_t size)
{
	const char *copy = KCG_TEST_TMPDIR "/resolve-changed.db";
	struct resolve_stats stats;
	struct kcg_error err;
	char cmd[1024], query[512];
	sqlite3 *d;
	sqlite3_stmt *st;

	snprintf(cmd, sizeof(cmd), "cp %s/resolve.db %s", KCG_TEST_TMPDIR,
		 copy);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sqlite3_open(copy, &d), SQLITE_OK);
	assert_int_equal(sqlite3_exec(d, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(d, "BEGIN", NULL, NULL, NULL),
			 SQLITE_OK);
	if (resolve_index(d, &stats, &err))
		fail_msg("resolve: %s", err.msg);
	assert_int_equal(sqlite3_exec(d, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	snprintf(query, sizeof(query),
		 "SELECT group_concat(name, ' ') FROM (SELECT DISTINCT "
		 "g.name FROM edge e JOIN functions f ON f.id = e.caller_id "
		 "JOIN functions g ON g.id = e.callee_id WHERE f.name = '%s' "
		 "AND e.kind = 'field' ORDER BY g.name)", caller);
	assert_int_equal(sqlite3_prepare_v2(d, query, -1, &st, NULL),
			 SQLITE_OK);
	buf[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(d);
	remove(copy);
	return buf;
}

/* Where the assumptions fail, the rules stand back. */
static void test_confinement_refused(void **state)
{
	char buf[256];

	/* hash_ip4_kadt called by name: its set may hold any variant */
	assert_string_equal(targets_after(
		"INSERT INTO calls(caller_id, callee_id, kind, file_id, line, "
		"col, claim_id) SELECT c.caller_id, f.id, 'direct', c.file_id, "
		"c.line, c.col, c.claim_id FROM calls c, functions f WHERE "
		"c.kind = 'direct' AND f.name = 'hash_ip4_kadt' LIMIT 1",
		"hash_ip4_kadt", buf, sizeof(buf)),
		"bitmap_ip_add bitmap_ip_del bitmap_ip_test hash_ip4_add "
		"hash_ip4_del hash_ip4_test");
	/* its address only named, as EXPORT_SYMBOL names it: it counts,
	 * since a table may be filled at run time in ways not seen
	 * (libata's .inherits) */
	assert_string_equal(targets_after(
		"INSERT INTO flows(file_id, line, col, context, dst_kind, "
		"src_kind, src_function_id, claim_id) SELECT 1, 1, 1, "
		"'named', 'other', 'function', f.id, (SELECT min(id) FROM "
		"claims) FROM functions f WHERE f.name = 'hash_ip4_kadt'",
		"hash_ip4_kadt", buf, sizeof(buf)),
		"bitmap_ip_add bitmap_ip_del bitmap_ip_test hash_ip4_add "
		"hash_ip4_del hash_ip4_test");
	/* a call through kadt that passes some other object */
	assert_string_equal(targets_after(
		"UPDATE receivers SET arg_index = 1 WHERE call_id IN (SELECT "
		"c.id FROM calls c JOIN functions f ON f.id = c.caller_id "
		"WHERE f.name = 'ip_set_add')",
		"bitmap_ip_kadt", buf, sizeof(buf)),
		"bitmap_ip_add bitmap_ip_del bitmap_ip_test hash_ip4_add "
		"hash_ip4_del hash_ip4_test");
	/* a store into adt made at run time may be in any variant */
	assert_string_equal(targets_after(
		"UPDATE flows SET context = 'assign' WHERE src_function_id = "
		"(SELECT id FROM functions WHERE name = 'bitmap_ip_del')",
		"hash_ip4_kadt", buf, sizeof(buf)),
		"bitmap_ip_del hash_ip4_add hash_ip4_del hash_ip4_test");
	/* inet_dgram_ops assigned as a whole */
	assert_string_equal(targets_after(
		"INSERT INTO flows(function_id, file_id, line, col, context, "
		"dst_kind, dst_global_id, src_kind, src_global_id, claim_id) "
		"SELECT NULL, 1, 1, 1, 'assign', 'global', g.id, "
		"'global_addr', g.id, (SELECT min(id) FROM claims) "
		"FROM globals g WHERE g.name = 'inet_dgram_ops'",
		"packet_ioctl", buf, sizeof(buf)),
		"inet_ioctl packet_ioctl packet_spkt_ioctl");
	/* a work_struct copied whole somewhere (`q->immediate = *w`):
	 * what was stored into any member may be in this one */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id) "
		"SELECT i.struct, i.struct_file, (SELECT min(id) FROM claims) "
		"FROM indirect_calls i JOIN calls c ON c.id = i.call_id JOIN "
		"functions f ON f.id = c.caller_id WHERE f.name = "
		"'rx_inq_push'",
		"rx_inq_push", buf, sizeof(buf)),
		"netdev_todo_run rx_inq_bh_rcv");
	/* a work whose place is not known may be the member's */
	assert_string_equal(targets_after(
		"UPDATE flows SET dst_container = NULL WHERE src_function_id = "
		"(SELECT id FROM functions WHERE name = 'netdev_todo_run')",
		"rx_inq_push", buf, sizeof(buf)),
		"netdev_todo_run rx_inq_bh_rcv");
}

#define ALL_NOTIFIERS "br_netdev_event fake_netdev_event fake_netevent_event"
#define PASSED_TO(fn) \
	"(SELECT id FROM flows WHERE dst_kind = 'arg' AND dst_callee_id = " \
	"(SELECT id FROM functions WHERE name = '" fn "'))"

/* The tables passed by the callers stand back when a caller passes
 * something not followed, or the function is reached another way. */
static void test_passed_refused(void **state)
{
	char buf[256];

	(void)state;
	/* EXPORT_SYMBOL(register_netdevice_notifier) only names it; were
	 * its address kept where it is read, it could be entered from
	 * anywhere */
	assert_string_equal(targets_after(
		"UPDATE flows SET context = 'other' WHERE context = 'named'",
		"call_netdevice_notifier", buf, sizeof(buf)), ALL_NOTIFIERS);
	/* one caller of register_netdevice_notifier passes something
	 * else (a field read, a local) */
	assert_string_equal(targets_after(
		"UPDATE flows SET src_kind = 'local', src_global_id = NULL "
		"WHERE id IN " PASSED_TO("register_netdevice_notifier")
		" AND src_kind = 'global_addr'",
		"call_netdevice_notifier", buf, sizeof(buf)), ALL_NOTIFIERS);
	/* an argument of a caller not described at all */
	assert_string_equal(targets_after(
		"DELETE FROM flows WHERE id IN "
		PASSED_TO("call_netdevice_register_notifiers"),
		"call_netdevice_notifier", buf, sizeof(buf)), ALL_NOTIFIERS);
	/* call_netdevice_notifier's address passed as an argument: it is
	 * entered from places not followed */
	assert_string_equal(targets_after(
		"INSERT INTO flows(function_id, file_id, line, col, context, "
		"dst_kind, dst_call_id, dst_index, src_kind, src_function_id, "
		"claim_id) SELECT c.caller_id, c.file_id, c.line, c.col, 'arg', "
		"'arg', c.id, 0, 'function', f.id, c.claim_id FROM calls c, "
		"functions f WHERE c.kind = 'direct' AND f.name = "
		"'call_netdevice_notifier' LIMIT 1",
		"call_netdevice_notifier", buf, sizeof(buf)), ALL_NOTIFIERS);
	/* the notifier_block copied whole somewhere: the member passed may
	 * hold what was stored into another */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id) "
		"SELECT i.struct, i.struct_file, (SELECT min(id) FROM claims) "
		"FROM indirect_calls i JOIN calls c ON c.id = i.call_id JOIN "
		"functions f ON f.id = c.caller_id WHERE f.name = "
		"'call_netdevice_notifier'",
		"call_netdevice_notifier", buf, sizeof(buf)), ALL_NOTIFIERS);
	/* fake_netevent_event stored at run time through a pointer: it may
	 * be in any block */
	assert_string_equal(targets_after(
		"UPDATE flows SET context = 'assign', in_global_id = NULL "
		"WHERE src_function_id = (SELECT id FROM functions WHERE name "
		"= 'fake_netevent_event')",
		"call_netdevice_notifier", buf, sizeof(buf)), ALL_NOTIFIERS);
}

#define BOTH_INITS "raw_sock_init tcp_v4_init_sock"

/* The object a call is made on was made by a call, but what it holds is
 * not all known: the call stays type level. */
static void test_made_refused(void **state)
{
	char buf[256];

	(void)state;
	/* the local is not only what sk_alloc() returned (assigned again,
	 * its address taken, its field stored into by its own function) */
	assert_string_equal(targets_after(
		"UPDATE receivers SET made_call_id = NULL",
		"can_create", buf, sizeof(buf)), BOTH_INITS);
	/* sk_alloc() stores nothing known into the sock it returns */
	assert_string_equal(targets_after(
		"UPDATE flows SET dst_made = NULL",
		"can_create", buf, sizeof(buf)), BOTH_INITS);
	/* something kcg does not follow is stored into can_proto.prot */
	assert_string_equal(targets_after(
		"UPDATE flows SET src_kind = 'local', src_global_id = NULL "
		"WHERE dst_struct = 'can_proto' AND dst_field = 'prot'",
		"can_create", buf, sizeof(buf)), BOTH_INITS);
	/* raw_proto copied whole from something not a global by name: it
	 * may hold any proto's init */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"dst_global_id) SELECT 'proto', NULL, (SELECT min(id) FROM "
		"claims), id FROM globals WHERE name = 'raw_proto'",
		"can_create", buf, sizeof(buf)), BOTH_INITS);
	/* ... from tcp_prot by name: what tcp_prot holds too */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"dst_global_id, src_global_id) SELECT 'proto', NULL, "
		"(SELECT min(id) FROM claims), d.id, s.id FROM globals d, "
		"globals s WHERE d.name = 'raw_proto' AND s.name = 'tcp_prot'",
		"can_create", buf, sizeof(buf)), BOTH_INITS);
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"dst_global_id, src_global_id) SELECT 'proto', NULL, "
		"(SELECT min(id) FROM claims), d.id, s.id FROM globals d, "
		"globals s WHERE d.name = 'raw_proto' AND s.name = 'udp_prot'",
		"can_create", buf, sizeof(buf)), "raw_sock_init");
	/* can_proto.prot is given a parameter of a function no one calls */
	assert_string_equal(targets_after(
		"UPDATE flows SET src_kind = 'param', src_index = 0, "
		"src_global_id = NULL, function_id = (SELECT id FROM functions "
		"WHERE name = 'raw_sock_init') "
		"WHERE dst_struct = 'can_proto' AND dst_field = 'prot'",
		"can_create", buf, sizeof(buf)), BOTH_INITS);
}

/* Every table a kernel_param_ops.get call can reach, by type. */
#define ALL_GETS "param_array_get param_get_charp param_get_int"

/* What the field a table is read from holds is not all known, or leaves
 * the call nothing: the rule stands back. */
static void test_field_tables_refused(void **state)
{
	char buf[256];

	(void)state;
	/* something kcg does not follow is stored into kparam_array.ops */
	assert_string_equal(targets_after(
		"UPDATE flows SET src_kind = 'local', src_global_id = NULL "
		"WHERE dst_struct = 'kparam_array' AND dst_field = 'ops'",
		"param_array_get", buf, sizeof(buf)), ALL_GETS);
	/* nothing is stored into it in what is indexed */
	assert_string_equal(targets_after(
		"DELETE FROM flows WHERE dst_struct = 'kparam_array' AND "
		"dst_field = 'ops'",
		"param_array_get", buf, sizeof(buf)), ALL_GETS);
	/* what it holds has no get here: the tables that reach the call
	 * are stored outside what is indexed (a slice), or nowhere */
	assert_string_equal(targets_after(
		"DELETE FROM flows WHERE src_function_id = (SELECT id FROM "
		"functions WHERE name = 'param_get_int')",
		"param_array_get", buf, sizeof(buf)),
		"param_array_get param_get_charp");
	/* the call's object is no longer known to read that field */
	assert_string_equal(targets_after(
		"UPDATE receivers SET table_field = NULL",
		"param_array_get", buf, sizeof(buf)), ALL_GETS);
	/* param_ops_int copied whole from something not a global by name */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"dst_global_id) SELECT 'kernel_param_ops', NULL, (SELECT "
		"min(id) FROM claims), id FROM globals WHERE name = "
		"'param_ops_int'",
		"param_array_get", buf, sizeof(buf)), ALL_GETS);
	/* param_ops_charp copied through a pointer that may be to
	 * param_ops_int: what param_ops_charp holds may be there too */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"src_global_id) SELECT 'kernel_param_ops', "
		"'include/linux/moduleparam.h', (SELECT min(id) FROM claims), "
		"id FROM globals WHERE name = 'param_ops_charp'",
		"param_array_get", buf, sizeof(buf)),
		"param_get_charp param_get_int");
	/* ... from something not followed */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id) "
		"VALUES ('kernel_param_ops', 'include/linux/moduleparam.h', "
		"(SELECT min(id) FROM claims))",
		"param_array_get", buf, sizeof(buf)), ALL_GETS);
	/* ... through a parameter whose callers pass other tables
	 * (sk_alloc()'s prot: protos), from anything: not into
	 * param_ops_int */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"dst_param_index) SELECT 'kernel_param_ops', "
		"'include/linux/moduleparam.h', c.id, 2 FROM claims c "
		"JOIN functions f ON f.usr = c.key WHERE f.name = 'sk_alloc'",
		"param_array_get", buf, sizeof(buf)), "param_get_int");
	/* ... through a parameter no caller passes anything to */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"dst_param_index) SELECT 'kernel_param_ops', "
		"'include/linux/moduleparam.h', c.id, 1 FROM claims c "
		"JOIN functions f ON f.usr = c.key WHERE f.name = 'parse_one'",
		"param_array_get", buf, sizeof(buf)), ALL_GETS);
	/* ... into a struct member: never param_ops_int */
	assert_string_equal(targets_after(
		"INSERT INTO struct_copies(struct, struct_file, claim_id, "
		"dst_member) VALUES ('kernel_param_ops', "
		"'include/linux/moduleparam.h', (SELECT min(id) FROM claims), "
		"1)",
		"param_array_get", buf, sizeof(buf)), "param_get_int");
}

/*
 * A hook entry filled at run time takes its family from the constants
 * the filling function stores (`hook->ops.pf = NFPROTO_NETDEV`), for the
 * function copied into it from the flowtable type; a field filled with a
 * value that is not constant stays unknown.
 */
static void test_filled_hooks(void **state)
{
	char buf[256];

	assert_string_equal(query_text("SELECT h.pf || ' ' || h.pf_name || "
				       "' ' || coalesce(h.hooknum, '-') || ' ' "
				       "|| coalesce(h.priority, '-') || ' ' || "
				       "h.dynamic || ' ' || h.line FROM hooks h "
				       "JOIN functions f ON f.id = h.function_id "
				       "WHERE f.name = 'nf_flow_offload_ip_hook'",
				       buf, sizeof(buf)),
			    "5 NFPROTO_NETDEV - - 1 52");
	assert_int_equal(query_int("SELECT count(*) FROM hooks h JOIN "
				   "functions f ON f.id = h.function_id "
				   "WHERE f.name = 'nf_flow_offload_ip_hook'"),
			 1);
}

static void expect_resolve_fails_after(const char *sql, const char *table,
				       const char *when)
{
	const char *copy = KCG_TEST_TMPDIR "/resolve-failing.db";
	struct resolve_stats stats;
	struct kcg_error err;
	char cmd[1024];
	sqlite3 *d;

	snprintf(cmd, sizeof(cmd), "cp %s/resolve.db %s", KCG_TEST_TMPDIR,
		 copy);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sqlite3_open(copy, &d), SQLITE_OK);
	assert_int_equal(sqlite3_exec(d, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(make_table_fail(d, table, when), 0);
	memset(&stats, 0, sizeof(stats));
	assert_int_equal(sqlite3_exec(d, "BEGIN", NULL, NULL, NULL),
			 SQLITE_OK);
	if (!resolve_index(d, &stats, &err))
		fail_msg("resolution read a failing '%s' without an error",
			 table);
	assert_non_null(strstr(err.msg, "malformed JSON"));
	sqlite3_exec(d, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(d);
	remove(copy);
}

static void expect_resolve_fails(const char *table, const char *when)
{
	expect_resolve_fails_after("SELECT 1", table, when);
}

/* Every row loop of the resolver stops at a database error. */
static void test_failing_scans(void **state)
{
	/* hooks.c: the integer fields of hook registration structs */
	expect_resolve_fails("init_consts", "1");
	/* edges.c: the named candidates of INDIRECT_CALL_x() */
	expect_resolve_fails("calls", "kind = 'macro'");
	/* edges.c: the address-taken functions by type (signature) */
	expect_resolve_fails("functions", "type IS NOT NULL AND id > 20");
	/* store_edges.c: the resolved edges already in the table, all of
	 * them (no digests yet) or of the callers whose digest changed */
	expect_resolve_fails_after("DELETE FROM edge_digests", "edge",
				   "kind = 'field'");
	expect_resolve_fails_after("UPDATE edge_digests SET digest = NULL",
				   "edge", "kind = 'field'");
	expect_resolve_fails("edge_digests", "1");
	/* solve.c: the flows */
	expect_resolve_fails("flows", "id > 10");
	/* hook_context.c: integer stores and arguments, carriers' types */
	expect_resolve_fails("int_stores", "1");
	expect_resolve_fails("call_args", "param_index IS NOT NULL");
	expect_resolve_fails("functions", "type LIKE '%nf_hook_state%'");
	/* receivers.c: the objects field calls are made on */
	expect_resolve_fails("receivers", "1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_edges),
		cmocka_unit_test(test_callback_edges),
		cmocka_unit_test(test_registration_edges),
		cmocka_unit_test(test_netfilter_hook_edges),
		cmocka_unit_test(test_signature_edges),
		cmocka_unit_test(test_no_extra_edges),
		cmocka_unit_test(test_netfilter_hook_points),
		cmocka_unit_test(test_callback_context),
		cmocka_unit_test(test_hook_context),
		cmocka_unit_test(test_confinement),
		cmocka_unit_test(test_confinement_refused),
		cmocka_unit_test(test_passed_refused),
		cmocka_unit_test(test_made_refused),
		cmocka_unit_test(test_field_tables_refused),
		cmocka_unit_test(test_filled_hooks),
		cmocka_unit_test(test_failing_scans),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
