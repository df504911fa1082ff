/*
 * Calls through a field confined by the object they are made on (the
 * `receivers` facts, extractor/receiver.c).  A field call reaches, at
 * type level, every function stored into that field of that struct type;
 * two rules narrow it to what the object can hold:
 *
 *   same receiver  hash_ip4_kadt is stored only in the initializer of
 *                  hash_ip4_variant (its kadt), nothing calls it by name,
 *                  and every call through that field is made as
 *                  `set->variant->kadt(set, ...)`.  Inside it, `set` is
 *                  its parameter 0, so `set->variant` is hash_ip4_variant,
 *                  and `set->variant->adt[adt](...)` reaches only what that
 *                  initializer stores into adt.
 *   named global   `inet_dgram_ops.ioctl(...)` reaches what the
 *                  initializer of inet_dgram_ops stores into ioctl, when
 *                  nothing assigns inet_dgram_ops as a whole.
 *   same container `q->immediate.func(...)`, a table embedded in struct
 *                  sctp_inq as its member immediate, reaches what is
 *                  stored into that member (INIT_WORK(&q->immediate,
 *                  f)) and what is stored into a table whose place is
 *                  not known (a pointer passed in, a global, a local
 *                  that may be copied in whole), not what is stored into
 *                  a member of another struct (INIT_WORK(&x->work, g)),
 *                  unless the struct is somewhere copied whole
 *                  (`dmub->funcs = params->funcs`, struct_copies).
 *   passed by     `nb->notifier_call(nb, ...)` on a parameter that is
 *   callers       the table itself reaches what is stored into the
 *                 tables the callers pass (passed.c).
 *   made here     `sk->sk_prot->init(sk)` on a local that holds what
 *                 `sk_alloc(..., cp->prot, ...)` made, which stores that
 *                 argument into sk_prot of the sock it returns, reaches
 *                 what is stored into the tables cp->prot can be: those
 *                 stored into can_proto.prot (passed.c, made_tables()).
 *   tables of     `dev->bus->pm->runtime_suspend(dev)`, on any object,
 *   the field     reads its table from the field bus_type.pm: it reaches
 *                 what is stored into the tables stored there
 *                 (`.pm = &pci_dev_pm_ops`), not what every dev_pm_ops
 *                 holds (passed.c, field_tables()).
 *
 * Stores into the field made at run time (`ops->adt[x] = f`, a parameter
 * copied in) are kept by both: the table may be a copy changed later.
 * A named global's call leaves out those into another global by name
 * (`copy_of_ops.ioctl = f`): they cannot change the one it reads.
 * Both assume the object still holds the same table between the call that
 * entered the function and the one inside it (docs/resolution.md).
 */
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A function stored in more tables than this is not confined by them. */
#define MAX_TABLES MAX_CONFINE_TABLES
/* ... nor one stored into more fields. */
#define MAX_FIELDS 4

struct receiver {
	int64_t call;
	char *path;
	int arg, param;		/* -1: none */
	int64_t global;
	int container;		/* text_id, 0: none */
	int64_t made_call;	/* the object is a local this call made */
	int64_t maker;		/* ... calling this function; 0: none */
	int table_slot;		/* the field the table is read from, -1 */
};

/* How a function can be entered, for the same-receiver rule. */
struct registered {
	int ok;			/* only by initializers of tables */
	int slot[MAX_FIELDS];	/* the fields it is stored into */
	int nr_slots;
	int64_t table[MAX_TABLES];	/* the initializers (instance ids) */
	int nr_tables;
	int entered;		/* a call through one of its fields seen */
	int arg;		/* ... passing its receiver as this argument */
	const char *path;	/* ... reached by these fields */
};

struct receivers {
	struct receiver *rows;
	size_t nr, alloc;
	struct ptrmap by_call;		/* call id -> index + 1 */
	struct registered *regs;
	size_t nr_regs, alloc_regs;
	struct ptrmap by_fn;		/* function id -> index + 1 in regs */
	struct ptrmap copied;		/* calls through a struct copied whole */
	struct copy_pair {		/* a struct copied whole into a */
		int64_t dst, src;	/* global by name, from one (src 0: */
	} *copies;			/* from anything else) */
	size_t nr_copies, alloc_copies;
	struct loose_copy {		/* a copy of a call's struct into no
					   global by name nor member, by call */
		int64_t call;
		int64_t src;		/* from this global by name, or 0 */
		int64_t fn;		/* in this function, or 0 */
		int dst_param, src_param;	/* through its parameter, -1 */
	} *loose;
	size_t nr_loose, alloc_loose;
};

/* The slot of the field "S:f" of S defined in file; -1 if none. */
static int table_slot(struct resolver *r, const char *field,
		      const char *file)
{
	char record[512];
	const char *colon = field ? strrchr(field, ':') : NULL;

	if (!colon || (size_t)(colon - field) >= sizeof(record))
		return -1;
	memcpy(record, field, (size_t)(colon - field));
	record[colon - field] = 0;
	return find_field_slot(r, record, file, colon + 1);
}

static int load_receivers(struct resolver *r, struct receivers *rs,
			  struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db,
		"SELECT x.call_id, x.path, x.arg_index, x.param_index, "
		"x.global_id, x.container, x.made_call_id, c.callee_id, "
		"x.table_field, x.table_struct_file "
		"FROM receivers x LEFT JOIN calls c ON c.id = x.made_call_id",
		-1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct receiver *x;

		xgrow(&rs->rows, &rs->alloc, rs->nr + 1, sizeof(*rs->rows));
		x = &rs->rows[rs->nr++];
		x->call = sqlite3_column_int64(st, 0);
		x->path = xstrdup(col_text(st, 1) ? col_text(st, 1) : "");
		x->arg = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 :
			 sqlite3_column_int(st, 2);
		x->param = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
			   sqlite3_column_int(st, 3);
		x->global = sqlite3_column_int64(st, 4);
		x->container = text_id(r, col_text(st, 5));
		x->made_call = sqlite3_column_int64(st, 6);
		x->maker = sqlite3_column_int64(st, 7);
		x->table_slot = table_slot(r, col_text(st, 8),
					   col_text(st, 9));
		ptrmap_put(&rs->by_call, id_ptr(x->call), (int64_t)rs->nr);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	return 0;
}

static const struct receiver *receiver_of(const struct receivers *rs,
					  int64_t call)
{
	int64_t index;

	if (!ptrmap_get(&rs->by_call, id_ptr(call), &index))
		return NULL;
	return &rs->rows[index - 1];
}

static struct registered *registered(struct receivers *rs, int64_t fn,
				     int create)
{
	int64_t index;

	if (ptrmap_get(&rs->by_fn, id_ptr(fn), &index))
		return &rs->regs[index - 1];
	if (!create)
		return NULL;
	xgrow(&rs->regs, &rs->alloc_regs, rs->nr_regs + 1,
	      sizeof(*rs->regs));
	memset(&rs->regs[rs->nr_regs], 0, sizeof(*rs->regs));
	rs->regs[rs->nr_regs].ok = 1;
	ptrmap_put(&rs->by_fn, id_ptr(fn), (int64_t)++rs->nr_regs);
	return &rs->regs[rs->nr_regs - 1];
}

static int has_slot(const struct registered *g, int slot)
{
	int i;

	for (i = 0; i < g->nr_slots; i++)
		if (g->slot[i] == slot)
			return 1;
	return 0;
}

/* Where each function's address goes: only table initializers, or not. */
static void note_stores(struct resolver *r, struct receivers *rs)
{
	size_t i;

	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];
		struct registered *g;

		/*
		 * An address only named (EXPORT_SYMBOL) is no way in, but it
		 * counts here: on the whole 6.1 tree, leaving it out let
		 * libata's exported ata_sff_freeze() be confined to its
		 * table, whose other fields libata fills at run time from
		 * the table it `.inherits` (through void **), and two calls
		 * lost every target.
		 */
		if (f->src != SRC_FUNCTION)
			continue;
		g = registered(rs, f->src_function, 1);
		if (!f->is_init || !f->instance || f->dst < 0 ||
		    r->slots[f->dst].kind != SLOT_FIELD) {
			g->ok = 0;
			continue;
		}
		if (!has_slot(g, f->dst)) {
			if (g->nr_slots == MAX_FIELDS)
				g->ok = 0;
			else
				g->slot[g->nr_slots++] = f->dst;
		}
		if (!has_id(g->table, (size_t)g->nr_tables, f->instance)) {
			if (g->nr_tables == MAX_TABLES)
				g->ok = 0;
			else
				g->table[g->nr_tables++] = f->instance;
		}
	}
	/* copied on into another field, a parameter, a global */
	for (i = 0; i < r->nr_slots; i++) {
		const struct slot *s = &r->slots[i];
		size_t j;

		for (j = 0; j < s->nr; j++) {
			struct registered *g = registered(rs, s->m[j].fn, 0);

			if (g && !has_slot(g, (int)i))
				g->ok = 0;
		}
	}
}

/*
 * Calls through a field of a struct that is somewhere copied whole
 * (struct_copies): what is stored into one member may be in another, so
 * the same-container rule stands back for them.  The copies into named
 * globals, and for each call the copies of its struct into anything else
 * (`*drv = ehci_hc_driver` in ehci_init_driver(), through a pointer).
 */
static int note_copied(struct resolver *r, struct receivers *rs,
		       struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db,
		"SELECT DISTINCT i.call_id FROM indirect_calls i "
		"JOIN struct_copies s ON s.struct = i.struct "
		"AND s.struct_file IS i.struct_file", -1, &st, NULL) !=
	    SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ptrmap_put(&rs->copied, id_ptr(sqlite3_column_int64(st, 0)), 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	if (sqlite3_prepare_v2(r->db,
		"SELECT DISTINCT dst_global_id, src_global_id "
		"FROM struct_copies WHERE dst_global_id IS NOT NULL", -1, &st,
		NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&rs->copies, &rs->alloc_copies, rs->nr_copies + 1,
		      sizeof(*rs->copies));
		rs->copies[rs->nr_copies].dst = sqlite3_column_int64(st, 0);
		rs->copies[rs->nr_copies++].src = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	if (sqlite3_prepare_v2(r->db,
		"SELECT DISTINCT i.call_id, coalesce(s.src_global_id, 0), "
		"coalesce(f.id, 0), coalesce(s.dst_param_index, -1), "
		"coalesce(s.src_param_index, -1) "
		"FROM indirect_calls i JOIN struct_copies s "
		"ON s.struct = i.struct AND s.struct_file IS i.struct_file "
		"JOIN claims k ON k.id = s.claim_id "
		"LEFT JOIN functions f ON f.usr = k.key AND k.kind = 'function' "
		"WHERE s.dst_global_id IS NULL AND s.dst_member = 0 "
		"ORDER BY 1", -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct loose_copy *c;

		xgrow(&rs->loose, &rs->alloc_loose, rs->nr_loose + 1,
		      sizeof(*rs->loose));
		c = &rs->loose[rs->nr_loose++];
		c->call = sqlite3_column_int64(st, 0);
		c->src = sqlite3_column_int64(st, 1);
		c->fn = sqlite3_column_int64(st, 2);
		c->dst_param = sqlite3_column_int(st, 3);
		c->src_param = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	return 0;
}

/* The first of rs->loose for call, or rs->nr_loose. */
static size_t first_loose(const struct receivers *rs, int64_t call)
{
	size_t lo = 0, hi = rs->nr_loose;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->loose[mid].call < call)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A function called by name is entered with any object. */
static int note_direct_calls(struct resolver *r, struct receivers *rs,
			     struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db,
		"SELECT DISTINCT callee_id FROM calls "
		"WHERE callee_id IS NOT NULL", -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct registered *g =
			registered(rs, sqlite3_column_int64(st, 0), 0);

		if (g)
			g->ok = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	return 0;
}

/*
 * How each function is entered: every call through a field it is stored
 * in must pass the object it reads the table from, by the same fields.
 */
static void note_entries(struct resolver *r, struct receivers *rs)
{
	size_t i, j;

	for (i = 0; i < r->nr_icalls; i++) {
		const struct icall *ic = &r->icalls[i];
		const struct receiver *x;
		const struct slot *s;

		if (ic->shape != 'f' || ic->slot < 0)
			continue;
		x = receiver_of(rs, ic->call);
		s = &r->slots[ic->slot];
		for (j = 0; j < s->nr; j++) {
			struct registered *g = registered(rs, s->m[j].fn, 0);

			if (!g || !g->ok)
				continue;
			if (!x || x->arg < 0) {
				g->ok = 0;
			} else if (!g->entered) {
				g->entered = 1;
				g->arg = x->arg;
				g->path = x->path;
			} else if (g->arg != x->arg || strcmp(g->path, x->path)) {
				g->ok = 0;
			}
		}
	}
}

/* Is global assigned as a whole anywhere (a struct copy into it)? */
static int global_is_assigned(struct resolver *r, int64_t global)
{
	int slot = find_global_slot(r, global);
	size_t i;

	if (slot < 0)
		return 0;
	for (i = 0; i < r->nr_flows; i++)
		if (r->flows[i].dst == slot)
			return 1;
	return 0;
}

/* Is anything stored into slot inside another struct member than this? */
static int other_container(const struct resolver *r, int slot, int container)
{
	size_t i;

	for (i = r->dst_start[slot]; i < r->dst_start[slot + 1]; i++) {
		int other = r->flows[r->dst_flows[i]].dst_container;

		if (other && other != container)
			return 1;
	}
	return 0;
}

/*
 * Does any store into slot fall outside the tables t?  The rule is
 * named only where it leaves something out.
 */
static int passed_narrows(const struct resolver *r, int slot,
			  const struct passed_tables *t)
{
	size_t i;

	for (i = r->dst_start[slot]; i < r->dst_start[slot + 1]; i++)
		if (!passed_keeps(t, &r->flows[r->dst_flows[i]]))
			return 1;
	return 0;
}

/* Does the set t hold a global or member of u? */
static int tables_meet(const struct passed_tables *t,
		       const struct passed_tables *u)
{
	size_t i;

	for (i = 0; i < u->nr_globals; i++)
		if (has_id(t->globals, t->nr_globals, u->globals[i]))
			return 1;
	for (i = 0; i < u->nr_containers; i++)
		if (has_id(t->containers, t->nr_containers, u->containers[i]))
			return 1;
	return 0;
}

/* Add global to *u (made from t when NULL), now pointing at it: -1 when
 * there would be too many. */
static int grow_tables(struct resolver *r, const struct passed_tables *t,
		       struct passed_tables **u,
		       const struct passed_tables **now, int64_t global)
{
	if (has_id((*now)->globals, (*now)->nr_globals, global))
		return 0;
	if (!*u)
		*now = *u = passed_copy(r, t);
	return passed_add_global(*u, global) ? -1 : 1;
}

/*
 * What a copy of the call's struct through a pointer, c, adds to the
 * tables now: nothing when it goes through a parameter of its function
 * to none of them (the callers pass other tables: tcp_bpf's
 * `prot[TCP_BPF_BASE] = *base` into tcp_bpf_prots); else its source, a
 * global by name or the tables a parameter is passed.  1 when it added,
 * 0 when not, -1 when the source cannot be followed (or too many), -2 on
 * error.
 */
static int add_loose_copy(struct resolver *r, const struct loose_copy *c,
			  const struct passed_tables *t,
			  struct passed_tables **u,
			  const struct passed_tables **now,
			  struct kcg_error *err)
{
	const struct passed_tables *p;
	size_t i;
	int added = 0, rc;

	if (c->dst_param >= 0 && c->fn) {
		if (!(p = passed_tables(r, c->fn, c->dst_param, err)))
			return -2;
		if (!p->unknown && !tables_meet(*now, p))
			return 0;
	}
	if (c->src)
		return grow_tables(r, t, u, now, c->src);
	if (c->src_param < 0 || !c->fn)
		return -1;
	if (!(p = passed_tables(r, c->fn, c->src_param, err)))
		return -2;
	if (p->unknown || p->nr_containers)
		return -1;
	for (i = 0; i < p->nr_globals; i++) {
		if ((rc = grow_tables(r, t, u, now, p->globals[i])) < 0)
			return -1;
		added |= rc;
	}
	return added;
}

/*
 * The tables t with what is copied whole into them, in *out: mptcp makes
 * mptcp_v6_prot at boot as `mptcp_v6_prot = mptcp_prot`, so a call that
 * can read mptcp_v6_prot can reach what mptcp_prot holds; ehci's
 * `*drv = ehci_hc_driver` in ehci_init_driver(), through its parameter,
 * goes into the tables its callers pass (`&ehci_pci_hc_driver`).  NULL
 * when a copy cannot be followed: into a struct member, any copy of the
 * struct (amdgpu's `dmub->funcs = params->funcs`); into one of t, or
 * through a pointer that may be to one, from anything but a global by
 * name or a parameter whose callers pass those.  -1 on error.
 */
static int with_copies(struct resolver *r, const struct receivers *rs,
		       const struct icall *ic, const struct passed_tables *t,
		       const struct passed_tables **out, struct kcg_error *err)
{
	struct passed_tables *u = NULL;
	const struct passed_tables *now = t;
	size_t i, first = first_loose(rs, ic->call);
	int grew = 1, rc;

	*out = NULL;
	if (t->nr_containers && ptrmap_get(&rs->copied, id_ptr(ic->call),
					   NULL))
		return 0;
	while (grew) {
		grew = 0;
		for (i = 0; i < rs->nr_copies; i++) {
			const struct copy_pair *c = &rs->copies[i];

			if (!has_id(now->globals, now->nr_globals, c->dst) ||
			    has_id(now->globals, now->nr_globals, c->src))
				continue;
			if (!c->src || grow_tables(r, t, &u, &now, c->src) < 0)
				return 0;
			grew = 1;
		}
		for (i = first; i < rs->nr_loose && rs->loose[i].call ==
		     ic->call; i++) {
			rc = add_loose_copy(r, &rs->loose[i], t, &u, &now, err);
			if (rc == -2)
				return -1;
			if (rc < 0)
				return 0;
			grew |= rc;
		}
	}
	*out = now;
	return 0;
}

/*
 * Does a store into slot that the tables t keep give the call a target?
 * None means the tables that reach the call are stored outside what is
 * indexed (a slice: ax25's header_ops, stored by drivers), or nowhere.
 */
static int passed_leaves_target(const struct resolver *r, int slot,
				const struct passed_tables *t)
{
	size_t i;

	for (i = r->dst_start[slot]; i < r->dst_start[slot + 1]; i++) {
		const struct flow *f = &r->flows[r->dst_flows[i]];

		if (passed_keeps(t, f) &&
		    (f->src == SRC_FUNCTION ||
		     (f->src == SRC_SLOT && r->slots[f->src_slot].nr)))
			return 1;
	}
	return 0;
}

/*
 * Confine the call to the tables t by rule, when all are known, every
 * copy into them can be followed, and they leave something out, but not
 * everything: a call left with no target keeps what the type gives.
 */
static int confine_to_tables(struct resolver *r, const struct receivers *rs,
			     const struct icall *ic,
			     const struct passed_tables *t,
			     enum confine_rule rule, struct confinement *c,
			     struct kcg_error *err)
{
	if (t->unknown)
		return 0;
	if (with_copies(r, rs, ic, t, &t, err))
		return -1;
	if (!t || !passed_narrows(r, ic->slot, t) ||
	    !passed_leaves_target(r, ic->slot, t))
		return 0;
	c->rule = rule;
	c->passed = t;
	return 0;
}

/*
 * `nb->notifier_call(nb, ...)`: the table is the caller's parameter
 * itself.  The tables its callers pass (passed.c), when all are known
 * and every copy of the table's struct into one of them can be followed
 * (with_copies()).
 */
static int confine_passed(struct resolver *r, const struct receivers *rs,
			  const struct icall *ic, const struct receiver *x,
			  struct confinement *c, struct kcg_error *err)
{
	const struct passed_tables *t;

	if (x->param < 0 || strcmp(x->path, "->"))
		return 0;
	t = passed_tables(r, ic->caller, x->param, err);
	if (!t)
		return -1;
	return confine_to_tables(r, rs, ic, t, CONFINE_PASSED, c, err);
}

/*
 * `sk->sk_prot->init(sk)` on a local that holds only what `sk_alloc(...,
 * cp->prot, ...)` returned: the tables the object was made with
 * (made_tables(), passed.c), when all are known.
 */
static int confine_made(struct resolver *r, const struct receivers *rs,
			const struct icall *ic, const struct receiver *x,
			struct confinement *c, struct kcg_error *err)
{
	const struct passed_tables *t;

	if (!x->maker)
		return 0;
	t = made_tables(r, x->made_call, x->maker, text_id(r, x->path), err);
	if (!t)
		return -1;
	return confine_to_tables(r, rs, ic, t, CONFINE_MADE, c, err);
}

/*
 * `dev->bus->pm->runtime_suspend(dev)`: the tables what every store into
 * bus_type.pm stores (field_tables(), passed.c), when all are known.
 */
static int confine_field(struct resolver *r, const struct receivers *rs,
			 const struct icall *ic, const struct receiver *x,
			 struct confinement *c, struct kcg_error *err)
{
	const struct passed_tables *t;

	if (x->table_slot < 0)
		return 0;
	t = field_tables(r, x->table_slot, err);
	if (!t)
		return -1;
	return confine_to_tables(r, rs, ic, t, CONFINE_FIELD, c, err);
}

static int confine_calls(struct resolver *r, struct receivers *rs,
			 struct kcg_error *err)
{
	size_t i;

	for (i = 0; i < r->nr_icalls; i++) {
		const struct icall *ic = &r->icalls[i];
		const struct receiver *x;
		const struct registered *g;
		struct confinement *c = &r->confine[i];

		if (ic->shape != 'f' || ic->slot < 0)
			continue;
		x = receiver_of(rs, ic->call);
		if (!x)
			continue;
		g = registered(rs, ic->caller, 0);
		if (x->param >= 0 && g && g->ok && g->entered &&
		    g->arg == x->param && !strcmp(g->path, x->path)) {
			c->rule = CONFINE_SAME_RECEIVER;
			c->nr_tables = g->nr_tables;
			memcpy(c->table, g->table,
			       (size_t)g->nr_tables * sizeof(*c->table));
		} else if (x->global && !global_is_assigned(r, x->global)) {
			c->rule = CONFINE_NAMED_GLOBAL;
			c->global = x->global;
		} else if (x->container &&
			   !ptrmap_get(&rs->copied, id_ptr(ic->call), NULL) &&
			   other_container(r, ic->slot, x->container)) {
			c->rule = CONFINE_CONTAINER;
			c->container = x->container;
		} else if (confine_passed(r, rs, ic, x, c, err) ||
			   (c->rule == CONFINE_NONE &&
			    confine_made(r, rs, ic, x, c, err)) ||
			   (c->rule == CONFINE_NONE &&
			    confine_field(r, rs, ic, x, c, err))) {
			return -1;
		}
	}
	return 0;
}

static void release_receivers(struct receivers *rs)
{
	size_t i;

	for (i = 0; i < rs->nr; i++)
		free(rs->rows[i].path);
	free(rs->rows);
	ptrmap_release(&rs->by_call);
	free(rs->regs);
	ptrmap_release(&rs->by_fn);
	ptrmap_release(&rs->copied);
	free(rs->copies);
	free(rs->loose);
}

/* Flows by the slot they store into, for emit_confined_edges. */
static void index_flows_by_dst(struct resolver *r)
{
	size_t i;

	r->dst_start = xcalloc(r->nr_slots + 1, sizeof(*r->dst_start));
	r->dst_flows = xcalloc(r->nr_flows + 1, sizeof(*r->dst_flows));
	for (i = 0; i < r->nr_flows; i++)
		if (r->flows[i].dst >= 0)
			r->dst_start[r->flows[i].dst + 1]++;
	for (i = 0; i < r->nr_slots; i++)
		r->dst_start[i + 1] += r->dst_start[i];
	for (i = 0; i < r->nr_flows; i++) {
		int dst = r->flows[i].dst;

		if (dst >= 0)
			r->dst_flows[r->dst_start[dst]++] = (int)i;
	}
	/* each start was moved to the next one's: move them back */
	for (i = r->nr_slots; i > 0; i--)
		r->dst_start[i] = r->dst_start[i - 1];
	r->dst_start[0] = 0;
}

int find_confinements(struct resolver *r, struct kcg_error *err)
{
	struct receivers rs;
	int rc = -1;

	memset(&rs, 0, sizeof(rs));
	ptrmap_init(&rs.by_call);
	ptrmap_init(&rs.by_fn);
	ptrmap_init(&rs.copied);
	r->confine = xcalloc(r->nr_icalls + 1, sizeof(*r->confine));
	index_flows_by_dst(r);
	if (load_receivers(r, &rs, err))
		goto out;
	note_stores(r, &rs);
	if (note_direct_calls(r, &rs, err))
		goto out;
	note_entries(r, &rs);
	if (note_copied(r, &rs, err))
		goto out;
	if (confine_calls(r, &rs, err))
		goto out;
	rc = 0;
out:
	release_receivers(&rs);
	return rc;
}

/* Can the store f be in the table a confined call reads? */
static int store_kept(const struct confinement *c, const struct flow *f)
{
	if (c->rule == CONFINE_PASSED || c->rule == CONFINE_MADE ||
	    c->rule == CONFINE_FIELD)
		return passed_keeps(c->passed, f);
	if (c->rule == CONFINE_CONTAINER)	/* or somewhere unknown */
		return !f->dst_container || f->dst_container == c->container;
	if (!f->is_init)	/* made at run time, maybe into a copy, */
		return c->rule != CONFINE_NAMED_GLOBAL || !f->dst_global ||
		       f->dst_global == c->global;	/* not another global */
	if (c->rule == CONFINE_NAMED_GLOBAL)	/* a static in a function too */
		return f->in_global == c->global;
	return !f->instance || has_id(c->table, (size_t)c->nr_tables, f->instance);
}

int emit_confined_edges(struct resolver *r, size_t icall,
			const struct strmap *candidates, struct kcg_error *err)
{
	const struct icall *ic = &r->icalls[icall];
	const struct confinement *c = &r->confine[icall];
	size_t i, j;

	for (i = r->dst_start[ic->slot]; i < r->dst_start[ic->slot + 1]; i++) {
		const struct flow *f = &r->flows[r->dst_flows[i]];
		const struct slot *src;

		if (!store_kept(c, f))
			continue;
		if (f->src == SRC_FUNCTION) {
			if (emit_field_edge(r, ic, f->src_function, f, c->rule,
					    candidates, err))
				return -1;
			continue;
		}
		if (f->src != SRC_SLOT)
			continue;
		src = &r->slots[f->src_slot];
		for (j = 0; j < src->nr; j++) {
			/* a copy names the first store, as propagate() does */
			const struct flow *reg = is_store_slot(src) ?
				prov_flow(r, src->m[j].prov) : f;

			if (emit_field_edge(r, ic, src->m[j].fn, reg, c->rule,
					    candidates, err))
				return -1;
			src = &r->slots[f->src_slot];
		}
	}
	return 0;
}
