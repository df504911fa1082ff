/*
 * Golden files of the command line: every command of tests/expected/
 * commands runs as `kcg ARGUMENTS --db samples.db` beside an index of
 * samples/, and what it prints (exit status, stdout, stderr) must equal
 * tests/expected/NAME.out byte for byte; a difference is shown as a
 * unified diff.  The output is made independent of the machine: no
 * colour (NO_COLOR, no terminal), the database named relatively, and the
 * absolute path of samples/ written as $SAMPLES.
 *
 * KCG_REFRESH=1 writes the .out files from what kcg prints now instead
 * (tests/README.md): review the change with git diff.
 */
#include "support/run.h"
#include "support/tmpdir.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define EXPECTED KCG_SOURCE_DIR "/tests/expected"
#define SAMPLES KCG_SOURCE_DIR "/samples"

struct golden_case {
	char *name, *args;
};

struct golden {
	char *dir;			/* scratch: samples.db, actual outputs */
	struct golden_case *cases;
	size_t nr;
};

static int refreshing(void)
{
	const char *v = getenv("KCG_REFRESH");

	return v && *v && strcmp(v, "0");
}

/* The whole of path into sb; -1 if it cannot be read. */
static int read_file(const char *path, struct strbuf *sb)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;
	int bad;

	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

static void write_file(const char *path, const struct strbuf *sb)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fail_msg("cannot write '%s': %s", path, strerror(errno));
	fwrite(sb->buf, 1, sb->len, f);
	if (fclose(f))
		fail_msg("cannot write '%s': %s", path, strerror(errno));
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n'))
		*--end = '\0';
	return s;
}

/* Read tests/expected/commands: NAME: ARGUMENTS lines, # comments. */
static int read_commands(struct golden *g)
{
	struct strbuf text;
	char *line, *save = NULL;

	strbuf_init(&text);
	if (read_file(EXPECTED "/commands", &text)) {
		fprintf(stderr, "cannot read '%s': %s\n",
			EXPECTED "/commands", strerror(errno));
		strbuf_release(&text);
		return -1;
	}
	for (line = strtok_r(text.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon, *name;

		line = trim(line);
		if (!*line || *line == '#')
			continue;
		colon = strchr(line, ':');
		if (!colon) {
			fprintf(stderr, "commands: no ':' in '%s'\n", line);
			strbuf_release(&text);
			return -1;
		}
		*colon = '\0';
		name = trim(line);
		g->cases = xrealloc(g->cases, (g->nr + 1) * sizeof(*g->cases));
		g->cases[g->nr].name = xstrdup(name);
		g->cases[g->nr].args = xstrdup(trim(colon + 1));
		g->nr++;
	}
	strbuf_release(&text);
	return g->nr ? 0 : -1;
}

/* s with every occurrence of from replaced by to, into out. */
static void replace_all(struct strbuf *out, const char *s, const char *from,
			const char *to)
{
	size_t len = strlen(from);
	const char *at;

	while ((at = strstr(s, from))) {
		strbuf_add(out, s, (size_t)(at - s));
		strbuf_addstr(out, to);
		s = at + len;
	}
	strbuf_addstr(out, s);
}

/* What one case printed, as NAME.out holds it. */
static void run_case(struct golden *g, const struct golden_case *c,
		     struct strbuf *out)
{
	const struct run_options o = { .cwd = g->dir };
	struct run_result r;
	struct strbuf text;

	run_result_init(&r);
	strbuf_init(&text);
	if (run_kcg(&r, &o, "%s --db samples.db", c->args) < 0)
		fail_msg("cannot run kcg %s", c->args);
	strbuf_addf(&text, "$ kcg %s --db samples.db\nexit %d\n--- stdout\n",
		    c->args, r.status);
	strbuf_add(&text, r.out.buf, r.out.len);
	strbuf_addstr(&text, "--- stderr\n");
	strbuf_add(&text, r.err.buf, r.err.len);
	replace_all(out, text.buf, SAMPLES, "$SAMPLES");
	strbuf_release(&text);
	run_result_release(&r);
}

/* Show how actual differs from expected/NAME.out. */
static void show_diff(struct golden *g, const struct golden_case *c,
		      const struct strbuf *actual)
{
	char expected[4096], path[4096];
	const char *const argv[] = { "diff", "-u", expected, path, NULL };
	struct run_result r;

	snprintf(expected, sizeof(expected), "%s/%s.out", EXPECTED, c->name);
	snprintf(path, sizeof(path), "%s/%s.out", g->dir, c->name);
	write_file(path, actual);
	run_result_init(&r);
	run_argv(argv, NULL, &r);
	print_message("%s: kcg %s differs from tests/expected/%s.out:\n%s",
		      c->name, c->args, c->name, r.out.buf);
	run_result_release(&r);
}

static int setup(void **state)
{
	const struct run_options o = { .merge_stderr = 1 };
	struct golden *g = calloc(1, sizeof(*g));
	struct run_result r;
	int rc;

	if (!g)
		return -1;
	*state = g;
	g->dir = tmpdir_make(KCG_TEST_TMPDIR, "golden");
	if (!g->dir || read_commands(g))
		return -1;
	run_result_init(&r);
	/* one worker: function ids follow the compile database, and the
	 * candidates of an ambiguous name come in id order */
	rc = run_kcg(&r, &o, "index -q -j 1 --compdb "
		     "'%s/compile_commands.json' --db '%s/samples.db'",
		     SAMPLES, g->dir);
	if (rc)
		fprintf(stderr, "kcg index: %s", r.out.buf);
	run_result_release(&r);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	struct golden *g = *state;
	size_t i;

	for (i = 0; i < g->nr; i++) {
		free(g->cases[i].name);
		free(g->cases[i].args);
	}
	free(g->cases);
	tmpdir_remove(g->dir);
	free(g);
	return 0;
}

static void test_outputs(void **state)
{
	struct golden *g = *state;
	struct strbuf actual, expected;
	size_t i, failed = 0;
	char path[4096];

	strbuf_init(&actual);
	strbuf_init(&expected);
	for (i = 0; i < g->nr; i++) {
		const struct golden_case *c = &g->cases[i];

		strbuf_reset(&actual);
		strbuf_reset(&expected);
		run_case(g, c, &actual);
		snprintf(path, sizeof(path), "%s/%s.out", EXPECTED, c->name);
		if (refreshing()) {
			write_file(path, &actual);
			continue;
		}
		if (read_file(path, &expected)) {
			print_message("%s: cannot read '%s' (KCG_REFRESH=1 "
				      "writes it)\n", c->name, path);
			failed++;
		} else if (expected.len != actual.len ||
			   memcmp(expected.buf, actual.buf, actual.len)) {
			show_diff(g, c, &actual);
			failed++;
		}
	}
	strbuf_release(&actual);
	strbuf_release(&expected);
	if (failed)
		fail_msg("%zu of %zu outputs differ from tests/expected "
			 "(KCG_REFRESH=1 ctest -R test_golden to accept them)",
			 failed, g->nr);
}

/* Every .out file belongs to a command: none is left over unchecked. */
static void test_no_stale_files(void **state)
{
	struct golden *g = *state;
	DIR *d = opendir(EXPECTED);
	struct dirent *e;
	size_t stale = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), i;

		if (len < 4 || strcmp(e->d_name + len - 4, ".out"))
			continue;
		for (i = 0; i < g->nr; i++)
			if (strlen(g->cases[i].name) == len - 4 &&
			    !strncmp(g->cases[i].name, e->d_name, len - 4))
				break;
		if (i < g->nr)
			continue;
		if (refreshing()) {
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s", EXPECTED,
				 e->d_name);
			assert_int_equal(remove(path), 0);
			continue;
		}
		print_message("tests/expected/%s: no such command\n",
			      e->d_name);
		stale++;
	}
	closedir(d);
	assert_int_equal(stale, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outputs),
		cmocka_unit_test(test_no_stale_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
