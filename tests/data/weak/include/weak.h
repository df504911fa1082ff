/*
 * Weak definitions as the kernel writes them: __weak defaults a strong
 * definition elsewhere replaces at link time (kernel/bpf/core.c's arch
 * hooks), and kernel/sys_ni.c's COND_SYSCALL stubs for the syscalls a
 * configuration may leave out.
 */
#ifndef WEAK_H
#define WEAK_H

#define __weak __attribute__((__weak__))

struct ops {
	void (*fn)(void);
};

void arch_setup(struct ops *o);
void start(struct ops *o);

long sys_ni_syscall(void);
long __sys_sendto(long fd);
long __se_sys_sendto(long fd);
long __se_sys_bpf(long cmd);

#define COND_SYSCALL(name)					\
	long __weak __se_sys_##name(long arg)			\
	{							\
		(void)arg;					\
		return sys_ni_syscall();			\
	}

#endif
