/*
 * Compile commands from Kbuild without building: see kbuild.h.
 *
 * `make -n -B V=1` prints every recipe line Kbuild would run.  A C object
 * shows up several times (in the echo of the command, in the real
 * invocation after the signal traps, in the fixdep call that records it),
 * so each logical line is split into shell simple commands and only a
 * simple command whose argv[0] is a compiler counts; the first one per
 * source file wins.  Host programs (scripts/, tools/) are recognized by the
 * missing -D__KERNEL__ and skipped, and so are the objects `prepare`
 * compiles when the scope is narrower than the whole tree.
 *
 * Included makefiles are remade for real even under -n, so the dry run
 * marks the Kconfig outputs as old (-o): with -B, make would otherwise run
 * syncconfig in the tree, or stop on the rule that reports a missing
 * .config.  make's stdout is parsed as it arrives (a whole-tree dry run
 * prints hundreds of megabytes); its stderr goes to an unlinked temporary
 * file whose last lines end up in the error message if make fails.
 */
#define _GNU_SOURCE	/* pipe2, mkostemp, strchrnul */

#include "extractor/kbuild.h"

#include "extractor/cmdline.h"
#include "util/alloc.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define PREPARE_HINT "make LLVM=1 olddefconfig && make LLVM=1 prepare"

/* Files `make olddefconfig prepare` leaves in the tree, checked in order. */
static const char *const prepared_files[] = {
	".config",
	"include/config/auto.conf",
	"include/generated/autoconf.h",
	"include/generated/bounds.h",
	"include/generated/asm-offsets.h",
	NULL
};

/* Kconfig outputs make must not try to remake during the dry run. */
static const char *const config_files[] = {
	".config",
	"include/config/auto.conf",
	"include/config/auto.conf.cmd",
	"include/generated/autoconf.h",
	"include/generated/rustc_cfg",
	NULL
};

/* Environment that would change what the child make does. */
static const char *const dropped_env[] = {
	"MAKEFLAGS", "MFLAGS", "GNUMAKEFLAGS", "MAKELEVEL", "MAKEFILES",
	"MAKEOVERRIDES", "KBUILD_OUTPUT", "KBUILD_EXTMOD", NULL
};

static char *absolute_dir(const char *dir)
{
	char *cwd, *result;

	if (dir[0] == '/')
		return path_normalize(dir);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return path_normalize(dir);
	result = path_join(cwd, dir);
	free(cwd);
	return result;
}

static int read_text(const char *path, struct strbuf *sb)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		strbuf_add(sb, buf, (size_t)n);
	}
	close(fd);
	return 0;
}

static int read_tree_file(const char *kdir, const char *rel,
			  struct strbuf *sb)
{
	char *path = path_join(kdir, rel);
	int ret = read_text(path, sb);

	free(path);
	return ret;
}

/* Append s quoted for a POSIX shell if it needs quoting. */
static void sh_quote(struct strbuf *sb, const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+:@%,=";
	const char *p;

	if (*s && strspn(s, safe) == strlen(s)) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (p = s; *p; p++) {
		if (*p == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '\'');
}

static int file_exists(const char *kdir, const char *rel)
{
	char *path = path_join(kdir, rel);
	struct stat st;
	int ret = !stat(path, &st);

	free(path);
	return ret;
}

static int not_prepared(const char *kdir, const char *why,
			struct kcg_error *err)
{
	struct strbuf cmd;
	int ret;

	strbuf_init(&cmd);
	strbuf_addstr(&cmd, "cd ");
	sh_quote(&cmd, kdir);
	strbuf_addstr(&cmd, " && " PREPARE_HINT);
	ret = kcg_error_set(err,
			    "kernel tree '%s' is not prepared (%s); run: %s",
			    kdir, why, cmd.buf);
	strbuf_release(&cmd);
	return ret;
}

static int is_kernel_tree(const char *kdir, const char **missing)
{
	static const char *const markers[] = {
		"Makefile", "Kconfig", "Kbuild", "include/linux/kernel.h",
		"scripts/Makefile.build", NULL
	};
	int i;

	for (i = 0; markers[i]; i++) {
		if (!file_exists(kdir, markers[i])) {
			*missing = markers[i];
			return 0;
		}
	}
	return 1;
}

static int mtime_newer(const char *kdir, const char *a, const char *b)
{
	char *pa = path_join(kdir, a), *pb = path_join(kdir, b);
	struct stat sa, sb;
	int ret = 0;

	if (!stat(pa, &sa) && !stat(pb, &sb))
		ret = sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
		      (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec &&
		       sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec);
	free(pa);
	free(pb);
	return ret;
}

int kbuild_check_prepared(const char *kdir, struct kcg_error *err)
{
	const char *missing;
	struct stat st;
	char why[256];
	int i;

	if (stat(kdir, &st))
		return kcg_error_errno(err, "cannot open kernel tree '%s'",
				       kdir);
	if (!S_ISDIR(st.st_mode))
		return kcg_error_set(err, "kernel tree '%s' is not a directory",
				     kdir);
	if (access(kdir, R_OK | X_OK))
		return kcg_error_errno(err, "cannot read kernel tree '%s'",
				       kdir);
	if (!is_kernel_tree(kdir, &missing))
		return kcg_error_set(err, "'%s' is not a Linux kernel source "
				     "tree (no '%s')", kdir, missing);
	for (i = 0; prepared_files[i]; i++) {
		if (file_exists(kdir, prepared_files[i]))
			continue;
		snprintf(why, sizeof(why), "'%s' is missing",
			 prepared_files[i]);
		return not_prepared(kdir, why, err);
	}
	if (mtime_newer(kdir, ".config", "include/config/auto.conf"))
		return not_prepared(kdir, "'.config' is newer than "
				    "'include/config/auto.conf'", err);
	return 0;
}

/* Running make. */

typedef void (*line_fn)(const char *line, size_t len, void *data);

struct make_result {
	int status;		/* exit status, or 128 + signal */
	struct strbuf errtail;	/* the end of what make wrote to stderr */
};

static char **make_env(void)
{
	char **env;
	size_t n = 0, i, j;

	while (environ && environ[n])
		n++;
	env = xcalloc(n + 1, sizeof(*env));
	for (i = j = 0; i < n; i++) {
		const char *var = environ[i], *eq = strchr(var, '=');
		size_t klen = eq ? (size_t)(eq - var) : strlen(var);
		int k, drop = 0;

		for (k = 0; dropped_env[k] && !drop; k++)
			drop = strlen(dropped_env[k]) == klen &&
			       !strncmp(var, dropped_env[k], klen);
		if (!drop)
			env[j++] = environ[i];	/* borrowed, not copied */
	}
	env[j] = NULL;
	return env;
}

/* A file for make's stderr, already unlinked. */
static int stderr_file(struct kcg_error *err)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path;
	int fd;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/kcg-make-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkostemp(path.buf, O_CLOEXEC);
	if (fd < 0)
		kcg_error_errno(err, "cannot create a temporary file in '%s'",
				dir && *dir ? dir : "/tmp");
	else
		unlink(path.buf);
	strbuf_release(&path);
	return fd;
}

static int spawn_make(char **argv, int out_fd, int err_fd, pid_t *pid,
		      struct kcg_error *err)
{
	posix_spawn_file_actions_t fa;
	char **env = make_env();
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	rc = posix_spawnp(pid, "make", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	if (rc) {
		errno = rc;
		return kcg_error_errno(err, "cannot run 'make'");
	}
	return 0;
}

/* Read fd to the end, handing each line (without '\n') to fn. */
static int read_lines(int fd, line_fn fn, void *data)
{
	struct strbuf pending;
	char buf[65536];
	ssize_t n;
	int ret = 0;

	strbuf_init(&pending);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		size_t start = 0, i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -1;
			break;
		}
		for (i = 0; i < (size_t)n; i++) {
			if (buf[i] != '\n')
				continue;
			strbuf_add(&pending, buf + start, i - start);
			fn(pending.buf, pending.len, data);
			strbuf_reset(&pending);
			start = i + 1;
		}
		strbuf_add(&pending, buf + start, (size_t)n - start);
	}
	if (pending.len)
		fn(pending.buf, pending.len, data);
	strbuf_release(&pending);
	return ret;
}

static int wait_child(pid_t pid)
{
	int wstatus;

	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return -1;
}

/* The last few non-empty lines of fd, joined with "; ". */
static void read_tail(int fd, struct strbuf *out)
{
	char buf[600], *lines[4];
	off_t size = lseek(fd, 0, SEEK_END), from;
	ssize_t n;
	int nr = 0, i;
	char *p;

	if (size <= 0)
		return;
	from = size - (off_t)(sizeof(buf) - 1);
	if (from < 0)
		from = 0;
	n = pread(fd, buf, sizeof(buf) - 1, from);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\t' || buf[i] == '\r')
			buf[i] = ' ';
	/* collect the last 4 lines, from the end */
	while (nr < 4 && (p = strrchr(buf, '\n'))) {
		*p = '\0';
		if (p[1] && strspn(p + 1, " ") != strlen(p + 1))
			lines[nr++] = p + 1;
	}
	if (nr < 4 && buf[0] && (from == 0 || !nr))
		lines[nr++] = buf;	/* the first line, or a part of it */
	for (i = nr - 1; i >= 0; i--) {
		strbuf_addstr(out, lines[i] + strspn(lines[i], " "));
		if (i)
			strbuf_addstr(out, "; ");
	}
}

/*
 * Run make with argv (argv[0] is "make"), stdout going line by line to fn.
 * Returns 0 with res filled once make has run (whatever its status), or -1
 * if it could not be run.
 */
static int run_make(char **argv, line_fn fn, void *data,
		    struct make_result *res, struct kcg_error *err)
{
	int fds[2], err_fd;
	pid_t pid;
	int rc;

	strbuf_init(&res->errtail);
	err_fd = stderr_file(err);
	if (err_fd < 0)
		return -1;
	if (pipe2(fds, O_CLOEXEC)) {
		close(err_fd);
		return kcg_error_errno(err, "cannot create a pipe");
	}
	rc = spawn_make(argv, fds[1], err_fd, &pid, err);
	close(fds[1]);
	if (rc) {
		close(fds[0]);
		close(err_fd);
		return -1;
	}
	rc = read_lines(fds[0], fn, data);
	close(fds[0]);
	res->status = wait_child(pid);
	if (rc && !res->status)
		res->status = -1;
	if (res->status)
		read_tail(err_fd, &res->errtail);
	close(err_fd);
	return 0;
}

static void describe_failure(struct strbuf *sb, const struct make_result *res)
{
	if (res->status > 128)
		strbuf_addf(sb, "was killed by signal %d", res->status - 128);
	else if (res->status < 0)
		strbuf_addstr(sb, "failed");
	else
		strbuf_addf(sb, "failed with exit status %d", res->status);
	if (res->errtail.len)
		strbuf_addf(sb, ": %s", res->errtail.buf);
}

/* Parsing the dry run. */

struct dry_run {
	struct compdb *db;
	const char *kdir;
	char *const *targets;	/* the scope as make goals; NULL: anything */
	struct strbuf line;	/* logical line being assembled */
	size_t found;		/* C compile commands seen */
};

static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

static int has_suffix(const char *s, const char *suffix)
{
	return ends_with(s, strlen(s), suffix);
}

/* clang, gcc, cc, clang-14, x86_64-linux-gnu-gcc-12, /usr/bin/clang ... */
static int is_compiler(const char *arg)
{
	const char *base = strrchr(arg, '/');
	size_t len;

	base = base ? base + 1 : arg;
	len = strlen(base);
	while (len && ((base[len - 1] >= '0' && base[len - 1] <= '9') ||
		       base[len - 1] == '.'))
		len--;
	if (len && len < strlen(base) && base[len - 1] == '-')
		len--;	/* a version suffix */
	if ((len == 5 && !memcmp(base, "clang", 5)) ||
	    (len == 3 && !memcmp(base, "gcc", 3)) ||
	    (len == 2 && !memcmp(base, "cc", 2)))
		return 1;
	return ends_with(base, len, "-gcc") || ends_with(base, len, "-clang");
}

/* Options whose value is the next word (so it is not an operand). */
static int takes_value(const char *arg)
{
	static const char *const opts[] = {
		"-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem",
		"-iquote", "-idirafter", "-iprefix", "-iwithprefix",
		"-isysroot", "--sysroot", "-x", "-MF", "-MT", "-MQ", "-Xclang",
		"-Xassembler", "-Xlinker", "-Xpreprocessor", "-target",
		"--param", "-aux-info", "-arch", "-L", "-l", NULL
	};
	int i;

	for (i = 0; opts[i]; i++)
		if (!strcmp(arg, opts[i]))
			return 1;
	return 0;
}

static int is_redirection(const char *arg)
{
	arg += strspn(arg, "0123456789");
	return *arg == '<' || *arg == '>';
}

/* Words that may precede the compiler in a simple command. */
static int is_prefix_word(const char *arg)
{
	static const char *const words[] = {
		"then", "do", "else", "!", "{", "exec", "ccache", "sccache",
		"distcc", NULL
	};
	static const char name_chars[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	const char *eq = strchr(arg, '=');
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(arg, words[i]))
			return 1;
	/* a variable assignment: NAME=value */
	return eq && eq > arg && !(arg[0] >= '0' && arg[0] <= '9') &&
	       strspn(arg, name_chars) == (size_t)(eq - arg);
}

struct compile {
	char **argv;		/* borrowed words, redirections left out */
	int argc;
	const char *source, *object;
	int has_c, has_kernel, preprocess_only, sources;
};

static void scan_arg(struct compile *c, char *const *argv, int *i, int argc)
{
	const char *arg = argv[*i];

	if (!strcmp(arg, "-c"))
		c->has_c = 1;
	else if (!strcmp(arg, "-D__KERNEL__"))
		c->has_kernel = 1;
	else if (!strcmp(arg, "-D") && *i + 1 < argc &&
		 !strcmp(argv[*i + 1], "__KERNEL__"))
		c->has_kernel = 1;
	else if (!strcmp(arg, "-E") || !strcmp(arg, "-S") ||
		 !strcmp(arg, "-M") || !strcmp(arg, "-MM") ||
		 !strcmp(arg, "-fsyntax-only"))
		c->preprocess_only = 1;
	if (!strcmp(arg, "-o") && *i + 1 < argc)
		c->object = argv[*i + 1];
	if (takes_value(arg)) {
		(*i)++;
		return;
	}
	if (arg[0] != '-' && has_suffix(arg, ".c")) {
		c->sources++;
		c->source = arg;
	}
}

/* Is argv a compile of one kernel C file into an object? */
static int kernel_compile(struct compile *c, char **argv, int argc)
{
	int i;

	memset(c, 0, sizeof(*c));
	while (argc && is_prefix_word(argv[0])) {
		argv++;
		argc--;
	}
	if (!argc || !is_compiler(argv[0]))
		return 0;
	c->argv = xcalloc((size_t)argc + 1, sizeof(*c->argv));
	for (i = 0; i < argc; i++) {
		if (is_redirection(argv[i])) {
			/* ">" "file" or ">file" */
			if (!argv[i][strspn(argv[i], "0123456789<>&")])
				i++;
			continue;
		}
		c->argv[c->argc++] = argv[i];
	}
	for (i = 1; i < c->argc; i++)
		scan_arg(c, c->argv, &i, c->argc);
	if (c->has_c && c->has_kernel && !c->preprocess_only &&
	    c->sources == 1 && c->object && has_suffix(c->object, ".o"))
		return 1;
	free(c->argv);
	c->argv = NULL;
	return 0;
}

/* Does goal (net/ or net/core/dev.o) build object? */
static int goal_builds(const char *goal, const char *object)
{
	if (has_suffix(goal, "/"))
		return !strncmp(object, goal, strlen(goal));
	if (!has_suffix(goal, ".o"))
		return 1;	/* some other goal: no telling */
	return !strcmp(object, goal);
}

/*
 * Is the object in the scope?  Every goal depends on `prepare`, which
 * compiles a few files of its own (scripts/mod/empty.c).  The object, not
 * the source, tells: kernel/bpf/relo_core.o is built from
 * tools/lib/bpf/relo_core.c.
 */
static int in_scope(const struct dry_run *dr, const char *object)
{
	const char *rel = object;
	size_t i;

	if (!dr->targets)
		return 1;
	if (rel[0] == '/')
		rel = path_relative_to(object, dr->kdir);
	while (rel && rel[0] == '.' && rel[1] == '/')
		rel += 2;
	for (i = 0; rel && dr->targets[i]; i++)
		if (goal_builds(dr->targets[i], rel))
			return 1;
	return 0;
}

static void simple_command(struct dry_run *dr, char **argv, int argc)
{
	struct compile c;

	if (!kernel_compile(&c, argv, argc))
		return;
	if (!in_scope(dr, c.object)) {
		free(c.argv);
		return;
	}
	dr->found++;
	compdb_add(dr->db, NULL, dr->kdir, c.source, c.argv, c.argc);
	free(c.argv);
}

static void logical_line(struct dry_run *dr, const char *text, size_t len)
{
	const char *end = text + len;

	while (text && text < end) {
		const char *rest;
		char **argv;
		int argc = cmdline_split(text, (size_t)(end - text), &argv,
					 &rest, NULL);

		if (argc < 0)
			return;	/* not shell we understand: skip the rest */
		if (argc)
			simple_command(dr, argv, argc);
		cmdline_free(argv);
		text = rest;
	}
}

/* An odd number of backslashes at the end: the line continues. */
static int continues(const struct strbuf *sb)
{
	size_t n = 0;

	while (n < sb->len && sb->buf[sb->len - 1 - n] == '\\')
		n++;
	return n % 2;
}

static void physical_line(const char *line, size_t len, void *data)
{
	struct dry_run *dr = data;

	strbuf_add(&dr->line, line, len);
	if (continues(&dr->line)) {
		strbuf_addch(&dr->line, '\n');
		return;
	}
	logical_line(dr, dr->line.buf, dr->line.len);
	strbuf_reset(&dr->line);
}

static void dry_run_init(struct dry_run *dr, struct compdb *db,
			 const char *kdir)
{
	dr->db = db;
	dr->kdir = kdir;
	dr->targets = NULL;
	dr->found = 0;
	strbuf_init(&dr->line);
}

static void dry_run_finish(struct dry_run *dr)
{
	if (dr->line.len)
		logical_line(dr, dr->line.buf, dr->line.len);
	strbuf_release(&dr->line);
}

int kbuild_parse_output(struct compdb *db, const char *kdir,
			char *const *goals, const char *text, size_t len,
			struct kcg_error *err)
{
	char *abs = absolute_dir(kdir);
	struct dry_run dr;
	size_t pos = 0, n;

	(void)err;	/* lines that are not shell we understand are skipped */
	dry_run_init(&dr, db, abs);
	dr.targets = goals;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);

		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		physical_line(text + pos, n, &dr);
		pos += n + 1;
	}
	dry_run_finish(&dr);
	free(abs);
	return 0;
}

/* Scope entries to make targets. */

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
		if (has_suffix(rel, ".c"))
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
	if (!read_tree_file(kdir, "Makefile", &sb) &&
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
		"LLVM=1", "-n", "-B", "V=1", NULL
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

static void scope_text(struct strbuf *sb, char *const *scope, int nscope)
{
	int i;

	if (!nscope)
		strbuf_addstr(sb, "the whole tree");
	for (i = 0; i < nscope; i++)
		strbuf_addf(sb, "%s'%s'", i ? ", " : "", scope[i]);
}

static int dry_run_failed(const char *kdir, char *const *scope, int nscope,
			  const struct make_result *res, struct kcg_error *err)
{
	struct strbuf sb;
	int ret;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "make -n for ");
	scope_text(&sb, scope, nscope);
	strbuf_addf(&sb, " in '%s' ", kdir);
	if (res)
		describe_failure(&sb, res);
	else
		strbuf_addstr(&sb, "found no C files to compile");
	ret = kcg_error_set(err, "%s", sb.buf);
	strbuf_release(&sb);
	return ret;
}

int kbuild_dry_run(struct compdb *db, const char *kdir, char *const *scope,
		   int nscope, struct kcg_error *err)
{
	char *abs = absolute_dir(kdir);
	struct make_result res;
	struct dry_run dr;
	size_t goals;
	char **argv;
	int ret = -1;

	argv = dry_run_argv(abs, scope, nscope, &goals, err);
	if (!argv)
		goto out;
	dry_run_init(&dr, db, abs);
	if (argv[goals])
		dr.targets = argv + goals;
	if (run_make(argv, physical_line, &dr, &res, err)) {
		dry_run_finish(&dr);
		goto out;
	}
	dry_run_finish(&dr);
	if (res.status)
		dry_run_failed(abs, scope, nscope, &res, err);
	else if (!dr.found)
		dry_run_failed(abs, scope, nscope, NULL, err);
	else
		ret = 0;
	strbuf_release(&res.errtail);
out:
	cmdline_free(argv);
	free(abs);
	return ret;
}

/* Facts about the tree. */

/*
 * The value of the first "NAME = value" line of a makefile, trimmed, or
 * NULL if there is none.
 */
static char *makefile_var(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *line = text;

	while (line && *line) {
		const char *p = line + n, *end = strchrnul(line, '\n');

		if (!strncmp(line, name, n) && (*p == ' ' || *p == '=')) {
			p += strspn(p, " \t");
			if (*p == '=') {
				p++;
				p += strspn(p, " \t");
				while (end > p && strchr(" \t\r", end[-1]))
					end--;
				return xstrndup(p, (size_t)(end - p));
			}
		}
		line = *end ? end + 1 : NULL;
	}
	return NULL;
}

static char *version_from_makefile(const char *kdir)
{
	static const char *const names[] = {
		"VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION"
	};
	char *v[4] = { NULL };
	struct strbuf sb;
	char *result = NULL;
	int i, ok = 1;

	strbuf_init(&sb);
	if (read_tree_file(kdir, "Makefile", &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	for (i = 0; i < 4; i++) {
		v[i] = makefile_var(sb.buf, names[i]);
		if (v[i] && strpbrk(v[i], "$("))
			ok = 0;	/* needs make to expand */
	}
	strbuf_reset(&sb);
	if (ok && v[0] && *v[0]) {
		strbuf_addstr(&sb, v[0]);
		if (v[1] && *v[1]) {
			strbuf_addf(&sb, ".%s", v[1]);
			if (v[2] && *v[2])
				strbuf_addf(&sb, ".%s", v[2]);
		}
		strbuf_addstr(&sb, v[3] ? v[3] : "");
		result = strbuf_detach(&sb);
	}
	for (i = 0; i < 4; i++)
		free(v[i]);
	strbuf_release(&sb);
	return result;
}

static void first_version_line(const char *line, size_t len, void *data)
{
	char **version = data;

	if (!*version && len && line[0] >= '0' && line[0] <= '9')
		*version = xstrndup(line, len);
}

static char *version_from_make(const char *kdir)
{
	char *argv[] = {
		"make", "-s", "-C", (char *)kdir, "kernelversion", NULL
	};
	struct make_result res;
	char *version = NULL;

	if (run_make(argv, first_version_line, &version, &res, NULL))
		return NULL;
	if (res.status) {
		free(version);
		version = NULL;
	}
	strbuf_release(&res.errtail);
	return version;
}

char *kbuild_kernel_version(const char *kdir)
{
	char *version = version_from_makefile(kdir);

	return version ? version : version_from_make(kdir);
}

static int config_set(const char *config, const char *symbol)
{
	size_t n = strlen(symbol);
	const char *p = config;

	while ((p = strstr(p, symbol))) {
		int line_start = p == config || p[-1] == '\n';

		if (line_start && !strncmp(p + n, "=y", 2) &&
		    strchr("\n\r", p[n + 2]))	/* also matches the final NUL */
			return 1;
		p += n;
	}
	return 0;
}

char *kbuild_arch(const char *kdir)
{
	static const char *const table[][2] = {
		{ "CONFIG_X86_64", "x86_64" },	{ "CONFIG_X86_32", "i386" },
		{ "CONFIG_ARM64", "arm64" },	{ "CONFIG_ARM", "arm" },
		{ "CONFIG_RISCV", "riscv" },	{ "CONFIG_PPC", "powerpc" },
		{ "CONFIG_S390", "s390" },	{ "CONFIG_MIPS", "mips" },
		{ "CONFIG_LOONGARCH", "loongarch" },
		{ "CONFIG_SPARC", "sparc" },	{ "CONFIG_PARISC", "parisc" },
		{ "CONFIG_M68K", "m68k" },	{ "CONFIG_ALPHA", "alpha" },
		{ "CONFIG_SUPERH", "sh" },	{ "CONFIG_XTENSA", "xtensa" },
		{ "CONFIG_UML", "um" },
	};
	struct strbuf sb;
	struct utsname u;
	char *arch = NULL;
	size_t i;

	strbuf_init(&sb);
	if (read_tree_file(kdir, ".config", &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	for (i = 0; i < sizeof(table) / sizeof(table[0]) && !arch; i++)
		if (config_set(sb.buf, table[i][0]))
			arch = xstrdup(table[i][1]);
	strbuf_release(&sb);
	if (!arch && !uname(&u))
		arch = xstrdup(u.machine);
	return arch;
}

char *kbuild_config_hash(const char *kdir)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	struct strbuf sb;
	char hex[HASH_HEX_SIZE];
	size_t i;

	strbuf_init(&sb);
	if (read_tree_file(kdir, ".config", &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	for (i = 0; i < sb.len; i++) {
		h ^= (unsigned char)sb.buf[i];
		h *= 0x100000001b3ULL;
	}
	strbuf_release(&sb);
	hash_hex(h, hex);
	return xstrdup(hex);
}

static void ignore_line(const char *line, size_t len, void *data)
{
	(void)line;
	(void)len;
	(void)data;
}

int kbuild_make_target(const char *kdir, const char *target,
		       struct kcg_error *err)
{
	char *abs = absolute_dir(kdir);
	char *argv[] = { "make", "-C", abs, "LLVM=1", NULL, NULL };
	struct make_result res;
	struct strbuf sb;
	int ret = -1;

	if (!*target || target[0] == '-' || strchr(target, '=')) {
		kcg_error_set(err, "'%s' is not a make target", target);
		goto out;
	}
	argv[4] = (char *)target;
	if (run_make(argv, ignore_line, NULL, &res, err))
		goto out;
	ret = 0;
	if (res.status) {
		strbuf_init(&sb);
		strbuf_addf(&sb, "make LLVM=1 '%s' in '%s' ", target, abs);
		describe_failure(&sb, &res);
		ret = kcg_error_set(err, "%s", sb.buf);
		strbuf_release(&sb);
	}
	strbuf_release(&res.errtail);
out:
	free(abs);
	return ret;
}
