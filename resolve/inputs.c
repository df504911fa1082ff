/*
 * What the resolver reads of some TUs: see inputs.h.
 *
 * The facts are written out as text, section by section, in an order
 * that does not depend on row ids: claims by key (then the TU's path),
 * rows within a claim in the order the walk stored them.  What an edit
 * may change without changing the resolution is left out of the text
 * and kept beside it: the ids of calls and record initializers (written
 * as their ordinal) and the places (file, line, column) of calls and
 * flows, which are what resolved edges name.  Calls a call site or a
 * flow does not need are left out altogether: a plain direct call
 * added to a body changes only the set of functions called by name,
 * which the text has as a set.
 *
 * The TUs' own static globals, defined in their source files, are
 * written as ordinals too, their names left out: no TU kept as it was
 * can name them, and the resolver and its edges never name a global.
 * A name the kernel makes with __COUNTER__ is numbered by its line
 * (extractor/parse.c), so lines added above EXPORT_SYMBOL(f) rename
 * its __UNIQUE_ID___addressable_f<line>, and above a pr_debug() its
 * __UNIQUE_ID_ddebug<line>; the edges only move.
 */
#include "inputs_impl.h"
#include "sql.h"

#include "util/alloc.h"
#include "util/ptrmap.h"

#include <stdlib.h>
#include <string.h>

#define NO_COL (-1)

/* A query whose rows go into the text. */
struct section {
	const char *tag;
	const char *sql;
	int defines_call;	/* column 0: the next call, numbered */
	unsigned call_cols;	/* bit n: column n is a call id, written
				   as its ordinal */
	int instance_col;	/* a record initializer, the same */
	int place_col;		/* file, line, col from here: a place */
	unsigned global_cols;	/* bit n: column n is a global's id */
};

#define COL(n) (1u << (n))

static const char claims_sql[] =
	"CREATE TEMP TABLE ri_tus(id INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE ri_claims(id INTEGER PRIMARY KEY, ord INTEGER);"
	"CREATE TEMP TABLE ri_calls(id INTEGER PRIMARY KEY, ord INTEGER);"
	"CREATE TEMP TABLE ri_globals(usr TEXT PRIMARY KEY, id INTEGER)"
	" WITHOUT ROWID;";

static const char order_sql[] =
	"INSERT INTO temp.ri_claims SELECT c.id, row_number() OVER ("
	" ORDER BY c.key IS NOT NULL, c.key, f.path, t.command_hash, c.id)"
	" FROM claims c JOIN tus t ON t.id = c.tu_id"
	" JOIN files f ON f.id = t.file_id"
	" WHERE c.tu_id IN (SELECT id FROM temp.ri_tus);"
	/* the calls resolution looks at: through a pointer, made by a
	 * macro (INDIRECT_CALL_x candidates), or passed a function */
	"INSERT INTO temp.ri_calls SELECT c.id, row_number() OVER ("
	" ORDER BY k.ord, c.id)"
	" FROM temp.ri_claims k CROSS JOIN calls c ON c.claim_id = k.id"
	" WHERE c.kind != 'direct'"
	" OR EXISTS (SELECT 1 FROM flows l WHERE l.dst_call_id = c.id)"
	" OR EXISTS (SELECT 1 FROM receivers x WHERE x.made_call_id = c.id);"
	/* their own static globals, defined in their source files (at
	 * file scope, or in a body: pr_debug()'s descriptors): only TUs
	 * that read those files name them, and those are all read (or
	 * resolve_moved() says no) */
	"INSERT INTO temp.ri_globals SELECT g.usr, g.id FROM globals g"
	" WHERE g.linkage = 'static' AND g.file_id IN"
	" (SELECT c.file_id FROM temp.ri_claims k"
	"  CROSS JOIN claims c ON c.id = k.id WHERE c.in_main);"
	/* and the statics ('path|USR') they claim that no fact names, so
	 * no row of globals has: MODULE_AUTHOR()'s __UNIQUE_ID_author<line> */
	"INSERT OR IGNORE INTO temp.ri_globals SELECT c.key, NULL"
	" FROM temp.ri_claims k CROSS JOIN claims c ON c.id = k.id"
	" WHERE c.kind = 'global' AND c.in_main AND instr(c.key, '|');";

static const char drop_sql[] =
	"DROP TABLE IF EXISTS temp.ri_tus; DROP TABLE IF EXISTS temp.ri_claims;"
	"DROP TABLE IF EXISTS temp.ri_calls; DROP TABLE IF EXISTS temp.ri_globals;";

static const struct section sections[] = {
	{ "tus", "SELECT f.path, t.command_hash FROM tus t"
		 " JOIN files f ON f.id = t.file_id"
		 " WHERE t.id IN (SELECT id FROM temp.ri_tus)"
		 " ORDER BY f.path, t.command_hash",
	  0, 0, NO_COL, NO_COL, 0 },
	{ "claims", "SELECT c.kind, CASE WHEN g.usr IS NULL THEN c.key END,"
		    " g.id, c.file_id, c.weak, c.in_main"
		    " FROM temp.ri_claims k CROSS JOIN claims c ON c.id = k.id"
		    " LEFT JOIN temp.ri_globals g ON g.usr = c.key"
		    " ORDER BY k.ord",
	  0, 0, NO_COL, NO_COL, COL(2) },
	{ "functions", "SELECT usr, name, linkage, is_inline, is_defined,"
		       " from_macro, type FROM functions"
		       " WHERE tu_id IN (SELECT id FROM temp.ri_tus)"
		       " ORDER BY usr",
	  0, 0, NO_COL, NO_COL, 0 },
	{ "calls", "SELECT c.id, c.caller_id, c.callee_id, c.kind, c.file_id,"
		   " c.fn_type, c.file_id, c.line, c.col"
		   " FROM temp.ri_calls r CROSS JOIN calls c ON c.id = r.id"
		   " ORDER BY r.ord",
	  1, 0, NO_COL, 6, 0 },
	{ "indirect_calls", "SELECT i.call_id, i.shape, i.struct, i.field,"
			    " i.struct_file, i.param_index, i.global_id,"
			    " i.callee_id, i.local FROM temp.ri_calls r"
			    " CROSS JOIN indirect_calls i ON i.call_id = r.id"
			    " ORDER BY r.ord, i.rowid",
	  0, COL(0), NO_COL, NO_COL, COL(6) },
	/* receivers.c: a function called by name is entered with any
	 * object */
	{ "called by name", "SELECT DISTINCT c.callee_id FROM temp.ri_claims k"
			    " CROSS JOIN calls c ON c.claim_id = k.id"
			    " WHERE c.callee_id IS NOT NULL ORDER BY 1",
	  0, 0, NO_COL, NO_COL, 0 },
	{ "flows", "SELECT l.function_id, l.in_global_id, l.file_id,"
		   " l.context, l.instance_id, l.dst_kind, l.dst_struct,"
		   " l.dst_field, l.dst_struct_file, l.dst_call_id,"
		   " l.dst_callee_id, l.dst_index, l.dst_global_id,"
		   " l.src_kind, l.src_function_id, l.src_struct,"
		   " l.src_field, l.src_struct_file, l.src_ops_table,"
		   " l.src_weak, l.src_index, l.src_global_id, l.src_local,"
		   " l.file_id, l.line, l.col, l.dst_container, l.dst_made"
		   " FROM temp.ri_claims k CROSS JOIN flows l ON l.claim_id = k.id"
		   " ORDER BY k.ord, l.id",
	  0, COL(9), 4, 23, COL(1) | COL(12) | COL(21) },
	{ "init_consts", "SELECT n.instance_id, n.global_id, n.struct,"
			 " n.field, n.value, n.name FROM temp.ri_claims k"
			 " JOIN init_consts n ON n.claim_id = k.id"
			 " ORDER BY k.ord, n.rowid",
	  0, 0, 0, NO_COL, COL(1) },
	{ "enumerators", "SELECT e.enum, e.name, e.value FROM temp.ri_claims k"
			 " JOIN enumerators e ON e.claim_id = k.id"
			 " ORDER BY k.ord, e.rowid",
	  0, 0, NO_COL, NO_COL, 0 },
	{ "int_stores", "SELECT s.function_id, s.struct, s.field,"
			" s.param_index, s.value, s.name FROM temp.ri_claims k"
			" JOIN int_stores s ON s.claim_id = k.id"
			" ORDER BY k.ord, s.rowid",
	  0, 0, NO_COL, NO_COL, 0 },
	{ "struct_copies", "SELECT s.struct, s.struct_file, s.dst_global_id,"
			   " s.src_global_id, s.dst_param_index,"
			   " s.src_param_index, s.dst_member FROM temp.ri_claims k"
			   " JOIN struct_copies s ON s.claim_id = k.id"
			   " ORDER BY k.ord, s.rowid",
	  0, 0, NO_COL, NO_COL, COL(2) | COL(3) },
	{ "receivers", "SELECT x.call_id, x.path, x.arg_index, x.param_index,"
		       " x.global_id, x.container, x.made_call_id,"
		       " x.table_field, x.table_struct_file"
		       " FROM temp.ri_claims k"
		       " JOIN receivers x ON x.claim_id = k.id"
		       " ORDER BY k.ord, x.rowid",
	  0, COL(0) | COL(6), NO_COL, NO_COL, COL(4) },
};

static const char edges_sql[] =
	"SELECT e.id, e.caller_id, e.callee_id, e.kind, e.call_id, e.file_id,"
	" e.line, e.col, e.reg_file_id, e.reg_line, e.via_id, e.rule"
	" FROM temp.ri_calls r CROSS JOIN edge e ON e.call_id = r.id"
	" WHERE e.kind NOT IN ('direct', 'macro') ORDER BY e.id";

/* Reading state: ordinals given so far. */
struct reading {
	struct resolve_inputs *in;
	struct ptrmap calls;		/* call id -> ordinal + 1 */
	struct ptrmap instances;	/* instance id -> ordinal + 1 */
	int64_t nr_instances;
	struct ptrmap own_globals;	/* the TUs' own static globals:
					   id -> ordinal, 0 until seen */
	int64_t nr_own_globals;
};

static void add_value(struct strbuf *sb, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		strbuf_addch(sb, 'n');
		break;
	case SQLITE_INTEGER:
		strbuf_addf(sb, "%lld",
			    (long long)sqlite3_column_int64(st, col));
		break;
	default:
		strbuf_addch(sb, 't');
		strbuf_add(sb, (const char *)sqlite3_column_text(st, col),
			   (size_t)sqlite3_column_bytes(st, col));
	}
	strbuf_addch(sb, '\x1f');
}

/* An id column as its ordinal in map (numbered on first sight when
 * number is set); NULL as n, an id not numbered as ?. */
static void add_ordinal(struct strbuf *sb, sqlite3_stmt *st, int col,
			struct ptrmap *map, int64_t *number)
{
	int64_t id = sqlite3_column_int64(st, col), ord;

	if (sqlite3_column_type(st, col) == SQLITE_NULL) {
		strbuf_addstr(sb, "n\x1f");
		return;
	}
	if (!ptrmap_get(map, id_ptr(id), &ord)) {
		if (!number) {
			strbuf_addstr(sb, "?\x1f");
			return;
		}
		ord = ++*number;
		ptrmap_put(map, id_ptr(id), ord);
	}
	strbuf_addf(sb, "#%lld\x1f", (long long)ord);
}

/* A global's id: one of the TUs' own as its ordinal (g#N), numbered on
 * first sight; any other as it is. */
static void add_global(struct strbuf *sb, sqlite3_stmt *st, int col,
		       struct reading *rd)
{
	int64_t id = sqlite3_column_int64(st, col), ord;

	if (sqlite3_column_type(st, col) == SQLITE_NULL ||
	    !ptrmap_get(&rd->own_globals, id_ptr(id), &ord)) {
		add_value(sb, st, col);
		return;
	}
	if (!ord) {
		ord = ++rd->nr_own_globals;
		ptrmap_put(&rd->own_globals, id_ptr(id), ord);
	}
	strbuf_addf(sb, "g#%lld\x1f", (long long)ord);
}

static int read_own_globals(sqlite3 *db, struct reading *rd,
			    struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT id FROM temp.ri_globals"
			       " WHERE id NOT NULL", -1, &st, NULL) !=
	    SQLITE_OK)
		return resolve_sql_fail(db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ptrmap_put(&rd->own_globals,
			   id_ptr(sqlite3_column_int64(st, 0)), 0);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : resolve_sql_fail(db, err);
}

static void add_place(struct resolve_inputs *in, sqlite3_stmt *st, int col)
{
	struct input_place *p;

	xgrow(&in->places, &in->alloc_places, in->nr_places + 1,
	      sizeof(*in->places));
	p = &in->places[in->nr_places++];
	p->file = sqlite3_column_int64(st, col);
	p->line = sqlite3_column_int64(st, col + 1);
	p->col = sqlite3_column_int64(st, col + 2);
}

static int read_section(sqlite3 *db, const struct section *sec,
			struct reading *rd, struct kcg_error *err)
{
	struct resolve_inputs *in = rd->in;
	sqlite3_stmt *st;
	int rc, col, nr_cols;

	if (sqlite3_prepare_v2(db, sec->sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	strbuf_addf(&in->text, "\x1d%s\x1e", sec->tag);
	nr_cols = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (col = 0; col < nr_cols; col++) {
			if (sec->place_col != NO_COL &&
			    col >= sec->place_col && col < sec->place_col + 3)
				continue;
			if (col == 0 && sec->defines_call) {
				int64_t id = sqlite3_column_int64(st, 0);

				xgrow(&in->calls, &in->alloc_calls,
				      in->nr_calls + 1, sizeof(*in->calls));
				in->calls[in->nr_calls++] = id;
				ptrmap_put(&rd->calls, id_ptr(id),
					   (int64_t)in->nr_calls);
			} else if (col < 32 && (sec->call_cols & COL(col))) {
				add_ordinal(&in->text, st, col, &rd->calls,
					    NULL);
			} else if (col == sec->instance_col) {
				add_ordinal(&in->text, st, col, &rd->instances,
					    &rd->nr_instances);
			} else if (col < 32 && (sec->global_cols & COL(col))) {
				add_global(&in->text, st, col, rd);
			} else {
				add_value(&in->text, st, col);
			}
		}
		if (sec->place_col != NO_COL)
			add_place(in, st, sec->place_col);
		strbuf_addch(&in->text, '\x1e');
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : resolve_sql_fail(db, err);
}

static int read_edges(sqlite3 *db, struct resolve_inputs *in,
		      struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, edges_sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(db, err);
	rc = resolve_edges_read(db, st, &in->rules, &in->edges, &in->nr_edges,
				&in->alloc_edges, err);
	sqlite3_finalize(st);
	return rc;
}

int resolve_inputs_read(sqlite3 *db, const int64_t *tus, size_t nr,
			int with_edges, struct resolve_inputs **out,
			struct kcg_error *err)
{
	struct resolve_inputs *in = xcalloc(1, sizeof(*in));
	struct reading rd;
	size_t i;
	int rc;

	memset(&rd, 0, sizeof(rd));
	rd.in = in;
	ptrmap_init(&rd.calls);
	ptrmap_init(&rd.instances);
	ptrmap_init(&rd.own_globals);
	strbuf_init(&in->text);
	in->tus = xcalloc(nr + 1, sizeof(*in->tus));
	if (nr)
		memcpy(in->tus, tus, nr * sizeof(*tus));
	in->nr_tus = nr;
	rc = sqlite3_exec(db, drop_sql, NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(db, claims_sql, NULL, NULL, NULL) != SQLITE_OK ?
		     resolve_sql_fail(db, err) : 0;
	if (!rc)
		rc = resolve_exec_ids(db, "INSERT OR IGNORE INTO temp.ri_tus "
				      "VALUES (?)", tus, nr, err);
	if (!rc && sqlite3_exec(db, order_sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = resolve_sql_fail(db, err);
	if (!rc)
		rc = read_own_globals(db, &rd, err);
	for (i = 0; !rc && i < sizeof(sections) / sizeof(sections[0]); i++)
		rc = read_section(db, &sections[i], &rd, err);
	if (!rc && with_edges)
		rc = read_edges(db, in, err);
	if (sqlite3_exec(db, drop_sql, NULL, NULL, NULL) != SQLITE_OK && !rc)
		rc = resolve_sql_fail(db, err);
	ptrmap_release(&rd.calls);
	ptrmap_release(&rd.instances);
	ptrmap_release(&rd.own_globals);
	if (rc) {
		resolve_inputs_free(in);
		return -1;
	}
	*out = in;
	return 0;
}

void resolve_inputs_free(struct resolve_inputs *in)
{
	if (!in)
		return;
	free(in->edges);
	resolve_rule_texts_release(&in->rules);
	free(in->places);
	free(in->calls);
	free(in->tus);
	strbuf_release(&in->text);
	free(in);
}
