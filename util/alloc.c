/*
 * Allocation helpers that never return NULL: see alloc.h.
 */
#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The size of a huge page on x86-64 and arm64 (4 KB base pages). */
#define HUGE_PAGE ((size_t)2 << 20)
/*
 * From here on an array gets a mapping of its own, rounded up to huge
 * pages.  Below 2 MB malloc would serve it from an arena once a free has
 * raised its mmap threshold, and calloc then clears the recycled memory
 * page by page: a server's second search on the whole 6.1 tree spent
 * 50 ms there (a 1.8 MB array of its 447,040 functions), its first 10.
 */
#define LARGE_MAPPED ((size_t)128 << 10)

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

static size_t large_bytes(size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return nmemb * size;
}

void *xcalloc_large(size_t nmemb, size_t size)
{
	size_t bytes = large_bytes(nmemb, size), map, len;
	uintptr_t start, aligned;
	char *p;

	if (bytes < LARGE_MAPPED)
		return xcalloc(nmemb, size);
	/* whole huge pages, aligned: map one more and trim */
	len = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	map = len + HUGE_PAGE;
	p = mmap(NULL, map, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		out_of_memory(bytes);
	start = (uintptr_t)p;
	aligned = (start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (aligned > start)
		munmap(p, aligned - start);
	if (start + map > aligned + len)
		munmap((char *)aligned + len, start + map - (aligned + len));
#ifdef MADV_HUGEPAGE
	/* only advice: without transparent huge pages it is 4 KB pages */
	madvise((void *)aligned, len, MADV_HUGEPAGE);
#endif
	return (void *)aligned;
}

void xfree_large(void *ptr, size_t nmemb, size_t size)
{
	size_t bytes = large_bytes(nmemb, size);

	if (!ptr)
		return;
	if (bytes < LARGE_MAPPED) {
		free(ptr);
		return;
	}
	munmap(ptr, (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
}
