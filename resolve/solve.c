/*
 * The fixpoint of resolution: slots that hold function pointers, the
 * flows that seed them and connect them, and the worklist that propagates
 * functions along the connections (see resolve.c for the model).
 */
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* slots and members                                                    */

static int new_slot(struct resolver *r, enum slot_kind kind)
{
	struct slot *s;

	xgrow(&r->slots, &r->alloc_slots, r->nr_slots + 1, sizeof(*r->slots));
	s = &r->slots[r->nr_slots];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	return (int)r->nr_slots++;
}

/* A struct is its name and the file that defines it. */
static void field_key(char *key, size_t size, const char *record,
		      const char *file, const char *field)
{
	snprintf(key, size, "%s@%s.%s", record, file ? file : "", field);
}

int field_slot(struct resolver *r, const char *record, const char *file,
	       const char *field)
{
	char key[1024];
	int64_t id;

	field_key(key, sizeof(key), record, file, field);
	if (strmap_get(&r->slot_keys, key, &id))
		return (int)id;
	id = new_slot(r, SLOT_FIELD);
	strmap_put(&r->slot_keys, key, id);
	return (int)id;
}

int find_field_slot(struct resolver *r, const char *record, const char *file,
		    const char *field)
{
	char key[1024];
	int64_t id;

	field_key(key, sizeof(key), record, file, field);
	return strmap_get(&r->slot_keys, key, &id) ? (int)id : -1;
}

/* The key of a slot of a function or global: never 0 (an empty entry). */
static const void *id_key(enum slot_kind kind, int64_t id, int index)
{
	return (const void *)(uintptr_t)((uint64_t)(kind + 1) << 56 |
					 (uint64_t)id << 16 |
					 (uint64_t)(uint16_t)index);
}

/* The slot of function or global id (and parameter index), made when
 * make is set; -1 when there is none. */
static int id_slot(struct resolver *r, enum slot_kind kind, int64_t id,
		   int index, int make)
{
	const void *key = id_key(kind, id, index);
	int64_t slot;

	if (ptrmap_get(&r->id_slots, key, &slot))
		return (int)slot;
	if (!make)
		return -1;
	slot = new_slot(r, kind);
	ptrmap_put(&r->id_slots, key, slot);
	return (int)slot;
}

int param_slot(struct resolver *r, int64_t fn, int index)
{
	return id_slot(r, SLOT_PARAM, fn, index, 1);
}

int return_slot(struct resolver *r, int64_t fn)
{
	return id_slot(r, SLOT_RETURN, fn, 0, 1);
}

int global_slot(struct resolver *r, int64_t global)
{
	return id_slot(r, SLOT_GLOBAL, global, 0, 1);
}

int find_global_slot(struct resolver *r, int64_t global)
{
	return id_slot(r, SLOT_GLOBAL, global, 0, 0);
}

/* The worklist: a ring of slots with members not yet propagated. */
static void enqueue(struct resolver *r, int slot)
{
	if (r->slots[slot].queued)
		return;
	r->slots[slot].queued = 1;
	if (r->queue_nr == r->alloc_queue) {
		size_t size = r->alloc_queue ? r->alloc_queue * 2 : 256, i;
		int *ring = xmalloc(size * sizeof(*ring));

		/* copy in order from the head, so the ring starts at 0 */
		for (i = 0; i < r->queue_nr; i++)
			ring[i] = r->queue[(r->queue_head + i) % r->alloc_queue];
		free(r->queue);
		r->queue = ring;
		r->alloc_queue = size;
		r->queue_head = 0;
	}
	r->queue[(r->queue_head + r->queue_nr++) % r->alloc_queue] = slot;
}

/*
 * Add fn (stored by flow prov) to slot; 1 if it is new.  A function keeps
 * at most MAX_PROVS provenances per slot, the first ones found: direct
 * stores are seeded before anything propagates, so they come first.
 */
int add_member(struct resolver *r, int slot, int64_t fn, int prov)
{
	struct slot *s = &r->slots[slot];
	uintptr_t key = ((uintptr_t)(unsigned)slot << 32) | (uint32_t)fn;
	struct provset *ps;
	int64_t index;
	int i;

	if (!ptrmap_get(&r->members, (const void *)key, &index)) {
		xgrow(&r->provsets, &r->alloc_provsets, r->nr_provsets + 1,
		      sizeof(*r->provsets));
		r->provsets[r->nr_provsets].nr = 0;
		index = (int64_t)++r->nr_provsets;
		ptrmap_put(&r->members, (const void *)key, index);
	}
	ps = &r->provsets[index - 1];
	for (i = 0; i < ps->nr; i++)
		if (ps->prov[i] == prov)
			return 0;
	if (ps->nr == MAX_PROVS)
		return 0;
	ps->prov[ps->nr++] = prov;
	xgrow(&s->m, &s->alloc, s->nr + 1, sizeof(*s->m));
	s->m[s->nr].fn = fn;
	s->m[s->nr].prov = prov;
	s->nr++;
	enqueue(r, slot);
	return 1;
}

int is_store_slot(const struct slot *s)
{
	return s->kind == SLOT_FIELD || s->kind == SLOT_GLOBAL;
}

void add_cons(struct resolver *r, int from, int to, int flow)
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
void propagate(struct resolver *r)
{
	while (r->queue_nr) {
		int slot = r->queue[r->queue_head];
		struct slot *s;
		size_t i, j;

		r->queue_head = (r->queue_head + 1) % r->alloc_queue;
		r->queue_nr--;
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

const char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : NULL;
}

int text_id(struct resolver *r, const char *text)
{
	int64_t id = (int64_t)r->containers.nr + 1;

	if (!text)
		return 0;
	strmap_add(&r->containers, text, &id, id);
	return (int)id;
}

#define FLOW_COLUMNS                                                  \
	"SELECT l.id, function_id, in_global_id, l.file_id, line, col, "   \
	"context, dst_kind, dst_struct, dst_field, dst_call_id, "          \
	"dst_callee_id, dst_index, dst_global_id, src_kind, "              \
	"src_function_id, src_struct, src_field, src_index, "              \
	"src_global_id, src_ops_table, instance_id, dst_struct_file, "     \
	"src_struct_file, dst_container, dst_made "

/*
 * By the body they are in (its key), and in the order of the walk within
 * it: the same order whatever order the TUs were indexed in, by how many
 * threads or as how many shards merged, so that where the first
 * MAX_PROVS provenances come from does not depend on it.  A call's
 * arguments stay together (hooks.c looks at its neighbours).  Facts of
 * no key (a TU's own) come first, as a NULL key sorts first.  Both
 * queries walk the index of claims by key and that of flows by claim: on
 * the whole tree, sorting 440,000 flows by a string was a second, and
 * finding the flows of no key by a scan of every flow a quarter of one.
 * A flow's claim is always there: drop.c deletes the two together.
 */
static const char *const flows_sql[] = {
	FLOW_COLUMNS "FROM claims c CROSS JOIN flows l "
	"ON l.claim_id = c.id WHERE c.key IS NULL ORDER BY l.id",
	FLOW_COLUMNS "FROM claims c CROSS JOIN flows l "
	"ON l.claim_id = c.id WHERE c.key IS NOT NULL "
	"ORDER BY c.key, c.id, l.id",
};

static int read_flows(struct resolver *r, const char *sql,
		      struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
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
		f->is_init = !strcmp(col_text(st, 6), "init");
		f->is_named = !strcmp(col_text(st, 6), "named");
		f->dst = -1;
		f->src_slot = -1;
		if (!strcmp(dst, "field") && col_text(st, 8) &&
		    col_text(st, 9)) {
			f->dst = field_slot(r, col_text(st, 8), col_text(st, 22),
					    col_text(st, 9));
			f->dst_is_hook = is_hook_field(col_text(st, 8),
						       col_text(st, 9));
			f->dst_global = sqlite3_column_int64(st, 13);
			f->dst_container = text_id(r, col_text(st, 24));
			f->dst_made = text_id(r, col_text(st, 25));
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
						 col_text(st, 23),
						 col_text(st, 17));
			f->src_ops_table = sqlite3_column_int(st, 20);
		} else if (!strcmp(src, "param") && f->function) {
			f->src = SRC_SLOT;
			f->src_index = sqlite3_column_int(st, 18);
			f->src_slot = param_slot(r, f->function, f->src_index);
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
		} else if (!strcmp(src, "member") && col_text(st, 16) &&
			   col_text(st, 17)) {
			char key[512];

			snprintf(key, sizeof(key), "%s:%s", col_text(st, 16),
				 col_text(st, 17));
			f->src = SRC_MEMBER;
			f->src_container = text_id(r, key);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	return 0;
}

int load_flows(struct resolver *r, struct kcg_error *err)
{
	return read_flows(r, flows_sql[0], err) ||
	       read_flows(r, flows_sql[1], err) ? -1 : 0;
}

static const char icalls_sql[] =
	"SELECT c.id, c.caller_id, c.file_id, c.line, c.col, c.fn_type, "
	"i.shape, i.struct, i.field, i.param_index, i.global_id, i.callee_id, "
	"i.struct_file FROM indirect_calls i JOIN calls c ON c.id = i.call_id "
	"ORDER BY c.id";

int load_icalls(struct resolver *r, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db, icalls_sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
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
					      col_text(st, 12),
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
		return resolve_sql_fail(r->db, err);
	return 0;
}

/* Seeds and constraints from the flows whose destination is known now. */
void build_graph(struct resolver *r)
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
 * those calls resolve to.  Returns how many constraints it added; done
 * holds the (flow, function) pairs connected in the rounds so far.
 */
size_t connect_indirect_args(struct resolver *r, struct ptrmap *done)
{
	size_t i, j, added = 0;
	struct ptrmap targets;	/* call id -> index in icalls + 1 */

	ptrmap_init(&targets);
	/* icalls are ordered by call: the first of each */
	for (i = 0; i < r->nr_icalls; i++)
		if (!i || r->icalls[i - 1].call != r->icalls[i].call)
			ptrmap_put(&targets, id_ptr((uint64_t)r->icalls[i].call),
				   (int64_t)i + 1);
	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];
		int64_t first;

		if (!f->is_arg || f->callee ||
		    (f->src != SRC_FUNCTION && f->src != SRC_SLOT))
			continue;
		if (!ptrmap_get(&targets, id_ptr((uint64_t)f->call), &first))
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
				const void *pair = id_ptr(
					(uint64_t)i << 32 |
					(uint64_t)s->m[k].fn);
				int to;

				if (ptrmap_get(done, pair, NULL))
					continue;
				ptrmap_put(done, pair, 1);
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
	ptrmap_release(&targets);
	return added;
}

