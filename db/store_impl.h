/*
 * Internal to db/: the state of a database being written, shared by
 * store.c (fact batches in), merge.c (facts copied from other databases)
 * and finish.c (from facts to a finished database).
 */
#ifndef KCG_STORE_IMPL_H
#define KCG_STORE_IMPL_H

#include "store.h"
#include "util/strmap.h"

#include <sqlite3.h>

enum stmt_id {
	ST_FILE,
	ST_FUNCTION,
	ST_FUNCTION_DEFINE,
	ST_FUNCTION_DECL,
	ST_FUNCTION_DECL_GET,
	ST_GLOBAL,
	ST_TU,
	ST_INCLUDE,
	ST_CLAIM,
	ST_CLAIM_HOLDER,
	ST_CLAIM_BEAT,
	ST_BEATEN_DEF,
	ST_DIAG,
	ST_CALL,
	ST_INDIRECT,
	ST_FLOW,
	ST_META,
	ST_CONST,
	ST_ENUMERATOR,
	ST_ENUM_USE,
	ST_GLOBAL_REPORT,
	ST_CALL_ARG,
	ST_GUARD,
	ST_INT_STORE,
	ST_RECEIVER,
	ST_COPY,
	ST_FILE_GET,
	ST_FUNCTION_GET,
	ST_GLOBAL_GET,
	NR_STMTS
};

struct store {
	sqlite3 *db;
	char *final_path;
	char *temp_path;
	char *companion_suffix;		/* store_companion_path(), or NULL */
	char *companion_temp;		/* temp_path and that suffix */
	sqlite3_stmt *stmt[NR_STMTS];
	/* What the tables hold, as far as this run met it: an update reads
	 * a row the first time a batch names it (known_id() in store.c) */
	struct strmap files;		/* path -> id */
	struct strmap functions;	/* key -> id, negated while undefined */
	struct strmap globals;		/* key -> id */
	struct decl_place *decls;	/* function id -> least place
					   declared (declared.c) */
	size_t alloc_decls;
	char **paths;			/* file id -> path, as far as known */
	size_t alloc_paths;
	int64_t *call_ids;		/* batch call index -> calls.id */
	size_t alloc_call_ids;
	int64_t *owners;		/* batch instance -> claims.id */
	size_t alloc_owners;
	int64_t *beaten;		/* claims.id of bodies another
					   definition of the key beat: their
					   facts go before the store is
					   prepared */
	size_t nr_beaten, alloc_beaten;
	size_t taken_over;		/* claims stored before that a
					   definition stored now beat */
	unsigned batches_in_transaction;
	int64_t instances;		/* instance ids handed out so far */
	int64_t run;			/* tus.run of the batches stored */
	int updating;			/* a copy of the previous database
					   updated in place (update.c) */
	int lookup_failed;		/* a read of known_id() failed */
	int64_t first_new_call;		/* updating: calls.id of the first
					   call stored by this run */
	int64_t first_new_function;	/* updating: the first ids of rows */
	int64_t first_new_global;	/* made by this run */
	int64_t previous_calls[3];	/* updating: direct, macro, indirect
					   calls of the database copied */
	int has_previous_calls;
	struct writeback *writeback;	/* updating: the copy being written
					   out meanwhile (update.c) */
	char *previous_csr_stamp;	/* updating: the meta csr_stamp of
					   the database copied, if any */
	int merged;			/* facts were copied in: the maps
					   above no longer cover the tables */
	volatile sig_atomic_t *interrupted;
	struct store_counts counts;
};

/* meta: "DIRECT MACRO INDIRECT", the calls of each kind the database
 * holds, from which an update counts (finish.c) */
#define STORE_CALL_COUNTS "call_counts"

/* update.c: wait for the copy's early write-out, if any (before it is
 * renamed or removed). */
void store_writeback_wait(struct store *s);

/* Remove the temporary database and its companion file. */
void store_unlink_temp(struct store *s);

/* A store for final_path, its temporary path chosen, nothing open. */
struct store *store_new(const char *final_path);

/* Open the temporary database (fresh: create the schema), prepare the
 * statements and begin the first transaction. */
int store_connect(struct store *s, int fresh, struct kcg_error *err);

/* The integer of the first row of sql into *out (0 if none). */
int store_query_int(struct store *s, const char *sql, int64_t *out,
		    struct kcg_error *err);

/* "cannot write TEMP: sqlite's message" */
int store_sql_fail(struct store *s, struct kcg_error *err);
/* Run a statement that returns no rows; reset it and its bindings. */
int store_step(struct store *s, sqlite3_stmt *stmt, struct kcg_error *err);
/* Bind text, or NULL for none; an id, or NULL for 0. */
void store_bind_text(sqlite3_stmt *stmt, int col, const char *text);
void store_bind_id(sqlite3_stmt *stmt, int col, int64_t id);

/*
 * drop.c: delete the facts of the claims listed in temp.u_claims (which
 * is dropped), and the claims; the edges of their calls go with them.
 */
int store_drop_claimed_facts(struct store *s, struct kcg_error *err);

/* The same for the claims in s->beaten (bodies another definition of
 * their key beat). */
int store_drop_beaten(struct store *s, struct kcg_error *err);

/* Create temp.TABLE(id INTEGER PRIMARY KEY) holding ids. */
int store_temp_ids(struct store *s, const char *table, const int64_t *ids,
		   size_t nr, struct kcg_error *err);

/* Finalize the statements and close the connection. */
void store_close_db(struct store *s);

/*
 * declared.c: where functions are declared.  store_remember_path() is
 * told every file this run reads (by id), store_note_decl() every place a
 * TU reports a function declared (the file remembered first), and
 * store_write_decls() writes the least places once all facts are in.
 */
void store_remember_path(struct store *s, int64_t file_id, const char *path);
/* The path of a file this run read, or NULL. */
const char *store_path_read(const struct store *s, int64_t file_id);
/* Places in (path, line, column) order, a place without a file last. */
int store_place_cmp(const char *path_a, unsigned line_a, unsigned col_a,
		    const char *path_b, unsigned line_b, unsigned col_b);
void store_note_decl(struct store *s, int64_t id, int64_t file_id,
		     unsigned line, unsigned col);
int store_write_decls(struct store *s, struct kcg_error *err);
void store_decls_release(struct store *s);

/*
 * global_place.c: where a global is, whichever TUs report it: the least
 * of its reports (global_reports) written once the facts are complete.
 */
int store_write_globals(struct store *s, struct kcg_error *err);

/* Free everything (closing the connection); the files stay. */
void store_free(struct store *s);

#endif
