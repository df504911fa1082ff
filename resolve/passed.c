/*
 * The tables a function is passed by its callers.
 *
 * `nb->notifier_call(nb, val, v)` in call_netdevice_notifier() calls
 * through its parameter nb.  At type level it reaches every function
 * stored into notifier_block.notifier_call anywhere.  But nb is only
 * ever what call_netdevice_notifier()'s callers pass: their own
 * parameter, passed on by register_netdevice_notifier()'s callers, who
 * pass `&some_global_nb` or `&priv->nb`.  Following the arguments back
 * gives the tables the parameter can point to: globals by address, and
 * struct members (`&lag->notif_block`, the same-container rule's
 * "ice_lag:notif_block").  The call then reaches what is stored into
 * those (passed_keeps()).
 *
 * Sound as far as the callers are known.  A function whose address goes
 * anywhere but into a field is entered from places not followed (an
 * address only named, as EXPORT_SYMBOL names it, is not a way in: a
 * module calls the function by name).  An argument that is not a
 * parameter passed on, a global's address or a member's could be any
 * table (extractor/visit.c gives it an unknown value beside the known
 * ones).  Either makes the rule stand back.  Callers through pointers
 * are the calls whose targets at type level include the function.
 */
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Callers followed back at most this far, tables at most this many. */
#define MAX_DEPTH 8
#define MAX_PASSED 64

/* Where a function's address goes; whether its direct callers are in
 * its entry list. */
enum { ADDRESS_TAKEN = 1, ADDRESS_ESCAPES = 2, DIRECT_CALLERS = 4 };

struct arg_flow {
	int64_t call;
	int index;
	int flow;		/* in r->flows */
};

struct passed_state {
	struct passed_tables **sets;	/* by index - 1 in found */
	int *made_flows;		/* flows into a made object's field */
	size_t nr_made_flows;
	size_t nr_sets, alloc_sets;
	struct ptrmap found;		/* (fn, param) -> index + 1 */
	struct arg_flow *args;		/* sorted by call, index */
	size_t nr_args;
	struct ptrmap address;		/* fn -> ADDRESS_* */
	struct ptrmap entries;		/* fn -> index + 1 in entry_lists */
	struct entry_list {
		int64_t *calls;
		size_t nr, alloc;
	} *entry_lists;
	size_t nr_lists, alloc_lists;
	int indexed;			/* entries through pointers found */
	sqlite3_stmt *callers;
};

static int compare_args(const void *a, const void *b)
{
	const struct arg_flow *x = a, *y = b;

	if (x->call != y->call)
		return x->call < y->call ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->flow - y->flow;
}

static struct entry_list *entry_list(struct passed_state *ps, int64_t fn)
{
	int64_t index;

	if (!ptrmap_get(&ps->entries, id_ptr(fn), &index)) {
		xgrow(&ps->entry_lists, &ps->alloc_lists, ps->nr_lists + 1,
		      sizeof(*ps->entry_lists));
		memset(&ps->entry_lists[ps->nr_lists], 0,
		       sizeof(*ps->entry_lists));
		index = (int64_t)++ps->nr_lists;
		ptrmap_put(&ps->entries, id_ptr(fn), index);
	}
	return &ps->entry_lists[index - 1];
}

static void add_entry(struct entry_list *l, int64_t call)
{
	if (l->nr && l->calls[l->nr - 1] == call)
		return;
	xgrow(&l->calls, &l->alloc, l->nr + 1, sizeof(*l->calls));
	l->calls[l->nr++] = call;
}

/*
 * The arguments of every call, the places each function's address goes,
 * and the calls through pointers that can reach it (once, when a call
 * first asks).
 */
static void index_entries(struct resolver *r, struct passed_state *ps)
{
	size_t i, j, nr = 0;

	for (i = 0; i < r->nr_flows; i++)
		nr += r->flows[i].is_arg;
	ps->args = xcalloc(nr + 1, sizeof(*ps->args));
	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];
		int64_t seen = 0;

		if (f->dst_made) {
			ps->made_flows = xrealloc(ps->made_flows,
				(ps->nr_made_flows + 1) *
				sizeof(*ps->made_flows));
			ps->made_flows[ps->nr_made_flows++] = (int)i;
		}
		if (f->is_arg) {
			ps->args[ps->nr_args].call = f->call;
			ps->args[ps->nr_args].index = f->index;
			ps->args[ps->nr_args++].flow = (int)i;
		}
		if (f->src != SRC_FUNCTION || f->is_named)
			continue;
		ptrmap_get(&ps->address, id_ptr(f->src_function), &seen);
		seen |= ADDRESS_TAKEN;
		if (f->dst < 0 || r->slots[f->dst].kind != SLOT_FIELD)
			seen |= ADDRESS_ESCAPES;
		ptrmap_put(&ps->address, id_ptr(f->src_function), seen);
	}
	qsort(ps->args, ps->nr_args, sizeof(*ps->args), compare_args);
	for (i = 0; i < r->nr_icalls; i++) {
		const struct icall *ic = &r->icalls[i];
		const struct slot *s;

		if (ic->slot < 0)
			continue;
		s = &r->slots[ic->slot];
		for (j = 0; j < s->nr; j++)
			add_entry(entry_list(ps, s->m[j].fn), ic->call);
	}
	ps->indexed = 1;
}

/* The flows of argument index of call, as [*first, *end) of ps->args. */
static void find_args(const struct passed_state *ps, int64_t call,
		      int index, size_t *first, size_t *end)
{
	size_t lo = 0, hi = ps->nr_args;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct arg_flow *a = &ps->args[mid];

		if (a->call < call || (a->call == call && a->index < index))
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < ps->nr_args && ps->args[lo].call == call &&
	       ps->args[lo].index == index)
		lo++;
	*end = lo;
}

/* id into *ids (*nr of them); -1 when it would make too many. */
static int add_id(int64_t **ids, size_t *nr, int64_t id)
{
	if (has_id(*ids, *nr, id))
		return 0;
	if (*nr == MAX_PASSED)
		return -1;
	*ids = xrealloc(*ids, (*nr + 1) * sizeof(**ids));
	(*ids)[(*nr)++] = id;
	return 0;
}

static int add_global(struct passed_tables *t, int64_t global)
{
	return add_id(&t->globals, &t->nr_globals, global);
}

static int add_container(struct passed_tables *t, int container)
{
	return add_id(&t->containers, &t->nr_containers, container);
}

/* What u holds, into t; -1 when t would hold too many. */
static int add_all(struct passed_tables *t, const struct passed_tables *u)
{
	size_t i;

	for (i = 0; i < u->nr_globals; i++)
		if (add_global(t, u->globals[i]))
			return -1;
	for (i = 0; i < u->nr_containers; i++)
		if (add_container(t, u->containers[i]))
			return -1;
	return 0;
}

/* The direct calls of fn (calls.callee_id) into its entry list. */
static int add_direct_callers(struct resolver *r, struct passed_state *ps,
			      int64_t fn, struct kcg_error *err)
{
	int64_t seen = 0;
	int rc;

	ptrmap_get(&ps->address, id_ptr(fn), &seen);
	if (seen & DIRECT_CALLERS)
		return 0;
	ptrmap_put(&ps->address, id_ptr(fn), seen | DIRECT_CALLERS);
	if (!ps->callers &&
	    sqlite3_prepare_v2(r->db, "SELECT id FROM calls "
			       "WHERE callee_id = ?1 ORDER BY id", -1,
			       &ps->callers, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	sqlite3_bind_int64(ps->callers, 1, fn);
	while ((rc = sqlite3_step(ps->callers)) == SQLITE_ROW)
		add_entry(entry_list(ps, fn),
			  sqlite3_column_int64(ps->callers, 0));
	sqlite3_reset(ps->callers);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	return 0;
}

static int find_passed(struct resolver *r, struct passed_state *ps,
		       int64_t fn, int param, int depth, size_t *out,
		       struct kcg_error *err);
static int find_in_field(struct resolver *r, struct passed_state *ps,
			 int slot, int depth, size_t *out,
			 struct kcg_error *err);

/* What set from holds, into sets[at]; unknown if it is. */
static void take_set(struct passed_state *ps, size_t at, size_t from)
{
	if (ps->sets[from]->unknown || add_all(ps->sets[at], ps->sets[from]))
		ps->sets[at]->unknown = 1;
}

/*
 * The table a value f stores or passes can be, into sets[at]: a global's
 * address, a member's, what the function's callers pass for a parameter
 * of it, what is stored into a field read.  Anything else is unknown.
 */
static int follow_value(struct resolver *r, struct passed_state *ps,
			const struct flow *f, int depth, size_t at,
			struct kcg_error *err)
{
	const struct slot *s = f->src == SRC_SLOT && f->src_slot >= 0 ?
		&r->slots[f->src_slot] : NULL;
	size_t from;

	if (f->src == SRC_GLOBAL_ADDR) {
		if (add_global(ps->sets[at], f->src_global))
			ps->sets[at]->unknown = 1;
	} else if (f->src == SRC_MEMBER) {
		if (add_container(ps->sets[at], f->src_container))
			ps->sets[at]->unknown = 1;
	} else if (s && s->kind == SLOT_PARAM && f->function) {
		if (find_passed(r, ps, f->function, f->src_index, depth + 1,
				&from, err))
			return -1;
		take_set(ps, at, from);	/* ps->sets may have moved */
	} else if (s && s->kind == SLOT_FIELD) {
		if (find_in_field(r, ps, f->src_slot, depth + 1, &from, err))
			return -1;
		take_set(ps, at, from);
	} else {
		ps->sets[at]->unknown = 1;
	}
	return 0;
}

/* What argument param of call passes, into sets[at]. */
static int follow_argument(struct resolver *r, struct passed_state *ps,
			   int64_t call, int param, int depth, size_t at,
			   struct kcg_error *err)
{
	size_t first, end, i;

	find_args(ps, call, param, &first, &end);
	if (first == end) {	/* not an argument the walk described */
		ps->sets[at]->unknown = 1;
		return 0;
	}
	for (i = first; i < end && !ps->sets[at]->unknown; i++)
		if (follow_value(r, ps, &r->flows[ps->args[i].flow], depth, at,
				 err))
			return -1;
	return 0;
}

/*
 * The set already under key, in *out: 1 if there is one.  One still
 * being found is reached again through a cycle: it is unknown.
 */
static int found_set(struct passed_state *ps, const void *key, size_t *out)
{
	int64_t index;

	if (!ptrmap_get(&ps->found, key, &index))
		return 0;
	*out = (size_t)index - 1;
	if (ps->sets[*out]->state == 1)
		ps->sets[*out]->unknown = 1;
	return 1;
}

/* A set being found, under key in ps->found (NULL: none); its index. */
static size_t new_set(struct passed_state *ps, const void *key)
{
	size_t at;

	xgrow(&ps->sets, &ps->alloc_sets, ps->nr_sets + 1, sizeof(*ps->sets));
	at = ps->nr_sets++;
	ps->sets[at] = xcalloc(1, sizeof(*ps->sets[at]));
	ps->sets[at]->state = 1;
	if (key)
		ptrmap_put(&ps->found, key, (int64_t)at + 1);
	return at;
}

/*
 * The tables a field that points to an ops table can hold, in
 * ps->sets[*out]: what every store into it stores (`.prot = &raw_proto`
 * in can_proto's initializers), each followed as follow_value() does.
 * Every such store is described (extractor/visit.c gives one it cannot
 * describe an unknown value); a struct copied whole copies the field
 * into the same field.
 */
static int find_in_field(struct resolver *r, struct passed_state *ps,
			 int slot, int depth, size_t *out,
			 struct kcg_error *err)
{
	const void *key = id_ptr((uint64_t)1 << 62 | (uint64_t)slot);
	size_t at, i;

	if (found_set(ps, key, out))
		return 0;
	at = new_set(ps, key);
	*out = at;
	/* nothing stored into it in what is indexed: it may hold anything
	 * stored outside */
	if (depth > MAX_DEPTH || r->dst_start[slot] == r->dst_start[slot + 1])
		ps->sets[at]->unknown = 1;
	for (i = r->dst_start[slot];
	     i < r->dst_start[slot + 1] && !ps->sets[at]->unknown; i++)
		if (follow_value(r, ps, &r->flows[r->dst_flows[i]], depth, at,
				 err))
			return -1;
	ps->sets[at]->state = 2;
	return 0;
}

/*
 * The tables parameter param of fn can point to, in ps->sets[*out].  A
 * cycle (a function passing its parameter back to itself, or through
 * others) gives unknown: what enters it from outside the cycle would be
 * enough, but it is rare and not worth a fixpoint.
 */
static int find_passed(struct resolver *r, struct passed_state *ps,
		       int64_t fn, int param, int depth, size_t *out,
		       struct kcg_error *err)
{
	const void *key = id_ptr((fn << 6) | (param & 63));
	struct passed_tables *t;
	int64_t index, address = 0;
	size_t at, i;

	if (found_set(ps, key, out))
		return 0;
	at = new_set(ps, key);
	t = ps->sets[at];
	*out = at;
	ptrmap_get(&ps->address, id_ptr(fn), &address);
	if (param >= 64 || depth > MAX_DEPTH || (address & ADDRESS_ESCAPES)) {
		t->unknown = 1;
		goto done;
	}
	if (add_direct_callers(r, ps, fn, err))
		return -1;
	if (!ptrmap_get(&ps->entries, id_ptr(fn), &index)) {
		t->unknown = 1;	/* called from outside what is indexed */
		goto done;
	}
	/* the entry lists may move as others grow: index them each time */
	for (i = 0; i < ps->entry_lists[index - 1].nr && !t->unknown; i++) {
		if (follow_argument(r, ps, ps->entry_lists[index - 1].calls[i],
				    param, depth, at, err))
			return -1;
		ptrmap_get(&ps->entries, id_ptr(fn), &index);
	}
done:
	t->state = 2;
	return 0;
}

static struct passed_state *passed_state(struct resolver *r)
{
	if (!r->passed) {
		r->passed = xcalloc(1, sizeof(*r->passed));
		ptrmap_init(&r->passed->found);
		ptrmap_init(&r->passed->address);
		ptrmap_init(&r->passed->entries);
	}
	if (!r->passed->indexed)
		index_entries(r, r->passed);
	return r->passed;
}

const struct passed_tables *passed_tables(struct resolver *r, int64_t fn,
					  int param, struct kcg_error *err)
{
	size_t at;

	if (find_passed(r, passed_state(r), fn, param, 0, &at, err))
		return NULL;
	return r->passed->sets[at];
}

struct passed_tables *passed_copy(struct resolver *r,
				  const struct passed_tables *t)
{
	struct passed_state *ps = passed_state(r);
	size_t at = new_set(ps, NULL);

	add_all(ps->sets[at], t);	/* within MAX_PASSED: t was */
	ps->sets[at]->state = 2;
	return ps->sets[at];
}

int passed_add_global(struct passed_tables *t, int64_t global)
{
	return add_global(t, global);
}

/*
 * `dev->bus->pm->runtime_suspend(dev)` reads its table from the field
 * bus_type.pm: what every store into that field stores
 * (find_in_field()).
 */
const struct passed_tables *field_tables(struct resolver *r, int slot,
					 struct kcg_error *err)
{
	size_t at;

	if (find_in_field(r, passed_state(r), slot, 0, &at, err))
		return NULL;
	return r->passed->sets[at];
}

/*
 * `sk = sk_alloc(net, PF_CAN, GFP_KERNEL, cp->prot, kern)`, and
 * sk_alloc() stores its parameter prot into `sk->sk_prot` of the sock it
 * returns (flows.dst_made): what the call passes there, followed as the
 * passed-by-callers rule follows an argument.  Unknown when the maker
 * stores nothing there.
 */
const struct passed_tables *made_tables(struct resolver *r, int64_t call,
					int64_t maker, int path,
					struct kcg_error *err)
{
	struct passed_state *ps = passed_state(r);
	size_t at = new_set(ps, NULL), i;
	int stored = 0;

	for (i = 0; i < ps->nr_made_flows && !ps->sets[at]->unknown; i++) {
		const struct flow *f = &r->flows[ps->made_flows[i]];
		const struct slot *s = f->src == SRC_SLOT && f->src_slot >= 0 ?
			&r->slots[f->src_slot] : NULL;

		if (f->function != maker || f->dst_made != path)
			continue;
		stored = 1;
		if (s && s->kind == SLOT_PARAM) {
			if (follow_argument(r, ps, call, f->src_index, 0, at,
					    err))
				return NULL;
		} else if (follow_value(r, ps, f, 0, at, err)) {
			return NULL;
		}
	}
	if (!stored)
		ps->sets[at]->unknown = 1;
	ps->sets[at]->state = 2;
	return ps->sets[at];
}

/*
 * Can store f be in one of the tables t?  A store into a global by name
 * or into a struct member is, when that global or member is one of them;
 * an initializer is a global's, or a member's nested in it; a store made
 * at run time through a pointer may be into any table.
 */
int passed_keeps(const struct passed_tables *t, const struct flow *f)
{
	if (f->dst_container &&
	    has_id(t->containers, t->nr_containers, f->dst_container))
		return 1;
	if (f->is_init)	/* a static in a function is a global too */
		return f->in_global &&
		       has_id(t->globals, t->nr_globals, f->in_global);
	if (f->dst_global)
		return has_id(t->globals, t->nr_globals, f->dst_global);
	return !f->dst_container;
}

void passed_release(struct resolver *r)
{
	struct passed_state *ps = r->passed;
	size_t i;

	if (!ps)
		return;
	for (i = 0; i < ps->nr_sets; i++) {
		free(ps->sets[i]->globals);
		free(ps->sets[i]->containers);
		free(ps->sets[i]);
	}
	free(ps->sets);
	ptrmap_release(&ps->found);
	free(ps->args);
	free(ps->made_flows);
	ptrmap_release(&ps->address);
	ptrmap_release(&ps->entries);
	for (i = 0; i < ps->nr_lists; i++)
		free(ps->entry_lists[i].calls);
	free(ps->entry_lists);
	sqlite3_finalize(ps->callers);
	free(ps);
	r->passed = NULL;
}
