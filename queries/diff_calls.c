/*
 * The calls two indexes disagree on (diff.h): per function, callees and
 * callers gained and lost by kind, with the call site; and their count
 * over every function both versions have.
 */
#include "diff.h"

#include "db/db.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The calls a diff compares: not registrations, not same-type guesses. */
#define DIFF_CALL_KINDS KIND_MASK_DEFAULT

/*
 * Does entry i of adj (on side `from`) have a
 * counterpart among node `other_node`'s entries on the other side: the
 * matched function, the same kind?
 */
static int has_counterpart(const struct diff_side *from,
			   const struct graph_adj *adj, size_t i,
			   const struct graph_adj *other_adj,
			   uint32_t other_node)
{
	uint32_t want = from->match[adj->targets[i]];
	size_t j;

	if (!want || !other_node)
		return 0;
	for (j = other_adj->offsets[other_node];
	     j < other_adj->offsets[other_node + 1]; j++)
		if (other_adj->targets[j] == want &&
		    other_adj->kinds[j] == adj->kinds[i])
			return 1;
	return 0;
}

static const struct graph_adj *adj_of(const struct diff_side *s, int callers)
{
	return callers ? &s->g.in : &s->g.out;
}

static int edge_site(sqlite3_stmt *st, uint32_t edge_id, struct cell *file,
		     struct cell *line, struct kcg_error *err)
{
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, edge_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cell_set_column(file, st, 0);
		cell_set_column(line, st, 1);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot read edge %u: %s", edge_id,
				     sqlite3_errmsg(sqlite3_db_handle(st)));
	return 0;
}

#define SITE_SQL "SELECT fi.path, e.line FROM edge e " \
		 "LEFT JOIN files fi ON fi.id = e.file_id WHERE e.id = ?"

/*
 * The entries of `node` on side s (one direction) without a counterpart
 * at `other_node` on the other side, as rows `change`.
 */
static int add_unmatched(const struct diff *d, const struct diff_side *s,
			 uint32_t node, uint32_t other_node, int callers,
			 const char *change, sqlite3_stmt *site,
			 struct result *out, struct kcg_error *err)
{
	const struct diff_side *o = s == &d->old ? &d->new : &d->old;
	const struct graph_adj *adj = adj_of(s, callers);
	size_t i;

	if (!node)
		return 0;
	for (i = adj->offsets[node]; i < adj->offsets[node + 1]; i++) {
		struct cell *c;
		char *name;

		if (!(DIFF_CALL_KINDS & KIND_BIT(adj->kinds[i])) ||
		    has_counterpart(s, adj, i, adj_of(o, callers),
				    other_node))
			continue;
		c = result_add_row(out);
		cell_set_text(&c[0], callers ? "caller" : "callee");
		cell_set_text(&c[1], change);
		name = diff_display_name(d, s, adj->targets[i]);
		cell_set_text(&c[2], name);
		free(name);
		cell_set_text(&c[3], edge_kind_name(adj->kinds[i]));
		if (edge_site(site, adj->edge_ids[i], &c[4], &c[5], err))
			return -1;
	}
	return 0;
}

int diff_function_calls(const struct diff *d, uint32_t old_id,
			uint32_t new_id, struct result *out,
			struct kcg_error *err)
{
	static const char *const cols[] = {
		"direction", "change", "function", "kind", "file", "line",
	};
	static const char *const sort_by[] = {
		"direction", "change", "kind", "function", "file", "line",
	};
	sqlite3_stmt *old_site = NULL, *new_site = NULL;
	int callers, rc = -1;

	result_init(out, "calls", cols, 6);
	if (db_prepare(d->old.db, SITE_SQL, &old_site, err) ||
	    db_prepare(d->new.db, SITE_SQL, &new_site, err))
		goto done;
	for (callers = 0; callers < 2; callers++)
		if (add_unmatched(d, &d->old, old_id, new_id, callers, "lost",
				  old_site, out, err) ||
		    add_unmatched(d, &d->new, new_id, old_id, callers,
				  "gained", new_site, out, err))
			goto done;
	result_sort(out, sort_by, 6);
	rc = 0;
done:
	sqlite3_finalize(old_site);
	sqlite3_finalize(new_site);
	return rc;
}

static uint64_t count_unmatched(const struct diff_side *s,
				const struct diff_side *o)
{
	const struct graph_adj *adj = &s->g.out;
	uint64_t n = 0;
	uint32_t f;
	size_t i;

	for (f = 1; f < s->nr_ids; f++) {
		if (!s->match[f])
			continue;
		for (i = adj->offsets[f]; i < adj->offsets[f + 1]; i++)
			if (DIFF_CALL_KINDS & KIND_BIT(adj->kinds[i]) &&
			    !has_counterpart(s, adj, i, &o->g.out,
					     s->match[f]))
				n++;
	}
	return n;
}

void diff_count_calls(const struct diff *d, uint64_t *gained,
		      uint64_t *lost)
{
	*lost = count_unmatched(&d->old, &d->new);
	*gained = count_unmatched(&d->new, &d->old);
}
