/*
 * Objects a function makes, and the tables it puts into them.
 *
 * can_create() makes its socket with `sk = sk_alloc(net, PF_CAN,
 * GFP_KERNEL, cp->prot, kern)` and then calls `sk->sk_prot->init(sk)`;
 * sk_alloc() stores its parameter prot into `sk->sk_prot` of the sock it
 * returns.  Two facts let the resolver tell that the call reaches only
 * the init of the protos stored into can_proto.prot:
 *
 *   receivers.made_call_id  the object a call is made on is a local that
 *                           holds only what one call returned: assigned
 *                           once, from that call, its address never taken;
 *   flows.dst_made          a store into a field of the object the
 *                           function returns, as the path from it: the
 *                           local every `return` gives, assigned once.
 *
 * Neither holds when the function itself stores into that field some
 * other way (through another pointer, WRITE_ONCE): a call on an object
 * whose field its own function stores into is not made-only, and a
 * maker that stores into the field some other way says nothing of it.
 * What a callee the object is passed to does to the field is not seen
 * (docs/resolution.md).
 */
#include "walk.h"

#include "util/alloc.h"

#include <string.h>

void made_begin(struct walk *w)
{
	ptrmap_clear(&w->origins);
	ptrmap_clear(&w->call_indexes);
	ptrmap_clear(&w->unwhole_locals);
	w->nr_local_uses = 0;
	w->nr_origins = 0;
	w->nr_made_stores = 0;
	w->returned = NULL;
	w->returns_other = 0;
}

/* The local pointer variable e is (a VarDecl) or names (through
 * conversions), or NULL. */
static const void *local_named(CXCursor e)
{
	CXCursor decl = e;

	if (clang_getCursorKind(e) != CXCursor_VarDecl) {
		e = strip_conversions(e);
		if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
			return NULL;
		decl = clang_getCursorReferenced(e);
	}
	if (clang_getCursorKind(decl) != CXCursor_VarDecl ||
	    !is_local_var(decl) || !is_pointer_expr(decl))
		return NULL;
	return decl.data[0];
}

static struct local_origin *origin(struct walk *w, const void *decl)
{
	int64_t index;

	if (ptrmap_get(&w->origins, decl, &index))
		return &w->local_origins[index - 1];
	xgrow(&w->local_origins, &w->alloc_origins, w->nr_origins + 1,
	      sizeof(*w->local_origins));
	memset(&w->local_origins[w->nr_origins], 0,
	       sizeof(*w->local_origins));
	w->local_origins[w->nr_origins].decl = decl;
	ptrmap_put(&w->origins, decl, (int64_t)++w->nr_origins);
	return &w->local_origins[w->nr_origins - 1];
}

/* `lhs = value`, or lhs a local declared with initializer value. */
void note_local_assigned(struct walk *w, CXCursor lhs, CXCursor value)
{
	const void *decl = local_named(lhs);
	struct local_origin *o;

	if (!decl || !w->fn_key)
		return;
	o = origin(w, decl);
	o->assignments++;
	value = strip_conversions(value);
	o->call = clang_getCursorKind(value) == CXCursor_CallExpr ?
		value.data[1] : NULL;
}

/* `&p`, `p++`, `p += n`: p may hold anything after. */
void note_local_written(struct walk *w, CXCursor operand)
{
	const void *decl = local_named(operand);

	if (decl && w->fn_key)
		origin(w, decl)->address_taken = 1;
}

void note_call_index(struct walk *w, CXCursor call, size_t index)
{
	ptrmap_put(&w->call_indexes, call.data[1], (int64_t)index + 1);
}

/* `return sk;`: the function returns what its local sk holds. */
void note_return_value(struct walk *w, CXCursor value)
{
	const void *decl;

	if (w->returns_other)	/* settled: nothing to evaluate */
		return;
	decl = local_named(value);
	if (decl && (!w->returned || w->returned == decl)) {
		w->returned = decl;
		return;
	}
	/* `return NULL;` gives no object */
	if (!decl && evaluates_to_zero(value))
		return;
	w->returns_other = 1;
}

/* A store into a field just recorded as flows [first_flow, nr_flows). */
void note_made_store(struct walk *w, CXCursor lhs, size_t first_flow)
{
	const void *root;
	const char *path;
	struct made_store *m;

	if (!w->fn_key || first_flow == w->batch->nr_flows)
		return;
	path = local_store_path(w, lhs, &root);
	if (!path)
		return;
	xgrow(&w->made_stores, &w->alloc_made_stores, w->nr_made_stores + 1,
	      sizeof(*w->made_stores));
	m = &w->made_stores[w->nr_made_stores++];
	m->root = root;
	m->path = path;
	m->first_flow = first_flow;
	m->end_flow = w->batch->nr_flows;
}

/* Does path ("...S:f->") end at the field record.field? */
static int path_ends_at(const char *path, const char *record,
			const char *field)
{
	size_t lp = strlen(path), lr = strlen(record), lf = strlen(field);

	if (lp < lr + lf + 3 || strcmp(path + lp - 2, "->"))
		return 0;
	return !memcmp(path + lp - 2 - lf, field, lf) &&
	       path[lp - 3 - lf] == ':' &&
	       !memcmp(path + lp - 3 - lf - lr, record, lr);
}

/* Is a flow among [first, end) of the body a store into the field the
 * path ends at, other than the made stores of root on that path? */
static int stored_otherwise(struct walk *w, const char *path,
			    const void *root, size_t first, size_t end)
{
	size_t i, j;

	for (i = first; i < end; i++) {
		const struct fact_flow *f = &w->batch->flows[i];
		int made = 0;

		if (f->dest != DST_FIELD || !f->record || !f->field ||
		    !path_ends_at(path, f->record, f->field))
			continue;
		for (j = 0; root && j < w->nr_made_stores; j++) {
			const struct made_store *m = &w->made_stores[j];

			if (m->root == root && !strcmp(m->path, path) &&
			    i >= m->first_flow && i < m->end_flow)
				made = 1;
		}
		if (!made)
			return 1;
	}
	return 0;
}

/* What one call returned is all the local holds. */
static const struct local_origin *made_only(struct walk *w, const void *decl)
{
	int64_t index;
	const struct local_origin *o;

	if (!ptrmap_get(&w->origins, decl, &index))
		return NULL;
	o = &w->local_origins[index - 1];
	if (o->assignments != 1 || o->address_taken)
		return NULL;
	return o;
}

/*
 * After the body: the call each receiver's local was made by, and the
 * stores into the object the function returns.  Receivers kept for their
 * local alone go when it was not made by a call.
 */
void made_finish(struct walk *w, size_t first_receiver, size_t first_flow)
{
	size_t i, kept, end_flow = w->batch->nr_flows;

	for (i = kept = first_receiver; i < w->batch->nr_receivers; i++) {
		struct fact_receiver *r = &w->batch->receivers[i];
		const struct local_origin *o =
			r->root_local ? made_only(w, r->root_local) : NULL;
		int64_t call;

		r->made_call = -1;
		if (o && o->call &&
		    ptrmap_get(&w->call_indexes, o->call, &call) &&
		    w->batch->calls[call - 1].callee &&
		    !stored_otherwise(w, r->path, NULL, first_flow, end_flow))
			r->made_call = (long)call - 1;
		r->root_local = NULL;
		if (receiver_is_used(r, r->made_call >= 0))
			w->batch->receivers[kept++] = *r;
	}
	w->batch->nr_receivers = kept;
	if (!w->returned || w->returns_other || !made_only(w, w->returned))
		return;
	for (i = 0; i < w->nr_made_stores; i++) {
		const struct made_store *m = &w->made_stores[i];
		size_t j;

		if (m->root != w->returned ||
		    stored_otherwise(w, m->path, m->root, first_flow, end_flow))
			continue;
		for (j = m->first_flow; j < m->end_flow; j++)
			w->batch->flows[j].made = m->path;
	}
}
