#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H

/*
 * include/linux/notifier.h (sample): a block on a notifier chain, the
 * function its chain calls, and the registration of two chains.
 */
struct notifier_block;
typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action,
			     void *data);

struct notifier_block {
	notifier_fn_t		notifier_call;
	struct notifier_block	*next;
	int			priority;
};

int register_netdevice_notifier(struct notifier_block *nb);
int register_netevent_notifier(struct notifier_block *nb);

#endif
