// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/ip_input.c (sample): ip_rcv, routing of the input packet and
 * local delivery to the transport protocol handlers.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>
#include <linux/indirect_call_wrapper.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/tcp.h>
#include <net/udp.h>

void ip_protocol_deliver_rcu(struct net *net, struct sk_buff *skb, int protocol)
{
	const struct net_protocol *ipprot;
	int ret;

	ipprot = rcu_dereference(inet_protos[protocol]);
	if (ipprot) {
		ret = INDIRECT_CALL_2(ipprot->handler, tcp_v4_rcv, udp_rcv,
				      skb);
		if (ret < 0)
			skb->nfct = 0;
	} else if (net) {
		skb->pkt_type = PACKET_OTHERHOST;
	}
}

static int ip_local_deliver_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	if (sk)
		skb->sk = sk;
	ip_protocol_deliver_rcu(net, skb, skb->ip_proto);
	return 0;
}

/*
 *	Deliver IP Packets to the higher protocol layers.
 */
int ip_local_deliver(struct sk_buff *skb)
{
	struct net *net = skb->dev->nd_net;

	return NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN,
		       net, NULL, skb, skb->dev, NULL,
		       ip_local_deliver_finish);
}

static int ip_rcv_finish_core(struct net *net, struct sock *sk,
			      struct sk_buff *skb, struct net_device *dev)
{
	(void)net;
	(void)sk;
	if (!skb_rtable(skb)) {
		int err = ip_route_input_noref(skb, skb->daddr, dev);

		if (err)
			return NET_RX_DROP;
	}
	return NET_RX_SUCCESS;
}

static int ip_rcv_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	int ret;

	ret = ip_rcv_finish_core(net, sk, skb, dev);
	if (ret != NET_RX_DROP)
		ret = dst_input(skb);
	return ret;
}

/*
 * IP receive entry point
 */
int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
	   struct net_device *orig_dev)
{
	struct net *net = dev->nd_net;

	if (skb->pkt_type == PACKET_OTHERHOST || pt->type != ETH_P_IP || !orig_dev)
		return NET_RX_DROP;

	return NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING,
		       net, NULL, skb, dev, NULL,
		       ip_rcv_finish);
}
