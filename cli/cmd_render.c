/*
 * kcg render path FROM TO -o FILE: the paths `kcg path` finds, drawn as
 * a diagram for documentation (render/): SVG, PNG, PDF or DOT through
 * Graphviz, or a Mermaid flowchart.
 */
#include "cli.h"
#include "path_args.h"
#include "query.h"

#include "queries/path.h"
#include "render/render.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct render_args {
	struct path_args pa;
	const char *output, *format, *url;
	enum render_format fmt;
};

/* Take -o, --format and --url; 1 taken, 0 not, -1 error. */
static int render_option(struct render_args *r, int argc, char **argv,
			 int *i)
{
	int rc;

	if ((rc = query_opt_value("render", argc, argv, i, "-o",
				  &r->output)) ||
	    (rc = query_opt_value("render", argc, argv, i, "--output",
				  &r->output)) ||
	    (rc = query_opt_value("render", argc, argv, i, "--format",
				  &r->format)) ||
	    (rc = query_opt_value("render", argc, argv, i, "--url",
				  &r->url)))
		return rc;
	return 0;
}

static int check_args(struct render_args *r)
{
	struct kcg_error err;
	int rc;

	if (path_args_check(&r->pa))
		return -1;
	if (r->pa.qa.format != OUT_TEXT) {
		usage_error("render", "--json and --tsv are for 'kcg path'");
		return -1;
	}
	if (!r->output) {
		usage_error("render", "give the file to write with -o FILE");
		return -1;
	}
	if (r->format)
		rc = render_format_parse(r->format, &r->fmt, &err);
	else
		rc = render_format_guess(r->output, &r->fmt, &err);
	if (rc) {
		usage_error("render", "%s", err.msg);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct render_args *r)
{
	int i, rc;

	memset(r, 0, sizeof(*r));
	path_args_init(&r->pa);
	query_args_init(&r->pa.qa, "render", argc);
	if (argc < 2 || strcmp(argv[1], "path")) {
		usage_error("render", "say what to draw: 'kcg render path "
				      "FROM TO -o FILE'");
		return -1;
	}
	for (i = 2; i < argc; i++) {
		rc = render_option(r, argc, argv, &i);
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
	return check_args(r);
}

/* Find the paths of q, draw them into r->output. */
static int draw(struct render_args *r, sqlite3 *db,
		const struct path_query *q)
{
	const char *from = r->pa.qa.pos[0], *to = r->pa.qa.pos[1];
	struct kcg_error err;
	struct path_list paths;
	struct diagram d;
	struct strbuf title;
	int rc;

	rc = path_args_find("render", db, q, &paths);
	if (rc) {
		path_list_release(&paths);
		return rc;
	}
	if (!paths.nr) {
		fprintf(stderr, "kcg render: no path from '%s' to '%s'\n",
			from, to);
		path_list_release(&paths);
		return EXIT_NOT_FOUND;
	}
	strbuf_init(&title);
	strbuf_addf(&title, "%s -> %s", from, to);
	diagram_init(&d);
	rc = diagram_from_paths(db, &paths, r->url, title.buf, &d, &err);
	if (!rc)
		rc = render_diagram(&d, r->fmt, r->output, &err);
	if (rc)
		fprintf(stderr, "kcg render: %s\n", err.msg);
	diagram_release(&d);
	strbuf_release(&title);
	path_list_release(&paths);
	return rc ? EXIT_USAGE : EXIT_FOUND;
}

int cmd_render(int argc, char **argv)
{
	struct render_args r;
	struct path_query q;
	struct id_list through, avoid;
	sqlite3 *db = NULL;
	int rc;

	memset(&through, 0, sizeof(through));
	memset(&avoid, 0, sizeof(avoid));
	if (parse_args(argc, argv, &r)) {
		query_args_release(&r.pa.qa);
		return EXIT_USAGE;
	}
	rc = query_open(&r.pa.qa, &db);
	if (!rc)
		rc = path_args_query(&r.pa, db, &q, &through, &avoid);
	if (!rc)
		rc = draw(&r, db, &q);
	sqlite3_close(db);
	free(through.ids);
	free(avoid.ids);
	query_args_release(&r.pa.qa);
	return rc;
}
