/*
 * kcg path FROM TO: the likeliest call paths between two functions, one
 * hop per line with its kind, its fan-out, the call site and, for a
 * resolved pointer, what it went through and where it was stored.  Also the parsing of the path
 * query options that `kcg render path` shares (path_args.h).
 */
#include "cli.h"
#include "path_args.h"
#include "query.h"

#include "queries/describe.h"
#include "queries/graph.h"
#include "queries/path.h"
#include "util/alloc.h"
#include "util/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_K 100

void path_args_init(struct path_args *a)
{
	memset(a, 0, sizeof(*a));
	a->k = 1;
}

int path_args_option(struct path_args *a, int argc, char **argv, int *i)
{
	const char *cmd = a->qa.cmd;
	const char *v = NULL;
	int rc;

	if (!strcmp(argv[*i], "--direct-only")) {
		a->direct_only = 1;
		return 1;
	}
	if (!strcmp(argv[*i], "--no-context")) {
		a->no_context = 1;
		return 1;
	}
	if ((rc = query_opt_value(cmd, argc, argv, i, "-k", &v))) {
		if (rc < 0 || query_number(&a->qa, "-k", v, 1, MAX_K, &a->k))
			return -1;
		return 1;
	}
	if ((rc = query_opt_value(cmd, argc, argv, i, "--rank", &v))) {
		if (rc < 0)
			return -1;
		if (!strcmp(v, "fanout")) {
			a->rank = PATH_RANK_FANOUT;
		} else if (!strcmp(v, "hops")) {
			a->rank = PATH_RANK_HOPS;
		} else {
			usage_error(cmd, "--rank takes fanout or hops, not "
					 "'%s'", v);
			return -1;
		}
		return 1;
	}
	if ((rc = query_opt_value(cmd, argc, argv, i, "--max-depth", &v))) {
		if (rc < 0 || query_number(&a->qa, "--max-depth", v, 1, 10000,
					   &a->max_depth))
			return -1;
		return 1;
	}
	if ((rc = query_opt_value(cmd, argc, argv, i, "--through",
				  &a->through)) ||
	    (rc = query_opt_value(cmd, argc, argv, i, "--avoid",
				  &a->avoid)) ||
	    (rc = query_opt_value(cmd, argc, argv, i, "--kinds", &a->kinds)))
		return rc < 0 ? -1 : 1;
	return 0;
}

int path_args_check(const struct path_args *a)
{
	if (a->qa.nr_pos != 2) {
		usage_error(a->qa.cmd, "give two functions, FROM and TO");
		return -1;
	}
	if (a->direct_only && a->kinds) {
		usage_error(a->qa.cmd, "--direct-only and --kinds do not go "
				       "together");
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct path_args *a)
{
	int i, rc;

	path_args_init(a);
	query_args_init(&a->qa, "path", argc);
	for (i = 1; i < argc; i++) {
		rc = path_args_option(a, argc, argv, &i);
		if (!rc)
			rc = query_common_arg(&a->qa, argc, argv, &i);
		if (rc < 0)
			return -1;
		if (!rc) {
			query_unknown_option(&a->qa, argv[i]);
			return -1;
		}
	}
	return path_args_check(a);
}

/* Resolve a comma-separated list of names. */
static int resolve_list(struct path_args *a, sqlite3 *db, const char *list,
			struct id_list *out)
{
	const char *p = list;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->ids = xcalloc(strlen(list) + 1, sizeof(*out->ids));
	while (*p && !rc) {
		size_t len = strcspn(p, ",");
		char *name = xstrndup(p, len);
		struct fn_ref f;

		if (len) {
			rc = query_function(&a->qa, db, name, &f);
			if (!rc)
				out->ids[out->nr++] = (uint32_t)f.id;
			fn_ref_release(&f);
		}
		free(name);
		p += len;
		if (*p == ',')
			p++;
	}
	return rc;
}

static int in_ids(const struct id_list *l, uint32_t id)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (l->ids[i] == id)
			return 1;
	return 0;
}

static void print_text(struct output *o, const struct result *r,
		       const struct path_list *paths, const char *from,
		       const char *to)
{
	static const char *const cols[] = {
		"caller", "", "callee", "kind", "of", "site", "detail",
	};
	size_t row = 0, p;

	for (p = 0; p < paths->nr; p++) {
		struct result t;
		size_t h;

		result_init(&t, "text", cols, 7);
		if (paths->nr > 1)
			output_heading(o, "%s%s -> %s: %zu hops, cost %.1f "
					  "(path %zu of %zu)", p ? "\n" : "",
				       from, to, paths->items[p].hops,
				       paths->items[p].cost, p + 1, paths->nr);
		else
			output_heading(o, "%s -> %s: %zu hops, cost %.1f",
				       from, to, paths->items[p].hops,
				       paths->items[p].cost);
		for (h = 0; h < paths->items[p].hops; h++, row++) {
			struct cell *c = result_add_row(&t);
			char *detail = edge_detail(r, row);
			int64_t fanout = result_int(r, row, "fanout");

			cell_set_text(&c[0], row_text(r, row, "caller"));
			cell_set_text(&c[1], "->");
			cell_set_text(&c[2], row_text(r, row, "callee"));
			cell_set_text(&c[3], row_text(r, row, "kind"));
			if (fanout > 1) {
				char of[32];

				snprintf(of, sizeof(of), "1 of %lld",
					 (long long)fanout);
				cell_set_text(&c[4], of);
			}
			cell_set_place(&c[5], r, row, "site_file", "site_line",
				       "");
			cell_set_text(&c[6], detail);
			free(detail);
		}
		output_text(o, &t, "n-nk-f-", TEXT_INDENT);
		result_release(&t);
	}
}

int path_args_find(const char *cmd, sqlite3 *db, const struct path_query *q,
		   struct path_list *out)
{
	struct kcg_error err;
	struct graph g;
	int rc;

	path_list_init(out);
	if (graph_load(db, GRAPH_OUT | GRAPH_IN | GRAPH_LAZY_IDS, &g, &err)) {
		die_message(cmd, &err);
		return EXIT_USAGE;
	}
	trace_phase("path: load the graph");
	rc = path_find(&g, q, out, &err);
	graph_release(&g);
	trace_phase("path: search");
	if (rc) {
		die_message(cmd, &err);
		return EXIT_USAGE;
	}
	return 0;
}

static int run(struct path_args *a, sqlite3 *db, struct path_query *q)
{
	struct kcg_error err;
	struct path_list paths;
	struct result r;
	struct output o;
	int rc;

	rc = path_args_find("path", db, q, &paths);
	if (rc) {
		path_list_release(&paths);
		return rc;
	}
	rc = describe_paths(db, &paths, &r, &err);
	trace_phase("path: describe");
	if (rc) {
		die_message("path", &err);
		path_list_release(&paths);
		return EXIT_USAGE;
	}
	output_begin(&o, a->qa.format, "path", a->qa.db_path, 0);
	output_data(&o, &r);
	if (o.format == OUT_TEXT)
		print_text(&o, &r, &paths, a->qa.pos[0], a->qa.pos[1]);
	output_end(&o);
	trace_phase("path: print");
	rc = paths.nr ? EXIT_FOUND : EXIT_NOT_FOUND;
	if (!paths.nr)
		fprintf(stderr, "kcg path: no path from '%s' to '%s'%s%s\n",
			a->qa.pos[0], a->qa.pos[1],
			a->max_depth ? " within --max-depth" : "",
			a->through ? " through the waypoints" : "");
	result_release(&r);
	path_list_release(&paths);
	return rc;
}

int path_args_query(struct path_args *a, sqlite3 *db, struct path_query *q,
		    struct id_list *through, struct id_list *avoid)
{
	struct kcg_error err;
	struct fn_ref from, to;
	size_t i;
	int rc;

	memset(q, 0, sizeof(*q));
	q->kinds = a->direct_only ? KIND_MASK_DIRECT : KIND_MASK_DEFAULT;
	if (a->kinds && edge_kind_parse_list(a->kinds, &q->kinds, &err)) {
		usage_error(a->qa.cmd, "%s", err.msg);
		return EXIT_USAGE;
	}
	rc = query_function(&a->qa, db, a->qa.pos[0], &from);
	if (!rc) {
		rc = query_function(&a->qa, db, a->qa.pos[1], &to);
		q->from = (uint32_t)from.id;
		q->to = (uint32_t)to.id;
		fn_ref_release(&to);
	}
	fn_ref_release(&from);
	if (!rc && a->through)
		rc = resolve_list(a, db, a->through, through);
	if (!rc && a->avoid)
		rc = resolve_list(a, db, a->avoid, avoid);
	if (rc)
		return rc;
	if (in_ids(avoid, q->from) || in_ids(avoid, q->to)) {
		usage_error(a->qa.cmd, "--avoid names FROM or TO");
		return EXIT_USAGE;
	}
	for (i = 0; i < through->nr; i++)
		if (in_ids(avoid, through->ids[i])) {
			usage_error(a->qa.cmd, "--avoid names a --through "
					       "function");
			return EXIT_USAGE;
		}
	q->through = through->ids;
	q->nr_through = through->nr;
	q->avoid = avoid->ids;
	q->nr_avoid = avoid->nr;
	q->max_depth = a->max_depth;
	q->k = a->k;
	q->rank = a->rank;
	q->no_context = a->no_context;
	return 0;
}

int cmd_path(int argc, char **argv)
{
	struct path_args a;
	struct path_query q;
	struct id_list through, avoid;
	sqlite3 *db = NULL;
	int rc;

	memset(&through, 0, sizeof(through));
	memset(&avoid, 0, sizeof(avoid));
	if (parse_args(argc, argv, &a)) {
		query_args_release(&a.qa);
		return EXIT_USAGE;
	}
	trace_phase("path: start");
	rc = query_open(&a.qa, &db);
	trace_phase("path: open");
	if (!rc)
		rc = path_args_query(&a, db, &q, &through, &avoid);
	trace_phase("path: look the names up");
	if (!rc)
		rc = run(&a, db, &q);
	sqlite3_close(db);
	free(through.ids);
	free(avoid.ids);
	query_args_release(&a.qa);
	return rc;
}
