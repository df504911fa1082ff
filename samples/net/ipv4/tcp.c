// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/tcp.c (sample): tcp_input.c, tcp_output.c and tcp.c in one
 * file: data ready wake-up, sendmsg and transmit.
 */
#include <net/inet_connection_sock.h>
#include <net/sock.h>
#include <net/tcp.h>

void tcp_data_ready(struct sock *sk)
{
	sk->sk_data_ready(sk);
}

static void tcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	skb->next = sk->sk_receive_queue;
	sk->sk_receive_queue = skb;
	tcp_data_ready(sk);
}

void tcp_rcv_established(struct sock *sk, struct sk_buff *skb)
{
	tcp_data_queue(sk, skb);
}

static int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	return icsk->icsk_af_ops->queue_xmit(sk, skb, &icsk->icsk_inet.cork_fl);
}

static void tcp_write_xmit(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = sk->sk_write_queue) != NULL) {
		sk->sk_write_queue = skb->next;
		if (tcp_transmit_skb(sk, skb))
			break;
	}
}

void tcp_push(struct sock *sk)
{
	tcp_write_xmit(sk);
}

int tcp_sendmsg_locked(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct sk_buff *skb = msg->msg_skb;

	skb->len = size;
	skb->next = sk->sk_write_queue;
	sk->sk_write_queue = skb;
	tcp_push(sk);
	return (int)size;
}

int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	int ret;

	lock_sock(sk);
	ret = tcp_sendmsg_locked(sk, msg, size);
	release_sock(sk);
	return ret;
}
