/*
 * Unnamed struct types of named members: each is a type of its own, so
 * a call through one member's field reaches only what is stored in that
 * member (tests/test_extractor.c, test_unnamed_member_types); `bar, fb`
 * share a type, told apart by member (same container).  The fields of
 * an anonymous union belong to the struct around it.
 */
typedef int (*ctor_t)(int);

struct chip {
	const char *name;
	struct { int inst; ctor_t ctor; } bar, fb;
	struct { int inst; ctor_t ctor; } mc;
	union { ctor_t fallback; long raw; };
	struct { struct { ctor_t ctor; } inner[2]; } nest;
};

int bar_a(int x) { return x + 1; }
int bar_b(int x) { return x + 2; }
int fb_a(int x) { return x + 3; }
int mc_a(int x) { return x + 4; }
int mc_b(int x) { return x + 5; }
int fall(int x) { return x + 6; }
int inner_a(int x) { return x + 7; }

const struct chip chip1 = {
	.bar = { 1, bar_a }, .fb = { 1, fb_a }, .mc = { 1, mc_a },
	.fallback = fall, .nest.inner[0].ctor = inner_a,
};
const struct chip chip2 = { .bar = { 2, bar_b }, .mc = { 2, mc_b } };

int make(const struct chip *c, int x)
{
	return c->bar.ctor(x) +		/* L34 */
	       c->mc.ctor(x) +		/* L35 */
	       c->fallback(x) +		/* L36 */
	       c->nest.inner[1].ctor(x);	/* L37 */
}
