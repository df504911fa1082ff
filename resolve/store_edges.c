/*
 * Writing the resolved edges: see resolve_store_edges() in internal.h.
 *
 * The rules emit edges into memory; this file puts them in the edge
 * table.  A new database gets them all.  One updated in place (an
 * incremental index) still holds the resolved edges of the previous run:
 * most are the same again, so only the edges that are new are inserted
 * and only those no longer made are deleted, instead of deleting and
 * inserting some hundred thousand rows and their index entries.  The
 * old edges are looked up by a hash of their content.
 */
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The resolved edges the table holds, each with its id (rules are
 * strings of rt, not literals). */
#define EXISTING_SQL \
	"SELECT id, caller_id, callee_id, kind, call_id, file_id, line, " \
	"col, reg_file_id, reg_line, via_id, rule FROM edge " \
	"WHERE kind NOT IN ('direct', 'macro')"

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Every column but the id. */
static int cmp_edges(const void *a, const void *b)
{
	const struct pending_edge *x = a, *y = b;
	int c;

	if ((c = cmp_i64(x->caller, y->caller)) ||
	    (c = cmp_i64(x->callee, y->callee)) ||
	    (c = cmp_i64(x->kind, y->kind)) ||
	    (c = cmp_i64(x->call, y->call)) ||
	    (c = cmp_i64(x->file, y->file)) ||
	    (c = cmp_i64(x->line, y->line)) ||
	    (c = cmp_i64(x->col, y->col)) ||
	    (c = cmp_i64(x->has_reg, y->has_reg)) ||
	    (c = cmp_i64(x->reg_file, y->reg_file)) ||
	    (c = cmp_i64(x->reg_line, y->reg_line)) ||
	    (c = cmp_i64(x->via, y->via)))
		return c;
	return strcmp(x->rule, y->rule);
}

static int delete_edge(struct resolver *r, sqlite3_stmt *st, int64_t id,
		       struct kcg_error *err)
{
	int rc = 0;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = resolve_sql_fail(r->db, err);
	sqlite3_reset(st);
	return rc;
}

/* A hash of every column but the id. */
static uint64_t hash_edge(const struct pending_edge *e)
{
	const int64_t cols[] = { e->caller, e->callee, e->kind, e->call,
				 e->file, e->line, e->col, e->has_reg,
				 e->reg_file, e->reg_line, e->via };

	return hash_str(hash_bytes(0, cols, sizeof(cols)), e->rule);
}

/* The old edges by content: open addressing, index + 1 (0: empty). */
struct old_index {
	uint64_t *hashes;
	size_t *slots;
	size_t mask;
};

static void index_old(struct old_index *ix, const struct pending_edge *old,
		      size_t nr_old)
{
	size_t size = 16, i;

	while (size < 2 * nr_old)
		size *= 2;
	ix->mask = size - 1;
	ix->hashes = xcalloc(size, sizeof(*ix->hashes));
	ix->slots = xcalloc(size, sizeof(*ix->slots));
	for (i = 0; i < nr_old; i++) {
		uint64_t h = hash_edge(&old[i]);
		size_t at = h & ix->mask;

		while (ix->slots[at])
			at = (at + 1) & ix->mask;
		ix->hashes[at] = h;
		ix->slots[at] = i + 1;
	}
}

/* An old edge of e's content not matched yet, marked matched: 1 if any. */
static int match_old(const struct old_index *ix,
		     const struct pending_edge *old, unsigned char *matched,
		     const struct pending_edge *e)
{
	uint64_t h = hash_edge(e);
	size_t at = h & ix->mask;

	for (; ix->slots[at]; at = (at + 1) & ix->mask) {
		size_t j = ix->slots[at] - 1;

		if (ix->hashes[at] == h && !matched[j] &&
		    !cmp_edges(&old[j], e)) {
			matched[j] = 1;
			return 1;
		}
	}
	return 0;
}

/*
 * An edge made now and in the table stays, one only made now is inserted
 * (in the order made), one only in the table deleted; two edges of the
 * same content count twice.  The old ones are found by a hash of their
 * content: sorting both lists (a million edges on the whole tree) took
 * longer.
 */
static int sync_edges(struct resolver *r, const struct pending_edge *now,
		      size_t nr_now, struct pending_edge *old, size_t nr_old,
		      sqlite3_stmt *ins, sqlite3_stmt *del,
		      struct kcg_error *err)
{
	struct old_index ix;
	unsigned char *matched = xcalloc(nr_old + 1, 1);
	size_t i;
	int rc = 0;

	index_old(&ix, old, nr_old);
	for (i = 0; i < nr_now && !rc; i++)
		if (!match_old(&ix, old, matched, &now[i]))
			rc = resolve_edge_insert(r->db, ins, &now[i], err);
	for (i = 0; i < nr_old && !rc; i++)
		if (!matched[i])
			rc = delete_edge(r, del, old[i].id, err);
	free(ix.hashes);
	free(ix.slots);
	free(matched);
	return rc;
}

/*
 * Each caller's resolved edges as one number (edge_digests): the sum of
 * their hash_edge(), which does not depend on the order they are made
 * in.  A caller whose sum is the one stored has the same edges as the
 * table, and its edges are neither read nor written; on the whole tree
 * that leaves a few hundred callers of about a million edges to read.
 */
struct digest {
	uint64_t sum;
	enum {
		DIGEST_NONE,	/* no edges (made now; or stored) */
		DIGEST_SUM,	/* sum holds it */
		DIGEST_STALE	/* stored NULL: some of its edges went since */
	} state;
};

struct digests {
	struct digest *by_caller;
	size_t nr, alloc;
};

/* The digest of caller id, the array grown zeroed to hold it. */
static struct digest *digest_of(struct digests *d, int64_t id)
{
	size_t old = d->alloc;

	xgrow(&d->by_caller, &d->alloc, (size_t)id + 1, sizeof(*d->by_caller));
	memset(d->by_caller + old, 0, (d->alloc - old) * sizeof(*d->by_caller));
	if ((size_t)id >= d->nr)
		d->nr = (size_t)id + 1;
	return &d->by_caller[id];
}

/* The digest of caller id in d (DIGEST_NONE past its end). */
static const struct digest *digest_at(const struct digests *d, size_t id)
{
	static const struct digest none;

	return id < d->nr ? &d->by_caller[id] : &none;
}

/* The digests of the edges made now. */
static void digest_pending(const struct resolver *r, struct digests *now)
{
	size_t i;

	for (i = 0; i < r->nr_pending; i++) {
		const struct pending_edge *e = &r->pending[i];
		struct digest *d = digest_of(now, e->caller);

		d->sum += hash_edge(e);
		d->state = DIGEST_SUM;
	}
}

/* The stored digests; *nr rows. */
static int read_digests(struct resolver *r, struct digests *stored,
			size_t *nr, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*nr = 0;
	if (sqlite3_prepare_v2(r->db, "SELECT caller_id, digest FROM "
				      "edge_digests", -1, &st, NULL) !=
	    SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		struct digest *d;

		if (id <= 0)
			continue;
		d = digest_of(stored, id);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			d->state = DIGEST_STALE;
		} else {
			d->state = DIGEST_SUM;
			d->sum = (uint64_t)sqlite3_column_int64(st, 1);
		}
		(*nr)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return resolve_sql_fail(r->db, err);
	return 0;
}

/* Whether caller id's edges made now may differ from the table's. */
static int changed(const struct digests *now, const struct digests *stored,
		   size_t id)
{
	const struct digest *made = digest_at(now, id);
	const struct digest *kept = digest_at(stored, id);

	return made->state != kept->state ||
	       (made->state == DIGEST_SUM && made->sum != kept->sum);
}

/* The digests of the callers in ids written (NULL sums: none now). */
static int write_digests(struct resolver *r, const struct digests *now,
			 const size_t *ids, size_t nr, int all,
			 struct kcg_error *err)
{
	sqlite3_stmt *put = NULL, *gone = NULL;
	size_t i;
	int rc = 0;

	if ((all && sqlite3_exec(r->db, "DELETE FROM edge_digests", NULL,
				 NULL, NULL) != SQLITE_OK) ||
	    sqlite3_prepare_v2(r->db, "INSERT OR REPLACE INTO edge_digests"
				      "(caller_id, digest) VALUES (?, ?)", -1,
			       &put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "DELETE FROM edge_digests "
				      "WHERE caller_id = ?", -1, &gone,
			       NULL) != SQLITE_OK)
		rc = resolve_sql_fail(r->db, err);
	for (i = 0; !rc && i < (all ? now->nr : nr); i++) {
		size_t id = all ? i : ids[i];
		const struct digest *d = digest_at(now, id);
		int made = d->state == DIGEST_SUM;
		sqlite3_stmt *st = made ? put : gone;

		if (all && !made)
			continue;
		sqlite3_bind_int64(st, 1, (int64_t)id);
		if (made)
			sqlite3_bind_int64(st, 2, (int64_t)d->sum);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = resolve_sql_fail(r->db, err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(put);
	sqlite3_finalize(gone);
	return rc;
}

/*
 * The callers whose edges may differ from the table's (*ids, a new
 * array), the edges made now of them (*mine, copies), and the table's
 * (*old, read through edge_pair).
 */
static int gather_changed(struct resolver *r, const struct digests *now,
			  const struct digests *stored, struct rule_texts *rt,
			  size_t **ids, size_t *nr_ids,
			  struct pending_edge **mine, size_t *nr_mine,
			  struct pending_edge **old, size_t *nr_old,
			  struct kcg_error *err)
{
	size_t n = now->nr > stored->nr ? now->nr : stored->nr, id, i;
	size_t alloc_ids = 0, alloc_mine = 0, alloc_old = 0;
	sqlite3_stmt *st;
	int rc = 0;

	*ids = NULL;
	*mine = *old = NULL;
	*nr_ids = *nr_mine = *nr_old = 0;
	for (id = 1; id < n; id++)
		if (changed(now, stored, id)) {
			xgrow(ids, &alloc_ids, *nr_ids + 1, sizeof(**ids));
			(*ids)[(*nr_ids)++] = id;
		}
	for (i = 0; i < r->nr_pending; i++) {
		const struct pending_edge *e = &r->pending[i];

		if (!changed(now, stored, (size_t)e->caller))
			continue;
		xgrow(mine, &alloc_mine, *nr_mine + 1, sizeof(**mine));
		(*mine)[(*nr_mine)++] = *e;
	}
	if (sqlite3_prepare_v2(r->db, EXISTING_SQL " AND caller_id = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	for (i = 0; i < *nr_ids && !rc; i++) {
		sqlite3_bind_int64(st, 1, (int64_t)(*ids)[i]);
		rc = resolve_edges_read(r->db, st, rt, old, nr_old, &alloc_old, err);
	}
	sqlite3_finalize(st);
	return rc;
}

int resolve_store_edges(struct resolver *r, struct kcg_error *err)
{
	struct pending_edge *old = NULL, *mine = NULL;
	struct digests now, stored;
	struct rule_texts rt;
	sqlite3_stmt *ins = NULL, *del = NULL, *all = NULL;
	size_t nr_old = 0, nr_mine = 0, nr_stored, nr_ids = 0, alloc = 0;
	size_t *ids = NULL;
	int rc = -1, whole = 0;

	memset(&rt, 0, sizeof(rt));
	memset(&now, 0, sizeof(now));
	memset(&stored, 0, sizeof(stored));
	digest_pending(r, &now);
	if (read_digests(r, &stored, &nr_stored, err))
		goto out;
	/* no digests: a new database (nothing to read), or one whose
	 * edges came before the digests (read them all) */
	if (!nr_stored) {
		whole = 1;
		if (sqlite3_prepare_v2(r->db, EXISTING_SQL, -1, &all, NULL) !=
		    SQLITE_OK) {
			resolve_sql_fail(r->db, err);
			goto out;
		}
		if (resolve_edges_read(r->db, all, &rt, &old, &nr_old, &alloc, err))
			goto out;
	} else if (gather_changed(r, &now, &stored, &rt, &ids, &nr_ids, &mine,
				  &nr_mine, &old, &nr_old, err)) {
		goto out;
	}
	if (sqlite3_prepare_v2(r->db, EDGE_INSERT_SQL, -1, &ins, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "DELETE FROM edge WHERE id = ?", -1,
			       &del, NULL) != SQLITE_OK) {
		resolve_sql_fail(r->db, err);
		goto out;
	}
	rc = whole ? sync_edges(r, r->pending, r->nr_pending, old, nr_old, ins,
				del, err) :
		     sync_edges(r, mine, nr_mine, old, nr_old, ins, del, err);
	if (!rc)
		rc = write_digests(r, &now, ids, nr_ids, whole, err);
	trace_note("resolve: %s: %zu callers, %zu edges read",
		   whole ? "every caller's edges stored" :
			   "the edges of the callers whose digest changed",
		   whole ? (size_t)0 : nr_ids, nr_old);
out:
	sqlite3_finalize(all);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	resolve_rule_texts_release(&rt);
	free(old);
	free(mine);
	free(ids);
	free(now.by_caller);
	free(stored.by_caller);
	return rc;
}

int resolve_redigest(sqlite3 *db, const char *table, struct kcg_error *err)
{
	struct resolver r;
	struct rule_texts rt;
	struct pending_edge *edges = NULL;
	struct digests now;
	sqlite3_stmt *ids = NULL, *st = NULL;
	size_t *callers = NULL, nr_callers = 0, alloc_callers = 0;
	size_t nr = 0, alloc = 0, i;
	char sql[160];
	int rc = 0, step;

	memset(&r, 0, sizeof(r));
	memset(&rt, 0, sizeof(rt));
	memset(&now, 0, sizeof(now));
	r.db = db;
	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE id > 0", table);
	if (sqlite3_prepare_v2(db, sql, -1, &ids, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, EXISTING_SQL " AND caller_id = ?", -1, &st,
			       NULL) != SQLITE_OK) {
		rc = resolve_sql_fail(db, err);
		goto out;
	}
	while (!rc && (step = sqlite3_step(ids)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(ids, 0);

		xgrow(&callers, &alloc_callers, nr_callers + 1,
		      sizeof(*callers));
		callers[nr_callers++] = (size_t)id;
		sqlite3_bind_int64(st, 1, id);
		nr = 0;
		rc = resolve_edges_read(r.db, st, &rt, &edges, &nr, &alloc, err);
		for (i = 0; i < nr; i++) {
			struct digest *d = digest_of(&now, id);

			d->sum += hash_edge(&edges[i]);
			d->state = DIGEST_SUM;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = resolve_sql_fail(db, err);
	if (!rc)
		rc = write_digests(&r, &now, callers, nr_callers, 0, err);
out:
	sqlite3_finalize(ids);
	sqlite3_finalize(st);
	resolve_rule_texts_release(&rt);
	free(edges);
	free(callers);
	free(now.by_caller);
	return rc;
}
