/*
 * Running a program from a test: see run.h.
 *
 * The child's standard streams are anonymous temporary files rather than
 * pipes, so that nothing blocks however much it writes, and stdout and
 * stderr can share one file to keep the order they were written in.
 */
#define _GNU_SOURCE	/* execvpe */

#include "run.h"

#include "extractor/cmdline.h"
#include "util/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void run_result_init(struct run_result *r)
{
	strbuf_init(&r->out);
	strbuf_init(&r->err);
	r->status = -1;
}

void run_result_release(struct run_result *r)
{
	strbuf_release(&r->out);
	strbuf_release(&r->err);
}

const char *run_kcg_binary(void)
{
	return KCG_BINARY;
}

static size_t name_length(const char *entry)
{
	const char *eq = strchr(entry, '=');

	return eq ? (size_t)(eq - entry) : strlen(entry);
}

/* environ with the entries of extra set or unset: a new array of
 * borrowed strings. */
static char **make_env(const char *const *extra)
{
	size_t n = 0, i, j, k;
	char **env;

	while (environ[n])
		n++;
	for (i = 0; extra && extra[i]; i++)
		;
	env = xcalloc(n + i + 1, sizeof(*env));
	for (j = 0, k = 0; j < n; j++) {
		size_t len = name_length(environ[j]);
		int replaced = 0;

		for (i = 0; extra && extra[i]; i++)
			if (name_length(extra[i]) == len &&
			    !strncmp(extra[i], environ[j], len))
				replaced = 1;
		if (!replaced)
			env[k++] = environ[j];
	}
	for (i = 0; extra && extra[i]; i++)
		if (strchr(extra[i], '='))
			env[k++] = (char *)extra[i];
	env[k] = NULL;
	return env;
}

/* An anonymous temporary file holding len bytes of data, at offset 0. */
static FILE *input_file(const char *data, size_t len)
{
	FILE *f = tmpfile();

	if (!f)
		return NULL;
	if ((len && fwrite(data, 1, len, f) != len) || fflush(f) ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	return f;
}

int run_start(const char *const *argv, const struct run_options *o,
	      struct run_child *c)
{
	static const struct run_options none;
	FILE *in = NULL;
	char **env;
	int saved;

	if (!o)
		o = &none;
	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->out = tmpfile();
	c->err = o->merge_stderr ? NULL : tmpfile();
	if (o->input)
		in = input_file(o->input, o->input_len);
	if (!c->out || (!o->merge_stderr && !c->err) || (o->input && !in)) {
		fprintf(stderr, "cannot make a temporary file: %s\n",
			strerror(errno));
		goto fail;
	}
	env = make_env(o->env);
	fflush(NULL);
	c->pid = fork();
	if (c->pid == 0) {
		int fd_in = in ? fileno(in) : open("/dev/null", O_RDONLY);
		int fd_err = c->err ? fileno(c->err) : fileno(c->out);

		if (fd_in < 0 || dup2(fd_in, 0) < 0 ||
		    dup2(fileno(c->out), 1) < 0 || dup2(fd_err, 2) < 0 ||
		    (o->cwd && chdir(o->cwd)))
			_exit(127);
		execvpe(argv[0], (char *const *)argv, env);
		_exit(127);
	}
	saved = errno;
	free(env);
	if (in)
		fclose(in);
	in = NULL;
	if (c->pid < 0) {
		fprintf(stderr, "cannot start '%s': %s\n", argv[0],
			strerror(saved));
		goto fail;
	}
	return 0;
fail:
	if (in)
		fclose(in);
	if (c->out)
		fclose(c->out);
	if (c->err)
		fclose(c->err);
	c->out = c->err = NULL;
	return -1;
}

/* Append the whole of f to sb and close it. */
static int slurp(FILE *f, struct strbuf *sb)
{
	char buf[8192];
	size_t n;
	int bad;

	if (!f)
		return 0;
	if (fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

int run_wait(struct run_child *c, struct run_result *r)
{
	int status, rc = 0;

	strbuf_reset(&r->out);
	strbuf_reset(&r->err);
	r->status = -1;
	while (waitpid(c->pid, &status, 0) < 0) {
		if (errno == EINTR)
			continue;
		fprintf(stderr, "cannot wait for process %d: %s\n",
			(int)c->pid, strerror(errno));
		rc = -1;
		break;
	}
	if (slurp(c->out, &r->out) || slurp(c->err, &r->err)) {
		fprintf(stderr, "cannot read the output of process %d\n",
			(int)c->pid);
		rc = -1;
	}
	c->out = c->err = NULL;
	if (rc)
		return -1;
	if (WIFEXITED(status))
		r->status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->status = 128 + WTERMSIG(status);
	return r->status;
}

int run_argv(const char *const *argv, const struct run_options *o,
	     struct run_result *r)
{
	struct run_child c;

	if (run_start(argv, o, &c))
		return r->status = -1;
	return run_wait(&c, r);
}

/* fmt and ap formatted: a new string. */
static char *format(const char *fmt, va_list ap)
{
	va_list copy;
	char *text;
	int len;

	va_copy(copy, ap);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len < 0)
		len = 0;
	text = xmalloc((size_t)len + 1);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	return text;
}

/* argv, env and the options of a kcg run, freed by run_kcg(). */
static int run_kcg_words(struct run_result *r, const struct run_options *o,
			 char **words, int nr)
{
	struct run_options opt = { 0 };
	const char **argv, **env;
	int i, n_env = 0, rc;

	if (o)
		opt = *o;
	while (opt.env && opt.env[n_env])
		n_env++;
	env = xcalloc((size_t)n_env + 2, sizeof(*env));
	env[0] = "NO_COLOR=1";
	for (i = 0; i < n_env; i++)
		env[i + 1] = opt.env[i];
	opt.env = env;
	argv = xcalloc((size_t)nr + 2, sizeof(*argv));
	argv[0] = run_kcg_binary();
	for (i = 0; i < nr; i++)
		argv[i + 1] = words[i];
	rc = run_argv(argv, &opt, r);
	free(argv);
	free(env);
	return rc;
}

int run_kcg(struct run_result *r, const struct run_options *o,
	    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = run_kcgv(r, o, fmt, ap);
	va_end(ap);
	return rc;
}

int run_kcgv(struct run_result *r, const struct run_options *o,
	     const char *fmt, va_list ap)
{
	struct kcg_error err;
	const char *rest;
	char **words, *line = format(fmt, ap);
	int nr, rc;

	nr = cmdline_split(line, strlen(line), &words, &rest, &err);
	if (nr < 0 || rest) {
		fprintf(stderr, "cannot split '%s': %s\n", line,
			nr < 0 ? err.msg : "more than one command");
		if (nr >= 0)
			cmdline_free(words);
		free(line);
		return r->status = -1;
	}
	rc = run_kcg_words(r, o, words, nr);
	cmdline_free(words);
	free(line);
	return rc;
}
