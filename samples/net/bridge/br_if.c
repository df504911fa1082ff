// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/bridge/br_if.c (sample): adding a port to a bridge installs the
 * bridge's rx_handler on the port device.
 */
#include <linux/compiler.h>
#include <linux/netdevice.h>
#include "br_private.h"

static struct net_bridge_port port_cache[4];
static unsigned int port_cache_next;

static int br_device_event(struct net_device *dev, unsigned long event)
{
	struct net_bridge_port *p = dev->rx_handler_data;

	return p && event == NETDEV_REGISTER;
}

static struct net_bridge_port *new_nbp(struct net_bridge *br,
				       struct net_device *dev)
{
	struct net_bridge_port *p;

	p = &port_cache[port_cache_next++ % ARRAY_SIZE(port_cache)];
	p->br = br;
	p->dev = dev;
	return p;
}

/* called with RTNL */
int br_add_if(struct net_bridge *br, struct net_device *dev)
{
	struct net_bridge_port *p;
	int err;

	p = new_nbp(br, dev);
	netdev_event_handlers[0] = (void *)br_device_event;

	err = netdev_rx_handler_register(dev, br_get_rx_handler(dev), p);
	if (err)
		return err;

	p->next = br->port_list;
	br->port_list = p;
	return 0;
}

/* The bridge's block on the netdevice chain, a static of the function
 * that registers it. */
#include <linux/notifier.h>

static int br_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	(void)nb;
	(void)event;
	(void)ptr;
	return 0;
}

int br_notifier_init(void)
{
	static struct notifier_block br_netdev_notifier = {
		.notifier_call = br_netdev_event,
	};

	return register_netdevice_notifier(&br_netdev_notifier);
}
