/*
 * Diagrams made by hand for the tests of render/: see diagram_make.h.
 */
#include "diagram_make.h"

#include "util/alloc.h"

#include <stdlib.h>

#include <string.h>

size_t make_function(struct diagram *d, int64_t id, const char *name,
		     const char *file, int line, const char *url)
{
	const char *slash = strrchr(file, '/');
	char *dir = slash ? xstrndup(file, (size_t)(slash - file)) :
			    xstrdup("");
	size_t n = diagram_add_other_node(d, NODE_MORE, name, name, dir);
	struct diagram_node *node = &d->nodes[n];

	free(dir);
	node->kind = NODE_FUNCTION;
	node->id = id;
	node->file = xstrdup(file);
	node->line = line;
	node->url = url ? xstrdup(url) : NULL;
	return n;
}

size_t make_call(struct diagram *d, size_t from, size_t to, int kind,
		 const char *file, int line, const char *through)
{
	struct diagram_edge *e;

	diagram_add_other_edge(d, from, to, EDGE_MORE, NULL);
	e = &d->edges[d->nr_edges - 1];
	e->role = EDGE_CALL;
	e->kind = kind;
	e->edge_id = (uint32_t)d->nr_edges;
	e->site_file = xstrdup(file);
	e->site_line = line;
	e->through = through ? xstrdup(through) : NULL;
	return d->nr_edges - 1;
}
