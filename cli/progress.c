/*
 * What `kcg index` shows while it runs: a bar redrawn in place on a
 * terminal, plain lines every ten seconds otherwise (logs, CI).
 */
#include "cli.h"

#include "index/indexer.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BAR_WIDTH 30
#define PLAIN_INTERVAL 10.0

void progress_init(struct progress_display *pd, int enabled)
{
	memset(pd, 0, sizeof(*pd));
	pd->tty = enabled ? (isatty(STDERR_FILENO) ? 1 : 0) : -1;
}

static void format_eta(char *buf, size_t size, double seconds)
{
	long s = (long)(seconds + 0.5);

	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

void progress_update(void *ctx, const struct index_progress *p)
{
	struct progress_display *pd = ctx;
	double rate = p->elapsed > 0 ? (double)p->done / p->elapsed : 0;
	double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
	char eta_text[32];

	if (pd->tty < 0)
		return;
	format_eta(eta_text, sizeof(eta_text), eta);
	if (pd->tty) {
		int filled = p->total ? (int)(BAR_WIDTH * p->done / p->total) : 0;
		char bar[BAR_WIDTH + 1];

		memset(bar, '#', (size_t)filled);
		memset(bar + filled, '.', (size_t)(BAR_WIDTH - filled));
		bar[BAR_WIDTH] = '\0';
		fprintf(stderr,
			"\r\033[K[%s] %zu/%zu TUs  %.1f/s  ETA %s  %zu with errors",
			bar, p->done, p->total, rate, eta_text, p->with_errors);
		fflush(stderr);
		return;
	}
	if (p->done != p->total && p->elapsed - pd->last_print < PLAIN_INTERVAL)
		return;
	pd->last_print = p->elapsed;
	fprintf(stderr,
		"kcg index: indexed %zu/%zu TUs (%.0f%%) in %.0f s, %.1f/s, "
		"ETA %s, %zu with errors\n",
		p->done, p->total,
		p->total ? 100.0 * (double)p->done / (double)p->total : 100.0,
		p->elapsed, rate, eta_text, p->with_errors);
}

void progress_finish(struct progress_display *pd)
{
	if (pd->tty > 0)
		fprintf(stderr, "\n");
}
