// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/packet/af_packet.c (sample): PF_PACKET sockets; the second
 * packet_type, set up by an assignment instead of an initializer.
 */
#include <linux/netdevice.h>
#include <net/inet_common.h>
#include <net/sock.h>

struct packet_sock {
	struct sock		sk;
	struct packet_type	prot_hook;
};

static struct packet_sock packet_sock_cache;

static int packet_rcv(struct sk_buff *skb, struct net_device *dev,
		      struct packet_type *pt, struct net_device *orig_dev)
{
	struct sock *sk = pt->af_packet_priv;

	if (!orig_dev)
		return NET_RX_DROP;
	skb->dev = dev;
	skb->next = sk->sk_receive_queue;
	sk->sk_receive_queue = skb;
	sk->sk_data_ready(sk);
	return 0;
}

static int packet_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sk_buff *skb = msg->msg_skb;

	skb->sk = sock->sk;
	skb->len = len;
	return dev_queue_xmit(skb);
}

/* SIOCGIFADDR and the like: what an inet datagram socket answers */
static int packet_ioctl(struct socket *sock, unsigned int cmd,
			unsigned long arg)
{
	return inet_dgram_ops.ioctl(sock, cmd, arg);
}

static const struct proto_ops packet_ops = {
	.family =	PF_PACKET,
	.sendmsg =	packet_sendmsg,
	.ioctl =	packet_ioctl,
};

/*
 *	Create a packet of type SOCK_PACKET.
 */
static int packet_create(struct net *net, struct socket *sock, int protocol,
			 int kern)
{
	struct packet_sock *po = &packet_sock_cache;
	struct sock *sk = &po->sk;

	sk->sk_net = net;
	sk->sk_kern_sock = kern;
	sock->ops = &packet_ops;
	sock_init_data(sock, sk);

	po->prot_hook.func = packet_rcv;
	po->prot_hook.af_packet_priv = sk;
	po->prot_hook.type = protocol;
	dev_add_pack(&po->prot_hook);
	return 0;
}

static const struct net_proto_family packet_family_ops = {
	.family =	PF_PACKET,
	.create =	packet_create,
};

int packet_init(void)
{
	return sock_register(&packet_family_ops);
}

/*
 * A table made at run time from another one, with one function of its
 * own (as mptcp makes its request_sock_ops from TCP's): the store goes
 * into packet_spkt_ops by name, so inet_dgram_ops.ioctl in packet_ioctl
 * above never reaches packet_spkt_ioctl.
 */
struct proto_ops packet_spkt_ops;

static int packet_spkt_ioctl(struct socket *sock, unsigned int cmd,
			     unsigned long arg)
{
	(void)sock;
	(void)cmd;
	(void)arg;
	return 0;
}

void packet_spkt_init(void)
{
	packet_spkt_ops = inet_dgram_ops;
	packet_spkt_ops.ioctl = packet_spkt_ioctl;
}
