/*
 * Query results as data: a named table of typed cells (text, integer or
 * NULL), one per column per row.
 *
 * Every query of queries/ fills one or more of these and prints nothing;
 * cli/ renders them as aligned text, TSV or JSON.  A result owns its column
 * names and cell strings; result_release() frees them.
 */
#ifndef KCG_RESULT_H
#define KCG_RESULT_H

#include "util/error.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

enum cell_type { CELL_NULL, CELL_INT, CELL_TEXT };

struct cell {
	enum cell_type type;
	int64_t i;
	char *s;		/* CELL_TEXT: owned */
};

struct result {
	char *name;		/* the table's name in JSON output */
	char **cols;
	size_t nr_cols;
	struct cell *cells;	/* row r, column c: cells[r * nr_cols + c] */
	size_t nr_rows, alloc_rows;
};

/* A table with the given columns and no rows. */
void result_init(struct result *r, const char *name,
		 const char *const *cols, size_t nr_cols);
/* A table with the columns of a prepared statement's result. */
void result_init_stmt(struct result *r, const char *name, sqlite3_stmt *st);
void result_release(struct result *r);

/* Append a row of NULL cells; returns its first cell. */
struct cell *result_add_row(struct result *r);
/* Step st to the end, appending each row (columns in order). */
int result_add_stmt_rows(struct result *r, sqlite3_stmt *st,
			 struct kcg_error *err);

void cell_set_text(struct cell *c, const char *s);	/* NULL: NULL */
void cell_set_int(struct cell *c, int64_t v);
void cell_set_column(struct cell *c, sqlite3_stmt *st, int col);
/* Set dst to a copy of src. */
void cell_copy(struct cell *dst, const struct cell *src);

/*
 * Sort the rows by the columns named in by, in order (NULL first, then
 * integers, then text; a name the table lacks is ignored); stable only
 * where the keys differ.
 */
void result_sort(struct result *r, const char *const *by, size_t nr_by);

/* Column index by name, or -1. */
int result_col(const struct result *r, const char *name);
/* Cell of row `row` in column `name` (NULL if no such column). */
const struct cell *result_get(const struct result *r, size_t row,
			      const char *name);
/* The integer in row `row`, column `name`; 0 unless it holds one. */
int64_t result_int(const struct result *r, size_t row, const char *name);
/* The text in row `row`, column `name`; NULL unless it holds text. */
const char *result_str(const struct result *r, size_t row, const char *name);
/* The cell as text (integers formatted into buf), or NULL for NULL. */
const char *cell_text(const struct cell *c, char *buf, size_t size);

#endif
