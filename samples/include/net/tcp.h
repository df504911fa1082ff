#ifndef _TCP_H
#define _TCP_H

#include <net/sock.h>
#include <net/inet_connection_sock.h>

extern struct proto tcp_prot;
extern const struct inet_connection_sock_af_ops ipv4_specific;

int tcp_v4_rcv(struct sk_buff *skb);
int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb);
int tcp_add_backlog(struct sock *sk, struct sk_buff *skb);
void tcp_rcv_established(struct sock *sk, struct sk_buff *skb);
void tcp_data_ready(struct sock *sk);
int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size);
int tcp_sendmsg_locked(struct sock *sk, struct msghdr *msg, size_t size);
void tcp_push(struct sock *sk);

#endif /* _TCP_H */
