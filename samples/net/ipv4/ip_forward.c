// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/ip_forward.c (sample): the IP forwarding functionality.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/route.h>

static int ip_forward_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return dst_output(net, sk, skb);
}

int ip_forward(struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct net_device *dev = skb->dev;
	struct net *net = dev->nd_net;

	if (skb->pkt_type != PACKET_HOST)
		return NET_RX_DROP;

	skb->dev = rt->dst.dev;
	return NF_HOOK(NFPROTO_IPV4, NF_INET_FORWARD,
		       net, NULL, skb, dev, rt->dst.dev,
		       ip_forward_finish);
}
