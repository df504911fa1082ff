/*
 * The edges each resolution rule makes, from the solved slots: calls
 * through pointers (field, global, return, netfilter_hook), callbacks,
 * registrations and the signature fallback.
 */
#include "internal.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* edges                                                                */

int emit(struct resolver *r, int64_t caller, int64_t callee,
		enum edge_kind kind, int64_t call, int64_t file, int64_t line,
		int64_t col, const struct flow *reg, int64_t via,
		const char *rule, struct kcg_error *err)
{
	struct pending_edge *e;
	char key[160];

	(void)err;
	if (!caller || !callee)
		return 0;
	snprintf(key, sizeof(key), "%lld %lld %d %lld %lld %lld %lld",
		 (long long)caller, (long long)callee, (int)kind,
		 (long long)file, (long long)line,
		 (long long)(reg ? reg->id : 0), (long long)via);
	if (!strmap_add(&r->seen_edges, key, NULL, 1))
		return 0;
	xgrow(&r->pending, &r->alloc_pending, r->nr_pending + 1,
	      sizeof(*r->pending));
	e = &r->pending[r->nr_pending++];
	memset(e, 0, sizeof(*e));
	e->caller = caller;
	e->callee = callee;
	e->kind = kind;
	e->call = call;
	e->file = file;
	e->line = line;
	e->col = col;
	if (reg) {
		e->has_reg = 1;
		e->reg_file = reg->file;
		e->reg_line = reg->line;
	}
	e->via = via;
	e->rule = rule;
	r->stats->edges[kind]++;
	return 0;
}

const struct flow *prov_flow(const struct resolver *r, int prov)
{
	return prov ? &r->flows[prov - 1] : NULL;
}

/*
 * Why a target is in a field: stored there (1), through a parameter (2),
 * copied from another field (3); and what confined the call, if anything.
 */
static const char *field_rule(const struct resolver *r, int slot,
			      const struct flow *reg, enum confine_rule confined)
{
	static const char *const rules[3][3] = {
		{ "1 stored", "1 stored, same receiver",
		  "1 stored, named global" },
		{ "2 through a parameter",
		  "2 through a parameter, same receiver",
		  "2 through a parameter, named global" },
		{ "3 copy", "3 copy, same receiver", "3 copy, named global" },
	};
	int why = !reg || reg->dst != slot ? 2 : reg->src == SRC_SLOT ? 1 : 0;

	return rules[why][confined];
}

/*
 * The calls an INDIRECT_CALL_x() expansion makes to its named candidates,
 * "caller callee file line": its fallback call through the pointer, at the
 * same place, is taken only when the pointer is none of them.  Only the
 * macro calls at the place of a call through a pointer (by the callers'
 * index: the whole tree has about a million macro calls).
 */
static int load_candidates(struct resolver *r, struct strmap *out,
			   struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db,
		"SELECT DISTINCT m.caller_id, m.callee_id, m.file_id, m.line "
		"FROM indirect_calls i JOIN calls c ON c.id = i.call_id "
		"JOIN calls m ON m.caller_id = c.caller_id "
		"AND m.file_id = c.file_id AND m.line = c.line "
		"AND m.kind = 'macro'", -1, &st, NULL) != SQLITE_OK)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[96];

		snprintf(key, sizeof(key), "%lld %lld %lld %lld",
			 (long long)sqlite3_column_int64(st, 0),
			 (long long)sqlite3_column_int64(st, 1),
			 (long long)sqlite3_column_int64(st, 2),
			 (long long)sqlite3_column_int64(st, 3));
		strmap_put(out, key, 1);
	}
	if (rc != SQLITE_DONE)
		kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One edge of a call through a field, global or returned pointer. */
int emit_field_edge(struct resolver *r, const struct icall *ic, int64_t fn,
		    const struct flow *reg, enum confine_rule confined,
		    const struct strmap *candidates, struct kcg_error *err)
{
	enum edge_kind kind = ic->shape == 'g' ? KIND_GLOBAL :
			      ic->shape == 'r' ? KIND_RETURN : KIND_FIELD;
	char key[96];

	snprintf(key, sizeof(key), "%lld %lld %lld %lld",
		 (long long)ic->caller, (long long)fn, (long long)ic->file,
		 (long long)ic->line);
	if (strmap_get(candidates, key, NULL))
		return 0;
	if (reg && reg->dst_is_hook)
		kind = KIND_NETFILTER_HOOK;
	return emit(r, ic->caller, fn, kind, ic->call, ic->file, ic->line,
		    ic->col, reg, 0,
		    kind == KIND_NETFILTER_HOOK ? "7 netfilter hook" :
		    field_rule(r, ic->slot, reg, confined), err);
}

/* Rules 1, 3, 4, 6, 7: calls through fields, globals, returned pointers. */
int emit_pointer_edges(struct resolver *r, struct kcg_error *err)
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

		if (ic->slot < 0 || ic->shape == 'p')
			continue;
		if (r->confine[i].rule != CONFINE_NONE) {
			if (emit_confined_edges(r, i, &candidates, err))
				goto out;
			continue;
		}
		s = &r->slots[ic->slot];
		for (j = 0; j < s->nr; j++)
			if (emit_field_edge(r, ic, s->m[j].fn,
					    prov_flow(r, s->m[j].prov),
					    CONFINE_NONE, &candidates, err))
				goto out;
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
void find_called_params(struct resolver *r, char *called)
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

int emit_callback_edges(struct resolver *r, const char *called,
			       struct kcg_error *err)
{
	size_t i, j;

	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];

		if (!f->is_arg || f->dst < 0 || !called[f->dst] || !f->function)
			continue;
		if (f->src == SRC_FUNCTION) {
			if (emit(r, f->function, f->src_function, KIND_CALLBACK,
				 f->call, f->file, f->line, f->col, NULL,
				 f->callee, "5 callback", err))
				return -1;
		} else if (f->src == SRC_SLOT &&
			   r->slots[f->src_slot].kind == SLOT_RETURN) {
			const struct slot *s = &r->slots[f->src_slot];

			for (j = 0; j < s->nr; j++)
				if (emit(r, f->function, s->m[j].fn,
					 KIND_CALLBACK, f->call, f->file,
					 f->line, f->col,
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
/* Stores kept per parameter: registration sites, not an inventory. */
#define MAX_LANDING 32

static void add_landing(struct resolver *r, int slot, int flow)
{
	struct slot *s = &r->slots[slot];
	size_t i;

	for (i = 0; i < s->nr_landing; i++)
		if (s->landing[i] == flow)
			return;
	if (s->nr_landing == MAX_LANDING)
		return;
	xgrow(&s->landing, &s->alloc_landing, s->nr_landing + 1,
	      sizeof(*s->landing));
	s->landing[s->nr_landing++] = flow;
}

void find_landing(struct resolver *r, int slot)
{
	size_t i, j;

	if (r->slots[slot].landing_state)
		return;
	r->slots[slot].landing_state = 1;
	for (i = 0; i < r->slots[slot].nr_out; i++) {
		const struct cons *c = &r->cons[r->slots[slot].out[i]];

		if (is_store_slot(&r->slots[c->to])) {
			add_landing(r, slot, c->flow + 1);
		} else if (r->slots[c->to].kind == SLOT_PARAM) {
			find_landing(r, c->to);
			for (j = 0; j < r->slots[c->to].nr_landing; j++)
				add_landing(r, slot, r->slots[c->to].landing[j]);
		}
	}
	r->slots[slot].landing_state = 2;
}

/*
 * Where each global's initializer flows are: one TU walks an initializer,
 * in one go, so they are contiguous in id order.
 */
void index_tables(struct resolver *r)
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
			if (emit(r, f->function, g->src_function,
				 KIND_REGISTRATION, 0, f->file, f->line,
				 f->col, g, 0,
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

int emit_registration_edges(struct resolver *r, struct kcg_error *err)
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
					 KIND_REGISTRATION, 0, f->file, f->line,
					 f->col, f, 0, "registration", err))
					return -1;
			} else if (f->src == SRC_SLOT && f->src_ops_table &&
				   r->slots[f->src_slot].kind == SLOT_FIELD) {
				src = &r->slots[f->src_slot];
				for (j = 0; j < src->nr; j++) {
					if (emit(r, f->function, src->m[j].fn,
						 KIND_REGISTRATION, 0, f->file,
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
					 KIND_REGISTRATION, 0, f->file, f->line,
					 f->col, reg, 0,
					 "registration through a parameter",
					 err))
					return -1;
			} else if (f->src == SRC_SLOT &&
				   r->slots[f->src_slot].kind == SLOT_RETURN) {
				src = &r->slots[f->src_slot];
				for (j = 0; j < src->nr; j++) {
					if (emit(r, f->function, src->m[j].fn,
						 KIND_REGISTRATION, 0, f->file,
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
int emit_signature_edges(struct resolver *r, struct kcg_error *err)
{
	sqlite3_stmt *st;
	struct strmap by_type;	/* type -> index in lists + 1 */
	struct taken {
		int64_t fn, flow;	/* a function, where it is taken
					   (index in r->flows + 1) */
	} **lists = NULL;
	size_t *sizes = NULL, nr_lists = 0, alloc_lists = 0, alloc_sizes = 0;
	size_t i, j, end;
	struct ptrmap by_id;	/* flows.id -> index in r->flows + 1 */
	int rc = 0;

	ptrmap_init(&by_id);
	for (i = 0; i < r->nr_flows; i++)
		ptrmap_put(&by_id, (const void *)(uintptr_t)r->flows[i].id,
			   (int64_t)i + 1);
	strmap_init(&by_type);
	/* the first place in the source where its address is taken: the
	 * same however the index was built (threads, shards, increments) */
	if (sqlite3_prepare_v2(r->db,
		"SELECT id, type, flow FROM (SELECT f.id, f.type, (SELECT l.id "
		"FROM flows l LEFT JOIN files p ON p.id = l.file_id "
		"WHERE l.src_function_id = f.id AND l.src_kind = 'function' "
		"ORDER BY p.path, l.line, l.col, l.id LIMIT 1) AS flow "
		"FROM functions f WHERE f.id IN (SELECT src_function_id FROM flows "
		"WHERE src_kind = 'function') AND f.is_defined "
		"AND f.type IS NOT NULL) "
		"WHERE flow IS NOT NULL ORDER BY id", -1, &st, NULL) !=
	    SQLITE_OK) {
		ptrmap_release(&by_id);
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = col_text(st, 1);
		int64_t index, flow = 0;

		ptrmap_get(&by_id,
			   (const void *)(uintptr_t)sqlite3_column_int64(st, 2),
			   &flow);

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
		lists[index - 1][sizes[index - 1]++].flow = flow;
	}
	if (rc != SQLITE_DONE) {
		rc = kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	rc = 0;

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
				const struct flow *at =
					prov_flow(r, (int)t->flow);

				if ((rc = emit(r, ic->caller, t->fn,
					       KIND_SIGNATURE, ic->call,
					       ic->file, ic->line, ic->col,
					       at, 0,
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
	ptrmap_release(&by_id);
	return rc;
}

