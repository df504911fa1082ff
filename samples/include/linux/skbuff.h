#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include <linux/types.h>

struct net_device;
struct sock;
struct dst_entry;

#define PACKET_HOST		0
#define PACKET_OTHERHOST	3

struct sk_buff {
	struct sk_buff		*next;
	struct net_device	*dev;
	struct sock		*sk;
	struct dst_entry	*dst;
	unsigned int		len;
	__be16			protocol;
	u8			pkt_type;
	u8			ip_proto;
	__be32			daddr;
	unsigned int		nfct;
};

static inline struct dst_entry *skb_dst(const struct sk_buff *skb)
{
	return skb->dst;
}

static inline void skb_dst_set(struct sk_buff *skb, struct dst_entry *dst)
{
	skb->dst = dst;
}

#endif /* _LINUX_SKBUFF_H */
