/*
 * Adding the functions and calls of an index to a diagram: each function
 * once, each distinct edge once, described from the database (the rows
 * of describe_paths or describe_tree), with a link to each function's
 * source.  diagram_from_paths draws the results of a path search.
 */
#include "render.h"

#include "db/db.h"
#include "queries/describe.h"
#include "queries/graph.h"
#include "queries/names.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

void diagram_builder_init(struct diagram_builder *b, sqlite3 *db,
			  const char *url_template, struct diagram *d)
{
	b->db = db;
	b->d = d;
	b->url_template = url_template;
	b->version = db_meta_get(db, "kernel_version");
	b->root = db_meta_get(db, "root");
}

void diagram_builder_release(struct diagram_builder *b)
{
	free(b->version);
	free(b->root);
	b->version = b->root = NULL;
}

char *diagram_builder_url(const struct diagram_builder *b, const char *file,
			  int line)
{
	const char *tmpl = b->url_template;

	if (!file)
		return NULL;
	if (!tmpl)
		tmpl = b->version && file[0] != '/' ? RENDER_ELIXIR_URL :
						      RENDER_FILE_URL;
	if (!strcmp(tmpl, RENDER_FILE_URL) && file[0] == '/')
		tmpl = "file://{file}";
	else if (!strcmp(tmpl, RENDER_FILE_URL) && !b->root)
		return NULL;	/* a relative path and no root: no link */
	return render_url(tmpl, b->version, b->root, file, line);
}

static char *dir_of(const char *file)
{
	const char *slash = file ? strrchr(file, '/') : NULL;

	if (!file)
		return xstrdup("?");
	if (!slash)
		return xstrdup(".");
	return xstrndup(file, (size_t)(slash - file));
}

/* A node key: the name, or name@file when another node has the name. */
static char *node_key(const struct diagram *d, const struct fn_ref *f)
{
	struct strbuf sb;

	if (diagram_find_key(d, f->name) == (size_t)-1)
		return xstrdup(f->name);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s@%s", f->name, f->file ? f->file : "?");
	return strbuf_detach(&sb);
}

int diagram_add_function(struct diagram_builder *b, int64_t id,
			 size_t *index, struct kcg_error *err)
{
	struct diagram *d = b->d;
	struct diagram_node *n;
	struct fn_ref f;

	*index = diagram_find_function(d, id);
	if (*index != (size_t)-1)
		return 0;
	if (fn_ref_get(b->db, id, &f, err))
		return -1;
	xgrow(&d->nodes, &d->alloc_nodes, d->nr_nodes + 1, sizeof(*n));
	n = &d->nodes[d->nr_nodes];
	memset(n, 0, sizeof(*n));
	n->kind = NODE_FUNCTION;
	n->id = id;
	n->key = node_key(d, &f);
	n->name = xstrdup(f.name);
	n->file = f.file ? xstrdup(f.file) : NULL;
	n->line = f.line;
	n->dir = dir_of(f.file);
	n->url = diagram_builder_url(b, f.file, f.line);
	fn_ref_release(&f);
	*index = d->nr_nodes++;
	return 0;
}

/* A text column of row `row` as a new string; NULL if empty. */
static char *col_dup(const struct result *r, size_t row, const char *col)
{
	const char *s = result_str(r, row, col);

	return s && *s ? xstrdup(s) : NULL;
}

static int has_edge(const struct diagram *d, uint32_t edge_id)
{
	size_t i;

	for (i = 0; i < d->nr_edges; i++)
		if (d->edges[i].role == EDGE_CALL &&
		    d->edges[i].edge_id == edge_id)
			return 1;
	return 0;
}

int diagram_add_call(struct diagram_builder *b, uint32_t from, uint32_t to,
		     uint32_t edge_id, int kind, const struct result *r,
		     size_t row, struct kcg_error *err)
{
	struct diagram *d = b->d;
	struct diagram_edge e;
	size_t a, z;

	if (diagram_add_function(b, from, &a, err) ||
	    diagram_add_function(b, to, &z, err))
		return -1;
	if (has_edge(d, edge_id))
		return 0;
	memset(&e, 0, sizeof(e));
	e.from = a;
	e.to = z;
	e.role = EDGE_CALL;
	e.edge_id = edge_id;
	e.kind = kind;
	e.site_file = col_dup(r, row, "site_file");
	e.site_line = (int)result_int(r, row, "site_line");
	e.through = col_dup(r, row, "through");
	e.via = col_dup(r, row, "via");
	e.reg_file = col_dup(r, row, "reg_file");
	e.reg_line = (int)result_int(r, row, "reg_line");
	if ((kind == KIND_NETFILTER_HOOK &&
	     describe_hook_points(b->db, to, &e.hooks, err)) ||
	    (kind == KIND_REGISTRATION && !e.through &&
	     describe_registering_call(b->db, edge_id, &e.through,
				       err))) {
		diagram_edge_release(&e);
		return -1;
	}
	xgrow(&d->edges, &d->alloc_edges, d->nr_edges + 1, sizeof(e));
	d->edges[d->nr_edges++] = e;
	return 0;
}

static void mark_endpoints(struct diagram *d, const struct path *p)
{
	size_t i;

	for (i = 0; i < d->nr_nodes; i++)
		if (d->nodes[i].kind == NODE_FUNCTION &&
		    (d->nodes[i].id == p->nodes[0] ||
		     d->nodes[i].id == p->nodes[p->hops]))
			d->nodes[i].endpoint = 1;
}

int diagram_add_paths(struct diagram_builder *b,
		      const struct path_list *paths, struct kcg_error *err)
{
	struct result r;
	size_t p, h, row = 0;
	int rc = 0;

	if (!paths->nr)
		return 0;
	if (describe_paths(b->db, paths, &r, err)) {
		result_release(&r);
		return -1;
	}
	for (p = 0; p < paths->nr && !rc; p++) {
		const struct path *path = &paths->items[p];

		for (h = 0; h < path->hops && !rc; h++, row++)
			rc = diagram_add_call(b, path->nodes[h],
					      path->nodes[h + 1],
					      path->edge_ids[h],
					      path->kinds[h], &r, row, err);
		if (!rc)
			mark_endpoints(b->d, path);
	}
	result_release(&r);
	return rc;
}

int diagram_from_paths(sqlite3 *db, const struct path_list *paths,
		       const char *url_template, const char *title,
		       struct diagram *d, struct kcg_error *err)
{
	struct diagram_builder b;
	int rc;

	diagram_builder_init(&b, db, url_template, d);
	d->title = title ? xstrdup(title) : NULL;
	rc = diagram_add_paths(&b, paths, err);
	diagram_builder_release(&b);
	return rc;
}
