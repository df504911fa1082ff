#ifndef _SOCK_H
#define _SOCK_H

#include <linux/types.h>
#include <linux/net.h>
#include <linux/skbuff.h>

struct proto {
	const char		*name;
	int			(*init)(struct sock *sk);
	int			(*sendmsg)(struct sock *sk, struct msghdr *msg,
					   size_t len);
	int			(*backlog_rcv)(struct sock *sk,
					       struct sk_buff *skb);
};

struct sock {
	unsigned short		sk_family;
	int			sk_lock_owned;
	int			sk_kern_sock;
	unsigned long		sk_wakeups;
	struct net		*sk_net;
	struct proto		*sk_prot;
	struct socket		*sk_socket;
	struct sk_buff		*sk_receive_queue;
	struct sk_buff		*sk_backlog_head;
	struct sk_buff		*sk_write_queue;
	void			(*sk_data_ready)(struct sock *sk);
	int			(*sk_backlog_rcv)(struct sock *sk,
						  struct sk_buff *skb);
};

struct sock *sk_alloc(struct net *net, int family, struct proto *prot,
		      int kern);
void sock_init_data(struct socket *sock, struct sock *sk);
void lock_sock(struct sock *sk);
void release_sock(struct sock *sk);
void __release_sock(struct sock *sk);

static inline bool sock_owned_by_user(const struct sock *sk)
{
	return sk->sk_lock_owned;
}

static inline int sk_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	return sk->sk_backlog_rcv(sk, skb);
}

#endif /* _SOCK_H */
