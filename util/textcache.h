/*
 * The texts of source files, read from disk once and kept across
 * translation units, and the hashes of those texts.
 *
 * libclang hands out a file's text only through clang_getFileContents(),
 * which finds the file by a linear search of the TU's source-location
 * table (every macro expansion has an entry): hundreds of thousands of
 * instructions per header and TU in a kernel TU, more than parsing a
 * small function.  The headers do not change while an index runs, so a
 * worker reads each one once and keeps it (up to a limit), and hashes it
 * once.
 */
#ifndef KCG_TEXTCACHE_H
#define KCG_TEXTCACHE_H

#include "util/strmap.h"

#include <stddef.h>
#include <stdint.h>

struct cached_text {
	char *text;		/* NUL-terminated, size bytes; NULL once
				   trimmed */
	size_t size;
	uint64_t hash;		/* hash_bytes(0, text, size), if hashed */
	int hashed;
};

struct text_cache {
	struct strmap index;	/* path -> index + 1 in texts */
	struct cached_text *texts;
	size_t nr, alloc;
	size_t bytes, limit;	/* bytes of text held */
};

/* A cache whose texts text_cache_trim() drops once over limit bytes. */
void text_cache_init(struct text_cache *c, size_t limit);
void text_cache_release(struct text_cache *c);

/*
 * The text of the file at path (absolute), read on first use, and its
 * size in *size; NULL if it cannot be read (not remembered: a header
 * generated later is read then).  The text stays valid until
 * text_cache_trim() or text_cache_release().
 */
const char *text_cache_get(struct text_cache *c, const char *path,
			   size_t *size);

/* The hash_bytes() of that text into *hash; -1 if it cannot be read. */
int text_cache_hash(struct text_cache *c, const char *path, uint64_t *hash);

/* Drop the texts (not the hashes) if they take more than the limit: call
 * it between translation units, when no text is in use. */
void text_cache_trim(struct text_cache *c);

#endif
