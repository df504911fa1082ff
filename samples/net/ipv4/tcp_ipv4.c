// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/tcp_ipv4.c (sample): TCP receive entry, tcp_prot and the IPv4
 * address-family operations.
 */
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>

int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	tcp_rcv_established(sk, skb);
	return 0;
}

int tcp_add_backlog(struct sock *sk, struct sk_buff *skb)
{
	skb->next = sk->sk_backlog_head;
	sk->sk_backlog_head = skb;
	return 0;
}

/*
 *	From tcp_input.c
 */
int tcp_v4_rcv(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	if (!sk)
		return 0;
	if (!sock_owned_by_user(sk))
		return tcp_v4_do_rcv(sk, skb);
	return tcp_add_backlog(sk, skb);
}

const struct inet_connection_sock_af_ops ipv4_specific = {
	.queue_xmit	   = ip_queue_xmit,
};

/* NOTE: A lot of things set to zero explicitly by call to
 *       sk_alloc() so need not be done here.
 */
static int tcp_v4_init_sock(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	icsk->icsk_af_ops = &ipv4_specific;
	return 0;
}

struct proto tcp_prot = {
	.name			= "TCP",
	.init			= tcp_v4_init_sock,
	.sendmsg		= tcp_sendmsg,
	.backlog_rcv		= tcp_v4_do_rcv,
};
