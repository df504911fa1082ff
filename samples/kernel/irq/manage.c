// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/irq/manage.c (sample): request_threaded_irq stores the handler.
 */
#include <linux/errno.h>
#include <linux/interrupt.h>

struct irq_desc irq_desc[NR_IRQS];
static struct irqaction irq_actions[NR_IRQS];

static int __setup_irq(unsigned int irq, struct irq_desc *desc,
		       struct irqaction *new)
{
	new->irq = irq;
	new->next = desc->action;
	desc->action = new;
	desc->irq = irq;
	return 0;
}

int request_threaded_irq(unsigned int irq, irq_handler_t handler,
			 irq_handler_t thread_fn, unsigned long irqflags,
			 const char *devname, void *dev_id)
{
	struct irqaction *action;

	if (irq >= NR_IRQS || !handler)
		return -EINVAL;

	action = &irq_actions[irq];
	action->handler = handler;
	action->thread_fn = thread_fn;
	action->flags = irqflags;
	action->name = devname;
	action->dev_id = dev_id;

	return __setup_irq(irq, &irq_desc[irq], action);
}
