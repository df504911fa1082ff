// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * drivers/net/loopback.c (sample): the second driver, with its own
 * net_device_ops and its own static fill_info.
 */
#include <linux/compiler.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>

static struct net_device loopback_dev_storage;

static int fill_info(struct net_device *dev)
{
	return dev->mtu >= 1280 ? 0 : -1;
}

/* The higher levels take care of making this non-reentrant (it's
 * called with bh's disabled).
 */
static netdev_tx_t loopback_xmit(struct sk_buff *skb,
				 struct net_device *dev)
{
	skb->dev = dev;
	if (likely(netif_rx(skb) == NET_RX_SUCCESS))
		dev->tx_packets++;
	return NETDEV_TX_OK;
}

static int loopback_dev_init(struct net_device *dev)
{
	return fill_info(dev);
}

static const struct net_device_ops loopback_ops = {
	.ndo_init        = loopback_dev_init,
	.ndo_start_xmit  = loopback_xmit,
};

/* The loopback device is special. There is only one instance
 * per network namespace.
 */
static void loopback_setup(struct net_device *dev)
{
	dev->mtu = 64 * 1024;
	dev->netdev_ops = &loopback_ops;
}

/* Setup and register the loopback device. */
int loopback_net_init(struct net *net)
{
	struct net_device *dev = &loopback_dev_storage;

	dev->nd_net = net;
	loopback_setup(dev);
	net->loopback_dev = dev;
	return register_netdevice(dev);
}
