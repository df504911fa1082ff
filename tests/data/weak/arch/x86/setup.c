/* The architecture's own arch_setup: the one the kernel runs. */
#include "weak.h"

static void x86_fn(void)
{
}

void arch_setup(struct ops *o)
{
	o->fn = x86_fn;
}
