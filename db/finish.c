/*
 * Finishing a database: see store_prepare(), store_index_edges() and
 * store_commit() in store.h.
 *
 * Facts first lose what nothing refers to any more (the functions and
 * globals only the TUs an incremental index or a merge left out
 * mentioned), so that a database built from pieces holds the same rows as
 * one indexed in one go; then the counts are taken from the tables, which
 * is right however the facts came in, and the direct calls become edges.
 * The pipeline (index/finish.c) runs the resolver and the compact graph
 * on them before the database is committed and renamed into place.
 */
#include "store_impl.h"

#include "db.h"
#include "util/strbuf.h"
#include "util/trace.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

/*
 * What refers to a function besides calls, and to a global, one value v
 * per row (NULLs among them): the lists of both collections below (drop.c
 * notes an update's candidates from the same columns of the facts it
 * drops).  A global's claim does not keep it: whether its row was made
 * depends on which TUs ran together, so a global no fact names goes.
 */
#define FUNCTION_REFS \
	"SELECT callee_id AS v FROM indirect_calls UNION ALL" \
	" SELECT function_id FROM flows UNION ALL" \
	" SELECT dst_callee_id FROM flows UNION ALL" \
	" SELECT src_function_id FROM flows"
#define GLOBAL_REFS \
	"SELECT in_global_id AS v FROM flows UNION ALL" \
	" SELECT dst_global_id FROM flows UNION ALL" \
	" SELECT src_global_id FROM flows UNION ALL" \
	" SELECT global_id FROM indirect_calls UNION ALL" \
	" SELECT global_id FROM init_consts UNION ALL" \
	" SELECT global_id FROM receivers UNION ALL" \
	" SELECT dst_global_id FROM struct_copies UNION ALL" \
	" SELECT src_global_id FROM struct_copies"

/* After the indexes on calls: the two biggest lookups go through them. */
static const char collect_sql[] =
	"DELETE FROM functions AS f WHERE is_defined = 0"
	" AND NOT EXISTS (SELECT 1 FROM calls WHERE caller_id = f.id)"
	" AND NOT EXISTS (SELECT 1 FROM calls WHERE callee_id = f.id)"
	" AND id NOT IN (SELECT v FROM (" FUNCTION_REFS ")"
	"  WHERE v IS NOT NULL);"
	"DELETE FROM globals WHERE id NOT IN (SELECT v FROM (" GLOBAL_REFS ")"
	"  WHERE v IS NOT NULL);";

/*
 * An update collects among the candidates drop.c and update.c noted (and
 * the rows this run made): the rest were in use before and nothing that
 * referred to them went.  The whole-table lists are read only if a
 * candidate gets that far.
 */
static const char collect_update_sql[] =
	"INSERT OR IGNORE INTO temp.collect_functions"
	" SELECT id FROM functions WHERE id >= %lld;"
	"INSERT OR IGNORE INTO temp.collect_globals"
	" SELECT id FROM globals WHERE id >= %lld;"
	"DELETE FROM functions AS f"
	" WHERE id IN (SELECT id FROM temp.collect_functions)"
	" AND is_defined = 0"
	" AND NOT EXISTS (SELECT 1 FROM calls WHERE caller_id = f.id)"
	" AND NOT EXISTS (SELECT 1 FROM calls WHERE callee_id = f.id)"
	" AND id NOT IN (SELECT v FROM (" FUNCTION_REFS ")"
	"  WHERE v IN (SELECT id FROM temp.collect_functions));"
	"DELETE FROM globals"
	" WHERE id IN (SELECT id FROM temp.collect_globals)"
	" AND id NOT IN (SELECT v FROM (" GLOBAL_REFS ")"
	"  WHERE v IN (SELECT id FROM temp.collect_globals));"
	"DROP TABLE temp.collect_functions; DROP TABLE temp.collect_globals;";

static int collect_unused(struct store *s, struct kcg_error *err)
{
	char sql[sizeof(collect_update_sql) + 64];

	if (!s->updating)
		return db_exec(s->db, collect_sql, err);
	snprintf(sql, sizeof(sql), collect_update_sql,
		 (long long)s->first_new_function,
		 (long long)s->first_new_global);
	return db_exec(s->db, sql, err);
}

/*
 * An enum is kept while a body or initializer that names one of its
 * values is (enum_uses): one walked by a TU or shard and then beaten by
 * another definition of its key leaves, and so do the enums only it
 * used, as if it had never been walked.
 */
static const char unused_enums_sql[] =
	"CREATE TEMP TABLE u_claims(id INTEGER PRIMARY KEY);"
	"INSERT INTO temp.u_claims SELECT id FROM claims AS c"
	" WHERE kind = 'enum' AND key IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM enum_uses WHERE enum = c.key);";

static int drop_unused_enums(struct store *s, struct kcg_error *err)
{
	return db_exec(s->db, unused_enums_sql, err) ||
	       store_drop_claimed_facts(s, err) ? -1 : 0;
}

/* Every direct and macro call is an edge as it is (of an update: every
 * call this run stored). */
static const char direct_edges_sql[] =
	"INSERT INTO edge(caller_id, callee_id, kind, call_id, file_id, line, "
	"col, rule) SELECT caller_id, callee_id, kind, id, file_id, line, col, "
	"kind FROM calls WHERE callee_id IS NOT NULL AND id >= ? ORDER BY id";


static int direct_edges(struct store *s, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(s->db, direct_edges_sql, &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, s->updating ? s->first_new_call : 0);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err);
	/* one edge per direct or macro call (counted by take_counts());
	 * the resolved edges are added as the resolver counts them: an
	 * update's table still holds those of the run before */
	s->counts.edges = s->counts.direct + s->counts.macro;
	return 0;
}

/* Columns of one row into out[0..n), as integers. */
static int query_ints(struct store *s, const char *sql, int64_t *const *out,
		      int n, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc, i;

	if (db_prepare(s->db, sql, &st, err))
		return -1;
	rc = sqlite3_step(st);
	for (i = 0; rc == SQLITE_ROW && i < n; i++)
		*out[i] = sqlite3_column_int64(st, i);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_sql_fail(s, err);
}

/*
 * The calls of each kind (out: all, direct, macro, indirect), kept in
 * meta for the next update.  Counting them by kind walks the 2.6 million
 * rows of the whole tree (0.5 to 1 s); an update counts from the
 * database's numbers the calls that went (drop.c) and those it stored.
 */
static int count_calls(struct store *s, int64_t *const out[4],
		       struct kcg_error *err)
{
	char sql[256], value[96];
	int64_t gone[3], made[3];
	int64_t *const gone_out[3] = { &gone[0], &gone[1], &gone[2] };
	int64_t *const made_out[3] = { &made[0], &made[1], &made[2] };
	int i;

	if (!s->updating || !s->has_previous_calls) {
		if (query_ints(s, "SELECT count(*), total(kind = 'direct'), "
				  "total(kind = 'macro'), "
				  "total(kind = 'indirect') FROM calls", out,
			       4, err))
			return -1;
	} else {
		if (query_ints(s, "SELECT total(n * (kind = 'direct')), "
				  "total(n * (kind = 'macro')), "
				  "total(n * (kind = 'indirect')) "
				  "FROM temp.calls_gone", gone_out, 3, err))
			return -1;
		snprintf(sql, sizeof(sql),
			 "SELECT total(kind = 'direct'), total(kind = 'macro'), "
			 "total(kind = 'indirect') FROM calls WHERE id >= %lld",
			 (long long)s->first_new_call);
		if (query_ints(s, sql, made_out, 3, err))
			return -1;
		*out[0] = 0;
		for (i = 0; i < 3; i++) {
			*out[i + 1] = s->previous_calls[i] - gone[i] + made[i];
			*out[0] += *out[i + 1];
		}
	}
	snprintf(value, sizeof(value), "%lld %lld %lld", (long long)*out[1],
		 (long long)*out[2], (long long)*out[3]);
	return store_set_meta(s, STORE_CALL_COUNTS, value, err);
}

/* One scan of each table: on the whole tree a count(*) of calls is a
 * walk of some 2.6 million rows, and each condition was one more. */
static int take_counts(struct store *s, struct kcg_error *err)
{
	struct store_counts *c = &s->counts;
	char tus[256];
	int64_t *const tu_counts[] = { &c->tus, &c->tus_ok, &c->tus_errors,
				       &c->tus_failed, &c->tus_parsed };
	int64_t *const function_counts[] = { &c->functions, &c->defined };
	int64_t *const call_counts[] = { &c->calls, &c->direct, &c->macro,
					 &c->indirect };
	int64_t *const flow_counts[] = { &c->flows };

	snprintf(tus, sizeof(tus),
		 "SELECT count(*), total(status = 'ok'), "
		 "total(status = 'errors'), total(status = 'failed'), "
		 "total(run = %lld) FROM tus", (long long)s->run);
	return query_ints(s, tus, tu_counts, 5, err) ||
	       query_ints(s, "SELECT count(*) FROM functions",
			  function_counts, 1, err) ||
	       /* a function is defined when a TU walked its body: read
		* from the index on tu_id, not the 500,000 rows */
	       query_ints(s, "SELECT count(tu_id) FROM functions",
			  function_counts + 1, 1, err) ||
	       count_calls(s, call_counts, err) ||
	       query_ints(s, "SELECT count(*) FROM flows", flow_counts, 1,
			  err) ? -1 : 0;
}

static int interrupted(struct store *s, struct kcg_error *err)
{
	if (!s->interrupted || !*s->interrupted)
		return 0;
	return kcg_error_set(err, "interrupted: '%s' left as it was",
			     s->final_path);
}

int store_prepare(struct store *s, struct kcg_error *err)
{
	if (interrupted(s, err) || store_write_decls(s, err))
		return -1;
	trace_phase("declarations");
	if (db_create_indexes(s->db, err))
		return -1;
	trace_phase("indexes");
	/* by claim_id, which the indexes just made look up */
	if (store_drop_beaten(s, err))
		return -1;
	trace_phase("bodies beaten");
	if (drop_unused_enums(s, err))
		return -1;
	trace_phase("enums unused");
	/* the reports of what the drops left (global_place.c) */
	if (store_write_globals(s, err))
		return -1;
	trace_phase("global places");
	if (collect_unused(s, err))
		return -1;
	trace_phase("collect unused rows");
	if (take_counts(s, err))
		return -1;
	trace_phase("count");
	if (direct_edges(s, err))
		return -1;
	trace_phase("direct edges");
	return interrupted(s, err);
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

int store_index_edges(struct store *s, struct kcg_error *err)
{
	if (db_create_edge_indexes(s->db, err))
		return -1;
	trace_phase("edge indexes");
	return 0;
}

/*
 * The companion file into place (FINAL and its suffix); when the run
 * wrote none, the old one goes: it belongs to the database replaced.
 */
static int rename_companion(struct store *s, struct kcg_error *err)
{
	struct strbuf final;
	int rc = 0;

	strbuf_init(&final);
	strbuf_addf(&final, "%s%s", s->final_path, s->companion_suffix);
	if (access(s->companion_temp, F_OK)) {
		if (unlink(final.buf) && errno != ENOENT)
			rc = kcg_error_errno(err, "cannot remove '%s'",
					     final.buf);
	} else if (rename(s->companion_temp, final.buf)) {
		rc = kcg_error_errno(err, "cannot rename '%s' to '%s'",
				     s->companion_temp, final.buf);
	}
	strbuf_release(&final);
	return rc;
}

int store_commit(struct store *s, struct store_counts *counts,
		 struct kcg_error *err)
{
	int rc = -1;

	if (db_exec(s->db, "COMMIT", err))
		goto out;
	trace_phase("commit");
	/* an update keeps the statistics of the database it copied: a few
	 * TUs do not change the shape of the tables */
	if (!s->updating && db_exec(s->db, "ANALYZE", err))
		goto out;
	trace_phase("analyze");
	if (counts)
		*counts = s->counts;
	store_close_db(s);
	store_writeback_wait(s);
	trace_phase("closed");
	/* the last moment to give up: after the rename the new one is in */
	if (interrupted(s, err))
		goto out;
	if (s->companion_temp && rename_companion(s, err))
		goto out;
	if (rename(s->temp_path, s->final_path)) {
		kcg_error_errno(err, "cannot rename '%s' to '%s'",
				s->temp_path, s->final_path);
		goto out;
	}
	trace_phase("renamed into place");
	rc = 0;
out:
	if (rc)
		store_unlink_temp(s);
	store_free(s);
	return rc;
}
