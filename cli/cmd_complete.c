/*
 * kcg complete names PREFIX [--db FILE]: the function names of the
 * database that begin with PREFIX, one per line, for shell completion
 * (cli/completion.bash).  Not in the command table: a tool for the
 * completion script, not for people.
 */
#include "cli.h"
#include "query.h"

#include "queries/names.h"

#include <stdio.h>
#include <stdlib.h>

/* Enough to choose from; more is noise on a terminal. */
#define MAX_NAMES 200

int cmd_complete_names(int argc, char **argv)
{
	struct query_args qa;
	struct kcg_error err;
	sqlite3 *db = NULL;
	char **names;
	int i, rc;

	query_args_init(&qa, "complete", argc);
	for (i = 1; i < argc; i++) {
		rc = query_common_arg(&qa, argc, argv, &i);
		if (rc < 0 || (!rc && query_unknown_option(&qa, argv[i]))) {
			query_args_release(&qa);
			return EXIT_USAGE;
		}
	}
	if (qa.nr_pos > 1) {
		usage_error("complete", "give one prefix");
		query_args_release(&qa);
		return EXIT_USAGE;
	}
	rc = query_open(&qa, &db);
	if (!rc) {
		int nr = name_prefixed(db, qa.nr_pos ? qa.pos[0] : "",
				       MAX_NAMES, &names, &err);

		if (nr < 0) {
			die_message("complete", &err);
			rc = EXIT_USAGE;
		}
		for (i = 0; i < nr; i++) {
			printf("%s\n", names[i]);
			free(names[i]);
		}
		free(names);
	}
	sqlite3_close(db);
	query_args_release(&qa);
	return rc;
}
