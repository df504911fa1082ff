/*
 * Indexing a compilation database: see indexer.h.
 *
 * Workers take the next TU from a shared counter and hand finished batches
 * to the calling thread through a small bounded queue; the calling thread
 * is the only one that writes SQLite.  Batches are stored in the order
 * they finish, so the order of rows is not deterministic, but their
 * content is, except for which TU first walks a shared header function.
 */
#include "indexer.h"

#include "extractor/extract.h"
#include "util/alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define QUEUE_SIZE 8

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	struct fact_batch *items[QUEUE_SIZE];
	size_t head, count;
	size_t next_tu;		/* next TU to hand to a worker */
	int stop;		/* the writer gave up: workers quit */
};

struct worker {
	pthread_t thread;
	struct extractor *extractor;
	struct queue *queue;
	const struct compdb *compdb;
};

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	struct queue *q = wk->queue;

	for (;;) {
		struct fact_batch *batch;
		size_t tu;

		pthread_mutex_lock(&q->lock);
		tu = q->next_tu++;
		pthread_mutex_unlock(&q->lock);
		if (tu >= wk->compdb->nr || q->stop)
			break;

		batch = xmalloc(sizeof(*batch));
		batch_init(batch);
		batch->tu = tu;
		extractor_run(wk->extractor, &wk->compdb->cmds[tu], batch);

		pthread_mutex_lock(&q->lock);
		while (q->count == QUEUE_SIZE && !q->stop)
			pthread_cond_wait(&q->not_full, &q->lock);
		if (q->stop) {
			pthread_mutex_unlock(&q->lock);
			batch_release(batch);
			free(batch);
			break;
		}
		q->items[(q->head + q->count) % QUEUE_SIZE] = batch;
		q->count++;
		pthread_cond_signal(&q->not_empty);
		pthread_mutex_unlock(&q->lock);
	}
	return NULL;
}

/* Wait for the next batch; NULL once interrupted. */
static struct fact_batch *queue_pop(struct queue *q,
				    volatile sig_atomic_t *interrupted)
{
	struct fact_batch *batch;

	pthread_mutex_lock(&q->lock);
	while (!q->count) {
		struct timespec until;

		if (interrupted && *interrupted) {
			pthread_mutex_unlock(&q->lock);
			return NULL;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 200 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&q->not_empty, &q->lock, &until);
	}
	batch = q->items[q->head];
	q->head = (q->head + 1) % QUEUE_SIZE;
	q->count--;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return batch;
}

static void queue_stop(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stop = 1;
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->lock);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/*
 * The file a TU could not include, from clang's "'flask.h' file not
 * found"; a new string, or NULL if that is not why it failed.
 */
static char *missing_include(const struct fact_batch *b)
{
	static const char suffix[] = "' file not found";
	size_t i, len, slen = sizeof(suffix) - 1;

	for (i = 0; i < b->nr_diags; i++) {
		const char *m = b->diags[i].message;

		len = strlen(m);
		if (m[0] == '\'' && len > slen + 1 &&
		    !strcmp(m + len - slen, suffix))
			return xstrndup(m + 1, len - slen - 1);
	}
	return NULL;
}

/*
 * A TU that misses a generated header: have it made and parse the TU
 * again.  Returns the batch to store (the new one, or b); *note gets
 * why regeneration failed, for the summary.
 */
static struct fact_batch *retry_generated(const struct index_options *opt,
					  struct extract_shared *shared,
					  struct extractor **retry,
					  struct fact_batch *b,
					  struct kcg_error *note)
{
	const struct compile_command *cmd = &opt->compdb->cmds[b->tu];
	char *missing = missing_include(b);
	struct fact_batch *fresh;

	/* a source generated at build time (net/wireless/shipped-certs.c) */
	if (!missing && access(cmd->file, F_OK))
		missing = xstrdup(cmd->file);
	note->msg[0] = '\0';
	if (!missing || !opt->regenerate)
		goto keep;
	if (opt->regenerate(opt->regenerate_ctx, cmd, missing, note))
		goto keep;
	if (!*retry)
		*retry = extractor_new(shared);
	fresh = xmalloc(sizeof(*fresh));
	batch_init(fresh);
	fresh->tu = b->tu;
	extractor_rerun(*retry, cmd, b, fresh);
	batch_release(b);
	free(b);
	free(missing);
	return fresh;
keep:
	free(missing);
	return b;
}

static void note_failure(struct index_result *result,
			 const struct fact_batch *b, const char *note)
{
	struct index_failure *f;
	char buf[2048];

	xgrow(&result->failures, &result->alloc_failures,
	      result->nr_failures + 1, sizeof(*result->failures));
	f = &result->failures[result->nr_failures++];
	f->file = xstrdup(b->file);
	f->failed = b->status == TU_FAILED;
	if (b->nr_diags && b->diags[0].loc.file)
		snprintf(buf, sizeof(buf), "%s:%u:%u: %s", b->diags[0].loc.file,
			 b->diags[0].loc.line, b->diags[0].loc.col,
			 b->diags[0].message);
	else
		snprintf(buf, sizeof(buf), "%s",
			 b->nr_diags ? b->diags[0].message : "unknown error");
	if (note && note[0]) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, " (%s)", note);
	}
	f->first_error = xstrdup(buf);
}

void index_result_release(struct index_result *result)
{
	size_t i;

	for (i = 0; i < result->nr_failures; i++) {
		free(result->failures[i].file);
		free(result->failures[i].first_error);
	}
	free(result->failures);
	memset(result, 0, sizeof(*result));
}

int index_run(const struct index_options *opt, struct index_result *result,
	      struct kcg_error *err)
{
	struct extract_shared shared;
	struct worker *workers;
	struct queue q;
	struct store *store;
	struct timespec start;
	struct index_progress progress;
	struct extractor *retry = NULL;
	struct kcg_error note;
	int jobs = opt->jobs > 0 ? opt->jobs : 1, i, rc = 0;
	size_t n;

	memset(result, 0, sizeof(*result));
	if ((size_t)jobs > opt->compdb->nr && opt->compdb->nr)
		jobs = (int)opt->compdb->nr;
	if (store_open(&store, opt->db_path, err))
		return -1;
	for (n = 0; n < opt->nr_meta; n++)
		if (store_set_meta(store, opt->meta[n].key, opt->meta[n].value,
				   err)) {
			store_abort(store);
			return -1;
		}

	clock_gettime(CLOCK_MONOTONIC, &start);
	extract_shared_init(&shared, opt->root);
	memset(&q, 0, sizeof(q));
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.not_empty, NULL);
	pthread_cond_init(&q.not_full, NULL);
	workers = xcalloc((size_t)jobs, sizeof(*workers));
	for (i = 0; i < jobs; i++) {
		workers[i].extractor = extractor_new(&shared);
		workers[i].queue = &q;
		workers[i].compdb = opt->compdb;
		pthread_create(&workers[i].thread, NULL, worker_main,
			       &workers[i]);
	}

	memset(&progress, 0, sizeof(progress));
	progress.total = opt->compdb->nr;
	for (n = 0; n < opt->compdb->nr; n++) {
		struct fact_batch *b = queue_pop(&q, opt->interrupted);

		if (!b) {
			rc = kcg_error_set(err, "interrupted: '%s' left as it was",
					   opt->db_path);
			break;
		}
		note.msg[0] = '\0';
		if (b->status != TU_OK)
			b = retry_generated(opt, &shared, &retry, b, &note);
		if (b->status != TU_OK) {
			progress.with_errors++;
			note_failure(result, b, note.msg);
		}
		rc = store_add_batch(store, b, err);
		progress.done++;
		progress.elapsed = seconds_since(&start);
		progress.file = b->file;
		if (!rc && opt->progress)
			opt->progress(opt->progress_ctx, &progress);
		batch_release(b);
		free(b);
		if (rc)
			break;
	}

	queue_stop(&q);
	for (i = 0; i < jobs; i++) {
		pthread_join(workers[i].thread, NULL);
		extractor_free(workers[i].extractor);
	}
	/* batches finished after a stop are still queued */
	while (q.count) {
		batch_release(q.items[q.head]);
		free(q.items[q.head]);
		q.head = (q.head + 1) % QUEUE_SIZE;
		q.count--;
	}
	free(workers);
	extractor_free(retry);
	pthread_cond_destroy(&q.not_empty);
	pthread_cond_destroy(&q.not_full);
	pthread_mutex_destroy(&q.lock);
	extract_shared_release(&shared);

	if (rc) {
		store_abort(store);
		return -1;
	}
	if (store_finish(store, &result->counts, err))
		return -1;
	result->seconds = seconds_since(&start);
	return 0;
}
