#include "g.h"

int ops_set(void)
{
	struct ops *o = cur_ops;
	struct ops *spare = spare_ops;

	return o != 0 && spare != 0;
}

#include "level.h"

void cfg_high(struct cfg *c)
{
	c->level = LEVEL_HIGH;
}
