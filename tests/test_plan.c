/*
 * The plan of an index run (extractor/plan.c): which TUs of samples/ it
 * parses on a fresh database, on one of the same sources, after a
 * command changed, after a source file or a header changed, with --full,
 * for another tree; and that shards are every N-th TU by path, the same
 * every time.  Each test plans against its own copy of samples/, indexed
 * once with the library as `kcg index` does.
 */
#include "extractor/compdb.h"
#include "index/plan.h"
#include "index/indexer.h"
#include "support/tmpdir.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#define SAMPLES KCG_SOURCE_DIR "/samples"
#define NR_SAMPLE_TUS 33

struct tree {
	char *dir;
	char src[4096], db[4096];
	struct compdb compdb;
};

/*
 * Index the tree into its kcg.db as `kcg index` does: with the meta a
 * later run checks (the root, this version of kcg).
 */
static int index_tree(struct tree *t, int full)
{
	const struct index_meta meta[] = {
		{ "kcg_version", KCG_VERSION },
		{ "root", t->src },
	};
	struct index_options opt;
	struct index_result result;
	struct kcg_error err;
	int rc;

	memset(&opt, 0, sizeof(opt));
	opt.db_path = t->db;
	opt.root = t->src;
	opt.compdb = &t->compdb;
	opt.jobs = 2;
	opt.full = full;
	opt.meta = meta;
	opt.nr_meta = sizeof(meta) / sizeof(meta[0]);
	rc = index_run(&opt, &result, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	index_result_release(&result);
	return rc;
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	struct kcg_error err;
	char cmd[8192], path[4096 + 32];

	if (!t)
		return -1;
	*state = t;
	compdb_init(&t->compdb);
	t->dir = tmpdir_make(KCG_TEST_TMPDIR, "plan");
	if (!t->dir)
		return -1;
	snprintf(t->src, sizeof(t->src), "%s/src", t->dir);
	snprintf(t->db, sizeof(t->db), "%s/kcg.db", t->dir);
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s'", SAMPLES, t->src);
	if (system(cmd))
		return -1;
	snprintf(path, sizeof(path), "%s/compile_commands.json", t->src);
	if (compdb_read_json(&t->compdb, path, &err) ||
	    t->compdb.nr != NR_SAMPLE_TUS)
		return -1;
	return index_tree(t, 0);
}

static int teardown(void **state)
{
	struct tree *t = *state;

	compdb_release(&t->compdb);
	tmpdir_remove(t->dir);
	free(t);
	return 0;
}

static void make_plan(struct tree *t, struct plan *p, const char *db,
		      const char *root, int full, int shard, int nr_shards)
{
	struct plan_options o;
	struct kcg_error err;

	memset(&o, 0, sizeof(o));
	o.compdb = &t->compdb;
	o.db_path = db;
	o.root = root;
	o.full = full;
	o.shard = shard;
	o.nr_shards = nr_shards;
	if (plan_make(p, &o, &err))
		fail_msg("%s", err.msg);
}

/* The compdb index of the TU of file (relative to the tree). */
static size_t tu_of(struct tree *t, const char *file)
{
	char path[8192];
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", t->src, file);
	for (i = 0; i < t->compdb.nr; i++)
		if (!strcmp(t->compdb.cmds[i].file, path))
			return i;
	fail_msg("no TU for %s", file);
	return 0;
}

/* Exactly the TUs of the array (of nr) are parsed. */
static void assert_parses(const struct plan *p, const size_t *tus, size_t nr)
{
	size_t *first, n, i;

	n = plan_first(p, &first);
	assert_int_equal(n, nr);
	assert_int_equal(p->nr_parse, nr);
	for (i = 0; i < nr; i++)
		assert_int_equal(first[i], tus[i]);
	free(first);
}

static void append(struct tree *t, const char *file, const char *text)
{
	char path[8192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->src, file);
	f = fopen(path, "a");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* No database yet: every TU, in the order of the compile database. */
static void test_fresh_database(void **state)
{
	struct tree *t = *state;
	char db[8192];
	size_t all[NR_SAMPLE_TUS], i;
	struct plan p;

	for (i = 0; i < NR_SAMPLE_TUS; i++)
		all[i] = i;
	snprintf(db, sizeof(db), "%s/none.db", t->dir);
	make_plan(t, &p, db, t->src, 0, 0, 0);
	assert_parses(&p, all, NR_SAMPLE_TUS);
	assert_int_equal(p.nr_reused, 0);
	assert_null(p.old_path);
	assert_int_equal(p.run, 1);
	assert_string_equal(p.why_full, "");
	plan_release(&p);

	/* --full: every TU whatever the database holds */
	make_plan(t, &p, t->db, t->src, 1, 0, 0);
	assert_parses(&p, all, NR_SAMPLE_TUS);
	assert_null(p.old_path);
	plan_release(&p);

	/* a database of another tree is not built on, and says why */
	make_plan(t, &p, t->db, "/elsewhere", 0, 0, 0);
	assert_parses(&p, all, NR_SAMPLE_TUS);
	assert_non_null(strstr(p.why_full, "indexed with another root"));
	plan_release(&p);
}

/* Nothing changed: nothing parsed, every TU taken, the next run. */
static void test_unchanged(void **state)
{
	struct tree *t = *state;
	struct plan p;

	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	assert_string_equal(p.why_full, "");
	assert_parses(&p, NULL, 0);
	assert_int_equal(p.nr_reused, NR_SAMPLE_TUS);
	assert_int_equal(p.nr_removed, 0);
	assert_int_equal(p.run, 2);
	assert_string_equal(p.old_path, t->db);
	plan_release(&p);
}

/* One more flag on one command: that TU only. */
static void test_command_changed(void **state)
{
	struct tree *t = *state;
	size_t dev = tu_of(t, "net/core/dev.c");
	struct compile_command *cmd = &t->compdb.cmds[dev];
	char *saved = cmd->argv[1], flag[] = "-DKCG_CHANGED";
	struct plan p;

	cmd->argv[1] = flag;
	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	cmd->argv[1] = saved;
	assert_parses(&p, &dev, 1);
	assert_int_equal(p.nr_reused, NR_SAMPLE_TUS - 1);
	plan_release(&p);
}

/* A source edited: its TU; a header edited: every TU that read it. */
static void test_file_changed(void **state)
{
	struct tree *t = *state;
	size_t route = tu_of(t, "net/ipv4/route.c");
	/* the TUs that include include/net/dst.h, directly or not */
	size_t dst_readers[] = {
		tu_of(t, "net/ipv4/ip_forward.c"),
		tu_of(t, "net/ipv4/ip_input.c"),
		tu_of(t, "net/ipv4/ip_output.c"),
		tu_of(t, "net/ipv4/route.c"),
		tu_of(t, "net/ipv4/udp.c"),
	};
	size_t want[8], n = 0, i, j;
	struct plan p;

	append(t, "net/ipv4/route.c", "\n/* edited */\n");
	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	assert_parses(&p, &route, 1);
	plan_release(&p);

	append(t, "include/net/dst.h", "\n/* edited */\n");
	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	/* in compile database order */
	for (i = 0; i < t->compdb.nr; i++)
		for (j = 0; j < sizeof(dst_readers) / sizeof(*dst_readers); j++)
			if (dst_readers[j] == i)
				want[n++] = i;
	assert_parses(&p, want, n);
	plan_release(&p);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Shard k of n: the TUs k, k + n, ... in the order of their paths. */
static void test_shards(void **state)
{
	struct tree *t = *state;
	char *paths[NR_SAMPLE_TUS];
	int seen[NR_SAMPLE_TUS] = { 0 };
	char db[8192];
	size_t i, j;
	int k;

	for (i = 0; i < NR_SAMPLE_TUS; i++)
		paths[i] = t->compdb.cmds[i].file;
	qsort(paths, NR_SAMPLE_TUS, sizeof(*paths), by_path);
	snprintf(db, sizeof(db), "%s/none.db", t->dir);
	for (k = 1; k <= 3; k++) {
		struct plan p, again;

		make_plan(t, &p, db, t->src, 0, k, 3);
		make_plan(t, &again, db, t->src, 0, k, 3);
		/* the first shards take one more when 3 does not divide */
		assert_int_equal(p.nr_tus, (NR_SAMPLE_TUS + 3 - k) / 3);
		assert_int_equal(p.nr_parse, p.nr_tus);
		assert_int_equal(again.nr_tus, p.nr_tus);
		for (i = 0; i < p.nr_tus; i++) {
			assert_int_equal(again.tus[i], p.tus[i]);
			/* in compile database order */
			if (i)
				assert_true(p.tus[i - 1] < p.tus[i]);
			seen[p.tus[i]]++;
		}
		/* every third path, from the k-th */
		for (j = (size_t)k - 1; j < NR_SAMPLE_TUS; j += 3) {
			for (i = 0; i < p.nr_tus; i++)
				if (!strcmp(t->compdb.cmds[p.tus[i]].file,
					    paths[j]))
					break;
			if (i == p.nr_tus)
				fail_msg("shard %d/3 misses %s", k, paths[j]);
		}
		plan_release(&p);
		plan_release(&again);
	}
	for (i = 0; i < NR_SAMPLE_TUS; i++)
		assert_int_equal(seen[i], 1);
}

/*
 * A file whose ctime and mtime are older than every hash of the index is
 * not read again; one written since is, also when its mtime is set back
 * (cp -p, touch -d) as the ctime is not.
 */
static void test_settled_files(void **state)
{
	struct tree *t = *state;
	size_t dev = tu_of(t, "net/core/dev.c");
	size_t ip = tu_of(t, "net/ipv4/ip_input.c");
	char cmd[3 * 4096];
	struct plan p;

	/* the tree was copied within the slack before the index: read */
	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	assert_true(p.hashed_since > 0);
	assert_true(p.nr_files > 0);
	assert_int_equal(p.nr_hashed, p.nr_files);
	assert_parses(&p, NULL, 0);
	plan_release(&p);

	/* indexed well after the copy: nothing read */
	usleep((useconds_t)(PLAN_CLOCK_SLACK / 1000 + 500000));
	assert_int_equal(index_tree(t, 1), 0);
	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	assert_int_equal(p.nr_hashed, 0);
	assert_parses(&p, NULL, 0);
	assert_int_equal(p.nr_reused, NR_SAMPLE_TUS);
	plan_release(&p);

	/* written since: read, and its TU parsed */
	append(t, "net/core/dev.c", "\n/* kcg test */\n");
	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	assert_int_equal(p.nr_hashed, 1);
	assert_parses(&p, &dev, 1);
	plan_release(&p);

	/* its mtime set back to long ago: read all the same */
	append(t, "net/ipv4/ip_input.c", "\n/* kcg test */\n");
	snprintf(cmd, sizeof(cmd), "touch -d 2000-01-01 '%s/net/ipv4/ip_input.c'"
		 " '%s/net/core/dev.c'", t->src, t->src);
	assert_int_equal(system(cmd), 0);
	make_plan(t, &p, t->db, t->src, 0, 0, 0);
	assert_int_equal(p.nr_hashed, 2);
	if (dev < ip) {
		size_t both[2] = { dev, ip };

		assert_parses(&p, both, 2);
	} else {
		size_t both[2] = { ip, dev };

		assert_parses(&p, both, 2);
	}
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_database, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unchanged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_command_changed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_changed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_shards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settled_files, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
