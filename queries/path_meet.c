/* Bidirectional Dijkstra on the compact graph: see path_meet.h. */
#include "path_meet.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define NO_MEETING UINT32_MAX

void meet_init(struct meet_search *m, const struct graph_adj *out,
	       const struct graph_adj *in)
{
	memset(m, 0, sizeof(*m));
	m->out = out;
	m->in = in;
	m->nr = out->nr_nodes ? out->nr_nodes : 1;
	m->fwd_state = xcalloc_large(m->nr, sizeof(*m->fwd_state));
	m->bwd_state = xcalloc_large(m->nr, sizeof(*m->bwd_state));
}

void meet_release(struct meet_search *m)
{
	xfree_large(m->fwd_state, m->nr, sizeof(*m->fwd_state));
	xfree_large(m->bwd_state, m->nr, sizeof(*m->bwd_state));
	cost_heap_release(&m->fwd);
	cost_heap_release(&m->bwd);
	memset(m, 0, sizeof(*m));
}

/* A new search: every stamp of the last one forgotten. */
static void next_search(struct meet_search *m)
{
	if (++m->gen == 0) {
		memset(m->fwd_state, 0, m->nr * sizeof(*m->fwd_state));
		memset(m->bwd_state, 0, m->nr * sizeof(*m->bwd_state));
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
	uint64_t cost = (uint64_t)m->fwd_state[v].dist + m->bwd_state[v].dist;

	if (cost < *best) {
		*best = cost;
		*meeting = v;
	}
}

/*
 * Settle the cheapest function on one side (from the start over a = out,
 * or from the end over a = in); relax the functions next to it.  from,
 * to: the leg's ends as this side sees them.
 */
static void step(struct meet_search *m, const struct meet_leg *l,
		 const struct graph_adj *a, struct meet_state *mine,
		 const struct meet_state *other, struct cost_heap *h,
		 int forward, uint32_t *order, uint64_t *best,
		 uint32_t *meeting)
{
	uint32_t u = cost_heap_pop(h), e;
	uint32_t end = forward ? l->dst : l->src;

	if (mine[u].done == m->gen)
		return;
	mine[u].done = m->gen;
	for (e = a->offsets[u]; e < a->offsets[u + 1]; e++) {
		uint32_t v = a->targets[e], cost;
		struct meet_state *sv = &mine[v];

		if (!(l->kinds & KIND_BIT(a->kinds[e])) ||
		    (v != end && !passable(l, v)) ||
		    (forward ? first_hop_banned(l, u, v) :
			       first_hop_banned(l, v, u)) ||
		    sv->done == m->gen)
			continue;
		cost = mine[u].dist + l->hop_cost[a->fanouts[e]];
		if (sv->seen == m->gen && sv->dist <= cost)
			continue;
		sv->seen = m->gen;
		sv->dist = cost;
		sv->link = u;
		sv->via = e;
		cost_heap_push(h, v, (uint64_t)cost << 32 | (*order)++);
		if (other[v].seen == m->gen)
			met(m, v, best, meeting);
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

	for (v = meeting; v != l->src; v = m->fwd_state[v].link)
		to_meeting++;
	for (v = meeting; v != l->dst; v = m->bwd_state[v].link)
		from_meeting++;
	*nr = to_meeting + from_meeting;
	*hops = xmalloc((*nr ? *nr : 1) * sizeof(**hops));
	i = to_meeting;
	for (v = meeting; v != l->src; v = m->fwd_state[v].link)
		(*hops)[--i] = m->fwd_state[v].via;
	i = to_meeting;
	for (v = meeting; v != l->dst; v = m->bwd_state[v].link)
		(*hops)[i++] = out_entry(m, v, m->bwd_state[v].link,
					 m->bwd_state[v].via);
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
	m->fwd_state[l->src].seen = m->gen;
	m->fwd_state[l->src].dist = 0;
	cost_heap_push(&m->fwd, l->src, order++);
	m->bwd_state[l->dst].seen = m->gen;
	m->bwd_state[l->dst].dist = 0;
	cost_heap_push(&m->bwd, l->dst, order++);
	if (l->src == l->dst)
		met(m, l->src, &best, &meeting);
	while (m->fwd.nr && m->bwd.nr &&
	       top_cost(&m->fwd) + top_cost(&m->bwd) < best) {
		if (m->fwd.nr <= m->bwd.nr)
			step(m, l, m->out, m->fwd_state, m->bwd_state, &m->fwd,
			     1, &order, &best, &meeting);
		else
			step(m, l, m->in, m->bwd_state, m->fwd_state, &m->bwd,
			     0, &order, &best, &meeting);
	}
	if (meeting == NO_MEETING)
		return -1;
	collect(m, l, meeting, hops, nr);
	return 0;
}
