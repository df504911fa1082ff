/*
 * The options of a callers / callees tree (kcg callers, kcg callees, kcg
 * render callers|callees): -d N, --kinds, --direct-only.  Implemented in
 * cmd_callers.c.
 */
#ifndef KCG_TREE_ARGS_H
#define KCG_TREE_ARGS_H

#include "query.h"

struct tree_args {
	const char *kinds;
	int depth, direct_only;
};

/* Zero t with the default depth. */
void tree_args_init(struct tree_args *t, int depth);

/*
 * Take argv[*i] if it is a tree option: 1 taken, 0 not, -1 on an error
 * (message printed).  max_depth bounds -d.
 */
int tree_args_option(struct tree_args *t, const struct query_args *qa,
		     int max_depth, int argc, char **argv, int *i);

/* The edge kinds to follow; -1 (message printed) on a bad combination. */
int tree_args_kinds(const struct tree_args *t, const struct query_args *qa,
		    unsigned *mask);

#endif
