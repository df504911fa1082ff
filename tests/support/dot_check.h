/*
 * Reading a rendered diagram back with cgraph, for the render tests:
 * the DOT file as a graph, its nodes, edges and clusters, and whether a
 * list of functions is connected in order along its edges.
 */
#ifndef KCG_TEST_DOT_CHECK_H
#define KCG_TEST_DOT_CHECK_H

#include <graphviz/cgraph.h>
#include <stddef.h>

/* The graph in a DOT file; NULL (message printed) if it cannot be read. */
Agraph_t *dot_read(const char *path);

/* An attribute's value, "" if unset. */
const char *dot_attr(void *obj, const char *name);

/*
 * The innermost cluster holding node `name` (clusters nest: a band of
 * execution context holds directories), or NULL.
 */
Agraph_t *dot_cluster_of(Agraph_t *g, const char *name);

/* The outermost cluster holding node `name`, or NULL. */
Agraph_t *dot_band_of(Agraph_t *g, const char *name);

/*
 * Does a directed path go through names[0], names[1], ... in order
 * along the graph's edges (cluster and legend edges included)?  Returns
 * the index of the first name not reached from the one before, or n if
 * all are.
 */
size_t dot_connects(Agraph_t *g, const char *const *names, size_t n);

#endif
