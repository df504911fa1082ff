/*
 * Diagrams as data: making and releasing them, the nodes and edges that
 * are not functions and calls (hook points, hand-offs, cuts), and links
 * to the source from a URL template.
 */
#include "diagram.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

void diagram_init(struct diagram *d)
{
	memset(d, 0, sizeof(*d));
	d->left_to_right = 1;
}

void diagram_node_release(struct diagram_node *n)
{
	size_t i;

	for (i = 0; i < n->nr_hooks; i++) {
		free(n->hooks[i].priority_name);
		free(n->hooks[i].function);
		free(n->hooks[i].site);
		free(n->hooks[i].url);
	}
	free(n->hooks);
	free(n->key);
	free(n->name);
	free(n->file);
	free(n->dir);
	free(n->url);
	free(n->band);
	free(n->note);
	free(n->detail);
}

void diagram_edge_release(struct diagram_edge *e)
{
	free(e->site_file);
	free(e->through);
	free(e->via);
	free(e->reg_file);
	free(e->hooks);
	free(e->text);
}

void diagram_release(struct diagram *d)
{
	size_t i;

	for (i = 0; i < d->nr_nodes; i++)
		diagram_node_release(&d->nodes[i]);
	for (i = 0; i < d->nr_edges; i++)
		diagram_edge_release(&d->edges[i]);
	free(d->nodes);
	free(d->edges);
	free(d->title);
	free(d->note);
	free(d->old_label);
	free(d->new_label);
	diagram_init(d);
}

size_t diagram_find_function(const struct diagram *d, int64_t id)
{
	size_t i;

	for (i = 0; i < d->nr_nodes; i++)
		if (d->nodes[i].kind == NODE_FUNCTION && d->nodes[i].id == id)
			return i;
	return (size_t)-1;
}

size_t diagram_find_key(const struct diagram *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nr_nodes; i++)
		if (!strcmp(d->nodes[i].key, key))
			return i;
	return (size_t)-1;
}

size_t diagram_add_other_node(struct diagram *d, enum diagram_node_kind kind,
			      const char *key, const char *name,
			      const char *dir)
{
	struct diagram_node *n;

	xgrow(&d->nodes, &d->alloc_nodes, d->nr_nodes + 1, sizeof(*n));
	n = &d->nodes[d->nr_nodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->key = xstrdup(key);
	n->name = xstrdup(name);
	n->dir = xstrdup(dir);
	return d->nr_nodes++;
}

void diagram_add_hook(struct diagram_node *n, int priority,
		      const char *priority_name, const char *function,
		      const char *site, const char *url, int dynamic)
{
	struct diagram_hook *h;

	n->hooks = xrealloc(n->hooks, (n->nr_hooks + 1) * sizeof(*h));
	h = &n->hooks[n->nr_hooks++];
	h->priority = priority;
	h->priority_name = priority_name ? xstrdup(priority_name) : NULL;
	h->function = xstrdup(function);
	h->site = site ? xstrdup(site) : NULL;
	h->url = url ? xstrdup(url) : NULL;
	h->dynamic = dynamic;
}

void diagram_add_other_edge(struct diagram *d, size_t from, size_t to,
			    enum diagram_edge_role role, const char *text)
{
	struct diagram_edge *e;

	xgrow(&d->edges, &d->alloc_edges, d->nr_edges + 1, sizeof(*e));
	e = &d->edges[d->nr_edges++];
	memset(e, 0, sizeof(*e));
	e->from = from;
	e->to = to;
	e->role = role;
	e->text = text ? xstrdup(text) : NULL;
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
