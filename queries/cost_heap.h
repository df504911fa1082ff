/*
 * A binary min-heap of search states keyed by cost, for the path
 * searches (path.c, path_meet.c).  Keys are cost << 32 | order of
 * arrival, so that among equally cheap states the first pushed comes out
 * first and a search is deterministic.
 */
#ifndef KCG_COST_HEAP_H
#define KCG_COST_HEAP_H

#include <stddef.h>
#include <stdint.h>

struct cost_heap_entry {
	uint64_t key;
	uint32_t state;
};

struct cost_heap {
	struct cost_heap_entry *items;
	size_t nr, alloc;
};

void cost_heap_push(struct cost_heap *h, uint32_t state, uint64_t key);
/* The state with the least key, taken off; h must not be empty. */
uint32_t cost_heap_pop(struct cost_heap *h);
void cost_heap_release(struct cost_heap *h);

#endif
