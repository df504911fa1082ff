/*
 * Writing an index: fact batches in, a complete database out.
 *
 * The database is built in a temporary file beside its final path and
 * renamed into place by store_finish(), so an interrupted index leaves the
 * previous database untouched and readers never see a half-written one.
 * One thread writes; batches come in from the extractor's workers.
 */
#ifndef KCG_STORE_H
#define KCG_STORE_H

#include "extractor/facts.h"
#include "resolve/resolve.h"
#include "util/error.h"

#include <stdint.h>

struct store;

struct store_counts {
	int64_t tus, tus_ok, tus_errors, tus_failed;
	int64_t functions, defined, calls, direct, macro, indirect, flows,
		edges;
	struct resolve_stats resolve;
	double resolve_seconds;
};

/* Start a new database that will replace (or create) final_path. */
int store_open(struct store **out, const char *final_path,
	       struct kcg_error *err);

int store_set_meta(struct store *s, const char *key, const char *value,
		   struct kcg_error *err);

int store_add_batch(struct store *s, const struct fact_batch *b,
		    struct kcg_error *err);

/*
 * Build the edges and indexes, commit and rename the database into place.
 * The store is freed whatever the outcome.
 */
int store_finish(struct store *s, struct store_counts *counts,
		 struct kcg_error *err);

/* Give up: remove the temporary database and free the store. */
void store_abort(struct store *s);

/* The temporary path being written (for a signal handler to remove). */
const char *store_temp_path(const struct store *s);

#endif
