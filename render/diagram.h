/*
 * Diagrams as data, and the renderers that draw them; see render.h for
 * building one from path search results.  Kept apart from queries/ on
 * purpose: Graphviz's headers define a `struct path` of their own.
 */
#ifndef KCG_DIAGRAM_H
#define KCG_DIAGRAM_H

#include "db/edge_kind.h"
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

/* What a node stands for. */
enum diagram_node_kind {
	NODE_FUNCTION,		/* a function of the index */
	NODE_HOOK_POINT,	/* a netfilter hook point: hooks listed */
	NODE_MORE,		/* stands for nodes cut out (--max-nodes) */
	NODE_MISSING,		/* a flow's function not in the index */
};

/*
 * In a diagram of two versions (render diff, render/diff_diagram.c):
 * whether a node, edge or hook is in both or in one only.
 */
enum diagram_change {
	CHANGE_BOTH,		/* or a diagram of one version */
	CHANGE_OLD_ONLY,	/* drawn red and dashed */
	CHANGE_NEW_ONLY,	/* drawn green */
};

/* One netfilter hook of a hook point node, in priority order. */
struct diagram_hook {
	int priority;
	char *priority_name;	/* NF_IP_PRI_CONNTRACK, or NULL */
	char *function;
	char *site;		/* "FILE:LINE" of the nf_hook_ops entry */
	char *url;		/* link to it, or NULL */
	int dynamic;		/* built at run time from a table template */
	enum diagram_change change;
};

struct diagram_node {
	enum diagram_node_kind kind;
	int64_t id;		/* functions.id (0 for other kinds) */
	char *key;		/* unique: the name, or name@file */
	char *name;		/* what the node says */
	char *file;		/* NULL if unknown */
	int line;
	char *dir;		/* the directory of file, "?" if unknown */
	char *url;		/* link to the source, or NULL */
	int endpoint;		/* FROM or TO of a path, a flow's waypoint */
	char *band;		/* the execution context, or NULL */
	char *note;		/* a line under the name (a stage), or NULL */
	char *detail;		/* NODE_MORE: the functions it stands for */
	struct diagram_hook *hooks;	/* NODE_HOOK_POINT */
	size_t nr_hooks;
	enum diagram_change change;
};

/* Edges that are not a call of the index, drawn apart from those. */
enum diagram_edge_role {
	EDGE_CALL,		/* an edge of the index, of kind `kind` */
	EDGE_HANDOFF,		/* runs later (a flow's '~'): not a call */
	EDGE_BROKEN,		/* a flow's leg with no path in the index */
	EDGE_HOOK_POINT,	/* a waypoint running a netfilter hook point */
	EDGE_MORE,		/* to or from a node standing for a cut */
	NR_EDGE_ROLES
};

struct diagram_edge {
	size_t from, to;	/* indexes into nodes */
	enum diagram_edge_role role;
	uint32_t edge_id;	/* EDGE_CALL: edge.id */
	int kind;		/* EDGE_CALL: enum edge_kind */
	char *site_file;	/* the call site (NULL if unknown) */
	int site_line;
	char *through;		/* "packet_type.func", or NULL */
	char *via;		/* the helper of a callback, or NULL */
	char *reg_file;		/* where the pointer was stored, or NULL */
	int reg_line;
	char *hooks;		/* netfilter hook points of the callee */
	char *text;		/* the label of the other roles, or NULL */
	enum diagram_change change;
};

struct diagram {
	char *title;
	char *note;		/* under the title: what was cut, or NULL */
	int left_to_right;	/* rankdir LR (paths) or TB (flows) */
	char *old_label, *new_label;	/* two versions: their names in
					   the legend ("Linux 6.1.192") */
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

/* An empty diagram, laid out left to right. */
void diagram_init(struct diagram *d);
void diagram_release(struct diagram *d);

/*
 * Add a node that is not a function of the index (not NODE_FUNCTION)
 * with a unique key and the name it shows; returns its index.  Hook
 * points take their hooks with diagram_add_hook().
 */
size_t diagram_add_other_node(struct diagram *d, enum diagram_node_kind kind,
			      const char *key, const char *name,
			      const char *dir);
void diagram_add_hook(struct diagram_node *n, int priority,
		      const char *priority_name, const char *function,
		      const char *site, const char *url, int dynamic);
/* Add an edge of a role other than EDGE_CALL, labelled text (or NULL). */
void diagram_add_other_edge(struct diagram *d, size_t from, size_t to,
			    enum diagram_edge_role role, const char *text);
/* The index of the node with key, or (size_t)-1. */
size_t diagram_find_key(const struct diagram *d, const char *key);
/* The index of the node of function id (functions.id), or (size_t)-1. */
size_t diagram_find_function(const struct diagram *d, int64_t id);
/* Free what one node or edge holds (not the struct itself). */
void diagram_node_release(struct diagram_node *n);
void diagram_edge_release(struct diagram_edge *e);

/* Expand a URL template for file:line; newly allocated. */
char *render_url(const char *tmpl, const char *version, const char *root,
		 const char *file, int line);

/* Write d to path in format fmt: Graphviz or Mermaid. */
int render_diagram(const struct diagram *d, enum render_format fmt,
		   const char *path, struct kcg_error *err);

/* graphviz.c: svg, png, pdf through gvc; dot as cgraph writes it. */
int render_graphviz(const struct diagram *d, enum render_format fmt,
		    const char *path, struct kcg_error *err);
/*
 * graphviz.c: d laid out and drawn as svg, png or pdf into memory: *out
 * (NUL-terminated, *len bytes without the NUL) is the caller's to free.
 */
int render_graphviz_data(const struct diagram *d, enum render_format fmt,
			 char **out, size_t *len, struct kcg_error *err);
/* mermaid.c: a Mermaid flowchart. */
int render_mermaid(const struct diagram *d, const char *path,
		   struct kcg_error *err);

/* How an edge of each kind is drawn (db/edge_kind.c holds the styles). */
const struct edge_style *render_kind_style(int kind);
/* How the edges of a role other than EDGE_CALL are drawn and named. */
const struct edge_style *render_role_style(enum diagram_edge_role r);
const char *render_role_name(enum diagram_edge_role r);
/* The style of edge e, whatever its role. */
const struct edge_style *render_edge_style(const struct diagram_edge *e);
/* The label of an edge as its kind shows it; newly allocated, or NULL. */
char *render_edge_label(const struct diagram_edge *e);
/* "call FILE:LINE" and "stored FILE:LINE" lines; newly allocated. */
char *render_edge_tooltip(const struct diagram_edge *e);

#endif
