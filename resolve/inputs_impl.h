/*
 * Internal to resolve/: what inputs.c reads and moved.c compares.
 */
#ifndef KCG_RESOLVE_INPUTS_IMPL_H
#define KCG_RESOLVE_INPUTS_IMPL_H

#include "internal.h"
#include "resolve/inputs.h"
#include "util/strbuf.h"

/* Where a call or a flow is. */
struct input_place {
	int64_t file, line, col;
};

struct resolve_inputs {
	struct strbuf text;		/* the facts, ids and places left out */
	struct input_place *places;	/* of calls, then flows, in order */
	size_t nr_places, alloc_places;
	int64_t *calls;			/* calls.id by ordinal - 1 */
	size_t nr_calls, alloc_calls;
	int64_t *tus;			/* the TUs read */
	size_t nr_tus;
	struct pending_edge *edges;	/* with_edges: the resolved edges of
					   their calls, as the table held
					   them */
	size_t nr_edges, alloc_edges;
	struct rule_texts rules;	/* of the edges */
};

#endif
