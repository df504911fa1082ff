/*
 * A connected flow as a diagram: the waypoints first (marked, in the
 * band of their stage's context, the first of each stage noted with the
 * stage), then every leg's hops, each function between two waypoints in
 * the band of the waypoint it comes from; hand-offs and broken legs as
 * edges of their own; each hook point as one node listing its hooks in
 * priority order, or each hook as a node of its own.
 */
#include "render.h"

#include "queries/lookup.h"
#include "queries/names.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

struct flow_drawing {
	struct diagram_builder b;
	const struct flow *f;
	const struct flow_result *r;
	int expand_hooks;
	struct kcg_error *err;
};

/* The node of a flow's name: its function, or a node saying it is not. */
static int name_node(struct flow_drawing *fd, const char *spec,
		     size_t *index)
{
	uint32_t id = flow_name_id(fd->r, spec);
	struct strbuf key;

	if (id)
		return diagram_add_function(&fd->b, id, index, fd->err);
	strbuf_init(&key);
	strbuf_addf(&key, "missing:%s", spec);
	*index = diagram_find_key(fd->b.d, key.buf);
	if (*index == (size_t)-1)
		*index = diagram_add_other_node(fd->b.d, NODE_MISSING, key.buf,
						spec, "?");
	strbuf_release(&key);
	return 0;
}

static void place(struct diagram_node *n, const struct flow_stage *s,
		  int first)
{
	n->endpoint = 1;
	if (!n->band && s->context)
		n->band = xstrdup(s->context);
	if (first && !n->note)
		n->note = xstrdup(s->label);
}

static int add_waypoints(struct flow_drawing *fd)
{
	const struct flow *f = fd->f;
	size_t s, i, j, node;

	for (s = 0; s < f->nr_stages; s++) {
		const struct flow_stage *stage = &f->stages[s];
		int first = 1;

		for (i = 0; i < stage->nr_steps; i++) {
			const struct flow_step *st = &stage->steps[i];

			if (st->kind == FLOW_HOOK)
				continue;
			/* A chain's stage goes on its first name only. */
			for (j = 0; j < st->nr_names; j++) {
				if (name_node(fd, st->names[j], &node))
					return -1;
				place(&fd->b.d->nodes[node], stage,
				      first && (st->kind != FLOW_CHAIN || !j));
			}
			first = 0;
		}
	}
	return 0;
}

/* The legs that connected, as one list for describe_paths. */
static void connected_paths(const struct flow_result *r,
			    struct path_list *out)
{
	size_t i;

	path_list_init(out);
	for (i = 0; i < r->nr_legs; i++) {
		const struct flow_leg *leg = &r->legs[i];

		if (leg->handoff || leg->status != LEG_OK)
			continue;
		xgrow(&out->items, &out->alloc, out->nr + 1,
		      sizeof(*out->items));
		out->items[out->nr++] = leg->path;	/* borrowed */
	}
}

/* Functions between waypoints take the band of the leg's start. */
static void band_legs(struct diagram *d, const struct path_list *paths)
{
	size_t p, h;

	for (p = 0; p < paths->nr; p++) {
		const struct path *path = &paths->items[p];
		size_t prev = diagram_find_function(d, path->nodes[0]);

		for (h = 1; h < path->hops; h++) {
			size_t n = diagram_find_function(d, path->nodes[h]);

			if (n == (size_t)-1 || prev == (size_t)-1)
				break;
			if (!d->nodes[n].band && d->nodes[prev].band)
				d->nodes[n].band = xstrdup(d->nodes[prev].band);
			prev = n;
		}
	}
}

static int add_legs(struct flow_drawing *fd)
{
	const struct flow_result *r = fd->r;
	struct path_list paths;
	size_t i, a, z;
	int rc;

	connected_paths(r, &paths);
	rc = diagram_add_paths(&fd->b, &paths, fd->err);
	if (!rc)
		band_legs(fd->b.d, &paths);
	free(paths.items);	/* the paths themselves belong to r */
	for (i = 0; i < r->nr_legs && !rc; i++) {
		const struct flow_leg *leg = &r->legs[i];
		struct strbuf text;

		if (!leg->handoff && leg->status == LEG_OK)
			continue;
		if (name_node(fd, leg->from_name, &a) ||
		    name_node(fd, leg->to_name, &z))
			return -1;
		strbuf_init(&text);
		if (leg->handoff) {
			const struct flow_step *st =
				&fd->f->stages[leg->stage].steps[leg->step];

			strbuf_addstr(&text, st->label ? st->label :
							 "runs later");
		} else if (leg->status == LEG_NO_PATH) {
			strbuf_addf(&text, "no path within %d hops",
				    fd->f->max_hops);
		} else {
			strbuf_addstr(&text, "not in the index");
		}
		diagram_add_other_edge(fd->b.d, a, z,
				       leg->handoff ? EDGE_HANDOFF :
						      EDGE_BROKEN,
				       text.buf);
		strbuf_release(&text);
	}
	return rc;
}

static void hook_site(const struct result *hooks, size_t row,
		      struct strbuf *site, const char **file, int *line)
{
	*file = result_str(hooks, row, "entry_file");
	*line = (int)result_int(hooks, row, "entry_line");
	strbuf_reset(site);
	if (*file)
		strbuf_addf(site, "%s:%d", *file, *line);
}

/* Each hook its own node, hook point -> hook in priority order. */
static int expand_hook(struct flow_drawing *fd, size_t point,
		       const struct result *hooks, size_t row)
{
	const char *fn = result_str(hooks, row, "function");
	const char *file = result_str(hooks, row, "function_file");
	struct fn_list cands;
	struct fn_ref ref;
	struct strbuf spec, text;
	size_t node;
	int status;

	if (!fn)
		return 0;
	strbuf_init(&spec);
	strbuf_addf(&spec, "%s%s%s", fn, file ? "@" : "", file ? file : "");
	fn_list_init(&cands);
	status = name_resolve(fd->b.db, spec.buf, &ref, &cands, fd->err);
	fn_list_release(&cands);
	strbuf_release(&spec);
	if (status < 0)
		return -1;
	if (status != NAME_FOUND)
		return 0;
	status = diagram_add_function(&fd->b, ref.id, &node, fd->err);
	fn_ref_release(&ref);
	if (status)
		return -1;
	strbuf_init(&text);
	strbuf_addf(&text, "%d", (int)result_int(hooks, row, "priority"));
	diagram_add_other_edge(fd->b.d, point, node, EDGE_HOOK_POINT,
			       text.buf);
	strbuf_release(&text);
	return 0;
}

static int fill_hook_point(struct flow_drawing *fd, size_t point,
			   const struct result *hooks)
{
	struct strbuf site;
	size_t row;
	int rc = 0;

	strbuf_init(&site);
	for (row = 0; row < hooks->nr_rows && !rc; row++) {
		const char *file;
		int line;
		char *url;

		hook_site(hooks, row, &site, &file, &line);
		url = diagram_builder_url(&fd->b, file, line);
		diagram_add_hook(&fd->b.d->nodes[point],
				 (int)result_int(hooks, row, "priority"),
				 result_str(hooks, row, "priority_name"),
				 result_str(hooks, row, "function"),
				 site.len ? site.buf : NULL, url,
				 (int)result_int(hooks, row, "dynamic"));
		free(url);
		if (fd->expand_hooks)
			rc = expand_hook(fd, point, hooks, row);
	}
	strbuf_release(&site);
	return rc;
}

/* The hook point of st, run by each name of the waypoint before it. */
static int add_hook_point(struct flow_drawing *fd, const struct flow_step *st,
			  const struct flow_step *runner, const char *band)
{
	struct diagram *d = fd->b.d;
	struct result hooks;
	struct strbuf key, name;
	const char *hook;
	size_t point, i, from;
	int rc;

	memset(&hooks, 0, sizeof(hooks));
	if (lookup_hooks(fd->b.db, st->family, st->hook, &hooks, fd->err)) {
		result_release(&hooks);
		return -1;
	}
	hook = hooks.nr_rows ? result_str(&hooks, 0, "hook") : NULL;
	strbuf_init(&key);
	strbuf_init(&name);
	strbuf_addf(&key, "hook:%s:%s", st->family, st->hook);
	strbuf_addf(&name, "%s (%s)", hook ? hook : st->hook, st->family);
	point = diagram_find_key(d, key.buf);
	rc = 0;
	if (point == (size_t)-1) {
		point = diagram_add_other_node(d, NODE_HOOK_POINT, key.buf,
					       name.buf, "netfilter");
		if (band)
			d->nodes[point].band = xstrdup(band);
		rc = fill_hook_point(fd, point, &hooks);
	}
	for (i = 0; i < runner->nr_names && !rc; i++) {
		rc = name_node(fd, runner->names[i], &from);
		if (!rc)
			diagram_add_other_edge(d, from, point, EDGE_HOOK_POINT,
					       "hooks first");
	}
	strbuf_release(&key);
	strbuf_release(&name);
	result_release(&hooks);
	return rc;
}

static int add_hook_points(struct flow_drawing *fd)
{
	const struct flow_step *runner = NULL;
	const struct flow *f = fd->f;
	size_t s, i;

	for (s = 0; s < f->nr_stages; s++)
		for (i = 0; i < f->stages[s].nr_steps; i++) {
			const struct flow_step *st = &f->stages[s].steps[i];

			if (st->kind == FLOW_WAYPOINT ||
			    st->kind == FLOW_HANDOFF)
				runner = st;
			else if (st->kind == FLOW_HOOK && runner &&
				 add_hook_point(fd, st, runner,
						f->stages[s].context))
				return -1;
		}
	return 0;
}

/* The flow's title, and the kernel it was drawn from: "... (Linux 6.12.118)". */
static char *flow_title(const struct flow *f, const char *version)
{
	const char *base = strrchr(f->path, '/');
	const char *title = f->title ? f->title : base ? base + 1 : f->path;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, title);
	if (version)
		strbuf_addf(&sb, " (Linux %s)", version);
	return strbuf_detach(&sb);
}

int diagram_from_flow(sqlite3 *db, const struct flow *f,
		      const struct flow_result *r, const char *url_template,
		      int expand_hooks, struct diagram *d,
		      struct kcg_error *err)
{
	struct flow_drawing fd;
	int rc;

	memset(&fd, 0, sizeof(fd));
	diagram_builder_init(&fd.b, db, url_template, d);
	fd.f = f;
	fd.r = r;
	fd.expand_hooks = expand_hooks;
	fd.err = err;
	d->title = flow_title(f, fd.b.version);
	d->left_to_right = f->left_to_right;
	rc = add_waypoints(&fd);
	if (!rc)
		rc = add_legs(&fd);
	if (!rc)
		rc = add_hook_points(&fd);
	diagram_builder_release(&fd.b);
	return rc;
}
