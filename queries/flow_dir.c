/*
 * Finding the directory of shipped flows: see flow_dir.h.
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

char *flow_dir_for_version(const char *base, const char *version)
{
	long want = version ? version_code(version) : -1;
	long best = -1, oldest = -1, v;
	char *best_name = NULL, *oldest_name = NULL, *out;
	struct strbuf sb;
	struct dirent *de;
	DIR *dir;

	if (want < 0 || !(dir = opendir(base)))
		return xstrdup(base);
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "linux-", 6) ||
		    (v = version_code(de->d_name)) < 0)
			continue;
		if (v <= want && v > best) {
			best = v;
			free(best_name);
			best_name = xstrdup(de->d_name);
		}
		if (oldest < 0 || v < oldest) {
			oldest = v;
			free(oldest_name);
			oldest_name = xstrdup(de->d_name);
		}
	}
	closedir(dir);
	strbuf_init(&sb);
	if (best_name || oldest_name)
		strbuf_addf(&sb, "%s/%s", base,
			    best_name ? best_name : oldest_name);
	else
		strbuf_addstr(&sb, base);
	out = strbuf_detach(&sb);
	free(best_name);
	free(oldest_name);
	return out;
}

char *flow_dir_find(sqlite3 *db, const char *base)
{
	char *version = db_meta_get(db, "kernel_version");
	char *dir;

	if (!base || !*base)
		base = flow_dir_builtin();
	dir = flow_dir_for_version(base, version);
	free(version);
	return dir;
}
