/*
 * The command table's text in other forms: manual pages (kcg(1) and one
 * kcg-COMMAND(1) per command, written by `kcg help --man DIR` at build
 * time, so that `man kcg-path` says what `kcg help path` says) and the
 * words shell completion offers (`kcg complete commands`, `kcg complete
 * options COMMAND`).
 */
#include "cli.h"

#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One line of text for troff: backslashes written as \e, a leading dot or
 * quote guarded by \&, hyphens as \- (so that options copy and paste).
 */
static void troff_line(FILE *f, const char *s, size_t len)
{
	size_t i;

	if (len && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", f);
	for (i = 0; i < len; i++) {
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-')
			fputs("\\-", f);
		else
			fputc(s[i], f);
	}
	fputc('\n', f);
}

/* Text of several lines, each through troff_line(). */
static void troff_text(FILE *f, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		troff_line(f, s, len);
		s += len + (nl ? 1 : 0);
	}
}

static void man_header(FILE *f, const char *title, const char *name,
		       const char *summary)
{
	char upper[64];
	size_t i;

	for (i = 0; title[i] && i < sizeof(upper) - 1; i++)
		upper[i] = (char)toupper((unsigned char)title[i]);
	upper[i] = '\0';
	fprintf(f, ".TH %s 1 \"\" \"kcg %s\" \"kcg manual\"\n", upper,
		KCG_VERSION);
	fputs(".SH NAME\n", f);
	fprintf(f, "%s \\- ", name);
	troff_text(f, summary);
}

static void man_command(FILE *f, const struct cmd_entry *cmd)
{
	char title[64];

	snprintf(title, sizeof(title), "kcg-%s", cmd->name);
	man_header(f, title, title, cmd->summary);
	fputs(".SH SYNOPSIS\n.nf\n", f);
	fprintf(f, "\\fBkcg %s\\fR ", cmd->name);
	troff_text(f, cmd->usage);
	fputs(".fi\n.SH DESCRIPTION\n.nf\n", f);
	troff_text(f, cmd->help);
	fputs(".fi\n.SH SEE ALSO\n\\fBkcg\\fR(1)\n", f);
}

static void man_overview(FILE *f, const struct cmd_entry *cmds, size_t nr)
{
	size_t i;

	man_header(f, "kcg", "kcg", "kernel call graph");
	fputs(".SH SYNOPSIS\n\\fBkcg\\fR \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
	      ".br\n\\fBkcg help\\fR \\fICOMMAND\\fR\n"
	      ".br\n\\fBkcg \\-\\-version\\fR\n", f);
	fputs(".SH DESCRIPTION\n"
	      "kcg turns a Linux kernel source tree into a queryable call "
	      "graph with the function pointers resolved: for every edge it "
	      "says where the call is and where the pointer was registered.  "
	      "\\fBkcg index\\fR parses the tree with libclang into a SQLite "
	      "database; the other commands query it and draw diagrams.\n"
	      ".SH COMMANDS\n", f);
	for (i = 0; i < nr; i++) {
		fprintf(f, ".TP\n\\fB%s\\fR\n", cmds[i].name);
		troff_text(f, cmds[i].summary);
		fprintf(f, "See \\fBkcg\\-%s\\fR(1).\n", cmds[i].name);
	}
	fputs(".SH FILES\n"
	      ".TP\nPREFIX/share/kcg/flows\n"
	      "the documented flows, per kernel version (linux\\-X.Y/)\n"
	      ".TP\nPREFIX/share/kcg/samples\n"
	      "the miniature network stack that \\fBkcg index\\fR indexes "
	      "when given no tree\n"
	      ".SH ENVIRONMENT\n"
	      ".TP\nNO_COLOR\nno colours in text output\n"
	      ".TP\nXDG_STATE_HOME\nwhere the path of the last database "
	      "indexed is kept (kcg/last\\-db)\n"
	      ".TP\nKCG_TRACE\n1: \\fBkcg index\\fR says where its time "
	      "goes\n", f);
	fputs(".SH SEE ALSO\n", f);
	for (i = 0; i < nr; i++)
		fprintf(f, "\\fBkcg\\-%s\\fR(1)%s\n", cmds[i].name,
			i + 1 < nr ? "," : "");
}

/* Write dir/name with write_page(); 0, or -1 with a message printed. */
static int write_man(const char *dir, const char *name,
		     const struct cmd_entry *cmd, const struct cmd_entry *cmds,
		     size_t nr)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (!f) {
		fprintf(stderr, "kcg help: cannot write '%s': %s\n", path,
			strerror(errno));
		free(path);
		return -1;
	}
	if (cmd)
		man_command(f, cmd);
	else
		man_overview(f, cmds, nr);
	if (fclose(f)) {
		fprintf(stderr, "kcg help: cannot write '%s': %s\n", path,
			strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

int help_write_man_pages(const char *dir, const struct cmd_entry *cmds,
			 size_t nr)
{
	char name[64];
	size_t i;

	if (write_man(dir, "kcg.1", NULL, cmds, nr))
		return 1;
	for (i = 0; i < nr; i++) {
		snprintf(name, sizeof(name), "kcg-%s.1", cmds[i].name);
		if (write_man(dir, name, &cmds[i], cmds, nr))
			return 1;
	}
	return 0;
}

void help_print_commands(const struct cmd_entry *cmds, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		printf("%s\n", cmds[i].name);
}

/* Add word (len bytes) to words ("\nw1\nw2\n...") unless it is there. */
static void add_word(struct strbuf *words, const char *word, size_t len)
{
	struct strbuf key;

	strbuf_init(&key);
	strbuf_addstr(&key, "\n");
	strbuf_add(&key, word, len);
	strbuf_addstr(&key, "\n");
	if (!strstr(words->buf, key.buf))
		strbuf_add(words, key.buf + 1, key.len - 1);
	strbuf_release(&key);
}

/* Add the options text names (-x, --long-name) to words. */
static void collect_options(const char *text, struct strbuf *words)
{
	const char *p = text;

	while ((p = strchr(p, '-'))) {
		const char *name = p + (p[1] == '-' ? 2 : 1), *end = name;
		int starts_word = p == text || strchr(" \t\n[(|,", p[-1]);

		if (!starts_word || !isalpha((unsigned char)*name)) {
			p = name;
			continue;
		}
		while (isalnum((unsigned char)*end) || *end == '-')
			end++;
		/* a short option is one letter: "-k N", not "-fsyntax" */
		if (p[1] == '-' || end - name == 1)
			add_word(words, p, (size_t)(end - p));
		p = end;
	}
}

/*
 * Add the options of the help text's option lines, those that start
 * "  -", up to the two spaces before their description ("  -j, --jobs N
 *   worker threads"), and of its synopsis lines ("kcg render flow NAME
 * [--list]"); not those of other programs quoted in the prose (make's -n).
 */
static void collect_help_options(const char *help, struct strbuf *words)
{
	const char *line = help;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (!strncmp(line, "kcg ", 4)) {
			char *synopsis = xstrndup(line, len);

			collect_options(synopsis, words);
			free(synopsis);
		} else if (len > 3 && !strncmp(line, "  -", 3)) {
			const char *gap = strstr(line + 2, "  ");
			size_t n = gap && gap < line + len ?
					   (size_t)(gap - line) : len;
			char *head = xstrndup(line, n);

			collect_options(head, words);
			free(head);
		}
		line += len + (nl ? 1 : 0);
	}
}

void help_print_options(const struct cmd_entry *cmd)
{
	struct strbuf words;

	strbuf_init(&words);
	strbuf_addstr(&words, "\n");
	collect_options(cmd->usage, &words);
	collect_help_options(cmd->help, &words);
	add_word(&words, "--help", 6);
	fputs(words.buf + 1, stdout);
	strbuf_release(&words);
}
