/*
 * Facts extracted from one translation unit, in plain C: no libclang type
 * appears here, so db/ can store them without knowing about libclang.
 *
 * A fact_batch owns every string it points to (they live in its arena) and
 * is handed from a worker thread to the single writer thread.
 *
 * Functions and globals are named by a key: the clang USR for external
 * linkage; "path|USR" for internal linkage, because clang's USR of a static
 * function names only its file's base name (net/ipv4/route.c and
 * net/ipv6/route.c would collide).
 *
 * Values (struct fact_value) say where a function pointer comes from, flows
 * (struct fact_flow) say where one goes: together they are the input of the
 * resolution that turns indirect calls into edges.
 */
#ifndef KCG_FACTS_H
#define KCG_FACTS_H

#include <stddef.h>
#include <stdint.h>

struct fact_loc {
	const char *file;	/* relative to the index root when inside it */
	unsigned line, col;
};

struct fact_function {
	const char *key;
	const char *name;
	struct fact_loc loc;
	int is_static;
	int is_inline;
	int is_defined;		/* this batch walked its body */
	int from_macro;		/* its name is made by a macro (SYSCALL_DEFINE) */
	const char *type;	/* canonical type, definitions only */
};

struct fact_global {
	const char *key;
	const char *name;
	struct fact_loc loc;
	int is_static;
	const char *type;
};

enum call_kind {
	CALL_DIRECT,		/* a plain call written in the caller's body */
	CALL_MACRO,		/* a direct call that exists only after expansion */
	CALL_INDIRECT,		/* a call through a pointer */
};

struct fact_call {
	const char *caller;	/* function key */
	const char *callee;	/* function key; NULL when indirect */
	enum call_kind kind;
	struct fact_loc loc;
	const char *fn_type;	/* indirect: canonical type of the callee */
};

enum value_kind {
	VAL_FUNCTION,		/* the address of function `function` */
	VAL_FIELD,		/* read from struct `record` field `field` */
	VAL_PARAM,		/* parameter `index` of the enclosing function */
	VAL_GLOBAL,		/* a global function-pointer variable `global` */
	VAL_GLOBAL_ADDR,	/* the address of global object `global` that
				   holds function pointers (an ops table) */
	VAL_CALL,		/* returned by a call to `function` */
	VAL_LOCAL,		/* a local variable `local` of unknown origin;
				   with no `local`, a value not followed */
	VAL_MEMBER,		/* the address of a struct embedded in
				   struct `record` as its member `field`:
				   `&lag->notif_block` */
};

struct fact_value {
	enum value_kind kind;
	const char *function;
	const char *record, *field;
	const char *record_file;	/* where `record` is defined: two
					   drivers may each define their own
					   struct of one name */
	int index;
	const char *global;
	const char *local;
	int in_ops_table;	/* VAL_FIELD: `record` is an ops table */
	int weak;		/* VAL_GLOBAL_ADDR of a struct with no
				   function pointer (a template such as an
				   xt_table): kept in locals and in calls that
				   also pass a function, nowhere else */
};

/* The shape of an indirect call's callee expression. */
struct fact_indirect {
	size_t call;		/* index into batch->calls */
	struct fact_value callee;
	const char *via_local;	/* called through this local, if any */
};

enum flow_dest {
	DST_FIELD,		/* stored into struct `record` field `field` */
	DST_ARG,		/* passed as argument `index` of call `call` */
	DST_RETURN,		/* returned by the enclosing function */
	DST_GLOBAL,		/* stored into global `global` */
	DST_OTHER,		/* anything else: a cast, a comparison's
				   neighbour, a void * array */
};

enum flow_context {
	CTX_INIT,		/* an initializer */
	CTX_ASSIGN,		/* an assignment */
	CTX_ARG,		/* a call argument */
	CTX_RETURN,		/* a return statement */
	CTX_OTHER,		/* a function's address taken elsewhere */
	CTX_NAMED,		/* ... only into a static `void *` that
				   nothing in its TU reads: named, never
				   called through (EXPORT_SYMBOL's
				   __ADDRESSABLE()) */
};

struct fact_flow {
	const char *function;	/* where it happens; NULL at file scope */
	const char *in_global;	/* initializer of this global, if any */
	struct fact_loc loc;
	enum flow_context context;
	enum flow_dest dest;
	const char *record, *field;
	const char *record_file;
	size_t call;		/* DST_ARG: index into batch->calls */
	int index;
	const char *global;
	const char *container;	/* DST_FIELD: in this struct member, "S:m" */
	unsigned instance;	/* the record initializer it is part of,
				   1-based within the batch; 0: none */
	/* DST_FIELD: the fields from the object the function returns to the
	 * table stored, as a receivers path, when the store is into that
	 * object ("->sock:__sk_common.sock_common:skc_prot->"; made.c) */
	const char *made;
	struct fact_value src;
};

/*
 * An integer field of a record initializer that also stores a function
 * pointer: `{ .hook = ipv4_conntrack_in, .pf = NFPROTO_IPV4, .hooknum =
 * NF_INET_PRE_ROUTING, .priority = NF_IP_PRI_CONNTRACK }` gives pf,
 * hooknum and priority, evaluated, with the enumerator's name.
 */
struct fact_const {
	unsigned instance;
	const char *in_global;	/* the global whose initializer it is */
	const char *record, *field;
	long long value;
	const char *name;	/* the enumerator written, or NULL */
	struct fact_loc loc;
};

/*
 * An integer argument of a call whose callee's type has a function-pointer
 * parameter: a constant expression (evaluated, with the identifier
 * written: NFPROTO_IPV4, or a macro's name) or a parameter of the
 * enclosing function passed unchanged.  Also a constant passed where the
 * callee's calls are guarded (guards.c): an integer, or for a pointer 0
 * (a null pointer constant) or 1 (an address, never null).
 */
struct fact_call_arg {
	size_t call;		/* index into batch->calls */
	int index;		/* 0-based argument position */
	int is_param;		/* param holds the parameter; else value */
	int param;
	int narrows;		/* the parameter, through a narrowing
				   conversion */
	long long value;
	const char *name;	/* the identifier written, or NULL */
};

/* A call made only while parameter param of its caller is nonzero
 * (nonzero 1) or zero (0); all of a call's guards hold together. */
struct fact_guard {
	size_t call;		/* index into batch->calls */
	int param;
	int nonzero;
};

/*
 * An integer parameter stored unchanged into a struct field (`p->pf =
 * pf`, or `{ .pf = pf }` in a local initializer), or a constant stored
 * into one (`hook->ops.pf = NFPROTO_NETDEV`), in a function that has a
 * function-pointer parameter, passes arguments to one that has, or stores
 * a function pointer into a field.
 */
struct fact_int_store {
	const char *function;
	const char *record, *field;
	int param;		/* -1: the constant value */
	long long value;
	const char *name;	/* the constant's identifier, or NULL */
	struct fact_loc loc;
};

/*
 * The object a call through a field is made on (extractor/receiver.c):
 * the fields from it to the table, the argument that passes it, the
 * caller's parameter or the global it is.
 */
struct fact_receiver {
	size_t call;		/* index into batch->calls */
	const char *path;	/* "->ip_set:variant->" */
	int arg;		/* -1: not passed */
	int param;		/* -1: not the caller's parameter */
	const char *global;	/* the object is this global, or NULL */
	const char *container;	/* the table is this struct member, "S:m" */
	const char *table_field;	/* the table is what this pointer field
					   holds, "S:f"; or NULL */
	const char *table_struct_file;	/* ... S being defined there */
	long made_call;		/* the object is a local holding only what
				   this call (index into batch->calls)
				   returned; -1: none (made.c) */
	const void *root_local;	/* the walk's: the local the path starts
				   at, or NULL */
};

/*
 * A struct holding function pointers copied whole: `x->m = *src`,
 * `memcpy(&x->m, src, n)`, `.m = other` in an initializer.  What was
 * stored into one copy is in the other, wherever it is embedded.
 */
struct fact_copy {
	const char *function;	/* where it happens; NULL at file scope */
	const char *in_global;	/* initializer of this global, if any */
	const char *record, *record_file;
	const char *dst_global;	/* copied into this global (by name, or a
				   part of it by `.` and `[]`); NULL: through
				   a pointer */
	const char *src_global;	/* ... from this global, the same way;
				   NULL: through a pointer or a value */
	int dst_param, src_param;	/* ... through this parameter of the
					   function (`*drv = x`); -1: not */
	int dst_member;		/* into a struct member or a local, never a
				   table by name */
};

struct fact_diag {
	int severity;		/* 3 error, 4 fatal (libclang's numbering) */
	struct fact_loc loc;
	const char *message;
};

/* An enumerator of an enum used in a hook-style initializer, so that
 * numbers met elsewhere (bits of a mask) can be named. */
struct fact_enumerator {
	const char *type;	/* the enum's name (or its key if unnamed) */
	const char *name;
	long long value;
};

/*
 * A body or initializer walked here names a global: its report (the
 * TU's definition or first declaration, globals[global]) counts while
 * that definition is kept, so that a global's place does not depend on
 * which bodies other TUs or shards walked and lost.
 */
struct fact_global_ref {
	const char *owner;	/* the function's or global's key; NULL: none */
	size_t global;		/* index in the batch's globals */
};

/*
 * A body or initializer walked here names a value of an enum (by the
 * enum's claim key): the enum is kept while such a definition is, so
 * that which enums an index holds does not depend on which bodies other
 * TUs or shards walked and lost.
 */
struct fact_enum_use {
	const char *owner;	/* the function's or global's key; NULL: none */
	const char *key;	/* the enum's */
};

/*
 * A definition this batch walked for the whole index (see extract.h): a
 * function body, a global's initializer, an enum's enumerators.  Every
 * fact of the batch belongs to one: calls and flows to the function or
 * global they are in, enumerators to the enum claim just before them
 * (from first_enumerator on).  A database keeps one claim per key, so
 * that merging indexes keeps exactly one copy of each header inline.
 */
enum claim_kind {
	CLAIM_FUNCTION,
	CLAIM_GLOBAL,
	CLAIM_ENUM,
};

struct fact_claim {
	const char *key;
	enum claim_kind kind;
	const char *file;	/* where the definition is */
	size_t first_enumerator;
	int weak;		/* __attribute__((weak)) */
	int in_main;		/* in the TU's source file, not a header */
	int unwalked;		/* a weak or source-file definition that
				   another one of the key beat: noted, not
				   walked, no facts */
};

/* A file the TU read (itself, its headers), with the hash of the text
 * the parser saw: what an incremental index compares. */
struct fact_include {
	const char *file;
	uint64_t hash;
};

enum tu_status {
	TU_OK,
	TU_ERRORS,		/* parsed, with errors: facts are partial */
	TU_FAILED,		/* libclang could not parse it at all */
};

struct arena_chunk;

struct fact_batch {
	/* the translation unit */
	size_t tu;		/* index in the compilation database */
	const char *file;
	const char *directory;
	const char *arguments;	/* the command line, space-separated */
	uint64_t command_hash;	/* directory, arguments, file */
	enum tu_status status;
	unsigned errors;
	unsigned parse_ms, walk_ms;

	struct fact_function *functions;
	size_t nr_functions, alloc_functions;
	struct fact_global *globals;
	size_t nr_globals, alloc_globals;
	struct fact_call *calls;
	size_t nr_calls, alloc_calls;
	struct fact_indirect *indirects;
	size_t nr_indirects, alloc_indirects;
	struct fact_flow *flows;
	size_t nr_flows, alloc_flows;
	struct fact_diag *diags;
	size_t nr_diags, alloc_diags;
	struct fact_const *consts;
	size_t nr_consts, alloc_consts;
	struct fact_enumerator *enumerators;
	size_t nr_enumerators, alloc_enumerators;
	struct fact_enum_use *enum_uses;
	size_t nr_enum_uses, alloc_enum_uses;
	struct fact_global_ref *global_refs;
	size_t nr_global_refs, alloc_global_refs;
	struct fact_call_arg *call_args;
	size_t nr_call_args, alloc_call_args;
	struct fact_guard *guards;
	size_t nr_guards, alloc_guards;
	struct fact_int_store *int_stores;
	size_t nr_int_stores, alloc_int_stores;
	struct fact_receiver *receivers;
	size_t nr_receivers, alloc_receivers;
	struct fact_copy *copies;
	size_t nr_copies, alloc_copies;
	unsigned nr_instances;
	struct fact_claim *claims;
	size_t nr_claims, alloc_claims;
	struct fact_include *includes;
	size_t nr_includes, alloc_includes;

	struct arena_chunk *arena;
};

void batch_init(struct fact_batch *b);
void batch_release(struct fact_batch *b);

/* Copy a string into the batch's arena (NULL stays NULL). */
const char *batch_strdup(struct fact_batch *b, const char *s);
const char *batch_strndup(struct fact_batch *b, const char *s, size_t n);
/* "a<sep>c" in the batch's arena. */
const char *batch_strjoin(struct fact_batch *b, const char *a, char sep,
			  const char *c);

/* Append an element and return it zeroed. */
struct fact_function *batch_add_function(struct fact_batch *b);
struct fact_global *batch_add_global(struct fact_batch *b);
struct fact_call *batch_add_call(struct fact_batch *b);
struct fact_indirect *batch_add_indirect(struct fact_batch *b);
struct fact_flow *batch_add_flow(struct fact_batch *b);
struct fact_diag *batch_add_diag(struct fact_batch *b);
struct fact_const *batch_add_const(struct fact_batch *b);
struct fact_enumerator *batch_add_enumerator(struct fact_batch *b);
struct fact_enum_use *batch_add_enum_use(struct fact_batch *b);
struct fact_global_ref *batch_add_global_ref(struct fact_batch *b);
struct fact_call_arg *batch_add_call_arg(struct fact_batch *b);
struct fact_guard *batch_add_guard(struct fact_batch *b);
struct fact_int_store *batch_add_int_store(struct fact_batch *b);
struct fact_receiver *batch_add_receiver(struct fact_batch *b);
struct fact_copy *batch_add_copy(struct fact_batch *b);
struct fact_claim *batch_add_claim(struct fact_batch *b);
struct fact_include *batch_add_include(struct fact_batch *b);

/* Names used in the database and in messages. */
const char *call_kind_name(enum call_kind kind);
const char *value_kind_name(enum value_kind kind);
const char *flow_dest_name(enum flow_dest dest);
const char *flow_context_name(enum flow_context context);
const char *tu_status_name(enum tu_status status);
const char *claim_kind_name(enum claim_kind kind);

#endif
