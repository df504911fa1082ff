// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/netfilter/ipset/ip_set_hash_ip.c (sample): the hash:ip type.  Its
 * kadt is entered only through its own variant, so `set->variant->adt[]`
 * inside it is this variant's adt (ip_set_hash_gen.h in Linux).
 */
#include <linux/netfilter/ipset/ip_set.h>

struct hash_ip4_elem {
	u32 ip;
};

static int hash_ip4_add(struct ip_set *set, void *value, u32 cmdflags)
{
	return set->data && value && !cmdflags ? 0 : -1;
}

static int hash_ip4_del(struct ip_set *set, void *value, u32 cmdflags)
{
	return set->data && value && !cmdflags ? 0 : -1;
}

static int hash_ip4_test(struct ip_set *set, void *value, u32 cmdflags)
{
	return set->data && value && !cmdflags ? 1 : 0;
}

static int hash_ip4_kadt(struct ip_set *set, const struct sk_buff *skb,
			 enum ipset_adt adt)
{
	ipset_adtfn adtfn = set->variant->adt[adt];
	struct hash_ip4_elem e = { .ip = skb->len };

	return adtfn(set, &e, 0);
}

static const struct ip_set_type_variant hash_ip4_variant = {
	.kadt	= hash_ip4_kadt,
	.adt	= {
		[IPSET_ADD] = hash_ip4_add,
		[IPSET_DEL] = hash_ip4_del,
		[IPSET_TEST] = hash_ip4_test,
	},
};

int hash_ip_create(struct ip_set *set, u32 flags)
{
	set->variant = &hash_ip4_variant;
	return flags ? -1 : 0;
}
