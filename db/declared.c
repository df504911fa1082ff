/*
 * Where a function is declared, for when no TU of the index defines it:
 * of every place the TUs report it declared, the least by (path, line,
 * column).  The first place reported would depend on which worker's TU
 * is stored first; the least does not, so two indexes of the same tree
 * agree, and so do an incremental update and a fresh index.
 *
 * The least place of each function reported in this run is kept in
 * memory and written when the facts are complete (store_write_decls(),
 * from store_prepare()).  An update keeps the place its database has when
 * that place is less, unless the file it points into was read again in
 * this run: then the TUs parsed again have reported what that file says
 * now, and the stored place may be stale (lines moved).  What an update
 * cannot know is the second-least place of a TU it did not parse, if the
 * least was in a file read again and moved: rare, and then the update
 * says another true declaration than a fresh index would.
 */
#include "store_impl.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

struct decl_place {
	int64_t file_id;	/* 0: not reported in this run */
	unsigned line, col;
};

static struct decl_place *place_of(struct store *s, int64_t id)
{
	size_t old = s->alloc_decls;

	xgrow(&s->decls, &s->alloc_decls, (size_t)id + 1, sizeof(*s->decls));
	memset(s->decls + old, 0, (s->alloc_decls - old) * sizeof(*s->decls));
	return &s->decls[id];
}

void store_remember_path(struct store *s, int64_t file_id, const char *path)
{
	size_t old = s->alloc_paths;

	xgrow(&s->paths, &s->alloc_paths, (size_t)file_id + 1,
	      sizeof(*s->paths));
	memset(s->paths + old, 0, (s->alloc_paths - old) * sizeof(*s->paths));
	if (!s->paths[file_id])
		s->paths[file_id] = xstrdup(path);
}

const char *store_path_read(const struct store *s, int64_t file_id)
{
	return (size_t)file_id < s->alloc_paths ? s->paths[file_id] : NULL;
}

int store_place_cmp(const char *path_a, unsigned line_a, unsigned col_a,
		    const char *path_b, unsigned line_b, unsigned col_b)
{
	int cmp;

	/* a place with no file comes after every place with one */
	if (!path_a || !path_b)
		return !path_a - !path_b;
	cmp = strcmp(path_a, path_b);
	if (cmp)
		return cmp;
	if (line_a != line_b)
		return line_a < line_b ? -1 : 1;
	return col_a < col_b ? -1 : col_a > col_b;
}

void store_note_decl(struct store *s, int64_t id, int64_t file_id,
		     unsigned line, unsigned col)
{
	struct decl_place *best = place_of(s, id);

	/* both files were read in this run: their paths are known */
	if (best->file_id &&
	    store_place_cmp(store_path_read(s, file_id), line, col,
			    store_path_read(s, best->file_id), best->line,
			    best->col) >= 0)
		return;
	best->file_id = file_id;
	best->line = line;
	best->col = col;
}

/*
 * An update: 1 if the database's place for function id (read by the
 * ST_FUNCTION_DECL_GET statement) stands against best, 0 if best goes in.
 */
static int stored_stands(struct store *s, int64_t id,
			 const struct decl_place *best, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_FUNCTION_DECL_GET];
	int rc, stands = 0;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    !store_path_read(s, sqlite3_column_int64(st, 0)))
		stands = store_place_cmp(
				 (const char *)sqlite3_column_text(st, 3),
				 (unsigned)sqlite3_column_int(st, 1),
				 (unsigned)sqlite3_column_int(st, 2),
				 store_path_read(s, best->file_id), best->line,
				 best->col) < 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(s, err);
	return stands;
}

int store_write_decls(struct store *s, struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_FUNCTION_DECL];
	size_t id;
	int stands, rc;

	for (id = 1; id < s->alloc_decls; id++) {
		const struct decl_place *best = &s->decls[id];

		if (!best->file_id)
			continue;
		stands = s->updating ?
				 stored_stands(s, (int64_t)id, best, err) : 0;
		if (stands < 0)
			return -1;
		if (stands)
			continue;
		sqlite3_bind_int64(st, 1, best->file_id);
		sqlite3_bind_int(st, 2, (int)best->line);
		sqlite3_bind_int(st, 3, (int)best->col);
		sqlite3_bind_int64(st, 4, (int64_t)id);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_sql_fail(s, err);
	}
	return 0;
}

void store_decls_release(struct store *s)
{
	size_t i;

	for (i = 0; i < s->alloc_paths; i++)
		free(s->paths[i]);
	free(s->paths);
	free(s->decls);
	s->paths = NULL;
	s->decls = NULL;
	s->alloc_paths = s->alloc_decls = 0;
}
