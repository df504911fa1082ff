// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/ipv4/netfilter/iptable_mangle.c (sample): a table whose hook
 * function is handed to xt_hook_ops_alloc() at run time.
 */
#include <linux/errno.h>
#include <linux/netfilter/x_tables.h>
#include <net/net_namespace.h>

#define MANGLE_VALID_HOOKS ((1 << NF_INET_PRE_ROUTING) | \
			    (1 << NF_INET_LOCAL_IN) | \
			    (1 << NF_INET_FORWARD) | \
			    (1 << NF_INET_LOCAL_OUT) | \
			    (1 << NF_INET_POST_ROUTING))

static const struct xt_table packet_mangler = {
	.name		= "mangle",
	.valid_hooks	= MANGLE_VALID_HOOKS,
	.af		= NFPROTO_IPV4,
	.priority	= NF_IP_PRI_MANGLE,
};

/* The work comes in here from netfilter.c. */
static unsigned int
iptable_mangle_hook(void *priv,
		     struct sk_buff *skb,
		     const struct nf_hook_state *state)
{
	return ipt_do_table(priv, skb, state);
}

static struct nf_hook_ops *mangle_ops __read_mostly;

static int iptable_mangle_table_init(struct net *net)
{
	return ipt_register_table(net, &packet_mangler, mangle_ops);
}

int __init iptable_mangle_init(void)
{
	mangle_ops = xt_hook_ops_alloc(&packet_mangler, iptable_mangle_hook);
	if (!mangle_ops)
		return -ENOMEM;

	return iptable_mangle_table_init(&init_net);
}
