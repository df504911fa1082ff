/*
 * Comparing two kcg databases by content: see db_compare.h.
 */
#include "db_compare.h"

#include "util/alloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define FN(id) "(SELECT usr FROM functions WHERE id = " id ")"
#define GL(id) "(SELECT usr FROM globals WHERE id = " id ")"
#define PATH(id) "(SELECT path FROM files WHERE id = " id ")"
#define SITE(call) "(SELECT " PATH("file_id") " || ':' || line || ':' || " \
		   "col FROM calls WHERE id = " call ")"

/* One row per fact, each a text line once every id is named. */
static const struct {
	const char *table, *sql;
} queries[] = {
	{ "edges", "SELECT * FROM edges" },
	{ "functions", "SELECT usr, name, " PATH("file_id") ", line, "
		       "is_defined FROM functions" },
	{ "globals", "SELECT usr, name, " PATH("file_id") ", line, linkage, "
		     "type FROM globals" },
	{ "calls", "SELECT " FN("caller_id") ", " FN("callee_id") ", kind, "
		   PATH("file_id") ", line, col, fn_type FROM calls" },
	{ "indirect_calls", "SELECT " SITE("call_id") ", shape, struct, "
			    "field, struct_file, param_index, "
			    GL("global_id") ", " FN("callee_id") ", local "
			    "FROM indirect_calls" },
	{ "flows", "SELECT " FN("function_id") ", " GL("in_global_id") ", "
		   PATH("file_id") ", line, col, context, dst_kind, "
		   "dst_struct, dst_field, dst_struct_file, "
		   SITE("dst_call_id") ", " FN("dst_callee_id") ", dst_index, "
		   GL("dst_global_id") ", src_kind, " FN("src_function_id")
		   ", src_struct, src_field, src_struct_file, src_ops_table, "
		   "src_weak, src_index, " GL("src_global_id") ", src_local, "
		   "dst_container, dst_made FROM flows" },
	{ "receivers", "SELECT " SITE("call_id") ", path, arg_index, "
		       "param_index, " GL("global_id") ", container, "
		       SITE("made_call_id") ", table_field, "
		       "table_struct_file FROM receivers" },
	{ "struct_copies", "SELECT (SELECT key FROM claims WHERE id = "
			   "claim_id), struct, struct_file, "
			   GL("dst_global_id") ", " GL("src_global_id")
			   ", dst_param_index, src_param_index, dst_member"
			   " FROM struct_copies" },
	{ "hooks", "SELECT " FN("function_id") ", struct, pf, pf_name, "
		   "hooknum, hooknum_name, priority, priority_name, "
		   PATH("file_id") ", line, " PATH("reg_file_id") ", reg_line, "
		   "dynamic FROM hooks" },
	{ "init_consts", "SELECT " GL("global_id") ", struct, field, value, "
			 "name, " PATH("file_id") ", line FROM init_consts" },
	{ "enumerators", "SELECT enum, name, value FROM enumerators" },
	{ "enum_uses", "SELECT (SELECT key FROM claims WHERE id = claim_id), "
		       "enum FROM enum_uses" },
	{ "global_reports", "SELECT (SELECT key FROM claims WHERE id = "
			    "claim_id), usr, " PATH("file_id") ", line, type "
			    "FROM global_reports" },
	{ "beaten_defs", "SELECT " PATH("(SELECT file_id FROM tus WHERE id = "
				      "tu_id)") ", key FROM beaten_defs" },
	{ "call_args", "SELECT " SITE("call_id") ", arg_index, value, name, "
		       "param_index, narrows FROM call_args" },
	{ "call_guards", "SELECT " SITE("call_id") ", param_index, nonzero "
			 "FROM call_guards" },
	{ "int_stores", "SELECT " FN("function_id") ", struct, field, "
			"param_index, " PATH("file_id") ", line "
			"FROM int_stores" },
	{ "hook_context_args", "SELECT " SITE("call_id") ", " FN("caller_id")
			       ", " FN("callee_id") ", " PATH("file_id")
			       ", line, initializes, pf, pf_name, pf_param, "
			       "hooknum, hooknum_name, hooknum_param, "
			       FN("okfn_id") ", okfn_param "
			       "FROM hook_context_args" },
	{ "hook_context_calls", "SELECT " SITE("call_id") ", role "
				"FROM hook_context_calls" },
	{ "hook_context_carriers", "SELECT " FN("function_id")
				   " FROM hook_context_carriers" },
	{ "guard_context_sites", "SELECT " FN("caller_id") ", "
				 FN("callee_id") ", need_zero, need_nonzero "
				 "FROM guard_context_sites" },
	{ "guard_context_args", "SELECT " FN("caller_id") ", " FN("callee_id")
				", arg_index, value, param_index "
				"FROM guard_context_args" },
};

struct lines {
	char **v;
	size_t nr, alloc;
};

static void lines_release(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows of sql in db as sorted lines; -1 on an SQL error. */
static int read_lines(sqlite3 *db, const char *sql, struct lines *out,
		      struct strbuf *report)
{
	sqlite3_stmt *st;
	struct strbuf row;
	int rc, i, n;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		strbuf_addf(report, "%s: %s\n", sqlite3_errmsg(db), sql);
		return -1;
	}
	strbuf_init(&row);
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_reset(&row);
		for (i = 0; i < n; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);

			strbuf_addf(&row, "%s%s", i ? "\t" : "",
				    t ? (const char *)t : "NULL");
		}
		xgrow(&out->v, &out->alloc, out->nr + 1, sizeof(*out->v));
		out->v[out->nr++] = xstrdup(row.buf);
	}
	strbuf_release(&row);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		strbuf_addf(report, "%s\n", sqlite3_errmsg(db));
		return -1;
	}
	if (out->nr)	/* qsort() must not see NULL, even for no rows */
		qsort(out->v, out->nr, sizeof(*out->v), by_text);
	return 0;
}

/* Report what only one side has, a few lines of each; 1 if anything. */
static int diff(const char *table, const struct lines *a,
		const struct lines *b, struct strbuf *report)
{
	size_t i = 0, j = 0, shown = 0;
	int differ = 0;

	while (i < a->nr || j < b->nr) {
		int c = i == a->nr ? 1 : j == b->nr ? -1 :
			strcmp(a->v[i], b->v[j]);

		if (!c) {
			i++;
			j++;
			continue;
		}
		if (!differ)
			strbuf_addf(report, "%s: %zu rows against %zu\n", table,
				    a->nr, b->nr);
		differ = 1;
		if (shown++ < 10)
			strbuf_addf(report, "  only in %s: %s\n",
				    c < 0 ? "first" : "second",
				    c < 0 ? a->v[i] : b->v[j]);
		if (c < 0)
			i++;
		else
			j++;
	}
	return differ;
}

int db_compare(const char *a, const char *b, struct strbuf *report)
{
	sqlite3 *da = NULL, *dbb = NULL;
	size_t q;
	int rc = 0;

	if (sqlite3_open_v2(a, &da, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(b, &dbb, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK) {
		strbuf_addf(report, "cannot open '%s' or '%s'\n", a, b);
		rc = -1;
	}
	for (q = 0; !rc || rc == 1; q++) {
		struct lines la = { NULL, 0, 0 }, lb = { NULL, 0, 0 };

		if (q == sizeof(queries) / sizeof(queries[0]))
			break;
		if (read_lines(da, queries[q].sql, &la, report) ||
		    read_lines(dbb, queries[q].sql, &lb, report))
			rc = -1;
		else if (diff(queries[q].table, &la, &lb, report))
			rc = 1;
		lines_release(&la);
		lines_release(&lb);
	}
	sqlite3_close(da);
	sqlite3_close(dbb);
	return rc;
}
