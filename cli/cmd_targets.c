/*
 * kcg targets TYPE.FIELD: every function a call through a struct field
 * can reach, with the place it was stored; kcg targets --site FILE:LINE:
 * every function the calls at one line can reach.
 */
#include "cli.h"
#include "query.h"

#include "queries/lookup.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_field_text(struct output *o, const struct result *r,
			     const char *spec)
{
	static const char *const cols[] = { "target", "defined", "kinds",
					    "stored", "calls" };
	struct result t;
	size_t row;

	output_heading(o, "%s: %zu target%s", spec, r->nr_rows,
		       r->nr_rows == 1 ? "" : "s");
	result_init(&t, "text", cols, 5);
	for (row = 0; row < r->nr_rows; row++) {
		struct cell *c = result_add_row(&t);
		int64_t n = result_int(r, row, "call_sites");
		char buf[64];

		cell_set_text(&c[0], row_text(r, row, "target"));
		cell_set_place(&c[1], r, row, "target_file", "target_line",
			       "");
		cell_set_text(&c[2], n ? row_text(r, row, "kinds") : "-");
		cell_set_place(&c[3], r, row, "reg_file", "reg_line",
			       "stored at ");
		snprintf(buf, sizeof(buf), "%lld call site%s", (long long)n,
			 n == 1 ? "" : "s");
		cell_set_text(&c[4], n ? buf : "no indexed call");
	}
	output_text(o, &t, "nfkf-", TEXT_INDENT);
	result_release(&t);
}

static void print_site_text(struct output *o, const struct result *r,
			    const char *spec)
{
	static const char *const cols[] = { "caller", "", "target", "kind",
					    "detail" };
	struct result t;
	size_t row;

	output_heading(o, "%s: %zu target%s", spec, r->nr_rows,
		       r->nr_rows == 1 ? "" : "s");
	result_init(&t, "text", cols, 5);
	for (row = 0; row < r->nr_rows; row++) {
		struct cell *c = result_add_row(&t);
		char *detail = edge_detail(r, row);

		cell_set_text(&c[0], row_text(r, row, "caller"));
		cell_set_text(&c[1], "->");
		cell_set_text(&c[2], row_text(r, row, "target"));
		cell_set_text(&c[3], row_text(r, row, "kind"));
		cell_set_text(&c[4], detail);
		free(detail);
	}
	output_text(o, &t, "n-nk-", TEXT_INDENT);
	result_release(&t);
}

/* Split FILE:LINE; -1 if it has no such shape. */
static int parse_site(const char *spec, char **file, int *line)
{
	const char *colon = strrchr(spec, ':');
	char *end;
	long n;

	if (!colon || colon == spec)
		return -1;
	n = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || n < 1 || n > 100000000)
		return -1;
	*file = xstrndup(spec, (size_t)(colon - spec));
	*line = (int)n;
	return 0;
}

static int run(struct query_args *qa, sqlite3 *db, const char *site)
{
	struct kcg_error err;
	struct result r;
	struct output o;
	char *type = NULL, *field = NULL, *file = NULL;
	const char *spec = site ? site : qa->pos[0];
	int line = 0, rc;

	if (site ? parse_site(site, &file, &line) :
		   field_spec_parse(qa->pos[0], &type, &field)) {
		usage_error(qa->cmd, site ? "--site takes FILE:LINE, not '%s'" :
				     "give TYPE.FIELD (e.g. packet_type.func), "
				     "not '%s'", spec);
		return EXIT_USAGE;
	}
	rc = site ? lookup_site_targets(db, file, line, &r, &err) :
		    lookup_field_targets(db, type, field, &r, &err);
	free(type);
	free(field);
	free(file);
	if (rc) {
		die_message("targets", &err);
		return EXIT_USAGE;
	}
	output_begin(&o, qa->format, "targets", qa->db_path, 0);
	output_data(&o, &r);
	if (o.format == OUT_TEXT && r.nr_rows)
		(site ? print_site_text : print_field_text)(&o, &r, spec);
	output_end(&o);
	rc = r.nr_rows ? EXIT_FOUND : EXIT_NOT_FOUND;
	if (!r.nr_rows)
		fprintf(stderr,
			site ? "kcg targets: no call at '%s' in '%s'\n" :
			       "kcg targets: no call or store through '%s' in "
			       "'%s'\n", spec, qa->db_path);
	result_release(&r);
	return rc;
}

int cmd_targets(int argc, char **argv)
{
	struct query_args qa;
	const char *site = NULL;
	sqlite3 *db = NULL;
	int i, rc;

	query_args_init(&qa, "targets", argc);
	for (i = 1; i < argc; i++) {
		rc = query_opt_value("targets", argc, argv, &i, "--site",
				     &site);
		if (!rc)
			rc = query_common_arg(&qa, argc, argv, &i);
		if (rc < 0 || (!rc && query_unknown_option(&qa, argv[i]))) {
			query_args_release(&qa);
			return EXIT_USAGE;
		}
	}
	if (qa.nr_pos != (site ? 0 : 1)) {
		usage_error("targets", site ? "--site takes no other argument" :
					      "give one TYPE.FIELD or --site "
					      "FILE:LINE");
		query_args_release(&qa);
		return EXIT_USAGE;
	}
	rc = query_open(&qa, &db);
	if (!rc)
		rc = run(&qa, db, site);
	sqlite3_close(db);
	query_args_release(&qa);
	return rc;
}
