/*
 * Fact batches: growable arrays of facts plus an arena for their strings.
 */
#include "facts.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK_SIZE (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	char data[];
};

void batch_init(struct fact_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void batch_release(struct fact_batch *b)
{
	struct arena_chunk *c = b->arena;

	while (c) {
		struct arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	free(b->functions);
	free(b->globals);
	free(b->calls);
	free(b->indirects);
	free(b->flows);
	free(b->diags);
	free(b->consts);
	free(b->enumerators);
	free(b->enum_uses);
	free(b->global_refs);
	free(b->call_args);
	free(b->guards);
	free(b->int_stores);
	free(b->receivers);
	free(b->copies);
	free(b->claims);
	free(b->includes);
	batch_init(b);
}

/* Room for a string of n bytes and its NUL in the batch's arena. */
static char *arena_alloc(struct fact_batch *b, size_t n)
{
	struct arena_chunk *c = b->arena;
	char *p;

	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > ARENA_CHUNK_SIZE ? n + 1 : ARENA_CHUNK_SIZE;

		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->next = b->arena;
		b->arena = c;
	}
	p = c->data + c->used;
	c->used += n + 1;
	return p;
}

const char *batch_strndup(struct fact_batch *b, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = arena_alloc(b, n);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const char *batch_strdup(struct fact_batch *b, const char *s)
{
	return s ? batch_strndup(b, s, strlen(s)) : NULL;
}

const char *batch_strjoin(struct fact_batch *b, const char *a, char sep,
			  const char *c)
{
	size_t alen = strlen(a), clen = strlen(c);
	char *p = arena_alloc(b, alen + 1 + clen);

	memcpy(p, a, alen);
	p[alen] = sep;
	memcpy(p + alen + 1, c, clen + 1);
	return p;
}

static void *append(void *array, size_t *nr, size_t *alloc, size_t size)
{
	char **a = array;
	char *elem;

	xgrow(a, alloc, *nr + 1, size);
	elem = *a + *nr * size;
	memset(elem, 0, size);
	(*nr)++;
	return elem;
}

struct fact_function *batch_add_function(struct fact_batch *b)
{
	return append(&b->functions, &b->nr_functions, &b->alloc_functions,
		      sizeof(*b->functions));
}

struct fact_global *batch_add_global(struct fact_batch *b)
{
	return append(&b->globals, &b->nr_globals, &b->alloc_globals,
		      sizeof(*b->globals));
}

struct fact_call *batch_add_call(struct fact_batch *b)
{
	return append(&b->calls, &b->nr_calls, &b->alloc_calls,
		      sizeof(*b->calls));
}

struct fact_indirect *batch_add_indirect(struct fact_batch *b)
{
	return append(&b->indirects, &b->nr_indirects, &b->alloc_indirects,
		      sizeof(*b->indirects));
}

struct fact_flow *batch_add_flow(struct fact_batch *b)
{
	return append(&b->flows, &b->nr_flows, &b->alloc_flows,
		      sizeof(*b->flows));
}

struct fact_diag *batch_add_diag(struct fact_batch *b)
{
	return append(&b->diags, &b->nr_diags, &b->alloc_diags,
		      sizeof(*b->diags));
}

struct fact_const *batch_add_const(struct fact_batch *b)
{
	return append(&b->consts, &b->nr_consts, &b->alloc_consts,
		      sizeof(*b->consts));
}

struct fact_enumerator *batch_add_enumerator(struct fact_batch *b)
{
	return append(&b->enumerators, &b->nr_enumerators,
		      &b->alloc_enumerators, sizeof(*b->enumerators));
}

struct fact_enum_use *batch_add_enum_use(struct fact_batch *b)
{
	return append(&b->enum_uses, &b->nr_enum_uses, &b->alloc_enum_uses,
		      sizeof(*b->enum_uses));
}

struct fact_global_ref *batch_add_global_ref(struct fact_batch *b)
{
	return append(&b->global_refs, &b->nr_global_refs,
		      &b->alloc_global_refs, sizeof(*b->global_refs));
}

struct fact_call_arg *batch_add_call_arg(struct fact_batch *b)
{
	return append(&b->call_args, &b->nr_call_args, &b->alloc_call_args,
		      sizeof(*b->call_args));
}

struct fact_guard *batch_add_guard(struct fact_batch *b)
{
	return append(&b->guards, &b->nr_guards, &b->alloc_guards,
		      sizeof(*b->guards));
}

struct fact_int_store *batch_add_int_store(struct fact_batch *b)
{
	return append(&b->int_stores, &b->nr_int_stores,
		      &b->alloc_int_stores, sizeof(*b->int_stores));
}

struct fact_receiver *batch_add_receiver(struct fact_batch *b)
{
	return append(&b->receivers, &b->nr_receivers, &b->alloc_receivers,
		      sizeof(*b->receivers));
}

struct fact_copy *batch_add_copy(struct fact_batch *b)
{
	return append(&b->copies, &b->nr_copies, &b->alloc_copies,
		      sizeof(*b->copies));
}

struct fact_claim *batch_add_claim(struct fact_batch *b)
{
	return append(&b->claims, &b->nr_claims, &b->alloc_claims,
		      sizeof(*b->claims));
}

struct fact_include *batch_add_include(struct fact_batch *b)
{
	return append(&b->includes, &b->nr_includes, &b->alloc_includes,
		      sizeof(*b->includes));
}

const char *call_kind_name(enum call_kind kind)
{
	static const char *const names[] = {
		[CALL_DIRECT] = "direct",
		[CALL_MACRO] = "macro",
		[CALL_INDIRECT] = "indirect",
	};
	return names[kind];
}

const char *value_kind_name(enum value_kind kind)
{
	static const char *const names[] = {
		[VAL_FUNCTION] = "function",
		[VAL_FIELD] = "field",
		[VAL_PARAM] = "param",
		[VAL_GLOBAL] = "global",
		[VAL_GLOBAL_ADDR] = "global_addr",
		[VAL_CALL] = "call",
		[VAL_LOCAL] = "local",
		[VAL_MEMBER] = "member",
	};
	return names[kind];
}

const char *flow_dest_name(enum flow_dest dest)
{
	static const char *const names[] = {
		[DST_FIELD] = "field",
		[DST_ARG] = "arg",
		[DST_RETURN] = "return",
		[DST_GLOBAL] = "global",
		[DST_OTHER] = "other",
	};
	return names[dest];
}

const char *flow_context_name(enum flow_context context)
{
	static const char *const names[] = {
		[CTX_INIT] = "init",
		[CTX_ASSIGN] = "assign",
		[CTX_ARG] = "arg",
		[CTX_RETURN] = "return",
		[CTX_OTHER] = "other",
		[CTX_NAMED] = "named",
	};
	return names[context];
}

const char *tu_status_name(enum tu_status status)
{
	static const char *const names[] = {
		[TU_OK] = "ok",
		[TU_ERRORS] = "errors",
		[TU_FAILED] = "failed",
	};
	return names[status];
}

const char *claim_kind_name(enum claim_kind kind)
{
	static const char *const names[] = {
		[CLAIM_FUNCTION] = "function",
		[CLAIM_GLOBAL] = "global",
		[CLAIM_ENUM] = "enum",
	};
	return names[kind];
}
