/*
 * A TU that misses a header generated at build time: the indexer asks
 * for it (index_options.regenerate, `make` of the TU's object in a kernel
 * tree) and parses the TU again.  What the failed parse claimed (header
 * inline bodies, initializers, enums) must come back to the second parse,
 * so the index equals one made with the header there from the start.
 * When make fails, the TU keeps its errors, and later runs do not parse
 * it (nor run make) again until the missing file exists.
 */
#include "extractor/compdb.h"
#include "index/indexer.h"
#include "support/db_compare.h"
#include "support/tmpdir.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static const char common_h[] =
	"struct ops { int (*run)(int); };\n"
	"enum mode { MODE_A, MODE_B };\n"
	"static inline int apply(const struct ops *o, int x)\n"
	"{\n\treturn o->run(x);\n}\n";

/* Defined after the missing include: the failed parse walks them. */
static const char a_c[] =
	"#include \"common.h\"\n"
	"#include \"gen.h\"\n"
	"struct policy { int max; int timeout; };\n"
	"static const struct policy pol = { .max = 1, .timeout = 180 };\n"
	"static int twice(int x) { return 2 * x; }\n"
	"static void *keep __attribute__((used)) = (void *)&twice;\n"
	"const struct ops a_ops = { .run = twice };\n"
	"int a_main(void) { return apply(&a_ops, GEN_VALUE) + pol.max + "
	"MODE_B; }\n";

static const char b_c[] =
	"#include \"common.h\"\n"
	"static int inc(int x) { return x + 1; }\n"
	"const struct ops b_ops = { .run = inc };\n"
	"int b_main(void) { return apply(&b_ops, 1); }\n";

static const char gen_h[] = "#define GEN_VALUE 7\n";

struct tree {
	char *dir;
	int calls;		/* of regenerate() */
	int fail;		/* regenerate() fails */
	int incremental;	/* build on the database (else --full) */
	int makes_source;	/* regenerate() also writes made.c, as one
				   rule makes an ASN.1 module's .c and .h */
	char missing[256];	/* what it was asked for */
};

static void put(const struct tree *t, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) == EOF || fclose(f))
		fail_msg("cannot write '%s'", path);
}

/* compile_commands.json of the two TUs a and b, in that order. */
static void put_compdb(const struct tree *t, const char *a, const char *b)
{
	char json[8192];

	snprintf(json, sizeof(json),
		 "[{\"directory\": \"%s\", \"file\": \"%s\", "
		 "\"arguments\": [\"cc\", \"-c\", \"%s\"]},\n"
		 " {\"directory\": \"%s\", \"file\": \"%s\", "
		 "\"arguments\": [\"cc\", \"-c\", \"%s\"]}]\n",
		 t->dir, a, a, t->dir, b, b);
	put(t, "compile_commands.json", json);
}

static char *at(const struct tree *t, const char *name)
{
	static char path[2][4096];
	static int which;

	which = !which;
	snprintf(path[which], sizeof(path[which]), "%s/%s", t->dir, name);
	return path[which];
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	t->dir = tmpdir_make(KCG_TEST_TMPDIR, "regenerate");
	if (!t->dir)
		return -1;
	put(t, "common.h", common_h);
	put(t, "a.c", a_c);
	put(t, "b.c", b_c);
	put_compdb(t, "a.c", "b.c");
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	tmpdir_remove(t->dir);
	free(t);
	return 0;
}

/* Stands in for `make a.o`: writes the header the TU missed. */
static int regenerate(void *ctx, const struct compile_command *cmd,
		      const char *missing, struct kcg_error *err)
{
	struct tree *t = ctx;

	t->calls++;
	snprintf(t->missing, sizeof(t->missing), "%s", missing);
	if (t->fail)
		return kcg_error_set(err, "make of %s failed", cmd->file);
	if (t->makes_source) {
		/* as long as make takes: the one worker has tried made.c,
		 * not there yet, by the time it is written */
		usleep(300 * 1000);
		put(t, "made.c", "int made(void) { return 1; }\n");
	}
	put(t, "gen.h", gen_h);
	return 0;
}

static void index_tree(struct tree *t, const char *db, int jobs,
		       int with_regenerate, struct index_result *result)
{
	/* what a later run checks, as `kcg index` writes it */
	const struct index_meta meta[] = {
		{ "kcg_version", KCG_VERSION },
		{ "root", t->dir },
	};
	struct compdb compdb;
	struct index_options opt;
	struct kcg_error err;

	compdb_init(&compdb);
	if (compdb_read_json(&compdb, at(t, "compile_commands.json"), &err))
		fail_msg("%s", err.msg);
	memset(&opt, 0, sizeof(opt));
	opt.db_path = at(t, db);
	opt.root = t->dir;
	opt.compdb = &compdb;
	opt.jobs = jobs;
	opt.full = !t->incremental;
	opt.meta = meta;
	opt.nr_meta = sizeof(meta) / sizeof(meta[0]);
	if (with_regenerate) {
		opt.regenerate = regenerate;
		opt.regenerate_ctx = t;
	}
	memset(result, 0, sizeof(*result));
	if (index_run(&opt, result, &err))
		fail_msg("%s", err.msg);
	compdb_release(&compdb);
}

static void assert_same(struct tree *t, const char *a, const char *b)
{
	struct strbuf report;
	int rc;

	strbuf_init(&report);
	rc = db_compare(at(t, a), at(t, b), &report);
	if (rc)
		fail_msg("%s and %s differ:\n%s", a, b, report.buf);
	strbuf_release(&report);
}

static void test_parsed_again_as_if_there(void **state)
{
	struct tree *t = *state;
	struct index_result r;
	int jobs;

	put(t, "gen.h", gen_h);
	index_tree(t, "ref.db", 1, 0, &r);
	assert_int_equal(r.counts.tus_ok, 2);
	index_result_release(&r);

	for (jobs = 1; jobs <= 2; jobs++) {
		char db[32];

		snprintf(db, sizeof(db), "made%d.db", jobs);
		assert_int_equal(unlink(at(t, "gen.h")), 0);
		t->calls = 0;
		index_tree(t, db, jobs, 1, &r);
		assert_int_equal(t->calls, 1);
		assert_string_equal(t->missing, "gen.h");
		assert_int_equal(r.counts.tus_ok, 2);
		assert_int_equal(r.nr_failures, 0);
		index_result_release(&r);
		assert_same(t, "ref.db", db);
	}
}

/* make fails: the TU is kept with its errors, and the summary says why. */
static void test_regenerate_fails(void **state)
{
	struct tree *t = *state;
	struct index_result r;

	unlink(at(t, "gen.h"));
	t->calls = 0;
	t->fail = 1;
	index_tree(t, "failed.db", 2, 1, &r);
	t->fail = 0;
	assert_int_equal(t->calls, 1);
	assert_int_equal(r.counts.tus_ok, 1);
	assert_int_equal(r.counts.tus_errors, 1);
	assert_int_equal(r.nr_failures, 1);
	assert_non_null(strstr(r.failures[0].file, "a.c"));
	assert_non_null(strstr(r.failures[0].first_error,
			       "'gen.h' file not found"));
	assert_non_null(strstr(r.failures[0].first_error, "failed"));
	index_result_release(&r);
}

/*
 * make failed: the next runs leave the TU (and the database) as they
 * are, without asking for make again; once the header is there, the TU
 * is parsed, and the index is as if it had always been.
 */
static void test_kept_until_made(void **state)
{
	struct tree *t = *state;
	struct index_result r;

	put(t, "gen.h", gen_h);
	index_tree(t, "ref.db", 1, 0, &r);
	index_result_release(&r);
	unlink(at(t, "gen.h"));
	t->fail = 1;
	index_tree(t, "kept.db", 2, 1, &r);
	index_result_release(&r);
	t->incremental = 1;
	t->calls = 0;
	index_tree(t, "kept.db", 2, 1, &r);
	assert_int_equal(t->calls, 0);
	assert_int_equal(r.up_to_date, 1);
	assert_int_equal(r.parsed, 0);
	assert_int_equal(r.counts.tus_errors, 1);
	index_result_release(&r);

	t->fail = 0;
	put(t, "gen.h", gen_h);
	index_tree(t, "kept.db", 2, 1, &r);
	t->incremental = 0;
	assert_int_equal(t->calls, 0);
	assert_int_equal(r.up_to_date, 0);
	assert_int_equal(r.parsed, 1);
	assert_int_equal(r.counts.tus_ok, 2);
	index_result_release(&r);
	assert_same(t, "ref.db", "kept.db");
}

/* A source that is not there (generated by a build): the TU fails, and
 * is parsed again once the source exists, not before. */
static void test_missing_source(void **state)
{
	struct tree *t = *state;
	struct index_result r;

	put(t, "gen.h", gen_h);
	put_compdb(t, "b.c", "made.c");
	index_tree(t, "made.db", 1, 0, &r);
	assert_int_equal(r.counts.tus_failed, 1);
	index_result_release(&r);
	t->incremental = 1;
	index_tree(t, "made.db", 1, 0, &r);
	assert_int_equal(r.up_to_date, 1);
	assert_int_equal(r.counts.tus_failed, 1);
	index_result_release(&r);
	put(t, "made.c", "int made(void) { return 1; }\n");
	index_tree(t, "made.db", 1, 0, &r);
	assert_int_equal(r.parsed, 1);
	assert_int_equal(r.counts.tus_ok, 2);
	index_result_release(&r);
	/* then like any other TU: parsed when its source changes */
	index_tree(t, "made.db", 1, 0, &r);
	assert_int_equal(r.up_to_date, 1);
	index_result_release(&r);
	put(t, "made.c", "int made(void) { return 2; }\n");
	index_tree(t, "made.db", 1, 0, &r);
	assert_int_equal(r.parsed, 1);
	index_result_release(&r);
	t->incremental = 0;
}

/*
 * made.c is not there when the worker parses it, and the make a.c's
 * missing header runs makes it: its TU is parsed again, not failed (the
 * ASN.1 modules of fs/smb in the whole 6.1 tree).
 */
static void test_source_made_meanwhile(void **state)
{
	struct tree *t = *state;
	struct index_result r;

	put_compdb(t, "a.c", "made.c");
	unlink(at(t, "made.c"));
	unlink(at(t, "gen.h"));
	t->calls = 0;
	t->fail = 0;
	t->incremental = 0;
	t->makes_source = 1;
	index_tree(t, "meanwhile.db", 1, 1, &r);
	t->makes_source = 0;
	assert_int_equal(t->calls, 1);
	assert_string_equal(t->missing, "gen.h");
	assert_int_equal(r.counts.tus_failed, 0);
	assert_int_equal(r.counts.tus_ok, 2);
	index_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parsed_again_as_if_there),
		cmocka_unit_test(test_regenerate_fails),
		cmocka_unit_test(test_kept_until_made),
		cmocka_unit_test(test_missing_source),
		cmocka_unit_test(test_source_made_meanwhile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
