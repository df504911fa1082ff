/*
 * Internal to resolve/: what inputs.c reads and moved.c compares.
 */
#ifndef KCG_RESOLVE_INPUTS_IMPL_H
#define KCG_RESOLVE_INPUTS_IMPL_H

#include "resolve/inputs.h"
#include "util/strbuf.h"

/* Where a call or a flow is. */
struct input_place {
	int64_t file, line, col;
};

/* A resolved edge of a call of the TUs, as the table held it. */
struct input_edge {
	int64_t caller, callee, call, file, line, col;
	int64_t reg_file, reg_line, via;
	int has_reg;
	char *kind, *rule;
};

struct resolve_inputs {
	struct strbuf text;		/* the facts, ids and places left out */
	struct input_place *places;	/* of calls, then flows, in order */
	size_t nr_places, alloc_places;
	int64_t *calls;			/* calls.id by ordinal - 1 */
	size_t nr_calls, alloc_calls;
	int64_t *tus;			/* the TUs read */
	size_t nr_tus;
	struct input_edge *edges;	/* with_edges: their resolved edges */
	size_t nr_edges, alloc_edges;
};

/* Run sql (one parameter) once for each of ids (inputs.c). */
int resolve_exec_ids(sqlite3 *db, const char *sql, const int64_t *ids,
		     size_t nr, struct kcg_error *err);

#endif
