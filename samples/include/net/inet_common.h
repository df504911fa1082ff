/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/net/inet_common.h (sample): the PF_INET socket operations other
 * families borrow.
 */
#ifndef _INET_COMMON_H
#define _INET_COMMON_H

#include <linux/net.h>

extern const struct proto_ops inet_stream_ops;
extern const struct proto_ops inet_dgram_ops;

int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);

#endif /* _INET_COMMON_H */
