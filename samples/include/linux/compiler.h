#ifndef __LINUX_COMPILER_H
#define __LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* sparse annotations and section markers: empty for the compiler */
#define __rcu
#define __init
#define __read_mostly

#define READ_ONCE(x)	(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val) do { *(volatile typeof(x) *)&(x) = (val); } while (0)

#define offsetof(TYPE, MEMBER)	__builtin_offsetof(TYPE, MEMBER)
#define container_of(ptr, type, member) ({				\
	void *__mptr = (void *)(ptr);					\
	((type *)((char *)__mptr - offsetof(type, member))); })

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))
#define hweight32(w)	((unsigned int)__builtin_popcount(w))

#endif /* __LINUX_COMPILER_H */
