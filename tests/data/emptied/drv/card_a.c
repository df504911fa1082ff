#include "inl.h"

static int card_probe_hw(int v);

int card_a_entry(int v)
{
	return card_probe_hw(v);
}

#include "card_common.c"
