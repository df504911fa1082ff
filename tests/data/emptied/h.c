#include "inl.h"

static int h_step(int v)
{
	return inl_plain(v) + inl_counted(v) + inl_pasted(v);
}

/* two names made on one line: numbered by line they are one name defined
 * twice, so this TU is parsed again as it is built, counting, with
 * nothing emptied (a macro of two MODULE_FIRMWARE()s in the kernel) */
#define TWO_HOOKS(f)                                                       \
	static int (*UNIQUE(h_hook_))(int) __attribute__((used)) = f;      \
	static int (*UNIQUE(h_hook_))(int) __attribute__((used)) = base_op;

TWO_HOOKS(h_step)

int h_entry(int v)
{
	return h_step(v);
}
