/*
 * A hash map from pointers to 64-bit values (open addressing).
 *
 * Used by the extractor to remember things about libclang declarations for
 * the length of one translation unit, keyed by the declaration's address.
 */
#ifndef KCG_PTRMAP_H
#define KCG_PTRMAP_H

#include <stddef.h>
#include <stdint.h>

struct ptrmap_entry {
	const void *key;	/* NULL: empty slot */
	int64_t value;
};

struct ptrmap {
	struct ptrmap_entry *slots;
	size_t nr, size;
};

void ptrmap_init(struct ptrmap *map);
void ptrmap_release(struct ptrmap *map);
void ptrmap_clear(struct ptrmap *map);
int ptrmap_get(const struct ptrmap *map, const void *key, int64_t *value);
void ptrmap_put(struct ptrmap *map, const void *key, int64_t value);

#endif
