/*
 * A hash map from strings to 64-bit values (open addressing, linear probing).
 *
 * Keys are copied and owned by the map, packed in chunks it frees all
 * at once: an index holds a million keys of 60 bytes in some maps, and
 * a malloc'd copy each costs a third more, scattered among the parser's
 * short-lived allocations.  Not thread-safe: callers that share a map
 * between threads hold their own lock.
 */
#ifndef KCG_STRMAP_H
#define KCG_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	char *key;		/* NULL: empty slot */
	uint64_t hash;
	int64_t value;
};

struct strmap_chunk;

struct strmap {
	struct strmap_entry *slots;
	size_t nr;		/* entries in use */
	size_t size;		/* slots, a power of two (or 0) */
	struct strmap_chunk *chunks;	/* the keys, newest first */
};

void strmap_init(struct strmap *map);
void strmap_release(struct strmap *map);

/* Find key; return 1 and set *value (if non-NULL) when present, else 0. */
int strmap_get(const struct strmap *map, const char *key, int64_t *value);

/* Same, for a key of `len` bytes that need not be NUL-terminated. */
int strmap_getn(const struct strmap *map, const char *key, size_t len,
		int64_t *value);

/*
 * Insert key with value unless it is present.  Returns 1 if inserted, 0 if
 * the key was already there (then *value, if non-NULL, is set to the
 * existing value).
 */
int strmap_add(struct strmap *map, const char *key, int64_t *value,
	       int64_t new_value);

/* Insert or overwrite. */
void strmap_put(struct strmap *map, const char *key, int64_t value);

#endif
