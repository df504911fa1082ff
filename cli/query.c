/*
 * What the query commands share: see query.h.
 */
#include "query.h"

#include "cli.h"
#include "db/db.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Suggestions for an unknown name. */
#define MAX_SUGGESTIONS 5

void query_args_init(struct query_args *qa, const char *cmd, int argc)
{
	memset(qa, 0, sizeof(*qa));
	qa->cmd = cmd;
	qa->format = OUT_TEXT;
	qa->pos = xcalloc((size_t)argc + 1, sizeof(*qa->pos));
}

void query_args_release(struct query_args *qa)
{
	free(qa->pos);
	free(qa->db_path);
}

int query_opt_value(const char *cmd, int argc, char **argv, int *i,
		    const char *name, const char **value)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	if (strncmp(arg, name, len))
		return 0;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return 1;
	}
	if (arg[len])
		return 0;
	if (*i + 1 >= argc) {
		usage_error(cmd, "%s needs a value", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

int query_common_arg(struct query_args *qa, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	int rc;

	if (!strcmp(arg, "--json") || !strcmp(arg, "--tsv")) {
		qa->format = arg[2] == 'j' ? OUT_JSON : OUT_TSV;
		return 1;
	}
	rc = query_opt_value(qa->cmd, argc, argv, i, "--db", &qa->db_option);
	if (rc)
		return rc;
	if (arg[0] == '-' && arg[1])
		return 0;
	qa->pos[qa->nr_pos++] = argv[*i];
	return 1;
}

int query_unknown_option(const struct query_args *qa, const char *arg)
{
	usage_error(qa->cmd, "unknown option '%s'", arg);
	return EXIT_USAGE;
}

int query_number(const struct query_args *qa, const char *opt,
		 const char *value, int min, int max, int *out)
{
	char *end;
	long n = strtol(value, &end, 10);

	if (!*value || *end || n < min || n > max) {
		usage_error(qa->cmd, "%s takes a number from %d to %d, "
				     "not '%s'", opt, min, max, value);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int query_open(struct query_args *qa, sqlite3 **db)
{
	struct kcg_error err;
	char *last = NULL;

	if (qa->db_option) {
		qa->db_path = xstrdup(qa->db_option);
	} else {
		last = state_last_db();
		if (last && !access(last, F_OK))
			qa->db_path = last;
		else
			qa->db_path = xstrdup("kcg.db");
		if (qa->db_path != last)
			free(last);
	}
	if (db_open_read(qa->db_path, db, &err)) {
		die_message(qa->cmd, &err);
		if (!qa->db_option && access(qa->db_path, F_OK))
			fprintf(stderr, "no --db given and no database indexed "
					"last; run 'kcg index' or give --db "
					"FILE\n");
		return EXIT_USAGE;
	}
	return 0;
}

static void print_candidates(const struct query_args *qa, const char *spec,
			     const struct fn_list *l)
{
	size_t i;

	fprintf(stderr, "kcg %s: '%s' is ambiguous: %zu functions have that "
			"name\n", qa->cmd, spec, l->nr);
	for (i = 0; i < l->nr; i++) {
		const struct fn_ref *f = &l->items[i];

		fprintf(stderr, "  %s@%s:%d  (%s%s)\n", f->name,
			f->file ? f->file : "?", f->line, f->linkage,
			f->is_defined ? ", defined" : ", declared");
	}
	fprintf(stderr, "name one as NAME@FILE, e.g. '%s@%s'\n",
		l->items[0].name, l->items[0].file ? l->items[0].file : "?");
}

/* spec names a file: list the files that define the name instead. */
static int print_other_files(sqlite3 *db, const char *spec)
{
	struct fn_list l;
	struct fn_ref f;
	char *name, *file;
	size_t i;
	int rc;

	memset(&f, 0, sizeof(f));
	fn_list_init(&l);
	name_split(spec, &name, &file);
	rc = file ? name_resolve(db, name, &f, &l, NULL) : NAME_UNKNOWN;
	if (rc == NAME_FOUND)
		fprintf(stderr, "it is defined in: %s@%s\n", f.name,
			f.file ? f.file : "?");
	if (rc == NAME_AMBIGUOUS) {
		fprintf(stderr, "it is defined in:");
		for (i = 0; i < l.nr; i++)
			fprintf(stderr, "%s %s@%s", i ? "," : "",
				l.items[i].name,
				l.items[i].file ? l.items[i].file : "?");
		fprintf(stderr, "\n");
	}
	fn_ref_release(&f);
	fn_list_release(&l);
	free(name);
	free(file);
	return rc == NAME_FOUND || rc == NAME_AMBIGUOUS;
}

static void print_suggestions(const struct query_args *qa, sqlite3 *db,
			      const char *spec)
{
	struct kcg_error err;
	char **names = NULL;
	int n, i;

	fprintf(stderr, "kcg %s: no function '%s' in '%s'\n", qa->cmd, spec,
		qa->db_path);
	if (print_other_files(db, spec))
		return;
	n = name_suggest(db, spec, MAX_SUGGESTIONS, &names, &err);
	if (n > 0) {
		fprintf(stderr, "did you mean:");
		for (i = 0; i < n; i++)
			fprintf(stderr, "%s %s", i ? "," : "", names[i]);
		fprintf(stderr, "?\n");
	}
	for (i = 0; n > 0 && i < n; i++)
		free(names[i]);
	free(names);
}

int query_function(const struct query_args *qa, sqlite3 *db,
		   const char *spec, struct fn_ref *fn)
{
	struct kcg_error err;
	struct fn_list candidates;
	int rc = name_resolve(db, spec, fn, &candidates, &err);

	switch (rc) {
	case NAME_FOUND:
		return 0;
	case NAME_AMBIGUOUS:
		print_candidates(qa, spec, &candidates);
		fn_list_release(&candidates);
		return EXIT_USAGE;
	case NAME_UNKNOWN:
		print_suggestions(qa, db, spec);
		return EXIT_NOT_FOUND;
	default:
		die_message(qa->cmd, &err);
		return EXIT_USAGE;
	}
}

const char *row_text(const struct result *r, size_t row, const char *col)
{
	static char bufs[8][32];
	static unsigned next;
	const char *s;

	s = cell_text(result_get(r, row, col), bufs[next % 8], sizeof(bufs[0]));
	next++;
	return s ? s : "";
}

void cell_set_place(struct cell *c, const struct result *r, size_t row,
		    const char *file_col, const char *line_col,
		    const char *prefix)
{
	const char *file = row_text(r, row, file_col);
	struct strbuf sb;

	strbuf_init(&sb);
	if (*file)
		strbuf_addf(&sb, "%s%s:%s", prefix, file,
			    row_text(r, row, line_col));
	cell_set_text(c, sb.buf);
	strbuf_release(&sb);
}

char *edge_detail(const struct result *r, size_t row)
{
	const char *through = row_text(r, row, "through");
	const char *via = row_text(r, row, "via");
	const char *reg = row_text(r, row, "reg_file");
	int64_t sites = result_int(r, row, "sites");
	struct strbuf sb;

	strbuf_init(&sb);
	if (*through)
		strbuf_addstr(&sb, through);
	if (*via)
		strbuf_addf(&sb, "%svia %s", sb.len ? ", " : "", via);
	if (*reg)
		strbuf_addf(&sb, "%sstored at %s:%s", sb.len ? ", " : "", reg,
			    row_text(r, row, "reg_line"));
	if (sites > 1)
		strbuf_addf(&sb, "%s%lld sites", sb.len ? ", " : "",
			    (long long)sites);
	return strbuf_detach(&sb);
}

int query_one_function(struct query_args *qa, const char *cmd, int argc,
		       char **argv, sqlite3 **db, struct fn_ref *fn)
{
	int i, rc;

	*db = NULL;
	memset(fn, 0, sizeof(*fn));
	query_args_init(qa, cmd, argc);
	for (i = 1; i < argc; i++) {
		rc = query_common_arg(qa, argc, argv, &i);
		if (rc < 0 || (!rc && query_unknown_option(qa, argv[i])))
			return EXIT_USAGE;
	}
	if (qa->nr_pos != 1) {
		usage_error(cmd, "give one function");
		return EXIT_USAGE;
	}
	return query_open_function(qa, db, fn);
}

int query_open_function(struct query_args *qa, sqlite3 **db,
			struct fn_ref *fn)
{
	int rc = query_open(qa, db);

	if (!rc)
		rc = query_function(qa, *db, qa->pos[0], fn);
	return rc;
}
