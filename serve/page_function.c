/*
 * The function page of kcg serve: where a function is defined, its
 * callers and callees grouped by edge kind (a field edge with its
 * struct.field and where the pointer was stored, a callback with the
 * helper it goes through), its indirect call sites with their targets,
 * where it is registered, its netfilter hook entries, and its source
 * with the call lines marked when the tree is on disk.  Also /source,
 * lines of one file of the indexed tree.
 *
 * Source is read only from under the index's root (meta root): a file
 * name with a ".." component is refused, and so is one whose real path
 * (symlinks resolved) leaves the root.
 */
#include "serve_int.h"

#include "db/edge_kind.h"
#include "queries/describe.h"
#include "queries/lookup.h"
#include "queries/path.h"
#include "render/render.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables of the page, in JSON order. */
enum {
	T_FUNCTION, T_EDGES, T_INDIRECT, T_HOOKS,	/* lookup_show */
	T_CALLERS, T_CALLEES, T_REGISTRATIONS, T_SOURCE, NR_TABLES
};

/* A source file's text, read whole (files of a kernel are small). */
static char *read_file_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[8192];
	size_t n;

	if (!f)
		return NULL;
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 &&
	       sb.len < 16 * 1024 * 1024)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

/* Does file have a ".." component? */
static int has_dotdot(const char *file)
{
	const char *p = file;

	while ((p = strstr(p, ".."))) {
		if ((p == file || p[-1] == '/') && (p[2] == '/' || !p[2]))
			return 1;
		p += 2;
	}
	return 0;
}

/*
 * The real path of file (as the index stores it: relative to the root,
 * or absolute) if it lies under the root; NULL with *why otherwise.
 */
static char *source_path(const struct server *s, const char *file,
			 const char **why)
{
	struct strbuf sb;
	char *real;
	size_t n;

	*why = "the index records no root";
	if (!s->real_root)
		return NULL;
	*why = "refused: a path with '..'";
	if (has_dotdot(file))
		return NULL;
	strbuf_init(&sb);
	if (file[0] == '/')
		strbuf_addstr(&sb, file);
	else
		strbuf_addf(&sb, "%s/%s", s->root, file);
	real = realpath(sb.buf, NULL);
	strbuf_release(&sb);
	*why = "not on disk";
	if (!real)
		return NULL;
	n = strlen(s->real_root);
	if (strncmp(real, s->real_root, n) || real[n] != '/') {
		*why = "refused: outside the indexed tree";
		free(real);
		return NULL;
	}
	return real;
}

/*
 * Append lines [first, last] of text to table t (file, line, text,
 * call: 1 on a line in calls[]).
 */
static void add_lines(struct result *t, const char *file, const char *text,
		      int first, int last, const int *calls, size_t nr_calls)
{
	const char *p = text;
	int line = 1;
	size_t i;

	while (*p && line <= last) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (line >= first) {
			struct cell *c = result_add_row(t);
			char *s = xstrndup(p, len);
			int call = 0;

			for (i = 0; i < nr_calls; i++)
				call |= calls[i] == line;
			cell_set_text(&c[0], file);
			cell_set_int(&c[1], line);
			cell_set_text(&c[2], s);
			cell_set_int(&c[3], call);
			free(s);
		}
		if (!end)
			break;
		p = end + 1;
		line++;
	}
}

static const char *const source_cols[] = { "file", "line", "text", "call" };

/*
 * Table "source": the definition from two lines before it to the last
 * call in its file (at most SERVE_SOURCE_LINES), the call lines marked;
 * and each call line in another file.  *why says why there is none.
 */
static void function_source(const struct server *s, const struct result *f,
			    const struct result *callees, struct result *out,
			    const char **why)
{
	const char *file = result_str(f, 0, "file");
	int line = (int)result_int(f, 0, "line"), last = line + 20;
	int *calls = xcalloc(callees->nr_rows + 1, sizeof(*calls));
	size_t row, nr = 0;
	char *path, *text;

	result_init(out, "source", source_cols, 4);
	*why = "no file recorded";
	if (!file) {
		free(calls);
		return;
	}
	for (row = 1; row < callees->nr_rows; row++) {
		const char *sf = result_str(callees, row, "site_file");
		int sl = (int)result_int(callees, row, "site_line");

		if (sf && !strcmp(sf, file) && sl >= line) {
			calls[nr++] = sl;
			if (sl + 2 > last)
				last = sl + 2;
		}
	}
	if (last > line + SERVE_SOURCE_LINES)
		last = line + SERVE_SOURCE_LINES;
	path = source_path(s, file, why);
	text = path ? read_file_text(path) : NULL;
	if (text)
		add_lines(out, file, text, line > 2 ? line - 2 : 1, last, calls,
			  nr);
	free(text);
	free(path);
	/* Calls whose site is in another file (a header, a macro). */
	for (row = 1; row < callees->nr_rows && out->nr_rows < 400; row++) {
		const char *sf = result_str(callees, row, "site_file");
		int sl = (int)result_int(callees, row, "site_line");
		const char *w;

		if (!sf || !strcmp(sf, file))
			continue;
		path = source_path(s, sf, &w);
		text = path ? read_file_text(path) : NULL;
		if (text)
			add_lines(out, sf, text, sl, sl, &sl, 1);
		free(text);
		free(path);
	}
	free(calls);
}

/*
 * Depth-1 callers or callees of fn, every kind, as `kcg callers` has it:
 * the tree in *t (the caller's to release) and its table in *out.
 */
static int neighbours(struct request *rq, int64_t fn, int callers,
		      struct tree *t, struct result *out,
		      struct kcg_error *err)
{
	const struct graph *g = &rq->srv->graph;

	tree_build(callers ? &g->in : &g->out, (uint32_t)fn, 1,
		   edge_kind_mask(0, 0), SERVE_MAX_TREE_ROWS, t);
	if (describe_tree(rq->db, t, callers, out, err))
		return -1;
	free(out->name);
	out->name = xstrdup(callers ? "callers" : "callees");
	return 0;
}

/* "name@file" for links to a function of a tree row. */
static void row_key(struct strbuf *sb, const struct result *r, size_t row)
{
	const char *file = result_str(r, row, "file");

	strbuf_reset(sb);
	strbuf_addstr(sb, result_str(r, row, "function"));
	if (file)
		strbuf_addf(sb, "@%s", file);
}

static void add_place(struct strbuf *sb, const char *file, int64_t line)
{
	if (!file)
		return;
	strbuf_addstr(sb, "<span class=\"file\">");
	html_add(sb, file);
	html_addf(sb, ":%lld</span>", (long long)line);
}

/* One table per edge kind of a callers/callees tree (rows 1..). */
static void html_edges(struct strbuf *sb, const struct result *t,
		       const char *heading)
{
	struct strbuf key;
	size_t k, row, n;

	html_addf(sb, "<h2>%s (%zu)</h2>\n", heading,
		  t->nr_rows ? t->nr_rows - 1 : 0);
	strbuf_init(&key);
	for (k = 0; k < NR_EDGE_KINDS; k++) {
		const char *kind = edge_kind(k)->name;

		for (row = 1, n = 0; row < t->nr_rows; row++)
			n += !strcmp(result_str(t, row, "kind"), kind);
		if (!n)
			continue;
		html_addf(sb, "<h3 class=\"kind kind-%s\">%s (%zu)</h3>\n"
			      "<table class=\"edges\">\n", kind, kind, n);
		for (row = 1; row < t->nr_rows; row++) {
			const char *through = result_str(t, row, "through");
			const char *via = result_str(t, row, "via");

			if (strcmp(result_str(t, row, "kind"), kind))
				continue;
			row_key(&key, t, row);
			strbuf_addstr(sb, "<tr><td>");
			html_fn_link(sb, key.buf,
				     result_str(t, row, "function"));
			strbuf_addstr(sb, "</td><td>");
			add_place(sb, result_str(t, row, "site_file"),
				  result_int(t, row, "site_line"));
			strbuf_addstr(sb, "</td><td>");
			if (through) {
				strbuf_addstr(sb, "<code>");
				html_add(sb, through);
				strbuf_addstr(sb, "</code> ");
			}
			if (via) {
				strbuf_addstr(sb, "via ");
				html_add(sb, via);
				strbuf_addch(sb, ' ');
			}
			if (result_str(t, row, "reg_file")) {
				strbuf_addstr(sb, "stored at ");
				add_place(sb, result_str(t, row, "reg_file"),
					  result_int(t, row, "reg_line"));
			}
			strbuf_addstr(sb, "</td></tr>\n");
		}
		strbuf_addstr(sb, "</table>\n");
	}
	strbuf_release(&key);
}

/* Each indirect call site with the targets the callees table has there. */
static void html_indirect(struct strbuf *sb, const struct result *ic,
			  const struct result *callees)
{
	struct strbuf key;
	size_t row, c;

	if (!ic->nr_rows)
		return;
	html_addf(sb, "<h2>Indirect calls (%zu)</h2>\n<table>\n"
		      "<tr><th>site</th><th>through</th><th>targets</th>"
		      "</tr>\n", ic->nr_rows);
	strbuf_init(&key);
	for (row = 0; row < ic->nr_rows; row++) {
		const char *file = result_str(ic, row, "site_file");
		int64_t line = result_int(ic, row, "site_line");
		const char *through = result_str(ic, row, "through");
		int first = 1;

		strbuf_addstr(sb, "<tr><td>");
		add_place(sb, file, line);
		strbuf_addstr(sb, "</td><td><code>");
		html_add(sb, through ? through : "?");
		html_addf(sb, "</code></td><td>%lld",
			  (long long)result_int(ic, row, "targets"));
		if (result_int(ic, row, "signature_targets"))
			html_addf(sb, " (+%lld by signature)",
				  (long long)result_int(ic, row,
							"signature_targets"));
		strbuf_addstr(sb, ":");
		for (c = 1; c < callees->nr_rows; c++) {
			const char *sf = result_str(callees, c, "site_file");

			if (!sf || !file || strcmp(sf, file) ||
			    result_int(callees, c, "site_line") != line ||
			    !strcmp(result_str(callees, c, "kind"),
				    "signature"))
				continue;
			row_key(&key, callees, c);
			strbuf_addstr(sb, first ? " " : ", ");
			html_fn_link(sb, key.buf,
				     result_str(callees, c, "function"));
			first = 0;
		}
		strbuf_addstr(sb, "</td></tr>\n");
	}
	strbuf_addstr(sb, "</table>\n");
	strbuf_release(&key);
}

static void html_registrations(struct strbuf *sb, const struct result *r)
{
	size_t row;

	if (!r->nr_rows)
		return;
	html_addf(sb, "<h2>Registered (%zu)</h2>\n<table>\n<tr><th>by</th>"
		      "<th>call</th><th>stored at</th><th>through</th></tr>\n",
		  r->nr_rows);
	for (row = 0; row < r->nr_rows; row++) {
		struct strbuf key;
		const char *file = result_str(r, row, "registrar_file");

		strbuf_init(&key);
		strbuf_addstr(&key, result_str(r, row, "registrar"));
		if (file)
			strbuf_addf(&key, "@%s", file);
		strbuf_addstr(sb, "<tr><td>");
		html_fn_link(sb, key.buf, result_str(r, row, "registrar"));
		strbuf_addstr(sb, "</td><td>");
		add_place(sb, result_str(r, row, "site_file"),
			  result_int(r, row, "site_line"));
		strbuf_addstr(sb, "</td><td>");
		add_place(sb, result_str(r, row, "reg_file"),
			  result_int(r, row, "reg_line"));
		strbuf_addstr(sb, "</td><td>");
		html_add(sb, result_str(r, row, "chain"));
		strbuf_addstr(sb, "</td></tr>\n");
		strbuf_release(&key);
	}
	strbuf_addstr(sb, "</table>\n");
}

static void html_hooks(struct strbuf *sb, const struct result *h)
{
	size_t row;

	if (!h->nr_rows)
		return;
	html_addf(sb, "<h2>Netfilter hook entries (%zu)</h2>\n<ul>\n",
		  h->nr_rows);
	for (row = 0; row < h->nr_rows; row++) {
		strbuf_addstr(sb, "<li>");
		html_add(sb, result_str(h, row, "family"));
		strbuf_addch(sb, ' ');
		html_add(sb, result_str(h, row, "hook"));
		html_addf(sb, " priority %lld ",
			  (long long)result_int(h, row, "priority"));
		add_place(sb, result_str(h, row, "entry_file"),
			  result_int(h, row, "entry_line"));
		strbuf_addstr(sb, "</li>\n");
	}
	strbuf_addstr(sb, "</ul>\n");
}

static void html_source(struct strbuf *sb, const struct result *src,
			const char *why)
{
	const char *file = NULL;
	size_t row;

	strbuf_addstr(sb, "<h2>Source</h2>\n");
	if (!src->nr_rows) {
		strbuf_addstr(sb, "<p class=\"note\">No source: ");
		html_add(sb, why);
		strbuf_addstr(sb, ".</p>\n");
		return;
	}
	for (row = 0; row < src->nr_rows; row++) {
		const char *f = result_str(src, row, "file");
		int64_t line = result_int(src, row, "line");

		if (!file || strcmp(f, file)) {
			if (file)
				strbuf_addstr(sb, "</pre>\n");
			strbuf_addstr(sb, "<p class=\"file\">");
			html_add(sb, f);
			strbuf_addstr(sb, "</p>\n<pre class=\"source\">");
			file = f;
		}
		html_addf(sb, "<span class=\"line%s\" id=\"L%lld\">"
			      "<span class=\"nr\">%6lld</span> ",
			  result_int(src, row, "call") ? " call" : "",
			  (long long)line, (long long)line);
		html_add(sb, result_str(src, row, "text"));
		strbuf_addstr(sb, "</span>");
	}
	strbuf_addstr(sb, "</pre>\n");
}

/* The callers and callees of fn as one diagram, nodes linked. */
static int html_diagram(struct request *rq, struct strbuf *body,
			const struct fn_ref *fn, const struct tree *trees,
			struct kcg_error *err)
{
	struct diagram d;
	struct strbuf title;
	int rc;

	if (trees[0].nr <= 1 && trees[1].nr <= 1)
		return 0;
	strbuf_init(&title);
	strbuf_addf(&title, "callers and callees of %s", fn->name);
	diagram_init(&d);
	rc = diagram_from_tree(rq->db, &trees[0], 1, NULL, title.buf, &d,
			       err);
	if (!rc)
		rc = diagram_from_tree(rq->db, &trees[1], 0, NULL, NULL, &d,
				       err);
	if (!rc)
		rc = serve_draw(rq, &d, body, err);
	diagram_release(&d);
	strbuf_release(&title);
	return rc;
}

static int html_function(struct request *rq, struct reply *rp,
			 const struct fn_ref *fn, const struct result *t,
			 const struct tree *trees, const char *why,
			 struct kcg_error *err)
{
	const struct result *f = &t[T_FUNCTION];
	const char *file = result_str(f, 0, "file");
	struct diagram_builder b;
	struct strbuf body;
	char *url;

	strbuf_init(&body);
	strbuf_addstr(&body, "<h1>");
	html_add(&body, fn->name);
	strbuf_addstr(&body, "</h1>\n<p class=\"def\">");
	if (result_int(f, 0, "defined"))
		strbuf_addstr(&body, "defined at ");
	else
		strbuf_addstr(&body, "declared only (no body indexed) at ");
	add_place(&body, file, result_int(f, 0, "line"));
	strbuf_addstr(&body, ", ");
	html_add(&body, result_str(f, 0, "linkage"));
	if (result_int(f, 0, "inline"))
		strbuf_addstr(&body, ", inline");
	diagram_builder_init(&b, rq->db, NULL, NULL);
	url = diagram_builder_url(&b, file, (int)result_int(f, 0, "line"));
	if (url) {
		strbuf_addstr(&body, " &middot; <a class=\"ext\" href=\"");
		html_add(&body, url);
		html_addf(&body, "\">%s</a>", b.version ? "Elixir" : "file");
	}
	free(url);
	diagram_builder_release(&b);
	strbuf_addstr(&body, "</p>\n");
	if (result_str(f, 0, "type")) {
		strbuf_addstr(&body, "<p><code>");
		html_add(&body, result_str(f, 0, "type"));
		strbuf_addstr(&body, "</code></p>\n");
	}
	strbuf_addstr(&body, "<p class=\"nav\">");
	html_addf(&body, "<a href=\"/neighbourhood?name=%s", "");
	url_add(&body, fn->name);
	if (fn->file) {
		strbuf_addch(&body, '@');
		url_add(&body, fn->file);
	}
	strbuf_addstr(&body, "&amp;dir=callers\">callers diagram</a> "
			     "&middot; <a href=\"/neighbourhood?name=");
	url_add(&body, fn->name);
	if (fn->file) {
		strbuf_addch(&body, '@');
		url_add(&body, fn->file);
	}
	strbuf_addstr(&body, "&amp;dir=callees\">callees diagram</a> "
			     "&middot; <a href=\"/path?from=");
	url_add(&body, fn->name);
	strbuf_addstr(&body, "\">paths from here</a></p>\n");
	if (html_diagram(rq, &body, fn, trees, err)) {
		strbuf_release(&body);
		return -1;
	}
	html_edges(&body, &t[T_CALLERS], "Callers");
	html_edges(&body, &t[T_CALLEES], "Callees");
	html_indirect(&body, &t[T_INDIRECT], &t[T_CALLEES]);
	html_registrations(&body, &t[T_REGISTRATIONS]);
	html_hooks(&body, &t[T_HOOKS]);
	html_source(&body, &t[T_SOURCE], why);
	reply_page(rq, rp, fn->name, &body);
	strbuf_release(&body);
	return 0;
}

void page_function(struct request *rq, struct reply *rp)
{
	struct result t[NR_TABLES];
	struct tree trees[2];
	struct kcg_error err;
	struct fn_ref fn;
	const char *why = "";
	int rc, i;

	memset(t, 0, sizeof(t));
	memset(trees, 0, sizeof(trees));
	if (req_function(rq, rp, "function", "name", &fn))
		return;
	rc = lookup_show(rq->db, fn.id, t, &err);
	if (!rc)
		rc = neighbours(rq, fn.id, 1, &trees[0], &t[T_CALLERS],
				&err);
	if (!rc)
		rc = neighbours(rq, fn.id, 0, &trees[1], &t[T_CALLEES],
				&err);
	if (!rc)
		rc = lookup_registrations(rq->db, &rq->srv->graph, fn.id,
					  &t[T_REGISTRATIONS], &err);
	if (!rc) {
		function_source(rq->srv, &t[T_FUNCTION], &t[T_CALLEES],
				&t[T_SOURCE], &why);
		if (rq->json)
			reply_json(rq, rp, "function", t, NR_TABLES);
		else
			rc = html_function(rq, rp, &fn, t, trees, why, &err);
	}
	if (rc)
		reply_error(rq, rp, "function", 500, NULL, "%s", err.msg);
	tree_release(&trees[0]);
	tree_release(&trees[1]);
	for (i = 0; i < NR_TABLES; i++)
		result_release(&t[i]);
	fn_ref_release(&fn);
}

/* /source?file=F&line=N[&context=C]: lines of one file of the tree. */
void page_source(struct request *rq, struct reply *rp)
{
	const char *file = req_param(rq, "file"), *why;
	struct result t;
	struct strbuf body;
	char *path, *text;
	int line, context;

	if (!file) {
		reply_error(rq, rp, "source", 400, NULL,
			    "give a file: 'file=PATH'");
		return;
	}
	if (req_int(rq, rp, "line", 1, 10000000, 1, &line) ||
	    req_int(rq, rp, "context", 0, 200, 10, &context))
		return;
	path = source_path(rq->srv, file, &why);
	if (!path) {
		reply_error(rq, rp, "source", strncmp(why, "refused", 7) ?
						      404 : 403,
			    NULL, "'%s': %s", file, why);
		return;
	}
	text = read_file_text(path);
	free(path);
	if (!text) {
		reply_error(rq, rp, "source", 404, NULL, "cannot read '%s'",
			    file);
		return;
	}
	result_init(&t, "source", source_cols, 4);
	add_lines(&t, file, text, line > context ? line - context : 1,
		  line + context, &line, 1);
	free(text);
	if (rq->json) {
		reply_json(rq, rp, "source", &t, 1);
	} else {
		strbuf_init(&body);
		html_source(&body, &t, "no such line");
		reply_page(rq, rp, file, &body);
		strbuf_release(&body);
	}
	result_release(&t);
}
