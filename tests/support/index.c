/*
 * Indexing a test input with the library: see index.h.
 */
#include "index.h"

#include "extractor/compdb.h"

#include <stdio.h>
#include <string.h>

int index_for_test(const char *dir, const char *db_path, int jobs,
		   struct index_result *result)
{
	char path[4096];
	struct kcg_error err;
	struct compdb compdb;
	struct index_options opt;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/compile_commands.json", dir);
	compdb_init(&compdb);
	memset(result, 0, sizeof(*result));
	if (compdb_read_json(&compdb, path, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		compdb_release(&compdb);
		return -1;
	}
	memset(&opt, 0, sizeof(opt));
	opt.db_path = db_path;
	opt.root = dir;
	opt.compdb = &compdb;
	opt.jobs = jobs;
	if (index_run(&opt, result, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		rc = -1;
	} else if (result->counts.tus != (int64_t)compdb.nr) {
		fprintf(stderr, "indexed %lld of %zu TUs\n",
			(long long)result->counts.tus, compdb.nr);
		rc = -1;
	}
	compdb_release(&compdb);
	return rc;
}
