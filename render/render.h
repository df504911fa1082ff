/*
 * Diagrams of call paths, flows and neighbourhoods, fit for
 * documentation.
 *
 * A diagram is plain data (diagram.h) built from query results: one node
 * per function with its file, line and a link to the source, one edge
 * per distinct hop with its kind, call site, registration site and what
 * a resolved pointer went through.  graphviz.c lays it out with Graphviz
 * (cgraph + gvc) into SVG, PNG, PDF or DOT, one cluster per source
 * directory (inside one band per execution context, for flows that give
 * them) and the edges styled by kind with a legend; mermaid.c writes it
 * as a Mermaid flowchart.  Nothing here prints.
 */
#ifndef KCG_RENDER_H
#define KCG_RENDER_H

#include "diagram.h"
#include "queries/diff.h"
#include "queries/flow.h"
#include "queries/path.h"
#include "queries/result.h"

#include <sqlite3.h>

/*
 * Adding the functions and calls of an index to a diagram: the builder
 * knows the database and how to link to the source.
 */
struct diagram_builder {
	sqlite3 *db;
	struct diagram *d;
	const char *url_template;	/* NULL: the default (diagram.h) */
	char *version, *root;		/* meta of the index */
};

void diagram_builder_init(struct diagram_builder *b, sqlite3 *db,
			  const char *url_template, struct diagram *d);
void diagram_builder_release(struct diagram_builder *b);

/* Add function id once; *index is its node. */
int diagram_add_function(struct diagram_builder *b, int64_t id,
			 size_t *index, struct kcg_error *err);
/*
 * Add the call from -> to, edge row edge_id of kind, described by row
 * `row` of a describe_paths or describe_tree result (site, through, via,
 * registration); an edge already there is not added twice.
 */
int diagram_add_call(struct diagram_builder *b, uint32_t from, uint32_t to,
		     uint32_t edge_id, int kind, const struct result *r,
		     size_t row, struct kcg_error *err);
/* Add every hop of paths, marking the ends of each path. */
int diagram_add_paths(struct diagram_builder *b,
		      const struct path_list *paths, struct kcg_error *err);
/* A link to file:line as the builder's template makes it, or NULL. */
char *diagram_builder_url(const struct diagram_builder *b, const char *file,
			  int line);

/*
 * Fill d (initialized, empty) with the functions and hops of paths, read
 * from db; url_template may be NULL (diagram.h).  title is copied.
 */
int diagram_from_paths(sqlite3 *db, const struct path_list *paths,
		       const char *url_template, const char *title,
		       struct diagram *d, struct kcg_error *err);

/*
 * Fill d with a connected flow (flow_connect): every leg's hops, the
 * waypoints marked and noted with their stage, bands for the stages'
 * contexts, hand-offs, hook point nodes (each hook its own node when
 * expand_hooks), broken legs drawn as such.  Laid out as the flow says.
 */
int diagram_from_flow(sqlite3 *db, const struct flow *f,
		      const struct flow_result *r, const char *url_template,
		      int expand_hooks, struct diagram *d,
		      struct kcg_error *err);

/*
 * Fill d with a callers or callees tree (tree_build), the root marked;
 * edges point from caller to callee either way.  d may hold another
 * tree already (a function's callers, then its callees): the functions
 * and edges it has are not added twice.  title (NULL: keep d's) is
 * copied.
 */
int diagram_from_tree(sqlite3 *db, const struct tree *t, int callers,
		      const char *url_template, const char *title,
		      struct diagram *d, struct kcg_error *err);

/*
 * Join the diagrams of one flow or path drawn from two indexes (old and
 * new, compared by d) into out (diff_diagram.c): matched functions are
 * one node, what one version only has is marked CHANGE_OLD_ONLY or
 * CHANGE_NEW_ONLY, and the legend names the versions by the labels.
 * old and new are emptied.
 */
void diagram_join_versions(struct diagram *old, struct diagram *new,
			   const struct diff *d, const char *old_label,
			   const char *new_label, struct diagram *out);

/*
 * Cut d to about max_nodes nodes (cut.c): first each run of calls
 * between nodes that matter (endpoints, waypoints, hook points) becomes
 * one "N calls" node, longest runs first; then the nodes farthest from
 * those that matter go, each node that lost some getting one "N more"
 * node.  d->note says what was cut.  Nothing is cut from a diagram that
 * fits.
 */
void diagram_cut(struct diagram *d, size_t max_nodes);

#endif
