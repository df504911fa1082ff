// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/bridge/br_netfilter_hooks.c (sample): one bridge hook and one IPv4
 * hook at NF_IP_PRI_FIRST in the same nf_hook_ops array.
 */
#include <linux/compiler.h>
#include <linux/netfilter.h>
#include "br_private.h"

static unsigned int br_nf_pre_routing(void *priv,
				      struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	(void)priv;
	if (state->pf != NFPROTO_BRIDGE)
		return NF_ACCEPT;
	skb->nfct = 0;
	return NF_ACCEPT;
}

static unsigned int ip_sabotage_in(void *priv,
				   struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	(void)priv;
	if (skb->nfct) {
		state->okfn(state->net, state->sk, skb);
		return NF_STOLEN;
	}
	return NF_ACCEPT;
}

static const struct nf_hook_ops br_nf_ops[] = {
	{
		.hook = br_nf_pre_routing,
		.pf = NFPROTO_BRIDGE,
		.hooknum = NF_BR_PRE_ROUTING,
		.priority = NF_BR_PRI_BRNF,
	},
	{
		.hook = ip_sabotage_in,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_FIRST,
	},
};

int br_netfilter_init(struct net *net)
{
	return nf_register_net_hooks(net, br_nf_ops, ARRAY_SIZE(br_nf_ops));
}
