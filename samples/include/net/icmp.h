#ifndef _ICMP_H
#define _ICMP_H

#include <linux/skbuff.h>

int icmp_rcv(struct sk_buff *skb);

#endif /* _ICMP_H */
