// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/net/fake/fake_main.c (sample): a NAPI Ethernet driver in the
 * shape of ixgbe/igb: irq handler, poll, rx clean, xmit, probe.
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#define FAKE_RING_SIZE	8

struct fake_adapter {
	struct net_device	*netdev;
	struct napi_struct	napi;
	struct sk_buff		*rx_ring[FAKE_RING_SIZE];
	unsigned int		next_to_clean;
	unsigned long		tx_bytes;
};

static struct fake_adapter fake_adapter_storage;
static struct net_device fake_netdev_storage;

static int fill_info(struct fake_adapter *adapter)
{
	return adapter->netdev->mtu ? 0 : -EINVAL;
}

static int fake_clean_rx_irq(struct fake_adapter *adapter, int budget)
{
	int done = 0;

	while (done < budget) {
		struct sk_buff *skb = adapter->rx_ring[adapter->next_to_clean];

		if (!skb)
			break;
		adapter->rx_ring[adapter->next_to_clean] = NULL;
		adapter->next_to_clean = (adapter->next_to_clean + 1) % FAKE_RING_SIZE;
		skb->protocol = eth_type_trans(skb, adapter->netdev);
		napi_gro_receive(&adapter->napi, skb);
		done++;
	}
	return done;
}

static int fake_poll(struct napi_struct *napi, int budget)
{
	struct fake_adapter *adapter = container_of(napi, struct fake_adapter, napi);
	int work_done = fake_clean_rx_irq(adapter, budget);

	if (work_done < budget)
		napi_complete_done(napi, work_done);
	return work_done;
}

static irqreturn_t fake_intr(int irq, void *data)
{
	struct fake_adapter *adapter = data;

	if (irq != adapter->netdev->irq)
		return IRQ_NONE;
	napi_schedule(&adapter->napi);
	return IRQ_HANDLED;
}

static int fake_open(struct net_device *netdev)
{
	struct fake_adapter *adapter = netdev->ml_priv;

	return request_irq(netdev->irq, fake_intr, 0, netdev->name, adapter);
}

static netdev_tx_t fake_xmit_frame(struct sk_buff *skb,
				   struct net_device *netdev)
{
	struct fake_adapter *adapter = netdev->ml_priv;

	adapter->tx_bytes += skb->len;
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_netdev_ops = {
	.ndo_open		= fake_open,
	.ndo_start_xmit		= fake_xmit_frame,
};

static int fake_device_event(struct net_device *dev, unsigned long event)
{
	return dev == &fake_netdev_storage && event == NETDEV_REGISTER;
}

static int fake_probe(struct pci_dev *pdev)
{
	struct fake_adapter *adapter = &fake_adapter_storage;
	struct net_device *netdev = &fake_netdev_storage;

	adapter->netdev = netdev;
	netdev->ml_priv = adapter;
	netdev->irq = pdev->irq;
	netdev->mtu = 1500;
	pdev->driver_data = adapter;

	netdev->netdev_ops = &fake_netdev_ops;
	netif_napi_add(netdev, &adapter->napi, fake_poll);
	netdev_event_handlers[1] = (void *)fake_device_event;

	if (fill_info(adapter))
		return -EINVAL;
	return register_netdevice(netdev);
}

static struct pci_driver fake_driver = {
	.name     = "fake",
	.probe    = fake_probe,
};

int __init fake_init_module(void)
{
	return pci_register_driver(&fake_driver);
}

/*
 * The driver's notifier blocks: one embedded in struct fake_notify, on
 * the netdevice chain, its function set where it is registered; a
 * global one on the netevent chain.
 */
#include <linux/notifier.h>

struct fake_notify {
	struct net_device	*netdev;
	struct notifier_block	nb;
};

static struct fake_notify fake_notify_storage;

static int fake_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	(void)nb;
	(void)event;
	(void)ptr;
	return 0;
}

static int fake_netevent_event(struct notifier_block *nb,
			       unsigned long event, void *ptr)
{
	(void)nb;
	(void)event;
	(void)ptr;
	return 0;
}

static struct notifier_block fake_netevent_nb = {
	.notifier_call = fake_netevent_event,
};

int fake_notifiers_init(void)
{
	struct fake_notify *fn = &fake_notify_storage;

	fn->nb.notifier_call = fake_netdev_event;
	register_netevent_notifier(&fake_netevent_nb);
	return register_netdevice_notifier(&fn->nb);
}
