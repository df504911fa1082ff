/*
 * Cursor helpers for the walk: the children of a cursor, its spelling as a
 * string of the batch, and what kind of variable a declaration is.
 */
#include "walk.h"

struct children_ctx {
	CXCursor *out;
	int max, nr;
	CXCursor last;
};

static enum CXChildVisitResult collect_child(CXCursor c, CXCursor parent,
					     CXClientData data)
{
	struct children_ctx *ctx = data;

	if (ctx->nr < ctx->max)
		ctx->out[ctx->nr] = c;
	ctx->nr++;
	ctx->last = c;
	return CXChildVisit_Continue;
}

/*
 * Store up to max children of parent in out, the last one in *last (if
 * non-NULL); return how many children there are.
 */
int cursor_children(CXCursor parent, CXCursor *out, int max, CXCursor *last)
{
	struct children_ctx ctx = { out, max, 0, clang_getNullCursor() };

	clang_visitChildren(parent, collect_child, &ctx);
	if (last)
		*last = ctx.last;
	return ctx.nr;
}

static enum CXChildVisitResult take_first(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	*(CXCursor *)data = c;
	return CXChildVisit_Break;
}

/*
 * The first child of parent in *out: 1, or 0 if it has none.  Stops
 * there (a call's arguments are not visited for its callee).
 */
int first_child(CXCursor parent, CXCursor *out)
{
	*out = clang_getNullCursor();
	clang_visitChildren(parent, take_first, out);
	return !clang_Cursor_isNull(*out);
}

/* Through parentheses and implicit conversions, not casts written in the
 * source (at most max_depth): the expression as written. */
CXCursor strip_implicit(CXCursor e, int max_depth)
{
	int depth;

	for (depth = 0; depth < max_depth &&
	     (clang_getCursorKind(e) == CXCursor_ParenExpr ||
	      clang_getCursorKind(e) == CXCursor_UnexposedExpr); depth++)
		e = last_child(e);
	return e;
}

/* Through parentheses, implicit conversions and casts (at most 8). */
CXCursor strip_conversions(CXCursor e)
{
	int depth;

	for (depth = 0; depth < 8; depth++) {
		switch (clang_getCursorKind(e)) {
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
		case CXCursor_CStyleCastExpr:
			e = last_child(e);
			continue;
		default:
			return e;
		}
	}
	return e;
}

/* Is op `&x`, its type a pointer to its operand's? */
int is_address_of(CXCursor op, CXCursor operand)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(op));

	return t.kind == CXType_Pointer &&
	       clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(t)),
				clang_getCanonicalType(
					clang_getCursorType(operand)));
}

/* When op is `*&x` or `*(T *)&x` (READ_ONCE(x)), the `&x`; the null
 * cursor otherwise. */
CXCursor derefed_address(CXCursor op, CXCursor operand)
{
	CXCursor inner;

	/* `*p`: p's type is a pointer to op's */
	if (clang_getCursorKind(op) != CXCursor_UnaryOperator ||
	    !is_address_of(operand, op))
		return clang_getNullCursor();
	inner = strip_conversions(operand);
	if (clang_getCursorKind(inner) == CXCursor_UnaryOperator &&
	    is_address_of(inner, last_child(inner)))
		return inner;
	return clang_getNullCursor();
}

/* `READ_ONCE(x->ops)`, `*&x->ops`: x->ops; e itself otherwise. */
CXCursor through_read_once(CXCursor e)
{
	CXCursor address = derefed_address(e, last_child(e));

	return clang_Cursor_isNull(address) ? e :
	       strip_conversions(last_child(address));
}

/* The last child of parent; the null cursor if it has none. */
CXCursor last_child(CXCursor parent)
{
	CXCursor last;

	cursor_children(parent, NULL, 0, &last);
	return last;
}

/* The spelling of c (a name), as a string owned by the batch. */
const char *cursor_spelling(struct walk *w, CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	const char *copy = batch_strdup(w->batch, clang_getCString(s));

	clang_disposeString(s);
	return copy;
}

/* A variable with automatic storage, local to a function. */
int is_local_var(CXCursor var)
{
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(var);
	CXCursor parent = clang_getCursorSemanticParent(var);

	if (sc == CX_SC_Static || sc == CX_SC_Extern)
		return 0;
	return clang_getCursorKind(parent) == CXCursor_FunctionDecl;
}

/* Is e an integer constant expression?  Its value in *value. */
int int_constant(CXCursor e, long long *value)
{
	CXEvalResult r = clang_Cursor_Evaluate(e);
	int found;

	if (!r)
		return 0;
	found = clang_EvalResult_getKind(r) == CXEval_Int;
	if (found)
		*value = clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return found;
}

/* Does e evaluate to the integer 0 (`NULL` among others)? */
int evaluates_to_zero(CXCursor e)
{
	long long value = 0;

	return int_constant(e, &value) && value == 0;
}

/* Is the type of e (an expression or a declaration) a pointer? */
int is_pointer_expr(CXCursor e)
{
	return clang_getCanonicalType(clang_getCursorType(e)).kind ==
	       CXType_Pointer;
}
