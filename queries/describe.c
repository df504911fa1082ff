/*
 * Turning search results into rows: see describe.h.  One prepared
 * statement reads everything about an edge by its id.  Its count of
 * sites goes through the caller's edges (`+` keeps SQLite off the callee
 * index, which for kfree holds thousands of rows).  Diagrams label some
 * edges with more: the hook points of a netfilter_hook edge's callee and
 * the call that made a registration.
 */
#include "describe.h"

#include "db/db.h"
#include "names.h"
#include "util/alloc.h"

#include <string.h>

static const char edge_sql[] =
	"SELECT caller.name, cf.path, callee.name, gf.path, e.kind, sf.path, "
	"  e.line, " DESCRIBE_THROUGH_SQL("e.call_id") ", "
	"  via.name, rf.path, e.reg_line, "
	"  (SELECT count(*) FROM edge e2 WHERE e2.caller_id = e.caller_id "
	"     AND +e2.callee_id = e.callee_id AND e2.kind = e.kind), "
	"  callee.line, caller.line "
	"FROM edge e "
	"JOIN functions caller ON caller.id = e.caller_id "
	"LEFT JOIN files cf ON cf.id = caller.file_id "
	"JOIN functions callee ON callee.id = e.callee_id "
	"LEFT JOIN files gf ON gf.id = callee.file_id "
	"LEFT JOIN files sf ON sf.id = e.file_id "
	"LEFT JOIN files rf ON rf.id = e.reg_file_id "
	"LEFT JOIN functions via ON via.id = e.via_id "
	"WHERE e.id = ?1";

enum {
	E_CALLER, E_CALLER_FILE, E_CALLEE, E_CALLEE_FILE, E_KIND, E_SITE_FILE,
	E_SITE_LINE, E_THROUGH, E_VIA, E_REG_FILE, E_REG_LINE, E_SITES,
	E_CALLEE_LINE, E_CALLER_LINE
};

static int read_edge(sqlite3_stmt *st, uint32_t edge_id,
		     struct kcg_error *err)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, edge_id);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		return 0;
	case SQLITE_DONE:
		return kcg_error_set(err, "edge %u is not in the database: "
				     "index again", (unsigned)edge_id);
	default:
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(sqlite3_db_handle(st)));
	}
}

/* Copy columns of the edge row into cells. */
static void copy_cols(struct cell *row, sqlite3_stmt *st, const int *cols,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cell_set_column(&row[i], st, cols[i]);
}

static const char *const path_cols[] = {
	"path", "hop", "caller", "caller_file", "callee", "callee_file",
	"kind", "site_file", "site_line", "through", "via", "reg_file",
	"reg_line", "sites", "fanout",
};

int describe_paths(sqlite3 *db, const struct path_list *paths,
		   struct result *out, struct kcg_error *err)
{
	static const int cols[] = {
		E_CALLER, E_CALLER_FILE, E_CALLEE, E_CALLEE_FILE, E_KIND,
		E_SITE_FILE, E_SITE_LINE, E_THROUGH, E_VIA, E_REG_FILE,
		E_REG_LINE, E_SITES,
	};
	sqlite3_stmt *st;
	size_t p, h;
	int rc = 0;

	result_init(out, "paths", path_cols,
		    sizeof(path_cols) / sizeof(path_cols[0]));
	if (db_prepare(db, edge_sql, &st, err))
		return -1;
	for (p = 0; p < paths->nr && !rc; p++) {
		const struct path *path = &paths->items[p];

		for (h = 0; h < path->hops && !rc; h++) {
			struct cell *row;

			rc = read_edge(st, path->edge_ids[h], err);
			if (rc)
				break;
			row = result_add_row(out);
			cell_set_int(&row[0], (int64_t)p + 1);
			cell_set_int(&row[1], (int64_t)h + 1);
			copy_cols(row + 2, st, cols,
				  sizeof(cols) / sizeof(cols[0]));
			cell_set_int(&row[14], path->fanouts ?
						       path->fanouts[h] : 1);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static const char *const tree_cols[] = {
	"depth", "function", "file", "line", "kind", "site_file",
	"site_line", "through", "via", "reg_file", "reg_line", "sites",
	"repeated",
};

static void tree_root(struct cell *row, const struct fn_ref *f)
{
	cell_set_int(&row[0], 0);
	cell_set_text(&row[1], f->name);
	cell_set_text(&row[2], f->file);
	cell_set_int(&row[3], f->line);
	cell_set_int(&row[12], 0);
}

int describe_tree(sqlite3 *db, const struct tree *t, int callers,
		  struct result *out, struct kcg_error *err)
{
	static const int callee_cols[] = {
		E_CALLEE, E_CALLEE_FILE, E_CALLEE_LINE,
		E_KIND, E_SITE_FILE, E_SITE_LINE, E_THROUGH, E_VIA,
		E_REG_FILE, E_REG_LINE, E_SITES,
	};
	static const int caller_cols[] = {
		E_CALLER, E_CALLER_FILE, E_CALLER_LINE,
		E_KIND, E_SITE_FILE, E_SITE_LINE, E_THROUGH, E_VIA,
		E_REG_FILE, E_REG_LINE, E_SITES,
	};
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	result_init(out, "tree", tree_cols,
		    sizeof(tree_cols) / sizeof(tree_cols[0]));
	if (db_prepare(db, edge_sql, &st, err))
		return -1;
	for (i = 0; i < t->nr && !rc; i++) {
		const struct tree_row *tr = &t->rows[i];
		struct cell *row;

		if (tr->depth == 0) {
			struct fn_ref f;

			rc = fn_ref_get(db, tr->node, &f, err);
			if (!rc)
				tree_root(result_add_row(out), &f);
			fn_ref_release(&f);
			continue;
		}
		rc = read_edge(st, tr->edge_id, err);
		if (rc)
			break;
		row = result_add_row(out);
		cell_set_int(&row[0], tr->depth);
		copy_cols(row + 1, st, callers ? caller_cols : callee_cols,
			  sizeof(callee_cols) / sizeof(callee_cols[0]));
		cell_set_int(&row[12], tr->repeated);
	}
	sqlite3_finalize(st);
	return rc;
}

int describe_hook_points(sqlite3 *db, int64_t fn, char **out,
			 struct kcg_error *err)
{
	static const char sql[] =
		"SELECT group_concat(h, ', ') FROM (SELECT DISTINCT "
		"  coalesce(hooknum_name, 'hook ' || hooknum) AS h "
		"  FROM hooks WHERE function_id = ?1 AND h IS NOT NULL)";
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (db_prepare(db, sql, &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, fn);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot read the hooks of "
				     "function %lld: %s", (long long)fn,
				     sqlite3_errmsg(db));
	return 0;
}

int describe_registering_call(sqlite3 *db, uint32_t edge_id, char **out,
			      struct kcg_error *err)
{
	static const char sql[] =
		"SELECT f.name || '()' FROM edge e "
		"JOIN calls c ON c.caller_id = e.caller_id "
		"  AND c.file_id = e.file_id AND c.line = e.line "
		"  AND c.col = e.col "
		"JOIN functions f ON f.id = c.callee_id WHERE e.id = ?1 "
		"LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, edge_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot read edge %u: %s", edge_id,
				     sqlite3_errmsg(db));
	return 0;
}
