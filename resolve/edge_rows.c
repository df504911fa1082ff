/*
 * Rows of the edge table as pending edges, read and written: see
 * internal.h.  store_edges.c compares what the resolver made with them;
 * inputs.c and moved.c take a TU's edges out and put them back moved.
 */
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

const char *resolve_rule_text(struct rule_texts *rt, const char *text)
{
	int64_t i;

	if (!strmap_get(&rt->index, text, &i)) {
		xgrow(&rt->texts, &rt->alloc, rt->nr + 1, sizeof(*rt->texts));
		rt->texts[rt->nr++] = xstrdup(text);
		i = (int64_t)rt->nr;
		strmap_put(&rt->index, text, i);
	}
	return rt->texts[i - 1];
}

void resolve_rule_texts_release(struct rule_texts *rt)
{
	size_t i;

	for (i = 0; i < rt->nr; i++)
		free(rt->texts[i]);
	free(rt->texts);
	strmap_release(&rt->index);
	memset(rt, 0, sizeof(*rt));
}

int resolve_edges_read(sqlite3 *db, sqlite3_stmt *st, struct rule_texts *rt,
		       struct pending_edge **out, size_t *nr_out,
		       size_t *alloc, struct kcg_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pending_edge *e;

		xgrow(out, alloc, *nr_out + 1, sizeof(**out));
		e = &(*out)[(*nr_out)++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(st, 0);
		e->caller = sqlite3_column_int64(st, 1);
		e->callee = sqlite3_column_int64(st, 2);
		e->kind = (enum edge_kind)edge_kind_code(
			col_text(st, 3) ? col_text(st, 3) : "");
		e->call = sqlite3_column_int64(st, 4);
		e->file = sqlite3_column_int64(st, 5);
		e->line = sqlite3_column_int64(st, 6);
		e->col = sqlite3_column_int64(st, 7);
		e->reg_file = sqlite3_column_int64(st, 8);
		e->has_reg = sqlite3_column_type(st, 9) != SQLITE_NULL;
		e->reg_line = sqlite3_column_int64(st, 9);
		e->via = sqlite3_column_int64(st, 10);
		e->rule = resolve_rule_text(rt, col_text(st, 11) ?
							col_text(st, 11) : "");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : resolve_sql_fail(db, err);
}

static void bind_id(sqlite3_stmt *st, int col, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, col, id);
	else
		sqlite3_bind_null(st, col);
}

int resolve_edge_insert(sqlite3 *db, sqlite3_stmt *st,
			const struct pending_edge *e, struct kcg_error *err)
{
	int rc;

	sqlite3_bind_int64(st, 1, e->caller);
	sqlite3_bind_int64(st, 2, e->callee);
	sqlite3_bind_text(st, 3, edge_kind_name(e->kind), -1,
			  SQLITE_STATIC);
	bind_id(st, 4, e->call);
	bind_id(st, 5, e->file);
	sqlite3_bind_int64(st, 6, e->line);
	sqlite3_bind_int64(st, 7, e->col);
	bind_id(st, 8, e->reg_file);
	if (e->has_reg)
		sqlite3_bind_int64(st, 9, e->reg_line);
	else
		sqlite3_bind_null(st, 9);
	bind_id(st, 10, e->via);
	sqlite3_bind_text(st, 11, e->rule, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : resolve_sql_fail(db, err);
}
