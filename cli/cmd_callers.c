/*
 * kcg callers F / kcg callees F: who calls a function, or what it calls,
 * as a tree to a depth (-d), one line per edge with its kind and site.
 * `callees` then lists the netfilter hooks that run at F's calls that
 * enter the hooks with a constant family and hook point.
 */
#include "cli.h"
#include "query.h"
#include "tree_args.h"

#include "queries/describe.h"
#include "queries/graph.h"
#include "queries/lookup.h"
#include "queries/path.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TREE_ROWS 20000

void tree_args_init(struct tree_args *t, int depth)
{
	memset(t, 0, sizeof(*t));
	t->depth = depth;
}

int tree_args_option(struct tree_args *t, const struct query_args *qa,
		     int max_depth, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int rc;

	if (!strcmp(argv[*i], "--direct-only")) {
		t->direct_only = 1;
		return 1;
	}
	if ((rc = query_opt_value(qa->cmd, argc, argv, i, "-d", &v)) ||
	    (rc = query_opt_value(qa->cmd, argc, argv, i, "--depth", &v))) {
		if (rc < 0 ||
		    query_number(qa, "-d", v, 1, max_depth, &t->depth))
			return -1;
		return 1;
	}
	return query_opt_value(qa->cmd, argc, argv, i, "--kinds", &t->kinds);
}

int tree_args_check(struct tree_args *t, const struct query_args *qa)
{
	struct kcg_error err;

	if (t->direct_only && t->kinds) {
		usage_error(qa->cmd, "--direct-only and --kinds do not go "
				     "together");
		return -1;
	}
	t->mask = t->direct_only ? KIND_MASK_DIRECT : KIND_MASK_DEFAULT;
	if (t->kinds && edge_kind_parse_list(t->kinds, &t->mask, &err)) {
		usage_error(qa->cmd, "%s", err.msg);
		return -1;
	}
	return 0;
}

int tree_args_grow(const struct tree_args *t, const struct query_args *qa,
		   sqlite3 *db, uint32_t root, int callers, size_t max_rows,
		   struct tree *out)
{
	struct kcg_error err;
	struct graph g;

	if (graph_load(db, callers ? GRAPH_IN : GRAPH_OUT, &g, &err)) {
		die_message(qa->cmd, &err);
		return EXIT_USAGE;
	}
	tree_build(callers ? &g.in : &g.out, root, t->depth, t->mask,
		   max_rows, out);
	graph_release(&g);
	return 0;
}

struct callers_args {
	struct query_args qa;
	struct tree_args t;
	int callers;
};

static int parse_args(int argc, char **argv, struct callers_args *a)
{
	const char *cmd = a->callers ? "callers" : "callees";
	int i, rc;

	query_args_init(&a->qa, cmd, argc);
	tree_args_init(&a->t, 1);
	for (i = 1; i < argc; i++) {
		rc = tree_args_option(&a->t, &a->qa, 100, argc, argv, &i);
		if (!rc)
			rc = query_common_arg(&a->qa, argc, argv, &i);
		if (rc < 0)
			return -1;
		if (!rc) {
			query_unknown_option(&a->qa, argv[i]);
			return -1;
		}
	}
	if (a->qa.nr_pos != 1) {
		usage_error(cmd, "give one function");
		return -1;
	}
	return 0;
}

static char *row_detail(const struct result *r, size_t row)
{
	char *detail = edge_detail(r, row);
	struct strbuf sb;

	if (!result_int(r, row, "repeated"))
		return detail;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s(shown above)", detail, *detail ? " " : "");
	free(detail);
	return strbuf_detach(&sb);
}

static void print_text(struct output *o, const struct result *r)
{
	static const char *const cols[] = { "function", "kind", "site",
					    "detail" };
	struct result t;
	size_t row;

	result_init(&t, "text", cols, 4);
	for (row = 0; row < r->nr_rows; row++) {
		struct cell *c = result_add_row(&t);
		struct strbuf sb;
		char *detail;
		int64_t depth = result_int(r, row, "depth");

		strbuf_init(&sb);
		strbuf_addf(&sb, "%*s%s", (int)(2 * depth), "",
			    row_text(r, row, "function"));
		cell_set_text(&c[0], sb.buf);
		strbuf_release(&sb);
		if (!depth) {
			cell_set_place(&c[2], r, row, "file", "line", "");
			continue;
		}
		cell_set_text(&c[1], row_text(r, row, "kind"));
		cell_set_place(&c[2], r, row, "site_file", "site_line", "");
		detail = row_detail(r, row);
		cell_set_text(&c[3], detail);
		free(detail);
	}
	output_text(o, &t, "nkf-", 0);
	result_release(&t);
}

/* "hooks at FILE:LINE NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING):" and
 * the hooks of each call, in priority order. */
static void print_hooks(struct output *o, const struct result *h)
{
	static const char *const cols[] = { "hook", "priority", "name",
					    "file" };
	struct result t;
	size_t row, start;
	char num[32];

	for (start = 0; start < h->nr_rows; start = row) {
		const char *pf = row_text(h, start, "pf_name");
		const char *hooknum = row_text(h, start, "hooknum_name");

		output_heading(o, "\nhooks at %s:%lld %s(%s, %s):",
			       row_text(h, start, "site_file"),
			       (long long)result_int(h, start, "site_line"),
			       row_text(h, start, "callee"), pf, hooknum);
		result_init(&t, "text", cols, 4);
		for (row = start; row < h->nr_rows &&
		     result_int(h, row, "site_line") ==
			     result_int(h, start, "site_line") &&
		     !strcmp(row_text(h, row, "site_file"),
			     row_text(h, start, "site_file")) &&
		     !strcmp(row_text(h, row, "callee"),
			     row_text(h, start, "callee")); row++) {
			struct cell *c;

			if (!result_str(h, row, "hook"))
				continue;
			c = result_add_row(&t);
			cell_set_text(&c[0], result_str(h, row, "hook"));
			cell_set_text(&c[1], cell_text(result_get(h, row,
								  "priority"),
						       num, sizeof(num)));
			cell_set_text(&c[2], result_str(h, row,
							"priority_name"));
			cell_set_place(&c[3], h, row, "hook_file",
				       "hook_line", "");
		}
		if (t.nr_rows)
			output_text(o, &t, "nr-f", TEXT_INDENT);
		else
			fprintf(o->f, "  no hook registered there\n");
		result_release(&t);
	}
}

static int run(struct callers_args *a, sqlite3 *db, const struct fn_ref *fn)
{
	struct kcg_error err;
	struct tree t;
	struct result r, hooks;
	struct output o;
	int rc;

	rc = tree_args_grow(&a->t, &a->qa, db, (uint32_t)fn->id, a->callers,
			    MAX_TREE_ROWS, &t);
	if (rc)
		return rc;
	if (describe_tree(db, &t, a->callers, &r, &err)) {
		die_message(a->qa.cmd, &err);
		tree_release(&t);
		return EXIT_USAGE;
	}
	result_init(&hooks, "call_hooks", NULL, 0);
	if (!a->callers) {
		result_release(&hooks);
		if (lookup_call_hooks(db, fn->id, &hooks, &err)) {
			die_message(a->qa.cmd, &err);
			result_release(&hooks);
			result_release(&r);
			tree_release(&t);
			return EXIT_USAGE;
		}
	}
	output_begin(&o, a->qa.format, a->qa.cmd, a->qa.db_path,
		     hooks.nr_rows > 0);
	output_data(&o, &r);
	if (hooks.nr_rows)
		output_data(&o, &hooks);
	if (o.format == OUT_TEXT) {
		print_text(&o, &r);
		print_hooks(&o, &hooks);
	}
	output_end(&o);
	result_release(&hooks);
	if (t.truncated)
		fprintf(stderr, "kcg %s: the tree was cut at %d lines; "
				"give a smaller -d\n", a->qa.cmd,
			MAX_TREE_ROWS);
	rc = t.nr > 1 ? EXIT_FOUND : EXIT_NOT_FOUND;
	if (t.nr <= 1)
		fprintf(stderr, "kcg %s: '%s' has no %s of these kinds\n",
			a->qa.cmd, a->qa.pos[0], a->qa.cmd);
	result_release(&r);
	tree_release(&t);
	return rc;
}

static int cmd_tree(int argc, char **argv, int callers)
{
	struct callers_args a;
	struct fn_ref fn;
	sqlite3 *db = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&fn, 0, sizeof(fn));
	a.callers = callers;
	if (parse_args(argc, argv, &a) || tree_args_check(&a.t, &a.qa)) {
		query_args_release(&a.qa);
		return EXIT_USAGE;
	}
	rc = query_open_function(&a.qa, &db, &fn);
	if (!rc)
		rc = run(&a, db, &fn);
	fn_ref_release(&fn);
	sqlite3_close(db);
	query_args_release(&a.qa);
	return rc;
}

int cmd_callers(int argc, char **argv)
{
	return cmd_tree(argc, argv, 1);
}

int cmd_callees(int argc, char **argv)
{
	return cmd_tree(argc, argv, 0);
}
