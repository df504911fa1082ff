/*
 * Building a diagram from path search results: the functions of every
 * path once, each distinct hop once, described from the database (the
 * rows of describe_paths), with a link to each function's source.
 */
#include "render.h"

#include "db/db.h"
#include "queries/describe.h"
#include "queries/graph.h"
#include "queries/names.h"
#include "queries/result.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

void diagram_init(struct diagram *d)
{
	memset(d, 0, sizeof(*d));
}

static void node_release(struct diagram_node *n)
{
	free(n->key);
	free(n->name);
	free(n->file);
	free(n->dir);
	free(n->url);
}

static void edge_release(struct diagram_edge *e)
{
	free(e->site_file);
	free(e->through);
	free(e->via);
	free(e->reg_file);
	free(e->hooks);
}

void diagram_release(struct diagram *d)
{
	size_t i;

	for (i = 0; i < d->nr_nodes; i++)
		node_release(&d->nodes[i]);
	for (i = 0; i < d->nr_edges; i++)
		edge_release(&d->edges[i]);
	free(d->nodes);
	free(d->edges);
	free(d->title);
	diagram_init(d);
}

char *render_url(const char *tmpl, const char *version, const char *root,
		 const char *file, int line)
{
	static const char *const keys[] = {
		"{file}", "{line}", "{version}", "{root}",
	};
	struct strbuf sb;
	const char *p = tmpl;

	strbuf_init(&sb);
	while (*p) {
		size_t k;

		for (k = 0; k < 4; k++)
			if (!strncmp(p, keys[k], strlen(keys[k])))
				break;
		if (k == 4) {
			strbuf_addch(&sb, *p++);
			continue;
		}
		if (k == 0)
			strbuf_addstr(&sb, file ? file : "");
		else if (k == 1)
			strbuf_addf(&sb, "%d", line);
		else
			strbuf_addstr(&sb, (k == 2 ? version : root) ?
					   (k == 2 ? version : root) : "");
		p += strlen(keys[k]);
	}
	return strbuf_detach(&sb);
}

/* Where links point: the template, kernel version and root of the index. */
struct url_ctx {
	const char *tmpl;
	char *version, *root;
};

static char *node_url(const struct url_ctx *u, const char *file, int line)
{
	const char *tmpl = u->tmpl;

	if (!file)
		return NULL;
	if (!tmpl)
		tmpl = u->version && file[0] != '/' ? RENDER_ELIXIR_URL :
						      RENDER_FILE_URL;
	if (!strcmp(tmpl, RENDER_FILE_URL) && file[0] == '/')
		tmpl = "file://{file}";
	else if (!strcmp(tmpl, RENDER_FILE_URL) && !u->root)
		return NULL;	/* a relative path and no root: no link */
	return render_url(tmpl, u->version, u->root, file, line);
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

static size_t find_node(const struct diagram *d, int64_t id)
{
	size_t i;

	for (i = 0; i < d->nr_nodes; i++)
		if (d->nodes[i].id == id)
			return i;
	return (size_t)-1;
}

/* A node key: the name, or name@file when another function has it. */
static char *node_key(const struct diagram *d, const struct fn_ref *f)
{
	struct strbuf sb;
	size_t i;

	for (i = 0; i < d->nr_nodes; i++)
		if (!strcmp(d->nodes[i].name, f->name))
			break;
	if (i == d->nr_nodes)
		return xstrdup(f->name);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s@%s", f->name, f->file ? f->file : "?");
	return strbuf_detach(&sb);
}

static int add_node(sqlite3 *db, const struct url_ctx *u, struct diagram *d,
		    int64_t id, size_t *index, struct kcg_error *err)
{
	struct diagram_node *n;
	struct fn_ref f;

	*index = find_node(d, id);
	if (*index != (size_t)-1)
		return 0;
	if (fn_ref_get(db, id, &f, err))
		return -1;
	xgrow(&d->nodes, &d->alloc_nodes, d->nr_nodes + 1, sizeof(*n));
	n = &d->nodes[d->nr_nodes];
	memset(n, 0, sizeof(*n));
	n->id = id;
	n->key = node_key(d, &f);
	n->name = xstrdup(f.name);
	n->file = f.file ? xstrdup(f.file) : NULL;
	n->line = f.line;
	n->dir = dir_of(f.file);
	n->url = node_url(u, f.file, f.line);
	fn_ref_release(&f);
	*index = d->nr_nodes++;
	return 0;
}

static char *col_dup(const struct result *r, size_t row, const char *col)
{
	const struct cell *c = result_get(r, row, col);
	char buf[32];
	const char *s = c ? cell_text(c, buf, sizeof(buf)) : NULL;

	return s && *s ? xstrdup(s) : NULL;
}

static int col_int(const struct result *r, size_t row, const char *col)
{
	const struct cell *c = result_get(r, row, col);

	return c && c->type == CELL_INT ? (int)c->i : 0;
}

/* The hook points the callee of a netfilter_hook edge is registered at. */
static int hooks_of(sqlite3 *db, int64_t fn, char **out,
		    struct kcg_error *err)
{
	static const char sql[] =
		"SELECT group_concat(h, ', ') FROM (SELECT DISTINCT "
		"  coalesce(hooknum_name, 'hook ' || hooknum) AS h "
		"  FROM hooks WHERE function_id = ?1 AND h IS NOT NULL)";
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (db_prepare(db, sql, &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, fn);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot read the hooks of "
				     "function %lld: %s", (long long)fn,
				     sqlite3_errmsg(db));
	return 0;
}

static int has_edge(const struct diagram *d, uint32_t edge_id)
{
	size_t i;

	for (i = 0; i < d->nr_edges; i++)
		if (d->edges[i].edge_id == edge_id)
			return 1;
	return 0;
}

/* Add hop h of path p, described by row `row` of r. */
static int add_hop(sqlite3 *db, const struct url_ctx *u, struct diagram *d,
		   const struct path *p, size_t h, const struct result *r,
		   size_t row, struct kcg_error *err)
{
	struct diagram_edge e;
	size_t from, to;

	if (add_node(db, u, d, p->nodes[h], &from, err) ||
	    add_node(db, u, d, p->nodes[h + 1], &to, err))
		return -1;
	if (has_edge(d, p->edge_ids[h]))
		return 0;
	memset(&e, 0, sizeof(e));
	e.from = from;
	e.to = to;
	e.edge_id = p->edge_ids[h];
	e.kind = p->kinds[h];
	e.site_file = col_dup(r, row, "site_file");
	e.site_line = col_int(r, row, "site_line");
	e.through = col_dup(r, row, "through");
	e.via = col_dup(r, row, "via");
	e.reg_file = col_dup(r, row, "reg_file");
	e.reg_line = col_int(r, row, "reg_line");
	if (e.kind == KIND_NETFILTER_HOOK &&
	    hooks_of(db, p->nodes[h + 1], &e.hooks, err)) {
		edge_release(&e);
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
		if (d->nodes[i].id == p->nodes[0] ||
		    d->nodes[i].id == p->nodes[p->hops])
			d->nodes[i].endpoint = 1;
}

int diagram_from_paths(sqlite3 *db, const struct path_list *paths,
		       const char *url_template, const char *title,
		       struct diagram *d, struct kcg_error *err)
{
	struct url_ctx u = { url_template, NULL, NULL };
	struct result r;
	size_t p, h, row = 0;
	int rc;

	if (describe_paths(db, paths, &r, err)) {
		result_release(&r);
		return -1;
	}
	u.version = db_meta_get(db, "kernel_version");
	u.root = db_meta_get(db, "root");
	d->title = title ? xstrdup(title) : NULL;
	rc = 0;
	for (p = 0; p < paths->nr && !rc; p++) {
		for (h = 0; h < paths->items[p].hops && !rc; h++, row++)
			rc = add_hop(db, &u, d, &paths->items[p], h, &r, row,
				     err);
		if (!rc)
			mark_endpoints(d, &paths->items[p]);
	}
	free(u.version);
	free(u.root);
	result_release(&r);
	return rc;
}
