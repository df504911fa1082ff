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
#include "util/path.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Recursion bound for describe_value: expressions nest, macros more so. */
#define MAX_DEPTH 24

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

/* The first child of parent in *out: 1, or 0 if it has none.  Stops
 * there (a call's arguments are not visited for its callee). */
int first_child(CXCursor parent, CXCursor *out)
{
	*out = clang_getNullCursor();
	clang_visitChildren(parent, take_first, out);
	return !clang_Cursor_isNull(*out);
}

static CXCursor last_child(CXCursor parent)
{
	CXCursor last;

	cursor_children(parent, NULL, 0, &last);
	return last;
}

/* The path of a libclang file as stored: relative to the root if inside. */
static const char *file_path(struct walk *w, CXFile file)
{
	int64_t cached;
	CXString name;
	const char *rel, *stored;
	char *abs;

	if (!file)
		return NULL;
	if (ptrmap_get(&w->files, file, &cached))
		return (const char *)(intptr_t)cached;
	name = clang_getFileName(file);
	abs = path_join(w->directory, clang_getCString(name));
	clang_disposeString(name);
	rel = path_relative_to(abs, w->shared->root);
	stored = batch_strdup(w->batch, rel ? rel : abs);
	free(abs);
	ptrmap_put(&w->files, file, (intptr_t)stored);
	return stored;
}

/* Where the text is written: for a macro argument, inside the argument. */
struct fact_loc file_loc(struct walk *w, CXSourceLocation loc)
{
	struct fact_loc out = { NULL, 0, 0 };
	CXFile file;

	clang_getSpellingLocation(loc, &file, &out.line, &out.col, NULL);
	out.file = file_path(w, file);
	return out;
}

/* Where the outermost macro was invoked (the location itself if none). */
struct fact_loc expansion_loc(struct walk *w, CXSourceLocation loc)
{
	struct fact_loc out = { NULL, 0, 0 };
	CXFile file;

	clang_getExpansionLocation(loc, &file, &out.line, &out.col, NULL);
	out.file = file_path(w, file);
	return out;
}

/*
 * The file of loc's expansion location, as stored; NULL if none.  Cheaper
 * than expansion_loc(): no line and column to work out.
 */
const char *expansion_file(struct walk *w, CXSourceLocation loc)
{
	CXFile file;

	clang_getExpansionLocation(loc, &file, NULL, NULL, NULL);
	return file_path(w, file);
}

/*
 * The text of a file of the TU.  A header's comes from the worker's cache,
 * read from disk (clang_getFileContents() searches the TU's whole
 * source-location table for it), as the parser named it: `dir/../x.h`
 * not normalized, symlinks and all.  The TU's own file, which no other TU
 * reads, libclang finds at once.  libclang's copy is the fallback.
 */
static const char *file_text(struct walk *w, CXFile file, size_t *size)
{
	const char *text = NULL;
	CXString name;
	const char *s;
	char *path;

	if (w->texts && !clang_File_isEqual(file, w->main_file)) {
		name = clang_getFileName(file);
		s = clang_getCString(name);
		path = s[0] == '/' ? xstrdup(s) : path_join(w->directory, s);
		text = text_cache_get(w->texts, path, size);
		clang_disposeString(name);
		free(path);
	}
	if (!text)
		text = clang_getFileContents(w->tu, file, size);
	return text;
}

/*
 * The file text at loc's spelling location, with *avail bytes to the end
 * of the file; NULL when unknown.  The buffer belongs to the TU or to the
 * worker's text cache.
 */
const char *text_at(struct walk *w, CXSourceLocation loc, size_t *avail)
{
	CXFile file;
	unsigned offset;
	int64_t text, size;

	clang_getSpellingLocation(loc, &file, NULL, NULL, &offset);
	if (!file)
		return NULL;
	if (!ptrmap_get(&w->contents, file, &text)) {
		size_t n = 0;
		const char *p = file_text(w, file, &n);

		text = (intptr_t)p;
		ptrmap_put(&w->contents, file, text);
		ptrmap_put(&w->content_sizes, file, (int64_t)n);
	}
	ptrmap_get(&w->content_sizes, file, &size);
	if (!text || offset > (uint64_t)size)
		return NULL;
	*avail = (size_t)size - offset;
	return (const char *)(intptr_t)text + offset;
}

static int is_function_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_FunctionProto ||
	       t.kind == CXType_FunctionNoProto;
}

struct field_scan {
	struct walk *w;
	unsigned fields, fnptrs;
	int nested_fnptr;
};

static unsigned record_info(struct walk *w, CXCursor record);

static enum CXVisitorResult scan_field(CXCursor field, CXClientData data)
{
	struct field_scan *scan = data;
	CXType t = clang_getCanonicalType(clang_getCursorType(field));

	scan->fields++;
	while (t.kind == CXType_ConstantArray ||
	       t.kind == CXType_IncompleteArray)
		t = clang_getCanonicalType(clang_getArrayElementType(t));
	if (t.kind == CXType_Pointer &&
	    is_function_type(clang_getPointeeType(t)))
		scan->fnptrs++;
	else if (t.kind == CXType_Record &&
		 (record_info(scan->w, clang_getTypeDeclaration(t)) & 1))
		scan->nested_fnptr = 1;
	return CXVisit_Continue;
}

/*
 * Bit 0: the record holds function pointers (directly or in embedded
 * structs).  Bit 1: it is an ops table, at least a third of its fields
 * being function pointers: a pointer to it is worth following.
 */
static unsigned record_info(struct walk *w, CXCursor record)
{
	struct field_scan scan = { w, 0, 0, 0 };
	const void *key = record.data[0];
	int64_t cached;
	unsigned info;

	if (ptrmap_get(&w->record_info, key, &cached))
		return (unsigned)cached - 1;
	ptrmap_put(&w->record_info, key, 1);	/* breaks cycles */
	clang_Type_visitFields(clang_getCursorType(record), scan_field, &scan);
	info = (scan.fnptrs || scan.nested_fnptr) ? 1 : 0;
	if (scan.fnptrs && scan.fnptrs * 3 >= scan.fields)
		info |= 2;
	ptrmap_put(&w->record_info, key, info + 1);
	return info;
}

enum type_interest type_interest(struct walk *w, CXType type)
{
	CXType t = clang_getCanonicalType(type);

	while (t.kind == CXType_ConstantArray ||
	       t.kind == CXType_IncompleteArray)
		t = clang_getCanonicalType(clang_getArrayElementType(t));
	if (is_function_type(t))
		return TYPE_FNPTR;	/* `int getfrag(...)` as a parameter */
	if (t.kind == CXType_Pointer) {
		CXType p = clang_getCanonicalType(clang_getPointeeType(t));

		if (is_function_type(p))
			return TYPE_FNPTR;
		if (p.kind == CXType_Record &&
		    (record_info(w, clang_getTypeDeclaration(p)) & 2))
			return TYPE_OPS_PTR;
		return TYPE_NONE;
	}
	if (t.kind == CXType_Record &&
	    (record_info(w, clang_getTypeDeclaration(t)) & 1))
		return TYPE_OPS_OBJECT;
	return TYPE_NONE;
}

static int is_record_kind(enum CXCursorKind kind)
{
	return kind == CXCursor_StructDecl || kind == CXCursor_UnionDecl;
}

/*
 * The name of a struct or union as the user writes it.  Fields of an
 * anonymous member struct belong to the enclosing named record (C lets
 * them be used as its own); an unnamed top-level record is named by its
 * place, "(anonymous)@file:line".
 */
const char *record_name(struct walk *w, CXCursor record)
{
	const void *key = record.data[0];
	int64_t cached;
	CXString spelling;
	const char *s, *name;
	CXCursor cur = record;

	if (ptrmap_get(&w->records, key, &cached))
		return (const char *)(intptr_t)cached;
	for (;;) {
		CXCursor parent;

		spelling = clang_getCursorSpelling(cur);
		s = clang_getCString(spelling);
		if (s[0] && !strchr(s, ' ') && !strchr(s, '(')) {
			name = batch_strdup(w->batch, s);
			clang_disposeString(spelling);
			break;
		}
		clang_disposeString(spelling);
		parent = clang_getCursorSemanticParent(cur);
		if (!is_record_kind(clang_getCursorKind(parent))) {
			struct fact_loc loc =
				expansion_loc(w, clang_getCursorLocation(cur));
			struct strbuf sb;

			strbuf_init(&sb);
			strbuf_addf(&sb, "(anonymous)@%s:%u",
				    loc.file ? loc.file : "?", loc.line);
			name = batch_strdup(w->batch, sb.buf);
			strbuf_release(&sb);
			break;
		}
		cur = parent;
	}
	ptrmap_put(&w->records, key, (intptr_t)name);
	return name;
}

/*
 * The file that defines a struct: its identity together with its name,
 * since igb and e1000e each define a `struct e1000_phy_operations`.
 */
const char *record_file(struct walk *w, CXCursor record)
{
	CXCursor def = clang_getCursorDefinition(record);

	if (clang_Cursor_isNull(def))
		def = record;
	return expansion_loc(w, clang_getCursorLocation(def)).file;
}

static const char *spelling(struct walk *w, CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	const char *copy = batch_strdup(w->batch, clang_getCString(s));

	clang_disposeString(s);
	return copy;
}

static const char *type_spelling(struct walk *w, CXType t)
{
	CXString s = clang_getTypeSpelling(clang_getCanonicalType(t));
	const char *copy = batch_strdup(w->batch, clang_getCString(s));

	clang_disposeString(s);
	return copy;
}

/*
 * The key of a function or variable declaration: its USR, prefixed with
 * the path of the file that defines (or declares) it when it has internal
 * linkage, because clang's USR names only the file's base name.
 */
const char *decl_key(struct walk *w, CXCursor decl)
{
	const void *ptr = decl.data[0];
	int64_t cached;
	CXString usr;
	const char *key;

	if (ptrmap_get(&w->keys, ptr, &cached))
		return (const char *)(intptr_t)cached;
	usr = clang_getCursorUSR(decl);
	if (clang_getCursorLinkage(decl) == CXLinkage_External) {
		key = batch_strdup(w->batch, clang_getCString(usr));
	} else {
		CXCursor def = clang_getCursorDefinition(decl);
		const char *file;

		if (clang_Cursor_isNull(def))
			def = decl;
		file = expansion_file(w, clang_getCursorLocation(def));
		key = batch_strjoin(w->batch, file ? file : "", '|',
				    clang_getCString(usr));
	}
	clang_disposeString(usr);
	ptrmap_put(&w->keys, ptr, (intptr_t)key);
	return key;
}

/*
 * Key of a function referenced from this TU; the first reference in a
 * batch also records the function, as declared (w->emitted maps the key to
 * its index in batch->functions, where visit.c marks a walked definition).
 */
const char *function_ref_key(struct walk *w, CXCursor fn)
{
	const char *key = decl_key(w, fn);
	struct fact_function *f;
	CXCursor def;

	if (!strmap_add(&w->emitted, key, NULL,
			(int64_t)w->batch->nr_functions))
		return key;
	def = clang_getCursorDefinition(fn);
	if (!clang_Cursor_isNull(def))
		fn = def;
	f = batch_add_function(w->batch);
	f->key = key;
	f->name = spelling(w, fn);
	f->loc = expansion_loc(w, clang_getCursorLocation(fn));
	f->is_static = clang_getCursorLinkage(fn) != CXLinkage_External;
	f->is_inline = clang_Cursor_isFunctionInlined(fn);
	return key;
}

const char *global_ref_key(struct walk *w, CXCursor var)
{
	const char *key = decl_key(w, var);
	struct fact_global *g;
	CXCursor def;

	if (!strmap_add(&w->emitted, key, NULL, (int64_t)w->batch->nr_globals))
		return key;
	def = clang_getCursorDefinition(var);
	if (!clang_Cursor_isNull(def))
		var = def;
	g = batch_add_global(w->batch);
	g->key = key;
	g->name = spelling(w, var);
	g->loc = expansion_loc(w, clang_getCursorLocation(var));
	g->is_static = clang_getCursorLinkage(var) != CXLinkage_External;
	g->type = type_spelling(w, clang_getCursorType(var));
	return key;
}

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

/* A variable with automatic storage, local to a function. */
int is_local_var(CXCursor var)
{
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(var);
	CXCursor parent = clang_getCursorSemanticParent(var);

	if (sc == CX_SC_Static || sc == CX_SC_Extern)
		return 0;
	return clang_getCursorKind(parent) == CXCursor_FunctionDecl;
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
		v.local = spelling(w, decl);
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
	v.field = spelling(w, field);
	v.in_ops_table =
		(record_info(w, clang_getCursorSemanticParent(field)) & 2) != 0;
	add_value(out, &v);
}

/*
 * A pointer returned by a call that was handed a table is taken for a copy
 * of that table: ops = kmemdup(nf_nat_ipv4_ops, ...).
 */
static void describe_table_copy(struct walk *w, CXCursor call,
				struct values *out, int depth)
{
	int i, n = clang_Cursor_getNumArguments(call);
	CXType t = clang_getCanonicalType(clang_getCursorType(call));

	if (t.kind != CXType_Pointer)
		return;
	for (i = 0; i < n; i++) {
		struct values args = { .nr = 0 };
		int j;

		describe_value(w, clang_Cursor_getArgument(call, (unsigned)i),
			       &args, depth + 1);
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
	CXCursor operand = last_child(expr), decl;
	CXType t;
	struct fact_value v;
	int depth;

	for (depth = 0; depth < 4 &&
	     (clang_getCursorKind(operand) == CXCursor_ParenExpr ||
	      clang_getCursorKind(operand) == CXCursor_UnexposedExpr); depth++)
		operand = last_child(operand);
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
		    clang_getCanonicalType(clang_getCursorType(expr)).kind !=
			    CXType_Pointer)
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
	int depth;

	memset(out, 0, sizeof(*out));
	for (depth = 0; depth < MAX_DEPTH; depth++) {
		switch (clang_getCursorKind(cur)) {
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
		case CXCursor_CStyleCastExpr:
		case CXCursor_UnaryOperator:
			cur = last_child(cur);
			continue;
		case CXCursor_ArraySubscriptExpr:
			if (!cursor_children(cur, kids, 1, NULL))
				return;
			cur = kids[0];
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
			out->field = spelling(w, decl);
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
