/*
 * The guard context (docs/resolution.md, "Guarded calls"): the calls a
 * path search may leave out because the constants its caller passed
 * close them, made once per resolution from call_guards and call_args,
 * so that a path query reads two small tables (queries/path_context.c)
 * instead of following parameters passed on through the whole graph.
 *
 * A function's guards matter when a call passes a constant, or a
 * parameter of its caller (not through a narrowing conversion), to a
 * parameter its calls are guarded by, or that it passes on to such a
 * parameter of a function it calls (gc_params, to a fixpoint).  Of
 * those functions (gc_fns): the calls to a callee all of whose calls
 * from it are guarded, with their guards (guard_context_sites), and
 * what all the edges from one caller into one of them pass alike there
 * (guard_context_args).  The path search reads them as they are.
 */
#include "internal.h"
#include "sql.h"

static const char guard_context_sql[] =
	"DELETE FROM guard_context_sites;"
	"DELETE FROM guard_context_args;"
	"CREATE TEMP TABLE gc_params AS"
	" WITH RECURSIVE gp(fn, param) AS (SELECT c.caller_id, g.param_index"
	"  FROM call_guards g CROSS JOIN calls c ON c.id = g.call_id"
	"  WHERE g.param_index < 32"
	"  UNION SELECT c.caller_id, a.param_index FROM gp"
	"  CROSS JOIN calls c ON c.callee_id = gp.fn"
	"  CROSS JOIN call_args a ON a.call_id = c.id AND a.arg_index = gp.param"
	"  WHERE a.param_index < 32 AND NOT a.narrows)"
	" SELECT fn, param FROM gp;"
	"CREATE INDEX temp.gc_params_fn ON gc_params(fn, param);"
	"CREATE TEMP TABLE gc_fns AS SELECT DISTINCT p.fn FROM call_args a"
	" CROSS JOIN calls c ON c.id = a.call_id"
	" CROSS JOIN temp.gc_params p ON p.fn = c.callee_id"
	" AND p.param = a.arg_index"
	" WHERE a.value IS NOT NULL OR NOT a.narrows;"
	/* the edges of those functions, read in one pass: the edge table
	 * has no index yet in a new database (store_index_edges()) */
	"CREATE TEMP TABLE gc_edges AS SELECT caller_id, callee_id, call_id"
	" FROM edge WHERE caller_id IN (SELECT fn FROM temp.gc_fns)"
	" OR callee_id IN (SELECT fn FROM temp.gc_fns);"
	"CREATE INDEX temp.gc_edges_pair ON gc_edges(caller_id, callee_id);"
	"CREATE INDEX temp.gc_edges_callee ON gc_edges(callee_id);"
	/* a pair with an unguarded call is never closed: only pairs whose
	 * every call is guarded, a row per call, its guards as bits */
	"INSERT INTO guard_context_sites(caller_id, callee_id, need_zero,"
	" need_nonzero)"
	" SELECT e.caller_id, e.callee_id,"
	" coalesce(sum(DISTINCT CASE WHEN NOT g.nonzero"
	"  THEN 1 << g.param_index END), 0),"
	" coalesce(sum(DISTINCT CASE WHEN g.nonzero"
	"  THEN 1 << g.param_index END), 0)"
	" FROM temp.gc_fns f CROSS JOIN temp.gc_edges e ON e.caller_id = f.fn"
	" CROSS JOIN call_guards g ON g.call_id = e.call_id"
	" AND g.param_index < 32"
	" WHERE NOT EXISTS (SELECT 1 FROM temp.gc_edges e2"
	"  WHERE e2.caller_id = e.caller_id AND e2.callee_id = e.callee_id"
	"  AND (e2.call_id IS NULL OR NOT EXISTS (SELECT 1 FROM call_guards g2"
	"   WHERE g2.call_id = e2.call_id AND g2.param_index < 32)))"
	" GROUP BY e.caller_id, e.callee_id, e.call_id;"
	/* what every edge of a pair passes alike: its truth (value), or
	 * the caller's parameter passed on */
	"INSERT INTO guard_context_args(caller_id, callee_id, arg_index,"
	" value, param_index)"
	" WITH n(caller_id, callee_id, sites) AS (SELECT e.caller_id,"
	"  e.callee_id, count(DISTINCT coalesce(e.call_id, -e.rowid))"
	"  FROM temp.gc_fns f CROSS JOIN temp.gc_edges e ON e.callee_id = f.fn"
	"  GROUP BY 1, 2),"
	" v(caller_id, callee_id, arg_index, value, param_index, sites) AS"
	"  (SELECT e.caller_id, e.callee_id, a.arg_index,"
	"  CASE WHEN a.value IS NOT NULL THEN a.value != 0 END,"
	"  CASE WHEN a.value IS NULL THEN a.param_index END,"
	"  count(DISTINCT e.call_id)"
	"  FROM temp.gc_fns f CROSS JOIN temp.gc_edges e ON e.callee_id = f.fn"
	"  CROSS JOIN call_args a ON a.call_id = e.call_id"
	"  WHERE (a.value IS NOT NULL OR (a.param_index < 32 AND NOT a.narrows))"
	"  AND EXISTS (SELECT 1 FROM temp.gc_params p"
	"   WHERE p.fn = f.fn AND p.param = a.arg_index)"
	"  GROUP BY 1, 2, 3, 4, 5)"
	" SELECT v.caller_id, v.callee_id, v.arg_index, v.value, v.param_index"
	" FROM v JOIN n ON n.caller_id = v.caller_id"
	" AND n.callee_id = v.callee_id WHERE v.sites = n.sites;"
	"DROP TABLE temp.gc_params;"
	"DROP TABLE temp.gc_fns;"
	"DROP TABLE temp.gc_edges;";

int emit_guard_context(sqlite3 *db, struct kcg_error *err)
{
	if (sqlite3_exec(db, guard_context_sql, NULL, NULL, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	return 0;
}
