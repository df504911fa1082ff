/*
 * The messages of the command line, one style for all: `kcg COMMAND:
 * message` on stderr (git's), lower-case, no full stop, the subject
 * quoted.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>

void die_message(const char *cmd, const struct kcg_error *err)
{
	fprintf(stderr, "kcg %s: %s\n", cmd, err->msg);
}

void usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kcg %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'kcg help %s'\n", cmd);
}
