/*
 * The cursor walk over one translation unit.
 *
 * Top level: every function definition and every global with an
 * initializer, each claimed through extract_shared first so that a header
 * inline or a header table is walked by one TU of the whole index only.
 *
 * In a function body: calls (direct, made by a macro, or through a
 * pointer, with the shape of the callee expression), assignments and
 * initializers that store a function pointer, arguments that pass one,
 * and return statements that return one.  Locals are followed within the
 * function: `rx_handler = rcu_dereference(skb->dev->rx_handler);
 * rx_handler(&skb);` is a call through net_device.rx_handler.
 */
#include "walk.h"
#include "emptied.h"

#include "util/alloc.h"
#include "util/ctext.h"

#include <stdlib.h>
#include <string.h>

static struct fact_flow *add_flow(struct walk *w, CXCursor at,
				  enum flow_context context,
				  enum flow_dest dest,
				  const struct fact_value *src)
{
	struct fact_flow *f = batch_add_flow(w->batch);

	f->function = w->fn_key;
	f->loc = expansion_loc(w, clang_getCursorLocation(at));
	f->context = context;
	f->dest = dest;
	f->src = *src;
	return f;
}

/* Record vals flowing into dest (a field or a global). */
static void store_values(struct walk *w, CXCursor at, enum flow_context ctx,
			 const struct dest *dest, const char *in_global,
			 unsigned instance, const struct values *vals)
{
	int i;

	if (dest->kind == DEST_LOCAL) {
		local_add_values(w, dest->local, vals);
		return;
	}
	if (dest->kind != DEST_FIELD && dest->kind != DEST_GLOBAL)
		return;
	for (i = 0; i < vals->nr; i++) {
		struct fact_flow *f;

		if (vals->v[i].weak)
			continue;
		f = add_flow(w, at, ctx,
					       dest->kind == DEST_FIELD ?
						       DST_FIELD : DST_GLOBAL,
					       &vals->v[i]);

		f->record = dest->record;
		f->record_file = dest->record_file;
		f->field = dest->field;
		f->global = dest->global;
		f->container = dest->container;
		f->in_global = in_global;
		f->instance = instance;
		if (w->fn_key && dest->kind == DEST_FIELD)
			w->fn_stores_fnptr = 1;
	}
}

/*
 * A pointer to a struct this TU does not define: in another TU it may be
 * an ops table (mlx5's `struct mlx5dr_ste_ctx`, defined only where its
 * functions are).
 */
static int points_to_undefined(CXType t)
{
	CXType p;

	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return 0;
	p = clang_getCanonicalType(clang_getPointeeType(t));
	return p.kind == CXType_Record &&
	       clang_Type_getSizeOf(p) == CXTypeLayoutError_Incomplete;
}

/* A struct of function pointers of type t copied whole (struct_copies). */
/*
 * The global a struct is copied into or from: `tcp_prot_override =
 * tcp_prot` (both), `memcpy(&g, ...)`, `g.m = x`, `g[i] = x`; NULL
 * through a pointer.
 */
static const char *copy_global(struct walk *w, CXCursor e)
{
	CXCursor decl;

	e = strip_conversions(e);
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator)
		e = strip_conversions(last_child(e));
	while (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr &&
	       first_child(e, &e))
		e = strip_conversions(e);
	if (clang_getCursorKind(e) == CXCursor_MemberRefExpr)
		return member_global(w, e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return NULL;
	decl = clang_getCursorReferenced(e);
	if (clang_getCursorKind(decl) != CXCursor_VarDecl ||
	    is_local_var(decl) || is_pointer_expr(decl))
		return NULL;
	return global_ref_key(w, decl);
}

/*
 * Where a struct copied whole goes or comes from, besides a global by
 * name (copy_global()): through the function's parameter (`*drv = x`,
 * `drv[i] = x`, `memcpy(drv, ...)`), into a struct member or a local's
 * own storage, which is never a table by name, or elsewhere.
 */
enum copy_place { PLACE_ELSEWHERE, PLACE_PARAM, PLACE_MEMBER };

static int param_of(struct walk *w, CXCursor expr);

struct copy_ends {
	int dst_param, src_param;	/* -1: none */
	int dst_member;
};

static enum copy_place pointer_place(struct walk *w, CXCursor p, int *param)
{
	*param = param_of(w, strip_conversions(p));
	return *param >= 0 ? PLACE_PARAM : PLACE_ELSEWHERE;
}

/* e: the struct itself (an lvalue), or with address, a pointer to it. */
static enum copy_place copy_place(struct walk *w, CXCursor e, int address,
				  int *param)
{
	CXCursor base;

	*param = -1;
	e = strip_conversions(e);
	if (address) {
		if (clang_getCursorKind(e) != CXCursor_UnaryOperator ||
		    !is_address_of(e, last_child(e)))
			return pointer_place(w, e, param);
		e = strip_conversions(last_child(e));
	}
	for (;;) {
		switch (clang_getCursorKind(e)) {
		case CXCursor_UnaryOperator:	/* *p */
			return pointer_place(w, last_child(e), param);
		case CXCursor_ArraySubscriptExpr:
			if (!first_child(e, &base))
				return PLACE_ELSEWHERE;
			base = strip_conversions(base);
			/* a parameter declared `struct proto prot[N]` is a
			 * pointer, though libclang gives its array type */
			if (is_pointer_expr(base) || param_of(w, base) >= 0)
				return pointer_place(w, base, param);
			e = base;	/* an array */
			continue;
		case CXCursor_MemberRefExpr:
			return PLACE_MEMBER;
		case CXCursor_DeclRefExpr: {
			CXCursor decl = clang_getCursorReferenced(e);

			return clang_getCursorKind(decl) == CXCursor_VarDecl &&
			       is_local_var(decl) ? PLACE_MEMBER :
			       PLACE_ELSEWHERE;
		}
		default:
			return PLACE_ELSEWHERE;
		}
	}
}

/* The ends of a copy from src into dst (pointers to them with address). */
static struct copy_ends copy_ends(struct walk *w, CXCursor dst, CXCursor src,
				  int address)
{
	struct copy_ends ends;
	int param;

	ends.dst_member = copy_place(w, dst, address, &ends.dst_param) ==
			  PLACE_MEMBER;
	ends.src_param = -1;
	if (!clang_Cursor_isNull(src) &&
	    copy_place(w, src, address, &param) == PLACE_PARAM)
		ends.src_param = param;
	return ends;
}

static void note_copy(struct walk *w, CXType t, const char *in_global,
		      const char *dst_global, const char *src_global,
		      const struct copy_ends *ends)
{
	struct fact_copy *c;
	CXCursor decl;

	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Record ||
	    type_interest(w, t) != TYPE_OPS_OBJECT)
		return;
	decl = clang_getTypeDeclaration(t);
	c = batch_add_copy(w->batch);
	c->function = w->fn_key;
	c->in_global = in_global;
	c->record = record_name(w, decl);
	c->record_file = record_file(w, decl);
	c->dst_global = dst_global;
	c->src_global = src_global;
	c->dst_param = ends ? ends->dst_param : -1;
	c->src_param = ends ? ends->src_param : -1;
	c->dst_member = ends ? ends->dst_member : 0;
}

/*
 * The first character after loc that is not blank, in *at with *left
 * characters from it: 1; 0 when only blanks follow; -1 when the text is
 * not at hand.
 */
static int next_char(struct walk *w, CXSourceLocation loc, const char **at,
		     size_t *left)
{
	size_t avail, i;
	const char *text = text_at(w, loc, &avail);

	if (!text)
		return -1;
	for (i = 0; i < avail; i++) {
		char c = text[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		*at = text + i;
		*left = avail - i;
		return 1;
	}
	return 0;
}

/* Is the operator after lhs a plain `=` (not `==`)? */
static int is_plain_assignment(struct walk *w, CXCursor lhs)
{
	const char *at;
	size_t left;

	return next_char(w, clang_getRangeEnd(clang_getCursorExtent(lhs)),
			 &at, &left) == 1 &&
	       at[0] == '=' && (left == 1 || at[1] != '=');
}

/* The index of the enclosing function's parameter that expr is,
 * through parentheses and implicit conversions; -1 if it is not one. */
static int param_of(struct walk *w, CXCursor expr)
{
	int depth;
	int64_t index;

	if (!w->fn_key)
		return -1;
	for (depth = 0; depth < 8; depth++) {
		CXCursor decl;

		switch (clang_getCursorKind(expr)) {
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
			if (cursor_children(expr, NULL, 0, NULL) != 1)
				return -1;
			expr = last_child(expr);
			continue;
		case CXCursor_DeclRefExpr:
			decl = clang_getCursorReferenced(expr);
			if (clang_getCursorKind(decl) != CXCursor_ParmDecl ||
			    !ptrmap_get(&w->params, decl.data[0], &index))
				return -1;
			return (int)index - 1;
		default:
			return -1;
		}
	}
	return -1;
}

/* Is e a global (not a pointer variable: its address, or an array)? */
static int is_global_object(CXCursor e)
{
	CXCursor decl;

	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return 0;
	decl = clang_getCursorReferenced(e);
	return clang_getCursorKind(decl) == CXCursor_VarDecl &&
	       !is_local_var(decl) && !is_pointer_expr(decl);
}

/*
 * A store into a field the walk cannot describe (resolve/passed.c: what
 * the field holds is then not all known), or of value a global's address
 * (`uvc->vdev.ioctl_ops = &uvc_v4l2_ioctl_ops` where struct
 * v4l2_ioctl_ops is not defined); no value: unknown.
 */
static void store_unknown(struct walk *w, CXCursor at, CXCursor value,
			  enum flow_context ctx, const struct dest *dest,
			  const char *in_global, unsigned instance)
{
	struct values vals = { .nr = 1 };
	CXCursor e = clang_getNullCursor();

	memset(&vals.v[0], 0, sizeof(vals.v[0]));
	vals.v[0].kind = VAL_LOCAL;
	if (!clang_Cursor_isNull(value))
		e = strip_conversions(value);
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator) {
		e = strip_conversions(last_child(e));
		if (is_global_object(e)) {
			vals.v[0].kind = VAL_GLOBAL_ADDR;
			vals.v[0].global = global_ref_key(
				w, clang_getCursorReferenced(e));
		}
	}
	store_values(w, at, ctx, dest, in_global, instance, &vals);
}

/* A null pointer constant: `NULL`, `0`. */
static int is_null_constant(CXCursor e)
{
	e = strip_conversions(e);
	return (clang_getCursorKind(e) == CXCursor_IntegerLiteral ||
		clang_getCursorKind(e) == CXCursor_GNUNullExpr) &&
	       evaluates_to_zero(e);
}

static int has_field_value(const struct values *vals)
{
	int i;

	for (i = 0; i < vals->nr; i++)
		if (vals->v[i].kind == VAL_FIELD)
			return 1;
	return 0;
}

/* A local pointer with nothing but wholly described values so far. */
static const void *whole_local(struct walk *w, CXCursor e)
{
	CXCursor decl;

	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return NULL;
	decl = clang_getCursorReferenced(e);
	if (clang_getCursorKind(decl) != CXCursor_VarDecl ||
	    !is_local_var(decl) ||
	    ptrmap_get(&w->unwhole_locals, decl.data[0], NULL))
		return NULL;
	return decl.data[0];
}

/*
 * Is what describe_value() said of a value (vals) all it can be?  A
 * parameter passed on (unless the body writes it, see
 * mark_written_params()), a global's address (`&inet_dgram_ops`,
 * `&ops[1]`, an array), a member's (`&lag->notif_block`, VAL_MEMBER),
 * a field read (`cp->prot`: what is stored into can_proto.prot), a null
 * pointer, a choice of such; with *local set, a local holding only such
 * values so far, put in *local (the caller checks it again after the
 * body).  Anything else (a call's result, a field of an array) may hold
 * what kcg does not follow.
 */
static int value_is_whole(struct walk *w, CXCursor value,
			  const struct values *vals, const void **local)
{
	CXCursor e = value, base, kids[3];
	int depth;

	/* through conversions; an unexposed expression of more than one
	 * operand is no conversion (GNU's `ops ?: &rpc_null_ops`) */
	for (depth = 0; depth < 8; depth++) {
		enum CXCursorKind k = clang_getCursorKind(e);

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr &&
		    k != CXCursor_CStyleCastExpr)
			break;
		if (k == CXCursor_UnexposedExpr &&
		    cursor_children(e, NULL, 0, NULL) != 1)
			return 0;
		e = last_child(e);
	}
	if (param_of(w, e) >= 0 || is_global_object(e) || is_null_constant(e))
		return 1;
	switch (clang_getCursorKind(e)) {
	case CXCursor_ConditionalOperator:
		return cursor_children(e, kids, 3, NULL) == 3 &&
		       value_is_whole(w, kids[1], vals, NULL) &&
		       value_is_whole(w, kids[2], vals, NULL);
	case CXCursor_MemberRefExpr:
		return has_field_value(vals);
	case CXCursor_BinaryOperator:	/* `a = b` is b */
		return cursor_children(e, kids, 1, &base) == 2 &&
		       is_plain_assignment(w, kids[0]) &&
		       value_is_whole(w, base, vals, local);
	case CXCursor_DeclRefExpr:
		if (!local)
			return 0;
		*local = whole_local(w, e);
		return *local != NULL;
	case CXCursor_ArraySubscriptExpr:
		/* `tcp_bpf_prots[TCP_BPF_IPV4]`, a row of a global array:
		 * a part of it, as `&g[i]` is */
		while (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr &&
		       first_child(e, &base)) {
			e = strip_conversions(base);
			if (is_pointer_expr(e))
				return 0;
		}
		return is_global_object(e);
	case CXCursor_UnaryOperator:
		break;
	default:
		return 0;
	}
	e = strip_conversions(last_child(e));
	if (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr &&
	    first_child(e, &base))
		e = strip_conversions(base);
	return is_global_object(e);
}

/*
 * A value that points to an ops table (`struct notifier_block *`), passed
 * (argument index of call, or no call) or stored into a field: the
 * address of an embedded member is a value of its own, and one not
 * wholly described gets an unknown value beside what is known, so that
 * the tables a function is passed, or a field holds, can be told
 * (resolve/passed.c).
 */
static void note_table_value(struct walk *w, CXCursor value,
			     struct values *vals, long call, int index)
{
	struct fact_value v;
	const void *local = NULL;

	if (type_interest(w, clang_getCursorType(value)) != TYPE_OPS_PTR)
		return;
	if (!member_address_value(w, value, &v)) {
		if (vals->nr < MAX_VALUES &&
		    value_is_whole(w, value, vals, call >= 0 ? &local : NULL)) {
			if (local) {
				struct local_use *u;
				int64_t at;

				xgrow(&w->local_uses, &w->alloc_local_uses,
				      w->nr_local_uses + 1,
				      sizeof(*w->local_uses));
				u = &w->local_uses[w->nr_local_uses++];
				u->decl = local;
				u->call = (size_t)call;
				u->index = index;
				u->nr_values = ptrmap_get(&w->locals, local,
							  &at) ?
					w->local_values[at - 1].nr : 0;
			}
			return;
		}
		memset(&v, 0, sizeof(v));
		v.kind = VAL_LOCAL;	/* no name: not followed */
	}
	if (vals->nr == MAX_VALUES)	/* some were left out already */
		vals->nr--;
	vals->v[vals->nr++] = v;
}

/*
 * After the body: a local taken for wholly described at an argument may
 * have been given more since (a loop), or something not described.
 */
static void check_local_uses(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nr_local_uses; i++) {
		const struct local_use *u = &w->local_uses[i];
		int64_t at;
		struct fact_flow *f;

		if (!ptrmap_get(&w->unwhole_locals, u->decl, NULL) &&
		    (!ptrmap_get(&w->locals, u->decl, &at) ||
		     w->local_values[at - 1].nr == u->nr_values))
			continue;
		f = batch_add_flow(w->batch);
		f->function = w->fn_key;
		f->loc = w->batch->calls[u->call].loc;
		f->context = CTX_ARG;
		f->dest = DST_ARG;
		f->call = u->call;
		f->index = u->index;
		f->src.kind = VAL_LOCAL;
	}
}

/*
 * A local pointing to an ops table given a value: is it all known?  The
 * address of an embedded member (`notif_blk = &lag->notif_block`) is a
 * value of its own, added to vals.
 */
static void note_local_table(struct walk *w, const void *decl,
			     CXCursor value, struct values *vals)
{
	struct fact_value v;

	if (member_address_value(w, value, &v)) {
		if (vals->nr < MAX_VALUES)
			vals->v[vals->nr++] = v;
		else
			ptrmap_put(&w->unwhole_locals, decl, 1);
		return;
	}
	if (!value_is_whole(w, value, vals, NULL))
		ptrmap_put(&w->unwhole_locals, decl, 1);
}

/* ------------------------------------------------------------------ */
/* initializers                                                        */

#define MAX_FIELDS 512

struct record_fields {
	CXCursor field[MAX_FIELDS];
	int nr;
};

static enum CXVisitorResult collect_field(CXCursor field, CXClientData data)
{
	struct record_fields *rf = data;

	if (rf->nr < MAX_FIELDS)
		rf->field[rf->nr++] = field;
	return CXVisit_Continue;
}

/* Integer fields of one record initializer, kept until we know whether
 * the initializer stores a function pointer too. */
#define MAX_CONSTS 16

struct init_state {
	struct walk *w;
	const char *in_global;	/* the global being initialized, if any */
	const char *container;	/* the struct member "S:m" it initializes */
	struct dest dest;	/* where array elements go */
	int is_record;
	struct record_fields *fields;
	int next;		/* positional: index of the next field */
	unsigned instance;	/* this record initializer */
	size_t own_flows;	/* flows its own elements made */
	int keep_consts;	/* a global struct's own initializer */
	struct fact_const consts[MAX_CONSTS];
	int nr_consts;
};

static void handle_init_list(struct walk *w, CXCursor list,
			     const char *in_global, const struct dest *dest,
			     int keep_consts, unsigned parent_instance);

static int field_index(const struct record_fields *rf, CXCursor field)
{
	int i;

	for (i = 0; i < rf->nr; i++)
		if (clang_equalCursors(rf->field[i], field))
			return i;
	return -1;
}

/* The identifier written at the value's place (an enumerator, a macro). */
static const char *written_name(struct walk *w, CXCursor value)
{
	size_t avail, len = 0;
	const char *text = text_at(w, clang_getRangeStart(
					      clang_getCursorExtent(value)),
				   &avail);

	if (!text || !avail || !ctext_ident_start(text[0]))
		return NULL;
	while (len < avail && len < 128 && ctext_ident_char(text[len]))
		len++;
	return batch_strndup(w->batch, text, len);
}

/*
 * The identifier an argument is written as: the enumerator it names
 * (through parentheses and conversions, wherever a macro put it), or the
 * name at its place in the text, a macro's for a literal it expanded to
 * (`#define NF_BR_PRE_ROUTING 0`).  Not a name followed by '(': that is
 * sizeof or a function-like macro that made the argument (libclang 14
 * places a macro argument where the outer macro is invoked).
 */
static const char *argument_name(struct walk *w, CXCursor value)
{
	CXCursor expr = value;
	const char *name, *text;
	size_t avail, len;
	int depth;

	for (depth = 0; depth < 8; depth++) {
		CXCursor decl;

		switch (clang_getCursorKind(expr)) {
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
		case CXCursor_CStyleCastExpr:
			expr = last_child(expr);
			continue;
		case CXCursor_DeclRefExpr:
			decl = clang_getCursorReferenced(expr);
			if (clang_getCursorKind(decl) ==
			    CXCursor_EnumConstantDecl)
				return cursor_spelling(w, decl);
			break;
		default:
			break;
		}
		break;
	}
	name = written_name(w, value);
	text = text_at(w, clang_getRangeStart(clang_getCursorExtent(value)),
		       &avail);
	if (!name || !text)
		return NULL;
	for (len = strlen(name); len < avail; len++)
		if (text[len] != ' ' && text[len] != '\t')
			break;
	return len < avail && text[len] == '(' ? NULL : name;
}

/* Record `record.field = parameter param` at cursor at. */
static struct fact_int_store *add_int_store(struct walk *w, CXCursor at,
					    const struct dest *d, int param)
{
	struct fact_int_store *s = batch_add_int_store(w->batch);

	s->function = w->fn_key;
	s->record = d->record;
	s->field = d->field;
	s->param = param;
	s->loc = expansion_loc(w, clang_getCursorLocation(at));
	return s;
}

struct enum_ctx {
	struct walk *w;
	const char *type;
};

static enum CXChildVisitResult visit_enumerator(CXCursor c, CXCursor parent,
						CXClientData data)
{
	struct enum_ctx *ctx = data;
	struct fact_enumerator *e;
	CXString name;

	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	e = batch_add_enumerator(ctx->w->batch);
	name = clang_getCursorSpelling(c);
	e->type = ctx->type;
	e->name = batch_strdup(ctx->w->batch, clang_getCString(name));
	e->value = clang_getEnumConstantDeclValue(c);
	clang_disposeString(name);
	return CXChildVisit_Continue;
}

/*
 * The value is an enumerator: record that the definition walked (a body,
 * an initializer: w->owner) uses its enum, and the whole enum once per
 * index.
 */
static void note_enum(struct walk *w, CXCursor value)
{
	struct fact_enum_use *use;
	CXCursor decl, type;
	struct enum_ctx ctx;
	CXString name;
	int depth;

	for (depth = 0; depth < 8 &&
	     clang_getCursorKind(value) != CXCursor_DeclRefExpr; depth++) {
		CXCursor last;

		if (!cursor_children(value, NULL, 0, &last))
			return;
		value = last;
	}
	decl = clang_getCursorReferenced(value);
	if (clang_getCursorKind(decl) != CXCursor_EnumConstantDecl)
		return;
	type = clang_getCursorSemanticParent(decl);
	ctx.w = w;
	ctx.type = decl_key(w, type);
	use = batch_add_enum_use(w->batch);
	use->owner = w->owner;
	use->key = ctx.type;
	if (!claim(w, ctx.type, type))
		return;
	name = clang_getCursorSpelling(type);
	if (clang_getCString(name)[0] && !strchr(clang_getCString(name), ' '))
		ctx.type = batch_strdup(w->batch, clang_getCString(name));
	clang_disposeString(name);
	clang_visitChildren(type, visit_enumerator, &ctx);
}

/* Remember an integer field's value, e.g. .priority = NF_IP_PRI_FIRST. */
static void note_const(struct init_state *st, CXCursor value,
		       const struct dest *dest)
{
	struct fact_const *c;
	long long v;

	if (st->nr_consts == MAX_CONSTS || dest->kind != DEST_FIELD ||
	    !int_constant(value, &v))
		return;
	c = &st->consts[st->nr_consts++];
	c->record = dest->record;
	c->field = dest->field;
	c->value = v;
	c->name = written_name(st->w, value);
	c->loc = expansion_loc(st->w, clang_getCursorLocation(value));
	note_enum(st->w, value);
}

static void init_element(struct init_state *st, CXCursor value,
			 const struct dest *dest, CXCursor field)
{
	struct walk *w = st->w;
	struct values vals = { .nr = 0 };
	size_t before = w->batch->nr_flows;

	if (clang_getCursorKind(value) == CXCursor_InitListExpr) {
		handle_init_list(w, value, st->in_global, dest, 0,
				 st->instance);
		return;
	}
	/* `.funcs = params->funcs`: a whole struct copied in (into a
	 * local's own storage when not a global's) */
	{
		struct copy_ends ends = { -1, -1, !st->in_global };

		note_copy(w, clang_getCursorType(value), st->in_global,
			  st->in_global, copy_global(w, value), &ends);
	}
	if (!clang_Cursor_isNull(field) &&
	    is_integer_type(clang_getCursorType(field))) {
		int param = st->in_global ? -1 : param_of(w, value);

		if (param >= 0 && dest->kind == DEST_FIELD)
			add_int_store(w, value, dest, param);
		else
			note_const(st, value, dest);
		return;
	}
	if (dest->kind == DEST_FIELD &&
	    points_to_undefined(clang_getCursorType(value)) &&
	    !is_null_constant(value)) {
		store_unknown(w, value, value, CTX_INIT, dest, st->in_global,
			      st->instance);
		st->own_flows += w->batch->nr_flows - before;
		return;
	}
	describe_value(w, value, &vals, 0);
	if (dest->kind == DEST_FIELD)
		note_table_value(w, value, &vals, -1, 0);
	store_values(w, value, CTX_INIT, dest, st->in_global, st->instance,
		     &vals);
	st->own_flows += w->batch->nr_flows - before;
}

static struct dest field_dest(struct walk *w, CXCursor field)
{
	struct dest d;
	CXString s;

	memset(&d, 0, sizeof(d));
	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return d;
	d.kind = DEST_FIELD;
	d.record = record_name(w, clang_getCursorSemanticParent(field));
	d.record_file = record_file(w, clang_getCursorSemanticParent(field));
	s = clang_getCursorSpelling(field);
	d.field = batch_strdup(w->batch, clang_getCString(s));
	clang_disposeString(s);
	return d;
}

static enum CXChildVisitResult visit_init_element(CXCursor elem,
						  CXCursor parent,
						  CXClientData data)
{
	struct init_state *st = data;
	CXCursor kids[16], last, field = clang_getNullCursor();
	struct dest d;
	int n = 0, i;

	/* a designated initializer: designators first, then the value */
	if (clang_getCursorKind(elem) == CXCursor_UnexposedExpr)
		n = cursor_children(elem, kids, 16, &last);
	if (n < 2) {
		if (!st->is_record) {
			init_element(st, elem, &st->dest, field);
			return CXChildVisit_Continue;
		}
		if (st->next < st->fields->nr)
			field = st->fields->field[st->next++];
		d = field_dest(st->w, field);
		d.container = st->container;
		init_element(st, elem, &d, field);
		return CXChildVisit_Continue;
	}
	if (!st->is_record) {
		init_element(st, last, &st->dest, field);
		return CXChildVisit_Continue;
	}
	/* the last field named: `.nest.inner[0].ctor` stores into ctor;
	 * an array index between fields is an expression, passed over */
	for (i = 0; i < n - 1 && i < 16; i++) {
		if (clang_getCursorKind(kids[i]) != CXCursor_MemberRef)
			continue;
		field = clang_getCursorReferenced(kids[i]);
		if (i == 0) {
			int index = field_index(st->fields, field);

			if (index >= 0)
				st->next = index + 1;
		}
	}
	d = field_dest(st->w, field);
	d.container = st->container;
	init_element(st, last, &d, field);
	return CXChildVisit_Continue;
}

/*
 * An initializer list: each element stores its value into a field of the
 * record being initialized (designated or by position), or, in an array,
 * into wherever the array's elements go (dest).  An array's elements are
 * part of the record whose field the array is (parent_instance): `.adt =
 * { [IPSET_ADD] = f }` belongs to that table.
 */
static void handle_init_list(struct walk *w, CXCursor list,
			     const char *in_global, const struct dest *dest,
			     int keep_consts, unsigned parent_instance)
{
	CXType type = clang_getCanonicalType(clang_getCursorType(list));
	struct record_fields *fields = NULL;
	struct init_state st;

	memset(&st, 0, sizeof(st));
	st.w = w;
	st.in_global = in_global;
	st.keep_consts = keep_consts;
	if (dest)
		st.dest = *dest;
	if (type.kind == CXType_Record) {
		/* `.m = { .f = x }` in an initializer of struct S */
		if (dest && dest->kind == DEST_FIELD && dest->record &&
		    dest->field)
			st.container = container_key(w, dest->record,
						     dest->field);
		fields = xmalloc(sizeof(*fields));
		fields->nr = 0;
		clang_Type_visitFields(type, collect_field, fields);
		st.is_record = 1;
		st.fields = fields;
		st.instance = ++w->batch->nr_instances;
	} else if (type.kind == CXType_ConstantArray ||
		   type.kind == CXType_IncompleteArray) {
		st.instance = parent_instance;
	} else {
		return;
	}
	clang_visitChildren(list, visit_init_element, &st);
	if (st.own_flows || st.keep_consts) {
		int i;

		for (i = 0; i < st.nr_consts; i++) {
			struct fact_const *c = batch_add_const(w->batch);

			*c = st.consts[i];
			c->instance = st.instance;
			c->in_global = in_global;
		}
	}
	free(fields);
}

static enum CXChildVisitResult visit_global_refs(CXCursor c, CXCursor parent,
						 CXClientData data);

static void walk_global_init(struct walk *w, CXCursor var, CXCursor init,
			     enum type_interest interest, const char *key);

/*
 * A global (or a static local) with an initializer that may hold function
 * pointers: walked once per index.
 */
static void handle_global_var(struct walk *w, CXCursor var)
{
	enum type_interest interest;
	CXCursor init;
	const char *key, *outer;

	if (!clang_isCursorDefinition(var))
		return;
	cursor_children(var, NULL, 0, &init);
	if (clang_Cursor_isNull(init) ||
	    !clang_isExpression(clang_getCursorKind(init)))
		return;
	interest = type_interest(w, clang_getCursorType(var));
	/* a static local: visit_body sees its refs; one of structs may
	 * store pointers to ops tables (`.prot = &raw_proto`) */
	if (interest == TYPE_NONE && w->fn_key &&
	    !holds_table_pointer(w, clang_getCursorType(var)))
		return;
	key = decl_key(w, var);
	if (!claim(w, key, var))
		return;
	/* a static local's initializer is its own definition, then the
	 * function's body goes on */
	outer = w->owner;
	w->owner = key;
	walk_global_init(w, var, init, interest, key);
	w->owner = outer;
}

/* The initializer init of the global var (key) this walk claimed. */
static void walk_global_init(struct walk *w, CXCursor var, CXCursor init,
			     enum type_interest interest, const char *key)
{
	struct dest dest;

	if (interest == TYPE_NONE) {
		/* a template struct: its integer fields, kept for the
		 * registration calls that read them (xt_table's priority);
		 * structs, or an array of them, with pointers to ops tables
		 * (inetsw_array[]'s `.prot = &tcp_prot`) */
		int is_record = clang_getCanonicalType(
			clang_getCursorType(var)).kind == CXType_Record;

		if (clang_getCursorKind(init) == CXCursor_InitListExpr &&
		    ((is_record && !w->fn_key) ||
		     holds_table_pointer(w, clang_getCursorType(var)))) {
			global_ref_key(w, var);
			handle_init_list(w, init, key, NULL, is_record, 0);
		}
		/* void *handlers[] = { (void *)fn }: address-taken only */
		w->in_global = key;
		w->in_global_var = var;
		clang_visitChildren(var, visit_global_refs, w);
		w->in_global = NULL;
		return;
	}
	global_ref_key(w, var);
	memset(&dest, 0, sizeof(dest));
	dest.kind = DEST_GLOBAL;
	dest.global = key;
	if (clang_getCursorKind(init) == CXCursor_InitListExpr) {
		handle_init_list(w, init, key, &dest, 0, 0);
	} else {
		struct values vals = { .nr = 0 };

		describe_value(w, init, &vals, 0);
		store_values(w, init, CTX_INIT, &dest, key, 0, &vals);
	}
}

/* A local variable: remember what it holds; walk a struct initializer. */
void handle_local_var(struct walk *w, CXCursor var)
{
	struct values vals = { .nr = 0 };
	CXCursor init;

	if (!is_local_var(var)) {
		handle_global_var(w, var);
		return;
	}
	cursor_children(var, NULL, 0, &init);
	if (clang_Cursor_isNull(init) ||
	    !clang_isExpression(clang_getCursorKind(init)))
		return;
	note_local_assigned(w, var, init);
	if (clang_getCursorKind(init) == CXCursor_InitListExpr) {
		handle_init_list(w, init, NULL, NULL, 0, 0);
		return;
	}
	describe_value(w, init, &vals, 0);
	if (type_interest(w, clang_getCursorType(var)) == TYPE_OPS_PTR)
		note_local_table(w, var.data[0], init, &vals);
	local_add_values(w, var.data[0], &vals);
	note_local_init(w, var, init);
}

/* ------------------------------------------------------------------ */
/* function bodies                                                     */

/*
 * Was this call formed by a macro body rather than written in the text?
 * Written calls have '(' right after the callee expression in the file;
 * INDIRECT_CALL_2(f, f2, f1, ...) has ',' after its argument f2, and a
 * callee pasted by a macro body ends where the whole invocation ends.
 */
static int call_is_macro_formed(struct walk *w, CXSourceRange range)
{
	const char *at;
	size_t left;

	switch (next_char(w, clang_getRangeEnd(range), &at, &left)) {
	case -1:
		return 0;
	case 0:
		return 1;
	default:
		return at[0] != '(';
	}
}

/* Does the text at cursor's name spell name?  Not when a macro made it. */
static int name_is_written(struct walk *w, CXCursor c, const char *name)
{
	size_t avail, len = strlen(name);
	const char *text = text_at(w, clang_getCursorLocation(c), &avail);

	if (!text)
		return 1;
	return avail >= len && !memcmp(text, name, len) &&
	       (avail == len || !ctext_ident_char(text[len]));
}

/* Builtins and block-scope declarations (BUILD_BUG_ON's
 * __compiletime_assert_N) are not functions anyone looks for. */
static int is_real_function(CXCursor fn)
{
	CXString name;
	int builtin;
	CXCursor parent = clang_getCursorLexicalParent(fn);

	if (clang_getCursorKind(parent) != CXCursor_TranslationUnit)
		return 0;
	name = clang_getCursorSpelling(fn);
	builtin = !strncmp(clang_getCString(name), "__builtin_", 10);
	clang_disposeString(name);
	return !builtin;
}

/*
 * The function a callee expression names, through parentheses, casts and
 * `*`/`&`; a null cursor when the call goes through a pointer.  (libclang's
 * clang_getCursorReferenced() would name `pick` for `pick(x)(y)`.)
 */
static CXCursor direct_callee(CXCursor expr, CXCursor *ref)
{
	int depth;

	for (depth = 0; depth < 16; depth++) {
		CXCursor last;

		switch (clang_getCursorKind(expr)) {
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
		case CXCursor_UnaryOperator:
		case CXCursor_CStyleCastExpr:
			cursor_children(expr, NULL, 0, &last);
			expr = last;
			continue;
		case CXCursor_DeclRefExpr:
			*ref = expr;
			expr = clang_getCursorReferenced(expr);
			if (clang_getCursorKind(expr) == CXCursor_FunctionDecl)
				return expr;
			return clang_getNullCursor();
		default:
			return clang_getNullCursor();
		}
	}
	return clang_getNullCursor();
}

/*
 * Arguments that carry function pointers.  A template's address (a weak
 * value) counts only beside a function: xt_hook_ops_alloc(&packet_raw,
 * ipt_do_table), not mutex_lock(&rtnl_mutex).
 */
#define MAX_ARGS 16

static void handle_arguments(struct walk *w, CXCursor call, size_t index)
{
	struct values vals[MAX_ARGS];
	int i, j, n = clang_Cursor_getNumArguments(call), with_function = 0;

	if (n > MAX_ARGS)
		n = MAX_ARGS;
	for (i = 0; i < n; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, (unsigned)i);

		vals[i].nr = 0;
		describe_value(w, arg, &vals[i], 0);
		note_table_value(w, arg, &vals[i], (long)index, i);
		for (j = 0; j < vals[i].nr; j++)
			if (vals[i].v[j].kind == VAL_FUNCTION ||
			    vals[i].v[j].kind == VAL_CALL)
				with_function = 1;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < vals[i].nr; j++) {
			struct fact_flow *f;

			if (vals[i].v[j].weak && !with_function)
				continue;
			f = add_flow(w, call, CTX_ARG, DST_ARG, &vals[i].v[j]);
			f->call = index;
			f->index = i;
		}
	}
}

/*
 * The parameter of the caller that argument arg passes unchanged (the
 * body never changes it), -1 if none; *narrows: a conversion on the way
 * narrows it, so that it may be zero at the callee and not in the
 * caller.
 */
static int param_passed_unchanged(struct walk *w, CXCursor arg,
				  int *narrows)
{
	int param = param_of(w, arg);
	CXType to = clang_getCanonicalType(clang_getCursorType(arg));
	CXType from;

	if (param < 0 || !((unchanged_params(w, w->fn_cursor) >> param) & 1))
		return -1;
	from = clang_getCursorType(strip_conversions(arg));
	*narrows = conversion_narrows(to, from);
	return param;
}

/* Does the function type t (or a pointer to one) take a function
 * pointer? */
static int takes_fnptr(CXType t)
{
	int i, n;

	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_FunctionProto)
		return 0;
	n = clang_getNumArgTypes(t);
	for (i = 0; i < n; i++) {
		CXType a = clang_getCanonicalType(clang_getArgType(t,
							(unsigned)i));

		if (a.kind == CXType_Pointer &&
		    is_function_type(clang_getPointeeType(a)))
			return 1;
	}
	return 0;
}

/* A call_args row: argument i of call index is the caller's parameter
 * param passed on unchanged. */
static void add_param_arg(struct walk *w, size_t index, int i, int param,
			  int narrows)
{
	struct fact_call_arg *a = batch_add_call_arg(w->batch);

	a->call = index;
	a->index = i;
	a->is_param = 1;
	a->param = param;
	a->narrows = narrows;
}

/* A call_args row: argument i of call index, arg, is the constant value. */
static void add_const_arg(struct walk *w, size_t index, int i,
			  long long value, CXCursor arg)
{
	const char *name = argument_name(w, arg);
	struct fact_call_arg *a = batch_add_call_arg(w->batch);

	a->call = index;
	a->index = i;
	a->value = value;
	a->name = name;
}

/*
 * The integer arguments of a call to a function that takes a function
 * pointer: constants (evaluated, with the name written) and parameters
 * of the caller passed on unchanged (NF_HOOK(NFPROTO_IPV4, ...), and
 * nf_hook(pf, hook, ...) inside NF_HOOK).
 */
static void handle_int_arguments(struct walk *w, CXCursor call, size_t index)
{
	int i, n = clang_Cursor_getNumArguments(call);

	if (n > MAX_ARGS)
		n = MAX_ARGS;
	for (i = 0; i < n; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, (unsigned)i);
		long long value;
		int param, narrows;

		if (!is_integer_type(clang_getCursorType(arg)))
			continue;
		param = param_passed_unchanged(w, arg, &narrows);
		if (param >= 0) {
			add_param_arg(w, index, i, param, narrows);
		} else if (int_constant(arg, &value)) {
			add_const_arg(w, index, i, value, arg);
			note_enum(w, arg);
		}
	}
}

/* `&var` (never null): its type points to its operand's, which is a
 * variable or a function named. */
static int is_variable_address(CXCursor op)
{
	CXCursor operand = strip_conversions(last_child(op));
	CXType t = clang_getCanonicalType(clang_getCursorType(op));
	enum CXCursorKind k;

	if (t.kind != CXType_Pointer ||
	    clang_getCursorKind(operand) != CXCursor_DeclRefExpr ||
	    !clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(t)),
			      clang_getCanonicalType(
				      clang_getCursorType(operand))))
		return 0;
	k = clang_getCursorKind(clang_getCursorReferenced(operand));
	return k == CXCursor_VarDecl || k == CXCursor_FunctionDecl;
}

/*
 * The constant arguments of a call to a function of the main file whose
 * calls are guarded by those parameters (guards.c): an integer constant
 * expression, a null pointer constant (0) or an address (1, never null);
 * or a parameter of the caller passed unchanged.  Integer ones are
 * already recorded when the callee takes a function pointer
 * (handle_int_arguments()).
 */
static void handle_guard_arguments(struct walk *w, CXCursor call,
				   CXCursor callee, size_t index,
				   int ints_recorded)
{
	uint64_t guarded;
	int i, n = clang_Cursor_getNumArguments(call);
	CXFile file;

	/* a call in a header's body is walked by whichever TU claims it,
	 * which may not define the callee: the main file's calls only */
	clang_getExpansionLocation(clang_getCursorLocation(call), &file, NULL,
				   NULL, NULL);
	if (!file || !clang_File_isEqual(file, w->main_file))
		return;
	guarded = guard_params(w, callee);

	if (n > 64)
		n = 64;
	for (i = 0; guarded && i < n; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, (unsigned)i);
		CXCursor e = strip_conversions(arg);
		long long value;
		int param, narrows;

		if (!((guarded >> i) & 1) ||
		    (ints_recorded && is_integer_type(clang_getCursorType(arg))))
			continue;
		param = param_passed_unchanged(w, arg, &narrows);
		if (param >= 0) {
			add_param_arg(w, index, i, param, narrows);
			continue;
		}
		if (is_integer_type(clang_getCursorType(arg))) {
			if (!int_constant(arg, &value))
				continue;
		} else if (!is_pointer_expr(arg)) {
			continue;
		} else if (is_null_constant(arg)) {
			value = 0;
		} else if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
			   is_variable_address(e)) {
			value = 1;
		} else if (clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
			   clang_getCursorKind(clang_getCursorReferenced(e)) ==
				   CXCursor_FunctionDecl) {
			value = 1;	/* a function, as a pointer */
		} else {
			continue;
		}
		add_const_arg(w, index, i, value, arg);
	}
}

/* `memcpy(&hw->mac.ops, ii->mac_ops, n)`: the struct at the destination
 * is copied whole.  The C library's copy functions, by name. */
static void note_memcpy(struct walk *w, CXCursor call, CXCursor callee)
{
	static const char *const copiers[] = {
		"memcpy", "__builtin_memcpy", "memmove", "__builtin_memmove",
	};
	CXString s;
	CXType t;
	size_t i;
	int found = 0;

	if (clang_getCursorKind(callee) != CXCursor_FunctionDecl ||
	    clang_Cursor_getNumArguments(call) < 1)
		return;
	s = clang_getCursorSpelling(callee);
	for (i = 0; i < sizeof(copiers) / sizeof(*copiers); i++)
		if (!strcmp(clang_getCString(s), copiers[i]))
			found = 1;
	clang_disposeString(s);
	if (!found)
		return;
	/* under the conversion to void * */
	t = clang_getCanonicalType(clang_getCursorType(
		strip_conversions(clang_Cursor_getArgument(call, 0))));
	if (t.kind == CXType_Pointer) {
		CXCursor dst = clang_Cursor_getArgument(call, 0);
		CXCursor src = clang_Cursor_getNumArguments(call) > 1 ?
			clang_Cursor_getArgument(call, 1) :
			clang_getNullCursor();
		struct copy_ends ends = copy_ends(w, dst, src, 1);

		note_copy(w, clang_getPointeeType(t), NULL, copy_global(w, dst),
			  clang_Cursor_isNull(src) ? NULL :
			  copy_global(w, src), &ends);
	}
}

static void handle_call(struct walk *w, CXCursor call)
{
	CXCursor callee_decl, callee_expr, callee_ref;
	CXSourceRange extent;
	struct fact_call *c;
	size_t index;
	int macro, i;

	if (!w->fn_key)
		return;
	if (!first_child(call, &callee_expr))
		return;
	callee_decl = direct_callee(callee_expr, &callee_ref);
	note_memcpy(w, call, callee_decl);
	if (clang_getCursorKind(callee_decl) == CXCursor_FunctionDecl &&
	    !is_real_function(callee_decl))
		return;
	extent = clang_getCursorExtent(callee_expr);
	macro = call_is_macro_formed(w, extent);
	index = w->batch->nr_calls;
	c = batch_add_call(w->batch);
	c->caller = w->fn_key;
	note_call_index(w, call, index);
	if (macro)
		c->loc = expansion_loc(w, clang_getCursorLocation(call));
	else
		c->loc = file_loc(w, clang_getRangeStart(extent));
	if (clang_getCursorKind(callee_decl) == CXCursor_FunctionDecl) {
		const char *callee = function_ref_key(w, callee_decl);

		mark_consumed(w, callee_ref);
		/* function_ref_key may have grown the batch: re-fetch */
		c = &w->batch->calls[index];
		c->callee = callee;
		c->kind = macro || w->fn_from_macro ? CALL_MACRO : CALL_DIRECT;
		handle_guard_arguments(w, call, callee_decl, index,
				       takes_fnptr(clang_getCursorType(
					       callee_expr)));
	} else {
		struct values vals = { .nr = 0 };
		CXType t = clang_getCanonicalType(clang_getCursorType(callee_expr));
		CXString s;
		const char *fn_type;

		if (t.kind == CXType_Pointer)
			t = clang_getPointeeType(t);
		s = clang_getTypeSpelling(clang_getCanonicalType(t));
		fn_type = batch_strdup(w->batch, clang_getCString(s));
		clang_disposeString(s);
		describe_value(w, callee_expr, &vals, 0);
		c = &w->batch->calls[index];
		if (vals.nr == 1 && vals.v[0].kind == VAL_FUNCTION) {
			/* static_call(): ({ ...; &__SCT__name; })(args) */
			c->callee = vals.v[0].function;
			c->kind = macro || w->fn_from_macro ? CALL_MACRO :
							      CALL_DIRECT;
			goto args;
		}
		c->kind = CALL_INDIRECT;
		c->fn_type = fn_type;
		if (!vals.nr) {
			struct fact_indirect *ind = batch_add_indirect(w->batch);

			ind->call = index;
			ind->callee.kind = VAL_LOCAL;
			ind->callee.index = -1;
		}
		for (i = 0; i < vals.nr; i++) {
			struct fact_indirect *ind = batch_add_indirect(w->batch);

			ind->call = index;
			ind->callee = vals.v[i];
		}
		describe_receiver(w, call, callee_expr, index);
	}

args:
	handle_arguments(w, call, index);
	if (takes_fnptr(clang_getCursorType(callee_expr))) {
		w->fn_calls_fnptr = 1;
		handle_int_arguments(w, call, index);
	}
}

/*
 * Parameters the body writes, for mark_written_params().  Only pointers
 * matter (tables are reached through them), and for a pointer the type
 * of the expression tells the operator, also inside a macro, where the
 * text does not: `p++`, `--p` have p's type, `&p` a pointer to it, `*p`
 * and `!p` another.
 */
static void note_param_written(struct walk *w, CXCursor target)
{
	int param = param_of(w, target);

	if (param >= 64)
		w->params_written = ~(uint64_t)0;
	else if (param >= 0)
		w->params_written |= (uint64_t)1 << param;
}

static int same_type(CXCursor a, CXCursor b)
{
	return clang_equalTypes(clang_getCanonicalType(clang_getCursorType(a)),
				clang_getCanonicalType(clang_getCursorType(b)));
}

/*
 * `*&x->f`, `*(T *)&x->f`, as READ_ONCE() and WRITE_ONCE() read and
 * write a field: the address is used at once, where the store, if any,
 * is seen (the walk is parent first, so the `&` comes after).
 */
static void note_derefed_address(struct walk *w, CXCursor op,
				 CXCursor operand)
{
	CXCursor inner = derefed_address(op, operand);

	if (!clang_Cursor_isNull(inner))
		ptrmap_put(&w->derefed, inner.data[1], 1);
}

/*
 * `dal_bios_parser_init_cmd_tbl_helper(&bp->cmd_helper, v)`, `pp =
 * &h->cur; *pp = &ops_b`: the address of a field that points to a table
 * taken, to be filled through it; `h->cur++` walking it: what the field
 * holds is not all known.  Not `*&h->cur` (note_derefed_address()).
 */
static void note_field_written(struct walk *w, CXCursor op, CXCursor operand)
{
	CXCursor e = strip_conversions(operand);
	struct dest dest;
	CXType t;

	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr ||
	    ptrmap_get(&w->derefed, op.data[1], NULL))
		return;
	t = clang_getCursorType(e);
	if (type_interest(w, t) != TYPE_OPS_PTR && !points_to_undefined(t))
		return;
	describe_dest(w, e, &dest);
	if (dest.kind == DEST_FIELD)
		store_unknown(w, op, clang_getNullCursor(), CTX_OTHER, &dest,
			      NULL, 0);
}

static void handle_unary(struct walk *w, CXCursor op)
{
	CXCursor operand = last_child(op);

	if (!is_pointer_expr(operand))
		return;
	note_derefed_address(w, op, operand);
	if (!same_type(op, operand) && !is_address_of(op, operand))
		return;
	note_field_written(w, op, operand);
	note_local_written(w, operand);
	if (param_of(w, operand) >= 0)
		note_param_written(w, operand);
}

/*
 * `p = q` on a pointer parameter: the other binary operators that give
 * p's type, `p + n` and `p - n`, have an integer on the right.  The
 * text tells `p = 0`, but not inside a macro, whose text libclang
 * gives as the place it is used.
 */
static void note_param_assignment(struct walk *w, CXCursor op, CXCursor lhs,
				  CXCursor rhs)
{
	if (param_of(w, lhs) < 0 || !is_pointer_expr(lhs) ||
	    !same_type(op, lhs))
		return;
	if (is_pointer_expr(rhs) || is_plain_assignment(w, lhs))
		note_param_written(w, lhs);
}

static int param_is_written(const struct walk *w, int param)
{
	return param >= 64 || (w->params_written >> param) & 1;
}

/*
 * After the body: a parameter the body writes is not what the callers
 * passed everywhere in it.  Calls on it are not made on the caller's
 * object, and passing it on passes something not followed too.
 */
static void mark_written_params(struct walk *w, size_t first_receiver,
				size_t first_flow, size_t first_copy)
{
	size_t i, kept, nr_flows = w->batch->nr_flows;

	if (!w->params_written)
		return;
	for (i = first_copy; i < w->batch->nr_copies; i++) {
		struct fact_copy *c = &w->batch->copies[i];

		if (c->dst_param >= 0 && param_is_written(w, c->dst_param))
			c->dst_param = -1;
		if (c->src_param >= 0 && param_is_written(w, c->src_param))
			c->src_param = -1;
	}
	for (i = kept = first_receiver; i < w->batch->nr_receivers; i++) {
		struct fact_receiver *r = &w->batch->receivers[i];

		if (r->param >= 0 && param_is_written(w, r->param))
			r->param = -1;
		if (receiver_is_used(r, r->made_call >= 0))
			w->batch->receivers[kept++] = *r;
	}
	w->batch->nr_receivers = kept;
	for (i = first_flow; i < nr_flows; i++) {
		struct fact_flow *f = &w->batch->flows[i], *unknown;
		int p = f->src.index;

		if (f->dest != DST_ARG || f->src.kind != VAL_PARAM ||
		    !param_is_written(w, p))
			continue;
		unknown = batch_add_flow(w->batch);
		f = &w->batch->flows[i];	/* the batch may have moved */
		*unknown = *f;
		memset(&unknown->src, 0, sizeof(unknown->src));
		unknown->src.kind = VAL_LOCAL;
	}
}

/*
 * `p->pf = pf`: an integer parameter stored unchanged into a field;
 * `hook->ops.pf = NFPROTO_NETDEV`: a constant.
 */
static void handle_int_assign(struct walk *w, CXCursor op)
{
	CXCursor kids[1], rhs;
	struct dest dest;
	long long value;
	int param;

	if (!w->fn_key || cursor_children(op, kids, 1, &rhs) != 2)
		return;
	describe_dest(w, kids[0], &dest);
	if (dest.kind != DEST_FIELD || !is_plain_assignment(w, kids[0]))
		return;
	param = param_of(w, rhs);
	if (param >= 0) {
		add_int_store(w, op, &dest, param);
		return;
	}
	if (int_constant(rhs, &value)) {
		struct fact_int_store *s = add_int_store(w, op, &dest, -1);

		s->value = value;
		s->name = written_name(w, rhs);
		note_enum(w, rhs);
	}
}

/*
 * `lhs = rhs` where a function pointer or an ops-table pointer is stored,
 * or where a local pointer gets a value worth remembering (a table copy).
 */
static void handle_binary(struct walk *w, CXCursor op)
{
	CXCursor kids[1], rhs;
	struct values vals = { .nr = 0 };
	struct dest dest;
	enum type_interest interest;
	CXType type = clang_getCanonicalType(clang_getCursorType(op));
	size_t first_flow;

	if (cursor_children(op, kids, 1, &rhs) == 2) {
		note_param_assignment(w, op, kids[0], rhs);
		/* a pointer's own type: `p = q`, or `p + n` counted as one */
		if (type.kind == CXType_Pointer && same_type(op, kids[0]))
			note_local_assigned(w, kids[0], rhs);
	}
	if (is_integer_type(type)) {
		handle_int_assign(w, op);
		return;
	}
	interest = type_interest(w, type);
	if (interest == TYPE_OPS_OBJECT) {
		/* `dmub->funcs = params->funcs`: copied whole */
		if (cursor_children(op, kids, 1, &rhs) == 2 &&
		    is_plain_assignment(w, kids[0])) {
			struct copy_ends ends = copy_ends(w, kids[0], rhs, 0);

			note_copy(w, type, NULL, copy_global(w, kids[0]),
				  copy_global(w, rhs), &ends);
		}
		return;
	}
	if (interest != TYPE_FNPTR && interest != TYPE_OPS_PTR) {
		/* comparisons are int; arithmetic is no store */
		if (type.kind != CXType_Pointer ||
		    cursor_children(op, kids, 1, &rhs) != 2)
			return;
		describe_dest(w, kids[0], &dest);
		/* `dmn->ste_ctx = mlx5dr_ste_get_ctx(v)` where the struct is
		 * not defined: the pointer may be to an ops table, filled by
		 * something not followed (a pointer on the right: no
		 * arithmetic) */
		if (dest.kind == DEST_FIELD && points_to_undefined(type) &&
		    is_pointer_expr(rhs) && !is_null_constant(rhs)) {
			store_unknown(w, op, rhs, CTX_ASSIGN, &dest, NULL, 0);
			return;
		}
		if (dest.kind != DEST_LOCAL)
			return;
		describe_value(w, rhs, &vals, 0);
		local_add_values(w, dest.local, &vals);
		return;
	}
	if (cursor_children(op, kids, 1, &rhs) != 2)
		return;
	if (type_interest(w, clang_getCursorType(kids[0])) != interest)
		return;
	describe_dest(w, kids[0], &dest);
	if (dest.kind == DEST_NONE)
		return;
	describe_value(w, rhs, &vals, 0);
	if (dest.kind == DEST_FIELD)
		note_table_value(w, rhs, &vals, -1, 0);
	else if (dest.kind == DEST_LOCAL && interest == TYPE_OPS_PTR)
		note_local_table(w, dest.local, rhs, &vals);
	first_flow = w->batch->nr_flows;
	store_values(w, op, CTX_ASSIGN, &dest, NULL, 0, &vals);
	if (dest.kind == DEST_FIELD && interest == TYPE_OPS_PTR)
		note_made_store(w, kids[0], first_flow);
}

static void handle_return(struct walk *w, CXCursor ret)
{
	struct values vals = { .nr = 0 };
	CXCursor value;
	int i;

	if (!first_child(ret, &value))
		return;
	note_return_value(w, value);
	if (w->fn_returns != TYPE_FNPTR && w->fn_returns != TYPE_OPS_PTR)
		return;
	describe_value(w, value, &vals, 0);
	for (i = 0; i < vals.nr; i++)
		if (!vals.v[i].weak)
			add_flow(w, ret, CTX_RETURN, DST_RETURN, &vals.v[i]);
}

/* A static global of type `void *`: what it holds has lost its type. */
static int is_untyped_static(CXCursor var)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(var));

	return clang_getCursorLinkage(var) == CXLinkage_Internal &&
	       t.kind == CXType_Pointer &&
	       clang_getCanonicalType(clang_getPointeeType(t)).kind ==
		       CXType_Void;
}

/* A static global named in a body or an initializer: it is read. */
static void note_static_read(struct walk *w, CXCursor var)
{
	if (!is_local_var(var) &&
	    clang_getCursorLinkage(var) == CXLinkage_Internal)
		ptrmap_put(&w->read_statics,
			   clang_getCanonicalCursor(var).data[0], 1);
}

/*
 * A function named outside any call or store kcg follows: cast to void *
 * and kept in an array, compared, passed through a variadic.  Its address
 * is taken all the same (the signature fallback counts on it).
 */
static void handle_function_ref(struct walk *w, CXCursor ref, CXCursor fn,
				const char *in_global)
{
	struct fact_value v;
	struct fact_flow *f;

	if (is_consumed(w, ref) || !is_real_function(fn))
		return;
	memset(&v, 0, sizeof(v));
	v.kind = VAL_FUNCTION;
	v.function = function_ref_key(w, fn);
	if (in_global)
		global_ref_key(w, w->in_global_var);
	f = add_flow(w, ref, CTX_OTHER, DST_OTHER, &v);
	f->in_global = in_global;
	if (in_global && is_untyped_static(w->in_global_var)) {
		xgrow(&w->holders, &w->alloc_holders, w->nr_holders + 1,
		      sizeof(*w->holders));
		w->holders[w->nr_holders].flow = w->batch->nr_flows - 1;
		w->holders[w->nr_holders++].var =
			clang_getCanonicalCursor(w->in_global_var).data[0];
	}
}

/* A name in a body or an initializer: a function's, a static's. */
static void handle_decl_ref(struct walk *w, CXCursor ref,
			    const char *in_global)
{
	CXCursor decl = clang_getCursorReferenced(ref);

	switch (clang_getCursorKind(decl)) {
	case CXCursor_FunctionDecl:
		handle_function_ref(w, ref, decl, in_global);
		break;
	case CXCursor_VarDecl:
		note_static_read(w, decl);
		break;
	default:
		break;
	}
}

static enum CXChildVisitResult visit_global_refs(CXCursor c, CXCursor parent,
						 CXClientData data)
{
	struct walk *w = data;

	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		handle_decl_ref(w, c, w->in_global);
	return CXChildVisit_Recurse;
}

static enum CXChildVisitResult visit_body(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct walk *w = data;

	switch (clang_getCursorKind(c)) {
	case CXCursor_CallExpr:
		handle_call(w, c);
		break;
	case CXCursor_BinaryOperator:
		handle_binary(w, c);
		break;
	case CXCursor_CompoundAssignOperator: {
		CXCursor lhs;

		if (first_child(c, &lhs)) {
			note_param_written(w, lhs);
			note_local_written(w, lhs);
		}
		break;
	}
	case CXCursor_UnaryOperator:
		handle_unary(w, c);
		break;
	case CXCursor_VarDecl:
		handle_local_var(w, c);
		break;
	case CXCursor_CompoundLiteralExpr: {
		CXCursor init;

		cursor_children(c, NULL, 0, &init);
		if (clang_getCursorKind(init) == CXCursor_InitListExpr)
			handle_init_list(w, init, NULL, NULL, 0, 0);
		break;
	}
	case CXCursor_ReturnStmt:
		handle_return(w, c);
		break;
	case CXCursor_DeclRefExpr:
		handle_decl_ref(w, c, NULL);
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

/*
 * A function's body spelled in a header from `{` to `}`, not in the TU's
 * own file: the only bodies that may be handed on emptied (emptied.h).
 */
struct header_body {
	CXCursor body;
	CXFile file;
	unsigned start, end;	/* file offsets */
	const char *text;	/* from its `{`; NULL: not such a body */
};

/*
 * fn's body in *x, when it is a header's.  Not a body a macro makes (a
 * tracepoint's `{ }` check_trace_callback_type stub), whose offsets are
 * the macro call's.
 */
static void find_header_body(struct walk *w, CXCursor fn,
			     struct header_body *x)
{
	CXSourceRange range;
	CXFile end_file, spelled;
	unsigned spelled_at;
	size_t avail = 0;
	const char *text;

	x->text = NULL;
	x->body = last_child(fn);
	if (clang_getCursorKind(x->body) != CXCursor_CompoundStmt)
		return;
	range = clang_getCursorExtent(x->body);
	clang_getFileLocation(clang_getRangeStart(range), &x->file, NULL, NULL,
			      &x->start);
	clang_getFileLocation(clang_getRangeEnd(range), &end_file, NULL, NULL,
			      &x->end);
	clang_getSpellingLocation(clang_getRangeStart(range), &spelled, NULL,
				  NULL, &spelled_at);
	if (!x->file || !end_file || !spelled || spelled_at != x->start ||
	    !clang_File_isEqual(x->file, end_file) ||
	    !clang_File_isEqual(x->file, spelled) ||
	    clang_File_isEqual(x->file, w->main_file) || x->end < x->start + 2)
		return;
	text = text_at(w, clang_getRangeStart(range), &avail);
	if (text && x->end - x->start <= avail && text[0] == '{' &&
	    text[x->end - x->start - 1] == '}')
		x->text = text;
}

/*
 * Note the body x of the function this walk takes, to hand on emptied to
 * the TUs after this one: a header's, not weak, named as written.  The
 * text itself is checked when the bodies are handed on.
 */
static void note_body(struct walk *w, const struct header_body *x,
		      int from_macro)
{
	const struct fact_claim *c = &w->batch->claims[w->batch->nr_claims - 1];
	struct emptied_body *b;
	CXString name;
	const char *s;

	if (c->in_main || c->weak || from_macro || !x->text)
		return;
	name = clang_getFileName(x->file);
	s = clang_getCString(name);
	xgrow(&w->bodies, &w->alloc_bodies, w->nr_bodies + 1,
	      sizeof(*w->bodies));
	b = &w->bodies[w->nr_bodies++];
	b->path = s[0] == '/' ? batch_strdup(w->batch, s) :
		  batch_strjoin(w->batch, w->directory, '/', s);
	b->start = x->start;
	b->end = x->end;
	clang_disposeString(name);
}

/*
 * Whether the body x of the function this walk takes came to the parse
 * emptied: no statement, where the file on disk has some.  It does when
 * the TU that walked that text gave it another key (a static function
 * declared first in another file: clang's USR names that file); the TU
 * is then parsed again whole (extractor/parse.c).  Comments and blanks
 * are no statement.
 */
static int came_emptied(const struct header_body *x)
{
	CXCursor first;

	if (!x->text || first_child(x->body, &first))
		return 0;
	/* a body with a preprocessor line is never emptied: one whose
	 * statements an #if left out is only empty here */
	if (!emptied_spelling_ok(x->text, x->end - x->start))
		return 0;
	return !ctext_blank(x->text + 1, x->text + (x->end - x->start) - 1);
}

static void walk_function(struct walk *w, CXCursor fn)
{
	const char *key = decl_key(w, fn);
	struct header_body hb;
	struct fact_function *f;
	int64_t index;
	int i, nargs;
	size_t first_int_store, first_receiver, first_flow, first_copy;
	CXString s;

	if (!claim(w, key, fn))
		return;
	/* the body once, for both uses */
	hb.text = NULL;
	if (w->handed_emptied || w->note_bodies)
		find_header_body(w, fn, &hb);
	if (w->handed_emptied && came_emptied(&hb))
		w->walked_emptied = 1;
	function_ref_key(w, fn);
	strmap_get(&w->emitted, key, &index);
	f = &w->batch->functions[index];
	f->is_defined = 1;
	f->loc = expansion_loc(w, clang_getCursorLocation(fn));
	f->from_macro = !name_is_written(w, fn, f->name);
	if (w->note_bodies)
		note_body(w, &hb, f->from_macro);
	s = clang_getTypeSpelling(clang_getCanonicalType(clang_getCursorType(fn)));
	f->type = batch_strdup(w->batch, clang_getCString(s));
	clang_disposeString(s);

	w->fn_key = key;
	w->fn_cursor = fn;
	w->owner = key;
	w->fn_from_macro = w->batch->functions[index].from_macro;
	w->fn_returns = type_interest(w, clang_getCursorResultType(fn));
	ptrmap_clear(&w->params);
	ptrmap_clear(&w->locals);
	ptrmap_clear(&w->local_inits);
	ptrmap_clear(&w->consumed);
	w->nr_locals = 0;
	w->nr_local_inits = 0;
	nargs = clang_Cursor_getNumArguments(fn);
	for (i = 0; i < nargs; i++)
		ptrmap_put(&w->params,
			   clang_Cursor_getArgument(fn, (unsigned)i).data[0],
			   i + 1);
	w->fn_takes_fnptr = takes_fnptr(clang_getCursorType(fn));
	w->fn_calls_fnptr = 0;
	w->fn_stores_fnptr = 0;
	w->params_written = 0;
	first_int_store = w->batch->nr_int_stores;
	first_receiver = w->batch->nr_receivers;
	first_flow = w->batch->nr_flows;
	first_copy = w->batch->nr_copies;
	made_begin(w);
	clang_visitChildren(fn, visit_body, w);
	check_local_uses(w);
	made_finish(w, first_receiver, first_flow);
	mark_written_params(w, first_receiver, first_flow, first_copy);
	note_guards(w, fn);
	/* integer stores matter where function pointers go too */
	if (!w->fn_takes_fnptr && !w->fn_calls_fnptr && !w->fn_stores_fnptr)
		w->batch->nr_int_stores = first_int_store;
	w->fn_key = NULL;
	w->owner = NULL;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct walk *w = data;

	switch (clang_getCursorKind(c)) {
	case CXCursor_FunctionDecl:
		if (clang_isCursorDefinition(c))
			walk_function(w, c);
		break;
	case CXCursor_VarDecl:
		handle_global_var(w, c);
		break;
	default:
		break;
	}
	return CXChildVisit_Continue;
}

/*
 * A function whose address is kept only in a static `void *` that
 * nothing in the TU reads (EXPORT_SYMBOL's `__ADDRESSABLE(sym)`, in a
 * section the linker discards) is named there, never called through it.
 */
static void name_unread_holders(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nr_holders; i++)
		if (!ptrmap_get(&w->read_statics, w->holders[i].var, NULL))
			w->batch->flows[w->holders[i].flow].context = CTX_NAMED;
}

void walk_translation_unit(struct walk *w)
{
	clang_visitChildren(clang_getTranslationUnitCursor(w->tu), visit_top,
			    w);
	name_unread_holders(w);
}
