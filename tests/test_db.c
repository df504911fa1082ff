/*
 * db/: writing an index (store.c), changing a copy of one (update.c) and
 * joining partial ones (merge.c), on fact batches made by hand: two TUs,
 * a.c (a_main calls helper, declared there) and b.c (helper's body calls
 * leaf through a macro).  What is checked is what a reader of the
 * database sees: the edges view, functions, tus and includes; that the
 * database appears only when finished (written beside it, renamed into
 * place); and that giving up leaves nothing behind and an old database
 * as it was.
 */
#include "db/db.h"
#include "db/store.h"
#include "support/tmpdir.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

struct scratch {
	char *dir;
	char path[4][4096];
};

static const char *at(struct scratch *s, int slot, const char *name)
{
	snprintf(s->path[slot], sizeof(s->path[slot]), "%s/%s", s->dir, name);
	return s->path[slot];
}

static int setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	s->dir = tmpdir_make(KCG_TEST_TMPDIR, "db");
	*state = s;
	return s->dir ? 0 : -1;
}

static int teardown(void **state)
{
	struct scratch *s = *state;

	tmpdir_remove(s->dir);
	free(s);
	return 0;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static struct fact_function *add_function(struct fact_batch *b,
					  const char *name, const char *file,
					  unsigned line, int defined)
{
	struct fact_function *f = batch_add_function(b);
	char key[256];

	snprintf(key, sizeof(key), "c:@F@%s", name);
	f->key = batch_strdup(b, key);
	f->name = batch_strdup(b, name);
	f->loc.file = batch_strdup(b, file);
	f->loc.line = line;
	f->loc.col = 5;
	f->is_defined = defined;
	if (defined) {
		struct fact_claim *c = batch_add_claim(b);

		f->type = batch_strdup(b, "int (void)");
		c->key = f->key;
		c->kind = CLAIM_FUNCTION;
		c->file = f->loc.file;
	}
	return f;
}

static void add_call(struct fact_batch *b, const char *caller,
		     const char *callee, enum call_kind kind, const char *file,
		     unsigned line)
{
	struct fact_call *c = batch_add_call(b);
	char key[256];

	snprintf(key, sizeof(key), "c:@F@%s", caller);
	c->caller = batch_strdup(b, key);
	snprintf(key, sizeof(key), "c:@F@%s", callee);
	c->callee = batch_strdup(b, key);
	c->kind = kind;
	c->loc.file = batch_strdup(b, file);
	c->loc.line = line;
	c->loc.col = 9;
}

static void start_tu(struct fact_batch *b, size_t tu, const char *file,
		     uint64_t command_hash)
{
	struct fact_include *inc;

	batch_init(b);
	b->tu = tu;
	b->file = batch_strdup(b, file);
	b->directory = batch_strdup(b, "/src");
	b->arguments = batch_strdup(b, "cc -c");
	b->command_hash = command_hash;
	b->status = TU_OK;
	inc = batch_add_include(b);
	inc->file = b->file;
	inc->hash = command_hash ^ 0xfeedULL;
	inc = batch_add_include(b);
	inc->file = batch_strdup(b, "include/h.h");
	/* the top bit set: stored as a negative integer, read back whole */
	inc->hash = 0x8000000000000001ULL;
}

/* a.c: a_main (a.c:1) calls helper (declared at a.c:0 ... a.c:2) at a.c:3 */
static void batch_a(struct fact_batch *b)
{
	start_tu(b, 0, "a.c", 0xa);
	add_function(b, "a_main", "a.c", 1, 1);
	add_function(b, "helper", "include/h.h", 2, 0);
	add_call(b, "a_main", "helper", CALL_DIRECT, "a.c", 3);
}

/* b.c: helper (b.c:1) calls callee at b.c:2, made by a macro */
static void batch_b(struct fact_batch *b, const char *callee)
{
	start_tu(b, 1, "b.c", 0xb);
	add_function(b, "helper", "b.c", 1, 1);
	add_function(b, callee, "include/h.h", 7, 0);
	add_call(b, "helper", callee, CALL_MACRO, "b.c", 2);
}

static void store_batch(struct store *st, struct fact_batch *b)
{
	struct kcg_error err;

	if (store_add_batch(st, b, &err))
		fail_msg("%s", err.msg);
	batch_release(b);
}

static void finish(struct store *st, struct store_counts *counts)
{
	struct kcg_error err;

	/* db/ alone: no resolution or graph between the two steps */
	if (store_prepare(st, &err) || store_index_edges(st, &err)) {
		store_abort(st);
		fail_msg("%s", err.msg);
	}
	if (store_commit(st, counts, &err))
		fail_msg("%s", err.msg);
}

/* Index the batches of a.c (if a) and b.c (if b) into path, made in
 * the tree root by this kcg. */
static void write_index_in(const char *path, int a, int b, const char *root,
			   struct store_counts *counts)
{
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;

	if (store_open(&st, path, &err) ||
	    store_set_meta(st, "kcg_version", KCG_VERSION, &err) ||
	    store_set_meta(st, "root", root, &err))
		fail_msg("%s", err.msg);
	if (a) {
		batch_a(&batch);
		store_batch(st, &batch);
	}
	if (b) {
		batch_b(&batch, "leaf");
		store_batch(st, &batch);
	}
	finish(st, counts);
}

static void write_index(const char *path, int a, int b,
			struct store_counts *counts)
{
	write_index_in(path, a, b, "/src", counts);
}

/* The rows of sql, one line each, columns joined by '|'. */
static char *rows(const char *path, const char *sql)
{
	struct kcg_error err;
	sqlite3 *db;
	sqlite3_stmt *st;
	char *out = calloc(1, 1);
	size_t len = 0;
	int rc, i;

	assert_non_null(out);
	if (db_open_read(path, &db, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			size_t n;

			if (!v)
				v = "NULL";
			n = strlen(v);
			out = realloc(out, len + n + 2);
			assert_non_null(out);
			memcpy(out + len, v, n);
			len += n;
			out[len++] = i + 1 < sqlite3_column_count(st) ? '|' :
									 '\n';
			out[len] = '\0';
		}
	}
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void assert_rows(const char *path, const char *sql,
			const char *expected)
{
	char *got = rows(path, sql);

	if (strcmp(got, expected))
		fail_msg("%s\ngave:\n%swanted:\n%s", sql, got, expected);
	free(got);
}

#define EDGES "SELECT caller, callee, kind, site_file, site_line FROM edges " \
	      "ORDER BY caller, callee"
#define FUNCTIONS "SELECT f.name, fl.path, f.line, f.is_defined " \
		  "FROM functions f LEFT JOIN files fl ON fl.id = f.file_id " \
		  "ORDER BY f.name"
#define TUS "SELECT f.path, t.status, t.command_hash, t.run " \
	    "FROM tus t JOIN files f ON f.id = t.file_id ORDER BY f.path"

/* A batch stored and read back: edges, functions, TUs, file hashes. */
static void test_store_and_read_back(void **state)
{
	struct scratch *s = *state;
	const char *db = at(s, 0, "both.db");
	struct store_counts counts;

	write_index(db, 1, 1, &counts);
	assert_rows(db, EDGES, "a_main|helper|direct|a.c|3\n"
			       "helper|leaf|macro|b.c|2\n");
	/* helper's body is b.c's, leaf is only declared */
	assert_rows(db, FUNCTIONS, "a_main|a.c|1|1\n"
				   "helper|b.c|1|1\n"
				   "leaf|include/h.h|7|0\n");
	assert_rows(db, TUS, "a.c|ok|10|1\nb.c|ok|11|1\n");
	assert_rows(db, "SELECT f.path, i.hash FROM includes i "
			"JOIN tus t ON t.id = i.tu_id "
			"JOIN files tf ON tf.id = t.file_id "
			"JOIN files f ON f.id = i.file_id "
			"WHERE tf.path = 'a.c' ORDER BY f.path",
		    "a.c|65255\ninclude/h.h|-9223372036854775807\n");
	assert_int_equal(counts.tus, 2);
	assert_int_equal(counts.tus_ok, 2);
	assert_int_equal(counts.functions, 3);
	assert_int_equal(counts.defined, 2);
	assert_int_equal(counts.calls, 2);
	assert_int_equal(counts.direct, 1);
	assert_int_equal(counts.macro, 1);
	assert_int_equal(counts.indirect, 0);
}

/* Written beside the final path, renamed into place by store_commit. */
static void test_temporary_then_rename(void **state)
{
	struct scratch *s = *state;
	const char *db = at(s, 0, "renamed.db");
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;
	char temp[4096];

	assert_int_equal(store_open(&st, db, &err), 0);
	snprintf(temp, sizeof(temp), "%s", store_temp_path(st));
	/* FINAL.tmp-PID, in the same directory */
	assert_int_equal(strncmp(temp, db, strlen(db)), 0);
	assert_int_equal(strncmp(temp + strlen(db), ".tmp-", 5), 0);
	batch_a(&batch);
	store_batch(st, &batch);
	assert_true(exists(temp));
	assert_false(exists(db));
	finish(st, NULL);
	assert_false(exists(temp));
	assert_rows(db, EDGES, "a_main|helper|direct|a.c|3\n");
}

/*
 * A reader that opens the temporary database while the run writes it is
 * refused; it does not hold a lock that makes the run's commit fail.
 */
static void test_temporary_is_the_runs(void **state)
{
	struct scratch *s = *state;
	const char *db = at(s, 0, "locked.db");
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;
	sqlite3 *reader;
	int rc;

	assert_int_equal(store_open(&st, db, &err), 0);
	batch_a(&batch);
	store_batch(st, &batch);
	assert_int_equal(sqlite3_open_v2(store_temp_path(st), &reader,
					 SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	rc = sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM meta;", NULL,
			  NULL, NULL);
	assert_int_equal(rc, SQLITE_BUSY);
	finish(st, NULL);
	sqlite3_close(reader);
	assert_rows(db, EDGES, "a_main|helper|direct|a.c|3\n");
}

/* Giving up leaves no file, and an old database as it was. */
static void test_abort_leaves_nothing(void **state)
{
	struct scratch *s = *state;
	const char *db = at(s, 0, "aborted.db");
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;
	struct stat before, after;
	char temp[4096];

	assert_int_equal(store_open(&st, db, &err), 0);
	snprintf(temp, sizeof(temp), "%s", store_temp_path(st));
	batch_a(&batch);
	store_batch(st, &batch);
	store_abort(st);
	assert_false(exists(temp));
	assert_false(exists(db));

	/* over an existing database */
	write_index(db, 1, 0, NULL);
	assert_int_equal(stat(db, &before), 0);
	assert_int_equal(store_open(&st, db, &err), 0);
	batch_b(&batch, "leaf");
	store_batch(st, &batch);
	store_abort(st);
	assert_int_equal(stat(db, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_rows(db, EDGES, "a_main|helper|direct|a.c|3\n");
	assert_false(exists(temp));
}

/* A file that goes with the database: into place with it, or gone. */
static void test_companion_file(void **state)
{
	struct scratch *s = *state;
	const char *db = at(s, 0, "with.db");
	const char *final = at(s, 1, "with.db.extra");
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;
	char temp[4096], stale[4200];
	FILE *f;

	assert_int_equal(store_open(&st, db, &err), 0);
	snprintf(temp, sizeof(temp), "%s", store_companion_path(st, ".extra"));
	assert_int_equal(strncmp(temp, store_temp_path(st),
				 strlen(store_temp_path(st))), 0);
	assert_string_equal(temp + strlen(temp) - 6, ".extra");
	assert_non_null(f = fopen(temp, "w"));
	fputs("1", f);
	fclose(f);
	batch_a(&batch);
	store_batch(st, &batch);
	finish(st, NULL);
	assert_true(exists(final));
	assert_false(exists(temp));

	/* given up: the new one goes, the old one stays */
	assert_int_equal(store_open(&st, db, &err), 0);
	snprintf(temp, sizeof(temp), "%s", store_companion_path(st, ".extra"));
	assert_non_null(f = fopen(temp, "w"));
	fclose(f);
	store_abort(st);
	assert_false(exists(temp));
	assert_true(exists(final));

	/* a run that writes none removes the old one with its database */
	assert_int_equal(store_open(&st, db, &err), 0);
	store_companion_path(st, ".extra");
	batch_a(&batch);
	store_batch(st, &batch);
	finish(st, NULL);
	assert_false(exists(final));

	/* one left by a killed run (no such process) goes with its database */
	snprintf(stale, sizeof(stale), "%s.tmp-999999999.extra", db);
	assert_non_null(f = fopen(stale, "w"));
	fclose(f);
	store_remove_stale(db);
	assert_false(exists(stale));
}

/* The id of the TU of file in the database at path. */
static int64_t tu_id(const char *path, const char *file)
{
	char sql[256], *got;
	int64_t id;

	snprintf(sql, sizeof(sql), "SELECT t.id FROM tus t JOIN files f "
		 "ON f.id = t.file_id WHERE f.path = '%s'", file);
	got = rows(path, sql);
	id = strtoll(got, NULL, 10);
	assert_true(id > 0);
	free(got);
	return id;
}

/* An update drops a TU's facts; stored again, its new facts are in. */
static void test_update_drops_tus(void **state)
{
	struct scratch *s = *state;
	const char *old = at(s, 0, "old.db");
	const char *db = at(s, 1, "updated.db");
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;
	int64_t b_id;

	write_index(old, 1, 1, NULL);
	b_id = tu_id(old, "b.c");

	/* b.c left the index: helper has no body any more */
	assert_int_equal(store_open_update(&st, db, old, &err), 0);
	assert_int_equal(store_drop_tus(st, &b_id, 1, &err), 0);
	finish(st, NULL);
	assert_rows(db, EDGES, "a_main|helper|direct|a.c|3\n");
	assert_rows(db, TUS, "a.c|ok|10|1\n");
	assert_rows(db, "SELECT is_defined FROM functions "
			"WHERE name = 'helper'", "0\n");
	/* the old database is as it was */
	assert_rows(old, TUS, "a.c|ok|10|1\nb.c|ok|11|1\n");

	/* b.c parsed again in run 2: helper now calls leaf2 */
	assert_int_equal(store_open_update(&st, db, old, &err), 0);
	store_set_run(st, 2);
	assert_int_equal(store_drop_tus(st, &b_id, 1, &err), 0);
	batch_b(&batch, "leaf2");
	store_batch(st, &batch);
	finish(st, NULL);
	assert_rows(db, EDGES, "a_main|helper|direct|a.c|3\n"
			       "helper|leaf2|macro|b.c|2\n");
	assert_rows(db, TUS, "a.c|ok|10|1\nb.c|ok|11|2\n");
	/* leaf, called by nothing now, is gone */
	assert_rows(db, "SELECT count(*) FROM functions WHERE name = 'leaf'",
		    "0\n");
}

/* Two parts merged are the index of both; a part twice adds nothing. */
static void test_merge_two_parts(void **state)
{
	struct scratch *s = *state;
	const char *part1 = at(s, 0, "part1.db");
	const char *part2 = at(s, 1, "part2.db");
	const char *db = at(s, 2, "merged.db");
	const char *whole = at(s, 3, "whole.db");
	struct merge_stats stats;
	struct kcg_error err;
	struct store *st;
	char *merged, *full;

	write_index(part1, 1, 0, NULL);
	write_index(part2, 0, 1, NULL);
	write_index(whole, 1, 1, NULL);
	/* the meta of the first part (cmd_merge copies it) */
	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(store_set_meta(st, "root", "/src", &err), 0);
	/* the stats are of one merge */
	if (store_merge(st, part2, &stats, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(stats.tus, 1);
	assert_int_equal(stats.duplicates, 0);
	assert_int_equal(store_merge(st, part1, &stats, &err), 0);
	assert_int_equal(stats.tus, 1);
	assert_int_equal(stats.duplicates, 0);
	if (store_merge(st, part1, &stats, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(stats.tus, 0);
	assert_int_equal(stats.duplicates, 1);
	finish(st, NULL);

	assert_rows(db, EDGES, "a_main|helper|direct|a.c|3\n"
			       "helper|leaf|macro|b.c|2\n");
	merged = rows(db, FUNCTIONS);
	full = rows(whole, FUNCTIONS);
	assert_string_equal(merged, full);
	free(merged);
	free(full);
	assert_rows(db, TUS, "a.c|ok|10|1\nb.c|ok|11|1\n");

	/* a part of another tree does not mix */
	write_index_in(at(s, 3, "other.db"), 0, 1, "/elsewhere", NULL);
	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(store_set_meta(st, "root", "/src", &err), 0);
	assert_int_equal(store_merge(st, part1, &stats, &err), 0);
	assert_int_equal(store_merge(st, at(s, 3, "other.db"), &stats, &err),
			 -1);
	assert_non_null(strstr(err.msg, "indexed in another tree"));
	store_abort(st);

	/* a database that is not there: an error naming it */
	assert_int_equal(store_open(&st, db, &err), 0);
	assert_int_equal(store_merge(st, at(s, 0, "nowhere.db"), &stats, &err),
			 -1);
	assert_non_null(strstr(err.msg, "nowhere.db"));
	store_abort(st);
}

/*
 * One definition of key fn (weak, in the TU's source or a header as
 * said) in TU file built with command hash, calling callee: the batch of
 * a TU whose walk claimed it.
 */
static void batch_defining(struct fact_batch *b, size_t tu, const char *file,
			   uint64_t hash, int weak, int in_main,
			   const char *callee)
{
	struct fact_claim *c;

	start_tu(b, tu, file, hash);
	add_function(b, "fn", in_main ? file : "include/h.h", 1, 1);
	c = &b->claims[b->nr_claims - 1];
	c->weak = weak;
	c->in_main = in_main;
	add_function(b, callee, "include/h.h", 3, 0);
	add_call(b, "fn", callee, CALL_DIRECT, file, 2);
}

/* The batches of two definitions of fn, stored in either order. */
static void write_two_definers(const char *path, int reverse, int weak_first,
			       int in_main, const char *first_file,
			       uint64_t first_hash, const char *second_file,
			       uint64_t second_hash)
{
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;
	int i;

	if (store_open(&st, path, &err) ||
	    store_set_meta(st, "kcg_version", KCG_VERSION, &err) ||
	    store_set_meta(st, "root", "/src", &err))
		fail_msg("%s", err.msg);
	for (i = 0; i < 2; i++) {
		int first = (i == 0) != reverse;

		batch_defining(&batch, first ? 0 : 1,
			       first ? first_file : second_file,
			       first ? first_hash : second_hash,
			       first && weak_first, in_main,
			       first ? "first_callee" : "second_callee");
		store_batch(st, &batch);
	}
	finish(st, NULL);
}

/*
 * Two definitions of one key are stored in either order: the one a
 * linker keeps (strong over weak) stays, else the TU first by path and
 * command hash (a .c built twice, a symbol two modules define); the
 * other's body goes, its place kept in beaten_defs.
 */
static void test_definition_kept(void **state)
{
	struct scratch *s = *state;
	static const struct {
		int weak_first, in_main;
		const char *file1, *file2;
		uint64_t hash1, hash2;
		const char *kept;
		const char *beaten;
	} cases[] = {
		/* kernel/sys_ni.c's weak stub, net/socket.c's syscall */
		{ 1, 1, "kernel/sys_ni.c", "net/socket.c", 1, 2,
		  "fn|second_callee|direct|net/socket.c|2\n", "1\n" },
		/* a .c built twice: the lower command hash */
		{ 0, 1, "sound/ens.c", "sound/ens.c", 0x1371, 0x1370,
		  "fn|second_callee|direct|sound/ens.c|2\n", "1\n" },
		/* one symbol in two modules: the first path */
		{ 0, 1, "drivers/a.c", "drivers/b.c", 9, 1,
		  "fn|first_callee|direct|drivers/a.c|2\n", "1\n" },
		/* a header's inline, walked by two TUs: the first path, and
		 * no place kept of the other (any includer walks it) */
		{ 0, 0, "net/b.c", "net/a.c", 1, 2,
		  "fn|second_callee|direct|net/a.c|2\n", "0\n" },
	};
	size_t i;
	int reverse;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (reverse = 0; reverse < 2; reverse++) {
			const char *db = at(s, 0, reverse ? "r.db" : "f.db");

			write_two_definers(db, reverse, cases[i].weak_first,
					   cases[i].in_main, cases[i].file1,
					   cases[i].hash1, cases[i].file2,
					   cases[i].hash2);
			assert_rows(db, EDGES, cases[i].kept);
			assert_rows(db, "SELECT count(*) FROM beaten_defs",
				    cases[i].beaten);
			assert_rows(db, "SELECT count(*) FROM calls", "1\n");
		}
	}
}

/* The same, the two in two databases merged either way. */
static void test_merge_keeps_definition(void **state)
{
	struct scratch *s = *state;
	struct fact_batch batch;
	struct kcg_error err;
	struct store *st;
	int i, order;

	for (i = 0; i < 2; i++) {
		struct store_counts counts;

		assert_int_equal(store_open(&st, at(s, i, i ? "b.db" : "a.db"),
					    &err), 0);
		assert_int_equal(store_set_meta(st, "kcg_version",
						KCG_VERSION, &err), 0);
		assert_int_equal(store_set_meta(st, "root", "/src", &err), 0);
		batch_defining(&batch, 0, i ? "net/socket.c" :
				       "kernel/sys_ni.c", (uint64_t)i + 1, !i, 1,
			       i ? "strong_callee" : "weak_callee");
		store_batch(st, &batch);
		finish(st, &counts);
	}
	for (order = 0; order < 2; order++) {
		const char *db = at(s, 2, "merged.db");

		unlink(db);
		assert_int_equal(store_open(&st, db, &err), 0);
		assert_int_equal(store_set_meta(st, "root", "/src", &err), 0);
		if (store_merge(st, at(s, 0, order ? "b.db" : "a.db"), NULL,
				&err) ||
		    store_merge(st, at(s, 1, order ? "a.db" : "b.db"), NULL,
				&err))
			fail_msg("%s", err.msg);
		finish(st, NULL);
		assert_rows(db, EDGES,
			    "fn|strong_callee|direct|net/socket.c|2\n");
		assert_rows(db, FUNCTIONS, "fn|net/socket.c|1|1\n"
					   "strong_callee|include/h.h|3|0\n");
		assert_rows(db, "SELECT f.path, w.key FROM beaten_defs w "
				"JOIN tus t ON t.id = w.tu_id JOIN files f "
				"ON f.id = t.file_id",
			    "kernel/sys_ni.c|c:@F@fn\n");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_and_read_back),
		cmocka_unit_test(test_temporary_then_rename),
		cmocka_unit_test(test_temporary_is_the_runs),
		cmocka_unit_test(test_abort_leaves_nothing),
		cmocka_unit_test(test_companion_file),
		cmocka_unit_test(test_update_drops_tus),
		cmocka_unit_test(test_merge_two_parts),
		cmocka_unit_test(test_definition_kept),
		cmocka_unit_test(test_merge_keeps_definition),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
