/*
 * kcg diff OLD.db NEW.db [FUNCTION] [--flow NAME]: what changed between
 * two indexes (queries/diff.h), typically two kernel versions.  Without
 * FUNCTION or --flow: functions added, removed, moved and renamed, the
 * registrations and netfilter hooks that changed, and counts.  Exit
 * status as diff(1): 0 no change, 1 changes, 2 bad usage or an error.
 */
#include "cli.h"
#include "diff_args.h"
#include "flow_find.h"

#include "db/db.h"
#include "queries/diff.h"
#include "queries/flow.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_SAME 0
#define EXIT_CHANGED 1

struct diff_args {
	struct query_args qa;
	const char *flow, *flows_dir;
	int summary;
};

static int parse_args(int argc, char **argv, struct diff_args *a)
{
	int i, rc;

	query_args_init(&a->qa, "diff", argc);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--summary")) {
			a->summary = 1;
			continue;
		}
		if (!strcmp(argv[i], "--db") || !strncmp(argv[i], "--db=", 5)) {
			usage_error("diff", "give the two databases as "
					    "arguments: kcg diff OLD.db "
					    "NEW.db");
			return -1;
		}
		rc = query_opt_value("diff", argc, argv, &i, "--flow",
				     &a->flow);
		if (!rc)
			rc = query_opt_value("diff", argc, argv, &i,
					     "--flows", &a->flows_dir);
		if (!rc)
			rc = query_common_arg(&a->qa, argc, argv, &i);
		if (rc < 0)
			return -1;
		if (!rc) {
			query_unknown_option(&a->qa, argv[i]);
			return -1;
		}
	}
	if (a->qa.nr_pos < 2 || a->qa.nr_pos > 3) {
		usage_error("diff", "give two databases, OLD and NEW, and "
				    "at most one function");
		return -1;
	}
	if (a->qa.nr_pos == 3 && (a->flow || a->summary)) {
		usage_error("diff", "a function goes with neither --flow nor "
				    "--summary");
		return -1;
	}
	return 0;
}

int diff_open_indexes(const char *cmd, const char *old_path,
		      const char *new_path, sqlite3 **old_db, sqlite3 **new_db,
		      struct diff *d)
{
	struct kcg_error err;

	memset(d, 0, sizeof(*d));
	*old_db = *new_db = NULL;
	if (db_open_read(old_path, old_db, &err) ||
	    db_open_read(new_path, new_db, &err) ||
	    diff_open(*old_db, *new_db, d, &err)) {
		die_message(cmd, &err);
		return EXIT_USAGE;
	}
	return 0;
}

char *diff_version_label(sqlite3 *db, const char *path)
{
	struct kcg_error err;
	char *v = NULL;

	if (!db_meta_read(db, "kernel_version", &v, &err) && v) {
		char *s = xmalloc(strlen(v) + 8);

		sprintf(s, "Linux %s", v);
		free(v);
		return s;
	}
	return xstrdup(path);
}

static void print_table(struct output *o, const char *heading,
			const struct result *t, const char *styles)
{
	if (!t->nr_rows)
		return;
	output_heading(o, "%s", heading);
	output_text(o, t, styles, TEXT_INDENT);
}

/* The text of a table's rows, keeping the columns in keep (in order). */
static void text_columns(const struct result *r, const char *const *keep,
			 size_t nr_keep, struct result *t)
{
	size_t row, c;

	result_init(t, "text", keep, nr_keep);
	for (row = 0; row < r->nr_rows; row++) {
		struct cell *cells = result_add_row(t);

		for (c = 0; c < nr_keep; c++)
			cell_set_text(&cells[c], row_text(r, row, keep[c]));
	}
}

static size_t count_rows(const struct result *r, const char *col,
			 const char *value)
{
	size_t row, n = 0;

	for (row = 0; row < r->nr_rows; row++)
		n += !strcmp(row_text(r, row, col), value);
	return n;
}

/* One place column "FILE:LINE" from two columns of r. */
static void add_place(struct result *t, const struct result *r,
		      const char *file, const char *line, const char *name)
{
	size_t row, c = t->nr_cols;
	char **cols = xcalloc(c + 1, sizeof(*cols));
	struct result grown;

	for (row = 0; row < c; row++)
		cols[row] = t->cols[row];
	cols[c] = (char *)name;
	result_init(&grown, t->name, (const char *const *)cols, c + 1);
	free(cols);
	for (row = 0; row < t->nr_rows; row++) {
		struct cell *cells = result_add_row(&grown);
		size_t i;

		for (i = 0; i < c; i++)
			cell_copy(&cells[i], &t->cells[row * c + i]);
		cell_set_place(&cells[c], r, row, file, line, "");
	}
	result_release(t);
	*t = grown;
}

static void print_functions(struct output *o, const struct result *f)
{
	static const char *const removed[] = { "name" };
	static const char *const renamed[] = { "old_name", "", "name",
					       "score" };
	static const char *const moved[] = { "name" };
	static const char *const kinds[] = { "renamed", "moved", "removed",
					     "added" };
	size_t k;

	for (k = 0; k < 4; k++) {
		struct result sel, t;
		size_t row;

		result_init(&sel, "sel", (const char *const *)f->cols,
			    f->nr_cols);
		for (row = 0; row < f->nr_rows; row++) {
			struct cell *c;
			size_t i;

			if (strcmp(row_text(f, row, "change"), kinds[k]))
				continue;
			c = result_add_row(&sel);
			for (i = 0; i < f->nr_cols; i++)
				cell_copy(&c[i], &f->cells[row * f->nr_cols +
							   i]);
		}
		if (k == 0) {
			text_columns(&sel, renamed, 4, &t);
			for (row = 0; row < t.nr_rows; row++) {
				cell_set_text(&t.cells[row * 4 + 1], "->");
				if (t.cells[row * 4 + 3].s) {
					char buf[32];

					snprintf(buf, sizeof(buf), "%s%%",
						 t.cells[row * 4 + 3].s);
					cell_set_text(&t.cells[row * 4 + 3],
						      buf);
				}
			}
			add_place(&t, &sel, "old_file", "old_line", "old");
			add_place(&t, &sel, "new_file", "new_line", "new");
			print_table(o, "renamed (old -> new, similarity)", &t,
				    "n-nrff");
		} else if (k == 1) {
			text_columns(&sel, moved, 1, &t);
			add_place(&t, &sel, "old_file", "old_line", "old");
			add_place(&t, &sel, "new_file", "new_line", "new");
			print_table(o, "moved", &t, "nff");
		} else {
			text_columns(&sel, removed, 1, &t);
			if (k == 2)
				add_place(&t, &sel, "old_file", "old_line",
					  "old");
			else
				add_place(&t, &sel, "new_file", "new_line",
					  "new");
			print_table(o, kinds[k], &t, "nf");
		}
		result_release(&t);
		result_release(&sel);
	}
}

static void print_registrations(struct output *o, const struct result *r)
{
	static const char *const cols[] = { "change", "function",
					    "stored_into", "by" };
	struct result t;

	text_columns(r, cols, 4, &t);
	add_place(&t, r, "file", "line", "site");
	print_table(o, "registrations (of functions in both)", &t, "-n-nf");
	result_release(&t);
}

static void print_hooks(struct output *o, const struct result *r)
{
	static const char *const cols[] = { "change", "family", "hook",
					    "function", "old_priority",
					    "new_priority", "priority_name" };
	struct result t;

	text_columns(r, cols, 7, &t);
	add_place(&t, r, "file", "line", "entry");
	print_table(o, "netfilter hooks (family, hook, function, old and "
		       "new priority)", &t, "---nrr-f");
	result_release(&t);
}

/* The summary: one row per (what, change) with its count. */
static void add_count(struct result *s, const char *what, const char *change,
		      uint64_t n)
{
	struct cell *c = result_add_row(s);

	cell_set_text(&c[0], what);
	cell_set_text(&c[1], change);
	cell_set_int(&c[2], (int64_t)n);
}

static int run_whole(struct diff_args *a, const struct diff *d,
		     const char *old_v, const char *new_v)
{
	static const char *const cols[] = { "what", "change", "count" };
	struct result f, reg, hooks, sum;
	struct kcg_error err;
	uint64_t gained, lost;
	struct output o;
	int rc = EXIT_USAGE;
	size_t i;

	memset(&reg, 0, sizeof(reg));
	memset(&hooks, 0, sizeof(hooks));
	result_init(&sum, "summary", cols, 3);
	if (diff_functions(d, &f, &err) || diff_registrations(d, &reg, &err) ||
	    diff_hooks(d, &hooks, &err)) {
		die_message("diff", &err);
		goto done;
	}
	diff_count_calls(d, &gained, &lost);
	add_count(&sum, "functions", "added", count_rows(&f, "change", "added"));
	add_count(&sum, "functions", "removed",
		  count_rows(&f, "change", "removed"));
	add_count(&sum, "functions", "moved", count_rows(&f, "change", "moved"));
	add_count(&sum, "functions", "renamed",
		  count_rows(&f, "change", "renamed"));
	add_count(&sum, "calls", "gained", gained);
	add_count(&sum, "calls", "lost", lost);
	add_count(&sum, "registrations", "gained",
		  count_rows(&reg, "change", "gained"));
	add_count(&sum, "registrations", "lost",
		  count_rows(&reg, "change", "lost"));
	add_count(&sum, "hooks", "added", count_rows(&hooks, "change", "added"));
	add_count(&sum, "hooks", "removed",
		  count_rows(&hooks, "change", "removed"));
	add_count(&sum, "hooks", "priority",
		  count_rows(&hooks, "change", "priority"));
	output_begin(&o, a->qa.format, "diff", a->qa.pos[1], 1);
	output_data(&o, &sum);
	if (!a->summary) {
		output_data(&o, &f);
		output_data(&o, &reg);
		output_data(&o, &hooks);
	}
	if (o.format == OUT_TEXT) {
		output_heading(&o, "%s -> %s", old_v, new_v);
		printf("  functions: %" PRId64 " added, %" PRId64 " removed, %"
		       PRId64 " moved, %" PRId64 " renamed\n",
		       sum.cells[2].i, sum.cells[5].i, sum.cells[8].i,
		       sum.cells[11].i);
		printf("  calls between functions of both: %" PRIu64
		       " gained, %" PRIu64 " lost\n", gained, lost);
		printf("  registrations of functions of both: %" PRId64
		       " gained, %" PRId64 " lost\n", sum.cells[20].i,
		       sum.cells[23].i);
		printf("  netfilter hooks: %" PRId64 " added, %" PRId64
		       " removed, %" PRId64 " re-prioritised\n",
		       sum.cells[26].i, sum.cells[29].i, sum.cells[32].i);
		if (!a->summary) {
			print_functions(&o, &f);
			print_registrations(&o, &reg);
			print_hooks(&o, &hooks);
		}
	}
	output_end(&o);
	rc = EXIT_SAME;
	for (i = 0; i < sum.nr_rows; i++)
		if (sum.cells[i * 3 + 2].i)
			rc = EXIT_CHANGED;
done:
	result_release(&f);
	result_release(&reg);
	result_release(&hooks);
	result_release(&sum);
	return rc;
}

static void print_place(const char *label, const struct diff_side *s,
			uint32_t id)
{
	if (id)
		printf("  %s: %s:%d%s\n", label, s->files[id], s->lines[id],
		       s->defined[id] ? "" : " (declared only)");
	else
		printf("  %s: not in the index\n", label);
}

int diff_find_function(const struct query_args *qa, const struct diff *d,
		       const char *spec, uint32_t *o, uint32_t *n)
{
	struct kcg_error err;
	struct fn_list cand;
	struct fn_ref f;
	int rc[2], i;
	sqlite3 *db[2] = { d->old.db, d->new.db };
	uint32_t *id[2] = { o, n };

	for (i = 0; i < 2; i++) {
		*id[i] = 0;
		rc[i] = name_resolve(db[i], spec, &f, &cand, &err);
		if (rc[i] == NAME_FOUND) {
			*id[i] = (uint32_t)f.id;
			fn_ref_release(&f);
		} else if (rc[i] == NAME_AMBIGUOUS) {
			fn_list_release(&cand);
			/* the candidates are listed in that index's words */
			return query_function(qa, db[i], spec, &f);
		} else if (rc[i] < 0) {
			die_message(qa->cmd, &err);
			return EXIT_USAGE;
		}
	}
	if (!*o && !*n) {
		fprintf(stderr, "kcg %s: no function '%s' in either "
				"index\n", qa->cmd, spec);
		return EXIT_NOT_FOUND;
	}
	if (!*o)
		*o = d->new.match[*n];
	if (!*n)
		*n = d->old.match[*o];
	return 0;
}

static int run_function(struct diff_args *a, const struct diff *d,
			const char *old_v, const char *new_v)
{
	static const char *const cols[] = { "change", "function", "kind" };
	struct kcg_error err;
	struct result calls;
	struct output o;
	uint32_t old_id, new_id;
	int dir, rc;

	rc = diff_find_function(&a->qa, d, a->qa.pos[2], &old_id, &new_id);
	if (rc)
		return rc;
	if (diff_function_calls(d, old_id, new_id, &calls, &err)) {
		die_message("diff", &err);
		result_release(&calls);
		return EXIT_USAGE;
	}
	output_begin(&o, a->qa.format, "diff", a->qa.pos[1], 0);
	output_data(&o, &calls);
	if (o.format == OUT_TEXT) {
		char *name = diff_display_name(d, new_id ? &d->new : &d->old,
					       new_id ? new_id : old_id);

		output_heading(&o, "%s: %s -> %s", name, old_v, new_v);
		free(name);
		print_place("old", &d->old, old_id);
		print_place("new", &d->new, new_id);
		for (dir = 0; dir < 2; dir++) {
			const char *which = dir ? "caller" : "callee";
			struct result sel, t;
			size_t row;

			result_init(&sel, "sel", (const char *const *)
				    calls.cols, calls.nr_cols);
			for (row = 0; row < calls.nr_rows; row++) {
				struct cell *c;
				size_t i;

				if (strcmp(row_text(&calls, row, "direction"),
					   which))
					continue;
				c = result_add_row(&sel);
				for (i = 0; i < calls.nr_cols; i++)
					cell_copy(&c[i], &calls.cells[
						row * calls.nr_cols + i]);
			}
			text_columns(&sel, cols, 3, &t);
			add_place(&t, &sel, "file", "line", "site");
			print_table(&o, dir ? "callers" : "callees", &t,
				    "-nkf");
			result_release(&t);
			result_release(&sel);
		}
		if (!calls.nr_rows)
			printf("  the same callees and callers\n");
	}
	output_end(&o);
	rc = calls.nr_rows ? EXIT_CHANGED : EXIT_SAME;
	result_release(&calls);
	return rc;
}

int diff_connect_flow(const char *cmd, const char *flows_dir,
		      const char *name, const struct diff_side *s,
		      struct flow *f, struct flow_result *r)
{
	struct kcg_error err;
	char *path;

	memset(r, 0, sizeof(*r));
	memset(f, 0, sizeof(*f));
	path = flow_find(cmd, s->db, flows_dir, name);
	if (!path)
		return EXIT_NOT_FOUND;
	if (flow_load(path, f, &err) || flow_connect(s->db, &s->g, f, r, &err)) {
		die_message(cmd, &err);
		free(path);
		return EXIT_USAGE;
	}
	free(path);
	return 0;
}

static void print_flow(struct output *o, const struct result *legs)
{
	static const char *const cols[] = { "leg", "change" };
	struct result t;
	size_t row;

	result_init(&t, "text", cols, 2);
	for (row = 0; row < legs->nr_rows; row++) {
		const char *change = row_text(legs, row, "change");
		const char *oh = row_text(legs, row, "old_hops");
		const char *nh = row_text(legs, row, "new_hops");
		struct cell *c = result_add_row(&t);
		struct strbuf sb;

		cell_set_text(&c[0], row_text(legs, row, "leg"));
		strbuf_init(&sb);
		strbuf_addstr(&sb, change);
		if (!strcmp(change, "same") && *oh)
			strbuf_addf(&sb, ", %s hop%s", oh,
				    strcmp(oh, "1") ? "s" : "");
		else if (!strcmp(change, "changed") && *oh && !strcmp(oh, nh) &&
			 !*row_text(legs, row, "left") &&
			 !*row_text(legs, row, "came"))
			strbuf_addstr(&sb, ": the same functions, called "
					   "another way");
		else if (!strcmp(change, "changed") && *oh && *nh)
			strbuf_addf(&sb, ", %s -> %s hops", oh, nh);
		if (!strncmp(row_text(legs, row, "leg"), "hook ", 5)) {
			if (*row_text(legs, row, "left"))
				strbuf_addf(&sb, "; left: %s",
					    row_text(legs, row, "left"));
			if (*row_text(legs, row, "came"))
				strbuf_addf(&sb, "; came: %s",
					    row_text(legs, row, "came"));
		}
		cell_set_text(&c[1], sb.buf);
		strbuf_release(&sb);
		if ((strcmp(change, "changed") &&
		     strncmp(change, "broken", 6)) ||
		    !strncmp(row_text(legs, row, "leg"), "hook ", 5))
			continue;
		if (*row_text(legs, row, "old_route")) {
			c = result_add_row(&t);
			cell_set_text(&c[0], "");
			strbuf_init(&sb);
			strbuf_addf(&sb, "old: %s",
				    row_text(legs, row, "old_route"));
			cell_set_text(&c[1], sb.buf);
			strbuf_release(&sb);
		}
		if (*row_text(legs, row, "new_route")) {
			c = result_add_row(&t);
			cell_set_text(&c[0], "");
			strbuf_init(&sb);
			strbuf_addf(&sb, "new: %s",
				    row_text(legs, row, "new_route"));
			cell_set_text(&c[1], sb.buf);
			strbuf_release(&sb);
		}
	}
	output_text(o, &t, "n-", TEXT_INDENT);
	result_release(&t);
}

static int run_flow(struct diff_args *a, const struct diff *d,
		    const char *old_v, const char *new_v)
{
	struct flow_result ro, rn;
	struct flow fo, fn;
	struct kcg_error err;
	struct result legs;
	struct output o;
	int rc;
	size_t row, same = 0, points = 0;

	memset(&legs, 0, sizeof(legs));
	rc = diff_connect_flow("diff", a->flows_dir, a->flow, &d->old, &fo,
			       &ro);
	if (!rc)
		rc = diff_connect_flow("diff", a->flows_dir, a->flow, &d->new,
				       &fn, &rn);
	else
		memset(&fn, 0, sizeof(fn)), memset(&rn, 0, sizeof(rn));
	if (!rc && diff_flow(d, &fo, &ro, &fn, &rn, &legs, &err)) {
		die_message("diff", &err);
		rc = EXIT_USAGE;
	}
	if (!rc) {
		output_begin(&o, a->qa.format, "diff", a->qa.pos[1], 0);
		output_data(&o, &legs);
		for (row = 0; row < legs.nr_rows; row++) {
			same += !strcmp(row_text(&legs, row, "change"),
					"same");
			points += !strncmp(row_text(&legs, row, "leg"),
					   "hook ", 5);
		}
		if (o.format == OUT_TEXT) {
			output_heading(&o, "flow %s: %s -> %s: %zu leg%s and "
					   "%zu hook point%s, %zu the same",
				       a->flow, old_v, new_v,
				       legs.nr_rows - points,
				       legs.nr_rows - points == 1 ? "" : "s",
				       points, points == 1 ? "" : "s", same);
			print_flow(&o, &legs);
		}
		output_end(&o);
		rc = same == legs.nr_rows ? EXIT_SAME : EXIT_CHANGED;
	}
	result_release(&legs);
	flow_result_release(&ro);
	flow_result_release(&rn);
	flow_release(&fo);
	flow_release(&fn);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	sqlite3 *old_db = NULL, *new_db = NULL;
	char *old_v = NULL, *new_v = NULL;
	struct diff_args a;
	struct diff d;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&d, 0, sizeof(d));
	if (parse_args(argc, argv, &a)) {
		query_args_release(&a.qa);
		return EXIT_USAGE;
	}
	rc = diff_open_indexes("diff", a.qa.pos[0], a.qa.pos[1], &old_db,
			       &new_db, &d);
	if (!rc) {
		old_v = diff_version_label(old_db, a.qa.pos[0]);
		new_v = diff_version_label(new_db, a.qa.pos[1]);
		if (a.qa.nr_pos == 3)
			rc = run_function(&a, &d, old_v, new_v);
		else if (a.flow)
			rc = run_flow(&a, &d, old_v, new_v);
		else
			rc = run_whole(&a, &d, old_v, new_v);
	}
	free(old_v);
	free(new_v);
	diff_release(&d);
	sqlite3_close(old_db);
	sqlite3_close(new_db);
	query_args_release(&a.qa);
	return rc;
}
