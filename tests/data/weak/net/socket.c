/* sendto(2) built in: the strong definition the stub gives way to. */
#include "weak.h"

long __sys_sendto(long fd)
{
	return fd;
}

long __se_sys_sendto(long fd)
{
	return __sys_sendto(fd);
}
