/*
 * Naming functions (queries/names.c) on a database made by hand: a name
 * alone, file:name, name:file and name@file with any trailing part of
 * the path, the one definition among declarations, ambiguous names with
 * their candidates, unknown names with the nearest ones, and the helpers
 * (name_split, path_matches, edit_distance).
 */
#include "db/db.h"
#include "queries/names.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

static const char fill_sql[] =
	"INSERT INTO files(id, path) VALUES (1, 'net/ipv4/ip_input.c'),"
	" (2, 'drivers/net/loopback.c'), (3, 'drivers/net/fake/fake_main.c'),"
	" (4, 'include/linux/helper.h'), (5, 'lib/helper.c'), (6, 'a.h'),"
	" (7, 'b.h');"
	"INSERT INTO functions(id, usr, name, file_id, line, linkage,"
	" is_inline, is_defined, from_macro) VALUES"
	" (1, 'c:@F@ip_rcv', 'ip_rcv', 1, 81, 'extern', 0, 1, 0),"
	" (2, 'l|c:@F@fill_info', 'fill_info', 2, 12, 'static', 0, 1, 0),"
	" (3, 'f|c:@F@fill_info', 'fill_info', 3, 26, 'static', 0, 1, 0),"
	" (4, 'h|c:@F@helper', 'helper', 4, 3, 'static', 1, 0, 0),"
	" (5, 'c:@F@helper', 'helper', 5, 10, 'extern', 0, 1, 0),"
	" (6, 'a|c:@F@dup', 'dup', 6, 1, 'static', 0, 0, 0),"
	" (7, 'b|c:@F@dup', 'dup', 7, 2, 'static', 0, 0, 0),"
	" (8, 'c:@F@ip_vc', 'ip_vc', 1, 90, 'extern', 0, 1, 0),"
	" (9, 'c:@F@ip_rcu', 'ip_rcu', 1, 95, 'extern', 0, 1, 0);";

static int setup(void **state)
{
	struct kcg_error err;
	sqlite3 *db;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    db_create_schema(db, &err) || db_exec(db, fill_sql, &err))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/* spec names exactly one function: its id, file and line. */
static void assert_found(sqlite3 *db, const char *spec, int64_t id,
			 const char *file, int line)
{
	struct fn_list candidates;
	struct fn_ref f;
	struct kcg_error err;
	int rc = name_resolve(db, spec, &f, &candidates, &err);

	if (rc != NAME_FOUND)
		fail_msg("'%s': status %d, wanted found", spec, rc);
	assert_int_equal(f.id, id);
	assert_string_equal(f.file, file);
	assert_int_equal(f.line, line);
	fn_ref_release(&f);
}

static void assert_unknown(sqlite3 *db, const char *spec)
{
	struct fn_list candidates;
	struct fn_ref f;
	struct kcg_error err;

	assert_int_equal(name_resolve(db, spec, &f, &candidates, &err),
			 NAME_UNKNOWN);
}

static void test_exact_and_with_file(void **state)
{
	sqlite3 *db = *state;

	assert_found(db, "ip_rcv", 1, "net/ipv4/ip_input.c", 81);
	assert_found(db, "fill_info@drivers/net/loopback.c", 2,
		     "drivers/net/loopback.c", 12);
	assert_found(db, "fill_info@loopback.c", 2, "drivers/net/loopback.c",
		     12);
	assert_found(db, "drivers/net/fake/fake_main.c:fill_info", 3,
		     "drivers/net/fake/fake_main.c", 26);
	assert_found(db, "fake_main.c:fill_info", 3,
		     "drivers/net/fake/fake_main.c", 26);
	assert_found(db, "fill_info:fake/fake_main.c", 3,
		     "drivers/net/fake/fake_main.c", 26);
	assert_found(db, "fill_info@./drivers/net/loopback.c", 2,
		     "drivers/net/loopback.c", 12);
	/* the one with a body wins over declarations */
	assert_found(db, "helper", 5, "lib/helper.c", 10);
	/* ... unless a file says otherwise */
	assert_found(db, "helper@helper.h", 4, "include/linux/helper.h", 3);

	/* a file matches at a '/' boundary, and must hold the name */
	assert_unknown(db, "fill_info@back.c");
	assert_unknown(db, "ip_rcv@loopback.c");
	assert_unknown(db, "nosuch");
	assert_unknown(db, "IP_RCV");
	/* the user's text is bound, never pasted into SQL */
	assert_unknown(db, "x'; DROP TABLE functions; --");
	assert_unknown(db, "ip_rcv' OR '1'='1");
	assert_found(db, "ip_rcv", 1, "net/ipv4/ip_input.c", 81);
}

/* Several of a name and no single body: the candidates, in id order. */
static void test_ambiguous(void **state)
{
	sqlite3 *db = *state;
	struct fn_list candidates;
	struct fn_ref f;
	struct kcg_error err;

	assert_int_equal(name_resolve(db, "fill_info", &f, &candidates, &err),
			 NAME_AMBIGUOUS);
	assert_int_equal(candidates.nr, 2);
	/* in the order of their files, whatever their ids (which depend on
	 * which worker stored first) */
	assert_int_equal(candidates.items[0].id, 3);
	assert_string_equal(candidates.items[0].file,
			    "drivers/net/fake/fake_main.c");
	assert_int_equal(candidates.items[1].id, 2);
	assert_string_equal(candidates.items[1].file, "drivers/net/loopback.c");
	assert_int_equal(candidates.items[1].line, 12);
	assert_string_equal(candidates.items[1].linkage, "static");
	assert_int_equal(candidates.items[1].is_defined, 1);
	fn_list_release(&candidates);

	/* two declarations, no body */
	assert_int_equal(name_resolve(db, "dup", &f, &candidates, &err),
			 NAME_AMBIGUOUS);
	assert_int_equal(candidates.nr, 2);
	assert_string_equal(candidates.items[0].file, "a.h");
	assert_string_equal(candidates.items[1].file, "b.h");
	assert_int_equal(candidates.items[1].is_defined, 0);
	fn_list_release(&candidates);
	/* a file picks one */
	assert_found(db, "dup@b.h", 7, "b.h", 2);
}

/* The nearest names, nearest first, then by name; at most max. */
/* Names that begin with a prefix: distinct, in order, at most max. */
static void test_prefixed(void **state)
{
	sqlite3 *db = *state;
	struct kcg_error err;
	char **names;
	int n, i;

	n = name_prefixed(db, "ip_", 10, &names, &err);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "ip_rcu");
	assert_string_equal(names[1], "ip_rcv");
	assert_string_equal(names[2], "ip_vc");
	assert_null(names[3]);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	/* fill_info twice in the table, once here; and the limit */
	n = name_prefixed(db, "", 3, &names, &err);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "dup");
	assert_string_equal(names[1], "fill_info");
	assert_string_equal(names[2], "helper");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	n = name_prefixed(db, "ip_rcv_", 10, &names, &err);
	assert_int_equal(n, 0);
	assert_null(names[0]);
	free(names);
}

static void test_nearest(void **state)
{
	sqlite3 *db = *state;
	struct kcg_error err;
	char **names;
	int n, i;

	n = name_suggest(db, "ip_rvc", 5, &names, &err);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "ip_vc");		/* 1 edit */
	assert_string_equal(names[1], "ip_rcu");	/* 2 edits */
	assert_string_equal(names[2], "ip_rcv");	/* 2 edits */
	assert_null(names[3]);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);

	/* the file part is not a name */
	n = name_suggest(db, "ip_rvc@net/ipv4/ip_input.c", 1, &names, &err);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "ip_vc");
	assert_null(names[1]);
	free(names[0]);
	free(names);

	n = name_suggest(db, "zzzzzzzzzzzz", 5, &names, &err);
	assert_int_equal(n, 0);
	assert_null(names[0]);
	free(names);
}

static void assert_split(const char *spec, const char *name,
			 const char *file)
{
	char *n, *f;

	name_split(spec, &n, &f);
	assert_string_equal(n, name);
	if (file)
		assert_string_equal(f, file);
	else
		assert_null(f);
	free(n);
	free(f);
}

static void test_helpers(void **state)
{
	sqlite3 *db = *state;
	struct kcg_error err;
	struct fn_ref f;

	assert_split("ip_rcv", "ip_rcv", NULL);
	assert_split("ip_rcv@dev.c", "ip_rcv", "dev.c");
	assert_split("net/core/dev.c:ip_rcv", "ip_rcv", "net/core/dev.c");
	assert_split("ip_rcv:dev.c", "ip_rcv", "dev.c");

	assert_true(path_matches("net/core/dev.c", "dev.c"));
	assert_true(path_matches("net/core/dev.c", "core/dev.c"));
	assert_true(path_matches("net/core/dev.c", "net/core/dev.c"));
	assert_true(path_matches("net/core/dev.c", "./net/core/dev.c"));
	assert_false(path_matches("net/core/netdev.c", "dev.c"));
	assert_false(path_matches("dev.c", "core/dev.c"));
	assert_false(path_matches(NULL, "dev.c"));

	assert_int_equal(edit_distance("kitten", "sitting", 10), 3);
	assert_int_equal(edit_distance("", "abc", 10), 3);
	assert_int_equal(edit_distance("abc", "abc", 0), 0);
	/* beyond the limit: limit + 1 */
	assert_int_equal(edit_distance("a", "abcdef", 2), 3);

	assert_int_equal(fn_ref_get(db, 5, &f, &err), 0);
	assert_string_equal(f.name, "helper");
	assert_string_equal(f.file, "lib/helper.c");
	assert_int_equal(f.line, 10);
	assert_string_equal(f.linkage, "extern");
	fn_ref_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_and_with_file),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_prefixed),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
