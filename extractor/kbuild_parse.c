/*
 * Parsing the output of a Kbuild dry run: see kbuild_parse_output() in
 * kbuild.h.  This is the part that reads untrusted text
 * (tests/fuzz/fuzz_kbuild.c); it runs nothing and reads no file.
 *
 * `make -n -B V=1` prints every recipe line Kbuild would run.  A C object
 * shows up several times (in the echo of the command, in the real
 * invocation after the signal traps, in the fixdep call that records it),
 * so each logical line is split into shell simple commands and only a
 * simple command whose argv[0] is a compiler counts; the first one per
 * source file wins.  Host programs (scripts/, tools/) are recognized by the
 * missing -D__KERNEL__ and skipped, and so are the objects `prepare`
 * compiles when the scope is narrower than the whole tree.
 */
#include "extractor/kbuild.h"
#include "extractor/kbuild_int.h"

#include "extractor/cmdline.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

int kbuild_has_suffix(const char *s, const char *suffix)
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
	if (arg[0] != '-' && kbuild_has_suffix(arg, ".c")) {
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
	    c->sources == 1 && c->object && kbuild_has_suffix(c->object, ".o"))
		return 1;
	free(c->argv);
	c->argv = NULL;
	return 0;
}

/* Does goal (net/ or net/core/dev.o) build object? */
static int goal_builds(const char *goal, const char *object)
{
	if (kbuild_has_suffix(goal, "/"))
		return !strncmp(object, goal, strlen(goal));
	if (!kbuild_has_suffix(goal, ".o"))
		return 1;	/* some other goal: no telling */
	return !strcmp(object, goal);
}

/*
 * Is the object in the scope?  Every goal depends on `prepare`, which
 * compiles a few files of its own (scripts/mod/empty.c).  The object, not
 * the source, tells: kernel/bpf/relo_core.o is built from
 * tools/lib/bpf/relo_core.c.
 */
static int in_scope(const struct kbuild_parser *dr, const char *object)
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

static void simple_command(struct kbuild_parser *dr, char **argv, int argc)
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

static void logical_line(struct kbuild_parser *dr, const char *text, size_t len)
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

#define HEAD_LINES 3
#define HEAD_WIDTH 100

/* Keep the first few non-blank lines for the message of a dry run that
 * printed nothing kcg recognises. */
static void keep_head(struct kbuild_parser *dr, const char *line, size_t len)
{
	size_t i;

	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (!len || dr->head_lines >= HEAD_LINES)
		return;
	strbuf_addstr(&dr->head, dr->head_lines++ ? ", '" : "'");
	for (i = 0; i < len && i < HEAD_WIDTH; i++)
		strbuf_addch(&dr->head, (unsigned char)line[i] < ' ' ?
					' ' : line[i]);
	strbuf_addstr(&dr->head, len > HEAD_WIDTH ? "...'" : "'");
}

void kbuild_parser_line(const char *line, size_t len, void *parser)
{
	struct kbuild_parser *dr = parser;

	dr->lines++;
	keep_head(dr, line, len);
	strbuf_add(&dr->line, line, len);
	if (continues(&dr->line)) {
		strbuf_addch(&dr->line, '\n');
		return;
	}
	logical_line(dr, dr->line.buf, dr->line.len);
	strbuf_reset(&dr->line);
}

void kbuild_parser_init(struct kbuild_parser *dr, struct compdb *db,
			const char *kdir, char *const *goals)
{
	dr->db = db;
	dr->kdir = kdir;
	dr->targets = goals;
	dr->found = 0;
	dr->lines = 0;
	dr->head_lines = 0;
	strbuf_init(&dr->line);
	strbuf_init(&dr->head);
}

void kbuild_parser_finish(struct kbuild_parser *dr)
{
	if (dr->line.len)
		logical_line(dr, dr->line.buf, dr->line.len);
	strbuf_release(&dr->line);
}

void kbuild_parser_release(struct kbuild_parser *dr)
{
	strbuf_release(&dr->head);
}

int kbuild_parse_output(struct compdb *db, const char *kdir,
			char *const *goals, const char *text, size_t len,
			struct kcg_error *err)
{
	char *abs = path_absolute(kdir);
	struct kbuild_parser dr;
	size_t pos = 0, n;

	(void)err;	/* lines that are not shell we understand are skipped */
	kbuild_parser_init(&dr, db, abs, goals);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);

		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		kbuild_parser_line(text + pos, n, &dr);
		pos += n + 1;
	}
	kbuild_parser_finish(&dr);
	kbuild_parser_release(&dr);
	free(abs);
	return 0;
}
