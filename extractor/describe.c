/*
 * What an expression's value is, and where a store goes.
 *
 * The kernel rarely writes `p->f = fn` plainly: the value goes through
 * casts, rcu_assign_pointer()'s uintptr_t local, WRITE_ONCE()'s
 * `*(volatile typeof(x) *)&(x)`, READ_ONCE() statement expressions and
 * ternaries.  describe_value() looks through all of these to the sources
 * that matter for function pointers (a function, a field, a parameter, a
 * global, a call's result); describe_dest() does the same for the left side
 * of an assignment.  Both work on syntax only, one translation unit at a
 * time; resolution across the index happens later, in the database.
 */
#include "walk.h"

#include "util/alloc.h"

#include <string.h>

/* Recursion bound for describe_value: expressions nest, macros more so. */
#define MAX_DEPTH 24

/*
 * A DeclRefExpr of a function that a call or a flow accounts for; the
 * others are address-taken in some other way (visit.c records them).
 */
void mark_consumed(struct walk *w, CXCursor ref)
{
	ptrmap_put(&w->consumed, ref.data[1], 1);
}

int is_consumed(struct walk *w, CXCursor ref)
{
	return ptrmap_get(&w->consumed, ref.data[1], NULL);
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int same_value(const struct fact_value *a, const struct fact_value *b)
{
	return a->kind == b->kind && a->index == b->index &&
	       a->weak == b->weak &&
	       same_str(a->function, b->function) &&
	       same_str(a->global, b->global) &&
	       same_str(a->local, b->local) &&
	       same_str(a->record, b->record) && same_str(a->field, b->field) &&
	       same_str(a->record_file, b->record_file);
}

static void add_value(struct values *out, const struct fact_value *v)
{
	int i;

	for (i = 0; i < out->nr; i++)
		if (same_value(&out->v[i], v))
			return;
	if (out->nr < MAX_VALUES)
		out->v[out->nr++] = *v;
}

/* Remember what a local variable may hold, for calls and stores later. */
void local_add_values(struct walk *w, const void *decl,
		      const struct values *vals)
{
	int64_t index;
	int i;

	/* assigned again: its initializer is no longer all it holds */
	if (ptrmap_get(&w->local_inits, decl, NULL))
		ptrmap_put(&w->local_inits, decl, -1);
	if (!vals->nr)
		return;
	if (!ptrmap_get(&w->locals, decl, &index)) {
		xgrow(&w->local_values, &w->alloc_locals, w->nr_locals + 1,
		      sizeof(*w->local_values));
		w->local_values[w->nr_locals].nr = 0;
		index = (int64_t)++w->nr_locals;
		ptrmap_put(&w->locals, decl, index);
	}
	for (i = 0; i < vals->nr; i++)
		add_value(&w->local_values[index - 1], &vals->v[i]);
	/* some may have been left out */
	if (w->local_values[index - 1].nr == MAX_VALUES)
		ptrmap_put(&w->unwhole_locals, decl, 1);
}

static void describe_decl_ref(struct walk *w, CXCursor ref,
			      struct values *out)
{
	CXCursor decl = clang_getCursorReferenced(ref);
	struct fact_value v;
	enum type_interest interest;
	int64_t index;
	int i;

	memset(&v, 0, sizeof(v));
	switch (clang_getCursorKind(decl)) {
	case CXCursor_FunctionDecl:
		mark_consumed(w, ref);
		v.kind = VAL_FUNCTION;
		v.function = function_ref_key(w, decl);
		add_value(out, &v);
		return;
	case CXCursor_ParmDecl:
		if (!ptrmap_get(&w->params, decl.data[0], &index))
			return;
		interest = type_interest(w, clang_getCursorType(decl));
		if (interest != TYPE_FNPTR && interest != TYPE_OPS_PTR)
			return;
		v.kind = VAL_PARAM;
		v.index = (int)index - 1;
		add_value(out, &v);
		return;
	case CXCursor_VarDecl:
		break;
	default:
		return;
	}
	if (is_local_var(decl)) {
		if (ptrmap_get(&w->locals, decl.data[0], &index)) {
			const struct values *known = &w->local_values[index - 1];

			for (i = 0; i < known->nr; i++)
				add_value(out, &known->v[i]);
			return;
		}
		interest = type_interest(w, clang_getCursorType(decl));
		if (interest != TYPE_FNPTR)
			return;
		v.kind = VAL_LOCAL;
		v.local = cursor_spelling(w, decl);
		add_value(out, &v);
		return;
	}
	interest = type_interest(w, clang_getCursorType(decl));
	if (interest == TYPE_NONE)
		return;
	v.kind = interest == TYPE_OPS_OBJECT ? VAL_GLOBAL_ADDR : VAL_GLOBAL;
	v.global = global_ref_key(w, decl);
	add_value(out, &v);
}

static void describe_member(struct walk *w, CXCursor member,
			    struct values *out)
{
	CXCursor field = clang_getCursorReferenced(member);
	enum type_interest interest;
	struct fact_value v;

	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return;
	interest = type_interest(w, clang_getCursorType(field));
	if (interest != TYPE_FNPTR && interest != TYPE_OPS_PTR)
		return;
	memset(&v, 0, sizeof(v));
	v.kind = VAL_FIELD;
	v.record = record_name(w, clang_getCursorSemanticParent(field));
	v.record_file = record_file(w, clang_getCursorSemanticParent(field));
	v.field = cursor_spelling(w, field);
	v.in_ops_table =
		record_is_ops_table(w, clang_getCursorSemanticParent(field));
	add_value(out, &v);
}

/* The struct a pointer or array of type t points to; null if none. */
static CXCursor pointed_record(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getPointeeType(t);
	t = element_type(t);
	if (t.kind != CXType_Record)
		return clang_getNullCursor();
	return clang_getTypeDeclaration(t);
}

/*
 * Is the argument, as written before implicit conversions, a pointer to
 * (or an array of) the struct the call returns a pointer to?
 */
static int points_to_same_record(CXCursor arg, CXCursor returned)
{
	CXCursor record = pointed_record(clang_getCursorType(
		strip_implicit(arg, 8)));

	return !clang_Cursor_isNull(record) &&
	       clang_equalCursors(clang_getCanonicalCursor(record),
				  clang_getCanonicalCursor(returned));
}

/*
 * A pointer returned by a call that was handed a table is taken for a copy
 * of that table: ops = kmemdup(nf_nat_ipv4_ops, ...).  A call that returns
 * a pointer to another struct is not copying it: sk_alloc(net, family,
 * gfp, prot, kern) takes a struct proto and makes a struct sock, which is
 * no copy of *prot.  So the table must be of the struct the call returns,
 * unless it returns void *.
 */
static void describe_table_copy(struct walk *w, CXCursor call,
				struct values *out, int depth)
{
	int i, n = clang_Cursor_getNumArguments(call);
	CXType t = clang_getCanonicalType(clang_getCursorType(call));
	CXCursor returned;

	if (t.kind != CXType_Pointer)
		return;
	returned = pointed_record(t);
	if (clang_Cursor_isNull(returned) &&
	    clang_getCanonicalType(clang_getPointeeType(t)).kind != CXType_Void)
		return;
	for (i = 0; i < n; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, (unsigned)i);
		struct values args = { .nr = 0 };
		int j;

		if (!clang_Cursor_isNull(returned) &&
		    !points_to_same_record(arg, returned))
			continue;
		describe_value(w, arg, &args, depth + 1);
		for (j = 0; j < args.nr; j++)
			if (args.v[j].kind == VAL_GLOBAL_ADDR && !args.v[j].weak)
				add_value(out, &args.v[j]);
	}
}

static void describe_call(struct walk *w, CXCursor call, struct values *out,
			  int depth)
{
	CXCursor callee = clang_getCursorReferenced(call);
	enum type_interest interest;
	struct fact_value v;

	if (clang_getCursorKind(callee) != CXCursor_FunctionDecl)
		return;
	interest = type_interest(w, clang_getCursorType(call));
	if (interest != TYPE_FNPTR && interest != TYPE_OPS_PTR) {
		describe_table_copy(w, call, out, depth);
		return;
	}
	memset(&v, 0, sizeof(v));
	v.kind = VAL_CALL;
	v.function = function_ref_key(w, callee);
	add_value(out, &v);
}

/*
 * A GNU statement expression ({ decls; value; }): remember its locals
 * first (READ_ONCE and rcu_dereference hide the real source in one), then
 * describe its last statement.
 */
static void describe_stmt_expr(struct walk *w, CXCursor expr,
			       struct values *out, int depth)
{
	CXCursor body = last_child(expr), stmts[64], last;
	int i, n;

	if (clang_getCursorKind(body) != CXCursor_CompoundStmt)
		return;
	n = cursor_children(body, stmts, 64, &last);
	for (i = 0; i < n && i < 64; i++) {
		CXCursor decls[8];
		int j, nd;

		if (clang_getCursorKind(stmts[i]) != CXCursor_DeclStmt)
			continue;
		nd = cursor_children(stmts[i], decls, 8, NULL);
		for (j = 0; j < nd && j < 8; j++)
			if (clang_getCursorKind(decls[j]) == CXCursor_VarDecl)
				handle_local_var(w, decls[j]);
	}
	if (n && clang_isExpression(clang_getCursorKind(last)))
		describe_value(w, last, out, depth + 1);
}

/*
 * `&packet_raw`: the address of a global struct that holds no function
 * pointer, a template a registration call reads (xt_hook_ops_alloc()
 * takes the hook points and priority of its hooks from it).
 */
static int describe_template_addr(struct walk *w, CXCursor expr,
				  struct values *out)
{
	CXCursor operand = strip_implicit(last_child(expr), 4), decl;
	CXType t;
	struct fact_value v;

	if (clang_getCursorKind(operand) != CXCursor_DeclRefExpr)
		return 0;
	decl = clang_getCursorReferenced(operand);
	if (clang_getCursorKind(decl) != CXCursor_VarDecl ||
	    is_local_var(decl))
		return 0;
	t = clang_getCanonicalType(clang_getCursorType(decl));
	if (t.kind != CXType_Record ||
	    type_interest(w, clang_getCursorType(decl)) != TYPE_NONE)
		return 0;
	memset(&v, 0, sizeof(v));
	v.kind = VAL_GLOBAL_ADDR;
	v.weak = 1;
	v.global = global_ref_key(w, decl);
	add_value(out, &v);
	return 1;
}

void describe_value(struct walk *w, CXCursor expr, struct values *out,
		    int depth)
{
	CXCursor kids[3];
	enum type_interest interest;
	int n;

	if (depth > MAX_DEPTH)
		return;
	switch (clang_getCursorKind(expr)) {
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:
	case CXCursor_CStyleCastExpr:
		/* casts list the type's typeof() expressions first */
		describe_value(w, last_child(expr), out, depth + 1);
		return;
	case CXCursor_UnaryOperator:
		if (describe_template_addr(w, expr, out))
			return;
		/* &fn, *fnptr; `!fn` and friends yield no pointer */
		interest = type_interest(w, clang_getCursorType(expr));
		if (interest == TYPE_NONE &&
		    !is_function_type(clang_getCursorType(expr)) &&
		    !is_pointer_expr(expr))
			return;
		describe_value(w, last_child(expr), out, depth + 1);
		return;
	case CXCursor_BinaryOperator:
		/* the comma operator or an assignment used as a value */
		interest = type_interest(w, clang_getCursorType(expr));
		if (interest == TYPE_NONE)
			return;
		describe_value(w, last_child(expr), out, depth + 1);
		return;
	case CXCursor_ConditionalOperator:
		n = cursor_children(expr, kids, 3, NULL);
		if (n == 3) {
			describe_value(w, kids[1], out, depth + 1);
			describe_value(w, kids[2], out, depth + 1);
		}
		return;
	case CXCursor_StmtExpr:
		describe_stmt_expr(w, expr, out, depth);
		return;
	case CXCursor_DeclRefExpr:
		describe_decl_ref(w, expr, out);
		return;
	case CXCursor_MemberRefExpr:
		describe_member(w, expr, out);
		return;
	case CXCursor_ArraySubscriptExpr:
		n = cursor_children(expr, kids, 1, NULL);
		if (n)
			describe_value(w, kids[0], out, depth + 1);
		return;
	case CXCursor_CallExpr:
		describe_call(w, expr, out, depth);
		return;
	default:
		return;
	}
}

void describe_dest(struct walk *w, CXCursor lhs, struct dest *out)
{
	CXCursor cur = lhs, kids[1], decl;
	int depth, deref = 0;

	memset(out, 0, sizeof(*out));
	for (depth = 0; depth < MAX_DEPTH; depth++) {
		switch (clang_getCursorKind(cur)) {
		case CXCursor_UnaryOperator:
			deref = 1;	/* `*x = f`: stored where x points */
			/* fall through */
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
		case CXCursor_CStyleCastExpr:
			cur = last_child(cur);
			continue;
		case CXCursor_ArraySubscriptExpr:
			if (!cursor_children(cur, kids, 1, NULL))
				return;
			cur = kids[0];
			if (is_pointer_expr(cur))
				deref = 1;
			continue;
		case CXCursor_MemberRefExpr:
			decl = clang_getCursorReferenced(cur);
			if (clang_getCursorKind(decl) != CXCursor_FieldDecl)
				return;
			out->kind = DEST_FIELD;
			out->record = record_name(
				w, clang_getCursorSemanticParent(decl));
			out->record_file = record_file(
				w, clang_getCursorSemanticParent(decl));
			out->field = cursor_spelling(w, decl);
			if (!deref) {
				out->global = member_global(w, cur);
				out->container = member_container(w, cur);
			}
			return;
		case CXCursor_DeclRefExpr:
			decl = clang_getCursorReferenced(cur);
			if (clang_getCursorKind(decl) != CXCursor_VarDecl)
				return;
			if (is_local_var(decl)) {
				out->kind = DEST_LOCAL;
				out->local = decl.data[0];
			} else {
				out->kind = DEST_GLOBAL;
				out->global = global_ref_key(w, decl);
			}
			return;
		default:
			return;
		}
	}
}
