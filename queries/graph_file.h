/*
 * The compact call graph as a file beside the database (DB.csr), mapped
 * into memory instead of read: a whole kernel's graph is tens of MB, and
 * reading it out of SQLite's overflow pages into fresh memory was most of
 * what a one-shot query (`kcg path`) spent.  Mapped, a query touches only
 * the pages its search visits, shared with every other reader through
 * the page cache.
 *
 * The file is a cache of the `csr` table, never the only copy: it carries
 * the random stamp that the same run wrote to meta `csr_stamp`, and a
 * reader uses it only when the two match and the file is whole.  Any
 * other file (missing, from another run or database, cut short, written
 * by a big-endian host) is ignored and the table read instead, so a
 * database copied without it still answers, only slower.
 *
 * Layout, little-endian: a 64-byte header (magic "KCGGRAPH", file version,
 * the csr format, the 32 hex digits of the stamp, nodes, out edges, in
 * edges, 0), then for `out` and then `in` the arrays of docs/schema.md
 * (offsets, targets, edge_ids, fanouts, kinds), each padded to 8 bytes.
 */
#ifndef KCG_GRAPH_FILE_H
#define KCG_GRAPH_FILE_H

#include "graph.h"
#include "util/error.h"

/* What a database's graph file is called: its path and this. */
#define GRAPH_FILE_SUFFIX ".csr"

/* The length of a stamp in hex digits (a string of 33 bytes with NUL). */
#define GRAPH_STAMP_LEN 32

/* A new random stamp into stamp[GRAPH_STAMP_LEN + 1]. */
int graph_stamp_new(char *stamp, struct kcg_error *err);

/*
 * Write both directions of g (each with edge_ids) to path, stamped.  A
 * big-endian host writes nothing (0): readers there read the table.
 */
int graph_file_write(const struct graph *g, const char *stamp,
		     const char *path, struct kcg_error *err);

/*
 * Map path into the directions `dirs` of g (memset to 0 before) when it
 * carries stamp and is whole: 0.  1 when it cannot be used (the reason
 * in *why, a static string): the caller reads the table.
 */
int graph_file_map(const char *path, const char *stamp, unsigned dirs,
		   struct graph *g, const char **why);

/* Undo graph_file_map() (nothing when g maps no file). */
void graph_file_unmap(struct graph *g);

#endif
