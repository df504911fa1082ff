/*
 * The keys the facts are stored under: a function's or a variable's key
 * (its USR, made unique across files for internal linkage), recorded with
 * the function or global the first time a batch refers to it, and a
 * struct's identity (its name as written, and the file that defines it).
 */
#include "walk.h"

#include "util/strbuf.h"

#include <stdint.h>
#include <string.h>

static int is_record_kind(enum CXCursorKind kind)
{
	return kind == CXCursor_StructDecl || kind == CXCursor_UnionDecl;
}

struct member_search {
	CXCursor record;	/* the unnamed record */
	CXCursor field;		/* the first field of its type, or null */
};

static enum CXChildVisitResult find_member(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct member_search *ms = data;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_FieldDecl ||
	    !clang_equalCursors(clang_getTypeDeclaration(element_type(
					clang_getCursorType(c))),
				ms->record))
		return CXChildVisit_Continue;
	ms->field = c;
	return CXChildVisit_Break;
}

/*
 * The name of a struct or union as the user writes it.  Fields of an
 * anonymous member struct belong to the enclosing named record (C lets
 * them be used as its own).  An unnamed struct that is the type of a
 * named member is a type of its own, named by that member:
 * "chip.bar" for `struct chip { struct { ctor_t ctor; } bar, fb; }`,
 * where `chip->bar.ctor` never holds what `.fb.ctor` does.  An unnamed
 * top-level record is named by its place, "(anonymous)@file:line".
 */
const char *record_name(struct walk *w, CXCursor record)
{
	const void *key = record.data[0];
	int64_t cached;
	CXString spelling;
	const char *s, *name;
	CXCursor parent;
	struct member_search ms;

	if (ptrmap_get(&w->records, key, &cached))
		return (const char *)(intptr_t)cached;
	spelling = clang_getCursorSpelling(record);
	s = clang_getCString(spelling);
	if (s[0] && !strchr(s, ' ') && !strchr(s, '(')) {
		name = batch_strdup(w->batch, s);
		clang_disposeString(spelling);
		goto done;
	}
	clang_disposeString(spelling);
	parent = clang_getCursorSemanticParent(record);
	if (!is_record_kind(clang_getCursorKind(parent))) {
		struct fact_loc loc =
			expansion_loc(w, clang_getCursorLocation(record));
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "(anonymous)@%s:%u",
			    loc.file ? loc.file : "?", loc.line);
		name = batch_strdup(w->batch, sb.buf);
		strbuf_release(&sb);
		goto done;
	}
	ms.record = record;
	ms.field = clang_getNullCursor();
	if (!clang_Cursor_isAnonymousRecordDecl(record))
		clang_visitChildren(parent, find_member, &ms);
	if (!clang_Cursor_isNull(ms.field)) {
		CXString field = clang_getCursorSpelling(ms.field);

		name = batch_strjoin(w->batch, record_name(w, parent), '.',
				     clang_getCString(field));
		clang_disposeString(field);
	} else {
		name = record_name(w, parent);
	}
done:
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
 * The declaration whose place a fact records: the definition when the TU
 * has it, else the TU's first declaration.  Not the one the reference
 * sees: which that is depends on where this walk first met the name
 * (a header's inline body, walked or not), and the place must not.
 */
static CXCursor defining_or_first(CXCursor decl)
{
	CXCursor def = clang_getCursorDefinition(decl);

	return clang_Cursor_isNull(def) ? clang_getCanonicalCursor(decl) : def;
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

	if (!strmap_add(&w->emitted, key, NULL,
			(int64_t)w->batch->nr_functions))
		return key;
	fn = defining_or_first(fn);
	f = batch_add_function(w->batch);
	f->key = key;
	f->name = cursor_spelling(w, fn);
	f->loc = expansion_loc(w, clang_getCursorLocation(fn));
	f->is_static = clang_getCursorLinkage(fn) != CXLinkage_External;
	f->is_inline = clang_Cursor_isFunctionInlined(fn);
	return key;
}

/* The definition walked now names the global of the batch's globals[index]
 * (key): noted once per definition. */
static void note_global_ref(struct walk *w, const char *key, int64_t index)
{
	struct fact_global_ref *ref;
	struct strbuf pair;

	strbuf_init(&pair);
	strbuf_addf(&pair, "%s\037%s", w->owner ? w->owner : "", key);
	if (strmap_add(&w->global_refs, pair.buf, NULL, 1)) {
		ref = batch_add_global_ref(w->batch);
		ref->owner = w->owner;
		ref->global = (size_t)index;
	}
	strbuf_release(&pair);
}

const char *global_ref_key(struct walk *w, CXCursor var)
{
	const char *key = decl_key(w, var);
	int64_t index = (int64_t)w->batch->nr_globals;
	/* the first reference in the batch records the global below */
	int known = !strmap_add(&w->emitted, key, &index, index);
	struct fact_global *g;

	note_global_ref(w, key, index);
	if (known)
		return key;
	var = defining_or_first(var);
	g = batch_add_global(w->batch);
	g->key = key;
	g->name = cursor_spelling(w, var);
	g->loc = expansion_loc(w, clang_getCursorLocation(var));
	g->is_static = clang_getCursorLinkage(var) != CXLinkage_External;
	g->type = type_spelling(w, clang_getCursorType(var));
	return key;
}
