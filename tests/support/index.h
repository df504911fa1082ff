/*
 * Indexing a test input with the library: the compile database in dir
 * (dir/compile_commands.json) into db_path, paths relative to dir.
 */
#ifndef KCG_TEST_INDEX_H
#define KCG_TEST_INDEX_H

#include "index/indexer.h"

#include <sqlite3.h>
#include <stdint.h>

/*
 * Index dir into db_path with jobs workers and fill *result (release it
 * with index_result_release).  Returns 0, or -1 with the message printed.
 */
int index_for_test(const char *dir, const char *db_path, int jobs,
		   struct index_result *result);

/*
 * Index dir into db_path (2 workers) and open the database read-only:
 * the connection, or NULL with the message printed.
 */
sqlite3 *open_index_for_test(const char *dir, const char *db_path);

/* The id of the one function spec names in db, or 0 if none or several. */
uint32_t function_id(sqlite3 *db, const char *spec);

#endif
