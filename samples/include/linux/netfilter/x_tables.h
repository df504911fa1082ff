#ifndef _X_TABLES_H
#define _X_TABLES_H

#include <linux/netfilter.h>

/* Furniture shopping... */
struct xt_table {
	const char	*name;
	/* What hooks you will enter on */
	unsigned int	valid_hooks;
	u8		af;		/* address/protocol family */
	int		priority;	/* hook order */
};

struct nf_hook_ops *xt_hook_ops_alloc(const struct xt_table *table,
				      nf_hookfn *fn);

/* ip_tables */
unsigned int ipt_do_table(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state);
int ipt_register_table(struct net *net, const struct xt_table *table,
		       struct nf_hook_ops *ops);
int iptable_mangle_init(void);

#endif /* _X_TABLES_H */
