/* A symbol two modules each define (never both built in): this one. */
void mod_probe(void);

static void a_hw(void)
{
}

void mod_probe(void)
{
	a_hw();
}
