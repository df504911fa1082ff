/*
 * kcg show F: where a function is defined, its linkage and type, how
 * many callers and callees it has by edge kind, its indirect call sites
 * and its netfilter hook entries.
 */
#include "cli.h"
#include "query.h"

#include "queries/lookup.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

static void print_function(struct output *o, const struct result *f)
{
	output_heading(o, "%s", row_text(f, 0, "name"));
	printf("  defined   %s:%lld%s\n", row_text(f, 0, "file"),
	       (long long)result_int(f, 0, "line"),
	       result_int(f, 0, "defined") ? "" :
					  " (declared only: no body indexed)");
	printf("  linkage   %s%s%s\n", row_text(f, 0, "linkage"),
	       result_int(f, 0, "inline") ? ", inline" : "",
	       result_int(f, 0, "from_macro") ? ", name made by a macro" : "");
	if (*row_text(f, 0, "type"))
		printf("  type      %s\n", row_text(f, 0, "type"));
	if (*row_text(f, 0, "tu"))
		printf("  body from %s\n", row_text(f, 0, "tu"));
}

/* "callers   direct 2, field 1 (4 edges)": functions by edge kind. */
static void print_edges(const struct result *e)
{
	static const char *const dirs[] = { "callers", "callees" };
	size_t d, row;

	for (d = 0; d < 2; d++) {
		struct strbuf sb;
		int64_t total = 0;

		strbuf_init(&sb);
		for (row = 0; row < e->nr_rows; row++) {
			if (strcmp(row_text(e, row, "direction"), dirs[d]))
				continue;
			strbuf_addf(&sb, "%s%s %s", sb.len ? ", " : "",
				    row_text(e, row, "kind"),
				    row_text(e, row, "functions"));
			total += result_int(e, row, "edges");
		}
		if (total)
			printf("  %-9s %s (%lld edge%s)\n", dirs[d], sb.buf,
			       (long long)total, total == 1 ? "" : "s");
		else
			printf("  %-9s none\n", dirs[d]);
		strbuf_release(&sb);
	}
}

static void print_indirect(struct output *o, const struct result *ic)
{
	static const char *const cols[] = { "site", "through", "targets" };
	struct result t;
	size_t row;

	if (!ic->nr_rows)
		return;
	output_heading(o, "indirect calls (%zu)", ic->nr_rows);
	result_init(&t, "text", cols, 3);
	for (row = 0; row < ic->nr_rows; row++) {
		struct cell *c = result_add_row(&t);
		const char *through;
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s:%lld", row_text(ic, row, "site_file"),
			    (long long)result_int(ic, row, "site_line"));
		cell_set_text(&c[0], sb.buf);
		through = row_text(ic, row, "through");
		cell_set_text(&c[1], *through ? through : "?");
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%lld targets", (long long)result_int(ic, row,
								 "targets"));
		if (*row_text(ic, row, "confined_by"))
			strbuf_addf(&sb, " (%s)",
				    row_text(ic, row, "confined_by"));
		if (result_int(ic, row, "signature_targets"))
			strbuf_addf(&sb, " (+%lld by signature)",
				    (long long)result_int(ic, row,
						   "signature_targets"));
		cell_set_text(&c[2], sb.buf);
		strbuf_release(&sb);
	}
	output_text(o, &t, "f--", TEXT_INDENT);
	result_release(&t);
}

static void print_hooks(struct output *o, const struct result *h)
{
	size_t row;

	if (!h->nr_rows)
		return;
	output_heading(o, "netfilter hook entries (%zu)", h->nr_rows);
	for (row = 0; row < h->nr_rows; row++)
		printf("  %s %s priority %lld (%s) at %s:%lld\n",
		       row_text(h, row, "family"), row_text(h, row, "hook"),
		       (long long)result_int(h, row, "priority"),
		       row_text(h, row, "priority_name"),
		       row_text(h, row, "entry_file"),
		       (long long)result_int(h, row, "entry_line"));
}

int cmd_show(int argc, char **argv)
{
	struct query_args qa;
	struct kcg_error err;
	struct result tables[SHOW_TABLES];
	struct output o;
	struct fn_ref fn;
	sqlite3 *db;
	int i, rc;

	memset(tables, 0, sizeof(tables));
	rc = query_one_function(&qa, "show", argc, argv, &db, &fn);
	if (!rc && lookup_show(db, fn.id, tables, &err)) {
		die_message("show", &err);
		rc = EXIT_USAGE;
	} else if (!rc) {
		output_begin(&o, qa.format, "show", qa.db_path, 1);
		for (i = 0; i < SHOW_TABLES; i++)
			output_data(&o, &tables[i]);
		if (o.format == OUT_TEXT) {
			print_function(&o, &tables[0]);
			print_edges(&tables[1]);
			print_indirect(&o, &tables[2]);
			print_hooks(&o, &tables[3]);
		}
		output_end(&o);
	}
	for (i = 0; i < SHOW_TABLES; i++)
		result_release(&tables[i]);
	fn_ref_release(&fn);
	sqlite3_close(db);
	query_args_release(&qa);
	return rc;
}
