/*
 * A hash map from strings to 64-bit values: see strmap.h.
 */
#include "strmap.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)

/* Keys live here, packed, until the map is released. */
struct strmap_chunk {
	struct strmap_chunk *next;
	size_t used, size;
	char bytes[];
};

/* FNV-1a, 64 bit: simple and good enough for identifiers and paths. */
static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void strmap_init(struct strmap *map)
{
	map->slots = NULL;
	map->nr = 0;
	map->size = 0;
	map->chunks = NULL;
}

void strmap_release(struct strmap *map)
{
	while (map->chunks) {
		struct strmap_chunk *c = map->chunks;

		map->chunks = c->next;
		free(c);
	}
	free(map->slots);
	strmap_init(map);
}

/* A copy of key[0, len) and a NUL, in the map's chunks. */
static char *copy_key(struct strmap *map, const char *key, size_t len)
{
	struct strmap_chunk *c = map->chunks;
	char *copy;

	if (!c || c->size - c->used < len + 1) {
		size_t size = len + 1 > CHUNK_SIZE / 4 ? len + 1 : CHUNK_SIZE;

		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		/* a key of its own size goes behind the current chunk */
		if (size != CHUNK_SIZE && map->chunks) {
			c->next = map->chunks->next;
			map->chunks->next = c;
		} else {
			c->next = map->chunks;
			map->chunks = c;
		}
	}
	copy = c->bytes + c->used;
	memcpy(copy, key, len);
	copy[len] = '\0';
	c->used += len + 1;
	return copy;
}

static struct strmap_entry *find_slot(const struct strmap *map, const char *key,
				      size_t len, uint64_t hash)
{
	size_t mask = map->size - 1;
	size_t i = (size_t)hash & mask;

	for (;;) {
		struct strmap_entry *e = &map->slots[i];

		if (!e->key)
			return e;
		if (e->hash == hash && !strncmp(e->key, key, len) &&
		    e->key[len] == '\0')
			return e;
		i = (i + 1) & mask;
	}
}

static void grow(struct strmap *map)
{
	struct strmap_entry *old = map->slots;
	size_t old_size = map->size, i;

	map->size = old_size ? old_size * 2 : 64;
	map->slots = xcalloc(map->size, sizeof(*map->slots));
	for (i = 0; i < old_size; i++) {
		struct strmap_entry *e = &old[i];

		if (e->key)
			*find_slot(map, e->key, strlen(e->key), e->hash) = *e;
	}
	free(old);
}

int strmap_getn(const struct strmap *map, const char *key, size_t len,
		int64_t *value)
{
	struct strmap_entry *e;

	if (!map->size)
		return 0;
	e = find_slot(map, key, len, hash_bytes(key, len));
	if (!e->key)
		return 0;
	if (value)
		*value = e->value;
	return 1;
}

int strmap_get(const struct strmap *map, const char *key, int64_t *value)
{
	return strmap_getn(map, key, strlen(key), value);
}

static struct strmap_entry *lookup_or_insert(struct strmap *map,
					     const char *key, int *inserted)
{
	size_t len = strlen(key);
	uint64_t hash = hash_bytes(key, len);
	struct strmap_entry *e;

	if ((map->nr + 1) * 4 >= map->size * 3)
		grow(map);
	e = find_slot(map, key, len, hash);
	*inserted = !e->key;
	if (*inserted) {
		e->key = copy_key(map, key, len);
		e->hash = hash;
		e->value = 0;
		map->nr++;
	}
	return e;
}

int strmap_add(struct strmap *map, const char *key, int64_t *value,
	       int64_t new_value)
{
	int inserted;
	struct strmap_entry *e = lookup_or_insert(map, key, &inserted);

	if (inserted)
		e->value = new_value;
	else if (value)
		*value = e->value;
	return inserted;
}

void strmap_put(struct strmap *map, const char *key, int64_t value)
{
	int inserted;

	lookup_or_insert(map, key, &inserted)->value = value;
}
