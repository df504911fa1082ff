/*
 * What the resolver reads of some TUs, apart from row ids and places in
 * the source: the facts of their claims (pointer flows, calls through
 * pointers and the calls that pass functions, stores of constants,
 * receivers, the functions they define and those they call by name).
 *
 * An update reads it of the TUs it parses again, before their old facts
 * go and after the new ones are in.  When the two are the same, the
 * edit changed no fact the resolution depends on (a body edited without
 * touching a function pointer, lines added or removed), so the resolved
 * edges are the previous ones with their call sites and registration
 * lines moved: resolve_moved() moves them instead of solving the whole
 * graph again (on the whole tree, a few tenths of a second instead of
 * four seconds).
 */
#ifndef KCG_RESOLVE_INPUTS_H
#define KCG_RESOLVE_INPUTS_H

#include "resolve/resolve.h"
#include "util/error.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct resolve_inputs;

/*
 * Read what the resolver reads of the TUs tus (ids of `tus`) into a new
 * *out; with_edges: also their resolved edges (before the old facts, and
 * the edges of their calls, are dropped).
 */
int resolve_inputs_read(sqlite3 *db, const int64_t *tus, size_t nr,
			int with_edges, struct resolve_inputs **out,
			struct kcg_error *err);

void resolve_inputs_free(struct resolve_inputs *in);

/*
 * When after is before with only ids and places changed, bring db's
 * resolved edges, hooks, hook context and edge digests up to date by
 * moving them (the callers whose edges change noted in the temp table
 * touched by db's triggers), fill stats as the last resolution counted
 * them, and return 1.  Return 0, having written nothing, when they
 * differ or the places cannot be mapped (resolve_index() is then
 * needed); -1 on error.
 */
int resolve_moved(sqlite3 *db, const struct resolve_inputs *before,
		  const struct resolve_inputs *after, const char *touched,
		  struct resolve_stats *stats, struct kcg_error *err);

#endif
