#include "hooks.h"

static void one_hook(void)
{
}

void one_init(void)
{
	hook_set(one_hook);
}
