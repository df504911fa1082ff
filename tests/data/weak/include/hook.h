/*
 * A function only declared (a static call's trampoline, say) that a
 * header's inline body calls, and an ops table every includer sees
 * declared: where the index says they are must not depend on which TUs
 * are indexed together (drivers/net/mod_b.c declares the one again and
 * defines the other).
 */
#ifndef HOOK_H
#define HOOK_H

#include "weak.h"

void hook_fn(void);

static inline void call_hook(void)
{
	hook_fn();
}

extern struct ops shared_ops;

/* a chip table: each of mod_a.c and mod_b.c has its own enum chips */
struct chip_info {
	int chip;
	void (*probe)(void);
};

#endif
