/*
 * Where the flows shipped with kcg are (queries/flow.h describes the
 * files): the flows of each kernel version in BASE/linux-X.Y/, BASE
 * being PREFIX/share/kcg/flows of an installed kcg, else the directory the
 * build names (KCG_FLOW_DIR, samples/flows of the source tree), unless the
 * caller gives another.  An index of a kernel
 * takes the newest version not after its own (the oldest if all are
 * after); an index of no known version (samples/) takes BASE itself.
 */
#ifndef KCG_FLOW_DIR_H
#define KCG_FLOW_DIR_H

#include <sqlite3.h>

/* The directory of the flows shipped with this kcg (util/datadir.h). */
const char *flow_dir_builtin(void);

/*
 * The directory of flows for kernel version ("6.1.192"; NULL: none) under
 * base: its linux-X.Y subdirectory nearest below the version, else the
 * oldest, else base.  Newly allocated.
 */
char *flow_dir_for_version(const char *base, const char *version);

/*
 * The directory of flows for the index db: flow_dir_for_version() of
 * base (NULL or "": flow_dir_builtin()) and db's kernel_version.  Newly
 * allocated.
 */
char *flow_dir_find(sqlite3 *db, const char *base);

#endif
