/*
 * Writing an index: see store.h.
 *
 * Keys (function and global keys, file paths) become integer ids through
 * in-memory maps, so each batch costs inserts only, never lookups in
 * SQLite.  The bulk load runs with the journal off: the temporary file is
 * thrown away on any failure, and only a finished one is renamed into
 * place.
 */
#include "store.h"

#include "db.h"
#include "queries/graph.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/strmap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Commit every this many batches: bounded memory, few fsyncs. */
#define BATCHES_PER_TRANSACTION 64

enum stmt_id {
	ST_FILE,
	ST_FUNCTION,
	ST_FUNCTION_DEFINE,
	ST_GLOBAL,
	ST_TU,
	ST_DIAG,
	ST_CALL,
	ST_INDIRECT,
	ST_FLOW,
	ST_META,
	ST_CONST,
	ST_ENUMERATOR,
	NR_STMTS
};

static const char *const stmt_sql[NR_STMTS] = {
	[ST_FILE] = "INSERT INTO files(path) VALUES (?)",
	[ST_FUNCTION] = "INSERT INTO functions(usr, name, file_id, line, col, "
			"linkage, is_inline, is_defined, from_macro, type, "
			"tu_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_FUNCTION_DEFINE] = "UPDATE functions SET name = ?, file_id = ?, "
			       "line = ?, col = ?, linkage = ?, "
			       "is_inline = ?, is_defined = 1, "
			       "from_macro = ?, type = ?, tu_id = ? "
			       "WHERE id = ?",
	[ST_GLOBAL] = "INSERT INTO globals(usr, name, file_id, line, linkage, "
		      "type) VALUES (?, ?, ?, ?, ?, ?)",
	[ST_TU] = "INSERT INTO tus(file_id, directory, arguments, status, "
		  "errors, first_error, parse_ms, walk_ms) "
		  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_DIAG] = "INSERT INTO diagnostics(tu_id, severity, file_id, line, "
		    "col, message) VALUES (?, ?, ?, ?, ?, ?)",
	[ST_CALL] = "INSERT INTO calls(caller_id, callee_id, kind, file_id, "
		    "line, col, fn_type) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[ST_INDIRECT] = "INSERT INTO indirect_calls(call_id, shape, struct, "
			"field, param_index, global_id, callee_id, local, "
			"struct_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_FLOW] = "INSERT INTO flows(function_id, in_global_id, file_id, "
		    "line, col, context, dst_kind, dst_struct, dst_field, "
		    "dst_call_id, dst_callee_id, dst_index, dst_global_id, "
		    "src_kind, src_function_id, src_struct, src_field, "
		    "src_index, src_global_id, src_local, instance_id, "
		    "src_ops_table, src_weak, dst_struct_file, src_struct_file) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, ?, ?, ?, ?, ?)",
	[ST_ENUMERATOR] = "INSERT INTO enumerators(enum, name, value) "
			  "VALUES (?, ?, ?)",
	[ST_CONST] = "INSERT INTO init_consts(instance_id, struct, field, "
		     "value, name, file_id, line, global_id) VALUES "
		     "(?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
};

struct store {
	sqlite3 *db;
	char *final_path;
	char *temp_path;
	sqlite3_stmt *stmt[NR_STMTS];
	struct strmap files;		/* path -> id */
	struct strmap functions;	/* key -> id, negated while undefined */
	struct strmap globals;		/* key -> id */
	int64_t *call_ids;		/* batch call index -> calls.id */
	size_t alloc_call_ids;
	unsigned batches_in_transaction;
	int64_t instances;		/* instance ids handed out so far */
	struct store_counts counts;
};

const char *store_temp_path(const struct store *s)
{
	return s->temp_path;
}

static int sql_fail(struct store *s, struct kcg_error *err)
{
	return kcg_error_set(err, "cannot write '%s': %s", s->temp_path,
			     sqlite3_errmsg(s->db));
}

/* Statements must be finalized before the connection can close. */
static void close_db(struct store *s)
{
	int i;

	for (i = 0; i < NR_STMTS; i++) {
		sqlite3_finalize(s->stmt[i]);
		s->stmt[i] = NULL;
	}
	sqlite3_close(s->db);
	s->db = NULL;
}

static void free_store(struct store *s)
{
	close_db(s);
	strmap_release(&s->files);
	strmap_release(&s->functions);
	strmap_release(&s->globals);
	free(s->call_ids);
	free(s->final_path);
	free(s->temp_path);
	free(s);
}

int store_open(struct store **out, const char *final_path,
	       struct kcg_error *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	struct strbuf tmp;
	int i;

	*out = NULL;
	strbuf_init(&tmp);
	strbuf_addf(&tmp, "%s.tmp-%ld", final_path, (long)getpid());
	s->final_path = xstrdup(final_path);
	s->temp_path = strbuf_detach(&tmp);
	strmap_init(&s->files);
	strmap_init(&s->functions);
	strmap_init(&s->globals);
	unlink(s->temp_path);
	if (sqlite3_open(s->temp_path, &s->db) != SQLITE_OK) {
		kcg_error_set(err, "cannot create database '%s': %s",
			      s->temp_path, sqlite3_errmsg(s->db));
		goto fail;
	}
	if (db_exec(s->db,
		    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
		    "PRAGMA cache_size = -262144; PRAGMA page_size = 8192;",
		    err) ||
	    db_create_schema(s->db, err))
		goto fail;
	for (i = 0; i < NR_STMTS; i++)
		if (db_prepare(s->db, stmt_sql[i], &s->stmt[i], err))
			goto fail;
	if (db_exec(s->db, "BEGIN", err))
		goto fail;
	*out = s;
	return 0;
fail:
	unlink(s->temp_path);
	free_store(s);
	return -1;
}

void store_abort(struct store *s)
{
	if (!s)
		return;
	unlink(s->temp_path);
	free_store(s);
}

/* Run a prepared statement that returns no rows; reset it. */
static int step(struct store *s, sqlite3_stmt *stmt, struct kcg_error *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_DONE)
		return sql_fail(s, err);
	return 0;
}

static void bind_text(sqlite3_stmt *stmt, int col, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, col, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, col);
}

static void bind_id(sqlite3_stmt *stmt, int col, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(stmt, col, id);
	else
		sqlite3_bind_null(stmt, col);
}

int store_set_meta(struct store *s, const char *key, const char *value,
		   struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_META];

	bind_text(st, 1, key);
	bind_text(st, 2, value ? value : "");
	return step(s, st, err);
}

/* The id of a file path, inserting it on first sight; 0 for NULL. */
static int file_id(struct store *s, const char *path, int64_t *id,
		   struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_FILE];

	*id = 0;
	if (!path)
		return 0;
	if (strmap_get(&s->files, path, id))
		return 0;
	bind_text(st, 1, path);
	if (step(s, st, err))
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	strmap_put(&s->files, path, *id);
	return 0;
}

static int64_t lookup(const struct strmap *map, const char *key)
{
	int64_t id = 0;

	if (key)
		strmap_get(map, key, &id);
	return id < 0 ? -id : id;
}

static int add_function(struct store *s, const struct fact_function *f,
			int64_t tu_id, struct kcg_error *err)
{
	int64_t id = 0, fid;
	int known = strmap_get(&s->functions, f->key, &id);
	sqlite3_stmt *st;

	if (known && (id > 0 || !f->is_defined))
		return 0;	/* defined already, or nothing new */
	if (file_id(s, f->loc.file, &fid, err))
		return -1;
	if (known) {
		st = s->stmt[ST_FUNCTION_DEFINE];
		bind_text(st, 1, f->name);
		bind_id(st, 2, fid);
		sqlite3_bind_int(st, 3, (int)f->loc.line);
		sqlite3_bind_int(st, 4, (int)f->loc.col);
		bind_text(st, 5, f->is_static ? "static" : "extern");
		sqlite3_bind_int(st, 6, f->is_inline);
		sqlite3_bind_int(st, 7, f->from_macro);
		bind_text(st, 8, f->type);
		bind_id(st, 9, tu_id);
		sqlite3_bind_int64(st, 10, -id);
		if (step(s, st, err))
			return -1;
		strmap_put(&s->functions, f->key, -id);
		s->counts.defined++;
		return 0;
	}
	st = s->stmt[ST_FUNCTION];
	bind_text(st, 1, f->key);
	bind_text(st, 2, f->name);
	bind_id(st, 3, fid);
	sqlite3_bind_int(st, 4, (int)f->loc.line);
	sqlite3_bind_int(st, 5, (int)f->loc.col);
	bind_text(st, 6, f->is_static ? "static" : "extern");
	sqlite3_bind_int(st, 7, f->is_inline);
	sqlite3_bind_int(st, 8, f->is_defined);
	sqlite3_bind_int(st, 9, f->from_macro);
	bind_text(st, 10, f->type);
	if (f->is_defined)
		bind_id(st, 11, tu_id);
	if (step(s, st, err))
		return -1;
	id = sqlite3_last_insert_rowid(s->db);
	strmap_put(&s->functions, f->key, f->is_defined ? id : -id);
	s->counts.functions++;
	if (f->is_defined)
		s->counts.defined++;
	return 0;
}

static int add_global(struct store *s, const struct fact_global *g,
		      struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_GLOBAL];
	int64_t fid;

	if (strmap_get(&s->globals, g->key, NULL))
		return 0;
	if (file_id(s, g->loc.file, &fid, err))
		return -1;
	bind_text(st, 1, g->key);
	bind_text(st, 2, g->name);
	bind_id(st, 3, fid);
	sqlite3_bind_int(st, 4, (int)g->loc.line);
	bind_text(st, 5, g->is_static ? "static" : "extern");
	bind_text(st, 6, g->type);
	if (step(s, st, err))
		return -1;
	strmap_put(&s->globals, g->key, sqlite3_last_insert_rowid(s->db));
	return 0;
}

static int add_tu(struct store *s, const struct fact_batch *b, int64_t *tu_id,
		  struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_TU];
	struct strbuf first;
	int64_t fid;
	size_t i;
	int rc;

	if (file_id(s, b->file, &fid, err))
		return -1;
	strbuf_init(&first);
	if (b->nr_diags) {
		const struct fact_diag *d = &b->diags[0];

		if (d->loc.file)
			strbuf_addf(&first, "%s:%u:%u: ", d->loc.file,
				    d->loc.line, d->loc.col);
		strbuf_addstr(&first, d->message);
	}
	bind_id(st, 1, fid);
	bind_text(st, 2, b->directory);
	bind_text(st, 3, b->arguments);
	bind_text(st, 4, tu_status_name(b->status));
	sqlite3_bind_int(st, 5, (int)b->errors);
	bind_text(st, 6, b->nr_diags ? first.buf : NULL);
	sqlite3_bind_int(st, 7, (int)b->parse_ms);
	sqlite3_bind_int(st, 8, (int)b->walk_ms);
	rc = step(s, st, err);
	strbuf_release(&first);
	if (rc)
		return -1;
	*tu_id = sqlite3_last_insert_rowid(s->db);

	st = s->stmt[ST_DIAG];
	for (i = 0; i < b->nr_diags; i++) {
		const struct fact_diag *d = &b->diags[i];

		if (file_id(s, d->loc.file, &fid, err))
			return -1;
		sqlite3_bind_int64(st, 1, *tu_id);
		bind_text(st, 2, d->severity >= 4 ? "fatal" : "error");
		bind_id(st, 3, fid);
		sqlite3_bind_int(st, 4, (int)d->loc.line);
		sqlite3_bind_int(st, 5, (int)d->loc.col);
		bind_text(st, 6, d->message);
		if (step(s, st, err))
			return -1;
	}
	s->counts.tus++;
	if (b->status == TU_OK)
		s->counts.tus_ok++;
	else if (b->status == TU_ERRORS)
		s->counts.tus_errors++;
	else
		s->counts.tus_failed++;
	return 0;
}

static int add_calls(struct store *s, const struct fact_batch *b,
		     struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_CALL];
	size_t i;

	xgrow(&s->call_ids, &s->alloc_call_ids, b->nr_calls + 1,
	      sizeof(*s->call_ids));
	for (i = 0; i < b->nr_calls; i++) {
		const struct fact_call *c = &b->calls[i];
		int64_t fid;

		if (file_id(s, c->loc.file, &fid, err))
			return -1;
		bind_id(st, 1, lookup(&s->functions, c->caller));
		bind_id(st, 2, lookup(&s->functions, c->callee));
		bind_text(st, 3, call_kind_name(c->kind));
		bind_id(st, 4, fid);
		sqlite3_bind_int(st, 5, (int)c->loc.line);
		sqlite3_bind_int(st, 6, (int)c->loc.col);
		bind_text(st, 7, c->fn_type);
		if (step(s, st, err))
			return -1;
		s->call_ids[i] = sqlite3_last_insert_rowid(s->db);
		s->counts.calls++;
		if (c->kind == CALL_DIRECT)
			s->counts.direct++;
		else if (c->kind == CALL_MACRO)
			s->counts.macro++;
		else
			s->counts.indirect++;
	}
	return 0;
}

static int add_indirects(struct store *s, const struct fact_batch *b,
			 struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_INDIRECT];
	size_t i;

	for (i = 0; i < b->nr_indirects; i++) {
		const struct fact_indirect *ind = &b->indirects[i];
		const struct fact_value *v = &ind->callee;
		int unknown = v->kind == VAL_LOCAL && !v->local;

		sqlite3_bind_int64(st, 1, s->call_ids[ind->call]);
		bind_text(st, 2, unknown ? "unknown" : value_kind_name(v->kind));
		bind_text(st, 3, v->record);
		bind_text(st, 4, v->field);
		if (v->kind == VAL_PARAM)
			sqlite3_bind_int(st, 5, v->index);
		bind_id(st, 6, lookup(&s->globals, v->global));
		bind_id(st, 7, lookup(&s->functions, v->function));
		bind_text(st, 8, v->local);
		bind_text(st, 9, v->record_file);
		if (step(s, st, err))
			return -1;
	}
	return 0;
}

static int add_flows(struct store *s, const struct fact_batch *b,
		     struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_FLOW];
	size_t i;

	for (i = 0; i < b->nr_flows; i++) {
		const struct fact_flow *f = &b->flows[i];
		const struct fact_value *v = &f->src;
		int64_t fid;

		if (file_id(s, f->loc.file, &fid, err))
			return -1;
		bind_id(st, 1, lookup(&s->functions, f->function));
		bind_id(st, 2, lookup(&s->globals, f->in_global));
		bind_id(st, 3, fid);
		sqlite3_bind_int(st, 4, (int)f->loc.line);
		sqlite3_bind_int(st, 5, (int)f->loc.col);
		bind_text(st, 6, flow_context_name(f->context));
		bind_text(st, 7, flow_dest_name(f->dest));
		bind_text(st, 8, f->record);
		bind_text(st, 9, f->field);
		if (f->dest == DST_ARG) {
			const struct fact_call *c = &b->calls[f->call];

			sqlite3_bind_int64(st, 10, s->call_ids[f->call]);
			bind_id(st, 11, lookup(&s->functions, c->callee));
			sqlite3_bind_int(st, 12, f->index);
		}
		bind_id(st, 13, lookup(&s->globals, f->global));
		bind_text(st, 14, value_kind_name(v->kind));
		bind_id(st, 15, lookup(&s->functions, v->function));
		bind_text(st, 16, v->record);
		bind_text(st, 17, v->field);
		if (v->kind == VAL_PARAM)
			sqlite3_bind_int(st, 18, v->index);
		bind_id(st, 19, lookup(&s->globals, v->global));
		bind_text(st, 20, v->local);
		if (f->instance)
			sqlite3_bind_int64(st, 21, s->instances + f->instance);
		if (v->kind == VAL_FIELD)
			sqlite3_bind_int(st, 22, v->in_ops_table);
		if (v->kind == VAL_GLOBAL_ADDR)
			sqlite3_bind_int(st, 23, v->weak);
		bind_text(st, 24, f->record_file);
		bind_text(st, 25, v->record_file);
		if (step(s, st, err))
			return -1;
		s->counts.flows++;
	}
	return 0;
}

static int add_consts(struct store *s, const struct fact_batch *b,
		      struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_CONST];
	size_t i;

	for (i = 0; i < b->nr_consts; i++) {
		const struct fact_const *c = &b->consts[i];
		int64_t fid;

		if (file_id(s, c->loc.file, &fid, err))
			return -1;
		sqlite3_bind_int64(st, 1, s->instances + c->instance);
		bind_text(st, 2, c->record);
		bind_text(st, 3, c->field);
		sqlite3_bind_int64(st, 4, c->value);
		bind_text(st, 5, c->name);
		bind_id(st, 6, fid);
		sqlite3_bind_int(st, 7, (int)c->loc.line);
		bind_id(st, 8, lookup(&s->globals, c->in_global));
		if (step(s, st, err))
			return -1;
	}
	s->instances += b->nr_instances;
	st = s->stmt[ST_ENUMERATOR];
	for (i = 0; i < b->nr_enumerators; i++) {
		bind_text(st, 1, b->enumerators[i].type);
		bind_text(st, 2, b->enumerators[i].name);
		sqlite3_bind_int64(st, 3, b->enumerators[i].value);
		if (step(s, st, err))
			return -1;
	}
	return 0;
}

int store_add_batch(struct store *s, const struct fact_batch *b,
		    struct kcg_error *err)
{
	int64_t tu_id;
	size_t i;

	if (add_tu(s, b, &tu_id, err))
		return -1;
	for (i = 0; i < b->nr_functions; i++)
		if (add_function(s, &b->functions[i], tu_id, err))
			return -1;
	for (i = 0; i < b->nr_globals; i++)
		if (add_global(s, &b->globals[i], err))
			return -1;
	if (add_calls(s, b, err) || add_indirects(s, b, err) ||
	    add_flows(s, b, err) || add_consts(s, b, err))
		return -1;
	if (++s->batches_in_transaction >= BATCHES_PER_TRANSACTION) {
		s->batches_in_transaction = 0;
		if (db_exec(s->db, "COMMIT; BEGIN", err))
			return -1;
	}
	return 0;
}

/* Every direct and macro call is an edge as it is. */
static const char direct_edges_sql[] =
	"INSERT INTO edge(caller_id, callee_id, kind, call_id, file_id, line, "
	"col, rule) SELECT caller_id, callee_id, kind, id, file_id, line, col, "
	"kind FROM calls WHERE callee_id IS NOT NULL ORDER BY id";

int store_finish(struct store *s, struct store_counts *counts,
		 struct kcg_error *err)
{
	struct timespec start, end;
	int rc = -1, i;

	if (db_exec(s->db, direct_edges_sql, err))
		goto out;
	s->counts.edges = sqlite3_changes(s->db);
	if (db_create_indexes(s->db, err))
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (resolve_index(s->db, &s->counts.resolve, err))
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &end);
	s->counts.resolve_seconds = (double)(end.tv_sec - start.tv_sec) +
				    (double)(end.tv_nsec - start.tv_nsec) / 1e9;
	if (graph_store(s->db, err))
		goto out;
	for (i = 0; i < 8; i++)
		s->counts.edges += s->counts.resolve.edges[i];
	if (db_exec(s->db, "COMMIT", err) || db_exec(s->db, "ANALYZE", err))
		goto out;
	if (counts)
		*counts = s->counts;
	close_db(s);
	if (rename(s->temp_path, s->final_path)) {
		kcg_error_errno(err, "cannot rename '%s' to '%s'",
				s->temp_path, s->final_path);
		goto out;
	}
	rc = 0;
out:
	if (rc)
		unlink(s->temp_path);
	free_store(s);
	return rc;
}
