/*
 * Compiler command lines: see cmdline.h.
 *
 * cmdline_split() is a small POSIX shell word splitter: enough to read the
 * "command" strings of compile_commands.json and the recipes make prints,
 * nothing is expanded ($VAR, `cmd` and globs stay as they are).
 * cmdline_clean_args() drops the flags that make a compiler write files
 * (dependency files, the object) or turn warnings into errors, which
 * libclang must not see.
 */
#include "extractor/cmdline.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* The words of one simple command as they are being collected. */
struct splitter {
	const char *text;
	size_t len, pos;
	struct strbuf word;
	int in_word;		/* a word has started (it may be empty: '') */
	char **argv;
	size_t argc, alloc;
};

static void end_word(struct splitter *s)
{
	if (!s->in_word)
		return;
	xgrow(&s->argv, &s->alloc, s->argc + 2, sizeof(*s->argv));
	s->argv[s->argc++] = strbuf_detach(&s->word);
	s->argv[s->argc] = NULL;
	s->in_word = 0;
}

static int at(const struct splitter *s, size_t off, char c)
{
	return s->pos + off < s->len && s->text[s->pos + off] == c;
}

/* A word is a C string: a NUL byte would cut it short. */
static int nul_byte(struct kcg_error *err, size_t offset)
{
	return kcg_error_set(err, "nul byte at offset %zu", offset);
}

/* Inside '...': everything up to the next ' is literal. */
static int split_single(struct splitter *s, struct kcg_error *err)
{
	size_t start = s->pos++, end = s->pos;

	while (end < s->len && s->text[end] != '\'' && s->text[end])
		end++;
	if (end == s->len)
		return kcg_error_set(err,
				     "unterminated single quote at offset %zu",
				     start);
	if (!s->text[end])
		return nul_byte(err, end);
	strbuf_add(&s->word, s->text + s->pos, end - s->pos);
	s->pos = end + 1;
	return 0;
}

/* Inside "...": \ escapes only $ ` " \ and newline. */
static int split_double(struct splitter *s, struct kcg_error *err)
{
	size_t start = s->pos++;

	while (s->pos < s->len) {
		char c = s->text[s->pos];

		if (c == '"') {
			s->pos++;
			return 0;
		}
		if (!c)
			return nul_byte(err, s->pos);
		if (c == '\\' && s->pos + 1 < s->len) {
			char next = s->text[s->pos + 1];

			if (next == '\n') {
				s->pos += 2;
				continue;
			}
			if (next && strchr("$`\"\\", next)) {
				strbuf_addch(&s->word, next);
				s->pos += 2;
				continue;
			}
		}
		strbuf_addch(&s->word, c);
		s->pos++;
	}
	return kcg_error_set(err, "unterminated double quote at offset %zu",
			     start);
}

/* Outside quotes: \c is c, backslash-newline joins lines. */
static int split_backslash(struct splitter *s, struct kcg_error *err)
{
	if (s->pos + 1 >= s->len) {
		s->in_word = 1;
		strbuf_addch(&s->word, '\\');	/* a lone trailing backslash */
		s->pos++;
		return 0;
	}
	if (!s->text[s->pos + 1])
		return nul_byte(err, s->pos + 1);
	if (s->text[s->pos + 1] != '\n') {
		s->in_word = 1;
		strbuf_addch(&s->word, s->text[s->pos + 1]);
	}
	s->pos += 2;
	return 0;
}

/*
 * If an unquoted operator that ends a simple command starts at s->pos,
 * return its length; else 0.  '&' right after '<' or '>' is part of a
 * redirection such as 2>&1.
 */
static size_t command_end(const struct splitter *s)
{
	char c = s->text[s->pos];

	if (c == ';' || c == '\n')
		return 1;
	if (c == '|')
		return at(s, 1, '|') ? 2 : 1;
	if (c != '&')
		return 0;
	if (at(s, 1, '&'))
		return 2;
	if (s->in_word && s->word.len &&
	    strchr("<>", s->word.buf[s->word.len - 1]))
		return 0;
	return 1;
}

static void skip_comment(struct splitter *s)
{
	const char *nl = memchr(s->text + s->pos, '\n', s->len - s->pos);

	s->pos = nl ? (size_t)(nl - s->text) : s->len;
}

/*
 * The length of the run of ordinary characters at s->pos: the bulk of a
 * compiler command line, copied at once rather than byte by byte.
 */
static size_t plain_run(const struct splitter *s)
{
	size_t i;

	for (i = s->pos; i < s->len; i++) {
		switch (s->text[i]) {
		case '\0': case ' ': case '\t': case '\r': case '\n':
		case '\'': case '"': case '\\': case ';': case '|': case '&':
		case '#':
			return i - s->pos;
		}
	}
	return i - s->pos;
}

/* Split words until the end of the text or of the first simple command;
 * returns the length of the operator that ended it (0 at the end). */
static int split_words(struct splitter *s, size_t *op_len,
		       struct kcg_error *err)
{
	while (s->pos < s->len) {
		char c = s->text[s->pos];

		if (c == '\0')
			return nul_byte(err, s->pos);
		if ((*op_len = command_end(s)))
			return 0;
		if (c == ' ' || c == '\t' || c == '\r') {
			end_word(s);
			s->pos++;
		} else if (c == '#' && !s->in_word) {
			skip_comment(s);
		} else if (c == '\'') {
			s->in_word = 1;
			if (split_single(s, err))
				return -1;
		} else if (c == '"') {
			s->in_word = 1;
			if (split_double(s, err))
				return -1;
		} else if (c == '\\') {
			if (split_backslash(s, err))
				return -1;
		} else {
			/* at least c: '#' and '&' can be part of a word */
			size_t run = plain_run(s);

			if (!run)
				run = 1;
			s->in_word = 1;
			strbuf_add(&s->word, s->text + s->pos, run);
			s->pos += run;
		}
	}
	*op_len = 0;
	return 0;
}

int cmdline_split(const char *text, size_t len, char ***argv,
		  const char **rest, struct kcg_error *err)
{
	struct splitter s = { .text = text, .len = len };
	size_t op_len = 0;

	strbuf_init(&s.word);
	*argv = NULL;
	if (rest)
		*rest = NULL;
	if (split_words(&s, &op_len, err)) {
		strbuf_release(&s.word);
		if (s.argv)
			s.argv[s.argc] = NULL;
		cmdline_free(s.argv);
		return -1;
	}
	end_word(&s);
	strbuf_release(&s.word);
	if (!s.argv)
		s.argv = xcalloc(1, sizeof(*s.argv));
	if (op_len && rest)
		*rest = text + s.pos + op_len;
	*argv = s.argv;
	return (int)s.argc;
}

void cmdline_free(char **argv)
{
	char **p;

	if (!argv)
		return;
	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * How many words to drop at arg: 0 keep it, 1 drop it, 2 drop it and the
 * value that follows it.
 */
static int dropped_words(const char *arg)
{
	static const char *const alone[] = {
		"-MD", "-MMD", "-MP", "-Werror", "-save-temps",
		"-Werror-implicit-function-declaration", NULL
	};
	static const char *const with_value[] = {
		"-MF", "-MT", "-MQ", "-o", "--output", NULL
	};
	static const char *const prefixes[] = {
		"-Wp,-MD,", "-Wp,-MMD,", "-Werror=", "-save-temps=",
		"--output=", NULL
	};
	int i;

	/* every word dropped starts -M, -We, -Wp, -s, -o or --: the 1.6
	 * million arguments of a whole kernel are mostly none of those */
	if (arg[0] != '-' || !arg[1] || !strchr("MWso-", arg[1]) ||
	    (arg[1] == 'W' && arg[2] != 'e' && arg[2] != 'p'))
		return 0;
	for (i = 0; alone[i]; i++)
		if (!strcmp(arg, alone[i]))
			return 1;
	for (i = 0; with_value[i]; i++)
		if (!strcmp(arg, with_value[i]))
			return 2;
	for (i = 0; prefixes[i]; i++)
		if (starts_with(arg, prefixes[i]))
			return 1;
	/* joined forms: -MFfile -MTtarget -MQtarget -ofile */
	if (starts_with(arg, "-MF") || starts_with(arg, "-MT") ||
	    starts_with(arg, "-MQ") ||
	    (starts_with(arg, "-o") && arg[2] && !starts_with(arg, "-obj")))
		return 1;
	return 0;
}

char **cmdline_clean_args(char *const *argv, int argc, int *argc_out)
{
	size_t bytes = 0, vector;
	char **out, *text;
	int i, n = 0;

	/* one allocation, the vector then the strings: a whole kernel's
	 * compile_commands.json has some 1.6 million arguments */
	for (i = 0; i < argc; i++)
		bytes += strlen(argv[i]) + 1;
	vector = ((size_t)(argc > 0 ? argc : 0) + 1) * sizeof(*out);
	out = xmalloc(vector + bytes + 1);
	text = (char *)out + vector;
	for (i = 0; i < argc; i++) {
		/* argv[0] is the compiler and is always kept */
		int drop = i ? dropped_words(argv[i]) : 0;
		size_t len;

		if (drop) {
			i += drop - 1;
			continue;
		}
		len = strlen(argv[i]) + 1;
		memcpy(text, argv[i], len);
		out[n++] = text;
		text += len;
	}
	out[n] = NULL;
	*argc_out = n;
	return out;
}
