#ifndef _LINUX_NET_H
#define _LINUX_NET_H

#include <linux/types.h>

struct sock;
struct net;
struct sk_buff;

#define PF_INET		2
#define PF_PACKET	17
#define PF_CAN		29
#define NPROTO		46

#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3

struct msghdr {
	struct sk_buff	*msg_skb;
	size_t		msg_len;
	unsigned int	msg_flags;
};

struct socket {
	short			type;
	struct sock		*sk;
	const struct proto_ops	*ops;
};

struct proto_ops {
	int		family;
	int		(*sendmsg)(struct socket *sock, struct msghdr *m,
				   size_t total_len);
	int		(*ioctl)(struct socket *sock, unsigned int cmd,
				 unsigned long arg);
};

struct net_proto_family {
	int		family;
	int		(*create)(struct net *net, struct socket *sock,
				  int protocol, int kern);
};

int sock_register(const struct net_proto_family *fam);
int __sock_create(struct net *net, int family, int type, int protocol,
		  struct socket **res, int kern);
int __sys_socket(int family, int type, int protocol);
int __sys_sendto(int fd, void *buff, size_t len, unsigned int flags);

/* declared only: fs glue, not in the sample */
struct socket *sockfd_lookup_light(int fd, int *err);
int sock_map_fd(struct socket *sock, int flags);

#endif /* _LINUX_NET_H */
