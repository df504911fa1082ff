/*
 * A callers or callees tree (kcg render callers|callees F -d N) as a
 * diagram: each function once, each edge of the tree once, pointing from
 * caller to callee whichever way the tree was grown.
 */
#include "render.h"

#include "queries/describe.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The row of the parent of row i: the nearest one above, one level up. */
static size_t parent_row(const struct tree *t, size_t i)
{
	size_t j = i;

	while (j-- > 0)
		if (t->rows[j].depth == t->rows[i].depth - 1)
			return j;
	return (size_t)-1;
}

int diagram_from_tree(sqlite3 *db, const struct tree *t, int callers,
		      const char *url_template, const char *title,
		      struct diagram *d, struct kcg_error *err)
{
	struct diagram_builder b;
	struct result r;
	size_t i, root;
	int rc = 0;

	if (!t->nr)
		return kcg_error_set(err, "an empty tree");
	if (describe_tree(db, t, callers, &r, err)) {
		result_release(&r);
		return -1;
	}
	diagram_builder_init(&b, db, url_template, d);
	if (title) {
		free(d->title);
		d->title = xstrdup(title);
	}
	rc = diagram_add_function(&b, t->rows[0].node, &root, err);
	if (!rc)
		d->nodes[root].endpoint = 1;
	for (i = 1; i < t->nr && !rc; i++) {
		size_t p = parent_row(t, i);
		uint32_t parent, node = t->rows[i].node;

		if (p == (size_t)-1)
			continue;
		parent = t->rows[p].node;
		rc = diagram_add_call(&b, callers ? node : parent,
				      callers ? parent : node,
				      t->rows[i].edge_id, t->rows[i].kind, &r,
				      i, err);
	}
	diagram_builder_release(&b);
	result_release(&r);
	return rc;
}
