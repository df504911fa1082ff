/*
 * The compact call graph: building it from `edge`, storing it in `csr`,
 * loading it back.  See graph.h.
 *
 * The BLOBs are arrays of little-endian uint32 (offsets, targets,
 * edge_ids) and of bytes (kinds); on a little-endian host they are used
 * as read.  They are read with sqlite3_blob_read() straight into the
 * arrays, which a whole kernel makes tens of MB: where page faults are
 * dear (virtual machines), touching fresh memory costs more than reading
 * the file, so the arrays are one large allocation (xcalloc_large())
 * and nothing is copied twice.
 */
#include "graph.h"
#include "graph_build.h"
#include "graph_file.h"

#include "db/db.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/trace.h"

#include <stdlib.h>
#include <string.h>

/* Carve the arrays of adj out of one allocation (no edge_ids if lazy). */
void graph_adj_alloc(struct graph_adj *adj, uint32_t nr_nodes,
		     uint32_t nr_edges, int lazy_ids)
{
	size_t words = (size_t)nr_nodes + 1 + (lazy_ids ? 1 : 2) *
					      (size_t)nr_edges;
	char *blob;

	adj->blob_size = words * 4 + (size_t)nr_edges * 3 + 1;
	blob = xcalloc_large(adj->blob_size, 1);
	adj->nr_nodes = nr_nodes;
	adj->nr_edges = nr_edges;
	adj->blob = blob;
	adj->offsets = (uint32_t *)blob;
	adj->targets = adj->offsets + nr_nodes + 1;
	adj->edge_ids = lazy_ids ? NULL : adj->targets + nr_edges;
	adj->fanouts = (uint16_t *)(adj->targets + (lazy_ids ? 1 : 2) *
						   (size_t)nr_edges);
	adj->kinds = (uint8_t *)(adj->fanouts + nr_edges);
}

static void adj_build(struct raw_graph *rg, enum graph_dir dir,
		      struct graph_adj *adj)
{
	size_t i;
	uint32_t n;

	if (rg->nr)
		raw_graph_sort(rg, dir == GRAPH_OUT,
			       dir == GRAPH_OUT ? raw_edge_cmp_out :
						  raw_edge_cmp_in);
	graph_adj_alloc(adj, rg->nr_nodes, (uint32_t)rg->nr, 0);
	memset(adj->offsets, 0, ((size_t)rg->nr_nodes + 1) * 4);
	for (i = 0; i < rg->nr; i++) {
		const struct raw_edge *e = &rg->edges[i];
		uint32_t key = dir == GRAPH_OUT ? e->from : e->to;

		adj->offsets[key + 1]++;
		adj->targets[i] = dir == GRAPH_OUT ? e->to : e->from;
		adj->edge_ids[i] = e->edge_id;
		adj->fanouts[i] = e->fanout;
		adj->kinds[i] = e->kind;
	}
	for (n = 0; n < rg->nr_nodes; n++)
		adj->offsets[n + 1] += adj->offsets[n];
}

void graph_adj_release(struct graph_adj *adj)
{
	xfree_large(adj->blob, adj->blob_size, 1);
	sqlite3_blob_close(adj->ids_blob);
	memset(adj, 0, sizeof(*adj));
}

static int build_graph(sqlite3 *db, unsigned dirs, struct graph *g,
		       struct kcg_error *err)
{
	struct raw_graph rg;

	if (raw_graph_read(db, NULL, &rg, err))
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

	if (graph_host_is_little_endian())
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

/* A little-endian copy of n half-words (NULL on a little-endian host). */
static uint16_t *halves_to_le(const uint16_t *a, size_t n)
{
	uint16_t *copy;
	size_t i;

	if (graph_host_is_little_endian())
		return NULL;
	copy = xmalloc(n * 2 + 1);
	for (i = 0; i < n; i++) {
		uint8_t *b = (uint8_t *)&copy[i];

		b[0] = (uint8_t)a[i];
		b[1] = (uint8_t)(a[i] >> 8);
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
	uint16_t *fanouts = halves_to_le(adj->fanouts, adj->nr_edges);
	int rc = -1, i;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, GRAPH_CSR_FORMAT);
	sqlite3_bind_int64(st, 3, adj->nr_nodes);
	sqlite3_bind_int64(st, 4, adj->nr_edges);
	if (bind_words(st, 5, adj->offsets, (size_t)adj->nr_nodes + 1,
		       &copies[0]) ||
	    bind_words(st, 6, adj->targets, adj->nr_edges, &copies[1]) ||
	    bind_words(st, 7, adj->edge_ids, adj->nr_edges, &copies[2]) ||
	    sqlite3_bind_blob64(st, 8, adj->kinds, adj->nr_edges,
				SQLITE_STATIC) ||
	    sqlite3_bind_blob64(st, 9, fanouts ? fanouts : adj->fanouts,
				(sqlite3_uint64)adj->nr_edges * 2,
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
	free(fanouts);
	return rc;
}

int graph_write(sqlite3 *db, const struct graph *g, const char *file,
		struct kcg_error *err)
{
	char stamp[GRAPH_STAMP_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (graph_stamp_new(stamp, err) || db_exec(db, "DELETE FROM csr", err) ||
	    db_prepare(db,
		       "INSERT INTO csr(direction, format, nodes, edges, "
		       "offsets, targets, edge_ids, kinds, fanouts) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err))
		goto out;
	if (store_adj(st, "out", &g->out, err) ||
	    store_adj(st, "in", &g->in, err))
		goto out;
	if (db_meta_write(db, "csr_stamp", stamp, err) ||
	    (file && graph_file_write(g, stamp, file, err)))
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int graph_store(sqlite3 *db, const char *file, struct kcg_error *err)
{
	struct graph g;
	int rc;

	memset(&g, 0, sizeof(g));
	if (build_graph(db, GRAPH_OUT | GRAPH_IN, &g, err))
		return -1;
	rc = graph_write(db, &g, file, err);
	graph_release(&g);
	return rc;
}

/* Little-endian words to host order, in place. */
static void words_from_le(uint32_t *a, size_t n)
{
	size_t i;

	if (graph_host_is_little_endian())
		return;
	for (i = 0; i < n; i++) {
		const uint8_t *b = (const uint8_t *)&a[i];

		a[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
		       (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	}
}

static void halves_from_le(uint16_t *a, size_t n)
{
	size_t i;

	if (graph_host_is_little_endian())
		return;
	for (i = 0; i < n; i++) {
		const uint8_t *b = (const uint8_t *)&a[i];

		a[i] = (uint16_t)(b[0] | b[1] << 8);
	}
}

static int damaged(struct kcg_error *err)
{
	return kcg_error_set(err, "the call graph (table csr) is damaged: "
				  "index again");
}

/*
 * Open column col of csr row `row` for reading, checking it has bytes
 * bytes.
 */
static int open_column(sqlite3 *db, int64_t row, const char *col,
		       size_t bytes, sqlite3_blob **out,
		       struct kcg_error *err)
{
	if (sqlite3_blob_open(db, "main", "csr", col, row, 0, out) !=
	    SQLITE_OK) {
		kcg_error_set(err, "cannot read the call graph (csr.%s): %s",
			      col, sqlite3_errmsg(db));
		sqlite3_blob_close(*out);
		*out = NULL;
		return -1;
	}
	if ((size_t)sqlite3_blob_bytes(*out) != bytes) {
		sqlite3_blob_close(*out);
		*out = NULL;
		return damaged(err);
	}
	return 0;
}

/* Column col of csr row `row` (bytes bytes) into dst. */
static int read_column(sqlite3 *db, int64_t row, const char *col, void *dst,
		       size_t bytes, struct kcg_error *err)
{
	sqlite3_blob *b;
	int rc;

	if (open_column(db, row, col, bytes, &b, err))
		return -1;
	rc = bytes ? sqlite3_blob_read(b, dst, (int)bytes, 0) : SQLITE_OK;
	sqlite3_blob_close(b);
	if (rc != SQLITE_OK)
		return kcg_error_set(err, "cannot read the call graph (csr.%s): "
				     "%s", col, sqlite3_errstr(rc));
	return 0;
}

/* One row of csr (format, nodes and edges as given) into adj. */
static int load_adj(sqlite3 *db, int64_t row, int format, int64_t nodes,
		    int64_t edges, int lazy_ids, struct graph_adj *adj,
		    struct kcg_error *err)
{
	if (format != GRAPH_CSR_FORMAT || nodes < 1 || nodes > INT32_MAX / 4 ||
	    edges < 0 || edges > INT32_MAX / 4)
		return damaged(err);
	graph_adj_alloc(adj, (uint32_t)nodes, (uint32_t)edges, lazy_ids);
	if (read_column(db, row, "offsets", adj->offsets,
			((size_t)nodes + 1) * 4, err) ||
	    read_column(db, row, "targets", adj->targets, (size_t)edges * 4,
			err) ||
	    read_column(db, row, "kinds", adj->kinds, (size_t)edges, err) ||
	    read_column(db, row, "fanouts", adj->fanouts, (size_t)edges * 2,
			err) ||
	    (lazy_ids ? open_column(db, row, "edge_ids", (size_t)edges * 4,
				    &adj->ids_blob, err) :
			read_column(db, row, "edge_ids", adj->edge_ids,
				    (size_t)edges * 4, err))) {
		graph_adj_release(adj);
		return -1;
	}
	words_from_le(adj->offsets, (size_t)nodes + 1);
	words_from_le(adj->targets, (size_t)edges);
	if (adj->edge_ids)
		words_from_le(adj->edge_ids, (size_t)edges);
	halves_from_le(adj->fanouts, (size_t)edges);
	if (adj->offsets[nodes] != edges || adj->offsets[0] != 0) {
		graph_adj_release(adj);
		return damaged(err);
	}
	return 0;
}

/* A row of csr: which direction, where, how big. */
struct csr_row {
	int64_t row, nodes, edges;
	int format;
	unsigned dir;
};

static int load_csr(sqlite3 *db, unsigned dirs, struct graph *g,
		    struct kcg_error *err)
{
	struct csr_row rows[2];
	sqlite3_stmt *st = NULL;
	size_t nr = 0, i;
	int rc;

	if (db_prepare(db,
		       "SELECT rowid, direction, format, nodes, edges FROM csr "
		       "WHERE direction IN (?1, ?2)", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, dirs & GRAPH_OUT ? "out" : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dirs & GRAPH_IN ? "in" : "", -1,
			  SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *dir = (const char *)sqlite3_column_text(st, 1);
		unsigned d = dir && !strcmp(dir, "out") ? GRAPH_OUT : GRAPH_IN;

		for (i = 0; i < nr && rows[i].dir != d; i++)
			;
		if (i < nr)
			continue;	/* a second row: the first counts */
		rows[nr].row = sqlite3_column_int64(st, 0);
		rows[nr].format = sqlite3_column_int(st, 2);
		rows[nr].nodes = sqlite3_column_int64(st, 3);
		rows[nr].edges = sqlite3_column_int64(st, 4);
		rows[nr++].dir = d;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	for (i = 0; i < nr; i++) {
		const struct csr_row *r = &rows[i];

		if (load_adj(db, r->row, r->format, r->nodes, r->edges,
			     !!(dirs & GRAPH_LAZY_IDS),
			     r->dir == GRAPH_OUT ? &g->out : &g->in, err))
			return -1;
		g->loaded |= r->dir;
	}
	return 0;
}

/*
 * The graph file beside db, mapped into g when it is db's (0); 1 when
 * there is none that is.
 */
static int map_graph_file(sqlite3 *db, unsigned dirs, struct graph *g)
{
	const char *name = sqlite3_db_filename(db, "main"), *why;
	struct strbuf path;
	char *stamp;
	int rc;

	if (!name || !*name || !(dirs & (GRAPH_OUT | GRAPH_IN)))
		return 1;
	stamp = db_meta_get(db, "csr_stamp");
	if (!stamp)
		return 1;
	strbuf_init(&path);
	strbuf_addf(&path, "%s%s", name, GRAPH_FILE_SUFFIX);
	rc = graph_file_map(path.buf, stamp, dirs, g, &why);
	if (rc)
		trace_note("graph file '%s' not used: %s", path.buf, why);
	strbuf_release(&path);
	free(stamp);
	return rc;
}

int graph_load(sqlite3 *db, unsigned dirs, struct graph *g,
	       struct kcg_error *err)
{
	unsigned missing;
	int csr;

	memset(g, 0, sizeof(*g));
	if (map_graph_file(db, dirs, g)) {
		/* read through a map of the file (as far as SQLite allows:
		 * 2 GB): the kernel maps the pages around each one touched
		 * at once */
		sqlite3_exec(db, "PRAGMA mmap_size = 2147418112", NULL, NULL,
			     NULL);
		if (db_has_table(db, "csr", &csr, err) ||
		    (csr && load_csr(db, dirs, g, err))) {
			graph_release(g);
			return -1;
		}
	}
	missing = dirs & (GRAPH_OUT | GRAPH_IN) & ~g->loaded;
	if (missing && build_graph(db, missing, g, err)) {
		graph_release(g);
		return -1;
	}
	if ((dirs & GRAPH_OUT) &&
	    path_context_load(db, g->out.nr_nodes, &g->context, err)) {
		graph_release(g);
		return -1;
	}
	return 0;
}

void graph_release(struct graph *g)
{
	graph_adj_release(&g->out);
	graph_adj_release(&g->in);
	graph_file_unmap(g);
	path_context_release(&g->context);
	g->loaded = 0;
}

int graph_edge_id(const struct graph_adj *a, uint32_t e, uint32_t *id,
		  struct kcg_error *err)
{
	uint8_t b[4];
	int rc;

	if (e >= a->nr_edges)
		return kcg_error_set(err, "internal error: no entry %u in the "
				     "call graph", (unsigned)e);
	if (a->edge_ids) {
		*id = a->edge_ids[e];
		return 0;
	}
	rc = sqlite3_blob_read(a->ids_blob, b, 4, (int)e * 4);
	if (rc != SQLITE_OK)
		return kcg_error_set(err, "cannot read the call graph "
				     "(csr.edge_ids): %s", sqlite3_errstr(rc));
	*id = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	      (uint32_t)b[3] << 24;
	return 0;
}
