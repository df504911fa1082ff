/* Bidirectional Dijkstra on the compact graph: see path_meet.h. */
#include "path_meet.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define NO_MEETING UINT32_MAX

void meet_init(struct meet_search *m, const struct graph_adj *out,
	       const struct graph_adj *in)
{
	size_t n;

	memset(m, 0, sizeof(*m));
	m->out = out;
	m->in = in;
	m->nr = out->nr_nodes ? out->nr_nodes : 1;
	n = m->nr;
	m->fseen = xcalloc_large(n, sizeof(uint32_t));
	m->fdone = xcalloc_large(n, sizeof(uint32_t));
	m->fdist = xcalloc_large(n, sizeof(uint32_t));
	m->fparent = xcalloc_large(n, sizeof(uint32_t));
	m->fvia = xcalloc_large(n, sizeof(uint32_t));
	m->bseen = xcalloc_large(n, sizeof(uint32_t));
	m->bdone = xcalloc_large(n, sizeof(uint32_t));
	m->bdist = xcalloc_large(n, sizeof(uint32_t));
	m->bnext = xcalloc_large(n, sizeof(uint32_t));
	m->bvia = xcalloc_large(n, sizeof(uint32_t));
}

void meet_release(struct meet_search *m)
{
	size_t n = m->nr;

	xfree_large(m->fseen, n, sizeof(uint32_t));
	xfree_large(m->fdone, n, sizeof(uint32_t));
	xfree_large(m->fdist, n, sizeof(uint32_t));
	xfree_large(m->fparent, n, sizeof(uint32_t));
	xfree_large(m->fvia, n, sizeof(uint32_t));
	xfree_large(m->bseen, n, sizeof(uint32_t));
	xfree_large(m->bdone, n, sizeof(uint32_t));
	xfree_large(m->bdist, n, sizeof(uint32_t));
	xfree_large(m->bnext, n, sizeof(uint32_t));
	xfree_large(m->bvia, n, sizeof(uint32_t));
	cost_heap_release(&m->fwd);
	cost_heap_release(&m->bwd);
	memset(m, 0, sizeof(*m));
}

/* A new search: every stamp of the last one forgotten. */
static void next_search(struct meet_search *m)
{
	if (++m->gen == 0) {
		size_t bytes = (size_t)m->nr * sizeof(uint32_t);

		memset(m->fseen, 0, bytes);
		memset(m->fdone, 0, bytes);
		memset(m->bseen, 0, bytes);
		memset(m->bdone, 0, bytes);
		m->gen = 1;
	}
	m->fwd.nr = m->bwd.nr = 0;
}

static int passable(const struct meet_leg *l, uint32_t v)
{
	return !l->avoid[v] && l->ban[v] != l->ban_gen;
}

static int first_hop_banned(const struct meet_leg *l, uint32_t from,
			    uint32_t to)
{
	size_t i;

	if (from != l->src)
		return 0;
	for (i = 0; i < l->nr_no_first; i++)
		if (l->no_first[i] == to)
			return 1;
	return 0;
}

static uint64_t top_cost(const struct cost_heap *h)
{
	return h->nr ? h->items[0].key >> 32 : UINT32_MAX;
}

/* Both searches have reached v: is the way through it the cheapest? */
static void met(struct meet_search *m, uint32_t v, uint64_t *best,
		uint32_t *meeting)
{
	uint64_t cost = (uint64_t)m->fdist[v] + m->bdist[v];

	if (cost < *best) {
		*best = cost;
		*meeting = v;
	}
}

/* Settle the cheapest function reached from the start; relax its
 * callees. */
static void step_forward(struct meet_search *m, const struct meet_leg *l,
			 uint32_t *order, uint64_t *best, uint32_t *meeting)
{
	const struct graph_adj *a = m->out;
	uint32_t u = cost_heap_pop(&m->fwd), e;

	if (m->fdone[u] == m->gen)
		return;
	m->fdone[u] = m->gen;
	for (e = a->offsets[u]; e < a->offsets[u + 1]; e++) {
		uint32_t v = a->targets[e], cost;

		if (!(l->kinds & KIND_BIT(a->kinds[e])) ||
		    (v != l->dst && !passable(l, v)) ||
		    first_hop_banned(l, u, v) || m->fdone[v] == m->gen)
			continue;
		cost = m->fdist[u] + l->hop_cost[a->fanouts[e]];
		if (m->fseen[v] == m->gen && m->fdist[v] <= cost)
			continue;
		m->fseen[v] = m->gen;
		m->fdist[v] = cost;
		m->fparent[v] = u;
		m->fvia[v] = e;
		cost_heap_push(&m->fwd, v, (uint64_t)cost << 32 | (*order)++);
		if (m->bseen[v] == m->gen)
			met(m, v, best, meeting);
	}
}

/* Settle the cheapest function reached from the end; relax its
 * callers. */
static void step_backward(struct meet_search *m, const struct meet_leg *l,
			  uint32_t *order, uint64_t *best, uint32_t *meeting)
{
	const struct graph_adj *a = m->in;
	uint32_t x = cost_heap_pop(&m->bwd), e;

	if (m->bdone[x] == m->gen)
		return;
	m->bdone[x] = m->gen;
	for (e = a->offsets[x]; e < a->offsets[x + 1]; e++) {
		uint32_t w = a->targets[e], cost;

		if (!(l->kinds & KIND_BIT(a->kinds[e])) ||
		    (w != l->src && !passable(l, w)) ||
		    first_hop_banned(l, w, x) || m->bdone[w] == m->gen)
			continue;
		cost = m->bdist[x] + l->hop_cost[a->fanouts[e]];
		if (m->bseen[w] == m->gen && m->bdist[w] <= cost)
			continue;
		m->bseen[w] = m->gen;
		m->bdist[w] = cost;
		m->bnext[w] = x;
		m->bvia[w] = e;
		cost_heap_push(&m->bwd, w, (uint64_t)cost << 32 | (*order)++);
		if (m->fseen[w] == m->gen)
			met(m, w, best, meeting);
	}
}

/* The out entry from caller to callee of the kind of in entry e. */
static uint32_t out_entry(const struct meet_search *m, uint32_t caller,
			  uint32_t callee, uint32_t e)
{
	const struct graph_adj *a = m->out;
	uint32_t i;

	for (i = a->offsets[caller]; i < a->offsets[caller + 1]; i++)
		if (a->targets[i] == callee && a->kinds[i] == m->in->kinds[e])
			return i;
	abort();	/* the two directions of one graph disagree */
}

/* The hops from the start to the meeting, then on to the end. */
static void collect(const struct meet_search *m, const struct meet_leg *l,
		    uint32_t meeting, uint32_t **hops, size_t *nr)
{
	size_t to_meeting = 0, from_meeting = 0, i;
	uint32_t v;

	for (v = meeting; v != l->src; v = m->fparent[v])
		to_meeting++;
	for (v = meeting; v != l->dst; v = m->bnext[v])
		from_meeting++;
	*nr = to_meeting + from_meeting;
	*hops = xmalloc((*nr ? *nr : 1) * sizeof(**hops));
	i = to_meeting;
	for (v = meeting; v != l->src; v = m->fparent[v])
		(*hops)[--i] = m->fvia[v];
	i = to_meeting;
	for (v = meeting; v != l->dst; v = m->bnext[v])
		(*hops)[i++] = out_entry(m, v, m->bnext[v], m->bvia[v]);
}

int meet_cheapest(struct meet_search *m, const struct meet_leg *l,
		  uint32_t **hops, size_t *nr)
{
	uint64_t best = UINT64_MAX;
	uint32_t meeting = NO_MEETING, order = 0;

	*hops = NULL;
	*nr = 0;
	if (l->src >= m->nr || l->dst >= m->nr)
		return -1;
	next_search(m);
	m->fseen[l->src] = m->gen;
	m->fdist[l->src] = 0;
	cost_heap_push(&m->fwd, l->src, order++);
	m->bseen[l->dst] = m->gen;
	m->bdist[l->dst] = 0;
	cost_heap_push(&m->bwd, l->dst, order++);
	if (l->src == l->dst)
		met(m, l->src, &best, &meeting);
	while (m->fwd.nr && m->bwd.nr &&
	       top_cost(&m->fwd) + top_cost(&m->bwd) < best) {
		if (m->fwd.nr <= m->bwd.nr)
			step_forward(m, l, &order, &best, &meeting);
		else
			step_backward(m, l, &order, &best, &meeting);
	}
	if (meeting == NO_MEETING)
		return -1;
	collect(m, l, meeting, hops, nr);
	return 0;
}
