/*
 * Header function bodies that a TU hands to the TUs after it emptied.
 *
 * Most of a kernel TU's parse goes into the static inline bodies of the
 * headers it includes, and every TU including them parses them again,
 * though only the TU of lowest rank walks each one (claim.c): the others
 * lose its claim.  So once a TU has walked a header's body, the TUs of
 * higher rank after it get that header through libclang's unsaved files
 * with the body emptied: `{`, blanks and the same newlines, `}`.  The
 * declarations, offsets and lines they see stay as they were, the
 * statements they would not walk are gone (docs/performance.md).
 *
 * A body is emptied only when that changes nothing but time:
 *   - the walker parsed the TU without errors, and the body is spelled
 *     in the header itself: `{` and `}` at its ends, no preprocessor
 *     line or line continuation in it, not in the walker's own source
 *     file;
 *   - its definition is not weak, and its name is written, not made by
 *     a macro (the same text could then define another function);
 *   - it holds no `extern` (a block-scope declaration joins the TU's
 *     declarations of that name);
 *   - a TU uses a header's emptied text only when every body emptied in
 *     it was walked by a TU of lower rank (a TU parsed again, or in a
 *     later round, can rank lower than the walker), and never for its
 *     own source file;
 *   - a TU that must walk a body it was handed emptied (its key is not
 *     the walker's: clang's USR of a static function names the file
 *     that declared it first) is parsed again whole, taking back what
 *     its walk claimed (extractor/visit.c, came_emptied()).
 *
 * A TU is lent only the headers it may read (include_graph.h): libclang
 * copies every unsaved file it is given, and on a whole tree, where 4,000
 * headers have bodies emptied, that was 40 MB and 4,000 file entries per
 * TU for the 300 or so it reads.
 *
 * A body that expands __COUNTER__ (READ_ONCE(), WARN_ON(), pr_debug()
 * reach it) is emptied too: the extractor numbers such names by line
 * (extractor/parse.c), so what a TU parsed before them changes nothing.
 *
 * On in a run that parses 200 TUs or more, unless KCG_EMPTY_BODIES=never
 * (index/indexer.c).
 *
 * tests/data/emptied has a TU for each of these; test_emptied_bodies
 * checks that the index equals one made without emptying.
 */
#ifndef KCG_EMPTIED_H
#define KCG_EMPTIED_H

#include "extractor/include_graph.h"
#include "util/strmap.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One header's text with the bodies emptied so far; immutable. */
struct emptied_text {
	char *path;		/* as the parser named it */
	dev_t dev;		/* the file it stands for */
	ino_t ino;
	char *text;
	size_t size;
	int64_t max_rank;	/* of the TUs whose walks emptied bodies */
	unsigned refs;		/* the registry's, and each parse's */
};

struct emptied {
	pthread_mutex_t lock;
	struct strmap by_path;	/* path -> index + 1 in texts */
	struct emptied_text **texts;	/* the current text of each header */
	size_t nr, alloc;
	unsigned long bodies;	/* emptied so far */
	unsigned long lent;	/* headers lent to TUs, each time */
	struct include_graph includes;	/* who lends what to whom */
};

/* A body a walk would hand on: text[start, end) of a header. */
struct emptied_body {
	const char *path;	/* as the parser named it */
	unsigned start, end;
};

struct CXUnsavedFile;

/* What one parse was handed; give it back with emptied_give_back(). */
struct emptied_loan {
	struct CXUnsavedFile *files;
	struct emptied_text **held;
	size_t nr;
};

void emptied_init(struct emptied *e);
void emptied_release(struct emptied *e);

/* What a TU is: its rank, its source (path, directory, text) and the
 * files its -include options name (absolute). */
struct emptied_borrower {
	int64_t rank;
	const char *path, *dir;
	const char *text;
	size_t size;
	const char *const *forced;
	size_t nr_forced;
	/* the text of a file beside it no TU read yet */
	const char *(*read)(void *ctx, const char *path, size_t *size);
	void *ctx;
};

/* The headers a TU may be handed: those whose bodies TUs of lower rank
 * emptied, that it may read (include_graph.h), less its own source.  The
 * parse must give them back. */
void emptied_lend(struct emptied *e, const struct emptied_borrower *b,
		  struct emptied_loan *loan);

/* A parse read child through an #include line of parent: the TUs after
 * it that read parent may read child. */
void emptied_note_include(struct emptied *e,
			  const struct include_file *parent,
			  const struct include_file *child);
void emptied_give_back(struct emptied *e, struct emptied_loan *loan);

/*
 * Whether a body's text (size bytes from its `{`) is spelled so that it
 * may be emptied: no preprocessor line (an #if may have left statements
 * out in one TU and not in another), no line continuation (the body is
 * in a macro's definition), no NUL.
 */
int emptied_spelling_ok(const char *body, size_t size);

/*
 * Empty the bodies a TU of this rank walked.  original(ctx, path, &size)
 * gives a header's text as on disk (NULL if it cannot); bodies that are
 * not one `{...}` there, or are not spelled so that they may be emptied,
 * or hold `extern`, stay.  Returns how many were emptied.
 */
size_t emptied_add(struct emptied *e, int64_t rank,
		   const struct emptied_body *bodies, size_t nr,
		   const char *(*original)(void *ctx, const char *path,
					   size_t *size),
		   void *ctx);

#endif
