/*
 * Indexing a compilation database: worker threads parse and walk TUs,
 * one writer stores their facts, and the database appears atomically at
 * the end.  On an existing database only the TUs whose command or files
 * changed are parsed; the others' facts are copied from it (plan.h).
 */
#ifndef KCG_INDEXER_H
#define KCG_INDEXER_H

#include "db/store.h"
#include "extractor/compdb.h"
#include "resolve/resolve.h"
#include "util/error.h"

#include <signal.h>
#include <stddef.h>

struct index_progress {
	size_t done, total;
	size_t with_errors;	/* TUs that did not parse cleanly */
	double elapsed;		/* seconds */
	const char *file;	/* the TU just stored */
};

struct index_meta {
	const char *key, *value;
};

struct index_failure {
	char *file;
	char *first_error;
	int failed;		/* 1: nothing parsed; 0: parsed with errors */
};

struct index_options {
	const char *db_path;
	const char *root;	/* absolute: paths are stored relative to it */
	const struct compdb *compdb;
	int jobs;
	int full;		/* parse every TU, ignore the old database */
	int shard, nr_shards;	/* index shard (1-based) of nr_shards only */
	const struct index_meta *meta;
	size_t nr_meta;
	void (*progress)(void *ctx, const struct index_progress *p);
	void *progress_ctx;
	/* set from a signal handler: stop, keep the old database */
	volatile sig_atomic_t *interrupted;
	/*
	 * Optional: produce a generated file a TU is missing (`missing` as
	 * the #include names it); return 0 if it now exists, and the TU is
	 * parsed again, or -1 with a message saying what to run.
	 */
	int (*regenerate)(void *ctx, const struct compile_command *cmd,
			  const char *missing, struct kcg_error *err);
	void *regenerate_ctx;
};

struct index_result {
	struct store_counts counts;
	struct resolve_stats resolve;
	double resolve_seconds;
	double seconds;
	size_t parsed, reused, removed;	/* TUs */
	unsigned long emptied_bodies;	/* header bodies handed on emptied
					   (extractor/emptied.h) */
	unsigned long emptied_lent;	/* headers with such bodies lent to
					   a TU, each time */
	int up_to_date;		/* nothing to do: the database was left
				   as it was (only the TU counts are set) */
	char why_full[256];	/* why the old database was not built on */
	struct index_failure *failures;	/* TUs with errors, in order */
	size_t nr_failures, alloc_failures;
};

int index_run(const struct index_options *opt, struct index_result *result,
	      struct kcg_error *err);

void index_result_release(struct index_result *result);

#endif
