/*
 * Finding a flow file for an index: see flow_find.h.
 */
#include "flow_find.h"

#include "queries/flow.h"
#include "queries/flow_dir.h"
#include "util/alloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static char **flows_dirs(sqlite3 *db, const char *flows_dir)
{
	return flow_dirs_find(db, flows_dir ? flows_dir : getenv("KCG_FLOWS"));
}

/*
 * The flows of dirs, for --list and for a wrong name: each name once,
 * from the first directory that has it (flow_dirs_file()).
 */
static void list_flows(FILE *out, char *const *dirs)
{
	size_t i, n = 0;

	for (i = 0; dirs[i]; i++) {
		struct dirent *de;
		DIR *d = opendir(dirs[i]);

		if (!d) {
			fprintf(out, "  (cannot read '%s')\n", dirs[i]);
			continue;
		}
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);
			struct kcg_error err;
			struct flow f;
			char *name, *path;

			if (len < 6 || strcmp(de->d_name + len - 5, ".flow"))
				continue;
			name = xstrndup(de->d_name, len - 5);
			path = flow_dirs_file(dirs, name);
			if (path && !strncmp(path, dirs[i], strlen(dirs[i])) &&
			    path[strlen(dirs[i])] == '/') {
				fprintf(out, "  %-14s", name);
				if (!flow_load(path, &f, &err))
					fprintf(out, " %s", f.title ? f.title : "");
				else
					fprintf(out, " (%s)", err.msg);
				if (i)
					fprintf(out, " [%s]", dirs[i]);
				fputc('\n', out);
				flow_release(&f);
				n++;
			}
			free(path);
			free(name);
		}
		closedir(d);
	}
	if (!n)
		fprintf(out, "  (no .flow files in '%s')\n", dirs[0]);
}

char *flow_find(const char *cmd, sqlite3 *db, const char *flows_dir,
		const char *name)
{
	char **dirs;
	char *path;

	if (strchr(name, '/') || strstr(name, ".flow"))
		return xstrdup(name);
	dirs = flows_dirs(db, flows_dir);
	path = flow_dirs_file(dirs, name);
	if (!path) {
		fprintf(stderr, "kcg %s: no flow '%s' in '%s'", cmd, name,
			dirs[0]);
		if (dirs[1])
			fprintf(stderr, " or the other versions' flows");
		fprintf(stderr, "; there are:\n");
		list_flows(stderr, dirs);
	}
	flow_dirs_free(dirs);
	return path;
}

void flow_list(FILE *out, sqlite3 *db, const char *flows_dir)
{
	char **dirs = flows_dirs(db, flows_dir);

	fprintf(out, "flows in '%s':\n", dirs[0]);
	list_flows(out, dirs);
	flow_dirs_free(dirs);
}
