// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/socket.c (sample): socket(2) and sendto(2) down to sock->ops->sendmsg.
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/syscalls.h>
#include <linux/indirect_call_wrapper.h>
#include <net/net_namespace.h>
#include <net/sock.h>

static const struct net_proto_family __rcu *net_families[NPROTO] __read_mostly;
static struct socket socket_cache[4];
static unsigned int socket_cache_next;

static struct socket *sock_alloc(void)
{
	return &socket_cache[socket_cache_next++ % ARRAY_SIZE(socket_cache)];
}

INDIRECT_CALLABLE_DECLARE(int inet_sendmsg(struct socket *, struct msghdr *,
					   size_t));
INDIRECT_CALLABLE_DECLARE(int inet6_sendmsg(struct socket *, struct msghdr *,
					    size_t));
static inline int sock_sendmsg_nosec(struct socket *sock, struct msghdr *msg)
{
	int ret = INDIRECT_CALL_INET(sock->ops->sendmsg, inet6_sendmsg,
				     inet_sendmsg, sock, msg,
				     msg->msg_len);
	return ret;
}

static int __sock_sendmsg(struct socket *sock, struct msghdr *msg)
{
	if (!sock->sk)
		return -EINVAL;
	return sock_sendmsg_nosec(sock, msg);
}

int __sock_create(struct net *net, int family, int type, int protocol,
		  struct socket **res, int kern)
{
	const struct net_proto_family *pf;
	struct socket *sock;
	int err;

	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	sock = sock_alloc();
	sock->type = type;

	pf = rcu_dereference(net_families[family]);
	if (!pf)
		return -EAFNOSUPPORT;
	err = pf->create(net, sock, protocol, kern);
	if (err < 0)
		return err;
	*res = sock;
	return 0;
}

int __sys_socket(int family, int type, int protocol)
{
	struct socket *sock;
	int retval;

	retval = __sock_create(&init_net, family, type, protocol, &sock, 0);
	if (retval < 0)
		return retval;
	return sock_map_fd(sock, 0);
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	return __sys_socket(family, type, protocol);
}

int __sys_sendto(int fd, void *buff, size_t len, unsigned int flags)
{
	struct socket *sock;
	struct msghdr msg;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	msg.msg_skb = buff;
	msg.msg_len = len;
	msg.msg_flags = flags;
	return __sock_sendmsg(sock, &msg);
}

SYSCALL_DEFINE3(sendto, int, fd, void *, buff, size_t, len)
{
	return __sys_sendto(fd, buff, len, 0);
}

int sock_register(const struct net_proto_family *ops)
{
	if (ops->family >= NPROTO)
		return -ENOBUFS;
	if (net_families[ops->family])
		return -EEXIST;
	rcu_assign_pointer(net_families[ops->family], ops);
	return 0;
}
