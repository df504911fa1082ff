/*
 * A call graph made by hand for a test: see graph_db.h.
 */
#include "graph_db.h"

#include "db/db.h"

#include <stdio.h>

int graph_db_open(const char *fill_sql, unsigned dirs, sqlite3 **db,
		  struct graph *g)
{
	struct kcg_error err;

	if (sqlite3_open(":memory:", db) != SQLITE_OK) {
		fprintf(stderr, "cannot open a database in memory\n");
		return -1;
	}
	if (db_create_schema(*db, &err) || db_exec(*db, fill_sql, &err) ||
	    graph_store(*db, NULL, &err) || graph_load(*db, dirs, g, &err)) {
		fprintf(stderr, "graph_db_open: %s\n", err.msg);
		return -1;
	}
	return 0;
}
