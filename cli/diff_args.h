/*
 * What `kcg diff` and `kcg render diff` share (cmd_diff.c): opening and
 * comparing two indexes, naming their versions, finding a function or a
 * flow in both.  Each returns 0 or an exit status, a message printed.
 */
#ifndef KCG_DIFF_ARGS_H
#define KCG_DIFF_ARGS_H

#include "query.h"

#include "queries/diff.h"
#include "queries/flow.h"

/* Two indexes open for a comparison, and the names of their versions. */
struct diff_indexes {
	sqlite3 *old_db, *new_db;
	char *old_label, *new_label;	/* "Linux 6.1.192", else the path */
	struct diff d;
};

/*
 * Open both read-only and match their functions (diff_open).  x is the
 * caller's to close (diff_indexes_close) either way.
 */
int diff_indexes_open(const char *cmd, const char *old_path,
		      const char *new_path, struct diff_indexes *x);
void diff_indexes_close(struct diff_indexes *x);

/*
 * The function spec names in either index: *o and *n its ids (0 where
 * that index lacks it), the other taken from the match (renamed, moved).
 */
int diff_find_function(const struct query_args *qa, const struct diff *d,
		       const char *spec, uint32_t *o, uint32_t *n);

/*
 * Flow `name` for side s (its version's flow file, or flows_dir's),
 * connected on its graph.  f and r are the caller's to release either
 * way.
 */
int diff_connect_flow(const char *cmd, const char *flows_dir,
		      const char *name, const struct diff_side *s,
		      struct flow *f, struct flow_result *r);

#endif
