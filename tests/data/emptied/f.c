#include "trace.inc"
#include "inl.h"

static int f_step(int v)
{
	return inl_plain(v) + inl_traced(v);
}

static int (*UNIQUE(f_hook_))(int) __attribute__((used)) = f_step;

int f_entry(int v)
{
	return f_step(v);
}
