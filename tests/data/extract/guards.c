/* Guards: calls made only while a parameter is zero or nonzero, and the
 * constants callers pass there (extractor/guards.c). */
#define NULL ((void *)0)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define NO_REDIRECT 0
#define CAN_REDIRECT 1

struct dev;
void redirect(void);
void warn(void);
void other(void);
void always(void);
int check(void);
void use_dev(struct dev *d);
static struct dev *gdev;

static int run(int can_redirect, struct dev *d)
{
	if (unlikely(!can_redirect))
		warn();
	else
		redirect();
	if (d && can_redirect)
		use_dev(d);
	d ? other() : always();
	can_redirect || check();
	if (d == NULL)
		return 0;
	use_dev(d);
	return 1;
}

static void written(int flag)
{
	if (flag)
		other();
	flag = 0;
}

static void jumped(int flag, int x)
{
	if (x)
		goto in;
	if (flag) {
in:
		other();
	}
}

static void cased(int flag, int x)
{
	switch (x) {
	case 0:
		if (!flag)
			break;
		redirect();
		always();
	case 1:
		warn();
	}
}

static void untold(int flag, int x)
{
	if (flag > 1)
		other();
	if ((char)flag)
		other();
	if (flag + x)
		other();
}

int caller(struct dev *d)
{
	run(NO_REDIRECT, NULL);
	run(CAN_REDIRECT, d);
	run(1, &gdev);
	cased(1, 0);
	written(1);
	jumped(0, 1);
	untold(2, 0);
	return 0;
}

int input(void)
{
	return run(NO_REDIRECT, NULL);
}

int output(struct dev *d)
{
	return run(CAN_REDIRECT, d);
}

static int relay(int can_redirect, struct dev *d)
{
	return run(can_redirect, d);
}

int input_relayed(void)
{
	return relay(NO_REDIRECT, NULL);
}

static void widened(long flag)
{
	if (flag)
		other();
}

static void narrowing(long flag)
{
	widened(flag);
	cased(flag, 0);
}

int narrowed_input(void)
{
	narrowing(0);
	return relay(0, gdev);
}
