// SPDX-License-Identifier: GPL-2.0
/*
 * net/netfilter/nf_conntrack_proto.c (sample): the IPv4 conntrack hooks.
 */
#include <linux/compiler.h>
#include <linux/netfilter.h>
#include <net/netfilter/nf_conntrack.h>

unsigned int nf_conntrack_in(struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	skb->nfct = state->hook + 1;
	return NF_ACCEPT;
}

static unsigned int ipv4_confirm(void *priv,
				 struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	(void)priv;
	(void)state;
	return nf_conntrack_confirm(skb);
}

static unsigned int ipv4_conntrack_in(void *priv,
				      struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	(void)priv;
	return nf_conntrack_in(skb, state);
}

static unsigned int ipv4_conntrack_local(void *priv,
					 struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	(void)priv;
	return nf_conntrack_in(skb, state);
}

/* Connection tracking may drop packets, but never alters them, so
 * make it the first hook.
 */
static const struct nf_hook_ops ipv4_conntrack_ops[] = {
	{
		.hook		= ipv4_conntrack_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_CONNTRACK,
	},
	{
		.hook		= ipv4_conntrack_local,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_CONNTRACK,
	},
	{
		.hook		= ipv4_confirm,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP_PRI_CONNTRACK_CONFIRM,
	},
	{
		.hook		= ipv4_confirm,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_CONNTRACK_CONFIRM,
	},
};

int nf_ct_netns_do_get(struct net *net)
{
	return nf_register_net_hooks(net, ipv4_conntrack_ops,
				     ARRAY_SIZE(ipv4_conntrack_ops));
}

/*
 * An inet family hook, as nftables registers its inet chains at run time:
 * nf_register_net_hook() puts an NFPROTO_INET hook on the IPv4 and the
 * IPv6 lists alike.
 */
static unsigned int nft_do_chain_inet(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	(void)priv;
	(void)skb;
	(void)state;
	return NF_ACCEPT;
}

static const struct nf_hook_ops nft_inet_ops[] = {
	{
		.hook		= nft_do_chain_inet,
		.pf		= NFPROTO_INET,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_FILTER,
	},
};

int nft_register_inet_chain(struct net *net)
{
	return nf_register_net_hooks(net, nft_inet_ops,
				     ARRAY_SIZE(nft_inet_ops));
}
