#include "inl.h"

static int a_step(int v)
{
	return inl_plain(v) + inl_counted(v) + inl_traced(v) + inl_made(v) +
	       inl_directive(v) + inl_pasted(v) + inl_extern(v);
}

/* file-scope names the counter makes, after every inline body */
static int (*UNIQUE(a_hook_))(int) __attribute__((used)) = a_step;
static int (*UNIQUE(a_more_))(int) __attribute__((used)) = base_op;

int a_entry(int v)
{
	return a_step(v);
}
