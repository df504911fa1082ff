/*
 * File texts kept across translation units: see textcache.h.
 */
#include "textcache.h"

#include "alloc.h"
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

void text_cache_init(struct text_cache *c, size_t limit)
{
	strmap_init(&c->index);
	c->texts = NULL;
	c->nr = c->alloc = 0;
	c->bytes = 0;
	c->limit = limit;
}

void text_cache_release(struct text_cache *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->texts[i].text);
	free(c->texts);
	strmap_release(&c->index);
	text_cache_init(c, c->limit);
}

void text_cache_trim(struct text_cache *c)
{
	size_t i;

	if (c->bytes <= c->limit)
		return;
	for (i = 0; i < c->nr; i++) {
		free(c->texts[i].text);
		c->texts[i].text = NULL;
	}
	c->bytes = 0;
}

/* A regular file's contents, NUL-terminated; NULL on any error.  read(),
 * not mmap(): a file cut short while it is read must not raise SIGBUS. */
static char *read_text(const char *path, size_t *size)
{
	struct stat st;
	size_t len = 0, want;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	want = (size_t)st.st_size;
	buf = xmalloc(want + 1);
	while (len < want) {
		ssize_t n = read(fd, buf + len, want - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len != want) {	/* an error, or the file changed size */
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*size = len;
	return buf;
}

/* The entry of path, made if new; NULL when new and not wanted. */
static struct cached_text *entry(struct text_cache *c, const char *path,
				 int make)
{
	struct cached_text *t;
	int64_t index;

	if (strmap_get(&c->index, path, &index))
		return &c->texts[index - 1];
	if (!make)
		return NULL;
	xgrow(&c->texts, &c->alloc, c->nr + 1, sizeof(*c->texts));
	t = &c->texts[c->nr++];
	t->text = NULL;
	t->size = 0;
	t->hashed = 0;
	strmap_put(&c->index, path, (int64_t)c->nr);
	return t;
}

const char *text_cache_get(struct text_cache *c, const char *path,
			   size_t *size)
{
	struct cached_text *t = entry(c, path, 0);
	char *text;

	if (!t || !t->text) {
		text = read_text(path, size);
		if (!text)
			return NULL;
		t = entry(c, path, 1);
		t->text = text;
		t->size = *size;
		c->bytes += *size;
	}
	*size = t->size;
	return t->text;
}

int text_cache_hash(struct text_cache *c, const char *path, uint64_t *hash)
{
	struct cached_text *t = entry(c, path, 0);
	size_t size = 0;
	char *text;

	if (!t || !t->hashed) {
		if (t && t->text) {
			t->hash = hash_bytes(0, t->text, t->size);
		} else {
			/* hashed, not kept: most headers hold no body
			 * anyone looks at */
			text = read_text(path, &size);
			if (!text)
				return -1;
			t = entry(c, path, 1);
			t->hash = hash_bytes(0, text, size);
			free(text);
		}
		t->hashed = 1;
	}
	*hash = t->hash;
	return 0;
}
