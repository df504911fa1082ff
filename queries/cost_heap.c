/* The path searches' heap: see cost_heap.h. */
#include "cost_heap.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

void cost_heap_push(struct cost_heap *h, uint32_t state, uint64_t key)
{
	size_t i;

	xgrow(&h->items, &h->alloc, h->nr + 1, sizeof(*h->items));
	i = h->nr++;
	while (i > 0 && h->items[(i - 1) / 2].key > key) {
		h->items[i] = h->items[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->items[i].key = key;
	h->items[i].state = state;
}

uint32_t cost_heap_pop(struct cost_heap *h)
{
	uint32_t top = h->items[0].state;
	struct cost_heap_entry last = h->items[--h->nr];
	size_t i = 0, child;

	while ((child = 2 * i + 1) < h->nr) {
		if (child + 1 < h->nr &&
		    h->items[child + 1].key < h->items[child].key)
			child++;
		if (h->items[child].key >= last.key)
			break;
		h->items[i] = h->items[child];
		i = child;
	}
	h->items[i] = last;
	return top;
}

void cost_heap_release(struct cost_heap *h)
{
	free(h->items);
	memset(h, 0, sizeof(*h));
}
