/*
 * Guards: the calls a function makes only while one of its parameters is
 * zero, or nonzero.  lwt_bpf's run_lwt_bpf() calls skb_do_redirect() only
 * in the else branch of `if (unlikely(!can_redirect))`, and bpf_input()
 * passes NO_REDIRECT: a path through bpf_input never redirects.  The
 * extractor records both halves: the guards of each call (call_guards)
 * and, at a call to a function of the main file whose calls are guarded,
 * the constants passed there (call_args).  The path search puts them
 * together (queries/path_context.c).
 *
 * A parameter matters too when a call passes it unchanged to one that
 * matters in the callee (`relay(int flag) { return run(flag); }`), so
 * that a constant passed to relay() reaches run()'s guards.
 *
 * A call is guarded by a parameter when it sits in a branch that runs
 * only with the parameter so: the then or else branch of an `if`, an
 * arm of `?:`, the right of `&&` or `||`, or the statements after an
 * `if` whose branch always leaves (`if (!p) return;`).  Only a condition
 * made of the parameter itself, `!`, `== 0`, `!= 0`, `&&`, `||`,
 * parentheses, conversions that keep its truth and `__builtin_expect`
 * (likely(), unlikely()) counts.  Nothing is a guard when it might not
 * hold at the call:
 *   - a parameter the body assigns, increments or takes the address of
 *     (any use of it as an lvalue) guards nothing;
 *   - a branch that a label or a `case` lies in can be entered without
 *     the test, so it has no guard from it;
 *   - a conversion that narrows the parameter (`long` to `int`) may
 *     turn nonzero into zero: a parameter passed on through one is
 *     marked (call_args.narrows), and its truth tells nothing there.
 * Only the main file's functions count as callees, and only its calls
 * record what they pass: a header's body is walked by whichever TU
 * claims it first, which may not define the callee, and the facts must
 * not depend on the order of the TUs.
 */
#include "walk.h"

#include <string.h>

#define MAX_GUARD_PARAMS 63	/* a mask + 1 fits an int64_t */
#define MAX_ATOMS 32
#define MAX_DEPTH 16
#define MAX_CHAIN 16	/* functions scanned for one another */

struct atom {
	int param;
	int nonzero;
};

struct guard_scan {
	struct walk *w;
	const void *params[MAX_GUARD_PARAMS];
	int nr_params;
	uint64_t scalar;	/* parameters of integer or pointer type */
	uint64_t written;	/* parameters used as an lvalue */
	int has_targets;	/* the body has labels or cases */
	uint64_t used;		/* parameters some call is guarded by */
	int emit;		/* record call_guards for the calls */
	struct atom atoms[MAX_ATOMS];
	int nr_atoms;
};

static int param_index(const struct guard_scan *g, CXCursor ref)
{
	CXCursor decl;
	int i;

	if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr)
		return -1;
	decl = clang_getCursorReferenced(ref);
	if (clang_getCursorKind(decl) != CXCursor_ParmDecl)
		return -1;
	for (i = 0; i < g->nr_params; i++)
		if (g->params[i] == decl.data[0])
			return i;
	return -1;
}

static int is_scalar_type(CXType t)
{
	return is_integer_type(t) ||
	       clang_getCanonicalType(t).kind == CXType_Pointer;
}

/* A parameter the guards may test: scalar and never an lvalue. */
static int guard_param(const struct guard_scan *g, CXCursor ref)
{
	int p = param_index(g, ref);

	if (p < 0 || !((g->scalar >> p) & 1) || ((g->written >> p) & 1))
		return -1;
	return p;
}

/*
 * Written parameters: a DeclRefExpr of a parameter that is not the
 * operand of an implicit conversion (an lvalue-to-rvalue one, unexposed
 * in libclang) is assigned, incremented, has its address taken or is an
 * asm output.  Parentheses pass the question to their parent.
 */
struct written_scan {
	struct guard_scan *g;
	int rvalue;		/* the parent converts its operand */
};

static enum CXChildVisitResult scan_written(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	struct written_scan *outer = data, inner;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct guard_scan *g = outer->g;
	int p;

	(void)parent;
	if (k == CXCursor_LabelStmt || k == CXCursor_CaseStmt ||
	    k == CXCursor_DefaultStmt)
		g->has_targets = 1;
	p = param_index(g, c);
	if (p >= 0 && !outer->rvalue)
		g->written |= (uint64_t)1 << p;
	inner.g = g;
	inner.rvalue = k == CXCursor_UnexposedExpr ||
		       (k == CXCursor_ParenExpr && outer->rvalue);
	clang_visitChildren(c, scan_written, &inner);
	return CXChildVisit_Continue;
}

/* Labels anywhere in the subtree (a case of a switch inside belongs to
 * that switch, a label does not). */
static enum CXChildVisitResult find_label(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LabelStmt) {
		*(int *)data = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Does the subtree hold a label or a case a jump could enter by? */
static enum CXChildVisitResult find_target(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (k == CXCursor_LabelStmt || k == CXCursor_CaseStmt ||
	    k == CXCursor_DefaultStmt) {
		*(int *)data = 1;
		return CXChildVisit_Break;
	}
	if (k == CXCursor_SwitchStmt) {
		clang_visitChildren(c, find_label, data);
		return *(int *)data ? CXChildVisit_Break :
				      CXChildVisit_Continue;
	}
	return CXChildVisit_Recurse;
}

static int has_target(const struct guard_scan *g, CXCursor c)
{
	int found = 0;

	if (!g->has_targets)
		return 0;
	if (clang_getCursorKind(c) == CXCursor_LabelStmt ||
	    clang_getCursorKind(c) == CXCursor_CaseStmt ||
	    clang_getCursorKind(c) == CXCursor_DefaultStmt)
		return 1;
	clang_visitChildren(c, find_target, &found);
	return found;
}

/* Token t into out when it is `!` (unary) or `&&`, `||`, `==`, `!=`. */
static int take_operator(CXTranslationUnit tu, CXToken t, int binary,
			 char out[3])
{
	static const char *const ops[] = { "&&", "||", "==", "!=" };
	CXString s = clang_getTokenSpelling(tu, t);
	const char *text = clang_getCString(s);
	size_t i;
	int found = 0;

	if (text && !binary)
		found = !strcmp(text, "!");
	for (i = 0; text && binary && i < sizeof(ops) / sizeof(*ops); i++)
		if (!strcmp(text, ops[i]))
			found = 1;
	if (found)
		strcpy(out, text);
	clang_disposeString(s);
	return found;
}

/* The operator take_operator() finds in the tokens from..to: the first
 * (unary), or the last or the one before it (binary). */
static void operator_in(CXTranslationUnit tu, CXSourceLocation from,
			CXSourceLocation to, int binary, char out[3])
{
	CXToken *tokens = NULL;
	unsigned n = 0;

	clang_tokenize(tu, clang_getRange(from, to), &tokens, &n);
	if (!binary && n >= 1)
		take_operator(tu, tokens[0], 0, out);
	else if (binary && n >= 2 && !take_operator(tu, tokens[n - 1], 1, out) &&
		 n >= 3)
		take_operator(tu, tokens[n - 2], 1, out);
	if (tokens)
		clang_disposeTokens(tu, tokens, n);
}

/* loc in the file: a macro argument's spelling, a macro's use. */
static CXSourceLocation file_location(CXTranslationUnit tu,
				      CXSourceLocation loc)
{
	CXFile file;
	unsigned offset;

	clang_getFileLocation(loc, &file, NULL, NULL, &offset);
	return file ? clang_getLocationForOffset(tu, file, offset) :
		      clang_getNullLocation();
}

/*
 * The operator of a unary or binary operator cursor, when it is one of
 * take_operator()'s; "" otherwise.  libclang names no operator, and the
 * text at a location it gives is, inside a macro, the place the macro
 * is used; but clang_tokenize() lexes at the spelling, also in a
 * macro's body.  So: the first token from a prefix operator (from) to
 * its operand (to), or the one before a binary operator's right operand
 * (to) in the tokens from its left one (from), the range's end token
 * with them or not.  Where the two ends are spelled in different places
 * (an operator in a macro's body, an operand in an argument) the tokens
 * are not the operator's, and it stays unknown: `,`, `(` or nothing
 * come then, never an operator.  Where the right operand alone comes
 * from a macro (`d == NULL`), the tokens in the file between where the
 * two operands are written tell.
 */
static void operator_of(struct guard_scan *g, CXCursor from, CXCursor to,
			int binary, char out[3])
{
	CXSourceLocation a = clang_getRangeStart(clang_getCursorExtent(from));
	CXSourceLocation b = clang_getRangeStart(clang_getCursorExtent(to));

	out[0] = 0;
	operator_in(g->w->tu, a, b, binary, out);
	/* `d == NULL`: the right operand is a macro's, the rest is not */
	if (!out[0] && binary)
		operator_in(g->w->tu, file_location(g->w->tu, a),
			    file_location(g->w->tu, b), binary, out);
}

static int is_zero_constant(CXCursor e)
{
	e = strip_conversions(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_IntegerLiteral:
	case CXCursor_GNUNullExpr:
	case CXCursor_CharacterLiteral:
		return evaluates_to_zero(e);
	default:
		return 0;
	}
}

/*
 * Through parentheses, `__builtin_expect(x, c)` and the implicit
 * conversions that keep x's truth: to _Bool, or to a type as wide.
 */
static CXCursor strip_truth_kept(CXCursor e)
{
	int depth;

	for (depth = 0; depth < MAX_DEPTH; depth++) {
		enum CXCursorKind k = clang_getCursorKind(e);
		CXCursor kids[2];

		if (k == CXCursor_ParenExpr) {
			e = last_child(e);
		} else if (k == CXCursor_UnexposedExpr &&
			   cursor_children(e, kids, 2, NULL) == 1) {
			if (conversion_narrows(clang_getCursorType(e),
					       clang_getCursorType(kids[0])))
				return clang_getNullCursor();
			e = kids[0];
		} else if (k == CXCursor_CallExpr &&
			   clang_Cursor_getNumArguments(e) == 2) {
			CXString s = clang_getCursorSpelling(e);
			int expect = !strcmp(clang_getCString(s),
					     "__builtin_expect");

			clang_disposeString(s);
			if (!expect)
				return e;
			e = clang_Cursor_getArgument(e, 0);
		} else {
			return e;
		}
	}
	return clang_getNullCursor();
}

/* Might e's truth tell one of the guard parameters?  (No text read.) */
static int mentions_guard(const struct guard_scan *g, CXCursor e, int depth)
{
	CXCursor kids[2];

	e = strip_truth_kept(e);
	if (clang_Cursor_isNull(e) || depth > MAX_DEPTH)
		return 0;
	switch (clang_getCursorKind(e)) {
	case CXCursor_DeclRefExpr:
		return guard_param(g, e) >= 0;
	case CXCursor_UnaryOperator:
		return cursor_children(e, kids, 1, NULL) == 1 &&
		       mentions_guard(g, kids[0], depth + 1);
	case CXCursor_BinaryOperator:
		return cursor_children(e, kids, 2, NULL) == 2 &&
		       (mentions_guard(g, kids[0], depth + 1) ||
			mentions_guard(g, kids[1], depth + 1));
	default:
		return 0;
	}
}

static void push_atom(struct guard_scan *g, int param, int nonzero)
{
	if (g->nr_atoms < MAX_ATOMS) {
		g->atoms[g->nr_atoms].param = param;
		g->atoms[g->nr_atoms].nonzero = nonzero;
		g->nr_atoms++;
	}
}

/* Push what e being `truth` says of the guard parameters. */
static void push_truth(struct guard_scan *g, CXCursor e, int truth,
		       int depth)
{
	CXCursor kids[2];
	char op[3];
	int p;

	if (depth > MAX_DEPTH || !mentions_guard(g, e, 0))
		return;
	e = strip_truth_kept(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_DeclRefExpr:
		p = guard_param(g, e);
		if (p >= 0)
			push_atom(g, p, truth);
		return;
	case CXCursor_UnaryOperator:
		if (cursor_children(e, kids, 1, NULL) != 1)
			return;
		operator_of(g, e, kids[0], 0, op);
		if (!strcmp(op, "!"))
			push_truth(g, kids[0], !truth, depth + 1);
		return;
	case CXCursor_BinaryOperator:
		if (cursor_children(e, kids, 2, NULL) != 2)
			return;
		operator_of(g, kids[0], kids[1], 1, op);
		if ((!strcmp(op, "&&") && truth) ||
		    (!strcmp(op, "||") && !truth)) {
			push_truth(g, kids[0], truth, depth + 1);
			push_truth(g, kids[1], truth, depth + 1);
		} else if (!strcmp(op, "==") || !strcmp(op, "!=")) {
			int same = !strcmp(op, "!=") ? truth : !truth;

			if (is_zero_constant(kids[1]))
				push_truth(g, kids[0], same, depth + 1);
			else if (is_zero_constant(kids[0]))
				push_truth(g, kids[1], same, depth + 1);
		}
		return;
	default:
		return;
	}
}

static void scan_guarded(struct guard_scan *g, CXCursor c);
static enum CXChildVisitResult scan_child(CXCursor c, CXCursor parent,
					  CXClientData data);

/* Scan c with what cond being truth says, unless c can be jumped into. */
static void scan_branch(struct guard_scan *g, CXCursor c, CXCursor cond,
			int truth)
{
	int depth = g->nr_atoms;

	if (!has_target(g, c))
		push_truth(g, cond, truth, 0);
	scan_guarded(g, c);
	g->nr_atoms = depth;
}

/*
 * The parameters a call passes unchanged to parameters its callee's calls
 * are guarded by (a function of the main file, guard_params()): what a
 * caller passes there matters as much (`relay(flag) { run(flag); }`).
 */
static void note_passed_on(struct guard_scan *g, CXCursor call)
{
	CXCursor callee, decl;
	uint64_t guarded;
	int i, n = clang_Cursor_getNumArguments(call);

	if (!first_child(call, &callee))
		return;
	decl = clang_getCursorReferenced(strip_conversions(callee));
	if (clang_getCursorKind(decl) != CXCursor_FunctionDecl)
		return;
	guarded = guard_params(g->w, decl);
	for (i = 0; guarded && i < n && i < MAX_GUARD_PARAMS; i++) {
		CXCursor arg;
		int p;

		if (!((guarded >> i) & 1))
			continue;
		arg = strip_truth_kept(clang_Cursor_getArgument(call,
							       (unsigned)i));
		p = clang_Cursor_isNull(arg) ? -1 : guard_param(g, arg);
		if (p >= 0)
			g->used |= (uint64_t)1 << p;
	}
}

static void note_call(struct guard_scan *g, CXCursor call)
{
	int64_t index;
	int i, j;

	note_passed_on(g, call);
	for (i = 0; i < g->nr_atoms; i++)
		g->used |= (uint64_t)1 << g->atoms[i].param;
	if (!g->emit || !g->nr_atoms ||
	    !ptrmap_get(&g->w->call_indexes, call.data[1], &index))
		return;
	for (i = 0; i < g->nr_atoms; i++) {
		struct fact_guard *f;

		for (j = 0; j < i; j++)
			if (g->atoms[j].param == g->atoms[i].param &&
			    g->atoms[j].nonzero == g->atoms[i].nonzero)
				break;
		if (j < i)
			continue;
		f = batch_add_guard(g->w->batch);
		f->call = (size_t)index - 1;
		f->param = g->atoms[i].param;
		f->nonzero = g->atoms[i].nonzero;
	}
}

/* The statement under labels and cases (a jump to them runs it whole). */
static CXCursor labelled_statement(CXCursor s)
{
	int depth;

	for (depth = 0; depth < MAX_DEPTH; depth++) {
		enum CXCursorKind k = clang_getCursorKind(s);

		if (k != CXCursor_LabelStmt && k != CXCursor_CaseStmt &&
		    k != CXCursor_DefaultStmt)
			return s;
		s = last_child(s);
	}
	return clang_getNullCursor();
}

/* Does statement s always leave the statements around it? */
static int always_leaves(CXCursor s)
{
	switch (clang_getCursorKind(s)) {
	case CXCursor_ReturnStmt:
	case CXCursor_GotoStmt:
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
		return 1;
	case CXCursor_CompoundStmt:
		return always_leaves(last_child(s));
	default:
		return 0;
	}
}

/*
 * A block: each statement scanned in turn, and after `if (cond) leave;`
 * (no else) the statements that follow know cond is false, up to the
 * first one a jump can enter (from it on, nothing is known).
 */
static void scan_block(struct guard_scan *g, CXCursor block)
{
	CXCursor kids[256];
	int n = cursor_children(block, kids, 256, NULL), i, first;
	int depth = g->nr_atoms;

	if (n > 256) {		/* too long to hold: without the rule */
		clang_visitChildren(block, scan_child, g);
		return;
	}
	for (first = 1; first < n; first++)
		if (has_target(g, kids[first]))
			break;
	for (i = 0; i < n; i++) {
		CXCursor s, parts[3];

		if (i == first)
			g->nr_atoms = depth;
		scan_guarded(g, kids[i]);
		s = labelled_statement(kids[i]);
		if (i + 1 >= first || clang_Cursor_isNull(s) ||
		    clang_getCursorKind(s) != CXCursor_IfStmt ||
		    cursor_children(s, parts, 3, NULL) != 2 ||
		    !always_leaves(parts[1]))
			continue;
		push_truth(g, parts[0], 0, 0);
	}
	g->nr_atoms = depth;
}

static enum CXChildVisitResult scan_child(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	(void)parent;
	scan_guarded(data, c);
	return CXChildVisit_Continue;
}

static void scan_guarded(struct guard_scan *g, CXCursor c)
{
	CXCursor kids[3];
	int n;
	char op[3];

	switch (clang_getCursorKind(c)) {
	case CXCursor_IfStmt:
	case CXCursor_ConditionalOperator:
		n = cursor_children(c, kids, 3, NULL);
		if (n < 2 || n > 3)
			break;
		scan_guarded(g, kids[0]);
		scan_branch(g, kids[1], kids[0], 1);
		if (n == 3)
			scan_branch(g, kids[2], kids[0], 0);
		return;
	case CXCursor_BinaryOperator:
		if (cursor_children(c, kids, 2, NULL) != 2 ||
		    !mentions_guard(g, kids[0], 0))
			break;
		operator_of(g, kids[0], kids[1], 1, op);
		if (strcmp(op, "&&") && strcmp(op, "||"))
			break;
		scan_guarded(g, kids[0]);
		scan_branch(g, kids[1], kids[0], !strcmp(op, "&&"));
		return;
	case CXCursor_CompoundStmt:
		scan_block(g, c);
		return;
	case CXCursor_CallExpr:
		note_call(g, c);
		break;
	default:
		break;
	}
	clang_visitChildren(c, scan_child, g);
}

/* The body of function definition fn, scanned; 0 if fn has none. */
static int scan_function(struct guard_scan *g, struct walk *w, CXCursor fn,
			 int emit)
{
	struct written_scan ws;
	CXCursor body = clang_getNullCursor();
	int i, n = clang_Cursor_getNumArguments(fn);

	memset(g, 0, sizeof(*g));
	g->w = w;
	g->emit = emit;
	if (n <= 0) {
		g->written = ~(uint64_t)0;
		return 0;
	}
	if (n > MAX_GUARD_PARAMS)
		n = MAX_GUARD_PARAMS;
	for (i = 0; i < n; i++) {
		CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);

		g->params[i] = p.data[0];
		if (is_scalar_type(clang_getCursorType(p)))
			g->scalar |= (uint64_t)1 << i;
	}
	g->nr_params = n;
	body = last_child(fn);
	if (!g->scalar || clang_getCursorKind(body) != CXCursor_CompoundStmt) {
		g->written = ~(uint64_t)0;	/* no body: nothing is known */
		return 0;
	}
	ws.g = g;
	ws.rvalue = 0;
	clang_visitChildren(body, scan_written, &ws);
	if ((g->scalar & ~g->written) == 0)
		return 0;
	scan_guarded(g, body);
	return 1;
}

/* Remember what the scan of fn found: the parameters its calls are
 * guarded by, and those of integer or pointer type it never changes. */
static void remember(struct walk *w, CXCursor fn, const struct guard_scan *g)
{
	const void *key = clang_getCanonicalCursor(fn).data[0];

	ptrmap_put(&w->guard_params, key, (int64_t)g->used + 1);
	ptrmap_put(&w->unchanged_params, key,
		   (int64_t)(g->scalar & ~g->written) + 1);
}

void note_guards(struct walk *w, CXCursor fn)
{
	struct guard_scan g;

	scan_function(&g, w, fn, 1);
	remember(w, fn, &g);
}

uint64_t unchanged_params(struct walk *w, CXCursor fn)
{
	struct guard_scan g;
	int64_t cached;

	if (ptrmap_get(&w->unchanged_params,
		       clang_getCanonicalCursor(fn).data[0], &cached))
		return (uint64_t)(cached - 1);
	scan_function(&g, w, fn, 0);
	remember(w, fn, &g);
	return g.scalar & ~g.written;
}

uint64_t guard_params(struct walk *w, CXCursor callee)
{
	CXCursor def = clang_getCursorDefinition(callee);
	struct guard_scan g;
	CXFile file;
	int64_t cached;

	if (clang_Cursor_isNull(def))
		return 0;
	/* a header's body may come emptied (emptied.h): the main file's
	 * functions only, so the facts do not depend on the order of TUs */
	clang_getExpansionLocation(clang_getCursorLocation(def), &file, NULL,
				   NULL, NULL);
	if (!file || !clang_File_isEqual(file, w->main_file))
		return 0;
	if (ptrmap_get(&w->guard_params, clang_getCanonicalCursor(def).data[0],
		       &cached))
		return (uint64_t)(cached - 1);
	/* passed on to callees, guard_params() of each: a cycle sees none,
	 * a deep chain stops */
	if (w->guard_depth >= MAX_CHAIN)
		return 0;
	ptrmap_put(&w->guard_params, clang_getCanonicalCursor(def).data[0], 1);
	w->guard_depth++;
	scan_function(&g, w, def, 0);
	w->guard_depth--;
	remember(w, def, &g);
	return g.used;
}
