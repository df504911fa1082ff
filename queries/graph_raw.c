/*
 * The raw call graph: the rows of `edge` as CSR entries before they are
 * placed, with the fan-out of each call site counted and one entry per
 * (caller, callee, kind).  See graph_build.h.
 */
#include "graph_build.h"

#include "db/db.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Within one caller: by callee, kind, fan-out, then edge id. */
static int cmp_triple(const void *a, const void *b)
{
	const struct raw_edge *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->fanout != y->fanout)
		return x->fanout < y->fanout ? -1 : 1;
	if (x->edge_id != y->edge_id)
		return x->edge_id < y->edge_id ? -1 : 1;
	return 0;
}

/*
 * Order edges by key node (the caller when by_from, else the callee) in
 * linear time, a counting sort; then each node's own edges with cmp.
 * Those runs are short, so this is some three times faster than sorting
 * the whole array.
 */
void raw_graph_sort(struct raw_graph *rg, int by_from,
			 int (*cmp)(const void *, const void *))
{
	size_t *start = xcalloc((size_t)rg->nr_nodes + 2, sizeof(*start));
	struct raw_edge *sorted = xmalloc((rg->nr + 1) * sizeof(*sorted));
	size_t i;
	uint32_t n;

	for (i = 0; i < rg->nr; i++)
		start[(by_from ? rg->edges[i].from : rg->edges[i].to) + 1]++;
	for (n = 0; n < rg->nr_nodes; n++)
		start[n + 1] += start[n];
	for (i = 0; i < rg->nr; i++) {
		uint32_t key = by_from ? rg->edges[i].from : rg->edges[i].to;

		sorted[start[key]++] = rg->edges[i];
	}
	free(rg->edges);
	rg->edges = sorted;
	rg->alloc = rg->nr + 1;
	/* start[n] is now the end of node n's run */
	for (n = 0, i = 0; n < rg->nr_nodes; n++) {
		if (start[n] - i > 1)
			qsort(rg->edges + i, start[n] - i, sizeof(*rg->edges),
			      cmp);
		i = start[n];
	}
	free(start);
}

/*
 * One CSR entry per (caller, callee, kind), naming the edge row of its
 * call site with the fewest targets (the first such row).
 */
static void dedupe(struct raw_graph *rg)
{
	size_t i, n = 0;

	if (!rg->nr)
		return;
	raw_graph_sort(rg, 1, cmp_triple);
	for (i = 0; i < rg->nr; i++) {
		const struct raw_edge *e = &rg->edges[i], *last;

		last = n ? &rg->edges[n - 1] : NULL;
		if (last && last->from == e->from && last->to == e->to &&
		    last->kind == e->kind)
			continue;
		rg->edges[n++] = *e;
	}
	rg->nr = n;
}

/*
 * Kinds whose edges share a call site with other callees: the targets of
 * a call through a pointer, and the named candidates of INDIRECT_CALL_x(),
 * which are made at the place of the call through the pointer they stand
 * in for.
 */
static int may_share_site(uint8_t kind)
{
	return kind == KIND_MACRO || kind == KIND_FIELD ||
	       kind == KIND_GLOBAL || kind == KIND_RETURN ||
	       kind == KIND_NETFILTER_HOOK || kind == KIND_SIGNATURE;
}

/* A site of a call through a pointer with no edge (yet); its columns
 * caller, file, line, col from `first` on in st. */
static struct site_edge *add_site(struct raw_graph *rg, sqlite3_stmt *st,
				  int caller, int first)
{
	struct site_edge *s;

	xgrow(&rg->sites, &rg->alloc_sites, rg->nr_sites + 1,
	      sizeof(*rg->sites));
	s = &rg->sites[rg->nr_sites++];
	s->caller = (uint32_t)sqlite3_column_int64(st, caller);
	s->file = (uint32_t)sqlite3_column_int64(st, first);
	s->line = (uint32_t)sqlite3_column_int64(st, first + 1);
	s->col = (uint32_t)sqlite3_column_int64(st, first + 2);
	s->callee = 0;
	s->index = NO_EDGE;
	s->through_pointer = 1;
	return s;
}

/* The site of edge `index`, from read_raw_graph's row st. */
static void add_edge_site(struct raw_graph *rg, sqlite3_stmt *st,
			  size_t index)
{
	struct site_edge *s = add_site(rg, st, 0, 4);

	s->callee = rg->edges[index].to;
	s->index = (uint32_t)index;
	s->through_pointer = rg->edges[index].kind != KIND_MACRO;
}

/*
 * Prepare `select` (ending in a WHERE clause when `and` is set), limited
 * to the callers listed in table only_callers when it is not NULL.
 */
static int prepare_for_callers(sqlite3 *db, const char *select, int and,
			       const char *only_callers, sqlite3_stmt **st,
			       struct kcg_error *err)
{
	struct strbuf sql;
	int rc;

	strbuf_init(&sql);
	strbuf_addstr(&sql, select);
	if (only_callers)
		strbuf_addf(&sql, " %s caller_id IN (SELECT id FROM %s)",
			    and ? "AND" : "WHERE", only_callers);
	rc = db_prepare(db, sql.buf, st, err);
	strbuf_release(&sql);
	return rc;
}

/*
 * The places of calls through a pointer, as sites of no edge (callee 0):
 * an INDIRECT_CALL_x() whose pointer call resolved to nothing but its
 * named candidates still makes them one site of several targets.
 */
static int read_pointer_sites(sqlite3 *db, const char *only_callers,
			      struct raw_graph *rg, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare_for_callers(db, "SELECT caller_id, file_id, line, col "
				    "FROM calls WHERE kind = 'indirect'", 1,
				only_callers, &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_site(rg, st, 0, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	return 0;
}

static int cmp_site(const void *a, const void *b)
{
	const struct site_edge *x = a, *y = b;
	const uint32_t kx[] = { x->caller, x->file, x->line, x->col, x->callee };
	const uint32_t ky[] = { y->caller, y->file, y->line, y->col, y->callee };
	size_t i;

	for (i = 0; i < 5; i++)
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	return 0;
}

/*
 * The fan-out of each edge: how many functions its call site can reach.
 * A site where a pointer is called (an edge through it, or an indirect
 * call in `calls`) counts its resolved targets and the named candidates
 * of an INDIRECT_CALL_x() made there; macro-made calls
 * at a place with no call through a pointer (a SYSCALL_DEFINE body) are
 * each a call of one function.
 */
static void count_fanouts(struct raw_graph *rg)
{
	size_t i, j, k;

	if (rg->nr_sites > 1)
		qsort(rg->sites, rg->nr_sites, sizeof(*rg->sites), cmp_site);
	for (i = 0; i < rg->nr_sites; i = j) {
		const struct site_edge *a = &rg->sites[i];
		size_t callees = 0;
		int pointer = 0;

		for (j = i; j < rg->nr_sites; j++) {
			const struct site_edge *b = &rg->sites[j];

			if (b->caller != a->caller || b->file != a->file ||
			    b->line != a->line || b->col != a->col)
				break;
			pointer |= b->through_pointer;
			if (b->callee &&
			    (j == i || b->callee != rg->sites[j - 1].callee))
				callees++;
		}
		if (!pointer || !callees)
			continue;
		if (callees > UINT16_MAX)
			callees = UINT16_MAX;
		for (k = i; k < j; k++)
			if (rg->sites[k].index != NO_EDGE)
				rg->edges[rg->sites[k].index].fanout =
					(uint16_t)callees;
	}
	free(rg->sites);
	rg->sites = NULL;
	rg->nr_sites = rg->alloc_sites = 0;
}

int raw_graph_read(sqlite3 *db, const char *only_callers,
		   struct raw_graph *rg, struct kcg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(rg, 0, sizeof(*rg));
	if (db_prepare(db, "SELECT coalesce(max(id), 0) FROM functions", &st,
		       err))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rg->nr_nodes = (uint32_t)sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	if (prepare_for_callers(db, "SELECT caller_id, callee_id, kind, id, "
				    "file_id, line, col FROM edge", 0,
				only_callers, &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct raw_edge *e;
		int64_t from = sqlite3_column_int64(st, 0);
		int64_t to = sqlite3_column_int64(st, 1);
		const char *kind = (const char *)sqlite3_column_text(st, 2);

		if (from <= 0 || to <= 0 || from >= rg->nr_nodes ||
		    to >= rg->nr_nodes)
			continue;	/* dangling: no such function */
		xgrow(&rg->edges, &rg->alloc, rg->nr + 1, sizeof(*rg->edges));
		e = &rg->edges[rg->nr++];
		e->from = (uint32_t)from;
		e->to = (uint32_t)to;
		e->kind = (uint8_t)edge_kind_code(kind ? kind : "");
		e->rank = (uint8_t)edge_kind(e->kind)->rank;
		e->edge_id = (uint32_t)sqlite3_column_int64(st, 3);
		e->fanout = 1;
		if (may_share_site(e->kind))
			add_edge_site(rg, st, rg->nr - 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		kcg_error_set(err, "database error: %s", sqlite3_errmsg(db));
		goto fail;
	}
	if (read_pointer_sites(db, only_callers, rg, err))
		goto fail;
	count_fanouts(rg);
	dedupe(rg);
	return 0;
fail:
	free(rg->edges);
	free(rg->sites);
	memset(rg, 0, sizeof(*rg));
	return -1;
}

int raw_edge_cmp_out(const void *a, const void *b)
{
	const struct raw_edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return 0;
}

int raw_edge_cmp_in(const void *a, const void *b)
{
	const struct raw_edge *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return 0;
}

