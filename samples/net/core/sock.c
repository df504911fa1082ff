// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/core/sock.c (sample): socket allocation, default callbacks, the
 * socket lock and its backlog.
 */
#include <linux/compiler.h>
#include <net/sock.h>
#include <net/inet_connection_sock.h>

static struct inet_connection_sock sk_cache[4];
static unsigned int sk_cache_next;

struct sock *sk_alloc(struct net *net, int family, struct proto *prot,
		      int kern)
{
	unsigned int i = sk_cache_next++ % ARRAY_SIZE(sk_cache);
	struct sock *sk = &sk_cache[i].icsk_inet.sk;

	sk->sk_family = family;
	sk->sk_prot = prot;
	sk->sk_net = net;
	sk->sk_kern_sock = kern;
	return sk;
}

/*
 *	Default Socket Callbacks
 */
static void sock_def_readable(struct sock *sk)
{
	sk->sk_wakeups++;
}

void sock_init_data(struct socket *sock, struct sock *sk)
{
	sk->sk_socket = sock;
	if (sock)
		sock->sk = sk;
	sk->sk_data_ready = sock_def_readable;
}

void lock_sock(struct sock *sk)
{
	sk->sk_lock_owned = 1;
}

void __release_sock(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = sk->sk_backlog_head) != NULL) {
		sk->sk_backlog_head = skb->next;
		sk_backlog_rcv(sk, skb);
	}
}

void release_sock(struct sock *sk)
{
	if (sk->sk_backlog_head)
		__release_sock(sk);
	sk->sk_lock_owned = 0;
}
