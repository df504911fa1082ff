/*
 * Matching the functions of two indexes (diff.h): by name and file, by
 * name alone (moved), then by what they call and who calls them
 * (renamed).
 */
#include "diff.h"

#include "db/db.h"
#include "util/alloc.h"
#include "util/hash.h"
#include "util/strbuf.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

/* Posting lists longer than this say nothing about a rename (kfree). */
#define RARE_FEATURE 64

static int load_side(sqlite3 *db, const char *label, struct diff_side *s,
		     struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	s->db = db;
	s->label = label;
	if (graph_load(db, GRAPH_OUT | GRAPH_IN, &s->g, err))
		return -1;
	s->nr_ids = s->g.out.nr_nodes;
	if (db_prepare(db, "SELECT f.id, f.name, fi.path, f.line, "
			   "f.is_defined, f.type FROM functions f "
			   "LEFT JOIN files fi ON fi.id = f.file_id", &st, err))
		return -1;
	s->names = xcalloc(s->nr_ids, sizeof(*s->names));
	s->files = xcalloc(s->nr_ids, sizeof(*s->files));
	s->lines = xcalloc(s->nr_ids, sizeof(*s->lines));
	s->types = xcalloc(s->nr_ids, sizeof(*s->types));
	s->defined = xcalloc(s->nr_ids, 1);
	s->match = xcalloc(s->nr_ids, sizeof(*s->match));
	s->how = xcalloc(s->nr_ids, 1);
	s->score = xcalloc(s->nr_ids, sizeof(*s->score));
	strmap_init(&s->paths);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 5);
		const char *file = (const char *)sqlite3_column_text(st, 2);

		if (id <= 0 || (uint64_t)id >= s->nr_ids)
			continue;	/* no edge at all: not in the graph */
		s->names[id] = xstrdup((const char *)
				       sqlite3_column_text(st, 1));
		s->files[id] = xstrdup(file ? file : "");
		s->lines[id] = sqlite3_column_int(st, 3);
		s->defined[id] = (unsigned char)sqlite3_column_int(st, 4);
		s->types[id] = type ? xstrdup(type) : NULL;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot read the functions: %s",
				     sqlite3_errmsg(db));
	if (db_prepare(db, "SELECT path FROM files", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strmap_add(&s->paths, (const char *)sqlite3_column_text(st, 0),
			   NULL, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kcg_error_set(err, "cannot read the files: %s",
				     sqlite3_errmsg(db));
	return 0;
}

static void release_side(struct diff_side *s)
{
	uint32_t i;

	for (i = 0; i < s->nr_ids; i++) {
		free(s->names[i]);
		free(s->files[i]);
		free(s->types[i]);
	}
	free(s->names);
	free(s->files);
	free(s->lines);
	free(s->types);
	free(s->defined);
	free(s->match);
	free(s->how);
	free(s->score);
	strmap_release(&s->paths);
	graph_release(&s->g);
	memset(s, 0, sizeof(*s));
}

static void pair(struct diff *d, uint32_t o, uint32_t n, enum diff_how how,
		 float score)
{
	d->old.match[o] = n;
	d->new.match[n] = o;
	d->old.how[o] = d->new.how[n] = (unsigned char)how;
	d->old.score[o] = d->new.score[n] = score;
}

/* 1. The same name in the same file. */
static void match_same_place(struct diff *d)
{
	struct strmap at;
	struct strbuf key;
	uint32_t i;
	int64_t v;

	strmap_init(&at);
	strbuf_init(&key);
	for (i = 1; i < d->new.nr_ids; i++) {
		if (!d->new.names[i])
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%s@%s", d->new.names[i], d->new.files[i]);
		strmap_add(&at, key.buf, NULL, i);
	}
	for (i = 1; i < d->old.nr_ids; i++) {
		if (!d->old.names[i])
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%s@%s", d->old.names[i], d->old.files[i]);
		if (strmap_get(&at, key.buf, &v) && !d->new.match[v])
			pair(d, i, (uint32_t)v, DIFF_SAME, 1);
	}
	strbuf_release(&key);
	strmap_release(&at);
}

/*
 * A function's neighbours as sorted 64-bit features: a matched
 * neighbour by its id in the new index (top bit set), another by the
 * hash of its name; callees and callers apart (the low bit).
 */
struct features {
	uint64_t *v;
	size_t nr_callees, nr;
};

static uint64_t neighbour(const struct diff *d, const struct diff_side *s,
			  uint32_t id, unsigned caller)
{
	uint32_t in_new = s == &d->new ? id : s->match[id];

	if (in_new)
		return (1ull << 63) | ((uint64_t)in_new << 1) | caller;
	return ((hash_str(0, s->names[id]) << 2) >> 1) | caller;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static size_t uniq(uint64_t *v, size_t nr)
{
	size_t i, out = 0;

	if (nr > 1)
		qsort(v, nr, sizeof(*v), cmp_u64);
	for (i = 0; i < nr; i++)
		if (!out || v[out - 1] != v[i])
			v[out++] = v[i];
	return out;
}

static void features_of(const struct diff *d, const struct diff_side *s,
			uint32_t id, struct features *f)
{
	const struct graph_adj *out = &s->g.out, *in = &s->g.in;
	unsigned calls = KIND_MASK_DEFAULT;
	size_t n = 0, i;

	f->v = xmalloc((out->offsets[id + 1] - out->offsets[id] +
			in->offsets[id + 1] - in->offsets[id] + 1) *
		       sizeof(*f->v));
	for (i = out->offsets[id]; i < out->offsets[id + 1]; i++)
		if (calls & KIND_BIT(out->kinds[i]) && out->targets[i] != id)
			f->v[n++] = neighbour(d, s, out->targets[i], 0);
	f->nr_callees = uniq(f->v, n);
	n = f->nr_callees;
	for (i = in->offsets[id]; i < in->offsets[id + 1]; i++)
		if (calls & KIND_BIT(in->kinds[i]) && in->targets[i] != id)
			f->v[n++] = neighbour(d, s, in->targets[i], 1);
	f->nr = f->nr_callees + uniq(f->v + f->nr_callees, n - f->nr_callees);
}

/* How many elements two sorted sets share. */
static size_t common(const uint64_t *a, size_t na, const uint64_t *b,
		     size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		if (a[i] == b[j])
			n++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return n;
}

/* Twice the common elements over the sizes of two sorted sets. */
static double dice(const uint64_t *a, size_t na, const uint64_t *b,
		   size_t nb)
{
	if (!na || !nb)
		return 0;
	return 2.0 * (double)common(a, na, b, nb) / (double)(na + nb);
}

/* Twice the longest common substring over the lengths of the names. */
static double name_similarity(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best = 0;
	size_t *prev, *cur, *t;

	if (!la || !lb)
		return 0;
	prev = xcalloc(lb + 1, sizeof(*prev));
	cur = xcalloc(lb + 1, sizeof(*cur));
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
			if (cur[j] > best)
				best = cur[j];
		}
		t = prev, prev = cur, cur = t;
	}
	free(prev);
	free(cur);
	return 2.0 * (double)best / (double)(la + lb);
}

static int same_directory(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	size_t la = sa ? (size_t)(sa - a) : 0, lb = sb ? (size_t)(sb - b) : 0;

	return la == lb && !strncmp(a, b, la);
}

/*
 * Could old function o have become new function n, apart from how alike
 * they are (diff.h says why each rule)?
 */
static int plausible_rename(const struct diff *d, uint32_t o,
			    const struct features *fo, uint32_t n,
			    const struct features *fn)
{
	const char *of = d->old.files[o], *nf = d->new.files[n];
	int new_file, old_file_gone;

	if (common(fo->v, fo->nr, fn->v, fn->nr) < 2)
		return 0;
	if (same_directory(of, nf))
		return 1;
	new_file = !strmap_get(&d->old.paths, nf, NULL);
	old_file_gone = !strmap_get(&d->new.paths, of, NULL);
	if (new_file && old_file_gone)
		return 0;
	return !new_file ||
	       name_similarity(d->old.names[o], d->new.names[n]) > 0.5;
}

/* The score without the names: how alike the two neighbourhoods are. */
static double neighbourhood(const struct diff *d, uint32_t o,
			    const struct features *fo, uint32_t n,
			    const struct features *fn)
{
	const char *to = d->old.types[o], *tn = d->new.types[n];
	double score;

	score = 0.4 * dice(fo->v, fo->nr_callees, fn->v, fn->nr_callees) +
		0.3 * dice(fo->v + fo->nr_callees, fo->nr - fo->nr_callees,
			   fn->v + fn->nr_callees, fn->nr - fn->nr_callees);
	if (to && tn && !strcmp(to, tn))
		score += 0.1;
	if (!strcmp(d->old.files[o], d->new.files[n]))
		score += 0.1;
	return score;
}

/* The whole score: the neighbourhood's (nb) and the names'. */
static double similarity(const struct diff *d, uint32_t o, uint32_t n,
			 double nb)
{
	return nb + 0.1 * name_similarity(d->old.names[o], d->new.names[n]);
}

struct candidate {
	double score, neighbourhood;
	uint32_t old, new;
};

static int by_score(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->old != y->old)
		return x->old < y->old ? -1 : 1;
	return x->new < y->new ? -1 : x->new > y->new;
}

struct candidates {
	struct candidate *v;
	size_t nr, alloc;
};

static void add_candidate(struct candidates *c, double score, double nb,
			  uint32_t o, uint32_t n)
{
	xgrow(&c->v, &c->alloc, c->nr + 1, sizeof(*c->v));
	c->v[c->nr++] = (struct candidate){ score, nb, o, n };
}

/*
 * Drop every candidate of a function whose best neighbourhood is shared
 * by two candidates: generated functions (tracepoints, atomics) look
 * alike, and the names alone must not pick among them.
 */
static void drop_ties(struct candidates *c, uint32_t nr_old, uint32_t nr_new)
{
	double *best_old = xcalloc(nr_old, sizeof(*best_old));
	double *best_new = xcalloc(nr_new, sizeof(*best_new));
	unsigned char *tie_old = xcalloc(nr_old, 1);
	unsigned char *tie_new = xcalloc(nr_new, 1);
	size_t i, kept = 0;

	for (i = 0; i < c->nr; i++) {
		const struct candidate *x = &c->v[i];

		if (x->neighbourhood > best_old[x->old] + 1e-9)
			best_old[x->old] = x->neighbourhood, tie_old[x->old] = 0;
		else if (x->neighbourhood > best_old[x->old] - 1e-9)
			tie_old[x->old] = 1;
		if (x->neighbourhood > best_new[x->new] + 1e-9)
			best_new[x->new] = x->neighbourhood, tie_new[x->new] = 0;
		else if (x->neighbourhood > best_new[x->new] - 1e-9)
			tie_new[x->new] = 1;
	}
	for (i = 0; i < c->nr; i++)
		if (!tie_old[c->v[i].old] && !tie_new[c->v[i].new])
			c->v[kept++] = c->v[i];
	c->nr = kept;
	free(best_old);
	free(best_new);
	free(tie_old);
	free(tie_new);
}

/* Pair the candidates best first, each function once. */
static void take_best(struct diff *d, struct candidates *c,
		      enum diff_how how)
{
	size_t i;

	if (c->nr > 1)
		qsort(c->v, c->nr, sizeof(*c->v), by_score);
	for (i = 0; i < c->nr; i++)
		if (!d->old.match[c->v[i].old] && !d->new.match[c->v[i].new])
			pair(d, c->v[i].old, c->v[i].new, how,
			     (float)c->v[i].score);
	c->nr = 0;
}

/* 2. The same name in another file: the most similar pairs first. */
static void match_same_name(struct diff *d)
{
	struct candidates c = { 0 };
	struct strmap first;	/* name -> first unmatched new id */
	uint32_t *next = xcalloc(d->new.nr_ids, sizeof(*next));
	uint32_t o, n;
	int64_t v;

	strmap_init(&first);
	for (n = d->new.nr_ids; n-- > 1;) {
		if (!d->new.names[n] || d->new.match[n])
			continue;
		if (!strmap_add(&first, d->new.names[n], &v, n)) {
			next[n] = (uint32_t)v;
			strmap_put(&first, d->new.names[n], n);
		}
	}
	for (o = 1; o < d->old.nr_ids; o++) {
		struct features fo;

		if (!d->old.names[o] || d->old.match[o] ||
		    !strmap_get(&first, d->old.names[o], &v))
			continue;
		features_of(d, &d->old, o, &fo);
		for (n = (uint32_t)v; n; n = next[n]) {
			struct features fn;

			features_of(d, &d->new, n, &fn);
			add_candidate(&c, similarity(d, o, n, neighbourhood(
						d, o, &fo, n, &fn)), 0, o, n);
			free(fn.v);
		}
		free(fo.v);
	}
	take_best(d, &c, DIFF_MOVED);
	/* a function that is only declared in one version has not moved */
	for (o = 1; o < d->old.nr_ids; o++) {
		n = d->old.match[o];
		if (n && d->old.how[o] == DIFF_MOVED &&
		    !(d->old.defined[o] && d->new.defined[n]))
			d->old.how[o] = d->new.how[n] = DIFF_SAME;
	}
	free(c.v);
	free(next);
	strmap_release(&first);
}

struct posting {
	uint64_t feature;
	uint32_t id;
};

static int by_feature(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	if (x->feature != y->feature)
		return x->feature < y->feature ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int unmatched_definition(const struct diff_side *s, uint32_t id)
{
	return s->names[id] && s->defined[id] && !s->match[id];
}

/*
 * 3. Renamed: each unmatched old definition against the unmatched new
 * ones sharing a rare neighbour with it.
 */
static void match_renamed(struct diff *d)
{
	struct features *fnew = xcalloc(d->new.nr_ids, sizeof(*fnew));
	uint32_t *seen = xcalloc(d->new.nr_ids, sizeof(*seen));
	struct posting *post = NULL;
	size_t nr_post = 0, alloc_post = 0, i, lo, hi;
	struct candidates c = { 0 };
	uint32_t o, n;

	for (n = 1; n < d->new.nr_ids; n++) {
		if (!unmatched_definition(&d->new, n))
			continue;
		features_of(d, &d->new, n, &fnew[n]);
		for (i = 0; i < fnew[n].nr; i++) {
			xgrow(&post, &alloc_post, nr_post + 1, sizeof(*post));
			post[nr_post++] =
				(struct posting){ fnew[n].v[i], n };
		}
	}
	if (nr_post > 1)
		qsort(post, nr_post, sizeof(*post), by_feature);
	for (o = 1; o < d->old.nr_ids; o++) {
		struct features fo;

		if (!unmatched_definition(&d->old, o))
			continue;
		features_of(d, &d->old, o, &fo);
		for (i = 0; i < fo.nr; i++) {
			struct posting key = { fo.v[i], 0 };

			lo = 0, hi = nr_post;
			while (lo < hi) {	/* the first >= key */
				size_t mid = lo + (hi - lo) / 2;

				if (by_feature(&post[mid], &key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (hi = lo; hi < nr_post &&
				      post[hi].feature == fo.v[i]; hi++)
				;
			if (hi - lo > RARE_FEATURE)
				continue;
			for (; lo < hi; lo++) {
				double s, nb;

				n = post[lo].id;
				if (seen[n] == o)
					continue;
				seen[n] = o;
				nb = neighbourhood(d, o, &fo, n, &fnew[n]);
				s = similarity(d, o, n, nb);
				if (s >= DIFF_RENAME_MIN &&
				    plausible_rename(d, o, &fo, n, &fnew[n]))
					add_candidate(&c, s, nb, o, n);
			}
		}
		free(fo.v);
	}
	drop_ties(&c, d->old.nr_ids, d->new.nr_ids);
	take_best(d, &c, DIFF_RENAMED);
	for (n = 1; n < d->new.nr_ids; n++)
		free(fnew[n].v);
	free(fnew);
	free(seen);
	free(post);
	free(c.v);
}

int diff_open(sqlite3 *old_db, sqlite3 *new_db, struct diff *d,
	      struct kcg_error *err)
{
	memset(d, 0, sizeof(*d));
	if (load_side(old_db, "old", &d->old, err) ||
	    load_side(new_db, "new", &d->new, err))
		return -1;
	match_same_place(d);
	match_same_name(d);
	match_renamed(d);
	return 0;
}

void diff_release(struct diff *d)
{
	release_side(&d->old);
	release_side(&d->new);
}

char *diff_display_name(const struct diff *d, const struct diff_side *s,
			uint32_t id)
{
	const struct diff_side *other = s == &d->old ? &d->new : &d->old;
	uint32_t m = s->match[id];
	struct strbuf sb;

	if (!m || s->how[id] != DIFF_RENAMED)
		return xstrdup(s->names[id]);
	strbuf_init(&sb);
	if (s == &d->new)
		strbuf_addf(&sb, "%s (was %s)", s->names[id], other->names[m]);
	else
		strbuf_addf(&sb, "%s (was %s)", other->names[m], s->names[id]);
	return strbuf_detach(&sb);
}

static void add_function_row(const struct diff *d, const char *change,
			     uint32_t o, uint32_t n, struct result *out)
{
	struct cell *c = result_add_row(out);

	cell_set_text(&c[0], change);
	cell_set_text(&c[1], n ? d->new.names[n] : d->old.names[o]);
	if (o) {
		cell_set_text(&c[2], d->old.names[o]);
		cell_set_text(&c[3], d->old.files[o]);
		cell_set_int(&c[4], d->old.lines[o]);
	}
	if (n) {
		cell_set_text(&c[5], d->new.files[n]);
		cell_set_int(&c[6], d->new.lines[n]);
	}
	if (o && n)
		cell_set_int(&c[7], (int64_t)(d->old.score[o] * 100 + 0.5));
}

int diff_functions(const struct diff *d, struct result *out,
		   struct kcg_error *err)
{
	static const char *const cols[] = {
		"change", "name", "old_name", "old_file", "old_line",
		"new_file", "new_line", "score",
	};
	static const char *const sort_by[] = {
		"change", "name", "old_file", "new_file",
	};
	uint32_t o, n;

	(void)err;
	result_init(out, "functions", cols, 8);
	for (o = 1; o < d->old.nr_ids; o++) {
		if (!d->old.names[o] || !d->old.defined[o])
			continue;
		n = d->old.match[o];
		if (!n || !d->new.defined[n])
			add_function_row(d, "removed", o, 0, out);
		else if (d->old.how[o] == DIFF_MOVED)
			add_function_row(d, "moved", o, n, out);
		else if (d->old.how[o] == DIFF_RENAMED)
			add_function_row(d, "renamed", o, n, out);
	}
	for (n = 1; n < d->new.nr_ids; n++) {
		o = d->new.match[n];
		if (d->new.names[n] && d->new.defined[n] &&
		    (!o || !d->old.defined[o]))
			add_function_row(d, "added", 0, n, out);
	}
	result_sort(out, sort_by, 4);
	return 0;
}
