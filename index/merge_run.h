/*
 * kcg merge as a pipeline: the facts of partial databases (`kcg index
 * --shard I/N`, indexed on as many machines) copied into one store
 * (db/merge.c), then resolved and turned into the compact graph like one
 * index of all their TUs (finish.h).
 */
#ifndef KCG_MERGE_RUN_H
#define KCG_MERGE_RUN_H

#include "db/store.h"
#include "index/finish.h"
#include "util/error.h"

#include <signal.h>
#include <stdint.h>

struct merge_options {
	const char *db_path;		/* the database to write */
	char *const *parts;		/* the databases to join, in order */
	int nr_parts;
	/* after each part is copied (may be NULL) */
	void (*part_done)(void *ctx, const char *part,
			  const struct merge_stats *stats);
	void *part_done_ctx;
	/* set from a signal handler: stop, keep the old database */
	volatile sig_atomic_t *interrupted;
};

struct merge_result {
	struct finish_counts counts;
	int64_t tus;			/* TUs copied from all parts */
};

int merge_run(const struct merge_options *opt, struct merge_result *result,
	      struct kcg_error *err);

#endif
