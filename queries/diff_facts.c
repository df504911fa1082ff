/*
 * Registrations and netfilter hooks two indexes disagree on (diff.h).
 * Each version's rows get a key that names the function as the new
 * index knows it (a matched function by its new id), so the same
 * registration under a renamed function is no change.
 */
#include "diff.h"

#include "db/db.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

/* The function's identity across the two versions, for keys. */
static void add_identity(struct strbuf *sb, const struct diff *d,
			 const struct diff_side *s, uint32_t id)
{
	uint32_t in_new = s == &d->new ? id : s->match[id];

	if (in_new)
		strbuf_addf(sb, "#%u", in_new);
	else
		strbuf_addf(sb, "%s:%s", s->label, s->names[id]);
}

/* Rows of one version, each with its key. */
struct fact_rows {
	struct result r;
	char **keys;
	struct strmap by_key;	/* key -> row */
};

static void fact_rows_release(struct fact_rows *f)
{
	size_t i;

	for (i = 0; i < f->r.nr_rows; i++)
		free(f->keys[i]);
	free(f->keys);
	strmap_release(&f->by_key);
	result_release(&f->r);
}

/*
 * Read sql's rows into f: its first column is a functions.id, the
 * others are copied; key_cols columns after the id make the key with
 * it.  A key seen before is skipped (the first site is kept).  With
 * matched_only, rows of functions the other version lacks are skipped.
 */
static int read_facts(const struct diff *d, const struct diff_side *s,
		      const char *sql, size_t key_cols, int matched_only,
		      struct fact_rows *f, struct kcg_error *err)
{
	size_t alloc = 0, c;
	sqlite3_stmt *st;
	struct strbuf key;
	int rc;

	memset(f, 0, sizeof(*f));
	strmap_init(&f->by_key);
	if (db_prepare(s->db, sql, &st, err))
		return -1;
	result_init_stmt(&f->r, s->label, st);
	strbuf_init(&key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		struct cell *row;

		if (id <= 0 || (uint64_t)id >= s->nr_ids || !s->names[id] ||
		    (matched_only && !s->match[id]))
			continue;
		strbuf_reset(&key);
		add_identity(&key, d, s, (uint32_t)id);
		for (c = 1; c <= key_cols; c++) {
			const unsigned char *t = sqlite3_column_text(st, (int)c);

			strbuf_addf(&key, "\t%s", t ? (const char *)t : "");
		}
		if (!strmap_add(&f->by_key, key.buf, NULL,
				(int64_t)f->r.nr_rows))
			continue;
		xgrow(&f->keys, &alloc, f->r.nr_rows + 1, sizeof(*f->keys));
		f->keys[f->r.nr_rows] = xstrdup(key.buf);
		row = result_add_row(&f->r);
		for (c = 0; c < f->r.nr_cols; c++)
			cell_set_column(&row[c], st, (int)c);
	}
	strbuf_release(&key);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot read the %s index: %s",
				     s->label, sqlite3_errmsg(s->db));
	return 0;
}

/* Where a function is stored, in words: "struct S.f in GLOBAL". */
#define REGISTRATIONS_SQL \
	"SELECT fl.src_function_id, " \
	"  CASE fl.dst_kind " \
	"  WHEN 'field' THEN fl.dst_struct || '.' || fl.dst_field || " \
	"    coalesce(' in ' || ig.name, '') " \
	"  WHEN 'arg' THEN 'arg ' || (fl.dst_index + 1) || ' of ' || cf.name " \
	"  ELSE 'global ' || g.name END, " \
	"  ff.name, fi.path, fl.line " \
	"FROM flows fl " \
	"LEFT JOIN functions cf ON cf.id = fl.dst_callee_id " \
	"LEFT JOIN globals g ON g.id = fl.dst_global_id " \
	"LEFT JOIN globals ig ON ig.id = fl.in_global_id " \
	"LEFT JOIN functions ff ON ff.id = fl.function_id " \
	"LEFT JOIN files fi ON fi.id = fl.file_id " \
	"WHERE fl.src_kind = 'function' AND (fl.dst_kind = 'field' OR " \
	"  (fl.dst_kind = 'arg' AND cf.name IS NOT NULL) OR " \
	"  (fl.dst_kind = 'global' AND g.name IS NOT NULL)) " \
	"ORDER BY fi.path, fl.line, fl.col"

/* Append the rows of `from` whose key `other` lacks, as change. */
static void add_missing(const struct diff *d, const struct diff_side *s,
			const struct fact_rows *from,
			const struct fact_rows *other, const char *change,
			struct result *out)
{
	size_t i, c;

	for (i = 0; i < from->r.nr_rows; i++) {
		const struct cell *src = &from->r.cells[i * from->r.nr_cols];
		struct cell *row;
		char *name;

		if (strmap_get(&other->by_key, from->keys[i], NULL))
			continue;
		row = result_add_row(out);
		cell_set_text(&row[0], change);
		name = diff_display_name(d, s, (uint32_t)src[0].i);
		cell_set_text(&row[1], name);
		free(name);
		for (c = 1; c < from->r.nr_cols; c++)
			cell_copy(&row[c + 1], &src[c]);
	}
}

int diff_registrations(const struct diff *d, struct result *out,
		       struct kcg_error *err)
{
	static const char *const cols[] = {
		"change", "function", "stored_into", "by", "file", "line",
	};
	struct fact_rows o, n;
	int rc;

	result_init(out, "registrations", cols, 6);
	rc = read_facts(d, &d->old, REGISTRATIONS_SQL, 1, 1, &o, err);
	if (!rc)
		rc = read_facts(d, &d->new, REGISTRATIONS_SQL, 1, 1, &n, err);
	else
		memset(&n, 0, sizeof(n));
	if (!rc) {
		add_missing(d, &d->old, &o, &n, "lost", out);
		add_missing(d, &d->new, &n, &o, "gained", out);
		result_sort(out, cols, 6);
	}
	fact_rows_release(&o);
	fact_rows_release(&n);
	return rc;
}

#define HOOKS_SQL \
	"SELECT h.function_id, coalesce(h.pf_name, h.pf), " \
	"  coalesce(h.hooknum_name, h.hooknum), h.priority, " \
	"  h.priority_name, fi.path, h.line " \
	"FROM hooks h LEFT JOIN files fi ON fi.id = h.file_id " \
	"ORDER BY h.pf, h.hooknum, h.priority, fi.path, h.line"

/* The key of a hook without its priority: function, family, hook. */
static char *point_key(const char *key)
{
	const char *tab = strrchr(key, '\t');

	return xstrndup(key, (size_t)(tab - key));
}

/* Is key (with its priority) a hook at point (a point_key())? */
static int same_point(const char *key, const char *point)
{
	size_t len = strlen(point);

	return !strncmp(key, point, len) && key[len] == '\t' &&
	       !strchr(key + len + 1, '\t');
}

/* One hook row of side s as change, with both priorities. */
static void add_hook(const struct diff *d, const struct diff_side *s,
		     const struct fact_rows *f, size_t i, const char *change,
		     const struct cell *old_prio, const struct cell *new_prio,
		     struct result *out)
{
	const struct cell *src = &f->r.cells[i * f->r.nr_cols];
	struct cell *row = result_add_row(out);
	char *name = diff_display_name(d, s, (uint32_t)src[0].i);

	cell_set_text(&row[0], change);
	cell_set_text(&row[1], name);
	free(name);
	cell_copy(&row[2], &src[1]);
	cell_copy(&row[3], &src[2]);
	if (old_prio)
		cell_copy(&row[4], old_prio);
	if (new_prio)
		cell_copy(&row[5], new_prio);
	cell_copy(&row[6], &src[4]);
	cell_copy(&row[7], &src[5]);
	cell_copy(&row[8], &src[6]);
}

/*
 * The hooks of one side that the other lacks: re-prioritised when the
 * other has the same function at the same point with another priority
 * (reported once, from the old side), else added or removed.
 */
static void add_hook_changes(const struct diff *d, const struct diff_side *s,
			     const struct fact_rows *f,
			     const struct fact_rows *other, struct strmap *moved,
			     struct result *out)
{
	int old_side = s == &d->old;
	size_t i, j;

	for (i = 0; i < f->r.nr_rows; i++) {
		const struct cell *prio = &f->r.cells[i * f->r.nr_cols + 3];
		char *point;

		if (strmap_get(&other->by_key, f->keys[i], NULL))
			continue;
		point = point_key(f->keys[i]);
		for (j = 0; j < other->r.nr_rows; j++)
			if (same_point(other->keys[j], point) &&
			    !strmap_get(&f->by_key, other->keys[j], NULL))
				break;
		if (j == other->r.nr_rows) {
			add_hook(d, s, f, i, old_side ? "removed" : "added",
				 old_side ? prio : NULL,
				 old_side ? NULL : prio, out);
		} else if (old_side && strmap_add(moved, point, NULL, 0)) {
			add_hook(d, &d->new, other, j, "priority", prio,
				 &other->r.cells[j * other->r.nr_cols + 3],
				 out);
		}
		free(point);
	}
}

int diff_hooks(const struct diff *d, struct result *out,
	       struct kcg_error *err)
{
	static const char *const cols[] = {
		"change", "function", "family", "hook", "old_priority",
		"new_priority", "priority_name", "file", "line",
	};
	static const char *const sort_by[] = {
		"family", "hook", "function", "change",
	};
	struct fact_rows o, n;
	struct strmap moved;
	int rc;

	result_init(out, "hooks", cols, 9);
	strmap_init(&moved);
	rc = read_facts(d, &d->old, HOOKS_SQL, 3, 0, &o, err);
	if (!rc)
		rc = read_facts(d, &d->new, HOOKS_SQL, 3, 0, &n, err);
	else
		memset(&n, 0, sizeof(n));
	if (!rc) {
		add_hook_changes(d, &d->old, &o, &n, &moved, out);
		add_hook_changes(d, &d->new, &n, &o, &moved, out);
		result_sort(out, sort_by, 4);
	}
	strmap_release(&moved);
	fact_rows_release(&o);
	fact_rows_release(&n);
	return rc;
}
