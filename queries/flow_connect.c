/*
 * Connecting a flow in an index: find every function it names, then
 * search each leg (a waypoint to the next one, each alternative to each)
 * with the shortest-path search of path.c.  A leg that does not connect
 * is kept with its status, so that the whole flow can be reported stage
 * by stage and still drawn.
 */
#include "flow.h"

#include "names.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

static struct flow_name *find_name(const struct flow_result *r,
				   const char *spec)
{
	size_t i;

	for (i = 0; i < r->nr_names; i++)
		if (!strcmp(r->names[i].spec, spec))
			return &r->names[i];
	return NULL;
}

uint32_t flow_name_id(const struct flow_result *r, const char *spec)
{
	const struct flow_name *n = find_name(r, spec);

	return n ? n->id : 0;
}

static char *unknown_problem(sqlite3 *db, const char *spec,
			     struct kcg_error *err)
{
	struct strbuf sb;
	char **near = NULL;
	int n, i;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "not in the index");
	n = name_suggest(db, spec, 3, &near, err);
	if (n < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		strbuf_addstr(&sb, i ? ", " : " (nearest: ");
		strbuf_addstr(&sb, near[i]);
		free(near[i]);
	}
	if (n)
		strbuf_addch(&sb, ')');
	free(near);
	return strbuf_detach(&sb);
}

static char *ambiguous_problem(const struct fn_list *c)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "ambiguous: write name@file, one of");
	for (i = 0; i < c->nr && i < 4; i++)
		strbuf_addf(&sb, " %s@%s", c->items[i].name,
			    c->items[i].file ? c->items[i].file : "?");
	if (c->nr > 4)
		strbuf_addf(&sb, " and %zu more", c->nr - 4);
	return strbuf_detach(&sb);
}

/* Look spec up once; *id 0 (with a problem recorded) if not found. */
static int lookup(sqlite3 *db, struct flow_result *r, const char *spec,
		  uint32_t *id, struct kcg_error *err)
{
	struct flow_name *n = find_name(r, spec);
	struct fn_list cands;
	struct fn_ref fn;
	int status;

	if (n) {
		*id = n->id;
		return 0;
	}
	fn_list_init(&cands);
	status = name_resolve(db, spec, &fn, &cands, err);
	if (status < 0) {
		fn_list_release(&cands);
		return -1;
	}
	xgrow(&r->names, &r->alloc_names, r->nr_names + 1, sizeof(*n));
	n = &r->names[r->nr_names++];
	memset(n, 0, sizeof(*n));
	n->spec = spec;
	if (status == NAME_FOUND) {
		n->id = (uint32_t)fn.id;
		fn_ref_release(&fn);
	} else if (status == NAME_AMBIGUOUS) {
		n->problem = ambiguous_problem(&cands);
	} else {
		n->problem = unknown_problem(db, spec, err);
	}
	fn_list_release(&cands);
	*id = n->id;
	return n->id || n->problem ? 0 : -1;
}

struct connector {
	sqlite3 *db;
	const struct graph *g;
	struct path_query q;
	struct flow_result *r;
	struct kcg_error *err;
};

static int add_leg(struct connector *c, size_t stage, size_t step,
		   const char *from, const char *to, int handoff)
{
	struct flow_result *r = c->r;
	struct path_list found;
	struct flow_leg *leg;
	uint32_t a, b;

	if (lookup(c->db, r, from, &a, c->err) ||
	    lookup(c->db, r, to, &b, c->err))
		return -1;
	xgrow(&r->legs, &r->alloc_legs, r->nr_legs + 1, sizeof(*leg));
	leg = &r->legs[r->nr_legs++];
	memset(leg, 0, sizeof(*leg));
	leg->stage = stage;
	leg->step = step;
	leg->from_name = from;
	leg->to_name = to;
	leg->from = a;
	leg->to = b;
	leg->handoff = handoff;
	if (!a || !b) {
		leg->status = LEG_UNKNOWN;
		r->broken++;
		return 0;
	}
	if (handoff)
		return 0;
	c->q.from = a;
	c->q.to = b;
	path_list_init(&found);
	if (path_find(c->g, &c->q, &found, c->err)) {
		path_list_release(&found);
		return -1;
	}
	if (found.nr) {
		leg->path = found.items[0];
		memset(&found.items[0], 0, sizeof(found.items[0]));
	} else {
		leg->status = LEG_NO_PATH;
		r->broken++;
	}
	path_list_release(&found);
	return 0;
}

/* Does leg i to leg nr (one step's legs) have an OK one at this end? */
static int connected_end(const struct flow_result *r, size_t first,
			 const char *name, int at_start)
{
	size_t i;

	for (i = first; i < r->nr_legs; i++) {
		const struct flow_leg *leg = &r->legs[i];
		const char *end = at_start ? leg->from_name : leg->to_name;

		if (leg->status == LEG_OK && !strcmp(end, name))
			return 1;
	}
	return 0;
}

/*
 * Between alternatives, each must be reached from one of the previous
 * waypoints and lead to one of the next; a pair with no path between
 * them is no break when both its ends connect otherwise (TCP's sendmsg
 * does not reach ip_send_skb, UDP's does).
 */
static void drop_unneeded(struct flow_result *r, size_t first)
{
	size_t i, kept = first;

	for (i = first; i < r->nr_legs; i++) {
		struct flow_leg *leg = &r->legs[i];

		if (leg->status == LEG_NO_PATH &&
		    connected_end(r, first, leg->from_name, 1) &&
		    connected_end(r, first, leg->to_name, 0)) {
			r->broken--;
			continue;
		}
		r->legs[kept++] = *leg;
	}
	r->nr_legs = kept;
}

/* As many alternatives on both sides: lanes, each to its own. */
static int lanes(const struct flow_step *prev, const struct flow_step *st)
{
	return prev->nr_names > 1 && prev->nr_names == st->nr_names;
}

static int connect_step(struct connector *c, size_t stage, size_t step,
			const struct flow_step *st,
			const struct flow_step **prev)
{
	size_t i, j, first = c->r->nr_legs;

	switch (st->kind) {
	case FLOW_WAYPOINT:
	case FLOW_HANDOFF:
		for (i = 0; *prev && i < (*prev)->nr_names; i++)
			for (j = 0; j < st->nr_names; j++)
				if (!(lanes(*prev, st) && i != j) &&
				    add_leg(c, stage, step, (*prev)->names[i],
					    st->names[j],
					    st->kind == FLOW_HANDOFF))
					return -1;
		drop_unneeded(c->r, first);
		/* A first waypoint with no leg is still looked up. */
		for (j = 0; !*prev && j < st->nr_names; j++) {
			uint32_t id;

			if (lookup(c->db, c->r, st->names[j], &id, c->err))
				return -1;
		}
		*prev = st;
		return 0;
	case FLOW_CHAIN:
		for (i = 0; i + 1 < st->nr_names; i++)
			if (add_leg(c, stage, step, st->names[i],
				    st->names[i + 1], 0))
				return -1;
		return 0;
	case FLOW_HOOK:
		return 0;
	}
	return 0;
}

/* The avoided functions: each must be known, or the flow is wrong. */
static int avoid_ids(struct connector *c, const struct flow *f,
		     uint32_t **out)
{
	size_t i;

	*out = xcalloc(f->nr_avoid ? f->nr_avoid : 1, sizeof(**out));
	for (i = 0; i < f->nr_avoid; i++) {
		if (lookup(c->db, c->r, f->avoid[i], &(*out)[i], c->err))
			return -1;
		if (!(*out)[i])
			return kcg_error_set(c->err, "%s: avoided function "
					     "'%s' is %s", f->path,
					     f->avoid[i],
					     find_name(c->r, f->avoid[i])
						     ->problem);
	}
	return 0;
}

int flow_connect(sqlite3 *db, const struct graph *g, const struct flow *f,
		 struct flow_result *out, struct kcg_error *err)
{
	struct connector c = { db, g, { 0 }, out, err };
	const struct flow_step *prev = NULL;
	uint32_t *avoid = NULL;
	struct kcg_error bad;
	size_t s, i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	c.q.kinds = KIND_MASK_DEFAULT;
	if (f->kinds && edge_kind_parse_list(f->kinds, &c.q.kinds, &bad))
		return kcg_error_set(err, "%s: kinds: %s", f->path, bad.msg);
	c.q.max_depth = f->max_hops;
	c.q.k = 1;
	if (avoid_ids(&c, f, &avoid)) {
		free(avoid);
		return -1;
	}
	c.q.avoid = avoid;
	c.q.nr_avoid = f->nr_avoid;
	for (s = 0; s < f->nr_stages && !rc; s++)
		for (i = 0; i < f->stages[s].nr_steps && !rc; i++)
			rc = connect_step(&c, s, i, &f->stages[s].steps[i],
					  &prev);
	free(avoid);
	return rc;
}

void flow_result_release(struct flow_result *r)
{
	size_t i;

	for (i = 0; i < r->nr_legs; i++) {
		path_release(&r->legs[i].path);
	}
	for (i = 0; i < r->nr_names; i++)
		free(r->names[i].problem);
	free(r->legs);
	free(r->names);
	memset(r, 0, sizeof(*r));
}
