/*
 * The extractor: parse one translation unit with libclang and turn it into
 * a fact_batch.  libclang types never leave extractor/.
 *
 * One struct extractor per worker thread (each owns a CXIndex).  They share
 * a struct extract_shared, through which a function or global defined in a
 * header (a static inline included by 500 TUs) is walked and stored by the
 * first TU that sees it only (claim.c); an incremental index fills
 * `claimed` beforehand with what the TUs it keeps walked.
 *
 * As the linker does, a strong definition beats a weak one
 * (__attribute__((weak)), the kernel's __weak and COND_SYSCALL stubs):
 * a key held by a weak definition is walked again by a TU that defines
 * it strong, and the store keeps the strong body whichever comes first.
 */
#ifndef KCG_EXTRACT_H
#define KCG_EXTRACT_H

#include "extractor/compdb.h"
#include "extractor/facts.h"
#include "util/strmap.h"

#include <pthread.h>

struct extract_shared {
	const char *root;	/* absolute, normalized: paths are stored
				   relative to it */
	pthread_mutex_t lock;
	struct strmap claimed;	/* keys of definitions already walked,
				   -> CLAIM_HELD_* */
};

/* What `claimed` (and a plan's seeds) hold for a key. */
#define CLAIM_HELD_STRONG 1
#define CLAIM_HELD_WEAK 2

/*
 * Note a definition of key in held: 1 if it is to be walked, because
 * no one holds the key or only a weak definition does and this one is
 * strong (then *took_over, if non-NULL, is set to 1); else 0.
 */
int claim_hold(struct strmap *held, const char *key, int weak,
	       int *took_over);

void extract_shared_init(struct extract_shared *shared, const char *root);
void extract_shared_release(struct extract_shared *shared);

struct extractor;

struct extractor *extractor_new(struct extract_shared *shared);
void extractor_free(struct extractor *x);

/*
 * Parse cmd and fill batch (which must be freshly initialized).  Never
 * fails as a whole: a TU that libclang cannot parse gets status TU_FAILED
 * and a diagnostic saying why; one with errors gets TU_ERRORS and its
 * partial facts.
 */
void extractor_run(struct extractor *x, const struct compile_command *cmd,
		   struct fact_batch *batch);

/*
 * Parse cmd again after `failed` (an earlier run of the same TU) was
 * thrown away: the definitions that run claimed are walked again.
 */
void extractor_rerun(struct extractor *x, const struct compile_command *cmd,
		     const struct fact_batch *failed, struct fact_batch *batch);

#endif
