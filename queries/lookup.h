/*
 * The questions that are not path searches, as result tables: what a
 * struct field can call, what one call site can call, who registers a
 * function and through which calls, the netfilter hooks in priority
 * order, everything about one function, and any read-only SQL.
 *
 * Each returns 0 with the tables filled (possibly empty: nothing found),
 * or -1 with a message.  The tables are the caller's to release.
 */
#ifndef KCG_LOOKUP_H
#define KCG_LOOKUP_H

#include "graph.h"
#include "result.h"

#include <sqlite3.h>
#include <stdint.h>

/*
 * Split "TYPE.FIELD" (also "struct TYPE.FIELD", "TYPE->FIELD") into
 * newly allocated type and field; -1 if spec has no such shape.
 */
int field_spec_parse(const char *spec, char **type, char **field);

/*
 * Table "targets": every function a call through type.field can reach
 * (columns target, target_file, target_line, kinds, reg_file, reg_line,
 * call_sites), one row per target and place it was stored; a function
 * stored into the field that no indexed call reads has kinds "stored".
 */
int lookup_field_targets(sqlite3 *db, const char *type, const char *field,
			 struct result *out, struct kcg_error *err);

/*
 * Table "targets": the edges of the calls at file:line (file as stored
 * or a trailing part of it): caller, target, target_file, kind,
 * site_file, site_line, through, via, reg_file, reg_line.
 */
int lookup_site_targets(sqlite3 *db, const char *file, int line,
			struct result *out, struct kcg_error *err);

/*
 * Table "registrations": who stores function fn where it will be called
 * from (registrar, registrar_file, site_file, site_line, reg_file,
 * reg_line, rule, chain): the chain names the calls from the registrar's
 * call at the site down to the function that does the store.  g must
 * have GRAPH_OUT.
 */
int lookup_registrations(sqlite3 *db, const struct graph *g, int64_t fn,
			 struct result *out, struct kcg_error *err);

/*
 * Table "hooks": netfilter hooks (family, hook, priority,
 * priority_name, function, function_file, entry_file, entry_line,
 * reg_file, reg_line, dynamic, struct) ordered by family, hook point and
 * priority.  family and hook (either may be NULL) match the *_name
 * columns whole or by a suffix after '_', ignoring case ("ipv4",
 * "PRE_ROUTING"); a family that matches no family is taken as a hook.
 */
int lookup_hooks(sqlite3 *db, const char *family, const char *hook,
		 struct result *out, struct kcg_error *err);

/*
 * Table "call_hooks": the netfilter hooks that run at the calls of
 * function fn that pass a constant family and hook point into the hook
 * context (hook_context_args): one row per call and hook (site_file,
 * site_line, callee, pf, pf_name, hooknum, hooknum_name, hook,
 * hook_file, hook_line, hook_pf_name, priority, priority_name) in site
 * and priority order; a call with no hook registered there has one row
 * with hook NULL.  A hook registered for a family that stands for
 * several (NFPROTO_INET: IPv4 and IPv6; family_aliases in
 * path_context.h) counts for each of them.
 */
int lookup_call_hooks(sqlite3 *db, int64_t fn, struct result *out,
		      struct kcg_error *err);

/*
 * Four tables about function fn: "function" (one row: name, file, line,
 * linkage, ...), "edges" (direction, kind, edges, functions),
 * "indirect_calls" (its indirect call sites with what they go through
 * and how many targets they have) and "hooks" (its netfilter hook
 * entries).  out must have room for 4.
 */
#define SHOW_TABLES 4
int lookup_show(sqlite3 *db, int64_t fn, struct result *out,
		struct kcg_error *err);

/* Table "rows": the result of one SQL statement. */
int lookup_sql(sqlite3 *db, const char *sql, struct result *out,
	       struct kcg_error *err);

#endif
