/*
 * The netfilter context of a path: see path_context.h.
 *
 * A hop u -> v does one of these to the context it is taken in:
 *   - a call passing context values (NF_HOOK(NFPROTO_IPV4, ...) from
 *     ip_rcv; nf_hook(pf, hook, ...) from NF_HOOK, passing its own on)
 *     gives v the context made of them;
 *   - a dispatch to hooks (entry->hook(...)) is taken only to a hook
 *     registered at the context's family and hook point, and keeps it;
 *   - a call through the context's okfn is taken only to that function,
 *     and the packet leaves the hooks: no context after it;
 *   - a call to a function that takes the context struct (nf_hook_slow,
 *     a hook's helpers) keeps it; any other call drops it.
 * Then, if v fills a context struct itself with values it has
 * (nf_hook_bridge_pre: nf_hook_state_init(&state, NF_BR_PRE_ROUTING,
 * NFPROTO_BRIDGE, ...)), v's calls are in that context.
 *
 * And whatever the hop: it is not taken when its call is guarded by a
 * parameter of u that c knows to be otherwise, and v's context knows
 * the constants every call from u to v passes to v's guarded
 * parameters.
 *
 * Unknown values restrict nothing, so a path the tables say nothing about
 * is found as before.
 */
#include "path_context.h"

#include "db/db.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

enum {
	CTX_F_ARGS_CALLER = 1,	/* makes calls passing context values */
	CTX_F_PAIR_CALLER = 2,	/* dispatches to hooks or to an okfn */
	CTX_F_CARRIER = 4,	/* takes the context struct */
	CTX_F_INIT = 8,		/* fills a context struct itself */
	CTX_F_GUARDED = 16,	/* makes calls guarded by a parameter
				   some caller passes a constant */
	CTX_F_CONSTS = 32,	/* passes constants to such a function */
};

/* Contexts enter() starts from, at most. */
#define MAX_ENTER 8

static const struct ctx_value unknown = {
	CTX_UNKNOWN_INT, CTX_UNKNOWN_INT, 0, 0, 0
};

int ctx_is_unknown(const struct ctx_value *c)
{
	return c->pf == CTX_UNKNOWN_INT && c->hooknum == CTX_UNKNOWN_INT &&
	       !c->okfn && !c->zero && !c->nonzero;
}

int path_context_restricts(const struct path_context *pc)
{
	return pc && pc->flags &&
	       (pc->nr_args || pc->nr_inits || pc->nr_consts);
}

static int cmp_pair_key(uint32_t ca, uint32_t ea, uint32_t cb, uint32_t eb)
{
	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ea != eb)
		return ea < eb ? -1 : 1;
	return 0;
}

static int cmp_args(const void *a, const void *b)
{
	const struct ctx_args *x = a, *y = b;

	return cmp_pair_key(x->caller, x->callee, y->caller, y->callee);
}

static int cmp_pairs(const void *a, const void *b)
{
	const struct ctx_pair *x = a, *y = b;

	return cmp_pair_key(x->caller, x->callee, y->caller, y->callee);
}

static int cmp_hooks(const void *a, const void *b)
{
	const struct ctx_hook *x = a, *y = b;

	return x->fn < y->fn ? -1 : x->fn > y->fn;
}

/* qsort(), which must not be given the NULL of an empty table */
static void sort_rows(void *rows, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(rows, n, size, cmp);
}

static int32_t int_or_unknown(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ?
		       CTX_UNKNOWN_INT : (int32_t)sqlite3_column_int(st, col);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, int rc,
		     struct kcg_error *err)
{
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "database error: %s",
				     sqlite3_errmsg(db));
	return 0;
}

static void flag(struct path_context *pc, int64_t node, uint8_t f)
{
	if (node > 0 && node < pc->nr_nodes)
		pc->flags[node] |= f;
}

static int load_args(sqlite3 *db, struct path_context *pc,
		     struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0, alloc_inits = 0;
	int rc;

	if (db_prepare(db,
		       "SELECT caller_id, callee_id, initializes, pf, pf_param,"
		       " hooknum, hooknum_param, okfn_id, okfn_param "
		       "FROM hook_context_args WHERE caller_id IS NOT NULL "
		       "AND callee_id IS NOT NULL", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ctx_args a;

		memset(&a, 0, sizeof(a));
		a.caller = (uint32_t)sqlite3_column_int64(st, 0);
		a.callee = (uint32_t)sqlite3_column_int64(st, 1);
		a.initializes = sqlite3_column_int(st, 2);
		a.value.pf = int_or_unknown(st, 3);
		a.inherit_pf = sqlite3_column_type(st, 4) != SQLITE_NULL;
		a.value.hooknum = int_or_unknown(st, 5);
		a.inherit_hooknum = sqlite3_column_type(st, 6) != SQLITE_NULL;
		a.value.okfn = (uint32_t)sqlite3_column_int64(st, 7);
		a.inherit_okfn = sqlite3_column_type(st, 8) != SQLITE_NULL;
		xgrow(&pc->args, &alloc, pc->nr_args + 1, sizeof(*pc->args));
		pc->args[pc->nr_args++] = a;
		flag(pc, a.caller, CTX_F_ARGS_CALLER);
		if (a.initializes) {
			xgrow(&pc->inits, &alloc_inits, pc->nr_inits + 1,
			      sizeof(*pc->inits));
			pc->inits[pc->nr_inits++] = a;
			flag(pc, a.caller, CTX_F_INIT);
		}
	}
	if (step_done(db, st, rc, err))
		return -1;
	sort_rows(pc->args, pc->nr_args, sizeof(*pc->args), cmp_args);
	sort_rows(pc->inits, pc->nr_inits, sizeof(*pc->inits), cmp_args);
	return 0;
}

static int load_pairs(sqlite3 *db, struct path_context *pc,
		      struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if (db_prepare(db,
		       "SELECT DISTINCT e.caller_id, e.callee_id, c.role "
		       "FROM hook_context_calls c "
		       "JOIN edge e ON e.call_id = c.call_id", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(st, 2);
		struct ctx_pair p;

		p.caller = (uint32_t)sqlite3_column_int64(st, 0);
		p.callee = (uint32_t)sqlite3_column_int64(st, 1);
		p.role = role && !strcmp(role, "okfn") ? CTX_ROLE_OKFN :
							  CTX_ROLE_HOOK;
		xgrow(&pc->pairs, &alloc, pc->nr_pairs + 1, sizeof(*pc->pairs));
		pc->pairs[pc->nr_pairs++] = p;
		flag(pc, p.caller, CTX_F_PAIR_CALLER);
	}
	if (step_done(db, st, rc, err))
		return -1;
	sort_rows(pc->pairs, pc->nr_pairs, sizeof(*pc->pairs), cmp_pairs);
	return 0;
}

static int load_carriers_and_hooks(sqlite3 *db, struct path_context *pc,
				   struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if (db_prepare(db, "SELECT function_id FROM hook_context_carriers",
		       &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		flag(pc, sqlite3_column_int64(st, 0), CTX_F_CARRIER);
	if (step_done(db, st, rc, err))
		return -1;
	if (db_prepare(db, "SELECT function_id, pf, hooknum FROM hooks", &st,
		       err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ctx_hook h;

		h.fn = (uint32_t)sqlite3_column_int64(st, 0);
		h.pf = int_or_unknown(st, 1);
		h.hooknum = int_or_unknown(st, 2);
		xgrow(&pc->hooks, &alloc, pc->nr_hooks + 1, sizeof(*pc->hooks));
		pc->hooks[pc->nr_hooks++] = h;
	}
	if (step_done(db, st, rc, err))
		return -1;
	sort_rows(pc->hooks, pc->nr_hooks, sizeof(*pc->hooks), cmp_hooks);
	return 0;
}

/* What resolve/guard_context.c made: the guards of each call of a
 * caller-callee pair whose every call is guarded, and what every call of
 * a pair passes alike to a parameter that matters. */
static const char guard_sites_sql[] =
	"SELECT caller_id, callee_id, need_zero, need_nonzero"
	" FROM guard_context_sites ORDER BY caller_id, callee_id";

static const char guard_consts_sql[] =
	"SELECT caller_id, callee_id, arg_index, value, param_index"
	" FROM guard_context_args WHERE arg_index < ?1"
	" AND (value IS NOT NULL OR param_index < ?1)"
	" ORDER BY caller_id, callee_id";

static int load_sites(sqlite3 *db, struct path_context *pc,
		      struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if (db_prepare(db, guard_sites_sql, &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ctx_guard g;

		g.caller = (uint32_t)sqlite3_column_int64(st, 0);
		g.callee = (uint32_t)sqlite3_column_int64(st, 1);
		g.need_zero = (uint32_t)sqlite3_column_int64(st, 2);
		g.need_nonzero = (uint32_t)sqlite3_column_int64(st, 3);
		xgrow(&pc->guards, &alloc, pc->nr_guards + 1,
		      sizeof(*pc->guards));
		pc->guards[pc->nr_guards++] = g;
		flag(pc, g.caller, CTX_F_GUARDED);
	}
	return step_done(db, st, rc, err);
}

static int load_consts(sqlite3 *db, struct path_context *pc,
		       struct kcg_error *err)
{
	struct ctx_consts *c = NULL;
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if (db_prepare(db, guard_consts_sql, &st, err))
		return -1;
	sqlite3_bind_int(st, 1, CTX_PARAMS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t caller = (uint32_t)sqlite3_column_int64(st, 0);
		uint32_t callee = (uint32_t)sqlite3_column_int64(st, 1);
		int index = sqlite3_column_int(st, 2);

		if (!c || c->caller != caller || c->callee != callee) {
			xgrow(&pc->consts, &alloc, pc->nr_consts + 1,
			      sizeof(*pc->consts));
			c = &pc->consts[pc->nr_consts++];
			memset(c, 0, sizeof(*c));
			memset(c->from, -1, sizeof(c->from));
			c->caller = caller;
			c->callee = callee;
			flag(pc, caller, CTX_F_CONSTS);
		}
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			c->from[index] = (int8_t)sqlite3_column_int(st, 4);
		else if (sqlite3_column_int64(st, 3))
			c->nonzero |= (uint32_t)1 << index;
		else
			c->zero |= (uint32_t)1 << index;
	}
	return step_done(db, st, rc, err);
}

/* The guards of the calls of guarded functions, and what is passed to
 * them. */
static int load_guards(sqlite3 *db, struct path_context *pc,
		       struct kcg_error *err)
{
	return load_sites(db, pc, err) || load_consts(db, pc, err) ? -1 : 0;
}

const struct family_alias family_aliases[NR_FAMILY_ALIASES] = {
	{ "NFPROTO_INET", "NFPROTO_IPV4" },
	{ "NFPROTO_INET", "NFPROTO_IPV6" },
};

/* family_aliases in the numbers of the index's enumerators */
static int load_families(sqlite3 *db, struct path_context *pc,
			 struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_DONE;

	if (db_prepare(db, "SELECT a.value, c.value FROM enumerators a "
			   "JOIN enumerators c ON c.enum = a.enum "
			   "AND c.name = ?2 WHERE a.name = ?1 LIMIT 1", &st,
		       err))
		return -1;
	for (i = 0; i < NR_FAMILY_ALIASES; i++) {
		sqlite3_bind_text(st, 1, family_aliases[i].family, -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 2, family_aliases[i].covered, -1,
				  SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			pc->alias_family[i] =
				(int32_t)sqlite3_column_int(st, 0);
			pc->alias_covered[i] =
				(int32_t)sqlite3_column_int(st, 1);
		} else if (rc != SQLITE_DONE) {
			break;
		}
		sqlite3_reset(st);
		rc = SQLITE_DONE;
	}
	return step_done(db, st, rc, err);
}

int path_context_load(sqlite3 *db, uint32_t nr_nodes,
		      struct path_context *pc, struct kcg_error *err)
{
	size_t i;
	int found, has_guards;

	memset(pc, 0, sizeof(*pc));
	for (i = 0; i < NR_FAMILY_ALIASES; i++)
		pc->alias_family[i] = pc->alias_covered[i] = CTX_UNKNOWN_INT;
	if (db_has_table(db, "hook_context_args", &found, err))
		return -1;
	if (!found)
		return 0;
	if (db_has_table(db, "guard_context_sites", &has_guards, err))
		return -1;
	pc->nr_nodes = nr_nodes;
	pc->flags = xcalloc(nr_nodes ? nr_nodes : 1, 1);
	if (load_args(db, pc, err) || load_pairs(db, pc, err) ||
	    load_carriers_and_hooks(db, pc, err) ||
	    load_families(db, pc, err) ||
	    (has_guards && load_guards(db, pc, err))) {
		path_context_release(pc);
		return -1;
	}
	return 0;
}

void path_context_release(struct path_context *pc)
{
	free(pc->args);
	free(pc->inits);
	free(pc->pairs);
	free(pc->hooks);
	free(pc->guards);
	free(pc->consts);
	free(pc->flags);
	memset(pc, 0, sizeof(*pc));
}

/* The first of the n sorted rows (of size bytes, caller and callee their
 * first two words) with this caller and callee (any callee if !callee). */
static const void *first_row(const void *rows, size_t n, size_t size,
			     uint32_t caller, uint32_t callee)
{
	const char *base = rows;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const uint32_t *k = (const void *)(base + mid * size);

		if (cmp_pair_key(k[0], callee ? k[1] : 0, caller,
				 callee) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n) {
		const uint32_t *k = (const void *)(base + lo * size);

		if (k[0] == caller && (!callee || k[1] == callee))
			return k;
	}
	return NULL;
}

/* The context a call passing values a makes, in the caller's context c. */
static struct ctx_value apply(const struct ctx_args *a,
			      const struct ctx_value *c)
{
	struct ctx_value v = a->value;

	if (a->inherit_pf)
		v.pf = c->pf;
	if (a->inherit_hooknum)
		v.hooknum = c->hooknum;
	if (a->inherit_okfn)
		v.okfn = c->okfn;
	return v;
}

static int family_matches(const struct path_context *pc, int32_t hook_pf,
			  int32_t pf)
{
	size_t i;

	if (hook_pf == pf)
		return 1;
	for (i = 0; i < NR_FAMILY_ALIASES; i++)
		if (hook_pf == pc->alias_family[i] &&
		    pf == pc->alias_covered[i] && pf != CTX_UNKNOWN_INT)
			return 1;
	return 0;
}

/*
 * May hook function fn run in context c?  With the family unknown (a
 * family computed at run time: nf_hook(skb_dst(skb)->ops->family,
 * NF_INET_POST_ROUTING, ...)), a hook point is the same number in the
 * family it is of, so a hook registered at another number is not there.
 */
static int hook_runs(const struct path_context *pc, uint32_t fn,
		     const struct ctx_value *c)
{
	const struct ctx_hook *h;
	const struct ctx_hook *end = pc->hooks + pc->nr_hooks;
	size_t lo = 0, hi = pc->nr_hooks;

	if (c->pf == CTX_UNKNOWN_INT && c->hooknum == CTX_UNKNOWN_INT)
		return 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pc->hooks[mid].fn < fn)
			lo = mid + 1;
		else
			hi = mid;
	}
	h = pc->hooks + lo;
	if (h == end || h->fn != fn)
		return 1;	/* registered where the index cannot tell */
	for (; h < end && h->fn == fn; h++) {
		if (h->pf == CTX_UNKNOWN_INT)
			return 1;
		if ((c->pf == CTX_UNKNOWN_INT ||
		     family_matches(pc, h->pf, c->pf)) &&
		    (c->hooknum == CTX_UNKNOWN_INT ||
		     h->hooknum == CTX_UNKNOWN_INT ||
		     h->hooknum == c->hooknum))
			return 1;
	}
	return 0;
}

/* The contexts of n (in out[0..n)) once v's own initializing calls ran. */
static size_t enter(const struct path_context *pc, uint32_t v,
		    struct ctx_value *out, size_t n, size_t max)
{
	const struct ctx_args *a, *end = pc->inits + pc->nr_inits;
	struct ctx_value in[MAX_ENTER];
	size_t i, m = 0;

	a = first_row(pc->inits, pc->nr_inits, sizeof(*pc->inits), v, 0);
	if (!a)
		return n;
	if (n > MAX_ENTER)
		n = MAX_ENTER;
	memcpy(in, out, n * sizeof(*in));
	for (i = 0; i < n; i++) {
		const struct ctx_args *b;

		for (b = a; b < end && b->caller == v && m < max; b++)
			out[m++] = apply(b, &in[i]);
	}
	return m;
}

struct ctx_value path_context_start(const struct path_context *pc,
				    uint32_t v)
{
	struct ctx_value c[MAX_ENTER];

	c[0] = unknown;
	if (pc && pc->flags && v < pc->nr_nodes &&
	    (pc->flags[v] & CTX_F_INIT))
		enter(pc, v, c, 1, 1);
	return c[0];
}

/* May a call from u to v be made in context c?  Yes when one of its
 * sites needs nothing c knows to be otherwise. */
static int guard_allows(const struct path_context *pc, uint32_t u,
			uint32_t v, const struct ctx_value *c)
{
	const struct ctx_guard *g, *end = pc->guards + pc->nr_guards;

	g = first_row(pc->guards, pc->nr_guards, sizeof(*pc->guards), u, v);
	if (!g)
		return 1;
	for (; g < end && g->caller == u && g->callee == v; g++)
		if (!(g->need_zero & c->nonzero) &&
		    !(g->need_nonzero & c->zero))
			return 1;
	return 0;
}

/* What v's parameters are, in each of the n contexts out: the constants
 * u passes there, and what c knows of the parameters it passes on. */
static void set_consts(const struct path_context *pc, uint32_t u,
		       uint32_t v, uint8_t fu, const struct ctx_value *c,
		       struct ctx_value *out, size_t n)
{
	const struct ctx_consts *k = NULL;
	uint32_t zero = 0, nonzero = 0;
	size_t i;

	if (fu & CTX_F_CONSTS)
		k = first_row(pc->consts, pc->nr_consts, sizeof(*pc->consts),
			      u, v);
	if (k) {
		zero = k->zero;
		nonzero = k->nonzero;
		for (i = 0; i < CTX_PARAMS; i++) {
			if (k->from[i] < 0)
				continue;
			if ((c->zero >> k->from[i]) & 1)
				zero |= (uint32_t)1 << i;
			if ((c->nonzero >> k->from[i]) & 1)
				nonzero |= (uint32_t)1 << i;
		}
	}
	for (i = 0; i < n; i++) {
		out[i].zero = zero;
		out[i].nonzero = nonzero;
	}
}

size_t path_context_step(const struct path_context *pc, uint32_t u,
			 uint32_t v, const struct ctx_value *c,
			 struct ctx_value *out, size_t max)
{
	uint8_t fu, fv;
	size_t n = 0;

	if (!max)
		return 0;
	if (!pc || !pc->flags || u >= pc->nr_nodes || v >= pc->nr_nodes) {
		out[0] = unknown;
		return 1;
	}
	fu = pc->flags[u];
	fv = pc->flags[v];
	if ((fu & CTX_F_GUARDED) && (c->zero || c->nonzero) &&
	    !guard_allows(pc, u, v, c))
		return 0;
	if (fu & CTX_F_ARGS_CALLER) {
		const struct ctx_args *a, *end = pc->args + pc->nr_args;

		a = first_row(pc->args, pc->nr_args, sizeof(*pc->args), u, v);
		for (; a && a < end && a->caller == u && a->callee == v &&
		       n < max; a++)
			out[n++] = apply(a, c);
	}
	if (!n && (fu & CTX_F_PAIR_CALLER)) {
		const struct ctx_pair *p = first_row(pc->pairs, pc->nr_pairs,
						     sizeof(*pc->pairs), u, v);

		if (p && p->role == CTX_ROLE_HOOK) {
			if (!hook_runs(pc, v, c))
				return 0;
			out[n++] = *c;
		} else if (p && p->role == CTX_ROLE_OKFN) {
			if (c->okfn && c->okfn != v)
				return 0;
			out[n++] = unknown;
		}
	}
	if (!n)
		out[n++] = fv & CTX_F_CARRIER ? *c : unknown;
	if (fv & CTX_F_INIT)
		n = enter(pc, v, out, n, max);
	set_consts(pc, u, v, fu, c, out, n);
	return n;
}
