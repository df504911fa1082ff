#ifndef _NET_NEIGHBOUR_H
#define _NET_NEIGHBOUR_H

#include <linux/netdevice.h>

struct neighbour {
	struct net_device	*dev;
	unsigned char		ha[6];
};

/* declared only: the ARP cache is not in the sample */
struct neighbour *__ipv4_neigh_lookup_noref(struct net_device *dev, u32 key);

static inline int neigh_output(struct neighbour *n, struct sk_buff *skb)
{
	skb->dev = n->dev;
	return dev_queue_xmit(skb);
}

#endif /* _NET_NEIGHBOUR_H */
