// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/netfilter/ipset/ip_set_bitmap_ip.c (sample): the bitmap:ip type,
 * the other variant of the same table type (ip_set_bitmap_gen.h in Linux).
 */
#include <linux/netfilter/ipset/ip_set.h>

static int bitmap_ip_add(struct ip_set *set, void *value, u32 cmdflags)
{
	return set->data && value && !cmdflags ? 0 : -1;
}

static int bitmap_ip_del(struct ip_set *set, void *value, u32 cmdflags)
{
	return set->data && value && !cmdflags ? 0 : -1;
}

static int bitmap_ip_test(struct ip_set *set, void *value, u32 cmdflags)
{
	return set->data && value && !cmdflags ? 1 : 0;
}

static int bitmap_ip_kadt(struct ip_set *set, const struct sk_buff *skb,
			  enum ipset_adt adt)
{
	u32 ip = skb->len;

	return set->variant->adt[adt](set, &ip, 0);
}

static const struct ip_set_type_variant bitmap_ip_variant = {
	.kadt	= bitmap_ip_kadt,
	.adt	= {
		[IPSET_ADD] = bitmap_ip_add,
		[IPSET_DEL] = bitmap_ip_del,
		[IPSET_TEST] = bitmap_ip_test,
	},
};

int bitmap_ip_create(struct ip_set *set, u32 flags)
{
	set->variant = &bitmap_ip_variant;
	return flags ? -1 : 0;
}
