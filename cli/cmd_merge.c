/*
 * kcg merge: join partial databases (`kcg index --shard I/N`, indexed on
 * as many machines) into one, the same as one index of all their TUs.
 */
#include "cli.h"
#include "query.h"

#include "db/db.h"
#include "db/store.h"
#include "util/alloc.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The first database's meta, less what describes its own run. */
static int copy_meta(struct store *s, sqlite3 *db, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (db_prepare(db, "SELECT key, value FROM meta", &st, err))
		return -1;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);

		if (strcmp(key, "shard") && strcmp(key, "created") &&
		    strcmp(key, "run"))
			rc = store_set_meta(s, key,
				(const char *)sqlite3_column_text(st, 1), err);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * The first database's meta (store_merge() checks that the others were
 * indexed in the same tree by the same kcg), with its own date and the
 * latest run number of all.
 */
static int take_meta(struct store *s, char **parts, int nr_parts,
		     struct kcg_error *err)
{
	char buf[64];
	long long run = 0;
	time_t now = time(NULL);
	struct tm tm;
	int i, rc = 0;

	for (i = 0; i < nr_parts && !rc; i++) {
		sqlite3 *db;
		char *n;

		if (db_open_read(parts[i], &db, err))
			return -1;
		n = db_meta_get(db, "run");
		if (n && atoll(n) > run)
			run = atoll(n);
		if (!i)
			rc = copy_meta(s, db, err);
		free(n);
		sqlite3_close(db);
	}
	if (rc)
		return -1;
	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (store_set_meta(s, "created", buf, err))
		return -1;
	snprintf(buf, sizeof(buf), "%lld", run);
	return store_set_meta(s, "run", buf, err);
}

int cmd_merge(int argc, char **argv)
{
	const char *db_path = "kcg.db";
	char **parts = xcalloc((size_t)argc + 1, sizeof(*parts));
	struct store_counts counts;
	struct merge_stats stats;
	struct sigaction sa;
	struct kcg_error err;
	struct store *s = NULL;
	int i, nr_parts = 0, quiet = 0, rc = 1;
	int64_t tus = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db")) {
			if (i + 1 == argc) {
				usage_error("merge", "--db needs a value");
				free(parts);
				return EXIT_USAGE;
			}
			db_path = argv[++i];
		} else if (!strcmp(argv[i], "-q") ||
			   !strcmp(argv[i], "--quiet")) {
			quiet = 1;
		} else if (argv[i][0] == '-') {
			usage_error("merge", "unknown option '%s'", argv[i]);
			free(parts);
			return EXIT_USAGE;
		} else {
			parts[nr_parts++] = argv[i];
		}
	}
	if (!nr_parts) {
		usage_error("merge", "no database to merge");
		free(parts);
		return EXIT_USAGE;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (store_open(&s, db_path, &err))
		goto fail;
	store_set_interrupt(s, &interrupted);
	if (take_meta(s, parts, nr_parts, &err))
		goto fail;
	for (i = 0; i < nr_parts; i++) {
		if (interrupted) {
			kcg_error_set(&err, "interrupted: '%s' left as it was",
				      db_path);
			goto fail;
		}
		if (store_merge(s, parts[i], &stats, &err))
			goto fail;
		tus += stats.tus;
		if (stats.duplicates)
			fprintf(stderr, "kcg: %lld translation units of '%s' "
					"are in an earlier database: left "
					"out\n", (long long)stats.duplicates,
				parts[i]);
		if (!quiet)
			fprintf(stderr, "kcg: %s: %lld translation units, "
					"%lld bodies walked in an earlier "
					"part left out\n", parts[i],
				(long long)stats.tus,
				(long long)stats.claims_dropped);
	}
	rc = store_finish(s, &counts, &err);
	s = NULL;
	if (rc)
		goto fail;
	printf("merged %d databases into '%s': %lld translation units, "
	       "functions %lld (%lld with a body), calls %lld, pointer flows "
	       "%lld, edges %lld\n", nr_parts, db_path, (long long)tus,
	       (long long)counts.functions, (long long)counts.defined,
	       (long long)counts.calls, (long long)counts.flows,
	       (long long)counts.edges);
	state_record_last_db(db_path);
	free(parts);
	return 0;
fail:
	store_abort(s);
	die_message(&err);
	free(parts);
	return interrupted ? 130 : 1;
}
