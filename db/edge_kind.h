/*
 * The kinds of call-graph edges, in one table: the vocabulary of the
 * `kind` column of the stored `edge` table (docs/schema.md), with what
 * each kind means, whether it is a call, the order a path search prefers
 * them in, and how it is drawn (line style and colour in diagrams, colour
 * on a terminal).  resolve/ makes the resolved kinds, queries/ follows
 * them, render/ and cli/ show them; all take names, sizes and styles from
 * here.
 *
 * The codes are stored: the `kinds` array of the `csr` table holds one
 * byte per entry, so a kind is only ever added before KIND_OTHER, never
 * moved.
 */
#ifndef KCG_EDGE_KIND_H
#define KCG_EDGE_KIND_H

#include "util/error.h"

enum edge_kind {
	KIND_DIRECT,
	KIND_MACRO,
	KIND_FIELD,
	KIND_GLOBAL,
	KIND_RETURN,
	KIND_CALLBACK,
	KIND_REGISTRATION,
	KIND_NETFILTER_HOOK,
	KIND_SIGNATURE,
	KIND_OTHER,		/* a kind this kcg does not know */
	NR_EDGE_KINDS
};

/* What a kind is: the bits of edge_kind_info.flags. */
enum edge_kind_flag {
	EDGE_KIND_CALL = 1,	/* the caller calls the callee */
	EDGE_KIND_RESOLVED = 2,	/* made by resolving a function pointer */
	EDGE_KIND_GUESS = 4,	/* low confidence: not followed by default */
};

/*
 * How an edge is drawn in a diagram: Graphviz line style and colour, the
 * Mermaid colour (NULL: the default line), and what its label says
 * ("through": what the pointer went through, "via": the callback's
 * helper, "hooks": the netfilter hook points, "text": the diagram edge's
 * own text, "": none).
 */
struct edge_style {
	const char *style;
	const char *color;
	const char *mermaid_color;
	const char *label;
};

struct edge_kind_info {
	const char *name;	/* as the `kind` column holds it */
	unsigned rank;		/* search preference, 0 first */
	unsigned flags;		/* EDGE_KIND_* */
	struct edge_style draw;
	const char *legend;	/* sample label in a diagram legend, or NULL */
	const char *term_color;	/* SGR sequence on a terminal, or NULL */
	const char *meaning;
};

/* The row of kind (KIND_OTHER's for a code out of range). */
const struct edge_kind_info *edge_kind(int kind);
const char *edge_kind_name(int kind);
/* The code of a kind name; KIND_OTHER if unknown. */
int edge_kind_code(const char *name);

#define KIND_BIT(k) (1u << (k))
/* The kinds whose flags have every bit of `with` and none of `without`. */
unsigned edge_kind_mask(unsigned with, unsigned without);
/* The kinds that are calls, without the low-confidence signature ones. */
#define KIND_MASK_DEFAULT edge_kind_mask(EDGE_KIND_CALL, EDGE_KIND_GUESS)
/* Calls written in the source or made by a macro: no pointer resolved. */
#define KIND_MASK_DIRECT edge_kind_mask(EDGE_KIND_CALL, EDGE_KIND_RESOLVED)

/*
 * Parse a comma-separated list of kind names ("direct,field") into a mask
 * of KIND_BITs; "all" is every kind.  Names an unknown kind in err.
 */
int edge_kind_parse_list(const char *list, unsigned *mask,
			 struct kcg_error *err);

#endif
