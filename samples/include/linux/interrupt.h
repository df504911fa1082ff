#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/types.h>

enum irqreturn {
	IRQ_NONE		= 0,
	IRQ_HANDLED		= 1,
	IRQ_WAKE_THREAD		= 2,
};
typedef enum irqreturn irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);

struct irqaction {
	irq_handler_t		handler;
	void			*dev_id;
	struct irqaction	*next;
	irq_handler_t		thread_fn;
	unsigned int		irq;
	unsigned long		flags;
	const char		*name;
};

struct irq_desc {
	struct irqaction	*action;
	unsigned int		irq;
};

#define NR_IRQS		16
extern struct irq_desc irq_desc[NR_IRQS];

extern int request_threaded_irq(unsigned int irq, irq_handler_t handler,
				irq_handler_t thread_fn,
				unsigned long flags, const char *name,
				void *dev);

static inline int
request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
	    const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}

irqreturn_t __handle_irq_event_percpu(struct irq_desc *desc);
int handle_irq_event(struct irq_desc *desc);

enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};

struct softirq_action {
	void	(*action)(struct softirq_action *);
};

extern void open_softirq(int nr, void (*action)(struct softirq_action *));
extern void raise_softirq_irqoff(unsigned int nr);
extern void __raise_softirq_irqoff(unsigned int nr);
extern void __do_softirq(void);
extern void irq_exit(void);

#endif /* _LINUX_INTERRUPT_H */
