/*
 * A documented flow in two versions, leg by leg (diff.h): the legs are
 * paired by the waypoints the flow files name, and each pair's routes
 * compared function by function, a matched function (moved or renamed)
 * counting as the same.
 */
#include "diff.h"

#include "lookup.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A function of side s as the new index knows it; 0 if it lacks it. */
static uint32_t in_new(const struct diff *d, const struct diff_side *s,
		       uint32_t id)
{
	return s == &d->new ? id : s->match[id];
}

static int on_route(const struct diff *d, const struct diff_side *s,
		    const struct path *p, uint32_t id_in_new)
{
	size_t i;

	if (!id_in_new)
		return 0;
	for (i = 0; i <= p->hops; i++)
		if (in_new(d, s, p->nodes[i]) == id_in_new)
			return 1;
	return 0;
}

/* The same functions in the same order, called the same way. */
static int same_route(const struct diff *d, const struct path *o,
		      const struct path *n)
{
	size_t i;

	if (o->hops != n->hops)
		return 0;
	for (i = 0; i <= o->hops; i++)
		if (!d->old.match[o->nodes[i]] ||
		    d->old.match[o->nodes[i]] != n->nodes[i] ||
		    (i < o->hops && o->kinds[i] != n->kinds[i]))
			return 0;
	return 1;
}

/*
 * The functions of route p joined by "->" for a direct call and
 * "-KIND->" for another ("a -field-> b -> c"); with `other` (a route of
 * side os), only those not on it, joined by ", ".
 */
static char *route_text(const struct diff *d, const struct diff_side *s,
			const struct path *p, const struct diff_side *os,
			const struct path *other)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; i <= p->hops; i++) {
		char *name;

		if (other && on_route(d, os, other,
				      in_new(d, s, p->nodes[i])))
			continue;
		name = diff_display_name(d, s, p->nodes[i]);
		if (other) {
			if (sb.len)
				strbuf_addstr(&sb, ", ");
		} else if (i && p->kinds[i - 1] == KIND_DIRECT)
			strbuf_addstr(&sb, " -> ");
		else if (i)
			strbuf_addf(&sb, " -%s-> ",
				    edge_kind_name(p->kinds[i - 1]));
		strbuf_addstr(&sb, name);
		free(name);
	}
	return strbuf_detach(&sb);
}

static const char *status_word(const struct flow_leg *l)
{
	if (!l)
		return NULL;
	return l->status == LEG_OK ? "ok" : "broken";
}

static void add_leg(const struct diff *d, const struct flow_leg *o,
		    const struct flow_leg *n, struct result *out)
{
	const struct flow_leg *any = o ? o : n;
	int old_ok = o && o->status == LEG_OK;
	int new_ok = n && n->status == LEG_OK;
	struct cell *c = result_add_row(out);
	const char *change;
	struct strbuf leg;
	char *text;

	strbuf_init(&leg);
	strbuf_addf(&leg, "%s %s %s", any->from_name,
		    any->handoff ? "~>" : "->", any->to_name);
	cell_set_text(&c[0], leg.buf);
	strbuf_release(&leg);
	if (!o)
		change = "only in new";
	else if (!n)
		change = "only in old";
	else if (!old_ok && !new_ok)
		change = "broken in both";
	else if (!old_ok)
		change = "broken in old";
	else if (!new_ok)
		change = "broken in new";
	else if (o->handoff || same_route(d, &o->path, &n->path))
		change = "same";
	else
		change = "changed";
	cell_set_text(&c[1], change);
	cell_set_text(&c[2], status_word(o));
	cell_set_text(&c[3], status_word(n));
	if (old_ok && !o->handoff) {
		cell_set_int(&c[4], (int64_t)o->path.hops);
		text = route_text(d, &d->old, &o->path, NULL, NULL);
		cell_set_text(&c[6], text);
		free(text);
	}
	if (new_ok && !n->handoff) {
		cell_set_int(&c[5], (int64_t)n->path.hops);
		text = route_text(d, &d->new, &n->path, NULL, NULL);
		cell_set_text(&c[7], text);
		free(text);
	}
	if (old_ok && new_ok && !o->handoff && !strcmp(change, "changed")) {
		text = route_text(d, &d->old, &o->path, &d->new, &n->path);
		cell_set_text(&c[8], text);
		free(text);
		text = route_text(d, &d->new, &n->path, &d->old, &o->path);
		cell_set_text(&c[9], text);
		free(text);
	}
}

/*
 * The hooks at a flow's hook point in one index: "PRIORITY FUNCTION"
 * joined by ", " in priority order, and the functions alone for
 * comparing.
 */
static int hook_list(sqlite3 *db, const char *family, const char *hook,
		     struct strbuf *text, struct strbuf *names,
		     struct kcg_error *err)
{
	struct result r;
	size_t row;

	if (lookup_hooks(db, family, hook, &r, err)) {
		result_release(&r);
		return -1;
	}
	for (row = 0; row < r.nr_rows; row++) {
		const char *fn = result_str(&r, row, "function");

		strbuf_addf(text, "%s%" PRId64 " %s", row ? ", " : "",
			    result_int(&r, row, "priority"), fn);
		strbuf_addf(names, "\t%s\t", fn);
	}
	result_release(&r);
	return 0;
}

/*
 * The names of `a` not in `b` (both "\tNAME\t" repeated), each once,
 * joined by ", ".
 */
static char *names_missing(const char *a, const char *b)
{
	struct strbuf sb, one, done;
	const char *p = a;

	strbuf_init(&sb);
	strbuf_init(&one);
	strbuf_init(&done);
	while (*p == '\t') {
		const char *end = strchr(p + 1, '\t');

		strbuf_reset(&one);
		strbuf_add(&one, p, (size_t)(end - p + 1));
		if (!strstr(b, one.buf) &&
		    (!done.len || !strstr(done.buf, one.buf))) {
			strbuf_addf(&sb, "%s%.*s", sb.len ? ", " : "",
				    (int)(end - p - 1), p + 1);
			strbuf_addstr(&done, one.buf);
		}
		p = end + 1;
	}
	strbuf_release(&one);
	strbuf_release(&done);
	return strbuf_detach(&sb);
}

static int add_hook_point(const struct diff *d, const struct flow_step *st,
			  struct result *out, struct kcg_error *err)
{
	struct strbuf ot, on, nt, nn, leg;
	struct cell *c;
	char *s;
	int rc;

	strbuf_init(&ot), strbuf_init(&on), strbuf_init(&nt);
	strbuf_init(&nn), strbuf_init(&leg);
	rc = hook_list(d->old.db, st->family, st->hook, &ot, &on, err);
	if (!rc)
		rc = hook_list(d->new.db, st->family, st->hook, &nt, &nn, err);
	if (!rc) {
		c = result_add_row(out);
		strbuf_addf(&leg, "hook %s %s", st->family, st->hook);
		cell_set_text(&c[0], leg.buf);
		cell_set_text(&c[1], strcmp(ot.buf, nt.buf) ? "changed" :
							     "same");
		cell_set_text(&c[2], "ok");
		cell_set_text(&c[3], "ok");
		cell_set_text(&c[6], ot.buf);
		cell_set_text(&c[7], nt.buf);
		if (strcmp(ot.buf, nt.buf)) {
			s = names_missing(on.buf, nn.buf);
			cell_set_text(&c[8], s);
			free(s);
			s = names_missing(nn.buf, on.buf);
			cell_set_text(&c[9], s);
			free(s);
		}
	}
	strbuf_release(&ot), strbuf_release(&on), strbuf_release(&nt);
	strbuf_release(&nn), strbuf_release(&leg);
	return rc;
}

/* Add a row for each hook point of f not in `seen` (then in it). */
static int add_hook_points(const struct diff *d, const struct flow *f,
			   struct strbuf *seen, struct result *out,
			   struct kcg_error *err)
{
	struct strbuf key;
	size_t s, i;
	int rc = 0;

	strbuf_init(&key);
	for (s = 0; s < f->nr_stages && !rc; s++)
		for (i = 0; i < f->stages[s].nr_steps && !rc; i++) {
			const struct flow_step *st = &f->stages[s].steps[i];

			if (st->kind != FLOW_HOOK)
				continue;
			strbuf_reset(&key);
			strbuf_addf(&key, "\t%s %s\t", st->family, st->hook);
			if (seen->len && strstr(seen->buf, key.buf))
				continue;
			strbuf_addstr(seen, key.buf);
			rc = add_hook_point(d, st, out, err);
		}
	strbuf_release(&key);
	return rc;
}

static int same_leg(const struct flow_leg *a, const struct flow_leg *b)
{
	return !strcmp(a->from_name, b->from_name) &&
	       !strcmp(a->to_name, b->to_name) && a->handoff == b->handoff;
}

int diff_flow(const struct diff *d, const struct flow *old_flow,
	      const struct flow_result *old_r, const struct flow *new_flow,
	      const struct flow_result *new_r, struct result *out,
	      struct kcg_error *err)
{
	static const char *const cols[] = {
		"leg", "change", "old", "new", "old_hops", "new_hops",
		"old_route", "new_route", "left", "came",
	};
	unsigned char *used = xcalloc(new_r->nr_legs + 1, 1);
	struct strbuf seen;
	size_t i, j;
	int rc;

	result_init(out, "flow", cols, 10);
	for (i = 0; i < old_r->nr_legs; i++) {
		const struct flow_leg *o = &old_r->legs[i], *n = NULL;

		for (j = 0; j < new_r->nr_legs && !n; j++)
			if (!used[j] && same_leg(o, &new_r->legs[j])) {
				used[j] = 1;
				n = &new_r->legs[j];
			}
		add_leg(d, o, n, out);
	}
	for (j = 0; j < new_r->nr_legs; j++)
		if (!used[j])
			add_leg(d, NULL, &new_r->legs[j], out);
	free(used);
	strbuf_init(&seen);
	rc = add_hook_points(d, old_flow, &seen, out, err);
	if (!rc)
		rc = add_hook_points(d, new_flow, &seen, out, err);
	strbuf_release(&seen);
	return rc;
}
