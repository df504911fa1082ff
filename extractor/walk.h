/*
 * Internal to extractor/: the state of the walk over one translation unit,
 * shared by parse.c (the driver), visit.c (the cursor walk), describe.c
 * (what an expression's value is, where a store goes) and their helpers:
 * cursor.c, location.c, types.c (which types matter) and keys.c (what
 * declarations are stored under).
 */
#ifndef KCG_WALK_H
#define KCG_WALK_H

#include "extractor/extract.h"
#include "extractor/facts.h"
#include "util/ptrmap.h"
#include "util/strmap.h"
#include "util/textcache.h"

#include <clang-c/Index.h>
#include <stdint.h>

/* At most this many candidate values per expression (ternaries, locals). */
#define MAX_VALUES 8

struct values {
	struct fact_value v[MAX_VALUES];
	int nr;
};

enum type_interest {
	TYPE_NONE,
	TYPE_FNPTR,		/* pointer to function (or array of them) */
	TYPE_OPS_PTR,		/* pointer to an ops table (or array of them) */
	TYPE_OPS_OBJECT,	/* a struct holding function pointers */
};

enum dest_kind {
	DEST_NONE,
	DEST_FIELD,
	DEST_GLOBAL,
	DEST_LOCAL,
};

struct dest {
	enum dest_kind kind;
	const char *record, *field;	/* DEST_FIELD */
	const char *record_file;
	const char *global;		/* DEST_GLOBAL; DEST_FIELD: the global
					   the field is in, reached by `.` */
	const void *local;		/* DEST_LOCAL: the VarDecl */
	const char *container;		/* DEST_FIELD: of the struct member
					   "S:m" the object is, if known */
};

struct walk {
	struct fact_batch *batch;
	CXTranslationUnit tu;
	struct extract_shared *shared;
	const struct strmap *reclaim;	/* claimed keys this walk may take */
	struct strmap reclaimed;	/* of those, the ones it took */
	struct strmap unwalked;		/* keys claimed or noted beaten */
	const char *directory;		/* the TU's working directory */
	struct text_cache *texts;	/* header texts, kept by the worker */
	CXFile main_file;		/* the TU's source file */

	struct ptrmap files;		/* CXFile -> const char * path */
	struct ptrmap contents;		/* CXFile -> const char * text */
	struct ptrmap content_sizes;	/* CXFile -> size */
	struct ptrmap records;		/* RecordDecl -> const char * name */
	struct ptrmap record_info;	/* RecordDecl -> fnptr info + 1 */
	struct ptrmap keys;		/* Decl -> const char * key */
	struct strmap emitted;		/* keys with a fact in this batch */
	struct strmap global_refs;	/* "owner\037global" keys noted */
	const char *owner;		/* the key of the definition being
					   walked (a body, an initializer) */

	/* the function being walked */
	const char *fn_key;
	CXCursor fn_cursor;
	const char *in_global;		/* the global whose initializer is
					   being scanned for functions */
	CXCursor in_global_var;
	int fn_from_macro;
	enum type_interest fn_returns;
	int fn_takes_fnptr;		/* has a function-pointer param */
	int fn_calls_fnptr;		/* calls a function that has one */
	int fn_stores_fnptr;		/* stores one into a field */
	struct ptrmap params;		/* ParmDecl -> index + 1 */
	uint64_t params_written;	/* bit i: parameter i is assigned,
					   incremented or has its address
					   taken somewhere in the body */
	struct ptrmap locals;		/* VarDecl -> index + 1 in local_values */
	struct ptrmap consumed;		/* DeclRefExprs of functions already
					   recorded as a call or a flow */
	struct ptrmap derefed;		/* `&x->f` expressions dereferenced at
					   once: `*&x->f` in WRITE_ONCE() */
	struct values *local_values;
	size_t nr_locals, alloc_locals;
	/*
	 * VarDecl -> index + 1 in local_init_exprs: a local function pointer
	 * whose only value is its initializer (receiver.c follows it);
	 * -1 once it is assigned again.
	 */
	struct ptrmap local_inits;
	CXCursor *local_init_exprs;
	size_t nr_local_inits, alloc_local_inits;

	/*
	 * made.c: the locals of the function walked that point to structs,
	 * how they are assigned, what its returns give and the stores into
	 * fields reached from a local.
	 */
	struct ptrmap origins;		/* VarDecl -> index + 1 in local_origins */
	struct local_origin {
		const void *decl;
		int assignments;	/* an initializer or `=` each */
		int address_taken;	/* also `p++`, `p += n` */
		const void *call;	/* the CallExpr it was assigned from */
	} *local_origins;
	size_t nr_origins, alloc_origins;
	struct ptrmap call_indexes;	/* CallExpr -> index + 1 in calls */
	struct ptrmap guard_params;	/* canonical FunctionDecl -> the
					   parameters its calls are guarded
					   by (guards.c), + 1 */
	struct ptrmap unchanged_params;	/* the same -> its integer and
					   pointer parameters the body never
					   changes, + 1 */
	int guard_depth;		/* guard_params() scans under way */
	struct made_store {
		const void *root;	/* the local the field is reached from */
		const char *path;	/* as a receivers path */
		size_t first_flow, end_flow;
	} *made_stores;
	size_t nr_made_stores, alloc_made_stores;
	const void *returned;		/* the local every return gives */
	int returns_other;		/* a return gives something else */

	/*
	 * Locals pointing to ops tables that may hold what kcg does not
	 * follow (assigned a value not wholly described), and the arguments
	 * taken as wholly described by one (visit.c, note_table_argument()),
	 * checked again after the body.
	 */
	struct ptrmap unwhole_locals;	/* VarDecl -> 1 */
	struct local_use {
		const void *decl;
		size_t call;		/* index into batch->calls */
		int index;		/* the argument */
		int nr_values;		/* what the local held then */
	} *local_uses;
	size_t nr_local_uses, alloc_local_uses;

	/*
	 * Static globals the TU's bodies and initializers name, and the
	 * flows of functions kept in a static `void *` (handle_function_ref):
	 * one nothing reads only names them (name_unread_holders()).
	 */
	struct ptrmap read_statics;	/* canonical VarDecl -> 1 */
	struct holder_flow {
		size_t flow;		/* index into batch->flows */
		const void *var;	/* its canonical VarDecl */
	} *holders;
	size_t nr_holders, alloc_holders;

	/* header bodies this walk took, to hand on emptied (emptied.h) */
	int note_bodies;
	int handed_emptied;		/* the parse was handed some */
	int walked_emptied;		/* a body it must walk came emptied */
	struct emptied_body *bodies;
	size_t nr_bodies, alloc_bodies;
};

/* cursor.c: cursor helpers */
int cursor_children(CXCursor parent, CXCursor *out, int max, CXCursor *last);
int first_child(CXCursor parent, CXCursor *out);
CXCursor last_child(CXCursor parent);
CXCursor strip_conversions(CXCursor e);
CXCursor strip_implicit(CXCursor e, int max_depth);
const char *cursor_spelling(struct walk *w, CXCursor c);
int is_local_var(CXCursor var);
int is_pointer_expr(CXCursor e);
int is_address_of(CXCursor op, CXCursor operand);
CXCursor derefed_address(CXCursor op, CXCursor operand);
CXCursor through_read_once(CXCursor e);
int int_constant(CXCursor e, long long *value);
int evaluates_to_zero(CXCursor e);

/* location.c: files, locations and source text */
struct fact_loc file_loc(struct walk *w, CXSourceLocation loc);
struct fact_loc expansion_loc(struct walk *w, CXSourceLocation loc);
const char *expansion_file(struct walk *w, CXSourceLocation loc);
const char *text_at(struct walk *w, CXSourceLocation loc, size_t *avail);

/* types.c: which types matter */
int is_function_type(CXType t);
int is_integer_type(CXType t);
int conversion_narrows(CXType to, CXType from);
CXType element_type(CXType t);
enum type_interest type_interest(struct walk *w, CXType type);
int record_is_ops_table(struct walk *w, CXCursor record);
int holds_table_pointer(struct walk *w, CXType t);

/* keys.c: what declarations and records are stored under */
const char *record_name(struct walk *w, CXCursor record);
const char *record_file(struct walk *w, CXCursor record);
const char *decl_key(struct walk *w, CXCursor decl);
const char *function_ref_key(struct walk *w, CXCursor fn);
const char *global_ref_key(struct walk *w, CXCursor var);

/* describe.c: what a value is, where a store goes */
void describe_value(struct walk *w, CXCursor expr, struct values *out,
		    int depth);
void describe_dest(struct walk *w, CXCursor lhs, struct dest *out);
void mark_consumed(struct walk *w, CXCursor ref);
int is_consumed(struct walk *w, CXCursor ref);
void local_add_values(struct walk *w, const void *decl,
		      const struct values *vals);

/* receiver.c: the object a call through a field is made on */
int receiver_is_used(const struct fact_receiver *r, int made);
const char *local_store_path(struct walk *w, CXCursor lhs, const void **root);
void describe_receiver(struct walk *w, CXCursor call, CXCursor callee_expr,
		       size_t call_index);
void note_local_init(struct walk *w, CXCursor var, CXCursor init);
const char *member_global(struct walk *w, CXCursor member);
const char *member_container(struct walk *w, CXCursor member);
int member_address_value(struct walk *w, CXCursor arg, struct fact_value *v);
const char *container_key(struct walk *w, const char *record,
			  const char *field);

/* made.c: objects a function makes (receivers.made_call_id, flows.dst_made) */
void made_begin(struct walk *w);
void note_local_assigned(struct walk *w, CXCursor lhs, CXCursor value);
void note_local_written(struct walk *w, CXCursor operand);
void note_call_index(struct walk *w, CXCursor call, size_t index);
void note_return_value(struct walk *w, CXCursor value);
void note_made_store(struct walk *w, CXCursor lhs, size_t first_flow);
void made_finish(struct walk *w, size_t first_receiver, size_t first_flow);

/* guards.c: calls made only while a parameter is zero or nonzero */
void note_guards(struct walk *w, CXCursor fn);
uint64_t guard_params(struct walk *w, CXCursor callee);
uint64_t unchanged_params(struct walk *w, CXCursor fn);

/* claim.c */
int claim(struct walk *w, const char *key, CXCursor decl);

/* visit.c */
void walk_translation_unit(struct walk *w);
void handle_local_var(struct walk *w, CXCursor var);

#endif
