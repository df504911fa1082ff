/*
 * Phase times on stderr: see trace.h.
 */
#include "trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int enabled = -1;
static double start, last;

int trace_enabled(void)
{
	if (enabled < 0) {
		const char *v = getenv("KCG_TRACE");

		enabled = v && *v && strcmp(v, "0");
		start = last = now();
	}
	return enabled;
}

void trace_note(const char *fmt, ...)
{
	va_list ap;

	if (!trace_enabled())
		return;
	fputs("kcg trace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void trace_phase(const char *name)
{
	double t;

	if (!trace_enabled())
		return;
	t = now();
	fprintf(stderr, "kcg trace: %-28s %8.3f s  (at %.3f s)\n", name,
		t - last, t - start);
	last = t;
}
