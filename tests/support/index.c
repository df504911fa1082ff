/*
 * Indexing a test input with the library: see index.h.
 */
#include "index.h"

#include "db/db.h"
#include "extractor/compdb.h"
#include "queries/names.h"

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

sqlite3 *open_index_for_test(const char *dir, const char *db_path)
{
	struct index_result result;
	struct kcg_error err;
	sqlite3 *db;
	int rc = index_for_test(dir, db_path, 2, &result);

	index_result_release(&result);
	if (rc) {
		fprintf(stderr, "cannot index '%s'\n", dir);
		return NULL;
	}
	if (db_open_read(db_path, &db, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return NULL;
	}
	return db;
}

uint32_t function_id(sqlite3 *db, const char *spec)
{
	struct fn_list candidates;
	struct fn_ref f;
	uint32_t id;

	switch (name_resolve(db, spec, &f, &candidates, NULL)) {
	case NAME_FOUND:
		break;
	case NAME_AMBIGUOUS:
		fn_list_release(&candidates);
		return 0;
	default:
		return 0;
	}
	id = (uint32_t)f.id;
	fn_ref_release(&f);
	return id;
}
