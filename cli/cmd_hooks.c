/*
 * kcg hooks [FAMILY] [HOOK]: the netfilter hooks of each family and hook
 * point in the order they run (by priority, with its numeric value).
 */
#include "cli.h"
#include "query.h"

#include "queries/lookup.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

static int same_group(const struct result *r, size_t a, size_t b)
{
	return !strcmp(row_text(r, a, "family"), row_text(r, b, "family")) &&
	       !strcmp(row_text(r, a, "hook"), row_text(r, b, "hook"));
}

/* The rows [first, end) of one family and hook point. */
static void print_group(struct output *o, const struct result *r,
			size_t first, size_t end)
{
	static const char *const cols[] = { "priority", "name", "function",
					    "entry", "detail" };
	struct result t;
	size_t row;

	output_heading(o, "%s%s %s", first ? "\n" : "",
		       row_text(r, first, "family"),
		       row_text(r, first, "hook"));
	result_init(&t, "text", cols, 5);
	for (row = first; row < end; row++) {
		struct cell *c = result_add_row(&t);
		const struct cell *prio = result_get(r, row, "priority");
		struct strbuf sb;

		if (prio->type == CELL_INT)
			cell_set_int(&c[0], prio->i);
		cell_set_text(&c[1], row_text(r, row, "priority_name"));
		cell_set_text(&c[2], row_text(r, row, "function"));
		cell_set_place(&c[3], r, row, "entry_file", "entry_line", "");
		strbuf_init(&sb);
		if (*row_text(r, row, "reg_file"))
			strbuf_addf(&sb, "registered at %s:%s",
				    row_text(r, row, "reg_file"),
				    row_text(r, row, "reg_line"));
		if (result_int(r, row, "dynamic"))
			strbuf_addf(&sb, "%sbuilt at run time",
				    sb.len ? ", " : "");
		cell_set_text(&c[4], sb.buf);
		strbuf_release(&sb);
	}
	output_text(o, &t, "r-nf-", TEXT_INDENT);
	result_release(&t);
}

static void print_text(struct output *o, const struct result *r)
{
	size_t first = 0, row;

	for (row = 1; row <= r->nr_rows; row++)
		if (row == r->nr_rows || !same_group(r, first, row)) {
			print_group(o, r, first, row);
			first = row;
		}
}

static void not_found(const struct query_args *qa)
{
	struct strbuf sb;
	int i;

	strbuf_init(&sb);
	for (i = 0; i < qa->nr_pos; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : " at '", qa->pos[i]);
	if (qa->nr_pos)
		strbuf_addch(&sb, '\'');
	fprintf(stderr, "kcg hooks: no netfilter hooks%s in '%s'\n", sb.buf,
		qa->db_path);
	strbuf_release(&sb);
}

int cmd_hooks(int argc, char **argv)
{
	struct query_args qa;
	struct kcg_error err;
	struct result r;
	struct output o;
	sqlite3 *db = NULL;
	int i, rc;

	query_args_init(&qa, "hooks", argc);
	for (i = 1; i < argc; i++) {
		rc = query_common_arg(&qa, argc, argv, &i);
		if (rc < 0 || (!rc && query_unknown_option(&qa, argv[i]))) {
			query_args_release(&qa);
			return EXIT_USAGE;
		}
	}
	if (qa.nr_pos > 2) {
		usage_error("hooks", "give at most a family and a hook point");
		query_args_release(&qa);
		return EXIT_USAGE;
	}
	rc = query_open(&qa, &db);
	if (!rc && lookup_hooks(db, qa.nr_pos > 0 ? qa.pos[0] : NULL,
				qa.nr_pos > 1 ? qa.pos[1] : NULL, &r, &err)) {
		fprintf(stderr, "kcg hooks: '%s': %s\n", qa.db_path, err.msg);
		rc = EXIT_USAGE;
	} else if (!rc) {
		output_begin(&o, qa.format, "hooks", qa.db_path, 0);
		output_data(&o, &r);
		if (o.format == OUT_TEXT)
			print_text(&o, &r);
		output_end(&o);
		rc = r.nr_rows ? EXIT_FOUND : EXIT_NOT_FOUND;
		if (!r.nr_rows)
			not_found(&qa);
		result_release(&r);
	}
	sqlite3_close(db);
	query_args_release(&qa);
	return rc;
}
