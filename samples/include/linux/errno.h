#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define ENOMEM		12
#define EBUSY		16
#define EEXIST		17
#define EINVAL		22
#define ENOBUFS		105
#define EPROTONOSUPPORT	93
#define EAFNOSUPPORT	97

#endif /* _LINUX_ERRNO_H */
