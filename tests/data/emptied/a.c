#include "inl.h"

static int a_step(int v)
{
	return inl_plain(v) + inl_counted(v) + inl_traced(v) + inl_made(v) +
	       inl_directive(v) + inl_pasted(v) + inl_extern(v);
}

/* file-scope names the counter makes, after every inline body */
static int (*UNIQUE(a_hook_))(int) __attribute__((used)) = a_step;
static int (*UNIQUE(a_more_))(int) __attribute__((used)) = base_op;

int a_entry(int v)
{
	return a_step(v);
}

/* a block-scope name the counter makes, its address passed on beside a
 * function, as dev_dbg() passes a __UNIQUE_ID_ddebug<line> descriptor */
struct site {
	int line;
};

extern void note_site(struct site *, int (*)(int));

#define SITE_AT(id) \
	do { static struct site id = { 1 }; note_site(&id, base_op); } while (0)
#define SITE() SITE_AT(UNIQUE(a_site_))

void a_debug(void)
{
	SITE();
}

/* a file-scope name the counter makes that no fact names, as
 * MODULE_AUTHOR() makes a __UNIQUE_ID_author<line> */
static const char UNIQUE(a_info_)[] __attribute__((used)) = "author=kcg";
