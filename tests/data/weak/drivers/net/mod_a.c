/* A symbol two modules each define (never both built in): this one. */
void mod_probe(void);

static void a_hw(void)
{
}

void mod_probe(void)
{
	a_hw();
}

/* an enum of no name, whose values two tables use: walked once */
enum {
	LINK_UP = 1,
	LINK_DOWN,
};

struct link_ops {
	int state;
	void (*probe)(void);
};

struct link_ops link_up = { .state = LINK_UP, .probe = mod_probe };
struct link_ops link_down = { .state = LINK_DOWN, .probe = a_hw };

#include "hook.h"

/* an enum of one name in two modules' sources: this one is kept */
enum chips {
	CHIP_A,
	CHIP_B,
};

struct chip_info chips_a[] = {
	{ .chip = CHIP_A, .probe = a_hw },
	{ .chip = CHIP_B, .probe = a_hw },
};

void use_shared(void)
{
	call_hook();
	shared_ops.fn();
}
