/*
 * Writing an index: fact batches in (from the extractor's workers), into
 * a new database, into a copy of the previous one (an incremental index,
 * update.c) or with facts copied from other databases (`kcg merge` joins
 * partial ones), a complete database out.
 *
 * The database is built in a temporary file beside its final path and
 * renamed into place by store_commit(), so an interrupted index leaves the
 * previous database untouched and readers never see a half-written one.
 * One thread writes.
 */
#ifndef KCG_STORE_H
#define KCG_STORE_H

#include "extractor/facts.h"
#include "util/error.h"

#include <signal.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct store_counts {
	int64_t tus, tus_ok, tus_errors, tus_failed;
	int64_t tus_parsed;		/* by this run; the others were reused */
	int64_t functions, defined, calls, direct, macro, indirect, flows,
		edges;
};

/* Start a new database that will replace (or create) final_path. */
int store_open(struct store **out, const char *final_path,
	       struct kcg_error *err);

/*
 * update.c: start a new database that will replace final_path as a copy
 * of the database at old_path, to be changed in place: store_drop_tus()
 * the TUs to parse again or leave out, then store their batches.
 */
int store_open_update(struct store **out, const char *final_path,
		      const char *old_path, struct kcg_error *err);

/* Delete the facts of the TUs with these ids (of the database copied by
 * store_open_update()); the bodies they walked become undefined. */
int store_drop_tus(struct store *s, const int64_t *tus, size_t nr_tus,
		   struct kcg_error *err);

/* The number of this index run, recorded in tus.run of its batches. */
void store_set_run(struct store *s, int64_t run);

/* A flag set by a signal handler: store_prepare() and store_commit()
 * then give up rather
 * than put the database in place. */
void store_set_interrupt(struct store *s, volatile sig_atomic_t *flag);

int store_set_meta(struct store *s, const char *key, const char *value,
		   struct kcg_error *err);

/* Store one TU's facts.  Not after store_merge(). */
int store_add_batch(struct store *s, const struct fact_batch *b,
		    struct kcg_error *err);

struct merge_stats {
	int64_t tus;		/* TUs copied */
	int64_t duplicates;	/* TUs left out: their file is indexed already */
	int64_t claims_dropped;	/* bodies left out: another part's
				   definition of the key beats them */
};

/*
 * merge.c: copy the facts of the TUs of the database at path into s.
 * Files, functions
 * and globals are matched by path and key; a TU whose file s holds
 * already is left out, and so is any definition s has a walk of (the
 * first database merged keeps its copy of a header inline), with the
 * calls and flows in it.  A function whose body is left out with its TU
 * goes back to how the other TUs declare it.
 */
int store_merge(struct store *s, const char *path, struct merge_stats *stats,
		struct kcg_error *err);

/*
 * merge_meta.c: the meta of a database merged from the databases at
 * parts: the first's (store_merge() checks that the others were indexed
 * in the same tree by the same kcg), less its shard, with `created` and
 * the latest run number of all.
 */
int store_merge_meta(struct store *s, char *const *parts, int nr_parts,
		     const char *created, struct kcg_error *err);

/*
 * finish.c, once every fact is in: drop the functions and globals no fact
 * refers to any more, index the facts, take the counts and turn the
 * direct and macro calls into edges.  Then the stages above db/ add their
 * edges and tables through store_db(), store_index_edges() indexes the
 * edges, and store_commit() puts the database in place.  After a failure
 * of store_prepare() or store_index_edges(), store_abort().
 */
int store_prepare(struct store *s, struct kcg_error *err);

/* The connection being written, inside its transaction: for the stages
 * between store_prepare() and store_commit(). */
sqlite3 *store_db(struct store *s);

int store_index_edges(struct store *s, struct kcg_error *err);

/*
 * Commit and rename the database into place; *counts (may be NULL) gets
 * the counts store_prepare() took.  The store is freed whatever the
 * outcome.
 */
int store_commit(struct store *s, struct store_counts *counts,
		 struct kcg_error *err);

/* Give up: remove the temporary database and free the store. */
void store_abort(struct store *s);

/*
 * Remove the temporary databases that runs killed before they ended
 * (SIGKILL, a crash) left beside final_path; those of runs still going
 * stay.  Opening a store does it; so does a run that finds final_path up
 * to date and opens none.
 */
void store_remove_stale(const char *final_path);

/*
 * The temporary path of a file that belongs with the database and is
 * written beside it (final_path and suffix once committed): store_commit()
 * renames it into place just before the database, so that a reader never
 * sees it with the database it replaces for longer than between two
 * renames (a file that must match its database carries a stamp the
 * database holds too), or removes the old one when none was written.
 * Removed with the temporary database on failure.  One per store.
 */
const char *store_companion_path(struct store *s, const char *suffix);

/* The path the database is committed to. */
const char *store_final_path(const struct store *s);

/*
 * update.c: the meta csr_stamp of the database an update copied (the
 * stamp of its graph file, still beside store_final_path()), or NULL;
 * and the table, column id, of every function whose edges the update
 * inserted or deleted (triggers fill it): the graph can be patched.
 */
const char *store_previous_csr_stamp(const struct store *s);
#define STORE_EDGES_TOUCHED "temp.edges_touched"

/*
 * The TUs this run stored (tus.run), a new array in *ids; and how many
 * bodies stored before a definition this run stored took their key over
 * (their facts go in store_prepare(): from a TU kept as it was, they go
 * without it being parsed again).
 */
int store_run_tus(struct store *s, int64_t **ids, size_t *nr,
		  struct kcg_error *err);
size_t store_bodies_taken_over(const struct store *s);

/* The temporary path being written (for a signal handler to remove). */
const char *store_temp_path(const struct store *s);

#endif
