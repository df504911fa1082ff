/*
 * Tests of index/setup.c: what an index run indexes.  A compile database
 * (the samples/ one by default) gives the commands, the root (its
 * directory unless --root says otherwise, always absolute) and the meta
 * the database records; an empty one and a directory that is no kernel
 * tree are refused with the file named.
 */
#include "index/kernel_commands.h"
#include "index/setup.h"
#include "support/tmpdir.h"
#include "util/path.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SAMPLES_COMPDB KCG_SOURCE_DIR "/samples/compile_commands.json"

/* The value of meta key in s, or NULL. */
static const char *meta_of(const struct index_setup *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nr_meta; i++)
		if (!strcmp(s->meta[i].key, key))
			return s->meta[i].value;
	return NULL;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* No --compdb, no --kernel: the samples' compile database. */
static void test_samples_by_default(void **state)
{
	struct index_request r = { .db_path = "x.db",
				   .samples_compdb = SAMPLES_COMPDB,
				   .jobs = 3 };
	struct index_setup s;
	struct kcg_error err;

	(void)state;
	assert_int_equal(index_setup_make(&s, &r, &err), 0);
	assert_true(s.compdb.nr >= 20);
	assert_string_equal(s.root, KCG_SOURCE_DIR "/samples");
	assert_null(s.kdir);
	assert_null(s.compdb_out);
	assert_string_equal(meta_of(&s, "source"), "samples");
	assert_string_equal(meta_of(&s, "root"), s.root);
	assert_string_equal(meta_of(&s, "jobs"), "3");
	assert_string_equal(meta_of(&s, "kcg_version"), KCG_VERSION);
	/* created: an ISO date and time */
	assert_int_equal(strlen(meta_of(&s, "created")) >= 19, 1);
	assert_int_equal(meta_of(&s, "created")[4], '-');
	/* only a kernel tree says which kernel */
	assert_null(meta_of(&s, "kernel_version"));
	assert_null(meta_of(&s, "scope"));
	index_setup_release(&s);
}

/* --root is made absolute and normalized; the commands stay as read. */
static void test_root_given(void **state)
{
	struct index_request r = { .db_path = "x.db",
				   .compdb_path = SAMPLES_COMPDB,
				   .root = KCG_SOURCE_DIR "/samples/net/../",
				   .jobs = 1 };
	struct index_setup s;
	struct kcg_error err;

	(void)state;
	assert_int_equal(index_setup_make(&s, &r, &err), 0);
	assert_string_equal(s.root, KCG_SOURCE_DIR "/samples");
	assert_string_equal(meta_of(&s, "source"), SAMPLES_COMPDB);
	index_setup_release(&s);
}

/* A compile database with no command is refused, naming it. */
static void test_empty_compdb(void **state)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "setup");
	char *path;
	struct index_request r = { .db_path = "x.db", .jobs = 1 };
	struct index_setup s;
	struct kcg_error err;

	(void)state;
	assert_non_null(dir);
	path = path_join(dir, "compile_commands.json");
	write_text(path, "[]\n");
	r.compdb_path = path;
	assert_int_equal(index_setup_make(&s, &r, &err), -1);
	assert_non_null(strstr(err.msg, "no translation units"));
	assert_non_null(strstr(err.msg, path));
	index_setup_release(&s);
	free(path);
	tmpdir_remove(dir);
}

/* A directory that is not a kernel tree is refused before any make. */
static void test_not_a_kernel(void **state)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "setup");
	char *db;
	struct index_request r = { .jobs = 1 };
	struct index_setup s;
	struct kcg_error err;

	(void)state;
	assert_non_null(dir);
	db = path_join(dir, "k.db");
	r.db_path = db;
	r.kernel_dir = dir;
	assert_int_equal(index_setup_make(&s, &r, &err), -1);
	assert_non_null(strstr(err.msg, "is not a Linux kernel source tree"));
	assert_non_null(strstr(err.msg, dir));
	index_setup_release(&s);
	free(db);
	tmpdir_remove(dir);
}

/* The hash the dry-run cache keys on: 16 hex digits, the same for the
 * same text, another for another, none for a missing file. */
static void test_file_hash(void **state)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "setup");
	char *a, *b, *ha, *hb, *ha2;

	(void)state;
	assert_non_null(dir);
	a = path_join(dir, "a");
	b = path_join(dir, "b");
	write_text(a, "obj-y += dev.o\n");
	write_text(b, "obj-y += dev.o \n");
	ha = index_file_hash(a);
	hb = index_file_hash(b);
	assert_non_null(ha);
	assert_non_null(hb);
	assert_int_equal(strlen(ha), 16);
	assert_int_equal(strspn(ha, "0123456789abcdef"), 16);
	assert_string_not_equal(ha, hb);
	write_text(b, "obj-y += dev.o\n");
	ha2 = index_file_hash(b);
	assert_string_equal(ha, ha2);
	free(b);
	b = path_join(dir, "missing");
	assert_null(index_file_hash(b));
	free(a);
	free(b);
	free(ha);
	free(hb);
	free(ha2);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples_by_default),
		cmocka_unit_test(test_root_given),
		cmocka_unit_test(test_empty_compdb),
		cmocka_unit_test(test_not_a_kernel),
		cmocka_unit_test(test_file_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
