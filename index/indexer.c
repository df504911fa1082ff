/*
 * Indexing a compilation database: see indexer.h.
 *
 * Workers take the next TU of the round from a shared counter and hand
 * finished batches to the calling thread through a small bounded queue;
 * the calling thread is the only one that writes SQLite.  Batches are
 * stored in the order they finish, so the order of rows is not
 * deterministic, but their content is, except for which TU first walks a
 * shared header function.
 *
 * A run has one round of parsing, the TUs the plan chose, and rarely
 * more: when bodies that TUs parsed again used to walk are left with no
 * walker, a TU that still sees them is parsed too (plan_orphans).  On
 * an existing database the run works on a copy of it, from which the old
 * facts of each round's TUs are deleted before their new ones go in
 * (store_open_update): the TUs taken as they are stay where they are.
 */
#include "indexer.h"

#include "extractor/emptied.h"
#include "extractor/extract.h"
#include "index/finish.h"
#include "index/plan.h"
#include "resolve/inputs.h"
#include "util/alloc.h"
#include "util/trace.h"

#include <pthread.h>
#include <stdint.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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
	size_t next;		/* next entry of todo to hand to a worker */
	int stop;		/* the writer gave up: workers quit */
};

struct worker {
	pthread_t thread;
	struct extractor *extractor;
	struct queue *queue;
	const struct compdb *compdb;
	const size_t *todo;	/* the round's TUs, by compdb index */
	size_t nr_todo;
};

/*
 * Return the free pages of the heap to the system once they are many.
 * A parse frees its AST at the end, but glibc keeps the pages in the
 * worker's arena: each arena would hold the largest TU it ever parsed
 * (amdgpu's, i915's) on top of what the index keeps, and the peak RSS
 * of a whole tree with them (docs/performance.md, stop 34).  Not after
 * every TU: the next one would fault its pages in again.
 */
#define FREE_KEPT (256u << 20)

/* glibc's allocator, not a sanitizer's in its place (whose heap these
 * calls do not know: glibc aborts at thread exit) */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33) && \
	!defined(__SANITIZE_ADDRESS__)
#define GLIBC_HEAP 1
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#undef GLIBC_HEAP
#endif
#endif
#endif

static void give_back_free_pages(void)
{
#ifdef GLIBC_HEAP
	if (mallinfo2().fordblks > FREE_KEPT)
		malloc_trim(0);
#endif
}

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	struct queue *q = wk->queue;

	for (;;) {
		struct fact_batch *batch;
		size_t next;

		pthread_mutex_lock(&q->lock);
		next = q->next++;
		pthread_mutex_unlock(&q->lock);
		if (next >= wk->nr_todo || q->stop)
			break;

		batch = xmalloc(sizeof(*batch));
		batch_init(batch);
		batch->tu = wk->todo[next];
		extractor_run(wk->extractor, &wk->compdb->cmds[batch->tu],
			      batch);
		give_back_free_pages();

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
 * A TU whose source was not there when it was parsed, and is now: the
 * make another TU's missing header ran made it too (an ASN.1 module's .c
 * and .h come from one rule, fs/smb/server's among them).
 */
static int source_made_since(const struct fact_batch *b, const char *file)
{
	static const char cannot_read[] = EXTRACT_CANNOT_READ;

	return b->status == TU_FAILED && b->nr_diags &&
	       !strncmp(b->diags[0].message, cannot_read,
			sizeof(cannot_read) - 1) &&
	       !access(file, F_OK);
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
	if (!missing && !source_made_since(b, cmd->file))
		goto keep;
	if (missing && (!opt->regenerate ||
			opt->regenerate(opt->regenerate_ctx, cmd, missing,
					note)))
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

/* What plan_claim_held() needs, for the extractor's held_before. */
struct held_lookup {
	const struct plan *plan;
	const uint32_t *ranks;
	struct kcg_error err;	/* the first lookup that failed */
};

static int held_before(void *ctx, const char *key, int64_t *rank)
{
	struct held_lookup *h = ctx;
	struct kcg_error err;
	int rc = plan_claim_held(h->plan, h->ranks, key, rank, &err);

	if (rc < 0 && !h->err.msg[0])
		h->err = err;
	return rc > 0;
}

/* What the rounds of one run share. */
struct run {
	const struct index_options *opt;
	struct index_result *result;
	struct store *store;
	struct extract_shared shared;
	struct extractor *retry;
	struct index_progress progress;
	struct timespec start;
	/* for plan_orphans(), on an existing database only (a new one
	 * has no TU whose walks could be orphaned): */
	int note_orphans;
	struct strmap read;	/* files read by the TUs parsed */
	struct strmap claims;	/* keys they claimed */
	struct held_lookup held;
	/* what the resolver read of the TUs parsed again, before their
	 * old facts went (one round only: resolve_moved()) */
	struct resolve_inputs *before;
	struct emptied emptied;	/* when r->shared.emptied points to it */
};

/* Store one batch; note what it read and claimed for plan_orphans(). */
static int store_one(struct run *r, struct fact_batch *b,
		     struct kcg_error *err)
{
	struct kcg_error note;
	size_t i;
	int rc;

	note.msg[0] = '\0';
	if (b->status != TU_OK)
		b = retry_generated(r->opt, &r->shared, &r->retry, b, &note);
	if (b->status != TU_OK) {
		r->progress.with_errors++;
		note_failure(r->result, b, note.msg);
	}
	for (i = 0; r->note_orphans && i < b->nr_includes; i++)
		strmap_add(&r->read, b->includes[i].file, NULL, 1);
	for (i = 0; r->note_orphans && i < b->nr_claims; i++) {
		const struct fact_claim *c = &b->claims[i];

		if (!c->unwalked)
			claim_hold(&r->claims, c->key,
				   claim_rank(c->weak, c->in_main,
					      r->shared.ranks, b->tu), NULL);
	}
	rc = store_add_batch(r->store, b, err);
	r->progress.done++;
	r->progress.elapsed = seconds_since(&r->start);
	r->progress.file = b->file;
	if (!rc && r->opt->progress)
		r->opt->progress(r->opt->progress_ctx, &r->progress);
	batch_release(b);
	free(b);
	return rc;
}

/* Parse and store the TUs of todo (compdb indexes) with the workers. */
static int run_round(struct run *r, const size_t *todo, size_t nr_todo,
		     struct kcg_error *err)
{
	const struct index_options *opt = r->opt;
	struct worker *workers;
	struct queue q;
	int jobs = opt->jobs > 0 ? opt->jobs : 1, i, rc = 0;
	size_t n;

	if ((size_t)jobs > nr_todo && nr_todo)
		jobs = (int)nr_todo;
	memset(&q, 0, sizeof(q));
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.not_empty, NULL);
	pthread_cond_init(&q.not_full, NULL);
	workers = xcalloc((size_t)jobs, sizeof(*workers));
	for (i = 0; i < jobs; i++) {
		workers[i].extractor = extractor_new(&r->shared);
		workers[i].queue = &q;
		workers[i].compdb = opt->compdb;
		workers[i].todo = todo;
		workers[i].nr_todo = nr_todo;
		pthread_create(&workers[i].thread, NULL, worker_main,
			       &workers[i]);
	}

	for (n = 0; n < nr_todo && !rc; n++) {
		struct fact_batch *b = NULL;

		if (!opt->interrupted || !*opt->interrupted)
			b = queue_pop(&q, opt->interrupted);
		if (!b)
			rc = kcg_error_set(err, "interrupted: '%s' left as it was",
					   opt->db_path);
		else
			rc = store_one(r, b, err);
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
	pthread_cond_destroy(&q.not_empty);
	pthread_cond_destroy(&q.not_full);
	pthread_mutex_destroy(&q.lock);
	return rc;
}

/* Claimed before the next round: what the TUs parsed so far did (what
 * the TUs kept walked is looked up as the walks meet it: held_before). */
static void reseed(struct run *r)
{
	size_t i;

	strmap_release(&r->shared.claimed);
	strmap_init(&r->shared.claimed);
	for (i = 0; i < r->claims.size; i++)
		if (r->claims.slots[i].key)
			claim_hold(&r->shared.claimed, r->claims.slots[i].key,
				   r->claims.slots[i].value, NULL);
}

static int write_meta(struct store *store, const struct index_options *opt,
		      const struct plan *plan, struct kcg_error *err)
{
	char run[32], shard[32];
	size_t n;

	for (n = 0; n < opt->nr_meta; n++)
		if (store_set_meta(store, opt->meta[n].key, opt->meta[n].value,
				   err))
			return -1;
	snprintf(run, sizeof(run), "%lld", (long long)plan->run);
	snprintf(shard, sizeof(shard), "%d/%d", opt->shard, opt->nr_shards);
	if (plan->hashed_since) {
		char since[32];

		snprintf(since, sizeof(since), "%lld",
			 (long long)plan->hashed_since);
		if (store_set_meta(store, "hashed_since", since, err))
			return -1;
	}
	if (store_set_meta(store, "run", run, err) ||
	    store_set_meta(store, "build", plan->build, err) ||
	    (opt->nr_shards > 1 &&
	     store_set_meta(store, "shard", shard, err)))
		return -1;
	return 0;
}

/*
 * Updating the previous database: the old facts of the TUs of a round
 * (and, before the first, of the TUs that left) go before their new ones
 * come in.
 */
static int drop_old(struct run *r, const struct plan *plan,
		    const size_t *todo, size_t nr_todo, int first,
		    struct kcg_error *err)
{
	int64_t *ids;
	size_t nr = plan_old_ids(plan, todo, nr_todo, first, &ids);
	int rc = 0;

	resolve_inputs_free(r->before);
	r->before = NULL;
	if (first)
		rc = resolve_inputs_read(store_db(r->store), ids, nr, 1,
					 &r->before, err);
	if (!rc)
		rc = store_drop_tus(r->store, ids, nr, err);
	free(ids);
	return rc;
}

/*
 * The TUs of a round in the order of their ranks (a permutation of the
 * compdb indexes): the TU that keeps a header's body mostly walks it
 * first, and the others leave it alone (extractor/extract.h).
 */
static void order_by_rank(struct run *r, size_t *todo, size_t nr)
{
	size_t nr_cmds = r->opt->compdb->nr, i, n = 0;
	size_t *at_rank = xmalloc((nr_cmds + 1) * sizeof(*at_rank));

	for (i = 0; i < nr_cmds; i++)
		at_rank[i] = SIZE_MAX;
	for (i = 0; i < nr; i++)
		at_rank[r->shared.ranks[todo[i]]] = todo[i];
	for (i = 0; i < nr_cmds; i++)
		if (at_rank[i] != SIZE_MAX)
			todo[n++] = at_rank[i];
	free(at_rank);
}

/* A first round of fewer TUs than this does not empty header bodies,
 * unless KCG_EMPTY_BODIES=always: each TU walked keeps a copy of the
 * headers it emptied bodies of, and an update of a few TUs has few to
 * hand them to. */
#define EMPTY_MIN_TUS 200

/*
 * Hand the header bodies walked on emptied to the TUs after
 * (extractor/emptied.h) when the run parses enough TUs to gain from it;
 * KCG_EMPTY_BODIES=never turns it off, =always on whatever the number
 * (the tests).
 */
static void start_emptying(struct run *r, size_t nr_todo)
{
	const char *env = getenv("KCG_EMPTY_BODIES");

	if (env && !strcmp(env, "never"))
		return;
	if (!(env && !strcmp(env, "always")) && nr_todo < EMPTY_MIN_TUS)
		return;
	emptied_init(&r->emptied);
	r->shared.emptied = &r->emptied;
}

/* Parse what the plan says, round after round. */
static int fill(struct run *r, struct plan *plan, struct kcg_error *err)
{
	size_t *todo = NULL, nr_todo;
	int rc = 0, first = 1;

	nr_todo = plan_first(plan, &todo);
	start_emptying(r, nr_todo);
	r->progress.total = nr_todo;
	for (;;) {
		if (plan->old_path)
			rc = drop_old(r, plan, todo, nr_todo, first, err);
		trace_phase("drop old facts");
		first = 0;
		order_by_rank(r, todo, nr_todo);
		if (!rc && nr_todo)
			rc = run_round(r, todo, nr_todo, err);
		if (!rc && r->held.err.msg[0])
			rc = kcg_error_set(err, "%s", r->held.err.msg);
		trace_phase("parse and store");
		free(todo);
		todo = NULL;
		nr_todo = 0;
		if (!rc && plan->old_path)
			rc = plan_orphans(plan, &r->shared.claimed, &r->read,
					  &todo, &nr_todo, err);
		trace_phase("orphans");
		if (rc || !nr_todo)
			break;
		r->progress.total += nr_todo;
		reseed(r);
	}
	free(todo);
	return rc;
}

/*
 * Nothing to parse, nothing gone, and the database says what this run
 * would write (but when it was made and with how many jobs): it is up to
 * date as it is.  Then it is not touched at all, neither copied nor
 * resolved again, and its readers see the same file.
 */
static int up_to_date(const struct index_options *opt,
		      const struct plan *plan, int *out,
		      struct kcg_error *err)
{
	char *was;
	size_t i;

	*out = 0;
	if (!plan->old_path || plan->nr_parse || plan->nr_removed)
		return 0;
	for (i = 0; i < opt->nr_meta; i++) {
		const struct index_meta *m = &opt->meta[i];
		int same;

		if (!strcmp(m->key, "created") || !strcmp(m->key, "jobs"))
			continue;
		if (plan_old_meta(plan, m->key, &was, err))
			return -1;
		same = was && !strcmp(was, m->value);
		free(was);
		if (!same)
			return 0;
	}
	/* a part of an index (--shard) is not the whole one asked now */
	if (plan_old_meta(plan, "shard", &was, err))
		return -1;
	*out = !was;
	free(was);
	return 0;
}

static void note_up_to_date(const struct plan *plan,
			    const struct timespec *start,
			    struct index_result *result)
{
	struct store_counts *c = &result->counts;

	result->up_to_date = 1;
	result->seconds = seconds_since(start);
	result->reused = plan->nr_reused;
	plan_old_status(plan, &c->tus_ok, &c->tus_errors, &c->tus_failed);
	c->tus = c->tus_ok + c->tus_errors + c->tus_failed;
}

int index_run(const struct index_options *opt, struct index_result *result,
	      struct kcg_error *err)
{
	struct plan_options po;
	struct finish_counts counts;
	struct plan plan;
	struct run r;
	uint32_t *ranks;
	struct timespec start;
	int rc, same;

	clock_gettime(CLOCK_MONOTONIC, &start);
	memset(result, 0, sizeof(*result));
	memset(&po, 0, sizeof(po));
	po.compdb = opt->compdb;
	po.db_path = opt->db_path;
	po.root = opt->root;
	po.full = opt->full;
	po.jobs = opt->jobs;
	po.shard = opt->shard;
	po.nr_shards = opt->nr_shards;
	if (plan_make(&plan, &po, err)) {
		plan_release(&plan);
		return -1;
	}
	memcpy(result->why_full, plan.why_full, sizeof(result->why_full));
	trace_phase("plan");
	if (opt->nr_shards <= 1 && up_to_date(opt, &plan, &same, err)) {
		plan_release(&plan);
		return -1;
	}
	if (opt->nr_shards <= 1 && same) {
		note_up_to_date(&plan, &start, result);
		store_remove_stale(opt->db_path);
		plan_release(&plan);
		return 0;
	}

	memset(&r, 0, sizeof(r));
	r.opt = opt;
	r.result = result;
	if (plan.old_path ?
		    store_open_update(&r.store, opt->db_path, plan.old_path,
				      err) :
		    store_open(&r.store, opt->db_path, err)) {
		plan_release(&plan);
		return -1;
	}
	trace_phase(plan.old_path ? "copy the database" : "new database");
	store_set_run(r.store, plan.run);
	store_set_interrupt(r.store, opt->interrupted);
	clock_gettime(CLOCK_MONOTONIC, &r.start);
	extract_shared_init(&r.shared, opt->root);
	ranks = claim_ranks(opt->compdb);
	r.shared.ranks = ranks;
	r.held.plan = &plan;
	r.held.ranks = ranks;
	r.shared.held_before = held_before;
	r.shared.held_before_ctx = &r.held;
	r.note_orphans = plan.old_path != NULL;
	strmap_init(&r.read);
	strmap_init(&r.claims);

	rc = write_meta(r.store, opt, &plan, err);
	if (!rc)
		rc = fill(&r, &plan, err);
	result->parsed = plan.nr_parse;
	result->reused = plan.nr_reused;
	result->removed = plan.nr_removed;

	extractor_free(r.retry);
	if (r.shared.emptied) {
		size_t i, bytes = 0;

		for (i = 0; i < r.emptied.nr; i++)
			bytes += r.emptied.texts[i]->size;
		trace_note("header bodies emptied: %lu, in %zu headers "
			   "(%.1f MB held)", r.emptied.bodies, r.emptied.nr,
			   (double)bytes / (1024.0 * 1024.0));
		result->emptied_bodies = r.emptied.bodies;
		result->emptied_lent = r.emptied.lent;
		emptied_release(&r.emptied);
	}
	extract_shared_release(&r.shared);
	free(ranks);
	strmap_release(&r.read);
	strmap_release(&r.claims);
	plan_release(&plan);
	if (rc) {
		resolve_inputs_free(r.before);
		store_abort(r.store);
		return -1;
	}
	rc = index_finish(r.store, r.before, &counts, err);
	resolve_inputs_free(r.before);
	if (rc)
		return -1;
	result->counts = counts.store;
	result->resolve = counts.resolve;
	result->resolve_seconds = counts.resolve_seconds;
	result->seconds = seconds_since(&r.start);
	return 0;
}
