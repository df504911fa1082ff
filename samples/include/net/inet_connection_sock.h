#ifndef _INET_CONNECTION_SOCK_H
#define _INET_CONNECTION_SOCK_H

#include <net/sock.h>
#include <net/flow.h>

struct inet_sock {
	struct sock		sk;
	struct flowi4		cork_fl;
};

/*
 * Pointers to address related TCP functions
 * (i.e. things that depend on the address family)
 */
struct inet_connection_sock_af_ops {
	int	    (*queue_xmit)(struct sock *sk, struct sk_buff *skb,
				  struct flowi4 *fl);
};

struct inet_connection_sock {
	struct inet_sock	  icsk_inet;
	const struct inet_connection_sock_af_ops *icsk_af_ops;
};

static inline struct inet_connection_sock *inet_csk(const struct sock *sk)
{
	return (struct inet_connection_sock *)sk;
}

#endif /* _INET_CONNECTION_SOCK_H */
