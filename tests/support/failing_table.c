/*
 * A table whose rows fail to read: see failing_table.h.
 */
#include "failing_table.h"

#include <stdio.h>

int make_table_fail(sqlite3 *db, const char *table, const char *when)
{
	char sql[1024];
	char *msg = NULL;

	/* json('{') is an error when it runs: once per row the WHERE
	 * clause looks at, so a scan fails at the first matching row */
	snprintf(sql, sizeof(sql),
		 "ALTER TABLE %s RENAME TO %s_failing;"
		 "CREATE VIEW %s AS SELECT * FROM %s_failing WHERE "
		 "json(CASE WHEN %s THEN '{' ELSE '1' END) IS NOT NULL",
		 table, table, table, table, when);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "cannot make '%s' fail: %s\n", table, msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}
