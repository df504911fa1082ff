// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/params.c (sample): module parameters.  A parameter's operations
 * are those of its type; an array's elements have their own.  Every table
 * is stored into kernel_param.ops, only param_ops_int into
 * kparam_array.ops (the one array here is of ints): `arr->ops->get()`
 * reaches param_get_int alone, not every kernel_param_ops.get
 * ("tables of the field", docs/resolution.md).
 */
#include <linux/moduleparam.h>

int param_set_int(const char *val, const struct kernel_param *kp)
{
	return val != 0 && kp->arg != 0;
}

int param_get_int(char *buffer, const struct kernel_param *kp)
{
	return buffer != 0 && kp->arg != 0;
}

const struct kernel_param_ops param_ops_int = {
	.set = param_set_int,
	.get = param_get_int,
};

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	return val != 0 && kp->arg != 0;
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	return buffer != 0 && kp->arg != 0;
}

void param_free_charp(void *arg)
{
	*(char **)arg = 0;
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
	.free = param_free_charp,
};

static int param_array_get(char *buffer, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param p = *kp;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < *arr->num; i++) {
		p.arg = (char *)arr->elem + arr->elemsize * i;
		ret = arr->ops->get(buffer, &p);
	}
	return ret;
}

const struct kernel_param_ops param_array_ops = {
	.get = param_array_get,
};

/* module_param(debug, int), module_param(ifname, charp),
 * module_param_array(ports, int, &nr_ports) */
static int debug;
static char *ifname;
static int ports[4];
static unsigned int nr_ports;

static const struct kparam_array __param_arr_ports = {
	.max = 4,
	.elemsize = sizeof(int),
	.num = &nr_ports,
	.ops = &param_ops_int,
	.elem = ports,
};

const struct kernel_param __params[] = {
	{ .name = "debug", .ops = &param_ops_int, .arg = &debug },
	{ .name = "ifname", .ops = &param_ops_charp, .arg = &ifname },
	{ .name = "ports", .ops = &param_array_ops, .arr = &__param_arr_ports },
};

int parse_one(const char *val, const struct kernel_param *kp)
{
	return kp->ops->set(val, kp);
}
