/*
 * Documented flows: a named walk through the kernel (the receive path,
 * forwarding, output) written as data, not code.  A flow file lists
 * stages; each stage lists waypoint functions, and kcg connects each
 * waypoint to the next with the shortest path in the index, so the same
 * file checks whether the flow still holds in another kernel version.
 *
 * The format, one directive per line, '#' starts a comment:
 *
 *   title TEXT            the diagram's title
 *   kinds LIST            edge kinds the legs may follow (kcg path --kinds)
 *   avoid NAME...         functions no leg may pass through
 *   max-hops N            the longest leg searched (default 12)
 *   layout LR|TB          left to right or top to bottom (default TB)
 *   stage TEXT            starts a stage; TEXT names it in the diagram
 *   context WORD          the stage's execution context (hardirq,
 *                         softirq, process, ...): drawn as a band; it
 *                         goes on in the next stages until one names
 *                         another
 *   NAME                  a waypoint, reached from the previous one
 *   NAME | NAME ...       alternatives: each reached from a previous
 *                         waypoint, each leading to a next one; after
 *                         as many alternatives, lanes: the first to the
 *                         first, the second to the second
 *   ~ NAME [TEXT]         a hand-off: NAME runs later, not called by the
 *                         previous waypoint (a softirq raised, work
 *                         queued); TEXT labels the arrow
 *   hook FAMILY HOOK      the netfilter hook point the previous waypoint
 *                         runs (ipv4 PRE_ROUTING): one node listing the
 *                         hooks registered there in priority order
 *   NAME -> NAME ...      a chain of its own, not joined to the waypoints
 *                         around it (who registers what)
 *
 * Names are written as for the query commands: name, name@file.
 */
#ifndef KCG_FLOW_H
#define KCG_FLOW_H

#include "path.h"
#include "util/error.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

enum flow_step_kind {
	FLOW_WAYPOINT,		/* names: the alternatives */
	FLOW_HANDOFF,		/* names[0] runs later; label */
	FLOW_HOOK,		/* family, hook */
	FLOW_CHAIN,		/* names, in call order */
};

struct flow_step {
	enum flow_step_kind kind;
	int line;		/* in the flow file */
	char **names;
	size_t nr_names;
	char *label;		/* a hand-off's text, or NULL */
	char *family, *hook;	/* a hook point */
};

struct flow_stage {
	char *label;
	char *context;		/* NULL: none given */
	struct flow_step *steps;
	size_t nr_steps, alloc_steps;
};

struct flow {
	char *path;		/* the file it was read from */
	char *title;		/* NULL: none given */
	char *kinds;		/* NULL: the default kinds of kcg path */
	char **avoid;
	size_t nr_avoid;
	int max_hops;
	int left_to_right;
	struct flow_stage *stages;
	size_t nr_stages, alloc_stages;
};

#define FLOW_MAX_HOPS 12

/*
 * Parse the text of a flow file (path names it in messages: "PATH:LINE:
 * what is wrong").  out is initialized here and must be released, also
 * after an error.
 */
int flow_parse(const char *path, const char *text, size_t len,
	       struct flow *out, struct kcg_error *err);
/* Read and parse the flow file at path. */
int flow_load(const char *path, struct flow *out, struct kcg_error *err);
void flow_release(struct flow *f);

/*
 * Connecting a flow in an index: every name found, every leg (a pair of
 * consecutive waypoints) searched.
 */
enum leg_status {
	LEG_OK,
	LEG_NO_PATH,		/* both ends known, no path between them */
	LEG_UNKNOWN,		/* an end is not in the index (or ambiguous) */
};

struct flow_leg {
	size_t stage, step;	/* the step the leg arrives at */
	const char *from_name, *to_name;	/* as the flow wrote them */
	uint32_t from, to;	/* functions.id; 0 if not found */
	enum leg_status status;
	struct path path;	/* LEG_OK: the hops */
	int handoff;		/* a hand-off: drawn, not searched */
};

/* A name of the flow and what it is in the index. */
struct flow_name {
	const char *spec;
	uint32_t id;		/* 0: not found */
	char *problem;		/* why not: "not in the index", ... */
};

struct flow_result {
	struct flow_leg *legs;
	size_t nr_legs, alloc_legs;
	struct flow_name *names;
	size_t nr_names, alloc_names;
	size_t broken;		/* legs not LEG_OK */
};

/*
 * Find every name of f in db and connect the legs on g (GRAPH_OUT
 * loaded).  Returns -1 only for an error that stops the whole flow (a
 * database error, a bad kinds list, an unknown avoided function); a leg
 * that does not connect is counted in out->broken.
 */
int flow_connect(sqlite3 *db, const struct graph *g, const struct flow *f,
		 struct flow_result *out, struct kcg_error *err);
void flow_result_release(struct flow_result *r);

/* The id a name of the flow was found as; 0 if it was not. */
uint32_t flow_name_id(const struct flow_result *r, const char *spec);

#endif
