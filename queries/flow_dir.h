/*
 * Where the flows shipped with kcg are (queries/flow.h describes the
 * files): the flows of each kernel version in BASE/linux-X.Y/, BASE
 * being PREFIX/share/kcg/flows of an installed kcg, else the directory the
 * build names (KCG_FLOW_DIR, samples/flows of the source tree), unless the
 * caller gives another.  A version's directory
 * holds only the flows that changed since the version before it: a flow
 * is looked up in the newest linux-X.Y not after the index's version
 * first, then in each older one (a 6.12 index takes rx from linux-6.12/
 * and forward from linux-6.1/), then in the newer ones (oldest first)
 * for an index older than all.  An index of no known version (samples/)
 * takes BASE itself.
 */
#ifndef KCG_FLOW_DIR_H
#define KCG_FLOW_DIR_H

#include <sqlite3.h>

/* The directory of the flows shipped with this kcg (util/datadir.h). */
const char *flow_dir_builtin(void);

/*
 * The directories to look for flows in, in the order above, for kernel
 * version ("6.1.192"; NULL: none) under base: its linux-X.Y
 * subdirectories, or base alone when the version is unknown or base has
 * none.  A NULL-terminated array, newly allocated: flow_dirs_free().
 */
char **flow_dirs_for_version(const char *base, const char *version);
void flow_dirs_free(char **dirs);

/* The first of flow_dirs_for_version(): the version's own.  Newly
 * allocated. */
char *flow_dir_for_version(const char *base, const char *version);

/*
 * flow_dirs_for_version() of base (NULL or "": flow_dir_builtin()) and
 * the index db's kernel_version.
 */
char **flow_dirs_find(sqlite3 *db, const char *base);

/*
 * The file NAME.flow in the first of dirs that has one, newly
 * allocated; NULL if none does.
 */
char *flow_dirs_file(char *const *dirs, const char *name);

#endif
