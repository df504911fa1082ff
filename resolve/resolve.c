/*
 * Resolution of function pointers: see resolve.h.
 *
 * The model is a set of slots, places that hold function pointers:
 *
 *   FIELD  struct type S, field f (every instance of S together)
 *   PARAM  parameter i of function F
 *   RETURN the value function F returns
 *   GLOBAL a global pointer or array of pointers
 *
 * Each flow from the extractor is either a seed (a function's address
 * stored into a slot) or a constraint (slot A flows into slot B: a store
 * from a parameter, a field-to-field copy, an argument passed on).  A
 * worklist propagates the functions along the constraints to a fixpoint.
 * Each function in a slot carries its provenance, the store that put it
 * there, which becomes the edge's registration site: the store into the
 * field itself when the function came through a parameter
 * (`napi->poll = poll` in netif_napi_add_weight), the original store when
 * it came through a copy (`.output = neigh_resolve_output` in arp_hh_ops,
 * copied into neighbour.output).
 *
 * Arguments passed to indirect calls depend on what those calls resolve
 * to, so resolution runs in rounds until nothing new appears.
 */
#include "resolve.h"

#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Registration structs whose function field, when it is where a target
 * entered, makes the edge a netfilter hook: data, not code, so another
 * dispatch table of the same shape is one more row.
 */
static const struct hook_table {
	const char *record, *field;	/* the function field */
	const char *pf, *hooknum, *priority;	/* its integer fields */
	/*
	 * Entries built at run time by a registration call that is given
	 * the function and a template struct: the template's fields give
	 * the family, the priority and a bit mask of hook points.
	 */
	const char *template, *template_pf, *template_mask, *template_priority;
} hook_tables[] = {
	{ "nf_hook_ops", "hook", "pf", "hooknum", "priority",
	  "xt_table", "af", "valid_hooks", "priority" },
};

enum edge_kind {
	K_FIELD,
	K_GLOBAL,
	K_RETURN,
	K_CALLBACK,
	K_REGISTRATION,
	K_NETFILTER,
	K_SIGNATURE,
	NR_KINDS
};

static const char *const kind_names[NR_KINDS] = {
	[K_FIELD] = "field",
	[K_GLOBAL] = "global",
	[K_RETURN] = "return",
	[K_CALLBACK] = "callback",
	[K_REGISTRATION] = "registration",
	[K_NETFILTER] = "netfilter_hook",
	[K_SIGNATURE] = "signature",
};

const char *resolve_kind_name(int kind)
{
	return kind >= 0 && kind < NR_KINDS ? kind_names[kind] : "?";
}

enum slot_kind { SLOT_FIELD, SLOT_PARAM, SLOT_RETURN, SLOT_GLOBAL };

/* A function in a slot, with the flow that stored it (index + 1). */
struct member {
	int64_t fn;
	int prov;
};

struct slot {
	enum slot_kind kind;
	int *out;		/* constraints leaving this slot */
	size_t nr_out, alloc_out;
	struct member *m;
	size_t nr, alloc;
	size_t done;		/* members [0, done) are propagated */
	int queued;
	int *landing;		/* PARAM: store flows it reaches (+1) */
	size_t nr_landing, alloc_landing;
	int landing_state;	/* 0 unknown, 1 computing, 2 known */
};

struct cons {
	int from, to;
	int flow;		/* the flow that makes it */
};

enum { SRC_NONE, SRC_FUNCTION, SRC_SLOT, SRC_GLOBAL_ADDR };

struct flow {
	int64_t id, function, in_global, file, line, col, instance;
	int is_other;		/* address-taken elsewhere: no store */
	int is_arg;
	int64_t call, callee;	/* arg: the call and its direct callee */
	int index;		/* arg: position */
	int dst;		/* slot, or -1 */
	int dst_is_hook;	/* dst is a hook_tables field */
	int src;		/* SRC_* */
	int64_t src_function;
	int src_slot;
	int src_ops_table;	/* a field of an ops table */
	int64_t src_global;
};

/* A row of indirect_calls with its call. */
struct icall {
	int64_t call, caller, file, line, col;
	char shape;		/* f field, g global, r return, p param, u none */
	int slot;
	int param;
	char *fn_type;
};

struct resolver {
	sqlite3 *db;
	struct slot *slots;
	size_t nr_slots, alloc_slots;
	struct strmap slot_keys;
	struct cons *cons;
	size_t nr_cons, alloc_cons;
	struct flow *flows;
	size_t nr_flows, alloc_flows;
	struct icall *icalls;
	size_t nr_icalls, alloc_icalls;
	struct strmap members;	/* "slot fn prov" already present */
	int *queue;
	size_t queue_head, queue_nr, alloc_queue;
	sqlite3_stmt *insert;
	struct resolve_stats *stats;
	struct strmap seen_edges;
	struct strmap tables;	/* global id -> index in table_spans + 1 */
	struct span {
		size_t start, end;	/* flows of its initializer */
	} *table_spans;
	size_t nr_spans, alloc_spans;
};

/* ------------------------------------------------------------------ */
/* slots and members                                                    */

static int slot_for(struct resolver *r, const char *key, enum slot_kind kind)
{
	int64_t id;
	struct slot *s;

	if (strmap_get(&r->slot_keys, key, &id))
		return (int)id;
	xgrow(&r->slots, &r->alloc_slots, r->nr_slots + 1, sizeof(*r->slots));
	s = &r->slots[r->nr_slots];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	strmap_put(&r->slot_keys, key, (int64_t)r->nr_slots);
	return (int)r->nr_slots++;
}

static int field_slot(struct resolver *r, const char *record,
		      const char *field)
{
	char key[512];

	snprintf(key, sizeof(key), "F:%s.%s", record, field);
	return slot_for(r, key, SLOT_FIELD);
}

static int param_slot(struct resolver *r, int64_t fn, int index)
{
	char key[64];

	snprintf(key, sizeof(key), "P:%lld:%d", (long long)fn, index);
	return slot_for(r, key, SLOT_PARAM);
}

static int return_slot(struct resolver *r, int64_t fn)
{
	char key[64];

	snprintf(key, sizeof(key), "R:%lld", (long long)fn);
	return slot_for(r, key, SLOT_RETURN);
}

static int global_slot(struct resolver *r, int64_t global)
{
	char key[64];

	snprintf(key, sizeof(key), "G:%lld", (long long)global);
	return slot_for(r, key, SLOT_GLOBAL);
}

static void enqueue(struct resolver *r, int slot)
{
	if (r->slots[slot].queued)
		return;
	r->slots[slot].queued = 1;
	xgrow(&r->queue, &r->alloc_queue, r->queue_head + r->queue_nr + 1,
	      sizeof(*r->queue));
	r->queue[r->queue_head + r->queue_nr++] = slot;
}

/* Add fn (stored by flow prov) to slot; 1 if it is new. */
static int add_member(struct resolver *r, int slot, int64_t fn, int prov)
{
	struct slot *s = &r->slots[slot];
	char key[96];

	snprintf(key, sizeof(key), "%d %lld %d", slot, (long long)fn, prov);
	if (!strmap_add(&r->members, key, NULL, 1))
		return 0;
	xgrow(&s->m, &s->alloc, s->nr + 1, sizeof(*s->m));
	s->m[s->nr].fn = fn;
	s->m[s->nr].prov = prov;
	s->nr++;
	enqueue(r, slot);
	return 1;
}

static int is_store_slot(const struct slot *s)
{
	return s->kind == SLOT_FIELD || s->kind == SLOT_GLOBAL;
}

static void add_cons(struct resolver *r, int from, int to, int flow)
{
	struct slot *s = &r->slots[from];
	size_t i;

	xgrow(&r->cons, &r->alloc_cons, r->nr_cons + 1, sizeof(*r->cons));
	r->cons[r->nr_cons].from = from;
	r->cons[r->nr_cons].to = to;
	r->cons[r->nr_cons].flow = flow;
	xgrow(&s->out, &s->alloc_out, s->nr_out + 1, sizeof(*s->out));
	s->out[s->nr_out++] = (int)r->nr_cons++;
	/* members already propagated must cross the new constraint too */
	for (i = 0; i < s->done; i++) {
		struct member m = s->m[i];

		if (is_store_slot(&r->slots[to]) && !is_store_slot(s))
			m.prov = flow + 1;
		add_member(r, to, m.fn, m.prov);
	}
}

/* Move every new member along the constraints, to a fixpoint. */
static void propagate(struct resolver *r)
{
	while (r->queue_nr) {
		int slot = r->queue[r->queue_head++];
		struct slot *s;
		size_t i, j;

		r->queue_nr--;
		if (!r->queue_nr)
			r->queue_head = 0;
		s = &r->slots[slot];
		s->queued = 0;
		for (i = s->done; i < s->nr; i++) {
			for (j = 0; j < s->nr_out; j++) {
				const struct cons *c = &r->cons[s->out[j]];
				struct member m;

				/* re-read: add_member may move s->m */
				s = &r->slots[slot];
				m = s->m[i];
				if (is_store_slot(&r->slots[c->to]) &&
				    !is_store_slot(s))
					m.prov = c->flow + 1;
				add_member(r, c->to, m.fn, m.prov);
				s = &r->slots[slot];
			}
		}
		s->done = s->nr;
	}
}

/* ------------------------------------------------------------------ */
/* loading facts                                                        */

static const char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : NULL;
}

/* 1 + the index of the hook table whose function field this is; 0 none */
static int is_hook_field(const char *record, const char *field)
{
	size_t i;

	for (i = 0; i < sizeof(hook_tables) / sizeof(hook_tables[0]); i++)
		if (!strcmp(record, hook_tables[i].record) &&
		    !strcmp(field, hook_tables[i].field))
			return (int)i + 1;
	return 0;
}

static const char flows_sql[] =
	"SELECT id, function_id, in_global_id, file_id, line, col, context, "
	"dst_kind, dst_struct, dst_field, dst_call_id, dst_callee_id, "
	"dst_index, dst_global_id, src_kind, src_function_id, src_struct, "
	"src_field, src_index, src_global_id, src_ops_table, instance_id "
	"FROM flows ORDER BY id";

static int load_flows(struct resolver *r, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db, flows_sql, -1, &st, NULL) != SQLITE_OK)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct flow *f;
		const char *dst = col_text(st, 7), *src = col_text(st, 14);

		xgrow(&r->flows, &r->alloc_flows, r->nr_flows + 1,
		      sizeof(*r->flows));
		f = &r->flows[r->nr_flows++];
		memset(f, 0, sizeof(*f));
		f->id = sqlite3_column_int64(st, 0);
		f->function = sqlite3_column_int64(st, 1);
		f->in_global = sqlite3_column_int64(st, 2);
		f->file = sqlite3_column_int64(st, 3);
		f->line = sqlite3_column_int64(st, 4);
		f->col = sqlite3_column_int64(st, 5);
		f->instance = sqlite3_column_int64(st, 21);
		f->dst = -1;
		f->src_slot = -1;
		if (!strcmp(dst, "field") && col_text(st, 8) &&
		    col_text(st, 9)) {
			f->dst = field_slot(r, col_text(st, 8), col_text(st, 9));
			f->dst_is_hook = is_hook_field(col_text(st, 8),
						       col_text(st, 9));
		} else if (!strcmp(dst, "arg")) {
			f->is_arg = 1;
			f->call = sqlite3_column_int64(st, 10);
			f->callee = sqlite3_column_int64(st, 11);
			f->index = sqlite3_column_int(st, 12);
			if (f->callee)
				f->dst = param_slot(r, f->callee, f->index);
		} else if (!strcmp(dst, "return") && f->function) {
			f->dst = return_slot(r, f->function);
		} else if (!strcmp(dst, "global")) {
			f->dst = global_slot(r, sqlite3_column_int64(st, 13));
		} else {
			f->is_other = 1;
		}

		if (!strcmp(src, "function")) {
			f->src = SRC_FUNCTION;
			f->src_function = sqlite3_column_int64(st, 15);
		} else if (!strcmp(src, "field") && col_text(st, 16) &&
			   col_text(st, 17)) {
			f->src = SRC_SLOT;
			f->src_slot = field_slot(r, col_text(st, 16),
						 col_text(st, 17));
			f->src_ops_table = sqlite3_column_int(st, 20);
		} else if (!strcmp(src, "param") && f->function) {
			f->src = SRC_SLOT;
			f->src_slot = param_slot(r, f->function,
						 sqlite3_column_int(st, 18));
		} else if (!strcmp(src, "call")) {
			f->src = SRC_SLOT;
			f->src_slot = return_slot(r,
						  sqlite3_column_int64(st, 15));
		} else if (!strcmp(src, "global")) {
			f->src = SRC_SLOT;
			f->src_slot = global_slot(r,
						  sqlite3_column_int64(st, 19));
		} else if (!strcmp(src, "global_addr")) {
			f->src = SRC_GLOBAL_ADDR;
			f->src_global = sqlite3_column_int64(st, 19);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	return 0;
}

static const char icalls_sql[] =
	"SELECT c.id, c.caller_id, c.file_id, c.line, c.col, c.fn_type, "
	"i.shape, i.struct, i.field, i.param_index, i.global_id, i.callee_id "
	"FROM indirect_calls i JOIN calls c ON c.id = i.call_id ORDER BY c.id";

static int load_icalls(struct resolver *r, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db, icalls_sql, -1, &st, NULL) != SQLITE_OK)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *shape = col_text(st, 6);
		struct icall *ic;

		xgrow(&r->icalls, &r->alloc_icalls, r->nr_icalls + 1,
		      sizeof(*r->icalls));
		ic = &r->icalls[r->nr_icalls++];
		memset(ic, 0, sizeof(*ic));
		ic->call = sqlite3_column_int64(st, 0);
		ic->caller = sqlite3_column_int64(st, 1);
		ic->file = sqlite3_column_int64(st, 2);
		ic->line = sqlite3_column_int64(st, 3);
		ic->col = sqlite3_column_int64(st, 4);
		ic->fn_type = xstrdup(col_text(st, 5) ? col_text(st, 5) : "");
		ic->slot = -1;
		ic->shape = 'u';
		if (!strcmp(shape, "field") && col_text(st, 7)) {
			ic->shape = 'f';
			ic->slot = field_slot(r, col_text(st, 7),
					      col_text(st, 8));
		} else if (!strcmp(shape, "global")) {
			ic->shape = 'g';
			ic->slot = global_slot(r, sqlite3_column_int64(st, 10));
		} else if (!strcmp(shape, "call")) {
			ic->shape = 'r';
			ic->slot = return_slot(r, sqlite3_column_int64(st, 11));
		} else if (!strcmp(shape, "param")) {
			ic->shape = 'p';
			ic->param = sqlite3_column_int(st, 9);
			ic->slot = param_slot(r, ic->caller, ic->param);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	return 0;
}

/* Seeds and constraints from the flows whose destination is known now. */
static void build_graph(struct resolver *r)
{
	size_t i;

	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];

		if (f->dst < 0)
			continue;
		if (f->src == SRC_FUNCTION)
			add_member(r, f->dst, f->src_function, (int)i + 1);
		else if (f->src == SRC_SLOT)
			add_cons(r, f->src_slot, f->dst, (int)i);
	}
	propagate(r);
}

/*
 * Arguments passed to indirect calls go to the parameters of whatever
 * those calls resolve to.  Returns how many constraints it added.
 */
static size_t connect_indirect_args(struct resolver *r, struct strmap *done)
{
	size_t i, j, added = 0;
	struct strmap targets;	/* call id -> index in icalls + 1 */

	strmap_init(&targets);
	for (i = 0; i < r->nr_icalls; i++) {
		char key[32];

		snprintf(key, sizeof(key), "%lld", (long long)r->icalls[i].call);
		strmap_add(&targets, key, NULL, (int64_t)i + 1);
	}
	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];
		char key[32];
		int64_t first;

		if (!f->is_arg || f->callee || f->src == SRC_NONE ||
		    f->src == SRC_GLOBAL_ADDR)
			continue;
		snprintf(key, sizeof(key), "%lld", (long long)f->call);
		if (!strmap_get(&targets, key, &first))
			continue;
		for (j = (size_t)first - 1;
		     j < r->nr_icalls && r->icalls[j].call == f->call; j++) {
			const struct icall *ic = &r->icalls[j];
			const struct slot *s;
			size_t k;

			if (ic->slot < 0 || ic->shape == 'p')
				continue;
			s = &r->slots[ic->slot];
			for (k = 0; k < s->nr; k++) {
				char dkey[96];
				int to;

				snprintf(dkey, sizeof(dkey), "%zu %lld", i,
					 (long long)s->m[k].fn);
				if (!strmap_add(done, dkey, NULL, 1))
					continue;
				to = param_slot(r, s->m[k].fn, f->index);
				if (f->src == SRC_FUNCTION)
					add_member(r, to, f->src_function,
						   (int)i + 1);
				else
					add_cons(r, f->src_slot, to, (int)i);
				added++;
				s = &r->slots[ic->slot];
			}
		}
	}
	strmap_release(&targets);
	return added;
}

/* ------------------------------------------------------------------ */
/* edges                                                                */

static int emit(struct resolver *r, int64_t caller, int64_t callee,
		enum edge_kind kind, int64_t call, int64_t file, int64_t line,
		int64_t col, const struct flow *reg, int64_t via,
		const char *rule, struct kcg_error *err)
{
	sqlite3_stmt *st = r->insert;
	char key[160];

	if (!caller || !callee)
		return 0;
	snprintf(key, sizeof(key), "%lld %lld %d %lld %lld %lld %lld",
		 (long long)caller, (long long)callee, (int)kind,
		 (long long)file, (long long)line,
		 (long long)(reg ? reg->id : 0), (long long)via);
	if (!strmap_add(&r->seen_edges, key, NULL, 1))
		return 0;
	sqlite3_bind_int64(st, 1, caller);
	sqlite3_bind_int64(st, 2, callee);
	sqlite3_bind_text(st, 3, kind_names[kind], -1, SQLITE_STATIC);
	if (call)
		sqlite3_bind_int64(st, 4, call);
	if (file)
		sqlite3_bind_int64(st, 5, file);
	sqlite3_bind_int64(st, 6, line);
	sqlite3_bind_int64(st, 7, col);
	if (reg) {
		if (reg->file)
			sqlite3_bind_int64(st, 8, reg->file);
		sqlite3_bind_int64(st, 9, reg->line);
	}
	if (via)
		sqlite3_bind_int64(st, 10, via);
	sqlite3_bind_text(st, 11, rule, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	r->stats->edges[kind]++;
	return 0;
}

static const struct flow *prov_flow(const struct resolver *r, int prov)
{
	return prov ? &r->flows[prov - 1] : NULL;
}

/* Why a target is in a field: stored there (1), through a parameter (2),
 * copied from another field (3). */
static const char *field_rule(const struct resolver *r, int slot,
			      const struct flow *reg)
{
	if (!reg || reg->dst != slot)
		return "3 copy";
	if (reg->src == SRC_SLOT)
		return "2 through a parameter";
	return "1 stored";
}

/*
 * The calls an INDIRECT_CALL_x() expansion makes to its named candidates,
 * "caller callee file line": its fallback call through the pointer, at the
 * same place, is taken only when the pointer is none of them.
 */
static int load_candidates(struct resolver *r, struct strmap *out,
			   struct kcg_error *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(r->db,
		"SELECT caller_id, callee_id, file_id, line FROM calls "
		"WHERE kind = 'macro'", -1, &st, NULL) != SQLITE_OK)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		char key[96];

		snprintf(key, sizeof(key), "%lld %lld %lld %lld",
			 (long long)sqlite3_column_int64(st, 0),
			 (long long)sqlite3_column_int64(st, 1),
			 (long long)sqlite3_column_int64(st, 2),
			 (long long)sqlite3_column_int64(st, 3));
		strmap_put(out, key, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Rules 1, 3, 4, 6, 7: calls through fields, globals, returned pointers. */
static int emit_pointer_edges(struct resolver *r, struct kcg_error *err)
{
	struct strmap candidates;
	size_t i, j;
	int rc = -1;

	strmap_init(&candidates);
	if (load_candidates(r, &candidates, err))
		goto out;

	for (i = 0; i < r->nr_icalls; i++) {
		const struct icall *ic = &r->icalls[i];
		const struct slot *s;
		enum edge_kind kind;

		if (ic->slot < 0 || ic->shape == 'p')
			continue;
		kind = ic->shape == 'g' ? K_GLOBAL :
		       ic->shape == 'r' ? K_RETURN : K_FIELD;
		s = &r->slots[ic->slot];
		for (j = 0; j < s->nr; j++) {
			const struct flow *reg = prov_flow(r, s->m[j].prov);
			enum edge_kind k = kind;
			char key[96];

			snprintf(key, sizeof(key), "%lld %lld %lld %lld",
				 (long long)ic->caller, (long long)s->m[j].fn,
				 (long long)ic->file, (long long)ic->line);
			if (strmap_get(&candidates, key, NULL))
				continue;
			if (reg && reg->dst_is_hook)
				k = K_NETFILTER;
			if (emit(r, ic->caller, s->m[j].fn, k, ic->call, ic->file,
				 ic->line, ic->col, reg, 0,
				 k == K_NETFILTER ? "7 netfilter hook" :
				 field_rule(r, ic->slot, reg), err))
				goto out;
		}
	}
	rc = 0;
out:
	strmap_release(&candidates);
	return rc;
}

/*
 * Rule 5: which parameters a function calls, itself or by passing them to
 * a function that does.  called is indexed by param slot.
 */
static void find_called_params(struct resolver *r, char *called)
{
	size_t i;
	int changed = 1;

	for (i = 0; i < r->nr_icalls; i++)
		if (r->icalls[i].shape == 'p')
			called[r->icalls[i].slot] = 1;
	while (changed) {
		changed = 0;
		for (i = 0; i < r->nr_flows; i++) {
			const struct flow *f = &r->flows[i];

			if (f->is_arg && f->dst >= 0 && f->src == SRC_SLOT &&
			    r->slots[f->src_slot].kind == SLOT_PARAM &&
			    called[f->dst] && !called[f->src_slot]) {
				called[f->src_slot] = 1;
				changed = 1;
			}
		}
	}
}

static int emit_callback_edges(struct resolver *r, const char *called,
			       struct kcg_error *err)
{
	size_t i, j;

	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];

		if (!f->is_arg || f->dst < 0 || !called[f->dst] || !f->function)
			continue;
		if (f->src == SRC_FUNCTION) {
			if (emit(r, f->function, f->src_function, K_CALLBACK,
				 f->call, f->file, f->line, f->col, NULL,
				 f->callee, "5 callback", err))
				return -1;
		} else if (f->src == SRC_SLOT &&
			   r->slots[f->src_slot].kind == SLOT_RETURN) {
			const struct slot *s = &r->slots[f->src_slot];

			for (j = 0; j < s->nr; j++)
				if (emit(r, f->function, s->m[j].fn, K_CALLBACK,
					 f->call, f->file, f->line, f->col,
					 NULL, f->callee, "5 callback", err))
					return -1;
		}
	}
	return 0;
}

/*
 * The stores a parameter reaches, directly or through the parameters it
 * is passed on to: where a function handed to a registration function
 * lands (request_irq -> request_threaded_irq: `action->handler = handler`).
 */
static void find_landing(struct resolver *r, int slot)
{
	size_t i;

	if (r->slots[slot].landing_state)
		return;
	r->slots[slot].landing_state = 1;
	for (i = 0; i < r->slots[slot].nr_out; i++) {
		const struct cons *c = &r->cons[r->slots[slot].out[i]];
		struct slot *to = &r->slots[c->to];

		if (is_store_slot(to)) {
			struct slot *s = &r->slots[slot];

			xgrow(&s->landing, &s->alloc_landing, s->nr_landing + 1,
			      sizeof(*s->landing));
			s->landing[s->nr_landing++] = c->flow + 1;
		} else if (to->kind == SLOT_PARAM) {
			size_t j;

			find_landing(r, c->to);
			for (j = 0; j < r->slots[c->to].nr_landing; j++) {
				struct slot *s = &r->slots[slot];

				xgrow(&s->landing, &s->alloc_landing,
				      s->nr_landing + 1, sizeof(*s->landing));
				s->landing[s->nr_landing++] =
					r->slots[c->to].landing[j];
			}
		}
	}
	r->slots[slot].landing_state = 2;
}

/*
 * Where each global's initializer flows are: one TU walks an initializer,
 * in one go, so they are contiguous in id order.
 */
static void index_tables(struct resolver *r)
{
	size_t i;

	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];
		char key[32];
		int64_t index;

		if (!f->in_global || f->function)
			continue;
		snprintf(key, sizeof(key), "%lld", (long long)f->in_global);
		if (!strmap_get(&r->tables, key, &index)) {
			xgrow(&r->table_spans, &r->alloc_spans, r->nr_spans + 1,
			      sizeof(*r->table_spans));
			r->table_spans[r->nr_spans].start = i;
			index = (int64_t)++r->nr_spans;
			strmap_put(&r->tables, key, index);
		}
		r->table_spans[index - 1].end = i + 1;
	}
}

/* The functions a global's initializer holds, nested tables included. */
static int emit_table_registrations(struct resolver *r, const struct flow *f,
				    int64_t global, int depth,
				    struct kcg_error *err)
{
	char key[32];
	int64_t index;
	size_t i;

	if (depth > 3)
		return 0;
	snprintf(key, sizeof(key), "%lld", (long long)global);
	if (!strmap_get(&r->tables, key, &index))
		return 0;
	for (i = r->table_spans[index - 1].start;
	     i < r->table_spans[index - 1].end; i++) {
		const struct flow *g = &r->flows[i];

		if (g->in_global != global || g->function || g->dst < 0)
			continue;
		if (g->src == SRC_FUNCTION) {
			if (emit(r, f->function, g->src_function, K_REGISTRATION,
				 0, f->file, f->line, f->col, g, 0,
				 "registration of a table", err))
				return -1;
		} else if (g->src == SRC_GLOBAL_ADDR &&
			   g->src_global != global) {
			if (emit_table_registrations(r, f, g->src_global,
						     depth + 1, err))
				return -1;
		}
	}
	return 0;
}

static int emit_registration_edges(struct resolver *r, struct kcg_error *err)
{
	size_t i, j, k;

	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];
		const struct slot *src;

		if (!f->function || f->is_other || f->dst < 0)
			continue;
		if (f->src == SRC_GLOBAL_ADDR) {
			if (emit_table_registrations(r, f, f->src_global, 0,
						     err))
				return -1;
			continue;
		}
		if (is_store_slot(&r->slots[f->dst])) {
			/* `rt->dst.input = ip_local_deliver`, or a copy
			 * out of an ops table `neigh->output =
			 * neigh->ops->output`; a registrar copying what it
			 * is given (`entry->hook = reg->hook`) registers
			 * nothing of its own */
			if (f->src == SRC_FUNCTION) {
				if (emit(r, f->function, f->src_function,
					 K_REGISTRATION, 0, f->file, f->line,
					 f->col, f, 0, "registration", err))
					return -1;
			} else if (f->src == SRC_SLOT && f->src_ops_table &&
				   r->slots[f->src_slot].kind == SLOT_FIELD) {
				src = &r->slots[f->src_slot];
				for (j = 0; j < src->nr; j++) {
					if (emit(r, f->function, src->m[j].fn,
						 K_REGISTRATION, 0, f->file,
						 f->line, f->col,
						 prov_flow(r, src->m[j].prov), 0,
						 "registration by copy", err))
						return -1;
					src = &r->slots[f->src_slot];
				}
			}
			continue;
		}
		if (!f->is_arg || r->slots[f->dst].kind != SLOT_PARAM)
			continue;
		/* a function handed to a registration function */
		find_landing(r, f->dst);
		for (k = 0; k < r->slots[f->dst].nr_landing; k++) {
			const struct flow *reg =
				prov_flow(r, r->slots[f->dst].landing[k]);

			if (f->src == SRC_FUNCTION) {
				if (emit(r, f->function, f->src_function,
					 K_REGISTRATION, 0, f->file, f->line,
					 f->col, reg, 0,
					 "registration through a parameter",
					 err))
					return -1;
			} else if (f->src == SRC_SLOT &&
				   r->slots[f->src_slot].kind == SLOT_RETURN) {
				src = &r->slots[f->src_slot];
				for (j = 0; j < src->nr; j++) {
					if (emit(r, f->function, src->m[j].fn,
						 K_REGISTRATION, 0, f->file,
						 f->line, f->col, reg, 0,
						 "registration of a returned "
						 "pointer", err))
						return -1;
					src = &r->slots[f->src_slot];
				}
			}
		}
	}
	return 0;
}

/*
 * Rule 8: a call through a pointer nothing is known about goes to every
 * address-taken function of the same type; low confidence, and queries
 * skip these edges unless asked.
 */
static int emit_signature_edges(struct resolver *r, struct kcg_error *err)
{
	sqlite3_stmt *st;
	struct strmap by_type;	/* type -> index in lists + 1 */
	struct taken {
		int64_t fn, flow;	/* a function, where it is taken */
	} **lists = NULL;
	size_t *sizes = NULL, nr_lists = 0, alloc_lists = 0, alloc_sizes = 0;
	size_t i, j, end;
	int rc = 0;

	strmap_init(&by_type);
	if (sqlite3_prepare_v2(r->db,
		"SELECT f.id, f.type, min(l.id) FROM functions f JOIN flows l "
		"ON l.src_function_id = f.id WHERE l.src_kind = 'function' "
		"AND f.is_defined AND f.type IS NOT NULL GROUP BY f.id",
		-1, &st, NULL) !=
	    SQLITE_OK)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = col_text(st, 1);
		int64_t index;

		if (!strmap_get(&by_type, type, &index)) {
			xgrow(&lists, &alloc_lists, nr_lists + 1, sizeof(*lists));
			xgrow(&sizes, &alloc_sizes, nr_lists + 1, sizeof(*sizes));
			lists[nr_lists] = NULL;
			sizes[nr_lists] = 0;
			index = (int64_t)++nr_lists;
			strmap_put(&by_type, type, index);
		}
		lists[index - 1] = xrealloc(lists[index - 1],
					    (sizes[index - 1] + 1) *
						    sizeof(**lists));
		lists[index - 1][sizes[index - 1]].fn =
			sqlite3_column_int64(st, 0);
		lists[index - 1][sizes[index - 1]++].flow =
			sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);

	/* icalls are ordered by call: one group of rows per call site */
	for (i = 0; i < r->nr_icalls; i = end) {
		int64_t call = r->icalls[i].call, index;
		int ok = 0, fallback = 0;

		for (end = i; end < r->nr_icalls && r->icalls[end].call == call;
		     end++)
			if (r->icalls[end].slot >= 0 &&
			    r->slots[r->icalls[end].slot].nr)
				ok = 1;
		r->stats->indirect_sites++;
		if (ok) {
			r->stats->resolved_sites++;
			continue;
		}
		for (j = i; j < end; j++) {
			const struct icall *ic = &r->icalls[j];
			size_t k;

			/* a field with no known target stays unresolved:
			 * its struct and field say more than a type */
			if (ic->shape == 'f' || ic->shape == 'g' ||
			    ic->shape == 'r' ||
			    !strmap_get(&by_type, ic->fn_type, &index))
				continue;
			fallback = 1;
			for (k = 0; k < sizes[index - 1]; k++) {
				const struct taken *t = &lists[index - 1][k];
				const struct flow *at = NULL;

				if (t->flow >= 1 &&
				    (size_t)t->flow <= r->nr_flows &&
				    r->flows[t->flow - 1].id == t->flow)
					at = &r->flows[t->flow - 1];
				if ((rc = emit(r, ic->caller, t->fn,
					       K_SIGNATURE, ic->call, ic->file,
					       ic->line, ic->col, at, 0,
					       "8 same type", err)))
					goto out;
			}
		}
		if (fallback)
			r->stats->signature_sites++;
	}
out:
	for (i = 0; i < nr_lists; i++)
		free(lists[i]);
	free(lists);
	free(sizes);
	strmap_release(&by_type);
	return rc;
}

/* ------------------------------------------------------------------ */
/* netfilter hooks: hook point and priority of each registered hook     */

struct hook_consts {
	int have_pf, have_hooknum, have_priority;
	long long pf, hooknum, priority;
	char pf_name[96], hooknum_name[96], priority_name[96];
};

static void copy_name(char *dst, size_t size, const char *name)
{
	snprintf(dst, size, "%s", name ? name : "");
}

/* Read an initializer's integer fields (by instance or by global). */
static int read_consts(struct resolver *r, const char *sql, int64_t key,
		       const char *record, const char *pf, const char *hooknum,
		       const char *priority, struct hook_consts *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_text(st, 2, record, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *field = col_text(st, 0), *name = col_text(st, 2);
		long long value = sqlite3_column_int64(st, 1);

		if (!strcmp(field, pf)) {
			out->have_pf = 1;
			out->pf = value;
			copy_name(out->pf_name, sizeof(out->pf_name), name);
		} else if (!strcmp(field, hooknum)) {
			out->have_hooknum = 1;
			out->hooknum = value;
			copy_name(out->hooknum_name, sizeof(out->hooknum_name),
				  name);
		} else if (!strcmp(field, priority)) {
			out->have_priority = 1;
			out->priority = value;
			copy_name(out->priority_name,
				  sizeof(out->priority_name), name);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static void bind_opt_int(sqlite3_stmt *st, int col, int have, long long v)
{
	if (have)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

static void bind_opt_text(sqlite3_stmt *st, int col, const char *s)
{
	if (s && s[0])
		sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, col);
}

static int insert_hook(struct resolver *r, sqlite3_stmt *st, int64_t fn,
		       const struct hook_table *ht, const struct hook_consts *c,
		       const struct flow *entry, const struct flow *reg,
		       int dynamic, struct kcg_error *err)
{
	sqlite3_bind_int64(st, 1, fn);
	sqlite3_bind_text(st, 2, ht->record, -1, SQLITE_STATIC);
	bind_opt_int(st, 3, c->have_pf, c->pf);
	bind_opt_text(st, 4, c->pf_name);
	bind_opt_int(st, 5, c->have_hooknum, c->hooknum);
	bind_opt_text(st, 6, c->hooknum_name);
	bind_opt_int(st, 7, c->have_priority, c->priority);
	bind_opt_text(st, 8, c->priority_name);
	sqlite3_bind_int64(st, 9, entry->file);
	sqlite3_bind_int64(st, 10, entry->line);
	sqlite3_bind_int64(st, 11, reg->file);
	sqlite3_bind_int64(st, 12, reg->line);
	sqlite3_bind_int(st, 13, dynamic);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

/*
 * A hook function handed to a registration call together with a
 * template (xt_hook_ops_alloc(&packet_raw, ipt_do_table)): one entry per
 * hook point of the template's mask.
 */
static int dynamic_hooks(struct resolver *r, sqlite3_stmt *ins, size_t i,
			 const struct flow *reg, struct kcg_error *err)
{
	const struct flow *f = &r->flows[i];
	const struct hook_table *ht = &hook_tables[reg->dst_is_hook - 1];
	size_t lo = i, hi = i, k;

	if (!ht->template)
		return 0;
	while (lo > 0 && r->flows[lo - 1].is_arg &&
	       r->flows[lo - 1].call == f->call)
		lo--;
	while (hi + 1 < r->nr_flows && r->flows[hi + 1].is_arg &&
	       r->flows[hi + 1].call == f->call)
		hi++;
	for (k = lo; k <= hi; k++) {
		const struct flow *t = &r->flows[k];
		struct hook_consts c, mask;
		long long bit;

		if (t->src != SRC_GLOBAL_ADDR)
			continue;
		if (read_consts(r, "SELECT field, value, name FROM init_consts "
				   "WHERE global_id = ?1 AND struct = ?2",
				t->src_global, ht->template, ht->template_pf,
				ht->template_mask, ht->template_priority, &c))
			return kcg_error_set(err, "resolve: %s",
					     sqlite3_errmsg(r->db));
		mask = c;
		if (!c.have_hooknum)	/* the mask */
			continue;
		for (bit = 0; bit < 32; bit++) {
			if (!(mask.hooknum & (1LL << bit)))
				continue;
			c.have_hooknum = 1;
			c.hooknum = bit;
			c.hooknum_name[0] = '\0';
			if (insert_hook(r, ins, f->src_function, ht, &c, f, reg, 1,
					err))
				return -1;
		}
	}
	return 0;
}

/*
 * Name the hook points of dynamic entries (bits of a mask) by the enum
 * the static entries of the same family name theirs from.
 */
static const char name_dynamic_sql[] =
	"UPDATE hooks SET hooknum_name = (SELECT e2.name FROM hooks h "
	"JOIN enumerators e1 ON e1.name = h.hooknum_name "
	"JOIN enumerators e2 ON e2.enum = e1.enum AND e2.value = hooks.hooknum "
	"WHERE h.struct = hooks.struct AND h.pf = hooks.pf LIMIT 1) "
	"WHERE dynamic";

static int emit_hooks(struct resolver *r, struct kcg_error *err)
{
	sqlite3_stmt *ins;
	size_t i, k;
	int rc = -1;

	if (sqlite3_prepare_v2(r->db,
		"INSERT INTO hooks(function_id, struct, pf, pf_name, hooknum, "
		"hooknum_name, priority, priority_name, file_id, line, "
		"reg_file_id, reg_line, dynamic) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &ins, NULL) !=
	    SQLITE_OK)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];

		if (f->dst_is_hook && f->src == SRC_FUNCTION) {
			const struct hook_table *ht =
				&hook_tables[f->dst_is_hook - 1];
			struct hook_consts c;

			if (read_consts(r, "SELECT field, value, name FROM "
					   "init_consts WHERE instance_id = ?1 "
					   "AND struct = ?2",
					f->instance, ht->record, ht->pf,
					ht->hooknum, ht->priority, &c) ||
			    insert_hook(r, ins, f->src_function, ht, &c, f, f, 0,
					err))
				goto out;
			continue;
		}
		/* a hook function handed to a registration function */
		if (!f->is_arg || f->dst < 0 || f->src != SRC_FUNCTION ||
		    r->slots[f->dst].kind != SLOT_PARAM)
			continue;
		find_landing(r, f->dst);
		for (k = 0; k < r->slots[f->dst].nr_landing; k++) {
			const struct flow *reg =
				prov_flow(r, r->slots[f->dst].landing[k]);

			if (reg->dst_is_hook && dynamic_hooks(r, ins, i, reg, err))
				goto out;
		}
	}
	if (sqlite3_exec(r->db, name_dynamic_sql, NULL, NULL, NULL) != SQLITE_OK)
		kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	else
		rc = 0;
out:
	sqlite3_finalize(ins);
	return rc;
}

static void release(struct resolver *r)
{
	size_t i;

	for (i = 0; i < r->nr_slots; i++) {
		free(r->slots[i].out);
		free(r->slots[i].m);
		free(r->slots[i].landing);
	}
	for (i = 0; i < r->nr_icalls; i++)
		free(r->icalls[i].fn_type);
	free(r->slots);
	free(r->cons);
	free(r->flows);
	free(r->icalls);
	free(r->queue);
	strmap_release(&r->slot_keys);
	strmap_release(&r->members);
	strmap_release(&r->seen_edges);
	strmap_release(&r->tables);
	free(r->table_spans);
	sqlite3_finalize(r->insert);
}

int resolve_index(sqlite3 *db, struct resolve_stats *stats,
		  struct kcg_error *err)
{
	struct resolver r;
	struct strmap done_args;
	char *called = NULL;
	int rc = -1, round;

	memset(&r, 0, sizeof(r));
	memset(stats, 0, sizeof(*stats));
	r.db = db;
	r.stats = stats;
	strmap_init(&r.slot_keys);
	strmap_init(&r.members);
	strmap_init(&r.seen_edges);
	strmap_init(&r.tables);
	strmap_init(&done_args);
	if (sqlite3_prepare_v2(db,
		"INSERT INTO edge(caller_id, callee_id, kind, call_id, file_id, "
		"line, col, reg_file_id, reg_line, via_id, rule) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &r.insert, NULL) !=
	    SQLITE_OK) {
		kcg_error_set(err, "resolve: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (load_flows(&r, err) || load_icalls(&r, err))
		goto out;
	index_tables(&r);
	build_graph(&r);
	for (round = 0; round < 4; round++) {
		if (!connect_indirect_args(&r, &done_args))
			break;
		propagate(&r);
	}
	called = xcalloc(r.nr_slots + 1, 1);
	find_called_params(&r, called);
	if (emit_pointer_edges(&r, err) ||
	    emit_callback_edges(&r, called, err) ||
	    emit_registration_edges(&r, err) ||
	    emit_signature_edges(&r, err) || emit_hooks(&r, err))
		goto out;
	rc = 0;
out:
	free(called);
	strmap_release(&done_args);
	release(&r);
	return rc;
}
