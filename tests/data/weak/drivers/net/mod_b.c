/* A symbol two modules each define (never both built in): the other. */
void mod_probe(void);

static void b_hw(void)
{
}

void mod_probe(void)
{
	b_hw();
}
