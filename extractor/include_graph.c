/*
 * Which files include which, as parsed so far: see include_graph.h.
 */
#include "include_graph.h"

#include "util/alloc.h"
#include "util/path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SUFFIX 3	/* components: asm-generic/bitops/atomic.h */

/* The files whose paths end alike. */
struct suffix_list {
	size_t *nodes;
	size_t nr, alloc;
};

void include_graph_init(struct include_graph *g)
{
	memset(g, 0, sizeof(*g));
	strmap_init(&g->by_id);
	strmap_init(&g->by_suffix);
}

void include_graph_release(struct include_graph *g)
{
	size_t i;

	for (i = 0; i < g->nr; i++)
		free(g->nodes[i].children);
	for (i = 0; i < g->nr_lists; i++)
		free(g->lists[i].nodes);
	free(g->nodes);
	free(g->lists);
	strmap_release(&g->by_id);
	strmap_release(&g->by_suffix);
	memset(g, 0, sizeof(*g));
}

static void id_key(char *buf, size_t size, dev_t dev, ino_t ino)
{
	snprintf(buf, size, "%llx:%llx", (unsigned long long)dev,
		 (unsigned long long)ino);
}

static size_t find_node(const struct include_graph *g, dev_t dev, ino_t ino)
{
	char key[48];
	int64_t index;

	id_key(key, sizeof(key), dev, ino);
	return strmap_get(&g->by_id, key, &index) ? (size_t)index - 1 :
						    SIZE_MAX;
}

/* Where path's last n components start (path itself if it has fewer). */
static const char *last_components(const char *path, size_t len, int n)
{
	const char *p = path + len;

	while (p > path) {
		if (p[-1] == '/' && --n == 0)
			return p;
		p--;
	}
	return path;
}

static void add_suffixes(struct include_graph *g, const char *path,
			 size_t node)
{
	size_t len = strlen(path);
	int n;

	for (n = 1; n <= MAX_SUFFIX; n++) {
		const char *s = last_components(path, len, n);
		struct suffix_list *l;
		int64_t index;

		if (!strmap_get(&g->by_suffix, s, &index)) {
			xgrow(&g->lists, &g->alloc_lists, g->nr_lists + 1,
			      sizeof(*g->lists));
			memset(&g->lists[g->nr_lists], 0, sizeof(*g->lists));
			index = (int64_t)++g->nr_lists;
			strmap_put(&g->by_suffix, s, index);
		}
		l = &g->lists[index - 1];
		xgrow(&l->nodes, &l->alloc, l->nr + 1, sizeof(*l->nodes));
		l->nodes[l->nr++] = node;
		if (s == path)
			break;
	}
}

static size_t node_of(struct include_graph *g, const struct include_file *f)
{
	char key[48];
	int64_t index;

	id_key(key, sizeof(key), f->dev, f->ino);
	if (strmap_get(&g->by_id, key, &index))
		return (size_t)index - 1;
	xgrow(&g->nodes, &g->alloc, g->nr + 1, sizeof(*g->nodes));
	memset(&g->nodes[g->nr], 0, sizeof(*g->nodes));
	strmap_put(&g->by_id, key, (int64_t)g->nr + 1);
	add_suffixes(g, f->path, g->nr);
	return g->nr++;
}

void include_graph_add(struct include_graph *g,
		       const struct include_file *parent,
		       const struct include_file *child)
{
	size_t from = node_of(g, parent), to = node_of(g, child), i;
	struct include_node *n = &g->nodes[from];

	/* a few children each; the most, define_trace.h, some hundreds */
	for (i = 0; i < n->nr; i++)
		if (n->children[i] == to)
			return;
	xgrow(&n->children, &n->alloc, n->nr + 1, sizeof(*n->children));
	n->children[n->nr++] = to;
}

#define MAX_UNSEEN_DEPTH 4

/* The walk's stack of nodes to visit. */
struct reach {
	struct include_graph *g;
	size_t *stack;
	size_t nr, alloc;
	const char *(*read)(void *ctx, const char *path, size_t *size);
	void *ctx;
	struct strmap unseen;	/* files no parse read yet, scanned */
	int depth;		/* of the scan of such files */
};

static void visit_directives(struct reach *r, const char *source_dir,
			     const char *text, size_t size);

/*
 * A file beside the source that no parse read yet (a driver's own
 * header, in the first TU of its directory): what its #include lines
 * name, as for the source itself.
 */
static void scan_unseen(struct reach *r, const char *path)
{
	const char *text;
	char *dir;
	size_t size = 0;

	if (r->depth >= MAX_UNSEEN_DEPTH || !r->read ||
	    !strmap_add(&r->unseen, path, NULL, 1))
		return;
	text = r->read(r->ctx, path, &size);
	if (!text)
		return;
	dir = path_dirname(path);
	r->depth++;
	visit_directives(r, dir, text, size);
	r->depth--;
	free(dir);
}

static void visit(struct reach *r, size_t node)
{
	if (node == SIZE_MAX || r->g->nodes[node].mark == r->g->mark)
		return;
	r->g->nodes[node].mark = r->g->mark;
	xgrow(&r->stack, &r->alloc, r->nr + 1, sizeof(*r->stack));
	r->stack[r->nr++] = node;
}

static void visit_path(struct reach *r, const char *path)
{
	struct stat st;

	if (!stat(path, &st))
		visit(r, find_node(r->g, st.st_dev, st.st_ino));
}

/* The files an #include of name[0, len) may be: beside the source if
 * quoted and there, else every file seen whose path ends so. */
static void visit_named(struct reach *r, const char *source_dir,
			const char *name, size_t len, int quoted)
{
	char *copy = xstrndup(name, len);
	const char *s = last_components(copy, len, MAX_SUFFIX);
	int64_t index;
	size_t i;

	if (quoted) {
		struct stat st;
		char *beside = path_join(source_dir, copy);
		int there = !stat(beside, &st);
		size_t node = there ? find_node(r->g, st.st_dev, st.st_ino) :
				      SIZE_MAX;

		if (there && node == SIZE_MAX)
			scan_unseen(r, beside);
		free(beside);
		if (there) {
			visit(r, node);
			free(copy);
			return;
		}
	}
	if (strmap_get(&r->g->by_suffix, s, &index)) {
		const struct suffix_list *l = &r->g->lists[index - 1];

		for (i = 0; i < l->nr; i++)
			visit(r, l->nodes[i]);
	}
	free(copy);
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Every `#include <...>` and `#include "..."` line of text, #if or not. */
static void visit_directives(struct reach *r, const char *source_dir,
			     const char *text, size_t size)
{
	const char *p = text, *end = text + size;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q, *name;
		char close;

		if (!eol)
			eol = end;
		q = skip_blanks(p, eol);
		p = eol + 1;
		if (q == eol || *q != '#')
			continue;
		q = skip_blanks(q + 1, eol);
		if ((size_t)(eol - q) < 7 || memcmp(q, "include", 7))
			continue;
		q = skip_blanks(q + 7, eol);
		if (q == eol || (*q != '<' && *q != '"'))
			continue;
		close = *q == '<' ? '>' : '"';
		name = q + 1;
		q = memchr(name, close, (size_t)(eol - name));
		if (q && q > name)
			visit_named(r, source_dir, name, (size_t)(q - name),
				    close == '"');
	}
}

unsigned include_graph_reach(struct include_graph *g, const char *source_dir,
			     const char *text, size_t size,
			     const char *const *forced, size_t nr_forced,
			     const char *(*read)(void *ctx, const char *path,
						 size_t *size),
			     void *ctx)
{
	struct reach r;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.g = g;
	r.read = read;
	r.ctx = ctx;
	strmap_init(&r.unseen);
	g->mark++;
	for (i = 0; i < nr_forced; i++)
		visit_path(&r, forced[i]);
	if (text)
		visit_directives(&r, source_dir, text, size);
	while (r.nr) {
		const struct include_node *n = &g->nodes[r.stack[--r.nr]];

		for (i = 0; i < n->nr; i++)
			visit(&r, n->children[i]);
	}
	free(r.stack);
	strmap_release(&r.unseen);
	return g->mark;
}

int include_graph_reached(const struct include_graph *g, dev_t dev, ino_t ino,
			  unsigned mark)
{
	size_t node = find_node(g, dev, ino);

	return node != SIZE_MAX && g->nodes[node].mark == mark;
}
