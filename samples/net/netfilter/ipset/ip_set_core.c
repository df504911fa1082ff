// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/netfilter/ipset/ip_set_core.c (sample): the core calls a set's
 * operations through the variant the set was made with.
 */
#include <linux/netfilter/ipset/ip_set.h>

int ip_set_test(struct ip_set *set, const struct sk_buff *skb)
{
	return set->variant->kadt(set, skb, IPSET_TEST);
}

int ip_set_add(struct ip_set *set, const struct sk_buff *skb)
{
	return set->variant->kadt(set, skb, IPSET_ADD);
}
