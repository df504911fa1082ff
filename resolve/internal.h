/*
 * Internal to resolve/: the resolver's state, shared by solve.c (slots,
 * facts and the fixpoint), edges.c (the edges each rule makes), hooks.c
 * (netfilter hook points) and resolve.c (the driver).
 */
#ifndef KCG_RESOLVE_INTERNAL_H
#define KCG_RESOLVE_INTERNAL_H

#include "db/db.h"
#include "resolve/resolve.h"
#include "util/error.h"
#include "util/ptrmap.h"
#include "util/strmap.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Registration structs whose function field, when it is where a target
 * entered, makes the edge a netfilter hook (hooks.c holds the rows).
 */
struct hook_table {
	const char *record, *field;	/* the function field */
	const char *pf, *hooknum, *priority;	/* its integer fields */
	/*
	 * Entries built at run time by a registration call that is given
	 * the function and a template struct: the template's fields give
	 * the family, the priority and a bit mask of hook points.
	 */
	const char *template, *template_pf, *template_mask, *template_priority;
	/*
	 * The context a hook is called with (NULL: none): the struct that
	 * carries it and its fields for the family, the hook point and the
	 * function the hook may call to go on (hook_context.c).
	 */
	const char *ctx_record, *ctx_pf, *ctx_hooknum, *ctx_okfn;
};

extern const size_t nr_hook_tables;

extern const struct hook_table hook_tables[];

/* An id (positive), or a pair of ids below 2^32, as a ptrmap key. */
static inline const void *id_ptr(uint64_t id)
{
	return (const void *)(uintptr_t)id;
}

/* Is id among ids[0, nr)? */
static inline int has_id(const int64_t *ids, size_t nr, int64_t id)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

enum slot_kind { SLOT_FIELD, SLOT_PARAM, SLOT_RETURN, SLOT_GLOBAL };

/* A function in a slot, with the flow that stored it (index + 1). */
struct member {
	int64_t fn;
	int prov;
};

struct slot {
	enum slot_kind kind;
	int *out;		/* constraints leaving this slot */
	size_t nr_out, alloc_out;
	struct member *m;
	size_t nr, alloc;
	size_t done;		/* members [0, done) are propagated */
	int queued;
	int *landing;		/* PARAM: store flows it reaches (+1) */
	size_t nr_landing, alloc_landing;
	int landing_state;	/* 0 unknown, 1 computing, 2 known */
};

/*
 * The places one function entered one slot from.  A few are enough to name
 * registration sites; more would multiply through every copy of a generic
 * field (a function stored at 3,000 places, copied through 100 fields).
 */
#define MAX_PROVS 8

struct provset {
	int prov[MAX_PROVS];
	int nr;
};

struct cons {
	int from, to;
	int flow;		/* the flow that makes it */
};

/* SRC_MEMBER: the address of a struct embedded as a member,
 * `&lag->notif_block` (src_container) */
enum { SRC_NONE, SRC_FUNCTION, SRC_SLOT, SRC_GLOBAL_ADDR, SRC_MEMBER };

struct flow {
	int64_t id, function, in_global, file, line, col, instance;
	int is_init;		/* part of an initializer */
	int is_other;		/* address-taken elsewhere: no store */
	int is_named;		/* ... only named (context `named`): kept in
				   a `void *` nothing reads */
	int is_arg;
	int64_t call, callee;	/* arg: the call and its direct callee */
	int index;		/* arg: position */
	int dst;		/* slot, or -1 */
	int64_t dst_global;	/* a field of this global, named */
	int dst_container;	/* ... of this struct member (text_id) */
	int dst_made;		/* ... of the object the function returns,
				   reached by this path (text_id) */
	int dst_is_hook;	/* dst is a hook_tables field */
	int src;		/* SRC_* */
	int64_t src_function;
	int src_slot;
	int src_ops_table;	/* a field of an ops table */
	int64_t src_global;
	int src_index;		/* a parameter's position */
	int src_container;	/* SRC_MEMBER: the member (text_id) */
};

/* A row of indirect_calls with its call. */
struct icall {
	int64_t call, caller, file, line, col;
	char shape;		/* f field, g global, r return, p param, u none */
	int slot;
	int param;
	char *fn_type;
};

/* How a call through a field is confined (receivers.c). */
enum confine_rule {
	CONFINE_NONE,
	CONFINE_SAME_RECEIVER,	/* to the tables its caller is entered by */
	CONFINE_NAMED_GLOBAL,	/* to one global's initializer */
	CONFINE_CONTAINER,	/* to stores into one struct member */
	CONFINE_PASSED,		/* to the tables its callers pass */
	CONFINE_MADE,		/* to the tables its object was made with */
	CONFINE_FIELD,		/* to the tables the field it reads holds */
};

#define MAX_CONFINE_TABLES 16

struct confinement {
	enum confine_rule rule;
	int64_t table[MAX_CONFINE_TABLES];	/* SAME_RECEIVER: instances */
	int nr_tables;
	int64_t global;				/* NAMED_GLOBAL */
	int container;				/* CONTAINER */
	const struct passed_tables *passed;	/* PASSED, MADE, FIELD
						   (passed.c) */
};

/*
 * The tables a parameter of a function can point to, from what its
 * callers pass (passed.c): globals by address, struct members by
 * text_id.  unknown: some caller passes something else.
 */
struct passed_tables {
	int state;		/* 0 not yet, 1 being found, 2 found */
	int unknown;
	int64_t *globals;
	size_t nr_globals;
	int64_t *containers;	/* text_id */
	size_t nr_containers;
};

/* An edge a rule made, before it is stored (store_edges.c). */
struct pending_edge {
	int64_t id;		/* a row of the table (store_edges.c) */
	int64_t caller, callee, call, file, line, col;
	int64_t reg_file, reg_line, via;	/* reg_*: when has_reg */
	int64_t reg_flow;	/* flows.id of the registration, or 0 */
	int has_reg;
	enum edge_kind kind;
	const char *rule;	/* a string literal, as emitted */
};

struct resolver {
	sqlite3 *db;
	struct slot *slots;
	size_t nr_slots, alloc_slots;
	struct strmap slot_keys;	/* field slots by struct and field */
	struct ptrmap id_slots;		/* slots of functions and globals */
	struct cons *cons;
	size_t nr_cons, alloc_cons;
	struct flow *flows;
	size_t nr_flows, alloc_flows;
	struct icall *icalls;
	size_t nr_icalls, alloc_icalls;
	struct ptrmap members;	/* (slot << 32 | fn) -> index in provsets + 1 */
	struct provset *provsets;
	size_t nr_provsets, alloc_provsets;
	int *queue;
	size_t queue_head, queue_nr, alloc_queue;
	struct pending_edge *pending;
	size_t nr_pending, alloc_pending;
	struct resolve_stats *stats;
	struct seen_edges {	/* the pending edges by what makes them
				   one (edges.c): open addressing */
		struct seen_slot {
			uint64_t hash;
			size_t index;	/* in pending + 1, 0: empty */
		} *slots;	/* a hash beside its index: one cache
				   line per probe */
		size_t size, nr;
	} seen;
	struct strmap tables;	/* global id -> index in table_spans + 1 */
	struct span {
		size_t start, end;	/* flows of its initializer */
	} *table_spans;
	size_t nr_spans, alloc_spans;
	struct confinement *confine;	/* per icall (receivers.c) */
	struct strmap containers;	/* texts -> text_id */
	size_t *dst_start;		/* per slot: its flows in dst_flows */
	int *dst_flows;
	struct passed_state *passed;	/* passed.c, while resolving */
};


/* solve.c: slots, facts, the fixpoint */
int field_slot(struct resolver *r, const char *record, const char *file,
	       const char *field);
/* The slot of a field, -1 when nothing made one. */
int find_field_slot(struct resolver *r, const char *record, const char *file,
		    const char *field);
int param_slot(struct resolver *r, int64_t fn, int index);
int return_slot(struct resolver *r, int64_t fn);
int global_slot(struct resolver *r, int64_t global);
/* The slot of a global, -1 when nothing made one. */
int find_global_slot(struct resolver *r, int64_t global);
int add_member(struct resolver *r, int slot, int64_t fn, int prov);
int is_store_slot(const struct slot *s);
void add_cons(struct resolver *r, int from, int to, int flow);
void propagate(struct resolver *r);
const char *col_text(sqlite3_stmt *st, int col);
/* A text (a struct member "S:m", a made object's path) as a number (1,
 * 2, ...); 0 for NULL. */
int text_id(struct resolver *r, const char *text);
int load_flows(struct resolver *r, struct kcg_error *err);
int load_icalls(struct resolver *r, struct kcg_error *err);
void build_graph(struct resolver *r);
size_t connect_indirect_args(struct resolver *r, struct ptrmap *done);

/*
 * edge_rows.c: rows of the edge table as pending edges.  The rules of
 * the rows read are kept once each in a rule_texts (zeroed to start):
 * a few dozen texts over about a million rows of the whole tree.
 */
struct rule_texts {
	struct strmap index;	/* text -> index in texts + 1 */
	char **texts;
	size_t nr, alloc;
};

const char *resolve_rule_text(struct rule_texts *rt, const char *text);
void resolve_rule_texts_release(struct rule_texts *rt);
/* The rows st returns (id, caller_id, callee_id, kind, call_id, file_id,
 * line, col, reg_file_id, reg_line, via_id, rule), appended to *out
 * (*nr_out of *alloc); st is reset. */
int resolve_edges_read(sqlite3 *db, sqlite3_stmt *st, struct rule_texts *rt,
		       struct pending_edge **out, size_t *nr_out,
		       size_t *alloc, struct kcg_error *err);
#define EDGE_INSERT_SQL \
	"INSERT INTO edge(caller_id, callee_id, kind, call_id, file_id, " \
	"line, col, reg_file_id, reg_line, via_id, rule) VALUES " \
	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
/* e into the edge table, through st (EDGE_INSERT_SQL); st is reset. */
int resolve_edge_insert(sqlite3 *db, sqlite3_stmt *st,
			const struct pending_edge *e, struct kcg_error *err);

/* edges.c: the edges each rule makes */
/* store_edges.c: put the pending edges in the edge table, keeping the
 * resolved edges it holds that were made again. */
int resolve_store_edges(struct resolver *r, struct kcg_error *err);

int emit(struct resolver *r, int64_t caller, int64_t callee,
	 enum edge_kind kind, int64_t call, int64_t file, int64_t line,
	 int64_t col, const struct flow *reg, int64_t via, const char *rule,
	 struct kcg_error *err);
const struct flow *prov_flow(const struct resolver *r, int prov);
void find_landing(struct resolver *r, int slot);
void index_tables(struct resolver *r);
int emit_pointer_edges(struct resolver *r, struct kcg_error *err);
void find_called_params(struct resolver *r, char *called);
int emit_callback_edges(struct resolver *r, const char *called,
			struct kcg_error *err);
int emit_registration_edges(struct resolver *r, struct kcg_error *err);
int emit_signature_edges(struct resolver *r, struct kcg_error *err);

/* candidates: the INDIRECT_CALL_x candidates at ic's place, or NULL when
 * it has none (edges.c) */
int emit_field_edge(struct resolver *r, const struct icall *ic, int64_t fn,
		    const struct flow *reg, enum confine_rule confined,
		    const struct strmap *candidates, struct kcg_error *err);

/* passed.c: the tables the callers of a function pass it */
const struct passed_tables *passed_tables(struct resolver *r, int64_t fn,
					  int param, struct kcg_error *err);
/* ... the tables the object a call made (call, to maker) holds at path
 * (text_id) */
const struct passed_tables *made_tables(struct resolver *r, int64_t call,
					int64_t maker, int path,
					struct kcg_error *err);
/* A set of tables like t, to add to (freed with the others); -1 when
 * adding one would make too many. */
struct passed_tables *passed_copy(struct resolver *r,
				  const struct passed_tables *t);
int passed_add_global(struct passed_tables *t, int64_t global);
/* ... the tables a field slot pointing to them can hold */
const struct passed_tables *field_tables(struct resolver *r, int slot,
					 struct kcg_error *err);
int passed_keeps(const struct passed_tables *t, const struct flow *f);
void passed_release(struct resolver *r);

/* receivers.c: calls through fields confined by their object */
int find_confinements(struct resolver *r, struct kcg_error *err);
int emit_confined_edges(struct resolver *r, size_t icall,
			const struct strmap *candidates,
			struct kcg_error *err);

/* hooks.c: netfilter hook points and priorities */
int is_hook_field(const char *record, const char *field);
int emit_hooks(struct resolver *r, struct kcg_error *err);

/*
 * hook_context.c: the hook_context_* tables, once the edges are stored;
 * dispatch: the calls of the netfilter_hook edges (repeats allowed).
 * keep_carriers: hook_context_carriers stays as it is (it follows from
 * the types of the functions defined alone, which moved.c knows are the
 * same).
 */
int emit_hook_context(sqlite3 *db, const int64_t *dispatch,
		      size_t nr_dispatch, int keep_carriers,
		      struct kcg_error *err);

/* guard_context.c: the guard_context_* tables, once the edges are
 * stored. */
int emit_guard_context(sqlite3 *db, struct kcg_error *err);

/* store_edges.c: the edge digests of the callers listed in table (a
 * table of ids) made again from the edge table. */
int resolve_redigest(sqlite3 *db, const char *table, struct kcg_error *err);

/*
 * resolve.c: meta META_RESOLVE_COUNTS (db/db.h) holds the last
 * resolution's resolve_stats, which resolve_moved() reports again
 * ("INDIRECT RESOLVED SIGNATURE" and the edges of each kind).  0 if text
 * is such counts, *stats filled.
 */
int resolve_counts_parse(const char *text, struct resolve_stats *stats);

#endif
