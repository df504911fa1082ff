// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/core/dev.c (sample): packet types, NAPI, the receive core and the
 * transmit path down to the driver's ndo_start_xmit.
 */
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/indirect_call_wrapper.h>
#include <net/net_namespace.h>

struct net init_net;
static struct softnet_data softnet_data;
static struct packet_type *ptype_all __read_mostly;
static struct packet_type *ptype_base[PTYPE_HASH_SIZE] __read_mostly;
static int netdev_budget __read_mostly = 300;
void *netdev_event_handlers[NETDEV_EVENT_HANDLERS];

static inline struct packet_type **ptype_head(const struct packet_type *pt)
{
	if (pt->type == ETH_P_ALL)
		return &ptype_all;
	return &ptype_base[pt->type & PTYPE_HASH_MASK];
}

void dev_add_pack(struct packet_type *pt)
{
	struct packet_type **head = ptype_head(pt);

	pt->next = *head;
	*head = pt;
}

int netdev_rx_handler_register(struct net_device *dev,
			       rx_handler_func_t *rx_handler,
			       void *rx_handler_data)
{
	if (dev->rx_handler)
		return -EBUSY;

	dev->rx_handler_data = rx_handler_data;
	rcu_assign_pointer(dev->rx_handler, rx_handler);

	return 0;
}

void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight)
{
	napi->dev = dev;
	napi->weight = weight;
	napi->poll = poll;
}

bool napi_complete_done(struct napi_struct *n, int work_done)
{
	n->state &= ~NAPIF_STATE_SCHED;
	return work_done >= 0;
}

/* Called with irq disabled */
static inline void ____napi_schedule(struct softnet_data *sd,
				     struct napi_struct *napi)
{
	napi->poll_next = sd->poll_list;
	sd->poll_list = napi;
	raise_softirq_irqoff(NET_RX_SOFTIRQ);
}

void __napi_schedule(struct napi_struct *n)
{
	____napi_schedule(&softnet_data, n);
}

static inline int deliver_skb(struct sk_buff *skb,
			      struct packet_type *pt_prev,
			      struct net_device *orig_dev)
{
	return pt_prev->func(skb, skb->dev, pt_prev, orig_dev);
}

static int __netif_receive_skb_core(struct sk_buff **pskb,
				    struct packet_type **ppt_prev)
{
	struct packet_type *ptype, *pt_prev = NULL;
	rx_handler_func_t *rx_handler;
	struct sk_buff *skb = *pskb;
	struct net_device *orig_dev = skb->dev;
	int ret = NET_RX_DROP;

	for (ptype = ptype_all; ptype; ptype = ptype->next) {
		if (pt_prev)
			ret = deliver_skb(skb, pt_prev, orig_dev);
		pt_prev = ptype;
	}

	rx_handler = rcu_dereference(skb->dev->rx_handler);
	if (rx_handler) {
		if (pt_prev) {
			ret = deliver_skb(skb, pt_prev, orig_dev);
			pt_prev = NULL;
		}
		switch (rx_handler(&skb)) {
		case RX_HANDLER_CONSUMED:
			ret = NET_RX_SUCCESS;
			goto out;
		case RX_HANDLER_ANOTHER:
		case RX_HANDLER_EXACT:
		case RX_HANDLER_PASS:
			break;
		}
	}

	for (ptype = ptype_base[skb->protocol & PTYPE_HASH_MASK]; ptype;
	     ptype = ptype->next) {
		if (ptype->type != skb->protocol)
			continue;
		if (pt_prev)
			ret = deliver_skb(skb, pt_prev, orig_dev);
		pt_prev = ptype;
	}
	*ppt_prev = pt_prev;
out:
	*pskb = skb;
	return ret;
}

INDIRECT_CALLABLE_DECLARE(int ipv6_rcv(struct sk_buff *, struct net_device *,
				       struct packet_type *, struct net_device *));
INDIRECT_CALLABLE_DECLARE(int ip_rcv(struct sk_buff *, struct net_device *,
				     struct packet_type *, struct net_device *));
static int __netif_receive_skb_one_core(struct sk_buff *skb)
{
	struct net_device *orig_dev = skb->dev;
	struct packet_type *pt_prev = NULL;
	int ret;

	ret = __netif_receive_skb_core(&skb, &pt_prev);
	if (pt_prev)
		ret = INDIRECT_CALL_INET(pt_prev->func, ipv6_rcv, ip_rcv, skb,
					 skb->dev, pt_prev, orig_dev);
	return ret;
}

static int __netif_receive_skb(struct sk_buff *skb)
{
	return __netif_receive_skb_one_core(skb);
}

static int netif_receive_skb_internal(struct sk_buff *skb)
{
	return __netif_receive_skb(skb);
}

int netif_receive_skb(struct sk_buff *skb)
{
	return netif_receive_skb_internal(skb);
}

enum gro_result {
	GRO_MERGED,
	GRO_HELD,
	GRO_NORMAL,
	GRO_CONSUMED,
};

static enum gro_result dev_gro_receive(struct napi_struct *napi,
				       struct sk_buff *skb)
{
	if (skb->dev != napi->dev)
		return GRO_CONSUMED;
	return GRO_NORMAL;
}

static int napi_skb_finish(struct sk_buff *skb, enum gro_result ret)
{
	switch (ret) {
	case GRO_NORMAL:
		return netif_receive_skb_internal(skb);
	default:
		return NET_RX_SUCCESS;
	}
}

int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	return napi_skb_finish(skb, dev_gro_receive(napi, skb));
}

static int enqueue_to_backlog(struct sk_buff *skb, struct softnet_data *sd)
{
	skb->next = sd->input_pkt_queue;
	sd->input_pkt_queue = skb;
	if (!(sd->backlog.state & NAPIF_STATE_SCHED)) {
		sd->backlog.state |= NAPIF_STATE_SCHED;
		____napi_schedule(sd, &sd->backlog);
	}
	return NET_RX_SUCCESS;
}

int netif_rx(struct sk_buff *skb)
{
	return enqueue_to_backlog(skb, &softnet_data);
}

static int process_backlog(struct napi_struct *napi, int quota)
{
	struct softnet_data *sd = container_of(napi, struct softnet_data, backlog);
	struct sk_buff *skb;
	int work = 0;

	while (work < quota && (skb = sd->input_pkt_queue) != NULL) {
		sd->input_pkt_queue = skb->next;
		__netif_receive_skb(skb);
		work++;
	}
	if (work < quota)
		napi_complete_done(napi, work);
	return work;
}

static int __napi_poll(struct napi_struct *n, bool *repoll)
{
	int work = 0, weight = n->weight;

	if (n->state & NAPIF_STATE_SCHED)
		work = n->poll(n, weight);
	if (work < weight)
		return work;
	*repoll = true;
	return work;
}

static int napi_poll(struct napi_struct *n, struct softnet_data *sd)
{
	bool do_repoll = false;
	int work;

	work = __napi_poll(n, &do_repoll);
	if (do_repoll) {
		n->poll_next = sd->poll_list;
		sd->poll_list = n;
	}
	return work;
}

static void net_rx_action(struct softirq_action *h)
{
	struct softnet_data *sd = &softnet_data;
	int budget = netdev_budget;
	struct napi_struct *n;

	while (h && (n = sd->poll_list) != NULL) {
		sd->poll_list = n->poll_next;
		budget -= napi_poll(n, sd);
		if (budget <= 0)
			break;
	}
}

static void net_tx_action(struct softirq_action *h)
{
	struct softnet_data *sd = &softnet_data;

	if (h && sd->input_pkt_queue)
		raise_softirq_irqoff(NET_RX_SOFTIRQ);
}

static int xmit_one(struct sk_buff *skb, struct net_device *dev)
{
	return netdev_start_xmit(skb, dev);
}

int dev_hard_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	int rc = xmit_one(skb, dev);

	if (rc == NETDEV_TX_OK)
		dev->tx_packets++;
	return rc;
}

int __dev_queue_xmit(struct sk_buff *skb, struct net_device *sb_dev)
{
	struct net_device *dev = sb_dev ? sb_dev : skb->dev;

	return dev_hard_start_xmit(skb, dev);
}

int dev_open(struct net_device *dev)
{
	const struct net_device_ops *ops = dev->netdev_ops;

	if (ops->ndo_open)
		return ops->ndo_open(dev);
	return 0;
}

/* The one call through a plain function pointer with no traceable source. */
int call_netdev_event(netdev_event_fn fn, struct net_device *dev,
		      unsigned long event)
{
	return fn(dev, event);
}

static void netdev_notify(struct net_device *dev, unsigned long event)
{
	unsigned int i;

	for (i = 0; i < NETDEV_EVENT_HANDLERS; i++)
		if (netdev_event_handlers[i])
			call_netdev_event((netdev_event_fn)netdev_event_handlers[i],
					  dev, event);
}

int register_netdevice(struct net_device *dev)
{
	int ret = 0;

	if (dev->netdev_ops->ndo_init)
		ret = dev->netdev_ops->ndo_init(dev);
	if (ret)
		return ret;
	netdev_notify(dev, NETDEV_REGISTER);
	return 0;
}

/*
 *	Initialize the DEV module: the per-cpu backlog NAPI and the two
 *	networking softirqs.
 */
int __init net_dev_init(void)
{
	struct softnet_data *sd = &softnet_data;

	sd->backlog.poll = process_backlog;
	sd->backlog.weight = NAPI_POLL_WEIGHT;

	open_softirq(NET_TX_SOFTIRQ, net_tx_action);
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);
	return 0;
}

/*
 * Deferred work embedded in two structs, set by INIT_WORK at each place:
 * a receive queue calls its own as q->immediate.func(&q->immediate), as
 * sctp's inqueue does.  That call reaches what is stored into the member
 * immediate of struct rx_inq (same container), never what INIT_WORK
 * stores into the todo work of struct netdev_todo.
 */
#include <linux/workqueue.h>

struct rx_inq {
	struct sk_buff		*head;
	struct work_struct	immediate;
};

struct netdev_todo {
	struct net_device	*dev;
	struct work_struct	work;
};

static void rx_inq_bh_rcv(struct work_struct *work)
{
	(void)work;
}

static void netdev_todo_run(struct work_struct *work)
{
	(void)work;
}

void rx_inq_init(struct rx_inq *q)
{
	q->head = NULL;
	INIT_WORK(&q->immediate, rx_inq_bh_rcv);
}

void netdev_todo_init(struct netdev_todo *t, struct net_device *dev)
{
	t->dev = dev;
	INIT_WORK(&t->work, netdev_todo_run);
}

void rx_inq_push(struct rx_inq *q, struct sk_buff *skb)
{
	skb->next = q->head;
	q->head = skb;
	q->immediate.func(&q->immediate);
}

/*
 * Notifier chains: a block registered with register_netdevice_notifier()
 * is told at once of the devices there are, through
 * call_netdevice_notifier(), which calls the block it is passed,
 * nb->notifier_call(nb, ...).  Its callers pass on what
 * register_netdevice_notifier() is given: the bridge's global block
 * (net/bridge/br_if.c) and the block embedded in the fake driver's
 * struct fake_notify (drivers/net/fake/fake_main.c).  The call reaches
 * those two and never the block the driver puts on the netevent chain
 * (passed by callers).
 */
#include <linux/notifier.h>

static struct notifier_block *netdev_chain;
static struct notifier_block *netevent_chain;

static int call_netdevice_notifier(struct notifier_block *nb,
				   unsigned long val, struct net_device *dev)
{
	return nb->notifier_call(nb, val, dev);
}

static void call_netdevice_register_notifiers(struct notifier_block *nb,
					      struct net_device *dev)
{
	call_netdevice_notifier(nb, NETDEV_REGISTER, dev);
}

int register_netdevice_notifier(struct notifier_block *nb)
{
	nb->next = netdev_chain;
	netdev_chain = nb;
	call_netdevice_register_notifiers(nb, NULL);
	return 0;
}

int register_netevent_notifier(struct notifier_block *nb)
{
	nb->next = netevent_chain;
	netevent_chain = nb;
	return 0;
}

/* Modules call it by name. */
#include <linux/export.h>

EXPORT_SYMBOL(register_netdevice_notifier);
