/*
 * Reading the ground-truth TSV files (../shared/truth, samples/expected)
 * in tests: a header line naming the columns, then one row per line.
 */
#ifndef KCG_TEST_TSV_H
#define KCG_TEST_TSV_H

#include <stddef.h>

struct tsv {
	char **columns;		/* header names */
	size_t nr_columns;
	char ***rows;		/* rows[i][j]: column j of row i ("" if absent) */
	size_t nr_rows;
};

/* Read path; returns -1 (and prints why) if it cannot be read. */
int tsv_read(struct tsv *t, const char *path);
void tsv_release(struct tsv *t);

/* The value of column name in row i, or NULL if there is no such column. */
const char *tsv_get(const struct tsv *t, size_t i, const char *name);

#endif
