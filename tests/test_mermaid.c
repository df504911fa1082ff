/*
 * Diagrams as Mermaid flowcharts (render/mermaid.c), on a diagram made by
 * hand, compared with the exact text: the title and note, one subgraph
 * per directory, bands, labels with their HTML-ish escapes, arrows by
 * kind (solid, dotted for pointers, thick for callbacks), colours other
 * than black, endpoints filled, click links to the source.
 */
#include "queries/graph.h"
#include "render/diagram.h"
#include "support/diagram_make.h"
#include "support/tmpdir.h"

#include "util/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Write d as Mermaid and return the text (the caller frees it). */
static char *mermaid_of(const struct diagram *d)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "mermaid");
	char path[4096], buf[4096];
	struct strbuf text;
	struct kcg_error err;
	size_t n;
	FILE *f;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/d.mmd", dir);
	if (render_mermaid(d, path, &err))
		fail_msg("%s", err.msg);
	strbuf_init(&text);
	f = fopen(path, "r");
	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&text, buf, n);
	fclose(f);
	tmpdir_remove(dir);
	return strbuf_detach(&text);
}

static void assert_text(const char *got, const char *expected)
{
	if (strcmp(got, expected))
		fail_msg("got:\n%s\nwanted:\n%s", got, expected);
}

static void test_path_diagram(void **state)
{
	struct diagram d;
	size_t a, b, c;
	char *text;

	(void)state;
	diagram_init(&d);
	d.title = strdup("deliver_skb -> ip_rcv_finish");
	a = make_function(&d, 1, "deliver_skb", "net/core/dev.c", 75,
			  "file:///src/net/core/dev.c#75");
	b = make_function(&d, 2, "ip_rcv", "net/ipv4/ip_input.c", 81, NULL);
	c = make_function(&d, 3, "ip_rcv_finish", "net/ipv4/ip_input.c", 67,
			  NULL);
	d.nodes[a].endpoint = 1;
	d.nodes[c].endpoint = 1;
	make_call(&d, a, b, KIND_FIELD, "net/core/dev.c", 80,
		  "packet_type.func");
	make_call(&d, b, c, KIND_CALLBACK, "net/ipv4/ip_input.c", 89, NULL);
	d.edges[1].via = strdup("NF_HOOK");
	make_call(&d, b, b, KIND_MACRO, "net/ipv4/ip_input.c", 90, NULL);
	text = mermaid_of(&d);
	assert_text(text,
		"---\n"
		"title: \"deliver_skb -#gt; ip_rcv_finish\"\n"
		"---\n"
		"flowchart LR\n"
		"  subgraph d0[\"net/core\"]\n"
		"    n0[\"deliver_skb\"]\n"
		"  end\n"
		"  subgraph d1[\"net/ipv4\"]\n"
		"    n1[\"ip_rcv\"]\n"
		"    n2[\"ip_rcv_finish\"]\n"
		"  end\n"
		"  n0 -.->|\"packet_type.func\"| n1\n"
		"  n1 ==>|\"via NF_HOOK\"| n2\n"
		"  n1 --> n1\n"
		"  linkStyle 2 stroke:grey\n"
		"  style n0 fill:lightblue\n"
		"  click n0 href \"file:///src/net/core/dev.c#75\" "
		"\"net/core/dev.c:75\"\n"
		"  style n2 fill:lightblue\n");
	free(text);
	diagram_release(&d);
}

/* Flows: top to bottom, bands around directories, notes, hook points,
 * names not in the index; quotes and angle brackets escaped. */
static void test_flow_diagram(void **state)
{
	struct diagram d;
	size_t a, hook, missing;
	char *text;

	(void)state;
	diagram_init(&d);
	d.left_to_right = 0;
	d.note = strdup("1 of 2 \"legs\" <broken>");
	a = make_function(&d, 1, "ip_rcv", "net/ipv4/ip_input.c", 81, NULL);
	d.nodes[a].band = strdup("softirq");
	d.nodes[a].note = strdup("stage 4");
	hook = diagram_add_other_node(&d, NODE_HOOK_POINT, "hook:pre",
				      "NF_INET_PRE_ROUTING", "");
	diagram_add_hook(&d.nodes[hook], -200, "NF_IP_PRI_CONNTRACK",
			 "ipv4_conntrack_in", "net/netfilter/x.c:46", NULL, 0);
	missing = diagram_add_other_node(&d, NODE_MISSING, "ip_rvc", "ip_rvc",
					 "");
	diagram_add_other_edge(&d, a, hook, EDGE_HOOK_POINT, NULL);
	diagram_add_other_edge(&d, a, missing, EDGE_BROKEN, "no path");
	text = mermaid_of(&d);
	assert_text(text,
		"---\n"
		"title: \"(1 of 2 #quot;legs#quot; #lt;broken#gt;)\"\n"
		"---\n"
		"flowchart TB\n"
		"    n1[\"NF_INET_PRE_ROUTING<br/>-200 ipv4_conntrack_in\"]\n"
		"    n2[\"ip_rvc<br/>(not in this index)\"]\n"
		"  subgraph b0[\"softirq\"]\n"
		"  subgraph d1[\"net/ipv4\"]\n"
		"    n0[\"ip_rcv<br/><i>stage 4</i>\"]\n"
		"  end\n"
		"  end\n"
		"  n0 -.-> n1\n"
		"  n0 -.->|\"no path\"| n2\n"
		"  linkStyle 0 stroke:blue\n"
		"  linkStyle 1 stroke:red\n"
		"  style n2 stroke:red\n");
	free(text);
	diagram_release(&d);
}

/* A file that cannot be written: an error naming it. */
static void test_cannot_write(void **state)
{
	struct kcg_error err;
	struct diagram d;

	(void)state;
	diagram_init(&d);
	assert_int_equal(render_mermaid(&d, "/nonexistent/dir/d.mmd", &err),
			 -1);
	assert_non_null(strstr(err.msg, "cannot write '/nonexistent/dir/d.mmd'"));
	diagram_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_diagram),
		cmocka_unit_test(test_flow_diagram),
		cmocka_unit_test(test_cannot_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
