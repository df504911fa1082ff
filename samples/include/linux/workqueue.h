#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

/*
 * include/linux/workqueue.h (sample): a work item and the macro that sets
 * its function, a store made at each place it is used.
 */
struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t	func;
};

#define INIT_WORK(_work, _func)				\
	do {						\
		(_work)->func = (_func);		\
	} while (0)

#endif
