/*
 * Remembering the database of the last `kcg index`, so that the query
 * commands need no --db: its absolute path is kept in
 * $XDG_STATE_HOME/kcg/last-db (default ~/.local/state/kcg/last-db).
 */
#include "query.h"

#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The state directory, or NULL when neither variable is usable. */
static char *state_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return path_join(xdg, "kcg");
	if (home && home[0] == '/')
		return path_join(home, ".local/state/kcg");
	return NULL;
}

/* mkdir -p dir. */
static int make_dirs(const char *dir)
{
	char *copy = xstrdup(dir), *p;
	int rc = 0;

	for (p = copy + 1; *p && !rc; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (!rc && mkdir(copy, 0755) && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

char *state_last_db(void)
{
	char *dir = state_dir(), *file, line[4096];
	FILE *f;

	if (!dir)
		return NULL;
	file = path_join(dir, "last-db");
	free(dir);
	f = fopen(file, "r");
	free(file);
	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	return line[0] == '/' ? xstrdup(line) : NULL;
}

void state_record_last_db(const char *db_path)
{
	char *dir = state_dir(), *file = NULL, *tmp = NULL, *abs;
	FILE *f;

	if (!dir)
		return;
	abs = path_absolute(db_path);
	file = path_join(dir, "last-db");
	tmp = path_join(dir, "last-db.tmp");
	if (make_dirs(dir))
		goto out;
	f = fopen(tmp, "w");
	if (!f)
		goto out;
	fprintf(f, "%s\n", abs);
	if (fclose(f) || rename(tmp, file))
		unlink(tmp);
out:
	free(dir);
	free(file);
	free(tmp);
	free(abs);
}
