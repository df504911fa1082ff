/*
 * kcg sql [STATEMENT]: the database in the sqlite3 shell, or the result
 * of one read-only statement in any output format.
 */
#include "cli.h"
#include "query.h"

#include "queries/lookup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int run_shell(struct query_args *qa)
{
	char *const args[] = { "sqlite3", qa->db_path, NULL };

	fflush(NULL);
	execvp("sqlite3", args);
	fprintf(stderr, "kcg sql: cannot run the sqlite3 shell: %s; install "
			"it (apt-get install sqlite3) or give a statement\n",
		strerror(errno));
	return EXIT_USAGE;
}

static int run_statement(struct query_args *qa, sqlite3 *db)
{
	struct kcg_error err;
	struct result r;
	struct output o;
	int rc;

	if (lookup_sql(db, qa->pos[0], &r, &err)) {
		die_message("sql", &err);
		result_release(&r);
		return EXIT_USAGE;
	}
	output_begin(&o, qa->format, "sql", qa->db_path, 0);
	output_data(&o, &r);
	output_text(&o, &r, "", TEXT_HEADER);
	output_end(&o);
	rc = r.nr_rows ? EXIT_FOUND : EXIT_NOT_FOUND;
	result_release(&r);
	return rc;
}

int cmd_sql(int argc, char **argv)
{
	struct query_args qa;
	sqlite3 *db = NULL;
	int i, rc;

	query_args_init(&qa, "sql", argc);
	for (i = 1; i < argc; i++) {
		rc = query_common_arg(&qa, argc, argv, &i);
		if (rc < 0 || (!rc && query_unknown_option(&qa, argv[i]))) {
			query_args_release(&qa);
			return EXIT_USAGE;
		}
	}
	if (qa.nr_pos > 1) {
		usage_error("sql", "give one statement (quote it)");
		query_args_release(&qa);
		return EXIT_USAGE;
	}
	rc = query_open(&qa, &db);
	if (!rc && qa.nr_pos) {
		rc = run_statement(&qa, db);
	} else if (!rc) {
		sqlite3_close(db);
		db = NULL;
		rc = run_shell(&qa);
	}
	sqlite3_close(db);
	query_args_release(&qa);
	return rc;
}
