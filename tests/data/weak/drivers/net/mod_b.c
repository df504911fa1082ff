/* A symbol two modules each define (never both built in): the other. */
void mod_probe(void);

static void b_hw(void)
{
}

void mod_probe(void)
{
	b_hw();
}

#include "hook.h"

/* the other enum chips, beaten by mod_a.c's: its three values used */
enum chips {
	CHIP_X,
	CHIP_Y,
	CHIP_Z,
};

struct chip_info chips_b[] = {
	{ .chip = CHIP_X, .probe = b_hw },
	{ .chip = CHIP_Y, .probe = b_hw },
	{ .chip = CHIP_Z, .probe = b_hw },
};

/* declared again, as EXPORT_SYMBOL() declares what it exports */
void hook_fn(void);

struct ops shared_ops = { .fn = hook_fn };
