/*
 * Writing an index: see store.h.
 *
 * Keys (function and global keys, file paths) become integer ids through
 * in-memory maps, so each batch costs inserts only, never lookups in
 * SQLite.  The bulk load runs with the journal off: the temporary file is
 * thrown away on any failure, and only a finished one is renamed into
 * place.
 *
 * Every fact row names its claim (claims.id): the function body, global
 * initializer or enum it was found in, so that merge.c can drop one TU's
 * facts, or one copy of a header inline, and nothing else.
 */
#include "store_impl.h"

#include "db.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Commit every this many batches: bounded memory, few fsyncs. */
#define BATCHES_PER_TRANSACTION 64

static const char *const stmt_sql[NR_STMTS] = {
	[ST_FILE_GET] = "SELECT id, 1 FROM files WHERE path = ?",
	[ST_FUNCTION_GET] = "SELECT id, is_defined FROM functions "
			    "WHERE usr = ?",
	[ST_GLOBAL_GET] = "SELECT id, 1 FROM globals WHERE usr = ?",
	[ST_FILE] = "INSERT INTO files(path) VALUES (?)",
	[ST_FUNCTION] = "INSERT INTO functions(usr, name, file_id, line, col, "
			"linkage, is_inline, is_defined, from_macro, type, "
			"tu_id, decl_file_id, decl_line, decl_col) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_FUNCTION_DEFINE] = "UPDATE functions SET name = ?, file_id = ?, "
			       "line = ?, col = ?, linkage = ?, "
			       "is_inline = ?, is_defined = 1, "
			       "from_macro = ?, type = ?, tu_id = ? "
			       "WHERE id = ?",
	[ST_FUNCTION_DECL] = "UPDATE functions SET decl_file_id = ?1, "
			     "decl_line = ?2, decl_col = ?3, file_id = "
			     "CASE WHEN is_defined THEN file_id ELSE ?1 END, "
			     "line = CASE WHEN is_defined THEN line ELSE ?2 "
			     "END, col = CASE WHEN is_defined THEN col ELSE "
			     "?3 END WHERE id = ?4",
	[ST_FUNCTION_DECL_GET] = "SELECT decl_file_id, decl_line, decl_col, "
				 "(SELECT path FROM files WHERE id = "
				 "decl_file_id) FROM functions WHERE id = ?",
	[ST_GLOBAL] = "INSERT INTO globals(usr, name, file_id, line, linkage, "
		      "type) VALUES (?, ?, ?, ?, ?, ?)",
	[ST_TU] = "INSERT INTO tus(file_id, directory, arguments, status, "
		  "errors, first_error, parse_ms, walk_ms, command_hash, run) "
		  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_INCLUDE] = "INSERT OR IGNORE INTO includes(tu_id, file_id, hash) "
		       "VALUES (?, ?, ?)",
	[ST_CLAIM] = "INSERT INTO claims(tu_id, kind, key, file_id, weak, "
		     "in_main) VALUES (?, ?, ?, ?, ?, ?) "
		     "ON CONFLICT(key) DO NOTHING",
	[ST_CLAIM_HOLDER] = "SELECT c.id, c.tu_id, c.weak, c.in_main, f.path, "
			    "t.command_hash FROM claims c JOIN tus t ON "
			    "t.id = c.tu_id JOIN files f ON f.id = t.file_id "
			    "WHERE c.key = ?",
	[ST_CLAIM_BEAT] = "UPDATE claims SET key = NULL WHERE id = ?",
	[ST_BEATEN_DEF] = "INSERT INTO beaten_defs(tu_id, key) VALUES (?, ?)",
	[ST_DIAG] = "INSERT INTO diagnostics(tu_id, severity, file_id, line, "
		    "col, message) VALUES (?, ?, ?, ?, ?, ?)",
	[ST_CALL] = "INSERT INTO calls(caller_id, callee_id, kind, file_id, "
		    "line, col, fn_type, claim_id) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_INDIRECT] = "INSERT INTO indirect_calls(call_id, shape, struct, "
			"field, param_index, global_id, callee_id, local, "
			"struct_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_FLOW] = "INSERT INTO flows(function_id, in_global_id, file_id, "
		    "line, col, context, dst_kind, dst_struct, dst_field, "
		    "dst_call_id, dst_callee_id, dst_index, dst_global_id, "
		    "src_kind, src_function_id, src_struct, src_field, "
		    "src_index, src_global_id, src_local, instance_id, "
		    "src_ops_table, src_weak, dst_struct_file, "
		    "src_struct_file, claim_id, dst_container, dst_made) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_ENUMERATOR] = "INSERT INTO enumerators(enum, name, value, "
			  "claim_id) VALUES (?, ?, ?, ?)",
	[ST_ENUM_USE] = "INSERT OR IGNORE INTO enum_uses(claim_id, enum) "
			"VALUES (?, ?)",
	[ST_GLOBAL_REPORT] = "INSERT OR IGNORE INTO global_reports(claim_id, "
			     "usr, file_id, line, type) "
			     "VALUES (?, ?, ?, ?, ?)",
	[ST_CONST] = "INSERT INTO init_consts(instance_id, struct, field, "
		     "value, name, file_id, line, global_id, claim_id) VALUES "
		     "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_CALL_ARG] = "INSERT INTO call_args(call_id, arg_index, value, "
			"name, param_index, claim_id, narrows) "
			"VALUES (?, ?, ?, ?, ?, ?, ?)",
	[ST_GUARD] = "INSERT INTO call_guards(call_id, param_index, nonzero, "
		     "claim_id) VALUES (?, ?, ?, ?)",
	[ST_INT_STORE] = "INSERT INTO int_stores(function_id, struct, field, "
			 "param_index, file_id, line, claim_id, value, name) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_RECEIVER] = "INSERT INTO receivers(call_id, path, arg_index, "
			"param_index, global_id, claim_id, container, "
			"made_call_id, table_field, table_struct_file) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_COPY] = "INSERT INTO struct_copies(struct, struct_file, claim_id, "
		    "dst_global_id, src_global_id, dst_param_index, "
		    "src_param_index, dst_member) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
};

const char *store_temp_path(const struct store *s)
{
	return s->temp_path;
}

int store_sql_fail(struct store *s, struct kcg_error *err)
{
	return kcg_error_set(err, "cannot write '%s': %s", s->temp_path,
			     sqlite3_errmsg(s->db));
}

int store_query_int(struct store *s, const char *sql, int64_t *out,
		    struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(s->db, sql, &st, err))
		return -1;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_sql_fail(s, err);
}

/* Statements must be finalized before the connection can close. */
void store_close_db(struct store *s)
{
	int i;

	for (i = 0; i < NR_STMTS; i++) {
		sqlite3_finalize(s->stmt[i]);
		s->stmt[i] = NULL;
	}
	sqlite3_close(s->db);
	s->db = NULL;
}

void store_free(struct store *s)
{
	store_writeback_wait(s);
	store_close_db(s);
	strmap_release(&s->files);
	strmap_release(&s->functions);
	strmap_release(&s->globals);
	store_decls_release(s);
	free(s->call_ids);
	free(s->owners);
	free(s->beaten);
	free(s->previous_csr_stamp);
	free(s->final_path);
	free(s->temp_path);
	free(s->companion_suffix);
	free(s->companion_temp);
	free(s);
}

const char *store_final_path(const struct store *s)
{
	return s->final_path;
}

const char *store_companion_path(struct store *s, const char *suffix)
{
	struct strbuf tmp;

	if (!s->companion_temp) {
		strbuf_init(&tmp);
		strbuf_addf(&tmp, "%s%s", s->temp_path, suffix);
		s->companion_suffix = xstrdup(suffix);
		s->companion_temp = strbuf_detach(&tmp);
	}
	return s->companion_temp;
}

void store_unlink_temp(struct store *s)
{
	unlink(s->temp_path);
	if (s->companion_temp)
		unlink(s->companion_temp);
}

/*
 * Remove the temporary databases of runs that were killed (SIGKILL, a
 * crash): FINAL.tmp-PID whose process is gone, and their companion files
 * (FINAL.tmp-PID.SUFFIX).  A live one belongs to an
 * index running now and is left alone.
 */
void store_remove_stale(const char *final_path)
{
	const char *slash = strrchr(final_path, '/');
	char *dir = slash ? xstrndup(final_path,
				     (size_t)(slash - final_path) + 1) :
			    xstrdup(".");
	const char *base = slash ? slash + 1 : final_path;
	size_t len = strlen(base);
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d))) {
		const char *p = de->d_name;
		char *end;
		long pid;

		if (strncmp(p, base, len) || strncmp(p + len, ".tmp-", 5))
			continue;
		pid = strtol(p + len + 5, &end, 10);
		if ((*end && *end != '.') || pid <= 0 ||
		    pid == (long)getpid() ||
		    !kill((pid_t)pid, 0) || errno != ESRCH)
			continue;
		{
			char *path = xmalloc(strlen(dir) + strlen(p) + 2);

			sprintf(path, "%s%s%s", dir, slash ? "" : "/", p);
			unlink(path);
			free(path);
		}
	}
	if (d)
		closedir(d);
	free(dir);
}

struct store *store_new(const char *final_path)
{
	struct store *s = xcalloc(1, sizeof(*s));
	struct strbuf tmp;

	store_remove_stale(final_path);
	strbuf_init(&tmp);
	strbuf_addf(&tmp, "%s.tmp-%ld", final_path, (long)getpid());
	s->final_path = xstrdup(final_path);
	s->temp_path = strbuf_detach(&tmp);
	s->run = 1;
	strmap_init(&s->files);
	strmap_init(&s->functions);
	strmap_init(&s->globals);
	return s;
}

int store_connect(struct store *s, int fresh, struct kcg_error *err)
{
	int i;

	if (sqlite3_open(s->temp_path, &s->db) != SQLITE_OK)
		return kcg_error_set(err, "cannot %s database '%s': %s",
				     fresh ? "create" : "open", s->temp_path,
				     sqlite3_errmsg(s->db));
	db_trace_slow(s->db);
	/*
	 * The temporary database is this run's alone: it keeps the lock
	 * from its first write on, so that a reader opening it is refused
	 * instead of holding a lock a commit of the run would then fail on
	 * (an hour of a whole-tree index lost to a `sqlite3 ... count(*)`).
	 */
	if (db_exec(s->db,
		    "PRAGMA locking_mode = EXCLUSIVE;"
		    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
		    "PRAGMA cache_size = -262144; PRAGMA page_size = 8192;"
		    "PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456;",
		    err) ||
	    (fresh && db_create_schema(s->db, err)))
		return -1;
	for (i = 0; i < NR_STMTS; i++)
		if (db_prepare(s->db, stmt_sql[i], &s->stmt[i], err))
			return -1;
	return db_exec(s->db, "BEGIN", err);
}

int store_open(struct store **out, const char *final_path,
	       struct kcg_error *err)
{
	struct store *s = store_new(final_path);

	*out = NULL;
	unlink(s->temp_path);
	if (store_connect(s, 1, err)) {
		unlink(s->temp_path);
		store_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void store_set_run(struct store *s, int64_t run)
{
	s->run = run;
}

void store_set_interrupt(struct store *s, volatile sig_atomic_t *flag)
{
	s->interrupted = flag;
}

void store_abort(struct store *s)
{
	if (!s)
		return;
	store_unlink_temp(s);
	store_free(s);
}

int store_step(struct store *s, sqlite3_stmt *stmt, struct kcg_error *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_DONE)
		return store_sql_fail(s, err);
	return 0;
}

void store_bind_text(sqlite3_stmt *stmt, int col, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, col, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, col);
}

void store_bind_id(sqlite3_stmt *stmt, int col, int64_t id)
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

	store_bind_text(st, 1, key);
	store_bind_text(st, 2, value ? value : "");
	return store_step(s, st, err);
}

/*
 * Whether map (files, functions or globals, read by statement get) holds
 * key, and its id (a function's negated while undefined).  An update does
 * not load the maps of the database it updates (half a million keys of a
 * whole tree, for a run that meets a few thousand): a key the map does
 * not hold is read from the table the first time.  -1 on error.
 */
static int known_id(struct store *s, struct strmap *map, enum stmt_id get,
		    const char *key, int64_t *id)
{
	sqlite3_stmt *st = s->stmt[get];
	int rc;

	if (strmap_get(map, key, id))
		return 1;
	*id = 0;
	if (!s->updating)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (!sqlite3_column_int(st, 1))
			*id = -*id;
		strmap_put(map, key, *id);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		s->lookup_failed = 1;
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* The id of a file path, inserting it on first sight; 0 for NULL. */
static int file_id(struct store *s, const char *path, int64_t *id,
		   struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_FILE];

	*id = 0;
	if (!path)
		return 0;
	switch (known_id(s, &s->files, ST_FILE_GET, path, id)) {
	case -1:
		return store_sql_fail(s, err);
	case 0:
		store_bind_text(st, 1, path);
		if (store_step(s, st, err))
			return -1;
		*id = sqlite3_last_insert_rowid(s->db);
		strmap_put(&s->files, path, *id);
		break;
	}
	/* read in this run (declared.c) */
	store_remember_path(s, *id, path);
	return 0;
}

/* The id of a function or global key a fact names; 0 if none (an error
 * is noted in s->lookup_failed). */
static int64_t lookup_function(struct store *s, const char *key)
{
	int64_t id = 0;

	if (key)
		known_id(s, &s->functions, ST_FUNCTION_GET, key, &id);
	return id < 0 ? -id : id;
}

static int64_t lookup_global(struct store *s, const char *key)
{
	int64_t id = 0;

	if (key)
		known_id(s, &s->globals, ST_GLOBAL_GET, key, &id);
	return id;
}

/* The claims of a batch, and what owns its facts. */
struct owners {
	struct strmap by_key;	/* function or global key -> claims.id */
	struct strmap took_over;	/* keys whose stored body one of
					   this batch beat (settle()) */
	int64_t *claim_ids;	/* batch claim index -> claims.id */
	int64_t tu_claim;	/* facts of no claim: the TU's own (lazily) */
	int64_t tu_id;
};

/*
 * A TU that mentions a function without walking its body records where it
 * sees it declared: the place the function goes back to if the TU that
 * defines it leaves the index, the least of all reported (declared.c).
 */
static int note_declared(struct store *s, const struct fact_function *f,
			 int64_t id, struct kcg_error *err)
{
	int64_t fid;

	if (file_id(s, f->loc.file, &fid, err))
		return -1;
	if (fid)
		store_note_decl(s, id, fid, f->loc.line, f->loc.col);
	return 0;
}

static int add_function(struct store *s, const struct fact_function *f,
			const struct owners *o, struct kcg_error *err)
{
	int64_t id = 0, fid, tu_id = o->tu_id;
	int known = known_id(s, &s->functions, ST_FUNCTION_GET, f->key, &id);
	sqlite3_stmt *st;

	if (known < 0)
		return store_sql_fail(s, err);
	if (known && !f->is_defined)
		return note_declared(s, f, id < 0 ? -id : id, err);
	/* defined already, unless by a body this one beat */
	if (known && id > 0 && !strmap_get(&o->took_over, f->key, NULL))
		return 0;
	if (file_id(s, f->loc.file, &fid, err))
		return -1;
	if (known) {
		id = id < 0 ? -id : id;
		st = s->stmt[ST_FUNCTION_DEFINE];
		store_bind_text(st, 1, f->name);
		store_bind_id(st, 2, fid);
		sqlite3_bind_int(st, 3, (int)f->loc.line);
		sqlite3_bind_int(st, 4, (int)f->loc.col);
		store_bind_text(st, 5, f->is_static ? "static" : "extern");
		sqlite3_bind_int(st, 6, f->is_inline);
		sqlite3_bind_int(st, 7, f->from_macro);
		store_bind_text(st, 8, f->type);
		store_bind_id(st, 9, tu_id);
		sqlite3_bind_int64(st, 10, id);
		if (store_step(s, st, err))
			return -1;
		strmap_put(&s->functions, f->key, id);
		return 0;
	}
	st = s->stmt[ST_FUNCTION];
	store_bind_text(st, 1, f->key);
	store_bind_text(st, 2, f->name);
	store_bind_id(st, 3, fid);
	sqlite3_bind_int(st, 4, (int)f->loc.line);
	sqlite3_bind_int(st, 5, (int)f->loc.col);
	store_bind_text(st, 6, f->is_static ? "static" : "extern");
	sqlite3_bind_int(st, 7, f->is_inline);
	sqlite3_bind_int(st, 8, f->is_defined);
	sqlite3_bind_int(st, 9, f->from_macro);
	store_bind_text(st, 10, f->type);
	if (f->is_defined) {
		store_bind_id(st, 11, tu_id);
	} else {
		store_bind_id(st, 12, fid);
		sqlite3_bind_int(st, 13, (int)f->loc.line);
		sqlite3_bind_int(st, 14, (int)f->loc.col);
	}
	if (store_step(s, st, err))
		return -1;
	id = sqlite3_last_insert_rowid(s->db);
	strmap_put(&s->functions, f->key, f->is_defined ? id : -id);
	if (!f->is_defined && fid)
		store_note_decl(s, id, fid, f->loc.line, f->loc.col);
	return 0;
}

static int add_global(struct store *s, const struct fact_global *g,
		      struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_GLOBAL];
	int64_t fid, id;
	int known = known_id(s, &s->globals, ST_GLOBAL_GET, g->key, &id);

	if (known < 0)
		return store_sql_fail(s, err);
	/* its place: the least report, written by global_place.c */
	if (known)
		return 0;
	if (file_id(s, g->loc.file, &fid, err))
		return -1;
	store_bind_text(st, 1, g->key);
	store_bind_text(st, 2, g->name);
	store_bind_id(st, 3, fid);
	sqlite3_bind_int(st, 4, (int)g->loc.line);
	store_bind_text(st, 5, g->is_static ? "static" : "extern");
	store_bind_text(st, 6, g->type);
	if (store_step(s, st, err))
		return -1;
	id = sqlite3_last_insert_rowid(s->db);
	strmap_put(&s->globals, g->key, id);
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
	store_bind_id(st, 1, fid);
	store_bind_text(st, 2, b->directory);
	store_bind_text(st, 3, b->arguments);
	store_bind_text(st, 4, tu_status_name(b->status));
	sqlite3_bind_int(st, 5, (int)b->errors);
	store_bind_text(st, 6, b->nr_diags ? first.buf : NULL);
	sqlite3_bind_int(st, 7, (int)b->parse_ms);
	sqlite3_bind_int(st, 8, (int)b->walk_ms);
	sqlite3_bind_int64(st, 9, (int64_t)b->command_hash);
	sqlite3_bind_int64(st, 10, s->run);
	rc = store_step(s, st, err);
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
		store_bind_text(st, 2, d->severity >= 4 ? "fatal" : "error");
		store_bind_id(st, 3, fid);
		sqlite3_bind_int(st, 4, (int)d->loc.line);
		sqlite3_bind_int(st, 5, (int)d->loc.col);
		store_bind_text(st, 6, d->message);
		if (store_step(s, st, err))
			return -1;
	}

	st = s->stmt[ST_INCLUDE];
	for (i = 0; i < b->nr_includes; i++) {
		if (file_id(s, b->includes[i].file, &fid, err))
			return -1;
		sqlite3_bind_int64(st, 1, *tu_id);
		sqlite3_bind_int64(st, 2, fid);
		sqlite3_bind_int64(st, 3, (int64_t)b->includes[i].hash);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

/* A definition as the order of claims sees it (extractor/extract.h). */
struct definer {
	int weak, in_main;
	const char *tu_file;
	int64_t command_hash;
};

/*
 * Whether definition a beats b: strong over weak, then one in its TU's
 * source over one in a header, then the TU first by path and command
 * hash.
 */
static int beats(const struct definer *a, const struct definer *b)
{
	int c;

	if (a->weak != b->weak)
		return b->weak;
	if (a->in_main != b->in_main)
		return a->in_main;
	c = strcmp(a->tu_file, b->tu_file);
	return c < 0 || (!c && a->command_hash < b->command_hash);
}

/* Insert a claim; *id 0 if another of its key is there already. */
static int insert_claim(struct store *s, int64_t tu_id, const char *kind,
			const char *key, const struct fact_claim *c,
			int64_t *id, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_CLAIM];
	int64_t fid;

	if (file_id(s, c ? c->file : NULL, &fid, err))
		return -1;
	sqlite3_bind_int64(st, 1, tu_id);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, key);
	store_bind_id(st, 4, fid);
	sqlite3_bind_int(st, 5, c ? c->weak : 0);
	sqlite3_bind_int(st, 6, c ? c->in_main : 0);
	if (store_step(s, st, err))
		return -1;
	*id = sqlite3_changes(s->db) ? sqlite3_last_insert_rowid(s->db) : 0;
	return 0;
}

/*
 * A weak or source-file definition of key in TU tu_id that another
 * definition beat: beaten_defs keeps where it is, the body an
 * incremental index walks if the other leaves (index/plan.c).
 */
static int add_beaten_def(struct store *s, int64_t tu_id, const char *key,
			  struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_BEATEN_DEF];

	sqlite3_bind_int64(st, 1, tu_id);
	store_bind_text(st, 2, key);
	return store_step(s, st, err);
}

/* The same for a claim walked already, which has no key: its facts go
 * when the store is prepared (store_prepare()). */
static int note_beaten(struct store *s, int64_t claim_id, int64_t tu_id,
		       const char *key, const struct definer *d,
		       struct kcg_error *err)
{
	xgrow(&s->beaten, &s->alloc_beaten, s->nr_beaten + 1,
	      sizeof(*s->beaten));
	s->beaten[s->nr_beaten++] = claim_id;
	if (!d->weak && !d->in_main)
		return 0;
	return add_beaten_def(s, tu_id, key, err);
}

/*
 * Claim c of batch b met the claim of its key stored already (only a
 * TU whose definition beat the holder's when it claimed the key can):
 * the better definition stays, whichever came first.  *won is set when c
 * beat the one stored, which then goes.
 */
static int settle(struct store *s, const struct fact_batch *b,
		  const struct fact_claim *c, struct owners *o, int *won,
		  struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_CLAIM_HOLDER];
	struct definer mine = { c->weak, c->in_main, b->file,
				(int64_t)b->command_hash };
	struct definer held;
	int64_t held_id, held_tu;
	int rc;

	*won = 0;
	store_bind_text(st, 1, c->key);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ?
			       kcg_error_set(err, "internal error: no claim "
						  "of '%s' to settle", c->key) :
			       store_sql_fail(s, err);
	}
	held_id = sqlite3_column_int64(st, 0);
	held_tu = sqlite3_column_int64(st, 1);
	held.weak = sqlite3_column_int(st, 2);
	held.in_main = sqlite3_column_int(st, 3);
	held.tu_file = (const char *)sqlite3_column_text(st, 4);
	held.command_hash = sqlite3_column_int64(st, 5);
	*won = beats(&mine, &held);
	held.tu_file = NULL;	/* gone with the reset */
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!*won)
		return 0;
	strmap_put(&o->took_over, c->key, 1);
	s->taken_over++;
	/* the stored claim gives its key up to c's */
	st = s->stmt[ST_CLAIM_BEAT];
	sqlite3_bind_int64(st, 1, held_id);
	if (store_step(s, st, err))
		return -1;
	return note_beaten(s, held_id, held_tu, c->key, &held, err);
}

static int add_claims(struct store *s, const struct fact_batch *b,
		      struct owners *o, struct kcg_error *err)
{
	size_t i;

	for (i = 0; i < b->nr_claims; i++) {
		const struct fact_claim *c = &b->claims[i];
		const char *kind = claim_kind_name(c->kind);
		int64_t *id = &o->claim_ids[i];
		int won;

		if (c->unwalked) {
			if (add_beaten_def(s, o->tu_id, c->key, err))
				return -1;
			continue;
		}
		if (insert_claim(s, o->tu_id, kind, c->key, c, id, err))
			return -1;
		if (!*id) {
			struct definer me = { c->weak, c->in_main, NULL, 0 };

			if (settle(s, b, c, o, &won, err) ||
			    insert_claim(s, o->tu_id, kind,
					 won ? c->key : NULL, c, id, err) ||
			    (!won && note_beaten(s, *id, o->tu_id, c->key,
						 &me, err)))
				return -1;
		}
		if (c->kind != CLAIM_ENUM)
			strmap_put(&o->by_key, c->key, *id);
	}
	return 0;
}

/*
 * The claim of the body or initializer key (a function or global key, or
 * NULL), or the TU's own claim, made on first use, for a fact that is in
 * none (there should be none such).
 */
static int owner_of(struct store *s, struct owners *o, const char *key,
		    int64_t *id, struct kcg_error *err)
{
	if (key && strmap_get(&o->by_key, key, id))
		return 0;
	if (!o->tu_claim &&
	    insert_claim(s, o->tu_id, "tu", NULL, NULL, &o->tu_claim, err))
		return -1;
	*id = o->tu_claim;
	return 0;
}

/* The reports of the globals each definition walked here names, owned by
 * its claim (global_place.c chooses among them). */
static int add_global_reports(struct store *s, const struct fact_batch *b,
			      struct owners *o, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_GLOBAL_REPORT];
	size_t i;

	for (i = 0; i < b->nr_global_refs; i++) {
		const struct fact_global_ref *ref = &b->global_refs[i];
		const struct fact_global *g = &b->globals[ref->global];
		int64_t owner, fid;

		if (owner_of(s, o, ref->owner, &owner, err) ||
		    file_id(s, g->loc.file, &fid, err))
			return -1;
		sqlite3_bind_int64(st, 1, owner);
		store_bind_text(st, 2, g->key);
		store_bind_id(st, 3, fid);
		sqlite3_bind_int(st, 4, (int)g->loc.line);
		store_bind_text(st, 5, g->type);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

static int add_calls(struct store *s, const struct fact_batch *b,
		     struct owners *o, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_CALL];
	size_t i;

	xgrow(&s->call_ids, &s->alloc_call_ids, b->nr_calls + 1,
	      sizeof(*s->call_ids));
	for (i = 0; i < b->nr_calls; i++) {
		const struct fact_call *c = &b->calls[i];
		int64_t fid, owner;

		if (file_id(s, c->loc.file, &fid, err) ||
		    owner_of(s, o, c->caller, &owner, err))
			return -1;
		store_bind_id(st, 1, lookup_function(s, c->caller));
		store_bind_id(st, 2, lookup_function(s, c->callee));
		store_bind_text(st, 3, call_kind_name(c->kind));
		store_bind_id(st, 4, fid);
		sqlite3_bind_int(st, 5, (int)c->loc.line);
		sqlite3_bind_int(st, 6, (int)c->loc.col);
		store_bind_text(st, 7, c->fn_type);
		sqlite3_bind_int64(st, 8, owner);
		if (store_step(s, st, err))
			return -1;
		s->call_ids[i] = sqlite3_last_insert_rowid(s->db);
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
		store_bind_text(st, 2, unknown ? "unknown" :
						 value_kind_name(v->kind));
		store_bind_text(st, 3, v->record);
		store_bind_text(st, 4, v->field);
		if (v->kind == VAL_PARAM)
			sqlite3_bind_int(st, 5, v->index);
		store_bind_id(st, 6, lookup_global(s, v->global));
		store_bind_id(st, 7, lookup_function(s, v->function));
		store_bind_text(st, 8, v->local);
		store_bind_text(st, 9, v->record_file);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

static int add_flows(struct store *s, const struct fact_batch *b,
		     struct owners *o, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_FLOW];
	size_t i;

	xgrow(&s->owners, &s->alloc_owners, (size_t)b->nr_instances + 1,
	      sizeof(*s->owners));
	memset(s->owners, 0,
	       ((size_t)b->nr_instances + 1) * sizeof(*s->owners));
	for (i = 0; i < b->nr_flows; i++) {
		const struct fact_flow *f = &b->flows[i];
		const struct fact_value *v = &f->src;
		int64_t fid, owner;

		if (file_id(s, f->loc.file, &fid, err) ||
		    owner_of(s, o, f->function ? f->function : f->in_global,
			     &owner, err))
			return -1;
		store_bind_id(st, 1, lookup_function(s, f->function));
		store_bind_id(st, 2, lookup_global(s, f->in_global));
		store_bind_id(st, 3, fid);
		sqlite3_bind_int(st, 4, (int)f->loc.line);
		sqlite3_bind_int(st, 5, (int)f->loc.col);
		store_bind_text(st, 6, flow_context_name(f->context));
		store_bind_text(st, 7, flow_dest_name(f->dest));
		store_bind_text(st, 8, f->record);
		store_bind_text(st, 9, f->field);
		if (f->dest == DST_ARG) {
			const struct fact_call *c = &b->calls[f->call];

			sqlite3_bind_int64(st, 10, s->call_ids[f->call]);
			store_bind_id(st, 11, lookup_function(s, c->callee));
			sqlite3_bind_int(st, 12, f->index);
		}
		store_bind_id(st, 13, lookup_global(s, f->global));
		store_bind_text(st, 14, value_kind_name(v->kind));
		store_bind_id(st, 15, lookup_function(s, v->function));
		store_bind_text(st, 16, v->record);
		store_bind_text(st, 17, v->field);
		if (v->kind == VAL_PARAM)
			sqlite3_bind_int(st, 18, v->index);
		store_bind_id(st, 19, lookup_global(s, v->global));
		store_bind_text(st, 20, v->local);
		if (f->instance) {
			sqlite3_bind_int64(st, 21, s->instances + f->instance);
			if (f->instance <= b->nr_instances)
				s->owners[f->instance] = owner;
		}
		if (v->kind == VAL_FIELD)
			sqlite3_bind_int(st, 22, v->in_ops_table);
		if (v->kind == VAL_GLOBAL_ADDR)
			sqlite3_bind_int(st, 23, v->weak);
		store_bind_text(st, 24, f->record_file);
		store_bind_text(st, 25, v->record_file);
		sqlite3_bind_int64(st, 26, owner);
		store_bind_text(st, 27, f->container);
		store_bind_text(st, 28, f->made);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

/*
 * The claim that owns enumerator i: the last claim made before it, an
 * enum's (*next walks the claims along with i).
 */
static int64_t enumerator_owner(const struct fact_batch *b,
				const struct owners *o, size_t i, size_t *next)
{
	while (*next < b->nr_claims && b->claims[*next].first_enumerator <= i)
		(*next)++;
	if (*next && b->claims[*next - 1].kind == CLAIM_ENUM)
		return o->claim_ids[*next - 1];
	return 0;
}

static int add_consts(struct store *s, const struct fact_batch *b,
		      struct owners *o, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_CONST];
	size_t i, next = 0;

	for (i = 0; i < b->nr_consts; i++) {
		const struct fact_const *c = &b->consts[i];
		int64_t fid, owner = 0;

		if (c->instance && c->instance <= b->nr_instances)
			owner = s->owners[c->instance];
		if (file_id(s, c->loc.file, &fid, err) ||
		    (!owner && owner_of(s, o, c->in_global, &owner, err)))
			return -1;
		sqlite3_bind_int64(st, 1, s->instances + c->instance);
		store_bind_text(st, 2, c->record);
		store_bind_text(st, 3, c->field);
		sqlite3_bind_int64(st, 4, c->value);
		store_bind_text(st, 5, c->name);
		store_bind_id(st, 6, fid);
		sqlite3_bind_int(st, 7, (int)c->loc.line);
		store_bind_id(st, 8, lookup_global(s, c->in_global));
		sqlite3_bind_int64(st, 9, owner);
		if (store_step(s, st, err))
			return -1;
	}
	s->instances += b->nr_instances;
	st = s->stmt[ST_ENUMERATOR];
	for (i = 0; i < b->nr_enumerators; i++) {
		int64_t owner = enumerator_owner(b, o, i, &next);

		if (!owner && owner_of(s, o, NULL, &owner, err))
			return -1;
		store_bind_text(st, 1, b->enumerators[i].type);
		store_bind_text(st, 2, b->enumerators[i].name);
		sqlite3_bind_int64(st, 3, b->enumerators[i].value);
		sqlite3_bind_int64(st, 4, owner);
		if (store_step(s, st, err))
			return -1;
	}
	st = s->stmt[ST_ENUM_USE];
	for (i = 0; i < b->nr_enum_uses; i++) {
		int64_t owner;

		if (owner_of(s, o, b->enum_uses[i].owner, &owner, err))
			return -1;
		sqlite3_bind_int64(st, 1, owner);
		store_bind_text(st, 2, b->enum_uses[i].key);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

/* Integer arguments of calls taking function pointers, the guards of
 * calls and integer parameters stored into fields: each owned by its
 * function's claim. */
static int add_int_facts(struct store *s, const struct fact_batch *b,
			 struct owners *o, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_CALL_ARG];
	size_t i;

	for (i = 0; i < b->nr_call_args; i++) {
		const struct fact_call_arg *a = &b->call_args[i];
		int64_t owner;

		if (owner_of(s, o, b->calls[a->call].caller, &owner, err))
			return -1;
		sqlite3_bind_int64(st, 1, s->call_ids[a->call]);
		sqlite3_bind_int(st, 2, a->index);
		if (a->is_param) {
			sqlite3_bind_int(st, 5, a->param);
			sqlite3_bind_int(st, 7, a->narrows);
		} else {
			sqlite3_bind_int64(st, 3, a->value);
			store_bind_text(st, 4, a->name);
		}
		sqlite3_bind_int64(st, 6, owner);
		if (store_step(s, st, err))
			return -1;
	}
	st = s->stmt[ST_GUARD];
	for (i = 0; i < b->nr_guards; i++) {
		const struct fact_guard *g = &b->guards[i];
		int64_t owner;

		if (owner_of(s, o, b->calls[g->call].caller, &owner, err))
			return -1;
		sqlite3_bind_int64(st, 1, s->call_ids[g->call]);
		sqlite3_bind_int(st, 2, g->param);
		sqlite3_bind_int(st, 3, g->nonzero);
		sqlite3_bind_int64(st, 4, owner);
		if (store_step(s, st, err))
			return -1;
	}
	st = s->stmt[ST_INT_STORE];
	for (i = 0; i < b->nr_int_stores; i++) {
		const struct fact_int_store *is = &b->int_stores[i];
		int64_t fid, owner;

		if (file_id(s, is->loc.file, &fid, err) ||
		    owner_of(s, o, is->function, &owner, err))
			return -1;
		store_bind_id(st, 1, lookup_function(s, is->function));
		store_bind_text(st, 2, is->record);
		store_bind_text(st, 3, is->field);
		if (is->param >= 0) {
			sqlite3_bind_int(st, 4, is->param);
		} else {
			sqlite3_bind_int64(st, 8, is->value);
			store_bind_text(st, 9, is->name);
		}
		store_bind_id(st, 5, fid);
		sqlite3_bind_int(st, 6, (int)is->loc.line);
		sqlite3_bind_int64(st, 7, owner);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

/* The objects field calls are made on, owned by the caller's claim. */
static int add_receivers(struct store *s, const struct fact_batch *b,
			 struct owners *o, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_RECEIVER];
	size_t i;

	for (i = 0; i < b->nr_receivers; i++) {
		const struct fact_receiver *r = &b->receivers[i];
		int64_t owner;

		if (owner_of(s, o, b->calls[r->call].caller, &owner, err))
			return -1;
		sqlite3_bind_int64(st, 1, s->call_ids[r->call]);
		store_bind_text(st, 2, r->path);
		if (r->arg >= 0)
			sqlite3_bind_int(st, 3, r->arg);
		if (r->param >= 0)
			sqlite3_bind_int(st, 4, r->param);
		store_bind_id(st, 5, lookup_global(s, r->global));
		sqlite3_bind_int64(st, 6, owner);
		store_bind_text(st, 7, r->container);
		if (r->made_call >= 0)
			sqlite3_bind_int64(st, 8, s->call_ids[r->made_call]);
		store_bind_text(st, 9, r->table_field);
		store_bind_text(st, 10, r->table_struct_file);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

static int add_copies(struct store *s, const struct fact_batch *b,
		      struct owners *o, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_COPY];
	size_t i;

	for (i = 0; i < b->nr_copies; i++) {
		const struct fact_copy *c = &b->copies[i];
		int64_t owner;

		if (owner_of(s, o, c->function ? c->function : c->in_global,
			     &owner, err))
			return -1;
		store_bind_text(st, 1, c->record);
		store_bind_text(st, 2, c->record_file);
		sqlite3_bind_int64(st, 3, owner);
		store_bind_id(st, 4, lookup_global(s, c->dst_global));
		store_bind_id(st, 5, lookup_global(s, c->src_global));
		if (c->dst_param >= 0)
			sqlite3_bind_int(st, 6, c->dst_param);
		if (c->src_param >= 0)
			sqlite3_bind_int(st, 7, c->src_param);
		sqlite3_bind_int(st, 8, c->dst_member);
		if (store_step(s, st, err))
			return -1;
	}
	return 0;
}

int store_add_batch(struct store *s, const struct fact_batch *b,
		    struct kcg_error *err)
{
	struct owners o;
	size_t i;
	int rc = -1;

	if (s->merged)
		return kcg_error_set(err, "internal error: a batch stored "
					  "after a merge");
	memset(&o, 0, sizeof(o));
	strmap_init(&o.by_key);
	strmap_init(&o.took_over);
	o.claim_ids = xcalloc(b->nr_claims + 1, sizeof(*o.claim_ids));
	if (add_tu(s, b, &o.tu_id, err) || add_claims(s, b, &o, err))
		goto out;
	for (i = 0; i < b->nr_functions; i++)
		if (add_function(s, &b->functions[i], &o, err))
			goto out;
	for (i = 0; i < b->nr_globals; i++)
		if (add_global(s, &b->globals[i], err))
			goto out;
	if (add_global_reports(s, b, &o, err) ||
	    add_calls(s, b, &o, err) || add_indirects(s, b, err) ||
	    add_flows(s, b, &o, err) || add_consts(s, b, &o, err) ||
	    add_int_facts(s, b, &o, err) || add_receivers(s, b, &o, err) ||
	    add_copies(s, b, &o, err))
		goto out;
	if (s->lookup_failed) {
		store_sql_fail(s, err);
		goto out;
	}
	if (++s->batches_in_transaction >= BATCHES_PER_TRANSACTION) {
		s->batches_in_transaction = 0;
		if (db_exec(s->db, "COMMIT; BEGIN", err))
			goto out;
	}
	rc = 0;
out:
	strmap_release(&o.by_key);
	strmap_release(&o.took_over);
	free(o.claim_ids);
	return rc;
}
