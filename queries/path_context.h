/*
 * The netfilter context of a path: which family, hook point and okfn a
 * packet is at, so that a path that enters the hook machinery from
 * NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, ..., ip_rcv_finish) reaches
 * only the hooks registered there and, through nf_hook_state.okfn, only
 * ip_rcv_finish.  Read from the tables the resolver writes
 * (hook_context_args, hook_context_calls, hook_context_carriers, hooks:
 * docs/schema.md); the path search (path.c) asks path_context_step()
 * what each hop does to the context it carries.
 *
 * The context also knows which parameters of the function it is in are
 * zero and which are not, from the constants its caller passed, so that
 * a call guarded by one (`if (can_redirect) skb_do_redirect(skb)`
 * entered from `run_lwt_bpf(..., NO_REDIRECT)`) is not taken: read from
 * the guard_context_* tables the resolver makes of call_guards and
 * call_args.
 */
#ifndef KCG_PATH_CONTEXT_H
#define KCG_PATH_CONTEXT_H

#include "util/error.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* One context: a field is -1 (pf, hooknum) or 0 (okfn) when unknown;
 * bit i of zero (nonzero): parameter i is zero (is not). */
struct ctx_value {
	int32_t pf, hooknum;
	uint32_t okfn;
	uint32_t zero, nonzero;
};

#define CTX_UNKNOWN_INT (-1)

/* A call that passes context values to its callee's parameters. */
struct ctx_args {
	uint32_t caller, callee;
	int initializes;	/* the callee fills the context struct */
	struct ctx_value value;	/* the constants passed */
	int inherit_pf, inherit_hooknum, inherit_okfn;	/* passed on from
							   the caller's */
};

/* A call site that dispatches to hooks or to the context's okfn. */
struct ctx_pair {
	uint32_t caller, callee;
	int role;		/* CTX_ROLE_* */
};

enum { CTX_ROLE_HOOK = 1, CTX_ROLE_OKFN = 2 };

/* A hook function's registration: family and hook point (-1 unknown). */
struct ctx_hook {
	uint32_t fn;
	int32_t pf, hooknum;
};

/*
 * Netfilter families whose hooks run in another family too: a hook
 * registered for NFPROTO_INET is registered for IPv4 and for IPv6
 * (nf_register_net_hook).  Names, looked up in the index's enumerators,
 * never numbers; the path search and `kcg callees` (lookup.c) read them.
 */
struct family_alias {
	const char *family, *covered;
};

#define NR_FAMILY_ALIASES 2
extern const struct family_alias family_aliases[NR_FAMILY_ALIASES];

/* One call from caller to callee, all of whose calls to it are guarded:
 * made only while the caller's parameters are as need_* say. */
struct ctx_guard {
	uint32_t caller, callee;
	uint32_t need_zero, need_nonzero;
};

/* What every call from caller to callee passes to the callee's guarded
 * parameters: bit i of zero (nonzero), a constant that is (is not);
 * from[i] >= 0, the caller's parameter from[i] passed unchanged. */
#define CTX_PARAMS 32
struct ctx_consts {
	uint32_t caller, callee;
	uint32_t zero, nonzero;
	int8_t from[CTX_PARAMS];
};

struct path_context {
	struct ctx_args *args;		/* by caller, callee */
	size_t nr_args;
	struct ctx_args *inits;		/* initializing calls, by caller */
	size_t nr_inits;
	struct ctx_pair *pairs;		/* by caller, callee */
	size_t nr_pairs;
	struct ctx_hook *hooks;		/* by fn */
	size_t nr_hooks;
	struct ctx_guard *guards;	/* by caller, callee */
	size_t nr_guards;
	struct ctx_consts *consts;	/* by caller, callee */
	size_t nr_consts;
	uint8_t *flags;			/* by node: CTX_F_* */
	uint32_t nr_nodes;
	/* family_aliases[i] in numbers (CTX_UNKNOWN_INT: not indexed) */
	int32_t alias_family[NR_FAMILY_ALIASES];
	int32_t alias_covered[NR_FAMILY_ALIASES];
};

/*
 * Load the context tables of db for a graph of nr_nodes nodes.  A
 * database without them gives an empty context (no hop restricted).
 */
int path_context_load(sqlite3 *db, uint32_t nr_nodes,
		      struct path_context *pc, struct kcg_error *err);
void path_context_release(struct path_context *pc);

/*
 * The contexts the hop u -> v leaves the search in when taken in context
 * *c (the unknown context: all fields unknown), at most max of them into
 * out; returns how many: 0 when the hop cannot happen in *c (a hook not
 * registered at *c's family and hook point, an okfn other than *c's, a
 * call guarded by a parameter *c knows to be otherwise).
 */
size_t path_context_step(const struct path_context *pc, uint32_t u,
			 uint32_t v, const struct ctx_value *c,
			 struct ctx_value *out, size_t max);

/*
 * The context a path that starts at v is in: the one v makes itself by
 * filling a context struct (the first, if it fills several), else the
 * unknown one.
 */
struct ctx_value path_context_start(const struct path_context *pc,
				    uint32_t v);

/* Does the context restrict any hop (hooks, or guarded calls)? */
int path_context_restricts(const struct path_context *pc);

/* Is c the unknown context? */
int ctx_is_unknown(const struct ctx_value *c);

#endif
