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

/*
 * Mermaid text in quotes cannot hold a double quote (#quot;), and is
 * read as HTML: escape < and > too.
 */
static void put_text(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s == '"')
			fputs("#quot;", f);
		else if (*s == '<')
			fputs("#lt;", f);
		else if (*s == '>')
			fputs("#gt;", f);
		else
			fputc(*s, f);
}

static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	put_text(f, s);
	fputc('"', f);
}

/* What a node says: its name, stage, hooks, or why it is there. */
static void put_label(FILE *f, const struct diagram_node *n)
{
	size_t i;

	fputc('"', f);
	put_text(f, n->name);
	if (n->kind == NODE_MISSING)
		fputs("<br/>(not in this index)", f);
	if (n->note) {
		fputs("<br/><i>", f);
		put_text(f, n->note);
		fputs("</i>", f);
	}
	for (i = 0; i < n->nr_hooks; i++) {
		const struct diagram_hook *h = &n->hooks[i];

		fprintf(f, "<br/>%s%d ", h->change == CHANGE_OLD_ONLY ? "- " :
					 h->change == CHANGE_NEW_ONLY ? "+ " :
									"",
			h->priority);
		if (h->change == CHANGE_OLD_ONLY)
			fputs("<s>", f);
		put_text(f, h->function);
		if (h->change == CHANGE_OLD_ONLY)
			fputs("</s>", f);
	}
	fputc('"', f);
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The nodes of one band: a subgraph per directory ("" : none). */
static void write_band(FILE *f, const struct diagram *d, const char *band,
		       size_t *sub)
{
	size_t i, j;

	for (i = 0; i < d->nr_nodes; i++) {
		const char *dir = d->nodes[i].dir;

		if (!same(d->nodes[i].band, band))
			continue;
		for (j = 0; j < i; j++)
			if (same(d->nodes[j].band, band) &&
			    !strcmp(d->nodes[j].dir, dir))
				break;
		if (j < i)
			continue;	/* the subgraph of dir is written */
		if (*dir) {
			fprintf(f, "  subgraph d%zu[", (*sub)++);
			put_quoted(f, dir);
			fprintf(f, "]\n");
		}
		for (j = i; j < d->nr_nodes; j++) {
			if (!same(d->nodes[j].band, band) ||
			    strcmp(d->nodes[j].dir, dir))
				continue;
			fprintf(f, "    n%zu[", j);
			put_label(f, &d->nodes[j]);
			fprintf(f, "]\n");
		}
		if (*dir)
			fprintf(f, "  end\n");
	}
}

static void write_nodes(FILE *f, const struct diagram *d)
{
	size_t i, j, sub = 0;

	write_band(f, d, NULL, &sub);
	for (i = 0; i < d->nr_nodes; i++) {
		const char *band = d->nodes[i].band;

		if (!band)
			continue;
		for (j = 0; j < i; j++)
			if (same(d->nodes[j].band, band))
				break;
		if (j < i)
			continue;
		fprintf(f, "  subgraph b%zu[", sub++);
		put_quoted(f, band);
		fprintf(f, "]\n");
		write_band(f, d, band, &sub);
		fprintf(f, "  end\n");
	}
}

/* The arrow of an edge: -->, -.-> or ==>. */
static const char *arrow(const struct diagram_edge *e)
{
	const char *style = render_edge_style(e)->style;

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

		fprintf(f, "  n%zu %s", e->from, arrow(e));
		if (label) {
			fputc('|', f);
			put_quoted(f, label);
			fputc('|', f);
		}
		fprintf(f, " n%zu\n", e->to);
		free(label);
	}
	for (i = 0; i < d->nr_edges; i++) {
		const char *color =
			render_edge_style(&d->edges[i])->mermaid_color;

		if (d->edges[i].change == CHANGE_OLD_ONLY)
			color = "#cf222e,stroke-dasharray:4";
		else if (d->edges[i].change == CHANGE_NEW_ONLY)
			color = "#1a7f37,stroke-width:2px";
		if (color)
			fprintf(f, "  linkStyle %zu stroke:%s\n", i, color);
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
		if (n->kind == NODE_MISSING)
			fprintf(f, "  style n%zu stroke:red\n", i);
		if (n->change == CHANGE_OLD_ONLY)
			fprintf(f, "  style n%zu stroke:#cf222e,fill:#ffebe9,"
				   "stroke-dasharray:4\n", i);
		else if (n->change == CHANGE_NEW_ONLY)
			fprintf(f, "  style n%zu stroke:#1a7f37,fill:#dafbe1,"
				   "stroke-width:2px\n", i);
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
	if (d->title || d->note) {
		fprintf(f, "---\ntitle: \"");
		put_text(f, d->title ? d->title : "");
		if (d->note) {
			fputs(d->title ? " (" : "(", f);
			put_text(f, d->note);
			fputc(')', f);
		}
		fprintf(f, "\"\n---\n");
	}
	fprintf(f, "flowchart %s\n", d->left_to_right ? "LR" : "TB");
	write_nodes(f, d);
	write_edges(f, d);
	write_links(f, d);
	bad = ferror(f);
	if (fclose(f) || bad)
		return kcg_error_errno(err, "cannot write '%s'", path);
	return 0;
}
