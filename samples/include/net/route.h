#ifndef _ROUTE_H
#define _ROUTE_H

#include <net/dst.h>
#include <net/flow.h>

#define RTCF_LOCAL	0x80000000

#define RTN_UNICAST	1
#define RTN_LOCAL	2

struct rtable {
	struct dst_entry	dst;
	unsigned int		rt_flags;
	__be32			rt_gateway;
};

struct fib_result {
	unsigned char		type;
	struct net_device	*dev;
};

/* declared only: the FIB is not in the sample */
int fib_lookup(struct net *net, __be32 daddr, struct fib_result *res);

struct rtable *rt_dst_alloc(struct net_device *dev, unsigned int flags);
int ip_route_input_noref(struct sk_buff *skb, __be32 daddr,
			 struct net_device *dev);
struct rtable *ip_route_output_flow(struct net *net, struct flowi4 *flp,
				    const struct sock *sk);

static inline struct rtable *skb_rtable(const struct sk_buff *skb)
{
	return (struct rtable *)skb_dst(skb);
}

#endif /* _ROUTE_H */
