/*
 * Graphviz layouts in a helper process that is replaced every `recycle`
 * drawings, for a long-running kcg: see drawer.c.  render_graphviz_data()
 * uses it once started.
 */
#ifndef KCG_DRAWER_H
#define KCG_DRAWER_H

#include "diagram.h"

#include <stddef.h>

/* Start the helper; call while the process has no other thread. */
int render_drawer_start(int recycle, struct kcg_error *err);
/* Stop it and wait for it (nothing to do if it is not running). */
void render_drawer_stop(void);
int render_drawer_running(void);
/*
 * Lay out the graph of DOT text dot and draw it in fmt (svg, png, pdf):
 * *out (NUL-terminated, *out_len bytes) is the caller's to free.  Thread
 * safe: one drawing at a time.
 */
int render_drawer_draw(const char *dot, size_t len, enum render_format fmt,
		       char **out, size_t *out_len, struct kcg_error *err);

#endif
