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

/*
 * Whether the command line updates a database that exists (no --full):
 * the run whose time goes to the resolver's fresh arrays, not libclang's.
 */
static int updates_a_database(int argc, char **argv)
{
	const char *db = KCG_DEFAULT_DB;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--full"))
			return 0;
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
	}
	return !access(db, F_OK);
}

/*
 * Ask glibc (2.35 and later; older ones ignore it) to back malloc's big
 * regions with transparent huge pages, which it does only when asked
 * (and the kernel's setting is `madvise`, Debian's default).  With 4 KB
 * pages an update of the whole tree spent a fifth of its time in page
 * faults on the resolver's fresh arrays; a new index gained 1 % and
 * peaked 17 % higher, so it is not asked for there (docs/performance.md).
 * A setting of the tunable in the environment wins.
 */
static void ask_for_huge_pages(void)
{
	static const char tunable[] = "glibc.malloc.hugetlb=1";
	const char *was = getenv("GLIBC_TUNABLES");
	char *both;

	if (!was || !*was) {
		setenv("GLIBC_TUNABLES", tunable, 1);
		return;
	}
	if (strstr(was, "glibc.malloc.hugetlb"))
		return;
	both = xmalloc(strlen(was) + sizeof(tunable) + 1);
	sprintf(both, "%s:%s", was, tunable);
	setenv("GLIBC_TUNABLES", both, 1);
	free(both);
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
	if (updates_a_database(argc, argv))
		ask_for_huge_pages();
	fflush(NULL);
	execv(path, args);
	fprintf(stderr, "kcg index: cannot run '%s': %s\n", path,
		strerror(errno));
	free(path);
	free(args);
	return 1;
}
