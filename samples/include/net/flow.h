#ifndef _NET_FLOW_H
#define _NET_FLOW_H

#include <linux/types.h>

struct flowi4 {
	__be32	daddr;
	__be32	saddr;
};

#endif /* _NET_FLOW_H */
