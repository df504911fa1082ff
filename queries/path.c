/*
 * Path search on the compact graph: see path.h.
 *
 * One search finds the cheapest leg between two functions, following
 * only edges of the wanted kinds, skipping avoided and banned functions:
 * Dijkstra's algorithm on hop costs that grow with the fan-out of the
 * hop's call site (or are all alike when ranking by hops: then it visits
 * functions in the order of a breadth-first search).  With a netfilter
 * context (path_context.h), the search's states are functions in a
 * context: a hook is reached only in a context it is registered for.
 * With the callers loaded too, a leg is first searched from both ends
 * over the type-level graph (path_meet.h), which settles far fewer
 * functions; what that finds is kept when the context allows every hop
 * of it (the context only takes hops away, so it is the cheapest there
 * too), and the leg is searched in the context otherwise.
 * A path with waypoints is its legs concatenated, each leg starting in
 * the context the one before ended in; while searching one leg, the
 * functions of the legs before it and the waypoints after it are banned
 * so that the whole path stays loopless (if that finds nothing, the legs
 * are searched again without bans).  Yen's algorithm gets the k cheapest
 * loopless paths by searching, for each prefix of the last path found, a
 * spur path that leaves the prefix by an edge no earlier path took.
 */
#include "path.h"

#include "cost_heap.h"
#include "path_meet.h"
#include "util/alloc.h"
#include "util/ptrmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A hop's cost in the search: fixed point, COST_UNIT per written call. */
#define COST_UNIT 1024u
#define MAX_FANOUT UINT16_MAX
/* States of a function in a known context, per leg; past them, a
 * function is searched in the unknown context (less precise, not
 * wrong). */
#define MAX_CONTEXT_STATES 65536u
/* Contexts one hop can lead to. */
#define MAX_STEP 8

/*
 * A path being built: like struct path with room to grow.  While the
 * search runs, edge_ids holds the graph entries of the hops (indexes
 * into adj->targets); path_find() turns them into edge ids at the end,
 * so that a graph loaded with GRAPH_LAZY_IDS reads only those.  ctxs:
 * the context the search had at each function (an index into
 * search.ctxs), so that the next leg or a spur path goes on in it.
 */
struct pbuild {
	uint32_t *nodes, *edge_ids, *ctxs;
	uint8_t *kinds;
	size_t hops, alloc;
	uint64_t cost;		/* in COST_UNITs */
};

/*
 * A state is a function in a context: the function's id for the unknown
 * context, an id from nr_nodes on for a known one (per leg).
 */
struct search {
	const struct graph_adj *adj;
	unsigned kinds;
	enum path_rank rank;
	const struct path_context *pc;
	uint32_t *hop_cost;		/* by fan-out: COST_UNITs */
	uint32_t *ban, ban_gen;		/* banned in the current search */
	uint8_t *avoid;			/* banned in every search */
	/* by state */
	uint32_t *seen, seen_gen;	/* reached by the current search */
	uint32_t *done, done_gen;	/* settled by the current search */
	uint32_t *dist;			/* cost from the leg's start */
	uint32_t *parent, *via, *depth;
	size_t nr_states;
	/* the states of known contexts: their function and context */
	uint32_t *ext_node, *ext_ctx, nr_ext;
	struct ptrmap ext_ids;		/* ctx << 32 | node -> state */
	/* the contexts met, [0] the unknown one */
	struct ctx_value *ctxs;
	size_t nr_ctxs, alloc_ctxs;
	struct cost_heap heap;		/* states reached, not settled */
	struct meet_search meet;	/* from both ends, with GRAPH_IN */
	int can_meet;
	size_t nr;			/* functions: adj->nr_nodes or 1 */
};

static void pbuild_init(struct pbuild *b, uint32_t start, uint32_t ctx)
{
	memset(b, 0, sizeof(*b));
	b->alloc = 16;
	b->nodes = xmalloc((b->alloc + 1) * sizeof(*b->nodes));
	b->ctxs = xmalloc((b->alloc + 1) * sizeof(*b->ctxs));
	b->edge_ids = xmalloc(b->alloc * sizeof(*b->edge_ids));
	b->kinds = xmalloc(b->alloc);
	b->nodes[0] = start;
	b->ctxs[0] = ctx;
}

static void pbuild_release(struct pbuild *b)
{
	free(b->nodes);
	free(b->ctxs);
	free(b->edge_ids);
	free(b->kinds);
	memset(b, 0, sizeof(*b));
}

static void pbuild_add(struct pbuild *b, uint32_t node, uint32_t ctx,
		       uint32_t edge_id, uint8_t kind, uint32_t cost)
{
	if (b->hops == b->alloc) {
		b->alloc *= 2;
		b->nodes = xrealloc(b->nodes,
				    (b->alloc + 1) * sizeof(*b->nodes));
		b->ctxs = xrealloc(b->ctxs, (b->alloc + 1) * sizeof(*b->ctxs));
		b->edge_ids = xrealloc(b->edge_ids,
				       b->alloc * sizeof(*b->edge_ids));
		b->kinds = xrealloc(b->kinds, b->alloc);
	}
	b->edge_ids[b->hops] = edge_id;
	b->kinds[b->hops] = kind;
	b->nodes[++b->hops] = node;
	b->ctxs[b->hops] = ctx;
	b->cost += cost;
}

/* Hand the built path over to p; b is empty afterwards. */
static void pbuild_finish(struct pbuild *b, struct path *p)
{
	p->nodes = b->nodes;
	p->contexts = b->ctxs;
	p->edge_ids = b->edge_ids;
	p->kinds = b->kinds;
	p->fanouts = NULL;
	p->hops = b->hops;
	p->cost = (double)b->cost;	/* COST_UNITs until finish_paths() */
	memset(b, 0, sizeof(*b));
}

void path_release(struct path *p)
{
	free(p->nodes);
	free(p->contexts);
	free(p->edge_ids);
	free(p->kinds);
	free(p->fanouts);
	memset(p, 0, sizeof(*p));
}

void path_list_init(struct path_list *l)
{
	memset(l, 0, sizeof(*l));
}

void path_list_release(struct path_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		path_release(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void path_list_add(struct path_list *l, struct path *p)
{
	xgrow(&l->items, &l->alloc, l->nr + 1, sizeof(*l->items));
	l->items[l->nr++] = *p;
	memset(p, 0, sizeof(*p));
}

double path_hop_cost(unsigned fanout)
{
	return 1.0 + (fanout > 1 ? log2((double)fanout) : 0.0);
}

static void search_init(struct search *s, const struct graph *g,
			const struct path_query *q)
{
	const struct graph_adj *adj = &g->out;
	size_t n = adj->nr_nodes ? adj->nr_nodes : 1, f;

	memset(s, 0, sizeof(*s));
	s->adj = adj;
	s->kinds = q->kinds;
	s->rank = q->rank;
	/* a context comes only from calls that set one */
	s->pc = !q->no_context && path_context_restricts(&g->context) ?
			&g->context : NULL;
	s->nr = n;
	s->nr_states = n + (s->pc ? MAX_CONTEXT_STATES : 0);
	s->hop_cost = xmalloc(((size_t)MAX_FANOUT + 1) * sizeof(*s->hop_cost));
	for (f = 0; f <= MAX_FANOUT; f++)
		s->hop_cost[f] = q->rank == PATH_RANK_HOPS ? COST_UNIT :
				 (uint32_t)lround(COST_UNIT *
						  path_hop_cost((unsigned)f));
	s->ban = xcalloc_large(n, sizeof(*s->ban));
	s->avoid = xcalloc_large(n, 1);
	s->seen = xcalloc_large(s->nr_states, sizeof(*s->seen));
	s->done = xcalloc_large(s->nr_states, sizeof(*s->done));
	s->dist = xcalloc_large(s->nr_states, sizeof(*s->dist));
	s->parent = xcalloc_large(s->nr_states, sizeof(*s->parent));
	s->via = xcalloc_large(s->nr_states, sizeof(*s->via));
	s->depth = xcalloc_large(s->nr_states, sizeof(*s->depth));
	if (s->pc) {
		s->ext_node = xmalloc(MAX_CONTEXT_STATES *
				      sizeof(*s->ext_node));
		s->ext_ctx = xmalloc(MAX_CONTEXT_STATES * sizeof(*s->ext_ctx));
	}
	ptrmap_init(&s->ext_ids);
	if (g->loaded & GRAPH_IN) {
		meet_init(&s->meet, adj, &g->in);
		s->can_meet = 1;
	}
	xgrow(&s->ctxs, &s->alloc_ctxs, 1, sizeof(*s->ctxs));
	memset(&s->ctxs[0], 0, sizeof(s->ctxs[0]));
	s->ctxs[0].pf = s->ctxs[0].hooknum = CTX_UNKNOWN_INT;
	s->nr_ctxs = 1;
}

static void search_release(struct search *s)
{
	free(s->hop_cost);
	cost_heap_release(&s->heap);
	if (s->can_meet)
		meet_release(&s->meet);
	free(s->ext_node);
	free(s->ext_ctx);
	free(s->ctxs);
	ptrmap_release(&s->ext_ids);
	xfree_large(s->ban, s->nr, sizeof(*s->ban));
	xfree_large(s->avoid, s->nr, 1);
	xfree_large(s->seen, s->nr_states, sizeof(*s->seen));
	xfree_large(s->done, s->nr_states, sizeof(*s->done));
	xfree_large(s->dist, s->nr_states, sizeof(*s->dist));
	xfree_large(s->parent, s->nr_states, sizeof(*s->parent));
	xfree_large(s->via, s->nr_states, sizeof(*s->via));
	xfree_large(s->depth, s->nr_states, sizeof(*s->depth));
}

/* Start a new generation of a stamp array (clearing it on wrap-around). */
static uint32_t next_gen(uint32_t *stamps, uint32_t *gen, size_t n)
{
	if (++*gen == 0) {
		memset(stamps, 0, n * sizeof(*stamps));
		*gen = 1;
	}
	return *gen;
}

static int banned(const struct search *s, uint32_t v)
{
	return s->avoid[v] || s->ban[v] == s->ban_gen;
}

static int in_list(const uint32_t *list, size_t nr, uint32_t v)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

/* What taking graph entry e costs (all hops alike if unit). */
static uint32_t entry_cost(const struct search *s, uint32_t e, int unit)
{
	return unit ? COST_UNIT : s->hop_cost[s->adj->fanouts[e]];
}

/* The index of context c in s->ctxs, added if new. */
static uint32_t intern_ctx(struct search *s, const struct ctx_value *c)
{
	size_t i;

	if (ctx_is_unknown(c))
		return 0;
	for (i = 1; i < s->nr_ctxs; i++)
		if (s->ctxs[i].pf == c->pf && s->ctxs[i].hooknum == c->hooknum &&
		    s->ctxs[i].okfn == c->okfn && s->ctxs[i].zero == c->zero &&
		    s->ctxs[i].nonzero == c->nonzero)
			return (uint32_t)i;
	xgrow(&s->ctxs, &s->alloc_ctxs, s->nr_ctxs + 1, sizeof(*s->ctxs));
	s->ctxs[s->nr_ctxs] = *c;
	return (uint32_t)s->nr_ctxs++;
}

/* Forget the states of known contexts: a new leg begins. */
static void reset_states(struct search *s)
{
	ptrmap_clear(&s->ext_ids);
	s->nr_ext = 0;
}

/* The state of function node in context ctx. */
static uint32_t state_of(struct search *s, uint32_t node, uint32_t ctx)
{
	int64_t id;
	uintptr_t key;

	if (!ctx || !s->pc)
		return node;
	key = (uintptr_t)((uint64_t)ctx << 32 | node);
	if (ptrmap_get(&s->ext_ids, (const void *)key, &id))
		return (uint32_t)id;
	if (s->nr_ext == MAX_CONTEXT_STATES)
		return node;
	s->ext_node[s->nr_ext] = node;
	s->ext_ctx[s->nr_ext] = ctx;
	id = (int64_t)s->nr + s->nr_ext++;
	ptrmap_put(&s->ext_ids, (const void *)key, id);
	return (uint32_t)id;
}

static uint32_t node_of(const struct search *s, uint32_t state)
{
	return state < s->nr ? state : s->ext_node[state - s->nr];
}

static uint32_t ctx_of(const struct search *s, uint32_t state)
{
	return state < s->nr ? 0 : s->ext_ctx[state - s->nr];
}

/* Append the search tree's path from its start to state dst to b. */
static void take_leg(struct search *s, uint32_t dst, int unit,
		     struct pbuild *b)
{
	uint32_t n = s->depth[dst], i, v = dst;
	uint32_t *rev = xmalloc(((size_t)n + 1) * sizeof(*rev));

	for (i = 0; i < n; i++) {
		rev[i] = v;
		v = s->parent[v];
	}
	while (n--) {
		uint32_t e = s->via[rev[n]];

		pbuild_add(b, node_of(s, rev[n]), ctx_of(s, rev[n]), e,
			   s->adj->kinds[e], entry_cost(s, e, unit));
	}
	free(rev);
}

/*
 * Is function node on the search tree's way to state su?  A function
 * can be reached in several contexts, and a path must not pass it twice.
 */
static int on_way(const struct search *s, uint32_t su, uint32_t node)
{
	uint32_t d;

	for (d = s->depth[su];; d--) {
		if (node_of(s, su) == node)
			return 1;
		if (!d)
			return 0;
		su = s->parent[su];
	}
}

/* Where a leg starts and ends, and what it may not do. */
struct leg {
	uint32_t src, src_ctx, dst;
	int budget;			/* hops at most; < 0: any */
	const uint32_t *no_first;	/* banned first hops from src */
	size_t nr_no_first;
	int unit;			/* every hop alike */
};

/*
 * The cheapest leg (Dijkstra), appended to b; 0 if found.  Among equally
 * cheap ways the first reached wins, so with unit costs this is a
 * breadth-first search.  With a budget, a state is not left beyond
 * budget hops.
 */
static int cheapest_leg(struct search *s, const struct leg *l,
			struct pbuild *b)
{
	const struct graph_adj *a = s->adj;
	uint32_t gen, settled, order = 0, start;

	if (l->src == l->dst)
		return 0;
	if (l->budget == 0 || l->src >= a->nr_nodes || l->dst >= a->nr_nodes)
		return -1;
	reset_states(s);
	gen = next_gen(s->seen, &s->seen_gen, s->nr_states);
	settled = next_gen(s->done, &s->done_gen, s->nr_states);
	s->heap.nr = 0;
	start = state_of(s, l->src, l->src_ctx);
	s->seen[start] = gen;
	s->dist[start] = 0;
	s->depth[start] = 0;
	cost_heap_push(&s->heap, start, order++);
	while (s->heap.nr) {
		uint32_t su = cost_heap_pop(&s->heap), u = node_of(s, su), e;

		if (s->done[su] == settled)
			continue;	/* reached again, more cheaply */
		s->done[su] = settled;
		if (u == l->dst) {
			take_leg(s, su, l->unit, b);
			return 0;
		}
		if (l->budget > 0 && s->depth[su] >= (uint32_t)l->budget)
			continue;
		for (e = a->offsets[u]; e < a->offsets[u + 1]; e++) {
			struct ctx_value next[MAX_STEP];
			uint32_t v = a->targets[e], cost;
			size_t nr_next = 1, i;

			if (!(s->kinds & KIND_BIT(a->kinds[e])))
				continue;
			if (v != l->dst && banned(s, v))
				continue;
			if (u == l->src &&
			    in_list(l->no_first, l->nr_no_first, v))
				continue;
			if (s->pc && s->nr_ext && on_way(s, su, v))
				continue;
			if (s->pc)
				nr_next = path_context_step(
					s->pc, u, v, &s->ctxs[ctx_of(s, su)],
					next, MAX_STEP);
			cost = s->dist[su] + entry_cost(s, e, l->unit);
			for (i = 0; i < nr_next; i++) {
				uint32_t sv = s->pc ?
					state_of(s, v, intern_ctx(s, &next[i])) :
					v;

				if (s->done[sv] == settled ||
				    (s->seen[sv] == gen && s->dist[sv] <= cost))
					continue;
				s->seen[sv] = gen;
				s->dist[sv] = cost;
				s->parent[sv] = su;
				s->via[sv] = e;
				s->depth[sv] = s->depth[su] + 1;
				cost_heap_push(&s->heap, sv,
					       (uint64_t)cost << 32 | order++);
			}
		}
	}
	return -1;
}

/*
 * The cheapest leg of the type-level graph searched from both ends
 * (path_meet.h), appended to b with the context at each function: 0.  It
 * is the cheapest in the context too when every hop on it is allowed
 * there (the context only takes hops away), and within the budget.  -1:
 * there is no way at all.  1: a hop is not allowed, one leads to several
 * contexts, or the way is too long: cheapest_leg() decides.
 */
static int meet_leg(struct search *s, const struct leg *l, struct pbuild *b)
{
	const struct graph_adj *a = s->adj;
	struct meet_leg m;
	uint32_t *hops, *ctxs, ctx = l->src_ctx;
	size_t nr, i;

	memset(&m, 0, sizeof(m));
	m.src = l->src;
	m.dst = l->dst;
	m.kinds = s->kinds;
	m.hop_cost = s->hop_cost;
	m.ban = s->ban;
	m.ban_gen = s->ban_gen;
	m.avoid = s->avoid;
	m.no_first = l->no_first;
	m.nr_no_first = l->nr_no_first;
	if (meet_cheapest(&s->meet, &m, &hops, &nr))
		return -1;
	if (l->budget > 0 && nr > (size_t)l->budget) {
		free(hops);
		return 1;
	}
	ctxs = xmalloc((nr ? nr : 1) * sizeof(*ctxs));
	for (i = 0; i < nr; i++) {
		uint32_t u = i ? a->targets[hops[i - 1]] : l->src;
		struct ctx_value next[MAX_STEP];

		if (s->pc) {
			if (path_context_step(s->pc, u, a->targets[hops[i]],
					      &s->ctxs[ctx], next,
					      MAX_STEP) != 1) {
				free(hops);
				free(ctxs);
				return 1;
			}
			ctx = intern_ctx(s, &next[0]);
		}
		ctxs[i] = ctx;
	}
	for (i = 0; i < nr; i++)
		pbuild_add(b, a->targets[hops[i]], ctxs[i], hops[i],
			   a->kinds[hops[i]], entry_cost(s, hops[i], l->unit));
	free(hops);
	free(ctxs);
	return 0;
}

/*
 * The leg the query's ranking prefers.  By fan-out with a budget, the
 * cheapest way may be too long where a dearer one fits: the fewest hops
 * then.
 */
static int find_leg(struct search *s, struct leg *l, struct pbuild *b)
{
	l->unit = s->rank == PATH_RANK_HOPS;
	if (s->can_meet && l->src != l->dst && l->budget != 0) {
		int rc = meet_leg(s, l, b);

		if (rc <= 0)
			return rc;
	}
	if (!cheapest_leg(s, l, b))
		return 0;
	if (l->unit || l->budget < 0)
		return -1;
	l->unit = 1;
	return cheapest_leg(s, l, b);
}

/* What a search through several legs needs besides the graph. */
struct legs {
	const uint32_t *targets;	/* waypoints left, then the end */
	size_t nr_targets;
	const uint32_t *root;		/* banned: the prefix before src */
	size_t nr_root;
	const uint32_t *no_first;	/* banned first hops from src */
	size_t nr_no_first;
	int budget;			/* hops of the whole path (root
					   included) at most; < 0: any */
	int strict;			/* keep the whole path loopless */
};

static void ban(struct search *s, uint32_t v)
{
	if (v < s->adj->nr_nodes)
		s->ban[v] = s->ban_gen;
}

/* The legs from b's last function through l->targets, appended to b;
 * returns 0 if every leg was found. */
static int search_legs(struct search *s, const struct legs *l,
		       struct pbuild *b)
{
	uint32_t src = b->nodes[b->hops];
	size_t i, j;

	next_gen(s->ban, &s->ban_gen, s->adj->nr_nodes);
	for (i = 0; i < l->nr_root; i++)
		ban(s, l->root[i]);
	if (l->strict) {
		ban(s, src);
		for (i = 0; i < l->nr_targets; i++)
			ban(s, l->targets[i]);
	}
	for (i = 0; i < l->nr_targets; i++) {
		size_t start = b->hops;
		struct leg leg;

		memset(&leg, 0, sizeof(leg));
		leg.src = b->nodes[b->hops];
		leg.src_ctx = b->ctxs[b->hops];
		leg.dst = l->targets[i];
		leg.budget = l->budget;
		if (leg.budget >= 0) {
			leg.budget -= (int)b->hops;
			if (leg.budget < 0)
				return -1;
		}
		if (!i) {
			leg.no_first = l->no_first;
			leg.nr_no_first = l->nr_no_first;
		}
		if (find_leg(s, &leg, b))
			return -1;
		if (l->strict)
			for (j = start + 1; j <= b->hops; j++)
				ban(s, b->nodes[j]);
	}
	return 0;
}

static int same_nodes(const struct path *p, const struct pbuild *b)
{
	return p->hops == b->hops &&
	       !memcmp(p->nodes, b->nodes, (b->hops + 1) * sizeof(*b->nodes));
}

static int known(const struct path_list *a, const struct path_list *c,
		 const struct pbuild *b)
{
	size_t i;

	for (i = 0; i < a->nr; i++)
		if (same_nodes(&a->items[i], b))
			return 1;
	for (i = 0; i < c->nr; i++)
		if (same_nodes(&c->items[i], b))
			return 1;
	return 0;
}

/* Waypoints of q met, in order, by the first n + 1 nodes of p. */
static size_t waypoints_met(const struct path_query *q, const struct path *p,
			    size_t n)
{
	size_t i, met = 0;

	for (i = 0; i <= n && met < q->nr_through; i++)
		if (p->nodes[i] == q->through[met])
			met++;
	return met;
}

/*
 * Spur paths off prev at node i (Yen): the root prev.nodes[0..i], then
 * the cheapest way on (in the context the root reached) that leaves the
 * root by an edge no path of a with the same root took.  New paths go to
 * cand.
 */
static void spur_paths(struct search *s, const struct path_query *q,
		       const uint32_t *targets, const struct path_list *a,
		       const struct path *prev, size_t i,
		       struct path_list *cand)
{
	uint32_t *no_first = xmalloc((a->nr + 1) * sizeof(*no_first));
	size_t nr_no_first = 0, j, met;
	struct legs l;
	struct pbuild b;
	struct path p;

	for (j = 0; j < a->nr; j++) {
		const struct path *o = &a->items[j];

		if (o->hops > i &&
		    !memcmp(o->nodes, prev->nodes, (i + 1) * sizeof(*o->nodes)))
			no_first[nr_no_first++] = o->nodes[i + 1];
	}
	met = waypoints_met(q, prev, i);
	memset(&l, 0, sizeof(l));
	l.targets = targets + met;
	l.nr_targets = q->nr_through + 1 - met;
	l.root = prev->nodes;
	l.nr_root = i;
	l.no_first = no_first;
	l.nr_no_first = nr_no_first;
	l.budget = q->max_depth > 0 ? q->max_depth : -1;
	l.strict = 1;
	pbuild_init(&b, prev->nodes[0], prev->contexts[0]);
	for (j = 0; j < i; j++)
		pbuild_add(&b, prev->nodes[j + 1], prev->contexts[j + 1],
			   prev->edge_ids[j], prev->kinds[j],
			   entry_cost(s, prev->edge_ids[j],
				      s->rank == PATH_RANK_HOPS));
	if (!search_legs(s, &l, &b) && !known(a, cand, &b)) {
		pbuild_finish(&b, &p);
		path_list_add(cand, &p);
	}
	pbuild_release(&b);
	free(no_first);
}

/* Move the cheapest candidate (then the shortest, then the first) from
 * cand to a. */
static void take_shortest(struct path_list *cand, struct path_list *a)
{
	size_t i, best = 0;
	struct path p;

	for (i = 1; i < cand->nr; i++) {
		const struct path *c = &cand->items[i], *o = &cand->items[best];

		if (c->cost < o->cost || (c->cost == o->cost &&
					  c->hops < o->hops))
			best = i;
	}
	p = cand->items[best];
	memmove(&cand->items[best], &cand->items[best + 1],
		(cand->nr - best - 1) * sizeof(*cand->items));
	cand->nr--;
	path_list_add(a, &p);
}

static int first_path(struct search *s, const struct path_query *q,
		      const uint32_t *targets, struct path_list *out)
{
	struct legs l;
	struct pbuild b;
	struct path p;
	uint32_t start_ctx = 0;
	int strict;

	memset(&l, 0, sizeof(l));
	l.targets = targets;
	l.nr_targets = q->nr_through + 1;
	l.budget = q->max_depth > 0 ? q->max_depth : -1;
	if (s->pc) {
		struct ctx_value c = path_context_start(s->pc, q->from);

		start_ctx = intern_ctx(s, &c);
	}
	for (strict = 1; strict >= 0; strict--) {
		l.strict = strict;
		pbuild_init(&b, q->from, start_ctx);
		if (!search_legs(s, &l, &b)) {
			pbuild_finish(&b, &p);
			path_list_add(out, &p);
			return 1;
		}
		pbuild_release(&b);
		if (!q->nr_through)
			break;
	}
	return 0;
}

/* Has the query's deadline passed? */
static int past_deadline(const struct path_query *q)
{
	struct timespec ts;

	if (q->deadline <= 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9 > q->deadline;
}

/*
 * The hops of the paths of l: graph entries to edge ids, with their
 * fan-outs and the path's cost; the search's contexts dropped.
 */
static int finish_paths(const struct graph_adj *adj, struct path_list *l,
			struct kcg_error *err)
{
	size_t i, h;

	for (i = 0; i < l->nr; i++) {
		struct path *p = &l->items[i];

		free(p->contexts);
		p->contexts = NULL;
		p->fanouts = xmalloc((p->hops + 1) * sizeof(*p->fanouts));
		p->cost = 0;
		for (h = 0; h < p->hops; h++) {
			p->fanouts[h] = adj->fanouts[p->edge_ids[h]];
			p->cost += path_hop_cost(p->fanouts[h]);
			if (graph_edge_id(adj, p->edge_ids[h], &p->edge_ids[h],
					  err))
				return -1;
		}
	}
	return 0;
}

int path_find(const struct graph *g, const struct path_query *q,
	      struct path_list *out, struct kcg_error *err)
{
	const struct graph_adj *adj = &g->out;
	struct path_list a, cand;
	struct search s;
	uint32_t *targets;
	size_t i;
	int rc;

	if (!(g->loaded & GRAPH_OUT))
		return kcg_error_set(err, "the call graph is not loaded");
	if (q->from >= adj->nr_nodes || q->to >= adj->nr_nodes)
		return 0;
	search_init(&s, g, q);
	for (i = 0; i < q->nr_avoid; i++)
		if (q->avoid[i] < adj->nr_nodes)
			s.avoid[q->avoid[i]] = 1;
	targets = xmalloc((q->nr_through + 1) * sizeof(*targets));
	if (q->nr_through)
		memcpy(targets, q->through, q->nr_through * sizeof(*targets));
	targets[q->nr_through] = q->to;
	path_list_init(&a);
	path_list_init(&cand);
	if (first_path(&s, q, targets, &a)) {
		while ((int)a.nr < q->k) {
			const struct path *prev = &a.items[a.nr - 1];

			for (i = 0; i < prev->hops; i++) {
				if (past_deadline(q)) {
					out->cut = 1;
					break;
				}
				spur_paths(&s, q, targets, &a, prev, i, &cand);
			}
			if (out->cut)
				break;
			if (!cand.nr)
				break;
			take_shortest(&cand, &a);
		}
	}
	rc = finish_paths(adj, &a, err);
	for (i = 0; i < a.nr && !rc; i++)
		path_list_add(out, &a.items[i]);
	if (!rc)
		a.nr = 0;
	path_list_release(&a);
	path_list_release(&cand);
	free(targets);
	search_release(&s);
	return rc;
}

struct tree_walk {
	const struct graph_adj *adj;
	unsigned kinds;
	int max_depth;
	size_t max_rows;
	uint8_t *shown;
	uint32_t *listed, visits;	/* listed[v] == visit: a sibling */
	struct tree *out;
};

static size_t tree_add(struct tree *t, uint32_t node, int depth,
		       uint32_t edge_id, uint8_t kind, int repeated)
{
	struct tree_row *r;

	xgrow(&t->rows, &t->alloc, t->nr + 1, sizeof(*t->rows));
	r = &t->rows[t->nr];
	r->node = node;
	r->depth = depth;
	r->edge_id = edge_id;
	r->kind = kind;
	r->repeated = repeated;
	return t->nr++;
}

static void tree_visit(struct tree_walk *w, uint32_t node, int depth)
{
	const struct graph_adj *a = w->adj;
	uint32_t e, visit = ++w->visits;

	for (e = a->offsets[node]; e < a->offsets[node + 1]; e++) {
		uint32_t v = a->targets[e];

		if (!(w->kinds & KIND_BIT(a->kinds[e])) ||
		    w->listed[v] == visit)
			continue;
		w->listed[v] = visit;
		if (w->out->nr >= w->max_rows) {
			w->out->truncated = 1;
			return;
		}
		tree_add(w->out, v, depth + 1, a->edge_ids[e], a->kinds[e],
			 w->shown[v]);
		if (w->shown[v])
			continue;
		w->shown[v] = 1;
		if (depth + 1 < w->max_depth)
			tree_visit(w, v, depth + 1);
	}
}

void tree_build(const struct graph_adj *adj, uint32_t root, int depth,
		unsigned kinds, size_t max_rows, struct tree *out)
{
	struct tree_walk w;

	memset(out, 0, sizeof(*out));
	if (root >= adj->nr_nodes)
		return;
	memset(&w, 0, sizeof(w));
	w.adj = adj;
	w.kinds = kinds;
	w.max_depth = depth;
	w.max_rows = max_rows;
	w.shown = xcalloc(adj->nr_nodes, 1);
	w.listed = xcalloc(adj->nr_nodes, sizeof(*w.listed));
	w.out = out;
	tree_add(out, root, 0, 0, 0, 0);
	w.shown[root] = 1;
	if (depth > 0)
		tree_visit(&w, root, 0);
	free(w.shown);
	free(w.listed);
}

void tree_release(struct tree *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}
