/*
 * Opening a kcg database and small SQLite helpers.
 */
#include "db.h"

#include "util/alloc.h"
#include "util/trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int db_exec(sqlite3 *db, const char *sql, struct kcg_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		kcg_error_set(err, "database error: %s",
			      msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt,
	       struct kcg_error *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK)
		return kcg_error_set(err, "database error: %s: %s",
				     sqlite3_errmsg(db), sql);
	return 0;
}

int db_has_table(sqlite3 *db, const char *name, int *found,
		 struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (db_prepare(db,
		       "SELECT count(*) FROM sqlite_master "
		       "WHERE type = 'table' AND name = ?1", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*found = sqlite3_column_int(st, 0) > 0;
	else
		kcg_error_set(err, "database error: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int db_meta_read(sqlite3 *db, const char *key, char **out,
		 struct kcg_error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	if (db_prepare(db, "SELECT value FROM meta WHERE key = ?", &stmt, err))
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		*out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return kcg_error_set(err, "cannot read meta '%s': %s", key,
			     sqlite3_errmsg(db));
}

int db_meta_write(sqlite3 *db, const char *key, const char *value,
		  struct kcg_error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(db, "INSERT OR REPLACE INTO meta(key, value) "
			   "VALUES (?, ?)", &stmt, err))
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	return kcg_error_set(err, "cannot write meta '%s': %s", key,
			     sqlite3_errmsg(db));
}

char *db_meta_get(sqlite3 *db, const char *key)
{
	struct kcg_error err;
	char *value;

	if (db_meta_read(db, key, &value, &err))
		return NULL;
	return value;
}

static int trace_slow_statement(unsigned what, void *limit_ns, void *stmt,
				void *elapsed_ns)
{
	char *sql;

	if (what != SQLITE_TRACE_PROFILE ||
	    *(const sqlite3_int64 *)elapsed_ns < *(const sqlite3_int64 *)limit_ns)
		return 0;
	sql = sqlite3_expanded_sql(stmt);
	trace_note("sql %8.3f s  %.300s",
		   (double)*(const sqlite3_int64 *)elapsed_ns / 1e9,
		   sql ? sql : sqlite3_sql(stmt));
	sqlite3_free(sql);
	return 0;
}

void db_trace_slow(sqlite3 *db)
{
	/* -2 not read yet, -1 off */
	static sqlite3_int64 limit_ns = -2;

	if (!trace_enabled())
		return;	/* the notes would go nowhere: no timing either */
	if (limit_ns == -2) {
		const char *v = getenv("KCG_TRACE_SQL");
		double ms = v && *v ? atof(v) : -1;

		limit_ns = ms >= 0 ? (sqlite3_int64)(ms * 1e6) : -1;
	}
	if (limit_ns >= 0)
		sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, trace_slow_statement,
				 &limit_ns);
}

int db_open_read(const char *path, sqlite3 **out, struct kcg_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	struct stat st;
	int version = -1, has_meta = 0, step = SQLITE_ERROR;

	*out = NULL;
	if (stat(path, &st))
		return kcg_error_errno(err, "cannot open database '%s'", path);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		kcg_error_set(err, "cannot open database '%s': %s", path,
			      sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	db_trace_slow(db);
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		kcg_error_set(err, "'%s' is not a kcg database: %s", path,
			      sqlite3_errmsg(db));
		goto fail;
	}
	version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT 1 FROM sqlite_master WHERE name = 'meta'",
			       -1, &stmt, NULL) == SQLITE_OK)
		step = sqlite3_step(stmt);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		kcg_error_set(err, "cannot read '%s': %s", path,
			      sqlite3_errmsg(db));
		goto fail;
	}
	has_meta = step == SQLITE_ROW;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (!has_meta) {
		kcg_error_set(err, "'%s' is not a kcg database", path);
		goto fail;
	}
	if (version > KCG_SCHEMA_VERSION) {
		kcg_error_set(err,
			      "'%s' has schema version %d, newer than this kcg "
			      "reads (%d): upgrade kcg",
			      path, version, KCG_SCHEMA_VERSION);
		goto fail;
	}
	if (version < KCG_SCHEMA_VERSION) {
		kcg_error_set(err,
			      "'%s' has schema version %d, older than this kcg "
			      "reads (%d): index again",
			      path, version, KCG_SCHEMA_VERSION);
		goto fail;
	}
	*out = db;
	return 0;
fail:
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return -1;
}
