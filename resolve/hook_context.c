/*
 * The context of netfilter hooks: where the family, the hook point and
 * the okfn a hook runs with come from.
 *
 * A hook is called with a context struct (hook_tables' ctx_record,
 * nf_hook_state) whose fields say the family, the hook point and the
 * function the hook may call to go on.  A parameter of a function is a
 * context parameter for one of those fields when the function stores it
 * there (int_stores; for the okfn, the flows record the store of a
 * function pointer parameter), or passes it unchanged to a context
 * parameter of a function it calls (call_args; for the okfn, the flows of
 * a parameter passed on): nf_hook_state_init's, then nf_hook's, then
 * NF_HOOK's.  Each call of such a function says what it passes there: a
 * constant, its own parameter, or a function's address
 * (hook_context_args).  The calls that enter the hooks and the calls of
 * the okfn a hook makes are hook_context_calls; the functions that take
 * the context struct, hook_context_carriers.  All of it is read by the
 * path search and by `kcg callees`; docs/resolution.md says where it is
 * unsound.
 */
#define _GNU_SOURCE	/* strcasestr */

#include "internal.h"
#include "sql.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ?1 the context struct, ?2 its family field, ?3 its hook point field,
 * ?4 its okfn field */
static const char setup_sql[] =
	"DROP TABLE IF EXISTS temp.hc_params;"
	"CREATE TEMP TABLE hc_params(function_id INTEGER NOT NULL,"
	" param_index INTEGER NOT NULL, field TEXT NOT NULL,"
	" direct INTEGER NOT NULL,"
	" PRIMARY KEY (function_id, param_index, field)) WITHOUT ROWID;";

/* the functions that store a parameter into the context themselves */
static const char *const seed_sql[] = {
	"INSERT OR IGNORE INTO temp.hc_params SELECT function_id, param_index,"
	" field, 1 FROM int_stores WHERE struct = ?1 AND field IN (?2, ?3)"
	" AND param_index IS NOT NULL",
	"INSERT OR IGNORE INTO temp.hc_params SELECT function_id, src_index,"
	" ?4, 1 FROM flows WHERE src_kind = 'param' AND dst_kind = 'field'"
	" AND dst_struct = ?1 AND dst_field = ?4 AND function_id IS NOT NULL",
};

/* the callers that pass a parameter on to a context parameter */
static const char *const step_sql[] = {
	"INSERT OR IGNORE INTO temp.hc_params SELECT DISTINCT c.caller_id,"
	" a.param_index, p.field, 0 FROM temp.hc_params p"
	" JOIN calls c ON c.callee_id = p.function_id"
	" JOIN call_args a ON a.call_id = c.id AND a.arg_index = p.param_index"
	" WHERE p.field IN (?2, ?3) AND a.param_index IS NOT NULL",
	"INSERT OR IGNORE INTO temp.hc_params SELECT DISTINCT f.function_id,"
	" f.src_index, p.field, 0 FROM temp.hc_params p"
	" JOIN calls c ON c.callee_id = p.function_id"
	" JOIN flows f ON f.dst_call_id = c.id AND f.dst_index = p.param_index"
	" WHERE p.field = ?4 AND f.src_kind = 'param'"
	" AND f.function_id IS NOT NULL",
};

#define ARG_OF(field)                                                  \
	"(SELECT min(param_index) FROM temp.hc_params WHERE"           \
	" function_id = c.callee_id AND field = " field ")"

static const char args_sql[] =
	"INSERT INTO hook_context_args(call_id, caller_id, callee_id,"
	" file_id, line, initializes, pf, pf_name, pf_param, hooknum,"
	" hooknum_name, hooknum_param, okfn_id, okfn_param)"
	" SELECT c.id, c.caller_id, c.callee_id, c.file_id, c.line,"
	" EXISTS (SELECT 1 FROM temp.hc_params WHERE"
	"  function_id = c.callee_id AND direct),"
	" pa.value, pa.name, pa.param_index,"
	" ha.value, ha.name, ha.param_index,"
	" (SELECT min(src_function_id) FROM flows WHERE dst_call_id = c.id"
	"  AND dst_index = " ARG_OF("?4") " AND src_kind = 'function'),"
	" (SELECT min(src_index) FROM flows WHERE dst_call_id = c.id"
	"  AND dst_index = " ARG_OF("?4") " AND src_kind = 'param')"
	" FROM calls c"
	" LEFT JOIN call_args pa ON pa.call_id = c.id"
	"  AND pa.arg_index = " ARG_OF("?2")
	" LEFT JOIN call_args ha ON ha.call_id = c.id"
	"  AND ha.arg_index = " ARG_OF("?3")
	" WHERE c.callee_id IN (SELECT function_id FROM temp.hc_params)"
	" ORDER BY c.id";

/* a hook going on: a call through the context's okfn */
static const char okfn_calls_sql[] =
	"INSERT INTO hook_context_calls(call_id, role)"
	" SELECT DISTINCT call_id, 'okfn' FROM indirect_calls"
	" WHERE shape = 'field' AND struct = ?1 AND field = ?4"
	" ORDER BY call_id";

/* Run sql with the context of ht bound; *changes += rows it changed. */
static int run(sqlite3 *db, const char *sql, const struct hook_table *ht,
	       int *changes, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	sqlite3_bind_text(st, 1, ht->ctx_record, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ht->ctx_pf, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ht->ctx_hooknum, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ht->ctx_okfn, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(db, err);
	if (changes)
		*changes += sqlite3_changes(db);
	return 0;
}

/*
 * The struct whose pointer is parameter `nth` (0-based, counting only
 * parameters that are pointers to structs) of a canonical function
 * type, into name; 0 when there is no such parameter.
 */
static int struct_param(const char *type, int nth, char *name, size_t size)
{
	const char *p = strchr(type, '(');
	int depth = 0;

	if (!p)
		return 0;
	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return 0;
		else if (depth == 1 && (p[-1] == ' ' || p[-1] == '(') &&
			 !strncmp(p, "struct ", 7)) {
			const char *start = p + 7, *end = start;

			while (*end && *end != ' ' && *end != ',' && *end != ')')
				end++;
			if (strncmp(end, " *", 2) || end[2] == '*')
				continue;
			if (nth--)
				continue;
			if ((size_t)(end - start) >= size)
				return 0;
			memcpy(name, start, (size_t)(end - start));
			name[end - start] = '\0';
			return 1;
		}
	}
	return 0;
}

/*
 * Does the canonical function type take a pointer to struct record?
 * Only its own parameters count (inside the first parenthesis, not in a
 * function-pointer parameter's), and only a pointer, not a pointer to a
 * pointer.
 */
static int takes_pointer_to(const char *type, const char *record)
{
	char name[160];
	int i;

	for (i = 0; struct_param(type, i, name, sizeof(name)); i++)
		if (!strcmp(name, record))
			return 1;
	return 0;
}

/*
 * A function that calls through the context without taking the context
 * struct has it inside one it takes (nf_reinject: entry->state.okfn(),
 * entry a struct nf_queue_entry *): the structs of its pointer
 * parameters hold the context, and their takers carry it too.  Structs
 * whose name more than CONTAINER_FEW functions and more than one defined
 * function in CONTAINER_SHARE mention as `struct NAME *` would make half
 * the kernel a carrier (a function taking only an sk_buff): not followed.
 */
#define CONTAINER_FEW 16
#define CONTAINER_SHARE 100

/* The structs whose takers may carry the context, and what they count. */
struct carrier_record {
	char name[128];
	int64_t mentions;	/* defined functions whose type says
				   `struct NAME *` (any case, anywhere) */
	int context;		/* the context struct itself */
};

struct carrier_records {
	struct carrier_record *v;
	size_t nr, alloc;
};

static void add_record(struct carrier_records *rs, const char *name,
		       int context)
{
	size_t i;

	for (i = 0; i < rs->nr; i++)
		if (!strcmp(rs->v[i].name, name)) {
			rs->v[i].context |= context;
			return;
		}
	if (strlen(name) >= sizeof(rs->v[0].name))
		return;
	xgrow(&rs->v, &rs->alloc, rs->nr + 1, sizeof(*rs->v));
	memset(&rs->v[rs->nr], 0, sizeof(rs->v[0]));
	strcpy(rs->v[rs->nr].name, name);
	rs->v[rs->nr++].context = context;
}

/*
 * The structs taken by the callers of context calls that do not take the
 * context struct itself: the containers.
 */
static int find_containers(sqlite3 *db, struct carrier_records *rs,
			   struct kcg_error *err)
{
	const char *context = rs->v[0].name;
	sqlite3_stmt *sel;
	int rc;

	if (sqlite3_prepare_v2(db,
		"SELECT DISTINCT f.type, f.is_defined FROM hook_context_calls h "
		"JOIN calls c ON c.id = h.call_id "
		"JOIN functions f ON f.id = c.caller_id "
		"WHERE f.type IS NOT NULL ORDER BY f.type",
		-1, &sel, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *type = col_text(sel, 0);
		char record[128];
		int i;

		/* a carrier already, as a taker of the context */
		if (sqlite3_column_int(sel, 1) && takes_pointer_to(type, context))
			continue;
		for (i = 0; struct_param(type, i, record, sizeof(record)); i++)
			add_record(rs, record, 0);
	}
	sqlite3_finalize(sel);
	return rc == SQLITE_DONE ? 0 : resolve_sql_fail(db, err);
}

/* Does type say `struct name *`, in any case (as LIKE would)? */
static int mentions(const char *type, const char *name)
{
	char pattern[160];

	snprintf(pattern, sizeof(pattern), "struct %s *", name);
	return strcasestr(type, pattern) != NULL;
}

/*
 * The carriers: the defined functions taking the context struct, and
 * those taking a container that few functions mention.  One walk of the
 * functions for all of them.
 */
static int emit_carriers(sqlite3 *db, const struct hook_table *ht,
			 struct kcg_error *err)
{
	struct carrier_records rs = { NULL, 0, 0 };
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int64_t *takers = NULL, defined = 0;
	size_t nr_takers = 0, alloc_takers = 0, i;
	unsigned char *takes = NULL;
	int rc;

	add_record(&rs, ht->ctx_record, 1);
	if (!rs.nr || find_containers(db, &rs, err)) {
		free(rs.v);
		return rs.nr ? -1 : 0;
	}
	takes = xcalloc(rs.nr, 1);
	if (sqlite3_prepare_v2(db, "SELECT id, type FROM functions WHERE "
			       "is_defined ORDER BY id", -1, &sel,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO "
			       "hook_context_carriers(function_id) VALUES (?)",
			       -1, &ins, NULL) != SQLITE_OK) {
		rc = resolve_sql_fail(db, err);
		goto out;
	}
	/* pairs (function, record index) of the takers, in id order */
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *type = col_text(sel, 1);

		defined++;
		if (!type || !strstr(type, "struct "))
			continue;
		for (i = 0; i < rs.nr; i++) {
			if (!mentions(type, rs.v[i].name))
				continue;
			rs.v[i].mentions++;
			if (!takes_pointer_to(type, rs.v[i].name))
				continue;
			xgrow(&takers, &alloc_takers, nr_takers + 2,
			      sizeof(*takers));
			takers[nr_takers++] = sqlite3_column_int64(sel, 0);
			takers[nr_takers++] = (int64_t)i;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = resolve_sql_fail(db, err);
		goto out;
	}
	for (i = 0; i < rs.nr; i++)
		takes[i] = rs.v[i].context ||
			   rs.v[i].mentions <= CONTAINER_FEW ||
			   rs.v[i].mentions * CONTAINER_SHARE <= defined;
	rc = 0;
	for (i = 0; i < nr_takers && !rc; i += 2) {
		if (!takes[takers[i + 1]])
			continue;
		sqlite3_bind_int64(ins, 1, takers[i]);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = resolve_sql_fail(db, err);
		sqlite3_reset(ins);
	}
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	free(takers);
	free(takes);
	free(rs.v);
	return rc;
}

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The dispatch calls: the sites of the netfilter_hook edges, each once. */
static int emit_dispatch_calls(sqlite3 *db, const int64_t *dispatch,
			       size_t nr, struct kcg_error *err)
{
	int64_t *calls = xcalloc(nr + 1, sizeof(*calls));
	sqlite3_stmt *ins;
	size_t i;
	int rc = 0;

	if (nr) {
		memcpy(calls, dispatch, nr * sizeof(*calls));
		qsort(calls, nr, sizeof(*calls), cmp_int64);
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO hook_context_calls("
			       "call_id, role) VALUES (?, 'hook')", -1, &ins,
			       NULL) != SQLITE_OK) {
		free(calls);
		return resolve_sql_fail(db, err);
	}
	for (i = 0; i < nr && !rc; i++) {
		if (i && calls[i] == calls[i - 1])
			continue;
		sqlite3_bind_int64(ins, 1, calls[i]);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = resolve_sql_fail(db, err);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	free(calls);
	return rc;
}

/* Context parameters to a fixpoint (a chain of wrappers is short). */
#define MAX_ROUNDS 64

static int emit_table(sqlite3 *db, const struct hook_table *ht,
		      const int64_t *dispatch, size_t nr_dispatch,
		      int keep_carriers, struct kcg_error *err)
{
	int round, changes;
	size_t i;

	if (sqlite3_exec(db, setup_sql, NULL, NULL, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	for (i = 0; i < sizeof(seed_sql) / sizeof(seed_sql[0]); i++)
		if (run(db, seed_sql[i], ht, NULL, err))
			return -1;
	/*
	 * The few rows of hc_params counted: with no figures for it, SQLite
	 * took it for a large table and scanned call_args and every flow
	 * (a Bloom filter) at each step, a quarter of a second on the
	 * whole tree.
	 */
	if (sqlite3_exec(db, "ANALYZE temp.hc_params", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return resolve_sql_fail(db, err);
	for (round = 0; round < MAX_ROUNDS; round++) {
		changes = 0;
		for (i = 0; i < sizeof(step_sql) / sizeof(step_sql[0]); i++)
			if (run(db, step_sql[i], ht, &changes, err))
				return -1;
		if (!changes)
			break;
	}
	if (run(db, args_sql, ht, NULL, err) ||
	    emit_dispatch_calls(db, dispatch, nr_dispatch, err) ||
	    run(db, okfn_calls_sql, ht, NULL, err))
		return -1;
	return keep_carriers ? 0 : emit_carriers(db, ht, err);
}

int emit_hook_context(sqlite3 *db, const int64_t *dispatch,
		      size_t nr_dispatch, int keep_carriers,
		      struct kcg_error *err)
{
	size_t i;
	int rc = 0;

	if (sqlite3_exec(db, "DELETE FROM hook_context_args;"
			 "DELETE FROM hook_context_calls;", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    (!keep_carriers &&
	     sqlite3_exec(db, "DELETE FROM hook_context_carriers;", NULL, NULL,
			  NULL) != SQLITE_OK))
		return resolve_sql_fail(db, err);
	for (i = 0; i < nr_hook_tables && !rc; i++)
		if (hook_tables[i].ctx_record)
			rc = emit_table(db, &hook_tables[i], dispatch,
					nr_dispatch, keep_carriers, err);
	if (sqlite3_exec(db, "DROP TABLE IF EXISTS temp.hc_params", NULL, NULL,
			 NULL) != SQLITE_OK && !rc)
		rc = resolve_sql_fail(db, err);
	return rc;
}
