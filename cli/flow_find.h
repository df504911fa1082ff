/*
 * Finding a flow file for an index, for `kcg render flow` and `kcg diff
 * --flow`: NAME as a path, or NAME.flow among the flows of the index's
 * kernel version (queries/flow_dir.h), in flows_dir, $KCG_FLOWS or the
 * directory the build names.
 */
#ifndef KCG_FLOW_FIND_H
#define KCG_FLOW_FIND_H

#include <sqlite3.h>
#include <stdio.h>

/*
 * The path of flow `name` for db (newly allocated), or NULL with a
 * message "kcg CMD: no flow ..." and the flows there on stderr.
 */
char *flow_find(const char *cmd, sqlite3 *db, const char *flows_dir,
		const char *name);

/* "flows in DIR:" and one line per flow (name, title) to out. */
void flow_list(FILE *out, sqlite3 *db, const char *flows_dir);

#endif
