/*
 * Diagrams as Mermaid flowcharts, written by hand: left to right, one
 * subgraph per source directory, a click link to each function's source,
 * and the edge kinds drawn as Mermaid can: solid arrows for calls, grey
 * for macro-made ones, dotted for pointers, thick for callbacks.
 */
#include "diagram.h"

#include "queries/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mermaid text in quotes cannot hold a double quote: use #quot;. */
static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++)
		if (*s == '"')
			fputs("#quot;", f);
		else
			fputc(*s, f);
	fputc('"', f);
}

static void write_nodes(FILE *f, const struct diagram *d)
{
	size_t i, j, c = 0;

	for (i = 0; i < d->nr_nodes; i++) {
		const char *dir = d->nodes[i].dir;

		for (j = 0; j < i; j++)
			if (!strcmp(d->nodes[j].dir, dir))
				break;
		if (j < i)
			continue;	/* the subgraph of dir is written */
		fprintf(f, "  subgraph d%zu[", c++);
		put_quoted(f, dir);
		fprintf(f, "]\n");
		for (j = i; j < d->nr_nodes; j++) {
			if (strcmp(d->nodes[j].dir, dir))
				continue;
			fprintf(f, "    n%zu[", j);
			put_quoted(f, d->nodes[j].name);
			fprintf(f, "]\n");
		}
		fprintf(f, "  end\n");
	}
}

/* The arrow of a kind: -->, -.-> or ==>. */
static const char *arrow(int kind)
{
	const char *style = render_kind_style(kind)->style;

	if (!strcmp(style, "bold"))
		return "==>";
	if (!strcmp(style, "dashed") || !strcmp(style, "dotted"))
		return "-.->";
	return "-->";
}

static void write_edges(FILE *f, const struct diagram *d)
{
	size_t i;

	for (i = 0; i < d->nr_edges; i++) {
		const struct diagram_edge *e = &d->edges[i];
		char *label = render_edge_label(e);

		fprintf(f, "  n%zu %s", e->from, arrow(e->kind));
		if (label) {
			fputc('|', f);
			put_quoted(f, label);
			fputc('|', f);
		}
		fprintf(f, " n%zu\n", e->to);
		free(label);
	}
	for (i = 0; i < d->nr_edges; i++) {
		const char *color = render_kind_style(d->edges[i].kind)->color;

		if (strcmp(color, "black"))
			fprintf(f, "  linkStyle %zu stroke:%s\n", i,
				!strcmp(color, "blue3") ? "blue" : "grey");
	}
}

static void write_links(FILE *f, const struct diagram *d)
{
	size_t i;
	char tip[4096];

	for (i = 0; i < d->nr_nodes; i++) {
		const struct diagram_node *n = &d->nodes[i];

		if (n->endpoint)
			fprintf(f, "  style n%zu fill:lightblue\n", i);
		if (!n->url)
			continue;
		snprintf(tip, sizeof(tip), "%s:%d", n->file, n->line);
		fprintf(f, "  click n%zu href ", i);
		put_quoted(f, n->url);
		fputc(' ', f);
		put_quoted(f, tip);
		fputc('\n', f);
	}
}

int render_mermaid(const struct diagram *d, const char *path,
		   struct kcg_error *err)
{
	FILE *f = fopen(path, "w");
	int bad;

	if (!f)
		return kcg_error_errno(err, "cannot write '%s'", path);
	if (d->title) {
		fprintf(f, "---\ntitle: ");
		put_quoted(f, d->title);
		fprintf(f, "\n---\n");
	}
	fprintf(f, "flowchart LR\n");
	write_nodes(f, d);
	write_edges(f, d);
	write_links(f, d);
	bad = ferror(f);
	if (fclose(f) || bad)
		return kcg_error_errno(err, "cannot write '%s'", path);
	return 0;
}
