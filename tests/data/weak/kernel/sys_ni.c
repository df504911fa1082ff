/* Stubs for the syscalls a configuration leaves out. */
#include "weak.h"

long sys_ni_syscall(void)
{
	return -38;
}

COND_SYSCALL(sendto)
COND_SYSCALL(bpf)
