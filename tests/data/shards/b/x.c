#include "mode.h"

void set_mode(struct s *p)
{
	p->mode = B_AUTO;
}
