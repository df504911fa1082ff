/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H
/*
 * include/linux/moduleparam.h (sample): a module parameter and an array
 * of them, each with the operations of its type.
 */
#include <linux/types.h>

struct kernel_param;

struct kernel_param_ops {
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};

struct kernel_param {
	const char *name;
	const struct kernel_param_ops *ops;
	union {
		void *arg;
		const struct kparam_array *arr;
	};
};

extern const struct kernel_param_ops param_ops_int;
extern const struct kernel_param_ops param_ops_charp;
extern const struct kernel_param_ops param_array_ops;

#endif
