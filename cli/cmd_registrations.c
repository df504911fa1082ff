/*
 * kcg registrations F: who stores F where it will be called from, at
 * which call, where the pointer lands, and through which calls.
 */
#include "cli.h"
#include "query.h"

#include "queries/graph.h"
#include "queries/lookup.h"

#include <stdio.h>
#include <string.h>

static void print_text(struct output *o, const struct result *r,
		       const char *name)
{
	static const char *const cols[] = { "registrar", "site", "stored",
					    "chain" };
	struct result t;
	size_t row;

	output_heading(o, "%s: %zu registration%s", name, r->nr_rows,
		       r->nr_rows == 1 ? "" : "s");
	result_init(&t, "text", cols, 4);
	for (row = 0; row < r->nr_rows; row++) {
		struct cell *c = result_add_row(&t);

		cell_set_text(&c[0], row_text(r, row, "registrar"));
		cell_set_place(&c[1], r, row, "site_file", "site_line", "");
		cell_set_place(&c[2], r, row, "reg_file", "reg_line",
			       "stored at ");
		cell_set_text(&c[3], row_text(r, row, "chain"));
	}
	output_text(o, &t, "nff-", TEXT_INDENT);
	result_release(&t);
}

static int run(struct query_args *qa, sqlite3 *db, const struct fn_ref *fn)
{
	struct kcg_error err;
	struct graph g;
	struct result r;
	struct output o;
	int rc;

	if (graph_load(db, GRAPH_OUT, &g, &err)) {
		die_message("registrations", &err);
		return EXIT_USAGE;
	}
	rc = lookup_registrations(db, &g, fn->id, &r, &err);
	graph_release(&g);
	if (rc) {
		die_message("registrations", &err);
		result_release(&r);
		return EXIT_USAGE;
	}
	output_begin(&o, qa->format, "registrations", qa->db_path, 0);
	output_data(&o, &r);
	if (o.format == OUT_TEXT && r.nr_rows)
		print_text(&o, &r, fn->name);
	output_end(&o);
	rc = r.nr_rows ? EXIT_FOUND : EXIT_NOT_FOUND;
	if (!r.nr_rows)
		fprintf(stderr, "kcg registrations: nothing in '%s' stores "
				"'%s' where it is called from\n",
			qa->db_path, fn->name);
	result_release(&r);
	return rc;
}

int cmd_registrations(int argc, char **argv)
{
	struct query_args qa;
	struct fn_ref fn;
	sqlite3 *db;
	int rc;

	rc = query_one_function(&qa, "registrations", argc, argv, &db, &fn);
	if (!rc)
		rc = run(&qa, db, &fn);
	fn_ref_release(&fn);
	sqlite3_close(db);
	query_args_release(&qa);
	return rc;
}
