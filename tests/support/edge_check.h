/*
 * Checking a database against a ground-truth edges.tsv (the format of
 * tests/kernel/linux-6.1/edges.tsv, ../shared/truth/edges.tsv and
 * samples/expected/edges.tsv).
 */
#ifndef KCG_TEST_EDGE_CHECK_H
#define KCG_TEST_EDGE_CHECK_H

#include <sqlite3.h>
#include <stddef.h>

/*
 * For every row of the TSV at path whose mechanism is one of mechanisms
 * (NULL-terminated), look for the edge in db's `edges` view: same caller
 * and callee (a "name:file" name also matches the file), the kind the
 * mechanism maps to, the call site's file and line, and, where the truth
 * gives one for an indirect edge, the registration site.  A site written
 * as a file with no line (a fact inherited by a later kernel, whose lines
 * moved: tests/kernel/facts.py) matches any line of it.  Prints each
 * missing edge with what the database has instead.  Returns how many are
 * missing (or -1 if the file cannot be read); *checked counts the rows.
 */
int check_truth_edges(sqlite3 *db, const char *path,
		      const char *const *mechanisms, size_t *checked);

/*
 * For every row of a nf_hooks.tsv (hook_fn, pf, hooknum, priority_value),
 * look for the hook in db's `hooks` table with that family, hook point and
 * priority.  Prints each missing one; returns how many are missing (-1 if
 * the file cannot be read).
 */
int check_truth_hooks(sqlite3 *db, const char *path, size_t *checked);

/*
 * The directories of facts a kernel test checks, into dirs: KCG_FACTS_DIR
 * (the repository's facts of the indexed version, written whole by
 * tests/kernel/truth-slice.sh; it must be set), then KCG_TRUTH_DIR (the
 * ground truth of ../shared/truth) when it is set and holds edges.tsv.
 * Returns how many (1 or 2); 0 if KCG_FACTS_DIR is not set.
 */
size_t truth_dirs(const char *dirs[2]);

#endif
