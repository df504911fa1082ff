/*
 * The last stages of an index run and of a merge: a store holding every
 * fact becomes a finished database (db/ prepares the facts, resolve/
 * adds the resolved edges, queries/graph.c the compact graph, db/ commits
 * and renames it into place).
 */
#ifndef KCG_INDEX_FINISH_H
#define KCG_INDEX_FINISH_H

#include "db/store.h"
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
 * graph_store(), store_commit().  counts (may be NULL) is filled on
 * success; counts->store.edges counts every edge.  The store is freed
 * whatever the outcome (the temporary database removed on failure).
 */
int index_finish(struct store *s, struct finish_counts *counts,
		 struct kcg_error *err);

#endif
