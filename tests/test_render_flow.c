/*
 * Flows, neighbourhoods and cutting on the samples index (render/):
 * the shipped rx flow connects and is drawn with its waypoints in order,
 * its execution-context bands, hook points listing their hooks in
 * priority order and its hand-off; a flow that does not hold is reported
 * leg by leg; alternatives pair up as lanes; a callers tree points from
 * caller to callee; --max-nodes cuts a big diagram to size and says so.
 * Each diagram is written as DOT and read back with cgraph.
 */
#include "db/db.h"
#include "queries/flow.h"
#include "queries/graph.h"
#include "queries/path.h"
#include "render/render.h"
#include "support/dot_check.h"
#include "support/index.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SAMPLES KCG_SOURCE_DIR "/samples"
#define DB_PATH KCG_TEST_TMPDIR "/render-flow.db"
#define OUT KCG_TEST_TMPDIR "/render-flow"

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

static void load(const char *path, struct flow *f)
{
	struct kcg_error err;

	if (flow_load(path, f, &err))
		fail_msg("%s", err.msg);
}

static void load_text(const char *text, struct flow *f)
{
	struct kcg_error err;

	if (flow_parse("test.flow", text, strlen(text), f, &err))
		fail_msg("%s", err.msg);
}

static void connect(const struct flow *f, struct flow_result *r)
{
	struct kcg_error err;

	if (flow_connect(db, &graph, f, r, &err))
		fail_msg("%s", err.msg);
}

/* Draw a connected flow into OUT-name.dot and read it back. */
static Agraph_t *draw_flow(const struct flow *f, const struct flow_result *r,
			   int expand, const char *name)
{
	struct kcg_error err;
	struct diagram d;
	char path[4096];

	snprintf(path, sizeof(path), "%s-%s.dot", OUT, name);
	diagram_init(&d);
	if (diagram_from_flow(db, f, r, NULL, expand, &d, &err) ||
	    render_diagram(&d, RENDER_DOT, path, &err))
		fail_msg("%s", err.msg);
	diagram_release(&d);
	return dot_read(path);
}

static Agnode_t *node(Agraph_t *g, const char *name)
{
	Agnode_t *n = agnode(g, (char *)name, 0);

	if (!n)
		fail_msg("no node '%s'", name);
	return n;
}

static Agedge_t *edge(Agraph_t *g, const char *from, const char *to)
{
	Agedge_t *e = agedge(g, node(g, from), node(g, to), NULL, 0);

	if (!e)
		fail_msg("no edge %s -> %s", from, to);
	return e;
}

static void test_rx_connects(void **state)
{
	struct flow f;
	struct flow_result r;
	size_t i;

	load(SAMPLES "/flows/rx.flow", &f);
	connect(&f, &r);
	for (i = 0; i < r.nr_legs; i++)
		if (r.legs[i].status != LEG_OK)
			fail_msg("leg %s -> %s broken", r.legs[i].from_name,
				 r.legs[i].to_name);
	assert_int_equal(r.broken, 0);
	/* tcp_v4_rcv | udp_rcv: both reached, both reach the wake-up */
	assert_int_not_equal(flow_name_id(&r, "udp_rcv"), 0);
	flow_result_release(&r);
	flow_release(&f);
}

static void test_rx_drawn_in_order(void **state)
{
	static const char *const order[] = {
		"__handle_irq_event_percpu", "fake_intr",
		"__raise_softirq_irqoff", "net_rx_action", "fake_poll",
		"__netif_receive_skb_one_core", "ip_rcv", "ip_rcv_finish",
		"dst_input", "ip_local_deliver", "ip_local_deliver_finish",
		"tcp_v4_rcv", "sock_def_readable",
	};
	struct flow f;
	struct flow_result r;
	Agraph_t *g;
	size_t n = sizeof(order) / sizeof(order[0]);

	load(SAMPLES "/flows/rx.flow", &f);
	connect(&f, &r);
	g = draw_flow(&f, &r, 0, "rx");
	assert_non_null(g);
	assert_int_equal(dot_connects(g, order, n), n);
	/* a call edge of the index, with its kind */
	assert_string_equal(dot_attr(edge(g, "ip_rcv", "ip_rcv_finish"),
				     "kind"), "callback");
	/* the hand-off is drawn, marked as not a call */
	assert_non_null(strstr(dot_attr(edge(g, "__raise_softirq_irqoff",
					     "net_rx_action"), "kind"),
			       "hand-off"));
	assert_string_equal(dot_attr(edge(g, "__raise_softirq_irqoff",
					  "net_rx_action"), "label"),
			    "NET_RX_SOFTIRQ raised");
	/* waypoints are marked, the first of a stage says which */
	assert_string_equal(dot_attr(node(g, "ip_rcv"), "fillcolor"),
			    "lightblue");
	assert_non_null(strstr(dot_attr(node(g, "ip_rcv"), "label"),
			       "IPv4 receive"));
	agclose(g);
	flow_result_release(&r);
	flow_release(&f);
}

static void test_rx_bands_and_clusters(void **state)
{
	struct flow f;
	struct flow_result r;
	Agraph_t *g;

	load(SAMPLES "/flows/rx.flow", &f);
	connect(&f, &r);
	g = draw_flow(&f, &r, 0, "rx");
	assert_string_equal(dot_attr(dot_band_of(g, "fake_intr"), "label"),
			    "hard IRQ");
	assert_string_equal(dot_attr(dot_band_of(g, "fake_poll"), "label"),
			    "softirq");
	/* the context goes on in the stages after: ip_rcv is in softirq */
	assert_ptr_equal(dot_band_of(g, "ip_rcv"), dot_band_of(g, "fake_poll"));
	/* functions between waypoints take the band of the leg's start */
	assert_ptr_equal(dot_band_of(g, "napi_poll"),
			 dot_band_of(g, "net_rx_action"));
	/* inside a band, a cluster per directory */
	assert_string_equal(dot_attr(dot_cluster_of(g, "ip_rcv"), "label"),
			    "net/ipv4");
	assert_string_equal(dot_attr(dot_cluster_of(g, "fake_poll"), "label"),
			    "drivers/net/fake");
	agclose(g);
	flow_result_release(&r);
	flow_release(&f);
}

static void test_hook_point_lists_hooks_by_priority(void **state)
{
	const char *key = "hook:ipv4:PRE_ROUTING", *label, *a, *b, *c;
	struct flow f;
	struct flow_result r;
	Agraph_t *g;

	load(SAMPLES "/flows/rx.flow", &f);
	connect(&f, &r);
	g = draw_flow(&f, &r, 0, "rx");
	label = dot_attr(node(g, key), "label");
	assert_non_null(strstr(label, "NF_INET_PRE_ROUTING (ipv4)"));
	a = strstr(label, "ip_sabotage_in");
	b = strstr(label, "ipv4_conntrack_in");
	c = strstr(label, "iptable_mangle_hook");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(label, "-200"));
	assert_non_null(strstr(label, "built at run time"));
	assert_non_null(strstr(dot_attr(edge(g, "ip_rcv", key), "kind"),
			       "hook point"));
	/* not expanded: the hooks are no nodes of their own */
	assert_null(agnode(g, "ipv4_conntrack_in", 0));
	agclose(g);

	g = draw_flow(&f, &r, 1, "rx-expanded");
	assert_string_equal(dot_attr(edge(g, key, "ipv4_conntrack_in"),
				     "label"), "-200");
	edge(g, key, "ip_sabotage_in");
	agclose(g);
	flow_result_release(&r);
	flow_release(&f);
}

static void test_broken_flow_reported(void **state)
{
	static const char text[] =
		"stage one\n"
		"ip_rcv\n"
		"no_such_function\n"
		"stage two\n"
		"tcp_v4_rcv\n"
		"fake_intr\n";	/* nothing TCP does calls the interrupt */
	struct flow f;
	struct flow_result r;
	Agraph_t *g;

	load_text(text, &f);
	connect(&f, &r);
	assert_int_equal(r.nr_legs, 3);
	assert_int_equal(r.broken, 3);
	assert_int_equal(r.legs[0].status, LEG_UNKNOWN);
	assert_int_equal(r.legs[0].stage, 0);
	assert_int_equal(r.legs[1].status, LEG_UNKNOWN);
	assert_int_equal(r.legs[1].stage, 1);
	assert_int_equal(r.legs[2].status, LEG_NO_PATH);
	assert_string_equal(r.legs[2].from_name, "tcp_v4_rcv");
	assert_int_equal(flow_name_id(&r, "no_such_function"), 0);
	/* still drawn: the missing function and the broken leg shown */
	g = draw_flow(&f, &r, 0, "broken");
	assert_non_null(strstr(dot_attr(edge(g, "tcp_v4_rcv", "fake_intr"),
					 "kind"), "no path"));
	node(g, "missing:no_such_function");
	agclose(g);
	flow_result_release(&r);
	flow_release(&f);
}

static void test_lanes(void **state)
{
	static const char text[] =
		"stage send\n"
		"tcp_sendmsg | udp_sendmsg\n"
		"ip_queue_xmit | ip_send_skb\n"
		"ip_local_out\n";
	struct flow f;
	struct flow_result r;
	size_t i;

	load_text(text, &f);
	connect(&f, &r);
	/* tcp to ip_queue_xmit, udp to ip_send_skb: no cross legs */
	assert_int_equal(r.nr_legs, 4);
	assert_int_equal(r.broken, 0);
	for (i = 0; i < 2; i++)
		assert_int_equal(r.legs[i].status, LEG_OK);
	assert_string_equal(r.legs[0].to_name, "ip_queue_xmit");
	assert_string_equal(r.legs[1].from_name, "udp_sendmsg");
	assert_string_equal(r.legs[1].to_name, "ip_send_skb");
	flow_result_release(&r);
	flow_release(&f);
}

static void test_bad_kinds_and_avoid(void **state)
{
	struct kcg_error err;
	struct flow f;
	struct flow_result r;

	load_text("kinds direct,bogus\nstage s\nip_rcv\n", &f);
	assert_int_equal(flow_connect(db, &graph, &f, &r, &err), -1);
	assert_non_null(strstr(err.msg, "test.flow: kinds:"));
	flow_result_release(&r);
	flow_release(&f);
	load_text("avoid nope_nope\nstage s\nip_rcv\n", &f);
	assert_int_equal(flow_connect(db, &graph, &f, &r, &err), -1);
	assert_non_null(strstr(err.msg, "avoided function 'nope_nope'"));
	flow_result_release(&r);
	flow_release(&f);
}

static size_t count_kind(const struct diagram *d, enum diagram_node_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_nodes; i++)
		n += d->nodes[i].kind == k;
	return n;
}

static void tree_diagram(const char *root, int callers, int depth,
			 struct diagram *d)
{
	struct kcg_error err;
	struct tree t;
	uint32_t id = function_id(db, root);

	assert_int_not_equal(id, 0);
	tree_build(callers ? &graph.in : &graph.out, id, depth,
		   KIND_MASK_DEFAULT, 1000, &t);
	diagram_init(d);
	if (diagram_from_tree(db, &t, callers, NULL, root, d, &err))
		fail_msg("%s", err.msg);
	tree_release(&t);
}

static void test_callers_point_to_callee(void **state)
{
	struct kcg_error err;
	struct diagram d;
	Agraph_t *g;

	tree_diagram("ip_rcv", 1, 2, &d);
	if (render_diagram(&d, RENDER_DOT, OUT "-callers.dot", &err))
		fail_msg("%s", err.msg);
	g = dot_read(OUT "-callers.dot");
	/* callers of ip_rcv, and their callers: edges into the root */
	assert_string_equal(dot_attr(edge(g, "__netif_receive_skb_one_core",
					  "ip_rcv"), "kind"), "macro");
	edge(g, "__netif_receive_skb", "__netif_receive_skb_one_core");
	assert_string_equal(dot_attr(node(g, "ip_rcv"), "fillcolor"),
			    "lightblue");
	agclose(g);
	diagram_release(&d);
}

static void test_cut_to_max_nodes(void **state)
{
	struct kcg_error err;
	struct diagram d;
	size_t before;
	Agraph_t *g;

	tree_diagram("__netif_receive_skb_core", 0, 12, &d);
	before = d.nr_nodes;
	assert_true(before > 20);
	diagram_cut(&d, 12);
	assert_true(d.nr_nodes <= 12);
	assert_true(count_kind(&d, NODE_MORE) > 0);
	assert_non_null(d.note);
	assert_non_null(strstr(d.note, "--max-nodes 12"));
	if (render_diagram(&d, RENDER_DOT, OUT "-cut.dot", &err))
		fail_msg("%s", err.msg);
	g = dot_read(OUT "-cut.dot");
	/* the root stays, the note is under the title */
	node(g, "__netif_receive_skb_core");
	assert_non_null(strstr(dot_attr(g, "label"), "functions shown"));
	agclose(g);
	diagram_release(&d);
}

static void test_cut_keeps_small_diagrams(void **state)
{
	struct diagram d;
	size_t before;

	tree_diagram("ip_rcv", 1, 1, &d);
	before = d.nr_nodes;
	diagram_cut(&d, 60);
	assert_int_equal(d.nr_nodes, before);
	assert_null(d.note);
	diagram_release(&d);
}

static void test_cut_flow_keeps_waypoints(void **state)
{
	static const char *const waypoints[] = {
		"fake_intr", "net_rx_action", "fake_poll", "ip_rcv",
		"ip_local_deliver", "tcp_v4_rcv", "sock_def_readable",
	};
	struct kcg_error err;
	struct flow f;
	struct flow_result r;
	struct diagram d;
	size_t i;

	load(SAMPLES "/flows/rx.flow", &f);
	connect(&f, &r);
	diagram_init(&d);
	if (diagram_from_flow(db, &f, &r, NULL, 0, &d, &err))
		fail_msg("%s", err.msg);
	diagram_cut(&d, 25);
	assert_true(d.nr_nodes <= 25);
	for (i = 0; i < sizeof(waypoints) / sizeof(waypoints[0]); i++)
		if (diagram_find_key(&d, waypoints[i]) == (size_t)-1)
			fail_msg("waypoint %s was cut", waypoints[i]);
	/* runs of calls went first: one node says how many */
	assert_true(count_kind(&d, NODE_MORE) > 0);
	assert_non_null(strstr(d.note, "runs of calls"));
	diagram_release(&d);
	flow_result_release(&r);
	flow_release(&f);
}

static void test_flow_as_mermaid(void **state)
{
	struct kcg_error err;
	struct flow f;
	struct flow_result r;
	struct diagram d;
	char buf[65536];
	FILE *in;
	size_t n;

	load(SAMPLES "/flows/rx.flow", &f);
	connect(&f, &r);
	diagram_init(&d);
	if (diagram_from_flow(db, &f, &r, NULL, 0, &d, &err) ||
	    render_diagram(&d, RENDER_MMD, OUT "-rx.mmd", &err))
		fail_msg("%s", err.msg);
	in = fopen(OUT "-rx.mmd", "r");
	assert_non_null(in);
	n = fread(buf, 1, sizeof(buf) - 1, in);
	buf[n] = '\0';
	fclose(in);
	assert_non_null(strstr(buf, "flowchart TB\n"));
	assert_non_null(strstr(buf, "[\"softirq\"]"));
	assert_non_null(strstr(buf, "NF_INET_PRE_ROUTING (ipv4)<br/>"));
	diagram_release(&d);
	flow_result_release(&r);
	flow_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_connects),
		cmocka_unit_test(test_rx_drawn_in_order),
		cmocka_unit_test(test_rx_bands_and_clusters),
		cmocka_unit_test(test_hook_point_lists_hooks_by_priority),
		cmocka_unit_test(test_broken_flow_reported),
		cmocka_unit_test(test_lanes),
		cmocka_unit_test(test_bad_kinds_and_avoid),
		cmocka_unit_test(test_callers_point_to_callee),
		cmocka_unit_test(test_cut_to_max_nodes),
		cmocka_unit_test(test_cut_keeps_small_diagrams),
		cmocka_unit_test(test_cut_flow_keeps_waypoints),
		cmocka_unit_test(test_flow_as_mermaid),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
