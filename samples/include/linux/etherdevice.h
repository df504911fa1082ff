#ifndef _LINUX_ETHERDEVICE_H
#define _LINUX_ETHERDEVICE_H

#include <linux/netdevice.h>

/* declared only: defined in net/ethernet/eth.c, which is not in the sample */
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

#endif /* _LINUX_ETHERDEVICE_H */
