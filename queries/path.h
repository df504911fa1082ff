/*
 * Path search on the compact graph: the cheapest paths, a hop costing
 * more the more functions its call site can reach (or every hop alike),
 * with an edge-kind filter, nodes to avoid, a depth limit and waypoints
 * (shortest legs concatenated, loopless where possible), the k shortest
 * loopless paths (Yen's algorithm on top of the same search), and the
 * callers/callees tree of a function.
 *
 * Works on node ids (functions.id) only: describe.h turns the results
 * into names and sites.
 */
#ifndef KCG_PATH_H
#define KCG_PATH_H

#include "graph.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

struct path {
	uint32_t *nodes;	/* hops + 1 functions */
	uint32_t *edge_ids;	/* hops: the edge row of each hop */
	uint8_t *kinds;		/* hops: enum edge_kind */
	uint16_t *fanouts;	/* hops: how many functions the hop's call
				   site can call (1: a written call) */
	uint32_t *contexts;	/* inside path_find() only: the search's
				   context at each function; NULL after */
	size_t hops;
	double cost;		/* the sum of path_hop_cost() of its hops */
};

/*
 * How paths are ranked.  By fan-out (the default): a hop costs
 * 1 + log2(fan-out), so a call site that can reach 37 functions costs
 * some 6 written calls, and a path through specific calls comes before
 * an equally long one through generic dispatchers.  By hops: the fewest
 * hops, every hop alike.
 */
enum path_rank { PATH_RANK_FANOUT, PATH_RANK_HOPS };

/* What one hop of fan-out n costs when ranking by fan-out. */
double path_hop_cost(unsigned fanout);

struct path_list {
	struct path *items;
	size_t nr, alloc;
	int cut;		/* the search stopped at q->deadline */
};

struct path_query {
	uint32_t from, to;
	const uint32_t *through;	/* waypoints, in order */
	size_t nr_through;
	const uint32_t *avoid;		/* never on the path */
	size_t nr_avoid;
	unsigned kinds;			/* KIND_BITs of the edges to follow */
	int max_depth;			/* hops at most; 0: no limit */
	int k;				/* how many paths (>= 1) */
	enum path_rank rank;		/* cheapest first (0: by fan-out) */
	int no_context;			/* ignore the graph's netfilter
					   context: every hook everywhere */
	double deadline;		/* CLOCK_MONOTONIC seconds after which
					   no more of the k paths are sought
					   (out->cut); 0: none */
};

/*
 * The q->k shortest paths from q->from to q->to (fewer if there are not
 * that many), the cheapest by q->rank first, appended to out.  Needs g->out.  Returns
 * -1 (with a message) only for a query that cannot be run; finding no
 * path is out->nr == 0.
 */
int path_find(const struct graph *g, const struct path_query *q,
	      struct path_list *out, struct kcg_error *err);

/* Free what p holds (p zeroed). */
void path_release(struct path *p);

void path_list_init(struct path_list *l);
void path_list_release(struct path_list *l);

/* One line of a callers/callees tree, in depth-first order. */
struct tree_row {
	uint32_t node;
	int depth;		/* 0: the root */
	uint32_t edge_id;	/* the edge from the parent (0 for the root) */
	uint8_t kind;
	int repeated;		/* shown before: not expanded again */
};

struct tree {
	struct tree_row *rows;
	size_t nr, alloc;
	int truncated;		/* stopped at max_rows */
};

/*
 * The tree of callees (adj = &g->out) or callers (adj = &g->in) of root
 * to depth levels, following the kinds of mask; a function already shown
 * is listed again as repeated but not expanded.  At most max_rows rows.
 */
void tree_build(const struct graph_adj *adj, uint32_t root, int depth,
		unsigned kinds, size_t max_rows, struct tree *out);
void tree_release(struct tree *t);

#endif
