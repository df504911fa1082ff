/*
 * Naming functions on the command line: see names.h.
 */
#include "names.h"

#include "db/db.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define FN_COLUMNS                                                     \
	"SELECT f.id, f.name, fl.path, f.line, f.is_defined, f.linkage " \
	"FROM functions f LEFT JOIN files fl ON fl.id = f.file_id "

void fn_list_init(struct fn_list *l)
{
	memset(l, 0, sizeof(*l));
}

void fn_ref_release(struct fn_ref *f)
{
	free(f->name);
	free(f->file);
	free(f->linkage);
	memset(f, 0, sizeof(*f));
}

void fn_list_release(struct fn_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		fn_ref_release(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void fn_ref_from_row(struct fn_ref *f, sqlite3_stmt *st)
{
	const char *file = (const char *)sqlite3_column_text(st, 2);
	const char *linkage = (const char *)sqlite3_column_text(st, 5);

	f->id = sqlite3_column_int64(st, 0);
	f->name = xstrdup((const char *)sqlite3_column_text(st, 1));
	f->file = file ? xstrdup(file) : NULL;
	f->line = sqlite3_column_int(st, 3);
	f->is_defined = sqlite3_column_int(st, 4);
	f->linkage = xstrdup(linkage ? linkage : "");
}

/* A part of a spec is a file if it has a '/' or a '.' (names do not). */
static int looks_like_file(const char *s, size_t len)
{
	return memchr(s, '/', len) || memchr(s, '.', len);
}

void name_split(const char *spec, char **name, char **file)
{
	const char *at = strrchr(spec, '@'), *colon = strchr(spec, ':');

	*file = NULL;
	if (at) {
		*name = xstrndup(spec, (size_t)(at - spec));
		*file = xstrdup(at + 1);
	} else if (colon && looks_like_file(spec, (size_t)(colon - spec))) {
		*file = xstrndup(spec, (size_t)(colon - spec));
		*name = xstrdup(colon + 1);
	} else if (colon) {
		*name = xstrndup(spec, (size_t)(colon - spec));
		*file = xstrdup(colon + 1);
	} else {
		*name = xstrdup(spec);
	}
}

int path_matches(const char *path, const char *file)
{
	size_t plen, flen;

	if (!path || !file)
		return 0;
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	plen = strlen(path);
	flen = strlen(file);
	if (!flen || flen > plen)
		return 0;
	if (strcmp(path + plen - flen, file))
		return 0;
	return flen == plen || path[plen - flen - 1] == '/' || file[0] == '/';
}

static int candidates_of(sqlite3 *db, const char *name, const char *file,
			 struct fn_list *l, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	/* by place, not id: ids depend on which worker stored first */
	if (db_prepare(db, FN_COLUMNS "WHERE f.name = ?1 "
		       "ORDER BY fl.path, f.line, f.id", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 2);

		if (file && !path_matches(path, file))
			continue;
		xgrow(&l->items, &l->alloc, l->nr + 1, sizeof(*l->items));
		memset(&l->items[l->nr], 0, sizeof(*l->items));
		fn_ref_from_row(&l->items[l->nr++], st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	return 0;
}

/* Move item i of l to *out and drop the rest. */
static void take(struct fn_list *l, size_t i, struct fn_ref *out)
{
	*out = l->items[i];
	memset(&l->items[i], 0, sizeof(l->items[i]));
	fn_list_release(l);
}

int name_resolve(sqlite3 *db, const char *spec, struct fn_ref *out,
		 struct fn_list *candidates, struct kcg_error *err)
{
	struct fn_list l;
	char *name, *file;
	size_t i, defined = 0, last = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	fn_list_init(candidates);
	fn_list_init(&l);
	name_split(spec, &name, &file);
	rc = candidates_of(db, name, file, &l, err);
	free(name);
	free(file);
	if (rc) {
		fn_list_release(&l);
		return -1;
	}
	if (!l.nr) {
		fn_list_release(&l);
		return NAME_UNKNOWN;
	}
	for (i = 0; i < l.nr; i++)
		if (l.items[i].is_defined) {
			defined++;
			last = i;
		}
	if (l.nr == 1 || defined == 1) {
		take(&l, l.nr == 1 ? 0 : last, out);
		return NAME_FOUND;
	}
	*candidates = l;
	return NAME_AMBIGUOUS;
}

int fn_ref_get(sqlite3 *db, int64_t id, struct fn_ref *f,
	       struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	if (db_prepare(db, FN_COLUMNS "WHERE f.id = ?1", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		fn_ref_from_row(f, st);
		rc = 0;
		break;
	case SQLITE_DONE:
		kcg_error_set(err, "no function with id %lld", (long long)id);
		break;
	default:
		kcg_error_set(err, "database error: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc;
}

int name_prefixed(sqlite3 *db, const char *prefix, size_t max, char ***out,
		  struct kcg_error *err)
{
	/* a range on the name index: every name that begins with prefix
	 * sorts from prefix up to prefix followed by the greatest byte */
	static const char sql[] =
		"SELECT DISTINCT name FROM functions WHERE name >= ?1 "
		"AND name < ?1 || char(1114111) ORDER BY name LIMIT ?2";
	sqlite3_stmt *st;
	size_t nr = 0;
	int rc;

	*out = NULL;
	if (db_prepare(db, sql, &st, err))
		return -1;
	*out = xcalloc(max + 1, sizeof(**out));
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	while (nr < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		(*out)[nr++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	if (nr == max)
		rc = SQLITE_DONE;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return (int)nr;
	kcg_error_set(err, "database error: %s", sqlite3_errmsg(db));
	while (nr)
		free((*out)[--nr]);
	free(*out);
	*out = NULL;
	return -1;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), i, j, result;
	size_t *prev, *cur;

	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	prev = xmalloc((lb + 1) * sizeof(*prev));
	cur = xmalloc((lb + 1) * sizeof(*cur));
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		size_t row_min;

		cur[0] = i;
		row_min = cur[0];
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
				      prev[j - 1] + cost);
			if (cur[j] < row_min)
				row_min = cur[j];
		}
		memcpy(prev, cur, (lb + 1) * sizeof(*prev));
		if (row_min > limit)
			break;
	}
	result = i <= la ? limit + 1 : prev[lb];
	free(prev);
	free(cur);
	return result > limit ? limit + 1 : result;
}

struct suggestion {
	char *name;
	size_t distance;
};

static int cmp_suggestion(const void *a, const void *b)
{
	const struct suggestion *x = a, *y = b;

	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return strcmp(x->name, y->name);
}

int name_suggest(sqlite3 *db, const char *spec, size_t max, char ***out,
		 struct kcg_error *err)
{
	struct suggestion *s = NULL;
	size_t nr = 0, alloc = 0, i, limit;
	sqlite3_stmt *st;
	char *name, *file;
	int rc;

	*out = NULL;
	name_split(spec, &name, &file);
	free(file);
	limit = strlen(name) / 3 > 2 ? strlen(name) / 3 : 2;
	if (db_prepare(db, "SELECT DISTINCT name FROM functions", &st, err)) {
		free(name);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cand = (const char *)sqlite3_column_text(st, 0);
		size_t d = edit_distance(name, cand, limit);

		if (d > limit)
			continue;
		xgrow(&s, &alloc, nr + 1, sizeof(*s));
		s[nr].name = xstrdup(cand);
		s[nr++].distance = d;
	}
	sqlite3_finalize(st);
	free(name);
	if (rc != SQLITE_DONE) {
		for (i = 0; i < nr; i++)
			free(s[i].name);
		free(s);
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	}
	if (nr)
		qsort(s, nr, sizeof(*s), cmp_suggestion);
	*out = xcalloc(max + 1, sizeof(**out));
	for (i = 0; i < nr; i++) {
		if (i < max)
			(*out)[i] = s[i].name;
		else
			free(s[i].name);
	}
	free(s);
	return (int)(nr < max ? nr : max);
}
