extern void (*hook_fn)(void);

static inline void hook_set(void (*fn)(void))
{
	hook_fn = fn;
}
