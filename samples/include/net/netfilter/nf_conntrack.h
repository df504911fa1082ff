#ifndef _NF_CONNTRACK_H
#define _NF_CONNTRACK_H

#include <linux/netfilter.h>

unsigned int nf_conntrack_in(struct sk_buff *skb,
			     const struct nf_hook_state *state);
/* declared only: nf_conntrack_core.c is not in the sample */
int nf_conntrack_confirm(struct sk_buff *skb);
int nf_ct_netns_do_get(struct net *net);

#endif /* _NF_CONNTRACK_H */
