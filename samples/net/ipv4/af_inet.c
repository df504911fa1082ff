// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/af_inet.c (sample): the PF_INET socket layer and the
 * registration of IPv4 with the device layer.
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/protocol.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/udp.h>

const struct net_protocol __rcu *inet_protos[MAX_INET_PROTOS] __read_mostly;

/*
 *	Add a protocol handler to the hash tables (net/ipv4/protocol.c)
 */
int inet_add_protocol(const struct net_protocol *prot, unsigned char protocol)
{
	return !cmpxchg(&inet_protos[protocol], NULL, prot) ? 0 : -1;
}

struct inet_protosw {
	unsigned short		type;
	unsigned short		protocol;
	struct proto		*prot;
	const struct proto_ops	*ops;
};

int inet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	struct sock *sk = sock->sk;

	return sk->sk_prot->sendmsg(sk, msg, size);
}

int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	return sock->sk && arg && !cmd ? 0 : -EINVAL;
}

const struct proto_ops inet_stream_ops = {
	.family		   = PF_INET,
	.sendmsg	   = inet_sendmsg,
	.ioctl		   = inet_ioctl,
};

const struct proto_ops inet_dgram_ops = {
	.family		   = PF_INET,
	.sendmsg	   = inet_sendmsg,
	.ioctl		   = inet_ioctl,
};

static struct inet_protosw inetsw_array[] =
{
	{
		.type =       SOCK_STREAM,
		.protocol =   IPPROTO_TCP,
		.prot =       &tcp_prot,
		.ops =        &inet_stream_ops,
	},
	{
		.type =       SOCK_DGRAM,
		.protocol =   IPPROTO_UDP,
		.prot =       &udp_prot,
		.ops =        &inet_dgram_ops,
	},
};

/*
 *	Create an inet socket.
 */
static int inet_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	struct inet_protosw *answer = NULL;
	struct sock *sk;
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(inetsw_array); i++)
		if (inetsw_array[i].type == sock->type &&
		    inetsw_array[i].protocol == protocol)
			answer = &inetsw_array[i];
	if (!answer)
		return -EPROTONOSUPPORT;

	sock->ops = answer->ops;
	sk = sk_alloc(net, PF_INET, answer->prot, kern);
	if (!sk)
		return -ENOBUFS;

	sock_init_data(sock, sk);
	sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;

	if (sk->sk_prot->init)
		err = sk->sk_prot->init(sk);
	return err;
}

static const struct net_proto_family inet_family_ops = {
	.family = PF_INET,
	.create = inet_create,
};

/*
 *	IP protocol layer initialiser
 */
static struct packet_type ip_packet_type __read_mostly = {
	.type = ETH_P_IP,
	.func = ip_rcv,
};

static const struct net_protocol tcp_protocol = {
	.handler	=	tcp_v4_rcv,
};

static const struct net_protocol udp_protocol = {
	.handler =	udp_rcv,
};

static const struct net_protocol icmp_protocol = {
	.handler =	icmp_rcv,
	.no_policy =	1,
};

int __init inet_init(void)
{
	int rc;

	rc = sock_register(&inet_family_ops);
	if (rc)
		return rc;

	/*
	 *	Add all the base protocols.
	 */
	if (inet_add_protocol(&icmp_protocol, IPPROTO_ICMP) < 0)
		return -1;
	if (inet_add_protocol(&udp_protocol, IPPROTO_UDP) < 0)
		return -1;
	if (inet_add_protocol(&tcp_protocol, IPPROTO_TCP) < 0)
		return -1;

	dev_add_pack(&ip_packet_type);
	return 0;
}
