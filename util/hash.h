/*
 * A fast 64-bit hash of file contents and command lines, to tell whether
 * a translation unit's input changed since it was indexed.  Not
 * cryptographic: it guards against edits, not against adversaries.
 */
#ifndef KCG_HASH_H
#define KCG_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of len bytes, continuing from seed (0 to start). */
uint64_t hash_bytes(uint64_t seed, const void *data, size_t len);

/* The hash of a NUL-terminated string and its terminator, so that
 * ("ab", "c") and ("a", "bc") chained give different hashes. */
uint64_t hash_str(uint64_t seed, const char *s);

/*
 * The hash of the contents of the file at path into *out; -1 with errno
 * set when it cannot be read.
 */
int hash_file(const char *path, uint64_t *out);

/* h as 16 lowercase hex digits and a NUL, as the database records it. */
#define HASH_HEX_SIZE 17
void hash_hex(uint64_t h, char out[HASH_HEX_SIZE]);

#endif
