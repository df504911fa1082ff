/*
 * Claiming a definition: a function body, a global's initializer or an
 * enum is walked by the first TU of the index that gets to it, so that a
 * static inline included by 500 TUs is stored once.  The claim is
 * recorded in the batch, with the file of the definition: the database
 * keeps which TU walked what, so that an incremental index or a merge of
 * partial indexes can drop a TU's facts and know which headers' bodies
 * went with them.
 *
 * Which definition is kept must not depend on which TU finishes first
 * (extract.h says the order).  A weak definition (kernel/sys_ni.c's
 * COND_SYSCALL stubs, the __weak arch hooks of kernel/bpf/core.c) gives
 * way to a strong one, as at link time: a TU that defines the key strong
 * walks it even after a weak one did, and the store drops the weak body
 * (db/store.c); so does a TU first by path whose own source defines a
 * key another TU's source defined too.
 */
#include "walk.h"

#include "extractor/identity.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

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

int64_t claim_rank(int weak, int in_main, const uint32_t *ranks, size_t tu)
{
	return ((int64_t)!!weak << 33) | ((int64_t)!in_main << 32) |
	       (ranks ? ranks[tu] : 0);
}

int claim_hold(struct strmap *held, const char *key, int64_t mine,
	       int64_t *holder)
{
	int64_t was;

	if (strmap_add(held, key, &was, mine))
		return 1;
	if (holder)
		*holder = was;
	if (mine >= was)
		return 0;
	strmap_put(held, key, mine);
	return 1;
}

struct ranked {
	const char *file;
	int64_t hash;		/* as tus.command_hash holds it */
	size_t index;
};

static int by_file_and_hash(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

uint32_t *claim_ranks(const struct compdb *db)
{
	struct ranked *r = xcalloc(db->nr + 1, sizeof(*r));
	uint32_t *ranks = xcalloc(db->nr + 1, sizeof(*ranks));
	size_t i;

	for (i = 0; i < db->nr; i++) {
		r[i].file = db->cmds[i].file;
		r[i].hash = (int64_t)tu_command_hash(&db->cmds[i]);
		r[i].index = i;
	}
	qsort(r, db->nr, sizeof(*r), by_file_and_hash);
	for (i = 0; i < db->nr; i++)
		ranks[r[i].index] = (uint32_t)i;
	free(r);
	return ranks;
}

struct weak_search {
	CXTranslationUnit tu;
	int weak;
	int unspelled;		/* an attribute written in a macro's macro */
};

/*
 * libclang shows the weak attribute as an unexposed one: its first
 * token says which (`weak`, or `__weak__` as the kernel spells it).
 */
static enum CXChildVisitResult find_weak(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct weak_search *ws = data;
	CXToken *tok;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_UnexposedAttr)
		return CXChildVisit_Continue;
	tok = clang_getToken(ws->tu,
			     clang_getRangeStart(clang_getCursorExtent(c)));
	if (tok) {
		CXString s = clang_getTokenSpelling(ws->tu, *tok);
		const char *name = clang_getCString(s);

		ws->weak = name && (!strcmp(name, "weak") ||
				    !strcmp(name, "__weak__"));
		clang_disposeString(s);
		clang_disposeTokens(ws->tu, tok, 1);
	} else {
		ws->unspelled = 1;
	}
	return ws->weak ? CXChildVisit_Break : CXChildVisit_Continue;
}

/*
 * An attribute that a macro expanded inside another macro (COND_SYSCALL
 * writes __weak) has no token libclang can give: the declaration as
 * clang prints it says, as __attribute__((weak)) (clang 14 to 16).
 */
static int printed_weak(CXCursor decl)
{
	CXPrintingPolicy policy = clang_getCursorPrintingPolicy(decl);
	CXString s;
	const char *text;
	int weak;

	clang_PrintingPolicy_setProperty(policy, CXPrintingPolicy_TerseOutput,
					 1);
	s = clang_getCursorPrettyPrinted(decl, policy);
	text = clang_getCString(s);
	weak = text && strstr(text, "__attribute__((weak))");
	clang_disposeString(s);
	clang_PrintingPolicy_dispose(policy);
	return weak;
}

static int is_weak(struct walk *w, CXCursor decl)
{
	struct weak_search ws = { w->tu, 0, 0 };

	if (!clang_Cursor_hasAttrs(decl))
		return 0;
	clang_visitChildren(decl, find_weak, &ws);
	return ws.weak || (ws.unspelled && printed_weak(decl));
}

/* Whether a definition is in the TU's source file, a macro it expands
 * there included (COND_SYSCALL, SYSCALL_DEFINE3). */
static int in_main_file(struct walk *w, CXSourceLocation where)
{
	CXFile file;

	clang_getExpansionLocation(where, &file, NULL, NULL, NULL);
	return file && clang_File_isEqual(file, w->main_file);
}

/* The holder before this run of a key not claimed yet (under lock). */
static void seed_from_before(struct extract_shared *shared, const char *key)
{
	int64_t rank;

	if (!shared->held_before || strmap_get(&shared->claimed, key, NULL))
		return;
	if (shared->held_before(shared->held_before_ctx, key, &rank) > 0)
		strmap_put(&shared->claimed, key, rank);
}

/* 1 if this walk takes key (defined by decl), 0 if another TU has it. */
int claim(struct walk *w, const char *key, CXCursor decl)
{
	struct fact_claim *c;
	CXSourceLocation where = clang_getCursorLocation(decl);
	int weak = is_weak(w, decl), in_main = in_main_file(w, where), fresh;
	int64_t rank = claim_rank(weak, in_main, w->shared->ranks,
				  w->batch->tu), holder = 0;

	pthread_mutex_lock(&w->shared->lock);
	seed_from_before(w->shared, key);
	fresh = claim_hold(&w->shared->claimed, key, rank, &holder);
	pthread_mutex_unlock(&w->shared->lock);
	/* a TU parsed again after a failure takes back what it had, once */
	if (!fresh && w->reclaim && strmap_get(w->reclaim, key, NULL))
		fresh = strmap_add(&w->reclaimed, key, NULL, 1);
	/* a header's definition another TU walked is the same one; this
	 * walk met its own once more (an anonymous enum) */
	if (!fresh && ((!weak && !in_main) || holder == rank))
		return 0;
	/* an enum is claimed at each use of one of its values: its beaten
	 * definition is noted once, as a merge of shards notes it, and not
	 * at all when this walk took it first and another TU's lower rank
	 * came after: the store notes the claim beaten when it settles it
	 * (two notes of one key made a parallel index differ from an
	 * update now and then) */
	if (!strmap_add(&w->unwalked, key, NULL, 1) && !fresh)
		return 0;
	c = batch_add_claim(w->batch);
	c->key = key;
	c->kind = kind_of(decl);
	c->file = expansion_loc(w, where).file;
	c->first_enumerator = w->batch->nr_enumerators;
	c->weak = weak;
	c->in_main = in_main;
	/* noted all the same: the body to walk if the one that beat it
	 * leaves an incremental index (index/plan.c) */
	c->unwalked = !fresh;
	return fresh;
}
