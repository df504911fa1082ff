/*
 * The compile commands of a kernel tree for an index run: Kbuild's dry
 * run, or the commands the last run wrote beside the database when
 * nothing the dry run reads changed since (see kernel_commands.c).
 */
#ifndef KCG_KERNEL_COMMANDS_H
#define KCG_KERNEL_COMMANDS_H

#include "extractor/compdb.h"
#include "util/error.h"

struct kernel_commands {
	const char *kdir;	/* absolute */
	char *const *scope;
	int nscope;
	const char *db_path;	/* the database this run replaces */
	const char *compdb_path;	/* the commands written beside it */
	int full;		/* run the dry run whatever the hashes say */
};

/*
 * Fill db with the compile commands of kc.  *inputs gets the hash of the
 * dry run's inputs (a new string, for meta kbuild_inputs), *reused 1 when
 * the commands were read from compdb_path rather than made by make.
 */
int index_kernel_commands(struct compdb *db, const struct kernel_commands *kc,
			  char **inputs, int *reused, struct kcg_error *err);

/* The hash of a file's contents as 16 hex digits, or NULL. */
char *index_file_hash(const char *path);

#endif
