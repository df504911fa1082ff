/*
 * SQL helpers every part of the resolver uses: see sql.h.
 */
#include "sql.h"

int resolve_sql_fail(sqlite3 *db, struct kcg_error *err)
{
	return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(db));
}

int resolve_exec_ids(sqlite3 *db, const char *sql, const int64_t *ids,
		     size_t nr, struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	for (i = 0; i < nr && !rc; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = resolve_sql_fail(db, err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}
