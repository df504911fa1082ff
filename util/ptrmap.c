/*
 * A hash map from pointers to 64-bit values: see ptrmap.h.
 */
#include "ptrmap.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static size_t hash_ptr(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

void ptrmap_init(struct ptrmap *map)
{
	map->slots = NULL;
	map->nr = 0;
	map->size = 0;
}

void ptrmap_release(struct ptrmap *map)
{
	free(map->slots);
	ptrmap_init(map);
}

void ptrmap_clear(struct ptrmap *map)
{
	if (map->size)
		memset(map->slots, 0, map->size * sizeof(*map->slots));
	map->nr = 0;
}

static struct ptrmap_entry *find_slot(const struct ptrmap *map, const void *key)
{
	size_t mask = map->size - 1, i = hash_ptr(key) & mask;

	while (map->slots[i].key && map->slots[i].key != key)
		i = (i + 1) & mask;
	return &map->slots[i];
}

int ptrmap_get(const struct ptrmap *map, const void *key, int64_t *value)
{
	struct ptrmap_entry *e;

	if (!map->size)
		return 0;
	e = find_slot(map, key);
	if (!e->key)
		return 0;
	if (value)
		*value = e->value;
	return 1;
}

static void grow(struct ptrmap *map)
{
	struct ptrmap_entry *old = map->slots;
	size_t old_size = map->size, i;

	map->size = old_size ? old_size * 2 : 64;
	map->slots = xcalloc(map->size, sizeof(*map->slots));
	for (i = 0; i < old_size; i++)
		if (old[i].key)
			*find_slot(map, old[i].key) = old[i];
	free(old);
}

void ptrmap_put(struct ptrmap *map, const void *key, int64_t value)
{
	struct ptrmap_entry *e;

	if ((map->nr + 1) * 4 >= map->size * 3)
		grow(map);
	e = find_slot(map, key);
	if (!e->key) {
		e->key = key;
		map->nr++;
	}
	e->value = value;
}
