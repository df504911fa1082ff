/*
 * Internal to the kbuild_*.c files of extractor/ (kbuild.h is the
 * interface): what the dry run (kbuild_dry_run.c) takes from the make
 * runner (kbuild_make.c), the dry-run parser (kbuild_parse.c) and the
 * tree reader (kbuild_kernel.c).  The parser depends on none of the others,
 * so that the fuzz target links it alone.
 */
#ifndef KCG_KBUILD_INT_H
#define KCG_KBUILD_INT_H

#include "extractor/compdb.h"
#include "util/error.h"
#include "util/strbuf.h"

#include <stddef.h>

/* kbuild_make.c: running make. */

/* Called with each line of make's stdout, without the '\n'. */
typedef void (*kbuild_line_fn)(const char *line, size_t len, void *data);

struct make_result {
	int status;		/* exit status, or 128 + signal */
	struct strbuf errtail;	/* the end of what make wrote to stderr */
};

/*
 * Run make with argv (argv[0] is "make"), stdout going line by line to fn.
 * Returns 0 with res filled once make has run (whatever its status; the
 * caller releases res->errtail), or -1 if it could not be run (err filled
 * if not NULL).
 */
int kbuild_run_make(char **argv, kbuild_line_fn fn, void *data,
		    struct make_result *res, struct kcg_error *err);

/* Append "failed with exit status 2: <stderr tail>" and the like to sb. */
void kbuild_describe_failure(struct strbuf *sb, const struct make_result *res);

/* kbuild_parse.c: parsing the dry run as it arrives. */

struct kbuild_parser {
	struct compdb *db;
	const char *kdir;	/* absolute; borrowed */
	char *const *targets;	/* the scope as make goals; NULL: anything */
	struct strbuf line;	/* logical line being assembled */
	size_t found;		/* C compile commands seen */
	size_t lines;		/* physical lines seen */
	struct strbuf head;	/* the first few non-blank lines, cut short
				   and quoted, for an error message */
	int head_lines;
};

/*
 * Start parsing what make printed in kdir (absolute, borrowed until
 * kbuild_parser_finish) into db.  goals, if not NULL, is the
 * NULL-terminated list of make goals of the scope; objects none of them
 * builds are skipped.
 */
void kbuild_parser_init(struct kbuild_parser *p, struct compdb *db,
			const char *kdir, char *const *goals);

/* Take one physical line of make's stdout; a kbuild_line_fn for parser. */
void kbuild_parser_line(const char *line, size_t len, void *parser);

/* Parse the last line if it was left unfinished. */
void kbuild_parser_finish(struct kbuild_parser *p);

/* Release the parser (after kbuild_parser_finish; head is then gone). */
void kbuild_parser_release(struct kbuild_parser *p);

/* Does s end in suffix? */
int kbuild_has_suffix(const char *s, const char *suffix);

/* kbuild_kernel.c: files of the tree. */

/* Append the file kdir/rel to sb.  Returns 0, or -1 if it cannot be read. */
int kbuild_read_tree_file(const char *kdir, const char *rel,
			  struct strbuf *sb);

#endif
