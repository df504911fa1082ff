#include "alt.h"
#include "hooks.h"

static void two_hook(void)
{
}

void two_init(void)
{
	hook_set(two_hook);
}
