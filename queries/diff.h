/*
 * Comparing two indexes, typically of two kernel versions: which
 * functions were added, removed, moved to another file or renamed, what
 * each function calls and is called by in one and not the other, which
 * registrations and netfilter hooks changed, and how a documented flow's
 * route changed leg by leg.
 *
 * Everything starts from matching the functions of the old index to
 * those of the new (diff_open):
 *   1. the same name in the same file;
 *   2. the same name in another file: moved (a name defined in several
 *      files pairs each old one with the most similar new one);
 *   3. what is left, defined in both, by similarity: renamed when the
 *      score reaches DIFF_RENAME_MIN.  kcg keeps no function text, so a
 *      body is compared by what it calls: the score is 0.4 x the Dice
 *      coefficient of the callees, 0.3 x that of the callers, 0.1 for
 *      the same type, 0.1 for the same file and 0.1 x the share of the
 *      two names in their longest common substring.  Neighbours are
 *      compared as matched functions where they are matched, by name
 *      otherwise.  A function whose best neighbourhood score is shared
 *      by two candidates is not matched: generated functions
 *      (tracepoints, atomics) look alike, and a name must not decide.
 *      Nor is a pair that shares fewer than two neighbours (a tiny helper
 *      inlined away), or that goes from a file the new index lacks to a
 *      file the old one lacks in another directory (a driver or
 *      subsystem removed, another added: their boilerplate looks alike),
 *      or into a new file of another directory with names that share
 *      no more than half their length.
 * The results are tables (queries/result.h) for cli/ to print.
 */
#ifndef KCG_DIFF_H
#define KCG_DIFF_H

#include "flow.h"
#include "graph.h"
#include "result.h"
#include "util/error.h"
#include "util/strmap.h"

#include <sqlite3.h>
#include <stdint.h>

#define DIFF_RENAME_MIN 0.6

enum diff_how {
	DIFF_NONE,		/* not matched */
	DIFF_SAME,		/* same name, same file */
	DIFF_MOVED,		/* same name, another file */
	DIFF_RENAMED,		/* another name, by similarity */
};

/* One index and its functions, by functions.id. */
struct diff_side {
	sqlite3 *db;
	const char *label;	/* "old" or "new" */
	struct graph g;		/* both directions */
	uint32_t nr_ids;	/* max(functions.id) + 1 */
	char **names;		/* NULL for an unused id */
	char **files;		/* the defining (or declaring) file */
	int *lines;
	char **types;
	unsigned char *defined;
	uint32_t *match;	/* the id in the other index; 0: none */
	unsigned char *how;	/* enum diff_how */
	float *score;		/* DIFF_RENAMED, DIFF_MOVED: the similarity */
	struct strmap paths;	/* every file the index mentions */
};

struct diff {
	struct diff_side old, new;
};

/*
 * Load both indexes' functions and graphs and match the functions.  d is
 * the caller's to release (diff_release) also after an error.
 */
int diff_open(sqlite3 *old_db, sqlite3 *new_db, struct diff *d,
	      struct kcg_error *err);
void diff_release(struct diff *d);

/*
 * Functions defined in one index and not the other, moved or renamed:
 * change (added, removed, moved, renamed), name, old_name, old_file,
 * old_line, new_file, new_line, score (percent; renamed and moved).
 * Functions made by macros (SYSCALL_DEFINE bodies) count as any other.
 */
int diff_functions(const struct diff *d, struct result *out,
		   struct kcg_error *err);

/*
 * What function old_id (in the old index; 0 if it is new) and new_id (in
 * the new; 0 if it was removed) call and are called by in one version
 * and not the other, per kind: direction (callee, caller), change
 * (gained, lost), function, kind, file, line (the call site in the
 * version that has the call).  Registration and signature edges are not
 * calls and are left out.
 */
int diff_function_calls(const struct diff *d, uint32_t old_id,
			uint32_t new_id, struct result *out,
			struct kcg_error *err);

/*
 * Counts over the whole index: calls (caller, callee, kind) of functions
 * in both versions gained and lost.
 */
void diff_count_calls(const struct diff *d, uint64_t *gained,
		      uint64_t *lost);

/*
 * Where the functions of both versions are stored as pointers, gained
 * and lost: change, function, stored_into ("struct S.f in GLOBAL", "arg
 * 1 of CALLEE", "global G"), by (the registering function), file, line.
 * Functions of one version only are left out: they show as added or
 * removed.
 */
int diff_registrations(const struct diff *d, struct result *out,
		       struct kcg_error *err);

/*
 * Netfilter hooks per family and hook point: change (added, removed,
 * priority), function, family, hook, old_priority, new_priority,
 * priority_name, file, line (the entry, in the version that has it).
 */
int diff_hooks(const struct diff *d, struct result *out,
	       struct kcg_error *err);

/*
 * A flow connected in both versions (flow_connect), leg by leg: leg
 * ("FROM -> TO" as the flows write it), change (same, changed, broken
 * in old, broken in new, broken in both, only in old, only in new),
 * old and new (ok, broken, NULL: no such leg), old_hops, new_hops, old_route, new_route (function names joined by
 * " -> "), left (functions of the old route not on the new), came (the
 * other way round).  A renamed function on both routes counts as one;
 * the same functions called another way (a field call become a macro's
 * named candidate) are a changed route.  Then one row per hook point
 * of the flows ("hook ipv4 LOCAL_IN"): the hooks registered there in
 * each version ("PRIORITY FUNCTION, ..."), those that left and came.
 */
int diff_flow(const struct diff *d, const struct flow *old_flow,
	      const struct flow_result *old_r, const struct flow *new_flow,
	      const struct flow_result *new_r, struct result *out,
	      struct kcg_error *err);

/* The name a function of side s shows in a diff: "new (was old)". */
char *diff_display_name(const struct diff *d, const struct diff_side *s,
			uint32_t id);

#endif
