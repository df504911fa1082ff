/*
 * The meta of a merged database: see store_merge_meta() in store.h.
 */
#include "store_impl.h"

#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The meta of db, less what describes its own run. */
static int copy_meta(struct store *s, sqlite3 *db, const char *path,
		     struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc = 0, step;

	if (db_prepare(db, "SELECT key, value FROM meta", &st, err))
		return -1;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);

		if (strcmp(key, "shard") && strcmp(key, "created") &&
		    strcmp(key, "run") && strcmp(key, "hashed_since") &&
		    strcmp(key, "csr_stamp") && strcmp(key, STORE_CALL_COUNTS) &&
		    strcmp(key, META_RESOLVE_COUNTS))
			rc = store_set_meta(s, key,
				(const char *)sqlite3_column_text(st, 1), err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = kcg_error_set(err, "cannot read '%s': %s", path,
				   sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

int store_merge_meta(struct store *s, char *const *parts, int nr_parts,
		     const char *created, struct kcg_error *err)
{
	char buf[32];
	long long run = 0, since = 0;
	int i, rc = 0, all_since = 1;

	for (i = 0; i < nr_parts && !rc; i++) {
		sqlite3 *db;
		char *n, *t = NULL;

		if (db_open_read(parts[i], &db, err))
			return -1;
		if (db_meta_read(db, "run", &n, err) ||
		    db_meta_read(db, "hashed_since", &t, err))
			rc = kcg_error_set(err, "cannot read '%s': %s",
					   parts[i], sqlite3_errmsg(db));
		if (n && atoll(n) > run)
			run = atoll(n);
		/* the hashes of every part were taken since the oldest */
		if (!t)
			all_since = 0;
		else if (!since || atoll(t) < since)
			since = atoll(t);
		free(t);
		if (!rc && !i)
			rc = copy_meta(s, db, parts[i], err);
		free(n);
		sqlite3_close(db);
	}
	if (rc || store_set_meta(s, "created", created, err))
		return -1;
	if (all_since && since) {
		snprintf(buf, sizeof(buf), "%lld", since);
		if (store_set_meta(s, "hashed_since", buf, err))
			return -1;
	}
	snprintf(buf, sizeof(buf), "%lld", run);
	return store_set_meta(s, "run", buf, err);
}
