/*
 * Cutting a diagram down to a readable size (--max-nodes).
 *
 * Nodes that matter stay: endpoints and waypoints, hook points, names a
 * flow could not find.  First each run of calls between them, a chain
 * of functions with one caller and one callee each, becomes one node
 * saying how many calls it stands for (longest runs first).  If that is
 * not enough, the functions farthest from the nodes that matter go
 * (breadth first, ignoring direction), and each node that lost some gets
 * one node saying how many.  The diagram's note says what was cut.
 */
#include "render.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

struct cutter {
	struct diagram *d;
	size_t *indeg, *outdeg;
	size_t *pred, *succ;	/* the one caller / callee, if one */
	int *gone;		/* node cut out */
	size_t live;		/* nodes left, counting new ones */
	size_t runs, run_nodes, far_nodes;
	size_t more_seq;
};

static int matters(const struct diagram_node *n)
{
	return n->endpoint || n->note || n->kind != NODE_FUNCTION;
}

static void count_degrees(struct cutter *c)
{
	const struct diagram *d = c->d;
	size_t i;

	for (i = 0; i < d->nr_nodes; i++) {
		c->indeg[i] = c->outdeg[i] = 0;
		c->pred[i] = c->succ[i] = NONE;
	}
	for (i = 0; i < d->nr_edges; i++) {
		const struct diagram_edge *e = &d->edges[i];

		if (c->gone[e->from] || c->gone[e->to] || e->from == e->to)
			continue;
		c->outdeg[e->from]++;
		c->succ[e->from] = e->to;
		c->indeg[e->to]++;
		c->pred[e->to] = e->from;
	}
}

static int in_run(const struct cutter *c, size_t n)
{
	return n != NONE && !c->gone[n] && !matters(&c->d->nodes[n]) &&
	       c->indeg[n] == 1 && c->outdeg[n] == 1;
}

struct run {
	size_t first, len;
};

static int longest_first(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? 1 : -1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static size_t new_more_node(struct cutter *c, const char *name,
			    const char *dir, const char *band,
			    const char *detail)
{
	char key[64];
	size_t n;

	snprintf(key, sizeof(key), "more:%zu", c->more_seq++);
	n = diagram_add_other_node(c->d, NODE_MORE, key, name, dir);
	if (band)
		c->d->nodes[n].band = xstrdup(band);
	if (detail)
		c->d->nodes[n].detail = xstrdup(detail);
	c->gone = xrealloc(c->gone, c->d->nr_nodes * sizeof(*c->gone));
	c->gone[n] = 0;
	return n;
}

/* Replace the run by one node between its caller and its callee. */
static void collapse(struct cutter *c, const struct run *r)
{
	struct diagram *d = c->d;
	size_t before = c->pred[r->first], after = NONE, n = r->first, i;
	size_t more;
	const char *dir = d->nodes[n].dir;
	struct strbuf name, detail;

	strbuf_init(&name);
	strbuf_init(&detail);
	for (i = 0; i < r->len; i++) {
		if (strcmp(d->nodes[n].dir, dir))
			dir = "";
		strbuf_addf(&detail, "%s%s", i ? " > " : "",
			    d->nodes[n].name);
		c->gone[n] = 1;
		after = c->succ[n];
		n = after;
	}
	strbuf_addf(&name, "... %zu calls ...", r->len);
	more = new_more_node(c, name.buf, dir,
			     d->nodes[r->first].band, detail.buf);
	diagram_add_other_edge(d, before, more, EDGE_MORE, NULL);
	diagram_add_other_edge(d, more, after, EDGE_MORE, NULL);
	c->live -= r->len - 1;
	c->runs++;
	c->run_nodes += r->len;
	strbuf_release(&name);
	strbuf_release(&detail);
}

static void collapse_runs(struct cutter *c, size_t max)
{
	size_t nr = c->d->nr_nodes, i, nr_runs = 0;
	struct run *runs = xcalloc(nr ? nr : 1, sizeof(*runs));

	count_degrees(c);
	for (i = 0; i < nr; i++) {
		size_t n = i, len = 0;

		if (!in_run(c, i) || in_run(c, c->pred[i]))
			continue;
		while (n != NONE && in_run(c, n) && len < nr) {
			len++;
			n = c->succ[n];
		}
		if (len >= 2)
			runs[nr_runs++] = (struct run){ i, len };
	}
	qsort(runs, nr_runs, sizeof(*runs), longest_first);
	for (i = 0; i < nr_runs && c->live > max; i++)
		collapse(c, &runs[i]);
	free(runs);
}

/*
 * One breadth-first step from u: along its out-edges (forward), or its
 * in-edges.
 */
static void visit(const struct cutter *c, size_t u, int forward,
		  size_t *dist, size_t *parent, size_t *queue, size_t *tail)
{
	const struct diagram *d = c->d;
	size_t e;

	for (e = 0; e < d->nr_edges; e++) {
		const struct diagram_edge *ed = &d->edges[e];
		size_t from = forward ? ed->from : ed->to;
		size_t v = forward ? ed->to : ed->from;

		if (from != u || c->gone[v] || dist[v] != NONE)
			continue;
		dist[v] = dist[u] + 1;
		parent[v] = u;
		queue[(*tail)++] = v;
	}
}

/*
 * Distance from the nodes that matter: along the calls first (a callees
 * tree, a flow), then against them for what that did not reach (a
 * callers tree), so that each cut-out node hangs off the node it was
 * reached from in the direction of its calls.
 */
static void distances(const struct cutter *c, size_t *dist, size_t *parent)
{
	const struct diagram *d = c->d;
	size_t *queue = xcalloc(d->nr_nodes + 1, sizeof(*queue));
	size_t head, tail = 0, i;
	int forward;

	for (i = 0; i < d->nr_nodes; i++) {
		dist[i] = NONE;
		parent[i] = NONE;
		if (!c->gone[i] && matters(&d->nodes[i])) {
			dist[i] = 0;
			queue[tail++] = i;
		}
	}
	if (!tail && d->nr_nodes) {
		dist[0] = 0;
		queue[tail++] = 0;
	}
	for (forward = 1; forward >= 0; forward--)
		for (head = 0; head < tail; head++)
			visit(c, queue[head], forward, dist, parent, queue,
			      &tail);
	free(queue);
}

struct by_distance {
	size_t node, dist;
};

static int farthest_first(const void *a, const void *b)
{
	const struct by_distance *x = a, *y = b;

	if (x->dist != y->dist)
		return x->dist < y->dist ? 1 : -1;
	return x->node < y->node ? 1 : x->node > y->node ? -1 : 0;
}

/* Does an edge go from a to b (1), from b to a (0)? */
static int points_from(const struct diagram *d, size_t a, size_t b)
{
	size_t e;

	for (e = 0; e < d->nr_edges; e++)
		if (d->edges[e].from == a && d->edges[e].to == b)
			return 1;
	return 0;
}

static void prune_far(struct cutter *c, size_t max)
{
	struct diagram *d = c->d;
	size_t nr = d->nr_nodes, i, nr_order = 0, anchors = 0;
	size_t *dist = xcalloc(nr, sizeof(*dist));
	size_t *parent = xcalloc(nr, sizeof(*parent));
	size_t *under = xcalloc(nr, sizeof(*under));
	size_t *child = xcalloc(nr, sizeof(*child));
	struct by_distance *order = xcalloc(nr, sizeof(*order));

	distances(c, dist, parent);
	for (i = 0; i < nr; i++)
		if (!c->gone[i] && !matters(&d->nodes[i]) && dist[i] != NONE &&
		    dist[i] > 0)
			order[nr_order++] = (struct by_distance){ i, dist[i] };
	qsort(order, nr_order, sizeof(*order), farthest_first);
	/* Cut while the kept nodes and one "more" node per anchor exceed. */
	for (i = 0; i < nr_order && c->live + anchors > max; i++) {
		size_t n = order[i].node, p = parent[n];

		c->gone[n] = 1;
		c->live--;
		c->far_nodes++;
		if (under[n])
			anchors--;
		if (!under[p]++)
			anchors++;
		under[p] += under[n];
		child[p] = n;
	}
	for (i = 0; i < nr; i++) {
		char name[64];
		size_t more;

		if (c->gone[i] || !under[i])
			continue;
		snprintf(name, sizeof(name), "%zu more", under[i]);
		more = new_more_node(c, name, d->nodes[i].dir,
				     d->nodes[i].band, NULL);
		if (points_from(d, i, child[i]))
			diagram_add_other_edge(d, i, more, EDGE_MORE, NULL);
		else
			diagram_add_other_edge(d, more, i, EDGE_MORE, NULL);
	}
	c->live += anchors;
	free(dist);
	free(parent);
	free(under);
	free(child);
	free(order);
}

/* Drop the nodes cut out and the edges that touch them. */
static void compact(struct cutter *c)
{
	struct diagram *d = c->d;
	size_t *map = xcalloc(d->nr_nodes ? d->nr_nodes : 1, sizeof(*map));
	size_t i, n = 0, e = 0;

	for (i = 0; i < d->nr_nodes; i++) {
		if (c->gone[i]) {
			map[i] = NONE;
			diagram_node_release(&d->nodes[i]);
			continue;
		}
		map[i] = n;
		d->nodes[n++] = d->nodes[i];
	}
	d->nr_nodes = n;
	for (i = 0; i < d->nr_edges; i++) {
		struct diagram_edge *ed = &d->edges[i];

		if (map[ed->from] == NONE || map[ed->to] == NONE) {
			diagram_edge_release(ed);
			continue;
		}
		ed->from = map[ed->from];
		ed->to = map[ed->to];
		d->edges[e++] = *ed;
	}
	d->nr_edges = e;
	free(map);
}

static size_t functions_of(const struct diagram *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_nodes; i++)
		n += d->nodes[i].kind == NODE_FUNCTION;
	return n;
}

void diagram_cut(struct diagram *d, size_t max_nodes)
{
	struct cutter c;
	struct strbuf note;
	size_t nr = d->nr_nodes, before = functions_of(d);

	if (nr <= max_nodes)
		return;
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.live = nr;
	c.indeg = xcalloc(nr, sizeof(size_t));
	c.outdeg = xcalloc(nr, sizeof(size_t));
	c.pred = xcalloc(nr, sizeof(size_t));
	c.succ = xcalloc(nr, sizeof(size_t));
	c.gone = xcalloc(nr, sizeof(int));
	collapse_runs(&c, max_nodes);
	if (c.live > max_nodes)
		prune_far(&c, max_nodes);
	compact(&c);
	strbuf_init(&note);
	strbuf_addf(&note, "%zu of %zu functions shown (--max-nodes %zu)",
		    functions_of(d), before, max_nodes);
	if (c.runs)
		strbuf_addf(&note, "; %zu runs of calls drawn as one node",
			    c.runs);
	if (c.far_nodes)
		strbuf_addf(&note, "; %zu farthest left out", c.far_nodes);
	free(d->note);
	d->note = strbuf_detach(&note);
	free(c.indeg);
	free(c.outdeg);
	free(c.pred);
	free(c.succ);
	free(c.gone);
}
