/*
 * Updating an index in place: see store_open_update() in store.h.
 *
 * An incremental run that parses a few TUs used to build a new database
 * and copy every fact of the TUs it kept into it: some 160 MB of SQL
 * inserts for the network slice, twelve seconds to re-index one edited
 * file.  Instead the previous database is copied as a file (a reflink
 * where the file system can, else copy_file_range), the facts of the TUs
 * parsed again or gone are deleted from the copy by claim, and the new
 * batches go in as in a fresh index.  The copy is a temporary file beside
 * the database like any other, so an interrupted update leaves the
 * previous database as it was.
 *
 * The in-memory maps of the store (paths, function and global keys to
 * ids) are filled from the copy as the batches name keys (known_id() in
 * store.c), not loaded whole.  Rows a TU parsed now merely mentions
 * (a declaration, a global) are rewritten the first time this run sees
 * them, so a declaration that moved in an edited header moves here too.
 * The derived tables (hooks, hook_context_*, csr) are made again when the
 * run finishes (the resolver and the compact graph, index/finish.c), the
 * edges brought up to date.
 */
#define _GNU_SOURCE	/* copy_file_range, sync_file_range */

#include "store_impl.h"

#include "db.h"
#include "util/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Copy the file at from to to (created, mode 0644). */
static int copy_file(const char *from, const char *to, struct kcg_error *err)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	struct stat st;
	off_t left;

	if (in < 0 || fstat(in, &st)) {
		kcg_error_errno(err, "cannot read '%s'", from);
		goto out;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		kcg_error_errno(err, "cannot create '%s'", to);
		goto out;
	}
#ifdef FICLONE
	if (!ioctl(out, FICLONE, in)) {
		rc = 0;
		goto out;
	}
#endif
	for (left = st.st_size; left > 0;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL,
					    (size_t)left, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			kcg_error_errno(err, "cannot copy '%s' to '%s'", from,
					to);
			goto out;
		}
		left -= n;
	}
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) && !rc)
		rc = kcg_error_errno(err, "cannot write '%s'", to);
	return rc;
}

/*
 * The copy written out while the update works.  On ext4, renaming the
 * copy over the database first writes out its delayed blocks
 * (auto_da_alloc): for the whole tree's 1.4 GB copy, most of a second
 * spent at the end of the run.  A thread starts that write-out as soon
 * as the copy is made, so that it overlaps the parse and the resolution;
 * it is only a hint (an error is ignored), and the rename still waits
 * for what is left.  Starting it from the calling thread blocked it
 * for as long, in the copy phase instead.
 */
struct writeback {
	pthread_t thread;
	int fd;
};

static void *write_out(void *arg)
{
	struct writeback *w = arg;

	(void)sync_file_range(w->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	return NULL;
}

static void start_writeback(struct store *s)
{
	struct writeback *w = xmalloc(sizeof(*w));

	w->fd = open(s->temp_path, O_WRONLY | O_CLOEXEC);
	if (w->fd < 0 || pthread_create(&w->thread, NULL, write_out, w)) {
		if (w->fd >= 0)
			close(w->fd);
		free(w);
		return;
	}
	s->writeback = w;
}

void store_writeback_wait(struct store *s)
{
	if (!s->writeback)
		return;
	pthread_join(s->writeback->thread, NULL);
	close(s->writeback->fd);
	free(s->writeback);
	s->writeback = NULL;
}

/*
 * The functions and globals an update may leave unused (store_prepare()
 * collects those of them nothing refers to): those the facts dropped
 * referred to (drop.c), those whose definition went, and the rows made
 * from the ids noted here on.
 */
static const char candidates_sql[] =
	"CREATE TEMP TABLE calls_gone(kind TEXT, n INTEGER);"
	"CREATE TEMP TABLE collect_functions(id INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE collect_globals(id INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE place_globals(usr TEXT PRIMARY KEY);";

static int make_candidates(struct store *s, struct kcg_error *err)
{
	return db_exec(s->db, candidates_sql, err) ||
	       store_query_int(s, "SELECT coalesce(max(id), 0) + 1 "
				  "FROM functions", &s->first_new_function,
			       err) ||
	       store_query_int(s, "SELECT coalesce(max(id), 0) + 1 "
				  "FROM globals", &s->first_new_global, err);
}

/* The record initializers numbered so far: new ones come after. */
static int load_instances(struct store *s, struct kcg_error *err)
{
	return store_query_int(s, "SELECT max((SELECT coalesce("
				  "max(instance_id), 0) FROM flows), (SELECT "
				  "coalesce(max(instance_id), 0) FROM "
				  "init_consts))", &s->instances, err);
}

/*
 * What finishing the run makes again, and the meta the run writes again.
 * The edges stay: those of the calls dropped go with them (drop_sql),
 * direct edges of the calls stored come in (store_prepare()), and the
 * resolver inserts and deletes only the resolved edges that changed,
 * which is faster than building the edges and their indexes again.  The
 * resolver's other tables (hooks, hook_context_*) and its counts in meta
 * stay too: it makes them again itself, or moves them when the facts it
 * reads only moved (resolve/moved.c).
 */
static const char clear_sql[] =
	"DELETE FROM meta WHERE key != '" META_RESOLVE_COUNTS "';"
	"DELETE FROM csr;";

/* The callers whose edges change, for the compact graph to patch only
 * their rows (queries/graph_patch.c). */
static const char touched_sql[] =
	"CREATE TEMP TABLE edges_touched(id INTEGER PRIMARY KEY);"
	"CREATE TEMP TRIGGER edges_touched_insert AFTER INSERT ON main.edge"
	" BEGIN INSERT OR IGNORE INTO edges_touched VALUES (new.caller_id);"
	" END;"
	"CREATE TEMP TRIGGER edges_touched_delete AFTER DELETE ON main.edge"
	" BEGIN INSERT OR IGNORE INTO edges_touched VALUES (old.caller_id);"
	" END;"
	"CREATE TEMP TRIGGER edges_touched_update AFTER UPDATE ON main.edge"
	" BEGIN INSERT OR IGNORE INTO edges_touched VALUES (old.caller_id),"
	" (new.caller_id); END;";

const char *store_previous_csr_stamp(const struct store *s)
{
	return s->previous_csr_stamp;
}

int store_run_tus(struct store *s, int64_t **ids, size_t *nr,
		  struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*ids = NULL;
	*nr = 0;
	if (db_prepare(s->db, "SELECT id FROM tus WHERE run = ? ORDER BY id",
		       &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, s->run);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(ids, &alloc, *nr + 1, sizeof(**ids));
		(*ids)[(*nr)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		return store_sql_fail(s, err);
	}
	return 0;
}

size_t store_bodies_taken_over(const struct store *s)
{
	return s->taken_over;
}

/* The csr_stamp of the database copied, before its meta goes (none when
 * it cannot be read: the graph is then built whole), and its counts of
 * calls (none: they are counted from the table). */
static int read_previous_meta(struct store *s)
{
	char *calls = db_meta_get(s->db, STORE_CALL_COUNTS);
	long long n[3];

	s->previous_csr_stamp = db_meta_get(s->db, "csr_stamp");
	if (calls &&
	    sscanf(calls, "%lld %lld %lld", &n[0], &n[1], &n[2]) == 3) {
		s->previous_calls[0] = n[0];
		s->previous_calls[1] = n[1];
		s->previous_calls[2] = n[2];
		s->has_previous_calls = 1;
	}
	free(calls);
	return 0;
}

/*
 * Reads of the copy through a map of all of it, not of its first 256 MB
 * (store_connect): the resolver reads most of the database again, and
 * through read() that was a copy of every page.  Resolving the whole 6.1
 * tree took 0.5 to 0.9 s less CPU so (on a busy machine), for 190 MB more
 * peak RSS; an update of the whole 6.12 tree peaks at 1.5 GB instead of
 * 1.05.  A fresh index keeps the small map: mapped pages count in its
 * peak RSS, which the whole tree's parse already makes high.  The map is
 * a hint; SQLite caps it at its own limit (2 GB by default).
 */
static int map_whole(struct store *s, struct kcg_error *err)
{
	struct stat st;
	char sql[64];

	if (stat(s->temp_path, &st))
		return kcg_error_errno(err, "cannot stat '%s'", s->temp_path);
	/* room for what the update adds */
	snprintf(sql, sizeof(sql), "PRAGMA mmap_size = %lld;",
		 (long long)st.st_size + (long long)st.st_size / 4);
	return db_exec(s->db, sql, err);
}

int store_open_update(struct store **out, const char *final_path,
		      const char *old_path, struct kcg_error *err)
{
	struct store *s = store_new(final_path);

	*out = NULL;
	if (copy_file(old_path, s->temp_path, err))
		goto fail;
	start_writeback(s);
	if (store_connect(s, 0, err) || map_whole(s, err) ||
	    read_previous_meta(s) ||
	    db_exec(s->db, clear_sql, err) || db_exec(s->db, touched_sql, err) ||
	    db_exec(s->db, EDGE_DIGESTS_SQL, err) ||
	    make_candidates(s, err) || load_instances(s, err))
		goto fail;
	s->updating = 1;
	*out = s;
	return 0;
fail:
	store_unlink_temp(s);
	store_free(s);	/* waits for the write-out */
	return -1;
}

/*
 * The facts of the TUs in temp.u_tus go, claim by claim (drop.c), then
 * the TUs; a function whose body goes with them is as the TUs that do
 * not define it see it (as merge.c leaves it).
 */
static const char claims_sql[] =
	"CREATE TEMP TABLE u_claims(id INTEGER PRIMARY KEY);"
	"INSERT INTO temp.u_claims SELECT id FROM claims"
	" WHERE tu_id IN (SELECT id FROM temp.u_tus);";

static const char drop_sql[] =
	"INSERT OR IGNORE INTO temp.collect_functions"
	" SELECT id FROM functions WHERE tu_id IN (SELECT id FROM temp.u_tus);"
	"DELETE FROM diagnostics WHERE tu_id IN (SELECT id FROM temp.u_tus);"
	"DELETE FROM includes WHERE tu_id IN (SELECT id FROM temp.u_tus);"
	"DELETE FROM beaten_defs WHERE tu_id IN (SELECT id FROM temp.u_tus);"
	"DELETE FROM tus WHERE id IN (SELECT id FROM temp.u_tus);"
	"UPDATE functions SET"
	" file_id = coalesce(decl_file_id, file_id),"
	" line = CASE WHEN decl_file_id IS NOT NULL THEN decl_line ELSE line"
	"  END,"
	" col = CASE WHEN decl_file_id IS NOT NULL THEN decl_col ELSE col END,"
	" is_defined = 0, from_macro = 0, type = NULL, tu_id = NULL"
	" WHERE tu_id IN (SELECT id FROM temp.u_tus);"
	"DROP TABLE temp.u_tus;";

/* The functions the TUs in temp.u_tus walked are undefined from now. */
static int forget_definitions(struct store *s, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(s->db, "SELECT id, usr FROM functions WHERE tu_id IN "
			      "(SELECT id FROM temp.u_tus)", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strmap_put(&s->functions,
			   (const char *)sqlite3_column_text(st, 1),
			   -sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_sql_fail(s, err);
}

/*
 * Once the first TUs are dropped, before any batch comes in: the calls
 * from here on are new, and so are the direct edges to make of them
 * (later drops only delete older calls, so new ids stay above).
 */
static int first_new_call(struct store *s, struct kcg_error *err)
{
	if (s->first_new_call)
		return 0;
	return store_query_int(s, "SELECT coalesce(max(id), 0) + 1 FROM calls",
			       &s->first_new_call, err);
}

int store_drop_tus(struct store *s, const int64_t *tus, size_t nr_tus,
		   struct kcg_error *err)
{
	if (!s->updating)
		return kcg_error_set(err, "internal error: TUs dropped from "
					  "a new database");
	if (!nr_tus)
		return first_new_call(s, err);
	if (store_temp_ids(s, "u_tus", tus, nr_tus, err) ||
	    forget_definitions(s, err) || db_exec(s->db, claims_sql, err) ||
	    store_drop_claimed_facts(s, err) || db_exec(s->db, drop_sql, err))
		return -1;
	return first_new_call(s, err);
}
