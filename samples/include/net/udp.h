#ifndef _UDP_H
#define _UDP_H

#include <net/sock.h>

extern struct proto udp_prot;

int udp_rcv(struct sk_buff *skb);
int __udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);
int udp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len);

#endif /* _UDP_H */
