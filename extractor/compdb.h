/*
 * The compilation database: one compile command per translation unit.
 *
 * Read from the standard compile_commands.json format (compdb_read_json) or
 * produced from a Kbuild dry run (kbuild.h), and written back out in the
 * standard format so that clangd and other tools can reuse it.
 *
 * Every command is stored cleaned for parsing with libclang: absolute,
 * normalized directory and file; argv[0] is the compiler; flags that write
 * files or turn warnings into errors are removed (see cmdline.h).  A file
 * that appears more than once keeps its first command.
 */
#ifndef KCG_COMPDB_H
#define KCG_COMPDB_H

#include "util/error.h"
#include "util/strmap.h"

#include <stddef.h>
#include <stdint.h>

struct compile_command {
	char *directory;	/* absolute, normalized */
	char *file;		/* absolute, normalized */
	char **argv;		/* NULL-terminated; argv[0] is the compiler */
	int argc;
};

struct compdb {
	struct compile_command *cmds;
	size_t nr, alloc;
	struct strmap files;	/* file -> index in cmds, for duplicates */
};

void compdb_init(struct compdb *db);
void compdb_release(struct compdb *db);

/*
 * Append a command; argv is copied and cleaned (cmdline_clean_args), file
 * and directory are made absolute (file relative to directory, directory
 * relative to base_dir).  Returns 1 if added, 0 if the file was already in
 * the database (the first command wins).
 */
int compdb_add(struct compdb *db, const char *base_dir, const char *directory,
	       const char *file, char *const *argv, int argc);

/*
 * The largest compile_commands.json read, well above what a whole kernel
 * needs: anything bigger (/dev/zero, say) is refused before it uses up
 * memory.
 */
#define COMPDB_MAX_SIZE ((size_t)1 << 30)

/*
 * Read compile_commands.json at path.  Entries may use "command" (a shell
 * command line, split with cmdline_split) or "arguments"; "directory" may be
 * relative to the JSON file's own directory.  On error returns -1 with a
 * message naming the file, line and column and what is wrong.
 */
int compdb_read_json(struct compdb *db, const char *path,
		     struct kcg_error *err);

/* The same, with the hash of the file's bytes (hash_file()'s) in *hash:
 * the file is read once. */
int compdb_read_json_hashed(struct compdb *db, const char *path,
			    uint64_t *hash, struct kcg_error *err);

/* The same, from a buffer (len bytes, need not be NUL-terminated); name is
 * used in messages and base_dir resolves relative directories. */
int compdb_parse_json(struct compdb *db, const char *text, size_t len,
		      const char *name, const char *base_dir,
		      struct kcg_error *err);

/* Write db as compile_commands.json ("arguments" form) to path. */
int compdb_write_json(const struct compdb *db, const char *path,
		      struct kcg_error *err);

#endif
