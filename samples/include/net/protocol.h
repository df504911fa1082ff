#ifndef _PROTOCOL_H
#define _PROTOCOL_H

#include <linux/compiler.h>
#include <linux/skbuff.h>

#define MAX_INET_PROTOS	256

/* This is used to register protocols. */
struct net_protocol {
	int			(*handler)(struct sk_buff *skb);
	unsigned int		no_policy:1;
};

extern const struct net_protocol __rcu *inet_protos[MAX_INET_PROTOS];

int inet_add_protocol(const struct net_protocol *prot, unsigned char num);

#endif /* _PROTOCOL_H */
