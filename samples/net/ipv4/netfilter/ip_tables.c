// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/ipv4/netfilter/ip_tables.c (sample): the table walker and the
 * registration of a table's hooks.
 */
#include <linux/compiler.h>
#include <linux/netfilter/x_tables.h>

/* Returns one of the generic firewall policies, like NF_ACCEPT. */
unsigned int
ipt_do_table(void *priv,
	     struct sk_buff *skb,
	     const struct nf_hook_state *state)
{
	const struct xt_table *table = priv;

	if (!table || state->hook >= NF_INET_NUMHOOKS)
		return NF_DROP;
	return skb->len ? NF_ACCEPT : NF_DROP;
}

int ipt_register_table(struct net *net, const struct xt_table *table,
		       struct nf_hook_ops *ops)
{
	unsigned int i, num_ops = hweight32(table->valid_hooks);

	for (i = 0; i < num_ops; i++)
		ops[i].priv = (void *)table;

	return nf_register_net_hooks(net, ops, num_ops);
}
