/*
 * Query results as data: see result.h.
 */
#define _GNU_SOURCE	/* qsort_r */
#include "result.h"

#include "util/alloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void result_init(struct result *r, const char *name,
		 const char *const *cols, size_t nr_cols)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->nr_cols = nr_cols;
	r->cols = xcalloc(nr_cols ? nr_cols : 1, sizeof(*r->cols));
	for (i = 0; i < nr_cols; i++)
		r->cols[i] = xstrdup(cols[i]);
}

void result_init_stmt(struct result *r, const char *name, sqlite3_stmt *st)
{
	int i, n = sqlite3_column_count(st);

	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->nr_cols = (size_t)n;
	r->cols = xcalloc(n ? (size_t)n : 1, sizeof(*r->cols));
	for (i = 0; i < n; i++) {
		const char *col = sqlite3_column_name(st, i);

		r->cols[i] = xstrdup(col ? col : "?");
	}
}

void result_release(struct result *r)
{
	size_t i;

	for (i = 0; i < r->nr_rows * r->nr_cols; i++)
		free(r->cells[i].s);
	for (i = 0; i < r->nr_cols; i++)
		free(r->cols[i]);
	free(r->cells);
	free(r->cols);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

struct cell *result_add_row(struct result *r)
{
	struct cell *row;
	size_t old = r->alloc_rows;

	if (r->nr_rows == r->alloc_rows) {
		xgrow(&r->cells, &r->alloc_rows, r->nr_rows + 1,
		      (r->nr_cols ? r->nr_cols : 1) * sizeof(*r->cells));
		memset(r->cells + old * r->nr_cols, 0,
		       (r->alloc_rows - old) * r->nr_cols * sizeof(*r->cells));
	}
	row = r->cells + r->nr_rows * r->nr_cols;
	r->nr_rows++;
	return row;
}

void cell_set_text(struct cell *c, const char *s)
{
	free(c->s);
	c->s = NULL;
	c->type = s ? CELL_TEXT : CELL_NULL;
	if (s)
		c->s = xstrdup(s);
}

void cell_set_int(struct cell *c, int64_t v)
{
	free(c->s);
	c->s = NULL;
	c->type = CELL_INT;
	c->i = v;
}

void cell_copy(struct cell *dst, const struct cell *src)
{
	if (src->type == CELL_INT)
		cell_set_int(dst, src->i);
	else
		cell_set_text(dst, src->type == CELL_TEXT ? src->s : NULL);
}

void cell_set_column(struct cell *c, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		cell_set_text(c, NULL);
		break;
	case SQLITE_INTEGER:
		cell_set_int(c, sqlite3_column_int64(st, col));
		break;
	case SQLITE_BLOB: {
		char buf[64];

		snprintf(buf, sizeof(buf), "<blob of %d bytes>",
			 sqlite3_column_bytes(st, col));
		cell_set_text(c, buf);
		break;
	}
	default:
		cell_set_text(c, (const char *)sqlite3_column_text(st, col));
		break;
	}
}

int result_add_stmt_rows(struct result *r, sqlite3_stmt *st,
			 struct kcg_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cell *row = result_add_row(r);
		size_t i;

		for (i = 0; i < r->nr_cols; i++)
			cell_set_column(&row[i], st, (int)i);
	}
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(sqlite3_db_handle(st)));
	return 0;
}

int result_col(const struct result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nr_cols; i++)
		if (!strcmp(r->cols[i], name))
			return (int)i;
	return -1;
}

const struct cell *result_get(const struct result *r, size_t row,
			      const char *name)
{
	int col = result_col(r, name);

	if (col < 0 || row >= r->nr_rows)
		return NULL;
	return &r->cells[row * r->nr_cols + (size_t)col];
}

int64_t result_int(const struct result *r, size_t row, const char *name)
{
	const struct cell *c = result_get(r, row, name);

	return c && c->type == CELL_INT ? c->i : 0;
}

const char *result_str(const struct result *r, size_t row, const char *name)
{
	const struct cell *c = result_get(r, row, name);

	return c && c->type == CELL_TEXT ? c->s : NULL;
}

const char *cell_text(const struct cell *c, char *buf, size_t size)
{
	if (!c || c->type == CELL_NULL)
		return NULL;
	if (c->type == CELL_TEXT)
		return c->s;
	snprintf(buf, size, "%" PRId64, c->i);
	return buf;
}

static int compare_cells(const struct cell *a, const struct cell *b)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->type == CELL_INT)
		return a->i < b->i ? -1 : a->i > b->i;
	if (a->type == CELL_TEXT)
		return strcmp(a->s, b->s);
	return 0;
}

struct sort_keys {
	const int *cols;
	size_t nr;
};

static int compare_rows(const void *a, const void *b, void *ctx)
{
	const struct sort_keys *k = ctx;
	const struct cell *x = a, *y = b;
	size_t i;
	int c;

	for (i = 0; i < k->nr; i++)
		if ((c = compare_cells(&x[k->cols[i]], &y[k->cols[i]])))
			return c;
	return 0;
}

void result_sort(struct result *r, const char *const *by, size_t nr_by)
{
	int *cols = xcalloc(nr_by ? nr_by : 1, sizeof(*cols));
	struct sort_keys k = { cols, 0 };
	size_t i;

	for (i = 0; i < nr_by; i++)
		if ((cols[k.nr] = result_col(r, by[i])) >= 0)
			k.nr++;
	if (r->nr_rows > 1 && r->nr_cols)
		qsort_r(r->cells, r->nr_rows, r->nr_cols * sizeof(*r->cells),
			compare_rows, &k);
	free(cols);
}
