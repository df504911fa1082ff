/*
 * kcg render: diagrams for documentation (render/), as SVG, PNG, PDF or
 * DOT through Graphviz, or a Mermaid flowchart.  `render path FROM TO`
 * draws the paths `kcg path` finds; `render flow NAME` a documented flow
 * (render_flow.c); `render callers|callees F -d N` a neighbourhood
 * (render_tree.c); `render diff OLD NEW` a flow or path in two indexes
 * (render_diff.c).  The options every one takes are here.
 */
#include "cli.h"
#include "path_args.h"
#include "render_args.h"

#include "queries/path.h"
#include "render/render.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void render_opts_init(struct render_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_nodes = RENDER_MAX_NODES;
}

int render_opts_take(struct render_opts *o, const struct query_args *qa,
		     int argc, char **argv, int *i)
{
	const char *max = NULL;
	int rc;

	if ((rc = query_opt_value(qa->cmd, argc, argv, i, "-o",
				  &o->output)) ||
	    (rc = query_opt_value(qa->cmd, argc, argv, i, "--output",
				  &o->output)) ||
	    (rc = query_opt_value(qa->cmd, argc, argv, i, "--format",
				  &o->format)) ||
	    (rc = query_opt_value(qa->cmd, argc, argv, i, "--url", &o->url)))
		return rc;
	rc = query_opt_value(qa->cmd, argc, argv, i, "--max-nodes", &max);
	if (rc <= 0)
		return rc;
	if (query_number(qa, "--max-nodes", max, 0, 100000, &o->max_nodes))
		return -1;
	if (o->max_nodes && o->max_nodes < 3) {
		usage_error(qa->cmd, "--max-nodes: 3 at least (0: no cut)");
		return -1;
	}
	return 1;
}

int render_opts_check(struct render_opts *o, const struct query_args *qa,
		      int need_output)
{
	struct kcg_error err;
	int rc;

	if (qa->format != OUT_TEXT) {
		usage_error(qa->cmd, "--json and --tsv are for the query "
				     "commands");
		return -1;
	}
	if (!o->output) {
		if (!need_output)
			return 0;
		usage_error(qa->cmd, "give the file to write with -o FILE");
		return -1;
	}
	if (o->format)
		rc = render_format_parse(o->format, &o->fmt, &err);
	else
		rc = render_format_guess(o->output, &o->fmt, &err);
	if (rc) {
		usage_error(qa->cmd, "%s", err.msg);
		return -1;
	}
	return 0;
}

static size_t count_functions(const struct diagram *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_nodes; i++)
		n += d->nodes[i].kind == NODE_FUNCTION;
	return n;
}

int render_write(const char *cmd, const struct render_opts *o,
		 struct diagram *d)
{
	struct kcg_error err;

	if (o->max_nodes)
		diagram_cut(d, (size_t)o->max_nodes);
	if (render_diagram(d, o->fmt, o->output, &err)) {
		die_message(cmd, &err);
		return EXIT_USAGE;
	}
	fprintf(stderr, "kcg %s: wrote '%s': %zu functions, %zu edges%s%s%s\n",
		cmd, o->output, count_functions(d), d->nr_edges,
		d->note ? " (" : "", d->note ? d->note : "",
		d->note ? ")" : "");
	return 0;
}

struct path_render_args {
	struct path_args pa;
	struct render_opts ro;
};

static int parse_path_args(int argc, char **argv, struct path_render_args *r)
{
	int i, rc;

	memset(r, 0, sizeof(*r));
	path_args_init(&r->pa);
	render_opts_init(&r->ro);
	query_args_init(&r->pa.qa, "render path", argc);
	for (i = 1; i < argc; i++) {
		rc = render_opts_take(&r->ro, &r->pa.qa, argc, argv, &i);
		if (!rc)
			rc = path_args_option(&r->pa, argc, argv, &i);
		if (!rc)
			rc = query_common_arg(&r->pa.qa, argc, argv, &i);
		if (rc < 0)
			return -1;
		if (!rc) {
			query_unknown_option(&r->pa.qa, argv[i]);
			return -1;
		}
	}
	if (path_args_check(&r->pa))
		return -1;
	return render_opts_check(&r->ro, &r->pa.qa, 1);
}

/* Find the paths of q, draw them into r->ro.output. */
static int draw_paths(struct path_render_args *r, sqlite3 *db,
		      const struct path_query *q)
{
	const char *from = r->pa.qa.pos[0], *to = r->pa.qa.pos[1];
	struct kcg_error err;
	struct path_list paths;
	struct diagram d;
	struct strbuf title;
	int rc;

	rc = path_args_find("render path", db, q, &paths);
	if (rc) {
		path_list_release(&paths);
		return rc;
	}
	if (!paths.nr) {
		fprintf(stderr, "kcg render path: no path from '%s' to '%s'\n",
			from, to);
		path_list_release(&paths);
		return EXIT_NOT_FOUND;
	}
	strbuf_init(&title);
	strbuf_addf(&title, "%s -> %s", from, to);
	diagram_init(&d);
	rc = diagram_from_paths(db, &paths, r->ro.url, title.buf, &d, &err);
	if (rc) {
		die_message("render path", &err);
		rc = EXIT_USAGE;
	} else {
		rc = render_write("render path", &r->ro, &d);
	}
	diagram_release(&d);
	strbuf_release(&title);
	path_list_release(&paths);
	return rc;
}

static int cmd_render_path(int argc, char **argv)
{
	struct path_render_args r;
	struct path_query q;
	struct id_list through, avoid;
	sqlite3 *db = NULL;
	int rc;

	memset(&through, 0, sizeof(through));
	memset(&avoid, 0, sizeof(avoid));
	if (parse_path_args(argc, argv, &r)) {
		query_args_release(&r.pa.qa);
		return EXIT_USAGE;
	}
	rc = query_open(&r.pa.qa, &db);
	if (!rc)
		rc = path_args_query(&r.pa, db, &q, &through, &avoid);
	if (!rc)
		rc = draw_paths(&r, db, &q);
	sqlite3_close(db);
	free(through.ids);
	free(avoid.ids);
	query_args_release(&r.pa.qa);
	return rc;
}

int cmd_render(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	if (!strcmp(what, "path"))
		return cmd_render_path(argc - 1, argv + 1);
	if (!strcmp(what, "flow"))
		return cmd_render_flow(argc - 1, argv + 1);
	if (!strcmp(what, "callers") || !strcmp(what, "callees"))
		return cmd_render_tree(argc - 1, argv + 1,
				       !strcmp(what, "callers"));
	if (!strcmp(what, "diff"))
		return cmd_render_diff(argc - 1, argv + 1);
	usage_error("render", "say what to draw: path FROM TO, flow NAME, "
			      "callers F, callees F or diff OLD NEW");
	return EXIT_USAGE;
}
