#include "inl.h"

#ifndef ENS_VARIANT
#define ENS_VARIANT 1
#endif

static int ens_probe(int v)
{
	return inl_plain(v) + base_op(ENS_VARIANT);
}

static int (*UNIQUE(ens_hook_))(int) __attribute__((used)) = ens_probe;

int ens_entry(int v)
{
	return ens_probe(v) + other_op(v);
}
