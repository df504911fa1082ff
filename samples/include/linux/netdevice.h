#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/skbuff.h>

struct net;

#define ETH_P_ALL	0x0003
#define ETH_P_IP	0x0800
#define PTYPE_HASH_SIZE	16
#define PTYPE_HASH_MASK	(PTYPE_HASH_SIZE - 1)

#define NET_RX_SUCCESS	0
#define NET_RX_DROP	1

#define NAPI_POLL_WEIGHT	64
#define NAPIF_STATE_SCHED	(1UL << 0)

typedef enum netdev_tx {
	NETDEV_TX_OK	 = 0x00,
	NETDEV_TX_BUSY	 = 0x10,
} netdev_tx_t;

enum rx_handler_result {
	RX_HANDLER_CONSUMED,
	RX_HANDLER_ANOTHER,
	RX_HANDLER_EXACT,
	RX_HANDLER_PASS,
};
typedef enum rx_handler_result rx_handler_result_t;
typedef rx_handler_result_t rx_handler_func_t(struct sk_buff **pskb);

struct napi_struct {
	struct napi_struct	*poll_next;
	unsigned long		state;
	int			weight;
	int			(*poll)(struct napi_struct *, int);
	struct net_device	*dev;
};

struct net_device_ops {
	int			(*ndo_init)(struct net_device *dev);
	int			(*ndo_open)(struct net_device *dev);
	netdev_tx_t		(*ndo_start_xmit)(struct sk_buff *skb,
						  struct net_device *dev);
};

struct net_device {
	char			name[16];
	int			irq;
	unsigned int		mtu;
	unsigned long		tx_packets;
	const struct net_device_ops *netdev_ops;
	struct net		*nd_net;
	void			*ml_priv;
	void			*dsa_ptr;
	rx_handler_func_t __rcu	*rx_handler;
	void			*rx_handler_data;
};

struct packet_type {
	__be16			type;
	struct net_device	*dev;
	int			(*func) (struct sk_buff *,
					 struct net_device *,
					 struct packet_type *,
					 struct net_device *);
	void			*af_packet_priv;
	struct packet_type	*next;
};

struct softnet_data {
	struct napi_struct	*poll_list;
	struct sk_buff		*input_pkt_queue;
	struct napi_struct	backlog;
};

/* netdevice events: handlers kept as untyped pointers */
typedef int (*netdev_event_fn)(struct net_device *dev, unsigned long event);
#define NETDEV_REGISTER		0x0005UL
#define NETDEV_EVENT_HANDLERS	2
extern void *netdev_event_handlers[NETDEV_EVENT_HANDLERS];

void dev_add_pack(struct packet_type *pt);
int netdev_rx_handler_register(struct net_device *dev,
			       rx_handler_func_t *rx_handler,
			       void *rx_handler_data);
void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight);
bool napi_complete_done(struct napi_struct *n, int work_done);
void __napi_schedule(struct napi_struct *n);
int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);
int netif_receive_skb(struct sk_buff *skb);
int netif_rx(struct sk_buff *skb);
int __dev_queue_xmit(struct sk_buff *skb, struct net_device *sb_dev);
int dev_hard_start_xmit(struct sk_buff *skb, struct net_device *dev);
int dev_open(struct net_device *dev);
int register_netdevice(struct net_device *dev);
int call_netdev_event(netdev_event_fn fn, struct net_device *dev,
		      unsigned long event);
int net_dev_init(void);

static inline void netif_napi_add(struct net_device *dev,
				  struct napi_struct *napi,
				  int (*poll)(struct napi_struct *, int))
{
	netif_napi_add_weight(dev, napi, poll, NAPI_POLL_WEIGHT);
}

static inline void napi_schedule(struct napi_struct *n)
{
	if (!(n->state & NAPIF_STATE_SCHED)) {
		n->state |= NAPIF_STATE_SCHED;
		__napi_schedule(n);
	}
}

static inline int dev_queue_xmit(struct sk_buff *skb)
{
	return __dev_queue_xmit(skb, NULL);
}

static inline netdev_tx_t __netdev_start_xmit(const struct net_device_ops *ops,
					      struct sk_buff *skb,
					      struct net_device *dev)
{
	return ops->ndo_start_xmit(skb, dev);
}

static inline netdev_tx_t netdev_start_xmit(struct sk_buff *skb,
					    struct net_device *dev)
{
	const struct net_device_ops *ops = dev->netdev_ops;

	return __netdev_start_xmit(ops, skb, dev);
}

#endif /* _LINUX_NETDEVICE_H */
