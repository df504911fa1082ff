/*
 * kcg render flow NAME [-o FILE]: a documented flow (queries/flow.h)
 * connected in the index, reported leg by leg, stage by stage, and drawn.
 *
 * NAME is a flow file, or the name of one shipped with kcg, in the
 * directories queries/flow_dir.h finds for the index (the version's own,
 * then the older versions'); --flows DIR or $KCG_FLOWS replaces the
 * directory the build names.
 */
#include "cli.h"
#include "flow_find.h"
#include "render_args.h"

#include "db/db.h"
#include "queries/flow.h"
#include "queries/graph.h"
#include "render/render.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct flow_args {
	struct query_args qa;
	struct render_opts ro;
	const char *flows_dir;
	int expand_hooks, list;
};

static int parse_args(int argc, char **argv, struct flow_args *a)
{
	int i, rc;

	query_args_init(&a->qa, "render flow", argc);
	render_opts_init(&a->ro);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--expand-hooks")) {
			a->expand_hooks = 1;
			continue;
		}
		if (!strcmp(argv[i], "--list")) {
			a->list = 1;
			continue;
		}
		rc = query_opt_value(a->qa.cmd, argc, argv, &i, "--flows",
				     &a->flows_dir);
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
	if (a->list ? a->qa.nr_pos != 0 : a->qa.nr_pos != 1) {
		usage_error(a->qa.cmd, a->list ? "--list takes no flow" :
						 "give one flow: a name "
						 "(--list shows them) or "
						 "a .flow file");
		return -1;
	}
	return render_opts_check(&a->ro, &a->qa, 0);
}

static void report_leg(const struct flow_leg *leg,
		       const struct flow_result *r, const struct flow *f)
{
	const struct flow_step *st = &f->stages[leg->stage].steps[leg->step];
	struct strbuf what;
	size_t i;

	strbuf_init(&what);
	strbuf_addf(&what, "%s %s %s", leg->from_name,
		    leg->handoff ? "~>" : "->", leg->to_name);
	printf("  %-56s ", what.buf);
	if (leg->status == LEG_UNKNOWN) {
		printf("BROKEN:");
		for (i = 0; i < r->nr_names; i++)
			if (r->names[i].problem &&
			    (!strcmp(r->names[i].spec, leg->from_name) ||
			     !strcmp(r->names[i].spec, leg->to_name)))
				printf(" '%s' %s;", r->names[i].spec,
				       r->names[i].problem);
		printf(" (line %d)\n", st->line);
	} else if (leg->status == LEG_NO_PATH) {
		printf("BROKEN: no path within %d hops (line %d)\n",
		       f->max_hops, st->line);
	} else if (leg->handoff) {
		printf("hand-off%s%s%s\n", st->label ? " (" : "",
		       st->label ? st->label : "", st->label ? ")" : "");
	} else {
		printf("%zu hop%s\n", leg->path.hops,
		       leg->path.hops == 1 ? "" : "s");
	}
	strbuf_release(&what);
}

/* The legs stage by stage: what connects, what is broken and why. */
static void report(const struct flow *f, const struct flow_result *r)
{
	size_t s, l, ok = 0;

	printf("flow %s: %s\n", f->title ? f->title : "", f->path);
	for (s = 0; s < f->nr_stages; s++) {
		const struct flow_stage *stage = &f->stages[s];

		printf("stage %zu: %s%s%s%s\n", s + 1, stage->label,
		       stage->context ? " [" : "",
		       stage->context ? stage->context : "",
		       stage->context ? "]" : "");
		for (l = 0; l < r->nr_legs; l++)
			if (r->legs[l].stage == s)
				report_leg(&r->legs[l], r, f);
		for (l = 0; l < stage->nr_steps; l++)
			if (stage->steps[l].kind == FLOW_HOOK)
				printf("  hook point %s %s\n",
				       stage->steps[l].family,
				       stage->steps[l].hook);
	}
	for (l = 0; l < r->nr_legs; l++)
		ok += r->legs[l].status == LEG_OK;
	printf("%zu legs: %zu connected, %zu broken\n", r->nr_legs, ok,
	       r->broken);
}

static int draw(struct flow_args *a, sqlite3 *db, const struct flow *f,
		const struct flow_result *r)
{
	struct kcg_error err;
	struct diagram d;
	int rc;

	diagram_init(&d);
	rc = diagram_from_flow(db, f, r, a->ro.url, a->expand_hooks, &d,
			       &err);
	if (rc) {
		die_message("render flow", &err);
		rc = EXIT_USAGE;
	} else {
		rc = render_write("render flow", &a->ro, &d);
	}
	diagram_release(&d);
	return rc;
}

static int run(struct flow_args *a, sqlite3 *db)
{
	struct kcg_error err;
	struct flow_result r;
	struct graph g;
	struct flow f;
	char *path;
	int rc;

	path = flow_find("render flow", db, a->flows_dir, a->qa.pos[0]);
	if (!path)
		return EXIT_NOT_FOUND;
	if (flow_load(path, &f, &err)) {
		die_message("render flow", &err);
		flow_release(&f);
		free(path);
		return EXIT_USAGE;
	}
	free(path);
	if (graph_load(db, GRAPH_OUT | GRAPH_IN | GRAPH_LAZY_IDS, &g, &err)) {
		die_message("render flow", &err);
		flow_release(&f);
		return EXIT_USAGE;
	}
	rc = flow_connect(db, &g, &f, &r, &err);
	graph_release(&g);
	if (rc) {
		die_message("render flow", &err);
		rc = EXIT_USAGE;
	} else {
		report(&f, &r);
		fflush(stdout);
		rc = a->ro.output ? draw(a, db, &f, &r) : 0;
		if (!rc && r.broken)
			rc = EXIT_NOT_FOUND;
	}
	flow_result_release(&r);
	flow_release(&f);
	return rc;
}

int cmd_render_flow(int argc, char **argv)
{
	struct flow_args a;
	sqlite3 *db = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	if (parse_args(argc, argv, &a)) {
		query_args_release(&a.qa);
		return EXIT_USAGE;
	}
	rc = query_open(&a.qa, &db);
	if (!rc && a.list)
		flow_list(stdout, db, a.flows_dir);
	else if (!rc)
		rc = run(&a, db);
	sqlite3_close(db);
	query_args_release(&a.qa);
	return rc;
}
