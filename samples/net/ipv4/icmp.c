// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/ipv4/icmp.c (sample): only reached through the fallback of
 * INDIRECT_CALL_2(ipprot->handler, tcp_v4_rcv, udp_rcv, skb).
 */
#include <linux/netdevice.h>
#include <net/icmp.h>

/*
 *	Deal with incoming ICMP packets.
 */
int icmp_rcv(struct sk_buff *skb)
{
	if (skb->len < 8)
		return NET_RX_DROP;
	skb->pkt_type = PACKET_HOST;
	return NET_RX_SUCCESS;
}
