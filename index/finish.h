/*
 * The last stages of an index run and of a merge: a store holding every
 * fact becomes a finished database (db/ prepares the facts, resolve/
 * adds the resolved edges, queries/graph.c the compact graph, db/ commits
 * and renames it into place).
 */
#ifndef KCG_INDEX_FINISH_H
#define KCG_INDEX_FINISH_H

#include "db/store.h"
#include "resolve/inputs.h"
#include "resolve/resolve.h"
#include "util/error.h"

/* What the run's database holds, for its summary. */
struct finish_counts {
	struct store_counts store;	/* counted from the tables */
	struct resolve_stats resolve;
	double resolve_seconds;
};

/*
 * Finish s: store_prepare(), resolve_index(), store_index_edges(),
 * graph_store(), store_commit().  before (may be NULL): what the
 * resolver read of the TUs an update parsed again, before their old
 * facts went; when they read the same now, the edges are moved instead
 * of resolved again (resolve_moved()).  counts (may be NULL) is filled
 * on success; counts->store.edges counts every edge.  The store is freed
 * whatever the outcome (the temporary database removed on failure).
 */
int index_finish(struct store *s, const struct resolve_inputs *before,
		 struct finish_counts *counts, struct kcg_error *err);

#endif
