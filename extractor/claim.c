/*
 * Claiming a definition: a function body, a global's initializer or an
 * enum is walked by the first TU of the index that gets to it, so that a
 * static inline included by 500 TUs is stored once.  The claim is
 * recorded in the batch, with the file of the definition: the database
 * keeps which TU walked what, so that an incremental index or a merge of
 * partial indexes can drop a TU's facts and know which headers' bodies
 * went with them.
 */
#include "walk.h"

static enum claim_kind kind_of(CXCursor decl)
{
	switch (clang_getCursorKind(decl)) {
	case CXCursor_FunctionDecl:
		return CLAIM_FUNCTION;
	case CXCursor_EnumDecl:
		return CLAIM_ENUM;
	default:
		return CLAIM_GLOBAL;
	}
}

/* 1 if this walk takes key (defined by decl), 0 if another TU has it. */
int claim(struct walk *w, const char *key, CXCursor decl)
{
	struct fact_claim *c;
	int fresh;

	pthread_mutex_lock(&w->shared->lock);
	fresh = strmap_add(&w->shared->claimed, key, NULL, 1);
	pthread_mutex_unlock(&w->shared->lock);
	/* a TU parsed again after a failure takes back what it had, once */
	if (!fresh && w->reclaim && strmap_get(w->reclaim, key, NULL))
		fresh = strmap_add(&w->reclaimed, key, NULL, 1);
	if (!fresh)
		return 0;
	c = batch_add_claim(w->batch);
	c->key = key;
	c->kind = kind_of(decl);
	c->file = expansion_loc(w, clang_getCursorLocation(decl)).file;
	c->first_enumerator = w->batch->nr_enumerators;
	return 1;
}
