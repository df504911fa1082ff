/*
 * Reading rendered diagrams back with cgraph (see dot_check.h).
 */
#include "dot_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Agraph_t *dot_read(const char *path)
{
	FILE *f = fopen(path, "r");
	Agraph_t *g;

	if (!f) {
		fprintf(stderr, "cannot read '%s'\n", path);
		return NULL;
	}
	g = agread(f, NULL);
	fclose(f);
	if (!g)
		fprintf(stderr, "'%s' is not a DOT graph\n", path);
	return g;
}

const char *dot_attr(void *obj, const char *name)
{
	const char *v = agget(obj, (char *)name);

	return v ? v : "";
}

static Agraph_t *cluster_in(Agraph_t *g, Agnode_t *n, int innermost)
{
	Agraph_t *s, *inner;

	for (s = agfstsubg(g); s; s = agnxtsubg(s)) {
		if (strncmp(agnameof(s), "cluster_", 8) || !agsubnode(s, n, 0))
			continue;
		if (!innermost)
			return s;
		inner = cluster_in(s, n, 1);
		return inner ? inner : s;
	}
	return NULL;
}

Agraph_t *dot_cluster_of(Agraph_t *g, const char *name)
{
	Agnode_t *n = agnode(g, (char *)name, 0);

	return n ? cluster_in(g, n, 1) : NULL;
}

Agraph_t *dot_band_of(Agraph_t *g, const char *name)
{
	Agnode_t *n = agnode(g, (char *)name, 0);

	return n ? cluster_in(g, n, 0) : NULL;
}

/* Breadth first from a along out-edges: is b reached? */
static int reaches(Agraph_t *g, Agnode_t *a, Agnode_t *b)
{
	size_t nr = (size_t)agnnodes(g), max = 0, head = 0, tail = 0;
	Agnode_t **queue, *n;
	char *seen;
	int found = 0;

	/* Nodes are numbered by their sequence in the graph. */
	for (n = agfstnode(g); n; n = agnxtnode(g, n))
		if ((size_t)AGSEQ(n) > max)
			max = (size_t)AGSEQ(n);
	queue = calloc(nr + 1, sizeof(*queue));
	seen = calloc(max + 1, 1);
	if (!queue || !seen) {
		free(queue);
		free(seen);
		return 0;
	}
	queue[tail++] = a;
	seen[AGSEQ(a)] = 1;
	while (head < tail && !found) {
		Agedge_t *e;

		n = queue[head++];
		for (e = agfstout(g, n); e; e = agnxtout(g, e)) {
			Agnode_t *m = aghead(e);

			if (m == b)
				found = 1;
			if (!seen[AGSEQ(m)]) {
				seen[AGSEQ(m)] = 1;
				queue[tail++] = m;
			}
		}
	}
	free(queue);
	free(seen);
	return found;
}

size_t dot_connects(Agraph_t *g, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		Agnode_t *a = agnode(g, (char *)names[i], 0);
		Agnode_t *b = agnode(g, (char *)names[i + 1], 0);

		if (!a)
			return i;
		if (!b || !reaches(g, a, b))
			return i + 1;
	}
	return n;
}
