/*
 * The cheapest path between two functions, searched from both ends at
 * once (bidirectional Dijkstra): one search over the callees of what it
 * has reached from the start, one over the callers of what it has reached
 * from the end, each taking a step on the side whose frontier is smaller,
 * until no way through both can be cheaper than the best one met.  On a
 * whole kernel a search from the start alone settles a good part of the
 * graph before it reaches a function deep in the stack; the two meet
 * after far fewer.
 *
 * It searches the type-level graph: path.c checks what it finds against
 * the netfilter context, and searches the context itself when a hook or
 * an okfn on the way is not allowed.
 */
#ifndef KCG_PATH_MEET_H
#define KCG_PATH_MEET_H

#include "cost_heap.h"
#include "graph.h"

#include <stddef.h>
#include <stdint.h>

struct meet_leg {
	uint32_t src, dst;
	unsigned kinds;			/* KIND_BIT()s of the edges taken */
	const uint32_t *hop_cost;	/* by fan-out */
	/* never passed (dst and src excepted): banned[v] == ban_gen or
	 * avoid[v] */
	const uint32_t *ban;
	uint32_t ban_gen;
	const uint8_t *avoid;
	const uint32_t *no_first;	/* banned first hops from src */
	size_t nr_no_first;
};

/* What one of the two searches knows of a function (one struct, so that
 * reaching a function touches one page of memory, not five). */
struct meet_state {
	uint32_t seen, done;		/* stamps: == meet_search.gen */
	uint32_t dist;			/* cost from the search's end */
	uint32_t link;			/* the function it was reached from */
	uint32_t via;			/* the graph entry of that hop */
};

struct meet_search {
	const struct graph_adj *out, *in;
	uint32_t nr;			/* functions */
	uint32_t gen;			/* of this search */
	/* by function: from the start over out (link: the caller, via an
	 * out entry), from the end over in (link: the callee, via an in
	 * entry) */
	struct meet_state *fwd_state, *bwd_state;
	struct cost_heap fwd, bwd;
};

/* out and in: the two directions of one graph. */
void meet_init(struct meet_search *m, const struct graph_adj *out,
	       const struct graph_adj *in);
void meet_release(struct meet_search *m);

/*
 * The cheapest path of leg l: its hops as entries of out (indexes into
 * out->targets) in *hops (freed by the caller), their number in *nr.
 * Returns 0, or -1 when there is none.
 */
int meet_cheapest(struct meet_search *m, const struct meet_leg *l,
		  uint32_t **hops, size_t *nr);

#endif
