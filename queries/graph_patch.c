/*
 * The compact graph of an index updated in place: see graph_store_patch()
 * in graph.h.
 *
 * Building the graph of the whole tree from `edge` reads 3.7 million rows
 * and sorts them (2.7 s of a 20 s update after one .c was edited); an
 * edit changes the edges of a few hundred callers.  An entry depends only
 * on its caller's edges (the fan-out of a call site counts the targets of
 * that site, in the caller), so the rows of the callers whose edges
 * changed are made again from `edge`, every other out row is copied from
 * the previous graph file, and an in row is merged from its old entries
 * of untouched callers and the new entries of touched ones.  The order of
 * each row is the one graph.c gives (kind preference, then the other
 * end), so the arrays are the ones a whole build makes, byte for byte
 * (tests/test_incremental.c checks it after every update).
 */
#include "graph.h"
#include "graph_build.h"
#include "graph_file.h"

#include "db/db.h"
#include "db/edge_kind.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/trace.h"

#include <stdlib.h>
#include <string.h>

/* Past this share of touched functions a whole build is as quick. */
#define PATCH_MAX_SHARE 4

/* The ids of table `touched` as flags over nodes; -1 on error. */
static int read_touched(sqlite3 *db, const char *touched, uint32_t nodes,
			unsigned char *flags, size_t *count,
			struct kcg_error *err)
{
	struct strbuf sql;
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	strbuf_init(&sql);
	strbuf_addf(&sql, "SELECT id FROM %s", touched);
	rc = db_prepare(db, sql.buf, &st, err);
	strbuf_release(&sql);
	if (rc)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (id > 0 && id < nodes && !flags[id]) {
			flags[id] = 1;
			(*count)++;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	return 0;
}

/* Entries of node n in adj (0 past its nodes). */
static uint32_t row_length(const struct graph_adj *a, uint32_t n)
{
	return n < a->nr_nodes ? a->offsets[n + 1] - a->offsets[n] : 0;
}

/* Copy entry i of from to entry j of to. */
static void copy_entry(struct graph_adj *to, uint32_t j,
		       const struct graph_adj *from, uint32_t i)
{
	to->targets[j] = from->targets[i];
	to->edge_ids[j] = from->edge_ids[i];
	to->fanouts[j] = from->fanouts[i];
	to->kinds[j] = from->kinds[i];
}

static void put_raw(struct graph_adj *to, uint32_t j,
		    const struct raw_edge *e, int out)
{
	to->targets[j] = out ? e->to : e->from;
	to->edge_ids[j] = e->edge_id;
	to->fanouts[j] = e->fanout;
	to->kinds[j] = e->kind;
}

/* Offsets from the lengths in offsets[n + 1]; the total. */
static uint32_t sum_offsets(struct graph_adj *a)
{
	uint32_t n;

	a->offsets[0] = 0;
	for (n = 0; n < a->nr_nodes; n++)
		a->offsets[n + 1] += a->offsets[n];
	return a->offsets[a->nr_nodes];
}

/*
 * New out rows: touched callers' from rg (sorted by caller, then
 * raw_edge_cmp_out), the others as they were.
 */
static void patch_out(const struct graph_adj *old, const struct raw_graph *rg,
		      const unsigned char *touched, struct graph_adj *out)
{
	uint32_t *len = xcalloc((size_t)rg->nr_nodes + 1, sizeof(*len));
	size_t i, r;
	uint32_t n, j;

	for (i = 0; i < rg->nr; i++)
		len[rg->edges[i].from]++;
	for (n = 0, j = 0; n < rg->nr_nodes; n++)
		j += touched[n] ? len[n] : row_length(old, n);
	graph_adj_alloc(out, rg->nr_nodes, j, 0);
	for (n = 0; n < rg->nr_nodes; n++)
		out->offsets[n + 1] = touched[n] ? len[n] : row_length(old, n);
	sum_offsets(out);
	for (n = 0, r = 0; n < rg->nr_nodes; n++) {
		j = out->offsets[n];
		if (touched[n]) {
			for (; r < rg->nr && rg->edges[r].from == n; r++)
				put_raw(out, j++, &rg->edges[r], 1);
		} else if (n < old->nr_nodes) {
			for (i = old->offsets[n]; i < old->offsets[n + 1]; i++)
				copy_entry(out, j++, old, (uint32_t)i);
		}
	}
	free(len);
}

static int rank_of(uint8_t kind)
{
	return edge_kind(kind)->rank;
}

/*
 * The in row of callee n: its old entries from untouched callers and the
 * new ones (rg->edges[*r...], sorted by callee then raw_edge_cmp_in),
 * merged by kind preference and caller; written at j when out is not
 * NULL.  Its length.
 */
static uint32_t merge_in_row(const struct graph_adj *old,
			     const struct raw_graph *rg, size_t r,
			     const unsigned char *touched, uint32_t n,
			     struct graph_adj *out, uint32_t j)
{
	uint32_t i = n < old->nr_nodes ? old->offsets[n] : 0;
	uint32_t end = n < old->nr_nodes ? old->offsets[n + 1] : 0;
	uint32_t count = 0;

	for (;;) {
		const struct raw_edge *e =
			r < rg->nr && rg->edges[r].to == n ? &rg->edges[r] :
							     NULL;
		int take_old;

		while (i < end && touched[old->targets[i]])
			i++;
		if (i == end && !e)
			break;
		take_old = !e || (i < end &&
				  (rank_of(old->kinds[i]) < e->rank ||
				   (rank_of(old->kinds[i]) == e->rank &&
				    old->targets[i] < e->from)));
		if (out) {
			if (take_old)
				copy_entry(out, j + count, old, i);
			else
				put_raw(out, j + count, e, 0);
		}
		if (take_old)
			i++;
		else
			r++;
		count++;
	}
	return count;
}

/*
 * New in rows: a callee an old or new entry of a touched caller points to
 * is merged again, every other row copied.
 */
static void patch_in(const struct graph_adj *old_out,
		     const struct graph_adj *old, struct raw_graph *rg,
		     const unsigned char *touched, struct graph_adj *in)
{
	unsigned char *affected = xcalloc((size_t)rg->nr_nodes + 1, 1);
	size_t *first = xmalloc(((size_t)rg->nr_nodes + 1) * sizeof(*first));
	size_t i;
	uint32_t n, j;

	for (n = 0; n < rg->nr_nodes && n < old_out->nr_nodes; n++)
		if (touched[n])
			for (i = old_out->offsets[n];
			     i < old_out->offsets[n + 1]; i++)
				if (old_out->targets[i] < rg->nr_nodes)
					affected[old_out->targets[i]] = 1;
	for (i = 0; i < rg->nr; i++)
		affected[rg->edges[i].to] = 1;
	if (rg->nr)
		raw_graph_sort(rg, 0, raw_edge_cmp_in);
	for (n = 0, i = 0; n < rg->nr_nodes; n++) {
		first[n] = i;
		while (i < rg->nr && rg->edges[i].to == n)
			i++;
	}
	for (n = 0, j = 0; n < rg->nr_nodes; n++)
		j += affected[n] ? merge_in_row(old, rg, first[n], touched, n,
						NULL, 0) :
				   row_length(old, n);
	graph_adj_alloc(in, rg->nr_nodes, j, 0);
	for (n = 0; n < rg->nr_nodes; n++) {
		j = in->offsets[n];
		if (affected[n]) {
			j += merge_in_row(old, rg, first[n], touched, n, in, j);
		} else if (n < old->nr_nodes) {
			for (i = old->offsets[n]; i < old->offsets[n + 1]; i++)
				copy_entry(in, j++, old, (uint32_t)i);
		}
		in->offsets[n + 1] = j;
	}
	free(first);
	free(affected);
}

/* Does the old graph have entries of nodes that are no longer there? */
static int has_rows_past(const struct graph_adj *a, uint32_t nodes)
{
	return a->nr_nodes > nodes && a->offsets[a->nr_nodes] !=
					      a->offsets[nodes];
}

int graph_store_patch(sqlite3 *db, const char *touched,
		      const char *old_file, const char *old_stamp,
		      const char *file, struct kcg_error *err)
{
	struct graph old, g;
	struct raw_graph rg;
	unsigned char *flags = NULL;
	const char *why = NULL;
	size_t count;
	int rc = -1;

	memset(&old, 0, sizeof(old));
	memset(&g, 0, sizeof(g));
	memset(&rg, 0, sizeof(rg));
	if (!old_stamp || graph_file_map(old_file, old_stamp,
					 GRAPH_OUT | GRAPH_IN, &old, &why)) {
		trace_note("the call graph is built whole: the previous one "
			   "'%s' cannot be used (%s)", old_file,
			   why ? why : "its database had none");
		return 1;
	}
	if (raw_graph_read(db, touched, &rg, err))
		goto out;
	flags = xcalloc((size_t)rg.nr_nodes + 1, 1);
	if (read_touched(db, touched, rg.nr_nodes, flags, &count, err))
		goto out;
	if (count * PATCH_MAX_SHARE > rg.nr_nodes ||
	    has_rows_past(&old.out, rg.nr_nodes) ||
	    has_rows_past(&old.in, rg.nr_nodes)) {
		trace_note("the call graph is built whole: %zu of %u functions "
			   "have other edges", count, (unsigned)rg.nr_nodes);
		rc = 1;
		goto out;
	}
	/* raw_graph_read() sorted by caller; each caller's run now */
	if (rg.nr)
		raw_graph_sort(&rg, 1, raw_edge_cmp_out);
	patch_out(&old.out, &rg, flags, &g.out);
	patch_in(&old.out, &old.in, &rg, flags, &g.in);
	g.loaded = GRAPH_OUT | GRAPH_IN;
	trace_note("the call graph patched: %zu functions with other edges",
		   count);
	rc = graph_write(db, &g, file, err);
out:
	free(flags);
	free(rg.edges);
	graph_release(&g);
	graph_release(&old);
	return rc;
}
