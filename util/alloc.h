/*
 * Allocation helpers that never return NULL.
 *
 * Running out of memory is not an error kcg can recover from in any useful
 * way, so, like git's xmalloc(), these print a message and abort instead of
 * making every caller check.  Everything they return is owned by the caller
 * and released with free().
 */
#ifndef KCG_ALLOC_H
#define KCG_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A zeroed array of nmemb elements of size bytes for a large table (the
 * call graph, a search's per-function state), released with
 * xfree_large() given the same nmemb and size.  From 128 KB on it is
 * mapped on its own, rounded up to 2 MB huge pages the kernel is asked
 * for, which makes first touching it several times cheaper than malloc's
 * 4 KB pages (a page fault each) where page faults are dear, as in
 * virtual machines, and never cleared by hand.
 */
void *xcalloc_large(size_t nmemb, size_t size);
void xfree_large(void *ptr, size_t nmemb, size_t size);

/*
 * Make room for at least `need` elements of `elem_size` bytes in the array
 * *ptr that currently has room for *alloc elements, growing it
 * geometrically.  Updates *ptr and *alloc.
 */
void xgrow(void *ptr, size_t *alloc, size_t need, size_t elem_size);

#endif
