/*
 * The kcg database: schema, opening, small helpers.
 *
 * The schema is documented in docs/schema.md and versioned with
 * PRAGMA user_version; a database written by a newer kcg is refused with a
 * message rather than misread.
 */
#ifndef KCG_DB_H
#define KCG_DB_H

#include "util/error.h"

#include <sqlite3.h>

#define KCG_SCHEMA_VERSION 14

/*
 * A hash of each caller's resolved edges (resolve/store_edges.c): the
 * table came after schema 7 without changing what it means, so an update
 * adds it to a database that lacks it (IF NOT EXISTS).  A NULL digest:
 * some of the caller's edges went since it was taken.
 */
#define EDGE_DIGESTS_SQL \
	"CREATE TABLE IF NOT EXISTS edge_digests( -- resolved edges, hashed\n" \
	"  caller_id INTEGER PRIMARY KEY REFERENCES functions,\n" \
	"  digest INTEGER);\n"

/*
 * meta key of the last resolution's counts (resolve/resolve.c): an update
 * keeps it for the resolver, which reports it again when it only moves
 * the edges (resolve/moved.c); a merge resolves and writes its own.
 */
#define META_RESOLVE_COUNTS "resolve_counts"

/*
 * With KCG_TRACE=1 and KCG_TRACE_SQL=MS in the environment, each statement
 * of db that takes MS milliseconds or more is noted on stderr with its
 * time and text (a developer's tool for finding a bad query plan); 0
 * notes every statement.  SQLite times them to the millisecond.
 */
void db_trace_slow(sqlite3 *db);

/* Create every table and view of the current schema in an empty db. */
int db_create_schema(sqlite3 *db, struct kcg_error *err);

/* Create the indexes of the facts (after the bulk load: faster than
 * maintaining them), and of the edges once they are all in. */
int db_create_indexes(sqlite3 *db, struct kcg_error *err);
int db_create_edge_indexes(sqlite3 *db, struct kcg_error *err);

/*
 * Open an existing database read-only and check its schema version.
 * Messages name the file: missing, not a kcg database, too new, too old.
 */
int db_open_read(const char *path, sqlite3 **out, struct kcg_error *err);

/* Run SQL with no result rows; message includes sqlite's. */
int db_exec(sqlite3 *db, const char *sql, struct kcg_error *err);

/* Prepare a statement; message includes sqlite's. */
int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt,
	       struct kcg_error *err);

/* Does db have table `name` (*found)?  -1 on a database error. */
int db_has_table(sqlite3 *db, const char *name, int *found,
		 struct kcg_error *err);

/* Read meta(key) into *out: a new string, or NULL when there is none. */
int db_meta_read(sqlite3 *db, const char *key, char **out,
		 struct kcg_error *err);

/* Set meta(key) to value, replacing what is there. */
int db_meta_write(sqlite3 *db, const char *key, const char *value,
		  struct kcg_error *err);

/* Read meta(key); a new string, or NULL when there is none or it
 * cannot be read. */
char *db_meta_get(sqlite3 *db, const char *key);

#endif
