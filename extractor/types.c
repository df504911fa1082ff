/*
 * Which types the walk follows: pointers to functions, pointers to ops
 * tables (structs mostly made of function pointers) and structs that hold
 * function pointers (see enum type_interest in walk.h).
 */
#include "walk.h"

#include <stdint.h>

/* A function type, with or without a prototype. */
int is_function_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_FunctionProto ||
	       t.kind == CXType_FunctionNoProto;
}

struct field_scan {
	struct walk *w;
	unsigned fields, fnptrs;
	int nested_fnptr;
	int table_pointer;	/* a field points to an ops table, or to
				   a struct the TU does not define */
};

static unsigned record_info(struct walk *w, CXCursor record);

struct fnptr_count {
	unsigned fields, fnptrs;
};

static enum CXVisitorResult count_fnptr(CXCursor field, CXClientData data)
{
	struct fnptr_count *c = data;
	CXType t = element_type(clang_getCursorType(field));

	c->fields++;
	if (t.kind == CXType_Pointer && is_function_type(clang_getPointeeType(t)))
		c->fnptrs++;
	return CXVisit_Continue;
}

/*
 * Is the struct of type t an ops table (bit 1 of record_info)?  Counted
 * here, not read from record_info(), which a cycle of pointers could
 * reach while it is still being found.
 */
static int is_ops_record(CXType t)
{
	struct fnptr_count c = { 0, 0 };

	clang_Type_visitFields(t, count_fnptr, &c);
	return c.fnptrs && c.fnptrs * 3 >= c.fields;
}

/* The canonical type of t, or of its elements for an array (of arrays). */
CXType element_type(CXType t)
{
	t = clang_getCanonicalType(t);
	while (t.kind == CXType_ConstantArray ||
	       t.kind == CXType_IncompleteArray)
		t = clang_getCanonicalType(clang_getArrayElementType(t));
	return t;
}

static enum CXVisitorResult scan_field(CXCursor field, CXClientData data)
{
	struct field_scan *scan = data;
	CXType t = element_type(clang_getCursorType(field));

	scan->fields++;
	if (t.kind == CXType_Pointer &&
	    is_function_type(clang_getPointeeType(t))) {
		scan->fnptrs++;
	} else if (t.kind == CXType_Pointer) {
		CXType p = clang_getCanonicalType(clang_getPointeeType(t));

		if (p.kind == CXType_Record &&
		    (clang_Type_getSizeOf(p) == CXTypeLayoutError_Incomplete ||
		     is_ops_record(p)))
			scan->table_pointer = 1;
	} else if (t.kind == CXType_Record) {
		unsigned inner = record_info(scan->w,
					     clang_getTypeDeclaration(t));

		if (inner & 1)
			scan->nested_fnptr = 1;
		if (inner & 4)
			scan->table_pointer = 1;
	}
	return CXVisit_Continue;
}

/*
 * Bit 0: the record holds function pointers (directly or in embedded
 * structs).  Bit 1: it is an ops table, at least a third of its fields
 * being function pointers: a pointer to it is worth following.  Bit 2:
 * it holds a pointer to an ops table or to a struct the TU does not
 * define (`struct can_proto`'s prot), directly or in embedded structs.
 */
static unsigned record_info(struct walk *w, CXCursor record)
{
	struct field_scan scan = { w, 0, 0, 0, 0 };
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
	if (scan.table_pointer)
		info |= 4;
	ptrmap_put(&w->record_info, key, info + 1);
	return info;
}

enum type_interest type_interest(struct walk *w, CXType type)
{
	CXType t = element_type(type);

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

/* Does the struct of type t, or of its elements, hold a pointer to an ops
 * table (bit 2 of record_info)? */
int holds_table_pointer(struct walk *w, CXType t)
{
	t = element_type(t);
	return t.kind == CXType_Record &&
	       (record_info(w, clang_getTypeDeclaration(t)) & 4) != 0;
}

/* An integer type, _Bool and enums among them. */
int is_integer_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return (t.kind >= CXType_Bool && t.kind <= CXType_Int128) ||
	       t.kind == CXType_Enum;
}

/* May converting a value of type from to type to turn nonzero into zero
 * (`long` to `int`; to _Bool never)? */
int conversion_narrows(CXType to, CXType from)
{
	to = clang_getCanonicalType(to);
	return to.kind != CXType_Bool &&
	       clang_Type_getSizeOf(to) < clang_Type_getSizeOf(from);
}

/* Is record an ops table (bit 1 of record_info)? */
int record_is_ops_table(struct walk *w, CXCursor record)
{
	return (record_info(w, record) & 2) != 0;
}
