#ifndef INL_H
#define INL_H

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define UNIQUE(prefix) __PASTE(prefix, __COUNTER__)
#define ASSERT_ONCE(x) \
	do { int UNIQUE(__once) __attribute__((unused)) = (x); } while (0)

/* the includer may define it first: e.c makes it take a counter number */
#ifndef TRACE_ID
#define TRACE_ID() 0
#endif

#define NAMED(n) inl_##n

#define log_count(x) ASSERT_ONCE(x)
#define LOG(level, x) log_ ## level(x)

extern int base_op(int);
extern int other_op(int);
extern void note(int);

/* walked by the first TU, emptied for the others */
static inline int inl_plain(int x)
{
	int y = base_op(x);

	if (y > 3)
		note(y);
	return other_op(y);
}

/* takes two counter numbers: emptied all the same, the names the
 * counter makes after it are numbered by line */
static inline int inl_counted(int x)
{
	ASSERT_ONCE(x);
	ASSERT_ONCE(x + 1);
	return base_op(x + 1);
}

/* takes one in e.c only, through e.c's own TRACE_ID */
static inline int inl_traced(int x)
{
	return other_op(x + TRACE_ID());
}

/* takes one through log_count, a name LOG pastes together */
static inline int inl_pasted(int x)
{
	LOG(count, x);
	return other_op(x);
}

/* its name a macro makes: the same text may define another function */
static inline int NAMED(made)(int x)
{
	return base_op(x * 2);
}

/* declares a global at block scope, the TU's first declaration of it:
 * stays as it is (pgtable.h's my_zero_pfn() and zero_pfn) */
static inline int inl_extern(int x)
{
	extern int (*shared_op)(int);

	return shared_op(x);
}

/* a preprocessor line inside: stays as it is */
static inline int inl_directive(int x)
{
#ifdef EXTRA
	note(x);
#endif
	return other_op(x - 1);
}

#endif
