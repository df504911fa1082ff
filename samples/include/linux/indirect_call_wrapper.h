#ifndef _LINUX_INDIRECT_CALL_WRAPPER_H
#define _LINUX_INDIRECT_CALL_WRAPPER_H

#include <linux/compiler.h>

/*
 * INDIRECT_CALL_$NR - wrapper for indirect calls with $NR known builtin
 *  @f: function pointer
 *  @f$NR: builtin functions names, up to $NR of them
 *  @__VA_ARGS__: arguments for @f
 */
#define INDIRECT_CALL_1(f, f1, ...) ({ likely(f == f1) ? f1(__VA_ARGS__) : f(__VA_ARGS__); })
#define INDIRECT_CALL_2(f, f2, f1, ...) ({ likely(f == f2) ? f2(__VA_ARGS__) : INDIRECT_CALL_1(f, f1, __VA_ARGS__); })

#define INDIRECT_CALLABLE_DECLARE(f)	f
#define INDIRECT_CALLABLE_SCOPE

/* CONFIG_IPV6=y: both candidates */
#define INDIRECT_CALL_INET(f, f2, f1, ...) INDIRECT_CALL_2(f, f2, f1, __VA_ARGS__)

#endif /* _LINUX_INDIRECT_CALL_WRAPPER_H */
