#ifndef _NET_DST_H
#define _NET_DST_H

#include <linux/skbuff.h>
#include <linux/indirect_call_wrapper.h>

struct net;
struct sock;

struct dst_entry {
	struct net_device	*dev;
	int			(*input)(struct sk_buff *);
	int			(*output)(struct net *net, struct sock *sk,
					  struct sk_buff *skb);
	unsigned short		flags;
};

INDIRECT_CALLABLE_DECLARE(int ip6_output(struct net *, struct sock *,
					 struct sk_buff *));
INDIRECT_CALLABLE_DECLARE(int ip_output(struct net *, struct sock *,
					 struct sk_buff *));
/* Output packet to network from transport.  */
static inline int dst_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return INDIRECT_CALL_INET(skb_dst(skb)->output,
				  ip6_output, ip_output,
				  net, sk, skb);
}

INDIRECT_CALLABLE_DECLARE(int ip6_input(struct sk_buff *));
INDIRECT_CALLABLE_DECLARE(int ip_local_deliver(struct sk_buff *));
/* Input packet from network to transport.  */
static inline int dst_input(struct sk_buff *skb)
{
	return INDIRECT_CALL_INET(skb_dst(skb)->input,
				  ip6_input, ip_local_deliver, skb);
}

#endif /* _NET_DST_H */
