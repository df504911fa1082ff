// SPDX-License-Identifier: GPL-2.0
/* net/netfilter/core.c (sample): hook registration, walk and queue */
#include <linux/errno.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>

static int nf_queue(struct sk_buff *skb, struct nf_hook_state *state,
		    const struct nf_hook_entries *e, unsigned int index);

static struct nf_hook_entries hook_entries_ipv4[NF_INET_NUMHOOKS];
static struct nf_hook_entries hook_entries_bridge[NF_BR_NUMHOOKS];

static struct nf_hook_entries __rcu **
nf_hook_entry_head(struct net *net, int pf, unsigned int hooknum)
{
	switch (pf) {
	case NFPROTO_IPV4:
		if (hooknum >= NF_INET_NUMHOOKS)
			return NULL;
		return net->nf.hooks_ipv4 + hooknum;
	case NFPROTO_BRIDGE:
		if (hooknum >= NF_BR_NUMHOOKS)
			return NULL;
		return net->nf.hooks_bridge + hooknum;
	default:
		return NULL;
	}
}

static struct nf_hook_entries *nf_hook_entries_get(int pf, unsigned int hooknum)
{
	if (pf == NFPROTO_BRIDGE)
		return &hook_entries_bridge[hooknum];
	return &hook_entries_ipv4[hooknum];
}

static unsigned int nf_hook_entries_insert_pos(const struct nf_hook_entries *e,
					       int priority)
{
	unsigned int i;

	for (i = 0; i < e->num_hook_entries; i++)
		if (priority < e->orig_ops[i]->priority)
			break;
	return i;
}

static int __nf_register_net_hook(struct net *net, int pf,
				  const struct nf_hook_ops *reg)
{
	struct nf_hook_entries __rcu **pp;
	struct nf_hook_entries *entries;
	unsigned int i, j;

	pp = nf_hook_entry_head(net, pf, reg->hooknum);
	if (!pp)
		return -EINVAL;

	entries = nf_hook_entries_get(pf, reg->hooknum);
	if (entries->num_hook_entries >= NF_MAX_HOOK_ENTRIES)
		return -EBUSY;

	i = nf_hook_entries_insert_pos(entries, reg->priority);
	for (j = entries->num_hook_entries; j > i; j--) {
		entries->hooks[j] = entries->hooks[j - 1];
		entries->orig_ops[j] = entries->orig_ops[j - 1];
	}
	entries->hooks[i].hook = reg->hook;
	entries->hooks[i].priv = reg->priv;
	entries->orig_ops[i] = reg;
	entries->num_hook_entries++;

	rcu_assign_pointer(*pp, entries);
	return 0;
}

int nf_register_net_hook(struct net *net, const struct nf_hook_ops *reg)
{
	return __nf_register_net_hook(net, reg->pf, reg);
}

int nf_register_net_hooks(struct net *net, const struct nf_hook_ops *reg,
			  unsigned int n)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		err = nf_register_net_hook(net, &reg[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Returns 1 if okfn() needs to be executed by the caller,
 * -1 for NF_DROP, 0 otherwise.  Caller must hold rcu_read_lock. */
int nf_hook_slow(struct sk_buff *skb, struct nf_hook_state *state,
		 const struct nf_hook_entries *e, unsigned int s)
{
	unsigned int verdict;

	for (; s < e->num_hook_entries; s++) {
		verdict = nf_hook_entry_hookfn(&e->hooks[s], skb, state);
		switch (verdict) {
		case NF_ACCEPT:
			break;
		case NF_DROP:
			return -1;
		case NF_QUEUE:
			return nf_queue(skb, state, e, s);
		default:
			return 0;
		}
	}

	return 1;
}

/*
 * net/netfilter/nf_queue.c in one: a packet a hook queues waits in an
 * entry that holds a copy of its state (as in Linux, the state travels
 * inside another struct), and goes on through the next hooks, or to the
 * state's okfn, when the verdict comes.
 */
struct nf_queue_entry {
	struct sk_buff *skb;
	const struct nf_hook_entries *hooks;
	unsigned int hook_index;
	struct nf_hook_state state;
};

static struct nf_queue_entry queued;

void nf_reinject(struct nf_queue_entry *entry, unsigned int verdict)
{
	if (verdict == NF_ACCEPT &&
	    nf_hook_slow(entry->skb, &entry->state, entry->hooks,
			 entry->hook_index + 1) != 1)
		return;
	if (verdict == NF_ACCEPT)
		entry->state.okfn(entry->state.net, entry->state.sk, entry->skb);
}

/* the queue handler (nfnetlink_queue) answering at once */
static void nf_queue_verdict(struct nf_queue_entry *entry)
{
	nf_reinject(entry, NF_ACCEPT);
}

static int nf_queue(struct sk_buff *skb, struct nf_hook_state *state,
		    const struct nf_hook_entries *e, unsigned int index)
{
	queued.skb = skb;
	queued.hooks = e;
	queued.hook_index = index;
	queued.state = *state;
	nf_queue_verdict(&queued);
	return 0;
}
