extern void (*hook_fn)(void);
