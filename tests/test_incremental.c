/*
 * Building on an index: `kcg index` on an existing database parses only
 * what changed, `kcg index --shard I/N` and `kcg merge` split an index
 * and join it again, and neither a killed index nor a reader running
 * meanwhile ever sees a broken database.  Every result is compared with
 * a fresh index of the same sources (support/db_compare.h).
 *
 * Each test indexes its own copy of samples/ (samples/ itself is never
 * modified) with the kcg binary, as a user would.
 */
#include "support/db_compare.h"
#include "support/run.h"
#include "support/tmpdir.h"

#include "queries/graph.h"
#include "resolve/internal.h"

#include "util/strbuf.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#define SAMPLES KCG_SOURCE_DIR "/samples"
#define WEAK KCG_SOURCE_DIR "/tests/data/weak"
#define SHARDS KCG_SOURCE_DIR "/tests/data/shards"
#define EMPTIED KCG_SOURCE_DIR "/tests/data/emptied"
#define EXTRACT KCG_SOURCE_DIR "/tests/data/extract"

/* A copy of samples/ (dir/src) and databases beside it. */
struct tree {
	char *dir;
	char path[4][4096];	/* scratch for paths of this tree */
	struct strbuf log;	/* what the last kcg_index() printed */
};

/* What a traced update says when it moved the resolved edges, and when
 * it resolved the whole graph again (index/finish.c). */
static const char edges_moved[] = "the same facts, moved: edge digests";
static const char resolved_again[] = "the whole graph resolved";

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run a shell command that must succeed. */
static void sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fail_msg("failed: %s", cmd);
}

static const char *at(struct tree *t, int slot, const char *name)
{
	snprintf(t->path[slot], sizeof(t->path[slot]), "%s/%s", t->dir, name);
	return t->path[slot];
}

/* A tree (a new directory named after name) with a copy of sources. */
static int make_tree(void **state, const char *name, const char *sources)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strbuf_init(&t->log);
	t->dir = tmpdir_make(KCG_TEST_TMPDIR, name);
	if (!t->dir)
		return -1;
	sh("cp -r %s %s/src", sources, t->dir);
	*state = t;
	return 0;
}

static int setup(void **state)
{
	return make_tree(state, "incremental", SAMPLES);
}

/* The same with tests/data/weak as the sources. */
static int setup_weak(void **state)
{
	return make_tree(state, "weak", WEAK);
}

/* The same with tests/data/shards as the sources. */
static int setup_shards(void **state)
{
	return make_tree(state, "shards", SHARDS);
}

/* The same with tests/data/emptied as the sources. */
static int setup_emptied(void **state)
{
	return make_tree(state, "emptied", EMPTIED);
}

/* The same with tests/data/extract (guards.c among them). */
static int setup_extract(void **state)
{
	return make_tree(state, "extract", EXTRACT);
}

static int teardown(void **state)
{
	struct tree *t = *state;

	tmpdir_remove(t->dir);
	strbuf_release(&t->log);
	free(t);
	return 0;
}

/* kcg index of the tree's sources into db (a name in the tree) with
 * extra options; returns the exit status. */
static int kcg_index_env(struct tree *t, const char *db, const char *extra,
			 const char *const *env)
{
	const struct run_options o = { .merge_stderr = 1, .env = env };
	struct run_result r;
	int status;

	run_result_init(&r);
	status = run_kcg(&r, &o, "index --compdb '%s/src/compile_commands.json' "
			 "--db '%s/%s' -j 2 -q %s", t->dir, t->dir, db, extra);
	if (status)
		print_message("%s", r.out.buf);
	strbuf_reset(&t->log);
	strbuf_addstr(&t->log, r.out.buf);
	run_result_release(&r);
	return status;
}

static int kcg_index(struct tree *t, const char *db, const char *extra)
{
	return kcg_index_env(t, db, extra, NULL);
}

/* The same, saying in t->log how each phase went (KCG_TRACE). */
static int kcg_index_traced(struct tree *t, const char *db, const char *extra)
{
	static const char *const env[] = { "KCG_TRACE=1", NULL };

	return kcg_index_env(t, db, extra, env);
}

/* kcg merge in the tree's directory with args; it must succeed. */
static void kcg_merge(struct tree *t, const char *args)
{
	const struct run_options o = { .cwd = t->dir, .merge_stderr = 1 };
	struct run_result r;

	run_result_init(&r);
	if (run_kcg(&r, &o, "merge -q %s", args))
		fail_msg("kcg merge %s failed: %s", args, r.out.buf);
	run_result_release(&r);
}

/* The integer the first row of sql gives in the tree's database db. */
static long long query(struct tree *t, const char *db, const char *sql)
{
	sqlite3 *d;
	sqlite3_stmt *st;
	long long v;

	if (sqlite3_open_v2(at(t, 3, db), &d, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(d, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", db, sqlite3_errmsg(d));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row for %s", db, sql);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(d);
	return v;
}

/* TUs the last run of db parsed (the others it took as they were). */
static long long parsed(struct tree *t, const char *db)
{
	return query(t, db, "SELECT count(*) FROM tus WHERE run = "
			    "(SELECT value FROM meta WHERE key = 'run')");
}

static void assert_same(struct tree *t, const char *a, const char *b)
{
	struct strbuf report;
	int rc;

	strbuf_init(&report);
	rc = db_compare(at(t, 0, a), at(t, 1, b), &report);
	if (rc)
		fail_msg("%s and %s differ:\n%s", a, b, report.buf);
	strbuf_release(&report);
}

/* The bytes of the file at path (size in *size); NULL if unreadable. */
static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET)) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	if (f)
		fclose(f);
	return buf;
}

/*
 * db's graph file (an update patches the previous one) holds the arrays
 * a whole build of db's edges makes: a copy's graph built whole is the
 * same file but for its stamp (bytes 16 to 48 of the header).
 */
static void assert_graph_as_built(struct tree *t, const char *db)
{
	struct kcg_error err;
	char file[256], *a, *b;
	size_t na = 0, nb = 0;
	sqlite3 *d;

	sh("cp %s/%s %s/graph-check.db", t->dir, db, t->dir);
	assert_int_equal(sqlite3_open(at(t, 0, "graph-check.db"), &d),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(d, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	if (graph_store(d, at(t, 1, "graph-check.db.csr"), &err))
		fail_msg("cannot build the graph of %s: %s", db, err.msg);
	sqlite3_exec(d, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(d);
	snprintf(file, sizeof(file), "%s.csr", db);
	a = slurp(at(t, 0, "graph-check.db.csr"), &na);
	b = slurp(at(t, 1, file), &nb);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(na, nb);
	assert_true(na > 48);
	if (memcmp(a, b, 16) || memcmp(a + 48, b + 48, na - 48))
		fail_msg("the graph file of %s is not the one its edges make",
			 db);
	free(a);
	free(b);
}

/* A fresh index of the tree as it is now equals db. */
static void assert_as_fresh(struct tree *t, const char *db)
{
	assert_graph_as_built(t, db);
	assert_int_equal(kcg_index(t, "fresh.db", "--full"), 0);
	assert_same(t, db, "fresh.db");
	assert_int_equal(parsed(t, "fresh.db"),
			 query(t, "fresh.db", "SELECT count(*) FROM tus"));
}

static void append(struct tree *t, const char *file, const char *text)
{
	FILE *f = fopen(at(t, 2, file), "a");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* 3 shards, merged (in any order), are the index of the whole. */
static void test_shards_merge(void **state)
{
	struct tree *t = *state;
	static const char since[] =
		"SELECT value FROM meta WHERE key = 'hashed_since'";
	int i;

	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	for (i = 1; i <= 3; i++) {
		char db[32], opt[32];

		snprintf(db, sizeof(db), "part%d.db", i);
		snprintf(opt, sizeof(opt), "--shard %d/3", i);
		assert_int_equal(kcg_index(t, db, opt), 0);
		assert_int_equal(query(t, db, "SELECT count(*) FROM tus"), 11);
	}
	kcg_merge(t, "--db merged.db part1.db part2.db part3.db");
	assert_same(t, "full.db", "merged.db");
	/* its hashes were taken since the oldest part's start */
	assert_int_equal(query(t, "merged.db", since),
			 query(t, "part1.db", since));
	assert_true(query(t, "part1.db", since) <
		    query(t, "part3.db", since));
	/* another order keeps other copies of the header bodies: the same */
	kcg_merge(t, "--db merged2.db part3.db part1.db part2.db");
	assert_same(t, "full.db", "merged2.db");
	assert_int_equal(query(t, "merged2.db", since),
			 query(t, "part1.db", since));
	/* a part given twice adds nothing */
	kcg_merge(t, "--db merged3.db part1.db part2.db part1.db part3.db");
	assert_same(t, "full.db", "merged3.db");
	/* a merged database is built on like any other */
	append(t, "src/net/core/dev.c", "\nvoid kcg_added(void) { }\n");
	assert_int_equal(kcg_index(t, "merged.db", ""), 0);
	assert_int_equal(parsed(t, "merged.db"), 1);
	assert_as_fresh(t, "merged.db");
}

static void assert_untouched(struct tree *t, const char *db,
			     const struct stat *was)
{
	struct stat now;

	assert_int_equal(stat(at(t, 2, db), &now), 0);
	assert_int_equal(now.st_ino, was->st_ino);
	assert_int_equal(now.st_size, was->st_size);
	assert_int_equal(now.st_mtim.tv_sec, was->st_mtim.tv_sec);
	assert_int_equal(now.st_mtim.tv_nsec, was->st_mtim.tv_nsec);
	sh("cmp -s %s/%s %s/untouched.db", t->dir, db, t->dir);
	assert_non_null(strstr(t->log.buf, "is up to date"));
}

/* Keep a copy of db and its stat to check it is left as it is. */
static void keep(struct tree *t, const char *db, struct stat *st)
{
	sh("cp -p %s/%s %s/untouched.db", t->dir, db, t->dir);
	assert_int_equal(stat(at(t, 2, db), st), 0);
}

/* Nothing changed: nothing is parsed, and the database is left as it
 * is, not even rewritten (another -j alone changes nothing either). */
static void test_unchanged(void **state)
{
	struct tree *t = *state;
	struct stat st;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 33);
	keep(t, "kcg.db", &st);
	usleep(20000);	/* a rewrite would show in the mtime */
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_untouched(t, "kcg.db", &st);
	assert_non_null(strstr(t->log.buf, "33 translation units unchanged "
				"(33 ok, 0 with errors, 0 failed)"));
	assert_int_equal(kcg_index(t, "kcg.db", "-j 1"), 0);
	assert_untouched(t, "kcg.db", &st);
	assert_as_fresh(t, "kcg.db");
	/* --full parses everything again */
	assert_int_equal(kcg_index(t, "kcg.db", "--full"), 0);
	assert_int_equal(parsed(t, "kcg.db"), 33);
}

/* A .c file changed: that TU alone is parsed. */
static void test_source_changed(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	append(t, "src/net/ipv4/ip_input.c",
	       "\nint kcg_added(struct sk_buff *skb)\n"
	       "{\n\treturn ip_rcv_finish(0, 0, skb) + kcg_added(skb);\n}\n");
	assert_int_equal(kcg_index_traced(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	/* only the rows of the functions of ip_input.c are made again */
	assert_non_null(strstr(t->log.buf, "the call graph patched: "));
	assert_int_equal(query(t, "kcg.db", "SELECT count(*) FROM edges WHERE "
				   "caller = 'kcg_added' AND "
				   "callee = 'ip_rcv_finish'"), 1);
	/* a new function passes one: resolved again */
	assert_non_null(strstr(t->log.buf, resolved_again));
	assert_as_fresh(t, "kcg.db");
}

/*
 * An edit takes away the only use of an extern global and of a function
 * no TU defines: the update drops their rows, as a fresh index would not
 * have them.
 */
static void test_uses_removed(void **state)
{
	struct tree *t = *state;
	static const char global[] = "SELECT count(*) FROM globals "
				     "WHERE name = 'kcg_extern_ops'";
	static const char function[] = "SELECT count(*) FROM functions "
				       "WHERE name = 'kcg_nowhere'";

	sh("cp %s/src/net/ipv4/ip_input.c %s/ip_input.c.orig", t->dir,
	   t->dir);
	append(t, "src/net/ipv4/ip_input.c",
	       "\nstruct kcg_ops { int (*fn)(struct sk_buff *); };\n"
	       "extern struct kcg_ops kcg_extern_ops;\n"
	       "int kcg_nowhere(struct sk_buff *skb);\n"
	       "int kcg_use(struct sk_buff *skb)\n"
	       "{\n\treturn kcg_extern_ops.fn(skb) + kcg_nowhere(skb);\n}\n");
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(query(t, "kcg.db", global), 1);
	assert_int_equal(query(t, "kcg.db", function), 1);
	sh("cp %s/ip_input.c.orig %s/src/net/ipv4/ip_input.c", t->dir,
	   t->dir);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_int_equal(query(t, "kcg.db", global), 0);
	assert_int_equal(query(t, "kcg.db", function), 0);
	assert_as_fresh(t, "kcg.db");
}

/*
 * A database made before edge_digests: its first update reads every
 * resolved edge, ends as a fresh index would, and has the digests from
 * then on.
 */
static void test_before_digests(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	sh("sqlite3 %s/kcg.db 'DROP TABLE edge_digests'", t->dir);
	append(t, "src/net/ipv4/ip_input.c",
	       "\nint kcg_added(struct sk_buff *skb)\n"
	       "{\n\treturn ip_rcv_finish(0, 0, skb);\n}\n");
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_true(query(t, "kcg.db", "SELECT count(*) FROM edge_digests") >
		    0);
	assert_as_fresh(t, "kcg.db");
}

/* A header changed: exactly the TUs that include it are parsed, and
 * they take over its bodies. */
static void test_header_changed(void **state)
{
	struct tree *t = *state;
	static const char includers[] =
		"SELECT count(*) FROM includes i JOIN files f "
		"ON f.id = i.file_id WHERE f.path = 'include/net/dst.h'";
	long long n;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	n = query(t, "kcg.db", includers);
	assert_true(n > 1 && n < 33);
	append(t, "src/include/net/dst.h",
	       "\nstatic inline int kcg_dst(struct sk_buff *skb)\n"
	       "{\n\treturn dst_input(skb);\n}\n");
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), n);
	assert_int_equal(query(t, "kcg.db",
			       "SELECT count(*) FROM tus t WHERE run = "
			       "(SELECT value FROM meta WHERE key = 'run') "
			       "AND NOT EXISTS (SELECT 1 FROM includes i "
			       "JOIN files f ON f.id = i.file_id WHERE "
			       "i.tu_id = t.id AND "
			       "f.path = 'include/net/dst.h')"), 0);
	assert_int_equal(query(t, "kcg.db", "SELECT count(*) FROM edges WHERE "
				   "caller = 'kcg_dst'"), 1);
	assert_as_fresh(t, "kcg.db");
}

/*
 * Lines added at the top of a header: every declaration in it moves, and
 * the database says where they are now, as a fresh index does, although
 * the functions declared there are defined (or not at all) elsewhere.
 */
static void test_header_lines_moved(void **state)
{
	struct tree *t = *state;
	static const char declared_in_dst_h[] =
		"SELECT count(*) FROM functions fn JOIN files f "
		"ON f.id = fn.file_id WHERE f.path = 'include/net/dst.h' "
		"AND NOT fn.is_defined";

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_true(query(t, "kcg.db", declared_in_dst_h) > 0);
	sh("sed -i '1s|^|/* kcg test */\\n\\n\\n|' %s/src/include/net/dst.h",
	   t->dir);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_true(parsed(t, "kcg.db") > 1);
	assert_as_fresh(t, "kcg.db");
}

/*
 * The summary of the last `kcg index` of db counts the edges db holds:
 * in all ("..., edges N") and by kind ("edges by kind: direct N, ...").
 */
static void assert_summary_counts(struct tree *t, const char *db)
{
	const char *log = t->log.buf, *p;
	long long total, n, sum = 0;
	char kind[64], sql[256];
	long long functions, bodies, calls, direct, macro, indirect;
	int used;

	p = strstr(log, "\nfunctions ");	/* not a trace line's */
	assert_non_null(p);
	p++;
	assert_int_equal(sscanf(p, "functions %lld (%lld with a body), calls "
				"%lld (direct %lld, macro %lld, indirect %lld)",
				&functions, &bodies, &calls, &direct, &macro,
				&indirect), 6);
	assert_int_equal(functions, query(t, db, "SELECT count(*) FROM "
						 "functions"));
	assert_int_equal(bodies, query(t, db, "SELECT count(*) FROM "
					      "functions WHERE is_defined"));
	assert_int_equal(calls, query(t, db, "SELECT count(*) FROM calls"));
	assert_int_equal(direct, query(t, db, "SELECT count(*) FROM calls "
					      "WHERE kind = 'direct'"));
	assert_int_equal(macro, query(t, db, "SELECT count(*) FROM calls "
					     "WHERE kind = 'macro'"));
	assert_int_equal(indirect, query(t, db, "SELECT count(*) FROM calls "
						"WHERE kind = 'indirect'"));
	p = strstr(log, "pointer flows ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "pointer flows %*d, edges %lld", &total),
			 1);
	assert_int_equal(total, query(t, db, "SELECT count(*) FROM edge"));
	p = strstr(log, "edges by kind: ");
	assert_non_null(p);
	p += strlen("edges by kind: ");
	while (sscanf(p, "%63[a-z_] %lld%n", kind, &n, &used) == 2) {
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM edge WHERE kind = '%s'", kind);
		if (n != query(t, db, sql))
			fail_msg("summary: %s %lld, the edge table: %lld", kind,
				 n, query(t, db, sql));
		sum += n;
		p += used;
		if (strncmp(p, ", ", 2))
			break;
		p += 2;
	}
	assert_int_equal(*p, '\n');
	assert_int_equal(sum, total);
}

/* The summary counts what the database holds, fresh or updated (an
 * update counts calls from the previous numbers, and its edge table
 * held the resolved edges before it resolved). */
static void test_summary_counts(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_summary_counts(t, "kcg.db");
	append(t, "src/net/ipv4/ip_input.c",
	       "\nint kcg_added(struct sk_buff *skb)\n"
	       "{\n\treturn ip_rcv_finish(0, 0, skb);\n}\n");
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_summary_counts(t, "kcg.db");
	/* nothing changed: the database as it was, and the summary says */
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_non_null(strstr(t->log.buf, "is up to date"));
}

/*
 * Each caller's edge digest in db is the one its edges in the table make
 * (what a later update compares the edges it resolves with): made again
 * for every caller, no digest changes.
 */
static void assert_digests_of_edges(struct tree *t, const char *db)
{
	struct kcg_error err;
	sqlite3 *d;
	sqlite3_stmt *st;

	sh("cp %s/%s %s/digest-check.db", t->dir, db, t->dir);
	assert_int_equal(sqlite3_open(at(t, 0, "digest-check.db"), &d),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(d,
		"CREATE TEMP TABLE callers(id INTEGER PRIMARY KEY);"
		"INSERT INTO temp.callers SELECT id FROM functions;"
		"CREATE TEMP TABLE kept AS SELECT * FROM edge_digests;",
		NULL, NULL, NULL), SQLITE_OK);
	if (resolve_redigest(d, "temp.callers", &err))
		fail_msg("%s: %s", db, err.msg);
	assert_int_equal(sqlite3_prepare_v2(d,
		"SELECT count(*) FROM (SELECT * FROM edge_digests EXCEPT "
		"SELECT * FROM temp.kept UNION ALL SELECT * FROM temp.kept "
		"EXCEPT SELECT * FROM edge_digests)", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (sqlite3_column_int64(st, 0))
		fail_msg("%s: %lld edge digests are not those of the edges", db,
			 (long long)sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(d);
}

/* Lines added at the top of file (a name in the sources). */
static void lines_on_top(struct tree *t, const char *file)
{
	sh("sed -i '2s|^|/* kcg test */\\n\\n|' %s/src/%s", t->dir, file);
}

/*
 * Lines added to .c files, and a statement with no call or pointer in a
 * body: the facts the resolver reads only moved, so the update moves the
 * resolved edges (call sites, registration lines, hooks) instead of
 * resolving again, and ends as a fresh index does.
 */
static void test_lines_moved(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_digests_of_edges(t, "kcg.db");
	/* call sites; registrations other TUs' edges name; hooks */
	lines_on_top(t, "net/ipv4/ip_input.c");
	lines_on_top(t, "net/ipv4/af_inet.c");
	lines_on_top(t, "net/netfilter/nf_conntrack_proto.c");
	sh("sed -i 's|^\\(\\tret = ip_rcv_finish_core(.*\\)$|"
	   "\\tret = 0;\\n\\1|' %s/src/net/ipv4/ip_input.c", t->dir);
	assert_int_equal(kcg_index_traced(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 3);
	assert_non_null(strstr(t->log.buf, edges_moved));
	assert_summary_counts(t, "kcg.db");
	assert_digests_of_edges(t, "kcg.db");
	assert_as_fresh(t, "kcg.db");
}

/*
 * A TU's own static globals are told apart by what the facts say of
 * them, not by name: renamed (ip_packet_type, whose address
 * dev_add_pack() is passed) with lines added above, the update moves
 * the edges.  Names numbered by their line (EXPORT_SYMBOL()'s
 * __UNIQUE_ID___addressable_f<line>) are renamed so by any line added
 * above them: tests/data/emptied's a.c makes two at file scope, one in
 * a body, passed by address as dev_dbg()'s descriptors are, and one that
 * no fact names, as MODULE_AUTHOR()'s.
 */
static void test_own_globals_renamed(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	lines_on_top(t, "net/ipv4/af_inet.c");
	sh("sed -i 's/\\bip_packet_type\\b/ip_pt_renamed/g' "
	   "%s/src/net/ipv4/af_inet.c", t->dir);
	assert_int_equal(kcg_index_traced(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_non_null(strstr(t->log.buf, edges_moved));
	assert_true(query(t, "kcg.db", "SELECT count(*) FROM globals "
				       "WHERE name = 'ip_pt_renamed'") == 1);
	assert_as_fresh(t, "kcg.db");
}

static void test_counter_names_moved(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	lines_on_top(t, "a.c");
	assert_int_equal(kcg_index_traced(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_non_null(strstr(t->log.buf, edges_moved));
	assert_true(query(t, "kcg.db", "SELECT count(*) FROM globals "
				       "WHERE name IN ('a_hook_12', "
				       "'a_more_13', 'a_site_34')") == 3);
	assert_true(query(t, "kcg.db", "SELECT count(*) FROM claims "
				       "WHERE key = 'a.c|c:a.c@a_info_39'") == 1);
	assert_as_fresh(t, "kcg.db");
}

/*
 * The facts only moved, but a function moved below another one: their
 * places are no longer in the same order (the signature rule names the
 * first place a function's address is taken), and the update resolves
 * the whole graph.  So does one on a database that has no counts of its
 * last resolution.
 */
static void test_moved_apart(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	sh("sed -i -e '/^int ip_local_deliver(/,/^}/{H;d;}' -e '${G;}' "
	   "%s/src/net/ipv4/ip_input.c", t->dir);
	assert_int_equal(kcg_index_traced(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_non_null(strstr(t->log.buf, resolved_again));
	assert_as_fresh(t, "kcg.db");
	sh("sqlite3 %s/kcg.db \"DELETE FROM meta WHERE key = "
	   "'resolve_counts'\"", t->dir);
	lines_on_top(t, "net/ipv4/ip_input.c");
	assert_int_equal(kcg_index_traced(t, "kcg.db", ""), 0);
	assert_non_null(strstr(t->log.buf, resolved_again));
	assert_true(query(t, "kcg.db", "SELECT count(*) FROM meta WHERE "
				       "key = 'resolve_counts'") == 1);
	assert_digests_of_edges(t, "kcg.db");
	assert_as_fresh(t, "kcg.db");
}

/*
 * A TU with errors (a header that is not there) is not parsed again
 * while nothing it read changed and the header is still missing; once
 * the header exists (made by a build since), beside the file or in an
 * include directory of the command, it is.
 */
static void test_errors_kept(void **state)
{
	struct tree *t = *state;
	struct stat st;
	static const char errors[] =
		"SELECT count(*) FROM tus WHERE status = 'errors'";

	append(t, "src/net/core/dev.c", "\n#include \"kcg_made.h\"\n");
	append(t, "src/net/ipv4/ip_input.c", "\n#include <kcg/made.h>\n");
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(query(t, "kcg.db", errors), 2);
	keep(t, "kcg.db", &st);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_untouched(t, "kcg.db", &st);
	assert_non_null(strstr(t->log.buf, "(31 ok, 2 with errors, 0 failed)"));

	/* beside the file that includes it */
	sh("echo '/* made */' > %s/src/net/core/kcg_made.h", t->dir);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_int_equal(query(t, "kcg.db", errors), 1);
	assert_int_equal(query(t, "kcg.db", "SELECT count(*) FROM tus t JOIN "
				   "files f ON f.id = t.file_id WHERE "
				   "f.path LIKE '%/net/core/dev.c' AND "
				   "t.status = 'ok'"), 1);
	/* the other one still misses its header */
	keep(t, "kcg.db", &st);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_untouched(t, "kcg.db", &st);

	/* in an include directory (-Iinclude) */
	sh("mkdir -p %s/src/include/kcg && echo '/* made */' > "
	   "%s/src/include/kcg/made.h", t->dir, t->dir);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_int_equal(query(t, "kcg.db", errors), 0);
	assert_as_fresh(t, "kcg.db");
}

/* A compile command changed: that TU is parsed. */
static void test_command_changed(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	sh("sed -i 's|\"-o\", \"net/core/dev.o\"|\"-DKCG_TEST=1\", \"-o\", "
	   "\"net/core/dev.o\"|' %s/src/compile_commands.json", t->dir);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(parsed(t, "kcg.db"), 1);
	assert_int_equal(query(t, "kcg.db", "SELECT count(*) FROM tus WHERE "
				   "arguments LIKE '%-DKCG_TEST=1%'"), 1);
	assert_as_fresh(t, "kcg.db");
}

/* The text of the first row of sql in the tree's database db (static). */
static const char *query_text(struct tree *t, const char *db, const char *sql)
{
	static char text[4096];
	sqlite3 *d;
	sqlite3_stmt *st;

	if (sqlite3_open_v2(at(t, 3, db), &d, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(d, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", db, sqlite3_errmsg(d));
	if (sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_text(st, 0))
		fail_msg("%s: no row for %s", db, sql);
	snprintf(text, sizeof(text), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(d);
	return text;
}

/*
 * A TU left the compile database: its facts are gone, and the header
 * bodies it had walked (dst_input's, in include/net/dst.h) are walked by
 * a TU that still includes the header.
 */
static void test_tu_removed(void **state)
{
	struct tree *t = *state;
	char file[4096], sql[8192];
	size_t src = strlen(t->dir) + strlen("/src/");

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	snprintf(file, sizeof(file), "%s", query_text(t, "kcg.db",
		"SELECT f.path FROM claims c JOIN tus t ON t.id = c.tu_id "
		"JOIN files f ON f.id = t.file_id "
		"WHERE c.key LIKE '%@F@dst_input'"));
	assert_true(strlen(file) > src);
	sh("cd %s/src && python3 -c \"import json; p = "
	   "'compile_commands.json'; d = json.load(open(p)); json.dump([e "
	   "for e in d if e['file'] != '%s'], open(p, 'w'), indent=1)\"",
	   t->dir, file + src);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(query(t, "kcg.db", "SELECT count(*) FROM tus"), 32);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM tus t JOIN files f "
		 "ON f.id = t.file_id WHERE f.path = '%s'", file);
	assert_int_equal(query(t, "kcg.db", sql), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM functions f JOIN "
		 "files p ON p.id = f.file_id WHERE p.path = '%s' AND "
		 "f.is_defined", file + src);
	assert_int_equal(query(t, "kcg.db", sql), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM calls c JOIN files f "
		 "ON f.id = c.file_id WHERE f.path = '%s'", file + src);
	assert_int_equal(query(t, "kcg.db", sql), 0);
	assert_int_equal(query(t, "kcg.db", "SELECT count(*) FROM functions "
				   "WHERE name = 'dst_input' AND is_defined"),
			 1);
	assert_as_fresh(t, "kcg.db");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start `kcg index --full` of the tree into db. */
static void start_index(struct tree *t, const char *db,
			struct run_child *child)
{
	char compdb[4096], path[4096];
	const char *const argv[] = { run_kcg_binary(), "index", "--compdb",
				     compdb, "--db", path, "-j", "1", "-q",
				     "--full", NULL };

	snprintf(compdb, sizeof(compdb), "%s/src/compile_commands.json",
		 t->dir);
	snprintf(path, sizeof(path), "%s/%s", t->dir, db);
	assert_int_equal(run_start(argv, NULL, child), 0);
}

static ino_t inode(struct tree *t, const char *db)
{
	struct stat st;

	assert_int_equal(stat(at(t, 2, db), &st), 0);
	return st.st_ino;
}

/* A temporary database is in the tree's directory. */
static int exists_temp(struct tree *t)
{
	char cmd[4096 + 64];

	snprintf(cmd, sizeof(cmd), "ls %s | grep -q 'kcg.db.tmp'", t->dir);
	return !system(cmd);
}

/*
 * `kcg path net_rx_action ip_rcv` on db, its answer added to out (may be
 * NULL); with `used`, check that the graph came out of the graph file
 * beside it (kcg.db.csr), not the table.
 */
static void path_answer(struct tree *t, const char *db, int used,
			struct strbuf *out)
{
	static const char *const env[] = { "KCG_TRACE=1", NULL };
	const struct run_options o = { .env = env };
	struct run_result r;

	run_result_init(&r);
	assert_int_equal(run_kcg(&r, &o, "path net_rx_action ip_rcv --tsv "
				 "--db '%s'", at(t, 2, db)), 0);
	if (used && strstr(r.err.buf, "graph file"))
		fail_msg("the graph file of %s was not used:\n%s", db,
			 r.err.buf);
	if (out)
		strbuf_addstr(out, r.out.buf);
	run_result_release(&r);
}

/*
 * The path kcg.db answers, out of its graph file when that is its own
 * (its stamp) or out of its table, is the one before.db (copied without
 * its graph file) answers.
 */
static void assert_same_path(struct tree *t)
{
	struct strbuf got, want;

	strbuf_init(&got);
	strbuf_init(&want);
	path_answer(t, "kcg.db", 0, &got);
	path_answer(t, "before.db", 0, &want);
	assert_string_equal(got.buf, want.buf);
	strbuf_release(&got);
	strbuf_release(&want);
}

/*
 * Kill an index (SIGKILL, then SIGINT) at times spread over how long one
 * takes: the database is the old one, whole, or (when the run was done
 * before the signal) a new one equal to it; the next run completes and
 * leaves no temporary file.
 */
static void kill_at_times(struct tree *t, int sig, int tries)
{
	double start, took;
	int i, killed = 0, writing = 0;

	start = now();
	assert_int_equal(kcg_index(t, "kcg.db", "--full -j 1"), 0);
	took = now() - start;
	sh("cp %s/kcg.db %s/before.db", t->dir, t->dir);
	for (i = 0; i < tries; i++) {
		ino_t before = inode(t, "kcg.db");
		double delay = took * (i + 0.5) / tries, started;
		struct run_child child;
		struct run_result r;
		int status;

		started = now();
		start_index(t, "kcg.db", &child);
		usleep((useconds_t)(delay * 1e6));
		kill(child.pid, sig);
		run_result_init(&r);
		status = run_wait(&child, &r);
		run_result_release(&r);
		/* done before the signal: runs are quicker than the first one
		 * was (a machine less busy now), so aim the next ones by it */
		if (status == 0 && now() - started < took)
			took = now() - started;
		/* killed (128 + signal), or exit 130 after SIGINT */
		if (status == 128 + sig || status == 130) {
			/* a signal after the rename finds the new one in */
			if (inode(t, "kcg.db") == before)
				killed++;
			/* SIGKILL leaves the temporary file to the next run */
			if (exists_temp(t))
				writing++;
		} else {
			assert_int_equal(status, 0);
		}
		assert_int_equal(query(t, "kcg.db", "SELECT count(*) FROM "
					   "pragma_integrity_check WHERE "
					   "integrity_check != 'ok'"), 0);
		assert_same(t, "kcg.db", "before.db");
		assert_same_path(t);
	}
	print_message("%d of %d runs stopped by signal %d before the end, %d "
		      "left their temporary file\n", killed, tries, sig,
		      writing);
	/* most signals land before the end of the run */
	assert_true(killed >= tries / 2);
	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_same(t, "kcg.db", "before.db");
	assert_same_path(t);
	path_answer(t, "kcg.db", 1, NULL);
	sh("test $(ls %s | grep -c 'kcg.db.tmp') = 0", t->dir);
}

static void test_killed(void **state)
{
	kill_at_times(*state, SIGKILL, 8);
}

static void test_interrupted(void **state)
{
	kill_at_times(*state, SIGINT, 4);
}

/*
 * A reader in another process, querying over and over while indexes
 * replace the database: never an error.
 */
static void test_readers(void **state)
{
	struct tree *t = *state;
	char stop[4096], db[4096];
	pid_t reader;
	int status, i;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	snprintf(stop, sizeof(stop), "%s/stop", t->dir);
	snprintf(db, sizeof(db), "%s/kcg.db", t->dir);
	fflush(NULL);
	reader = fork();
	assert_true(reader >= 0);
	if (!reader) {
		long reads = 0;

		while (access(stop, F_OK)) {
			sqlite3 *d = NULL;
			sqlite3_stmt *st = NULL;
			int ok;

			ok = sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY,
					     NULL) == SQLITE_OK &&
			     sqlite3_prepare_v2(d, "SELECT count(*) FROM edges "
						"WHERE callee = 'ip_rcv'", -1,
						&st, NULL) == SQLITE_OK &&
			     sqlite3_step(st) == SQLITE_ROW &&
			     sqlite3_column_int(st, 0) > 0;
			if (!ok)
				fprintf(stderr, "reader: %s\n",
					sqlite3_errmsg(d));
			sqlite3_finalize(st);
			sqlite3_close(d);
			if (!ok)
				_exit(1);
			/* the command line too, now and then */
			if (++reads % 20 == 0) {
				struct run_result r;

				run_result_init(&r);
				ok = !run_kcg(&r, NULL, "path net_rx_action "
					      "ip_rcv --db '%s'", db);
				if (!ok)
					fprintf(stderr, "reader: %s%s",
						r.out.buf, r.err.buf);
				run_result_release(&r);
				if (!ok)
					_exit(2);
			}
		}
		printf("reader: %ld reads\n", reads);
		fflush(stdout);
		_exit(reads > 20 ? 0 : 3);
	}
	for (i = 0; i < 6; i++) {
		if (i % 2)
			append(t, "src/include/net/dst.h", "\n/* edit */\n");
		assert_int_equal(kcg_index(t, "kcg.db", i % 3 ? "" : "--full"),
				 0);
	}
	sh("touch %s", stop);
	assert_int_equal(waitpid(reader, &status, 0), reader);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Edges from caller to callee in db (the edges view). */
static long long edges_between(struct tree *t, const char *db,
			       const char *caller, const char *callee)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM edges WHERE "
		 "caller = '%s' AND callee = '%s'", caller, callee);
	return query(t, db, sql);
}

/* What the linker keeps of a function defined weak and strong. */
static void assert_strong_kept(struct tree *t, const char *db)
{
	assert_int_equal(edges_between(t, db, "__se_sys_sendto",
				       "__sys_sendto"), 1);
	assert_int_equal(edges_between(t, db, "__se_sys_sendto",
				       "sys_ni_syscall"), 0);
	/* a stub no strong definition replaces stays */
	assert_int_equal(edges_between(t, db, "__se_sys_bpf",
				       "sys_ni_syscall"), 1);
	/* the weak arch_setup's store is gone with its body */
	assert_int_equal(edges_between(t, db, "start", "x86_fn"), 1);
	assert_int_equal(edges_between(t, db, "start", "generic_fn"), 0);
	assert_int_equal(query(t, db, "SELECT count(*) FROM functions f "
				      "JOIN files p ON p.id = f.file_id "
				      "WHERE f.name = '__se_sys_sendto' AND "
				      "p.path = 'net/socket.c'"), 1);
	assert_int_equal(query(t, db, "SELECT count(*) FROM claims "
				      "WHERE key IS NULL AND kind != 'tu'"),
			 0);
	/* where the weak ones beaten are */
	assert_int_equal(query(t, db, "SELECT count(*) FROM beaten_defs w "
				      "JOIN tus t ON t.id = w.tu_id JOIN "
				      "files f ON f.id = t.file_id WHERE "
				      "(w.key = 'c:@F@arch_setup' AND f.path "
				      "LIKE '%/kernel/setup.c') OR (w.key = "
				      "'c:@F@__se_sys_sendto' AND f.path "
				      "LIKE '%/kernel/sys_ni.c')"), 2);
	/* of two strong ones, the TU first by path */
	assert_int_equal(edges_between(t, db, "mod_probe", "a_hw"), 1);
	assert_int_equal(edges_between(t, db, "mod_probe", "b_hw"), 0);
	/* and mod_b.c's enum chips, once however often its values are used */
	assert_int_equal(query(t, db, "SELECT count(*) FROM beaten_defs"), 4);
	assert_int_equal(query(t, db, "SELECT count(*) FROM beaten_defs w "
				      "JOIN tus t ON t.id = w.tu_id JOIN "
				      "files f ON f.id = t.file_id WHERE "
				      "w.key = 'c:@E@chips' AND f.path "
				      "LIKE '%/mod_b.c'"), 1);
	/* a function declared only: its TUs' first declaration, not the
	 * one a reference after mod_b.c's own declaration sees */
	assert_int_equal(query(t, db, "SELECT count(*) FROM functions f "
				      "JOIN files p ON p.id = f.file_id "
				      "WHERE f.name = 'hook_fn' AND p.path = "
				      "'include/hook.h' AND f.line = 13"), 1);
	/* a global: the least place reported, whichever TU came first */
	assert_int_equal(query(t, db, "SELECT count(*) FROM globals g "
				      "JOIN files p ON p.id = g.file_id "
				      "WHERE g.name = 'shared_ops' AND p.path "
				      "= 'drivers/net/mod_b.c'"), 1);
}

/* part1.db and part2.db merged, in either order (merged.db, merged2.db),
 * hold what full.db holds. */
static void assert_merged_as_full(struct tree *t)
{
	kcg_merge(t, "--db merged.db part1.db part2.db");
	assert_same(t, "full.db", "merged.db");
	kcg_merge(t, "--db merged2.db part2.db part1.db");
	assert_same(t, "full.db", "merged2.db");
}

/*
 * A strong definition beats a weak one (the kernel's __weak defaults and
 * COND_SYSCALL stubs) whichever TU comes first: in either order of the
 * compilation database, in shards merged either way, after an edit of
 * either TU.
 */
static void test_two_definitions(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "full.db", "-j 1"), 0);
	assert_strong_kept(t, "full.db");
	sh("cp %s/src/reversed.json %s/src/compile_commands.json", t->dir,
	   t->dir);
	assert_int_equal(kcg_index(t, "reversed.db", "-j 1"), 0);
	assert_same(t, "full.db", "reversed.db");
	sh("cp %s/compile_commands.json %s/src/", WEAK, t->dir);

	/* by path, every other TU: each shard has a weak definition and
	 * a strong one of another key, and one of the two mod_probe */
	assert_int_equal(kcg_index(t, "part1.db", "--shard 1/2"), 0);
	assert_int_equal(kcg_index(t, "part2.db", "--shard 2/2"), 0);
	assert_int_equal(query(t, "part1.db", "SELECT count(*) FROM claims "
					      "WHERE weak"), 2);
	assert_int_equal(query(t, "part2.db", "SELECT count(*) FROM claims "
					      "WHERE weak"), 1);
	assert_merged_as_full(t);

	append(t, "src/kernel/sys_ni.c", "\n/* edited */\n");
	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	assert_int_equal(parsed(t, "full.db"), 1);
	assert_strong_kept(t, "full.db");
	assert_as_fresh(t, "full.db");
	append(t, "src/net/socket.c", "\n/* edited */\n");
	append(t, "src/kernel/setup.c", "\n/* edited */\n");
	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	assert_int_equal(parsed(t, "full.db"), 2);
	assert_strong_kept(t, "full.db");
	assert_as_fresh(t, "full.db");

	/* the strong one gone, the weak stub is walked again, unedited */
	sh("printf '#include \"weak.h\"\\nlong __sys_sendto(long fd) "
	   "{ return fd; }\\n' > %s/src/net/socket.c", t->dir);
	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	assert_int_equal(parsed(t, "full.db"), 2);
	assert_int_equal(edges_between(t, "full.db", "__se_sys_sendto",
				       "sys_ni_syscall"), 1);
	assert_int_equal(query(t, "full.db", "SELECT count(*) FROM beaten_defs "
					     "WHERE key = 'c:@F@__se_sys_sendto'"),
			 0);
	assert_as_fresh(t, "full.db");

	/* so is the other module's mod_probe when the first one's goes */
	sh("printf 'void mod_probe(void);\\n' > %s/src/drivers/net/mod_a.c",
	   t->dir);
	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	assert_int_equal(parsed(t, "full.db"), 2);
	assert_int_equal(edges_between(t, "full.db", "mod_probe", "b_hw"), 1);
	assert_as_fresh(t, "full.db");
}

/* What a single index of tests/data/shards holds of an enum and a global
 * that a split into shards once changed. */
static void assert_single_index(struct tree *t, const char *db)
{
	/* b/x.c's set_mode lost to a/x.c's: the enum only it used is not
	 * kept */
	assert_int_equal(query(t, db, "SELECT count(*) FROM enumerators "
				      "WHERE enum = 'b_mode'"), 0);
	assert_int_equal(query(t, db, "SELECT count(*) FROM enum_uses "
				      "WHERE enum LIKE '%b_mode'"), 0);
	/* the least place reported: drivers/a.c's first declaration */
	assert_int_equal(query(t, db, "SELECT count(*) FROM globals g "
				      "JOIN files p ON p.id = g.file_id "
				      "WHERE g.name = 'cur_ops' AND p.path = "
				      "'include/g.h' AND g.line = 5"), 1);
	/* hook_set, inline in include/hooks.h, is walked by c/one.c only,
	 * whose first declaration of hook_fn is there */
	assert_int_equal(query(t, db, "SELECT count(*) FROM globals g "
				      "JOIN files p ON p.id = g.file_id "
				      "WHERE g.name = 'hook_fn' AND p.path = "
				      "'include/hooks.h' AND g.line = 1"), 1);
}

/*
 * Shards merged hold what a single index holds, though each shard walks
 * what the other's TUs beat or name: a body that loses in the merge
 * takes the enum only it used along (a/x.c and b/x.c define the same
 * set_mode) and its TU's reports of the globals it names (c/two.c's
 * walk of a header's inline), and a shard keeps the reports of a global
 * its own facts do not name, whose place another shard's facts need
 * (cur_ops, reported by drivers/a.c, stored into by net/b.c).
 */
static void test_shards_as_one(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "full.db", "-j 1"), 0);
	assert_single_index(t, "full.db");
	/* every other TU by path: a/x.c, c/one.c and drivers/a.c; b/x.c,
	 * c/two.c and net/b.c */
	assert_int_equal(kcg_index(t, "part1.db", "--shard 1/2"), 0);
	assert_int_equal(kcg_index(t, "part2.db", "--shard 2/2"), 0);
	/* no fact of shard 1 names cur_ops: its row goes, drivers/a.c's
	 * report stays for the merge */
	assert_int_equal(query(t, "part1.db", "SELECT count(*) FROM globals "
					      "WHERE name = 'cur_ops'"), 0);
	assert_int_equal(query(t, "part1.db", "SELECT count(*) FROM "
					      "global_reports WHERE usr = "
					      "'c:@cur_ops'"), 1);
	assert_int_equal(query(t, "part2.db", "SELECT count(*) FROM "
					      "enumerators WHERE enum = 'b_mode'"),
			 3);
	assert_merged_as_full(t);
	assert_single_index(t, "merged.db");
	/* a whole index merged alone: the reports of spare_ops, a global no
	 * fact names, come along without a row */
	assert_int_equal(query(t, "full.db", "SELECT count(*) FROM "
					     "global_reports WHERE usr = "
					     "'c:@spare_ops'"), 1);
	kcg_merge(t, "--db alone.db full.db");
	assert_same(t, "full.db", "alone.db");

	/* a/x.c's set_mode gone, b/x.c's is walked with its enum */
	sh("printf 'struct s;\nvoid set_mode(struct s *p);\n' > %s/src/a/x.c",
	   t->dir);
	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	assert_int_equal(query(t, "full.db", "SELECT count(*) FROM "
					     "enumerators WHERE enum = 'b_mode'"),
			 3);
	assert_as_fresh(t, "full.db");
	/* and back: the enum goes with the body that used it */
	sh("cp %s/a/x.c %s/src/a/x.c", SHARDS, t->dir);
	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	assert_single_index(t, "full.db");
	assert_as_fresh(t, "full.db");

	/* drivers/a.c, which held enum level, no longer uses it: net/b.c,
	 * which does, is parsed again to keep it */
	assert_int_equal(query(t, "full.db", "SELECT count(*) FROM "
					     "enumerators WHERE enum = 'level'"),
			 2);
	sh("sed -i 's/= LEVEL_HIGH/= 1/' %s/src/drivers/a.c", t->dir);
	assert_int_equal(kcg_index(t, "full.db", ""), 0);
	assert_int_equal(parsed(t, "full.db"), 2);
	assert_int_equal(query(t, "full.db", "SELECT count(*) FROM "
					     "enumerators WHERE enum = 'level'"),
			 2);
	assert_as_fresh(t, "full.db");
}

/*
 * kcg index of the tree's sources into db at jobs, with KCG_EMPTY_BODIES
 * set to how and more arguments; returns how many header bodies the
 * summary says it handed on emptied, and sets *lent (if not NULL) to how
 * many times it lent their headers to a TU.
 */
static long index_emptying_lent(struct tree *t, const char *db, int jobs,
				const char *how, const char *more, long *lent)
{
	static const char prefix[] =
		"header bodies walked once and handed on emptied: ";
	char env_how[64];
	const char *const env[] = { env_how, NULL };
	const struct run_options o = { .merge_stderr = 1, .env = env };
	struct run_result r;
	const char *line;
	long n = 0;

	snprintf(env_how, sizeof(env_how), "KCG_EMPTY_BODIES=%s", how);
	run_result_init(&r);
	if (run_kcg(&r, &o, "index --compdb '%s/src/compile_commands.json' "
		    "--db '%s/%s' -j %d %s", t->dir, t->dir, db, jobs, more))
		fail_msg("kcg index (%s) failed: %s", how, r.out.buf);
	line = strstr(r.out.buf, prefix);
	if (line)
		n = strtol(line + sizeof(prefix) - 1, NULL, 10);
	if (lent)
		*lent = line && (line = strstr(line, "lent ")) ?
				strtol(line + 5, NULL, 10) : -1;
	run_result_release(&r);
	return n;
}

static long index_emptying(struct tree *t, const char *db, int jobs,
			   const char *how, const char *more)
{
	return index_emptying_lent(t, db, jobs, how, more, NULL);
}

/*
 * Header bodies handed on emptied (extractor/emptied.h) change nothing
 * but time.  tests/data/emptied/README.md says what each TU of the tree
 * tries: bodies that take __COUNTER__ numbers, directly or through a
 * macro the TU itself defines, a body that declares a global at block
 * scope, a source file another TU includes, and one body under two keys.
 */
/* How many rows of guard_context_sites say that run() calls redirect()
 * only while its parameter 0 is zero (need_zero 1) or nonzero (2). */
static long long run_redirect_guard(struct tree *t, int need)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM guard_context_sites s "
		 "JOIN functions f ON f.id = s.caller_id "
		 "JOIN functions c ON c.id = s.callee_id "
		 "WHERE f.name = 'run' AND c.name = 'redirect' AND %s = 1",
		 need == 1 ? "s.need_zero" : "s.need_nonzero");
	return query(t, "kcg.db", sql);
}

/*
 * A guard turned round in place (`unlikely(!can_redirect)` to
 * `unlikely(can_redirect)`, no line moved): the calls and edges are the
 * same, the update moves them, and the guard context is made again from
 * the guards as they are now, as a fresh index has it.
 */
static void test_guard_turned(void **state)
{
	struct tree *t = *state;

	assert_int_equal(kcg_index(t, "kcg.db", ""), 0);
	assert_int_equal(run_redirect_guard(t, 2), 1);
	assert_int_equal(run_redirect_guard(t, 1), 0);
	sh("sed -i 's/unlikely(!can_redirect)/unlikely(can_redirect)/' '%s'",
	   at(t, 0, "src/guards.c"));
	assert_int_equal(kcg_index_traced(t, "kcg.db", ""), 0);
	assert_non_null(strstr(t->log.buf, edges_moved));
	assert_int_equal(run_redirect_guard(t, 2), 0);
	assert_int_equal(run_redirect_guard(t, 1), 1);
	assert_as_fresh(t, "kcg.db");
}

static void test_emptied_bodies(void **state)
{
	struct tree *t = *state;
	long lent = 0;

	assert_int_equal(index_emptying(t, "plain.db", 1, "never", ""), 0);
	/* one job: the TUs go by rank, each after the one before.  a.c
	 * hands on 4 of inl.h's 7 inlines, card_a.c card_common.c's body
	 * and ens.c ens_impl.c's 2 */
	assert_int_equal(index_emptying_lent(t, "one.db", 1, "always", "",
					     &lent), 7);
	assert_same(t, "plain.db", "one.db");
	/* each TU is lent only the headers it may read: inl.h to the 8
	 * after a.c (to ens.c through ens_impl.c, which no TU read before
	 * it), card_common.c to card_b.c, ens_impl.c to none (the TU of
	 * ens_impl.c is its own source) */
	assert_int_equal(lent, 10);
	assert_true(index_emptying(t, "two.db", 2, "always", "") > 0);
	assert_same(t, "plain.db", "two.db");
	/* shards that each empty what their own TUs walked, merged */
	assert_true(index_emptying(t, "part1.db", 1, "always",
				   "--shard 1/2") > 0);
	assert_true(index_emptying(t, "part2.db", 1, "always",
				   "--shard 2/2") > 0);
	kcg_merge(t, "--db merged.db part1.db part2.db");
	assert_same(t, "plain.db", "merged.db");
	/* the names __COUNTER__ makes are numbered by the line they are
	 * made on, whatever bodies came before */
	assert_int_equal(query(t, "one.db", "SELECT count(*) FROM globals "
				"WHERE name IN ('a_hook_10', 'b_hook_10', "
				"'c_hook_10', 'e_hook_11', 'g_hook_12')"), 5);
	/* what the bodies were: the same as the first TU walked them */
	assert_int_equal(query(t, "one.db", "SELECT count(*) FROM calls c "
				"JOIN functions f ON f.id = c.caller_id "
				"WHERE f.name = 'ens_probe'"), 2);
	assert_int_equal(query(t, "one.db", "SELECT count(*) FROM calls c "
				"JOIN functions f ON f.id = c.caller_id "
				"WHERE f.name = 'card_probe_hw'"), 4);
	/* h.c makes two names on one line: parsed again, counting, with
	 * nothing emptied, as it is built (h_hook_0 and 1 with inl.h's
	 * counted bodies emptied) */
	assert_int_equal(query(t, "one.db", "SELECT count(*) FROM tus "
				"WHERE status != 'ok'"), 0);
	assert_int_equal(query(t, "one.db", "SELECT count(*) FROM globals "
				"WHERE name IN ('h_hook_3', 'h_hook_4')"), 2);
	/* reported where inl_extern declares it first, in g.c too */
	assert_int_equal(query(t, "one.db", "SELECT count(*) FROM globals g "
				"JOIN files f ON f.id = g.file_id "
				"WHERE g.name = 'shared_op' "
				"AND f.path = 'include/inl.h'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shards_merge, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_two_definitions,
						setup_weak, teardown),
		cmocka_unit_test_setup_teardown(test_shards_as_one,
						setup_shards, teardown),
		cmocka_unit_test_setup_teardown(test_guard_turned,
						setup_extract, teardown),
		cmocka_unit_test_setup_teardown(test_emptied_bodies,
						setup_emptied, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_errors_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_source_changed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_header_changed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_header_lines_moved, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_summary_counts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lines_moved, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_moved_apart, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_own_globals_renamed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_counter_names_moved,
						setup_emptied, teardown),
		cmocka_unit_test_setup_teardown(test_command_changed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tu_removed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_uses_removed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_before_digests, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_killed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_readers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
