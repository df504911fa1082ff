/*
 * Copying facts from another kcg database: see store_merge() in store.h.
 *
 * The other database is attached and its rows copied with SQL.  Files,
 * functions and globals get the ids the database being written has for
 * the same path or key (temporary tables map old ids to new); TUs,
 * claims, calls and flows keep their ids shifted past the ones in use,
 * so that a flow still names its call and a row its claim.  What is
 * copied is chosen by claim: the claims of the TUs taken, less those of
 * keys claimed already, and with them every call, flow, initializer
 * constant, enumerator, enum use, global report, call argument and
 * integer store they own.  Of two definitions of a key, the one kept is
 * the one a single index keeps (extractor/extract.h), whichever database
 * brings it; a global's place is chosen again from the reports kept
 * (global_place.c).
 */
#include "store_impl.h"

#include "db.h"

#include <string.h>

#define MAP_FILE(x) "(SELECT new FROM temp.m_files WHERE old = " x ")"
#define MAP_FN(x) "(SELECT new FROM temp.m_fn WHERE old = " x ")"
#define MAP_GLOBAL(x) "(SELECT new FROM temp.m_gl WHERE old = " x ")"
#define OFFSET(x) "(SELECT " x " FROM temp.m_off)"
#define TAKEN(x) x " IN (SELECT old FROM temp.m_claims)"

/* After m_tus holds the TUs wanted: leave out those indexed already. */
static const char choose_sql[] =
	"DELETE FROM temp.m_tus WHERE old IN (SELECT t.id FROM src.tus t "
	" JOIN src.files f ON f.id = t.file_id WHERE f.path IN ("
	"  SELECT mf.path FROM main.tus mt"
	"  JOIN main.files mf ON mf.id = mt.file_id));"
	"CREATE TEMP TABLE m_claims(old INTEGER PRIMARY KEY);"
	/* a claim of a key this database has too is taken if it beats
	 * it, as store.c's beats() says */
	"INSERT INTO temp.m_claims SELECT c.id FROM src.claims c"
	" LEFT JOIN main.claims m ON m.key = c.key"
	" WHERE c.tu_id IN (SELECT old FROM temp.m_tus) AND (m.id IS NULL OR"
	"  m.weak > c.weak OR (m.weak = c.weak AND (c.in_main > m.in_main OR"
	"  (c.in_main = m.in_main AND"
	"   (SELECT f.path, t.command_hash FROM src.tus t"
	"    JOIN src.files f ON f.id = t.file_id WHERE t.id = c.tu_id) <"
	"   (SELECT f.path, t.command_hash FROM main.tus t"
	"    JOIN main.files f ON f.id = t.file_id WHERE t.id = m.tu_id)))));"
	"CREATE TEMP TABLE m_off AS SELECT"
	" (SELECT coalesce(max(id), 0) FROM main.tus) AS tus,"
	" (SELECT coalesce(max(id), 0) FROM main.claims) AS claims,"
	" (SELECT coalesce(max(id), 0) FROM main.calls) AS calls,"
	" (SELECT coalesce(max(id), 0) FROM main.flows) AS flows,"
	" max((SELECT coalesce(max(instance_id), 0) FROM main.flows),"
	"     (SELECT coalesce(max(instance_id), 0) FROM main.init_consts))"
	"  AS instances;";

/*
 * The bodies of this database that one taken beats go, as in one index
 * (store.c): their functions are undefined until names_sql defines them
 * from the other database.
 */
static const char beaten_sql[] =
	"CREATE TEMP TABLE u_claims(id INTEGER PRIMARY KEY);"
	"INSERT INTO temp.u_claims SELECT id FROM main.claims"
	" WHERE key IN (SELECT key FROM src.claims WHERE " TAKEN("id") ");"
	"INSERT INTO main.beaten_defs(tu_id, key) SELECT tu_id, key"
	" FROM main.claims WHERE id IN (SELECT id FROM temp.u_claims)"
	" AND (weak OR in_main);"
	"UPDATE main.functions SET is_defined = 0 WHERE usr IN"
	" (SELECT key FROM main.claims WHERE kind = 'function'"
	"  AND id IN (SELECT id FROM temp.u_claims));";

static const char names_sql[] =
	"INSERT OR IGNORE INTO main.files(path)"
	" SELECT path FROM src.files ORDER BY id;"
	"CREATE TEMP TABLE m_files(old INTEGER PRIMARY KEY, new INTEGER);"
	"INSERT INTO temp.m_files SELECT s.id, m.id FROM src.files s"
	" JOIN main.files m ON m.path = s.path;"
	/* the bodies this database brings */
	"CREATE TEMP TABLE m_defs(usr TEXT PRIMARY KEY);"
	"INSERT INTO temp.m_defs SELECT key FROM src.claims"
	" WHERE kind = 'function' AND " TAKEN("id") ";"
	/* a function whose body stays behind is as the others declare it */
	"INSERT INTO main.functions(usr, name, file_id, line, col, linkage,"
	" is_inline, is_defined, from_macro, type, tu_id, decl_file_id,"
	" decl_line, decl_col)"
	" SELECT f.usr, f.name,"
	"  CASE WHEN d.usr IS NULL AND f.decl_file_id IS NOT NULL"
	"   THEN " MAP_FILE("f.decl_file_id") " ELSE " MAP_FILE("f.file_id")
	"  END,"
	"  CASE WHEN d.usr IS NULL AND f.decl_file_id IS NOT NULL"
	"   THEN f.decl_line ELSE f.line END,"
	"  CASE WHEN d.usr IS NULL AND f.decl_file_id IS NOT NULL"
	"   THEN f.decl_col ELSE f.col END,"
	"  f.linkage, f.is_inline, d.usr IS NOT NULL,"
	"  CASE WHEN d.usr IS NOT NULL THEN f.from_macro ELSE 0 END,"
	"  CASE WHEN d.usr IS NOT NULL THEN f.type END,"
	"  CASE WHEN d.usr IS NOT NULL THEN f.tu_id + " OFFSET("tus") " END,"
	"  " MAP_FILE("f.decl_file_id") ", f.decl_line, f.decl_col"
	" FROM src.functions f LEFT JOIN temp.m_defs d ON d.usr = f.usr"
	" WHERE f.usr NOT IN (SELECT usr FROM main.functions) ORDER BY f.id;"
	"UPDATE main.functions AS m SET name = f.name,"
	" file_id = " MAP_FILE("f.file_id") ", line = f.line, col = f.col,"
	" linkage = f.linkage, is_inline = f.is_inline, is_defined = 1,"
	" from_macro = f.from_macro, type = f.type,"
	" tu_id = f.tu_id + " OFFSET("tus")
	" FROM src.functions f JOIN temp.m_defs d ON d.usr = f.usr"
	" WHERE m.usr = f.usr AND m.is_defined = 0;"
	/* the least place declared, as one index keeps it (declared.c);
	 * an undefined function is where it is declared */
	"UPDATE main.functions AS m"
	" SET decl_file_id = " MAP_FILE("f.decl_file_id") ","
	" decl_line = f.decl_line, decl_col = f.decl_col,"
	" file_id = CASE WHEN m.is_defined THEN m.file_id"
	"  ELSE " MAP_FILE("f.decl_file_id") " END,"
	" line = CASE WHEN m.is_defined THEN m.line ELSE f.decl_line END,"
	" col = CASE WHEN m.is_defined THEN m.col ELSE f.decl_col END"
	" FROM src.functions f WHERE m.usr = f.usr"
	" AND f.decl_file_id IS NOT NULL AND (m.decl_file_id IS NULL OR"
	" ((SELECT path FROM src.files WHERE id = f.decl_file_id),"
	"  f.decl_line, f.decl_col) <"
	" ((SELECT path FROM main.files WHERE id = m.decl_file_id),"
	"  m.decl_line, m.decl_col));"
	"CREATE TEMP TABLE m_fn(old INTEGER PRIMARY KEY, new INTEGER);"
	"INSERT INTO temp.m_fn SELECT f.id, m.id FROM src.functions f"
	" JOIN main.functions m ON m.usr = f.usr;"
	"INSERT INTO main.globals(usr, name, file_id, line, linkage, type)"
	" SELECT g.usr, g.name, " MAP_FILE("g.file_id") ", g.line, g.linkage,"
	" g.type FROM src.globals g"
	" WHERE g.usr NOT IN (SELECT usr FROM main.globals) ORDER BY g.id;"
	"CREATE TEMP TABLE m_gl(old INTEGER PRIMARY KEY, new INTEGER);"
	"INSERT INTO temp.m_gl SELECT g.id, m.id FROM src.globals g"
	" JOIN main.globals m ON m.usr = g.usr;";

static const char tus_sql[] =
	"INSERT INTO main.tus(id, file_id, directory, arguments, status,"
	" errors, first_error, parse_ms, walk_ms, command_hash, run)"
	" SELECT t.id + " OFFSET("tus") ", " MAP_FILE("t.file_id") ","
	" t.directory, t.arguments, t.status, t.errors, t.first_error,"
	" t.parse_ms, t.walk_ms, t.command_hash, t.run FROM src.tus t"
	" WHERE t.id IN (SELECT old FROM temp.m_tus) ORDER BY t.id;"
	"INSERT INTO main.diagnostics(tu_id, severity, file_id, line, col,"
	" message) SELECT d.tu_id + " OFFSET("tus") ", d.severity, "
	MAP_FILE("d.file_id") ", d.line, d.col, d.message"
	" FROM src.diagnostics d WHERE d.tu_id IN (SELECT old FROM temp.m_tus)"
	" ORDER BY d.rowid;"
	"INSERT INTO main.includes(tu_id, file_id, hash)"
	" SELECT i.tu_id + " OFFSET("tus") ", " MAP_FILE("i.file_id") ", i.hash"
	" FROM src.includes i WHERE i.tu_id IN (SELECT old FROM temp.m_tus)"
	" ORDER BY i.tu_id, i.file_id;"
	"INSERT INTO main.claims(id, tu_id, kind, key, file_id, weak, in_main)"
	" SELECT c.id + " OFFSET("claims") ", c.tu_id + " OFFSET("tus") ","
	" c.kind, c.key, " MAP_FILE("c.file_id") ", c.weak, c.in_main"
	" FROM src.claims c WHERE " TAKEN("c.id") " ORDER BY c.id;"
	/* definitions beaten there, and here */
	"INSERT INTO main.beaten_defs(tu_id, key)"
	" SELECT w.tu_id + " OFFSET("tus") ", w.key FROM src.beaten_defs w"
	" WHERE w.tu_id IN (SELECT old FROM temp.m_tus) ORDER BY w.rowid;"
	"INSERT INTO main.beaten_defs(tu_id, key)"
	" SELECT c.tu_id + " OFFSET("tus") ", c.key FROM src.claims c"
	" WHERE (c.weak OR c.in_main) AND c.key IS NOT NULL"
	" AND c.tu_id IN (SELECT old FROM temp.m_tus)"
	" AND NOT " TAKEN("c.id") " ORDER BY c.id;";

static const char facts_sql[] =
	"INSERT INTO main.calls(id, caller_id, callee_id, kind, file_id, line,"
	" col, fn_type, claim_id)"
	" SELECT c.id + " OFFSET("calls") ", " MAP_FN("c.caller_id") ", "
	MAP_FN("c.callee_id") ", c.kind, " MAP_FILE("c.file_id") ", c.line,"
	" c.col, c.fn_type, c.claim_id + " OFFSET("claims")
	" FROM src.calls c WHERE " TAKEN("c.claim_id") " ORDER BY c.id;"
	"INSERT INTO main.indirect_calls(call_id, shape, struct, field,"
	" struct_file, param_index, global_id, callee_id, local)"
	" SELECT i.call_id + " OFFSET("calls") ", i.shape, i.struct, i.field,"
	" i.struct_file, i.param_index, " MAP_GLOBAL("i.global_id") ", "
	MAP_FN("i.callee_id") ", i.local"
	" FROM src.indirect_calls i JOIN src.calls c ON c.id = i.call_id"
	" WHERE " TAKEN("c.claim_id") " ORDER BY i.rowid;"
	"INSERT INTO main.flows(id, function_id, in_global_id, file_id, line,"
	" col, context, instance_id, dst_kind, dst_struct, dst_field,"
	" dst_struct_file, dst_call_id, dst_callee_id, dst_index,"
	" dst_global_id, src_kind, src_function_id, src_struct, src_field,"
	" src_struct_file, src_ops_table, src_weak, src_index, src_global_id,"
	" src_local, claim_id, dst_container, dst_made)"
	" SELECT l.id + " OFFSET("flows") ", " MAP_FN("l.function_id") ", "
	MAP_GLOBAL("l.in_global_id") ", " MAP_FILE("l.file_id") ", l.line,"
	" l.col, l.context, l.instance_id + " OFFSET("instances") ","
	" l.dst_kind, l.dst_struct, l.dst_field, l.dst_struct_file,"
	" l.dst_call_id + " OFFSET("calls") ", " MAP_FN("l.dst_callee_id") ","
	" l.dst_index, " MAP_GLOBAL("l.dst_global_id") ", l.src_kind, "
	MAP_FN("l.src_function_id") ", l.src_struct, l.src_field,"
	" l.src_struct_file, l.src_ops_table, l.src_weak, l.src_index, "
	MAP_GLOBAL("l.src_global_id") ", l.src_local,"
	" l.claim_id + " OFFSET("claims") ", l.dst_container, l.dst_made"
	" FROM src.flows l WHERE " TAKEN("l.claim_id") " ORDER BY l.id;"
	"INSERT INTO main.init_consts(instance_id, global_id, struct, field,"
	" value, name, file_id, line, claim_id)"
	" SELECT k.instance_id + " OFFSET("instances") ", "
	MAP_GLOBAL("k.global_id") ", k.struct, k.field, k.value, k.name, "
	MAP_FILE("k.file_id") ", k.line, k.claim_id + " OFFSET("claims")
	" FROM src.init_consts k WHERE " TAKEN("k.claim_id")
	" ORDER BY k.rowid;"
	"INSERT INTO main.enumerators(enum, name, value, claim_id)"
	" SELECT e.enum, e.name, e.value, e.claim_id + " OFFSET("claims")
	" FROM src.enumerators e WHERE " TAKEN("e.claim_id")
	" ORDER BY e.rowid;"
	"INSERT INTO main.global_reports(claim_id, usr, file_id, line, type)"
	" SELECT r.claim_id + " OFFSET("claims") ", r.usr, "
	MAP_FILE("r.file_id") ", r.line, r.type"
	" FROM src.global_reports r WHERE " TAKEN("r.claim_id")
	" ORDER BY r.claim_id, r.usr;"
	"INSERT INTO main.enum_uses(claim_id, enum)"
	" SELECT u.claim_id + " OFFSET("claims") ", u.enum"
	" FROM src.enum_uses u WHERE " TAKEN("u.claim_id")
	" ORDER BY u.claim_id, u.enum;"
	"INSERT INTO main.call_args(call_id, arg_index, value, name,"
	" param_index, claim_id, narrows)"
	" SELECT a.call_id + " OFFSET("calls") ", a.arg_index, a.value, a.name,"
	" a.param_index, a.claim_id + " OFFSET("claims") ", a.narrows"
	" FROM src.call_args a WHERE " TAKEN("a.claim_id")
	" ORDER BY a.rowid;"
	"INSERT INTO main.call_guards(call_id, param_index, nonzero, claim_id)"
	" SELECT g.call_id + " OFFSET("calls") ", g.param_index, g.nonzero,"
	" g.claim_id + " OFFSET("claims")
	" FROM src.call_guards g WHERE " TAKEN("g.claim_id")
	" ORDER BY g.rowid;"
	"INSERT INTO main.int_stores(function_id, struct, field, param_index,"
	" value, name, file_id, line, claim_id)"
	" SELECT " MAP_FN("i.function_id") ", i.struct, i.field, i.param_index,"
	" i.value, i.name,"
	" " MAP_FILE("i.file_id") ", i.line, i.claim_id + " OFFSET("claims")
	" FROM src.int_stores i WHERE " TAKEN("i.claim_id")
	" ORDER BY i.rowid;"
	"INSERT INTO main.receivers(call_id, path, arg_index, param_index,"
	" global_id, claim_id, container, made_call_id, table_field,"
	" table_struct_file)"
	" SELECT r.call_id + " OFFSET("calls") ", r.path, r.arg_index,"
	" r.param_index, " MAP_GLOBAL("r.global_id") ","
	" r.claim_id + " OFFSET("claims") ", r.container,"
	" r.made_call_id + " OFFSET("calls") ", r.table_field,"
	" r.table_struct_file"
	" FROM src.receivers r WHERE " TAKEN("r.claim_id")
	" ORDER BY r.rowid;"
	"INSERT INTO main.struct_copies(struct, struct_file, claim_id,"
	" dst_global_id, src_global_id, dst_param_index, src_param_index,"
	" dst_member)"
	" SELECT s.struct, s.struct_file, s.claim_id + " OFFSET("claims") ","
	" " MAP_GLOBAL("s.dst_global_id") ", " MAP_GLOBAL("s.src_global_id")
	", s.dst_param_index, s.src_param_index, s.dst_member"
	" FROM src.struct_copies s WHERE " TAKEN("s.claim_id")
	" ORDER BY s.rowid;";

static const char cleanup_sql[] =
	"DROP TABLE IF EXISTS temp.m_tus; DROP TABLE IF EXISTS temp.m_claims;"
	"DROP TABLE IF EXISTS temp.m_off; DROP TABLE IF EXISTS temp.m_files;"
	"DROP TABLE IF EXISTS temp.m_defs; DROP TABLE IF EXISTS temp.m_fn;"
	"DROP TABLE IF EXISTS temp.m_gl; DROP TABLE IF EXISTS temp.u_claims;"
	"DROP TABLE IF EXISTS temp.u_calls;";

static int64_t single(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int attach(struct store *s, const char *path, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int64_t version;
	int rc;

	if (db_prepare(s->db, "ATTACH ? AS src", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot open database '%s': %s",
				     path, sqlite3_errmsg(s->db));
	version = single(s->db, "PRAGMA src.user_version");
	if (version != KCG_SCHEMA_VERSION ||
	    single(s->db, "SELECT count(*) FROM src.sqlite_master "
			  "WHERE name = 'claims'") != 1)
		return kcg_error_set(err, "'%s' is not a kcg database of "
					  "schema version %d", path,
				     KCG_SCHEMA_VERSION);
	/* facts of another extractor, or paths relative to another tree,
	 * do not mix */
	if (db_prepare(s->db, "SELECT (SELECT value FROM src.meta WHERE "
			      "key = 'kcg_version') IS ?, (SELECT value FROM "
			      "src.meta WHERE key = 'root') IS (SELECT value "
			      "FROM main.meta WHERE key = 'root')", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, KCG_VERSION, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && !sqlite3_column_int(st, 0))
		kcg_error_set(err, "'%s' was indexed by another version of kcg "
				   "than %s: index it again", path,
			      KCG_VERSION);
	else if (rc == SQLITE_ROW && !sqlite3_column_int(st, 1))
		kcg_error_set(err, "'%s' was indexed in another tree (its root "
				   "is not the same)", path);
	else if (rc != SQLITE_ROW)
		store_sql_fail(s, err);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc ? -1 : 0;
}

/* The TUs wanted: every one of the attached database. */
static const char want_sql[] =
	"CREATE TEMP TABLE m_tus(old INTEGER PRIMARY KEY);"
	"INSERT INTO temp.m_tus SELECT id FROM src.tus;";

int store_merge(struct store *s, const char *path, struct merge_stats *stats,
		struct kcg_error *err)
{
	struct merge_stats local;
	int64_t wanted, claims;
	int rc = -1;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	s->merged = 1;	/* ids no longer all in the in-memory maps */
	/* ATTACH and DETACH are refused inside a transaction */
	if (db_exec(s->db, "COMMIT", err))
		return -1;
	if (attach(s, path, err))
		goto detach;
	if (db_exec(s->db, "BEGIN", err) || db_exec(s->db, want_sql, err))
		goto out;
	wanted = single(s->db, "SELECT count(*) FROM temp.m_tus");
	if (db_exec(s->db, choose_sql, err))
		goto out;
	stats->tus = single(s->db, "SELECT count(*) FROM temp.m_tus");
	stats->duplicates = wanted - stats->tus;
	claims = single(s->db, "SELECT count(*) FROM src.claims WHERE tu_id "
			       "IN (SELECT old FROM temp.m_tus)");
	stats->claims_dropped =
		claims - single(s->db, "SELECT count(*) FROM temp.m_claims");
	if (db_exec(s->db, beaten_sql, err) ||
	    store_drop_claimed_facts(s, err) ||
	    db_exec(s->db, names_sql, err) || db_exec(s->db, tus_sql, err) ||
	    db_exec(s->db, facts_sql, err))
		goto out;
	rc = 0;
out:
	if (db_exec(s->db, "COMMIT", rc ? NULL : err))
		rc = -1;
detach:
	if (db_exec(s->db, cleanup_sql, rc ? NULL : err) ||
	    db_exec(s->db, "DETACH src", rc ? NULL : err) ||
	    db_exec(s->db, "BEGIN", rc ? NULL : err))
		rc = -1;
	return rc;
}
