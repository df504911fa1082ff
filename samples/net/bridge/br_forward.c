// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/bridge/br_forward.c (sample): forwarding a frame out of a port.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include "br_private.h"

int br_dev_queue_push_xmit(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	(void)net;
	(void)sk;
	return dev_queue_xmit(skb);
}

int br_forward_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return NF_HOOK(NFPROTO_BRIDGE, NF_BR_POST_ROUTING,
		       net, sk, skb, NULL, skb->dev,
		       br_dev_queue_push_xmit);
}

static void __br_forward(const struct net_bridge_port *to, struct sk_buff *skb)
{
	struct net_device *indev = skb->dev;

	skb->dev = to->dev;
	NF_HOOK(NFPROTO_BRIDGE, NF_BR_FORWARD,
		indev->nd_net, NULL, skb, indev, skb->dev,
		br_forward_finish);
}

/**
 * br_forward - forward a packet to a specific port
 * @to: destination port
 * @skb: packet being forwarded
 */
void br_forward(const struct net_bridge_port *to, struct sk_buff *skb)
{
	if (to && to->dev != skb->dev)
		__br_forward(to, skb);
}
