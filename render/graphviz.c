/*
 * Diagrams through Graphviz: the diagram becomes a cgraph graph (one
 * cluster per source directory, nodes linking to the source, edges styled
 * by kind, a legend of the kinds used), which gvc lays out with dot and
 * renders to SVG, PNG or PDF.  DOT output is the graph as cgraph writes
 * it, before layout, so that it diffs quietly.  Graphviz reports its own
 * problems on stderr besides the error returned here.
 *
 * Graphviz keeps global state (cgraph's error handling and memory
 * disciplines, gvc's plugin list), so one diagram at a time is drawn:
 * a lock serializes every drawing, for the threads of `kcg serve`, and
 * one gvc context serves every drawing of the process (a context per
 * drawing costs loading the plugins again, and leaks what Graphviz keeps
 * of each).
 */
#include "diagram.h"
#include "drawer.h"

#include "queries/graph.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <errno.h>
#include <pthread.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "Helvetica"

static pthread_mutex_t graphviz_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *graphviz_context;	/* made on first use, under the lock */

/* The process's gvc context (the lock held); NULL if it cannot be made. */
static GVC_t *context(void)
{
	if (!graphviz_context)
		graphviz_context = gvContext();
	return graphviz_context;
}

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

/* "cluster_net_ipv4" for net/ipv4, after prefix. */
static char *cluster_name(const char *prefix, const char *dir)
{
	struct strbuf sb;
	const char *p;

	strbuf_init(&sb);
	strbuf_addf(&sb, "cluster_%s", prefix);
	for (p = dir; *p; p++)
		strbuf_addch(&sb, (*p >= 'a' && *p <= 'z') ||
				  (*p >= 'A' && *p <= 'Z') ||
				  (*p >= '0' && *p <= '9') ? *p : '_');
	return strbuf_detach(&sb);
}

/* How a band of execution context looks: its label and colour. */
static void band_look(const char *band, const char **label,
		      const char **color)
{
	static const struct {
		const char *band, *label, *color;
	} looks[] = {
		{ "hardirq", "hard IRQ", "#fbe3e0" },
		{ "softirq", "softirq", "#fff3cd" },
		{ "process", "process context", "#e3f0fb" },
		{ "init", "boot and setup", "#e8f5e9" },
	};
	size_t i;

	for (i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
		if (!strcmp(band, looks[i].band)) {
			*label = looks[i].label;
			*color = looks[i].color;
			return;
		}
	*label = band;
	*color = "#eeeeee";
}

/* The band cluster of a node, or g itself when the node has none. */
static Agraph_t *band_of(Agraph_t *g, const struct diagram_node *n)
{
	const char *label, *color;
	Agraph_t *b;
	char *name;

	if (!n->band)
		return g;
	name = cluster_name("band_", n->band);
	b = subgraph(g, name);
	free(name);
	if (!b)
		return NULL;
	band_look(n->band, &label, &color);
	set(b, "label", label);
	set(b, "style", "filled");
	set(b, "fillcolor", color);
	set(b, "color", color);
	set(b, "fontsize", "16");
	return b;
}

/* The directory cluster of a node inside its band; none for "". */
static Agraph_t *cluster_of(Agraph_t *g, const struct diagram_node *n)
{
	Agraph_t *band = band_of(g, n), *c;
	char *name;

	if (!band || !*n->dir)
		return band;
	name = cluster_name(n->band ? n->band : "", n->dir);
	c = subgraph(band, name);
	free(name);
	if (!c)
		return NULL;
	set(c, "label", n->dir);
	set(c, "style", "filled");
	set(c, "fillcolor", "white");
	set(c, "color", "grey60");
	return c;
}

/* s with &, <, > and " escaped for an HTML-like label. */
static void add_html(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			strbuf_addstr(sb, "&amp;");
		else if (*s == '<')
			strbuf_addstr(sb, "&lt;");
		else if (*s == '>')
			strbuf_addstr(sb, "&gt;");
		else if (*s == '"')
			strbuf_addstr(sb, "&quot;");
		else
			strbuf_addch(sb, *s);
	}
}

static void set_html(Agraph_t *g, Agnode_t *n, const char *attr,
		     const char *html)
{
	Agsym_t *sym = agattr(g, AGNODE, (char *)attr, NULL);

	if (!sym)
		sym = agattr(g, AGNODE, (char *)attr, "");
	agxset(n, sym, agstrdup_html(g, (char *)html));
}

/* How what one version only has is drawn (render diff). */
#define OLD_COLOR "#cf222e"
#define OLD_FILL "#ffebe9"
#define NEW_COLOR "#1a7f37"
#define NEW_FILL "#dafbe1"

/* A hook point: a table of its hooks in priority order. */
static void hook_point_label(Agraph_t *g, Agnode_t *an,
			     const struct diagram_node *n)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "<TABLE BORDER=\"0\" CELLBORDER=\"1\" "
			   "CELLSPACING=\"0\" CELLPADDING=\"3\" "
			   "BGCOLOR=\"white\"><TR><TD COLSPAN=\"2\" "
			   "BGCOLOR=\"lightsteelblue1\"><B>");
	add_html(&sb, n->name);
	strbuf_addstr(&sb, "</B></TD></TR>");
	if (!n->nr_hooks)
		strbuf_addstr(&sb, "<TR><TD COLSPAN=\"2\"><I>no hooks in "
				   "this index</I></TD></TR>");
	for (i = 0; i < n->nr_hooks; i++) {
		const struct diagram_hook *h = &n->hooks[i];
		const char *bg = h->change == CHANGE_OLD_ONLY ? OLD_FILL :
				 h->change == CHANGE_NEW_ONLY ? NEW_FILL :
								"white";

		/* INT_MIN and INT_MAX say more by name (..._FIRST). */
		if (h->priority_name && (h->priority <= -2147483647 ||
					 h->priority >= 2147483647))
			strbuf_addf(&sb, "<TR><TD ALIGN=\"RIGHT\" "
				    "BGCOLOR=\"%s\">%s</TD>", bg,
				    h->priority_name);
		else
			strbuf_addf(&sb, "<TR><TD ALIGN=\"RIGHT\" "
				    "BGCOLOR=\"%s\">%d</TD>", bg,
				    h->priority);
		strbuf_addf(&sb, "<TD BGCOLOR=\"%s\" ALIGN=\"LEFT\"", bg);
		if (h->url) {
			strbuf_addstr(&sb, " HREF=\"");
			add_html(&sb, h->url);
			strbuf_addstr(&sb, "\"");
		}
		strbuf_addstr(&sb, " TOOLTIP=\"");
		add_html(&sb, h->priority_name ? h->priority_name : "");
		if (h->site) {
			strbuf_addstr(&sb, h->priority_name ? ", " : "");
			strbuf_addstr(&sb, "entry at ");
			add_html(&sb, h->site);
		}
		strbuf_addstr(&sb, "\">");
		if (h->change == CHANGE_OLD_ONLY)
			strbuf_addstr(&sb, "<S>");
		add_html(&sb, h->function);
		if (h->change == CHANGE_OLD_ONLY)
			strbuf_addstr(&sb, "</S>");
		if (h->dynamic)
			strbuf_addstr(&sb, " <I>(built at run time)</I>");
		strbuf_addstr(&sb, "</TD></TR>");
	}
	strbuf_addstr(&sb, "</TABLE>");
	set_html(g, an, "label", sb.buf);
	set(an, "shape", "plain");
	strbuf_release(&sb);
}

/* A function's name, with its stage in small type under it. */
static void noted_label(Agraph_t *g, Agnode_t *an,
			const struct diagram_node *n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	add_html(&sb, n->name);
	strbuf_addstr(&sb, "<BR/><FONT POINT-SIZE=\"9\"><I>");
	add_html(&sb, n->note);
	strbuf_addstr(&sb, "</I></FONT>");
	set_html(g, an, "label", sb.buf);
	strbuf_release(&sb);
}

static void describe_node(Agraph_t *g, Agnode_t *an,
			  const struct diagram_node *n)
{
	struct strbuf tip;

	strbuf_init(&tip);
	if (n->kind == NODE_HOOK_POINT) {
		hook_point_label(g, an, n);
		strbuf_addf(&tip, "netfilter hooks at %s", n->name);
	} else if (n->kind == NODE_MORE) {
		set(an, "label", n->name);
		set(an, "style", "rounded,dashed");
		set(an, "fontcolor", "grey35");
		strbuf_addstr(&tip, n->detail ? n->detail : n->name);
	} else if (n->kind == NODE_MISSING) {
		set(an, "label", n->name);
		set(an, "style", "rounded,dashed,filled");
		set(an, "color", "red");
		strbuf_addf(&tip, "%s is not in this index", n->name);
	} else {
		if (n->note)
			noted_label(g, an, n);
		else
			set(an, "label", n->name);
		if (n->file)
			strbuf_addf(&tip, "%s:%d", n->file, n->line);
		else
			strbuf_addstr(&tip, "not defined in the index");
	}
	set(an, "tooltip", tip.buf);
	strbuf_release(&tip);
}

static int add_node(Agraph_t *g, const struct diagram_node *n,
		    Agnode_t **out, struct kcg_error *err)
{
	Agraph_t *c = cluster_of(g, n);

	if (!c)
		return kcg_error_set(err, "cannot make the cluster of '%s'",
				     n->dir);
	*out = node(c, n->key);
	if (!*out)
		return kcg_error_set(err, "cannot make the node of '%s'",
				     n->key);
	describe_node(g, *out, n);
	if (n->url)
		set(*out, "URL", n->url);
	if (n->endpoint)
		set(*out, "fillcolor", "lightblue");
	if (n->change == CHANGE_OLD_ONLY && n->kind != NODE_HOOK_POINT) {
		set(*out, "color", OLD_COLOR);
		set(*out, "fontcolor", OLD_COLOR);
		set(*out, "style", "rounded,dashed,filled");
		set(*out, "fillcolor", OLD_FILL);
	} else if (n->change == CHANGE_NEW_ONLY &&
		   n->kind != NODE_HOOK_POINT) {
		set(*out, "color", NEW_COLOR);
		set(*out, "penwidth", "2");
		set(*out, "fillcolor", NEW_FILL);
	}
	return 0;
}

static void style_edge(Agedge_t *e, const struct edge_style *s,
		       const char *kind, const char *label)
{
	set(e, "kind", kind);
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
	style_edge(e, render_edge_style(de),
		   de->role == EDGE_CALL ? edge_kind_name(de->kind) :
					   render_role_name(de->role),
		   label);
	set(e, "tooltip", tip);
	if (de->change == CHANGE_OLD_ONLY) {
		set(e, "color", OLD_COLOR);
		set(e, "fontcolor", OLD_COLOR);
		set(e, "style", "dashed");
	} else if (de->change == CHANGE_NEW_ONLY) {
		set(e, "color", NEW_COLOR);
		set(e, "fontcolor", NEW_COLOR);
		set(e, "penwidth", "2");
	}
	free(label);
	free(tip);
	return 0;
}

/* One line of the legend: a sample edge drawn as `style` draws it. */
static int legend_entry(Agraph_t *l, const char *id, const char *text,
			const struct edge_style *style,
			const char *sample, struct kcg_error *err)
{
	char name[64];
	Agnode_t *a, *b;
	Agedge_t *e;

	snprintf(name, sizeof(name), "legend_%s", id);
	a = node(l, name);
	snprintf(name, sizeof(name), "legend_%s_to", id);
	b = node(l, name);
	e = a && b ? agedge(l, a, b, NULL, 1) : NULL;
	if (!e)
		return kcg_error_set(err, "cannot make the legend");
	set(a, "label", text);
	set(a, "shape", "plaintext");
	set(a, "style", "");
	set(b, "label", "");
	set(b, "shape", "point");
	style_edge(e, style, id, sample);
	return 0;
}

/* For a diagram of two versions: what each colour says. */
static int add_version_legend(Agraph_t *l, const struct diagram *d,
			      struct kcg_error *err)
{
	static const struct edge_style old_style = { "dashed", OLD_COLOR,
						     NULL, "" };
	static const struct edge_style new_style = { "solid", NEW_COLOR,
						     NULL, "" };
	struct strbuf text;
	int rc = 0;

	if (!l || !d->old_label || !d->new_label)
		return 0;
	strbuf_init(&text);
	strbuf_addf(&text, "only in %s", d->old_label);
	rc = legend_entry(l, "old_only", text.buf, &old_style, NULL, err);
	strbuf_reset(&text);
	strbuf_addf(&text, "only in %s", d->new_label);
	if (!rc)
		rc = legend_entry(l, "new_only", text.buf, &new_style, NULL,
				  err);
	strbuf_release(&text);
	return rc;
}

/* A legend: one sample edge per kind and role the diagram uses. */
static int add_legend(Agraph_t *g, const struct diagram *d,
		      struct kcg_error *err)
{
	static const char *const role_ids[NR_EDGE_ROLES] = {
		[EDGE_HANDOFF] = "handoff", [EDGE_BROKEN] = "broken",
		[EDGE_HOOK_POINT] = "hook_point", [EDGE_MORE] = "more",
	};
	int used[NR_EDGE_KINDS] = { 0 }, roles[NR_EDGE_ROLES] = { 0 };
	Agraph_t *l = NULL;
	size_t i;
	int k;

	for (i = 0; i < d->nr_edges; i++) {
		k = d->edges[i].kind;
		if (d->edges[i].role != EDGE_CALL)
			roles[d->edges[i].role] = 1;
		else
			used[k >= 0 && k < NR_EDGE_KINDS ? k : KIND_OTHER] = 1;
	}
	if (d->nr_edges && !(l = subgraph(g, "cluster_legend")))
		return kcg_error_set(err, "cannot make the legend");
	if (l) {
		set(l, "label", "edges");
		set(l, "style", "");
		set(l, "color", "grey60");
	}
	for (k = 0; k < NR_EDGE_KINDS; k++)
		if (used[k] &&
		    legend_entry(l, edge_kind_name(k), edge_kind_name(k),
				 render_kind_style(k), edge_kind(k)->legend,
				 err))
			return -1;
	for (k = EDGE_CALL + 1; k < NR_EDGE_ROLES; k++)
		if (roles[k] &&
		    legend_entry(l, role_ids[k],
				 render_role_name((enum diagram_edge_role)k),
				 render_role_style((enum diagram_edge_role)k),
				 NULL, err))
			return -1;
	return add_version_legend(l, d, err);
}

static void set_defaults(Agraph_t *g, const struct diagram *d)
{
	struct strbuf label;

	agattr(g, AGRAPH, "rankdir", d->left_to_right ? "LR" : "TB");
	agattr(g, AGRAPH, "fontname", FONT);
	agattr(g, AGRAPH, "labelloc", "t");
	agattr(g, AGRAPH, "fontsize", "18");
	agattr(g, AGRAPH, "newrank", "true");
	strbuf_init(&label);
	if (d->title)
		strbuf_addstr(&label, d->title);
	if (d->note)
		strbuf_addf(&label, "%s(%s)", label.len ? "\\n" : "",
			    d->note);
	if (label.len)
		set(g, "label", label.buf);
	strbuf_release(&label);
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
	set_defaults(g, d);
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
	GVC_t *gvc = context();
	int rc = 0;

	if (!gvc)
		return kcg_error_set(err, "cannot start graphviz");
	if (gvLayout(gvc, g, "dot"))
		return kcg_error_set(err, "graphviz cannot lay out the "
				     "diagram (is the dot plugin installed?)");
	rc = render_file(gvc, g, fmt, path, err);
	gvFreeLayout(gvc, g);
	return rc;
}

int render_graphviz(const struct diagram *d, enum render_format fmt,
		    const char *path, struct kcg_error *err)
{
	Agraph_t *g;
	int rc;

	pthread_mutex_lock(&graphviz_lock);
	rc = build(d, &g, err);
	if (!rc) {
		if (fmt == RENDER_DOT)
			rc = write_dot(g, path, err);
		else
			rc = layout_render(g, fmt, path, err);
		agclose(g);
	}
	pthread_mutex_unlock(&graphviz_lock);
	return rc;
}

static int layout_render_data(Agraph_t *g, enum render_format fmt,
			      char **out, size_t *len, struct kcg_error *err)
{
	GVC_t *gvc = context();
	unsigned int size = 0;
	char *data = NULL;
	int rc;

	if (!gvc)
		return kcg_error_set(err, "cannot start graphviz");
	if (gvLayout(gvc, g, "dot"))
		return kcg_error_set(err, "graphviz cannot lay out the "
				     "diagram (is the dot plugin installed?)");
	rc = gvRenderData(gvc, g, render_format_name(fmt), &data, &size);
	if (rc || !data) {
		rc = kcg_error_set(err, "graphviz cannot draw the diagram "
				   "as %s", render_format_name(fmt));
	} else {
		*out = xmalloc((size_t)size + 1);
		memcpy(*out, data, size);
		(*out)[size] = '\0';
		*len = size;
	}
	if (data)
		gvFreeRenderData(data);
	gvFreeLayout(gvc, g);
	return rc;
}

/* g as DOT text, for the drawing process; newly allocated. */
static int dot_text(Agraph_t *g, char **out, size_t *len,
		    struct kcg_error *err)
{
	FILE *f = open_memstream(out, len);
	int rc;

	if (!f)
		return kcg_error_errno(err, "cannot write the graph");
	rc = agwrite(g, f);
	if (fclose(f) || rc) {
		free(*out);
		*out = NULL;
		return kcg_error_set(err, "cannot write the graph");
	}
	return 0;
}

int render_graphviz_data(const struct diagram *d, enum render_format fmt,
			 char **out, size_t *len, struct kcg_error *err)
{
	Agraph_t *g;
	char *dot = NULL;
	size_t dot_len = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (fmt == RENDER_DOT || fmt == RENDER_MMD)
		return kcg_error_set(err, "cannot draw %s in memory",
				     render_format_name(fmt));
	pthread_mutex_lock(&graphviz_lock);
	rc = build(d, &g, err);
	if (!rc) {
		if (render_drawer_running())
			rc = dot_text(g, &dot, &dot_len, err);
		else
			rc = layout_render_data(g, fmt, out, len, err);
		agclose(g);
	}
	pthread_mutex_unlock(&graphviz_lock);
	/* the layout, the slow part, outside the lock */
	if (!rc && dot)
		rc = render_drawer_draw(dot, dot_len, fmt, out, len, err);
	free(dot);
	return rc;
}
