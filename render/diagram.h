/*
 * Diagrams as data, and the renderers that draw them; see render.h for
 * building one from path search results.  Kept apart from queries/ on
 * purpose: Graphviz's headers define a `struct path` of their own.
 */
#ifndef KCG_DIAGRAM_H
#define KCG_DIAGRAM_H

#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

enum render_format { RENDER_SVG, RENDER_PNG, RENDER_PDF, RENDER_DOT,
		     RENDER_MMD };

/* The format named "svg", "png", "pdf", "dot" or "mmd"; -1 if unknown. */
int render_format_parse(const char *name, enum render_format *fmt,
			struct kcg_error *err);
/* The format of a file name's extension; -1 if it has none we know. */
int render_format_guess(const char *path, enum render_format *fmt,
			struct kcg_error *err);
const char *render_format_name(enum render_format fmt);

struct diagram_node {
	int64_t id;		/* functions.id */
	char *key;		/* unique: the name, or name@file */
	char *name;
	char *file;		/* NULL if unknown */
	int line;
	char *dir;		/* the directory of file, "?" if unknown */
	char *url;		/* link to the source, or NULL */
	int endpoint;		/* FROM or TO of a path */
};

struct diagram_edge {
	size_t from, to;	/* indexes into nodes */
	uint32_t edge_id;
	int kind;		/* enum graph_kind */
	char *site_file;	/* the call site (NULL if unknown) */
	int site_line;
	char *through;		/* "packet_type.func", or NULL */
	char *via;		/* the helper of a callback, or NULL */
	char *reg_file;		/* where the pointer was stored, or NULL */
	int reg_line;
	char *hooks;		/* netfilter hook points of the callee */
};

struct diagram {
	char *title;
	struct diagram_node *nodes;
	size_t nr_nodes, alloc_nodes;
	struct diagram_edge *edges;
	size_t nr_edges, alloc_edges;
};

/*
 * Links to the source: a template with {file}, {line}, {version}
 * (meta.kernel_version) and {root} (meta.root).  With no template: Elixir
 * for a kernel of known version, file://ROOT/FILE otherwise (no link
 * when the index records no root).
 */
#define RENDER_ELIXIR_URL \
	"https://elixir.bootlin.com/linux/v{version}/source/{file}#L{line}"
#define RENDER_FILE_URL "file://{root}/{file}"

void diagram_init(struct diagram *d);
void diagram_release(struct diagram *d);

/* Expand a URL template for file:line; newly allocated. */
char *render_url(const char *tmpl, const char *version, const char *root,
		 const char *file, int line);

/* Write d to path in format fmt: Graphviz or Mermaid. */
int render_diagram(const struct diagram *d, enum render_format fmt,
		   const char *path, struct kcg_error *err);

/* graphviz.c: svg, png, pdf through gvc; dot as cgraph writes it. */
int render_graphviz(const struct diagram *d, enum render_format fmt,
		    const char *path, struct kcg_error *err);
/* mermaid.c: a Mermaid flowchart. */
int render_mermaid(const struct diagram *d, const char *path,
		   struct kcg_error *err);

/*
 * How an edge of each kind is drawn: Graphviz style and colour, and what
 * its label says ("through": what the pointer went through, "via": the
 * callback's helper, "hooks": the netfilter hook points).
 */
struct render_kind_style {
	const char *style;
	const char *color;
	const char *label;	/* "", "through", "via" or "hooks" */
};
const struct render_kind_style *render_kind_style(int kind);
/* The label of an edge as its kind shows it; newly allocated, or NULL. */
char *render_edge_label(const struct diagram_edge *e);
/* "call FILE:LINE" and "stored FILE:LINE" lines; newly allocated. */
char *render_edge_tooltip(const struct diagram_edge *e);

#endif
