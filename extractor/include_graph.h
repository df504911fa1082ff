/*
 * Which files include which, as the TUs parsed so far read them, so that
 * a TU is lent only the emptied headers it may read (emptied.h).
 *
 * libclang copies every unsaved file it is given before it parses, and
 * sets up a file entry for each: handed all 4,000 headers a whole tree
 * empties, a TU that reads 300 of them costs 40 MB and 4,000 stat()s
 * more.  What a TU reads is not known before its parse, but a close
 * superset is: the files its own source names in #include lines (and
 * the files beside it no TU read yet name), and everything any TU saw
 * those files include.  Ignoring #if makes it
 * larger, never smaller, and larger costs only memory; a header missed
 * (an #include a macro computes in the source itself, a header no TU
 * read yet) only has its bodies parsed whole, as without emptying.
 *
 * A parse reports each file it read once, with the #include line that
 * read it first, so each TU adds a tree of edges and the graph is the
 * union of those trees: a file another TU first read through another
 * header is still reached when some path leads to it.
 *
 * Files are told apart by device and inode, as clang does; an #include
 * line of the source is matched to the files seen by the end of its path
 * (`linux/skbuff.h`), or, written in quotes, first beside the source.
 * Not thread-safe: emptied.c holds its lock.
 */
#ifndef KCG_INCLUDE_GRAPH_H
#define KCG_INCLUDE_GRAPH_H

#include "util/strmap.h"

#include <stddef.h>
#include <sys/types.h>

/* A file as a parse read it. */
struct include_file {
	dev_t dev;
	ino_t ino;
	const char *path;	/* as the parser named it */
};

struct include_node {
	size_t *children;
	size_t nr, alloc;
	unsigned mark;		/* the walk that reached it last */
};

struct include_graph {
	struct strmap by_id;		/* "dev:ino" -> node + 1 */
	struct strmap by_suffix;	/* the last 1 to 3 components of a
					   path -> list + 1 */
	struct include_node *nodes;
	size_t nr, alloc;
	struct suffix_list *lists;
	size_t nr_lists, alloc_lists;
	unsigned mark;			/* of the last walk */
};

void include_graph_init(struct include_graph *g);
void include_graph_release(struct include_graph *g);

/* parent read child through an #include line. */
void include_graph_add(struct include_graph *g,
		       const struct include_file *parent,
		       const struct include_file *child);

/*
 * Mark the files a TU may read: those the source file (source_dir/its
 * text, size bytes) includes, the files of forced (the -include options,
 * absolute paths), and all they were seen to include.  A file the source
 * includes in quotes from beside it that no parse read yet is scanned
 * the same way, its text got from read(ctx, path, &size).  Returns the
 * mark include_graph_reached() asks about.
 */
unsigned include_graph_reach(struct include_graph *g, const char *source_dir,
			     const char *text, size_t size,
			     const char *const *forced, size_t nr_forced,
			     const char *(*read)(void *ctx, const char *path,
						 size_t *size),
			     void *ctx);

/* Whether the walk of mark reached the file dev:ino. */
int include_graph_reached(const struct include_graph *g, dev_t dev, ino_t ino,
			  unsigned mark);

#endif
