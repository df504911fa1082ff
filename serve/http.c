/*
 * The HTTP side of kcg serve: libmicrohttpd's daemon with its thread
 * pool, each request checked (GET or HEAD, parameters bounded), given its
 * own read-only database connection, routed to its page, and answered.
 * Also the helpers every page uses: parameters, errors, naming a
 * function, JSON replies.  The web assets are a fixed list of files of
 * the web directory: no part of a URL becomes a file name here.
 */
#include "serve_int.h"

#include "db/db.h"
#include "queries/result_json.h"
#include "render/drawer.h"
#include "util/alloc.h"
#include "util/datadir.h"

#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

/* Longest URL (path and query string) accepted. */
#define MAX_URL 4096

char *serve_web_dir(void)
{
	return datadir_find("web", KCG_WEB_DIR);
}

const char *req_param(const struct request *rq, const char *key)
{
	int i;

	for (i = 0; i < rq->nr_params; i++)
		if (!strcmp(rq->params[i].key, key))
			return rq->params[i].value && *rq->params[i].value ?
				       rq->params[i].value : NULL;
	return NULL;
}

int req_int(struct request *rq, struct reply *rp, const char *key,
	    int min, int max, int def, int *out)
{
	const char *v = req_param(rq, key);
	char *end;
	long n;

	*out = def;
	if (!v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n < min || n > max) {
		reply_error(rq, rp, rq->path + 1, 400, NULL,
			    "'%s' must be a number from %d to %d", key, min,
			    max);
		return -1;
	}
	*out = (int)n;
	return 0;
}

void reply_json(struct request *rq, struct reply *rp, const char *command,
		const struct result *tables, size_t nr)
{
	size_t i;

	strbuf_reset(&rp->body);
	result_json_begin(&rp->body, command, rq->srv->db_path);
	for (i = 0; i < nr; i++)
		result_json_table(&rp->body, &tables[i], !i, NULL, NULL);
	result_json_end(&rp->body);
	rp->type = "application/json";
}

static const char *status_text(int status)
{
	switch (status) {
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 503:
		return "Service Unavailable";
	default:
		return "Internal Server Error";
	}
}

void reply_error(struct request *rq, struct reply *rp, const char *command,
		 int status, const struct result *extra, const char *fmt, ...)
{
	static const char *const cols[] = { "status", "message" };
	struct result t[2];
	struct strbuf msg, body;
	struct cell *c;
	char text[1024];
	va_list ap;
	size_t row;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	strbuf_init(&msg);
	strbuf_addstr(&msg, text);
	rp->status = status;
	if (rq->json) {
		result_init(&t[0], "error", cols, 2);
		c = result_add_row(&t[0]);
		cell_set_int(&c[0], status);
		cell_set_text(&c[1], msg.buf);
		if (extra)
			t[1] = *extra;
		reply_json(rq, rp, command, t, extra ? 2 : 1);
		result_release(&t[0]);
		strbuf_release(&msg);
		return;
	}
	strbuf_init(&body);
	html_addf(&body, "<h1>%d %s</h1>\n<p class=\"error\">", status,
		  status_text(status));
	html_add(&body, msg.buf);
	strbuf_addstr(&body, "</p>\n");
	if (extra && extra->nr_rows) {
		html_addf(&body, "<p>%s:</p>\n<ul>\n",
			  !strcmp(extra->name, "candidates") ?
				  "It names several functions" :
				  "The nearest names");
		for (row = 0; row < extra->nr_rows; row++) {
			const char *key = result_str(extra, row, "key");
			const char *file = result_str(extra, row, "file");

			strbuf_addstr(&body, "<li>");
			html_fn_link(&body, key ? key :
				     result_str(extra, row, "name"),
				     result_str(extra, row, "name"));
			if (file) {
				strbuf_addstr(&body, " <span class=\"file\">");
				html_add(&body, file);
				strbuf_addstr(&body, "</span>");
			}
			strbuf_addstr(&body, "</li>\n");
		}
		strbuf_addstr(&body, "</ul>\n");
	}
	reply_page(rq, rp, status_text(status), &body);
	rp->status = status;
	strbuf_release(&body);
	strbuf_release(&msg);
}

/* Table "suggestions" (name) of the names nearest to spec. */
static int suggestions(sqlite3 *db, const char *spec, struct result *out,
		       struct kcg_error *err)
{
	static const char *const cols[] = { "name" };
	char **names;
	int n, i;

	n = name_suggest(db, spec, 8, &names, err);
	if (n < 0)
		return -1;
	result_init(out, "suggestions", cols, 1);
	for (i = 0; names[i]; i++) {
		cell_set_text(&result_add_row(out)[0], names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* Table "candidates" (name, file, line, key) of an ambiguous name. */
static void candidates(const struct fn_list *l, struct result *out)
{
	static const char *const cols[] = { "name", "file", "line", "key" };
	struct strbuf key;
	size_t i;

	result_init(out, "candidates", cols, 4);
	strbuf_init(&key);
	for (i = 0; i < l->nr; i++) {
		struct cell *c = result_add_row(out);

		cell_set_text(&c[0], l->items[i].name);
		cell_set_text(&c[1], l->items[i].file);
		cell_set_int(&c[2], l->items[i].line);
		strbuf_reset(&key);
		strbuf_addstr(&key, l->items[i].name);
		if (l->items[i].file)
			strbuf_addf(&key, "@%s", l->items[i].file);
		cell_set_text(&c[3], key.buf);
	}
	strbuf_release(&key);
}

int req_function(struct request *rq, struct reply *rp, const char *command,
		 const char *key, struct fn_ref *fn)
{
	const char *spec = req_param(rq, key);
	struct kcg_error err;
	struct fn_list cands;
	struct result extra;
	int st;

	memset(fn, 0, sizeof(*fn));
	if (!spec) {
		reply_error(rq, rp, command, 400, NULL,
			    "give a function: '%s=NAME'", key);
		return -1;
	}
	fn_list_init(&cands);
	st = name_resolve(rq->db, spec, fn, &cands, &err);
	if (st == NAME_FOUND)
		return 0;
	if (st == NAME_AMBIGUOUS) {
		candidates(&cands, &extra);
		reply_error(rq, rp, command, 400, &extra,
			    "'%s' is ambiguous: name one as name@file", spec);
		result_release(&extra);
	} else if (st == NAME_UNKNOWN && !suggestions(rq->db, spec, &extra,
						      &err)) {
		reply_error(rq, rp, command, 404, &extra,
			    "no function '%s' in the index", spec);
		result_release(&extra);
	} else {
		reply_error(rq, rp, command, 500, NULL, "%s", err.msg);
	}
	fn_list_release(&cands);
	fn_ref_release(fn);
	return -1;
}

/* The web assets: URL, file of the web directory, content type. */
static const struct asset {
	const char *url, *file, *type;
} assets[] = {
	{ "/static/style.css", "style.css", "text/css; charset=utf-8" },
	{ "/static/kcg.js", "kcg.js", "text/javascript; charset=utf-8" },
};

static void page_asset(struct request *rq, struct reply *rp,
		       const struct asset *a)
{
	char *path = path_join_web(rq->srv, a->file);
	FILE *f = fopen(path, "rb");
	char buf[8192];
	size_t n;

	free(path);
	if (!f) {
		reply_error(rq, rp, "static", 404, NULL, "no asset '%s'",
			    a->file);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&rp->body, buf, n);
	fclose(f);
	rp->type = a->type;
}

static const struct route {
	const char *path;
	void (*page)(struct request *rq, struct reply *rp);
} routes[] = {
	{ "/", page_search },
	{ "/search", page_search },
	{ "/api/search", page_api_search },
	{ "/function", page_function },
	{ "/source", page_source },
	{ "/neighbourhood", page_neighbourhood },
	{ "/path", page_path },
	{ "/flows", page_flows },
	{ "/hooks", page_hooks },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What every request shares of the index db holds: the graph, the
 * meta; the old ones go once the new ones are in. */
static int load_index(struct server *s, sqlite3 *db, struct kcg_error *err)
{
	struct graph g;

	memset(&g, 0, sizeof(g));
	if (graph_load(db, GRAPH_OUT | GRAPH_IN, &g, err))
		return -1;
	graph_release(&s->graph);
	s->graph = g;
	free(s->csr_stamp);
	free(s->root);
	free(s->real_root);
	free(s->version);
	s->csr_stamp = db_meta_get(db, "csr_stamp");
	s->root = db_meta_get(db, "root");
	s->version = db_meta_get(db, "kernel_version");
	s->real_root = s->root ? realpath(s->root, NULL) : NULL;
	return 0;
}

/* Whether db (the database as a request opened it) is another index run
 * than the one loaded. */
static int index_changed(const struct server *s, sqlite3 *db)
{
	char *stamp = db_meta_get(db, "csr_stamp");
	int changed = !stamp != !s->csr_stamp ||
		      (stamp && strcmp(stamp, s->csr_stamp));

	free(stamp);
	return changed;
}

/*
 * Hold the read lock on the loaded index, loaded again from db first if
 * the database was indexed again since (kcg index replaces the file, so
 * a running server would pair its graph with another run's ids).
 */
static int follow_index(struct server *s, sqlite3 *db, struct kcg_error *err)
{
	int tries, rc;

	/* another request with another run's database open may load that
	 * one in between: look again, a few times */
	for (tries = 0; tries < 3; tries++) {
		pthread_rwlock_rdlock(&s->lock);
		if (!index_changed(s, db))
			return 0;
		pthread_rwlock_unlock(&s->lock);
		pthread_rwlock_wrlock(&s->lock);
		rc = index_changed(s, db) ? load_index(s, db, err) : 0;
		pthread_rwlock_unlock(&s->lock);
		if (rc)
			return -1;
	}
	return kcg_error_set(err, "'%s' was indexed again while this request "
				  "ran: ask again", s->db_path);
}

static void route(struct server *srv, struct request *rq, struct reply *rp)
{
	struct kcg_error err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(assets); i++)
		if (!strcmp(rq->path, assets[i].url)) {
			page_asset(rq, rp, &assets[i]);
			return;
		}
	for (i = 0; i < ARRAY_SIZE(routes); i++)
		if (!strcmp(rq->path, routes[i].path))
			break;
	if (i == ARRAY_SIZE(routes)) {
		reply_error(rq, rp, "serve", 404, NULL, "no page '%s'",
			    rq->path);
		return;
	}
	if (db_open_read(srv->db_path, &rq->db, &err) ||
	    follow_index(srv, rq->db, &err)) {
		reply_error(rq, rp, "serve", 500, NULL, "%s", err.msg);
		return;
	}
	routes[i].page(rq, rp);
	pthread_rwlock_unlock(&srv->lock);
}

/* Collecting the query parameters; too many or too long: a 400. */
struct collect {
	struct request *rq;
	size_t total;
	int bad;
};

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct collect *c = cls;
	struct request *rq = c->rq;

	(void)kind;
	c->total += strlen(key) + (value ? strlen(value) : 0);
	if (rq->nr_params == SERVE_MAX_PARAMS ||
	    (value && strlen(value) > SERVE_MAX_VALUE) || c->total > MAX_URL) {
		c->bad = 1;
		return MHD_NO;
	}
	rq->params[rq->nr_params].key = key;
	rq->params[rq->nr_params++].value = value;
	return MHD_YES;
}

/* Does the client ask for JSON? */
static int wants_json(struct MHD_Connection *conn, const struct request *rq)
{
	const char *accept = MHD_lookup_connection_value(
		conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	const char *format = req_param(rq, "format");

	if (format)
		return !strcmp(format, "json");
	return accept && strstr(accept, "application/json") &&
	       !strstr(accept, "text/html");
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static int first_call;
	struct server *srv = cls;
	struct MHD_Response *resp;
	struct request rq;
	struct reply rp;
	struct collect c;
	enum MHD_Result ret;
	size_t len;

	(void)version;
	(void)upload_data;
	if (!*con_cls) {	/* headers only so far: wait for the rest */
		*con_cls = &first_call;
		return MHD_YES;
	}
	*upload_data_size = 0;
	memset(&rq, 0, sizeof(rq));
	rq.srv = srv;
	rq.path = url;
	rp.status = 200;
	rp.type = "text/html; charset=utf-8";
	strbuf_init(&rp.body);
	memset(&c, 0, sizeof(c));
	c.rq = &rq;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param,
				  &c);
	rq.json = wants_json(conn, &rq);
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		reply_error(&rq, &rp, "serve", 405, NULL,
			    "only GET and HEAD are served");
	else if (c.bad || strlen(url) > MAX_URL)
		reply_error(&rq, &rp, "serve", 400, NULL,
			    "too many or too long parameters (at most %d, "
			    "each of %d bytes)", SERVE_MAX_PARAMS,
			    SERVE_MAX_VALUE);
	else
		route(srv, &rq, &rp);
	if (rq.db)
		sqlite3_close(rq.db);
	len = rp.body.len;
	resp = MHD_create_response_from_buffer(len, strbuf_detach(&rp.body),
					       MHD_RESPMEM_MUST_FREE);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rp.type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(conn, (unsigned)rp.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The address to listen on: IPv4 or IPv6, numeric. */
static int parse_bind(const char *bind, int port, struct sockaddr_storage *ss,
		      int *v6, struct kcg_error *err)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	*v6 = 0;
	if (inet_pton(AF_INET, bind, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, bind, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*v6 = 1;
		return 0;
	}
	return kcg_error_set(err, "cannot listen on '%s': not a numeric IPv4 "
			     "or IPv6 address", bind);
}

static char *read_text(const char *path, struct kcg_error *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[8192];
	size_t n;

	if (!f) {
		kcg_error_errno(err, "cannot read '%s'", path);
		return NULL;
	}
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

char *path_join_web(const struct server *s, const char *file)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/%s", s->web_dir, file);
	return strbuf_detach(&sb);
}

static void server_free(struct server *s)
{
	pthread_rwlock_destroy(&s->lock);
	graph_release(&s->graph);
	free(s->csr_stamp);
	free(s->db_path);
	free(s->web_dir);
	free(s->layout);
	free(s->root);
	free(s->real_root);
	free(s->version);
	free(s);
}

/* Read what every request shares: the graph, the meta, the layout. */
static int server_load(struct server *s, struct kcg_error *err)
{
	char *path;
	sqlite3 *db;
	int rc;

	if (db_open_read(s->db_path, &db, err))
		return -1;
	rc = load_index(s, db, err);
	sqlite3_close(db);
	if (rc)
		return -1;
	path = path_join_web(s, "page.html");
	s->layout = read_text(path, err);
	free(path);
	return s->layout ? 0 : -1;
}

int serve_start(const struct serve_config *c, struct server **out,
		struct kcg_error *err)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	int v6;

	*out = NULL;
	pthread_rwlock_init(&s->lock, NULL);
	s->config = *c;
	s->db_path = xstrdup(c->db_path);
	s->web_dir = c->web_dir ? xstrdup(c->web_dir) : serve_web_dir();
	if (parse_bind(c->bind, c->port, &ss, &v6, err) ||
	    render_drawer_start(SERVE_DRAWER_RECYCLE, err)) {
		server_free(s);
		return -1;
	}
	if (server_load(s, err)) {
		render_drawer_stop();
		server_free(s);
		return -1;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, (uint16_t)c->port, NULL, NULL, answer, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_END);
	if (!s->daemon) {
		kcg_error_errno(err, "cannot listen on %s port %d", c->bind,
				c->port);
		render_drawer_stop();
		server_free(s);
		return -1;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : c->port;
	*out = s;
	return 0;
}

int serve_port(const struct server *s)
{
	return s->port;
}

void serve_stop(struct server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	render_drawer_stop();
	server_free(s);
}
