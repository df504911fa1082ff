#include "g.h"

static void b_fn(void)
{
}

static struct ops b_ops = { .fn = b_fn };

struct ops *cur_ops = 0;

void set_ops(void)
{
	cur_ops = &b_ops;
}

#include "level.h"

void cfg_low(struct cfg *c)
{
	c->level = LEVEL_LOW;
}
