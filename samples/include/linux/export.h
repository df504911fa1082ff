#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

/*
 * include/linux/export.h (sample): EXPORT_SYMBOL as Linux 6.1 builds it
 * on x86-64 (CONFIG_HAVE_ARCH_PREL32_RELOCATIONS): the symbol's address
 * kept in a static `void *` in a section the linker discards, which
 * nothing reads (the symbol table itself is written in asm).  A module
 * calls the symbol by name.
 */
#define ___PASTE(a, b)	a##b
#define __PASTE(a, b)	___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define ___ADDRESSABLE(sym, __attrs)					\
	static void * __attribute__((__used__)) __attrs			\
	__UNIQUE_ID(__PASTE(__addressable_, sym)) = (void *)&sym
#define __ADDRESSABLE(sym)						\
	___ADDRESSABLE(sym, __attribute__((__section__(".discard.addressable"))))

#define EXPORT_SYMBOL(sym)	__ADDRESSABLE(sym)

#endif
