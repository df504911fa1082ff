/*
 * Finding the directories of shipped flows and a flow in them: see
 * flow_dir.h.
 */
#include "flow_dir.h"

#include "db/db.h"
#include "util/alloc.h"
#include "util/datadir.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KCG_FLOW_DIR
#define KCG_FLOW_DIR "flows"
#endif

static char builtin_dir[4096];
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void find_builtin(void)
{
	char *dir = datadir_find("flows", KCG_FLOW_DIR);

	snprintf(builtin_dir, sizeof(builtin_dir), "%s", dir);
	free(dir);
}

const char *flow_dir_builtin(void)
{
	pthread_once(&builtin_once, find_builtin);
	return builtin_dir;
}

/* "6.1.192" or "linux-6.1" as major * 1000 + minor; -1 if neither. */
static long version_code(const char *s)
{
	unsigned major, minor;

	if (!strncmp(s, "linux-", 6))
		s += 6;
	if (sscanf(s, "%u.%u", &major, &minor) != 2)
		return -1;
	return (long)major * 1000 + minor;
}

/* A linux-X.Y directory and how far it is from the wanted version. */
struct version_dir {
	int after;		/* newer than the wanted version */
	long distance;
	char *name;
};

/* Not after the version first, newest first; then the newer ones,
 * oldest first. */
static int by_preference(const void *a, const void *b)
{
	const struct version_dir *x = a, *y = b;

	if (x->after != y->after)
		return x->after - y->after;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return strcmp(x->name, y->name);
}

char **flow_dirs_for_version(const char *base, const char *version)
{
	long want = version ? version_code(version) : -1, v;
	struct version_dir *found = NULL;
	size_t nr = 0, alloc = 0, i;
	struct dirent *de;
	char **out;
	DIR *dir;

	if (want >= 0 && (dir = opendir(base))) {
		while ((de = readdir(dir))) {
			if (strncmp(de->d_name, "linux-", 6) ||
			    (v = version_code(de->d_name)) < 0)
				continue;
			xgrow(&found, &alloc, nr + 1, sizeof(*found));
			found[nr].after = v > want;
			found[nr].distance = v > want ? v - want : want - v;
			found[nr++].name = xstrdup(de->d_name);
		}
		closedir(dir);
	}
	if (nr)
		qsort(found, nr, sizeof(*found), by_preference);
	out = xcalloc(nr ? nr + 1 : 2, sizeof(*out));
	for (i = 0; i < nr; i++) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s/%s", base, found[i].name);
		out[i] = strbuf_detach(&sb);
		free(found[i].name);
	}
	if (!nr)
		out[0] = xstrdup(base);
	free(found);
	return out;
}

void flow_dirs_free(char **dirs)
{
	size_t i;

	for (i = 0; dirs && dirs[i]; i++)
		free(dirs[i]);
	free(dirs);
}

char *flow_dir_for_version(const char *base, const char *version)
{
	char **dirs = flow_dirs_for_version(base, version);
	char *first = dirs[0];
	size_t i;

	for (i = 1; dirs[i]; i++)
		free(dirs[i]);
	free(dirs);
	return first;
}

char **flow_dirs_find(sqlite3 *db, const char *base)
{
	char *version = db_meta_get(db, "kernel_version");
	char **dirs;

	if (!base || !*base)
		base = flow_dir_builtin();
	dirs = flow_dirs_for_version(base, version);
	free(version);
	return dirs;
}

char *flow_dirs_file(char *const *dirs, const char *name)
{
	struct strbuf path;
	size_t i;

	strbuf_init(&path);
	for (i = 0; dirs[i]; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.flow", dirs[i], name);
		if (!access(path.buf, R_OK))
			return strbuf_detach(&path);
	}
	strbuf_release(&path);
	return NULL;
}
