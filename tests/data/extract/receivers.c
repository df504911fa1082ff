/*
 * The objects calls through fields are made on (extractor/receiver.c):
 * the fields from the object to the table, the argument passing it, the
 * caller's parameter or the global it is.
 */
struct ops {
	int (*x)(void *o);
	int (*y)(void *o, int n);
};

struct inner {
	const struct ops *ops;
};

struct obj {
	const struct ops *ops;
	struct inner in;
	struct ops own;
};

typedef int (*yfn)(void *o, int n);

static int f_x(void *o)
{
	return o != 0;
}

static const struct ops gops = { .x = f_x };

int through_param(struct obj *p)
{
	return p->ops->x(p);
}

int embedded(struct obj *p)
{
	return p->in.ops->x(&p->in);
}

int through_local(struct obj *p, int n)
{
	yfn f = p->ops->y;

	return f(p, n);
}

int reassigned(struct obj *p, struct obj *q, int n)
{
	yfn f = p->ops->y;

	if (n)
		f = q->ops->y;
	return f(p, n);
}

int named(void)
{
	return gops.x(0);
}

int own(struct obj *p)
{
	return p->own.x(p);
}

int other(struct obj *p, struct obj *q)
{
	return p->ops->x(q);
}

int table_itself(const struct ops *o)
{
	return o->x((void *)o);
}

int alias_embedded(struct obj *p)
{
	const struct inner *in = &p->in;

	return in->ops->x(p);
}

int alias_table(struct obj *p)
{
	const struct ops *o = p->ops;

	return o->x(p);
}

int alias_reassigned(struct obj *p, struct obj *q)
{
	const struct ops *o = p->ops;

	if (q)
		o = q->ops;
	return o->x(p);
}

struct holder {
	struct obj o;
};

int alias_passed(struct holder *h)
{
	struct obj *p = &h->o;

	return p->ops->x(p);
}

/* the parameter walked on: not the table the callers passed */
int take(const struct ops *o);

int table_walked(const struct ops *o, int n)
{
	int r = 0;

	for (; n; n--, o++)
		r += o->x((void *)o);
	return r + take(o);
}

/* ... also where a macro writes it */
#define STEP(p) ((p) = (p) + 1)

int table_stepped(const struct ops *o)
{
	STEP(o);
	return o->x((void *)o);
}

/* what a table argument is: a global's address, an embedded member's,
 * a parameter passed on, a field read (what is stored into the field),
 * a local given only such values; anything else also unknown: a local
 * given a call's result */
struct box {
	struct ops ops;
};

const struct ops *pick_ops(void);

int pass_tables(struct box *b, const struct ops *o, struct obj *p)
{
	const struct ops *picked = pick_ops();
	const struct ops *boxed = &b->ops;

	return take(&gops) + take(&b->ops) + take(o) + take(p->ops) +
	       take(picked) + take(boxed);
}

/* a row of a global array of tables is a part of it; an element through
 * a pointer is not known */
static const struct ops rows[2][2];
extern const struct ops *some_tables;

int pass_rows(void)
{
	return take(rows[1]) + take(&some_tables[1]);
}

/* a pointer a call returns is a copy of a table it was handed when it
 * points to the same struct or is a void * (kmemdup()); a call that makes
 * another struct from a table (sk_alloc(..., prot, ...) returning a
 * struct sock *) returns no copy of it */
struct made {			/* no ops table: one pointer in six */
	int (*ready)(void *o);
	const struct ops *prot;
	int state, family, type, protocol;
};

static struct made gmade = { .ready = f_x };

struct made *make_from(const struct ops *prot);
struct made *clone_made(const struct made *m);
void *dup_any(const void *p, unsigned long n);
int take_made(struct made *m);

int pass_copies(void)
{
	struct made *m = make_from(&gops);
	struct made *typed = clone_made(&gmade);
	const struct ops *untyped = dup_any(&gops, sizeof(gops));

	return take_made(m) + take_made(typed) + take(untyped);
}

/* a function's address kept in a static void * nothing reads is only
 * named (EXPORT_SYMBOL's __ADDRESSABLE); one read may be called */
static void *named_only __attribute__((__used__)) = (void *)&table_walked;
static void *read_later = (void *)&pass_tables;

int walk_other(const struct ops *o, int n)
{
	return o != 0 && n;
}

static void *read_too = (void *)&walk_other;

int holder_read(void)
{
	return read_later != 0 && read_too != 0;
}

/* a pointer no caller fills: by signature, the functions of its type
 * whose address is taken, walk_other; not table_walked, only named */
int call_unknown(int (*walk)(const struct ops *, int), const struct ops *o)
{
	return walk(o, 1);
}

/* a field what kcg cannot follow is stored into: a pointer to a struct
 * this file does not define (an ops table where it is), a field whose
 * address is passed on to be filled */
struct hidden;

struct keeper {
	struct hidden *h;
	const struct ops *o;
};

struct hidden *find_hidden(int v);
void fill_ops(const struct ops **slot);
extern struct hidden the_hidden;

void fill_keeper(struct keeper *x, int v)
{
	x->h = find_hidden(v);
	x->h = 0;
	x->h = &the_hidden;
	fill_ops(&x->o);
}

/* GNU's `a ?: b` is no conversion of b */
void pick_keeper(struct keeper *x, const struct ops *p)
{
	x->o = p ?: &gops;
}

/* a table read from a pointer field, whatever the object: what every
 * store into that field stores (resolve/receivers.c, "tables of the field");
 * not for a field pointing to a struct that is no ops table */
struct obj *current_obj(void);

struct shelf {
	const struct ops *tabs[2];
	struct obj *o;
};

struct big {
	int (*f)(void);
	int a, b, c;
};

struct has_big {
	struct big *b;
};

int from_call(void)
{
	return current_obj()->ops->x(0);
}

int from_array(struct shelf *s)
{
	return s->tabs[1]->x(s);
}

int through_object(struct shelf *s)
{
	return s->o->ops->x(s);
}

int call_big(struct has_big *h)
{
	return h->b->f();
}

/* the field's address taken, to be written through (an unknown store);
 * not READ_ONCE() and WRITE_ONCE(), which use it at once */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) \
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

void keep_aside(struct keeper *x)
{
	const struct ops **slot = &x->o;

	*slot = &gops;
	WRITE_ONCE(x->o, &gops);
}

int read_once(struct keeper *x)
{
	const struct ops *o = READ_ONCE(x->o);

	return READ_ONCE(x->o)->x(x) + o->y(x, 1);
}
