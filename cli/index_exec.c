/*
 * kcg index, in the kcg binary: run kcg-index, the build of kcg that
 * links libclang, from the same directory.
 *
 * Loading libclang and libLLVM costs a process some 15 to 30 ms before
 * main() (relocations, static constructors), more than a path query
 * itself; so the kcg that people and scripts run for queries does not
 * link them, and hands `index` to its sibling.
 */
#include "cli.h"

#include "util/alloc.h"
#include "util/datadir.h"
#include "util/path.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INDEX_BINARY "kcg-index"

/* dirname(/proc/self/exe) + "/kcg-index", or NULL. */
static char *sibling_path(void)
{
	char *dir = datadir_exe_dir(), *path;

	if (!dir)
		return NULL;
	path = path_join(dir, INDEX_BINARY);
	free(dir);
	return path;
}

int cmd_index(int argc, char **argv)
{
	const char *env = getenv("KCG_INDEX_BINARY");
	char *path = env && *env ? xstrdup(env) : sibling_path();
	char **args = xcalloc((size_t)argc + 2, sizeof(*args));
	int i;

	if (!path) {
		fprintf(stderr, "kcg index: cannot find the kcg binary's "
				"directory to run " INDEX_BINARY "\n");
		free(args);
		return 1;
	}
	args[0] = INDEX_BINARY;
	for (i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	fflush(NULL);
	execv(path, args);
	fprintf(stderr, "kcg index: cannot run '%s': %s\n", path,
		strerror(errno));
	free(path);
	free(args);
	return 1;
}
