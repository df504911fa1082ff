/*
 * The compile commands of a kernel tree for an index run: Kbuild's dry run,
 * or the commands the last run wrote beside the database when nothing the
 * dry run reads changed since.
 *
 * The dry run costs some 15 s for a few directories of the tree (make
 * walks every makefile of the scope), about three times what parsing the
 * one file a developer just edited costs; so the database records the
 * hash of the dry run's inputs (meta kbuild_inputs, kbuild_inputs_hash())
 * and of the compile_commands.json written beside it (meta compdb_hash),
 * and a run that finds both unchanged reads the file instead.
 */
#include "kernel_commands.h"

#include "db/previous.h"
#include "extractor/kbuild.h"
#include "extractor/identity.h"
#include "util/alloc.h"
#include "util/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *index_file_hash(const char *path)
{
	uint64_t h;
	char out[HASH_HEX_SIZE];

	if (hash_file(path, &h))
		return NULL;
	hash_hex(h, out);
	return xstrdup(out);
}

/*
 * Does the database at db_path say the commands in compdb_path are still
 * those of a dry run with these inputs?  Then they are read into db (the
 * file is read once, for its hash and its commands).
 */
static int still_current(const char *db_path, const char *compdb_path,
			 const char *inputs, struct compdb *db)
{
	struct kcg_error err;
	struct previous *prev;
	char *was, *compdb_was, now[HASH_HEX_SIZE];
	uint64_t h;
	int same;

	if (access(db_path, F_OK) || previous_open(db_path, &prev, &err))
		return 0;
	/* unreadable: not known to be current, the dry run runs */
	if (previous_meta(prev, "kbuild_inputs", &was, &err))
		was = NULL;
	if (previous_meta(prev, "compdb_hash", &compdb_was, &err))
		compdb_was = NULL;
	previous_close(prev);
	same = was && compdb_was && !strcmp(was, inputs) &&
	       !compdb_read_json_hashed(db, compdb_path, &h, &err);
	if (same) {
		hash_hex(h, now);
		same = !strcmp(compdb_was, now) && db->nr;
	}
	if (!same) {
		/* unreadable or another file: the dry run makes it again */
		compdb_release(db);
		compdb_init(db);
	}
	free(was);
	free(compdb_was);
	return same;
}

int index_kernel_commands(struct compdb *db, const struct kernel_commands *kc,
			  char **inputs, int *reused, struct kcg_error *err)
{
	char build[17];

	extractor_build_id(build);
	*inputs = kbuild_inputs_hash(kc->kdir, kc->scope, kc->nscope, build);
	*reused = 0;
	if (!kc->full &&
	    still_current(kc->db_path, kc->compdb_path, *inputs, db)) {
		*reused = 1;
		return 0;
	}
	return kbuild_dry_run(db, kc->kdir, kc->scope, kc->nscope, err);
}
