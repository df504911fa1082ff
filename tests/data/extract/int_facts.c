/*
 * Integer facts for tests/test_extractor.c: the integer arguments of
 * calls to functions taking a function pointer (call_args) and the
 * integer parameters or constants stored into fields (int_stores).
 */
struct ctx {
	unsigned char pf;
	unsigned int hook;
	int (*okfn)(int);
};

#define HOOK_X 3
enum fam { FAM_A = 2 };

static int fin(int x)
{
	return x;
}

static int run(struct ctx *c)
{
	return c->okfn(c->pf + (int)c->hook);
}

/* stores: .pf = pf and c.hook = hook; not hook + 1, |=, == */
static int enter(unsigned char pf, unsigned int hook, int (*okfn)(int))
{
	struct ctx c = { .pf = pf, .hook = hook + 1, .okfn = okfn };
	int same = pf == hook;

	c.hook = hook;
	c.pf |= pf;
	return run(&c) + same;
}

/* no function pointer here: no store recorded */
static int plain(unsigned char pf)
{
	struct ctx c = { .pf = pf };

	return c.pf;
}

int outer(unsigned int h)
{
	return enter(FAM_A, HOOK_X, fin) + enter(5, h, fin) +
	       enter((unsigned char)h, h + 1, fin) + plain(1);
}

/* arguments a macro puts in place: the enumerator's name, and no name
 * for a literal (not the macro's) */
#define CALL_ENTER(p, f) enter((p), HOOK_X, f)

int outer2(void)
{
	return CALL_ENTER(FAM_A, fin) + CALL_ENTER(7, fin);
}

struct holder {
	int (*fn)(int);
};

/* a function storing a function pointer into a field: the constants it
 * stores count (a macro's name and an enumerator's), not a sum */
void fill(struct ctx *c, const struct holder *h, unsigned int n)
{
	c->pf = FAM_A;
	c->hook = HOOK_X;
	c->hook = n + 1;
	c->okfn = h->fn;
}
