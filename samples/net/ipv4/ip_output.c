// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/ip_output.c (sample): the IP output path, from the transport
 * layer or the forwarding code down to the neighbour layer.
 */
#include <linux/compiler.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/route.h>
#include <net/sock.h>

static int ip_finish_output2(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct neighbour *neigh;

	(void)net;
	(void)sk;
	neigh = __ipv4_neigh_lookup_noref(rt->dst.dev, rt->rt_gateway);
	if (!neigh)
		return -1;
	return neigh_output(neigh, skb);
}

static int ip_finish_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return ip_finish_output2(net, sk, skb);
}

int ip_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct net_device *dev = skb_dst(skb)->dev;

	skb->dev = dev;
	return NF_HOOK(NFPROTO_IPV4, NF_INET_POST_ROUTING,
		       net, sk, skb, NULL, dev,
		       ip_finish_output);
}

int __ip_local_out(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_OUT,
		       net, sk, skb, NULL, skb_dst(skb)->dev, dst_output);
}

int ip_local_out(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	int err;

	err = __ip_local_out(net, sk, skb);
	if (likely(err == 1))
		err = dst_output(net, sk, skb);

	return err;
}

int ip_send_skb(struct net *net, struct sk_buff *skb)
{
	return ip_local_out(net, skb->sk, skb);
}

/* Note: skb->sk can be different from sk, in case of tunnels */
static int __ip_queue_xmit(struct sock *sk, struct sk_buff *skb,
			   struct flowi4 *fl)
{
	struct net *net = sk->sk_net;
	struct rtable *rt = skb_rtable(skb);

	if (!rt) {
		rt = ip_route_output_flow(net, fl, sk);
		if (!rt)
			return -1;
		skb_dst_set(skb, &rt->dst);
	}
	skb->sk = sk;
	return ip_local_out(net, sk, skb);
}

int ip_queue_xmit(struct sock *sk, struct sk_buff *skb, struct flowi4 *fl)
{
	return __ip_queue_xmit(sk, skb, fl);
}
