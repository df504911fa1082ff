/*
 * Resolution of function pointers: see resolve.h.
 *
 * The model is a set of slots, places that hold function pointers:
 *
 *   FIELD  struct type S, field f (every instance of S together)
 *   PARAM  parameter i of function F
 *   RETURN the value function F returns
 *   GLOBAL a global pointer or array of pointers
 *
 * Each flow from the extractor is either a seed (a function's address
 * stored into a slot) or a constraint (slot A flows into slot B: a store
 * from a parameter, a field-to-field copy, an argument passed on).  A
 * worklist propagates the functions along the constraints to a fixpoint.
 * Each function in a slot carries its provenance, the store that put it
 * there, which becomes the edge's registration site: the store into the
 * field itself when the function came through a parameter
 * (`napi->poll = poll` in netif_napi_add_weight), the original store when
 * it came through a copy (`.output = neigh_resolve_output` in arp_hh_ops,
 * copied into neighbour.output).
 *
 * Arguments passed to indirect calls depend on what those calls resolve
 * to, so resolution runs in rounds until nothing new appears.
 */

#include "internal.h"
#include "sql.h"

#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void release(struct resolver *r)
{
	size_t i;

	for (i = 0; i < r->nr_slots; i++) {
		free(r->slots[i].out);
		free(r->slots[i].m);
		free(r->slots[i].landing);
	}
	for (i = 0; i < r->nr_icalls; i++)
		free(r->icalls[i].fn_type);
	free(r->slots);
	free(r->cons);
	free(r->flows);
	free(r->icalls);
	free(r->queue);
	strmap_release(&r->slot_keys);
	ptrmap_release(&r->id_slots);
	ptrmap_release(&r->members);
	free(r->provsets);
	free(r->seen.slots);
	strmap_release(&r->tables);
	strmap_release(&r->containers);
	free(r->table_spans);
	free(r->pending);
	free(r->confine);
	passed_release(r);
	free(r->dst_start);
	free(r->dst_flows);
}

/* The hook context, dispatched at the calls of the netfilter_hook edges. */
static int hook_context(const struct resolver *r, struct kcg_error *err)
{
	int64_t *calls = xcalloc(r->nr_pending + 1, sizeof(*calls));
	size_t nr = 0, i;
	int rc;

	for (i = 0; i < r->nr_pending; i++)
		if (r->pending[i].kind == KIND_NETFILTER_HOOK)
			calls[nr++] = r->pending[i].call;
	rc = emit_hook_context(r->db, calls, nr, 0, err);
	free(calls);
	return rc;
}

int resolve_counts_parse(const char *text, struct resolve_stats *stats)
{
	long long v;
	int i, used;

	memset(stats, 0, sizeof(*stats));
	for (i = 0; i < 3 + NR_EDGE_KINDS; i++) {
		if (sscanf(text, " %lld%n", &v, &used) != 1)
			return -1;
		text += used;
		if (i == 0)
			stats->indirect_sites = v;
		else if (i == 1)
			stats->resolved_sites = v;
		else if (i == 2)
			stats->signature_sites = v;
		else
			stats->edges[i - 3] = v;
	}
	return *text ? -1 : 0;
}

/* meta META_RESOLVE_COUNTS: what this resolution counted. */
static int write_counts(const struct resolver *r, struct kcg_error *err)
{
	const struct resolve_stats *s = r->stats;
	struct strbuf text;
	sqlite3_stmt *st;
	int i, rc = 0;

	strbuf_init(&text);
	strbuf_addf(&text, "%lld %lld %lld", (long long)s->indirect_sites,
		    (long long)s->resolved_sites,
		    (long long)s->signature_sites);
	for (i = 0; i < NR_EDGE_KINDS; i++)
		strbuf_addf(&text, " %lld", (long long)s->edges[i]);
	if (sqlite3_prepare_v2(r->db, "INSERT OR REPLACE INTO meta(key, value) "
				      "VALUES ('" META_RESOLVE_COUNTS "', ?)", -1,
			       &st, NULL) != SQLITE_OK) {
		strbuf_release(&text);
		return resolve_sql_fail(r->db, err);
	}
	sqlite3_bind_text(st, 1, text.buf, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = resolve_sql_fail(r->db, err);
	sqlite3_finalize(st);
	strbuf_release(&text);
	return rc;
}

int resolve_index(sqlite3 *db, struct resolve_stats *stats,
		  struct kcg_error *err)
{
	struct resolver r;
	struct ptrmap done_args;	/* (flow, function) pairs connected */
	char *called = NULL;
	int rc = -1, round;

	memset(&r, 0, sizeof(r));
	memset(stats, 0, sizeof(*stats));
	r.db = db;
	r.stats = stats;
	strmap_init(&r.slot_keys);
	ptrmap_init(&r.id_slots);
	ptrmap_init(&r.members);
	strmap_init(&r.tables);
	strmap_init(&r.containers);
	ptrmap_init(&done_args);
	if (load_flows(&r, err) || load_icalls(&r, err))
		goto out;
	trace_phase("resolve: load");
	index_tables(&r);
	build_graph(&r);
	for (round = 0; round < 4; round++) {
		if (!connect_indirect_args(&r, &done_args))
			break;
		propagate(&r);
	}
	called = xcalloc(r.nr_slots + 1, 1);
	find_called_params(&r, called);
	trace_phase("resolve: solve");
	if (find_confinements(&r, err))
		goto out;
	trace_phase("resolve: confinements");
	if (emit_pointer_edges(&r, err))
		goto out;
	trace_phase("resolve: pointer edges");
	if (emit_callback_edges(&r, called, err))
		goto out;
	trace_phase("resolve: callback edges");
	if (emit_registration_edges(&r, err))
		goto out;
	trace_phase("resolve: registration edges");
	if (emit_signature_edges(&r, err))
		goto out;
	trace_phase("resolve: signature edges");
	if (emit_hooks(&r, err))
		goto out;
	trace_phase("resolve: hooks");
	if (resolve_store_edges(&r, err))
		goto out;
	trace_phase("resolve: store edges");
	if (hook_context(&r, err))
		goto out;
	trace_phase("resolve: hook context");
	if (emit_guard_context(r.db, err))
		goto out;
	trace_phase("resolve: guard context");
	rc = write_counts(&r, err);
out:
	free(called);
	ptrmap_release(&done_args);
	release(&r);
	return rc;
}

