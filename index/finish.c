/*
 * The last stages of an index run and of a merge: see finish.h.
 */
#include "finish.h"

#include "queries/graph.h"
#include "queries/graph_file.h"
#include "util/strbuf.h"
#include "util/trace.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The compact graph: an update patches the previous one when it can. */
static int store_graph(struct store *s, struct kcg_error *err)
{
	const char *file = store_companion_path(s, GRAPH_FILE_SUFFIX);
	const char *stamp = store_previous_csr_stamp(s);
	struct strbuf old;
	int rc = 1;

	if (stamp) {
		strbuf_init(&old);
		strbuf_addf(&old, "%s%s", store_final_path(s),
			    GRAPH_FILE_SUFFIX);
		rc = graph_store_patch(store_db(s), STORE_EDGES_TOUCHED,
				       old.buf, stamp, file, err);
		strbuf_release(&old);
	}
	return rc > 0 ? graph_store(store_db(s), file, err) : rc;
}

/*
 * 1 if the facts the resolver reads of the TUs parsed again only moved
 * since before, and the edges were moved with them; 0 if they must be
 * resolved again.
 */
static int move_edges(struct store *s, const struct resolve_inputs *before,
		      struct resolve_stats *stats, struct kcg_error *err)
{
	struct resolve_inputs *after;
	int64_t *tus;
	size_t nr;
	int rc;

	if (!before || store_bodies_taken_over(s))
		return 0;
	if (store_run_tus(s, &tus, &nr, err))
		return -1;
	rc = resolve_inputs_read(store_db(s), tus, nr, 0, &after, err);
	free(tus);
	if (rc)
		return -1;
	trace_phase("resolve: the facts parsed again read");
	rc = resolve_moved(store_db(s), before, after, STORE_EDGES_TOUCHED,
			   stats, err);
	resolve_inputs_free(after);
	if (rc > 0)
		trace_phase("resolve: the same facts, moved: edge digests");
	else if (!rc)
		trace_note("resolve: the facts parsed again changed, or their "
			   "places do not map: the whole graph resolved");
	return rc;
}

int index_finish(struct store *s, const struct resolve_inputs *before,
		 struct finish_counts *counts, struct kcg_error *err)
{
	struct finish_counts c;
	struct timespec start, end;
	int i, moved;

	memset(&c, 0, sizeof(c));
	if (store_prepare(s, err))
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &start);
	moved = move_edges(s, before, &c.resolve, err);
	if (moved < 0 ||
	    (!moved && resolve_index(store_db(s), &c.resolve, err)))
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &end);
	c.resolve_seconds = (double)(end.tv_sec - start.tv_sec) +
			    (double)(end.tv_nsec - start.tv_nsec) / 1e9;
	trace_phase("resolve");
	if (store_index_edges(s, err))
		goto fail;
	if (store_graph(s, err))
		goto fail;
	trace_phase("compact graph");
	if (store_commit(s, &c.store, err))
		return -1;
	/* store_prepare() counted the direct and macro edges */
	for (i = 0; i < NR_EDGE_KINDS; i++)
		c.store.edges += c.resolve.edges[i];
	if (counts)
		*counts = c;
	return 0;
fail:
	store_abort(s);
	return -1;
}
