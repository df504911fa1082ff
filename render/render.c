/*
 * What every renderer shares: output formats, how each edge kind is
 * drawn (a table), the label and tooltip of an edge, and the dispatch
 * to Graphviz or Mermaid.
 */
#include "diagram.h"

#include "queries/graph.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <string.h>

static const char *const format_names[] = {
	[RENDER_SVG] = "svg",
	[RENDER_PNG] = "png",
	[RENDER_PDF] = "pdf",
	[RENDER_DOT] = "dot",
	[RENDER_MMD] = "mmd",
};

#define NR_FORMATS (sizeof(format_names) / sizeof(format_names[0]))

const char *render_format_name(enum render_format fmt)
{
	return format_names[fmt];
}

int render_format_parse(const char *name, enum render_format *fmt,
			struct kcg_error *err)
{
	size_t i;

	for (i = 0; i < NR_FORMATS; i++)
		if (!strcmp(name, format_names[i])) {
			*fmt = (enum render_format)i;
			return 0;
		}
	if (!strcmp(name, "gv") || !strcmp(name, "mermaid")) {
		*fmt = name[0] == 'g' ? RENDER_DOT : RENDER_MMD;
		return 0;
	}
	return kcg_error_set(err, "unknown format '%s' (svg, png, pdf, dot "
			     "or mmd)", name);
}

int render_format_guess(const char *path, enum render_format *fmt,
			struct kcg_error *err)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return kcg_error_set(err, "cannot tell the format of '%s': "
				     "give --format", path);
	return render_format_parse(dot + 1, fmt, err);
}

const struct edge_style *render_kind_style(int kind)
{
	return &edge_kind(kind)->draw;
}

static const struct edge_style role_styles[NR_EDGE_ROLES] = {
	[EDGE_CALL] = { "solid", "black", NULL, "" },
	[EDGE_HANDOFF] = { "dashed", "darkorange3", "darkorange", "text" },
	[EDGE_BROKEN] = { "dashed", "red", "red", "text" },
	[EDGE_HOOK_POINT] = { "dashed", "blue3", "blue", "text" },
	[EDGE_MORE] = { "dotted", "grey55", "grey", "text" },
};

static const char *const role_names[NR_EDGE_ROLES] = {
	[EDGE_CALL] = "call",
	[EDGE_HANDOFF] = "hand-off (runs later, not a call)",
	[EDGE_BROKEN] = "no path in this index",
	[EDGE_HOOK_POINT] = "netfilter hook point",
	[EDGE_MORE] = "calls left out (--max-nodes)",
};

const struct edge_style *render_role_style(enum diagram_edge_role r)
{
	return &role_styles[r < NR_EDGE_ROLES ? r : EDGE_CALL];
}

const char *render_role_name(enum diagram_edge_role r)
{
	return role_names[r < NR_EDGE_ROLES ? r : EDGE_CALL];
}

const struct edge_style *render_edge_style(const struct diagram_edge *e)
{
	if (e->role != EDGE_CALL)
		return render_role_style(e->role);
	return render_kind_style(e->kind);
}

char *render_edge_label(const struct diagram_edge *e)
{
	const char *what = render_edge_style(e)->label;
	struct strbuf sb;

	if (e->role != EDGE_CALL)
		return e->text ? xstrdup(e->text) : NULL;
	if (!strcmp(what, "through") && e->through)
		return xstrdup(e->through);
	if (!strcmp(what, "via") && e->via) {
		strbuf_init(&sb);
		strbuf_addf(&sb, "via %s", e->via);
		return strbuf_detach(&sb);
	}
	if (!strcmp(what, "hooks") && (e->hooks || e->through))
		return xstrdup(e->hooks ? e->hooks : e->through);
	return NULL;
}

char *render_edge_tooltip(const struct diagram_edge *e)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (e->role != EDGE_CALL) {
		strbuf_addstr(&sb, render_role_name(e->role));
		if (e->text)
			strbuf_addf(&sb, ": %s", e->text);
		return strbuf_detach(&sb);
	}
	strbuf_addf(&sb, "%s", edge_kind_name(e->kind));
	if (e->site_file)
		strbuf_addf(&sb, ", call at %s:%d", e->site_file,
			    e->site_line);
	if (e->through)
		strbuf_addf(&sb, " through %s", e->through);
	if (e->reg_file)
		strbuf_addf(&sb, ", stored at %s:%d", e->reg_file,
			    e->reg_line);
	return strbuf_detach(&sb);
}

int render_diagram(const struct diagram *d, enum render_format fmt,
		   const char *path, struct kcg_error *err)
{
	if (fmt == RENDER_MMD)
		return render_mermaid(d, path, err);
	return render_graphviz(d, fmt, path, err);
}
