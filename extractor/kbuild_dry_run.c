/*
 * The Kbuild dry run: see kbuild_dry_run() in kbuild.h.  The scope becomes
 * make goals, `make LLVM=1 -n -B V=1 <goals>` runs in the tree
 * (kbuild_make.c) and what it prints is parsed as it arrives
 * (kbuild_parse.c).
 *
 * Included makefiles are remade for real even under -n, so the dry run
 * marks the Kconfig outputs as old (-o): with -B, make would otherwise run
 * syncconfig in the tree, or stop on the rule that reports a missing
 * .config.  make hands the -o options to none of its sub-makes, and Linux
 * 6.12's top Makefile runs itself again in a sub-make unless
 * --no-print-directory is in MAKEFLAGS (to silence "Entering directory"),
 * so the dry run passes it: the sub-make is then not run and the -o
 * options hold.
 */
#include "extractor/kbuild.h"
#include "extractor/kbuild_int.h"

#include "extractor/cmdline.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Kconfig outputs make must not try to remake during the dry run. */
static const char *const config_files[] = {
	".config",
	"include/config/auto.conf",
	"include/config/auto.conf.cmd",
	"include/generated/autoconf.h",
	"include/generated/rustc_cfg",
	NULL
};

static int bad_target(const char *entry, const char *kdir, const char *why,
		      struct kcg_error *err)
{
	return kcg_error_set(err, "'%s' %s kernel tree '%s'", entry, why, kdir);
}

/*
 * The make target for a scope entry: "net/" and "net" (a directory) give
 * "net/", "net/core/dev.c" gives "net/core/dev.o".  *target is NULL for the
 * whole tree.
 */
static int scope_target(const char *kdir, const char *entry, char **target,
			struct kcg_error *err)
{
	size_t len = strlen(entry);
	int dir = len && entry[len - 1] == '/';
	char *norm = path_normalize(entry), *abs;
	const char *rel = norm;
	struct strbuf sb;
	struct stat st;

	*target = NULL;
	if (entry[0] == '/') {
		rel = !strcmp(norm, kdir) ? "." : path_relative_to(norm, kdir);
		if (!rel) {
			free(norm);
			return bad_target(entry, kdir, "is outside", err);
		}
	}
	if (!*entry || !strcmp(rel, "..") || !strncmp(rel, "../", 3) ||
	    rel[0] == '-' || strchr(rel, '=') || strpbrk(rel, " \t\n")) {
		free(norm);
		return bad_target(entry, kdir, "is not a file or directory in",
				  err);
	}
	strbuf_init(&sb);
	if (strcmp(rel, ".")) {
		strbuf_addstr(&sb, rel);
		abs = path_join(kdir, rel);
		if (kbuild_has_suffix(rel, ".c"))
			sb.buf[sb.len - 1] = 'o';
		else if (dir || (!stat(abs, &st) && S_ISDIR(st.st_mode)))
			strbuf_addch(&sb, '/');
		free(abs);
		*target = strbuf_detach(&sb);
	}
	free(norm);
	return 0;
}

static void add_arg(char ***argv, size_t *nr, size_t *alloc, const char *arg)
{
	xgrow(argv, alloc, *nr + 2, sizeof(**argv));
	(*argv)[(*nr)++] = xstrdup(arg);
	(*argv)[*nr] = NULL;
}

/*
 * The goal for the whole tree.  Under -n the default goal fails in Linux
 * 6.x: the vmlinux.o sub-make really runs and finds no vmlinux.a.  The
 * compile_commands.json goal (5.10 and later) depends on vmlinux.a and
 * modules.order, so it compiles everything, builtin and modules, without
 * linking; with -n its own script only gets printed.
 */
static const char *whole_tree_goal(const char *kdir)
{
	struct strbuf sb;
	const char *goal = NULL;

	strbuf_init(&sb);
	if (!kbuild_read_tree_file(kdir, "Makefile", &sb) &&
	    strstr(sb.buf, "\ncompile_commands.json:"))
		goal = "compile_commands.json";
	strbuf_release(&sb);
	return goal;
}

/*
 * The make command line; *goals is set to the index of the first goal
 * that came from the scope (argv[*goals] is NULL for the whole tree).
 */
static char **dry_run_argv(const char *kdir, char *const *scope, int nscope,
			   size_t *goals, struct kcg_error *err)
{
	static const char *const flags[] = {
		"LLVM=1", "-n", "-B", "V=1", "--no-print-directory", NULL
	};
	char **argv = NULL, *target;
	const char *whole;
	size_t nr = 0, alloc = 0;
	int i;

	add_arg(&argv, &nr, &alloc, "make");
	add_arg(&argv, &nr, &alloc, "-C");
	add_arg(&argv, &nr, &alloc, kdir);
	for (i = 0; flags[i]; i++)
		add_arg(&argv, &nr, &alloc, flags[i]);
	for (i = 0; config_files[i]; i++) {
		add_arg(&argv, &nr, &alloc, "-o");
		add_arg(&argv, &nr, &alloc, config_files[i]);
	}
	*goals = nr;
	for (i = 0; i < nscope; i++) {
		if (scope_target(kdir, scope[i], &target, err)) {
			cmdline_free(argv);
			return NULL;
		}
		if (target)
			add_arg(&argv, &nr, &alloc, target);
		free(target);
	}
	whole = nr == *goals ? whole_tree_goal(kdir) : NULL;
	if (whole)
		add_arg(&argv, &nr, &alloc, whole);
	if (whole || nr == *goals)
		*goals = nr;	/* nothing to filter on */
	return argv;
}

/* At most this many scope entries are named in a message. */
#define NAMED_ENTRIES 4

static void scope_text(struct strbuf *sb, char *const *scope, int nscope)
{
	int i;

	if (!nscope)
		strbuf_addstr(sb, "the whole tree");
	for (i = 0; i < nscope && i < NAMED_ENTRIES; i++)
		strbuf_addf(sb, "%s'%s'", i ? ", " : "", scope[i]);
	if (nscope > NAMED_ENTRIES)
		strbuf_addf(sb, " and %d more", nscope - NAMED_ENTRIES);
}

/* Is there a .c file under dir (not following symbolic links)? */
static int dir_has_c(const char *dir, int depth)
{
	DIR *d = depth < 32 ? opendir(dir) : NULL;
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		char *path;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;	/* ., .., and Kbuild's .tmp files */
		path = path_join(dir, e->d_name);
		if (!lstat(path, &st)) {
			if (S_ISREG(st.st_mode))
				found = kbuild_has_suffix(e->d_name, ".c");
			else if (S_ISDIR(st.st_mode))
				found = dir_has_c(path, depth + 1);
		}
		free(path);
	}
	closedir(d);
	return found;
}

/*
 * Does the scope name C files?  A file named or a directory holding a .c
 * file: a dry run that finds nothing to compile there printed what kcg
 * does not understand.
 */
static int scope_has_c(const char *kdir, char *const *scope, int nscope)
{
	int i, found = !nscope;

	for (i = 0; i < nscope && !found; i++) {
		char *path = scope[i][0] == '/' ? xstrdup(scope[i]) :
			     path_join(kdir, scope[i]);
		struct stat st;

		if (!stat(path, &st))
			found = S_ISDIR(st.st_mode) ? dir_has_c(path, 0) : 1;
		else
			found = kbuild_has_suffix(path, ".o");
		free(path);
	}
	return found;
}

/* What kcg expects a dry run to print, and what to do instead. */
#define EXPECTED "kcg expects Kbuild's V=1 command lines, such as " \
	"'clang ... -D__KERNEL__ ... -c -o net/core/dev.o net/core/dev.c' " \
	"(Linux 6.1 and 6.12 print them); with a compile_commands.json " \
	"from a build, index it with --compdb FILE --root DIR"

/*
 * The dry run failed (res), or printed no compile command kcg recognises
 * (res NULL; dr says what it printed).  Both mean a tree kcg does not
 * understand, unless the scope holds no C file to compile.
 */
static int dry_run_failed(const char *kdir, char *const *scope, int nscope,
			  const struct make_result *res,
			  const struct kbuild_parser *dr,
			  struct kcg_error *err)
{
	struct strbuf sb;
	int ret;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "make LLVM=1 -n -B V=1 for ");
	scope_text(&sb, scope, nscope);
	strbuf_addf(&sb, " in '%s' ", kdir);
	if (!res && !scope_has_c(kdir, scope, nscope)) {
		strbuf_addstr(&sb, "found no C files to compile");
		ret = kcg_error_set(err, "%s", sb.buf);
		strbuf_release(&sb);
		return ret;
	}
	if (res)
		kbuild_describe_failure(&sb, res);
	else if (!dr->head_lines)
		strbuf_addstr(&sb, "printed nothing");
	else
		strbuf_addf(&sb, "printed %zu line%s and no compile command "
				 "kcg recognises, beginning %s", dr->lines,
			    dr->lines == 1 ? "" : "s", dr->head.buf);
	strbuf_addstr(&sb, "; " EXPECTED);
	ret = kcg_error_unsupported(err, "%s", sb.buf);
	strbuf_release(&sb);
	return ret;
}

int kbuild_dry_run(struct compdb *db, const char *kdir, char *const *scope,
		   int nscope, struct kcg_error *err)
{
	char *abs = path_absolute(kdir);
	struct make_result res;
	struct kbuild_parser dr;
	size_t goals;
	char **argv;
	int ret = -1;

	argv = dry_run_argv(abs, scope, nscope, &goals, err);
	if (!argv)
		goto out;
	kbuild_parser_init(&dr, db, abs, argv[goals] ? argv + goals : NULL);
	if (kbuild_run_make(argv, kbuild_parser_line, &dr, &res, err)) {
		kbuild_parser_finish(&dr);
		kbuild_parser_release(&dr);
		goto out;
	}
	kbuild_parser_finish(&dr);
	if (res.status)
		dry_run_failed(abs, scope, nscope, &res, &dr, err);
	else if (!dr.found)
		dry_run_failed(abs, scope, nscope, NULL, &dr, err);
	else
		ret = 0;
	kbuild_parser_release(&dr);
	strbuf_release(&res.errtail);
out:
	cmdline_free(argv);
	free(abs);
	return ret;
}
