/*
 * The edges each resolution rule makes, from the solved slots: calls
 * through pointers (field, global, return, netfilter_hook), callbacks,
 * registrations and the signature fallback.
 */
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"
#include "util/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* edges                                                                */

/* What makes two emitted edges one: not the call or the column (two
 * calls on a line are one edge), nor the rule; the first one stays. */
static uint64_t hash_key(const struct pending_edge *e)
{
	const int64_t key[] = { e->caller, e->callee, e->kind, e->file,
				e->line, e->reg_flow, e->via };

	return hash_bytes(0, key, sizeof(key));
}

static int same_key(const struct pending_edge *a, const struct pending_edge *b)
{
	return a->caller == b->caller && a->callee == b->callee &&
	       a->kind == b->kind && a->file == b->file &&
	       a->line == b->line && a->reg_flow == b->reg_flow &&
	       a->via == b->via;
}

static void seen_put(struct seen_edges *seen, uint64_t h, size_t index)
{
	size_t at = h & (seen->size - 1);

	while (seen->slots[at].index)
		at = (at + 1) & (seen->size - 1);
	seen->slots[at].hash = h;
	seen->slots[at].index = index + 1;
	seen->nr++;
}

/* Room for one more at most half full. */
static void seen_grow(struct seen_edges *seen)
{
	struct seen_edges old = *seen;
	size_t i;

	if (2 * (seen->nr + 1) <= seen->size)
		return;
	seen->size = old.size ? 2 * old.size : 1024;
	seen->slots = xcalloc(seen->size, sizeof(*seen->slots));
	seen->nr = 0;
	for (i = 0; i < old.size; i++)
		if (old.slots[i].index)
			seen_put(seen, old.slots[i].hash,
				 old.slots[i].index - 1);
	free(old.slots);
}

/* Is e (not yet in pending) the same as an edge made before? */
static int seen_before(const struct resolver *r, const struct pending_edge *e,
		       uint64_t h)
{
	const struct seen_edges *seen = &r->seen;
	size_t at;

	if (!seen->size)
		return 0;
	for (at = h & (seen->size - 1); seen->slots[at].index;
	     at = (at + 1) & (seen->size - 1))
		if (seen->slots[at].hash == h &&
		    same_key(&r->pending[seen->slots[at].index - 1], e))
			return 1;
	return 0;
}

int emit(struct resolver *r, int64_t caller, int64_t callee,
		enum edge_kind kind, int64_t call, int64_t file, int64_t line,
		int64_t col, const struct flow *reg, int64_t via,
		const char *rule, struct kcg_error *err)
{
	struct pending_edge e;
	uint64_t h;

	(void)err;
	if (!caller || !callee)
		return 0;
	memset(&e, 0, sizeof(e));
	e.caller = caller;
	e.callee = callee;
	e.kind = kind;
	e.call = call;
	e.file = file;
	e.line = line;
	e.col = col;
	if (reg) {
		e.has_reg = 1;
		e.reg_file = reg->file;
		e.reg_line = reg->line;
		e.reg_flow = reg->id;
	}
	e.via = via;
	e.rule = rule;
	h = hash_key(&e);
	if (seen_before(r, &e, h))
		return 0;
	seen_grow(&r->seen);
	xgrow(&r->pending, &r->alloc_pending, r->nr_pending + 1,
	      sizeof(*r->pending));
	r->pending[r->nr_pending] = e;
	seen_put(&r->seen, h, r->nr_pending++);
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
	static const char *const rules[3][7] = {
		{ "1 stored", "1 stored, same receiver",
		  "1 stored, named global", "1 stored, same container",
		  "1 stored, passed by callers", "1 stored, made here",
		  "1 stored, tables of the field" },
		{ "2 through a parameter",
		  "2 through a parameter, same receiver",
		  "2 through a parameter, named global",
		  "2 through a parameter, same container",
		  "2 through a parameter, passed by callers",
		  "2 through a parameter, made here",
		  "2 through a parameter, tables of the field" },
		{ "3 copy", "3 copy, same receiver", "3 copy, named global",
		  "3 copy, same container", "3 copy, passed by callers",
		  "3 copy, made here", "3 copy, tables of the field" },
	};
	int why = !reg || reg->dst != slot ? 2 : reg->src == SRC_SLOT ? 1 : 0;

	return rules[why][confined];
}

/* The key of a candidate call: "caller callee file line". */
static void candidate_key(char *key, size_t size, int64_t caller,
			  int64_t callee, int64_t file, int64_t line)
{
	snprintf(key, size, "%lld %lld %lld %lld", (long long)caller,
		 (long long)callee, (long long)file, (long long)line);
}

/* The key of a place that has candidates: "caller file line". */
static void place_key(char *key, size_t size, int64_t caller, int64_t file,
		      int64_t line)
{
	snprintf(key, size, "%lld %lld %lld", (long long)caller,
		 (long long)file, (long long)line);
}

/*
 * The calls an INDIRECT_CALL_x() expansion makes to its named candidates,
 * into calls (candidate_key()): its fallback call through the pointer, at
 * the same place, is taken only when the pointer is none of them.  Only
 * the macro calls at the place of a call through a pointer (by the
 * callers' index: the whole tree has about a million macro calls).  Their
 * places go into places (place_key()), so that the other calls through
 * pointers, most of them, are not looked up once per target.
 */
static int load_candidates(struct resolver *r, struct strmap *calls,
			   struct strmap *places, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->db,
		"SELECT DISTINCT m.caller_id, m.callee_id, m.file_id, m.line "
		"FROM indirect_calls i JOIN calls c ON c.id = i.call_id "
		"JOIN calls m ON m.caller_id = c.caller_id "
		"AND m.file_id = c.file_id AND m.line = c.line "
		"AND m.kind = 'macro'", -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t caller = sqlite3_column_int64(st, 0);
		int64_t file = sqlite3_column_int64(st, 2);
		int64_t line = sqlite3_column_int64(st, 3);
		char key[96];

		candidate_key(key, sizeof(key), caller,
			      sqlite3_column_int64(st, 1), file, line);
		strmap_put(calls, key, 1);
		place_key(key, sizeof(key), caller, file, line);
		strmap_put(places, key, 1);
	}
	if (rc != SQLITE_DONE)
		resolve_sql_fail(r->db, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One edge of a call through a field, global or returned pointer;
 * candidates: the candidate calls if its place has any, else NULL. */
int emit_field_edge(struct resolver *r, const struct icall *ic, int64_t fn,
		    const struct flow *reg, enum confine_rule confined,
		    const struct strmap *candidates, struct kcg_error *err)
{
	enum edge_kind kind = ic->shape == 'g' ? KIND_GLOBAL :
			      ic->shape == 'r' ? KIND_RETURN : KIND_FIELD;
	char key[96];

	if (candidates) {
		candidate_key(key, sizeof(key), ic->caller, fn, ic->file,
			      ic->line);
		if (strmap_get(candidates, key, NULL))
			return 0;
	}
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
	struct strmap candidates, places;
	size_t i, j;
	int rc = -1;

	strmap_init(&candidates);
	strmap_init(&places);
	if (load_candidates(r, &candidates, &places, err))
		goto out;

	for (i = 0; i < r->nr_icalls; i++) {
		const struct icall *ic = &r->icalls[i];
		const struct strmap *here = NULL;
		const struct slot *s;
		char key[96];

		if (ic->slot < 0 || ic->shape == 'p')
			continue;
		place_key(key, sizeof(key), ic->caller, ic->file, ic->line);
		if (strmap_get(&places, key, NULL))
			here = &candidates;
		if (r->confine[i].rule != CONFINE_NONE) {
			if (emit_confined_edges(r, i, here, err))
				goto out;
			continue;
		}
		s = &r->slots[ic->slot];
		for (j = 0; j < s->nr; j++)
			if (emit_field_edge(r, ic, s->m[j].fn,
					    prov_flow(r, s->m[j].prov),
					    CONFINE_NONE, here, err))
				goto out;
	}
	rc = 0;
out:
	strmap_release(&candidates);
	strmap_release(&places);
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
/* The path of every file, by id (NULL past the last or for none). */
struct file_paths {
	char **v;
	size_t nr;
};

static int load_paths(struct resolver *r, struct file_paths *fp,
		      struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	memset(fp, 0, sizeof(*fp));
	if (sqlite3_prepare_v2(r->db, "SELECT id, path FROM files", -1, &st,
			       NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (id <= 0 || !col_text(st, 1))
			continue;
		if ((size_t)id >= fp->nr) {
			xgrow(&fp->v, &alloc, (size_t)id + 1, sizeof(*fp->v));
			memset(fp->v + fp->nr, 0,
			       (alloc - fp->nr) * sizeof(*fp->v));
			fp->nr = alloc;
		}
		free(fp->v[id]);
		fp->v[id] = xstrdup(col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	return 0;
}

static void release_paths(struct file_paths *fp)
{
	size_t i;

	for (i = 0; i < fp->nr; i++)
		free(fp->v[i]);
	free(fp->v);
}

static const char *path_of(const struct file_paths *fp, int64_t id)
{
	return id > 0 && (size_t)id < fp->nr ? fp->v[id] : NULL;
}

/* Is flow a before b in the source: by path (none first), line, column,
 * then id? */
static int taken_before(const struct file_paths *fp, const struct flow *a,
			const struct flow *b)
{
	if (a->file != b->file) {
		const char *pa = path_of(fp, a->file), *pb = path_of(fp, b->file);
		int c = !pa ? (pb ? -1 : 0) : !pb ? 1 : strcmp(pa, pb);

		if (c)
			return c < 0;
	}
	if (a->line != b->line)
		return a->line < b->line;
	if (a->col != b->col)
		return a->col < b->col;
	return a->id < b->id;
}

/*
 * For each address-taken function, the first place in the source where
 * its address is taken (index in r->flows + 1): the same however the
 * index was built (threads, shards, increments).  An address only named
 * (EXPORT_SYMBOL's, flows.context `named`) is not taken: nothing calls
 * through it.
 */
static int first_taken(struct resolver *r, struct ptrmap *first,
		       struct kcg_error *err)
{
	struct file_paths fp;
	size_t i;

	if (load_paths(r, &fp, err))
		return -1;
	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];
		const void *key = (const void *)(uintptr_t)f->src_function;
		int64_t best;

		if (f->src != SRC_FUNCTION || f->src_function <= 0 ||
		    f->is_named)
			continue;
		if (!ptrmap_get(first, key, &best) ||
		    taken_before(&fp, f, &r->flows[best - 1]))
			ptrmap_put(first, key, (int64_t)i + 1);
	}
	release_paths(&fp);
	return 0;
}

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
	struct ptrmap first;	/* function id -> its first taking flow */
	int rc = 0;

	ptrmap_init(&first);
	strmap_init(&by_type);
	if (first_taken(r, &first, err)) {
		rc = -1;
		goto out;
	}
	if (sqlite3_prepare_v2(r->db,
		"SELECT id, type FROM functions WHERE id IN (SELECT "
		"src_function_id FROM flows WHERE src_kind = 'function') "
		"AND is_defined AND type IS NOT NULL ORDER BY id", -1, &st,
		NULL) != SQLITE_OK) {
		rc = resolve_sql_fail(r->db, err);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = col_text(st, 1);
		int64_t fn = sqlite3_column_int64(st, 0), index, flow = 0;

		if (!ptrmap_get(&first, (const void *)(uintptr_t)fn, &flow))
			continue;
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
		lists[index - 1][sizes[index - 1]].fn = fn;
		lists[index - 1][sizes[index - 1]++].flow = flow;
	}
	if (rc != SQLITE_DONE) {
		rc = resolve_sql_fail(r->db, err);
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
	ptrmap_release(&first);
	return rc;
}

