/*
 * Turning search results (node and edge ids) into rows people read: the
 * names and files of both ends, the call site, what the pointer was
 * (`packet_type.func`), the helper a callback goes through, where the
 * pointer was stored, and how many call sites the hop stands for.
 */
#ifndef KCG_DESCRIBE_H
#define KCG_DESCRIBE_H

#include "path.h"
#include "result.h"

#include <sqlite3.h>

/*
 * SQL for what an indirect call at `calls` row <call> goes through:
 * "packet_type.func", a global's name, "f()" for a returned pointer.
 */
#define DESCRIBE_THROUGH_SQL(call)                                        \
	"(SELECT group_concat(d, ', ') FROM (SELECT DISTINCT "            \
	"  CASE ic.shape WHEN 'field' THEN ic.struct || '.' || ic.field " \
	"    WHEN 'global' THEN g.name "                                  \
	"    WHEN 'call' THEN r.name || '()' "                            \
	"    WHEN 'local' THEN ic.local "                                 \
	"    WHEN 'param' THEN 'parameter ' || ic.param_index END AS d "  \
	"  FROM indirect_calls ic "                                       \
	"  LEFT JOIN globals g ON g.id = ic.global_id "                    \
	"  LEFT JOIN functions r ON r.id = ic.callee_id "                 \
	"  WHERE ic.call_id = " call " AND d IS NOT NULL))"

/*
 * Table "paths": one row per hop of every path (columns path, hop,
 * caller, caller_file, callee, callee_file, kind, site_file, site_line,
 * through, via, reg_file, reg_line, sites, fanout: how many functions
 * the hop's call site can call; path and hop count from 1).
 */
int describe_paths(sqlite3 *db, const struct path_list *paths,
		   struct result *out, struct kcg_error *err);

/*
 * Table "tree": one row per tree row (columns depth, function, file,
 * line, kind, site_file, site_line, through, via, reg_file, reg_line,
 * sites, repeated).  callers: the tree was built on the reversed graph,
 * so each row's function is the caller of the edge.
 */
int describe_tree(sqlite3 *db, const struct tree *t, int callers,
		  struct result *out, struct kcg_error *err);

/*
 * The hook points function fn is registered at, for the label of a
 * netfilter_hook edge to it: "NF_INET_PRE_ROUTING, NF_INET_LOCAL_IN"
 * (newly allocated in *out; NULL if it has none).
 */
int describe_hook_points(sqlite3 *db, int64_t fn, char **out,
			 struct kcg_error *err);

/*
 * The call at the site of registration edge edge_id: "dev_add_pack()"
 * for inet_init's registration of ip_rcv (newly allocated in *out; left
 * as it is if the site has no call).
 */
int describe_registering_call(sqlite3 *db, uint32_t edge_id, char **out,
			      struct kcg_error *err);

#endif
