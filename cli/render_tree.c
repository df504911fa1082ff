/*
 * kcg render callers F -d N / kcg render callees F -d N: the
 * neighbourhood of a function as a diagram, the tree `kcg callers` and
 * `kcg callees` print, cut to --max-nodes around F.
 */
#include "cli.h"
#include "render_args.h"
#include "tree_args.h"

#include "queries/graph.h"
#include "queries/path.h"
#include "render/render.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows of the tree before the cut; the cut keeps the nearest ones. */
#define MAX_TREE_ROWS 5000

struct tree_render_args {
	struct query_args qa;
	struct render_opts ro;
	struct tree_args t;
	int callers;
};

static int take_option(struct tree_render_args *a, int argc, char **argv,
		       int *i)
{
	int rc = tree_args_option(&a->t, &a->qa, 20, argc, argv, i);

	if (!rc)
		rc = render_opts_take(&a->ro, &a->qa, argc, argv, i);
	if (!rc)
		rc = query_common_arg(&a->qa, argc, argv, i);
	return rc;
}

static int parse_args(int argc, char **argv, struct tree_render_args *a)
{
	int i, rc;

	query_args_init(&a->qa, a->callers ? "render callers" :
					     "render callees", argc);
	render_opts_init(&a->ro);
	tree_args_init(&a->t, 2);
	for (i = 1; i < argc; i++) {
		rc = take_option(a, argc, argv, &i);
		if (rc < 0)
			return -1;
		if (!rc) {
			query_unknown_option(&a->qa, argv[i]);
			return -1;
		}
	}
	if (a->qa.nr_pos != 1) {
		usage_error(a->qa.cmd, "give one function");
		return -1;
	}
	return render_opts_check(&a->ro, &a->qa, 1);
}

static int draw(struct tree_render_args *a, sqlite3 *db,
		const struct fn_ref *fn)
{
	struct kcg_error err;
	struct tree t;
	struct diagram d;
	struct strbuf title;
	int rc;

	rc = tree_args_grow(&a->t, &a->qa, db, (uint32_t)fn->id, a->callers,
			    MAX_TREE_ROWS, &t);
	if (rc)
		return rc;
	if (t.nr <= 1) {
		fprintf(stderr, "kcg %s: '%s' has no %s of these kinds\n",
			a->qa.cmd, a->qa.pos[0], a->qa.cmd + 7);
		tree_release(&t);
		return EXIT_NOT_FOUND;
	}
	strbuf_init(&title);
	strbuf_addf(&title, "%s of %s, %d level%s", a->callers ? "callers" :
							      "callees",
		    fn->name, a->t.depth, a->t.depth > 1 ? "s" : "");
	diagram_init(&d);
	rc = diagram_from_tree(db, &t, a->callers, a->ro.url, title.buf, &d,
			       &err);
	if (rc) {
		die_message(a->qa.cmd, &err);
		rc = EXIT_USAGE;
	} else {
		rc = render_write(a->qa.cmd, &a->ro, &d);
	}
	if (t.truncated)
		fprintf(stderr, "kcg %s: the tree was cut at %d rows before "
				"drawing; give a smaller -d\n", a->qa.cmd,
			MAX_TREE_ROWS);
	diagram_release(&d);
	strbuf_release(&title);
	tree_release(&t);
	return rc;
}

int cmd_render_tree(int argc, char **argv, int callers)
{
	struct tree_render_args a;
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
		rc = draw(&a, db, &fn);
	fn_ref_release(&fn);
	sqlite3_close(db);
	query_args_release(&a.qa);
	return rc;
}
