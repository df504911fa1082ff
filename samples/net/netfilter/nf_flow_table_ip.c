// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/netfilter/nf_flow_table_ip.c (sample), with the flowtable set-up of
 * nf_tables_api.c: a flowtable's hook is copied from its type into an
 * nf_hook_ops that the set-up fills at run time, for the netdev family
 * (ingress) only, never for an IPv4 hook point.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>

struct nf_flowtable_type {
	int		family;
	nf_hookfn	*hook;
};

struct nf_flowtable {
	const struct nf_flowtable_type	*type;
};

struct nft_hook {
	struct nf_hook_ops	ops;
};

/* the fast path: a packet of a known flow leaves at once */
static unsigned int nf_flow_offload_ip_hook(void *priv, struct sk_buff *skb,
					    const struct nf_hook_state *state)
{
	if (!priv || !state)
		return NF_ACCEPT;
	return (unsigned int)dev_queue_xmit(skb);
}

static const struct nf_flowtable_type flowtable_ipv4 = {
	.family		= NFPROTO_IPV4,
	.hook		= nf_flow_offload_ip_hook,
};

void nf_flow_table_ipv4_init(struct nf_flowtable *ft)
{
	ft->type = &flowtable_ipv4;
}

/* nft_flowtable_parse_hook() and nft_register_flowtable_net_hooks() */
int nft_flowtable_hook_setup(struct net *net, struct nft_hook *hook,
			     struct nf_flowtable *ft, unsigned int num,
			     int priority)
{
	hook->ops.pf		= NFPROTO_NETDEV;
	hook->ops.hooknum	= num;
	hook->ops.priority	= priority;
	hook->ops.priv		= ft;
	hook->ops.hook		= ft->type->hook;
	return nf_register_net_hook(net, &hook->ops);
}
