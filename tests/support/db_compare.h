/*
 * Comparing two kcg databases by what they say, not by row ids: the
 * edges view, functions, calls, indirect calls, flows, hooks,
 * initializer constants and enumerators, with every id replaced by the
 * key, path or call site it stands for.  A database merged from shards or
 * updated incrementally must compare equal to one indexed in one go.
 */
#ifndef KCG_TEST_DB_COMPARE_H
#define KCG_TEST_DB_COMPARE_H

#include "util/strbuf.h"

/*
 * 0 if the databases at a and b hold the same; 1 if not, with the first
 * differences (table, and rows only in a or only in b) in *report; -1 if
 * one cannot be read (why in *report).
 */
int db_compare(const char *a, const char *b, struct strbuf *report);

#endif
