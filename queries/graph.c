/*
 * The compact call graph: building it from `edge`, storing it in `csr`,
 * loading it back.  See graph.h.
 *
 * The BLOBs are arrays of little-endian uint32 (offsets, targets,
 * edge_ids) and of bytes (kinds); on a little-endian host they are used
 * as read.
 */
#include "graph.h"

#include "db/db.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define CSR_FORMAT 1

static int host_is_little_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

/* One CSR entry before it is placed: an edge (caller, callee, kind). */
struct raw_edge {
	uint32_t from, to, edge_id;
	uint8_t kind, rank;
};

struct raw_graph {
	struct raw_edge *edges;
	size_t nr, alloc;
	uint32_t nr_nodes;
};

/* Within one caller: by callee, kind, then edge id. */
static int cmp_triple(const void *a, const void *b)
{
	const struct raw_edge *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
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
static void sort_by_node(struct raw_graph *rg, int by_from,
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

/* One CSR entry per (caller, callee, kind), naming its first edge row. */
static void dedupe(struct raw_graph *rg)
{
	size_t i, n = 0;

	if (!rg->nr)
		return;
	sort_by_node(rg, 1, cmp_triple);
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

static int read_raw_graph(sqlite3 *db, struct raw_graph *rg,
			  struct kcg_error *err)
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
	if (db_prepare(db,
		       "SELECT caller_id, callee_id, kind, id FROM edge", &st,
		       err))
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
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(rg->edges);
		rg->edges = NULL;
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	}
	dedupe(rg);
	return 0;
}

static int cmp_out(const void *a, const void *b)
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

static int cmp_in(const void *a, const void *b)
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

/* Carve the four arrays of adj out of one allocation. */
static void adj_alloc(struct graph_adj *adj, uint32_t nr_nodes,
		      uint32_t nr_edges)
{
	size_t words = (size_t)nr_nodes + 1 + 2 * (size_t)nr_edges;
	char *blob = xmalloc(words * 4 + nr_edges + 1);

	adj->nr_nodes = nr_nodes;
	adj->nr_edges = nr_edges;
	adj->blob = blob;
	adj->offsets = (uint32_t *)blob;
	adj->targets = adj->offsets + nr_nodes + 1;
	adj->edge_ids = adj->targets + nr_edges;
	adj->kinds = (uint8_t *)(adj->edge_ids + nr_edges);
}

static void adj_build(struct raw_graph *rg, enum graph_dir dir,
		      struct graph_adj *adj)
{
	size_t i;
	uint32_t n;

	if (rg->nr)
		sort_by_node(rg, dir == GRAPH_OUT,
			     dir == GRAPH_OUT ? cmp_out : cmp_in);
	adj_alloc(adj, rg->nr_nodes, (uint32_t)rg->nr);
	memset(adj->offsets, 0, ((size_t)rg->nr_nodes + 1) * 4);
	for (i = 0; i < rg->nr; i++) {
		const struct raw_edge *e = &rg->edges[i];
		uint32_t key = dir == GRAPH_OUT ? e->from : e->to;

		adj->offsets[key + 1]++;
		adj->targets[i] = dir == GRAPH_OUT ? e->to : e->from;
		adj->edge_ids[i] = e->edge_id;
		adj->kinds[i] = e->kind;
	}
	for (n = 0; n < rg->nr_nodes; n++)
		adj->offsets[n + 1] += adj->offsets[n];
}

static void adj_release(struct graph_adj *adj)
{
	free(adj->blob);
	memset(adj, 0, sizeof(*adj));
}

static int build_graph(sqlite3 *db, unsigned dirs, struct graph *g,
		       struct kcg_error *err)
{
	struct raw_graph rg;

	if (read_raw_graph(db, &rg, err))
		return -1;
	if (dirs & GRAPH_OUT)
		adj_build(&rg, GRAPH_OUT, &g->out);
	if (dirs & GRAPH_IN)
		adj_build(&rg, GRAPH_IN, &g->in);
	g->loaded |= dirs;
	free(rg.edges);
	return 0;
}

/* A little-endian copy of n words (NULL on a little-endian host). */
static uint32_t *to_le(const uint32_t *a, size_t n)
{
	uint32_t *copy;
	size_t i;

	if (host_is_little_endian())
		return NULL;
	copy = xmalloc(n * 4 + 1);
	for (i = 0; i < n; i++) {
		uint8_t *b = (uint8_t *)&copy[i];

		b[0] = (uint8_t)a[i];
		b[1] = (uint8_t)(a[i] >> 8);
		b[2] = (uint8_t)(a[i] >> 16);
		b[3] = (uint8_t)(a[i] >> 24);
	}
	return copy;
}

static int bind_words(sqlite3_stmt *st, int col, const uint32_t *a, size_t n,
		      uint32_t **copy)
{
	*copy = to_le(a, n);
	return sqlite3_bind_blob64(st, col, *copy ? *copy : a,
				   (sqlite3_uint64)n * 4, SQLITE_STATIC);
}

static int store_adj(sqlite3_stmt *st, const char *name,
		     const struct graph_adj *adj, struct kcg_error *err)
{
	uint32_t *copies[3] = { NULL, NULL, NULL };
	int rc = -1, i;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, CSR_FORMAT);
	sqlite3_bind_int64(st, 3, adj->nr_nodes);
	sqlite3_bind_int64(st, 4, adj->nr_edges);
	if (bind_words(st, 5, adj->offsets, (size_t)adj->nr_nodes + 1,
		       &copies[0]) ||
	    bind_words(st, 6, adj->targets, adj->nr_edges, &copies[1]) ||
	    bind_words(st, 7, adj->edge_ids, adj->nr_edges, &copies[2]) ||
	    sqlite3_bind_blob64(st, 8, adj->kinds, adj->nr_edges,
				SQLITE_STATIC) ||
	    sqlite3_step(st) != SQLITE_DONE)
		kcg_error_set(err, "cannot store the call graph: %s",
			      sqlite3_errmsg(sqlite3_db_handle(st)));
	else
		rc = 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; i < 3; i++)
		free(copies[i]);
	return rc;
}

int graph_store(sqlite3 *db, struct kcg_error *err)
{
	struct graph g;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	if (build_graph(db, GRAPH_OUT | GRAPH_IN, &g, err))
		return -1;
	if (db_exec(db, "DELETE FROM csr", err) ||
	    db_prepare(db,
		       "INSERT INTO csr(direction, format, nodes, edges, "
		       "offsets, targets, edge_ids, kinds) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &st, err))
		goto out;
	if (store_adj(st, "out", &g.out, err) ||
	    store_adj(st, "in", &g.in, err))
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	graph_release(&g);
	return rc;
}

/* Does db have a csr table (*found)?  -1 on a database error. */
static int has_csr(sqlite3 *db, int *found, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (db_prepare(db,
		       "SELECT count(*) FROM sqlite_master WHERE "
		       "type = 'table' AND name = 'csr'", &st, err))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*found = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	return 0;
}

static void read_words(uint32_t *dst, const void *src, size_t n)
{
	const uint8_t *b = src;
	size_t i;

	if (host_is_little_endian()) {
		memcpy(dst, src, n * 4);
		return;
	}
	for (i = 0; i < n; i++, b += 4)
		dst[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
			 (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* One row of csr into adj, checking that the sizes agree. */
static int load_adj(sqlite3_stmt *st, struct graph_adj *adj,
		    struct kcg_error *err)
{
	int64_t nodes = sqlite3_column_int64(st, 2);
	int64_t edges = sqlite3_column_int64(st, 3);
	const void *offsets = sqlite3_column_blob(st, 4);
	const void *targets = sqlite3_column_blob(st, 5);
	const void *edge_ids = sqlite3_column_blob(st, 6);
	const void *kinds = sqlite3_column_blob(st, 7);

	if (sqlite3_column_int(st, 1) != CSR_FORMAT || nodes < 1 ||
	    nodes > UINT32_MAX - 1 || edges < 0 || edges > UINT32_MAX ||
	    sqlite3_column_bytes(st, 4) != (nodes + 1) * 4 ||
	    sqlite3_column_bytes(st, 5) != edges * 4 ||
	    sqlite3_column_bytes(st, 6) != edges * 4 ||
	    sqlite3_column_bytes(st, 7) != edges)
		return kcg_error_set(err, "the call graph (table csr) is "
				     "damaged: index again");
	adj_alloc(adj, (uint32_t)nodes, (uint32_t)edges);
	read_words(adj->offsets, offsets, (size_t)nodes + 1);
	if (edges) {
		read_words(adj->targets, targets, (size_t)edges);
		read_words(adj->edge_ids, edge_ids, (size_t)edges);
		memcpy(adj->kinds, kinds, (size_t)edges);
	}
	if (adj->offsets[nodes] != edges || adj->offsets[0] != 0) {
		adj_release(adj);
		return kcg_error_set(err, "the call graph (table csr) is "
				     "damaged: index again");
	}
	return 0;
}

static int load_csr(sqlite3 *db, unsigned dirs, struct graph *g,
		    struct kcg_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (db_prepare(db,
		       "SELECT direction, format, nodes, edges, offsets, "
		       "targets, edge_ids, kinds FROM csr "
		       "WHERE direction IN (?1, ?2)", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, dirs & GRAPH_OUT ? "out" : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dirs & GRAPH_IN ? "in" : "", -1,
			  SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *dir = (const char *)sqlite3_column_text(st, 0);
		int out = dir && !strcmp(dir, "out");
		struct graph_adj *adj = out ? &g->out : &g->in;

		if (g->loaded & (out ? GRAPH_OUT : GRAPH_IN))
			continue;
		if (load_adj(st, adj, err)) {
			sqlite3_finalize(st);
			return -1;
		}
		g->loaded |= out ? GRAPH_OUT : GRAPH_IN;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	return 0;
}

int graph_load(sqlite3 *db, unsigned dirs, struct graph *g,
	       struct kcg_error *err)
{
	unsigned missing;
	int csr;

	memset(g, 0, sizeof(*g));
	/* read the BLOBs through mmap: a quarter faster than the pager */
	sqlite3_exec(db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
	if (has_csr(db, &csr, err) || (csr && load_csr(db, dirs, g, err))) {
		graph_release(g);
		return -1;
	}
	missing = dirs & ~g->loaded;
	if (missing && build_graph(db, missing, g, err)) {
		graph_release(g);
		return -1;
	}
	return 0;
}

void graph_release(struct graph *g)
{
	adj_release(&g->out);
	adj_release(&g->in);
	g->loaded = 0;
}
