#ifndef __LINUX_RCUPDATE_H
#define __LINUX_RCUPDATE_H

#include <linux/types.h>
#include <linux/compiler.h>

#define rcu_assign_pointer(p, v) do { uintptr_t _r_a_p__v = (uintptr_t)(v); WRITE_ONCE((p), (typeof(p))(_r_a_p__v)); } while (0)

#define rcu_dereference(p) ({ typeof(p) ________p1 = (*(const volatile typeof(p) *)&(p)); ________p1; })

#define cmpxchg(ptr, old, new)	__sync_val_compare_and_swap(ptr, old, new)

#endif /* __LINUX_RCUPDATE_H */
