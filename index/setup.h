/*
 * What an index run indexes: the compile commands (of the sample tree, a
 * compile database or a kernel tree, kernel_commands.h), the root paths
 * are stored relative to, and the meta the database records about them.
 * The command line only says which; index_run() (indexer.h) takes the
 * result.
 */
#ifndef KCG_INDEX_SETUP_H
#define KCG_INDEX_SETUP_H

#include "extractor/compdb.h"
#include "index/indexer.h"
#include "util/error.h"

#include <stddef.h>

struct index_request {
	const char *db_path;		/* the database to write */
	const char *compdb_path;	/* a compile database, or NULL */
	const char *kernel_dir;		/* a kernel tree, or NULL */
	const char *samples_compdb;	/* neither: this one (samples/) */
	const char *root;		/* NULL: the kernel tree (with a
					   compile database: the one its
					   commands compile, if any), else
					   the compile database's directory;
					   with a compile database, the
					   first place its kernel is looked
					   for */
	char *const *scope;		/* with kernel_dir: what to index */
	int nr_scope;
	int jobs;			/* recorded in meta jobs */
	int full;			/* make the commands again, whatever
					   the last run's say */
};

#define INDEX_SETUP_MAX_META 16

struct index_setup {
	struct compdb compdb;
	char *root;		/* absolute, normalized */
	char *kdir;		/* the kernel tree, absolute; or NULL */
	char *source;		/* what is indexed, as meta source says */
	char *compdb_out;	/* kernel: the commands written beside the
				   database; or NULL */
	int reused_commands;	/* read from compdb_out, no dry run */
	int kernel_tree;	/* the commands compile a kernel tree: meta
				   kernel_version, arch, config_hash */
	struct index_meta meta[INDEX_SETUP_MAX_META];
	size_t nr_meta;

	/* internal: the strings meta points to */
	char *created, *jobs, *version, *arch, *config, *scope, *inputs,
		*compdb_hash;
};

/*
 * Fill s for r: read or make the compile commands (writing them beside
 * the database for a kernel tree), choose the root, assemble the meta.
 * A request with no translation units fails with a message.  Release s
 * whatever the outcome.
 */
int index_setup_make(struct index_setup *s, const struct index_request *r,
		     struct kcg_error *err);
void index_setup_release(struct index_setup *s);

#endif
