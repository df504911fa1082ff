/*
 * Diagrams made by hand for the tests of render/: function nodes and call
 * edges without a database.
 */
#ifndef KCG_TEST_DIAGRAM_MAKE_H
#define KCG_TEST_DIAGRAM_MAKE_H

#include "render/diagram.h"

/* Add function id called name, defined at file:line (its dir the
 * directory of file); url may be NULL.  Returns its index. */
size_t make_function(struct diagram *d, int64_t id, const char *name,
		     const char *file, int line, const char *url);

/* Add a call from -> to of kind (enum graph_kind) at file:line;
 * through may be NULL.  Returns its index. */
size_t make_call(struct diagram *d, size_t from, size_t to, int kind,
		 const char *file, int line, const char *through);

#endif
