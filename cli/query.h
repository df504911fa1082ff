/*
 * What the query commands share: the options every one takes (--db,
 * --json, --tsv), choosing and opening the database (the one of the last
 * `kcg index` when --db is absent), and naming functions with helpful
 * messages (candidates for an ambiguous name, the nearest names for an
 * unknown one).
 */
#ifndef KCG_QUERY_H
#define KCG_QUERY_H

#include "output.h"
#include "queries/names.h"

#include <sqlite3.h>

/* Exit statuses of the query commands. */
#define EXIT_FOUND 0
#define EXIT_NOT_FOUND 1
/* EXIT_USAGE (2, cli.h): bad usage, a database that cannot be read */

struct query_args {
	const char *cmd;
	const char *db_option;		/* --db, or NULL */
	char *db_path;			/* the database used */
	enum out_format format;
	char **pos;			/* positional arguments */
	int nr_pos;
};

void query_args_init(struct query_args *qa, const char *cmd, int argc);
void query_args_release(struct query_args *qa);

/*
 * If argv[*i] is `name` or `name=VALUE`, set *value, advance *i past the
 * value and return 1; 0 if it is another argument; -1 (message printed)
 * if the value is missing.
 */
int query_opt_value(const char *cmd, int argc, char **argv, int *i,
		    const char *name, const char **value);

/*
 * Take argv[*i] if it is --db, --json, --tsv or a positional argument:
 * returns 1 if taken, 0 if it is an option the command must handle, -1
 * on an error (message printed).
 */
int query_common_arg(struct query_args *qa, int argc, char **argv, int *i);

/* Report an unknown option; returns EXIT_USAGE. */
int query_unknown_option(const struct query_args *qa, const char *arg);

/* Parse a non-negative integer option value; -1 (message) if invalid. */
int query_number(const struct query_args *qa, const char *opt,
		 const char *value, int min, int max, int *out);

/* Open the database; EXIT_USAGE with a message on failure. */
int query_open(struct query_args *qa, sqlite3 **db);

/*
 * Resolve a function name: 0 and *fn on success; EXIT_NOT_FOUND (unknown,
 * nearest names suggested) or EXIT_USAGE (ambiguous, candidates listed;
 * or a database error), with a message.
 */
int query_function(const struct query_args *qa, sqlite3 *db,
		   const char *spec, struct fn_ref *fn);

/*
 * For commands that take the common options and one function: parse argv,
 * open the database and find the function.  Returns 0, or the exit status
 * (with a message printed).  qa is initialized here; *db (NULL on a usage
 * error) and qa are the caller's to release.
 */
int query_one_function(struct query_args *qa, const char *cmd, int argc,
		       char **argv, sqlite3 **db, struct fn_ref *fn);

/*
 * Open the database and find the function of the first positional
 * argument: 0, or the exit status with a message.  *db and fn are the
 * caller's to release either way (fn zeroed by the caller before).
 */
int query_open_function(struct query_args *qa, sqlite3 **db,
			struct fn_ref *fn);

/*
 * Reading result rows for text output: the cell of column col as text
 * ("" for NULL; an integer is formatted into one of a few static buffers,
 * valid until the eighth call after).  Integers: result_int().
 */
const char *row_text(const struct result *r, size_t row, const char *col);
/* Set c to prefix + "file:line" from two columns, or "" if no file. */
void cell_set_place(struct cell *c, const struct result *r, size_t row,
		    const char *file_col, const char *line_col,
		    const char *prefix);
/*
 * "packet_type.func, via NF_HOOK, stored at FILE:LINE, 3 sites" from the
 * columns through, via, reg_file, reg_line and sites (those present).
 */
char *edge_detail(const struct result *r, size_t row);

/* The path of the database `kcg index` wrote last, or NULL. */
char *state_last_db(void);
/* Remember db_path (made absolute) as the last database indexed. */
void state_record_last_db(const char *db_path);

#endif
