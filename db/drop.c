/*
 * Dropping facts by claim: what an incremental index does to the TUs it
 * parses again (update.c), what the store does to a body another
 * definition of its key beat (store.c), and what a merge does to such a
 * body of the database it merges into (merge.c).
 */
#include "store_impl.h"

#include "db.h"

#include <stdio.h>

static const char calls_sql[] =
	"CREATE TEMP TABLE u_calls(id INTEGER PRIMARY KEY);"
	"INSERT INTO temp.u_calls SELECT id FROM calls"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);";

/*
 * An update notes what the facts going refer to: the functions and
 * globals that may be left unused (through the columns of FUNCTION_REFS
 * and GLOBAL_REFS in finish.c), which store_prepare() looks at instead
 * of every row, and how many calls of each kind go, which it counts from
 * (update.c makes the tables).
 */
static const char candidates_sql[] =
	"INSERT INTO temp.calls_gone SELECT kind, count(*) FROM calls"
	" WHERE id IN (SELECT id FROM temp.u_calls) GROUP BY kind;"
	"INSERT OR IGNORE INTO temp.collect_functions"
	" SELECT caller_id FROM calls WHERE id IN (SELECT id FROM temp.u_calls)"
	" UNION SELECT callee_id FROM calls"
	"  WHERE id IN (SELECT id FROM temp.u_calls) AND callee_id IS NOT NULL"
	" UNION SELECT callee_id FROM indirect_calls"
	"  WHERE call_id IN (SELECT id FROM temp.u_calls)"
	"  AND callee_id IS NOT NULL;"
	"INSERT OR IGNORE INTO temp.collect_functions"
	" SELECT v FROM (SELECT function_id AS v FROM flows"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT dst_callee_id FROM flows"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT src_function_id FROM flows"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)) WHERE v IS NOT NULL;"
	"INSERT OR IGNORE INTO temp.collect_globals"
	" SELECT v FROM (SELECT in_global_id AS v FROM flows"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT dst_global_id FROM flows"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT src_global_id FROM flows"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT global_id FROM indirect_calls"
	"  WHERE call_id IN (SELECT id FROM temp.u_calls)"
	" UNION ALL SELECT global_id FROM init_consts"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT global_id FROM receivers"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT dst_global_id FROM struct_copies"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT src_global_id FROM struct_copies"
	"  WHERE claim_id IN (SELECT id FROM temp.u_claims)"
	" UNION ALL SELECT g.id FROM claims c JOIN globals g ON g.usr = c.key"
	"  WHERE c.id IN (SELECT id FROM temp.u_claims) AND c.kind = 'global')"
	" WHERE v IS NOT NULL;"
	/* whose place is chosen again (global_place.c) */
	"INSERT OR IGNORE INTO temp.place_globals SELECT usr"
	" FROM global_reports WHERE claim_id IN (SELECT id FROM temp.u_claims);";

static const char drop_sql[] =
	"DELETE FROM indirect_calls"
	" WHERE call_id IN (SELECT id FROM temp.u_calls);"
	"UPDATE edge_digests SET digest = NULL WHERE caller_id IN"
	" (SELECT caller_id FROM edge"
	"  WHERE call_id IN (SELECT id FROM temp.u_calls));"
	"DELETE FROM edge WHERE call_id IN (SELECT id FROM temp.u_calls);"
	"DELETE FROM calls WHERE id IN (SELECT id FROM temp.u_calls);"
	"DELETE FROM flows WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM init_consts"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM enumerators"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM enum_uses"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM global_reports"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM call_args"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM call_guards"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM int_stores"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM receivers"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM struct_copies"
	" WHERE claim_id IN (SELECT id FROM temp.u_claims);"
	"DELETE FROM claims WHERE id IN (SELECT id FROM temp.u_claims);"
	"DROP TABLE temp.u_calls; DROP TABLE temp.u_claims;";

int store_drop_claimed_facts(struct store *s, struct kcg_error *err)
{
	return db_exec(s->db, calls_sql, err) ||
	       (s->updating && db_exec(s->db, candidates_sql, err)) ||
	       db_exec(s->db, drop_sql, err) ? -1 : 0;
}

int store_temp_ids(struct store *s, const char *table, const int64_t *ids,
		   size_t nr, struct kcg_error *err)
{
	char sql[128];
	sqlite3_stmt *st;
	size_t i;

	snprintf(sql, sizeof(sql),
		 "CREATE TEMP TABLE %s(id INTEGER PRIMARY KEY)", table);
	if (db_exec(s->db, sql, err))
		return -1;
	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO temp.%s VALUES (?)",
		 table);
	if (db_prepare(s->db, sql, &st, err))
		return -1;
	for (i = 0; i < nr; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return store_sql_fail(s, err);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

int store_drop_beaten(struct store *s, struct kcg_error *err)
{
	if (!s->nr_beaten)
		return 0;
	if (store_temp_ids(s, "u_claims", s->beaten, s->nr_beaten, err))
		return -1;
	s->nr_beaten = 0;
	return store_drop_claimed_facts(s, err);
}
