/*
 * Diagrams of call paths, fit for documentation.
 *
 * A diagram is plain data built from path search results (path.h): one
 * node per function with its file, line and a link to the source, one
 * edge per distinct hop with its kind, call site, registration site and
 * what a resolved pointer went through.  graphviz.c lays it out with
 * Graphviz (cgraph + gvc) into SVG, PNG, PDF or DOT, one cluster per
 * source directory and the edges styled by kind with a legend;
 * mermaid.c writes it as a Mermaid flowchart.  Nothing here prints.
 */
#ifndef KCG_RENDER_H
#define KCG_RENDER_H

#include "diagram.h"
#include "queries/path.h"

#include <sqlite3.h>

/*
 * Fill d (initialized, empty) with the functions and hops of paths, read
 * from db; url_template may be NULL (diagram.h).  title is copied.
 */
int diagram_from_paths(sqlite3 *db, const struct path_list *paths,
		       const char *url_template, const char *title,
		       struct diagram *d, struct kcg_error *err);

#endif
