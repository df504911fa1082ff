// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/irq/handle.c (sample): run the handlers of one interrupt line.
 */
#include <linux/interrupt.h>

irqreturn_t __handle_irq_event_percpu(struct irq_desc *desc)
{
	irqreturn_t retval = IRQ_NONE;
	unsigned int irq = desc->irq;
	struct irqaction *action;

	for (action = desc->action; action; action = action->next) {
		irqreturn_t res;

		res = action->handler(irq, action->dev_id);
		if (res == IRQ_HANDLED)
			retval = IRQ_HANDLED;
	}
	return retval;
}

int handle_irq_event(struct irq_desc *desc)
{
	irqreturn_t ret = __handle_irq_event_percpu(desc);

	return ret != IRQ_NONE;
}
