/*
 * A call graph made by hand for a test: an in-memory database with the
 * schema, the rows a test writes in SQL, its compact graph stored and
 * loaded back as a path query reads it.
 */
#ifndef KCG_TEST_GRAPH_DB_H
#define KCG_TEST_GRAPH_DB_H

#include "queries/graph.h"

#include <sqlite3.h>

/*
 * Open *db in memory, fill it with fill_sql, store its csr and load the
 * directions dirs into g.  0, or -1 with the reason on stderr.
 */
int graph_db_open(const char *fill_sql, unsigned dirs, sqlite3 **db,
		  struct graph *g);

#endif
