/*
 * Structs of function pointers copied whole (struct_copies): by
 * assignment, by memcpy, in an initializer.  A struct with no function
 * pointer copied whole, and a pointer assigned, are not copies of one
 * (tests/test_extractor.c, test_struct_copies).
 */
void *memcpy(void *dst, const void *src, unsigned long n);

struct ops { int (*f)(int); };
struct plain { int a; };
struct holder { struct ops o; struct plain p; const struct ops *po; };
struct params { struct ops o; };

void copy_in(struct holder *h, const struct params *p)
{
	h->o = p->o;
	h->p = (struct plain){ 1 };
	h->po = &p->o;
}

void copy_by_memcpy(struct holder *h, const struct params *p)
{
	memcpy(&h->o, &p->o, sizeof(h->o));
}

int copy_in_init(const struct params *p)
{
	struct holder h = { .o = p->o };

	return h.o.f ? 1 : 0;
}

/* through a parameter, in and out (`*drv = ehci_hc_driver`), an element
 * of an array parameter, memcpy through parameters; through a parameter
 * the body moves, or through a field, is through a pointer unknown */
static const struct ops template_ops;

void init_driver(struct ops *drv, const struct ops *over)
{
	*drv = template_ops;
	drv[1] = *over;
	memcpy(drv, over, sizeof(*drv));
}

struct slots { struct ops *to; };

void init_moved(struct ops *drv, struct slots *s)
{
	drv++;
	*drv = template_ops;
	*s->to = template_ops;
}
