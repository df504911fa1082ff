/*
 * Cutting a diagram down (render/cut.c, --max-nodes) on diagrams made by
 * hand: a diagram that fits is left alone; a run of calls between two
 * endpoints becomes one "... N calls ..." node saying what it stands
 * for; when that is not enough the functions farthest from the endpoints
 * go, each node that lost some getting one "N more" node; the note says
 * what was cut.
 */
#include "queries/graph.h"
#include "render/render.h"
#include "support/diagram_make.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A -> f1 -> f2 -> f3 -> f4 -> B, A and B the ends of a path. */
static void make_chain(struct diagram *d)
{
	static const char *const names[] = { "A", "f1", "f2", "f3", "f4",
					     "B" };
	size_t i;

	diagram_init(d);
	for (i = 0; i < 6; i++) {
		make_function(d, (int64_t)i + 1, names[i], "net/core/dev.c",
			      (int)i + 10, NULL);
		if (i)
			make_call(d, i - 1, i, KIND_DIRECT, "net/core/dev.c",
				  (int)i + 10, NULL);
	}
	d->nodes[0].endpoint = 1;
	d->nodes[5].endpoint = 1;
}

/* The names of the nodes, space-separated. */
static void assert_nodes(const struct diagram *d, const char *expected)
{
	char got[1024];
	size_t i, len = 0;

	got[0] = '\0';
	for (i = 0; i < d->nr_nodes; i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s[%s]",
					i ? " " : "", d->nodes[i].name);
	if (strcmp(got, expected))
		fail_msg("nodes '%s', wanted '%s'", got, expected);
}

/* The edges as "from>to" by node name, space-separated. */
static void assert_edges(const struct diagram *d, const char *expected)
{
	char got[1024];
	size_t i, len = 0;

	got[0] = '\0';
	for (i = 0; i < d->nr_edges; i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len,
					"%s%s>%s", i ? " " : "",
					d->nodes[d->edges[i].from].name,
					d->nodes[d->edges[i].to].name);
	if (strcmp(got, expected))
		fail_msg("edges '%s', wanted '%s'", got, expected);
}

static void test_fits(void **state)
{
	struct diagram d;

	(void)state;
	make_chain(&d);
	diagram_cut(&d, 6);
	assert_int_equal(d.nr_nodes, 6);
	assert_int_equal(d.nr_edges, 5);
	assert_null(d.note);
	diagram_release(&d);
}

static void test_run_collapsed(void **state)
{
	struct diagram d;
	const struct diagram_node *more;

	(void)state;
	make_chain(&d);
	diagram_cut(&d, 4);
	assert_nodes(&d, "[A] [B] [... 4 calls ...]");
	assert_edges(&d, "A>... 4 calls ... ... 4 calls ...>B");
	more = &d.nodes[2];
	assert_int_equal(more->kind, NODE_MORE);
	assert_string_equal(more->detail, "f1 > f2 > f3 > f4");
	assert_string_equal(more->dir, "net/core");
	assert_int_equal(d.edges[0].role, EDGE_MORE);
	assert_string_equal(d.note, "2 of 6 functions shown (--max-nodes 4); "
				    "1 runs of calls drawn as one node");
	diagram_release(&d);
}

/*
 * A calls c1..c4, each calling its own g: no run to collapse (a run is
 * two calls or more), so the farthest go, the last added first, and each
 * node that lost some gets one node saying how many.
 */
static void test_farthest_cut(void **state)
{
	struct diagram d;
	size_t i;

	(void)state;
	diagram_init(&d);
	make_function(&d, 1, "A", "net/a.c", 1, NULL);
	d.nodes[0].endpoint = 1;
	for (i = 0; i < 4; i++) {
		char name[8];
		size_t c, g;

		snprintf(name, sizeof(name), "c%zu", i + 1);
		c = make_function(&d, (int64_t)(2 + 2 * i), name, "net/c.c",
				  (int)i + 1, NULL);
		snprintf(name, sizeof(name), "g%zu", i + 1);
		g = make_function(&d, (int64_t)(3 + 2 * i), name, "net/g.c",
				  (int)i + 1, NULL);
		make_call(&d, 0, c, KIND_DIRECT, "net/a.c", (int)i + 2, NULL);
		make_call(&d, c, g, KIND_FIELD, "net/c.c", (int)i + 2, NULL);
	}
	diagram_cut(&d, 6);
	/* g4, g3, g2, g1 go, then c4 and c3; c1 and c2 stand for their g,
	 * A for c3, c4 and theirs */
	assert_nodes(&d, "[A] [c1] [c2] [4 more] [1 more] [1 more]");
	assert_edges(&d, "A>c1 A>c2 A>4 more c1>1 more c2>1 more");
	assert_string_equal(d.note, "3 of 9 functions shown (--max-nodes 6); "
				    "6 farthest left out");
	diagram_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_run_collapsed),
		cmocka_unit_test(test_farthest_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
