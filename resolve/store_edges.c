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

#include "util/alloc.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>

/*
 * The rules of the rows read, each string once: a few dozen texts over
 * about a million rows of the whole tree.
 */
struct rule_texts {
	struct strmap index;	/* text -> index in texts + 1 */
	char **texts;
	size_t nr, alloc;
};

static const char *rule_text(struct rule_texts *rt, const char *text)
{
	int64_t i;

	if (!strmap_get(&rt->index, text, &i)) {
		xgrow(&rt->texts, &rt->alloc, rt->nr + 1, sizeof(*rt->texts));
		rt->texts[rt->nr++] = xstrdup(text);
		i = (int64_t)rt->nr;
		strmap_put(&rt->index, text, i);
	}
	return rt->texts[i - 1];
}

static void rule_texts_release(struct rule_texts *rt)
{
	size_t i;

	for (i = 0; i < rt->nr; i++)
		free(rt->texts[i]);
	free(rt->texts);
	strmap_release(&rt->index);
}

/* The resolved edges the table holds, each with its id (rules are
 * strings of rt, not literals). */
static int load_existing(struct resolver *r, struct rule_texts *rt,
			 struct pending_edge **out, size_t *nr_out,
			 struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr_out = 0;
	if (sqlite3_prepare_v2(r->db,
		"SELECT id, caller_id, callee_id, kind, call_id, file_id, line, "
		"col, reg_file_id, reg_line, via_id, rule FROM edge "
		"WHERE kind NOT IN ('direct', 'macro')", -1, &st, NULL) !=
	    SQLITE_OK)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pending_edge *e;

		xgrow(out, &alloc, *nr_out + 1, sizeof(**out));
		e = &(*out)[(*nr_out)++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(st, 0);
		e->caller = sqlite3_column_int64(st, 1);
		e->callee = sqlite3_column_int64(st, 2);
		e->kind = (enum edge_kind)edge_kind_code(
			col_text(st, 3) ? col_text(st, 3) : "");
		e->call = sqlite3_column_int64(st, 4);
		e->file = sqlite3_column_int64(st, 5);
		e->line = sqlite3_column_int64(st, 6);
		e->col = sqlite3_column_int64(st, 7);
		e->reg_file = sqlite3_column_int64(st, 8);
		e->has_reg = sqlite3_column_type(st, 9) != SQLITE_NULL;
		e->reg_line = sqlite3_column_int64(st, 9);
		e->via = sqlite3_column_int64(st, 10);
		e->rule = rule_text(rt, col_text(st, 11) ? col_text(st, 11) : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	return 0;
}

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

static void bind_id(sqlite3_stmt *st, int col, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, col, id);
	else
		sqlite3_bind_null(st, col);
}

static int insert(struct resolver *r, sqlite3_stmt *st,
		  const struct pending_edge *e, struct kcg_error *err)
{
	sqlite3_bind_int64(st, 1, e->caller);
	sqlite3_bind_int64(st, 2, e->callee);
	sqlite3_bind_text(st, 3, edge_kind_name(e->kind), -1,
			  SQLITE_STATIC);
	bind_id(st, 4, e->call);
	bind_id(st, 5, e->file);
	sqlite3_bind_int64(st, 6, e->line);
	sqlite3_bind_int64(st, 7, e->col);
	bind_id(st, 8, e->reg_file);
	if (e->has_reg)
		sqlite3_bind_int64(st, 9, e->reg_line);
	else
		sqlite3_bind_null(st, 9);
	bind_id(st, 10, e->via);
	sqlite3_bind_text(st, 11, e->rule, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
	}
	sqlite3_reset(st);
	return 0;
}

static int delete_edge(struct resolver *r, sqlite3_stmt *st, int64_t id,
		       struct kcg_error *err)
{
	int rc = 0;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
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
static int sync_edges(struct resolver *r, struct pending_edge *old,
		      size_t nr_old, sqlite3_stmt *ins, sqlite3_stmt *del,
		      struct kcg_error *err)
{
	struct old_index ix;
	unsigned char *matched = xcalloc(nr_old + 1, 1);
	size_t i;
	int rc = 0;

	index_old(&ix, old, nr_old);
	for (i = 0; i < r->nr_pending && !rc; i++)
		if (!match_old(&ix, old, matched, &r->pending[i]))
			rc = insert(r, ins, &r->pending[i], err);
	for (i = 0; i < nr_old && !rc; i++)
		if (!matched[i])
			rc = delete_edge(r, del, old[i].id, err);
	free(ix.hashes);
	free(ix.slots);
	free(matched);
	return rc;
}

int resolve_store_edges(struct resolver *r, struct kcg_error *err)
{
	struct pending_edge *old = NULL;
	struct rule_texts rt;
	sqlite3_stmt *ins = NULL, *del = NULL;
	size_t nr_old = 0;
	int rc = -1;

	memset(&rt, 0, sizeof(rt));
	strmap_init(&rt.index);
	if (load_existing(r, &rt, &old, &nr_old, err))
		goto out;
	if (sqlite3_prepare_v2(r->db,
		"INSERT INTO edge(caller_id, callee_id, kind, call_id, file_id, "
		"line, col, reg_file_id, reg_line, via_id, rule) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &ins, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "DELETE FROM edge WHERE id = ?", -1,
			       &del, NULL) != SQLITE_OK) {
		kcg_error_set(err, "resolve: %s", sqlite3_errmsg(r->db));
		goto out;
	}
	rc = sync_edges(r, old, nr_old, ins, del, err);
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	rule_texts_release(&rt);
	free(old);
	return rc;
}
