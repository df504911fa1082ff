/*
 * Phase times on stderr: see trace.h.
 */
#include "trace.h"

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

void trace_phase(const char *name)
{
	static int enabled = -1;
	static double start, last;
	double t;

	if (enabled < 0) {
		const char *v = getenv("KCG_TRACE");

		enabled = v && *v && strcmp(v, "0");
		start = last = now();
	}
	if (!enabled)
		return;
	t = now();
	fprintf(stderr, "kcg trace: %-28s %8.3f s  (at %.3f s)\n", name,
		t - last, t - start);
	last = t;
}
