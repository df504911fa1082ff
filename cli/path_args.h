/*
 * The options of a path query (kcg path, kcg render path): -k,
 * --through, --avoid, --max-depth, --kinds, --direct-only, --rank,
 * --no-context, parsed into
 * struct path_args and turned into a struct path_query.  Implemented in
 * cmd_path.c.
 */
#ifndef KCG_PATH_ARGS_H
#define KCG_PATH_ARGS_H

#include "query.h"

#include "queries/path.h"

#include <sqlite3.h>
#include <stdint.h>

struct path_args {
	struct query_args qa;
	const char *through, *avoid, *kinds;
	int k, max_depth, direct_only, no_context;
	enum path_rank rank;
};

/* A resolved list of function names (--through, --avoid). */
struct id_list {
	uint32_t *ids;
	size_t nr;
};

/* Zero a and set the defaults (k = 1); qa is left to query_args_init. */
void path_args_init(struct path_args *a);

/*
 * Take argv[*i] if it is a path query option (advancing *i past its
 * value): 1 if taken, 0 if not, -1 on an error (message printed).
 */
int path_args_option(struct path_args *a, int argc, char **argv, int *i);

/* Check the options once parsed: -1 (message printed) if they clash. */
int path_args_check(const struct path_args *a);

/*
 * Fill q from a, FROM and TO being a->qa.pos[0] and [1]: names resolved
 * (through and avoid hold the waypoints and the avoided functions; the
 * caller frees their ids).  Returns 0 or the exit status, with a message.
 */
int path_args_query(struct path_args *a, sqlite3 *db, struct path_query *q,
		    struct id_list *through, struct id_list *avoid);

/*
 * Load the graph and find q's paths into out (initialized here; the
 * caller releases it).  Returns 0, or EXIT_USAGE with a message naming
 * cmd (a database error).
 */
int path_args_find(const char *cmd, sqlite3 *db, const struct path_query *q,
		   struct path_list *out);

#endif
