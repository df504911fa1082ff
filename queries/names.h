/*
 * Naming functions on the command line: `name`, `file:name`, `name:file`
 * or `name@file`, where file is the path as stored or any trailing part of
 * it (`dev.c`, `core/dev.c`).  A name that matches several functions gives
 * the candidates; an unknown one gives the nearest names by edit distance.
 * Every lookup binds the user's text as an SQL parameter.
 */
#ifndef KCG_NAMES_H
#define KCG_NAMES_H

#include "util/error.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct fn_ref {
	int64_t id;
	char *name;
	char *file;		/* NULL if unknown */
	int line;
	int is_defined;
	char *linkage;
};

struct fn_list {
	struct fn_ref *items;
	size_t nr, alloc;
};

void fn_list_init(struct fn_list *l);
void fn_list_release(struct fn_list *l);

enum name_status {
	NAME_FOUND,		/* *out is the one function */
	NAME_AMBIGUOUS,		/* candidates lists them */
	NAME_UNKNOWN,		/* nothing by that name (in that file) */
};

/*
 * Find the function `spec` names.  Among several functions of one name,
 * the only one with a body indexed wins; otherwise the name is ambiguous.
 * Returns an enum name_status, or -1 on a database error.  *out (on
 * NAME_FOUND) and candidates (on NAME_AMBIGUOUS) are the caller's to
 * release.
 */
int name_resolve(sqlite3 *db, const char *spec, struct fn_ref *out,
		 struct fn_list *candidates, struct kcg_error *err);
void fn_ref_release(struct fn_ref *f);

/*
 * Up to max names of functions nearest to the name in spec (edit
 * distance, at most a third of its length, at least 2), nearest first.
 * *out is a NULL-terminated array of newly allocated names (free each and
 * the array); returns how many, or -1.
 */
int name_suggest(sqlite3 *db, const char *spec, size_t max, char ***out,
		 struct kcg_error *err);

/*
 * Up to max distinct names of functions that begin with prefix, in
 * order; *out as for name_suggest().  Returns how many, or -1.
 */
int name_prefixed(sqlite3 *db, const char *prefix, size_t max, char ***out,
		  struct kcg_error *err);

/* Levenshtein distance, or limit + 1 if it exceeds limit. */
size_t edit_distance(const char *a, const char *b, size_t limit);

/*
 * Split spec into name and file (file NULL when absent); both newly
 * allocated.
 */
void name_split(const char *spec, char **name, char **file);

/* Does the stored path end with file at a '/' boundary (or equal it)? */
int path_matches(const char *path, const char *file);

/* Fill f with the function of id (for names found some other way). */
int fn_ref_get(sqlite3 *db, int64_t id, struct fn_ref *f,
	       struct kcg_error *err);

#endif
