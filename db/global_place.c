/*
 * Where a global is, and as what: of every report of it (a TU's
 * definition, or its first declaration when it has none), the one at the
 * least (path, line), ties to the least type.  The first report stored
 * would depend on which TUs run together and which is stored first; the
 * least does not, so a single index, the merge of its shards and an
 * update agree.  The least place is often a header's extern declaration
 * rather than the definition: the table keeps a place to show, and the
 * resolver reads none of it.
 *
 * As with functions' declarations (declared.c), the least report of this
 * run is kept in memory and written when the facts are complete; an
 * update keeps the row its database has when that is less, unless the
 * file it points into was read again in this run.  As there, an update
 * cannot know the second-least report of a TU it did not parse: if the
 * least went with an edit, it says another true place than a fresh index.
 */
#include "store_impl.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

struct global_place {
	int64_t file_id;
	unsigned line;
	int reported;		/* a report of this run is here */
	int written;		/* the row holds it (the report inserted) */
	int is_static;
	char *name, *type;
};

static struct global_place *global_place_of(struct store *s, int64_t id)
{
	size_t old = s->alloc_global_places;

	xgrow(&s->global_places, &s->alloc_global_places, (size_t)id + 1,
	      sizeof(*s->global_places));
	memset(s->global_places + old, 0,
	       (s->alloc_global_places - old) * sizeof(*s->global_places));
	return &s->global_places[id];
}

static int text_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

void store_note_global(struct store *s, int64_t id, int64_t file_id,
		       const struct fact_global *g, int inserted)
{
	struct global_place *best = global_place_of(s, id);

	if (best->reported) {
		int cmp = store_place_cmp(store_path_read(s, file_id),
					  g->loc.line, 0,
					  store_path_read(s, best->file_id),
					  best->line, 0);

		if (cmp > 0 || (!cmp && text_cmp(g->type, best->type) >= 0))
			return;
	}
	free(best->name);
	free(best->type);
	best->file_id = file_id;
	best->line = g->loc.line;
	best->reported = 1;
	best->written = inserted;
	best->is_static = g->is_static;
	best->name = g->name ? xstrdup(g->name) : NULL;
	best->type = g->type ? xstrdup(g->type) : NULL;
}

/*
 * An update: 1 if the database's row for global id (a row of the
 * database copied) stands against best, 0 if best goes in.
 */
static int stored_stands(struct store *s, int64_t id,
			 const struct global_place *best,
			 struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_GLOBAL_PLACE_GET];
	int rc, stands = 0;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    !store_path_read(s, sqlite3_column_int64(st, 0))) {
		int cmp = store_place_cmp(
			(const char *)sqlite3_column_text(st, 3),
			(unsigned)sqlite3_column_int(st, 1), 0,
			store_path_read(s, best->file_id), best->line, 0);

		stands = cmp < 0 ||
			 (!cmp && text_cmp((const char *)sqlite3_column_text(
						   st, 2),
					   best->type) <= 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(s, err);
	return stands;
}

static int write_global(struct store *s, int64_t id,
			const struct global_place *best,
			struct kcg_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_GLOBAL_UPDATE];

	store_bind_text(st, 1, best->name);
	store_bind_id(st, 2, best->file_id);
	sqlite3_bind_int(st, 3, (int)best->line);
	store_bind_text(st, 4, best->is_static ? "static" : "extern");
	store_bind_text(st, 5, best->type);
	sqlite3_bind_int64(st, 6, id);
	return store_step(s, st, err);
}

int store_write_globals(struct store *s, struct kcg_error *err)
{
	size_t id;

	for (id = 1; id < s->alloc_global_places; id++) {
		const struct global_place *best = &s->global_places[id];
		int stands = 0;

		if (!best->reported || best->written)
			continue;
		if (s->updating && (int64_t)id < s->first_new_global)
			stands = stored_stands(s, (int64_t)id, best, err);
		if (stands < 0 || (!stands && write_global(s, (int64_t)id,
							   best, err)))
			return -1;
	}
	return 0;
}

void store_globals_release(struct store *s)
{
	size_t i;

	for (i = 0; i < s->alloc_global_places; i++) {
		free(s->global_places[i].name);
		free(s->global_places[i].type);
	}
	free(s->global_places);
	s->global_places = NULL;
	s->alloc_global_places = 0;
}
