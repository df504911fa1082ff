// SPDX-License-Identifier: (GPL-2.0 OR BSD-3-Clause)
/*
 * net/can/af_can.c (sample): a second socket family, whose create
 * function makes its sock with the proto of a registry entry
 * (`sk_alloc(..., cp->prot, ...)`) and calls that proto's init, as
 * inet_create() does with tcp_prot.  Only CAN's protos are ever stored in
 * can_proto.prot, so can_create() reaches raw_sock_init() and never
 * tcp_v4_init_sock(), and inet_create() never raw_sock_init() (the
 * "made here" rule, docs/resolution.md).  net/can/raw.c's proto is kept
 * in this file.
 */
#include <linux/errno.h>
#include <linux/compiler.h>
#include <net/sock.h>

#define CAN_RAW		1
#define CAN_NPROTO	8

struct can_proto {
	int			type;
	int			protocol;
	struct proto		*prot;
};

static const struct can_proto *proto_tab[CAN_NPROTO];

static int raw_sock_init(struct sock *sk)
{
	sk->sk_kern_sock = 0;
	return 0;
}

static struct proto raw_proto = {
	.name		= "CAN_RAW",
	.init		= raw_sock_init,
};

static const struct can_proto raw_can_proto = {
	.type		= SOCK_RAW,
	.protocol	= CAN_RAW,
	.prot		= &raw_proto,
};

int can_proto_register(const struct can_proto *cp)
{
	if (cp->protocol < 0 || cp->protocol >= CAN_NPROTO)
		return -EINVAL;
	if (proto_tab[cp->protocol])
		return -EBUSY;
	proto_tab[cp->protocol] = cp;
	return 0;
}

static int can_create(struct net *net, struct socket *sock, int protocol,
		      int kern)
{
	const struct can_proto *cp;
	struct sock *sk;
	int err = 0;

	if (protocol < 0 || protocol >= CAN_NPROTO)
		return -EINVAL;
	cp = proto_tab[protocol];
	if (!cp || cp->type != sock->type)
		return -EPROTONOSUPPORT;

	sk = sk_alloc(net, PF_CAN, cp->prot, kern);
	if (!sk)
		return -ENOMEM;

	sock_init_data(sock, sk);
	if (sk->sk_prot->init)
		err = sk->sk_prot->init(sk);
	return err;
}

static const struct net_proto_family can_family_ops = {
	.family	= PF_CAN,
	.create	= can_create,
};

int __init can_init(void)
{
	int err = sock_register(&can_family_ops);

	if (err)
		return err;
	return can_proto_register(&raw_can_proto);
}
