/*
 * kcg index: choose the compile commands (samples/, a compile database or
 * a kernel tree), run the indexer (incremental on an existing database,
 * or one shard of the TUs), print a summary.
 */
#include "cli.h"
#include "query.h"

#include "db/edge_kind.h"
#include "extractor/kbuild.h"
#include "index/indexer.h"
#include "index/setup.h"
#include "util/alloc.h"
#include "util/datadir.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "util/trace.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct index_args {
	const char *db_path;
	const char *compdb_path;
	const char *kernel_dir;
	const char *root;
	char **scope;
	int nr_scope;
	int jobs;
	int quiet;
	int full;
	int shard, nr_shards;
};

/* "I/N", 1 <= I <= N. */
static int parse_shard(const char *value, struct index_args *a)
{
	char *end;
	long i = strtol(value, &end, 10), n;

	if (*end != '/')
		return -1;
	n = strtol(end + 1, &end, 10);
	if (*end || i < 1 || n < 1 || i > n || n > 100000)
		return -1;
	a->shard = (int)i;
	a->nr_shards = (int)n;
	return 0;
}

static int parse_args(int argc, char **argv, struct index_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->db_path = KCG_DEFAULT_DB;
	a->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (a->jobs < 1)
		a->jobs = 1;
	a->scope = xcalloc((size_t)argc + 1, sizeof(*a->scope));
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
			a->quiet = 1;
			continue;
		}
		if (!strcmp(arg, "--full")) {
			a->full = 1;
			continue;
		}
		if (!strcmp(arg, "--scope")) {
			while (i + 1 < argc && argv[i + 1][0] != '-')
				a->scope[a->nr_scope++] = argv[++i];
			if (!a->nr_scope) {
				usage_error("index", "--scope needs a path");
				return -1;
			}
			continue;
		}
		if (strcmp(arg, "--db") && strcmp(arg, "-j") &&
		    strcmp(arg, "--jobs") && strcmp(arg, "--compdb") &&
		    strcmp(arg, "--kernel") && strcmp(arg, "--root") &&
		    strcmp(arg, "--shard")) {
			usage_error("index", "unknown option '%s'", arg);
			return -1;
		}
		if (!value) {
			usage_error("index", "%s needs a value", arg);
			return -1;
		}
		i++;
		if (!strcmp(arg, "--db")) {
			a->db_path = value;
		} else if (!strcmp(arg, "--compdb")) {
			a->compdb_path = value;
		} else if (!strcmp(arg, "--kernel")) {
			a->kernel_dir = value;
		} else if (!strcmp(arg, "--root")) {
			a->root = value;
		} else if (!strcmp(arg, "--shard")) {
			if (parse_shard(value, a)) {
				usage_error("index", "--shard takes I/N, 1 <= I "
						     "<= N, not '%s'", value);
				return -1;
			}
		} else {
			char *end;
			long n = strtol(value, &end, 10);

			if (*end || n < 1 || n > 1024) {
				usage_error("index", "-j takes a number from 1 "
						     "to 1024, not '%s'", value);
				return -1;
			}
			a->jobs = (int)n;
		}
	}
	if (a->compdb_path && a->kernel_dir) {
		usage_error("index", "--compdb and --kernel do not go together");
		return -1;
	}
	if (a->nr_scope && !a->kernel_dir) {
		usage_error("index", "--scope goes with --kernel");
		return -1;
	}
	return 0;
}

static void print_summary(const struct index_args *a,
			  const struct index_result *r, int jobs)
{
	const struct store_counts *c = &r->counts;
	struct rusage ru;
	struct stat st;
	size_t i;

	if (r->up_to_date) {
		printf("'%s' is up to date: %lld translation units unchanged "
		       "(%lld ok, %lld with errors, %lld failed), none parsed "
		       "in %.1f s\n", a->db_path, (long long)c->tus,
		       (long long)c->tus_ok, (long long)c->tus_errors,
		       (long long)c->tus_failed, r->seconds);
		return;
	}

	printf("indexed %lld translation units in %.1f s (%d jobs): %zu "
	       "parsed, %zu unchanged", (long long)c->tus, r->seconds, jobs,
	       r->parsed, r->reused);
	if (r->removed)
		printf(", %zu removed", r->removed);
	printf("; %lld ok, %lld with errors, %lld failed\n",
	       (long long)c->tus_ok, (long long)c->tus_errors,
	       (long long)c->tus_failed);
	if (r->emptied_bodies)
		printf("header bodies walked once and handed on emptied: "
		       "%lu (their headers lent %lu times)\n",
		       r->emptied_bodies, r->emptied_lent);
	printf("functions %lld (%lld with a body), calls %lld (direct %lld, "
	       "macro %lld, indirect %lld), pointer flows %lld, edges %lld\n",
	       (long long)c->functions, (long long)c->defined,
	       (long long)c->calls, (long long)c->direct, (long long)c->macro,
	       (long long)c->indirect, (long long)c->flows,
	       (long long)c->edges);
	if (r->resolve.indirect_sites)
		printf("indirect call sites %lld: %lld resolved (%.1f%%), %lld by "
		       "signature only; resolved in %.1f s\n",
		       (long long)r->resolve.indirect_sites,
		       (long long)r->resolve.resolved_sites,
		       100.0 * (double)r->resolve.resolved_sites /
			       (double)r->resolve.indirect_sites,
		       (long long)r->resolve.signature_sites,
		       r->resolve_seconds);
	printf("edges by kind: direct %lld, macro %lld", (long long)c->direct,
	       (long long)c->macro);
	for (i = 0; i < NR_EDGE_KINDS; i++)
		if (edge_kind((int)i)->flags & EDGE_KIND_RESOLVED)
			printf(", %s %lld", edge_kind_name((int)i),
			       (long long)r->resolve.edges[i]);
	printf("\n");
	for (i = 0; i < r->nr_failures; i++)
		printf("  %s %s: %s\n",
		       r->failures[i].failed ? "failed" : "errors in",
		       r->failures[i].file, r->failures[i].first_error);
	if (!getrusage(RUSAGE_SELF, &ru))
		printf("peak memory %.0f MB\n", (double)ru.ru_maxrss / 1024.0);
	if (!stat(a->db_path, &st))
		printf("database '%s' (%.1f MB)\n", a->db_path,
		       (double)st.st_size / (1024.0 * 1024.0));
}

/*
 * A TU of a kernel tree misses a header generated at build time beyond
 * `make prepare` (security/selinux/flask.h): building the TU's object
 * makes it.
 */
static int regenerate_kernel_header(void *ctx, const struct compile_command *cmd,
				    const char *missing, struct kcg_error *err)
{
	const char *kdir = ctx, *rel = path_relative_to(cmd->file, kdir);
	struct strbuf object;
	int rc;

	if (!rel)
		return kcg_error_set(err, "'%s' is outside the kernel tree",
				     cmd->file);
	strbuf_init(&object);
	strbuf_addstr(&object, rel);
	if (object.len > 2 && !strcmp(object.buf + object.len - 2, ".c"))
		object.buf[object.len - 1] = 'o';
	fprintf(stderr, "\nkcg index: %s needs the generated '%s': running "
			"make LLVM=1 %s\n", rel, missing, object.buf);
	rc = kbuild_make_target(kdir, object.buf, err);
	if (rc)
		kcg_error_set(err, "needs the generated '%s': 'make LLVM=1 %s' "
				   "failed", missing, object.buf);
	strbuf_release(&object);
	return rc;
}

int cmd_index(int argc, char **argv)
{
	struct index_args a;
	struct index_request req;
	struct index_setup setup;
	struct kcg_error err;
	struct index_options opt;
	struct index_result result;
	struct progress_display pd;
	struct sigaction sa;
	char *samples = NULL, *samples_compdb = NULL;
	int rc = 1;

	trace_phase("start");
	if (parse_args(argc, argv, &a)) {
		free(a.scope);
		return EXIT_USAGE;
	}
	memset(&req, 0, sizeof(req));
	req.db_path = a.db_path;
	req.compdb_path = a.compdb_path;
	req.kernel_dir = a.kernel_dir;
	samples = datadir_find("samples", KCG_SAMPLES_DIR);
	req.samples_compdb = samples_compdb = path_join(samples,
						 "compile_commands.json");
	req.root = a.root;
	req.scope = a.scope;
	req.nr_scope = a.nr_scope;
	req.jobs = a.jobs;
	req.full = a.full;
	if (index_setup_make(&setup, &req, &err)) {
		die_message("index", &err);
		/* a kernel tree whose Kbuild kcg does not understand */
		if (err.kind == KCG_ERROR_UNSUPPORTED)
			rc = EXIT_USAGE;
		goto out;
	}
	if (setup.reused_commands && !a.quiet)
		fprintf(stderr, "kcg index: compile commands of '%s' as the "
				"last run's Kbuild dry run made them (no "
				"makefile or configuration changed)\n",
			setup.compdb_out);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	progress_init(&pd, !a.quiet);
	memset(&opt, 0, sizeof(opt));
	opt.db_path = a.db_path;
	opt.root = setup.root;
	opt.compdb = &setup.compdb;
	opt.jobs = a.jobs;
	opt.full = a.full;
	opt.shard = a.shard;
	opt.nr_shards = a.nr_shards;
	opt.meta = setup.meta;
	opt.nr_meta = setup.nr_meta;
	opt.progress = progress_update;
	opt.progress_ctx = &pd;
	opt.interrupted = &interrupted;
	if (setup.kdir) {
		opt.regenerate = regenerate_kernel_header;
		opt.regenerate_ctx = setup.kdir;
	}
	if (!a.quiet)
		fprintf(stderr, "kcg index: indexing %zu translation units "
				"from '%s' with %d jobs\n", setup.compdb.nr,
			setup.source, a.jobs);
	if (index_run(&opt, &result, &err)) {
		progress_finish(&pd);
		die_message("index", &err);
		index_result_release(&result);
		rc = interrupted ? 130 : 1;
		goto out;
	}
	progress_finish(&pd);
	if (result.why_full[0] && !a.quiet)
		fprintf(stderr, "kcg index: not built on: %s\n",
			result.why_full);
	print_summary(&a, &result, a.jobs);
	/* A database of nothing but failures is no index: say so. */
	rc = result.counts.tus && !result.counts.tus_ok &&
	     !result.counts.tus_errors;
	if (rc)
		fprintf(stderr, "kcg index: no translation unit could be "
				"parsed; see the failures above\n");
	index_result_release(&result);
	state_record_last_db(a.db_path);	/* the queries' default --db */
out:
	index_setup_release(&setup);
	free(a.scope);
	free(samples);
	free(samples_compdb);
	trace_phase("summary, memory released");
	return rc;
}
