/*
 * Header function bodies handed on emptied: see emptied.h.
 */
#include "emptied.h"

#include "util/alloc.h"
#include "util/ctext.h"

#include <clang-c/Index.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void emptied_init(struct emptied *e)
{
	memset(e, 0, sizeof(*e));
	pthread_mutex_init(&e->lock, NULL);
	strmap_init(&e->by_path);
	include_graph_init(&e->includes);
}

static void drop_ref(struct emptied_text *t)
{
	if (--t->refs)
		return;
	free(t->path);
	free(t->text);
	free(t);
}

void emptied_release(struct emptied *e)
{
	size_t i;

	for (i = 0; i < e->nr; i++)
		drop_ref(e->texts[i]);
	free(e->texts);
	strmap_release(&e->by_path);
	include_graph_release(&e->includes);
	pthread_mutex_destroy(&e->lock);
	memset(e, 0, sizeof(*e));
}

void emptied_lend(struct emptied *e, const struct emptied_borrower *b,
		  struct emptied_loan *loan)
{
	struct stat main_st;
	int have_main = b->path && !stat(b->path, &main_st);
	unsigned mark;
	size_t i;

	memset(loan, 0, sizeof(*loan));
	pthread_mutex_lock(&e->lock);
	if (!e->nr) {
		pthread_mutex_unlock(&e->lock);
		return;
	}
	mark = include_graph_reach(&e->includes, b->dir, b->text, b->size,
				   b->forced, b->nr_forced, b->read, b->ctx);
	loan->files = xcalloc(e->nr, sizeof(*loan->files));
	loan->held = xcalloc(e->nr, sizeof(*loan->held));
	for (i = 0; i < e->nr; i++) {
		struct emptied_text *t = e->texts[i];
		struct CXUnsavedFile *f = &loan->files[loan->nr];

		if (t->max_rank >= b->rank)
			continue;
		if (have_main && t->dev == main_st.st_dev &&
		    t->ino == main_st.st_ino)
			continue;
		if (!include_graph_reached(&e->includes, t->dev, t->ino, mark))
			continue;
		t->refs++;
		loan->held[loan->nr++] = t;
		f->Filename = t->path;
		f->Contents = t->text;
		f->Length = (unsigned long)t->size;
	}
	e->lent += loan->nr;
	pthread_mutex_unlock(&e->lock);
}

void emptied_note_include(struct emptied *e,
			  const struct include_file *parent,
			  const struct include_file *child)
{
	pthread_mutex_lock(&e->lock);
	include_graph_add(&e->includes, parent, child);
	pthread_mutex_unlock(&e->lock);
}

void emptied_give_back(struct emptied *e, struct emptied_loan *loan)
{
	size_t i;

	pthread_mutex_lock(&e->lock);
	for (i = 0; i < loan->nr; i++)
		drop_ref(loan->held[i]);
	pthread_mutex_unlock(&e->lock);
	free(loan->files);
	free(loan->held);
	memset(loan, 0, sizeof(*loan));
}

int emptied_spelling_ok(const char *body, size_t size)
{
	const char *p = body, *end = body + size;

	if (memchr(body, '#', size) || memchr(body, '\0', size))
		return 0;
	while ((p = memchr(p, '\\', (size_t)(end - p))) && ++p < end)
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))
			return 0;
	return 1;
}

/* Whether original[start, end) is one body that may be emptied. */
static int may_empty(const char *original, size_t size, unsigned start,
		     unsigned end)
{
	if (end > size || end < start + 2 || original[start] != '{' ||
	    original[end - 1] != '}')
		return 0;
	if (!emptied_spelling_ok(original + start, end - start))
		return 0;
	/* a block-scope `extern int x;` is a declaration of x the TU sees
	 * (pgtable.h's my_zero_pfn() declares zero_pfn first) */
	return !ctext_has_word(original + start, end - start, "extern");
}

static void empty_body(char *text, unsigned start, unsigned end)
{
	unsigned i;

	for (i = start + 1; i < end - 1; i++)
		if (text[i] != '\n')
			text[i] = ' ';
}

static int by_path(const void *a, const void *b)
{
	const struct emptied_body *x = *(const struct emptied_body *const *)a;
	const struct emptied_body *y = *(const struct emptied_body *const *)b;

	return strcmp(x->path, y->path);
}

/*
 * A new text of path (original on disk, size bytes) with the n bodies
 * emptied on top of what the current one has; the registry's entry is
 * replaced.  Returns how many bodies it emptied.
 */
static size_t add_to_header(struct emptied *e, int64_t rank,
			    const struct stat *st, const char *original,
			    size_t size, const struct emptied_body *const *b,
			    size_t n)
{
	struct emptied_text *now = NULL, *t;
	int64_t index = 0;
	size_t i, done = 0;

	if (strmap_get(&e->by_path, b[0]->path, &index))
		now = e->texts[index - 1];
	if (now && now->size != size)
		return 0;	/* the file changed while the index ran */
	t = xcalloc(1, sizeof(*t));
	t->text = xmalloc(size + 1);
	memcpy(t->text, now ? now->text : original, size);
	t->text[size] = '\0';
	for (i = 0; i < n; i++) {
		if (!may_empty(original, size, b[i]->start, b[i]->end))
			continue;
		empty_body(t->text, b[i]->start, b[i]->end);
		done++;
	}
	if (!done) {
		free(t->text);
		free(t);
		return 0;
	}
	t->path = xstrdup(b[0]->path);
	t->dev = st->st_dev;
	t->ino = st->st_ino;
	t->size = size;
	t->max_rank = now && now->max_rank > rank ? now->max_rank : rank;
	t->refs = 1;
	if (now) {
		e->texts[index - 1] = t;
		drop_ref(now);
	} else {
		xgrow(&e->texts, &e->alloc, e->nr + 1, sizeof(*e->texts));
		e->texts[e->nr++] = t;
		strmap_put(&e->by_path, t->path, (int64_t)e->nr);
	}
	return done;
}

size_t emptied_add(struct emptied *e, int64_t rank,
		   const struct emptied_body *bodies, size_t nr,
		   const char *(*original)(void *ctx, const char *path,
					   size_t *size),
		   void *ctx)
{
	const struct emptied_body **order;
	size_t i, j, done = 0;

	if (!nr)
		return 0;
	order = xmalloc(nr * sizeof(*order));
	for (i = 0; i < nr; i++)
		order[i] = &bodies[i];
	qsort(order, nr, sizeof(*order), by_path);
	for (i = 0; i < nr; i = j) {
		struct stat st;
		const char *text;
		size_t size = 0;

		for (j = i + 1; j < nr && !strcmp(order[j]->path,
						  order[i]->path); j++)
			;
		text = original(ctx, order[i]->path, &size);
		if (!text || stat(order[i]->path, &st))
			continue;
		pthread_mutex_lock(&e->lock);
		done += add_to_header(e, rank, &st, text, size, order + i,
				      j - i);
		pthread_mutex_unlock(&e->lock);
	}
	free(order);
	pthread_mutex_lock(&e->lock);
	e->bodies += done;
	pthread_mutex_unlock(&e->lock);
	return done;
}
