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
 * Which definition of a key the index keeps must not depend on which TU
 * finishes first (claim_hold()).  As the linker does, a strong definition
 * beats a weak one (__attribute__((weak)), the kernel's __weak and
 * COND_SYSCALL stubs); of two alike, one in the TU's own source file beats
 * one in a header (sound/pci/ens1371.c includes ens1370.c), and then the
 * TU first by path and command hash wins: a symbol two modules define,
 * and a header's static inline too, whose body depends on the TU (what
 * it includes, which types are complete there).  A TU whose definition
 * beats the holder walks it again and the store keeps the better one,
 * whichever is stored first; the TUs are parsed in that order, so that a
 * static inline that 500 TUs include is walked about once.
 */
#ifndef KCG_EXTRACT_H
#define KCG_EXTRACT_H

#include "extractor/compdb.h"
#include "extractor/facts.h"
#include "util/strmap.h"

#include <pthread.h>
#include <stdint.h>

struct extract_shared {
	const char *root;	/* absolute, normalized: paths are stored
				   relative to it */
	pthread_mutex_t lock;
	struct strmap claimed;	/* keys of definitions already walked
				   -> claim_rank() of the holder */
	const uint32_t *ranks;	/* compdb index -> the TU's place by
				   path, then command hash; NULL: none */
	/*
	 * The holders of keys before this run (an update): asked, under
	 * lock, the first time a walk meets a key claimed does not hold, 1
	 * and *rank if one of the TUs kept holds it, 0 if none or on an
	 * error (which the callback keeps for its caller to report).
	 * NULL: claimed holds them all.
	 */
	int (*held_before)(void *ctx, const char *key, int64_t *rank);
	void *held_before_ctx;
	/* header bodies walked, handed to the TUs after emptied
	 * (emptied.h); NULL: none */
	struct emptied *emptied;
};

/*
 * What `claimed` (and a plan's seeds) hold for a key, defined by the TU
 * of compdb index tu (in its source file or in a header): the lower, the
 * better (strong, in the source, then the TU's place in ranks).
 */
int64_t claim_rank(int weak, int in_main, const uint32_t *ranks, size_t tu);

/*
 * Note a definition of key, of claim_rank() mine, in held: 1 if it is to
 * be walked, because no one holds the key or it beats the holder; else 0
 * (then *holder, if non-NULL, is the holder's rank: mine when the same
 * TU's walk holds it).
 */
int claim_hold(struct strmap *held, const char *key, int64_t mine,
	       int64_t *holder);

/* ranks for extract_shared: compdb index -> place by (file, command
 * hash), as the store compares the TUs of claims (a new array). */
uint32_t *claim_ranks(const struct compdb *db);

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
 * How the diagnostic of a TU whose source cannot be read begins: the
 * whole is "cannot read 'PATH': REASON" (the index reads PATH back).
 */
#define EXTRACT_CANNOT_READ "cannot read '"

/*
 * Parse cmd again after `failed` (an earlier run of the same TU) was
 * thrown away: the definitions that run claimed are walked again.
 */
void extractor_rerun(struct extractor *x, const struct compile_command *cmd,
		     const struct fact_batch *failed, struct fact_batch *batch);

#endif
