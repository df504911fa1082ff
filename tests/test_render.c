/*
 * render/ on the samples index: the path net_rx_action -> tcp_v4_rcv
 * drawn as DOT and read back with cgraph (nodes, edges in path order with
 * their kinds, clusters by directory, the callback edge's style and
 * label), SVG and Mermaid files written, and the helpers (formats, URL
 * templates).
 */
#include "db/db.h"
#include "queries/graph.h"
#include "queries/names.h"
#include "queries/path.h"
#include "render/render.h"
#include "support/dot_check.h"
#include "support/index.h"

#include <graphviz/cgraph.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#define SAMPLES KCG_SOURCE_DIR "/samples"
#define DB_PATH KCG_TEST_TMPDIR "/render.db"
#define OUT KCG_TEST_TMPDIR "/render-path"

static sqlite3 *db;
static struct path_list paths;
static struct diagram diagram;

static uint32_t fn(const char *spec)
{
	uint32_t id = function_id(db, spec);

	if (!id)
		fail_msg("cannot name '%s'", spec);
	return id;
}

static void find_path(void)
{
	struct path_query q;
	struct kcg_error err;
	struct graph g;

	memset(&q, 0, sizeof(q));
	q.from = fn("net_rx_action");
	q.to = fn("tcp_v4_rcv");
	q.kinds = KIND_MASK_DEFAULT;
	q.k = 1;
	if (graph_load(db, GRAPH_OUT, &g, &err))
		fail_msg("%s", err.msg);
	path_list_init(&paths);
	if (path_find(&g, &q, &paths, &err))
		fail_msg("%s", err.msg);
	graph_release(&g);
	if (paths.nr != 1)
		fail_msg("no path net_rx_action -> tcp_v4_rcv");
}

static int setup(void **state)
{
	struct kcg_error err;

	db = open_index_for_test(SAMPLES, DB_PATH);
	if (!db)
		fail_msg("cannot index and open '%s'", SAMPLES);
	find_path();
	diagram_init(&diagram);
	if (diagram_from_paths(db, &paths, NULL, "net_rx_action -> tcp_v4_rcv",
			       &diagram, &err))
		fail_msg("%s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	diagram_release(&diagram);
	path_list_release(&paths);
	sqlite3_close(db);
	return 0;
}

static Agraph_t *read_dot(const char *path)
{
	Agraph_t *g = dot_read(path);

	assert_non_null(g);
	return g;
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

static void render(enum render_format fmt, const char *path)
{
	struct kcg_error err;

	if (render_diagram(&diagram, fmt, path, &err))
		fail_msg("%s", err.msg);
}

static void test_dot_nodes_and_edges(void **state)
{
	static const char *const names[] = {
		"net_rx_action", "ip_rcv", "ip_rcv_finish",
		"ip_local_deliver", "tcp_v4_rcv",
	};
	const struct path *p = &paths.items[0];
	Agraph_t *g;
	size_t i;

	render(RENDER_DOT, OUT ".dot");
	g = read_dot(OUT ".dot");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_string_equal(dot_attr(node(g, names[i]), "label"),
				    names[i]);
	assert_int_equal(diagram.nr_edges, p->hops);
	for (i = 0; i < p->hops; i++) {
		const struct diagram_edge *de = &diagram.edges[i];
		Agedge_t *e = edge(g, diagram.nodes[de->from].key,
				   diagram.nodes[de->to].key);

		assert_int_equal(diagram.nodes[de->from].id, p->nodes[i]);
		assert_int_equal(diagram.nodes[de->to].id, p->nodes[i + 1]);
		assert_string_equal(dot_attr(e, "kind"),
				    edge_kind_name(p->kinds[i]));
	}
	assert_string_equal(dot_attr(edge(g, "ip_rcv", "ip_rcv_finish"), "kind"),
			    "callback");
	assert_string_equal(dot_attr(edge(g, "__napi_poll", "process_backlog"),
				 "label"), "napi_struct.poll");
	assert_non_null(strstr(dot_attr(node(g, "ip_rcv"), "tooltip"),
			       "net/ipv4/ip_input.c:"));
	agclose(g);
}

static void test_dot_clusters(void **state)
{
	Agraph_t *g = read_dot(OUT ".dot");
	Agraph_t *core = dot_cluster_of(g, "net_rx_action");
	Agraph_t *ipv4 = dot_cluster_of(g, "ip_rcv");

	assert_non_null(core);
	assert_non_null(ipv4);
	assert_ptr_not_equal(core, ipv4);
	assert_string_equal(dot_attr(core, "label"), "net/core");
	assert_string_equal(dot_attr(ipv4, "label"), "net/ipv4");
	/* tcp_v4_rcv is in net/ipv4/tcp_ipv4.c: the same directory */
	assert_ptr_equal(dot_cluster_of(g, "tcp_v4_rcv"), ipv4);
	assert_string_equal(dot_attr(dot_cluster_of(g, "dst_input"), "label"),
			    "include/net");
	agclose(g);
}

static void test_dot_callback_style(void **state)
{
	Agraph_t *g = read_dot(OUT ".dot");
	Agedge_t *e = edge(g, "ip_rcv", "ip_rcv_finish");

	assert_string_equal(dot_attr(e, "style"), "bold");
	assert_string_equal(dot_attr(e, "label"), "via NF_HOOK");
	e = edge(g, "ip_local_deliver", "ip_local_deliver_finish");
	assert_string_equal(dot_attr(e, "style"), "bold");
	assert_string_equal(dot_attr(e, "label"), "via NF_HOOK");
	e = edge(g, "__netif_receive_skb_one_core", "ip_rcv");
	assert_string_equal(dot_attr(e, "color"), "grey55");
	assert_string_equal(dot_attr(edge(g, "legend_callback",
				      "legend_callback_to"), "style"), "bold");
	agclose(g);
}

/* The whole file as a string (freed by the caller). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char *s;

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	assert_true(st.st_size > 0);
	s = calloc(1, (size_t)st.st_size + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)st.st_size, f), st.st_size);
	fclose(f);
	return s;
}

static void test_svg(void **state)
{
	char *s;

	remove(OUT ".svg");
	render(RENDER_SVG, OUT ".svg");
	s = slurp(OUT ".svg");
	assert_non_null(strstr(s, "<svg"));
	assert_non_null(strstr(s, "ip_rcv_finish"));
	free(s);
}

static void test_mermaid(void **state)
{
	char *s;

	remove(OUT ".mmd");
	render(RENDER_MMD, OUT ".mmd");
	s = slurp(OUT ".mmd");
	assert_non_null(strstr(s, "flowchart LR\n"));
	assert_non_null(strstr(s, "subgraph d1[\"net/ipv4\"]"));
	assert_non_null(strstr(s, "==>|\"via NF_HOOK\"|"));
	assert_non_null(strstr(s, "-.->|\"napi_struct.poll\"|"));
	free(s);
}

static void test_formats(void **state)
{
	enum render_format fmt;
	struct kcg_error err;

	assert_int_equal(render_format_guess("a/b.svg", &fmt, &err), 0);
	assert_int_equal(fmt, RENDER_SVG);
	assert_int_equal(render_format_guess("x.mmd", &fmt, &err), 0);
	assert_int_equal(fmt, RENDER_MMD);
	assert_int_equal(render_format_guess("a.d/noext", &fmt, &err), -1);
	assert_int_equal(render_format_guess("x.jpg", &fmt, &err), -1);
	assert_int_equal(render_format_parse("pdf", &fmt, &err), 0);
	assert_int_equal(fmt, RENDER_PDF);
}

static void test_urls(void **state)
{
	char *u = render_url(RENDER_ELIXIR_URL, "6.1.158", "/src",
			     "net/ipv4/ip_input.c", 564);

	assert_string_equal(u, "https://elixir.bootlin.com/linux/v6.1.158/"
			       "source/net/ipv4/ip_input.c#L564");
	free(u);
	u = render_url(RENDER_FILE_URL, NULL, "/src", "net/core/dev.c", 1);
	assert_string_equal(u, "file:///src/net/core/dev.c");
	free(u);
	/* index_for_test records neither kernel version nor root */
	assert_null(diagram.nodes[0].url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dot_nodes_and_edges),
		cmocka_unit_test(test_dot_clusters),
		cmocka_unit_test(test_dot_callback_style),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_mermaid),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_urls),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
