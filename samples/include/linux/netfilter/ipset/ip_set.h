/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * include/linux/netfilter/ipset/ip_set.h (sample): each set type has a
 * variant table; a set is made with its type's variant, and every
 * operation on the set goes through set->variant.
 */
#ifndef _IP_SET_H
#define _IP_SET_H

#include <linux/skbuff.h>
#include <linux/types.h>

enum ipset_adt {
	IPSET_ADD,
	IPSET_DEL,
	IPSET_TEST,
	IPSET_ADT_MAX,
};

struct ip_set;

/* Add, del and test set entries from kernel and userspace */
typedef int (*ipset_adtfn)(struct ip_set *set, void *value, u32 cmdflags);

/* Set type, variant-specific part */
struct ip_set_type_variant {
	/* Kernelspace: test/add/del entries */
	int (*kadt)(struct ip_set *set, const struct sk_buff *skb,
		    enum ipset_adt adt);
	/* Low level add/del/test functions */
	ipset_adtfn adt[IPSET_ADT_MAX];
};

/* A generic IP set */
struct ip_set {
	/* The core set type */
	const struct ip_set_type_variant *variant;
	/* The type specific data */
	void *data;
};

int ip_set_test(struct ip_set *set, const struct sk_buff *skb);
int ip_set_add(struct ip_set *set, const struct sk_buff *skb);

/* The types' create functions (the core looks them up by name) */
int hash_ip_create(struct ip_set *set, u32 flags);
int bitmap_ip_create(struct ip_set *set, u32 flags);

#endif /* _IP_SET_H */
