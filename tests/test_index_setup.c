/*
 * Tests of index/setup.c: what an index run indexes.  A compile database
 * (the samples/ one by default) gives the commands, the root (its
 * directory unless --root says otherwise, always absolute) and the meta
 * the database records; an empty one and a directory that is no kernel
 * tree are refused with the file named.  A compile database of a kernel
 * tree (a stand-in made here, unprepared) records which kernel it is,
 * found through --root, the database's directory or its commands'.
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
#include <sys/stat.h>

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

/* Write text to dir/rel, making the directories on the way. */
static void put(const char *dir, const char *rel, const char *text)
{
	char *path = path_join(dir, rel), *slash;

	mkdir(dir, 0777);
	for (slash = path + strlen(dir) + 1; (slash = strchr(slash, '/'));
	     slash++) {
		*slash = '\0';
		mkdir(path, 0777);
		*slash = '/';
	}
	write_text(path, text);
	free(path);
}

/* A kernel tree as kbuild_kernel.c recognises one, never prepared. */
static void put_kernel_tree(const char *dir)
{
	put(dir, "Makefile", "# SPDX-License-Identifier: GPL-2.0\n"
	    "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 7\nEXTRAVERSION =\n"
	    "NAME = Curry Ramen\n");
	put(dir, "Kconfig", "");
	put(dir, "Kbuild", "");
	put(dir, "include/linux/kernel.h", "");
	put(dir, "scripts/Makefile.build", "");
	put(dir, ".config", "CONFIG_X86_64=y\n");
	put(dir, "net/a.c", "int a(void) { return 0; }\n");
	put(dir, "net/core/b.c", "int b(void) { return 1; }\n");
}

/* A compile database at path of net/a.c in adir and net/core/b.c in bdir. */
static void put_compdb(const char *path, const char *tree, const char *adir,
		       const char *bdir)
{
	char text[4096];

	snprintf(text, sizeof(text),
		 "[{\"directory\": \"%s\", \"file\": \"%s/net/a.c\", "
		 "\"arguments\": [\"cc\", \"-c\", \"%s/net/a.c\"]},\n"
		 " {\"directory\": \"%s\", \"file\": \"%s/net/core/b.c\", "
		 "\"arguments\": [\"cc\", \"-c\", \"%s/net/core/b.c\"]}]\n",
		 adir, tree, tree, bdir, tree, tree);
	write_text(path, text);
}

/* Set up r for the compile database path (and root); expect the kernel
 * of the stand-in tree in the meta, or no kernel at all, and want_root. */
static void expect_kernel(const char *path, const char *root, int kernel,
			  const char *want_root)
{
	struct index_request r = { .db_path = "x.db", .jobs = 1 };
	struct index_setup s;
	struct kcg_error err;

	r.compdb_path = path;
	r.root = root;
	if (index_setup_make(&s, &r, &err))
		fail_msg("%s", err.msg);
	if (kernel) {
		assert_non_null(meta_of(&s, "kernel_version"));
		assert_string_equal(meta_of(&s, "kernel_version"), "6.1.7");
		assert_string_equal(meta_of(&s, "arch"), "x86_64");
		/* FNV-1a 64 of .config */
		assert_string_equal(meta_of(&s, "config_hash"),
				    "4a0603d28072d463");
	} else {
		assert_null(meta_of(&s, "kernel_version"));
		assert_null(meta_of(&s, "arch"));
		assert_null(meta_of(&s, "config_hash"));
	}
	/* --kernel's own meta only comes with a dry run */
	assert_null(meta_of(&s, "scope"));
	assert_null(meta_of(&s, "kbuild_inputs"));
	assert_null(s.kdir);
	assert_string_equal(s.root, want_root);
	index_setup_release(&s);
}

/* Which kernel a compile database compiles, wherever the tree is named. */
static void test_compdb_of_kernel(void **state)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, "setup");
	char *tree, *other, *net, *core, *inside, *outside;

	(void)state;
	assert_non_null(dir);
	tree = path_join(dir, "linux");
	other = path_join(dir, "other");
	net = path_join(tree, "net");
	core = path_join(tree, "net/core");
	inside = path_join(tree, "compile_commands.json");
	outside = path_join(other, "compile_commands.json");
	put_kernel_tree(tree);
	put(other, "x.c", "");

	/* the compile database's directory */
	put_compdb(inside, tree, other, other);
	expect_kernel(inside, NULL, 1, tree);
	/* --root names the tree */
	put_compdb(outside, tree, other, other);
	expect_kernel(outside, tree, 1, tree);
	/* --root elsewhere, and nothing else is a kernel tree */
	expect_kernel(outside, other, 0, other);
	expect_kernel(outside, NULL, 0, other);
	/* the directory common to the commands (net/ and net/core/ of the
	 * tree give net/) or the nearest above it, even when --root names
	 * no kernel; the tree is the root unless --root says otherwise */
	put_compdb(outside, tree, net, core);
	expect_kernel(outside, NULL, 1, tree);
	expect_kernel(outside, other, 1, other);
	/* a command outside the tree: their common directory is no tree */
	put_compdb(outside, tree, core, other);
	expect_kernel(outside, NULL, 0, other);

	free(tree);
	free(other);
	free(net);
	free(core);
	free(inside);
	free(outside);
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
		cmocka_unit_test(test_compdb_of_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
