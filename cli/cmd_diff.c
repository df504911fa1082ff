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

/* "Linux 6.1.192" from the index's meta, else its path. */
static char *version_label(sqlite3 *db, const char *path)
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

int diff_indexes_open(const char *cmd, const char *old_path,
		      const char *new_path, struct diff_indexes *x)
{
	struct kcg_error err;

	memset(x, 0, sizeof(*x));
	if (db_open_read(old_path, &x->old_db, &err) ||
	    db_open_read(new_path, &x->new_db, &err) ||
	    diff_open(x->old_db, x->new_db, &x->d, &err)) {
		die_message(cmd, &err);
		return EXIT_USAGE;
	}
	x->old_label = version_label(x->old_db, old_path);
	x->new_label = version_label(x->new_db, new_path);
	return 0;
}

void diff_indexes_close(struct diff_indexes *x)
{
	free(x->old_label);
	free(x->new_label);
	diff_release(&x->d);
	sqlite3_close(x->old_db);
	sqlite3_close(x->new_db);
	memset(x, 0, sizeof(*x));
}

static void print_table(struct output *o, const char *heading,
			const struct result *t, const char *styles)
{
	if (!t->nr_rows)
		return;
	output_heading(o, "%s", heading);
	output_text(o, t, styles, TEXT_INDENT);
}

/*
 * A column of a text table: the text of data column `col`, or with
 * `line`, "FILE:LINE" of the columns col and line.
 */
struct text_col {
	const char *name, *col, *line;
};

/*
 * The text table of r's rows whose column `only` reads `value` (every
 * row when only is NULL), with the columns cols.
 */
static void text_table(const struct result *r, const char *only,
		       const char *value, const struct text_col *cols,
		       size_t nr_cols, struct result *t)
{
	const char **names = xcalloc(nr_cols, sizeof(*names));
	size_t row, c;

	for (c = 0; c < nr_cols; c++)
		names[c] = cols[c].name;
	result_init(t, "text", names, nr_cols);
	free(names);
	for (row = 0; row < r->nr_rows; row++) {
		struct cell *cells;

		if (only && strcmp(row_text(r, row, only), value))
			continue;
		cells = result_add_row(t);
		for (c = 0; c < nr_cols; c++)
			if (cols[c].line)
				cell_set_place(&cells[c], r, row, cols[c].col,
					       cols[c].line, "");
			else
				cell_set_text(&cells[c],
					      row_text(r, row, cols[c].col));
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

#define OLD_PLACE { "old", "old_file", "old_line" }
#define NEW_PLACE { "new", "new_file", "new_line" }

static void print_functions(struct output *o, const struct result *f)
{
	static const struct text_col renamed[] = {
		{ "old_name", "old_name", NULL }, { "", "change", NULL },
		{ "name", "name", NULL }, { "score", "score", NULL },
		OLD_PLACE, NEW_PLACE,
	};
	static const struct text_col moved[] = {
		{ "name", "name", NULL }, OLD_PLACE, NEW_PLACE,
	};
	static const struct text_col removed[] = {
		{ "name", "name", NULL }, OLD_PLACE,
	};
	static const struct text_col added[] = {
		{ "name", "name", NULL }, NEW_PLACE,
	};
	struct result t;
	size_t row;

	text_table(f, "change", "renamed", renamed, 6, &t);
	for (row = 0; row < t.nr_rows; row++) {
		struct cell *c = &t.cells[row * t.nr_cols];
		char buf[32];

		cell_set_text(&c[1], "->");
		snprintf(buf, sizeof(buf), "%s%%", c[3].s ? c[3].s : "");
		cell_set_text(&c[3], buf);
	}
	print_table(o, "renamed (old -> new, similarity)", &t, "n-nrff");
	result_release(&t);
	text_table(f, "change", "moved", moved, 3, &t);
	print_table(o, "moved", &t, "nff");
	result_release(&t);
	text_table(f, "change", "removed", removed, 2, &t);
	print_table(o, "removed", &t, "nf");
	result_release(&t);
	text_table(f, "change", "added", added, 2, &t);
	print_table(o, "added", &t, "nf");
	result_release(&t);
}

static void print_registrations(struct output *o, const struct result *r)
{
	static const struct text_col cols[] = {
		{ "change", "change", NULL }, { "function", "function", NULL },
		{ "stored_into", "stored_into", NULL }, { "by", "by", NULL },
		{ "site", "file", "line" },
	};
	struct result t;

	text_table(r, NULL, NULL, cols, 5, &t);
	print_table(o, "registrations (of functions in both)", &t, "-n-nf");
	result_release(&t);
}

static void print_hooks(struct output *o, const struct result *r)
{
	static const struct text_col cols[] = {
		{ "change", "change", NULL }, { "family", "family", NULL },
		{ "hook", "hook", NULL }, { "function", "function", NULL },
		{ "old_priority", "old_priority", NULL },
		{ "new_priority", "new_priority", NULL },
		{ "priority_name", "priority_name", NULL },
		{ "entry", "file", "line" },
	};
	struct result t;

	text_table(r, NULL, NULL, cols, 8, &t);
	print_table(o, "netfilter hooks (family, hook, function, old and "
		       "new priority)", &t, "---nrr-f");
	result_release(&t);
}

/* The summary of a whole diff: one row per (what, change). */
static void add_count(struct result *s, const char *what, const char *change,
		      uint64_t n)
{
	struct cell *c = result_add_row(s);

	cell_set_text(&c[0], what);
	cell_set_text(&c[1], change);
	cell_set_int(&c[2], (int64_t)n);
}

/* The count of a summary row; 0 if there is none. */
static uint64_t count_of(const struct result *sum, const char *what,
			 const char *change)
{
	size_t row;

	for (row = 0; row < sum->nr_rows; row++)
		if (!strcmp(row_text(sum, row, "what"), what) &&
		    !strcmp(row_text(sum, row, "change"), change))
			return (uint64_t)result_int(sum, row, "count");
	return 0;
}

static void print_summary(const struct result *sum)
{
	printf("  functions: %" PRIu64 " added, %" PRIu64 " removed, %"
	       PRIu64 " moved, %" PRIu64 " renamed\n",
	       count_of(sum, "functions", "added"),
	       count_of(sum, "functions", "removed"),
	       count_of(sum, "functions", "moved"),
	       count_of(sum, "functions", "renamed"));
	printf("  calls between functions of both: %" PRIu64 " gained, %"
	       PRIu64 " lost\n", count_of(sum, "calls", "gained"),
	       count_of(sum, "calls", "lost"));
	printf("  registrations of functions of both: %" PRIu64 " gained, %"
	       PRIu64 " lost\n", count_of(sum, "registrations", "gained"),
	       count_of(sum, "registrations", "lost"));
	printf("  netfilter hooks: %" PRIu64 " added, %" PRIu64 " removed, %"
	       PRIu64 " re-prioritised\n", count_of(sum, "hooks", "added"),
	       count_of(sum, "hooks", "removed"),
	       count_of(sum, "hooks", "priority"));
}

/* Each change of table r counted into the summary as (what, change). */
static void add_counts(struct result *sum, const char *what,
		       const struct result *r, const char *const *changes,
		       size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		add_count(sum, what, changes[i],
			  count_rows(r, "change", changes[i]));
}

static int run_whole(struct diff_args *a, const struct diff *d,
		     const char *old_v, const char *new_v)
{
	static const char *const cols[] = { "what", "change", "count" };
	static const char *const function_changes[] = {
		"added", "removed", "moved", "renamed",
	};
	static const char *const registration_changes[] = { "gained", "lost" };
	static const char *const hook_changes[] = {
		"added", "removed", "priority",
	};
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
	add_counts(&sum, "functions", &f, function_changes, 4);
	add_count(&sum, "calls", "gained", gained);
	add_count(&sum, "calls", "lost", lost);
	add_counts(&sum, "registrations", &reg, registration_changes, 2);
	add_counts(&sum, "hooks", &hooks, hook_changes, 3);
	output_begin(&o, a->qa.format, "diff", a->qa.pos[1], 1);
	output_data(&o, &sum);
	if (!a->summary) {
		output_data(&o, &f);
		output_data(&o, &reg);
		output_data(&o, &hooks);
	}
	if (o.format == OUT_TEXT) {
		output_heading(&o, "%s -> %s", old_v, new_v);
		print_summary(&sum);
		if (!a->summary) {
			print_functions(&o, &f);
			print_registrations(&o, &reg);
			print_hooks(&o, &hooks);
		}
	}
	output_end(&o);
	rc = EXIT_SAME;
	for (i = 0; i < sum.nr_rows; i++)
		if (result_int(&sum, i, "count"))
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
	static const struct text_col cols[] = {
		{ "change", "change", NULL }, { "function", "function", NULL },
		{ "kind", "kind", NULL }, { "site", "file", "line" },
	};
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
			struct result t;

			text_table(&calls, "direction",
				   dir ? "caller" : "callee", cols, 4, &t);
			print_table(&o, dir ? "callers" : "callees", &t,
				    "-nkf");
			result_release(&t);
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
	struct diff_indexes x;
	struct diff_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	if (parse_args(argc, argv, &a)) {
		query_args_release(&a.qa);
		return EXIT_USAGE;
	}
	rc = diff_indexes_open("diff", a.qa.pos[0], a.qa.pos[1], &x);
	if (!rc && a.qa.nr_pos == 3)
		rc = run_function(&a, &x.d, x.old_label, x.new_label);
	else if (!rc && a.flow)
		rc = run_flow(&a, &x.d, x.old_label, x.new_label);
	else if (!rc)
		rc = run_whole(&a, &x.d, x.old_label, x.new_label);
	diff_indexes_close(&x);
	query_args_release(&a.qa);
	return rc;
}
