/*
 * SQL helpers every part of the resolver uses.
 */
#ifndef KCG_RESOLVE_SQL_H
#define KCG_RESOLVE_SQL_H

#include "util/error.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Set err to db's last error, prefixed "resolve: "; returns -1. */
int resolve_sql_fail(sqlite3 *db, struct kcg_error *err);

/* Run sql (one parameter) once for each of ids. */
int resolve_exec_ids(sqlite3 *db, const char *sql, const int64_t *ids,
		     size_t nr, struct kcg_error *err);

#endif
