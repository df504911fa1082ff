// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/netfilter/x_tables.c (sample): builds a table's nf_hook_ops at run
 * time, one entry per valid hook, all with the table's hook function.
 */
#include <linux/compiler.h>
#include <linux/netfilter/x_tables.h>

static struct nf_hook_ops xt_ops_cache[2 * NF_INET_NUMHOOKS];
static unsigned int xt_ops_used;

/**
 * xt_hook_ops_alloc - set up hooks for a new table
 * @table:	table with metadata needed to set up hooks
 * @fn:		Hook function
 *
 * This function will create the nf_hook_ops that the x_table needs
 * to hand to nf_register_net_hooks().
 */
struct nf_hook_ops *
xt_hook_ops_alloc(const struct xt_table *table, nf_hookfn *fn)
{
	unsigned int i, num_hooks = hweight32(table->valid_hooks);
	unsigned int hook_mask = table->valid_hooks;
	struct nf_hook_ops *ops;
	u8 hooknum;

	if (!num_hooks || xt_ops_used + num_hooks > ARRAY_SIZE(xt_ops_cache))
		return NULL;

	ops = &xt_ops_cache[xt_ops_used];
	xt_ops_used += num_hooks;

	for (i = 0, hooknum = 0; i < num_hooks && hook_mask != 0;
	     hook_mask >>= 1, ++hooknum) {
		if (!(hook_mask & 1))
			continue;
		ops[i].hook     = fn;
		ops[i].pf       = table->af;
		ops[i].hooknum  = hooknum;
		ops[i].priority = table->priority;
		++i;
	}

	return ops;
}
