/*
 * The command line: one cmd_*() per subcommand (git's builtin shape).
 * Each returns the process exit status: 0 success, 1 failure (a message
 * was printed), 2 bad usage or input kcg does not understand (an error of
 * kind KCG_ERROR_UNSUPPORTED).  Only cli/ prints or picks exit codes.
 */
#ifndef KCG_CLI_H
#define KCG_CLI_H

#include "util/error.h"

#include <stddef.h>

#define EXIT_USAGE 2

/* the database of kcg index when no --db names one */
#define KCG_DEFAULT_DB "kcg.db"

struct cmd_entry {
	const char *name;
	const char *usage;	/* arguments, after "kcg NAME" */
	const char *summary;	/* one line for `kcg --help` */
	const char *help;	/* the full text for `kcg help NAME` */
	int (*exec)(int argc, char **argv);
};

int cmd_index(int argc, char **argv);
int cmd_path(int argc, char **argv);
int cmd_callers(int argc, char **argv);
int cmd_callees(int argc, char **argv);
int cmd_targets(int argc, char **argv);
int cmd_registrations(int argc, char **argv);
int cmd_hooks(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_sql(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_diff(int argc, char **argv);
/* cmd_complete.c: kcg complete names PREFIX [--db FILE] */
int cmd_complete_names(int argc, char **argv);

/*
 * help.c: the command table's text as manual pages, written into dir
 * (kcg.1, kcg-COMMAND.1; 0, or 1 with a message), and the words shell
 * completion offers.
 */
int help_write_man_pages(const char *dir, const struct cmd_entry *cmds,
			 size_t nr);
void help_print_commands(const struct cmd_entry *cmds, size_t nr);
void help_print_options(const struct cmd_entry *cmd);

/* Print "kcg CMD: msg" to stderr. */
void die_message(const char *cmd, const struct kcg_error *err);
void usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* progress.c: what `kcg index` shows while it runs */
struct index_progress;
struct progress_display {
	int tty;
	double last_print;
	size_t last_done;
};
void progress_init(struct progress_display *pd, int enabled);
void progress_update(void *ctx, const struct index_progress *p);
void progress_finish(struct progress_display *pd);

#endif
