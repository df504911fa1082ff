/*
 * Unit tests for extractor/kbuild_*.c: reading compile commands out of a
 * Kbuild dry run (a trimmed excerpt of real Linux 6.1 output in
 * tests/data/kbuild-dev.txt, and hostile input), the checks on the kernel
 * tree, and running make on a stand-in Makefile.
 *
 * KCG_TEST_KERNEL=/path/to/prepared/linux also dry-runs net/core/dev.o in a
 * real tree.
 */
#define _GNU_SOURCE	/* mkdtemp, nftw */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extractor/kbuild.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "support/tmpdir.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *make_tmpdir(const char *name)
{
	char *dir = tmpdir_make(KCG_TEST_TMPDIR, name);

	assert_non_null(dir);
	return dir;
}

static void remove_tmpdir(char *dir)
{
	tmpdir_remove(dir);
}

/* Write text to dir/rel, making the directories on the way. */
static void put_file(const char *dir, const char *rel, const char *text)
{
	struct strbuf path;
	char *slash;
	FILE *f;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", dir, rel);
	for (slash = path.buf + strlen(dir) + 1; (slash = strchr(slash, '/'));
	     slash++) {
		*slash = '\0';
		mkdir(path.buf, 0777);
		*slash = '/';
	}
	f = fopen(path.buf, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	strbuf_release(&path);
}

static char *read_fixture(const char *name, size_t *len)
{
	struct strbuf path, text;
	char buf[4096];
	size_t n;
	FILE *f;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/tests/data/%s", KCG_SOURCE_DIR, name);
	f = fopen(path.buf, "r");
	assert_non_null(f);
	strbuf_init(&text);
	while ((n = fread(buf, 1, sizeof(buf), f)))
		strbuf_add(&text, buf, n);
	fclose(f);
	strbuf_release(&path);
	*len = text.len;
	return strbuf_detach(&text);
}

static int has_arg(const struct compile_command *cmd, const char *arg)
{
	int i;

	for (i = 0; i < cmd->argc; i++)
		if (!strcmp(cmd->argv[i], arg))
			return 1;
	return 0;
}

static int has_arg_prefix(const struct compile_command *cmd,
			  const char *prefix)
{
	int i;

	for (i = 0; i < cmd->argc; i++)
		if (!strncmp(cmd->argv[i], prefix, strlen(prefix)))
			return 1;
	return 0;
}

static size_t parse_text(struct compdb *db, const char *text)
{
	struct kcg_error err;

	assert_int_equal(kbuild_parse_output(db, "/k", NULL, text, strlen(text),
					     &err), 0);
	return db->nr;
}

static void test_parse_real_excerpt(void **state)
{
	const struct compile_command *dev, *e1000;
	struct kcg_error err;
	struct compdb db;
	size_t len;
	char *text = read_fixture("kbuild-dev.txt", &len);

	(void)state;
	compdb_init(&db);
	assert_int_equal(kbuild_parse_output(&db, "/k", NULL, text, len,
					     &err), 0);
	/* dev.c and e1000_main.c; not genksyms (-E), bounds (-S), the
	 * host program, the echo and fixdep copies */
	assert_int_equal(db.nr, 2);
	dev = &db.cmds[0];
	assert_string_equal(dev->directory, "/k");
	assert_string_equal(dev->file, "/k/net/core/dev.c");
	assert_string_equal(dev->argv[0], "clang");
	assert_string_equal(dev->argv[dev->argc - 1], "net/core/dev.c");
	assert_true(has_arg(dev, "-DKBUILD_MODNAME=\"dev\""));
	assert_true(has_arg(dev, "-D__KERNEL__"));
	assert_true(has_arg(dev, "-c"));
	assert_true(has_arg(dev, "./include/linux/kconfig.h"));
	assert_true(has_arg(dev, "-enable-trivial-auto-var-init-zero-"
			    "knowing-it-will-be-removed-from-clang"));
	assert_false(has_arg(dev, "-o"));
	assert_false(has_arg(dev, "net/core/dev.o"));
	assert_false(has_arg_prefix(dev, "-Wp,"));
	assert_false(has_arg_prefix(dev, "-Werror"));
	assert_false(has_arg_prefix(dev, "./tools/objtool"));
	e1000 = &db.cmds[1];
	assert_string_equal(e1000->file,
		"/k/drivers/net/ethernet/intel/e1000/e1000_main.c");
	assert_true(has_arg(e1000, "-DMODULE"));
	assert_true(has_arg(e1000, "-DKBUILD_MODNAME=\"e1000\""));
	/* the same output again adds nothing */
	assert_int_equal(kbuild_parse_output(&db, "/k", NULL, text, len,
					     &err), 0);
	assert_int_equal(db.nr, 2);
	compdb_release(&db);
	free(text);
}

/* Does any word of cmd contain s? */
static int any_arg_has(const struct compile_command *cmd, const char *s)
{
	int i;

	for (i = 0; i < cmd->argc; i++)
		if (strstr(cmd->argv[i], s))
			return 1;
	return 0;
}

/*
 * Linux 6.12 echoes each command as `echo '# CC obj'; echo '  clang ...'`
 * before running it (tests/data/kbuild-6.12.txt, from `make LLVM=1 -n -B
 * V=1 --no-print-directory net/core/dev.o` and the slice's e1000 module):
 * the real invocation is taken, never the echoed text.
 */
static void test_parse_612_excerpt(void **state)
{
	const struct compile_command *dev, *e1000;
	struct kcg_error err;
	struct compdb db;
	struct strbuf echo_only;
	size_t len;
	char *text = read_fixture("kbuild-6.12.txt", &len), *cc, *trap;

	(void)state;
	compdb_init(&db);
	assert_int_equal(kbuild_parse_output(&db, "/k", NULL, text, len,
					     &err), 0);
	/* not genksyms (-E), bounds (-S), fixdep (a host program), the
	 * .mod and objtool-dependency recipes */
	assert_int_equal(db.nr, 2);
	dev = &db.cmds[0];
	assert_string_equal(dev->file, "/k/net/core/dev.c");
	assert_string_equal(dev->argv[0], "clang");
	assert_string_equal(dev->argv[dev->argc - 1], "net/core/dev.c");
	/* the shell's words, not the echo's: quotes removed once */
	assert_true(has_arg(dev, "-DKBUILD_MODNAME=\"dev\""));
	assert_true(has_arg(dev, "-D__KERNEL__"));
	assert_true(has_arg(dev, "./include/linux/compiler-version.h"));
	assert_false(any_arg_has(dev, "echo"));
	assert_false(any_arg_has(dev, "# CC"));
	assert_false(any_arg_has(dev, "'"));
	assert_false(has_arg(dev, "-o"));
	e1000 = &db.cmds[1];
	assert_string_equal(e1000->file,
		"/k/drivers/net/ethernet/intel/e1000/e1000_main.c");
	assert_true(has_arg(e1000, "-DMODULE"));
	assert_true(has_arg(e1000, "-DKBUILD_MODNAME=\"e1000\""));
	compdb_release(&db);

	/* the echoes of the CC line alone compile nothing */
	cc = strstr(text, "set -e; echo '# CC      net/core/dev.o'");
	assert_non_null(cc);
	trap = strstr(cc, "; trap ");
	assert_non_null(trap);
	strbuf_init(&echo_only);
	strbuf_add(&echo_only, cc, (size_t)(trap - cc));
	assert_non_null(strstr(echo_only.buf, "-c -o net/core/dev.o"));
	compdb_init(&db);
	assert_int_equal(parse_text(&db, echo_only.buf), 0);
	compdb_release(&db);
	strbuf_release(&echo_only);
	free(text);
}

static void test_parse_rejects_non_kernel_compiles(void **state)
{
	static const char *const texts[] = {
		"clang -D__KERNEL__ -c -o a.o a.c b.c",	/* two sources */
		"clang -D__KERNEL__ -o a.o a.c",		/* links */
		"clang -c -o a.o a.c",			/* host program */
		"clang -D__KERNEL__ -c -o a.s a.c",	/* not an object */
		"clang -D__KERNEL__ -S -c -o a.o a.c",
		"clang -D__KERNEL__ -E -c -o a.o a.c",
		"clang -D__KERNEL__ -c -o a.o a.S",
		"clang -D__KERNEL__ -c -o a.o -include a.c",
		"echo clang -D__KERNEL__ -c -o a.o a.c",
		"echo 'clang -D__KERNEL__ -c -o a.o a.c'",
		"ld.lld -D__KERNEL__ -c -o a.o a.c",
		"clangd -D__KERNEL__ -c -o a.o a.c",
		"clang",
		"",
	};
	struct compdb db;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		compdb_init(&db);
		if (parse_text(&db, texts[i]))
			fail_msg("accepted: %s", texts[i]);
		compdb_release(&db);
	}
}

static void test_parse_accepts_variants(void **state)
{
	static const char text[] =
		"then clang -D __KERNEL__ -c -o a.o a.c 2>/dev/null > log\n"
		"ccache x86_64-linux-gnu-gcc-12 -D__KERNEL__ -c -o b.o b.c\n"
		"LC_ALL=C /usr/bin/clang-14 -D__KERNEL__ -c -o c.o ./c.c\n"
		"clang -D__KERNEL__ \\\n  -c -o d.o d.c\n"
		"clang -D__KERNEL__ -include x.c -I y.c -c -o e.o e.c\n"
		"clang -D__KERNEL__ -c -o f.o f.c; echo 'unterminated\n"
		"cc -D__KERNEL__ -c -o g.o 'g g.c'";	/* no final newline */
	static const char *const files[] = {
		"/k/a.c", "/k/b.c", "/k/c.c", "/k/d.c", "/k/e.c", "/k/f.c",
		"/k/g g.c"
	};
	struct compdb db;
	size_t i;

	(void)state;
	compdb_init(&db);
	assert_int_equal(parse_text(&db, text), 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(db.cmds[i].file, files[i]);
	/* redirections and the words before the compiler are gone */
	assert_string_equal(db.cmds[0].argv[0], "clang");
	assert_false(has_arg(&db.cmds[0], "log"));
	assert_false(has_arg_prefix(&db.cmds[0], "2>"));
	assert_string_equal(db.cmds[1].argv[0], "x86_64-linux-gnu-gcc-12");
	assert_string_equal(db.cmds[2].argv[0], "/usr/bin/clang-14");
	compdb_release(&db);
}

/* With goals, only the objects they build are kept, as in kbuild_dry_run. */
static void test_parse_scope(void **state)
{
	static const char text[] =
		"clang -D__KERNEL__ -c -o net/a.o net/a.c\n"
		"clang -D__KERNEL__ -c -o scripts/mod/empty.o "
		"scripts/mod/empty.c\n"
		"clang -D__KERNEL__ -c -o /k/./net/b.o net/b.c\n"
		"clang -D__KERNEL__ -c -o ./kernel/fork.o kernel/fork.c\n"
		"clang -D__KERNEL__ -c -o kernel/exit.o kernel/exit.c\n"
		"clang -D__KERNEL__ -c -o /elsewhere/c.o net/c.c\n";
	char *goals[] = { "net/", "kernel/fork.o", NULL };
	struct kcg_error err;
	struct compdb db;

	(void)state;
	compdb_init(&db);
	assert_int_equal(kbuild_parse_output(&db, "/k/", goals, text,
					     strlen(text), &err), 0);
	assert_int_equal(db.nr, 3);
	assert_string_equal(db.cmds[0].file, "/k/net/a.c");
	assert_string_equal(db.cmds[1].file, "/k/net/b.c");
	assert_string_equal(db.cmds[2].file, "/k/kernel/fork.c");
	compdb_release(&db);
}

/* A xorshift generator, for the same "random" bytes on every run. */
static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_parse_hostile(void **state)
{
	static const char alphabet[] = "clang -D__KERNEL__ -c -o x.o x.c"
		"'\"\\;&|\n\t #$`";
	struct kcg_error err;
	struct compdb db;
	struct strbuf sb;
	uint32_t seed = 12345;
	int round;
	size_t i;

	(void)state;
	compdb_init(&db);
	strbuf_init(&sb);
	for (round = 0; round < 200; round++) {
		strbuf_reset(&sb);
		for (i = 0; i < 2000; i++) {
			uint32_t r = next_random(&seed);

			strbuf_addch(&sb, round % 2 ? (char)r :
				     alphabet[r % (sizeof(alphabet) - 1)]);
		}
		assert_int_equal(kbuild_parse_output(&db, "/k", NULL, sb.buf,
						     sb.len, &err), 0);
	}
	/* pathological shapes */
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "\\\n");
	assert_int_equal(kbuild_parse_output(&db, "/k", NULL, sb.buf,
					     sb.len, &err), 0);
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "';");
	assert_int_equal(kbuild_parse_output(&db, "/k", NULL, sb.buf,
					     sb.len, &err), 0);
	/* a NUL byte ends what is understood of its line only */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "clang -D__KERNEL__ -c -o n.o n.c ");
	strbuf_addch(&sb, '\0');
	strbuf_addstr(&sb, "x\nclang -D__KERNEL__ -c -o m.o m.c\n");
	compdb_release(&db);
	compdb_init(&db);
	assert_int_equal(kbuild_parse_output(&db, "/k", NULL, sb.buf,
					     sb.len, &err), 0);
	assert_int_equal(db.nr, 1);
	assert_string_equal(db.cmds[0].file, "/k/m.c");
	strbuf_release(&sb);
	compdb_release(&db);
}

static void expect_msg(const struct kcg_error *err, const char *want)
{
	if (!strstr(err->msg, want))
		fail_msg("'%s' not in '%s'", want, err->msg);
}

/* The files that make a directory look like a kernel source tree. */
static void put_skeleton(const char *dir)
{
	static const char *const skeleton[] = {
		"Makefile", "Kconfig", "Kbuild", "include/linux/kernel.h",
		"scripts/Makefile.build", NULL
	};
	int i;

	for (i = 0; skeleton[i]; i++)
		put_file(dir, skeleton[i], "");
}

static void test_check_prepared(void **state)
{
	char *dir = make_tmpdir("kdir one");
	struct kcg_error err = { .msg = "" };
	struct strbuf want, path;

	(void)state;
	strbuf_init(&want);
	strbuf_init(&path);
	/* nothing there */
	strbuf_addf(&path, "%s/nonexistent", dir);
	assert_int_equal(kbuild_check_prepared(path.buf, &err), -1);
	expect_msg(&err, "cannot open kernel tree");
	expect_msg(&err, "No such file or directory");
	/* a file */
	put_file(dir, "plain", "");
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/plain", dir);
	assert_int_equal(kbuild_check_prepared(path.buf, &err), -1);
	expect_msg(&err, "is not a directory");
	/* an empty directory is not a kernel tree */
	assert_int_equal(kbuild_check_prepared(dir, &err), -1);
	expect_msg(&err, "is not a Linux kernel source tree (no 'Makefile')");
	/* a kernel tree that was never configured */
	put_skeleton(dir);
	assert_int_equal(kbuild_check_prepared(dir, &err), -1);
	strbuf_addf(&want, "kernel tree '%s' is not prepared ('.config' is "
		    "missing); run: cd '%s' && make LLVM=1 olddefconfig && "
		    "make LLVM=1 prepare", dir, dir);
	assert_string_equal(err.msg, want.buf);
	/* configured but not prepared */
	put_file(dir, ".config", "CONFIG_X86_64=y\n");
	put_file(dir, "include/config/auto.conf", "");
	put_file(dir, "include/generated/autoconf.h", "");
	assert_int_equal(kbuild_check_prepared(dir, &err), -1);
	expect_msg(&err, "'include/generated/bounds.h' is missing");
	expect_msg(&err, "make LLVM=1 olddefconfig && make LLVM=1 prepare");
	put_file(dir, "include/generated/bounds.h", "");
	put_file(dir, "include/generated/asm-offsets.h", "");
	if (kbuild_check_prepared(dir, &err))
		fail_msg("%s", err.msg);
	/* .config edited after the last prepare */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/include/config/auto.conf", dir);
	assert_int_equal(utimensat(AT_FDCWD, path.buf,
		(struct timespec[]){ { 1000, 0 }, { 1000, 0 } }, 0), 0);
	assert_int_equal(kbuild_check_prepared(dir, &err), -1);
	expect_msg(&err, "'.config' is newer than 'include/config/auto.conf'");
	expect_msg(&err, "make LLVM=1 olddefconfig && make LLVM=1 prepare");
	strbuf_release(&want);
	strbuf_release(&path);
	remove_tmpdir(dir);
}

static void test_check_prepared_plain_path(void **state)
{
	char *dir = make_tmpdir("plain");
	struct kcg_error err = { .msg = "" };
	struct strbuf want;

	(void)state;
	if (strspn(dir, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789_./-") != strlen(dir)) {
		remove_tmpdir(dir);
		skip();	/* KCG_TEST_TMPDIR itself needs quoting */
	}
	/* a path that needs no quoting is not quoted */
	put_skeleton(dir);
	assert_int_equal(kbuild_check_prepared(dir, &err), -1);
	strbuf_init(&want);
	strbuf_addf(&want, "; run: cd %s && make LLVM=1 olddefconfig", dir);
	expect_msg(&err, want.buf);
	strbuf_release(&want);
	remove_tmpdir(dir);
}

static void test_facts(void **state)
{
	char *dir = make_tmpdir("facts"), *s;

	(void)state;
	assert_null(kbuild_arch(dir));
	assert_null(kbuild_config_hash(dir));
	put_file(dir, "Makefile", "# SPDX\nVERSION = 6\nPATCHLEVEL = 1\n"
		 "SUBLEVEL = 192\nEXTRAVERSION = -rc1 \nNAME = x\n");
	s = kbuild_kernel_version(dir);
	assert_string_equal(s, "6.1.192-rc1");
	free(s);
	put_file(dir, ".config", "# CONFIG_X86_64 is not set\n"
		 "CONFIG_X86_32=y\nCONFIG_X86=y\n");
	s = kbuild_arch(dir);
	assert_string_equal(s, "i386");
	free(s);
	put_file(dir, ".config", "CONFIG_ARM64=y\nCONFIG_ARM64_4K_PAGES=y\n");
	s = kbuild_arch(dir);
	assert_string_equal(s, "arm64");
	free(s);
	put_file(dir, ".config", "CONFIG_X86_64=y");
	s = kbuild_arch(dir);
	assert_string_equal(s, "x86_64");
	free(s);
	put_file(dir, ".config", "abc");	/* FNV-1a 64 of "abc" */
	s = kbuild_config_hash(dir);
	assert_string_equal(s, "e71fa2190541574b");
	free(s);
	put_file(dir, ".config", "");
	s = kbuild_config_hash(dir);
	assert_string_equal(s, "cbf29ce484222325");
	free(s);
	remove_tmpdir(dir);
}

static void test_version_needs_make(void **state)
{
	char *dir = make_tmpdir("version"), *s;

	(void)state;
	put_file(dir, "Makefile", "VERSION = $(shell echo 5)\n"
		 "PATCHLEVEL = 4\n"
		 "kernelversion:\n\t@echo $(VERSION).$(PATCHLEVEL).0\n");
	s = kbuild_kernel_version(dir);
	assert_non_null(s);
	assert_string_equal(s, "5.4.0");
	free(s);
	remove_tmpdir(dir);
}

/* A stand-in for Kbuild: make -n prints these recipes. */
static const char fake_makefile[] =
	"net/: prepare\n"
	"\t@echo building net\n"
	"\tclang -D__KERNEL__ -Wp,-MMD,net/.a.o.d -c -o net/a.o net/a.c;"
	" ./tools/objtool/objtool net/a.o\n"
	"\tclang -D__KERNEL__ -c -o 'net/b c.o' 'net/b c.c'\n"
	"\tgcc -O2 -c -o scripts/host.o scripts/host.c\n"
	"\tclang -D__KERNEL__ -c -o ./net/relo.o tools/lib/relo.c\n"
	"net/a.o: prepare\n"
	"\tclang -D__KERNEL__ -DONLY_A -c -o net/a.o net/a.c\n"
	"\tclang -D__KERNEL__ -c -o ./net/a2.o ./net/a2.c\n"
	"prepare:\n"
	"\tclang -D__KERNEL__ -c -o scripts/mod/empty.o scripts/mod/empty.c\n"
	"docs/:\n"
	"\techo nothing to compile\n"
	"odd/:\n"
	"\t@echo '# CC odd/x.o'; echo '  clang -D__KERNEL__ -c -o odd/x.o "
	"odd/x.c'\n"
	"\tcompile odd/x.c\n"
	"compile_commands.json: prepare\n"
	"\tclang -D__KERNEL__ -DWHOLE -c -o init/main.o init/main.c\n"
	"fails:\n"
	"\techo first >&2; echo oops >&2; false\n"
	"ok.h:\n"
	"\techo generated > ok.h\n";

static char *fake_tree(void)
{
	char *dir = make_tmpdir("fake");

	put_file(dir, "Makefile", fake_makefile);
	put_file(dir, "net/a.c", "");
	put_file(dir, "odd/sub/x.c", "");
	return dir;
}

static int dry_run(struct compdb *db, const char *kdir, const char *entry,
		   struct kcg_error *err)
{
	char *scope[] = { (char *)entry, NULL };

	return kbuild_dry_run(db, kdir, scope, entry ? 1 : 0, err);
}

static void test_dry_run(void **state)
{
	char *dir = fake_tree();
	struct kcg_error err = { .msg = "" };
	struct compdb db;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	compdb_init(&db);
	if (dry_run(&db, dir, "net/", &err))
		fail_msg("%s", err.msg);
	assert_int_equal(db.nr, 3);
	strbuf_addf(&sb, "%s/net/a.c", dir);
	assert_string_equal(db.cmds[0].file, sb.buf);
	assert_string_equal(db.cmds[0].directory, dir);
	assert_false(has_arg_prefix(&db.cmds[0], "-Wp,"));
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/net/b c.c", dir);
	assert_string_equal(db.cmds[1].file, sb.buf);
	/* an object of net/ built from a source elsewhere */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/tools/lib/relo.c", dir);
	assert_string_equal(db.cmds[2].file, sb.buf);
	compdb_release(&db);

	/* a directory named without the slash, and a file */
	compdb_init(&db);
	assert_int_equal(dry_run(&db, dir, "net", &err), 0);
	assert_int_equal(db.nr, 3);
	compdb_release(&db);
	/* prepare compiles scripts/mod/empty.c: not in the scope */
	compdb_init(&db);
	assert_int_equal(dry_run(&db, dir, "./net/a.c", &err), 0);
	assert_int_equal(db.nr, 1);
	assert_true(has_arg(&db.cmds[0], "-DONLY_A"));
	compdb_release(&db);
	compdb_init(&db);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/net/a.o", dir);
	assert_int_equal(dry_run(&db, dir, sb.buf, &err), 0);
	assert_true(has_arg(&db.cmds[0], "-DONLY_A"));
	compdb_release(&db);

	/* the environment of a parent make does not leak into the dry run */
	setenv("MAKEFLAGS", "q", 1);
	compdb_init(&db);
	assert_int_equal(dry_run(&db, dir, "net/", &err), 0);
	assert_int_equal(db.nr, 3);
	compdb_release(&db);
	unsetenv("MAKEFLAGS");

	/* the whole tree: everything */
	compdb_init(&db);
	assert_int_equal(dry_run(&db, dir, NULL, &err), 0);
	assert_int_equal(db.nr, 2);
	assert_true(has_arg(&db.cmds[1], "-DWHOLE"));
	compdb_release(&db);
	strbuf_release(&sb);
	remove_tmpdir(dir);
}

static void test_dry_run_errors(void **state)
{
	char *dir = fake_tree();
	struct kcg_error err = { .msg = "" };
	struct compdb db;

	(void)state;
	compdb_init(&db);
	/* make fails: its error, and what kcg expects */
	assert_int_equal(dry_run(&db, dir, "missing/", &err), -1);
	expect_msg(&err, "make LLVM=1 -n -B V=1 for 'missing/' in '");
	expect_msg(&err, "failed with exit status 2");
	expect_msg(&err, "No rule to make target 'missing/'");
	expect_msg(&err, "kcg expects Kbuild's V=1 command lines");
	assert_int_equal(err.kind, KCG_ERROR_UNSUPPORTED);
	/* nothing to compile where there is no C file: no more than that */
	assert_int_equal(dry_run(&db, dir, "docs/", &err), -1);
	expect_msg(&err, "make LLVM=1 -n -B V=1 for 'docs/' in '");
	expect_msg(&err, "found no C files to compile");
	assert_int_equal(err.kind, KCG_ERROR_FAILED);
	/* C files, and output kcg does not recognise: what it printed */
	assert_int_equal(dry_run(&db, dir, "odd", &err), -1);
	expect_msg(&err, "printed 2 lines and no compile command kcg "
		   "recognises, beginning 'echo '# CC odd/x.o'; echo '  clang "
		   "-D__KERNEL__ -c -o odd/x.o odd/x.c'', 'compile odd/x.c'; "
		   "kcg expects Kbuild's V=1 command lines, such as 'clang ");
	expect_msg(&err, "--compdb FILE --root DIR");
	assert_int_equal(err.kind, KCG_ERROR_UNSUPPORTED);
	assert_int_equal(dry_run(&db, dir, "../elsewhere", &err), -1);
	expect_msg(&err, "'../elsewhere' is not a file or directory in "
		   "kernel tree");
	assert_int_equal(dry_run(&db, dir, "/elsewhere/net", &err), -1);
	expect_msg(&err, "'/elsewhere/net' is outside kernel tree");
	assert_int_equal(dry_run(&db, dir, "-j", &err), -1);
	expect_msg(&err, "'-j' is not a file or directory");
	assert_int_equal(dry_run(&db, dir, "CC=gcc", &err), -1);
	expect_msg(&err, "'CC=gcc' is not a file or directory");
	assert_int_equal(db.nr, 0);
	compdb_release(&db);
	remove_tmpdir(dir);
}

static void test_make_target(void **state)
{
	char *dir = fake_tree();
	struct kcg_error err = { .msg = "" };
	struct strbuf path;
	struct stat st;

	(void)state;
	strbuf_init(&path);
	strbuf_addf(&path, "%s/ok.h", dir);
	if (kbuild_make_target(dir, "ok.h", &err))
		fail_msg("%s", err.msg);
	assert_int_equal(stat(path.buf, &st), 0);
	assert_int_equal(kbuild_make_target(dir, "fails", &err), -1);
	expect_msg(&err, "make LLVM=1 'fails' in '");
	expect_msg(&err, "failed with exit status 2: first; oops; make: ***");
	assert_int_equal(kbuild_make_target(dir, "-s", &err), -1);
	expect_msg(&err, "'-s' is not a make target");
	strbuf_release(&path);
	remove_tmpdir(dir);
}

static void test_real_kernel(void **state)
{
	const char *kdir = getenv("KCG_TEST_KERNEL");
	struct kcg_error err = { .msg = "" };
	struct compdb db;

	(void)state;
	if (!kdir || !*kdir) {
		skip();
		return;
	}
	if (kbuild_check_prepared(kdir, &err))
		fail_msg("%s", err.msg);
	compdb_init(&db);
	if (dry_run(&db, kdir, "net/core/dev.c", &err))
		fail_msg("%s", err.msg);
	assert_int_equal(db.nr, 1);
	assert_true(has_arg(&db.cmds[0], "-D__KERNEL__"));
	assert_false(has_arg(&db.cmds[0], "-o"));
	compdb_release(&db);
}

/* The hash of the whole tree's (or net/'s) dry-run inputs in dir. */
static char *inputs_of(const char *dir, int net_only)
{
	char *scope[] = { "net/" };

	return kbuild_inputs_hash(dir, scope, net_only, "salt");
}

static void assert_inputs(const char *dir, int net_only, const char *was,
			  int same)
{
	char *now = inputs_of(dir, net_only);

	if (same ? strcmp(now, was) : !strcmp(now, was))
		fail_msg("inputs hash %s after the change: %s, %s before",
			 same ? "changed" : "unchanged", now, was);
	free(now);
}

/*
 * The walk behind the inputs hash finds the makefiles deep in the tree
 * (and only those): an edited Kbuild three levels down changes the hash of
 * the whole tree and of its scope, an edited .c or a makefile outside the
 * scope does not change the scope's, a symbolic link is not followed.
 */
static void test_inputs_hash(void **state)
{
	char *dir = make_tmpdir("inputs"), *whole, *net;
	char link_at[4200];

	(void)state;
	put_file(dir, "Makefile", "VERSION = 6\n");
	put_file(dir, "net/Makefile", "obj-y += ipv4/\n");
	put_file(dir, "net/ipv4/Kbuild", "obj-y += a.o\n");
	put_file(dir, "net/ipv4/a.c", "int a;\n");
	put_file(dir, "fs/ext4/Makefile", "obj-y += b.o\n");
	snprintf(link_at, sizeof(link_at), "%s/net/loop", dir);
	assert_int_equal(symlink("..", link_at), 0);
	whole = inputs_of(dir, 0);
	net = inputs_of(dir, 1);

	put_file(dir, "net/ipv4/a.c", "int a, b;\n");
	assert_inputs(dir, 0, whole, 1);
	assert_inputs(dir, 1, net, 1);
	put_file(dir, "fs/ext4/Makefile", "obj-y += b.o c.o\n");
	assert_inputs(dir, 1, net, 1);
	assert_inputs(dir, 0, whole, 0);
	free(whole);
	whole = inputs_of(dir, 0);
	put_file(dir, "net/ipv4/Kbuild", "obj-y += a.o b.o\n");
	assert_inputs(dir, 0, whole, 0);
	assert_inputs(dir, 1, net, 0);
	free(whole);
	free(net);
	remove_tmpdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_real_excerpt),
		cmocka_unit_test(test_parse_612_excerpt),
		cmocka_unit_test(test_parse_rejects_non_kernel_compiles),
		cmocka_unit_test(test_parse_accepts_variants),
		cmocka_unit_test(test_parse_scope),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_check_prepared),
		cmocka_unit_test(test_check_prepared_plain_path),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_version_needs_make),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_dry_run_errors),
		cmocka_unit_test(test_make_target),
		cmocka_unit_test(test_real_kernel),
		cmocka_unit_test(test_inputs_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
