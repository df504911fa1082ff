/*
 * A fast 64-bit hash: see hash.h.
 *
 * XXH64's round and final mix over one lane, eight bytes a step: a few
 * GB/s, enough to hash every header of a kernel tree in well under a
 * second, and it avalanches so that a one-byte edit changes the hash.
 */
#include "hash.h"

#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define P1 0x9e3779b185ebca87ULL
#define P2 0xc2b2ae3d27d4eb4fULL
#define P3 0x165667b19e3779f9ULL
#define P4 0x85ebca77c2b2ae63ULL
#define P5 0x27d4eb2f165667c5ULL

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t round64(uint64_t acc, uint64_t input)
{
	acc += input * P2;
	acc = rotl(acc, 31);
	return acc * P1;
}

uint64_t hash_bytes(uint64_t seed, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = seed + P5 + (uint64_t)len;

	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;

		memcpy(&w, p, 8);	/* byte order does not matter: the
					   hash is only compared on one host */
		h ^= round64(0, w);
		h = rotl(h, 27) * P1 + P4;
	}
	for (; len; p++, len--) {
		h ^= *p * P5;
		h = rotl(h, 11) * P1;
	}
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

uint64_t hash_str(uint64_t seed, const char *s)
{
	return hash_bytes(seed, s, strlen(s) + 1);
}

/* read(), not mmap(): a file cut short while it is hashed must not
 * raise SIGBUS. */
int hash_file(const char *path, uint64_t *out)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0, alloc;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	alloc = (size_t)st.st_size + 1;
	buf = xmalloc(alloc);
	for (;;) {
		if (len == alloc)
			buf = xrealloc(buf, alloc *= 2);
		n = read(fd, buf + len, alloc - len);
		if (n > 0) {
			len += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		free(buf);
		errno = saved;
		return -1;
	}
	*out = hash_bytes(0, buf, len);
	free(buf);
	return 0;
}

void hash_hex(uint64_t h, char out[HASH_HEX_SIZE])
{
	snprintf(out, HASH_HEX_SIZE, "%016" PRIx64, h);
}
