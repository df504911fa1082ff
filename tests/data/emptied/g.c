#include "inl.h"

/* declared first in inl.h's inl_extern, at block scope: that is
 * where it is reported, emptied or not */
extern int (*shared_op)(int);

static int g_step(int v)
{
	return inl_plain(v) + inl_extern(v) + shared_op(v);
}

static int (*UNIQUE(g_hook_))(int) __attribute__((used)) = g_step;

int g_entry(int v)
{
	return g_step(v);
}
