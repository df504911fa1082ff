/*
 * Diagrams through Graphviz: the diagram becomes a cgraph graph (one
 * cluster per source directory, nodes linking to the source, edges styled
 * by kind, a legend of the kinds used), which gvc lays out with dot and
 * renders to SVG, PNG or PDF.  DOT output is the graph as cgraph writes
 * it, before layout, so that it diffs quietly.  Graphviz reports its own
 * problems on stderr besides the error returned here.
 */
#include "diagram.h"

#include "queries/graph.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <errno.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "Helvetica"

/* cgraph takes char * for names it does not change. */
static void set(void *obj, const char *name, const char *value)
{
	agsafeset(obj, (char *)name, (char *)value, "");
}

static Agraph_t *subgraph(Agraph_t *g, const char *name)
{
	return agsubg(g, (char *)name, 1);
}

static Agnode_t *node(Agraph_t *g, const char *name)
{
	return agnode(g, (char *)name, 1);
}

/* "cluster_net_ipv4" for net/ipv4. */
static char *cluster_name(const char *dir)
{
	struct strbuf sb;
	const char *p;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "cluster_");
	for (p = dir; *p; p++)
		strbuf_addch(&sb, (*p >= 'a' && *p <= 'z') ||
				  (*p >= 'A' && *p <= 'Z') ||
				  (*p >= '0' && *p <= '9') ? *p : '_');
	return strbuf_detach(&sb);
}

static int add_node(Agraph_t *g, const struct diagram_node *n,
		    Agnode_t **out, struct kcg_error *err)
{
	char *cname = cluster_name(n->dir);
	Agraph_t *c = subgraph(g, cname);
	struct strbuf tip;

	free(cname);
	if (!c)
		return kcg_error_set(err, "cannot make the cluster of '%s'",
				     n->dir);
	set(c, "label", n->dir);
	*out = node(c, n->key);
	if (!*out)
		return kcg_error_set(err, "cannot make the node of '%s'",
				     n->key);
	strbuf_init(&tip);
	if (n->file)
		strbuf_addf(&tip, "%s:%d", n->file, n->line);
	else
		strbuf_addstr(&tip, "not defined in the index");
	set(*out, "label", n->name);
	set(*out, "tooltip", tip.buf);
	if (n->url)
		set(*out, "URL", n->url);
	if (n->endpoint)
		set(*out, "fillcolor", "lightblue");
	strbuf_release(&tip);
	return 0;
}

static void style_edge(Agedge_t *e, int kind, const char *label)
{
	const struct render_kind_style *s = render_kind_style(kind);

	set(e, "kind", graph_kind_name(kind));
	set(e, "style", s->style);
	set(e, "color", s->color);
	if (label)
		set(e, "label", label);
}

static int add_edge(Agraph_t *g, Agnode_t **nodes,
		    const struct diagram_edge *de, struct kcg_error *err)
{
	Agedge_t *e = agedge(g, nodes[de->from], nodes[de->to], NULL, 1);
	char *label, *tip;

	if (!e)
		return kcg_error_set(err, "cannot make an edge");
	label = render_edge_label(de);
	tip = render_edge_tooltip(de);
	style_edge(e, de->kind, label);
	set(e, "tooltip", tip);
	free(label);
	free(tip);
	return 0;
}

/* A legend: one sample edge per kind the diagram uses. */
static int add_legend(Agraph_t *g, const struct diagram *d,
		      struct kcg_error *err)
{
	static const char *const sample[] = {
		[KIND_FIELD] = "type.field", [KIND_GLOBAL] = "global",
		[KIND_RETURN] = "f()", [KIND_CALLBACK] = "via NF_HOOK",
		[KIND_NETFILTER_HOOK] = "NF_INET_LOCAL_IN",
		[KIND_SIGNATURE] = "same type",
	};
	int used[NR_KINDS] = { 0 };
	Agraph_t *l = NULL;
	size_t i;
	int k;

	for (i = 0; i < d->nr_edges; i++) {
		k = d->edges[i].kind;
		used[k >= 0 && k < NR_KINDS ? k : KIND_OTHER] = 1;
	}
	for (k = 0; k < NR_KINDS; k++) {
		char name[64];
		Agnode_t *a, *b;
		Agedge_t *e;

		if (!used[k])
			continue;
		if (!l && !(l = subgraph(g, "cluster_legend")))
			return kcg_error_set(err, "cannot make the legend");
		set(l, "label", "edge kinds");
		snprintf(name, sizeof(name), "legend_%s", graph_kind_name(k));
		a = node(l, name);
		snprintf(name, sizeof(name), "legend_%s_to",
			 graph_kind_name(k));
		b = node(l, name);
		e = a && b ? agedge(l, a, b, NULL, 1) : NULL;
		if (!e)
			return kcg_error_set(err, "cannot make the legend");
		set(a, "label", graph_kind_name(k));
		set(a, "shape", "plaintext");
		set(b, "label", "");
		set(b, "shape", "point");
		style_edge(e, k, (size_t)k < sizeof(sample) / sizeof(*sample) ?
					 sample[k] : NULL);
	}
	return 0;
}

static void set_defaults(Agraph_t *g, const char *title)
{
	agattr(g, AGRAPH, "rankdir", "LR");
	agattr(g, AGRAPH, "fontname", FONT);
	agattr(g, AGRAPH, "labelloc", "t");
	if (title)
		set(g, "label", title);
	agattr(g, AGNODE, "shape", "box");
	agattr(g, AGNODE, "style", "rounded,filled");
	agattr(g, AGNODE, "fillcolor", "white");
	agattr(g, AGNODE, "fontname", FONT);
	agattr(g, AGEDGE, "fontname", FONT);
	agattr(g, AGEDGE, "fontsize", "10");
}

/* The cgraph graph of d; *out NULL on error. */
static int build(const struct diagram *d, Agraph_t **out,
		 struct kcg_error *err)
{
	Agraph_t *g = agopen("kcg", Agdirected, NULL);
	Agnode_t **nodes;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!g)
		return kcg_error_set(err, "cannot make a graph");
	set_defaults(g, d->title);
	nodes = xcalloc(d->nr_nodes ? d->nr_nodes : 1, sizeof(*nodes));
	for (i = 0; i < d->nr_nodes && !rc; i++)
		rc = add_node(g, &d->nodes[i], &nodes[i], err);
	for (i = 0; i < d->nr_edges && !rc; i++)
		rc = add_edge(g, nodes, &d->edges[i], err);
	if (!rc)
		rc = add_legend(g, d, err);
	free(nodes);
	if (rc) {
		agclose(g);
		return -1;
	}
	*out = g;
	return 0;
}

static int write_dot(Agraph_t *g, const char *path, struct kcg_error *err)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return kcg_error_errno(err, "cannot write '%s'", path);
	rc = agwrite(g, f);
	if (ferror(f) || rc) {
		fclose(f);
		return kcg_error_set(err, "cannot write '%s'", path);
	}
	if (fclose(f))
		return kcg_error_errno(err, "cannot write '%s'", path);
	return 0;
}

/*
 * Render a laid out graph into path.  The file is opened here rather than
 * by gvRenderFilename(), which reports a file it cannot open on stderr
 * and returns success.
 */
static int render_file(GVC_t *gvc, Agraph_t *g, enum render_format fmt,
		       const char *path, struct kcg_error *err)
{
	FILE *f = fopen(path, "wb");
	int rc, bad;

	if (!f)
		return kcg_error_errno(err, "cannot write '%s'", path);
	rc = gvRender(gvc, g, render_format_name(fmt), f);
	bad = ferror(f);
	if (fclose(f) || bad)
		return kcg_error_errno(err, "cannot write '%s'", path);
	if (rc)
		return kcg_error_set(err, "graphviz cannot write '%s' as %s",
				     path, render_format_name(fmt));
	return 0;
}

static int layout_render(Agraph_t *g, enum render_format fmt,
			 const char *path, struct kcg_error *err)
{
	GVC_t *gvc = gvContext();
	int rc = 0;

	if (!gvc)
		return kcg_error_set(err, "cannot start graphviz");
	if (gvLayout(gvc, g, "dot")) {
		gvFreeContext(gvc);
		return kcg_error_set(err, "graphviz cannot lay out the "
				     "diagram (is the dot plugin installed?)");
	}
	rc = render_file(gvc, g, fmt, path, err);
	gvFreeLayout(gvc, g);
	gvFreeContext(gvc);
	return rc;
}

int render_graphviz(const struct diagram *d, enum render_format fmt,
		    const char *path, struct kcg_error *err)
{
	Agraph_t *g;
	int rc;

	if (build(d, &g, err))
		return -1;
	if (fmt == RENDER_DOT)
		rc = write_dot(g, path, err);
	else
		rc = layout_render(g, fmt, path, err);
	agclose(g);
	return rc;
}
