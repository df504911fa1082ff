/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net/bridge/br_private.h (sample): bridge-internal declarations (a header
 * outside include/, found through the including file's directory).
 */
#ifndef _BR_PRIVATE_H
#define _BR_PRIVATE_H

#include <linux/netdevice.h>
#include <linux/netfilter.h>

struct net_bridge;

struct net_bridge_port {
	struct net_bridge		*br;
	struct net_device		*dev;
	struct net_bridge_port		*next;
};

struct net_bridge {
	struct net_device		*dev;
	struct net_bridge_port		*port_list;
};

/* br_if.c */
int br_add_if(struct net_bridge *br, struct net_device *dev);

/* br_input.c */
int br_handle_frame_finish(struct net *net, struct sock *sk, struct sk_buff *skb);
rx_handler_func_t *br_get_rx_handler(const struct net_device *dev);

/* br_forward.c */
void br_forward(const struct net_bridge_port *to, struct sk_buff *skb);
int br_forward_finish(struct net *net, struct sock *sk, struct sk_buff *skb);
int br_dev_queue_push_xmit(struct net *net, struct sock *sk, struct sk_buff *skb);

/* br_netfilter_hooks.c */
int br_netfilter_init(struct net *net);

#endif /* _BR_PRIVATE_H */
