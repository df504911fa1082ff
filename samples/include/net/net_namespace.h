#ifndef __NET_NET_NAMESPACE_H
#define __NET_NET_NAMESPACE_H

#include <linux/compiler.h>
#include <uapi/linux/netfilter.h>
#include <uapi/linux/netfilter_bridge.h>

struct nf_hook_entries;
struct net_device;

struct netns_nf {
	struct nf_hook_entries __rcu *hooks_ipv4[NF_INET_NUMHOOKS];
	struct nf_hook_entries __rcu *hooks_bridge[NF_BR_NUMHOOKS];
};

struct net {
	struct netns_nf		nf;
	struct net_device	*loopback_dev;
};

extern struct net init_net;

#endif /* __NET_NET_NAMESPACE_H */
