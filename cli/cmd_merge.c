/*
 * kcg merge: join partial databases (`kcg index --shard I/N`, indexed on
 * as many machines) into one, the same as one index of all their TUs.
 */
#include "cli.h"
#include "query.h"

#include "index/merge_run.h"
#include "util/alloc.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct merge_display {
	int quiet;
};

static void part_done(void *ctx, const char *part,
		      const struct merge_stats *stats)
{
	const struct merge_display *d = ctx;

	if (stats->duplicates)
		fprintf(stderr, "kcg merge: %lld translation units of '%s' "
				"are in an earlier database: left out\n",
			(long long)stats->duplicates, part);
	if (!d->quiet)
		fprintf(stderr, "kcg merge: %s: %lld translation units, "
				"%lld bodies left out (the definition kept "
				"is another part's)\n",
			part, (long long)stats->tus,
			(long long)stats->claims_dropped);
}

int cmd_merge(int argc, char **argv)
{
	const char *db_path = "kcg.db";
	char **parts = xcalloc((size_t)argc + 1, sizeof(*parts));
	struct merge_options opt;
	struct merge_result result;
	struct merge_display display;
	const struct store_counts *c = &result.counts.store;
	struct sigaction sa;
	struct kcg_error err;
	int i, nr_parts = 0, quiet = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db")) {
			if (i + 1 == argc) {
				usage_error("merge", "--db needs a value");
				free(parts);
				return EXIT_USAGE;
			}
			db_path = argv[++i];
		} else if (!strcmp(argv[i], "-q") ||
			   !strcmp(argv[i], "--quiet")) {
			quiet = 1;
		} else if (argv[i][0] == '-') {
			usage_error("merge", "unknown option '%s'", argv[i]);
			free(parts);
			return EXIT_USAGE;
		} else {
			parts[nr_parts++] = argv[i];
		}
	}
	if (!nr_parts) {
		usage_error("merge", "no database to merge");
		free(parts);
		return EXIT_USAGE;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	display.quiet = quiet;
	memset(&opt, 0, sizeof(opt));
	opt.db_path = db_path;
	opt.parts = parts;
	opt.nr_parts = nr_parts;
	opt.part_done = part_done;
	opt.part_done_ctx = &display;
	opt.interrupted = &interrupted;
	if (merge_run(&opt, &result, &err)) {
		die_message("merge", &err);
		free(parts);
		return interrupted ? 130 : 1;
	}
	printf("merged %d databases into '%s': %lld translation units, "
	       "functions %lld (%lld with a body), calls %lld, pointer flows "
	       "%lld, edges %lld\n", nr_parts, db_path, (long long)result.tus,
	       (long long)c->functions, (long long)c->defined,
	       (long long)c->calls, (long long)c->flows, (long long)c->edges);
	state_record_last_db(db_path);
	free(parts);
	return 0;
}
