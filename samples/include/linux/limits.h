#ifndef _LINUX_LIMITS_H
#define _LINUX_LIMITS_H

#define INT_MAX		((int)(~0U >> 1))
#define INT_MIN		(-INT_MAX - 1)

#endif /* _LINUX_LIMITS_H */
