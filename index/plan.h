/*
 * The plan of an index run: which translation units of the compile
 * database it parses, and which it takes as they are from the database it
 * replaces.
 *
 * A TU is taken as it is when its command is the same (a hash of
 * directory, arguments and file) and every file it read (tables tus and
 * includes: the TU itself and each header, with the hash of the text
 * parsed) still hashes the same.  One that did not parse cleanly is
 * parsed again too when a file its errors say is missing exists now (a
 * generated header made since): not on every run.  A database of another tree (root) or another
 * build of kcg is not built on at all.  A shard of an index is a
 * deterministic part of the TUs: every nr_shards-th of them in the order
 * of their paths.
 *
 * Bodies of header functions are walked by one TU of the whole index
 * (extract.h): when a TU that walked some is parsed again or leaves, the
 * TUs parsed take them over if they still see them.  Any body left
 * without a walker (its TU left the index, or no longer includes the
 * header) has its header's file looked up among the includes of the TUs
 * taken as they are, and one of them is parsed too: plan_orphans().
 */
#ifndef KCG_PLAN_H
#define KCG_PLAN_H

#include "extractor/compdb.h"
#include "extractor/identity.h"
#include "util/error.h"
#include "util/strmap.h"

#include <stddef.h>
#include <stdint.h>

struct plan_options {
	const struct compdb *compdb;
	const char *db_path;	/* the database to replace; may not exist */
	const char *root;	/* absolute: where relative paths start */
	int full;		/* parse every TU, whatever db_path holds */
	int jobs;		/* threads to hash the files TUs read */
	int shard, nr_shards;	/* this run indexes shard (1-based) of
				   nr_shards; 0 and 0: all */
};

/* Timestamps a little older than the run are not trusted to be older
 * than its hashes (coarse file system clocks): 2 s, in ns. */
#define PLAN_CLOCK_SLACK 2000000000LL

struct plan_old_tu;
struct previous;
struct plan_claim;

struct plan {
	size_t *tus;		/* the TUs of this index, by compdb index */
	size_t nr_tus;
	unsigned char *parse;	/* by compdb index: parse it in this run */
	size_t nr_parse;	/* so far, plan_orphans() adds to it */
	size_t nr_reused, nr_removed;
	int64_t run;		/* this run's number: the last one + 1 */
	char *old_path;		/* the database to take TUs from; NULL: none */
	char why_full[256];	/* why an existing database was not used */
	char build[17];		/* this build of kcg (meta build) */
	/*
	 * meta hashed_since to write (0: none): nanoseconds since the
	 * epoch before which every hash of the index's includes was taken
	 * (this run's start, less PLAN_CLOCK_SLACK, or the database's it
	 * builds on).  A file whose ctime and mtime are older cannot have
	 * changed since its hash was taken: the next plan does not read it.
	 */
	int64_t hashed_since;
	size_t nr_hashed, nr_files;	/* files read by the old TUs: hashed
					   again, and in all */

	/* internal */
	const struct compdb *compdb;
	struct previous *old;	/* db/previous.h */
	struct plan_old_tu *old_tus;	/* sorted by id */
	int64_t old_hashed_since;	/* its meta hashed_since; 0: none */
	size_t nr_old_tus;
	struct plan_claim *claims;	/* load_claims() in plan.c */
	size_t nr_claims, alloc_claims;
	int beaten_read;
};

int plan_make(struct plan *p, const struct plan_options *o,
	      struct kcg_error *err);
void plan_release(struct plan *p);

/* The value of meta key in old_path (*out a new string; NULL if none). */
int plan_old_meta(const struct plan *p, const char *key, char **out,
		  struct kcg_error *err);

/* How many TUs of old_path parsed cleanly, with errors, not at all. */
void plan_old_status(const struct plan *p, int64_t *ok, int64_t *errors,
		     int64_t *failed);

/* The TUs to parse first, by compdb index (a new array). */
size_t plan_first(const struct plan *p, size_t **out);

/*
 * Whether a TU taken as it is walked the definition of key: 1 and *rank
 * as claim_hold() ranks it (ranks: of extract_shared), 0 if none did, -1
 * on error.  The extractor asks it the first time it meets a key, instead
 * of the plan loading every claim of the index.
 */
int plan_claim_held(const struct plan *p, const uint32_t *ranks,
		    const char *key, int64_t *rank, struct kcg_error *err);

/*
 * After the TUs planned so far were parsed (they claimed `claimed` and
 * read the files in `read`): the TUs to parse next so that no body goes
 * without a walker, by compdb index (*out a new array, *nr_out 0 when
 * there are none).
 */
int plan_orphans(struct plan *p, const struct strmap *claimed,
		 const struct strmap *read, size_t **out, size_t *nr_out,
		 struct kcg_error *err);

/*
 * The ids in old_path of the TUs among cmds (by compdb index), and of
 * those that left the index when with_removed (a new array).
 */
size_t plan_old_ids(const struct plan *p, const size_t *cmds, size_t nr,
		    int with_removed, int64_t **out);

#endif
