/*
 * The object a call through a field is made on.
 *
 * `set->variant->adt[i](set, ...)` reads the table at `set->variant` and
 * passes `set` itself as argument 0; `hw->mac.ops.read(hw, ...)` reads the
 * table embedded at `hw->mac.ops`.  describe_receiver() records the chain
 * of fields from the object to the table, written from a pointer to the
 * object ("->ip_set:variant->", "->ixgbe_hw:mac.ixgbe_mac_info:ops."),
 * whether the object is the caller's parameter, which argument passes it,
 * and whether it is a global (`nf_ct_hook_impl.x()`).  Resolution confines
 * the call with it (resolve/receivers.c).  Syntax only, like describe.c.
 */
#include "walk.h"

#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

/* Fields between the object and the table; more is not worth following. */
#define MAX_HOPS 6

struct hop {
	CXCursor field;		/* the FieldDecl */
	int arrow;		/* reached through a pointer */
};

struct chain {
	CXCursor root;		/* the variable the chain starts at */
	struct hop hop[MAX_HOPS];	/* from the root to the table */
	int nr;
	int final_arrow;	/* the table itself is behind a pointer */
};

static CXCursor local_init(struct walk *w, CXCursor decl);

/*
 * The member expressions under e, root first; 0 if it is not a chain.
 * With follow, a local the chain starts at is replaced by what it was
 * initialized with, once: `phy->ops.x` after `phy = &hw->phy` is
 * `hw->phy.ops.x`, `ops->x` after `ops = dev->ethtool_ops` is
 * `dev->ethtool_ops->x`.  ch->final_arrow (the access to the called
 * field) is set by the caller and may change.
 */
static int read_chain(struct walk *w, CXCursor e, struct chain *ch,
		      int follow)
{
	struct hop rev[MAX_HOPS];
	int nr = 0, i;

	for (;;) {
		CXCursor init;

		while (clang_getCursorKind(e) == CXCursor_MemberRefExpr) {
			CXCursor base;

			if (nr == MAX_HOPS || !first_child(e, &base))
				return 0;
			rev[nr].field = clang_getCursorReferenced(e);
			if (clang_getCursorKind(rev[nr].field) !=
			    CXCursor_FieldDecl)
				return 0;
			rev[nr].arrow = is_pointer_expr(base);
			nr++;
			e = strip_conversions(base);
		}
		if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
			return 0;
		ch->root = clang_getCursorReferenced(e);
		if (!follow-- || !w)
			break;
		init = local_init(w, ch->root);
		if (clang_Cursor_isNull(init))
			break;
		if (clang_getCursorKind(init) == CXCursor_UnaryOperator) {
			/* `&X`: what the local points at is X itself */
			init = strip_conversions(last_child(init));
			if (nr)
				rev[nr - 1].arrow = 0;
			else
				ch->final_arrow = 0;
		}
		if (clang_getCursorKind(init) != CXCursor_MemberRefExpr)
			return 0;
		e = init;
	}
	if (clang_getCursorKind(ch->root) != CXCursor_ParmDecl &&
	    clang_getCursorKind(ch->root) != CXCursor_VarDecl)
		return 0;
	ch->nr = nr;
	for (i = 0; i < nr; i++)
		ch->hop[i] = rev[nr - 1 - i];
	return 1;
}

/*
 * The argument that passes the object at hop `*skip` of the chain: the
 * root pointer itself (skip 0), or `&root->a.b` (skip 2).  -1 if none.
 */
static int receiver_argument(CXCursor call, const struct chain *ch, int *skip)
{
	int n = clang_Cursor_getNumArguments(call), i;

	for (i = 0; i < n; i++) {
		CXCursor a = strip_conversions(
			clang_Cursor_getArgument(call, (unsigned)i));
		struct chain arg;
		int j;

		if (clang_getCursorKind(a) == CXCursor_DeclRefExpr &&
		    ch->nr && ch->hop[0].arrow &&
		    clang_equalCursors(clang_getCursorReferenced(a),
				       ch->root)) {
			*skip = 0;
			return i;
		}
		if (clang_getCursorKind(a) != CXCursor_UnaryOperator)
			continue;
		/* &x: its operand */
		a = strip_conversions(last_child(a));
		if (!read_chain(NULL, a, &arg, 0) || !arg.nr ||
		    arg.nr > ch->nr ||
		    !clang_equalCursors(arg.root, ch->root))
			continue;
		for (j = 0; j < arg.nr; j++)
			if (!clang_equalCursors(arg.hop[j].field,
						ch->hop[j].field) ||
			    arg.hop[j].arrow != ch->hop[j].arrow)
				break;
		if (j == arg.nr && (j == ch->nr || !ch->hop[j].arrow)) {
			*skip = j;
			return i;
		}
	}
	return -1;
}

/* "->ip_set:variant->": the hops from `skip` on, seen from a pointer. */
static const char *chain_text(struct walk *w, const struct chain *ch,
			      int skip)
{
	char buf[1024];
	size_t len = 0;
	int i;

	buf[0] = 0;
	for (i = skip; i < ch->nr; i++) {
		CXCursor rec = clang_getCursorSemanticParent(ch->hop[i].field);
		const char *name = record_name(w, rec);
		CXString f = clang_getCursorSpelling(ch->hop[i].field);
		int n;

		n = snprintf(buf + len, sizeof(buf) - len, "%s%s:%s",
			     (i == skip && skip) || ch->hop[i].arrow ?
				     "->" : ".",
			     name ? name : "?", clang_getCString(f));
		clang_disposeString(f);
		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			return NULL;
		len += (size_t)n;
	}
	if (len + 3 > sizeof(buf))
		return NULL;
	/* the table is reached through a pointer, or is the object passed */
	strcpy(buf + len,
	       ch->final_arrow || (skip && skip == ch->nr) ? "->" : ".");
	return batch_strdup(w->batch, buf);
}

/* Are all hops (and the table) embedded, none behind a pointer? */
static int all_embedded(const struct chain *ch)
{
	int i;

	for (i = 0; i < ch->nr; i++)
		if (ch->hop[i].arrow)
			return 0;
	return !ch->final_arrow;
}

/*
 * `&x->m` stands for x->m itself, a struct: *e becomes the operand.  0
 * for `*p`, whose operand is a pointer; e unchanged if not unary.
 */
static int address_operand(CXCursor *e)
{
	CXCursor operand;

	if (clang_getCursorKind(*e) != CXCursor_UnaryOperator)
		return 1;
	operand = strip_conversions(last_child(*e));
	if (clang_getCanonicalType(clang_getCursorType(operand)).kind !=
	    CXType_Record)
		return 0;
	*e = operand;
	return 1;
}

/*
 * Remember what a local was initialized with, when a chain may go through
 * it: a function pointer (`ipset_adtfn adtfn = set->variant->adt[adt];`,
 * called later), or a pointer to a field or to what a field points at
 * (`phy = &hw->phy`, `ops = dev->ethtool_ops`, `ops =
 * READ_ONCE(dev->ethtool_ops)`).
 */
void note_local_init(struct walk *w, CXCursor var, CXCursor init)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(var));
	CXCursor value = through_read_once(strip_conversions(init));
	CXCursor e = value;

	if (t.kind != CXType_Pointer)
		return;
	if (!is_function_type(clang_getPointeeType(t))) {
		if (!address_operand(&e) ||
		    clang_getCursorKind(e) != CXCursor_MemberRefExpr)
			return;
	}
	xgrow(&w->local_init_exprs, &w->alloc_local_inits,
	      w->nr_local_inits + 1, sizeof(*w->local_init_exprs));
	w->local_init_exprs[w->nr_local_inits++] = value;
	ptrmap_put(&w->local_inits, var.data[0],
		   (int64_t)w->nr_local_inits);
}

/* What local decl was initialized with, if that is all it holds; the
 * null cursor otherwise. */
static CXCursor local_init(struct walk *w, CXCursor decl)
{
	int64_t index;

	if (!ptrmap_get(&w->local_inits, decl.data[0], &index) || index < 0)
		return clang_getNullCursor();
	return strip_conversions(w->local_init_exprs[index - 1]);
}

/* The expression a local (a function pointer, a pointer to a table) was
 * initialized with, if that is all it holds; e itself otherwise. */
static CXCursor through_local(struct walk *w, CXCursor e)
{
	CXCursor init;

	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return e;
	init = local_init(w, clang_getCursorReferenced(e));
	return clang_Cursor_isNull(init) ? e : init;
}

/*
 * The global a member expression is part of, when it is reached from the
 * global by `.` alone (`tcp_prot_override.release_cb`, `g.a.b.f`):
 * a store into it changes that global and no other.  NULL if any step is
 * behind a pointer, or the root is not a global.
 */
const char *member_global(struct walk *w, CXCursor member)
{
	struct chain ch;
	CXCursor base;

	if (!first_child(member, &base))
		return NULL;
	memset(&ch, 0, sizeof(ch));
	ch.final_arrow = is_pointer_expr(base);
	if (!read_chain(w, strip_conversions(base), &ch, 0) ||
	    !all_embedded(&ch) ||
	    clang_getCursorKind(ch.root) != CXCursor_VarDecl ||
	    is_local_var(ch.root))
		return NULL;
	return global_ref_key(w, ch.root);
}

/* How a struct member is named in receivers.container and
 * flows.dst_container: "S:m". */
const char *container_key(struct walk *w, const char *record,
			  const char *field)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s:%s", record, field);
	return batch_strdup(w->batch, buf);
}

/* The member m of struct S (*record) that e, `x->m`, `x.m` or `&x->m`,
 * is, when its type is a struct (embedded); the null cursor if not. */
static CXCursor embedded_field(struct walk *w, CXCursor e,
			       const char **record)
{
	CXCursor field;

	e = strip_conversions(e);
	if (!address_operand(&e) ||
	    clang_getCursorKind(e) != CXCursor_MemberRefExpr ||
	    clang_getCanonicalType(clang_getCursorType(e)).kind !=
		    CXType_Record)
		return clang_getNullCursor();
	field = clang_getCursorReferenced(e);
	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return clang_getNullCursor();
	*record = record_name(w, clang_getCursorSemanticParent(field));
	if (!*record)
		return clang_getNullCursor();
	return field;
}

/* "S:m" for a member m of struct S whose type is a struct (embedded). */
static const char *embedded_member(struct walk *w, CXCursor e)
{
	const char *record;
	CXCursor field = embedded_field(w, e, &record);

	if (clang_Cursor_isNull(field))
		return NULL;
	return container_key(w, record, cursor_spelling(w, field));
}

/*
 * `&lag->notif_block`, an argument: the address of a struct embedded as a
 * member, as a value (VAL_MEMBER).  0 if arg is not one.
 */
int member_address_value(struct walk *w, CXCursor arg, struct fact_value *v)
{
	const char *record;
	CXCursor e = strip_conversions(arg), field;

	if (clang_getCursorKind(e) != CXCursor_UnaryOperator)
		return 0;
	field = embedded_field(w, e, &record);
	if (clang_Cursor_isNull(field))
		return 0;
	memset(v, 0, sizeof(*v));
	v->kind = VAL_MEMBER;
	v->record = record;
	v->field = cursor_spelling(w, field);
	return 1;
}

/*
 * The struct member the object a member expression is in is embedded as,
 * "sctp_inq:immediate" for `q->immediate.func` and for
 * `(&q->immediate)->func` (INIT_WORK's store), also through a local
 * initialized with `&q->immediate`.  NULL when the object is reached
 * through any other pointer: it may be anywhere.
 */
const char *member_container(struct walk *w, CXCursor member)
{
	CXCursor base;

	if (!first_child(member, &base))
		return NULL;
	base = strip_conversions(base);
	if (clang_getCursorKind(base) == CXCursor_DeclRefExpr &&
	    is_pointer_expr(base)) {
		CXCursor init = local_init(w, clang_getCursorReferenced(base));

		if (clang_Cursor_isNull(init) ||
		    clang_getCursorKind(init) != CXCursor_UnaryOperator)
			return NULL;
		base = init;
	}
	return embedded_member(w, base);
}

/* Is a receiver worth a row: does it hold what a rule can use?  made: the
 * object is a local that one call made (made.c), or may be. */
int receiver_is_used(const struct fact_receiver *r, int made)
{
	return r->arg >= 0 || r->param >= 0 || r->global || r->container ||
	       r->table_field || made;
}

/*
 * `dev->bus->pm->runtime_suspend(dev)`: the table is what the field
 * bus_type.pm holds, a pointer to an ops table (an element of an array of
 * them too), also through a local that holds only what it was initialized
 * with (`ops = dev->ethtool_ops`).  The field as "S:f" in r->table_field,
 * the file defining S in r->table_struct_file; *read the field read, to
 * stand for the chain when the object is not a variable.
 */
static void note_table_field(struct walk *w, CXCursor table,
			     struct fact_receiver *r, CXCursor *read)
{
	CXCursor e = through_read_once(through_local(w,
						     strip_conversions(table)));
	CXCursor field, record, base;
	const char *name;
	CXString f;

	if (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr &&
	    first_child(e, &base))
		e = strip_conversions(base);
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
		return;
	field = clang_getCursorReferenced(e);
	if (clang_getCursorKind(field) != CXCursor_FieldDecl ||
	    type_interest(w, clang_getCursorType(field)) != TYPE_OPS_PTR)
		return;
	record = clang_getCursorSemanticParent(field);
	name = record_name(w, record);
	if (!name)
		return;
	f = clang_getCursorSpelling(field);
	r->table_field = container_key(w, name, clang_getCString(f));
	clang_disposeString(f);
	r->table_struct_file = record_file(w, record);
	*read = e;
}

/*
 * `sk->__sk_common.skc_prot = prot`: the fields from the local sk to the
 * table stored, as a receivers path
 * ("->sock:__sk_common.sock_common:skc_prot->"), and the local in *root.
 * NULL when lhs is not reached by fields from a local pointer.
 */
const char *local_store_path(struct walk *w, CXCursor lhs, const void **root)
{
	struct chain ch;

	memset(&ch, 0, sizeof(ch));
	ch.final_arrow = 1;
	if (!read_chain(NULL, strip_conversions(lhs), &ch, 0) || !ch.nr ||
	    !ch.hop[0].arrow ||
	    clang_getCursorKind(ch.root) != CXCursor_VarDecl ||
	    !is_local_var(ch.root))
		return NULL;
	*root = ch.root.data[0];
	return chain_text(w, &ch, 0);
}

void describe_receiver(struct walk *w, CXCursor call, CXCursor callee_expr,
		       size_t call_index)
{
	struct fact_receiver found, *r;
	struct chain ch;
	CXCursor e = through_local(w, strip_conversions(callee_expr)), table;
	CXCursor read = clang_getNullCursor();
	const void *root_local = NULL;
	int64_t param;
	int skip = 0;

	if (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr &&
	    !first_child(e, &e))
		return;
	e = strip_conversions(e);
	/* e is the field called; its base is the table */
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr ||
	    !first_child(e, &table))
		return;
	memset(&found, 0, sizeof(found));
	found.arg = found.param = -1;
	found.container = member_container(w, e);
	note_table_field(w, table, &found, &read);
	memset(&ch, 0, sizeof(ch));
	ch.final_arrow = is_pointer_expr(table);
	if (!read_chain(w, strip_conversions(table), &ch, 0)) {
		/* `skb_dst(skb)->ops->x(...)`: only the field the table is
		 * read from is known */
		CXCursor base;

		if (!found.table_field || !first_child(read, &base))
			return;
		memset(&ch, 0, sizeof(ch));
		ch.nr = 1;
		ch.hop[0].field = clang_getCursorReferenced(read);
		ch.hop[0].arrow = is_pointer_expr(strip_conversions(base));
		ch.final_arrow = 1;
		goto described;
	}
	found.arg = receiver_argument(call, &ch, &skip);
	if (found.arg < 0) {
		/* `phy->ops.x(hw)` after `phy = &hw->phy`: the object passed
		 * is what the local was made from.  A local that is passed
		 * itself (`hw = &adapter->hw; hw->mac.ops.x(hw)`) stays. */
		struct chain followed;

		memset(&followed, 0, sizeof(followed));
		followed.final_arrow = ch.final_arrow;
		if (read_chain(w, strip_conversions(table), &followed, 1)) {
			ch = followed;
			skip = 0;
			found.arg = receiver_argument(call, &ch, &skip);
		}
	}
	/* `set->variant->x(...)` on parameter set; `nb->notifier_call(nb,
	 * ...)`, the table itself the parameter (no hop), when it is an ops
	 * table, whose pointers passed as arguments are all described
	 * (visit.c, note_table_argument()) */
	if (skip == 0 && (ch.nr ? ch.hop[0].arrow :
			  ch.final_arrow && type_interest(w,
				clang_getCursorType(ch.root)) ==
				TYPE_OPS_PTR) &&
	    clang_getCursorKind(ch.root) == CXCursor_ParmDecl &&
	    ptrmap_get(&w->params, ch.root.data[0], &param))
		found.param = (int)param - 1;
	if (clang_getCursorKind(ch.root) == CXCursor_VarDecl &&
	    !is_local_var(ch.root) && all_embedded(&ch))
		found.global = global_ref_key(w, ch.root);
	/* `sk->sk_prot->init(sk)` on a local: made by a call? (made.c) */
	if (skip == 0 && ch.nr && ch.hop[0].arrow && ch.final_arrow &&
	    clang_getCursorKind(ch.root) == CXCursor_VarDecl &&
	    is_local_var(ch.root))
		root_local = ch.root.data[0];
described:
	if (!receiver_is_used(&found, root_local != NULL))
		return;
	found.path = chain_text(w, &ch, skip);
	if (!found.path)
		return;
	r = batch_add_receiver(w->batch);
	*r = found;
	r->call = call_index;
	r->made_call = -1;
	r->root_local = root_local;
}
