/*
 * What the parts of the server share: the server (the index's graph,
 * loaded once and read by every thread), one request (its parameters,
 * whether it wants JSON, its own read-only database connection) and its
 * reply.  http.c turns libmicrohttpd's requests into these; the pages
 * (pages_*.c) fill the reply; html.c helps them write HTML.
 */
#ifndef KCG_SERVE_INT_H
#define KCG_SERVE_INT_H

#include "serve.h"

#include "queries/graph.h"
#include "queries/names.h"
#include "queries/result.h"
#include "util/strbuf.h"

#include <pthread.h>
#include <sqlite3.h>

/* Bounds on what one request may ask. */
#define SERVE_MAX_PARAMS 16
#define SERVE_MAX_VALUE 512	/* bytes of one parameter */
#define SERVE_MAX_K 10		/* paths */
#define SERVE_MAX_DEPTH 4	/* levels of a neighbourhood */
#define SERVE_MAX_TREE_ROWS 5000
#define SERVE_PATH_SECONDS 2.0	/* the k-paths search stops after this */
#define SERVE_SOURCE_LINES 150	/* lines of a definition shown */
/* Graphviz keeps memory of every layout: its process is replaced after
 * this many (render/drawer.c). */
#define SERVE_DRAWER_RECYCLE 200

struct server {
	struct serve_config config;
	char *db_path;
	char *web_dir;
	char *layout;		/* web/page.html */
	char *root;		/* meta root: the tree the index was made of */
	char *real_root;	/* root with symlinks resolved, or NULL */
	char *version;		/* meta kernel_version, or NULL */
	/* The index as last loaded: a request that finds the database's
	 * csr_stamp changed (re-indexed since) loads it again first, under
	 * the write lock; requests hold the read lock while they run. */
	pthread_rwlock_t lock;
	char *csr_stamp;	/* meta csr_stamp of the loaded graph */
	struct graph graph;	/* both directions, shared read-only */
	void *daemon;		/* struct MHD_Daemon */
	int port;
};

struct param {
	const char *key, *value;
};

struct request {
	const struct server *srv;
	const char *path;		/* "/function" */
	struct param params[SERVE_MAX_PARAMS];
	int nr_params;
	int json;			/* reply in JSON */
	sqlite3 *db;			/* this request's own connection */
};

struct reply {
	int status;
	const char *type;		/* content type */
	struct strbuf body;
};

/* The value of parameter key, or NULL (an empty value counts as none). */
const char *req_param(const struct request *rq, const char *key);
/*
 * Parameter key as an integer in [min, max], def when absent; -1 with a
 * 400 reply when it is not one.
 */
int req_int(struct request *rq, struct reply *rp, const char *key,
	    int min, int max, int def, int *out);

/* The pages: each fills rp (status 200 or an error page). */
void page_search(struct request *rq, struct reply *rp);
void page_api_search(struct request *rq, struct reply *rp);
void page_function(struct request *rq, struct reply *rp);
void page_source(struct request *rq, struct reply *rp);
void page_neighbourhood(struct request *rq, struct reply *rp);
void page_path(struct request *rq, struct reply *rp);
void page_flows(struct request *rq, struct reply *rp);
void page_hooks(struct request *rq, struct reply *rp);

/*
 * Errors: status with a message, as a page or as JSON ({"kcg": 1,
 * "command": C, "database": D, "tables": {"error": [{"status",
 * "message"}], ...}}), with extra (may be NULL) as one more table
 * (the nearest names, the candidates of an ambiguous name).
 */
void reply_error(struct request *rq, struct reply *rp, const char *command,
		 int status, const struct result *extra, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Find the function of parameter key: 0 and *fn, or -1 with the reply
 * made (400 when missing or ambiguous, with the candidates; 404 with the
 * nearest names; 500 on a database error).
 */
int req_function(struct request *rq, struct reply *rp, const char *command,
		 const char *key, struct fn_ref *fn);

/* JSON replies: the tables in the --json envelope of command. */
void reply_json(struct request *rq, struct reply *rp, const char *command,
		const struct result *tables, size_t nr);

/* The file `file` of the web directory; newly allocated. */
char *path_join_web(const struct server *s, const char *file);

/*
 * Link every function node of d to its function page, cut d to the
 * server's --max-nodes and draw it as inline SVG into body (pages.c).
 */
struct diagram;
int serve_draw(struct request *rq, struct diagram *d, struct strbuf *body,
	       struct kcg_error *err);

/* html.c */
/* Append s with &, <, >, " and ' escaped. */
void html_add(struct strbuf *sb, const char *s);
void html_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s percent-encoded for a query string. */
void url_add(struct strbuf *sb, const char *s);
/* Append <a href="/function?name=KEY">TEXT</a>. */
void html_fn_link(struct strbuf *sb, const char *key, const char *text);
/*
 * Wrap body into the layout (web/page.html: {{title}}, {{body}}) as the
 * reply, 200 text/html.
 */
void reply_page(const struct request *rq, struct reply *rp,
		const char *title, const struct strbuf *body);
/* An SVG drawn by Graphviz, its XML prologue dropped, for inline use. */
void html_add_svg(struct strbuf *sb, const char *svg);

#endif
