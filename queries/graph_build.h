/*
 * Building the compact call graph, shared by graph.c (the whole graph out
 * of `edge`) and graph_patch.c (the rows an incremental index changed):
 * not for other files.
 */
#ifndef KCG_GRAPH_BUILD_H
#define KCG_GRAPH_BUILD_H

#include "graph.h"

/* One CSR entry before it is placed: an edge (caller, callee, kind). */
struct raw_edge {
	uint32_t from, to, edge_id;
	uint16_t fanout;
	uint8_t kind, rank;
};

/* site_edge.index of a call through a pointer that made no edge */
#define NO_EDGE UINT32_MAX

/* A resolved or macro-made edge with its call site, to count fan-outs. */
struct site_edge {
	uint32_t caller, file, line, col, callee;
	uint32_t index;		/* in raw_graph.edges */
	uint8_t through_pointer;	/* not a macro's named candidate */
};

struct raw_graph {
	struct raw_edge *edges;
	size_t nr, alloc;
	uint32_t nr_nodes;	/* max(functions.id) + 1 */
	struct site_edge *sites;
	size_t nr_sites, alloc_sites;
};

/*
 * The edges of `edge` (of the callers listed in the table only_callers,
 * a column id, when not NULL) as entries with their fan-outs, one per
 * (caller, callee, kind), sorted by caller.  rg->edges is the caller's
 * to free.
 */
int raw_graph_read(sqlite3 *db, const char *only_callers,
		   struct raw_graph *rg, struct kcg_error *err);

/* Sort by the caller (by_from) or the callee, then each node's run by
 * cmp. */
void raw_graph_sort(struct raw_graph *rg, int by_from,
		    int (*cmp)(const void *, const void *));

/* The order of a node's entries: by kind preference, then the other
 * end (out: by caller first, in: by callee first). */
int raw_edge_cmp_out(const void *a, const void *b);
int raw_edge_cmp_in(const void *a, const void *b);

/* The arrays of adj in one allocation (no edge_ids when lazy_ids). */
void graph_adj_alloc(struct graph_adj *adj, uint32_t nr_nodes,
		     uint32_t nr_edges, int lazy_ids);
void graph_adj_release(struct graph_adj *adj);

/*
 * g (both directions, with edge_ids) into `csr`, replacing what is there,
 * under a new meta `csr_stamp`, and into the graph file `file` when not
 * NULL.
 */
int graph_write(sqlite3 *db, const struct graph *g, const char *file,
		struct kcg_error *err);

#endif
