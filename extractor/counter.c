/*
 * The macros that can expand to __COUNTER__: see counter.h.
 */
#include "counter.h"

#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/ctext.h"
#include "util/textcache.h"

#include <dirent.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char counter[] = "__COUNTER__";

/* Identifiers longer than this are never macro names worth a lookup. */
#define MAX_IDENT 255

/*
 * A name a `##` chain of a macro makes from a parameter: `pr_ ## level`
 * any name that starts with pr_, `stem ## 1` any that ends with 1,
 * `a ## b` any.  A chain of no parameter (`foo ## bar`) makes a name the
 * macro uses instead.
 */
struct paste {
	size_t define;		/* index of the #define */
	char *prefix, *suffix;	/* "" when a parameter */
};

/* The #defines read: each macro's name and the names its replacement
 * (and parameter list) uses, as ids of `ids`. */
struct defines {
	struct strmap ids;	/* identifier -> id */
	size_t nr_ids;
	uint32_t *macro;	/* per #define: its name's id */
	size_t *first;		/* per #define: its first entry in used */
	size_t nr, alloc, alloc_first;
	uint32_t *used;
	size_t nr_used, alloc_used;
	struct paste *pastes;	/* names its ## may make */
	size_t nr_pastes, alloc_pastes;
};

static uint32_t intern(struct defines *d, const char *s, size_t len)
{
	char buf[MAX_IDENT + 1];
	int64_t id;

	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!strmap_add(&d->ids, buf, &id, (int64_t)d->nr_ids))
		return (uint32_t)id;
	return (uint32_t)d->nr_ids++;
}

/* End of the logical line that starts at p: a newline not escaped. */
static const char *line_end(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return end;
		if (nl > p && nl[-1] == '\\') {
			p = nl + 1;
			continue;
		}
		if (nl > p + 1 && nl[-1] == '\r' && nl[-2] == '\\') {
			p = nl + 1;
			continue;
		}
		return nl;
	}
	return end;
}

/*
 * If the line at p is `# define NAME ...`, its name in *name and *len, the
 * rest in *rest; returns the line's end either way.
 */
static const char *read_line(const char *p, const char *end,
			     const char **name, size_t *len, const char **rest)
{
	const char *stop = line_end(p, end), *q = p;

	*name = NULL;
	while (q < stop && (*q == ' ' || *q == '\t'))
		q++;
	if (q == stop || *q != '#')
		return stop;
	q++;
	while (q < stop && (*q == ' ' || *q == '\t'))
		q++;
	if ((size_t)(stop - q) < 7 || memcmp(q, "define", 6) ||
	    (q[6] != ' ' && q[6] != '\t'))
		return stop;
	q += 7;
	while (q < stop && (*q == ' ' || *q == '\t'))
		q++;
	if (q == stop || !ctext_ident_start(*q))
		return stop;
	*name = q;
	while (q < stop && ctext_ident_char(*q))
		q++;
	*len = (size_t)(q - *name);
	*rest = q;
	if (*len > MAX_IDENT)
		*name = NULL;
	return stop;
}

/* A token of a replacement: a name or number (ident), `##`, or other. */
struct token {
	const char *s;
	size_t len;
	enum { TOK_IDENT, TOK_PASTE, TOK_OTHER } kind;
};

/* The next token of [*p, end), blanks and line continuations skipped;
 * 0 at the end. */
static int next_token(const char **p, const char *end, struct token *t)
{
	const char *q = *p;

	while (q < end && (*q == ' ' || *q == '\t' || *q == '\\' ||
			   *q == '\n' || *q == '\r'))
		q++;
	if (q == end)
		return 0;
	t->s = q;
	if (ctext_ident_char(*q)) {
		while (q < end && ctext_ident_char(*q))
			q++;
		t->kind = TOK_IDENT;
	} else if (*q == '#' && q + 1 < end && q[1] == '#') {
		q += 2;
		t->kind = TOK_PASTE;
	} else {
		q = ctext_starts_literal(q, end) ? ctext_skip_literal(q, end) :
						   q + 1;
		t->kind = TOK_OTHER;
	}
	t->len = (size_t)(q - t->s);
	*p = q;
	return 1;
}

/* Whether [s, s + len) is a parameter of the macro (params: its list). */
static int is_param(const char *params, const char *params_end,
		    const char *s, size_t len)
{
	const char *p = params, *t;
	size_t n;

	if (len == 11 && !memcmp(s, "__VA_ARGS__", 11))
		return 1;
	while (params && (t = ctext_next_ident(&p, params_end, &n)))
		if (n == len && !memcmp(t, s, len))
			return 1;
	return 0;
}

/*
 * A chain `a ## b ## c` of a replacement makes one name: the literal
 * parts before its first parameter are its prefix, those after its last
 * its suffix; with no parameter it is a name the macro uses.  A comma
 * pasted to __VA_ARGS__ (`, ## __VA_ARGS__`) makes none.
 */
static void add_chain(struct defines *d, const char *params,
		      const char *params_end, const struct token *parts,
		      size_t n)
{
	struct strbuf prefix, suffix;
	int seen_param = 0;
	size_t i;

	if (n < 2 || (parts[0].s[0] >= '0' && parts[0].s[0] <= '9'))
		return;
	for (i = 0; i < n; i++)
		if (parts[i].kind != TOK_IDENT)
			return;
	strbuf_init(&prefix);
	strbuf_init(&suffix);
	for (i = 0; i < n; i++) {
		if (is_param(params, params_end, parts[i].s, parts[i].len)) {
			seen_param = 1;
			strbuf_reset(&suffix);
		} else if (!seen_param) {
			strbuf_add(&prefix, parts[i].s, parts[i].len);
		} else {
			strbuf_add(&suffix, parts[i].s, parts[i].len);
		}
	}
	if (!seen_param) {
		if (prefix.len <= MAX_IDENT) {
			xgrow(&d->used, &d->alloc_used, d->nr_used + 1,
			      sizeof(*d->used));
			d->used[d->nr_used++] = intern(d, prefix.buf,
						       prefix.len);
		}
		strbuf_release(&prefix);
		strbuf_release(&suffix);
		return;
	}
	xgrow(&d->pastes, &d->alloc_pastes, d->nr_pastes + 1,
	      sizeof(*d->pastes));
	d->pastes[d->nr_pastes].define = d->nr;
	d->pastes[d->nr_pastes].prefix = strbuf_detach(&prefix);
	d->pastes[d->nr_pastes].suffix = strbuf_detach(&suffix);
	d->nr_pastes++;
}

/* Whether the next token of [p, end) is `##`. */
static int paste_follows(const char *p, const char *end)
{
	struct token next;

	return next_token(&p, end, &next) && next.kind == TOK_PASTE;
}

/* The names the `##` chains of a replacement [p, end) may make. */
static void add_pastes(struct defines *d, const char *params,
		       const char *params_end, const char *p, const char *end)
{
	struct token t, prev = { NULL, 0, TOK_OTHER }, *parts = NULL;
	size_t n = 0, alloc = 0;
	int pasting = 0;

	while (next_token(&p, end, &t)) {
		if (t.kind == TOK_PASTE) {
			/* a chain starts with the token before its first ## */
			if (!pasting && prev.s) {
				n = 0;
				xgrow(&parts, &alloc, n + 1, sizeof(*parts));
				parts[n++] = prev;
				pasting = 1;
			}
			continue;
		}
		if (pasting) {
			xgrow(&parts, &alloc, n + 1, sizeof(*parts));
			parts[n++] = t;
			if (!paste_follows(p, end)) {
				add_chain(d, params, params_end, parts, n);
				pasting = 0;
			}
		}
		prev = t;
	}
	if (pasting)
		add_chain(d, params, params_end, parts, n);
	free(parts);
}

static void add_define(struct defines *d, const char *name, size_t len,
		       const char *p, const char *end)
{
	const char *s, *q = p, *params = NULL, *params_end = NULL;
	size_t n;

	/* most #defines are numbers (register maps): nothing to reach */
	while ((s = ctext_next_ident(&q, end, &n)) && n > MAX_IDENT)
		;
	if (!s)
		return;
	/* a function-like macro's parameters: `(` right after the name */
	if (p < end && *p == '(') {
		params = p + 1;
		params_end = memchr(params, ')', (size_t)(end - params));
		if (!params_end)
			params_end = end;
	}
	xgrow(&d->macro, &d->alloc, d->nr + 1, sizeof(*d->macro));
	xgrow(&d->first, &d->alloc_first, d->nr + 2, sizeof(*d->first));
	d->macro[d->nr] = intern(d, name, len);
	d->first[d->nr] = d->nr_used;
	add_pastes(d, params, params_end, params_end ? params_end : p, end);
	while ((s = ctext_next_ident(&p, end, &n))) {
		if (n > MAX_IDENT)
			continue;
		xgrow(&d->used, &d->alloc_used, d->nr_used + 1,
		      sizeof(*d->used));
		d->used[d->nr_used++] = intern(d, s, n);
	}
	d->nr++;
	d->first[d->nr] = d->nr_used;
}

static void read_defines(struct defines *d, const char *text, size_t size)
{
	const char *p = text, *end = text + size;

	while (p < end) {
		const char *name, *rest, *stop;
		size_t len;

		stop = read_line(p, end, &name, &len, &rest);
		if (name)
			add_define(d, name, len, rest, stop);
		p = stop + 1;
	}
}

static int is_header(const char *name)
{
	size_t n = strlen(name);

	return n > 2 && !strcmp(name + n - 2, ".h");
}

/* Read the headers below path, following links to directories once
 * each (seen: "dev:ino" of those entered). */
static int scan_dir(struct defines *d, struct strbuf *path,
		    struct strmap *seen, size_t *files)
{
	DIR *dir;
	struct dirent *e;
	struct stat st;
	size_t base = path->len;
	char id[64];

	if (stat(path->buf, &st))
		return -1;
	snprintf(id, sizeof(id), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	if (!strmap_add(seen, id, NULL, 1))
		return 0;
	dir = opendir(path->buf);
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		path->len = base;
		path->buf[base] = '\0';
		strbuf_addch(path, '/');
		strbuf_addstr(path, e->d_name);
		if (stat(path->buf, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			scan_dir(d, path, seen, files);
		} else if (S_ISREG(st.st_mode) && is_header(e->d_name)) {
			size_t size;
			char *text = text_read(path->buf, &size);

			if (text) {
				read_defines(d, text, size);
				(*files)++;
				free(text);
			}
		}
	}
	path->len = base;
	path->buf[base] = '\0';
	closedir(dir);
	return 0;
}

void counter_macros_init(struct counter_macros *cm)
{
	strmap_init(&cm->names);
	cm->files = 0;
}

void counter_macros_release(struct counter_macros *cm)
{
	strmap_release(&cm->names);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *reversed(const char *s)
{
	size_t n = strlen(s), i;
	char *r = xmalloc(n + 1);

	for (i = 0; i < n; i++)
		r[i] = s[n - 1 - i];
	r[n] = '\0';
	return r;
}

/* The first of the n sorted names not less than key. */
static size_t lower_bound(char *const *names, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(names[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* The names found so far, sorted, and sorted spelled backwards. */
struct found {
	char **fwd, **rev;
	size_t nr;
};

static void found_release(struct found *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		free(f->rev[i]);
	free(f->fwd);
	free(f->rev);
	memset(f, 0, sizeof(*f));
}

static void found_build(struct found *f, const struct defines *d,
			const unsigned char *in)
{
	size_t i;

	found_release(f);
	f->fwd = xmalloc((d->ids.nr + 1) * sizeof(*f->fwd));
	f->rev = xmalloc((d->ids.nr + 1) * sizeof(*f->rev));
	for (i = 0; i < d->ids.size; i++) {
		const struct strmap_entry *e = &d->ids.slots[i];

		if (e->key && in[e->value]) {
			f->fwd[f->nr] = e->key;
			f->rev[f->nr++] = reversed(e->key);
		}
	}
	qsort(f->fwd, f->nr, sizeof(*f->fwd), by_string);
	qsort(f->rev, f->nr, sizeof(*f->rev), by_string);
}

/* Whether the paste can make one of the names found. */
static int paste_reaches(const struct found *f, const struct paste *x)
{
	size_t j;

	if (x->prefix[0]) {
		for (j = lower_bound(f->fwd, f->nr, x->prefix);
		     j < f->nr && starts_with(f->fwd[j], x->prefix); j++)
			if (!x->suffix[0] || ends_with(f->fwd[j], x->suffix))
				return 1;
		return 0;
	}
	if (x->suffix[0]) {
		char *key = reversed(x->suffix);
		int hit;

		j = lower_bound(f->rev, f->nr, key);
		hit = j < f->nr && starts_with(f->rev[j], key);
		free(key);
		return hit;
	}
	return 1;	/* two parameters pasted: any name */
}

/* The names of the macros that reach __COUNTER__, by fixpoint. */
static void close_over(struct counter_macros *cm, struct defines *d)
{
	unsigned char *in = xcalloc(d->nr_ids ? d->nr_ids : 1, 1);
	struct found found;
	int64_t start;
	size_t i, k;
	int grew = 1;

	memset(&found, 0, sizeof(found));
	if (strmap_get(&d->ids, counter, &start))
		in[start] = 1;
	while (grew) {
		grew = 0;
		for (i = 0; i < d->nr; i++) {
			if (in[d->macro[i]])
				continue;
			for (k = d->first[i]; k < d->first[i + 1]; k++)
				if (in[d->used[k]])
					break;
			if (k < d->first[i + 1]) {
				in[d->macro[i]] = 1;
				grew = 1;
			}
		}
		found_build(&found, d, in);
		for (i = 0; i < d->nr_pastes; i++) {
			const struct paste *x = &d->pastes[i];

			if (!in[d->macro[x->define]] &&
			    paste_reaches(&found, x)) {
				in[d->macro[x->define]] = 1;
				grew = 1;
			}
		}
	}
	found_release(&found);
	strmap_put(&cm->names, counter, 1);
	for (i = 0; i < d->ids.size; i++) {
		const struct strmap_entry *e = &d->ids.slots[i];

		if (e->key && in[e->value])
			strmap_put(&cm->names, e->key, 1);
	}
	free(in);
}

int counter_macros_scan(struct counter_macros *cm, const char *root)
{
	struct defines d;
	struct strbuf path;
	struct strmap seen;
	size_t i;
	int rc;

	memset(&d, 0, sizeof(d));
	strmap_init(&d.ids);
	strmap_init(&seen);
	strbuf_init(&path);
	strbuf_addstr(&path, root);
	while (path.len > 1 && path.buf[path.len - 1] == '/')
		path.buf[--path.len] = '\0';
	rc = scan_dir(&d, &path, &seen, &cm->files);
	if (!rc)
		close_over(cm, &d);
	strmap_release(&seen);
	strbuf_release(&path);
	strmap_release(&d.ids);
	for (i = 0; i < d.nr_pastes; i++) {
		free(d.pastes[i].prefix);
		free(d.pastes[i].suffix);
	}
	free(d.pastes);
	free(d.macro);
	free(d.first);
	free(d.used);
	return rc;
}

int counter_named(const struct counter_macros *cm, const char *text,
		  size_t size)
{
	const char *p = text, *end = text + size, *s;
	size_t n;

	while ((s = ctext_next_ident(&p, end, &n)))
		if (strmap_getn(&cm->names, s, n, NULL))
			return 1;
	return 0;
}

int counter_defines(const struct counter_macros *cm, const char *text,
		    size_t size)
{
	const char *p = text, *end = text + size;

	while (p < end) {
		const char *name, *rest, *stop;
		size_t len;

		stop = read_line(p, end, &name, &len, &rest);
		if (name && counter_named(cm, rest, (size_t)(stop - rest)))
			return 1;
		p = stop + 1;
	}
	return 0;
}
