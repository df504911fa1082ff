// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/bridge/br_input.c (sample): the bridge's rx_handler and what it does
 * with a frame: pass it up to the bridge device or forward it.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include "br_private.h"

static int br_netif_receive_skb(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	(void)net;
	(void)sk;
	return netif_receive_skb(skb);
}

static int br_pass_frame_up(struct sk_buff *skb)
{
	struct net_device *indev = skb->dev;
	struct net_bridge_port *p = indev->rx_handler_data;
	struct net_device *brdev = p->br->dev;

	skb->dev = brdev;
	return NF_HOOK(NFPROTO_BRIDGE, NF_BR_LOCAL_IN,
		       brdev->nd_net, NULL, skb, indev, NULL,
		       br_netif_receive_skb);
}

/* note: already called with rcu_read_lock */
int br_handle_frame_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct net_bridge_port *p = skb->dev->rx_handler_data;
	struct net_bridge_port *dst;

	(void)net;
	(void)sk;
	if (skb->pkt_type == PACKET_HOST)
		return br_pass_frame_up(skb);

	dst = p->next ? p->next : p->br->port_list;
	if (dst && dst != p)
		br_forward(dst, skb);
	return 0;
}

static rx_handler_result_t br_handle_frame_dummy(struct sk_buff **pskb)
{
	return *pskb ? RX_HANDLER_PASS : RX_HANDLER_CONSUMED;
}

/* The bridge PRE_ROUTING hooks run here with a state made of constants,
 * as in Linux 6.1, not through NF_HOOK. */
static rx_handler_result_t nf_hook_bridge_pre(struct sk_buff *skb)
{
	struct net *net = skb->dev->nd_net;
	struct nf_hook_entries *e;
	struct nf_hook_state state;
	unsigned int i;

	e = rcu_dereference(net->nf.hooks_bridge[NF_BR_PRE_ROUTING]);
	if (!e)
		goto frame_finish;

	nf_hook_state_init(&state, NF_BR_PRE_ROUTING,
			   NFPROTO_BRIDGE, skb->dev, NULL, NULL,
			   net, br_handle_frame_finish);

	for (i = 0; i < e->num_hook_entries; i++)
		if (nf_hook_entry_hookfn(&e->hooks[i], skb, &state) != NF_ACCEPT)
			return RX_HANDLER_CONSUMED;
frame_finish:
	br_handle_frame_finish(net, NULL, skb);
	return RX_HANDLER_CONSUMED;
}

/*
 * Return NULL if skb is handled
 * note: already called with rcu_read_lock
 */
static rx_handler_result_t br_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;

	if (skb->dev->dsa_ptr)
		return nf_hook_bridge_pre(skb);
	NF_HOOK(NFPROTO_BRIDGE, NF_BR_PRE_ROUTING,
		skb->dev->nd_net, NULL, skb, skb->dev, NULL,
		br_handle_frame_finish);
	return RX_HANDLER_CONSUMED;
}

rx_handler_func_t *br_get_rx_handler(const struct net_device *dev)
{
	if (dev->dsa_ptr)
		return br_handle_frame_dummy;

	return br_handle_frame;
}
