/*
 * kcg render diff OLD.db NEW.db (--flow NAME | --from A --to B) -o FILE:
 * one diagram of a flow, or of the shortest path from A to B, in two
 * indexes: what both have drawn as usual, what only the old one has red
 * and dashed, what only the new one has green, a renamed function one
 * node with both names (render/diff_diagram.c).
 */
#include "cli.h"
#include "diff_args.h"
#include "render_args.h"

#include "render/render.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct render_diff_args {
	struct query_args qa;
	struct render_opts ro;
	const char *flow, *flows_dir, *from, *to;
	int expand_hooks;
};

static int parse_args(int argc, char **argv, struct render_diff_args *a)
{
	static const char *const opts[] = { "--flow", "--flows", "--from",
					    "--to" };
	const char **values[] = { &a->flow, &a->flows_dir, &a->from, &a->to };
	size_t k;
	int i, rc;

	query_args_init(&a->qa, "render diff", argc);
	render_opts_init(&a->ro);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--expand-hooks")) {
			a->expand_hooks = 1;
			continue;
		}
		rc = 0;
		for (k = 0; k < 4 && !rc; k++)
			rc = query_opt_value(a->qa.cmd, argc, argv, &i,
					     opts[k], values[k]);
		if (!rc)
			rc = render_opts_take(&a->ro, &a->qa, argc, argv, &i);
		if (!rc)
			rc = query_common_arg(&a->qa, argc, argv, &i);
		if (rc < 0)
			return -1;
		if (!rc) {
			query_unknown_option(&a->qa, argv[i]);
			return -1;
		}
	}
	if (a->qa.db_option || a->qa.nr_pos != 2) {
		usage_error(a->qa.cmd, "give two databases, OLD and NEW");
		return -1;
	}
	if (!a->flow == !(a->from && a->to) || (!a->from != !a->to)) {
		usage_error(a->qa.cmd, "give --flow NAME, or --from A and "
				       "--to B");
		return -1;
	}
	return render_opts_check(&a->ro, &a->qa, 1);
}

/* The flow's diagram in one index. */
static int flow_diagram(const struct render_diff_args *a,
			const struct diff_side *s, struct diagram *out)
{
	struct kcg_error err;
	struct flow_result r;
	struct flow f;
	int rc;

	rc = diff_connect_flow(a->qa.cmd, a->flows_dir, a->flow, s, &f, &r);
	if (!rc && diagram_from_flow(s->db, &f, &r, a->ro.url,
				     a->expand_hooks, out, &err)) {
		die_message(a->qa.cmd, &err);
		rc = EXIT_USAGE;
	}
	if (!rc) {	/* the title without the one version's name */
		free(out->title);
		out->title = xstrdup(f.title ? f.title : a->flow);
	}
	flow_result_release(&r);
	flow_release(&f);
	return rc;
}

/* The shortest path from..to in one index (none: an empty diagram). */
static int path_diagram(const struct render_diff_args *a,
			const struct diff_side *s, uint32_t from, uint32_t to,
			struct diagram *out)
{
	struct path_query q = { .from = from, .to = to, .k = 1,
				.kinds = KIND_MASK_DEFAULT };
	struct kcg_error err;
	struct path_list paths;
	int rc = 0;

	path_list_init(&paths);
	if (from && to &&
	    (path_find(&s->g, &q, &paths, &err) ||
	     diagram_from_paths(s->db, &paths, a->ro.url, NULL, out, &err))) {
		die_message(a->qa.cmd, &err);
		rc = EXIT_USAGE;
	}
	if (!rc && !paths.nr)
		fprintf(stderr, "kcg %s: no path from '%s' to '%s' in the %s "
				"index\n", a->qa.cmd, a->from, a->to, s->label);
	path_list_release(&paths);
	return rc;
}

static int draw(struct render_diff_args *a, const struct diff *d,
		const char *old_v, const char *new_v)
{
	struct diagram old, new, joined;
	uint32_t from[2], to[2];
	struct strbuf title;
	int rc;

	diagram_init(&old);
	diagram_init(&new);
	diagram_init(&joined);
	if (a->flow) {
		rc = flow_diagram(a, &d->old, &old);
		if (!rc)
			rc = flow_diagram(a, &d->new, &new);
	} else {
		rc = diff_find_function(&a->qa, d, a->from, &from[0],
					&from[1]);
		if (!rc)
			rc = diff_find_function(&a->qa, d, a->to, &to[0],
						&to[1]);
		if (!rc)
			rc = path_diagram(a, &d->old, from[0], to[0], &old);
		if (!rc)
			rc = path_diagram(a, &d->new, from[1], to[1], &new);
	}
	if (!rc) {
		strbuf_init(&title);
		if (a->flow)
			strbuf_addf(&title, "%s: ", new.title ? new.title :
								a->flow);
		else
			strbuf_addf(&title, "%s -> %s: ", a->from, a->to);
		strbuf_addf(&title, "%s -> %s", old_v, new_v);
		diagram_join_versions(&old, &new, d, old_v, new_v, &joined);
		free(joined.title);
		joined.title = strbuf_detach(&title);
		rc = render_write(a->qa.cmd, &a->ro, &joined);
	}
	diagram_release(&old);
	diagram_release(&new);
	diagram_release(&joined);
	return rc;
}

int cmd_render_diff(int argc, char **argv)
{
	struct render_diff_args a;
	struct diff_indexes x;
	int rc;

	memset(&a, 0, sizeof(a));
	if (parse_args(argc, argv, &a)) {
		query_args_release(&a.qa);
		return EXIT_USAGE;
	}
	rc = diff_indexes_open(a.qa.cmd, a.qa.pos[0], a.qa.pos[1], &x);
	if (!rc)
		rc = draw(&a, &x.d, x.old_label, x.new_label);
	diff_indexes_close(&x);
	query_args_release(&a.qa);
	return rc;
}
