/*
 * libFuzzer target for the Kbuild dry-run parser: the bytes are what
 * `make -n V=1` printed in /k, parsed as extractor/kbuild_parse.c parses it
 * (physical and logical lines, shell splitting by cmdline.c, the compiler
 * invocation picked out of each simple command, flags cleaned).
 *
 * An input of odd length is parsed for a scope (the goals kbuild_dry_run
 * makes of "net/" and "a/b.c"), one of even length for the whole tree.
 * Beyond "no crash, no leak, no UB": every command must be well formed.
 */
#include "extractor/kbuild.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KDIR "/k"

static void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_kbuild: %s: %s\n", what, detail);
	abort();
}

static void check_command(const struct compile_command *cmd)
{
	if (strcmp(cmd->directory, KDIR) || cmd->file[0] != '/')
		broken("bad paths", cmd->file);
	if (cmd->argc < 1 || !cmd->argv[0] || cmd->argv[cmd->argc])
		broken("bad argv", cmd->file);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *const goals[] = { "net/", "a/b.o", NULL };
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	size_t i;

	compdb_init(&db);
	if (kbuild_parse_output(&db, KDIR, size % 2 ? goals : NULL,
				(const char *)data, size, &err))
		broken("parse failed", err.msg);
	for (i = 0; i < db.nr; i++)
		check_command(&db.cmds[i]);
	compdb_release(&db);
	return 0;
}
