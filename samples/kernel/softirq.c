// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/softirq.c (sample): the softirq vector and its dispatch loop.
 */
#include <linux/interrupt.h>

static struct softirq_action softirq_vec[NR_SOFTIRQS];
static unsigned long softirq_pending;

void __raise_softirq_irqoff(unsigned int nr)
{
	softirq_pending |= 1UL << nr;
}

void raise_softirq_irqoff(unsigned int nr)
{
	__raise_softirq_irqoff(nr);
}

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

static void handle_softirqs(void)
{
	unsigned long pending = softirq_pending;
	struct softirq_action *h = softirq_vec;

	softirq_pending = 0;
	while (pending) {
		if (pending & 1)
			h->action(h);
		h++;
		pending >>= 1;
	}
}

void __do_softirq(void)
{
	handle_softirqs();
}

static void invoke_softirq(void)
{
	__do_softirq();
}

void irq_exit(void)
{
	if (softirq_pending)
		invoke_softirq();
}
