/*
 * Running make in a kernel tree: the child process behind the dry run
 * (kbuild_dry_run.c), `make kernelversion` (kbuild_kernel.c) and
 * kbuild_make_target() (see kbuild.h).
 *
 * make runs with the environment that would change what it does removed
 * and stdin from /dev/null.  Its stdout is handed on line by line as it
 * arrives (a whole-tree dry run prints hundreds of megabytes); its stderr
 * goes to an unlinked temporary file whose last lines end up in the error
 * message if make fails.
 */
#define _GNU_SOURCE	/* pipe2, mkostemp */

#include "extractor/kbuild.h"
#include "extractor/kbuild_int.h"

#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Environment that would change what the child make does. */
static const char *const dropped_env[] = {
	"MAKEFLAGS", "MFLAGS", "GNUMAKEFLAGS", "MAKELEVEL", "MAKEFILES",
	"MAKEOVERRIDES", "KBUILD_OUTPUT", "KBUILD_EXTMOD", NULL
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
static int read_lines(int fd, kbuild_line_fn fn, void *data)
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

int kbuild_run_make(char **argv, kbuild_line_fn fn, void *data,
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

void kbuild_describe_failure(struct strbuf *sb,
			     const struct make_result *res)
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

static void ignore_line(const char *line, size_t len, void *data)
{
	(void)line;
	(void)len;
	(void)data;
}

int kbuild_make_target(const char *kdir, const char *target,
		       struct kcg_error *err)
{
	char *abs = path_absolute(kdir);
	char *argv[] = { "make", "-C", abs, "LLVM=1", NULL, NULL };
	struct make_result res;
	struct strbuf sb;
	int ret = -1;

	if (!*target || target[0] == '-' || strchr(target, '=')) {
		kcg_error_set(err, "'%s' is not a make target", target);
		goto out;
	}
	argv[4] = (char *)target;
	if (kbuild_run_make(argv, ignore_line, NULL, &res, err))
		goto out;
	ret = 0;
	if (res.status) {
		strbuf_init(&sb);
		strbuf_addf(&sb, "make LLVM=1 '%s' in '%s' ", target, abs);
		kbuild_describe_failure(&sb, &res);
		ret = kcg_error_set(err, "%s", sb.buf);
		strbuf_release(&sb);
	}
	strbuf_release(&res.errtail);
out:
	free(abs);
	return ret;
}
