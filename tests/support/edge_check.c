/*
 * Checking a database against a ground-truth edges.tsv: see edge_check.h.
 */
#include "edge_check.h"

#include "tsv.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The edges view's kind for a truth mechanism. */
static const char *kind_of(const char *mechanism)
{
	if (!strcmp(mechanism, "callback_arg"))
		return "callback";
	return mechanism;
}

static int wanted(const char *mechanism, const char *const *mechanisms)
{
	for (; *mechanisms; mechanisms++)
		if (!strcmp(mechanism, *mechanisms))
			return 1;
	return 0;
}

/*
 * Split "file:line" into file (new string) and line; a bare "file" has
 * line 0 (any line); "-" and "" are no site (NULL).
 */
static char *split_site(const char *site, int *line)
{
	const char *colon = strrchr(site, ':');

	*line = 0;
	if (!*site || !strcmp(site, "-"))
		return NULL;
	if (!colon)
		return xstrdup(site);
	*line = atoi(colon + 1);
	return xstrndup(site, (size_t)(colon - site));
}

/* "name" or "name:file": the name (new string) and the file, if any. */
static char *split_name(const char *spec, const char **file)
{
	const char *colon = strchr(spec, ':');

	*file = colon ? colon + 1 : NULL;
	return colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
}

static void print_candidates(sqlite3_stmt *all)
{
	int shown = 0;

	while (sqlite3_step(all) == SQLITE_ROW && shown < 6) {
		fprintf(stderr, "      have: %s %s:%d reg %s:%d via %s\n",
			sqlite3_column_text(all, 0), sqlite3_column_text(all, 1),
			sqlite3_column_int(all, 2),
			sqlite3_column_text(all, 3) ?
				(const char *)sqlite3_column_text(all, 3) : "-",
			sqlite3_column_int(all, 4),
			sqlite3_column_text(all, 5) ?
				(const char *)sqlite3_column_text(all, 5) : "-");
		shown++;
	}
	if (!shown)
		fprintf(stderr, "      have: no edge between them\n");
}

static const char match_sql[] =
	"SELECT count(*) FROM edges WHERE caller = ?1 AND callee = ?2 "
	"AND (?3 IS NULL OR caller_file = ?3) "
	"AND (?4 IS NULL OR callee_file = ?4) AND kind = ?5 "
	"AND site_file = ?6 AND (?7 = 0 OR site_line = ?7) "
	"AND (?8 IS NULL OR (reg_file = ?8 AND (?9 = 0 OR reg_line = ?9)))";

static const char all_sql[] =
	"SELECT kind, site_file, site_line, reg_file, reg_line, via FROM edges "
	"WHERE caller = ?1 AND callee = ?2";

int check_truth_edges(sqlite3 *db, const char *path,
		      const char *const *mechanisms, size_t *checked)
{
	sqlite3_stmt *match = NULL, *all = NULL;
	struct tsv t;
	size_t i;
	int missing = 0;

	*checked = 0;
	if (tsv_read(&t, path))
		return -1;
	if (sqlite3_prepare_v2(db, match_sql, -1, &match, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, all_sql, -1, &all, NULL) != SQLITE_OK) {
		fprintf(stderr, "edge check: %s\n", sqlite3_errmsg(db));
		sqlite3_finalize(match);
		tsv_release(&t);
		return -1;
	}
	for (i = 0; i < t.nr_rows; i++) {
		const char *mechanism = tsv_get(&t, i, "mechanism");
		const char *caller_file, *callee_file;
		char *caller, *callee, *site, *reg = NULL;
		int site_line, reg_line = 0, found;

		if (!mechanism || !wanted(mechanism, mechanisms))
			continue;
		(*checked)++;
		caller = split_name(tsv_get(&t, i, "caller"), &caller_file);
		callee = split_name(tsv_get(&t, i, "callee"), &callee_file);
		site = split_site(tsv_get(&t, i, "call_site"), &site_line);
		if (strcmp(mechanism, "direct") && strcmp(mechanism, "macro") &&
		    strcmp(mechanism, "callback_arg"))
			reg = split_site(tsv_get(&t, i, "registration_site"),
					 &reg_line);

		sqlite3_bind_text(match, 1, caller, -1, SQLITE_STATIC);
		sqlite3_bind_text(match, 2, callee, -1, SQLITE_STATIC);
		sqlite3_bind_text(match, 3, caller_file, -1, SQLITE_STATIC);
		sqlite3_bind_text(match, 4, callee_file, -1, SQLITE_STATIC);
		sqlite3_bind_text(match, 5, kind_of(mechanism), -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(match, 6, site ? site : "-", -1,
				  SQLITE_STATIC);
		sqlite3_bind_int(match, 7, site_line);
		sqlite3_bind_text(match, 8, reg, -1, SQLITE_STATIC);
		sqlite3_bind_int(match, 9, reg_line);
		found = sqlite3_step(match) == SQLITE_ROW &&
			sqlite3_column_int(match, 0) > 0;
		sqlite3_reset(match);
		if (!found) {
			missing++;
			fprintf(stderr, "  missing %s: %s -> %s %s at %s",
				tsv_get(&t, i, "id"), caller, callee,
				mechanism, tsv_get(&t, i, "call_site"));
			if (reg)
				fprintf(stderr, " registered %s",
					tsv_get(&t, i, "registration_site"));
			fprintf(stderr, "\n");
			sqlite3_bind_text(all, 1, caller, -1, SQLITE_STATIC);
			sqlite3_bind_text(all, 2, callee, -1, SQLITE_STATIC);
			print_candidates(all);
			sqlite3_reset(all);
		}
		free(caller);
		free(callee);
		free(site);
		free(reg);
	}
	sqlite3_finalize(match);
	sqlite3_finalize(all);
	tsv_release(&t);
	return missing;
}

/* "INT_MIN", "INT_MAX" or a number. */
static long long priority_value(const char *text)
{
	if (!strcmp(text, "INT_MIN"))
		return -2147483647LL - 1;
	if (!strcmp(text, "INT_MAX"))
		return 2147483647LL;
	return strtoll(text, NULL, 10);
}

int check_truth_hooks(sqlite3 *db, const char *path, size_t *checked)
{
	sqlite3_stmt *st = NULL;
	struct tsv t;
	size_t i;
	int missing = 0;

	*checked = 0;
	if (tsv_read(&t, path))
		return -1;
	if (sqlite3_prepare_v2(db,
		"SELECT count(*) FROM hooks h JOIN functions f "
		"ON f.id = h.function_id WHERE f.name = ?1 AND h.pf_name = ?2 "
		"AND h.hooknum_name = ?3 AND h.priority = ?4", -1, &st,
		NULL) != SQLITE_OK) {
		fprintf(stderr, "hook check: %s\n", sqlite3_errmsg(db));
		tsv_release(&t);
		return -1;
	}
	for (i = 0; i < t.nr_rows; i++) {
		const char *fn = tsv_get(&t, i, "hook_fn");
		const char *pf = tsv_get(&t, i, "pf");
		const char *hooknum = tsv_get(&t, i, "hooknum");
		const char *prio = tsv_get(&t, i, "priority_value");

		(*checked)++;
		sqlite3_bind_text(st, 1, fn, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, pf, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, hooknum, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, priority_value(prio));
		if (sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_int(st, 0) == 0) {
			missing++;
			fprintf(stderr, "  missing hook %s %s %s priority %s\n",
				fn, pf, hooknum, prio);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	tsv_release(&t);
	return missing;
}

size_t truth_dirs(const char *dirs[2])
{
	const char *facts = getenv("KCG_FACTS_DIR");
	const char *shared = getenv("KCG_TRUTH_DIR");
	char path[4096];
	size_t n = 0;

	if (!facts)
		return 0;
	dirs[n++] = facts;
	if (shared && *shared) {
		snprintf(path, sizeof(path), "%s/edges.tsv", shared);
		if (access(path, R_OK) == 0)
			dirs[n++] = shared;
		else
			printf("no ground truth at '%s': the facts of '%s' "
			       "alone\n", shared, facts);
	}
	return n;
}
