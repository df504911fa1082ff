/*
 * Checking path queries against a ground-truth paths.tsv: see
 * path_check.h.
 */
#include "path_check.h"

#include "queries/names.h"
#include "support/tsv.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int path_is_real(sqlite3 *db, const struct path *p, unsigned kinds)
{
	sqlite3_stmt *st;
	size_t h;
	int ok = 1;

	if (sqlite3_prepare_v2(db,
			       "SELECT kind FROM edge WHERE id = ?1 AND "
			       "caller_id = ?2 AND callee_id = ?3", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	for (h = 0; h < p->hops && ok; h++) {
		const char *kind;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, p->edge_ids[h]);
		sqlite3_bind_int64(st, 2, p->nodes[h]);
		sqlite3_bind_int64(st, 3, p->nodes[h + 1]);
		ok = sqlite3_step(st) == SQLITE_ROW;
		kind = ok ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (ok && (!(kinds & KIND_BIT(edge_kind_code(kind))) ||
			   edge_kind_code(kind) != p->kinds[h]))
			ok = 0;
		if (!ok)
			fprintf(stderr, "  hop %zu (%u -> %u, edge %u) is "
					"not a real edge of a wanted kind\n",
				h + 1, (unsigned)p->nodes[h],
				(unsigned)p->nodes[h + 1],
				(unsigned)p->edge_ids[h]);
	}
	sqlite3_finalize(st);
	return ok;
}

int path_passes(const struct path *p, const uint32_t *ids, size_t n)
{
	size_t i, met = 0;

	for (i = 0; i <= p->hops && met < n; i++)
		if (p->nodes[i] == ids[met])
			met++;
	return met == n;
}

/* Resolve a name or print why not; 0 if unresolved. */
static uint32_t resolve(sqlite3 *db, const char *id, const char *name)
{
	struct fn_list candidates;
	struct fn_ref f;
	struct kcg_error err;
	uint32_t result = 0;
	int rc = name_resolve(db, name, &f, &candidates, &err);

	if (rc == NAME_FOUND)
		result = (uint32_t)f.id;
	else
		fprintf(stderr, "%s: cannot name '%s' (%s)\n", id, name,
			rc == NAME_AMBIGUOUS ? "ambiguous" : "unknown");
	fn_ref_release(&f);
	fn_list_release(&candidates);
	return result;
}

/* The must_pass list, resolved; returns how many (-1 on a failure). */
static int resolve_list(sqlite3 *db, const char *id, const char *list,
			uint32_t *ids)
{
	const char *p = list;
	int n = 0;

	while (*p) {
		size_t len = strcspn(p, ",");
		char *name = xstrndup(p, len);

		if (len && !(ids[n++] = resolve(db, id, name))) {
			free(name);
			return -1;
		}
		free(name);
		p += len + (p[len] == ',');
	}
	return n;
}

/* Find one path for q; check it; returns 0 if good. */
static int check_one(sqlite3 *db, const struct graph *g,
		     const struct path_query *q, const char *what,
		     const char *id)
{
	struct path_list paths;
	struct kcg_error err;
	int bad = 0;

	path_list_init(&paths);
	if (path_find(g, q, &paths, &err) || !paths.nr) {
		fprintf(stderr, "%s: no %s path\n", id, what);
		bad = 1;
	} else if (!path_passes(&paths.items[0], q->through,
				q->nr_through)) {
		fprintf(stderr, "%s: the %s path misses a waypoint\n", id,
			what);
		bad = 1;
	} else if (!path_is_real(db, &paths.items[0], q->kinds)) {
		fprintf(stderr, "%s: the %s path has a hop that is no edge\n",
			id, what);
		bad = 1;
	}
	path_list_release(&paths);
	return bad;
}

static int check_row(sqlite3 *db, const struct graph *g, const struct tsv *t,
		     size_t row)
{
	const char *id = tsv_get(t, row, "id");
	const char *must = tsv_get(t, row, "must_pass");
	uint32_t *through = xcalloc(strlen(must) + 1, sizeof(*through));
	struct path_query q;
	int n, bad;

	memset(&q, 0, sizeof(q));
	q.from = resolve(db, id, tsv_get(t, row, "from"));
	q.to = resolve(db, id, tsv_get(t, row, "to"));
	n = resolve_list(db, id, must, through);
	if (!q.from || !q.to || n < 0) {
		free(through);
		return 1;
	}
	q.kinds = KIND_MASK_DEFAULT;
	q.k = 1;
	q.through = through;
	q.nr_through = (size_t)n;
	bad = check_one(db, g, &q, "--through", id);
	q.nr_through = 0;
	bad |= check_one(db, g, &q, "plain", id);
	free(through);
	return bad;
}

int check_truth_paths(sqlite3 *db, const struct graph *g, const char *path,
		      size_t *checked)
{
	struct tsv t;
	size_t i;
	int failed = 0;

	*checked = 0;
	if (tsv_read(&t, path))
		return -1;
	for (i = 0; i < t.nr_rows; i++) {
		(*checked)++;
		failed += check_row(db, g, &t, i);
	}
	tsv_release(&t);
	return failed;
}
