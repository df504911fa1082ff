/*
 * Moving the resolved edges of TUs whose facts only moved: see
 * resolve_moved() in inputs.h.
 *
 * The facts read before and after are the same text, so the graph the
 * resolver would solve is the same, up to the ids of the TUs' calls and
 * the places of their calls and flows.  Its edges are the previous ones
 * with those renamed:
 *
 *   - the edges of the TUs' calls (the drop took them) come back with
 *     the new call ids and places;
 *   - edges made at a store of the TUs (registration edges, no call)
 *     move with it;
 *   - any edge or hook whose registration line is in the TUs' files
 *     follows that line.
 *
 * Places map from old to new by the order of the facts.  The map must be
 * a function, one to one and in the same order within a file (the
 * signature rule names the first place a function's address is taken),
 * and no TU kept as it was may read a file whose lines moved (its facts
 * there would not move).  Otherwise nothing is written and the caller
 * resolves the whole graph.
 */
#include "inputs_impl.h"
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"
#include "util/ptrmap.h"
#include "util/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An old place and the new one. */
struct move {
	struct input_place from, to;
};

struct moves {
	struct move *v;		/* sorted by from, each from once */
	size_t nr;
	struct ptrmap calls;	/* old call id -> new call id */
};

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_place(const struct input_place *a,
		     const struct input_place *b)
{
	int c;

	if ((c = cmp_i64(a->file, b->file)) || (c = cmp_i64(a->line, b->line)))
		return c;
	return cmp_i64(a->col, b->col);
}

static int cmp_move(const void *a, const void *b)
{
	const struct move *x = a, *y = b;
	int c = cmp_place(&x->from, &y->from);

	return c ? c : cmp_place(&x->to, &y->to);
}

/*
 * The places of before and after paired and checked: 0 when they map
 * one to one, in order within each file, line to line.
 */
static int pair_places(const struct resolve_inputs *before,
		       const struct resolve_inputs *after, struct moves *m)
{
	size_t i, n = 0;

	m->v = xcalloc(before->nr_places + 1, sizeof(*m->v));
	for (i = 0; i < before->nr_places; i++) {
		m->v[i].from = before->places[i];
		m->v[i].to = after->places[i];
		if (m->v[i].from.file != m->v[i].to.file)
			return -1;
	}
	qsort(m->v, before->nr_places, sizeof(*m->v), cmp_move);
	for (i = 0; i < before->nr_places; i++) {
		const struct move *x = &m->v[i];
		const struct move *prev = n ? &m->v[n - 1] : NULL;

		if (prev && !cmp_place(&prev->from, &x->from)) {
			if (cmp_place(&prev->to, &x->to))
				return -1;	/* one place, two new ones */
			continue;
		}
		if (prev && prev->from.file == x->from.file &&
		    (cmp_place(&prev->to, &x->to) >= 0 ||
		     (prev->from.line == x->from.line) !=
			     (prev->to.line == x->to.line)))
			return -1;	/* out of order, or a line split */
		m->v[n++] = *x;
	}
	m->nr = n;
	return 0;
}

/* The new place of file:line:col (itself if it did not move). */
static struct input_place moved_place(const struct moves *m, int64_t file,
				      int64_t line, int64_t col)
{
	struct input_place at = { file, line, col };
	size_t lo = 0, hi = m->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_place(&m->v[mid].from, &at);

		if (!c)
			return m->v[mid].to;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return at;
}

/* The new line of file:line (itself if no fact on it moved). */
static int64_t moved_line(const struct moves *m, int64_t file, int64_t line)
{
	size_t lo = 0, hi = m->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct input_place *p = &m->v[mid].from;

		if (p->file == file && p->line == line)
			return m->v[mid].to.line;
		if (p->file < file || (p->file == file && p->line < line))
			lo = mid + 1;
		else
			hi = mid;
	}
	return line;
}

/* 1 if a TU not among after's reads a file whose places moved. */
static int read_elsewhere(sqlite3 *db, const struct moves *m,
			  struct kcg_error *err)
{
	sqlite3_stmt *st;
	int64_t last = -1;
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM includes WHERE file_id = ?"
				   " AND tu_id NOT IN (SELECT id FROM"
				   " temp.rm_tus) LIMIT 1", -1, &st, NULL) !=
	    SQLITE_OK)
		return resolve_sql_fail(db, err);
	for (i = 0; i < m->nr && !rc; i++) {
		const struct move *x = &m->v[i];

		if (!cmp_place(&x->from, &x->to) || x->from.file == last)
			continue;
		last = x->from.file;
		sqlite3_bind_int64(st, 1, last);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 :
		     resolve_sql_fail(db, err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Rows of sql (id, file, line[, col]) whose place moved, rewritten by
 * update (bound: new line[, new col], id). */
static int move_rows(sqlite3 *db, const struct moves *m, const char *sql,
		     const char *update, int with_col, struct kcg_error *err)
{
	struct row {
		int64_t id, line, col;
	} *rows = NULL;
	size_t nr = 0, alloc = 0, i;
	sqlite3_stmt *st, *up = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t file = sqlite3_column_int64(st, 1);
		int64_t line = sqlite3_column_int64(st, 2);
		int64_t col = with_col ? sqlite3_column_int64(st, 3) : 0;
		struct input_place to;

		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		if (with_col) {
			to = moved_place(m, file, line, col);
		} else {
			to.line = moved_line(m, file, line);
			to.col = 0;
		}
		if (to.line == line && to.col == col)
			continue;
		xgrow(&rows, &alloc, nr + 1, sizeof(*rows));
		rows[nr].id = sqlite3_column_int64(st, 0);
		rows[nr].line = to.line;
		rows[nr++].col = to.col;
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? 0 : resolve_sql_fail(db, err);
	if (!rc && nr &&
	    sqlite3_prepare_v2(db, update, -1, &up, NULL) != SQLITE_OK)
		rc = resolve_sql_fail(db, err);
	for (i = 0; i < nr && !rc; i++) {
		sqlite3_bind_int64(up, 1, rows[i].line);
		if (with_col)
			sqlite3_bind_int64(up, 2, rows[i].col);
		sqlite3_bind_int64(up, with_col ? 3 : 2, rows[i].id);
		if (sqlite3_step(up) != SQLITE_DONE)
			rc = resolve_sql_fail(db, err);
		sqlite3_reset(up);
	}
	sqlite3_finalize(up);
	free(rows);
	return rc;
}

/* The edges of the TUs' calls, dropped with them, back at the new calls. */
static int insert_edges(sqlite3 *db, const struct resolve_inputs *before,
			const struct moves *m, struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(db, EDGE_INSERT_SQL, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	for (i = 0; i < before->nr_edges && !rc; i++) {
		struct pending_edge e = before->edges[i];
		struct input_place at = moved_place(m, e.file, e.line, e.col);

		if (!ptrmap_get(&m->calls, (const void *)(uintptr_t)e.call,
				&e.call)) {
			rc = kcg_error_set(err, "resolve: call %lld of an edge "
					   "has no new call",
					   (long long)e.call);
			break;
		}
		e.line = at.line;
		e.col = at.col;
		if (e.has_reg)
			e.reg_line = moved_line(m, e.reg_file, e.reg_line);
		rc = resolve_edge_insert(db, st, &e, err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The dispatch calls of the hook context, at their new ids. */
static int dispatch_calls(sqlite3 *db, const struct moves *m,
			  int64_t **calls, size_t *nr, struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*calls = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(db, "SELECT call_id FROM hook_context_calls "
				   "WHERE role = 'hook'", -1, &st, NULL) !=
	    SQLITE_OK)
		return resolve_sql_fail(db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t call = sqlite3_column_int64(st, 0);

		ptrmap_get(&m->calls, (const void *)(uintptr_t)call, &call);
		xgrow(calls, &alloc, *nr + 1, sizeof(**calls));
		(*calls)[(*nr)++] = call;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : resolve_sql_fail(db, err);
}

/* The counts of the last resolution (meta resolve_counts): 0 if read. */
static int read_counts(sqlite3 *db, struct resolve_stats *stats)
{
	sqlite3_stmt *st;
	const char *text = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = '"
				   META_RESOLVE_COUNTS "'", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		text = (const char *)sqlite3_column_text(st, 0);
	if (text && !resolve_counts_parse(text, stats))
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

static int write_moved(sqlite3 *db, const struct resolve_inputs *before,
		       const struct moves *m, const char *touched,
		       struct kcg_error *err)
{
	int64_t *calls;
	size_t nr;
	int rc;

	/* lines first: the edges inserted below come moved already; the
	 * temp tables lead the joins (small, where edge is not) */
	if (move_rows(db, m, "SELECT e.id, m.file, m.line FROM temp.rm_lines m"
			     " CROSS JOIN edge e ON e.reg_file_id = m.file"
			     " AND e.reg_line = m.line",
		      "UPDATE edge SET reg_line = ? WHERE id = ?", 0, err) ||
	    move_rows(db, m, "SELECT e.id, e.file_id, e.line, e.col"
			     " FROM temp.rm_tus t CROSS JOIN functions f"
			     " ON f.tu_id = t.id CROSS JOIN edge e"
			     " ON e.caller_id = f.id WHERE +e.call_id IS NULL"
			     " AND e.kind NOT IN ('direct', 'macro')",
		      "UPDATE edge SET line = ?, col = ? WHERE id = ?", 1,
		      err) ||
	    move_rows(db, m, "SELECT rowid, file_id, line FROM hooks",
		      "UPDATE hooks SET line = ? WHERE rowid = ?", 0, err) ||
	    move_rows(db, m, "SELECT rowid, reg_file_id, reg_line FROM hooks",
		      "UPDATE hooks SET reg_line = ? WHERE rowid = ?", 0,
		      err) ||
	    insert_edges(db, before, m, err))
		return -1;
	trace_phase("resolve: edges and hooks moved");
	if (dispatch_calls(db, m, &calls, &nr, err))
		return -1;
	/* the functions defined, and their types, are the same: so are the
	 * carriers (the calls to context functions may not be) */
	rc = emit_hook_context(db, calls, nr, 1, err);
	free(calls);
	if (rc || (rc = emit_guard_context(db, err)))
		return rc;
	trace_phase("resolve: hook and guard context");
	return resolve_redigest(db, touched, err);
}

/* temp.rm_tus (after's TUs) and temp.rm_lines (each line that moved). */
static int make_temp(sqlite3 *db, const struct resolve_inputs *after,
		     const struct moves *m, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int64_t last_file = -1, last_line = -1;
	size_t i;
	int rc = 0;

	if (sqlite3_exec(db, "CREATE TEMP TABLE rm_tus(id INTEGER PRIMARY KEY);"
			     "CREATE TEMP TABLE rm_lines(file INTEGER, line "
			     "INTEGER, PRIMARY KEY (file, line));", NULL,
			 NULL, NULL) != SQLITE_OK ||
	    resolve_exec_ids(db, "INSERT OR IGNORE INTO temp.rm_tus VALUES (?)",
		     after->tus, after->nr_tus, err))
		return resolve_sql_fail(db, err);
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO temp.rm_lines "
				   "VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	for (i = 0; i < m->nr && !rc; i++) {
		const struct move *x = &m->v[i];

		if (x->from.line == x->to.line ||
		    (x->from.file == last_file && x->from.line == last_line))
			continue;
		last_file = x->from.file;
		last_line = x->from.line;
		sqlite3_bind_int64(st, 1, last_file);
		sqlite3_bind_int64(st, 2, last_line);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = resolve_sql_fail(db, err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int resolve_moved(sqlite3 *db, const struct resolve_inputs *before,
		  const struct resolve_inputs *after, const char *touched,
		  struct resolve_stats *stats, struct kcg_error *err)
{
	struct moves m;
	size_t i;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	ptrmap_init(&m.calls);
	if (before->text.len != after->text.len ||
	    memcmp(before->text.buf, after->text.buf, before->text.len) ||
	    before->nr_places != after->nr_places ||
	    before->nr_calls != after->nr_calls ||
	    read_counts(db, stats) || pair_places(before, after, &m))
		goto out;
	for (i = 0; i < before->nr_calls; i++)
		ptrmap_put(&m.calls, (const void *)(uintptr_t)before->calls[i],
			   after->calls[i]);
	rc = sqlite3_exec(db, "DROP TABLE IF EXISTS temp.rm_tus;"
			      "DROP TABLE IF EXISTS temp.rm_lines;", NULL,
			  NULL, NULL) != SQLITE_OK ? resolve_sql_fail(db, err) :
	     make_temp(db, after, &m, err);
	if (!rc) {
		int elsewhere = read_elsewhere(db, &m, err);

		rc = elsewhere < 0 ? -1 : elsewhere ? 0 :
		     write_moved(db, before, &m, touched, err) ? -1 : 1;
	}
	if (rc >= 0 && sqlite3_exec(db, "DROP TABLE temp.rm_tus;"
					"DROP TABLE temp.rm_lines;", NULL,
				    NULL, NULL) != SQLITE_OK)
		rc = resolve_sql_fail(db, err);
out:
	free(m.v);
	ptrmap_release(&m.calls);
	return rc;
}
