/*
 * Checking path queries against a ground-truth paths.tsv (the format of
 * ../shared/truth/paths.tsv and samples/expected/paths.tsv: id, from, to,
 * must_pass, chain, note).
 */
#ifndef KCG_TEST_PATH_CHECK_H
#define KCG_TEST_PATH_CHECK_H

#include "queries/graph.h"
#include "queries/path.h"

#include <sqlite3.h>
#include <stddef.h>

/*
 * For every row of the TSV at path: the path FROM -> TO through the
 * must_pass functions must be found, pass them in order, and every hop
 * must be a real edge; the plain path FROM -> TO must be found with every
 * hop a real edge.  Prints what fails; returns how many rows fail (-1 if
 * the file cannot be read); *checked counts the rows.
 */
int check_truth_paths(sqlite3 *db, const struct graph *g, const char *path,
		      size_t *checked);

/*
 * Is every hop of p an `edge` row joining its two functions, of a kind
 * in kinds?  Prints the first hop that is not.
 */
int path_is_real(sqlite3 *db, const struct path *p, unsigned kinds);

/* Does p pass through ids[0..n) in that order? */
int path_passes(const struct path *p, const uint32_t *ids, size_t n);

#endif
