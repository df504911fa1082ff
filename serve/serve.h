/*
 * kcg serve: the call graph in a browser.  An HTTP server (GNU
 * libmicrohttpd, its thread pool serving requests in parallel) over one
 * index opened read-only, with pages to search names, look at a function
 * (its callers and callees by kind, indirect call sites, registrations,
 * source), draw its neighbourhood, find paths, check the documented
 * flows and list the netfilter hooks.  Every page is also JSON, in the
 * shapes of the commands' --json (docs/json.md).
 *
 * The layer above render/ and below cli/: nothing here prints; the
 * server is started and stopped by cli/cmd_serve.c, which reports.
 */
#ifndef KCG_SERVE_H
#define KCG_SERVE_H

#include "util/error.h"

struct serve_config {
	const char *db_path;	/* the index, opened read-only */
	const char *bind;	/* an IPv4 or IPv6 address to listen on */
	int port;		/* 0: any free port */
	int threads;		/* the thread pool (>= 1) */
	int max_nodes;		/* diagrams are cut to this many nodes */
	const char *web_dir;	/* NULL: serve_web_dir() */
};

struct server;

/*
 * Load the index's call graph and the web assets, and start listening.
 * Returns 0 with *out running, or -1 with a message.
 */
int serve_start(const struct serve_config *c, struct server **out,
		struct kcg_error *err);
/* The port the server listens on (the one chosen, for port 0). */
int serve_port(const struct server *s);
/* Stop listening, wait for the requests being served, free everything. */
void serve_stop(struct server *s);

/* Where the web assets (page.html, style.css, kcg.js) are:
 * PREFIX/share/kcg/web when installed (util/datadir.h).  Caller frees. */
char *serve_web_dir(void);

#endif
