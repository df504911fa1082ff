/*
 * The pages of kcg serve other than the function page: search (and its
 * JSON as you type), a function's neighbourhood as a diagram, paths
 * between functions, the documented flows and the netfilter hooks.
 * Diagrams are render/'s, drawn to SVG in memory, every function node a
 * link to its function page.
 */
#include "serve_int.h"

#include "db/db.h"
#include "db/edge_kind.h"
#include "queries/describe.h"
#include "queries/flow.h"
#include "queries/flow_dir.h"
#include "queries/lookup.h"
#include "queries/path.h"
#include "render/render.h"
#include "util/alloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- search ---- */

#define SEARCH_ROWS 40

/*
 * Table "matches": functions whose name starts with q (name, file, line,
 * defined, same_name: how many functions have that name), and table
 * "nearest" (name) by edit distance.
 */
static int search(sqlite3 *db, const char *q, struct result *t,
		  struct kcg_error *err)
{
	static const char *const ncols[] = { "name" };
	sqlite3_stmt *st;
	char **names;
	int rc, n, i;

	if (db_prepare(db, "SELECT f.name AS name, fl.path AS file, "
			   "  f.line AS line, f.is_defined AS defined, "
			   "  (SELECT count(*) FROM functions g "
			   "     WHERE g.name = f.name) AS same_name "
			   "FROM functions f LEFT JOIN files fl "
			   "  ON fl.id = f.file_id "
			   "WHERE f.name >= ?1 AND f.name < ?1 || char(127) "
			   "ORDER BY length(f.name), f.name, fl.path "
			   "LIMIT ?2", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, SEARCH_ROWS);
	result_init_stmt(&t[0], "matches", st);
	rc = result_add_stmt_rows(&t[0], st, err);
	sqlite3_finalize(st);
	result_init(&t[1], "nearest", ncols, 1);
	if (rc)
		return -1;
	if (strlen(q) < 3)
		return 0;
	n = name_suggest(db, q, 10, &names, err);
	if (n < 0)
		return -1;
	for (i = 0; names[i]; i++) {
		cell_set_text(&result_add_row(&t[1])[0], names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

static void html_matches(struct strbuf *sb, const struct result *t)
{
	struct strbuf key;
	size_t row;

	strbuf_init(&key);
	strbuf_addstr(sb, "<ul id=\"matches\">\n");
	for (row = 0; row < t[0].nr_rows; row++) {
		const char *name = result_str(&t[0], row, "name");
		const char *file = result_str(&t[0], row, "file");

		strbuf_reset(&key);
		strbuf_addstr(&key, name);
		if (file && result_int(&t[0], row, "same_name") > 1)
			strbuf_addf(&key, "@%s", file);
		strbuf_addstr(sb, "<li>");
		html_fn_link(sb, key.buf, name);
		if (file) {
			strbuf_addstr(sb, " <span class=\"file\">");
			html_add(sb, file);
			html_addf(sb, ":%lld</span>",
				  (long long)result_int(&t[0], row, "line"));
		}
		strbuf_addstr(sb, "</li>\n");
	}
	strbuf_addstr(sb, "</ul>\n<p id=\"nearest\">");
	if (t[1].nr_rows)
		strbuf_addstr(sb, "Nearest names: ");
	for (row = 0; row < t[1].nr_rows; row++) {
		if (row)
			strbuf_addstr(sb, ", ");
		html_fn_link(sb, result_str(&t[1], row, "name"), NULL);
	}
	strbuf_addstr(sb, "</p>\n");
	strbuf_release(&key);
}

void page_search(struct request *rq, struct reply *rp)
{
	const char *q = req_param(rq, "q");
	struct result t[2];
	struct kcg_error err;
	struct strbuf body;

	memset(t, 0, sizeof(t));
	if (q && search(rq->db, q, t, &err)) {
		reply_error(rq, rp, "search", 500, NULL, "%s", err.msg);
		result_release(&t[0]);
		result_release(&t[1]);
		return;
	}
	if (rq->json && q) {
		reply_json(rq, rp, "search", t, 2);
	} else if (rq->json) {
		reply_error(rq, rp, "search", 400, NULL, "give 'q=PREFIX'");
	} else {
		strbuf_init(&body);
		strbuf_addstr(&body, "<h1>Search</h1>\n"
				     "<form action=\"/search\"><input "
				     "id=\"q\" name=\"q\" autofocus "
				     "autocomplete=\"off\" size=\"40\" "
				     "placeholder=\"function name\" value=\"");
		html_add(&body, q);
		strbuf_addstr(&body, "\"> <button>search</button></form>\n");
		if (q)
			html_matches(&body, t);
		else
			strbuf_addstr(&body, "<ul id=\"matches\"></ul>\n"
					     "<p id=\"nearest\"></p>\n");
		reply_page(rq, rp, "search", &body);
		strbuf_release(&body);
	}
	result_release(&t[0]);
	result_release(&t[1]);
}

void page_api_search(struct request *rq, struct reply *rp)
{
	rq->json = 1;
	page_search(rq, rp);
}

/* ---- diagrams ---- */

int serve_draw(struct request *rq, struct diagram *d, struct strbuf *body,
		struct kcg_error *err)
{
	struct strbuf url;
	size_t i, len;
	char *svg;

	strbuf_init(&url);
	for (i = 0; i < d->nr_nodes; i++) {
		struct diagram_node *n = &d->nodes[i];

		if (n->kind != NODE_FUNCTION)
			continue;
		strbuf_reset(&url);
		strbuf_addstr(&url, "/function?name=");
		url_add(&url, n->name);
		if (n->file) {
			strbuf_addch(&url, '@');
			url_add(&url, n->file);
		}
		free(n->url);
		n->url = xstrdup(url.buf);
	}
	strbuf_release(&url);
	diagram_cut(d, (size_t)rq->srv->config.max_nodes);
	if (render_graphviz_data(d, RENDER_SVG, &svg, &len, err))
		return -1;
	html_add_svg(body, svg);
	free(svg);
	return 0;
}

/* The kinds parameter as a mask: def when absent; -1 with a 400. */
static int req_kinds(struct request *rq, struct reply *rp, unsigned def,
		     unsigned *mask)
{
	const char *kinds = req_param(rq, "kinds");
	struct kcg_error err;

	*mask = def;
	if (kinds && edge_kind_parse_list(kinds, mask, &err)) {
		reply_error(rq, rp, rq->path + 1, 400, NULL, "%s", err.msg);
		return -1;
	}
	return 0;
}

/* The rank parameter: fanout (the default) or hops; -1 with a 400. */
static int req_rank(struct request *rq, struct reply *rp,
		    enum path_rank *rank)
{
	const char *v = req_param(rq, "rank");

	*rank = PATH_RANK_FANOUT;
	if (!v || !strcmp(v, "fanout"))
		return 0;
	if (!strcmp(v, "hops")) {
		*rank = PATH_RANK_HOPS;
		return 0;
	}
	reply_error(rq, rp, rq->path + 1, 400, NULL,
		    "'rank' is fanout or hops");
	return -1;
}

static void form_input(struct strbuf *sb, const char *label,
		       const char *name, const char *value, int size)
{
	html_addf(sb, "<label>%s <input name=\"%s\" size=\"%d\" value=\"",
		  label, name, size);
	html_add(sb, value);
	strbuf_addstr(sb, "\"></label>\n");
}

/* ---- neighbourhood ---- */

void page_neighbourhood(struct request *rq, struct reply *rp)
{
	const char *dir = req_param(rq, "dir");
	const struct graph *g = &rq->srv->graph;
	struct kcg_error err;
	struct fn_ref fn;
	struct tree t;
	struct result r;
	struct diagram d;
	struct strbuf body, title;
	unsigned mask;
	int depth, callers, rc;
	char buf[16];

	if (dir && strcmp(dir, "callers") && strcmp(dir, "callees")) {
		reply_error(rq, rp, "neighbourhood", 400, NULL,
			    "'dir' is callers or callees, not '%s'", dir);
		return;
	}
	callers = !dir || !strcmp(dir, "callers");
	if (req_int(rq, rp, "depth", 1, SERVE_MAX_DEPTH, 2, &depth) ||
	    req_kinds(rq, rp, KIND_MASK_DEFAULT, &mask) ||
	    req_function(rq, rp, callers ? "callers" : "callees", "name",
			 &fn))
		return;
	memset(&t, 0, sizeof(t));
	tree_build(callers ? &g->in : &g->out, (uint32_t)fn.id, depth, mask,
		   SERVE_MAX_TREE_ROWS, &t);
	if (rq->json) {
		if (describe_tree(rq->db, &t, callers, &r, &err))
			reply_error(rq, rp, "neighbourhood", 500, NULL, "%s",
				    err.msg);
		else
			reply_json(rq, rp, callers ? "callers" : "callees",
				   &r, 1);
		result_release(&r);
		tree_release(&t);
		fn_ref_release(&fn);
		return;
	}
	strbuf_init(&title);
	strbuf_addf(&title, "%s of %s, %d level%s", callers ? "callers" :
							      "callees",
		    fn.name, depth, depth > 1 ? "s" : "");
	strbuf_init(&body);
	strbuf_addstr(&body, "<h1>");
	html_add(&body, title.buf);
	strbuf_addstr(&body, "</h1>\n<form action=\"/neighbourhood\">\n");
	form_input(&body, "function", "name", req_param(rq, "name"), 30);
	html_addf(&body, "<select name=\"dir\"><option%s>callers</option>"
			 "<option%s>callees</option></select>\n",
		  callers ? " selected" : "", callers ? "" : " selected");
	snprintf(buf, sizeof(buf), "%d", depth);
	form_input(&body, "depth", "depth", buf, 2);
	form_input(&body, "kinds", "kinds", req_param(rq, "kinds"), 30);
	strbuf_addstr(&body, "<button>draw</button></form>\n<p>");
	html_fn_link(&body, req_param(rq, "name"), "function page");
	strbuf_addstr(&body, "</p>\n");
	diagram_init(&d);
	if (t.nr <= 1) {
		html_addf(&body, "<p class=\"note\">No %s of these "
				 "kinds.</p>\n",
			  callers ? "callers" : "callees");
		rc = 0;
	} else {
		rc = diagram_from_tree(rq->db, &t, callers, NULL, title.buf,
				       &d, &err);
		if (!rc)
			rc = serve_draw(rq, &d, &body, &err);
	}
	if (rc)
		reply_error(rq, rp, "neighbourhood", 500, NULL, "%s", err.msg);
	else
		reply_page(rq, rp, title.buf, &body);
	diagram_release(&d);
	strbuf_release(&body);
	strbuf_release(&title);
	tree_release(&t);
	fn_ref_release(&fn);
}

/* ---- path ---- */

/* Resolve the comma-separated names of parameter key into ids. */
static int req_list(struct request *rq, struct reply *rp, const char *key,
		    uint32_t *ids, size_t max, size_t *nr)
{
	const char *list = req_param(rq, key), *p;
	struct request one = *rq;
	struct fn_ref f;
	int rc = 0;

	*nr = 0;
	for (p = list; p && *p && !rc;) {
		size_t len = strcspn(p, ",");
		char *name = xstrndup(p, len);

		if (len && *nr == max) {
			reply_error(rq, rp, "path", 400, NULL,
				    "at most %zu functions in '%s'", max, key);
			rc = -1;
		} else if (len) {
			one.params[0].key = key;
			one.params[0].value = name;
			one.nr_params = 1;
			rc = req_function(&one, rp, "path", key, &f);
			if (!rc)
				ids[(*nr)++] = (uint32_t)f.id;
			fn_ref_release(&f);
		}
		free(name);
		p += len;
		if (*p == ',')
			p++;
	}
	return rc;
}

static void path_form(struct request *rq, struct strbuf *sb, int k)
{
	char buf[16];

	strbuf_addstr(sb, "<form action=\"/path\" id=\"pathform\">\n");
	form_input(sb, "from", "from", req_param(rq, "from"), 24);
	form_input(sb, "to", "to", req_param(rq, "to"), 24);
	form_input(sb, "through", "through", req_param(rq, "through"), 20);
	form_input(sb, "avoid", "avoid", req_param(rq, "avoid"), 20);
	snprintf(buf, sizeof(buf), "%d", k);
	form_input(sb, "k", "k", buf, 2);
	form_input(sb, "kinds", "kinds", req_param(rq, "kinds"), 20);
	strbuf_addstr(sb, "<button>find</button></form>\n");
}

static void html_hops(struct strbuf *sb, const struct result *r,
		      const struct path_list *paths)
{
	struct strbuf key;
	size_t p, h, row = 0;

	strbuf_init(&key);
	for (p = 0; p < paths->nr; p++) {
		html_addf(sb, "<h2>Path %zu: %zu hop%s, cost %.1f</h2>\n"
			      "<table class=\"hops\">\n<tr><th>caller</th>"
			      "<th>callee</th><th>kind</th><th>site</th>"
			      "<th>detail</th></tr>\n", p + 1,
			  paths->items[p].hops,
			  paths->items[p].hops == 1 ? "" : "s",
			  paths->items[p].cost);
		for (h = 0; h < paths->items[p].hops; h++, row++) {
			const char *through = result_str(r, row, "through");
			const char *via = result_str(r, row, "via");
			static const char *const ends[] = { "caller",
							    "callee" };
			int e;

			strbuf_addstr(sb, "<tr>");
			for (e = 0; e < 2; e++) {
				char col[16];
				const char *file;

				snprintf(col, sizeof(col), "%s_file", ends[e]);
				file = result_str(r, row, col);
				strbuf_reset(&key);
				strbuf_addstr(&key, result_str(r, row,
							       ends[e]));
				if (file)
					strbuf_addf(&key, "@%s", file);
				strbuf_addstr(sb, "<td>");
				html_fn_link(sb, key.buf,
					     result_str(r, row, ends[e]));
				strbuf_addstr(sb, "</td>");
			}
			html_addf(sb, "<td class=\"kind kind-%s\">%s",
				  result_str(r, row, "kind"),
				  result_str(r, row, "kind"));
			if (result_int(r, row, "fanout") > 1)
				html_addf(sb, " <span class=\"fanout\">1 of "
					      "%lld</span>",
					  (long long)result_int(r, row,
								"fanout"));
			strbuf_addstr(sb, "</td><td>");
			if (result_str(r, row, "site_file")) {
				html_add(sb, result_str(r, row, "site_file"));
				html_addf(sb, ":%lld",
					  (long long)result_int(r, row,
								"site_line"));
			}
			strbuf_addstr(sb, "</td><td>");
			if (through) {
				strbuf_addstr(sb, "<code>");
				html_add(sb, through);
				strbuf_addstr(sb, "</code> ");
			}
			if (via) {
				strbuf_addstr(sb, "via ");
				html_add(sb, via);
			}
			strbuf_addstr(sb, "</td></tr>\n");
		}
		strbuf_addstr(sb, "</table>\n");
	}
	strbuf_release(&key);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Find the paths the parameters ask for; -1 with the reply made. */
static int find_paths(struct request *rq, struct reply *rp, int k,
		      struct path_list *paths)
{
	uint32_t through[8], avoid[32];
	struct path_query q;
	struct kcg_error err;
	struct fn_ref from, to;
	size_t i, j;

	memset(&q, 0, sizeof(q));
	if (req_kinds(rq, rp, KIND_MASK_DEFAULT, &q.kinds) ||
	    req_int(rq, rp, "max_depth", 0, 100, 0, &q.max_depth) ||
	    req_rank(rq, rp, &q.rank))
		return -1;
	if (req_function(rq, rp, "path", "from", &from))
		return -1;
	if (req_function(rq, rp, "path", "to", &to)) {
		fn_ref_release(&from);
		return -1;
	}
	q.from = (uint32_t)from.id;
	q.to = (uint32_t)to.id;
	fn_ref_release(&from);
	fn_ref_release(&to);
	if (req_list(rq, rp, "through", through, 8, &q.nr_through) ||
	    req_list(rq, rp, "avoid", avoid, 32, &q.nr_avoid))
		return -1;
	for (i = 0; i < q.nr_avoid; i++) {
		int clash = avoid[i] == q.from || avoid[i] == q.to;

		for (j = 0; j < q.nr_through; j++)
			clash |= avoid[i] == through[j];
		if (clash) {
			reply_error(rq, rp, "path", 400, NULL, "'avoid' names "
				    "from, to or a 'through' function");
			return -1;
		}
	}
	q.through = through;
	q.avoid = avoid;
	q.k = k;
	q.deadline = now() + SERVE_PATH_SECONDS;
	if (path_find(&rq->srv->graph, &q, paths, &err)) {
		reply_error(rq, rp, "path", 500, NULL, "%s", err.msg);
		return -1;
	}
	return 0;
}

void page_path(struct request *rq, struct reply *rp)
{
	struct path_list paths;
	struct kcg_error err;
	struct result r;
	struct diagram d;
	struct strbuf body, title;
	int k, rc = 0;

	if (req_int(rq, rp, "k", 1, SERVE_MAX_K, 1, &k))
		return;
	if (!rq->json && (!req_param(rq, "from") || !req_param(rq, "to"))) {
		strbuf_init(&body);
		strbuf_addstr(&body, "<h1>Path</h1>\n");
		path_form(rq, &body, k);
		reply_page(rq, rp, "path", &body);
		strbuf_release(&body);
		return;
	}
	path_list_init(&paths);
	if (find_paths(rq, rp, k, &paths)) {
		path_list_release(&paths);
		return;
	}
	memset(&r, 0, sizeof(r));
	if (describe_paths(rq->db, &paths, &r, &err)) {
		reply_error(rq, rp, "path", 500, NULL, "%s", err.msg);
	} else if (rq->json) {
		reply_json(rq, rp, "path", &r, 1);
		if (!paths.nr)
			rp->status = 404;
	} else {
		strbuf_init(&title);
		strbuf_addf(&title, "%s -> %s", req_param(rq, "from"),
			    req_param(rq, "to"));
		strbuf_init(&body);
		strbuf_addstr(&body, "<h1>Path ");
		html_add(&body, title.buf);
		strbuf_addstr(&body, "</h1>\n");
		path_form(rq, &body, k);
		if (paths.cut)
			strbuf_addstr(&body, "<p class=\"note\">The search "
					     "stopped at its time limit: "
					     "fewer paths than asked.</p>\n");
		diagram_init(&d);
		if (!paths.nr) {
			strbuf_addstr(&body, "<p class=\"note\" id=\"nopath\">"
					     "No path.</p>\n");
		} else {
			rc = diagram_from_paths(rq->db, &paths, NULL,
						title.buf, &d, &err);
			if (!rc)
				rc = serve_draw(rq, &d, &body, &err);
			html_hops(&body, &r, &paths);
		}
		if (rc)
			reply_error(rq, rp, "path", 500, NULL, "%s", err.msg);
		else
			reply_page(rq, rp, title.buf, &body);
		if (!rc && !paths.nr)
			rp->status = 404;
		diagram_release(&d);
		strbuf_release(&body);
		strbuf_release(&title);
	}
	result_release(&r);
	path_list_release(&paths);
}

/* ---- flows ---- */

/* Table "flows" (name, title, problem) of the flows in dir. */
/* Whether out lists the flow called name (len bytes) already. */
static int flow_listed(const struct result *out, const char *name,
		       size_t len)
{
	size_t row;

	for (row = 0; row < out->nr_rows; row++) {
		const char *listed = result_str(out, row, "name");

		if (listed && strlen(listed) == len &&
		    !strncmp(listed, name, len))
			return 1;
	}
	return 0;
}

/* The flows of one directory not listed already (by an earlier one). */
static void list_flows_in(const char *dir, struct result *out)
{
	struct dirent **ents;
	int n, i;

	n = scandir(dir, &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t len = strlen(name);

		if (len > 5 && !strcmp(name + len - 5, ".flow") &&
		    !flow_listed(out, name, len - 5)) {
			struct cell *c = result_add_row(out);
			struct kcg_error err;
			struct strbuf path;
			struct flow f;
			char *base = xstrndup(name, len - 5);

			strbuf_init(&path);
			strbuf_addf(&path, "%s/%s", dir, name);
			cell_set_text(&c[0], base);
			if (flow_load(path.buf, &f, &err))
				cell_set_text(&c[2], err.msg);
			else
				cell_set_text(&c[1], f.title);
			flow_release(&f);
			strbuf_release(&path);
			free(base);
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

/* The flows of dirs in order, a name found in several from the first. */
static void list_flows(char *const *dirs, struct result *out)
{
	static const char *const cols[] = { "name", "title", "problem" };
	size_t i;

	result_init(out, "flows", cols, 3);
	for (i = 0; dirs[i]; i++)
		list_flows_in(dirs[i], out);
}

static const char *leg_status_name(const struct flow_leg *leg)
{
	if (leg->handoff)
		return "hand-off";
	return leg->status == LEG_OK ? "ok" : "broken";
}

/* Table "legs" of a connected flow: one row per leg. */
static void flow_legs(const struct flow *f, const struct flow_result *r,
		      struct result *out)
{
	static const char *const cols[] = {
		"stage", "stage_label", "context", "from", "to", "status",
		"hops", "problem", "line",
	};
	size_t l, i;

	result_init(out, "legs", cols, 9);
	for (l = 0; l < r->nr_legs; l++) {
		const struct flow_leg *leg = &r->legs[l];
		const struct flow_stage *st = &f->stages[leg->stage];
		struct cell *c = result_add_row(out);
		struct strbuf why;

		cell_set_int(&c[0], (int64_t)leg->stage + 1);
		cell_set_text(&c[1], st->label);
		cell_set_text(&c[2], st->context);
		cell_set_text(&c[3], leg->from_name);
		cell_set_text(&c[4], leg->to_name);
		cell_set_text(&c[5], leg_status_name(leg));
		if (leg->status == LEG_OK && !leg->handoff)
			cell_set_int(&c[6], (int64_t)leg->path.hops);
		strbuf_init(&why);
		if (leg->status == LEG_NO_PATH)
			strbuf_addf(&why, "no path within %d hops",
				    f->max_hops);
		for (i = 0; leg->status == LEG_UNKNOWN && i < r->nr_names;
		     i++)
			if (r->names[i].problem &&
			    (!strcmp(r->names[i].spec, leg->from_name) ||
			     !strcmp(r->names[i].spec, leg->to_name)))
				strbuf_addf(&why, "%s'%s' %s", why.len ?
							      "; " : "",
					    r->names[i].spec,
					    r->names[i].problem);
		cell_set_text(&c[7], why.len ? why.buf : NULL);
		cell_set_int(&c[8], st->steps[leg->step].line);
		strbuf_release(&why);
	}
}

static void html_flow_list(struct strbuf *sb, const struct result *t)
{
	size_t row;

	strbuf_addstr(sb, "<ul>\n");
	for (row = 0; row < t->nr_rows; row++) {
		strbuf_addstr(sb, "<li><a href=\"/flows?name=");
		url_add(sb, result_str(t, row, "name"));
		strbuf_addstr(sb, "\">");
		html_add(sb, result_str(t, row, "name"));
		strbuf_addstr(sb, "</a> ");
		html_add(sb, result_str(t, row, "title"));
		html_add(sb, result_str(t, row, "problem"));
		strbuf_addstr(sb, "</li>\n");
	}
	strbuf_addstr(sb, "</ul>\n");
}

static void html_legs(struct strbuf *sb, const struct result *t)
{
	size_t row;
	int64_t stage = 0;

	for (row = 0; row < t->nr_rows; row++) {
		const char *status = result_str(t, row, "status");

		if (result_int(t, row, "stage") != stage) {
			if (stage)
				strbuf_addstr(sb, "</table>\n");
			stage = result_int(t, row, "stage");
			html_addf(sb, "<h3>Stage %lld: ", (long long)stage);
			html_add(sb, result_str(t, row, "stage_label"));
			if (result_str(t, row, "context")) {
				strbuf_addstr(sb, " <span class=\"file\">[");
				html_add(sb, result_str(t, row, "context"));
				strbuf_addstr(sb, "]</span>");
			}
			strbuf_addstr(sb, "</h3>\n<table class=\"legs\">\n");
		}
		strbuf_addstr(sb, "<tr><td>");
		html_fn_link(sb, result_str(t, row, "from"), NULL);
		strbuf_addstr(sb, !strcmp(status, "hand-off") ? " ~&gt; " :
								" -&gt; ");
		html_fn_link(sb, result_str(t, row, "to"), NULL);
		html_addf(sb, "</td><td class=\"%s\">", status);
		if (!strcmp(status, "ok"))
			html_addf(sb, "%lld hop%s",
				  (long long)result_int(t, row, "hops"),
				  result_int(t, row, "hops") == 1 ? "" : "s");
		else
			html_add(sb, status);
		strbuf_addstr(sb, " ");
		html_add(sb, result_str(t, row, "problem"));
		strbuf_addstr(sb, "</td></tr>\n");
	}
	if (stage)
		strbuf_addstr(sb, "</table>\n");
}

/* /flows?name=N: one flow connected, reported and drawn. */
static void one_flow(struct request *rq, struct reply *rp, char *const *dirs,
		     const char *name)
{
	struct kcg_error err;
	struct flow_result r;
	struct result legs;
	struct diagram d;
	struct strbuf body;
	struct flow f;
	char *path;
	int rc;

	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
	    strlen(name)) {
		reply_error(rq, rp, "flows", 400, NULL, "no flow '%s': a flow "
			    "is named by letters, digits, '-' and '_'", name);
		return;
	}
	path = flow_dirs_file(dirs, name);
	rc = path ? flow_load(path, &f, &err) : -1;
	free(path);
	if (rc) {
		if (path)
			flow_release(&f);
		reply_error(rq, rp, "flows", 404, NULL, "no flow '%s' for "
			    "this index", name);
		return;
	}
	if (flow_connect(rq->db, &rq->srv->graph, &f, &r, &err)) {
		reply_error(rq, rp, "flows", 500, NULL, "%s", err.msg);
		flow_release(&f);
		return;
	}
	flow_legs(&f, &r, &legs);
	if (rq->json) {
		reply_json(rq, rp, "flows", &legs, 1);
	} else {
		strbuf_init(&body);
		strbuf_addstr(&body, "<h1>Flow ");
		html_add(&body, name);
		strbuf_addstr(&body, "</h1>\n<p>");
		html_add(&body, f.title);
		html_addf(&body, "</p>\n<p>%zu legs, %zu broken.</p>\n",
			  r.nr_legs, r.broken);
		html_legs(&body, &legs);
		diagram_init(&d);
		rc = diagram_from_flow(rq->db, &f, &r, NULL, 0, &d, &err);
		if (!rc)
			rc = serve_draw(rq, &d, &body, &err);
		if (rc)
			reply_error(rq, rp, "flows", 500, NULL, "%s",
				    err.msg);
		else
			reply_page(rq, rp, name, &body);
		diagram_release(&d);
		strbuf_release(&body);
	}
	result_release(&legs);
	flow_result_release(&r);
	flow_release(&f);
}

void page_flows(struct request *rq, struct reply *rp)
{
	const char *name = req_param(rq, "name");
	char **dirs = flow_dirs_find(rq->db, NULL);
	struct result t;
	struct strbuf body;

	if (name) {
		one_flow(rq, rp, dirs, name);
		flow_dirs_free(dirs);
		return;
	}
	list_flows(dirs, &t);
	if (rq->json) {
		reply_json(rq, rp, "flows", &t, 1);
	} else {
		strbuf_init(&body);
		strbuf_addstr(&body, "<h1>Flows</h1>\n<p>The documented flows "
				     "of this index's version, from <code>");
		html_add(&body, dirs[0]);
		strbuf_addstr(&body, "</code>:</p>\n");
		html_flow_list(&body, &t);
		reply_page(rq, rp, "flows", &body);
		strbuf_release(&body);
	}
	result_release(&t);
	flow_dirs_free(dirs);
}

/* ---- hooks ---- */

void page_hooks(struct request *rq, struct reply *rp)
{
	struct kcg_error err;
	struct result r;
	struct strbuf body, key;
	const char *family = req_param(rq, "family");
	const char *last_family = "", *last_hook = "";
	size_t row;

	if (lookup_hooks(rq->db, family, req_param(rq, "hook"), &r, &err)) {
		reply_error(rq, rp, "hooks", 500, NULL, "%s", err.msg);
		return;
	}
	if (rq->json) {
		reply_json(rq, rp, "hooks", &r, 1);
		result_release(&r);
		return;
	}
	strbuf_init(&body);
	strbuf_init(&key);
	strbuf_addstr(&body, "<h1>Netfilter hooks</h1>\n"
			     "<form action=\"/hooks\">\n");
	form_input(&body, "family", "family", family, 10);
	form_input(&body, "hook", "hook", req_param(rq, "hook"), 14);
	strbuf_addstr(&body, "<button>show</button></form>\n");
	if (!r.nr_rows)
		strbuf_addstr(&body, "<p class=\"note\">No hooks.</p>\n");
	for (row = 0; row < r.nr_rows; row++) {
		const char *fam = result_str(&r, row, "family");
		const char *hook = result_str(&r, row, "hook");
		const char *file = result_str(&r, row, "function_file");

		if (strcmp(fam ? fam : "", last_family) ||
		    strcmp(hook ? hook : "", last_hook)) {
			if (row)
				strbuf_addstr(&body, "</table>\n");
			strbuf_addstr(&body, "<h2>");
			html_add(&body, fam);
			strbuf_addch(&body, ' ');
			html_add(&body, hook);
			strbuf_addstr(&body, "</h2>\n<table>\n<tr><th>priority"
					     "</th><th>function</th><th>"
					     "entry</th></tr>\n");
			last_family = fam ? fam : "";
			last_hook = hook ? hook : "";
		}
		strbuf_reset(&key);
		strbuf_addstr(&key, result_str(&r, row, "function"));
		if (file)
			strbuf_addf(&key, "@%s", file);
		html_addf(&body, "<tr><td>%lld ",
			  (long long)result_int(&r, row, "priority"));
		html_add(&body, result_str(&r, row, "priority_name"));
		strbuf_addstr(&body, "</td><td>");
		html_fn_link(&body, key.buf, result_str(&r, row, "function"));
		strbuf_addstr(&body, "</td><td>");
		html_add(&body, result_str(&r, row, "entry_file"));
		html_addf(&body, ":%lld</td></tr>\n",
			  (long long)result_int(&r, row, "entry_line"));
	}
	if (r.nr_rows)
		strbuf_addstr(&body, "</table>\n");
	reply_page(rq, rp, "hooks", &body);
	strbuf_release(&key);
	strbuf_release(&body);
	result_release(&r);
}
