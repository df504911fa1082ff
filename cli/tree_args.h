/*
 * The options of a callers / callees tree (kcg callers, kcg callees, kcg
 * render callers|callees): -d N, --kinds, --direct-only.  Implemented in
 * cmd_callers.c.
 */
#ifndef KCG_TREE_ARGS_H
#define KCG_TREE_ARGS_H

#include "query.h"

#include "queries/path.h"

#include <sqlite3.h>
#include <stdint.h>

struct tree_args {
	const char *kinds;
	int depth, direct_only;
	unsigned mask;		/* the kinds to follow, set by the check */
};

/* Zero t with the default depth. */
void tree_args_init(struct tree_args *t, int depth);

/*
 * Take argv[*i] if it is a tree option: 1 taken, 0 not, -1 on an error
 * (message printed).  max_depth bounds -d.
 */
int tree_args_option(struct tree_args *t, const struct query_args *qa,
		     int max_depth, int argc, char **argv, int *i);

/*
 * Check the options once parsed and set t->mask; -1 (message printed) on
 * a bad combination.
 */
int tree_args_check(struct tree_args *t, const struct query_args *qa);

/*
 * Load the graph and grow the tree of callers (or callees) of root as the
 * options say, at most max_rows rows.  Returns 0, or EXIT_USAGE with a
 * message naming qa->cmd.
 */
int tree_args_grow(const struct tree_args *t, const struct query_args *qa,
		   sqlite3 *db, uint32_t root, int callers, size_t max_rows,
		   struct tree *out);

#endif
