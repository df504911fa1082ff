/*
 * kcg: kernel call graph.  The command table and dispatch.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct cmd_entry commands[] = {
	{
		.name = "index",
		.usage = "[--db FILE] [-j N] [--compdb FILE | --kernel DIR "
			 "[--scope PATH...]] [--root DIR] [--quiet]",
		.summary = "index a kernel tree (or samples/) into a database",
		.help =
"Parse every translation unit with libclang and store every function,\n"
"call, indirect call site and function-pointer store in a SQLite database.\n"
"\n"
"  --db FILE         the database to write (default ./kcg.db); written to a\n"
"                    temporary file and renamed at the end, so an interrupted\n"
"                    run leaves the old database as it was\n"
"  -j, --jobs N      worker threads (default: all cores)\n"
"  --compdb FILE     read compile commands from compile_commands.json\n"
"  --kernel DIR      take compile commands from Kbuild's dry run in a\n"
"                    prepared kernel tree (make LLVM=1 -n -B V=1 SCOPE);\n"
"                    the compile_commands.json used is written next to\n"
"                    the database\n"
"  --scope PATH...   with --kernel: directories or files to index, e.g.\n"
"                    net/ drivers/net/ethernet/intel/ (default: all)\n"
"  --root DIR        store paths relative to DIR (default: the kernel\n"
"                    tree, or the directory of the compile database)\n"
"  -q, --quiet       no progress display\n"
"\n"
"With no --compdb and no --kernel, indexes the sample tree shipped in\n"
"samples/, a miniature network stack.\n",
		.exec = cmd_index,
	},
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

void die_message(const struct kcg_error *err)
{
	fprintf(stderr, "kcg: %s\n", err->msg);
}

void usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kcg %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'kcg help %s'\n", cmd);
}

static void print_overview(FILE *out)
{
	size_t i;

	fprintf(out, "usage: kcg COMMAND [ARGS]\n\n"
		     "kcg turns a Linux kernel tree into a call graph with "
		     "function pointers resolved.\n\ncommands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "\n'kcg help COMMAND' describes a command.\n");
}

/* Find a command by name or unique prefix; list candidates if ambiguous. */
static const struct cmd_entry *find_command(const char *name)
{
	const struct cmd_entry *found = NULL;
	size_t i, len = strlen(name);
	int matches = 0;

	for (i = 0; i < NR_COMMANDS; i++) {
		if (!strcmp(commands[i].name, name))
			return &commands[i];
		if (!strncmp(commands[i].name, name, len)) {
			found = &commands[i];
			matches++;
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1) {
		fprintf(stderr, "kcg: ambiguous command '%s', could be:", name);
		for (i = 0; i < NR_COMMANDS; i++)
			if (!strncmp(commands[i].name, name, len))
				fprintf(stderr, " %s", commands[i].name);
		fprintf(stderr, "\n");
	} else {
		fprintf(stderr, "kcg: unknown command '%s'; see 'kcg --help'\n",
			name);
	}
	return NULL;
}

static void print_help(const struct cmd_entry *cmd)
{
	printf("usage: kcg %s %s\n\n%s", cmd->name, cmd->usage, cmd->help);
}

int main(int argc, char **argv)
{
	const struct cmd_entry *cmd;
	int i;

	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_overview(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("kcg %s\n", KCG_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			print_overview(stdout);
			return 0;
		}
		cmd = find_command(argv[2]);
		if (!cmd)
			return EXIT_USAGE;
		print_help(cmd);
		return 0;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return EXIT_USAGE;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(cmd);
			return 0;
		}
	}
	return cmd->exec(argc - 1, argv + 1);
}
