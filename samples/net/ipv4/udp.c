// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/udp.c (sample): UDP receive and send.
 */
#include <linux/netdevice.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/udp.h>

int __udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	skb->next = sk->sk_receive_queue;
	sk->sk_receive_queue = skb;
	sk->sk_data_ready(sk);
	return 0;
}

static int udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	if (sock_owned_by_user(sk)) {
		skb->next = sk->sk_backlog_head;
		sk->sk_backlog_head = skb;
		return 0;
	}
	return __udp_queue_rcv_skb(sk, skb);
}

int udp_rcv(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	if (!sk)
		return 0;
	return udp_queue_rcv_skb(sk, skb);
}

static int udp_send_skb(struct sk_buff *skb, struct flowi4 *fl4)
{
	struct sock *sk = skb->sk;

	skb->daddr = fl4->daddr;
	return ip_send_skb(sk->sk_net, skb);
}

int udp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct sk_buff *skb = msg->msg_skb;
	struct flowi4 fl4 = { .daddr = skb->daddr };
	struct rtable *rt;

	rt = ip_route_output_flow(sk->sk_net, &fl4, sk);
	if (!rt)
		return -1;
	skb->sk = sk;
	skb->len = len;
	skb_dst_set(skb, &rt->dst);
	return udp_send_skb(skb, &fl4);
}

struct proto udp_prot = {
	.name			= "UDP",
	.sendmsg		= udp_sendmsg,
	.backlog_rcv		= __udp_queue_rcv_skb,
};
