/*
 * Allocation helpers that never return NULL: see alloc.h.
 */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "kcg: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xgrow(void *ptr, size_t *alloc, size_t need, size_t elem_size)
{
	void **array = ptr;
	size_t n = *alloc;

	if (need <= n)
		return;
	n = n < 8 ? 8 : n;
	while (n < need)
		n = n + n / 2;
	if (n > (size_t)-1 / elem_size)
		out_of_memory((size_t)-1);
	*array = xrealloc(*array, n * elem_size);
	*alloc = n;
}
