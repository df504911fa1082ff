/*
 * Locations for the walk: a libclang file as the path stored in the
 * database (relative to the index root when inside it), the spelling and
 * expansion locations of a cursor, and the source text at a location.
 */
#include "walk.h"

#include "util/alloc.h"
#include "util/path.h"

#include <stdint.h>
#include <stdlib.h>

/* The path of a libclang file as stored: relative to the root if inside. */
static const char *file_path(struct walk *w, CXFile file)
{
	int64_t cached;
	CXString name;
	const char *rel, *stored;
	char *abs;

	if (!file)
		return NULL;
	if (ptrmap_get(&w->files, file, &cached))
		return (const char *)(intptr_t)cached;
	name = clang_getFileName(file);
	abs = path_join(w->directory, clang_getCString(name));
	clang_disposeString(name);
	rel = path_relative_to(abs, w->shared->root);
	stored = batch_strdup(w->batch, rel ? rel : abs);
	free(abs);
	ptrmap_put(&w->files, file, (intptr_t)stored);
	return stored;
}

/* Where the text is written: for a macro argument, inside the argument. */
struct fact_loc file_loc(struct walk *w, CXSourceLocation loc)
{
	struct fact_loc out = { NULL, 0, 0 };
	CXFile file;

	clang_getSpellingLocation(loc, &file, &out.line, &out.col, NULL);
	out.file = file_path(w, file);
	return out;
}

/* Where the outermost macro was invoked (the location itself if none). */
struct fact_loc expansion_loc(struct walk *w, CXSourceLocation loc)
{
	struct fact_loc out = { NULL, 0, 0 };
	CXFile file;

	clang_getExpansionLocation(loc, &file, &out.line, &out.col, NULL);
	out.file = file_path(w, file);
	return out;
}

/*
 * The file of loc's expansion location, as stored; NULL if none.  Cheaper
 * than expansion_loc(): no line and column to work out.
 */
const char *expansion_file(struct walk *w, CXSourceLocation loc)
{
	CXFile file;

	clang_getExpansionLocation(loc, &file, NULL, NULL, NULL);
	return file_path(w, file);
}

/*
 * The text of a file of the TU.  A header's comes from the worker's cache,
 * read from disk (clang_getFileContents() searches the TU's whole
 * source-location table for it), as the parser named it: `dir/../x.h`
 * not normalized, symlinks and all.  The TU's own file, which no other TU
 * reads, libclang finds at once.  libclang's copy is the fallback.
 */
static const char *file_text(struct walk *w, CXFile file, size_t *size)
{
	const char *text = NULL;
	CXString name;
	const char *s;
	char *path;

	if (w->texts && !clang_File_isEqual(file, w->main_file)) {
		name = clang_getFileName(file);
		s = clang_getCString(name);
		path = s[0] == '/' ? xstrdup(s) : path_join(w->directory, s);
		text = text_cache_get(w->texts, path, size);
		clang_disposeString(name);
		free(path);
	}
	if (!text)
		text = clang_getFileContents(w->tu, file, size);
	return text;
}

/*
 * The file text at loc's spelling location, with *avail bytes to the end
 * of the file; NULL when unknown.  The buffer belongs to the TU or to the
 * worker's text cache.
 */
const char *text_at(struct walk *w, CXSourceLocation loc, size_t *avail)
{
	CXFile file;
	unsigned offset;
	int64_t text, size;

	clang_getSpellingLocation(loc, &file, NULL, NULL, &offset);
	if (!file)
		return NULL;
	if (!ptrmap_get(&w->contents, file, &text)) {
		size_t n = 0;
		const char *p = file_text(w, file, &n);

		text = (intptr_t)p;
		ptrmap_put(&w->contents, file, text);
		ptrmap_put(&w->content_sizes, file, (int64_t)n);
	}
	ptrmap_get(&w->content_sizes, file, &size);
	if (!text || offset > (uint64_t)size)
		return NULL;
	*avail = (size_t)size - offset;
	return (const char *)(intptr_t)text + offset;
}
