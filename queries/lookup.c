/*
 * Targets, registrations, hooks, show and sql as result tables: see
 * lookup.h.  Every value the user typed is bound as an SQL parameter.
 */
#include "lookup.h"

#include "db/db.h"
#include "describe.h"
#include "names.h"
#include "path.h"
#include "path_context.h"
#include "util/alloc.h"
#include "util/json.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Registration chains are short: registrar, helper, storer. */
#define CHAIN_MAX_DEPTH 12

static int valid_identifier(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

int field_spec_parse(const char *spec, char **type, char **field)
{
	const char *sep, *start = spec;
	size_t seplen = 2;

	*type = *field = NULL;
	if (!strncmp(start, "struct ", 7))
		start += 7;
	sep = strstr(start, "->");
	if (!sep) {
		sep = strrchr(start, '.');
		seplen = 1;
	}
	if (!sep)
		return -1;
	*type = xstrndup(start, (size_t)(sep - start));
	*field = xstrdup(sep + seplen);
	if (!valid_identifier(*type) || !valid_identifier(*field)) {
		free(*type);
		free(*field);
		*type = *field = NULL;
		return -1;
	}
	return 0;
}

/* Run st (parameters bound) into a new table named name. */
static int table_from_stmt(sqlite3_stmt *st, const char *name,
			   struct result *out, struct kcg_error *err)
{
	result_init_stmt(out, name, st);
	return result_add_stmt_rows(out, st, err);
}

static const char field_targets_sql[] =
	"SELECT t.name AS target, tf.path AS target_file, "
	"  t.line AS target_line, group_concat(DISTINCT e.kind) AS kinds, "
	"  rf.path AS reg_file, e.reg_line AS reg_line, "
	"  count(DISTINCT e.call_id) AS call_sites "
	"FROM indirect_calls ic "
	"JOIN calls c ON c.id = ic.call_id "
	"JOIN edge e ON e.caller_id = c.caller_id AND e.call_id = c.id "
	"JOIN functions t ON t.id = e.callee_id "
	"LEFT JOIN files tf ON tf.id = t.file_id "
	"LEFT JOIN files rf ON rf.id = e.reg_file_id "
	"WHERE ic.shape = 'field' AND ic.struct = ?1 AND ic.field = ?2 "
	"  AND e.kind NOT IN ('direct', 'registration') "
	"GROUP BY e.callee_id, e.reg_file_id, e.reg_line "
	"UNION ALL "
	"SELECT t.name, tf.path, t.line, 'stored', ff.path, fl.line, 0 "
	"FROM flows fl "
	"JOIN functions t ON t.id = fl.src_function_id "
	"LEFT JOIN files tf ON tf.id = t.file_id "
	"LEFT JOIN files ff ON ff.id = fl.file_id "
	"WHERE fl.dst_kind = 'field' AND fl.dst_struct = ?1 "
	"  AND fl.dst_field = ?2 AND fl.src_kind = 'function' "
	"  AND NOT EXISTS (SELECT 1 FROM indirect_calls ic2 "
	"    JOIN calls c2 ON c2.id = ic2.call_id "
	"    JOIN edge e2 ON e2.caller_id = c2.caller_id "
	"      AND e2.call_id = c2.id "
	"    WHERE ic2.shape = 'field' AND ic2.struct = ?1 "
	"      AND ic2.field = ?2 AND e2.callee_id = fl.src_function_id "
	"      AND e2.reg_file_id IS fl.file_id AND e2.reg_line IS fl.line) "
	"GROUP BY t.id, fl.file_id, fl.line "
	"ORDER BY 1, 2, 5, 6";

int lookup_field_targets(sqlite3 *db, const char *type, const char *field,
			 struct result *out, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, field_targets_sql, &st, err))
		return -1;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_TRANSIENT);
	rc = table_from_stmt(st, "targets", out, err);
	sqlite3_finalize(st);
	return rc;
}

static const char site_targets_sql[] =
	"SELECT c.name AS caller, t.name AS target, tf.path AS target_file, "
	"  e.kind AS kind, sf.path AS site_file, e.line AS site_line, "
	DESCRIBE_THROUGH_SQL("e.call_id") " AS through, "
	"  via.name AS via, rf.path AS reg_file, e.reg_line AS reg_line "
	"FROM edge e "
	"JOIN files sf ON sf.id = e.file_id "
	"JOIN functions c ON c.id = e.caller_id "
	"JOIN functions t ON t.id = e.callee_id "
	"LEFT JOIN files tf ON tf.id = t.file_id "
	"LEFT JOIN files rf ON rf.id = e.reg_file_id "
	"LEFT JOIN functions via ON via.id = e.via_id "
	"WHERE e.line = ?2 AND e.kind != 'registration' "
	"  AND (sf.path = ?1 OR (length(sf.path) > length(?1) AND "
	"       substr(sf.path, length(sf.path) - length(?1)) = '/' || ?1)) "
	"GROUP BY e.caller_id, e.callee_id, e.kind, e.reg_file_id, "
	"  e.reg_line "
	"ORDER BY c.name, e.kind != 'direct', t.name, rf.path, e.reg_line";

int lookup_site_targets(sqlite3 *db, const char *file, int line,
			struct result *out, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	while (file[0] == '.' && file[1] == '/')
		file += 2;
	if (db_prepare(db, site_targets_sql, &st, err))
		return -1;
	sqlite3_bind_text(st, 1, file, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, line);
	rc = table_from_stmt(st, "targets", out, err);
	sqlite3_finalize(st);
	return rc;
}

static const char registrations_sql[] =
	"SELECT r.name AS registrar, rfile.path AS registrar_file, "
	"  sf.path AS site_file, e.line AS site_line, "
	"  rf.path AS reg_file, e.reg_line AS reg_line, e.rule AS rule, "
	"  e.caller_id, e.file_id, "
	"  (SELECT function_id FROM flows WHERE file_id = e.reg_file_id "
	"     AND line = e.reg_line AND function_id IS NOT NULL "
	"     ORDER BY id LIMIT 1) "
	"FROM edge e "
	"JOIN functions r ON r.id = e.caller_id "
	"LEFT JOIN files rfile ON rfile.id = r.file_id "
	"LEFT JOIN files sf ON sf.id = e.file_id "
	"LEFT JOIN files rf ON rf.id = e.reg_file_id "
	"WHERE e.callee_id = ?1 AND e.kind = 'registration' "
	"ORDER BY r.name, sf.path, e.line, rf.path, e.reg_line";

/* The functions the registrar calls at the registering site. */
static const char site_calls_sql[] =
	"SELECT DISTINCT callee_id FROM calls WHERE caller_id = ?1 "
	"  AND file_id IS ?2 AND line = ?3 AND callee_id IS NOT NULL "
	"ORDER BY col";

struct chain_ctx {
	sqlite3 *db;
	const struct graph *g;
	sqlite3_stmt *site_calls;
};

static int add_name(sqlite3 *db, struct strbuf *sb, int64_t id,
		    struct kcg_error *err)
{
	struct fn_ref f;

	if (sb->len)
		strbuf_addstr(sb, " > ");
	if (fn_ref_get(db, id, &f, err))
		return -1;
	strbuf_addstr(sb, f.name);
	fn_ref_release(&f);
	return 0;
}

/* The shortest chain of calls from `from` to `to` into paths. */
static int call_chain(const struct graph *g, int64_t from, int64_t to,
		      struct path_list *paths)
{
	struct path_query q;

	memset(&q, 0, sizeof(q));
	q.from = (uint32_t)from;
	q.to = (uint32_t)to;
	q.kinds = KIND_MASK_DIRECT;
	q.max_depth = CHAIN_MAX_DEPTH;
	q.k = 1;
	return !path_find(g, &q, paths, NULL) && paths->nr;
}

/*
 * "registrar > callee > ... > storer" into sb: a call the registrar makes
 * at the site, then the shortest chain of calls to the function that does
 * the store (the registrar alone if it stores itself).
 */
static int chain_of(struct chain_ctx *c, int64_t registrar,
		    int64_t site_file, int line, int64_t storer,
		    struct strbuf *sb, struct kcg_error *err)
{
	struct path_list paths;
	size_t i;
	int found = 0, rc = 0;

	if (add_name(c->db, sb, registrar, err))
		return -1;
	if (storer == registrar)
		return 0;
	path_list_init(&paths);
	sqlite3_reset(c->site_calls);
	sqlite3_bind_int64(c->site_calls, 1, registrar);
	sqlite3_bind_int64(c->site_calls, 2, site_file);
	sqlite3_bind_int(c->site_calls, 3, line);
	while (!found && (rc = sqlite3_step(c->site_calls)) == SQLITE_ROW) {
		int64_t callee = sqlite3_column_int64(c->site_calls, 0);

		if (!storer) {
			/* stored by an initializer: name the call only */
			path_list_release(&paths);
			return add_name(c->db, sb, callee, err);
		}
		if (callee == storer) {
			found = 1;
		} else if (call_chain(c->g, callee, storer, &paths)) {
			if (add_name(c->db, sb, callee, err))
				goto fail;
			for (i = 1; i < paths.items[0].hops; i++)
				if (add_name(c->db, sb,
					     paths.items[0].nodes[i], err))
					goto fail;
			found = 1;
		}
	}
	if (!found && rc != SQLITE_DONE) {
		kcg_error_set(err, "database error: %s", sqlite3_errmsg(c->db));
		goto fail;
	}
	path_list_release(&paths);
	if (!found && storer)
		strbuf_addstr(sb, " > ...");
	return storer ? add_name(c->db, sb, storer, err) : 0;
fail:
	path_list_release(&paths);
	return -1;
}

int lookup_registrations(sqlite3 *db, const struct graph *g, int64_t fn,
			 struct result *out, struct kcg_error *err)
{
	static const char *const cols[] = {
		"registrar", "registrar_file", "site_file", "site_line",
		"reg_file", "reg_line", "rule", "chain",
	};
	struct chain_ctx c = { db, g, NULL };
	sqlite3_stmt *st;
	int rc, i;

	result_init(out, "registrations", cols, 8);
	if (db_prepare(db, site_calls_sql, &c.site_calls, err))
		return -1;
	if (db_prepare(db, registrations_sql, &st, err)) {
		sqlite3_finalize(c.site_calls);
		return -1;
	}
	sqlite3_bind_int64(st, 1, fn);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cell *row = result_add_row(out);
		struct strbuf chain;

		for (i = 0; i < 7; i++)
			cell_set_column(&row[i], st, i);
		strbuf_init(&chain);
		if (chain_of(&c, sqlite3_column_int64(st, 7),
			     sqlite3_column_int64(st, 8),
			     sqlite3_column_int(st, 3),
			     sqlite3_column_int64(st, 9), &chain, err)) {
			strbuf_release(&chain);
			break;
		}
		cell_set_text(&row[7], chain.buf);
		strbuf_release(&chain);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		kcg_error_set(err, "database error: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_finalize(c.site_calls);
	if (rc != SQLITE_DONE)
		return -1;
	return 0;
}

/* "NFPROTO_IPV4" matches "NFPROTO_IPV4", "ipv4"; "NF_INET_PRE_ROUTING"
 * matches "pre_routing" and "INET_PRE_ROUTING". */
static int name_matches(const char *name, const char *want)
{
	size_t n, w;

	if (!want)
		return 1;
	if (!name)
		return 0;
	n = strlen(name);
	w = strlen(want);
	if (!w || w > n || strcasecmp(name + n - w, want))
		return 0;
	return w == n || name[n - w - 1] == '_';
}

static const char hooks_sql[] =
	"SELECT h.pf_name AS family, h.hooknum_name AS hook, "
	"  h.priority AS priority, h.priority_name AS priority_name, "
	"  f.name AS function, ff.path AS function_file, "
	"  ef.path AS entry_file, h.line AS entry_line, "
	"  rf.path AS reg_file, h.reg_line AS reg_line, "
	"  h.dynamic AS dynamic, h.struct AS struct "
	"FROM hooks h JOIN functions f ON f.id = h.function_id "
	"LEFT JOIN files ff ON ff.id = f.file_id "
	"LEFT JOIN files ef ON ef.id = h.file_id "
	"LEFT JOIN files rf ON rf.id = h.reg_file_id "
	"ORDER BY h.pf, h.hooknum, h.priority, f.name, ef.path, h.line";

/* Does any row of the hooks table have a family matching family
 * (*found)?  -1 on a database error. */
static int family_exists(sqlite3 *db, const char *family, int *found,
			 struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (db_prepare(db, "SELECT DISTINCT pf_name FROM hooks", &st, err))
		return -1;
	while (!*found && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*found = name_matches(
			(const char *)sqlite3_column_text(st, 0), family);
	if (!*found && rc != SQLITE_DONE)
		kcg_error_set(err, "database error: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return *found || rc == SQLITE_DONE ? 0 : -1;
}

int lookup_hooks(sqlite3 *db, const char *family, const char *hook,
		 struct result *out, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc, found;
	size_t i;

	if (db_has_table(db, "hooks", &found, err))
		return -1;
	if (!found)
		return kcg_error_set(err, "the database has no netfilter "
				     "hooks table: index again with this kcg");
	if (family && !hook && family_exists(db, family, &found, err))
		return -1;
	if (family && !hook && !found) {
		hook = family;
		family = NULL;
	}
	if (db_prepare(db, hooks_sql, &st, err))
		return -1;
	result_init_stmt(out, "hooks", st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cell *row;

		if (!name_matches((const char *)sqlite3_column_text(st, 0),
				  family) ||
		    !name_matches((const char *)sqlite3_column_text(st, 1),
				  hook))
			continue;
		row = result_add_row(out);
		for (i = 0; i < out->nr_cols; i++)
			cell_set_column(&row[i], st, (int)i);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	return 0;
}

/* ?1 the function, ?2 family_aliases as a JSON array of name pairs */
static const char call_hooks_sql[] =
	"WITH alias(family, covered) AS (SELECT a.value, c.value "
	"  FROM json_each(?2) j "
	"  JOIN enumerators a ON a.name = json_extract(j.value, '$[0]') "
	"  JOIN enumerators c ON c.enum = a.enum "
	"   AND c.name = json_extract(j.value, '$[1]')), "
	"site(call_id, site_file, site_line, callee, pf, pf_name, hooknum, "
	"  hooknum_name) AS (SELECT min(a.call_id), sf.path, a.line, g.name, "
	"  a.pf, a.pf_name, a.hooknum, a.hooknum_name "
	"  FROM hook_context_args a JOIN functions g ON g.id = a.callee_id "
	"  LEFT JOIN files sf ON sf.id = a.file_id "
	"  WHERE a.caller_id = ?1 AND a.pf IS NOT NULL "
	"  AND a.hooknum IS NOT NULL "
	"  GROUP BY sf.path, a.line, g.name, a.pf, a.hooknum) "
	"SELECT DISTINCT s.site_file AS site_file, s.site_line AS site_line, "
	"  s.callee AS callee, s.pf AS pf, s.pf_name AS pf_name, "
	"  s.hooknum AS hooknum, s.hooknum_name AS hooknum_name, "
	"  f.name AS hook, hf.path AS hook_file, f.line AS hook_line, "
	"  h.pf_name AS hook_pf_name, h.priority AS priority, "
	"  h.priority_name AS priority_name "
	"FROM site s LEFT JOIN hooks h ON h.hooknum = s.hooknum AND "
	"  (h.pf = s.pf OR EXISTS (SELECT 1 FROM alias "
	"   WHERE alias.family = h.pf AND alias.covered = s.pf)) "
	"LEFT JOIN functions f ON f.id = h.function_id "
	"LEFT JOIN files hf ON hf.id = f.file_id "
	"ORDER BY s.site_file, s.site_line, s.call_id, h.priority, f.name";

int lookup_call_hooks(sqlite3 *db, int64_t fn, struct result *out,
		      struct kcg_error *err)
{
	sqlite3_stmt *st;
	struct strbuf pairs;
	size_t i;
	int rc;

	if (db_prepare(db, call_hooks_sql, &st, err))
		return -1;
	strbuf_init(&pairs);
	strbuf_addch(&pairs, '[');
	for (i = 0; i < NR_FAMILY_ALIASES; i++) {
		strbuf_addstr(&pairs, i ? ", [" : "[");
		json_write_str(&pairs, family_aliases[i].family);
		strbuf_addstr(&pairs, ", ");
		json_write_str(&pairs, family_aliases[i].covered);
		strbuf_addch(&pairs, ']');
	}
	strbuf_addch(&pairs, ']');
	sqlite3_bind_int64(st, 1, fn);
	sqlite3_bind_text(st, 2, pairs.buf, -1, SQLITE_STATIC);
	result_init_stmt(out, "call_hooks", st);
	rc = result_add_stmt_rows(out, st, err);
	sqlite3_finalize(st);
	strbuf_release(&pairs);
	return rc;
}

static const char show_function_sql[] =
	"SELECT f.name AS name, fl.path AS file, f.line AS line, "
	"  f.col AS col, f.linkage AS linkage, f.is_inline AS inline, "
	"  f.is_defined AS defined, f.from_macro AS from_macro, "
	"  f.type AS type, tf.path AS tu, f.usr AS usr "
	"FROM functions f LEFT JOIN files fl ON fl.id = f.file_id "
	"LEFT JOIN tus t ON t.id = f.tu_id "
	"LEFT JOIN files tf ON tf.id = t.file_id WHERE f.id = ?1";

static const char show_edges_sql[] =
	"SELECT 'callers' AS direction, kind, count(*) AS edges, "
	"  count(DISTINCT caller_id) AS functions "
	"FROM edge WHERE callee_id = ?1 GROUP BY kind "
	"UNION ALL "
	"SELECT 'callees', kind, count(*), count(DISTINCT callee_id) "
	"FROM edge WHERE caller_id = ?1 GROUP BY kind "
	"ORDER BY 1 DESC, 3 DESC";

static const char show_indirect_sql[] =
	"SELECT fl.path AS site_file, c.line AS site_line, "
	"  c.col AS site_col, " DESCRIBE_THROUGH_SQL("c.id") " AS through, "
	"  c.fn_type AS fn_type, "
	"  (SELECT count(DISTINCT e.callee_id) FROM edge e "
	"     WHERE e.caller_id = ?1 AND e.call_id = c.id "
	"     AND e.kind NOT IN ('signature', 'registration')) AS targets, "
	"  (SELECT count(DISTINCT e.callee_id) FROM edge e "
	"     WHERE e.caller_id = ?1 AND e.call_id = c.id "
	"     AND e.kind = 'signature') AS signature_targets, "
	/* "1 stored, made here": the rule after the comma */
	"  (SELECT substr(e.rule, instr(e.rule, ', ') + 2) FROM edge e "
	"     WHERE e.caller_id = ?1 AND e.call_id = c.id "
	"     AND e.rule LIKE '%, %' LIMIT 1) AS confined_by "
	"FROM calls c LEFT JOIN files fl ON fl.id = c.file_id "
	"WHERE c.caller_id = ?1 AND c.kind = 'indirect' "
	"ORDER BY c.line, c.col";

static const char show_hooks_sql[] =
	"SELECT h.pf_name AS family, h.hooknum_name AS hook, "
	"  h.priority AS priority, h.priority_name AS priority_name, "
	"  ef.path AS entry_file, h.line AS entry_line, "
	"  rf.path AS reg_file, h.reg_line AS reg_line, h.dynamic AS dynamic "
	"FROM hooks h LEFT JOIN files ef ON ef.id = h.file_id "
	"LEFT JOIN files rf ON rf.id = h.reg_file_id "
	"WHERE h.function_id = ?1 ORDER BY h.pf, h.hooknum, h.priority";

static int show_table(sqlite3 *db, const char *sql, const char *name,
		      int64_t fn, struct result *out, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, fn);
	rc = table_from_stmt(st, name, out, err);
	sqlite3_finalize(st);
	return rc;
}

int lookup_show(sqlite3 *db, int64_t fn, struct result *out,
		struct kcg_error *err)
{
	static const char *const hook_cols[] = { "family", "hook", "priority" };
	int rc, hooks = 0;

	memset(out, 0, SHOW_TABLES * sizeof(*out));
	rc = show_table(db, show_function_sql, "function", fn, &out[0], err);
	if (!rc)
		rc = show_table(db, show_edges_sql, "edges", fn, &out[1], err);
	if (!rc)
		rc = show_table(db, show_indirect_sql, "indirect_calls", fn,
				&out[2], err);
	if (!rc)
		rc = db_has_table(db, "hooks", &hooks, err);
	if (!rc && hooks)
		rc = show_table(db, show_hooks_sql, "hooks", fn, &out[3], err);
	else if (!rc)
		result_init(&out[3], "hooks", hook_cols, 3);
	return rc;
}

int lookup_sql(sqlite3 *db, const char *sql, struct result *out,
	       struct kcg_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK)
		return kcg_error_set(err, "SQL error: %s", sqlite3_errmsg(db));
	if (!st)
		return kcg_error_set(err, "no SQL statement in '%s'", sql);
	while (tail && (isspace((unsigned char)*tail) || *tail == ';'))
		tail++;
	if (tail && *tail) {
		sqlite3_finalize(st);
		return kcg_error_set(err, "one statement at a time, not '%s'",
				     sql);
	}
	result_init_stmt(out, "rows", st);
	rc = result_add_stmt_rows(out, st, err);
	if (rc)
		kcg_error_set(err, "SQL error: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}
