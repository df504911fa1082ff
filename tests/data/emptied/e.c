/* its own TRACE_ID takes a counter number in inl.h's inl_traced: this TU
 * must parse every body of inl.h, or its counter-made names shift */
#define TRACE_ID() (__COUNTER__ & 0)
#include "inl.h"

static int e_step(int v)
{
	return inl_plain(v) + inl_traced(v);
}

static int (*UNIQUE(e_hook_))(int) __attribute__((used)) = e_step;

int e_entry(int v)
{
	return e_step(v);
}
