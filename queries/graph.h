/*
 * The compact call graph: adjacency in compressed sparse row form (CSR),
 * built from `edge` at index time, stored in the `csr` table as BLOBs and
 * read back straight into memory (incremental BLOB I/O, no copy in
 * between), so a path query touches no other table until it describes
 * the hops it found.
 *
 * Nodes are functions.id (the arrays are indexed by it, 0 unused).  One
 * CSR entry stands for every `edge` row with the same caller, callee and
 * kind; it keeps the smallest edge id, whose row gives the call site.
 * Each node's entries are ordered by kind preference (direct first) then
 * by the other end, so a search is deterministic and, among equally short
 * paths, prefers written calls over resolved pointers.
 */
#ifndef KCG_GRAPH_H
#define KCG_GRAPH_H

#include "db/edge_kind.h"
#include "path_context.h"
#include "util/error.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* One direction of the graph. */
struct graph_adj {
	uint32_t nr_nodes;	/* max(functions.id) + 1 */
	uint32_t nr_edges;
	uint32_t *offsets;	/* nr_nodes + 1: entries of node n are
				   [offsets[n], offsets[n + 1]) */
	uint32_t *targets;	/* the other end (callee for out, caller
				   for in) */
	uint32_t *edge_ids;	/* edge.id of the representative row;
				   NULL when read entry by entry
				   (GRAPH_LAZY_IDS): graph_edge_id() */
	uint16_t *fanouts;	/* how many functions the entry's call site
				   can call: 1 for a written call, the
				   targets of a call through a pointer */
	uint8_t *kinds;		/* enum edge_kind */
	void *blob;		/* storage of the arrays, when loaded */
	size_t blob_size;	/* its bytes */
	sqlite3_blob *ids_blob;	/* csr.edge_ids, when read entry by entry */
};

enum graph_dir { GRAPH_OUT = 1, GRAPH_IN = 2 };

/*
 * With the directions asked of graph_load(): leave csr.edge_ids in the
 * database and read the few entries asked for (graph_edge_id()), as a
 * path search needs the ids of the hops it found only.  A third less to
 * load.  The database must stay open until graph_release().
 */
#define GRAPH_LAZY_IDS 4u

/* The arrays are little-endian, in csr and in the graph file: on such a
 * host they are used as read. */
static inline int graph_host_is_little_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

/* The layout of the arrays: csr.format, and the graph file's. */
#define GRAPH_CSR_FORMAT 2	/* 2: with fanouts */

struct graph {
	struct graph_adj out;	/* caller -> callee */
	struct graph_adj in;	/* callee -> caller */
	unsigned loaded;	/* GRAPH_OUT | GRAPH_IN */
	void *map;		/* the graph file the arrays are in, when
				   mapped (graph_file.h), and its size */
	size_t map_size;
	struct path_context context;	/* with GRAPH_OUT: the netfilter
					   context path searches keep */
};

/*
 * Build both directions from db's `edge` table and write them to `csr`
 * (replacing what is there) under a new meta `csr_stamp`, and, when file
 * is not NULL, to the graph file `file` with that stamp (graph_file.h;
 * the caller renames it beside the database).  Called once by the
 * indexer, inside its transaction, after resolution.
 */
int graph_store(sqlite3 *db, const char *file, struct kcg_error *err);

/*
 * The same for an index updated in place, from the graph file old_file
 * of the database before (whose csr_stamp was old_stamp): the rows of the
 * functions listed in the table `touched` (column id: every function
 * whose own edges were inserted or deleted since) are made again from
 * `edge`, the others copied.  The arrays are those graph_store() makes.
 * 1 when the old file cannot serve (none, another stamp, most functions
 * touched): build it whole.
 */
int graph_store_patch(sqlite3 *db, const char *touched,
		      const char *old_file, const char *old_stamp,
		      const char *file, struct kcg_error *err);

/*
 * Load the directions `dirs` (GRAPH_OUT, GRAPH_IN, and GRAPH_LAZY_IDS):
 * mapped from the graph file beside the database when it carries the
 * database's `csr_stamp`, else read from `csr`; with GRAPH_OUT the
 * netfilter context tables too.  A database without a csr table (indexed
 * before it existed) gets the graph built from `edge` in memory instead.
 */
int graph_load(sqlite3 *db, unsigned dirs, struct graph *g,
	       struct kcg_error *err);
void graph_release(struct graph *g);

/* The edge.id of entry e of a (an index into a->targets). */
int graph_edge_id(const struct graph_adj *a, uint32_t e, uint32_t *id,
		  struct kcg_error *err);

#endif
