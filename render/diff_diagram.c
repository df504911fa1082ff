/*
 * One diagram of two versions (kcg render diff): the diagram of a flow
 * or path in the old index and the one in the new, joined.  A function
 * is one node when the diff matched it (also moved or renamed, then
 * shown "new (was old)"); other nodes (hook points, missing functions)
 * are one node when their keys agree.  Edges are the same when they
 * join the same nodes in the same role and, for calls, kind.  What only
 * one version has is marked (diagram.h: enum diagram_change).
 */
#include "render.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Move node n to the end of out, marked; *index: where it went. */
static void take_node(struct diagram *out, struct diagram_node *n,
		      enum diagram_change change, size_t *index)
{
	xgrow(&out->nodes, &out->alloc_nodes, out->nr_nodes + 1,
	      sizeof(*out->nodes));
	out->nodes[out->nr_nodes] = *n;
	out->nodes[out->nr_nodes].change = change;
	memset(n, 0, sizeof(*n));
	*index = out->nr_nodes++;
}

static void take_edge(struct diagram *out, struct diagram_edge *e,
		      size_t from, size_t to, enum diagram_change change)
{
	xgrow(&out->edges, &out->alloc_edges, out->nr_edges + 1,
	      sizeof(*out->edges));
	out->edges[out->nr_edges] = *e;
	out->edges[out->nr_edges].from = from;
	out->edges[out->nr_edges].to = to;
	out->edges[out->nr_edges].change = change;
	memset(e, 0, sizeof(*e));
	out->nr_edges++;
}

static int same_hook(const struct diagram_hook *a, const struct diagram_hook *b)
{
	return a->priority == b->priority && !strcmp(a->function, b->function);
}

/*
 * The hooks of a hook point in both versions: the new list, the old
 * one's hooks it lacks added, marked, and kept in priority order.
 */
static void join_hooks(struct diagram_node *into, struct diagram_node *old)
{
	size_t i, j;

	for (j = 0; j < into->nr_hooks; j++)
		into->hooks[j].change = CHANGE_NEW_ONLY;
	for (i = 0; i < old->nr_hooks; i++) {
		struct diagram_hook *h = &old->hooks[i];

		for (j = 0; j < into->nr_hooks; j++)
			if (same_hook(&into->hooks[j], h))
				break;
		if (j < into->nr_hooks) {
			into->hooks[j].change = CHANGE_BOTH;
			continue;
		}
		for (j = 0; j < into->nr_hooks &&
			    into->hooks[j].priority <= h->priority; j++)
			;
		into->hooks = xrealloc(into->hooks, (into->nr_hooks + 1) *
						    sizeof(*into->hooks));
		memmove(&into->hooks[j + 1], &into->hooks[j],
			(into->nr_hooks - j) * sizeof(*into->hooks));
		into->hooks[j] = *h;
		into->hooks[j].change = CHANGE_OLD_ONLY;
		memset(h, 0, sizeof(*h));
		into->nr_hooks++;
	}
}

/* The node of out that old node n is, or (size_t)-1. */
static size_t counterpart(const struct diagram *out,
			  const struct diagram_node *n, const struct diff *d)
{
	if (n->kind == NODE_FUNCTION) {
		uint32_t m = n->id > 0 && (uint64_t)n->id < d->old.nr_ids ?
				     d->old.match[n->id] : 0;

		return m ? diagram_find_function(out, m) : (size_t)-1;
	}
	return diagram_find_key(out, n->key);
}

/* A name of one version that is a key of the other: tell them apart. */
static void rekey(struct diagram *out, struct diagram_node *n)
{
	char *key;

	if (diagram_find_key(out, n->key) == (size_t)-1)
		return;
	key = xmalloc(strlen(n->key) + 8);
	strcpy(key, n->key);
	strcat(key, "@old");
	free(n->key);
	n->key = key;
}

static void rename_node(struct diagram_node *n, const struct diff *d,
			int64_t new_id)
{
	if (new_id <= 0 || (uint64_t)new_id >= d->new.nr_ids ||
	    d->new.how[new_id] != DIFF_RENAMED)
		return;
	free(n->name);
	n->name = diff_display_name(d, &d->new, (uint32_t)new_id);
}

static int same_edge(const struct diagram_edge *a, size_t from, size_t to,
		     const struct diagram_edge *b)
{
	return a->from == from && a->to == to && a->role == b->role &&
	       (a->role != EDGE_CALL || a->kind == b->kind);
}

void diagram_join_versions(struct diagram *old, struct diagram *new,
			   const struct diff *d, const char *old_label,
			   const char *new_label, struct diagram *out)
{
	size_t *map = xcalloc(old->nr_nodes + 1, sizeof(*map));
	size_t i, j, index;

	diagram_init(out);
	out->left_to_right = new->left_to_right;
	out->title = new->title, new->title = NULL;
	out->note = new->note, new->note = NULL;
	out->old_label = xstrdup(old_label);
	out->new_label = xstrdup(new_label);
	for (i = 0; i < new->nr_nodes; i++) {
		take_node(out, &new->nodes[i], CHANGE_NEW_ONLY, &index);
		rename_node(&out->nodes[index], d, out->nodes[index].id);
	}
	for (i = 0; i < old->nr_nodes; i++) {
		struct diagram_node *n = &old->nodes[i];

		map[i] = counterpart(out, n, d);
		if (map[i] != (size_t)-1) {
			struct diagram_node *into = &out->nodes[map[i]];

			into->change = CHANGE_BOTH;
			into->endpoint |= n->endpoint;
			if (into->kind == NODE_HOOK_POINT)
				join_hooks(into, n);
			continue;
		}
		rekey(out, n);
		n->id = 0;	/* an id of the old index means nothing here */
		take_node(out, n, CHANGE_OLD_ONLY, &map[i]);
	}
	for (i = 0; i < new->nr_edges; i++)
		take_edge(out, &new->edges[i], new->edges[i].from,
			  new->edges[i].to, CHANGE_NEW_ONLY);
	for (i = 0; i < old->nr_edges; i++) {
		struct diagram_edge *e = &old->edges[i];
		size_t from = map[e->from], to = map[e->to];

		for (j = 0; j < out->nr_edges; j++)
			if (out->edges[j].change == CHANGE_NEW_ONLY &&
			    same_edge(&out->edges[j], from, to, e))
				break;
		if (j < out->nr_edges)
			out->edges[j].change = CHANGE_BOTH;
		else
			take_edge(out, e, from, to, CHANGE_OLD_ONLY);
	}
	free(map);
	diagram_release(old);
	diagram_release(new);
}
