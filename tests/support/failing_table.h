/*
 * Make reading a table of a test database fail: for a database error in
 * the middle of a scan, which a row loop must report, not take as the end
 * of the rows.
 */
#ifndef KCG_TEST_FAILING_TABLE_H
#define KCG_TEST_FAILING_TABLE_H

#include <sqlite3.h>

/*
 * Replace `table` of db by a view of it whose rows matching the SQL
 * condition `when` fail to read ("malformed JSON"); the other rows read
 * as before.  0 or -1 (with sqlite's message on stderr).
 */
int make_table_fail(sqlite3 *db, const char *table, const char *when);

#endif
