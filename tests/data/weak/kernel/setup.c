/* The generic default of arch_setup, and its caller. */
#include "weak.h"

static void generic_fn(void)
{
}

void __weak arch_setup(struct ops *o)
{
	o->fn = generic_fn;
}

void start(struct ops *o)
{
	arch_setup(o);
	o->fn();
}
