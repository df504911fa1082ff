// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/route.c (sample): input and output routes; sets dst.input and
 * dst.output.
 */
#include <linux/compiler.h>
#include <linux/netdevice.h>
#include <net/ip.h>
#include <net/route.h>

static struct rtable rt_cache[8];
static unsigned int rt_cache_next;

struct rtable *rt_dst_alloc(struct net_device *dev, unsigned int flags)
{
	struct rtable *rt = &rt_cache[rt_cache_next++ % ARRAY_SIZE(rt_cache)];

	rt->dst.dev = dev;
	rt->dst.output = ip_output;
	rt->rt_flags = flags;
	if (flags & RTCF_LOCAL)
		rt->dst.input = ip_local_deliver;
	return rt;
}

/* called in rcu_read_lock() section */
static int __mkroute_input(struct sk_buff *skb, const struct fib_result *res)
{
	struct rtable *rth;

	rth = rt_dst_alloc(res->dev, 0);
	rth->dst.input = ip_forward;
	skb_dst_set(skb, &rth->dst);
	return 0;
}

static int ip_route_input_slow(struct sk_buff *skb, __be32 daddr,
			       struct net_device *dev)
{
	struct fib_result res;
	struct rtable *rth;
	int err;

	err = fib_lookup(dev->nd_net, daddr, &res);
	if (err)
		return err;
	if (res.type == RTN_LOCAL) {
		rth = rt_dst_alloc(dev, RTCF_LOCAL);
		skb_dst_set(skb, &rth->dst);
		return 0;
	}
	return __mkroute_input(skb, &res);
}

int ip_route_input_noref(struct sk_buff *skb, __be32 daddr,
			 struct net_device *dev)
{
	return ip_route_input_slow(skb, daddr, dev);
}

struct rtable *ip_route_output_flow(struct net *net, struct flowi4 *flp,
				    const struct sock *sk)
{
	struct fib_result res;

	if (!sk || fib_lookup(net, flp->daddr, &res))
		return NULL;
	return rt_dst_alloc(res.dev, res.type == RTN_LOCAL ? RTCF_LOCAL : 0);
}
