/*
 * Extraction shapes the samples/ tree does not show: positional and
 * nested initializers, compound literals, ternaries, a static local ops
 * table, a function-pointer array, and a call through a returned pointer.
 * tests/test_extractor.c asserts the facts kcg extracts from it; the line
 * numbers it names are marked with the comment "L<n>" at the end of lines.
 */
struct sk_buff;
typedef int (*handler_t)(struct sk_buff *);

struct ops {
	int id;
	handler_t first;
	handler_t second;
};

struct inner {
	handler_t input;
};

struct outer {
	int flags;
	struct inner in;
};

int h1(struct sk_buff *skb) { return 1; }
int h2(struct sk_buff *skb) { return 2; }
int h3(struct sk_buff *skb) { return 3; }

struct ops positional = { 7, h1, h2 };			/* L30 */
struct outer nested = { .in.input = h3 };		/* L31 */
struct outer nested2 = { .flags = 1, .in = { h1 } };	/* L32 */
handler_t table[] = { h1, h2, [5] = h3 };		/* L33 */

static handler_t pick(int cond)
{
	return cond ? h1 : h2;				/* L37 */
}

void use(struct ops *o, struct outer *x, int cond, struct sk_buff *skb)
{
	static const struct ops local_ops = { .second = h3 };	/* L42 */
	struct ops copy;

	copy = (struct ops){ .first = h2 };		/* L45 */
	o->first = cond ? h1 : h3;			/* L46 */
	x->in.input = o->second;			/* L47 */
	pick(cond)(skb);				/* L48 */
	table[2](skb);					/* L49 */
	(*o->first)(skb);				/* L50 */
	(void)local_ops;
	(void)copy;
}
